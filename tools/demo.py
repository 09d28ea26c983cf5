"""``make demo``: deploy app.py's stacks to LocalStack on 127.0.0.1 and replay the example.

Steps: set up LocalStack (cached venv under .cache/localstack/), start it, synthesize app.py,
deploy ProfilesApiParity and ProfilesApi (those that exist) with the real ``cdk deploy``
pointed at the emulator (``--deploy-with cloudformation`` uses CloudFormation through boto3
instead), replay the boto3 example's scenario against each (three POSTs, GET the list, GET
jane), printing every request and response, then stop LocalStack by PID: also on failure,
Ctrl-C or SIGTERM.

No AWS account is needed or contacted: every call goes to 127.0.0.1:4566 with dummy
credentials.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "emulator"))

import emulator

STACKS = ["ProfilesApiParity", "ProfilesApi"]
STAGE = "test"
SCENARIO: list[tuple[str, str, dict[str, str] | None]] = [
    (
        "POST",
        "profiles",
        {"username": "will", "name": "William Shakespeare", "title": "playwright"},
    ),
    (
        "POST",
        "profiles",
        {"username": "ludwig", "name": "Ludwig van Beethoven", "title": "composer"},
    ),
    ("POST", "profiles", {"username": "jane", "name": "Jane Austen", "title": "author"}),
    ("GET", "profiles", None),
    ("GET", "profiles/jane", None),
]


def step(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def _layout(value: Any, level: int = 0, width: int = 100) -> str:
    """JSON, one line where it fits, else one member per line (DynamoDB items stay whole)."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + 2 * level <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict):
        members = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_layout(v, level + 1, width)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(members) + f"\n{pad}}}"
    members = [f"{inner}{_layout(v, level + 1, width)}" for v in value]
    return "[\n" + ",\n".join(members) + f"\n{pad}]"


def pretty(body: str) -> str:
    try:
        return _layout(json.loads(body))
    except ValueError:
        return body if body else "(empty body)"


def replay(stack: str, api_id: str) -> list[float]:
    print(f"\n--- {stack}: {emulator.invoke_url(api_id, STAGE)}", flush=True)
    latencies = []
    for method, path, body in SCENARIO:
        print(f"\n  {method} /{STAGE}/{path}")
        if body is not None:
            print("  Content-Type: application/json")
            print(indent(_layout(body), "  "))
        started = time.perf_counter()
        response = emulator.invoke(api_id, STAGE, path, method, body)
        latencies.append((time.perf_counter() - started) * 1000)
        content_type = response.headers.get("Content-Type", "-")
        print(f"  -> {response.status} ({content_type}, {latencies[-1]:.0f} ms)")
        print(indent(pretty(response.body), "     "), flush=True)
    return latencies


def deploy_all(
    stacks: list[str], templates: dict[str, dict[str, Any]], via: str, app: Path
) -> dict[str, dict[str, str]]:
    def show(line: str) -> None:
        print(f"    | {line}", flush=True)

    outputs: dict[str, dict[str, str]] = {}
    if via == "cdk":
        print(f"    cdk deploy {' '.join(stacks)} with AWS_ENDPOINT_URL={emulator.ENDPOINT}")
        started = time.perf_counter()
        outputs = emulator.cdk_deploy(stacks, app=app, progress=show)
        print(f"    deployed in {time.perf_counter() - started:.1f} s (bootstrap included)")
        return outputs
    for stack in stacks:
        print(f"    {stack}: CloudFormation create_stack through boto3")
        started = time.perf_counter()
        outputs[stack] = emulator.deploy(stack, templates[stack], progress=show)
        print(f"    deployed in {time.perf_counter() - started:.1f} s")
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--deploy-with",
        choices=["cdk", "cloudformation"],
        default="cdk",
        help="the real CDK CLI (default) or CloudFormation create_stack through boto3",
    )
    parser.add_argument(
        "--app", type=Path, default=emulator.REPO / "app.py", help="the CDK app (default: app.py)"
    )
    parser.add_argument(
        "--keep-running", action="store_true", help="leave LocalStack up until Ctrl-C"
    )
    args = parser.parse_args(argv)
    # Ctrl-C raises KeyboardInterrupt even where SIGINT was inherited as ignored (a background
    # job); SIGTERM and SIGHUP are handled by emulator.start(), which stops LocalStack first.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    step("[1/5] setting up LocalStack in host mode (cached under .cache/localstack/)")
    try:
        emulator.setup(echo=True)
    except emulator.NoPythonError as exc:
        print(f"demo not possible here: {exc}", file=sys.stderr)
        return 3

    step(f"[2/5] starting LocalStack on {emulator.ENDPOINT}")
    handle = emulator.start()
    try:
        print(f"    PID {handle.pid}, healthy after {handle.startup_seconds:.1f} s")
        print(f"    log: {handle.log_path}")

        step(f"[3/5] synthesizing {args.app.name}")
        started = time.perf_counter()
        templates = emulator.synth(args.app)
        stacks = [s for s in STACKS if s in templates]
        print(f"    {', '.join(templates)} in {time.perf_counter() - started:.1f} s")
        if not stacks:
            print(f"app.py has none of {STACKS}", file=sys.stderr)
            return 1
        missing = [s for s in STACKS if s not in templates]
        if missing:
            print(f"    (not in app.py yet: {', '.join(missing)})")

        via = args.deploy_with
        if via == "cdk":
            try:
                emulator.cdk_cli()
            except emulator.EmulatorError as exc:
                print(f"    {exc}; deploying with CloudFormation through boto3 instead")
                via = "cloudformation"
        how = "the real cdk deploy" if via == "cdk" else "CloudFormation through boto3"
        step(f"[4/5] deploying with {how}")
        outputs = deploy_all(stacks, templates, via, args.app)

        step("[5/5] replaying the example's scenario: three POSTs, GET the list, GET jane")
        latencies: list[float] = []
        for stack in stacks:
            api_id = outputs.get(stack, {}).get("RestApiId") or emulator.rest_api_id(stack)
            latencies += replay(stack, api_id)
        latencies.sort()
        print(
            f"\n    {len(latencies)} requests: median {latencies[len(latencies) // 2]:.0f} ms, "
            f"max {latencies[-1]:.0f} ms"
        )
        if args.keep_running:
            print(
                f"\nLocalStack stays up on {emulator.ENDPOINT} (PID {handle.pid}); Ctrl-C stops it"
            )
            handle.process.wait()
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except (emulator.EmulatorError, FileNotFoundError) as exc:
        print(f"\ndemo failed: {exc}", file=sys.stderr)
        return 1
    finally:
        step(f"stopping LocalStack (PID {handle.pid})")
        emulator.stop(handle)


if __name__ == "__main__":
    sys.exit(main())
