"""Keeps ``benchmarks/bench_local.py`` working: a tiny run (no LocalStack), the report's shape,
the side-by-side table from recorded LocalStack runs. No timing is asserted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from benchmarks import bench_local

SUMMARY_KEYS = {"median", "p90", "min", "max", "count"}


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    # GIVEN one fresh process of each kind, a dozen requests, two further stacks, no LocalStack
    return bench_local.run_benchmark(reps=1, requests=12, further=2, localstack_reps=0)


def _is_summary(value: Mapping[str, Any]) -> bool:
    return set(value) == SUMMARY_KEYS and value["min"] <= value["median"] <= value["max"]


def test_report_has_every_measurement(report: dict[str, Any]) -> None:
    ready = report["ready_template"]
    for key in ("import_s", "first_ready_s", "ready_s", "ready_cpu_s", "further_s", "process_s"):
        assert _is_summary(ready[key]), key
    assert ready["further_s"]["count"] == 2
    assert report["requests_ms"]["count"] == 12
    assert _is_summary(report["requests_ms"])
    stack = report["ready_stack"]
    for key in ("cdk_import_s", "build_s", "import_s", "ready_s", "further_s"):
        assert _is_summary(stack[key]), key
    assert set(report["end_to_end"]) == {"local_api"}
    assert report["end_to_end"]["local_api"]["process_s"]["count"] == 1
    assert report["runs"]["e2e_localstack"] == []
    assert {"moto", "boto3", "python", "date"} <= set(report["machine"])


def test_report_names_every_target_without_localstack(report: dict[str, Any]) -> None:
    targets = report["targets"]
    assert all(set(t) == {"target", "measured", "pass"} for t in targets)
    assert len(targets) == 5  # ready and further, for a template and for a stack; request
    assert not any("LocalStack" in t["target"] for t in targets)


def test_markdown_shows_the_local_api_table(report: dict[str, Any]) -> None:
    table = bench_local.markdown(report)
    assert "| **ready** (the two above) |" in table
    assert "`LocalApi(stack)` ready" in table
    assert "LocalStack (start" not in table
    assert table.count("| PASS |") + table.count("| FAIL |") == 5


def test_side_by_side_with_localstack_runs(report: dict[str, Any]) -> None:
    # GIVEN the LocalApi runs above and two recorded LocalStack runs
    localstack = [
        {
            "start_s": start,
            "deploy_s": 20.0,
            "requests_s": 1.0,
            "request_ms": [100.0, 50.0],
            "total_s": start + 21.0,
            "cpu_s": 30.0,
            "stop_s": 10.0,
        }
        for start in (3.0, 5.0)
    ]
    runs = report["runs"]
    # WHEN they are aggregated
    rows = bench_local._aggregate(runs["ready"], runs["stack"], runs["e2e_local_api"], localstack)
    # THEN the speedup is LocalStack's median total over LocalApi's median in-process time,
    # and with both teardowns, LocalStack until stopped over the whole LocalApi process
    e2e = rows["end_to_end"]
    assert e2e["localstack"]["total_s"]["median"] == 25.0
    assert e2e["speedup"] == pytest.approx(25.0 / e2e["local_api"]["in_process_s"]["median"])
    assert e2e["speedup_whole_process"] == pytest.approx(
        35.0 / e2e["local_api"]["process_s"]["median"]
    )
    assert e2e["cpu_speedup"] == pytest.approx(30.0 / e2e["local_api"]["cpu_s"]["median"])
    assert rows["targets"][-1]["target"].startswith("end to end faster than LocalStack")
    table = bench_local.markdown({**report, **rows})
    assert "| LocalStack (start, CloudFormation deploy, requests; teardown: stop) | 2 |" in table
    assert "faster end to end" in table


def test_fails_when_localstack_port_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_local, "port_in_use", lambda *a, **k: True)
    with pytest.raises(RuntimeError, match="4566"):
        bench_local.run_benchmark(reps=1, requests=1, further=1, localstack_reps=1)


def test_quantile_interpolates() -> None:
    assert bench_local._quantile([5.0], 0.9) == 5.0
    assert bench_local._quantile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert bench_local._quantile([0.0, 10.0], 0.9) == pytest.approx(9.0)
