"""What ``constructs-pkg`` reads from a live REST API: frozen value objects, no AWS calls.

The reader fills them from boto3 answers, the code generator and the diff read them. Values are
normalized on the way in, so both sides of a comparison mean the same thing by "not set":
API Gateway's defaults (passthrough ``WHEN_NO_MATCH``, timeout 29000 ms, connection
``INTERNET``, cache namespace = resource id) are stored as ``None``, empty maps as ``{}``, and an
empty mapping template (which API Gateway returns as ``null``) as ``""``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "BUILTIN_MODELS",
    "DEFAULT_CONNECTION",
    "DEFAULT_PASSTHROUGH",
    "DEFAULT_TIMEOUT_MS",
    "AwsUri",
    "LiveApi",
    "LiveAuthorizer",
    "LiveIntegration",
    "LiveIntegrationResponse",
    "LiveMethod",
    "LiveMethodResponse",
    "LiveModel",
    "LiveResource",
    "LiveStage",
    "LiveValidator",
    "lambda_function_arn",
    "parse_aws_uri",
    "partition_of",
    "role_name",
]

DEFAULT_PASSTHROUGH = "WHEN_NO_MATCH"
"""API Gateway's passthrough behavior when none is set."""
DEFAULT_TIMEOUT_MS = 29000
"""API Gateway's integration timeout when none is set."""
DEFAULT_CONNECTION = "INTERNET"
BUILTIN_MODELS = frozenset({"Empty", "Error"})
"""Models every REST API has; never declared."""

_AWS_URI = re.compile(
    r"^arn:(?P<partition>[a-z-]+):apigateway:(?P<region>[a-z0-9-]*):"
    r"(?P<service>[A-Za-z0-9.-]+):(?P<kind>action|path)/(?P<rest>.*)$",
    re.DOTALL,
)
_LAMBDA_URI = re.compile(
    r"^arn:[a-z-]+:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/"
    r"(?P<function>arn:[^/]+)/invocations$"
)


@dataclass(frozen=True, kw_only=True, slots=True)
class AwsUri:
    """An ``AWS`` integration URI, ``arn:<partition>:apigateway:<region>:<service>:<kind>/...``.

    :param service: the URI's service part, e.g. ``"dynamodb"`` or ``"my-bucket.s3"``.
    :param action: the action of an action-style URI (``action/Scan``), else ``None``.
    :param action_parameters: ``k=v`` pairs after the action (``action/Send&QueueUrl=...``).
    :param path: the path of a path-style URI (``path/{bucket}/{key}``), else ``None``.
    """

    partition: str
    region: str
    service: str
    action: str | None = None
    action_parameters: Mapping[str, str] = field(default_factory=dict)
    path: str | None = None


def parse_aws_uri(uri: str) -> AwsUri | None:
    """Split an ``AWS`` integration URI; ``None`` when it is not of that form."""
    match = _AWS_URI.match(uri)
    if match is None:
        return None
    rest: str = match["rest"]
    partition, region, service = match["partition"], match["region"], match["service"]
    if match["kind"] == "path":
        if not rest:
            return None
        return AwsUri(partition=partition, region=region, service=service, path=rest)
    action, *pairs = rest.split("&")
    if not action or "?" in rest or "/" in action:
        return None
    parameters: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key or key in parameters:
            return None
        parameters[key] = value
    return AwsUri(
        partition=partition,
        region=region,
        service=service,
        action=action,
        action_parameters=parameters,
    )


def lambda_function_arn(uri: str | None) -> str | None:
    """The function ARN of a Lambda invocation URI (authorizers, ``AWS_PROXY``), else ``None``."""
    if uri is None:
        return None
    match = _LAMBDA_URI.match(uri)
    return match["function"] if match else None


def role_name(arn: str) -> str | None:
    """The name of a role ARN (``arn:aws:iam::123456789012:role/path/name`` → ``name``)."""
    match = re.match(r"^arn:[a-z-]+:iam::[0-9]*:role/(?:.*/)?(?P<name>[^/]+)$", arn)
    return match["name"] if match else None


def partition_of(region: str) -> str:
    """The AWS partition a region belongs to."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-iso-"):
        return "aws-iso"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    return "aws"


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveIntegrationResponse:
    """One integration response (``put_integration_response``)."""

    status_code: str
    selection_pattern: str | None = None
    response_parameters: Mapping[str, str] = field(default_factory=dict)
    response_templates: Mapping[str, str] = field(default_factory=dict)
    content_handling: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveIntegration:
    """A method's integration (``put_integration``); defaults normalized to ``None``."""

    type: str
    http_method: str | None = None
    uri: str | None = None
    credentials: str | None = None
    request_parameters: Mapping[str, str] = field(default_factory=dict)
    request_templates: Mapping[str, str] = field(default_factory=dict)
    passthrough_behavior: str | None = None
    content_handling: str | None = None
    timeout_ms: int | None = None
    cache_namespace: str | None = None
    cache_key_parameters: tuple[str, ...] = ()
    connection_type: str | None = None
    connection_id: str | None = None
    tls_insecure_skip_verification: bool | None = None
    responses: tuple[LiveIntegrationResponse, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveMethodResponse:
    """One method response (``put_method_response``)."""

    status_code: str
    response_parameters: Mapping[str, bool] = field(default_factory=dict)
    response_models: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveMethod:
    """One method of one resource, with everything ``get_method`` returns."""

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
    method_responses: tuple[LiveMethodResponse, ...] = ()
    integration: LiveIntegration | None = None

    @property
    def key(self) -> str:
        """``"GET /profiles/{username}"``: how reports name the method."""
        return f"{self.http_method} {self.path}"


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveResource:
    """One resource of the API's tree (``/`` has no parent and no path part)."""

    id: str
    path: str
    parent_id: str | None = None
    path_part: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveValidator:
    """A request validator a method references."""

    id: str
    name: str
    validate_body: bool = False
    validate_parameters: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveModel:
    """A model a method references (never ``Empty`` or ``Error``)."""

    name: str
    content_type: str
    schema: str | None = None
    description: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveAuthorizer:
    """An authorizer a method references."""

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
class LiveStage:
    """A stage of the API (only what the generated stack can carry over)."""

    name: str
    description: str | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    tracing_enabled: bool = False
    has_other_settings: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class LiveApi:
    """A REST API as read: its settings, resource tree, methods and what they reference."""

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
    resources: tuple[LiveResource, ...] = ()
    methods: tuple[LiveMethod, ...] = ()
    validators: Mapping[str, LiveValidator] = field(default_factory=dict)
    models: Mapping[str, LiveModel] = field(default_factory=dict)
    authorizers: Mapping[str, LiveAuthorizer] = field(default_factory=dict)
    stages: tuple[LiveStage, ...] = ()
