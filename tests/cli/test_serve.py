"""``constructs-pkg serve``: the HTTP server in-process (fake backend), reload, loopback, and
the command as a subprocess stopped with SIGINT (real backend)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from constructs_pkg.cli import main
from constructs_pkg.cli._errors import CliError
from constructs_pkg.cli._serve import LocalServer, find_template, is_loopback
from constructs_pkg.testing import LocalApi
from tests.testing.local.local_support import api_template, local, mock_method


def _template(text: str = "hello") -> dict[str, Any]:
    return api_template(
        {
            "/items": {"GET": mock_method({"application/json": '{"say": "' + text + '"}'})},
            "/items/{id}": {"GET": mock_method({"application/json": "$input.params('id')"})},
        }
    )


def _write(path: Path, template: dict[str, Any] | str) -> None:
    path.write_text(template if isinstance(template, str) else json.dumps(template))
    later = time.time() + 5 + len(path.read_text()) % 7
    os.utime(path, (later, later))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[LocalServer, io.StringIO, Path]]:
    path = tmp_path / "Stack.template.json"
    _write(path, _template())

    def factory() -> LocalApi:
        return local(json.loads(path.read_text()))

    log = io.StringIO()
    server = LocalServer(factory, host="127.0.0.1", port=0, watch=path, log=log)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, log, path
    finally:
        server.shutdown()
        server.close()
        thread.join(timeout=5)


def _get(url: str, **kwargs: Any) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, **kwargs)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serves_requests_and_logs_one_line_each(
    served: tuple[LocalServer, io.StringIO, Path],
) -> None:
    server, log, _ = served
    status, headers, body = _get(f"{server.base_url}/items")
    assert (status, json.loads(body)) == (200, {"say": "hello"})
    assert headers["Content-Type"] == "application/json"
    status, _, body = _get(f"{server.base_url}/items/a%20b?x=1")
    assert (status, body) == (200, b"a b")
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("GET /items 200 ") and lines[0].endswith("ms MOCK")


def test_stage_prefix_is_accepted(served: tuple[LocalServer, io.StringIO, Path]) -> None:
    server, _, _ = served
    assert _get(f"{server.base_url}/test/items")[0] == 200


def test_unknown_route_is_403_with_gateway_body(
    served: tuple[LocalServer, io.StringIO, Path],
) -> None:
    server, log, _ = served
    status, headers, body = _get(f"{server.base_url}/nowhere", method="POST", data=b"{}")
    assert status == 403
    assert json.loads(body) == {"message": "Missing Authentication Token"}
    assert headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert "MISSING_AUTHENTICATION_TOKEN" in log.getvalue()


def test_reloads_on_change_and_keeps_the_api_when_broken(
    served: tuple[LocalServer, io.StringIO, Path],
) -> None:
    server, log, path = served
    _write(path, _template("reloaded"))
    assert server.reload_if_changed()
    assert json.loads(_get(f"{server.base_url}/items")[2]) == {"say": "reloaded"}
    _write(path, "{ broken")
    assert not server.reload_if_changed()
    assert "reload failed, keeping the previous API" in log.getvalue()
    assert json.loads(_get(f"{server.base_url}/items")[2]) == {"say": "reloaded"}


def test_banner_lists_routes_and_url(served: tuple[LocalServer, io.StringIO, Path]) -> None:
    server, log, _ = served
    server.print_banner()
    text = log.getvalue()
    assert "  GET /items\n" in text and "  GET /items/{id}\n" in text
    assert f"listening on {server.base_url}/" in text


def test_is_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_find_template_in_a_cloud_assembly(tmp_path: Path) -> None:
    (tmp_path / "A.template.json").write_text(json.dumps(_template()))
    (tmp_path / "B.template.json").write_text(json.dumps({"Resources": {}}))
    (tmp_path / "ANested.nested.template.json").write_text(json.dumps(_template()))
    assert find_template(str(tmp_path), None).name == "A.template.json"
    assert find_template(str(tmp_path), "B").name == "B.template.json"


@pytest.mark.parametrize(
    ("stack", "extra", "code"),
    [("Nope", False, "unknown-stack"), (None, True, "ambiguous-stack")],
)
def test_fails_when_the_stack_cannot_be_chosen(
    tmp_path: Path, stack: str | None, extra: bool, code: str
) -> None:
    (tmp_path / "A.template.json").write_text(json.dumps(_template()))
    if extra:
        (tmp_path / "C.template.json").write_text(json.dumps(_template()))
    with pytest.raises(CliError) as caught:
        find_template(str(tmp_path), stack)
    assert caught.value.code == code


def test_fails_when_the_source_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(tmp_path / "missing.json")]) == 2
    assert "[template-not-found]" in capsys.readouterr().err


def test_subprocess_serves_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    path = tmp_path / "Stack.template.json"
    path.write_text(json.dumps(_template("from subprocess")))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen(
        [sys.executable, "-m", "constructs_pkg", "serve", str(path), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stderr is not None
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if line.startswith("listening on "):
                url = line.split()[2].rstrip("/")
        assert url is not None, "the server did not start"
        status, _, body = _get(f"{url}/items")
        assert (status, json.loads(body)) == (200, {"say": "from subprocess"})
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(f"{url}/items", timeout=2)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_importing_the_cli_loads_neither_cdk_nor_moto() -> None:
    code = (
        "import sys, constructs_pkg.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'aws_cdk', 'jsii', 'moto'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_serve_help_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--stack", "--rest-api", "--host", "--port", "--endpoint-url"):
        assert option in out


def test_serves_app_profiles_api_from_a_cloud_assembly(tmp_path: Path) -> None:
    from app_context import cdk_app

    import app

    assembly = cdk_app(outdir=str(tmp_path))
    app.ProfilesApiStack(assembly, "ProfilesApi")
    app.ProfilesApiParityStack(assembly, "ProfilesApiParity")
    assembly.synth()
    template = find_template(str(tmp_path), "ProfilesApi")
    log = io.StringIO()
    server = LocalServer(lambda: LocalApi(template), port=0, watch=template, log=log)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        person = {"username": "jane", "name": "Jane Austen", "title": "author"}
        status, _, _ = _get(
            f"{server.base_url}/profiles",
            method="POST",
            data=json.dumps(person).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert status == 200
        status, headers, body = _get(f"{server.base_url}/test/profiles/jane")
        assert (status, json.loads(body)) == (200, person)
        assert headers["Content-Type"] == "application/json"
        assert "POST /profiles 200 " in log.getvalue()
        assert "dynamodb:PutItem" in log.getvalue()
    finally:
        server.shutdown()
        server.close()
        thread.join(timeout=5)
