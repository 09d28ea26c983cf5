"""The integration response: selection, response parameters, response template, overrides.

- Selection: for AWS and HTTP back ends the status code is matched, for a Lambda custom
  integration the error's ``errorMessage`` (a successful call takes the default response).
  A pattern must match the *whole* value, as Java's ``String.matches`` (``.`` does not match a
  newline); the first match in declared order wins, else the response without a pattern,
  else 500 (API_CONFIGURATION_ERROR).
- The selected status must be a method response of the method, else 500.
- ``method.response.header.<n>`` from ``integration.response.{header|multivalueheader}.<n>``,
  ``integration.response.body``, ``integration.response.body.<JSONPath>``, ``context.*``,
  ``stageVariables.*`` or ``'literal'``.
- Template by ``Accept`` (MIME type only; no ``Accept``: ``application/json``; no match: the
  first template); no template: the body passes through. ``Content-Type`` is the template's.
- ``$context.responseOverride.status`` / ``.header.<n>`` win over everything.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..._apimodel import IntegrationResponse, Method
from .._errors import TemplateRenderError
from .._render import render_response
from ._call import Call, GatewayError, read_body_path
from ._gateway_responses import select_template
from ._payloads import convert_response
from ._response import Headers, LocalResponse

__all__ = ["BackendAnswer", "lambda_proxy_response", "map_response", "select_response"]


@dataclass(frozen=True, slots=True)
class BackendAnswer:
    """What the integration answered, before the integration response.

    :param selection: the value matched against selection patterns (``None``: take the
        default response).
    """

    status: int
    headers: Headers
    body: bytes
    selection: str | None


def java_regex(pattern: str) -> str:
    """A Java regular expression in Python's syntax, for the constructs the two spell apart.

    Java's ``\\z`` (the very end of the input) is Python's ``\\Z``, and Java's ``\\Z`` (the end,
    before a final line terminator) is ``(?=\\n?\\Z)``; everything else (escaped characters
    included) is kept as written.
    """
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            out.append({"z": "\\Z", "Z": "(?=\\n?\\Z)"}.get(escaped, char + escaped))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


@lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str] | None:
    """A selection pattern (Java syntax, see :func:`java_regex`) compiled; ``None`` if invalid."""
    try:
        return re.compile(java_regex(pattern))
    except re.error:
        return None


def select_response(
    responses: tuple[IntegrationResponse, ...], selection: str | None
) -> IntegrationResponse:
    """The integration response for ``selection``.

    :raises GatewayError: API_CONFIGURATION_ERROR when none matches and there is no default.
    """
    default = None
    for response in responses:
        if not response.selection_pattern:
            if default is None:
                default = response
            continue
        if selection is None:
            continue
        compiled = _pattern(response.selection_pattern)
        if compiled is None:
            raise GatewayError(
                "API_CONFIGURATION_ERROR",
                "Internal server error",
                detail=f"selection pattern {response.selection_pattern!r} is not a regex",
            )
        if compiled.fullmatch(selection) is not None:
            return response
    if default is None:
        raise GatewayError(
            "API_CONFIGURATION_ERROR",
            "Internal server error",
            detail=f"no integration response matches {selection!r} and none is the default",
        )
    return default


def _response_source(source: str, answer: BackendAnswer, call: Call) -> str | None:
    body_text = answer.body.decode("utf-8", errors="replace")
    if source == "integration.response.body":
        return body_text
    if source.startswith("integration.response.body."):
        return read_body_path(body_text, source[len("integration.response.body.") :])
    if source.startswith("integration.response.header."):
        values = answer.headers.get_all(source[len("integration.response.header.") :])
        return values[-1] if values else None
    if source.startswith("integration.response.multivalueheader."):
        values = answer.headers.get_all(source[len("integration.response.multivalueheader.") :])
        return ",".join(values) if values else None
    return call.source(source)


def map_response(method: Method, answer: BackendAnswer, call: Call) -> LocalResponse:
    """The method response for ``answer``.

    :raises GatewayError: API_CONFIGURATION_ERROR (no matching response, no method response
        for its status, a template that fails).
    """
    integration = method.integration
    assert integration is not None
    chosen = select_response(integration.responses, answer.selection)
    declared = {response.status_code for response in method.method_responses}
    if chosen.status_code not in declared:
        raise GatewayError(
            "API_CONFIGURATION_ERROR",
            "Internal server error",
            detail=f"status {chosen.status_code} has no method response on {method.key}",
        )
    headers = Headers()
    for key, source in chosen.response_parameters.items():
        if not key.startswith("method.response.header."):
            continue
        value = _response_source(source, answer, call)
        if value is not None:
            headers.set(key[len("method.response.header.") :], value)
    status = int(chosen.status_code)
    body = answer.body
    selected = select_template(chosen.response_templates, call.header("Accept"))
    if selected is not None:
        content_type, template = selected
        try:
            rendered = render_response(
                template,
                body.decode("utf-8", errors="replace"),
                status=status,
                request=call.sample(),
            )
        except TemplateRenderError as error:
            raise GatewayError(
                "API_CONFIGURATION_ERROR",
                "Internal server error",
                detail=f"the response template failed: {error.message}",
            ) from error
        # an empty template passes the payload through, as no template does
        body = rendered.body.encode() if template else _passed_through(answer, chosen, call)
        status = rendered.status
        _apply(headers, "Content-Type", content_type, keep=True)
        for name, value in rendered.header_overrides.items():
            headers.set(name, value)
    else:
        body = _passed_through(answer, chosen, call)
        _apply(headers, "Content-Type", "application/json", keep=True)
    headers.set("x-amzn-RequestId", call.request_id)
    return LocalResponse(status_code=status, headers=headers, body=body, request_id=call.request_id)


def _passed_through(answer: BackendAnswer, chosen: IntegrationResponse, call: Call) -> bytes:
    return convert_response(
        answer.body,
        content_type=answer.headers.get("Content-Type"),
        accept=call.header("Accept"),
        handling=chosen.content_handling,
        binary_types=call.api.binary_media_types,
    )


def _apply(headers: Headers, name: str, value: str, *, keep: bool) -> None:
    if keep and name in headers:
        return
    headers.set(name, value)


def lambda_proxy_response(payload: object, call: Call) -> LocalResponse:
    """The client response of an ``AWS_PROXY`` Lambda result.

    :raises GatewayError: 502 for a malformed result.
    """
    if not isinstance(payload, Mapping) or not isinstance(payload.get("statusCode"), int | str):
        raise GatewayError(
            "INTEGRATION_FAILURE",
            "Internal server error",
            status=502,
            detail="malformed Lambda proxy response: it needs an integer statusCode",
        )
    try:
        status = int(payload["statusCode"])
    except ValueError as error:
        raise GatewayError(
            "INTEGRATION_FAILURE", "Internal server error", status=502, detail=str(error)
        ) from error
    headers = Headers()
    for name, value in (payload.get("headers") or {}).items():
        headers.set(str(name), str(value))
    for name, values in (payload.get("multiValueHeaders") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            if str(value) not in headers.get_all(str(name)):
                headers.add(str(name), str(value))
    raw = payload.get("body")
    text = "" if raw is None else raw if isinstance(raw, str) else str(raw)
    body = base64.b64decode(text) if payload.get("isBase64Encoded") else text.encode()
    if "Content-Type" not in headers:
        headers.set("Content-Type", "application/json")
    headers.set("x-amzn-RequestId", call.request_id)
    return LocalResponse(status_code=status, headers=headers, body=body, request_id=call.request_id)
