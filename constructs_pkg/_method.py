"""``ServiceIntegrationMethod``: one REST API method backed by an AWS service action.

It replaces the four boto3 calls ``put_method``, ``put_method_response``, ``put_integration``
and ``put_integration_response`` (and the hand-made role) with one declaration that emits an
``AWS::ApiGateway::Method`` and grants a least-privilege execution role.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple, TypeGuard, cast

from aws_cdk import Annotations, Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_iam as iam
from constructs import Construct

from . import _checks as check
from . import _method_responses as responses
from ._catalogue import Operation, normalize_service, operation, operation_for_path
from ._cors import Cors, apply_cors, cors_method_headers
from ._grants import Permission, check_iam_action
from ._registry import ApiRegistry, path_of
from ._templates._lint import lint_template
from ._templates._protocol import RequestTemplateSource
from ._templates._request import JsonTemplate, has_template_values
from ._templates._response_templates import ResponseMapping
from .errors import ValidationError

__all__ = ["RequestTemplate", "RequestTemplateSource", "ServiceIntegrationMethod"]

WARN_WILDCARD_RESOURCES = "constructs_pkg:wildcard-resources"
WARN_TEMPLATE_LINT = "constructs_pkg:template-lint"
WARN_CORS_BINARY = "constructs_pkg:cors-binary-response"
WARN_IMPORTED_API_VALIDATION = "constructs_pkg:imported-api-validation-responses"

_PATH_PLACEHOLDER = re.compile(r"(?<!\$)\{([A-Za-z0-9_.-]+)\+?\}")
_METHOD_PARAM = "method.request."
_INTEGRATION_PARAM = "integration.request."


RequestTemplate = str | Mapping[str, object] | Sequence[object] | RequestTemplateSource
"""A request template: VTL text (verbatim), a dict/list (``json.dumps``, or compiled to an
escaping template when it holds ``From`` values) or a generated template."""


class _Plan(NamedTuple):
    """Everything the construct needs, computed and checked before any child is created.

    A NamedTuple rather than a slotted dataclass: private and immutable either way, and about
    0.7 ms cheaper to create at import (every `cdk synth` pays it).
    """

    http_method: str
    service: str
    operation: Operation | None
    integration_http_method: str
    request_templates: dict[str, str]
    integration_responses: list[apigw.IntegrationResponse]
    method_responses: list[apigw.MethodResponse]
    method_parameters: dict[str, bool]
    integration_parameters: dict[str, str]
    iam_actions: list[str]
    grant_resources: list[str] | None
    additional_permissions: list[Permission]
    validates: bool
    warnings: list[tuple[str, str]]


class ServiceIntegrationMethod(apigw.Method):
    """A REST API method whose integration calls an AWS service action (integration type ``AWS``).

    The keywords mirror the boto3 function it replaces, ``add_integration_method(resource_id,
    rest_method, service_endpoint_prefix, service_action, service_method, role_arn,
    mapping_template)``. With only the required keywords, the method is exactly what those four
    SDK calls make: authorization ``NONE``, one ``200`` method response with the ``Empty``
    model, one default ``200`` integration response with an empty JSON template, passthrough
    ``WHEN_NO_TEMPLATES``, and the role's ARN as the integration credentials.

    :param scope: the construct's parent. On a resource handed out by :class:`MethodShards`
        in one of its nested stacks, the construct is created in that nested stack instead (see
        ``MethodShards``).
    :param construct_id: the construct's id; the construct is the ``aws_apigateway.Method`` (its
        ``AWS::ApiGateway::Method`` is the default child, ``Resource``).
    :param resource: the API Gateway resource the method is added to.
    :param http_method: the client's verb: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY,
        in any case.
    :param service: the AWS service, as its integration-URI name (``"dynamodb"``, ``"states"``,
        ``"events"``) or its boto3 client name (``"stepfunctions"``, ``"eventbridge"``);
        normalized to the URI name.
    :param action: the service action for an action-style URI
        (``arn:<partition>:apigateway:<region>:<service>:action/<action>``), checked against
        botocore's model of the service. Exactly one of ``action`` and ``path``.
    :param path: the path of a path-style URI
        (``arn:<partition>:apigateway:<region>:<service>:path/<path>``), e.g. ``"{bucket}/{key}"``
        for S3; each ``{param}`` must be mapped by ``request_parameters`` or be a path parameter
        of ``resource`` of the same name (then it is mapped for you).
    :param integration_http_method: the verb API Gateway uses toward the service.
        Default: - derived from the operation: ``POST`` for action-style URIs (json and query
        protocols), the operation's own verb for path-style calls.
    :param role: the role API Gateway assumes (the example's ``role_arn``). When given, it is
        the integration's credentials as is; if ``resources`` is given too, the derived actions
        on those ARNs are added to the role's policy (an immutable imported role is left
        unchanged). Default: - one role per REST API, trusted by ``apigateway.amazonaws.com``,
        shared by all of the API's ``ServiceIntegrationMethod``\\ s, granted exactly each
        method's action on that method's ``resources``.
    :param resources: the ARNs the derived IAM action is allowed on, e.g.
        ``[table.table_arn]``. Default: - required when no ``role`` is given, except for actions
        IAM cannot scope to a resource, which are granted on ``"*"`` with a warning.
    :param iam_actions: the IAM actions to grant. Default: - ``<iam-prefix>:<Action>`` of the
        operation, e.g. ``dynamodb:GetItem`` (``cloudwatch:PutMetricData`` for ``monitoring``).
    :param request_templates: content type to template. A ``str`` is used verbatim, a
        ``dict``/``list`` is serialized with plain ``json.dumps`` (as the boto3 example does),
        a generated template (``JsonTemplate``...) is rendered. Default: - no template.
    :param passthrough_behavior: what API Gateway does with a request whose content type has no
        template. Default: - ``WHEN_NO_TEMPLATES`` (such requests get 415 when templates exist).
    :param integration_responses: the integration responses. Default: - one default ``200`` with
        the template ``{"application/json": ""}``, as the example's ``put_integration_response``.
    :param method_responses: the method responses. Default: - derived from the integration
        responses: one per status code, with the ``Empty`` model for ``application/json`` and
        every ``method.response.header.*`` they map. When given, they must declare each
        integration response's status code and mapped headers.
    :param request_parameters: ``method.request.*`` keys with a ``bool`` (required or not) are
        method request parameters; ``integration.request.*`` keys with a source expression
        (``"method.request.path.key"`` or a quoted literal ``"'value'"``) are integration
        request parameters. Default: - only the headers the service protocol needs (e.g.
        ``Content-Type: application/x-www-form-urlencoded`` for SQS) and the path mappings of
        ``path``; your own keys win over derived ones.
    :param region: the region of the service endpoint. Default: - the stack's region (a
        CloudFormation token, never a literal).
    :param content_handling: how to convert request payloads. Default: - passed through.
    :param timeout: the integration timeout. Default: - API Gateway's 29 seconds.
    :param authorization_type: the method's authorization type. Default: - the API's default
        method options, else ``NONE``.
    :param authorizer: the authorizer. Default: - the API's default, else none.
    :param authorization_scopes: OAuth scopes for a Cognito authorizer. Default: - none.
    :param api_key_required: whether an API key is required. Default: - the API's default, else
        ``False``.
    :param request_validator: the request validator. Default: - none, unless ``body_schema``
        or a required query-string or header parameter is given: then the API's one shared
        validator (body and parameters), created once per REST API.
    :param request_validator_options: options of a validator aws-cdk-lib creates for this
        method alone. Default: - none (see ``request_validator``).
    :param request_models: content type to request model. Default: - none; with
        ``body_schema``, its model for ``application/json``.
    :param operation_name: the method's operation name in SDKs. Default: - none.
    :param additional_permissions: more IAM permissions the role needs, e.g. ``kms:Decrypt`` on
        a customer managed key (:func:`kms_permissions`) or a query on ``<table>/index/*``;
        granted like the method's own action (merged into the shared role's policy, or added
        to ``role``'s). Default: - none.
    :param cors: cross-origin access for browsers: the CORS headers on every integration and
        method response of this method (errors included; an allow-list echoes the request's
        ``Origin`` only when listed), and one ``OPTIONS`` preflight per resource (a MOCK
        integration without authorization or API key, whatever the API's defaults). Default:
        - no CORS headers and no preflight.
    :param body_schema: a JSON schema for the request body: an ``apigw.Model`` for
        ``application/json`` (named after ``construct_id``), checked by the API's one shared
        request validator; a body that fails it gets 400 ``{"message": "<which field is
        wrong>", "type": "BadRequestBody"}`` from the API's one ``BAD_REQUEST_BODY`` gateway
        response (not added on an imported API: a warning says so). Bodies of other content
        types are not validated. Default: - the body is not validated.
    :param check_request_shape: whether each request template is checked against the input
        shape of the operation in botocore's model before anything is created: a template whose
        structure is known (a dict or list, ``JsonTemplate``, ``FormTemplate``,
        ``DynamoDbItem``, a preset's body) with an unknown member, a missing required member
        or a value of the wrong type, outside its enum or range raises ``ValidationError``
        (``unknown-request-member``, ``missing-request-member``, ``invalid-request-value``);
        a VTL string is rendered with a sample request and, when the result parses, gets the
        same checks as warnings (``constructs_pkg:request-shape:*``). Pass ``False`` for a
        member newer than the installed botocore knows (or upgrade botocore). Response
        templates and selection patterns are checked either way (warnings only). Default: -
        ``True``: requests the service would reject are refused at synth time.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        http_method: str,
        service: str,
        action: str | None = None,
        path: str | None = None,
        integration_http_method: str | None = None,
        role: iam.IRole | None = None,
        resources: Sequence[str] | None = None,
        iam_actions: Sequence[str] | None = None,
        request_templates: Mapping[str, RequestTemplate] | None = None,
        passthrough_behavior: apigw.PassthroughBehavior | None = None,
        integration_responses: Sequence[apigw.IntegrationResponse] | ResponseMapping | None = None,
        method_responses: Sequence[apigw.MethodResponse] | None = None,
        request_parameters: Mapping[str, bool | str] | None = None,
        region: str | None = None,
        content_handling: apigw.ContentHandling | None = None,
        timeout: Duration | None = None,
        authorization_type: apigw.AuthorizationType | None = None,
        authorizer: apigw.IAuthorizer | None = None,
        authorization_scopes: Sequence[str] | None = None,
        api_key_required: bool | None = None,
        request_validator: apigw.IRequestValidator | None = None,
        request_validator_options: apigw.RequestValidatorOptions | None = None,
        request_models: Mapping[str, apigw.IModel] | None = None,
        operation_name: str | None = None,
        additional_permissions: Sequence[Permission] | None = None,
        cors: Cors | None = None,
        body_schema: apigw.JsonSchema | None = None,
        check_request_shape: bool = True,
    ) -> None:
        # resource.path costs a call into jsii: read only where a path-style URI needs it (and
        # not even then for a resource handed out by path)
        resource_path = path_of(resource) if path is not None else ""
        plan = _plan(
            resource_path=resource_path,
            http_method=http_method,
            service=service,
            action=action,
            path=path,
            integration_http_method=integration_http_method,
            has_role=role is not None,
            resources=resources,
            iam_actions=iam_actions,
            request_templates=request_templates,
            integration_responses=integration_responses,
            method_responses=method_responses,
            request_parameters=request_parameters,
            additional_permissions=additional_permissions,
            cors=cors,
            body_schema=body_schema,
            request_models=request_models,
            request_validator=request_validator,
            request_validator_options=request_validator_options,
            check_request_shape=check_request_shape,
        )
        registry = ApiRegistry.for_resource(resource)
        registry.check_claim(resource, plan.http_method)
        if cors is not None:
            registry.check_preflight(resource, cors)
        # on a resource of MethodShards: created in that resource's nested stack
        home, home_id = registry.method_scope(scope, construct_id)

        the_role: iam.IRole = role if role is not None else registry.shared_role().role
        grants = [(plan.iam_actions, plan.grant_resources)] if plan.grant_resources else []
        grants += [(list(p.actions), list(p.resources)) for p in plan.additional_permissions]
        for actions, granted in grants:
            if role is None:
                registry.shared_role().grant(actions, granted)
            else:
                role.add_to_principal_policy(
                    iam.PolicyStatement(actions=actions, resources=granted)
                )

        models = dict(request_models) if request_models is not None else {}
        body_model: apigw.Model | None = None
        if body_schema is not None:
            # a sibling of the method (whose id it extends), created before the method uses it
            body_model = apigw.Model(
                home,
                f"{home_id}BodyModel",
                rest_api=registry.api,
                content_type="application/json",
                model_name=registry.model_name(construct_id),
                schema=body_schema,
            )
            models["application/json"] = body_model
        validator = request_validator
        if plan.validates and validator is None and request_validator_options is None:
            validator = registry.request_validator()

        integration = apigw.AwsIntegration(
            service=plan.service,
            action=action,
            path=path,
            integration_http_method=plan.integration_http_method,
            region=region,
            options=apigw.IntegrationOptions(
                credentials_role=the_role,
                request_templates=plan.request_templates or None,
                passthrough_behavior=passthrough_behavior
                or apigw.PassthroughBehavior.WHEN_NO_TEMPLATES,
                integration_responses=plan.integration_responses,
                request_parameters=plan.integration_parameters or None,
                content_handling=content_handling,
                timeout=timeout,
            ),
        )
        super().__init__(
            home,
            home_id,
            resource=resource,
            http_method=plan.http_method,
            integration=integration,
            options=apigw.MethodOptions(
                method_responses=plan.method_responses,
                request_parameters=plan.method_parameters or None,
                authorization_type=authorization_type,
                authorizer=authorizer,
                authorization_scopes=authorization_scopes,
                api_key_required=api_key_required,
                request_validator=validator,
                request_validator_options=request_validator_options,
                request_models=models or None,
                operation_name=operation_name,
            ),
        )
        registry.claim(resource, plan.http_method, self)
        warnings = list(plan.warnings)
        if plan.validates and not registry.add_validation_responses() and registry.api_is_imported:
            warnings.append(
                (
                    WARN_IMPORTED_API_VALIDATION,
                    "the API is imported, so no BAD_REQUEST_BODY / BAD_REQUEST_PARAMETERS "
                    "gateway response was added (the API may have its own, and a second one of "
                    "a type fails at deploy): invalid requests get API Gateway's generic 400 "
                    "unless the stack that defines the API adds them",
                )
            )
        for warning_id, message in warnings:
            Annotations.of(self).add_warning_v2(warning_id, message)

        self.service = plan.service
        """The integration-URI service name, e.g. ``"states"`` for ``"stepfunctions"``."""
        self.operation = plan.operation
        """The botocore operation this method calls (``None`` for an unknown path-style call)."""
        self.request_templates: Mapping[str, str] = plan.request_templates
        """Content type to the VTL text sent to API Gateway (CDK tokens unresolved)."""
        self.integration_responses: Sequence[apigw.IntegrationResponse] = plan.integration_responses
        """The integration responses the method was given or defaulted to."""
        self.role: iam.IRole = the_role
        """The role API Gateway assumes to call the service."""
        self.body_model = body_model
        """The request model made from ``body_schema`` (``None`` without one)."""
        if cors is not None:
            registry.add_preflight(resource, cors)

    @property
    def method(self) -> apigw.Method:
        """The ``aws_apigateway.Method``: this construct itself (it is one)."""
        return self


def _plan(
    *,
    resource_path: str,
    http_method: str,
    service: str,
    action: str | None,
    path: str | None,
    integration_http_method: str | None,
    has_role: bool,
    resources: Sequence[str] | None,
    iam_actions: Sequence[str] | None,
    request_templates: Mapping[str, RequestTemplate] | None,
    integration_responses: Sequence[apigw.IntegrationResponse] | ResponseMapping | None,
    method_responses: Sequence[apigw.MethodResponse] | None,
    request_parameters: Mapping[str, bool | str] | None,
    additional_permissions: Sequence[Permission] | None = None,
    cors: Cors | None = None,
    body_schema: apigw.JsonSchema | None = None,
    request_models: Mapping[str, apigw.IModel] | None = None,
    request_validator: apigw.IRequestValidator | None = None,
    request_validator_options: apigw.RequestValidatorOptions | None = None,
    check_request_shape: bool = True,
) -> _Plan:
    """Check every argument and derive what was left out; raise before anything is built."""
    verb = check.http_method(http_method)
    check.non_empty(service, argument="service")
    uri_service = normalize_service(service)
    if action is not None and path is not None:
        raise ValidationError(
            "both-action-and-path",
            f"got both 'action' {action!r} and 'path' {path!r}; pass 'action' for an "
            "action-style URI or 'path' for a path-style URI, not both",
        )
    if action is None and path is None:
        raise ValidationError(
            "missing-action-or-path",
            f"neither 'action' nor 'path' was given for service {uri_service!r}; pass "
            "'action' (e.g. action='GetItem') or 'path' (e.g. path='{bucket}/{key}')",
        )
    warnings: list[tuple[str, str]] = []
    op: Operation | None
    if action is not None:
        # the user's own service name: "sesv2" and "ses" share the URI name "email"
        op = operation(service, check.non_empty(action, argument="action"))
        integration_verb = (
            check.http_method(integration_http_method, argument="integration_http_method")
            if integration_http_method is not None
            else op.http_method
        )
    else:
        assert path is not None
        check.non_empty(path, argument="path")
        integration_verb = (
            check.http_method(integration_http_method, argument="integration_http_method")
            if integration_http_method is not None
            else ""
        )
        op = operation_for_path(service, path, integration_verb or verb)
        if not integration_verb:
            integration_verb = op.http_method if op is not None else verb
            if integration_verb == "ANY":
                raise ValidationError(
                    "missing-integration-http-method",
                    f"cannot derive the integration verb of path {path!r} for http_method ANY; "
                    "pass 'integration_http_method', e.g. 'GET'",
                )

    templates, template_params = _render_templates(request_templates, op)
    for content_type, text in templates.items():
        warnings.extend(_lint(content_type, text))
    if check_request_shape and request_templates:
        from ._synth_checks import check_request_templates

        warnings.extend(
            check_request_templates(
                request_templates, templates, op=op, service=service, path_style=path is not None
            )
        )

    extra_statuses: tuple[str, ...] = ()
    if _is_response_mapping(integration_responses):
        extra_statuses = integration_responses.extra_status_codes
        integration_list = list(integration_responses.integration_responses)
    else:
        plain = cast("Sequence[apigw.IntegrationResponse] | None", integration_responses)
        integration_list = list(plain or responses.parity_integration_responses())
    responses.check_integration_responses(integration_list)
    if cors is not None:
        _check_cors(cors, verb)
        integration_list, binary = apply_cors(integration_list, cors)
        if binary:
            warnings.append(
                (
                    WARN_CORS_BINARY,
                    f"integration responses {', '.join(binary)} convert binary content, which "
                    "no template runs on, so the request's Origin cannot be echoed from the "
                    "allow-list there; use one origin for binary responses",
                )
            )
    from ._response_checks import response_warnings, selection_pattern_warnings

    warnings.extend(selection_pattern_warnings(uri_service, integration_list))
    warnings.extend(response_warnings(op, integration_list))
    if method_responses is None:
        method_list = responses.derive_method_responses(integration_list, extra_statuses)
    else:
        method_list = list(method_responses)
    if cors is not None:
        method_list = _with_headers(method_list, cors_method_headers(cors))
    if method_responses is not None:
        responses.check_pairing(integration_list, method_list, extra_statuses)

    method_params, integration_params = _split_parameters(request_parameters)
    for key, required in template_params.items():
        method_params.setdefault(key, required)
    if op is not None:
        for header, value in op.headers.items():
            integration_params.setdefault(f"integration.request.header.{header}", f"'{value}'")
    if path is not None:
        _map_path_placeholders(path, resource_path, integration_params)
    for source in integration_params.values():
        if source.startswith(_METHOD_PARAM):
            method_params.setdefault(source, True)

    actions = list(iam_actions) if iam_actions is not None else ([op.iam_action] if op else [])
    for iam_action in actions:
        check_iam_action(iam_action)
    extra_permissions = _check_permissions(additional_permissions)
    validates = _check_validation(
        body_schema=body_schema,
        request_models=request_models,
        request_validator=request_validator,
        request_validator_options=request_validator_options,
        method_params=method_params,
    )
    grant_resources = _grant_resources(
        has_role=has_role, resources=resources, actions=actions, op=op, service=uri_service
    )
    if grant_resources == ["*"] and resources is None:
        warnings.append(
            (
                WARN_WILDCARD_RESOURCES,
                f"{', '.join(actions)} cannot be limited to a resource in IAM, so it is granted "
                "on '*'; this is the narrowest grant AWS offers for it",
            )
        )
    return _Plan(
        http_method=verb,
        service=uri_service,
        operation=op,
        integration_http_method=integration_verb,
        request_templates=templates,
        integration_responses=integration_list,
        method_responses=method_list,
        method_parameters=method_params,
        integration_parameters=integration_params,
        iam_actions=actions,
        grant_resources=grant_resources,
        additional_permissions=extra_permissions,
        validates=validates,
        warnings=warnings,
    )


def _is_response_mapping(
    value: Sequence[apigw.IntegrationResponse] | ResponseMapping | None,
) -> TypeGuard[ResponseMapping]:
    """Whether ``value`` is a :class:`ResponseMapping`."""
    if value is None or isinstance(value, list | tuple):
        return False
    return isinstance(value, ResponseMapping)


def _render_templates(
    templates: Mapping[str, RequestTemplate] | None, op: Operation | None
) -> tuple[dict[str, str], dict[str, bool]]:
    """Turn each template into VTL text, and collect the method parameters they read.

    A ``str`` is used verbatim; a dict/list with ``From`` values is compiled to a
    ``JsonTemplate``; any other dict/list goes through plain ``json.dumps``, as boto3 scripts do.
    """
    rendered: dict[str, str] = {}
    parameters: dict[str, bool] = {}
    for content_type, template in (templates or {}).items():
        check.media_type(content_type, where="request_templates")
        if isinstance(template, str):
            rendered[content_type] = template
            continue
        if isinstance(template, Mapping | list | tuple) and has_template_values(template):
            template = JsonTemplate(template)
        if isinstance(template, RequestTemplateSource):
            expected = "form" if op is not None and op.protocol == "query" else "json"
            if op is not None and template.content_format != expected:
                raise ValidationError(
                    "template-format-mismatch",
                    f"request_templates[{content_type!r}] produces a {template.content_format} "
                    f"body, but {op.service}:{op.name} speaks the {op.protocol} protocol and "
                    f"takes a {expected} body; use "
                    f"{'FormTemplate' if expected == 'form' else 'JsonTemplate'} instead",
                )
            rendered[content_type] = template.to_vtl()
            reads = getattr(template, "request_parameters", None)
            for key, required in (reads() if callable(reads) else {}).items():
                parameters[key] = parameters.get(key, False) or required
        elif isinstance(template, Mapping | list | tuple):
            rendered[content_type] = json.dumps(template)
        else:
            raise ValidationError(
                "invalid-request-template",
                f"request_templates[{content_type!r}] is a {type(template).__name__} "
                f"({template!r}); pass a str (VTL, used verbatim), a dict or list "
                "(serialized with json.dumps) or a generated template such as JsonTemplate",
            )
    return rendered, parameters


def _lint(content_type: str, text: str) -> list[tuple[str, str]]:
    """Warnings for a template that uses something API Gateway does not offer in templates."""
    return [
        (f"{WARN_TEMPLATE_LINT}:{w.id}", f"request_templates[{content_type!r}]: {w.message}")
        for w in lint_template(text)
    ]


def _split_parameters(
    parameters: Mapping[str, bool | str] | None,
) -> tuple[dict[str, bool], dict[str, str]]:
    """Split ``request_parameters`` into method (bool) and integration (str) parameters."""
    method_params: dict[str, bool] = {}
    integration_params: dict[str, str] = {}
    for key, value in (parameters or {}).items():
        if key.startswith(_METHOD_PARAM) and isinstance(value, bool):
            method_params[key] = value
        elif key.startswith(_INTEGRATION_PARAM) and isinstance(value, str):
            integration_params[key] = value
        else:
            raise ValidationError(
                "invalid-request-parameter",
                f"request_parameters[{key!r}] = {value!r} is neither a method parameter "
                "('method.request.{path|querystring|header}.NAME': True/False) nor an "
                "integration parameter ('integration.request.{path|querystring|header}.NAME': "
                "'method.request.path.NAME' or a quoted literal like \"'value'\")",
            )
    return method_params, integration_params


def _map_path_placeholders(path: str, resource_path: str, params: dict[str, str]) -> None:
    """Map each ``{name}`` of a path-style URI; from the resource path when names match."""
    resource_params = set(_PATH_PLACEHOLDER.findall(resource_path))
    unmapped: list[str] = []
    for name in _PATH_PLACEHOLDER.findall(path):
        key = f"integration.request.path.{name}"
        if key in params:
            continue
        if name in resource_params:
            params[key] = f"method.request.path.{name}"
        else:
            unmapped.append(name)
    if unmapped:
        names = ", ".join(f"{{{n}}}" for n in unmapped)
        example = unmapped[0]
        raise ValidationError(
            "unmapped-path-parameter",
            f"path {path!r} uses {names}, which neither request_parameters nor the resource "
            f"path {resource_path!r} provides; map it, e.g. request_parameters="
            f"{{'integration.request.path.{example}': 'method.request.path.{example}'}} "
            f"on a resource like '/items/{{{example}}}'",
        )


def _check_permissions(permissions: Sequence[Permission] | None) -> list[Permission]:
    """``additional_permissions`` as a list; each must be a :class:`Permission`."""
    if permissions is None:
        return []
    if isinstance(permissions, Permission):
        raise ValidationError(
            "invalid-permission",
            f"'additional_permissions' must be a list, got one Permission {permissions!r}; "
            "wrap it: additional_permissions=[permission]",
        )
    listed: list[Permission] = list(permissions)
    for permission in listed:
        if not isinstance(permission, Permission):
            raise ValidationError(
                "invalid-permission",
                f"'additional_permissions' holds {permission!r}, which is not a Permission; "
                "pass e.g. [Permission(actions=('kms:Decrypt',), resources=(key.key_arn,))]",
            )
    return listed


def _check_cors(cors: Cors, verb: str) -> None:
    if not isinstance(cors, Cors):
        raise ValidationError(
            "invalid-cors",
            f"'cors' must be a Cors, got {type(cors).__name__} ({cors!r}); pass e.g. "
            "cors=Cors(allow_origins=['https://app.example.com'])",
        )
    if verb == "OPTIONS":
        raise ValidationError(
            "invalid-cors",
            "'cors' was given on an OPTIONS method, which is the CORS preflight itself; "
            "give 'cors' to the resource's other methods and the preflight is added for you",
        )


def _check_validation(
    *,
    body_schema: apigw.JsonSchema | None,
    request_models: Mapping[str, apigw.IModel] | None,
    request_validator: apigw.IRequestValidator | None,
    request_validator_options: apigw.RequestValidatorOptions | None,
    method_params: Mapping[str, bool],
) -> bool:
    """Whether the method validates requests: it has a body schema or a required query-string
    or header parameter (a path parameter is always there: routing guarantees it). It then
    uses the API's shared validator unless it was given a validator of its own.
    """
    if body_schema is not None:
        if not isinstance(body_schema, apigw.JsonSchema):
            raise ValidationError(
                "invalid-body-schema",
                f"'body_schema' must be an aws_apigateway.JsonSchema, got "
                f"{type(body_schema).__name__}; pass e.g. apigw.JsonSchema(type="
                "apigw.JsonSchemaType.OBJECT, required=['name'], properties={...})",
            )
        if request_models is not None and "application/json" in request_models:
            raise ValidationError(
                "conflicting-request-models",
                "both 'body_schema' and request_models['application/json'] were given; pass "
                "one: body_schema builds the application/json model for you",
            )
    if request_validator is not None and request_validator_options is not None:
        raise ValidationError(
            "conflicting-request-validators",
            "both 'request_validator' and 'request_validator_options' were given; pass one "
            "(or neither: the API's shared validator is used when validation is needed)",
        )
    required_params = any(
        required and not key.startswith("method.request.path.")
        for key, required in method_params.items()
    )
    return body_schema is not None or required_params


def _with_headers(
    method_responses: Sequence[apigw.MethodResponse], headers: Mapping[str, bool]
) -> list[apigw.MethodResponse]:
    """Each method response declaring ``headers`` as well as its own."""
    return [
        apigw.MethodResponse(
            status_code=response.status_code,
            response_models=response.response_models,
            response_parameters={**headers, **dict(response.response_parameters or {})},
        )
        for response in method_responses
    ]


def _grant_resources(
    *,
    has_role: bool,
    resources: Sequence[str] | None,
    actions: Sequence[str],
    op: Operation | None,
    service: str,
) -> list[str] | None:
    """The resources to grant the actions on, or ``None`` when nothing is to be granted."""
    if resources is not None:
        if isinstance(resources, str):
            raise ValidationError(
                "invalid-resources",
                f"'resources' must be a list of ARNs, got the string {resources!r}; "
                f"wrap it: resources=[{resources!r}]",
            )
        listed = list(resources)
        if not listed or any(not isinstance(r, str) or not r.strip() for r in listed):
            raise ValidationError(
                "invalid-resources",
                f"'resources' must be a non-empty list of ARNs, got {listed!r}; "
                "pass e.g. resources=[table.table_arn]",
            )
        if not actions:
            raise ValidationError(
                "missing-iam-actions",
                f"no operation of {service!r} matches this path, so the IAM action to grant on "
                f"{listed!r} is unknown; pass iam_actions=['{service}:Action']",
            )
        return listed
    if has_role:
        return None
    if op is not None and not op.resource_level and actions:
        return ["*"]
    hint = "resources=[table.table_arn]" if service == "dynamodb" else "resources=[<target ARN>]"
    raise ValidationError(
        "missing-resources",
        f"neither 'role' nor 'resources' was given, so the generated role would not know "
        f"which ARNs {', '.join(actions) or 'the action'} may act on; pass {hint} "
        "(the ARNs the method may act on) or an existing 'role'",
    )
