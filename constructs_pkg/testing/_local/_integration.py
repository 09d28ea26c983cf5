"""The integration request and the call: request template (by MIME type, with the passthrough
table), integration request parameters, ``$context.requestOverride``, then the call itself
(an AWS service through the backend, a MOCK, a Lambda handler).

AWS service calls are made as API Gateway makes them:

- action-style URIs (``dynamodb:action/PutItem``, ``sqs:action/SendMessage&QueueUrl=...``):
  ``Action=<name>`` and the URI's ``&k=v`` pairs as query string, then the mapped query
  parameters; path-style URIs (``s3:path/{bucket}/{key}``): the path with ``{x}`` filled from
  ``integration.request.path.x``;
- the integration's HTTP method and the rendered body (or the client's, passed through);
- ``Accept: application/json``, ``User-Agent: AmazonAPIGateway_<api id>``, the client's
  ``Content-Type`` (not for GET/HEAD/OPTIONS); for DynamoDB, Kinesis, Step Functions and SSM
  action-style calls the ``X-Amz-Target`` and ``application/x-amz-json`` content type API
  Gateway adds itself; then the user's mapped headers, then the template's
  ``requestOverride`` headers, which win.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import quote

from ..._apimodel import Integration, parse_aws_uri
from .._context import media_type
from .._errors import TemplateRenderError
from .._render import RenderedRequest, render_integration_request
from ._backend import ServiceRequest
from ._call import Call, GatewayError
from ._payloads import convert_request
from ._response import Headers

__all__ = [
    "IMPLICIT_TARGETS",
    "IntegrationRequest",
    "build_service_request",
    "mock_status",
    "prepare",
]

IMPLICIT_TARGETS: Final[Mapping[str, tuple[str, str]]] = {
    "dynamodb": ("DynamoDB_20120810", "application/x-amz-json-1.0"),
    "kinesis": ("Kinesis_20131202", "application/x-amz-json-1.1"),
    "states": ("AWSStepFunctions", "application/x-amz-json-1.0"),
    "ssm": ("AmazonSSM", "application/x-amz-json-1.1"),
}
"""Services whose ``action/`` integrations get ``X-Amz-Target`` without a mapping (AWS's own
tests run them with no mapped header); every other service needs the header mapped."""

_MOCK_STATUS: Final = re.compile(r"""["']?statusCode["']?\s*:\s*["']?\s*(-?\d+)""")
_NO_BODY_VERBS: Final = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(slots=True)
class IntegrationRequest:
    """The integration request after the template and the parameter mappings.

    :param templated: whether a request template was applied (else the body passed through).
    """

    body: bytes
    templated: bool
    path: dict[str, str] = field(default_factory=dict)
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: Headers = field(default_factory=Headers)


def _template_for(integration: Integration, call: Call) -> str | None:
    """The request template for the call's content type, ``None`` to pass the body through.

    :raises GatewayError: UNSUPPORTED_MEDIA_TYPE as the passthrough behavior decides.
    """
    templates = integration.request_templates
    wanted = media_type(call.header("Content-Type")) or "application/json"
    for key, text in templates.items():
        if media_type(key) == wanted:
            return text
    behavior = integration.effective_passthrough_behavior
    if behavior == "NEVER" or (behavior == "WHEN_NO_TEMPLATES" and templates):
        raise GatewayError(
            "UNSUPPORTED_MEDIA_TYPE",
            "Unsupported Media Type",
            detail=f"no request template for content type {wanted!r} (templates: "
            f"{sorted(templates)}) and passthrough behavior {behavior}",
        )
    return None


def _render(template: str, call: Call) -> RenderedRequest:
    try:
        return render_integration_request(template, call.sample())
    except TemplateRenderError as error:
        if error.code == "invalid-json-body":
            raise GatewayError(
                "BAD_REQUEST_BODY",
                "Could not parse request body into json",
                detail=error.message,
                status=400,
            ) from error
        raise GatewayError(
            "API_CONFIGURATION_ERROR",
            "Internal server error",
            detail=f"the request template failed: {error.message}",
        ) from error


def prepare(integration: Integration, call: Call) -> IntegrationRequest:
    """Apply the request template and the integration request parameters to ``call``.

    :raises GatewayError: 415 (passthrough), 400 (a body the template cannot read as JSON),
        500 (a template that fails).
    """
    template = _template_for(integration, call)
    rendered = _render(template, call) if template is not None else None
    if rendered is not None:
        body = rendered.body.encode()
    else:
        body = convert_request(
            call.body,
            content_type=call.header("Content-Type"),
            handling=integration.content_handling,
            binary_types=call.api.binary_media_types,
        )
    request = IntegrationRequest(body=body, templated=rendered is not None)
    for key, source in integration.request_parameters.items():
        value = call.source(source)
        if value is None:
            continue
        kind, _, name = key.removeprefix("integration.request.").partition(".")
        if kind == "path":
            request.path[name] = value
        elif kind == "querystring":
            request.query.append((name, value))
        elif kind == "header":
            request.headers.set(name, value)
        elif kind in ("multivaluequerystring",):
            request.query.extend((name, part) for part in value.split(","))
        elif kind == "multivalueheader":
            for part in value.split(","):
                request.headers.add(name, part)
    if rendered is not None:
        request.path.update(rendered.path_overrides)
        for name, value in rendered.querystring_overrides.items():
            request.query = [(k, v) for k, v in request.query if k != name]
            request.query.append((name, value))
        for name, value in rendered.header_overrides.items():
            request.headers.set(name, value)
    return request


def mock_status(request: IntegrationRequest) -> str | None:
    """The ``statusCode`` a MOCK's rendered template selects (CDK's non-JSON
    ``{ statusCode: 200 }`` included); ``None`` without a template (the default response).

    :raises GatewayError: 500 when the template gives no integer status.
    """
    if not request.templated:
        return None
    text = request.body.decode("utf-8", errors="replace")
    status: object = None
    try:
        document = json.loads(text)
        if isinstance(document, Mapping):
            status = document.get("statusCode")
    except ValueError:
        match = _MOCK_STATUS.search(text)
        status = match.group(1) if match else None
    if isinstance(status, bool) or not isinstance(status, int | str):
        status = None
    try:
        return str(int(status)) if status is not None else _no_status(text)
    except ValueError:
        return _no_status(text)


def _no_status(text: str) -> str:
    raise GatewayError(
        "API_CONFIGURATION_ERROR",
        "Internal server error",
        detail=f"the MOCK template gives no integer statusCode: {text[:80]!r}",
    )


def _fill(template: str, values: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return quote(values[name], safe="") if name in values else match.group(0)

    return re.sub(r"\{([^{}+]+)\+?\}", replace, template)


def build_service_request(
    integration: Integration, request: IntegrationRequest, call: Call, *, region: str
) -> tuple[ServiceRequest, str] | None:
    """The HTTP request API Gateway sends to an AWS service, and the action's name for
    reports (``dynamodb:PutItem``); ``None`` when the URI is no AWS service URI."""
    parsed = parse_aws_uri(integration.uri or "")
    if parsed is None:
        return None
    service_part = _fill(parsed.service, request.path)
    subdomain, _, service = service_part.rpartition(".")
    verb = (integration.http_method or "POST").upper()
    headers = Headers()
    headers.set("Accept", "application/json")
    headers.set("User-Agent", f"AmazonAPIGateway_{call.api_id}")
    client_type = call.header("Content-Type")
    if verb not in _NO_BODY_VERBS:
        headers.set("Content-Type", client_type or "application/json")
    query: list[tuple[str, str]] = []
    if parsed.action is not None:
        path = "/"
        query.append(("Action", parsed.action))
        query.extend(parsed.action_parameters.items())
        action = f"{service}:{parsed.action}"
        implicit = IMPLICIT_TARGETS.get(service)
        if implicit is not None:
            headers.set("X-Amz-Target", f"{implicit[0]}.{parsed.action}")
            headers.set("Content-Type", implicit[1])
    else:
        path = "/" + _fill(parsed.path or "", request.path).lstrip("/")
        action = f"{service}:{verb} {path}"
    query.extend(request.query)
    for name, value in request.headers.items_all():
        headers.set(name, value)
    timeout = integration.effective_timeout_ms / 1000
    return (
        ServiceRequest(
            service=service,
            subdomain=subdomain or None,
            region=parsed.region or region,
            method=verb,
            path=path,
            query=tuple(query),
            headers=dict(headers.items()),
            body=request.body,
            timeout_seconds=timeout,
        ),
        action,
    )
