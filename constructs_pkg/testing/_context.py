"""The client request a template is rendered for, and the ``$context`` API Gateway derives
from it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from ._values import VtlMap, java_string, to_vtl

__all__ = [
    "DEFAULT_CONTEXT",
    "SampleRequest",
    "body_text",
    "build_context",
    "build_params",
    "concrete_path",
    "find_param",
    "media_type",
]

_EMPTY: Final[Mapping[str, str]] = MappingProxyType({})

# Deterministic stand-ins for what API Gateway fills in per request; most are the values of the
# API Gateway developer guide's own examples (api-gateway-mapping-variable-examples).
DEFAULT_CONTEXT: Final[Mapping[str, object]] = MappingProxyType(
    {
        "accountId": "111122223333",
        "apiId": "abcd1234",
        "awsEndpointRequestId": None,
        "deploymentId": "dep123",
        "domainName": "abcd1234.execute-api.us-east-1.amazonaws.com",
        "domainPrefix": "abcd1234",
        "extendedRequestId": "EXAMPLEextendedId=",
        "protocol": "HTTP/1.1",
        "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "requestTime": "09/Apr/2015:12:34:56 +0000",
        "requestTimeEpoch": 1428582896000,
        "resourceId": "efg567",
        "wafResponseCode": None,
        "webaclArn": None,
        "xrayTraceId": None,
        "identity.sourceIp": "192.0.2.1",
        "identity.userAgent": "curl/7.84.0",
    }
)

_IDENTITY_KEYS: Final = (
    "accountId",
    "apiKey",
    "apiKeyId",
    "caller",
    "clientCert",
    "cognitoAuthenticationProvider",
    "cognitoAuthenticationType",
    "cognitoIdentityId",
    "cognitoIdentityPoolId",
    "principalOrgId",
    "sourceIp",
    "user",
    "userAgent",
    "userArn",
    "vpcId",
    "vpceId",
)
_PATH_PARAMETER: Final = re.compile(r"\{([^{}]+?)\+?\}")


@dataclass(frozen=True, kw_only=True, slots=True)
class SampleRequest:
    """A client request to an API Gateway method, as the offline renderer sees it.

    :param body: the payload. A ``str`` is used as is, ``bytes`` are read as UTF-8, a mapping
        or a sequence is serialized with ``json.dumps``. Default: - no payload (``$input.body``
        is empty, ``$input.json('$')`` is ``{}``).
    :param path_params: values of the resource path's ``{name}`` parts. Default: - none.
    :param query: query-string parameters. Default: - none.
    :param headers: request headers; ``$input.params(name)`` finds them whatever the case of
        ``name``. Default: - none (``$context.identity.userAgent`` falls back to
        ``curl/7.84.0``).
    :param context: ``$context`` values replacing the defaults, by dotted name
        (``{"identity.sourceIp": "198.51.100.7"}``) or nested
        (``{"authorizer": {"claims": {"sub": "abc"}}}``). Default: - the deterministic values
        of :data:`DEFAULT_CONTEXT` (request id, times, account, API id...).
    :param stage_variables: ``$stageVariables``. Default: - none.
    :param http_method: ``$context.httpMethod``. Default: - ``POST``.
    :param resource_path: ``$context.resourcePath``, e.g. ``/profiles/{username}``; with
        ``path_params`` it also gives ``$context.path``. Default: - ``/``.
    :param stage: ``$context.stage``. Default: - ``test``.
    """

    body: str | bytes | Mapping[str, object] | Sequence[object] | None = None
    path_params: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    query: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    headers: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    context: Mapping[str, object] = field(default_factory=lambda: _EMPTY)
    stage_variables: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    http_method: str = "POST"
    resource_path: str = "/"
    stage: str = "test"


def body_text(body: str | bytes | Mapping[str, object] | Sequence[object] | None) -> str:
    """The payload as the text a client sends (``""`` for no payload)."""
    if body is None:
        return ""
    if isinstance(body, str):
        return body
    if isinstance(body, bytes | bytearray):
        return bytes(body).decode("utf-8", errors="replace")
    return json.dumps(body)


def media_type(value: str | None) -> str:
    """The MIME type of a ``Content-Type`` or ``Accept`` value, lower case, parameters such
    as ``charset`` dropped (API Gateway selects templates on it alone); ``""`` for none."""
    return (value or "").split(";", 1)[0].strip().lower()


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def _set_dotted(target: VtlMap, dotted: str, value: object) -> None:
    parts = dotted.split(".")
    node = target
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, VtlMap):
            child = VtlMap()
            node[part] = child
        node = child
    node[parts[-1]] = to_vtl(value)


def _merge(target: VtlMap, overrides: Mapping[str, object]) -> None:
    for key, value in overrides.items():
        existing = target.get(key)
        if "." not in key and isinstance(value, Mapping) and isinstance(existing, VtlMap):
            _merge(existing, value)
        else:
            _set_dotted(target, key, value)


def concrete_path(resource_path: str, path_params: Mapping[str, str]) -> str:
    """``resource_path`` with each ``{name}`` / ``{name+}`` replaced by its value (kept as
    written when no value is given)."""

    def replace(match: re.Match[str]) -> str:
        return path_params.get(match.group(1), match.group(0))

    return _PATH_PARAMETER.sub(replace, resource_path)


def build_context(request: SampleRequest) -> VtlMap:
    """``$context`` for ``request``: defaults, then what the request implies, then
    ``request.context``."""
    context = VtlMap()
    context["identity"] = VtlMap(dict.fromkeys(_IDENTITY_KEYS))
    context["authorizer"] = VtlMap(principalId=None, claims=None)
    context["error"] = VtlMap(
        message=None, messageString=None, responseType=None, validationErrorString=None
    )
    context["requestOverride"] = VtlMap(header=VtlMap(), path=VtlMap(), querystring=VtlMap())
    context["responseOverride"] = VtlMap(status=None, header=VtlMap())
    for key, value in DEFAULT_CONTEXT.items():
        _set_dotted(context, key, value)
    user_agent = _header(request.headers, "User-Agent")
    if user_agent is not None:
        _set_dotted(context, "identity.userAgent", user_agent)
    context["httpMethod"] = request.http_method.upper()
    context["resourcePath"] = request.resource_path
    context["stage"] = request.stage
    path = concrete_path(request.resource_path, request.path_params)
    context["path"] = f"/{request.stage}{path}"
    _merge(context, request.context)
    authorizer = context.get("authorizer")
    if isinstance(authorizer, VtlMap):
        # A Lambda authorizer's context values reach templates stringified ("1", "true").
        for key, value in authorizer.items():
            if key != "claims" and value is not None and not isinstance(value, Mapping):
                authorizer[key] = java_string(value)
    return context


def build_params(request: SampleRequest) -> VtlMap:
    """``$input.params()``: the map of ``path``, ``querystring`` and ``header`` parameters."""
    return VtlMap(
        path=VtlMap(request.path_params),
        querystring=VtlMap(request.query),
        header=VtlMap(request.headers),
    )


def find_param(params: VtlMap, name: str) -> str:
    """``$input.params(name)``: the path, then query-string, then header value of ``name``
    (header names compared without case), or ``""`` when there is none."""
    for location in ("path", "querystring"):
        found = params.get(location)
        if isinstance(found, Mapping) and name in found:
            return str(found[name])
    headers = params.get("header")
    if isinstance(headers, Mapping):
        value = _header(headers, name)
        if value is not None:
            return value
    return ""
