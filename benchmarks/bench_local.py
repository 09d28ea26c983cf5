"""``LocalApi``: how fast it is ready, how fast it answers, and the example's scenario end to
end against the same scenario on LocalStack, side by side in one run.

Run from the repository root::

    python -m benchmarks.bench_local                  # 5 processes, 300 requests, LocalStack x3
    python -m benchmarks.bench_local --no-localstack  # LocalApi only
    python -m benchmarks.bench_local --quick          # 1 process, 30 requests; writes nothing
    python -m benchmarks.bench_local --reps 9 --requests 600 --localstack-reps 5

What is measured (every LocalApi measurement in a fresh interpreter, ``--worker``):

- ready, template: ``from constructs_pkg.testing import LocalApi`` then ``LocalApi(path)``
  entered, on ``ProfilesApi``'s synthesized template; the first import of the backend (moto,
  boto3) is part of it. Then ``LocalApi`` on further templates in the same process
  (``ProfilesApiParity`` and ``ProfilesApi`` in turn), each timed until entered.
- ready, stack: the same with the ``cdk.Stack`` object of app.py (``LocalApi(stack)``
  synthesizes its app); ``import aws_cdk`` and building the stack are not part of it (a test
  that has a stack has paid them), the synthesis is. Each further stack is a new ``App``.
- requests: the example's scenario (three POSTs, GET the list, GET jane, GET a missing
  profile: 404) repeated until ``--requests`` requests, each timed; median and p90.
- end to end: a fresh process that imports ``LocalApi``, makes it ready on the template and runs
  the scenario once, against LocalStack started, ``ProfilesApi`` deployed with CloudFormation
  and the scenario run (its install cached: ``tools/emulator/setup.sh`` runs first, untimed).
  The ratio compares like with like, no teardown on either side; the table also shows each
  side with its teardown (the interpreter's exit; stopping LocalStack). Both sides use the
  same template, synthesized once at the start of the run. The two alternate.

Every answer's status is checked: a benchmark of wrong answers is no benchmark. Targets are
reported (PASS/FAIL), never asserted. Results: ``benchmarks/results/local.json`` and
``local.md`` (the table, also printed).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.bench_synth import _compile_package, _cpu_s, _descendants, _env, _machine

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
EMULATOR_DIR = ROOT / "tools" / "emulator"

STACK = "ProfilesApi"
FURTHER_STACKS = ("ProfilesApiParity", "ProfilesApi")
"""The templates of the further ``LocalApi`` instances of one process, in turn."""
STAGE = "test"

#: the boto3 example's scenario on ProfilesApi, plus an error: (method, path, body, status)
SCENARIO: tuple[tuple[str, str, dict[str, str] | None, int], ...] = (
    (
        "POST",
        "/profiles",
        {"username": "will", "name": "William Shakespeare", "title": "playwright"},
        200,
    ),
    (
        "POST",
        "/profiles",
        {"username": "ludwig", "name": "Ludwig van Beethoven", "title": "composer"},
        200,
    ),
    ("POST", "/profiles", {"username": "jane", "name": "Jane Austen", "title": "author"}, 200),
    ("GET", "/profiles", None, 200),
    ("GET", "/profiles/jane", None, 200),
    ("GET", "/profiles/nobody-has-this-name", None, 404),
)

# targets of the issue
TARGET_READY_S = 1.5
TARGET_FURTHER_S = 0.3
TARGET_MEDIAN_MS = 10.0
TARGET_SPEEDUP = 10.0

DEFAULT_REPS = 5
DEFAULT_REQUESTS = 300
DEFAULT_FURTHER = 4
DEFAULT_LOCALSTACK_REPS = 3


# --------------------------------------------------------------------------- worker side


def _check(method: str, path: str, status: int, expected: int, text: str) -> None:
    if status != expected:
        raise RuntimeError(f"{method} {path} answered {status}, expected {expected}: {text[:300]}")


def _run_scenario_locally(api: Any, count: int) -> list[float]:
    """``count`` requests of the scenario (in turn) through ``api``; each one's milliseconds."""
    times: list[float] = []
    for i in range(count):
        method, path, body, expected = SCENARIO[i % len(SCENARIO)]
        started = time.perf_counter()
        response = api.request(method, path, json=body)
        times.append((time.perf_counter() - started) * 1000)
        _check(method, path, response.status_code, expected, response.text)
    return times


