"""The benchmark REST API, built with ``ServiceIntegrationMethod`` (two ways) and by hand.

Every builder produces the same API: ``n`` methods, each on its own resource ``/mNNNN``, cycling
through DynamoDB ``GetItem`` / ``PutItem`` / ``Query`` on three tables and SQS ``SendMessage``
(query protocol) on two queues. Every method has the same mapping template, the same
integration and method responses and the same request parameters and headers in both
variants, and one execution role holds the same grants, so the templates are comparable
resource for resource. ``tests/test_benchmarks_smoke.py`` checks that equivalence.

The two ``ServiceIntegrationMethod`` builders differ only in where the resources come from:
``build_ours`` declares each method by path (``resource_for_path(api, "/m0001")``, the way the
README recommends for an API declared route by route), ``build_ours_objects`` on resource
objects made with ``api.root.add_resource(...)``, as the hand-written variant makes them (each
such method asks jsii which API its resource belongs to: one round trip more).

Only the ``build_ours*`` builders import ``constructs_pkg`` (inside the function, so the worker
process can time that import as part of our cost; the hand-written variant never pays it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs

__all__ = [
    "BUILDERS",
    "INTEGRATION_RESPONSES",
    "MethodSpec",
    "build_hand",
    "build_ours",
    "build_ours_objects",
    "method_specs",
]

STACK_ID = "BenchApi"
TABLES = 3
QUEUES = 2

# (client verb, service, action): consecutive methods alternate services, so any n >= 2
# exercises both the json (DynamoDB) and the query (SQS) protocol
_KINDS: tuple[tuple[str, str, str], ...] = (
    ("GET", "dynamodb", "GetItem"),
    ("POST", "sqs", "SendMessage"),
    ("POST", "dynamodb", "PutItem"),
    ("GET", "dynamodb", "Query"),
)

# what botocore's SQS model makes API Gateway send for the query protocol; the hand-written
# variant spells it out, ``ServiceIntegrationMethod`` derives it from the model
_SQS_HEADERS: Mapping[str, str] = {
    "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'",
    "integration.request.header.Accept": "'application/json'",
}

# request values escaped for a JSON string: escapeJavaScript, then undo its \' (not JSON)
_UNQUOTE = '.replaceAll("\\\\\'", "\'")'
_SET_ID = f"#set($id = $util.escapeJavaScript($input.params('id')){_UNQUOTE})"
_SET_BODY = (
    f"#set($id = $util.escapeJavaScript($input.path('$.id')){_UNQUOTE})\n"
    f"#set($doc = $util.escapeJavaScript($input.json('$')){_UNQUOTE})"
)

_BAD_BODY = '{"message": "$context.error.validationErrorString", "type": "BadRequestBody"}'
_BAD_PARAMETERS = '{"message": $context.error.messageString, "type": "BadRequestParameters"}'

INTEGRATION_RESPONSES: tuple[apigw.IntegrationResponse, ...] = (
    apigw.IntegrationResponse(status_code="200", response_templates={"application/json": ""}),
    apigw.IntegrationResponse(
        status_code="400",
        selection_pattern=r"4\d{2}",
        response_templates={"application/json": '{"message": "bad request"}'},
    ),
)
"""The same two integration responses on every method (a default 200, a 4xx mapped to 400)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class MethodSpec:
    """One method of the benchmark API."""

    index: int
    http_method: str
    service: str
    action: str
    target: int

    @property
    def path_part(self) -> str:
        """The method's own resource under the API root."""
        return f"m{self.index:04d}"

    @property
    def construct_id(self) -> str:
        """The construct id of the method (the same in both variants)."""
        return f"M{self.index:04d}"

    @property
    def iam_action(self) -> str:
        """The IAM action the method's integration needs."""
        return f"{self.service}:{self.action}"

    @property
    def method_parameters(self) -> dict[str, bool]:
        """Method request parameters: the key of a read, as a required query string."""
        return {"method.request.querystring.id": True} if self.http_method == "GET" else {}


