"""Render API Gateway mapping templates offline, on a real Velocity engine (``airspeed-ext``).

What a template sees, as in API Gateway ("Variables for data transformations for API Gateway"
in the API Gateway developer guide):

- ``$input``: ``body``, ``json(path)``, ``path(path)``, ``params()`` and ``params(name)``;
  in a response template ``body``/``json``/``path`` read the integration's response while
  ``params`` still reads the client's request.
- ``$util``: see :mod:`._util`.
- ``$context``: see :func:`._context.build_context`; a template may ``#set`` the
  ``requestOverride`` / ``responseOverride`` entries, which the result reports.
- ``$stageVariables``.

Anything else, notably ``$method.request.path.x`` (the syntax of *parameter mappings*, not a
template variable), is an unknown reference: it renders as nothing, as API Gateway does
(airspeed-ext renders unknown references silently for that reason, and LocalStack, built on
it, gives ``""`` for the boto3 example's ``$method.request.path.username``).

Where the guide is silent, these choices are made (each has a test):

- a definite JSONPath that matches nothing gives ``""``: ``$input.path`` renders nothing and
  ``$input.json`` renders ``""`` (a JSON empty string);
- an empty payload reads as ``{}`` for ``$input.json`` / ``$input.path``; ``$input.body`` is
  ``""``; a payload that is not JSON fails only when read with ``json``/``path``;
- objects render as Java maps (``{a=1, b=x}``), arrays as compact JSON (``[1,2]``), numbers and
  booleans as Java prints them;
- unresolved CDK tokens are replaced before rendering (see :func:`resolve_tokens`), as
  CloudFormation resolves them before API Gateway sees the template;
- an empty *response* template passes the integration's body through unchanged.

Known difference from the JVM engine: ``#foreach`` over a map iterates its keys (Velocity
iterates its values).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Final, Protocol

import airspeed  # type: ignore[import-untyped]

from ._context import (
    SampleRequest,
    body_text,
    build_context,
    build_params,
    find_param,
    media_type,
)
from ._errors import TemplateRenderError
from ._jsonpath import MISSING, JsonPathError, evaluate
from ._util import util_namespace
from ._values import VtlMap, java_string, to_plain, to_vtl

__all__ = [
    "HasRequestTemplates",
    "RenderedRequest",
    "RenderedResponse",
    "render_integration_request",
    "render_method_request",
    "render_request",
    "render_response",
    "resolve_tokens",
]

_TOKEN: Final = re.compile(r"[$#]\{Token\[[^\]]*\]\}")
_NO_OVERRIDES: Final[Mapping[str, str]] = MappingProxyType({})


class HasRequestTemplates(Protocol):
    """What :func:`render_method_request` needs of a method: its request templates, by
    content type (a ``ServiceIntegrationMethod`` has them)."""

    @property
    def request_templates(self) -> Mapping[str, str]: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class RenderedRequest:
    """The integration request a request template produced.

    :param body: the rendered template: the payload sent to the service.
    :param header_overrides: what the template ``#set`` in
        ``$context.requestOverride.header``, as text.
    :param path_overrides: ``$context.requestOverride.path``, as text.
    :param querystring_overrides: ``$context.requestOverride.querystring``, as text.
    """

    body: str
    header_overrides: Mapping[str, str] = field(default_factory=lambda: _NO_OVERRIDES)
    path_overrides: Mapping[str, str] = field(default_factory=lambda: _NO_OVERRIDES)
    querystring_overrides: Mapping[str, str] = field(default_factory=lambda: _NO_OVERRIDES)


@dataclass(frozen=True, kw_only=True, slots=True)
class RenderedResponse:
    """The method response a response template produced.

    :param body: the rendered template (or the integration's body, unchanged, for an empty
        template).
    :param status: the status code the client gets: ``status_override`` when it is a number,
        else the status the response was rendered for.
    :param status_override: what the template ``#set`` in ``$context.responseOverride.status``,
        as text; ``None`` when it set nothing.
    :param header_overrides: what the template ``#set`` in
        ``$context.responseOverride.header``, as text.
    """

    body: str
    status: int
    status_override: str | None = None
    header_overrides: Mapping[str, str] = field(default_factory=lambda: _NO_OVERRIDES)


def resolve_tokens(template: str, tokens: Mapping[str, str] | None = None) -> str:
    """``template`` with each unresolved CDK token (``${Token[TOKEN.123]}``,
    ``#{Token[...]}``) replaced, as CloudFormation would before API Gateway sees it.

    :param tokens: the text to put in place of a token, keyed by the token string.
        Default: - each token becomes its readable inner text, e.g. ``Token[TOKEN.123]``.
    """
    known = tokens or {}

    def replace(match: re.Match[str]) -> str:
        found = known.get(match.group(0))
        return found if found is not None else match.group(0)[2:-1]

    return _TOKEN.sub(replace, template)


class _Input:
    """``$input`` over one payload and the client's parameters."""

    def __init__(self, payload: str, params: VtlMap, *, where: str) -> None:
        self._payload = payload
        self._params = params
        self._where = where
        self._document: object = MISSING

    def namespace(self) -> VtlMap:
        return VtlMap(body=self._payload, json=self.json, path=self.path, params=self.params)

    def _parsed(self) -> object:
        if self._document is MISSING:
            if not self._payload.strip():
                self._document = VtlMap()
            else:
                try:
                    self._document = json.loads(self._payload)
                except json.JSONDecodeError as error:
                    raise TemplateRenderError(
                        "invalid-json-body",
                        f"the {self._where} is not JSON ({error}) but the template reads it "
                        f"with $input.json or $input.path: {self._payload[:80]!r}; send a JSON "
                        "body or read it with $input.body",
                    ) from error
        return self._document

    def _select(self, path: str) -> object:
        try:
            return evaluate(self._parsed(), path)
        except JsonPathError as error:
            raise TemplateRenderError("invalid-jsonpath", str(error)) from error

    def json(self, path: object = "$") -> str:
        """``$input.json(path)``: the selection as compact JSON; ``""`` (a JSON empty string)
        when a definite path matches nothing."""
        found = self._select(java_string(path) if path is not None else "$")
        if found is MISSING:
            found = ""
        return json.dumps(to_plain(found), separators=(",", ":"), ensure_ascii=False)

    def path(self, path: object = "$") -> object:
        """``$input.path(path)``: the selection as VTL objects (maps, lists, strings,
        numbers); ``""`` when a definite path matches nothing."""
        found = self._select(java_string(path) if path is not None else "$")
        if found is MISSING:
            return ""
        return to_vtl(found)

    def params(self, name: object = None) -> object:
        """``$input.params()`` (all parameters) or ``$input.params(name)`` (path, then query
        string, then header; ``""`` when absent)."""
        if name is None:
            return self._params
        return find_param(self._params, java_string(name))


@lru_cache(maxsize=512)
def _compile(template: str) -> airspeed.Template:
    """The parsed template (parsing costs far more than rendering; the result is reusable)."""
    compiled = airspeed.Template(template)
    compiled.ensure_compiled()
    return compiled


def _merge(template: str, namespace: VtlMap) -> str:
    try:
        return str(_compile(template).merge(namespace))
    except airspeed.TemplateSyntaxError as error:
        raise TemplateRenderError(
            "vtl-syntax-error",
            f"the template is not valid VTL: {error}; fix the template (API Gateway would "
            "reject it when the method is created)",
        ) from error
    except airspeed.TemplateExecutionError as error:
        cause = error.__cause__
        if isinstance(cause, TemplateRenderError):
            raise cause from error
        raise TemplateRenderError(
            "vtl-execution-error", f"the template failed while rendering: {error}"
        ) from error


def _namespace(request: SampleRequest, payload: str, *, where: str) -> VtlMap:
    params = build_params(request)
    return VtlMap(
        input=_Input(payload, params, where=where).namespace(),
        util=util_namespace(),
        context=build_context(request),
        stageVariables=VtlMap(request.stage_variables),
    )


def _as_text(values: object) -> Mapping[str, str]:
    if not isinstance(values, Mapping) or not values:
        return _NO_OVERRIDES
    return MappingProxyType({str(key): java_string(value) for key, value in values.items()})


def _section(context: VtlMap, name: str) -> VtlMap:
    found = context.get(name)
    return found if isinstance(found, VtlMap) else VtlMap()


def render_integration_request(
    template: str,
    request: SampleRequest | None = None,
    *,
    tokens: Mapping[str, str] | None = None,
) -> RenderedRequest:
    """Render a request template for ``request``, with what it overrides.

    :param template: the VTL of the request template; CDK tokens in it are replaced first
        (see :func:`resolve_tokens`).
    :param request: the client request. Default: - a ``POST /`` on stage ``test`` without
        payload or parameters.
    :param tokens: replacements for CDK tokens. Default: - each token becomes its inner text.
    :raises TemplateRenderError: when the template is not valid VTL or fails (code says why).
    """
    sample = request or SampleRequest()
    namespace = _namespace(sample, body_text(sample.body), where="request body")
    body = _merge(resolve_tokens(template, tokens), namespace)
    overrides = _section(_section(namespace, "context"), "requestOverride")
    return RenderedRequest(
        body=body,
        header_overrides=_as_text(overrides.get("header")),
        path_overrides=_as_text(overrides.get("path")),
        querystring_overrides=_as_text(overrides.get("querystring")),
    )


def render_request(
    template: str,
    request: SampleRequest | None = None,
    *,
    tokens: Mapping[str, str] | None = None,
) -> str:
    """The body a request template sends to the integration for ``request``: the ``body`` of
    :func:`render_integration_request`, whose parameters, defaults and errors it shares."""
    return render_integration_request(template, request, tokens=tokens).body


def render_response(
    template: str,
    body: str | bytes | Mapping[str, object] | Sequence[object],
    *,
    status: int = 200,
    request: SampleRequest | None = None,
    tokens: Mapping[str, str] | None = None,
) -> RenderedResponse:
    """Render a response template on an integration's response.

    An empty template (``""``, as the boto3 example's ``{"application/json": ""}``) passes
    ``body`` through unchanged, as API Gateway does.

    :param template: the VTL of the integration response's template.
    :param body: the integration's response payload; a mapping or sequence is serialized with
        ``json.dumps``.
    :param status: the status of the method response this template belongs to; the result's
        ``status`` unless the template overrides it. Default: - ``200``.
    :param request: the client request (``$input.params``, ``$context``). Default: - a
        ``POST /`` on stage ``test`` without payload or parameters.
    :param tokens: replacements for CDK tokens. Default: - each token becomes its inner text.
    :raises TemplateRenderError: when the template is not valid VTL or fails (code says why).
    """
    sample = request or SampleRequest()
    payload = body_text(body)
    if template == "":
        return RenderedResponse(body=payload, status=status)
    namespace = _namespace(sample, payload, where="integration response body")
    rendered = _merge(resolve_tokens(template, tokens), namespace)
    overrides = _section(_section(namespace, "context"), "responseOverride")
    raw_status = overrides.get("status")
    status_override = None if raw_status is None else java_string(raw_status)
    final_status = status
    if status_override is not None and status_override.strip().isdigit():
        final_status = int(status_override)
    return RenderedResponse(
        body=rendered,
        status=final_status,
        status_override=status_override,
        header_overrides=_as_text(overrides.get("header")),
    )


def _select_template(templates: Mapping[str, str], content_type: str) -> str:
    if not templates:
        raise TemplateRenderError(
            "no-request-templates",
            "the method has no request templates, so there is nothing to render; API Gateway "
            "passes the body through unchanged (passthrough_behavior WHEN_NO_TEMPLATES or "
            "WHEN_NO_MATCH) or answers 415 (NEVER): give the method a request template",
        )
    if content_type in templates:
        return templates[content_type]
    wanted = media_type(content_type)
    for key, template in templates.items():
        if media_type(key) == wanted:
            return template
    raise TemplateRenderError(
        "no-matching-template",
        f"the method has no request template for content type {content_type!r} (it has "
        f"{sorted(templates)!r}); API Gateway answers 415 Unsupported Media Type with "
        "passthrough_behavior WHEN_NO_TEMPLATES or NEVER: send one of those content types "
        "or add a template for this one",
    )


def _describe(resolved: object) -> str | None:
    """A short readable text for a resolved CDK token: a ``Ref`` gives the logical id, a
    ``Fn::GetAtt`` gives ``LogicalId.Attribute``."""
    if isinstance(resolved, str):
        return resolved
    if isinstance(resolved, Mapping) and len(resolved) == 1:
        ((function, argument),) = resolved.items()
        if function == "Ref" and isinstance(argument, str):
            return argument
        if (
            function == "Fn::GetAtt"
            and isinstance(argument, list)
            and all(isinstance(part, str) for part in argument)
        ):
            return ".".join(argument)
    return None


def _construct_tokens(method: object, template: str) -> dict[str, str]:
    """Readable stand-ins for the tokens of a construct's template (see :func:`_describe`)."""
    found = set(_TOKEN.findall(template))
    if not found:
        return {}
    # Imported here: the renderer itself works on plain strings, without the CDK.
    from aws_cdk import Stack
    from constructs import Construct

    if not isinstance(method, Construct):
        return {}
    stack = Stack.of(method)
    readable: dict[str, str] = {}
    for token in found:
        try:
            described = _describe(stack.resolve(token))
        except Exception:  # any resolution failure keeps the default text
            described = None
        if described is not None:
            readable[token] = described
    return readable


def render_method_request(
    method: HasRequestTemplates,
    request: SampleRequest | None = None,
    *,
    content_type: str = "application/json",
    tokens: Mapping[str, str] | None = None,
) -> str:
    """The body a method's request template sends to the service for ``request``.

    The template is chosen as API Gateway does, by the request's content type (an exact key
    first, then the same media type ignoring case and parameters such as ``charset``).

    :param method: a ``ServiceIntegrationMethod`` (anything with ``request_templates``).
    :param request: the client request; it gets a ``Content-Type`` header of
        ``content_type`` unless it has one. Default: - a ``POST /`` on stage ``test``
        without payload or parameters.
    :param content_type: the request's content type. Default: - ``application/json``, what
        API Gateway assumes when a client sends none.
    :param tokens: replacements for CDK tokens, by token string. Default: - for a construct,
        a ``Ref`` token becomes the logical id (``TableCD117FA1``) and a ``Fn::GetAtt`` token
        ``LogicalId.Attribute``; any other token its inner text (``Token[TOKEN.123]``).
    :raises TemplateRenderError: ``no-matching-template`` when no template matches
        ``content_type`` (API Gateway answers 415), ``no-request-templates`` when the method
        has none, or a rendering failure.
    """
    template = _select_template(method.request_templates, content_type)
    sample = request or SampleRequest()
    if not any(name.lower() == "content-type" for name in sample.headers):
        sample = dataclasses.replace(
            sample, headers={**sample.headers, "Content-Type": content_type}
        )
    readable = {**_construct_tokens(method, template), **(tokens or {})}
    return render_request(template, sample, tokens=readable)
