"""How long ``constructs-pkg --help`` takes, against Python's own start-up and ``import aws_cdk``.

Run from the repository root, on demand::

    python -m benchmarks.bench_cli_startup                      # this checkout, 21 runs each
    python -m benchmarks.bench_cli_startup --before /work/main  # ... and HEAD of that checkout
    python -m benchmarks.bench_cli_startup --runs 3 --no-write  # a smoke run, writes nothing

Each command runs in a fresh process, ``--runs`` times, the commands taking turns in an order
that rotates from one round to the next, so drift on a shared machine hits all alike. The
baselines are measured in the same run: ``python -c pass`` (the interpreter alone) and
``python -c "import aws_cdk"`` (what any command that loads CDK pays at least: the jsii runtime
and its Node process).

The package is measured from a copy (this checkout's working tree, or ``git archive`` of the
``--before`` checkout's commit) compiled to bytecode first, as ``pip install`` does: with
``PYTHONDONTWRITEBYTECODE`` set (as on these machines) a source tree would be compiled again in
every run, a cost an installed package never pays. The copy is put first on ``PYTHONPATH``, and
the venv's ``constructs-pkg`` console script runs it.

The table goes to ``benchmarks/results/cli_startup.md`` and is printed. The target (median of
``constructs-pkg --help`` <= 0.3 s) is reported, never asserted: timings are not a test.
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TARGET_S = 0.3
HEAVY = ("aws_cdk", "jsii", "constructs", "boto3", "botocore")


@dataclass(frozen=True, kw_only=True, slots=True)
class Command:
    """One thing to time: a label, the argv, and the package copy on ``PYTHONPATH`` (if any)."""

    label: str
    argv: tuple[str, ...]
    code_root: Path | None = None


def _cli_argv() -> tuple[str, ...]:
    script = Path(sys.executable).with_name("constructs-pkg")
    if script.is_file():
        return (str(script), "--help")
    return (sys.executable, "-m", "constructs_pkg", "--help")


def _env(code_root: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if code_root is not None:
        env["PYTHONPATH"] = str(code_root)
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    return env


def _copy_checkout(destination: Path) -> str:
    """This checkout's package, uncommitted changes included; returns a description."""
    shutil.copytree(
        ROOT / "constructs_pkg",
        destination / "constructs_pkg",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    rev = _git(ROOT, "rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes)" if _git(ROOT, "status", "--porcelain") else ""
    return f"this checkout, {_git(ROOT, 'rev-parse', '--abbrev-ref', 'HEAD')} at {rev}{dirty}"


def _export_commit(repo: Path, destination: Path) -> str:
    """The package at ``repo``'s HEAD commit (committed files only); returns a description."""
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", "HEAD", "constructs_pkg"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    rev = _git(repo, "rev-parse", "--short", "HEAD")
    return f"{repo} at {rev} ({_git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')})"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def _heavy_modules(code_root: Path, cwd: Path) -> dict[str, object]:
    """What ``import constructs_pkg.cli`` loads, and from where (to check the copy is used)."""
    code = (
        "import json, sys, constructs_pkg.cli\n"
        f"print(json.dumps({{'file': constructs_pkg.__file__, 'loaded': "
        f"[m for m in {HEAVY!r} if m in sys.modules]}}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env=_env(code_root),
    ).stdout
    result: dict[str, object] = json.loads(out)
    if not str(result["file"]).startswith(str(code_root)):
        raise SystemExit(f"expected constructs_pkg from {code_root}, got {result['file']}")
    return result


def _time_once(command: Command, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command.argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        cwd=cwd,
        env=_env(command.code_root),
    )
    return time.perf_counter() - started


def measure(commands: list[Command], runs: int, cwd: Path) -> dict[str, list[float]]:
    """Wall seconds of each command, ``runs`` times, the order rotating every round."""
    for command in commands:  # warm the file cache; a failing command stops the run here
        _time_once(command, cwd)
    times: dict[str, list[float]] = {c.label: [] for c in commands}
    for round_ in range(runs):
        shift = round_ % len(commands)
        order = commands[shift:] + commands[:shift]
        if round_ % 2:
            order.reverse()
        for command in order:
            times[command.label].append(_time_once(command, cwd))
    return times


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def report(
    times: dict[str, list[float]],
    *,
    sources: dict[str, str],
    modules: dict[str, dict[str, object]],
    runs: int,
    loads: tuple[str, str],
) -> str:
    medians = {label: statistics.median(values) for label, values in times.items()}
    bare = medians["python -c pass"]
    cdk = medians['python -c "import aws_cdk"']
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {_cpu()} "
        f"({os.cpu_count()} cores), Python {platform.python_version()}; "
        f"medians of {runs} fresh processes per command, the order rotating; "
        f"load {loads[0]} before, {loads[1]} after (1-min average).",
        "",
        "| command | median ms | min ms | max ms | / python -c pass | / import aws_cdk |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, values in times.items():
        lines.append(
            f"| {label} | {medians[label] * 1000:.0f} | {min(values) * 1000:.0f} "
            f"| {max(values) * 1000:.0f} | {medians[label] / bare:.1f} "
            f"| {medians[label] / cdk:.2f} |"
        )
    lines += ["", "Package copies (compiled to bytecode first, first on `PYTHONPATH`):", ""]
    for label, source in sources.items():
        loaded = modules[label]["loaded"]
        heavy = ", ".join(f"`{m}`" for m in loaded) if isinstance(loaded, list) and loaded else ""
        lines.append(
            f"- {label}: {source}; `import constructs_pkg.cli` loads "
            + (heavy or f"none of {', '.join(f'`{m}`' for m in HEAVY)}")
        )
    after = next(label for label in times if label.startswith("constructs-pkg --help"))
    verdict = "PASS" if medians[after] <= TARGET_S else "FAIL"
    lines += [
        "",
        f"Target: median of `{after}` <= {TARGET_S * 1000:.0f} ms: "
        f"{medians[after] * 1000:.0f} ms, {verdict}.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=21, help="runs per command (default 21)")
    parser.add_argument(
        "--before", type=Path, help="a git checkout whose HEAD commit is measured too"
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        work = Path(tmp)
        cwd = work / "cwd"  # neither copy nor the checkout is on sys.path through the cwd
        cwd.mkdir()
        roots = {"constructs-pkg --help": work / "after"}
        sources = {"constructs-pkg --help": _copy_checkout(roots["constructs-pkg --help"])}
        if args.before is not None:
            label = "constructs-pkg --help (before)"
            roots[label] = work / "before"
            sources[label] = _export_commit(args.before.resolve(), roots[label])
        for root in roots.values():
            compileall.compile_dir(str(root / "constructs_pkg"), quiet=1)
        modules = {label: _heavy_modules(root, cwd) for label, root in roots.items()}

        commands = [
            Command(label="python -c pass", argv=(sys.executable, "-c", "pass")),
            Command(
                label='python -c "import aws_cdk"',
                argv=(sys.executable, "-c", "import aws_cdk"),
            ),
            *(
                Command(label=label, argv=_cli_argv(), code_root=root)
                for label, root in roots.items()
            ),
        ]
        load_before = _load()
        times = measure(commands, args.runs, cwd)
        text = report(
            times, sources=sources, modules=modules, runs=args.runs, loads=(load_before, _load())
        )
    print(text, end="")
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "cli_startup.md").write_text(
            "# `constructs-pkg --help` start-up\n\n"
            f"`{' '.join(['python -m benchmarks.bench_cli_startup', *(argv or sys.argv[1:])])}` "
            "(see the module docstring).\n\n" + text
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
