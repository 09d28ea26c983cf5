"""What each part of ``ServiceIntegrationMethod``'s extra cost is: the benchmark's variants, and
each with the resource count switched off.

Run from the repository root::

    python -m benchmarks.ablation              # N = 200, 10 repetitions
    python -m benchmarks.ablation --n 100 --reps 5

Variants, each measured like ``bench_synth`` does (a fresh process per measurement, build +
synth, the order alternating from one repetition to the next):

``ours-objects``
    methods on resource objects from ``api.root.add_resource``: each method finds its API from
    its resource (``resource.api``, one call into jsii).
``ours-objects-no-limit-count``
    the same without counting the stack's resources at synth (so without the
    ``constructs_pkg:stack-resource-limit`` warning).
``ours``
    methods declared by path (``resource_for_path``): no lookup.
``ours-no-limit-count``
    the same without the count.
``hand``
    the hand-written ``AwsIntegration`` + ``Method`` variant.

The switch exists only to measure; the templates stay the same (a test checks it). Results go
to ``benchmarks/results/ablation.json`` and ``ablation.md``; the table is printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

SWITCHES = ("limit-count",)
ABLATIONS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "ours-objects-no-limit-count": ("ours-objects", ("limit-count",)),
    "ours-no-limit-count": ("ours", ("limit-count",)),
}
"""Variant name -> (the builder of ``benchmarks.apis`` it runs, the parts of the construct's
work it switches off)."""
VARIANTS = ("ours-objects", "ours-objects-no-limit-count", "ours", "ours-no-limit-count", "hand")


@contextmanager
def ablated(switched_off: Sequence[str]) -> Iterator[None]:
    """``constructs_pkg`` with the given parts of its work switched off, restored afterwards.

    :param switched_off: names from :data:`SWITCHES`.
    """
    from constructs_pkg import _registry

    unknown = set(switched_off) - set(SWITCHES)
    if unknown:
        raise ValueError(f"unknown switch(es) {sorted(unknown)}; known: {SWITCHES}")
    saved_watch = vars(_registry)["watch_resource_limit"]
    if "limit-count" in switched_off:
        setattr(_registry, "watch_resource_limit", lambda stack: None)  # noqa: B010
    try:
        yield
    finally:
        setattr(_registry, "watch_resource_limit", saved_watch)  # noqa: B010


def run_ablation(n: int, reps: int) -> dict[str, Any]:
    """Measure every variant ``reps`` times at ``n`` methods; medians and ratios to ``hand``."""
    from benchmarks.bench_synth import _machine, measure

    variants = list(VARIANTS)
    totals: dict[str, list[float]] = {v: [] for v in variants}
    synths: dict[str, list[float]] = {v: [] for v in variants}
    for rep in range(reps):
        for variant in variants if rep % 2 == 0 else variants[::-1]:
            run = measure(variant, n)
            if run.error:
                raise RuntimeError(f"{variant} n={n}: {run.error}")
            totals[variant].append(run.build_s + run.synth_s)
            synths[variant].append(run.synth_s)
            print(
                f"  [{rep + 1}/{reps}] {variant:28s} build+synth "
                f"{(run.build_s + run.synth_s) * 1e3:6.0f} ms",
                file=sys.stderr,
            )
    hand = statistics.median(totals["hand"])
    rows = [
        {
            "variant": v,
            "switched_off": list(ABLATIONS[v][1]) if v in ABLATIONS else [],
            "build_synth_s": statistics.median(totals[v]),
            "synth_s": statistics.median(synths[v]),
            "ratio": statistics.median(totals[v]) / hand,
        }
        for v in variants
    ]
    return {"machine": _machine(), "n": n, "reps": reps, "rows": rows}


def markdown(result: Mapping[str, Any]) -> str:
    """The ablation as a markdown table."""
    m = result["machine"]
    lines = [
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores), N={result['n']}, medians of "
        f"{result['reps']} fresh processes per variant, order alternating.",
        "",
        "| variant | switched off | build+synth ms | synth ms | ratio to hand |",
        "|---|---|---:|---:|---:|",
    ]
    for row in result["rows"]:
        off = ", ".join(row["switched_off"]) or "-"
        lines.append(
            f"| {row['variant']} | {off} | {row['build_synth_s'] * 1e3:.0f} "
            f"| {row['synth_s'] * 1e3:.0f} | {row['ratio']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks.bench_synth import RESULTS, _compile_package

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="methods (default 200)")
    parser.add_argument("--reps", type=int, default=10, help="repetitions (default 10)")
    args = parser.parse_args(argv)
    _compile_package()
    result = run_ablation(args.n, args.reps)
    table = markdown(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ablation.json").write_text(json.dumps(result, indent=1) + "\n")
    (RESULTS / "ablation.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