def _rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ready_worker(templates: Mapping[str, str], further: int, requests: int) -> dict[str, Any]:
    """Fresh process, templates as files: import, first ready, further ready, requests."""
    started, cpu_started = time.perf_counter(), time.process_time()
    from constructs_pkg.testing import LocalApi

    imported = time.perf_counter()
    api = LocalApi(templates[STACK])
    api.__enter__()
    ready, cpu_ready = time.perf_counter(), time.process_time()
    first_request_ms = _run_scenario_locally(api, 1)[0]
    api.__exit__(None, None, None)

    further_s: list[float] = []
    for i in range(further):
        began = time.perf_counter()
        with LocalApi(templates[FURTHER_STACKS[i % len(FURTHER_STACKS)]]) as other:
            further_s.append(time.perf_counter() - began)
            _run_scenario_locally(other, 1)  # it answers (and nothing is deferred past ready)

    with LocalApi(templates[STACK]) as api:
        request_ms = _run_scenario_locally(api, requests)
    return {
        "kind": "template",
        "import_s": imported - started,
        "first_ready_s": ready - imported,
        "ready_s": ready - started,
        "ready_cpu_s": cpu_ready - cpu_started,
        "first_request_ms": first_request_ms,
        "further_s": further_s,
        "request_ms": request_ms,
        "py_rss_mib": _rss_mib(),
    }


def _stack_worker(further: int) -> dict[str, Any]:
    """Fresh process, ``cdk.Stack`` objects: ``LocalApi(stack)`` synthesizes their app."""
    started = time.perf_counter()
    import aws_cdk as cdk

    sys.path.insert(0, str(ROOT))
    from app import build_app

    cdk_imported = time.perf_counter()
    app = build_app(cdk.App(outdir=tempfile.mkdtemp(prefix="bench-local-app-")))
    stack = app.node.find_child(STACK)
    built = time.perf_counter()
    from constructs_pkg.testing import LocalApi

    imported = time.perf_counter()
    api = LocalApi(stack)
    api.__enter__()
    ready = time.perf_counter()
    _run_scenario_locally(api, len(SCENARIO))
    api.__exit__(None, None, None)

    further_s: list[float] = []
    further_build_s: list[float] = []
    for i in range(further):
        began = time.perf_counter()
        other_app = build_app(cdk.App(outdir=tempfile.mkdtemp(prefix="bench-local-app-")))
        other_stack = other_app.node.find_child(FURTHER_STACKS[i % len(FURTHER_STACKS)])
        made = time.perf_counter()
        with LocalApi(other_stack) as other:
            further_s.append(time.perf_counter() - made)
            further_build_s.append(made - began)
            _run_scenario_locally(other, 1)
    return {
        "kind": "stack",
        "cdk_import_s": cdk_imported - started,
        "build_s": built - cdk_imported,
        "import_s": imported - built,
        "first_ready_s": ready - imported,
        "ready_s": ready - built,
        "further_s": further_s,
        "further_build_s": further_build_s,
        "py_rss_mib": _rss_mib(),
    }


def _e2e_worker(template: str) -> dict[str, Any]:
    """Fresh process: import, ready, the scenario once, closed."""
    started, cpu_started = time.perf_counter(), time.process_time()
    from constructs_pkg.testing import LocalApi

    imported = time.perf_counter()
    with LocalApi(template) as api:
        ready = time.perf_counter()
        request_ms = _run_scenario_locally(api, len(SCENARIO))
    done, cpu_done = time.perf_counter(), time.process_time()
    return {
        "kind": "e2e",
        "import_s": imported - started,
        "ready_s": ready - imported,
        "requests_s": sum(request_ms) / 1000,
        "in_process_s": done - started,
        "cpu_s": cpu_done - cpu_started,
    }


