"""CORS for service integration methods: headers on every real response, and a preflight.

Browsers read a cross-origin answer only when *that* answer carries
``Access-Control-Allow-Origin``; an ``OPTIONS`` preflight alone is not enough (aws-cdk #16876).
So :class:`Cors` adds the headers to every integration response of the method (success and
errors) and to the method responses that declare them, and the construct adds one
unauthenticated ``OPTIONS`` preflight per resource.

An allow-list of origins is never comma-joined (browsers reject such a header): each response
template starts with a prelude that compares the request's ``Origin`` with each allowed origin
and, on a match, sets ``$context.responseOverride.header.Access-Control-Allow-Origin`` to that
origin (a literal from the list, never the request's text). Any other origin gets no header.

Pure code: nothing here creates a construct.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import _checks as check
from .errors import ValidationError

if TYPE_CHECKING:
    from aws_cdk import Duration
    from aws_cdk import aws_apigateway as apigw

__all__ = [
    "CORS_DEFAULT_HEADERS",
    "Cors",
    "apply_cors",
    "cors_method_headers",
    "origin_prelude",
]

#: Request headers a preflight allows by default: aws-cdk-lib's ``Cors.DEFAULT_HEADERS`` and
#: ``Idempotency-Key`` (read by the presets that offer idempotency).
CORS_DEFAULT_HEADERS: tuple[str, ...] = (
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "X-Amz-Date",
    "X-Amz-Security-Token",
    "X-Amz-User-Agent",
    "X-Api-Key",
)

_ALLOW_ORIGIN = "Access-Control-Allow-Origin"
_HEADER_PREFIX = "method.response.header."
# scheme://host[:port]: nothing Velocity interprets and no quote, so the literal is safe in a
# single-quoted VTL string and in a '...' response parameter.
_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&*+.^_`|~-]+$")
_VERBS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


@dataclass(frozen=True, kw_only=True, slots=True)
class Cors:
    """Cross-origin access to a method, for browsers.

    ::

        Cors(allow_origins=["https://app.example.com"])                    # one origin
        Cors(allow_origins=["https://a.example.com", "https://b.example.com"],
             allow_credentials=True)                                         # an allow-list
        Cors(allow_origins=["*"])                                            # any origin

    :param allow_origins: the origins allowed: one origin (``"https://app.example.com"``, sent
        as a static header), ``["*"]`` (any origin), or several origins (the request's
        ``Origin`` is echoed when it is one of them, else no header is sent, and
        ``Vary: Origin`` tells caches the answer depends on it). Origins are
        ``scheme://host[:port]`` without a path or a trailing slash; they are lower-cased, as
        browsers send them.
    :param allow_headers: request headers the preflight allows. Default: -
        :data:`CORS_DEFAULT_HEADERS` (aws-cdk-lib's defaults and ``Idempotency-Key``).
    :param allow_methods: verbs the preflight allows. Default: - the verbs of the methods on
        the resource (computed at synth time, ``OPTIONS`` included); every verb when one of
        them is ``ANY``.
    :param allow_credentials: whether browsers may send cookies or HTTP authentication
        (``Access-Control-Allow-Credentials: true`` on every response). Not allowed with
        ``"*"``. Default: - ``False``, no header.
    :param expose_headers: response headers scripts may read besides the safe-listed ones.
        Default: - none, no header.
    :param max_age: how long browsers may cache a preflight answer. Default: - no
        ``Access-Control-Max-Age`` header (browsers cache for 5 seconds).
    :raises ValidationError: ``invalid-cors-origin``, ``invalid-cors-header``,
        ``invalid-cors-method`` or ``invalid-cors`` (``"*"`` with credentials).
    """

    allow_origins: Sequence[str]
    allow_headers: Sequence[str] = CORS_DEFAULT_HEADERS
    allow_methods: Sequence[str] | None = None
    allow_credentials: bool = False
    expose_headers: Sequence[str] = ()
    max_age: Duration | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        origins = tuple(
            _normalize_origin(o)
            for o in _as_tuple(self.allow_origins, "allow_origins", "invalid-cors-origin")
        )
        if not origins:
            raise ValidationError(
                "invalid-cors-origin",
                "Cors 'allow_origins' is empty; pass one origin "
                "(['https://app.example.com']), several, or ['*']",
            )
        for origin in origins:
            _check_origin(origin)
        if "*" in origins and len(origins) > 1:
            raise ValidationError(
                "invalid-cors-origin",
                f"Cors 'allow_origins' {list(origins)!r} mixes '*' with origins; pass ['*'] "
                "alone or only the origins",
            )
        if len(set(origins)) != len(origins):
            raise ValidationError(
                "invalid-cors-origin",
                f"Cors 'allow_origins' {list(origins)!r} lists an origin twice; list each once",
            )
        if origins == ("*",) and self.allow_credentials:
            raise ValidationError(
                "invalid-cors",
                "Cors allow_origins=['*'] with allow_credentials=True is refused by browsers; "
                "list the origins allowed to send credentials instead of '*'",
            )
        headers = _as_tuple(self.allow_headers, "allow_headers", "invalid-cors-header")
        exposed = _as_tuple(self.expose_headers, "expose_headers", "invalid-cors-header")
        for name, argument in [*((h, "allow_headers") for h in headers),
                               *((h, "expose_headers") for h in exposed)]:  # fmt: skip
            if check.is_token(name):
                continue
            if not isinstance(name, str) or not _HEADER_NAME.match(name):
                raise ValidationError(
                    "invalid-cors-header",
                    f"Cors {argument!r} holds {name!r}, which is not an HTTP header name; "
                    "use names such as 'Content-Type' (no spaces, quotes or commas)",
                )
        methods: tuple[str, ...] | None = None
        if self.allow_methods is not None:
            raw = _as_tuple(self.allow_methods, "allow_methods", "invalid-cors-method")
            methods = tuple(_check_verb(m) for m in raw)
            if not methods:
                raise ValidationError(
                    "invalid-cors-method",
                    "Cors 'allow_methods' is empty; omit it to allow the resource's methods",
                )
            if "ANY" in methods:
                methods = _VERBS
        object.__setattr__(self, "allow_origins", origins)
        object.__setattr__(self, "allow_headers", headers)
        object.__setattr__(self, "expose_headers", exposed)
        object.__setattr__(self, "allow_methods", methods)

    # -- what the construct uses --------------------------------------------------------------

    @property
    def is_allow_list(self) -> bool:
        """Whether the origin is echoed from a list (several origins) rather than static."""
        return len(self.allow_origins) > 1

    def key(self) -> tuple[object, ...]:
        """What two configurations must share to answer one resource's preflight."""
        max_age = None if self.max_age is None else self.max_age.to_seconds()
        return (
            tuple(self.allow_origins),
            tuple(self.allow_headers),
            None if self.allow_methods is None else tuple(self.allow_methods),
            self.allow_credentials,
            tuple(self.expose_headers),
            max_age,
        )

    def response_headers(self) -> dict[str, str]:
        """Headers every real response carries, as ``name -> 'literal'`` response parameters.

        ``Access-Control-Allow-Origin`` is static for one origin or ``"*"``; an allow-list sets
        it in the template (see :func:`origin_prelude`) and adds ``Vary: Origin`` here.
        """
        headers: dict[str, str] = {}
        if not self.is_allow_list:
            headers[_ALLOW_ORIGIN] = _quoted(self.allow_origins[0])
        if self.allow_origins != ("*",):
            headers["Vary"] = "'Origin'"
        if self.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "'true'"
        if self.expose_headers:
            headers["Access-Control-Expose-Headers"] = _quoted(",".join(self.expose_headers))
        return headers

    def preflight_headers(self, methods: str) -> dict[str, str]:
        """Headers of the preflight answer; ``methods`` is the comma-joined verb list (or a
        token resolving to it)."""
        headers = self.response_headers()
        headers["Access-Control-Allow-Headers"] = _quoted(",".join(self.allow_headers))
        headers["Access-Control-Allow-Methods"] = _quoted(methods)
        if self.max_age is not None:
            headers["Access-Control-Max-Age"] = _quoted(str(int(self.max_age.to_seconds())))
        return headers


def origin_prelude(cors: Cors) -> str:
    """The VTL that echoes the request's ``Origin`` when it is in the allow-list ("" if not a
    list). It writes nothing; it only ``#set``\\ s the response header override.

    Each origin is a checked literal in a single-quoted VTL string (no interpolation); the
    header is set to that literal, never to the request's text.
    """
    if not cors.is_allow_list:
        return ""
    branches = [
        "(" + "$cpCorsOrigin == '" + origin + "')"
        "#set($context.responseOverride.header." + _ALLOW_ORIGIN + " = '" + origin + "')"
        for origin in cors.allow_origins
    ]
    return (
        '#set($cpCorsOrigin = "")'
        "#set($cpCorsOrigin = $input.params().header.get('Origin'))"
        '#if("$!cpCorsOrigin" == "")'
        "#set($cpCorsOrigin = $input.params().header.get('origin'))"
        "#{end}"
        '#set($cpCorsOrigin = "$!cpCorsOrigin")'
        "#if" + "#elseif".join(branches) + "#{end}"
    )


def cors_method_headers(cors: Cors) -> dict[str, bool]:
    """The ``method.response.header.*`` declarations every method response needs."""
    names = [_ALLOW_ORIGIN, *cors.response_headers()]
    return {_HEADER_PREFIX + name: True for name in dict.fromkeys(names)}


def apply_cors(
    responses: Sequence[apigw.IntegrationResponse], cors: Cors
) -> tuple[list[apigw.IntegrationResponse], list[str]]:
    """``responses`` with the CORS headers mapped on each, and the origin prelude put in front
    of each response template (allow-lists only).

    A response without templates gets ``{"application/json": <prelude>$input.body}``, which
    passes the body through as an empty template would. A response with ``content_handling``
    (binary) is left without the prelude: API Gateway does not run templates on binary
    payloads, so the allow-list cannot be echoed there.

    :returns: the new responses, and the status codes of the binary responses left out.
    """
    from aws_cdk import aws_apigateway as apigw

    parameters = {_HEADER_PREFIX + name: value for name, value in cors.response_headers().items()}
    prelude = origin_prelude(cors)
    skipped: list[str] = []
    out: list[apigw.IntegrationResponse] = []
    for response in responses:
        merged = {**parameters, **dict(response.response_parameters or {})}
        templates: Mapping[str, str] | None = response.response_templates
        if prelude:
            if response.content_handling is not None:
                skipped.append(response.status_code)
            elif templates:
                templates = {ct: _prepend(prelude, vtl) for ct, vtl in templates.items()}
            else:
                templates = {"application/json": prelude + "$input.body"}
        out.append(
            apigw.IntegrationResponse(
                status_code=response.status_code,
                selection_pattern=response.selection_pattern,
                content_handling=response.content_handling,
                response_parameters=merged,
                response_templates=dict(templates) if templates else None,
            )
        )
    return out, skipped


def _prepend(prelude: str, template: str) -> str:
    """The prelude before ``template``; an empty template (pass-through) keeps passing the body
    through. The prelude writes nothing, so the template's output is unchanged."""
    return prelude + (template if template else "$input.body")


def _quoted(value: str) -> str:
    return "'" + value + "'"


def _as_tuple(values: Sequence[str], argument: str, code: str) -> tuple[str, ...]:
    if isinstance(values, str):
        raise ValidationError(
            code,
            f"Cors {argument!r} must be a list of strings, got the string {values!r}; "
            f"wrap it: {argument}=[{values!r}]",
        )
    return tuple(values)


def _normalize_origin(origin: str) -> str:
    """Browsers send the scheme and host in lower case: so do we (an unambiguous fix)."""
    if isinstance(origin, str) and not check.is_token(origin):
        return origin.lower()
    return origin


def _check_origin(origin: str) -> None:
    if check.is_token(origin) or origin == "*":
        return
    if not isinstance(origin, str) or not _ORIGIN.match(origin):
        raise ValidationError(
            "invalid-cors-origin",
            f"Cors origin {origin!r} is not an origin; write 'scheme://host[:port]' "
            "(e.g. 'https://app.example.com'), without a path, a trailing slash or a wildcard "
            "inside, or pass ['*'] for any origin",
        )


def _check_verb(verb: str) -> str:
    upper = verb.strip().upper() if isinstance(verb, str) else verb
    if upper not in (*_VERBS, "ANY"):
        raise ValidationError(
            "invalid-cors-method",
            f"Cors 'allow_methods' holds {verb!r}, which is not an HTTP method; use "
            f"{', '.join(_VERBS)} or ANY{check.did_you_mean(str(upper), _VERBS)}",
        )
    return str(upper)
