"""``constructs-pkg serve``: a synthesized REST API on a local HTTP server, like
``sam local start-api`` but with the whole API Gateway chain (mapping templates, validators,
gateway responses) and the services behind it in moto.

- ``TEMPLATE_OR_CDK_OUT``: a ``*.template.json`` or a cloud assembly folder (``cdk.out``); in a
  folder, ``--stack`` picks the stack, else the only stack with a REST API.
- Requests are served at ``/<resource path>``; ``/<stage>/<resource path>`` works too when
  the API has no resource named like the stage.
- One log line per request: method, path, status, milliseconds, what was called.
- The template file is polled: when it changes (``cdk synth`` again) the API is rebuilt; a
  template that fails to load keeps the previous API and prints why.
- Ctrl-C stops it cleanly (exit status 0).

Imports of the executor (CDK-free, but moto-heavy) happen only when the command runs.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from ._errors import CliError

if TYPE_CHECKING:
    from ..testing import LocalApi, LocalResponse

__all__ = ["ServeOptions", "LocalServer", "find_template", "is_loopback", "serve"]

_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})


@dataclass(frozen=True, kw_only=True, slots=True)
class ServeOptions:
    """The ``serve`` command's arguments."""

    source: str
    stack: str | None = None
    rest_api: str | None = None
    host: str = "127.0.0.1"
    port: int = 3000
    endpoint_url: str | None = None
    poll_seconds: float = 0.5


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _has_rest_api(path: Path) -> bool:
    try:
        template = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    resources = template.get("Resources") if isinstance(template, dict) else None
    return isinstance(resources, dict) and any(
        isinstance(r, dict) and r.get("Type") == "AWS::ApiGateway::RestApi"
        for r in resources.values()
    )


def find_template(source: str, stack: str | None) -> Path:
    """The template file ``serve`` runs.

    :raises CliError: ``template-not-found``, ``unknown-stack``, ``ambiguous-stack``.
    """
    path = Path(source)
    if path.is_file():
        return path
    if not path.is_dir():
        raise CliError(
            "template-not-found",
            f"{source!r} is neither a template file nor a cloud assembly folder; run "
            "'cdk synth' and pass cdk.out or cdk.out/<Stack>.template.json",
        )
    stacks = {
        candidate.name[: -len(".template.json")]: candidate
        for candidate in sorted(path.glob("*.template.json"))
        if not candidate.name.endswith(".nested.template.json")
    }
    if stack is not None:
        if stack in stacks:
            return stacks[stack]
        raise CliError(
            "unknown-stack",
            f"--stack {stack!r} is not in {source!r}; its stacks are {sorted(stacks)!r}",
        )
    with_api = [name for name, candidate in stacks.items() if _has_rest_api(candidate)]
    if len(with_api) == 1:
        return stacks[with_api[0]]
    if not with_api:
        raise CliError(
            "template-not-found",
            f"no stack of {source!r} has a REST API (stacks: {sorted(stacks)!r})",
        )
    raise CliError(
        "ambiguous-stack",
        f"{len(with_api)} stacks of {source!r} have a REST API {with_api!r}; choose one "
        "with --stack",
    )


