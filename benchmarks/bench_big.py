"""APIs bigger than one stack: synth time and resources per stack, one stack vs ``MethodShards``.

    python -m benchmarks.bench_big              # 243 in one stack; 243 and 600 sharded; 3 reps
    python -m benchmarks.bench_big --reps 1

The API is the benchmark API of ``benchmarks.apis`` (DynamoDB GetItem/PutItem/Query and SQS
SendMessage on distinct paths). Every measurement runs in a fresh process with
``CDK_VALIDATION=false``; the medians are printed as a table and written to
``benchmarks/results/big.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
_WORKER = (sys.executable, "-m", "benchmarks.bench_big", "--worker")
CASES: tuple[tuple[str, int], ...] = (("one-stack", 243), ("sharded", 243), ("sharded", 600))


def _worker(variant: str, n: int, out: Path) -> None:
    started = time.perf_counter()
    import aws_cdk as cdk

    from benchmarks import apis
    from constructs_pkg import MethodShards, ServiceIntegrationMethod

    imported = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-big-") as outdir:
        app = cdk.App(outdir=outdir)
        if variant == "one-stack":
            apis.build_ours(app, n)
        else:
            stack, api, targets = apis._base(app)
            shards = MethodShards(stack, "Shards", api=api)
            for spec in apis.method_specs(n):
                ServiceIntegrationMethod(
                    stack,
                    spec.construct_id,
                    resource=shards.resource(f"/{spec.path_part}"),
                    http_method=spec.http_method,
                    service=spec.service,
                    action=spec.action,
                    resources=[targets.arn(spec)],
                    request_templates={"application/json": targets.request_template(spec)},
                    integration_responses=apis.INTEGRATION_RESPONSES,
                    request_parameters=spec.method_parameters or None,
                )
        built = time.perf_counter()
        app.synth()
        synthesized = time.perf_counter()
        stacks = []
        for path in sorted(Path(outdir).glob("*.template.json")):
            template = json.loads(path.read_text())
            stacks.append(
                {
                    "file": path.name,
                    "resources": len(template.get("Resources", {})),
                    "kib": path.stat().st_size / 1024,
                }
            )
    out.write_text(
        json.dumps(
            {
                "import_s": imported - started,
                "build_s": built - imported,
                "synth_s": synthesized - built,
                "stacks": stacks,
            }
        )
    )


def _measure(variant: str, n: int) -> dict[str, Any]:
    env = dict(os.environ, CDK_VALIDATION="false")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.json"
        started = time.perf_counter()
        proc = subprocess.run(
            [*_WORKER, variant, str(n), "--out", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{variant} n={n} failed:\n{proc.stderr[-3000:]}")
        data: dict[str, Any] = json.loads(out.read_text())
        data["wall_s"] = time.perf_counter() - started
    return data


def run(reps: int) -> str:
    lines = [
        "| variant | methods | build s | synth s | process s | stacks | resources per stack "
        "| KiB per stack |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for variant, n in CASES:
        runs = [_measure(variant, n) for _ in range(reps)]

        def med(key: str, runs: list[dict[str, Any]] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        stacks = runs[0]["stacks"]
        sizes = ", ".join(f"{s['kib']:.0f}" for s in stacks)
        lines.append(
            f"| {variant} | {n} | {med('build_s'):.2f} | {med('synth_s'):.2f} "
            f"| {med('wall_s'):.2f} | {len(stacks)} "
            f"| {', '.join(str(s['resources']) for s in stacks)} "
            f"| {sizes} |"
        )
        print(lines[-1], file=sys.stderr)
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker[0], int(args.worker[1]), args.out)
        return 0
    table = run(args.reps)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "big.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
