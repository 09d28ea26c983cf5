"""One model of a REST API: frozen value objects, no AWS calls, no CDK.

The same types describe an API read from a live account (:mod:`._from_boto`) and one read
from a synthesized CloudFormation template (:mod:`._from_template`), so ``diff`` compares like
with like, ``import`` generates code from either, and the local executor runs either.

Values are normalised on the way in (:mod:`._defaults`): API Gateway's defaults (passthrough
``WHEN_NO_MATCH``, timeout 29000 ms, connection ``INTERNET``, cache namespace = resource id) are
stored as ``None``, empty maps as ``{}``, and an empty mapping template (which API Gateway returns
as ``null``) as ``""``. The ``effective_*`` properties give the value API Gateway applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from ._defaults import DEFAULT_CONNECTION, DEFAULT_PASSTHROUGH, DEFAULT_TIMEOUT_MS

__all__ = [
    "Authorizer",
    "GatewayResponse",
    "Integration",
    "IntegrationResponse",
    "Method",
    "MethodResponse",
    "Model",
    "RequestValidator",
    "Resource",
    "RestApi",
    "RoleReference",
    "Stage",
    "Unresolved",
]

_EMPTY: Final[Mapping[str, str]] = MappingProxyType({})


class Unresolved(str):
    """A template value known only after deployment, e.g. ``<Function.Arn>``.

    It is a ``str`` (so every field keeps one type) whose text names what it stands for.
    """

    __slots__ = ()

    @property
    def text(self) -> str:
        """The text, e.g. ``<Function.Arn>``."""
        return str(self)


@dataclass(frozen=True, kw_only=True, slots=True)
class RoleReference:
    """An ``AWS::IAM::Role`` of the template used as integration credentials.

    :param logical_id: the role's logical id.
    :param name: its ``RoleName`` when the template gives one literally, else ``None``.
    """

    logical_id: str
    name: str | None = None

    def __str__(self) -> str:
        named = f" named {self.name!r}" if self.name else ""
        return f"role from template ({self.logical_id}{named})"


@dataclass(frozen=True, kw_only=True, slots=True)
class IntegrationResponse:
    """One integration response (``put_integration_response``).

    :param selection_pattern: ``None`` (or empty) marks the default response.
    """

    status_code: str
    selection_pattern: str | None = None
    response_parameters: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    response_templates: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    content_handling: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Integration:
    """A method's integration (``put_integration``); defaults normalised to ``None``.

    :param credentials: the role ARN API Gateway assumes (resolved text; an
        :class:`Unresolved` when the template knows it only after deployment).
    :param credentials_role: for a template, the role of the template the credentials name.
    :param responses: the integration responses, in the order declared.
    """

    type: str
    http_method: str | None = None
    uri: str | None = None
    credentials: str | None = None
    credentials_role: RoleReference | None = None
    request_parameters: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    request_templates: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    passthrough_behavior: str | None = None
    content_handling: str | None = None
    timeout_ms: int | None = None
    cache_namespace: str | None = None
    cache_key_parameters: tuple[str, ...] = ()
    connection_type: str | None = None
    connection_id: str | None = None
    tls_insecure_skip_verification: bool | None = None
    responses: tuple[IntegrationResponse, ...] = ()

    @property
    def effective_passthrough_behavior(self) -> str:
        """The passthrough behavior API Gateway applies (``WHEN_NO_MATCH`` when unset)."""
        return self.passthrough_behavior or DEFAULT_PASSTHROUGH

    @property
    def effective_timeout_ms(self) -> int:
        """The integration timeout API Gateway applies (29000 ms when unset)."""
        return self.timeout_ms or DEFAULT_TIMEOUT_MS

    @property
    def effective_connection_type(self) -> str:
        """``INTERNET`` unless a VPC link is set."""
        return self.connection_type or DEFAULT_CONNECTION


@dataclass(frozen=True, kw_only=True, slots=True)
class MethodResponse:
    """One method response (``put_method_response``)."""

    status_code: str
    response_parameters: Mapping[str, bool] = field(default_factory=dict)
    response_models: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class Method:
    """One method of one resource, with everything ``get_method`` returns.

    :param path: the resource path, e.g. ``/profiles/{username}``.
    :param logical_id: for a template, the method's logical id (``None`` for a live API).
    """

    path: str
    resource_id: str
    http_method: str
    authorization_type: str = "NONE"
    authorizer_id: str | None = None
    authorization_scopes: tuple[str, ...] = ()
    api_key_required: bool = False
    request_parameters: Mapping[str, bool] = field(default_factory=dict)
    request_models: Mapping[str, str] = field(default_factory=dict)
    request_validator_id: str | None = None
    operation_name: str | None = None
    method_responses: tuple[MethodResponse, ...] = ()
    integration: Integration | None = None
    logical_id: str | None = None

    @property
    def key(self) -> str:
        """``"GET /profiles/{username}"``: how reports name the method."""
        return f"{self.http_method} {self.path}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Resource:
    """One resource of the API's tree (``/`` has no parent and no path part)."""

    id: str
    path: str
    parent_id: str | None = None
    path_part: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class RequestValidator:
    """A request validator."""

    id: str
    name: str
    validate_body: bool = False
    validate_parameters: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class Model:
    """A model (never the built-in ``Empty`` or ``Error``).

    :param schema: the JSON schema as text, as API Gateway stores it.
    """

    name: str
    content_type: str
    schema: str | None = None
    description: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Authorizer:
    """An authorizer."""

    id: str
    name: str
    type: str
    provider_arns: tuple[str, ...] = ()
    authorizer_uri: str | None = None
    authorizer_credentials: str | None = None
    identity_source: str | None = None
    identity_validation_expression: str | None = None
    result_ttl_seconds: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Stage:
    """A stage of the API."""

    name: str
    description: str | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    tracing_enabled: bool = False
    has_other_settings: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class GatewayResponse:
    """A customised gateway response (``put_gateway_response``).

    :param response_type: e.g. ``DEFAULT_4XX``, ``MISSING_AUTHENTICATION_TOKEN``.
    :param status_code: ``None`` keeps the type's default status.
    """

    response_type: str
    status_code: str | None = None
    response_parameters: Mapping[str, str] = field(default_factory=dict)
    response_templates: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class RestApi:
    """A REST API as read: its settings, resource tree, methods and what they reference.

    :param logical_id: for a template, the ``AWS::ApiGateway::RestApi``'s logical id.
    :param gateway_responses: the customised gateway responses, by response type.
    :param api_key_values: the API keys whose values are known (a template's literal
        ``AWS::ApiGateway::ApiKey`` ``Value``s).
    """

    id: str
    name: str
    region: str
    description: str | None = None
    endpoint_types: tuple[str, ...] = ("EDGE",)
    binary_media_types: tuple[str, ...] = ()
    api_key_source: str | None = None
    minimum_compression_size: int | None = None
    disable_execute_api_endpoint: bool = False
    has_policy: bool = False
    resources: tuple[Resource, ...] = ()
    methods: tuple[Method, ...] = ()
    validators: Mapping[str, RequestValidator] = field(default_factory=dict)
    models: Mapping[str, Model] = field(default_factory=dict)
    authorizers: Mapping[str, Authorizer] = field(default_factory=dict)
    stages: tuple[Stage, ...] = ()
    gateway_responses: Mapping[str, GatewayResponse] = field(default_factory=dict)
    api_key_values: tuple[str, ...] = ()
    logical_id: str | None = None
