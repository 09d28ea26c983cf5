"""The options every preset shares, declared and documented once: :class:`PresetOptions`.

Every preset takes them as ``**options: Unpack[PresetOptions]`` (PEP 692), next to its own
keywords (the target, the preset's defaults such as ``http_method``). They are the keywords of
:class:`~constructs_pkg.ServiceIntegrationMethod` that do not identify the integration; the
preset supplies those itself (``service``, ``action`` or ``path``, ``integration_http_method``,
``region``, ``resources``, ``iam_actions``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypedDict

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_iam as iam

from .._grants import Permission
from .._method import RequestTemplate

if TYPE_CHECKING:
    from .._cors import Cors
    from .._templates import ResponseMapping

__all__ = ["PresetOptions"]


class PresetOptions(TypedDict, total=False):
    """The keywords every preset accepts besides its own, each meaning what it means on
    :class:`~constructs_pkg.ServiceIntegrationMethod`.

    A key left out, or given as ``None``, keeps what the preset decides (said under each key).
    ``request_parameters`` and ``additional_permissions`` are added to the preset's own; every
    other key replaces the preset's value.
    """

    role: iam.IRole | None
    """The role API Gateway assumes. When given, it is the integration's credentials as is, and
    the preset's permissions are added to its policy (an imported immutable role is left
    unchanged). Default: - the API's one shared role, trusted by ``apigateway.amazonaws.com``
    and granted exactly the preset's permissions (its action on its target, KMS where the
    target uses a customer managed key)."""

    cors: Cors | None
    """Cross-origin access for browsers: the CORS headers on every integration and method
    response of the method (errors included) and one ``OPTIONS`` preflight on the resource.
    Default: - no CORS headers and no preflight."""

    body_schema: apigw.JsonSchema | None
    """A JSON schema the ``application/json`` request body must match, checked by the API's
    shared request validator; a body that fails it gets 400 naming the field. Default: - the
    body is not validated."""

    authorization_type: apigw.AuthorizationType | None
    """The method's authorization type. Default: - the API's default method options, else
    ``NONE``."""

    authorizer: apigw.IAuthorizer | None
    """The authorizer. Default: - the API's default, else none."""

    authorization_scopes: Sequence[str] | None
    """OAuth scopes for a Cognito authorizer. Default: - none."""

    api_key_required: bool | None
    """Whether an API key is required. Default: - the API's default, else ``False``."""

    request_validator: apigw.IRequestValidator | None
    """The request validator. Default: - none, unless ``body_schema`` or a required query-string
    or header parameter is given: then the API's one shared validator (body and parameters)."""

    request_validator_options: apigw.RequestValidatorOptions | None
    """Options of a validator created for this method alone (not with ``request_validator``).
    Default: - none (see ``request_validator``)."""

    request_models: Mapping[str, apigw.IModel] | None
    """Content type to request model. Default: - none; with ``body_schema``, its model for
    ``application/json``."""

    operation_name: str | None
    """The method's operation name in generated SDKs. Default: - none."""

    timeout: Duration | None
    """The integration timeout (50 ms to 29 s, longer with a raised account quota). Default: -
    API Gateway's 29 seconds."""

    content_handling: apigw.ContentHandling | None
    """How API Gateway converts the request payload. Default: - passed through: bytes for the
    API's binary media types, text otherwise."""

    passthrough_behavior: apigw.PassthroughBehavior | None
    """What API Gateway does with a request whose content type has no template. Default: -
    ``WHEN_NO_TEMPLATES``: a preset with a generated template answers 415 to other content
    types; one without (S3) passes every body through."""

    request_templates: Mapping[str, RequestTemplate] | None
    """Content type to request template, replacing the preset's. Default: - the preset's
    generated template (none for the S3 presets), every request value escaped."""

    integration_responses: Sequence[apigw.IntegrationResponse] | ResponseMapping | None
    """The integration responses, replacing the preset's response and error mapping. Default:
    - the preset's: its success answer and ``error_mapping(<service>)`` (no service error is
    answered 200)."""

    method_responses: Sequence[apigw.MethodResponse] | None
    """The method responses. Default: - derived from the integration responses (one per status
    code and mapped header)."""

    request_parameters: Mapping[str, bool | str] | None
    """``method.request.*`` (required or not) and ``integration.request.*`` (a source
    expression) parameters, added to the preset's own; your keys win. Default: - only the
    preset's: the headers its service needs, the path mappings of its URI and the method
    parameters its template reads."""

    additional_permissions: Sequence[Permission] | None
    """More IAM permissions the role needs, added to the preset's (e.g. ``kms:Decrypt`` on a key
    the preset does not know about). Default: - only the preset's."""

    check_request_shape: bool
    """Whether the preset's request template (or the one you give) is checked against the
    operation's input shape in botocore's model at synth time. Pass ``False`` only for a member
    newer than the installed botocore knows (or upgrade botocore). Default: - ``True``: an
    unknown or missing member, or a value of the wrong type, raises ``ValidationError``
    before anything is created."""
