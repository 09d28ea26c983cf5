"""One request travelling through the local API: what the client sent, what the pipeline has
learnt so far (route, authorizer), ``$context``, and the parameter-mapping sources
(``method.request.*``, ``context.*``, ``stageVariables.*``, ``'literal'``) read from it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

from ..._apimodel import Method, RestApi
from .._context import SampleRequest, build_context
from .._jsonpath import MISSING, JsonPathError, evaluate
from .._values import VtlMap, java_string, to_plain
from ._response import Headers, IntegrationCall

__all__ = ["Call", "GatewayError", "lookup_dotted", "read_body_path"]

_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


class GatewayError(Exception):
    """The request ends with a gateway response (API Gateway answers by itself).

    :param response_type: e.g. ``MISSING_AUTHENTICATION_TOKEN``.
    :param message: ``$context.error.message``.
    :param validation_error: ``$context.error.validationErrorString``.
    :param detail: why, for the local user (the response's ``X-Local-Error`` header).
    :param status: the status when it is not the type's default (a Lambda failure is a 502
        INTEGRATION_FAILURE). Default: - the type's (``GATEWAY_RESPONSE_STATUS``).
    """

    def __init__(
        self,
        response_type: str,
        message: str,
        *,
        validation_error: str | None = None,
        detail: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{response_type}: {message}")
        self.response_type = response_type
        self.message = message
        self.validation_error = validation_error
        self.detail = detail
        self.status = status
        self.integration: IntegrationCall | None = None


def lookup_dotted(root: object, dotted: str) -> object:
    """``root.a.b`` for ``dotted`` ``"a.b"`` through nested mappings (``None`` when absent)."""
    node = root
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def read_body_path(body: str, path: str) -> str | None:
    """The text of ``$.path`` in the JSON ``body`` (a string as is, anything else as compact
    JSON); ``None`` when the body is not JSON or the path matches nothing."""
    try:
        document = json.loads(body) if body.strip() else {}
        found = evaluate(document, path if path.startswith("$") else f"$.{path}")
    except (ValueError, JsonPathError):
        return None
    if found is MISSING:
        return None
    if isinstance(found, str):
        return found
    return json.dumps(to_plain(found), separators=(",", ":"))


def _clf_time(moment: datetime) -> str:
    return f"{moment:%d}/{_MONTHS[moment.month - 1]}/{moment:%Y:%H:%M:%S} +0000"


@dataclass(slots=True)
class Call:
    """A request through the pipeline.

    :param path: the resource path requested (no stage prefix, no query string).
    :param query: query-string values by name, in order.
    """

    api: RestApi
    api_id: str
    account: str
    http_method: str
    path: str
    headers: Headers
    query: dict[str, list[str]]
    body: bytes
    stage: str
    stage_variables: Mapping[str, str]
    source_ip: str = "127.0.0.1"
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    method: Method | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    authorizer: dict[str, object] = field(default_factory=dict)
    error: GatewayError | None = None
    _sample: SampleRequest | None = None
    _context: VtlMap | None = None

    @property
    def body_text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def resource_path(self) -> str:
        return self.method.path if self.method is not None else self.path

    def header(self, name: str) -> str | None:
        """The last value of header ``name`` (any case), or ``None``."""
        values = self.headers.get_all(name)
        return values[-1] if values else None

    def query_value(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def invalidate(self) -> None:
        """Forget the cached ``$context`` (after routing or an authorizer changed it)."""
        self._sample = None
        self._context = None

    def context_overrides(self) -> dict[str, object]:
        epoch = int(self.time.timestamp() * 1000)
        overrides: dict[str, object] = {
            "accountId": self.account,
            "apiId": self.api_id,
            "deploymentId": "local",
            "domainName": "localhost",
            "domainPrefix": "localhost",
            "extendedRequestId": self.request_id.replace("-", "")[:16] + "=",
            "requestId": self.request_id,
            "requestTime": _clf_time(self.time),
            "requestTimeEpoch": epoch,
            "resourceId": self.method.resource_id if self.method is not None else None,
            "identity.sourceIp": self.source_ip,
            "identity.userAgent": self.header("User-Agent"),
            "identity.apiKey": self.header("x-api-key"),
        }
        if self.authorizer:
            overrides["authorizer"] = dict(self.authorizer)
        if self.error is not None:
            overrides["error"] = {
                "message": self.error.message,
                "messageString": json.dumps(self.error.message),
                "responseType": self.error.response_type,
                "validationErrorString": self.error.validation_error,
            }
        return overrides

    def sample(self) -> SampleRequest:
        """The request as the renderer sees it (``$input.params``, ``$context``...)."""
        if self._sample is None:
            self._sample = SampleRequest(
                body=self.body_text,
                path_params=dict(self.path_params),
                query={name: values[-1] for name, values in self.query.items() if values},
                headers={name: values for name, values in _last_headers(self.headers)},
                context=self.context_overrides(),
                stage_variables=dict(self.stage_variables),
                http_method=self.http_method,
                resource_path=self.resource_path,
                stage=self.stage,
            )
        return self._sample

    def context(self) -> VtlMap:
        """``$context`` of this request."""
        if self._context is None:
            self._context = build_context(self.sample())
        return self._context

    def source(self, source: str) -> str | None:
        """The value of a request-side parameter-mapping source, ``None`` when it is absent.

        ``'literal'``, ``method.request.{path|querystring|multivaluequerystring|header|
        multivalueheader}.<name>``, ``method.request.body``,
        ``method.request.body.<JSONPath>``, ``stageVariables.<name>``, ``context.<var>``.
        """
        source = source.strip()
        if len(source) >= 2 and source.startswith("'") and source.endswith("'"):
            return source[1:-1]
        if source.startswith("stageVariables."):
            return self.stage_variables.get(source[len("stageVariables.") :])
        if source.startswith("context."):
            value = lookup_dotted(self.context(), source[len("context.") :])
            return None if value is None else java_string(value)
        if source == "method.request.body":
            return self.body_text
        if source.startswith("method.request.body."):
            return read_body_path(self.body_text, source[len("method.request.body.") :])
        kind, _, name = source.removeprefix("method.request.").partition(".")
        if not source.startswith("method.request.") or not name:
            return None
        if kind == "path":
            return self.path_params.get(name)
        if kind == "querystring":
            return self.query_value(name)
        if kind == "multivaluequerystring":
            values = self.query.get(name)
            return ",".join(values) if values else None
        if kind == "header":
            return self.header(name)
        if kind == "multivalueheader":
            found = self.headers.get_all(name)
            return ",".join(found) if found else None
        return None


def _last_headers(headers: Headers) -> list[tuple[str, str]]:
    return [(name, headers.get_all(name)[-1]) for name in headers]