# --------------------------------------------------------------------------- driver side


def _worker_cmd(kind: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.bench_local", "--worker", kind, *args]


def _measure(kind: str, *args: str) -> dict[str, Any]:
    """One worker in a fresh interpreter; ``process_s`` is the whole process."""
    with tempfile.TemporaryDirectory(prefix="bench-local-run-") as tmp:
        out = Path(tmp) / "run.json"
        started = time.perf_counter()
        proc = subprocess.run(
            [*_worker_cmd(kind, *args), "--out", str(out)],
            cwd=ROOT,
            env=_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"worker {kind} failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}"
            )
        data: dict[str, Any] = json.loads(out.read_text())
    data["process_s"] = wall
    return data


def _emulator() -> Any:
    if str(EMULATOR_DIR) not in sys.path:
        sys.path.insert(0, str(EMULATOR_DIR))
    import emulator

    return emulator


def synth_templates(outdir: Path) -> dict[str, str]:
    """app.py synthesized as ``cdk synth`` does; ``{stack name: template file}``."""
    emulator = _emulator()
    names = emulator.synth(ROOT / "app.py", outdir=outdir)
    files = {name: str(outdir / f"{name}.template.json") for name in names}
    missing = [f for f in files.values() if not Path(f).exists()]
    if missing or STACK not in files:
        raise RuntimeError(f"synthesizing app.py gave {sorted(files)}; missing files {missing}")
    return files


def port_in_use(host: str = "127.0.0.1", port: int = 4566) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _localstack_e2e(template_file: str) -> dict[str, Any]:
    """LocalStack started, ``ProfilesApi`` deployed, the scenario run; stopped (timed apart)."""
    emulator = _emulator()
    template = json.loads(Path(template_file).read_text())
    cpu_started = _cpu_s(_descendants())  # this process (its boto3 calls) and LocalStack's tree
    started = time.perf_counter()
    handle = emulator.start()
    try:
        up = time.perf_counter()
        outputs = emulator.deploy(STACK, template)
        deployed = time.perf_counter()
        api_id = outputs.get("RestApiId") or emulator.rest_api_id(STACK)
        request_ms: list[float] = []
        for method, path, body, expected in SCENARIO:
            began = time.perf_counter()
            response = emulator.invoke(api_id, STAGE, path, method, body)
            request_ms.append((time.perf_counter() - began) * 1000)
            _check(method, path, response.status, expected, response.body)
        done = time.perf_counter()
        cpu_done = _cpu_s(_descendants())
    finally:
        stop_began = time.perf_counter()
        emulator.stop(handle)
        stopped = time.perf_counter()
    return {
        "kind": "localstack",
        "start_s": up - started,
        "deploy_s": deployed - up,
        "requests_s": done - deployed,
        "request_ms": request_ms,
        "total_s": done - started,
        "cpu_s": cpu_done - cpu_started,
        "stop_s": stopped - stop_began,
    }


def _quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, linearly interpolated."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "p90": _quantile(values, 0.9),
        "min": min(values),
        "max": max(values),
        "count": len(values),
    }