class LocalServer:
    """A :class:`~constructs_pkg.testing.LocalApi` behind a ``ThreadingHTTPServer``.

    :param factory: builds the API (called again on reload).
    :param watch: the template file to poll for changes. Default: - no reload.
    :param log: where request lines and messages go.
    """

    def __init__(
        self,
        factory: Callable[[], LocalApi],
        *,
        host: str = "127.0.0.1",
        port: int = 3000,
        watch: Path | None = None,
        log: TextIO | None = None,
        poll_seconds: float = 0.5,
    ) -> None:
        self._factory = factory
        self._log = log or sys.stderr
        self._watch = watch
        self._poll_seconds = poll_seconds
        self._api_lock = threading.Lock()
        self.api = factory()
        self._mtime = self._stat()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self._poller: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound (useful with port 0)."""
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        host = str(self._httpd.server_address[0])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}"

    def print_banner(self) -> None:
        api = self.api
        self._print(f"serving REST API {api.rest_api.name!r} (stage {api.stage!r}):")
        for route in api.routes:
            self._print(f"  {route}")
        self._print(f"listening on {self.base_url}/  (Ctrl-C to stop)")

    def _print(self, line: str) -> None:
        print(line, file=self._log, flush=True)

    def _stat(self) -> float | None:
        if self._watch is None:
            return None
        try:
            return self._watch.stat().st_mtime
        except OSError:
            return None

    def reload_if_changed(self) -> bool:
        """Rebuild the API when the watched template changed; ``True`` when it did."""
        current = self._stat()
        if current is None or current == self._mtime:
            return False
        self._mtime = current
        try:
            fresh = self._factory()
        except Exception as error:  # a broken template keeps the running API
            self._print(f"reload failed, keeping the previous API: {error}")
            return False
        with self._api_lock:
            old, self.api = self.api, fresh
        old.close()
        self._print(f"reloaded {self._watch}: {len(fresh.routes)} routes")
        return True

    def _poll(self) -> None:
        while not self._stop.wait(self._poll_seconds):
            self.reload_if_changed()

    def start_polling(self) -> None:
        if self._watch is not None and self._poller is None:
            self._poller = threading.Thread(target=self._poll, name="serve-reload", daemon=True)
            self._poller.start()

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown` (from another thread) or ``KeyboardInterrupt``."""
        self.start_polling()
        self._httpd.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        """Stop serving (from another thread)."""
        self._httpd.shutdown()

    def close(self) -> None:
        """Close the socket and the API."""
        self._stop.set()
        self._httpd.server_close()
        with self._api_lock:
            self.api.close()

    def handle(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, ip: str
    ) -> LocalResponse:
        """Answer one HTTP request (the stage prefix is dropped when present)."""
        with self._api_lock:
            api = self.api
        parts = urlsplit(target)
        path = parts.path or "/"
        prefix = f"/{api.stage}"
        if (path == prefix or path.startswith(prefix + "/")) and not _has_top_level(api, api.stage):
            path = path[len(prefix) :] or "/"
        full = f"{path}?{parts.query}" if parts.query else path
        return api.request(method, full, headers=headers, body=body or None, source_ip=ip)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "constructs-pkg-serve"

            def _any(self) -> None:
                started = time.perf_counter()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = [(k, v) for k, v in self.headers.items()]
                try:
                    response = server.handle(
                        self.command, self.path, headers, body, self.client_address[0]
                    )
                except Exception as error:  # never a traceback to the client
                    payload = json.dumps({"message": "Internal server error"}).encode()
                    self.send_response(500)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.send_header("X-Local-Error", f"{type(error).__name__}: {error}")
                    self.end_headers()
                    server._print(f"{self.command} {self.path} 500 error: {error}")
                    self.wfile.write(payload)
                    return
                self.send_response(response.status_code)
                for name, value in response.headers.items_all():
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                elapsed = (time.perf_counter() - started) * 1000
                action = response.action or response.response_type or "-"
                server._print(
                    f"{self.command} {self.path} {response.status_code} {elapsed:.1f}ms {action}"
                )
                if self.command != "HEAD":
                    self.wfile.write(response.body)

            # http.server dispatches to do_<VERB>; the names are its, not ours
            do_GET = do_POST = do_PUT = do_DELETE = _any  # noqa: N815
            do_PATCH = do_HEAD = do_OPTIONS = _any  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                return  # one line per request is printed by _any

        return Handler


def _has_top_level(api: LocalApi, name: str) -> bool:
    return any(route.split(" ", 1)[1].split("/")[1:2] == [name] for route in api.routes)


def serve(options: ServeOptions, *, log: TextIO | None = None) -> int:
    """Run the server until Ctrl-C; the exit status."""
    out = log or sys.stderr
    if not is_loopback(options.host):
        print(
            f"constructs-pkg: warning: serving on {options.host!r}, reachable from other "
            "machines; the local API has no authentication of its own",
            file=out,
        )
    template = find_template(options.source, options.stack)
    from ..testing import LocalApi, LocalApiError

    def factory() -> LocalApi:
        return LocalApi(
            template,
            rest_api=options.rest_api,
            endpoint_url=options.endpoint_url,
        )

    try:
        server = LocalServer(
            factory,
            host=options.host,
            port=options.port,
            watch=template,
            log=out,
            poll_seconds=options.poll_seconds,
        )
    except LocalApiError as error:
        raise CliError(error.code, error.message) from error
    except OSError as error:
        raise CliError(
            "cannot-listen",
            f"cannot listen on {options.host}:{options.port} ({error.strerror or error}); "
            "pick another --port",
        ) from error
    server.print_banner()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopping", file=out, flush=True)
    finally:
        server.close()
    return 0