def method_specs(n: int) -> list[MethodSpec]:
    """The ``n`` methods of the API, kinds and targets in a fixed round-robin."""
    specs: list[MethodSpec] = []
    for index in range(n):
        verb, service, action = _KINDS[index % len(_KINDS)]
        targets = TABLES if service == "dynamodb" else QUEUES
        specs.append(
            MethodSpec(
                index=index,
                http_method=verb,
                service=service,
                action=action,
                target=(index // len(_KINDS)) % targets,
            )
        )
    return specs


@dataclass(frozen=True, slots=True)
class _Targets:
    """Names, URLs and ARNs of the tables and queues, read from jsii once per build."""

    table_names: list[str]
    table_arns: list[str]
    queue_urls: list[str]
    queue_arns: list[str]

    def arn(self, spec: MethodSpec) -> str:
        arns = self.table_arns if spec.service == "dynamodb" else self.queue_arns
        return arns[spec.target]

    def request_template(self, spec: MethodSpec) -> str:
        """The mapping template: JSON for DynamoDB, a form for SQS; lint-clean VTL text."""
        if spec.service == "sqs":
            return (
                "Action=SendMessage"
                f"&QueueUrl=$util.urlEncode('{self.queue_urls[spec.target]}')"
                "&MessageBody=$util.urlEncode($input.body)"
            )
        table = self.table_names[spec.target]
        if spec.action == "GetItem":
            return f'{_SET_ID}\n{{"TableName": "{table}", "Key": {{"pk": {{"S": "$id"}}}}}}'
        if spec.action == "Query":
            return (
                f'{_SET_ID}\n{{"TableName": "{table}", "KeyConditionExpression": "pk = :pk", '
                '"ExpressionAttributeValues": {":pk": {"S": "$id"}}}'
            )
        return (
            f"{_SET_BODY}\n"
            f'{{"TableName": "{table}", "Item": {{"pk": {{"S": "$id"}}, "doc": {{"S": "$doc"}}}}}}'
        )


def _base(app: cdk.App) -> tuple[cdk.Stack, apigw.RestApi, _Targets]:
    """The stack, a deployed REST API (no CloudWatch role), the tables and queues."""
    stack = cdk.Stack(app, STACK_ID)
    api = apigw.RestApi(
        stack,
        "Api",
        cloud_watch_role=False,
        deploy_options=apigw.StageOptions(stage_name="bench"),
    )
    tables = [
        dynamodb.Table(
            stack,
            f"Table{i}",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        for i in range(TABLES)
    ]
    queues = [sqs.Queue(stack, f"Queue{i}") for i in range(QUEUES)]
    targets = _Targets(
        table_names=[t.table_name for t in tables],
        table_arns=[t.table_arn for t in tables],
        queue_urls=[q.queue_url for q in queues],
        queue_arns=[q.queue_arn for q in queues],
    )
    return stack, api, targets


def build_ours(app: cdk.App, n: int) -> cdk.Stack:
    """The API with one ``ServiceIntegrationMethod`` per method, each declared by path
    (``resource_for_path``); role and grants derived."""
    from constructs_pkg import resource_for_path

    stack, api, targets = _base(app)
    _declare_ours(stack, targets, n, lambda spec: resource_for_path(api, f"/{spec.path_part}"))
    return stack


def build_ours_objects(app: cdk.App, n: int) -> cdk.Stack:
    """The same, on resource objects made with ``api.root.add_resource`` (as ``build_hand``
    makes them)."""
    stack, api, targets = _base(app)
    root = api.root
    _declare_ours(stack, targets, n, lambda spec: root.add_resource(spec.path_part))
    return stack


def _declare_ours(
    stack: cdk.Stack,
    targets: _Targets,
    n: int,
    resource_of: Callable[[MethodSpec], apigw.IResource],
) -> None:
    from constructs_pkg import ServiceIntegrationMethod

    for spec in method_specs(n):
        ServiceIntegrationMethod(
            stack,
            spec.construct_id,
            resource=resource_of(spec),
            http_method=spec.http_method,
            service=spec.service,
            action=spec.action,
            resources=[targets.arn(spec)],
            request_templates={"application/json": targets.request_template(spec)},
            integration_responses=INTEGRATION_RESPONSES,
            request_parameters=spec.method_parameters or None,
        )


def build_hand(app: cdk.App, n: int) -> cdk.Stack:
    """The same API written with ``AwsIntegration`` + ``Method`` and one shared role.

    Each ``Method`` is created under the stack with the id ``build_ours`` gives its
    ``ServiceIntegrationMethod`` (``M0000``...), so both construct trees, logical ids and
    templates are alike (``resource.add_method`` would nest it under the resource instead).

    Written the way a careful engineer would: shared structs built once, grants collected in a
    dict and added as one statement per distinct resource list (as ``constructs_pkg`` merges
    them), so the role's policy is the same; one request validator and the two 400 gateway
    responses once a method has a required parameter.
    """
    stack, api, targets = _base(app)
    role = iam.Role(
        stack,
        "IntegrationRole",
        assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
    )
    empty = apigw.Model.EMPTY_MODEL
    method_responses = [
        apigw.MethodResponse(status_code=r.status_code, response_models={"application/json": empty})
        for r in INTEGRATION_RESPONSES
    ]
    grants: dict[str, list[str]] = {}
    validator: apigw.RequestValidator | None = None
    root = api.root
    for spec in method_specs(n):
        if spec.method_parameters and validator is None:
            validator = _add_validation(api)
        integration = apigw.AwsIntegration(
            service=spec.service,
            action=spec.action,
            integration_http_method="POST",
            options=apigw.IntegrationOptions(
                credentials_role=role,
                request_templates={"application/json": targets.request_template(spec)},
                passthrough_behavior=apigw.PassthroughBehavior.WHEN_NO_TEMPLATES,
                integration_responses=list(INTEGRATION_RESPONSES),
                request_parameters=dict(_SQS_HEADERS) if spec.service == "sqs" else None,
            ),
        )
        apigw.Method(
            stack,
            spec.construct_id,
            resource=root.add_resource(spec.path_part),
            http_method=spec.http_method,
            integration=integration,
            options=apigw.MethodOptions(
                method_responses=method_responses,
                request_parameters=spec.method_parameters or None,
                request_validator=validator if spec.method_parameters else None,
            ),
        )
        resources = grants.setdefault(spec.iam_action, [])
        if targets.arn(spec) not in resources:
            resources.append(targets.arn(spec))
    by_resources: dict[tuple[str, ...], list[str]] = {}
    for action, resources in grants.items():
        by_resources.setdefault(tuple(resources), []).append(action)
    for resource_list, actions in by_resources.items():
        role.add_to_policy(
            iam.PolicyStatement(actions=sorted(actions), resources=list(resource_list))
        )
    return stack


def _add_validation(api: apigw.RestApi) -> apigw.RequestValidator:
    """One validator for the API and 400 answers that say what failed (as constructs_pkg adds
    for methods with required parameters, so that ``required=True`` is enforced)."""
    for construct_id, response_type, template in (
        ("BadRequestBody", apigw.ResponseType.BAD_REQUEST_BODY, _BAD_BODY),
        ("BadRequestParameters", apigw.ResponseType.BAD_REQUEST_PARAMETERS, _BAD_PARAMETERS),
    ):
        api.add_gateway_response(
            construct_id,
            type=response_type,
            status_code="400",
            templates={"application/json": template},
        )
    return api.add_request_validator(
        "Validator", validate_request_body=True, validate_request_parameters=True
    )


BUILDERS: Mapping[str, Callable[[cdk.App, int], cdk.Stack]] = {
    "ours": build_ours,
    "ours-objects": build_ours_objects,
    "hand": build_hand,
}
"""The variants by the name the harness and its results use."""