@contextmanager
def _progress(label: str) -> Iterator[None]:
    started = time.perf_counter()
    print(f"  {label} ...", file=sys.stderr, flush=True)
    yield
    print(f"  {label}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def run_benchmark(
    *,
    reps: int = DEFAULT_REPS,
    requests: int = DEFAULT_REQUESTS,
    further: int = DEFAULT_FURTHER,
    localstack_reps: int = DEFAULT_LOCALSTACK_REPS,
    with_stack: bool = True,
) -> dict[str, Any]:
    """Measure everything; return the report (machine, rows, end to end, targets, raw runs)."""
    if localstack_reps and port_in_use():
        raise RuntimeError(
            "something listens on 127.0.0.1:4566 (another LocalStack?): only one may run on "
            "this machine; stop it first or pass --no-localstack"
        )
    load_before = os.getloadavg()
    report: dict[str, Any] = {
        "params": {
            "reps": reps,
            "requests": requests,
            "further": further,
            "localstack_reps": localstack_reps,
            "with_stack": with_stack,
            "stack": STACK,
            "further_stacks": list(FURTHER_STACKS),
            "scenario": [f"{m} {p} -> {s}" for m, p, _, s in SCENARIO],
        },
    }
    with tempfile.TemporaryDirectory(prefix="bench-local-cdkout-") as outdir:
        with _progress("synthesizing app.py once (both sides use its templates)"):
            began = time.perf_counter()
            templates = synth_templates(Path(outdir))
            report["synth_s"] = time.perf_counter() - began
        template_args = [f"{name}={path}" for name, path in templates.items()]

        ready_runs: list[dict[str, Any]] = []
        stack_runs: list[dict[str, Any]] = []
        for rep in range(reps):
            with _progress(f"[{rep + 1}/{reps}] LocalApi ready + {requests} requests"):
                ready_runs.append(_measure("ready", str(further), str(requests), *template_args))
            if with_stack:
                with _progress(f"[{rep + 1}/{reps}] LocalApi(cdk.Stack) ready"):
                    stack_runs.append(_measure("stack", str(further)))

        e2e_local: list[dict[str, Any]] = []
        e2e_localstack: list[dict[str, Any]] = []
        if localstack_reps:
            with _progress("LocalStack setup (cached install; not timed)"):
                report["localstack_setup_s"] = _emulator().setup(echo=False)
        # alternate: LocalApi first in even rounds, LocalStack first in odd ones
        for rep in range(max(reps, localstack_reps)):
            order = ("local", "localstack") if rep % 2 == 0 else ("localstack", "local")
            for side in order:
                if side == "local" and rep < reps:
                    with _progress(f"[{rep + 1}] end to end through LocalApi"):
                        e2e_local.append(_measure("e2e", templates[STACK]))
                elif side == "localstack" and rep < localstack_reps:
                    with _progress(f"[{rep + 1}] end to end on LocalStack"):
                        e2e_localstack.append(_localstack_e2e(templates[STACK]))

    report.update(
        _aggregate(ready_runs, stack_runs, e2e_local, e2e_localstack),
    )
    machine = _machine()
    machine["loadavg"] = (
        f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after (1-min average)"
    )
    for name in ("moto", "boto3"):
        machine[name] = _version(name)
    if localstack_reps:
        machine["localstack"] = _localstack_version()
    report["machine"] = machine
    report["runs"] = {
        "ready": ready_runs,
        "stack": stack_runs,
        "e2e_local_api": e2e_local,
        "e2e_localstack": e2e_localstack,
    }
    return report


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def _localstack_version() -> str:
    emulator = _emulator()
    proc = subprocess.run(
        [
            str(emulator.VENV_PYTHON),
            "-c",
            "from importlib.metadata import version; print(version('localstack-core'))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() or "unknown"


def _aggregate(
    ready_runs: Sequence[Mapping[str, Any]],
    stack_runs: Sequence[Mapping[str, Any]],
    e2e_local: Sequence[Mapping[str, Any]],
    e2e_localstack: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """Medians over the runs, the side-by-side comparison and the targets."""
    rows: dict[str, Any] = {
        "ready_template": {
            "import_s": _summary([r["import_s"] for r in ready_runs]),
            "first_ready_s": _summary([r["first_ready_s"] for r in ready_runs]),
            "ready_s": _summary([r["ready_s"] for r in ready_runs]),
            "ready_cpu_s": _summary([r["ready_cpu_s"] for r in ready_runs]),
            "first_request_ms": _summary([r["first_request_ms"] for r in ready_runs]),
            "further_s": _summary([s for r in ready_runs for s in r["further_s"]]),
            "process_s": _summary([r["process_s"] for r in ready_runs]),
            "py_rss_mib": _summary([r["py_rss_mib"] for r in ready_runs]),
        },
        "requests_ms": _summary([ms for r in ready_runs for ms in r["request_ms"]]),
    }
    if stack_runs:
        rows["ready_stack"] = {
            "cdk_import_s": _summary([r["cdk_import_s"] for r in stack_runs]),
            "build_s": _summary([r["build_s"] for r in stack_runs]),
            "import_s": _summary([r["import_s"] for r in stack_runs]),
            "first_ready_s": _summary([r["first_ready_s"] for r in stack_runs]),
            "ready_s": _summary([r["ready_s"] for r in stack_runs]),
            "further_s": _summary([s for r in stack_runs for s in r["further_s"]]),
            "further_build_s": _summary([s for r in stack_runs for s in r["further_build_s"]]),
        }
    end_to_end: dict[str, Any] = {
        "local_api": {
            "process_s": _summary([r["process_s"] for r in e2e_local]),
            "import_s": _summary([r["import_s"] for r in e2e_local]),
            "ready_s": _summary([r["ready_s"] for r in e2e_local]),
            "requests_s": _summary([r["requests_s"] for r in e2e_local]),
            "in_process_s": _summary([r["in_process_s"] for r in e2e_local]),
            "cpu_s": _summary([r["cpu_s"] for r in e2e_local]),
        }
    }
    if e2e_localstack:
        end_to_end["localstack"] = {
            key: _summary([r[key] for r in e2e_localstack])
            for key in ("start_s", "deploy_s", "requests_s", "total_s", "cpu_s", "stop_s")
        }
        end_to_end["localstack"]["request_ms"] = _summary(
            [ms for r in e2e_localstack for ms in r["request_ms"]]
        )
        end_to_end["localstack"]["with_stop_s"] = _summary(
            [r["total_s"] + r["stop_s"] for r in e2e_localstack]
        )
        # like for like: neither side's teardown (LocalStack's stop, the interpreter's exit)
        end_to_end["speedup"] = (
            end_to_end["localstack"]["total_s"]["median"]
            / end_to_end["local_api"]["in_process_s"]["median"]
        )
        # CPU seconds (this process and its children): what other load on the machine barely moves
        end_to_end["cpu_speedup"] = (
            end_to_end["localstack"]["cpu_s"]["median"] / end_to_end["local_api"]["cpu_s"]["median"]
        )
        # both sides' teardown counted: the whole LocalApi process, LocalStack until stopped
        end_to_end["speedup_whole_process"] = (
            end_to_end["localstack"]["with_stop_s"]["median"]
            / end_to_end["local_api"]["process_s"]["median"]
        )
    rows["end_to_end"] = end_to_end
    rows["targets"] = _targets(rows)
    return rows


def _target(label: str, measured: float, limit: float, unit: str, *, at_least: bool = False) -> Any:
    ok = measured >= limit if at_least else measured <= limit
    return {
        "target": f"{label} {'>=' if at_least else '<='} {limit:g}{unit}",
        "measured": f"{measured:.3g}{unit}",
        "pass": ok,
    }


def _targets(rows: Mapping[str, Any]) -> list[dict[str, Any]]:
    ready = rows["ready_template"]
    targets = [
        _target(
            "ready in a fresh process, template file (import of LocalApi and its backend included)",
            ready["ready_s"]["median"],
            TARGET_READY_S,
            " s",
        ),
        _target(
            "ready for each further template in the same process",
            ready["further_s"]["median"],
            TARGET_FURTHER_S,
            " s",
        ),
    ]
    if "ready_stack" in rows:
        stack = rows["ready_stack"]
        targets += [
            _target(
                "LocalApi(stack) ready in a fresh process (import and synthesis included)",
                stack["ready_s"]["median"],
                TARGET_READY_S,
                " s",
            ),
            _target(
                "LocalApi(stack) ready for each further stack (synthesis included)",
                stack["further_s"]["median"],
                TARGET_FURTHER_S,
                " s",
            ),
        ]
    targets.append(
        _target("median request", rows["requests_ms"]["median"], TARGET_MEDIAN_MS, " ms")
    )
    e2e = rows["end_to_end"]
    if "speedup" in e2e:
        targets.append(
            _target(
                "end to end faster than LocalStack (install cached)",
                e2e["speedup"],
                TARGET_SPEEDUP,
                "x",
                at_least=True,
            )
        )
    return targets


def markdown(report: Mapping[str, Any]) -> str:
    """The report as markdown: machine, LocalApi, side by side, targets."""
    m, p = report["machine"], report["params"]
    ready, req = report["ready_template"], report["requests_ms"]

    def ms(summary: Mapping[str, float]) -> str:
        return f"{summary['median'] * 1e3:.0f}"

    lines = [
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores), Python {m['python']}, "
        f"moto {m['moto']}, boto3 {m['boto3']}"
        + (f", LocalStack {m['localstack']}" if "localstack" in m else "")
        + f"; load {m['loadavg']}. {p['reps']} fresh processes; medians (p90 where shown). "
        f"app.py synthesized once in {report['synth_s']:.1f} s (not counted on either side).",
        "",
        "| LocalApi | median ms | p90 ms |",
        "|---|---:|---:|",
        f"| import `constructs_pkg.testing` (fresh process) | {ms(ready['import_s'])} "
        f"| {ready['import_s']['p90'] * 1e3:.0f} |",
        f"| `LocalApi(template file)` entered, first in the process "
        f"| {ms(ready['first_ready_s'])} | {ready['first_ready_s']['p90'] * 1e3:.0f} |",
        f"| **ready** (the two above) | **{ms(ready['ready_s'])}** "
        f"| {ready['ready_s']['p90'] * 1e3:.0f} |",
        f"| ready, CPU time of the process | {ms(ready['ready_cpu_s'])} "
        f"| {ready['ready_cpu_s']['p90'] * 1e3:.0f} |",
        f"| first request | {ready['first_request_ms']['median']:.1f} "
        f"| {ready['first_request_ms']['p90']:.1f} |",
        f"| **each further template** ({', '.join(p['further_stacks'])} in turn, "
        f"{ready['further_s']['count']} in all) | **{ms(ready['further_s'])}** "
        f"| {ready['further_s']['p90'] * 1e3:.0f} |",
        f"| **request** ({req['count']} requests of the scenario) | **{req['median']:.2f}** "
        f"| {req['p90']:.2f} |",
    ]
    if "ready_stack" in report:
        s = report["ready_stack"]
        lines += [
            f"| `import aws_cdk` + jsii start (not counted) | {ms(s['cdk_import_s'])} "
            f"| {s['cdk_import_s']['p90'] * 1e3:.0f} |",
            f"| building app.py's stacks (not counted) | {ms(s['build_s'])} "
            f"| {s['build_s']['p90'] * 1e3:.0f} |",
            f"| import `constructs_pkg.testing` (aws_cdk already loaded) | {ms(s['import_s'])} "
            f"| {s['import_s']['p90'] * 1e3:.0f} |",
            f"| `LocalApi(stack)` entered (synthesis of the app included) "
            f"| {ms(s['first_ready_s'])} | {s['first_ready_s']['p90'] * 1e3:.0f} |",
            f"| **`LocalApi(stack)` ready** (the two above) "
            f"| **{ms(s['ready_s'])}** | {s['ready_s']['p90'] * 1e3:.0f} |",
            f"| **each further `LocalApi(stack)`** (a new App; synthesis included) "
            f"| **{ms(s['further_s'])}** | {s['further_s']['p90'] * 1e3:.0f} |",
        ]
    lines.append(
        f"| Python peak RSS, MiB | {ready['py_rss_mib']['median']:.0f} "
        f"| {ready['py_rss_mib']['p90']:.0f} |"
    )
    e2e = report["end_to_end"]
    local = e2e["local_api"]
    lines += [
        "",
        f"End to end, the scenario ({len(p['scenario'])} requests: "
        + "; ".join(p["scenario"])
        + "):",
        "",
        "| side | runs | start / import s | deploy / ready s | requests s | total s "
        "| with teardown s | CPU s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| LocalApi (a fresh process; teardown: the interpreter's exit) "
        f"| {local['process_s']['count']} "
        f"| {local['import_s']['median']:.2f} | {local['ready_s']['median']:.2f} "
        f"| {local['requests_s']['median']:.3f} | **{local['in_process_s']['median']:.2f}** "
        f"| {local['process_s']['median']:.2f} | {local['cpu_s']['median']:.2f} |",
    ]
    if "localstack" in e2e:
        ls = e2e["localstack"]
        lines += [
            f"| LocalStack (start, CloudFormation deploy, requests; teardown: stop) "
            f"| {ls['total_s']['count']} "
            f"| {ls['start_s']['median']:.2f} | {ls['deploy_s']['median']:.2f} "
            f"| {ls['requests_s']['median']:.3f} | **{ls['total_s']['median']:.2f}** "
            f"| {ls['with_stop_s']['median']:.2f} | {ls['cpu_s']['median']:.2f} |",
            "",
            f"LocalApi is **{e2e['speedup']:.1f}x** faster end to end (medians of total; "
            f"{e2e['speedup_whole_process']:.1f}x with both teardowns; "
            f"{e2e['cpu_speedup']:.1f}x in CPU time). LocalStack's median "
            f"request {ls['request_ms']['median']:.0f} ms.",
        ]
    lines += ["", "| target | measured | result |", "|---|---|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['target']} | {t['measured']} | {'PASS' if t['pass'] else 'FAIL'} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- command line


def _worker_main(kind: str, args: Sequence[str], out: Path) -> None:
    if kind == "ready":
        further, requests, *pairs = args
        templates = dict(pair.split("=", 1) for pair in pairs)
        result = _ready_worker(templates, int(further), int(requests))
    elif kind == "stack":
        result = _stack_worker(int(args[0]))
    elif kind == "e2e":
        result = _e2e_worker(args[0])
    else:
        raise ValueError(f"unknown worker {kind!r}")
    out.write_text(json.dumps(result))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=DEFAULT_REPS, help="fresh LocalApi processes")
    parser.add_argument(
        "--requests", type=int, default=DEFAULT_REQUESTS, help="timed requests per process"
    )
    parser.add_argument(
        "--further", type=int, default=DEFAULT_FURTHER, help="further stacks per process"
    )
    parser.add_argument(
        "--localstack-reps",
        type=int,
        default=DEFAULT_LOCALSTACK_REPS,
        help="LocalStack end-to-end runs",
    )
    parser.add_argument("--no-localstack", action="store_true", help="LocalApi only")
    parser.add_argument(
        "--no-stack", action="store_true", help="skip LocalApi(cdk.Stack) (no jsii)"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: writes nothing")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        _worker_main(args.worker[0], args.worker[1:], args.out)
        return 0
    _compile_package()
    report = run_benchmark(
        reps=1 if args.quick else args.reps,
        requests=30 if args.quick else args.requests,
        further=2 if args.quick else args.further,
        localstack_reps=0 if (args.quick or args.no_localstack) else args.localstack_reps,
        with_stack=not args.no_stack,
    )
    table = markdown(report)
    if not args.quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "local.json").write_text(json.dumps(report, indent=1) + "\n")
        (RESULTS / "local.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
