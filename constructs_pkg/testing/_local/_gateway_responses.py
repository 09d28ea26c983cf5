"""Gateway responses: what API Gateway answers by itself (unknown route, missing key, failed
validation, 415, timeouts...).

- Each type answers with its default status ("Gateway response types for API Gateway"), the
  body ``{"message":$context.error.messageString}`` and ``x-amzn-ErrorType``.
- A type the API does not customise inherits the API's ``DEFAULT_4XX`` / ``DEFAULT_5XX``
  customisation (templates, headers and status) by its default status class.
- Templates are *not* VTL: only ``$context.*``, ``$stageVariables.*`` and
  ``$method.request.{header|path|querystring}.*`` are substituted (``${...}`` too); anything
  else is left as written. The template is chosen by the request's ``Accept`` (MIME type
  only), else ``application/json``, else the first one.
- Headers come from ``gatewayresponse.header.<name>`` parameters: ``'literal'`` or
  ``method.request.{header|path|querystring}.<name>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from ..._apimodel import DEFAULT_GATEWAY_RESPONSE_TEMPLATE, GATEWAY_RESPONSE_STATUS, RestApi
from .._context import media_type
from .._values import java_string
from ._call import Call, GatewayError, lookup_dotted
from ._response import Headers, LocalResponse

__all__ = ["ERROR_TYPES", "gateway_response", "select_template"]

ERROR_TYPES: Final[Mapping[str, str]] = {
    "ACCESS_DENIED": "AccessDeniedException",
    "API_CONFIGURATION_ERROR": "InternalServerErrorException",
    "AUTHORIZER_CONFIGURATION_ERROR": "AuthorizerConfigurationException",
    "AUTHORIZER_FAILURE": "AuthorizerFailureException",
    "BAD_REQUEST_BODY": "BadRequestException",
    "BAD_REQUEST_PARAMETERS": "BadRequestException",
    "EXPIRED_TOKEN": "ExpiredTokenException",
    "INTEGRATION_FAILURE": "InternalServerErrorException",
    "INTEGRATION_TIMEOUT": "InternalServerErrorException",
    "INVALID_API_KEY": "ForbiddenException",
    "INVALID_SIGNATURE": "InvalidSignatureException",
    "MISSING_AUTHENTICATION_TOKEN": "MissingAuthenticationTokenException",
    "QUOTA_EXCEEDED": "LimitExceededException",
    "REQUEST_TOO_LARGE": "RequestTooLargeException",
    "RESOURCE_NOT_FOUND": "ResourceNotFoundException",
    "THROTTLED": "TooManyRequestsException",
    "UNAUTHORIZED": "UnauthorizedException",
    "UNSUPPORTED_MEDIA_TYPE": "UnsupportedMediaTypeException",
    "WAF_FILTERED": "WafFilteredException",
}
"""The ``x-amzn-ErrorType`` header of each gateway response type."""

_VARIABLE: Final = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z][\w.-]*)\}|(?P<bare>context(?:\.\w+)+|stageVariables\.\w+|"
    r"method\.request\.(?:header|path|querystring)\.[\w-]+))"
)


def select_template(templates: Mapping[str, str], accept: str | None) -> tuple[str, str] | None:
    """A response template by ``Accept`` (each listed MIME type, in order), else
    ``application/json``, else the first; ``None`` when there are none."""
    if not templates:
        return None
    by_type = {media_type(key): (key, text) for key, text in templates.items()}
    wanted = [media_type(part) for part in (accept or "").split(",") if part.strip()]
    for mime in wanted or ["application/json"]:
        if mime in by_type:
            return by_type[mime]
    return next(iter(templates.items()))


def _substitute(template: str, call: Call) -> str:
    def value(match: re.Match[str]) -> str:
        name = match["braced"] or match["bare"]
        if name.startswith("context."):
            found = lookup_dotted(call.context(), name[len("context.") :])
            return "" if found is None else java_string(found)
        if name.startswith("stageVariables."):
            return call.stage_variables.get(name[len("stageVariables.") :], "")
        if name.startswith("method.request."):
            return call.source(name) or ""
        return match.group(0)

    return _VARIABLE.sub(value, template)


def gateway_response(api: RestApi, call: Call, error: GatewayError) -> LocalResponse:
    """The response API Gateway gives for ``error`` on ``call``."""
    kind = error.response_type
    call.error = error
    call.invalidate()
    default_status = error.status or GATEWAY_RESPONSE_STATUS.get(kind) or 500
    family = "DEFAULT_4XX" if default_status < 500 else "DEFAULT_5XX"
    own = api.gateway_responses.get(kind)
    inherited = api.gateway_responses.get(family)
    status = default_status
    if inherited is not None and inherited.status_code:
        status = int(inherited.status_code)
    if own is not None and own.status_code:
        status = int(own.status_code)
    chosen = own if own is not None else inherited
    templates = (chosen.response_templates if chosen else None) or {
        "application/json": DEFAULT_GATEWAY_RESPONSE_TEMPLATE
    }
    headers = Headers()
    content_type, text = select_template(templates, call.header("Accept")) or (
        "application/json",
        "",
    )
    headers.set("Content-Type", content_type)
    for key, source in (chosen.response_parameters if chosen else {}).items():
        if key.startswith("gatewayresponse.header."):
            found = call.source(source)
            if found is not None:
                headers.set(key[len("gatewayresponse.header.") :], found)
    headers.set("x-amzn-ErrorType", ERROR_TYPES.get(kind, "InternalServerErrorException"))
    headers.set("x-amzn-RequestId", call.request_id)
    if error.detail:
        headers.set("X-Local-Error", error.detail.replace("\n", " "))
    body = _substitute(text, call).encode()
    return LocalResponse(
        status_code=status,
        headers=headers,
        body=body,
        response_type=kind,
        request_id=call.request_id,
    )
