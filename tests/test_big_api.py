"""APIs bigger than one stack: the stack-resource-limit warning, and ``MethodShards`` spreading
the same ``ServiceIntegrationMethod`` declarations over nested stacks with the deployment wired.
"""

from __future__ import annotations

from typing import Any, cast

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match, Template
from constructs import Construct

from constructs_pkg import MethodShards, ServiceIntegrationMethod, ValidationError
from constructs_pkg._limits import WARN_STACK_RESOURCE_LIMIT, count_resources

SCHEMA = apigw.JsonSchema(
    type=apigw.JsonSchemaType.OBJECT,
    required=["id"],
    properties={"id": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING)},
)


def _table(stack: cdk.Stack, construct_id: str = "Table") -> dynamodb.Table:
    return dynamodb.Table(
        stack,
        construct_id,
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )


def _get(
    scope: Any, construct_id: str, resource: apigw.IResource, table: dynamodb.ITable, **kw: Any
) -> ServiceIntegrationMethod:
    return ServiceIntegrationMethod(
        scope,
        construct_id,
        resource=resource,
        http_method=kw.pop("http_method", "GET"),
        service="dynamodb",
        action=kw.pop("action", "GetItem"),
        resources=[table.table_arn],
        request_templates=kw.pop(
            "request_templates", {"application/json": f'{{"TableName": "{table.table_name}"}}'}
        ),
        **kw,
    )


def _fill(stack: cdk.Stack, count: int) -> None:
    """``count`` more resources in ``stack`` (cheap stand-ins for the rest of an app)."""
    for i in range(count):
        cdk.CfnResource(stack, f"Filler{i}", type="AWS::SNS::Topic")


def _warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning("*", Match.any_value())
    return [str(w.entry.data) for w in found if WARN_STACK_RESOURCE_LIMIT in str(w.entry.data)]


# --- the warning ---------------------------------------------------------------------------


def test_warns_with_resources_left_when_the_stack_reaches_450(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    # GIVEN a stack of 450 resources: API, table, role, policy, 1 method, 445 others
    table = _table(stack)
    _get(stack, "Get", api.root, table)
    _fill(stack, 445)

    # WHEN it is synthesized
    assert count_resources(stack) == 450
    warnings = _warnings(stack)

    # THEN one warning with the stable id says how many resources remain
    assert len(warnings) == 1, warnings
    assert "holds 450 of CloudFormation's 500 resources" in warnings[0]
    assert "(50 left" in warnings[0]
    assert "MethodShards" in warnings[0]


def test_no_warning_below_450(stack: cdk.Stack, api: apigw.RestApi) -> None:
    # GIVEN 449 resources
    _get(stack, "Get", api.root, _table(stack))
    _fill(stack, 444)

    # THEN no warning
    assert count_resources(stack) == 449
    assert _warnings(stack) == []


def test_the_warning_follows_the_stack_resource_limit_context() -> None:
    # GIVEN an app whose stack resource limit is raised to 1000
    app = cdk.App(context={"@aws-cdk/core:stackResourceLimit": 1000})
    stack = cdk.Stack(app, "S")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    _get(stack, "Get", api.root, _table(stack))
    _fill(stack, 445)

    # THEN 450 resources are no reason to warn
    assert _warnings(stack) == []


def test_nested_stack_content_counts_in_the_nested_stack_only(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    # GIVEN a nested stack of 10 resources
    nested = cdk.NestedStack(stack, "Nested")
    _fill(nested, 10)
    _get(stack, "Get", api.root, _table(stack))

    # THEN the parent counts the nested stack as one resource
    # (API, table, role, policy, method, nested stack)
    assert count_resources(stack) == 6
    assert count_resources(nested) == 10


# --- MethodShards ------------------------------------------------------------------------------


def _sharded(
    methods: int, *, per_stack: int = 20, template_suffix: str = "", in_api_stack: int = 1
) -> tuple[cdk.Stack, apigw.RestApi, MethodShards, list[dynamodb.Table], list[sqs.Queue]]:
    """An API of ``methods`` methods on ``/mNN``: even ones GetItem on table 0 (odd index
    thirds on table 1), odd ones SendMessage on a queue."""
    stack = cdk.Stack(cdk.App(), "Big")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    tables = [_table(stack, f"Table{i}") for i in range(2)]
    queues = [sqs.Queue(stack, f"Queue{i}") for i in range(2)]
    shards = MethodShards(
        stack, "Shards", api=api, resources_per_stack=per_stack, paths_in_api_stack=in_api_stack
    )
    for i in range(methods):
        resource = shards.resource(f"/m{i:02d}")
        if i % 2 == 0:
            table = tables[(i // 10) % 2]
            _get(
                stack,
                f"M{i:02d}",
                resource,
                table,
                request_templates={
                    "application/json": f'{{"TableName": "{table.table_name}"{template_suffix}}}'
                },
            )
        else:
            ServiceIntegrationMethod(
                stack,
                f"M{i:02d}",
                resource=resource,
                http_method="POST",
                service="sqs",
                action="SendMessage",
                resources=[queues[(i // 10) % 2].queue_arn],
            )
    return stack, api, shards, tables, queues


def test_methods_fill_nested_stacks_of_the_budget() -> None:
    # GIVEN 45 methods, 20 resources+methods per nested stack, 1 path in the API's stack
    stack, _, shards, _, _ = _sharded(45)

    # THEN the API's stack holds 1 method, each nested stack 10 paths (10 resources, 10 methods)
    # plus its role and policy; 5 nested stacks take the 44 others
    assert [s.node.id for s in shards.stacks] == [f"Methods{i}" for i in range(1, 6)]
    Template.from_stack(stack).resource_count_is("AWS::ApiGateway::Method", 1)
    Template.from_stack(stack).resource_count_is("AWS::CloudFormation::Stack", 5)
    counts = []
    for nested in shards.stacks:
        tpl = Template.from_stack(nested)
        counts.append(len(tpl.find_resources("AWS::ApiGateway::Method")))
        tpl.resource_count_is("AWS::IAM::Role", 1)
        tpl.resource_count_is("AWS::ApiGateway::RestApi", 0)
        tpl.resource_count_is(
            "AWS::ApiGateway::Resource", counts[-1]
        )  # each path created once, in its stack
    assert counts == [10, 10, 10, 10, 4]
    assert shards.stack_of("/m00") is stack
    assert shards.stack_of("/m44") is shards.stacks[4]


def test_methods_on_handed_out_resources_do_not_look_their_api_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN reading Resource.api (a call into jsii per method) fails
    def unexpected(resource: apigw.Resource) -> apigw.IRestApi:
        raise AssertionError(f"Resource.api read for {resource.node.path}")

    monkeypatch.setattr(apigw.Resource, "api", property(unexpected))
    # WHEN 25 methods are declared on resources MethodShards handed out (API stack and nested)
    stack, _, shards, _, _ = _sharded(25)
    # THEN each found its registry from MethodShards: the methods are where they belong
    Template.from_stack(stack).resource_count_is("AWS::ApiGateway::Method", 1)
    assert [
        len(Template.from_stack(s).find_resources("AWS::ApiGateway::Method")) for s in shards.stacks
    ] == [10, 10, 4]


def test_the_deployment_depends_on_every_nested_stack() -> None:
    # GIVEN a sharded API with a deployment
    stack, _, shards, _, _ = _sharded(25)

    # THEN the deployment depends on each nested stack resource
    resource = Template.from_stack(stack).to_json()["Resources"][_deployment_id(stack)]
    nested_ids = [
        stack.get_logical_id(s.nested_stack_resource)  # type: ignore[arg-type]
        for s in shards.stacks
    ]
    assert len(nested_ids) == 3  # 24 paths, 10 per nested stack
    assert set(nested_ids) <= set(resource["DependsOn"])


def _deployment_id(stack: cdk.Stack) -> str:
    deployments = Template.from_stack(stack).find_resources("AWS::ApiGateway::Deployment")
    assert len(deployments) == 1
    return next(iter(deployments))


def test_the_deployment_id_changes_when_a_method_in_a_nested_stack_changes() -> None:
    # GIVEN the same API built twice, then once with one nested method's template changed
    first = _deployment_id(_sharded(25)[0])
    again = _deployment_id(_sharded(25)[0])
    changed = _deployment_id(_sharded(25, template_suffix=', "ConsistentRead": true')[0])

    # THEN the deployment id is stable, and changes with the method (the stage is redeployed)
    assert first == again
    assert changed != first


def test_each_nested_stack_role_is_granted_only_its_methods_actions() -> None:
    # GIVEN methods on table 0/queue 0 (m00..m09) then table 1/queue 1 (m10..m19)
    stack, _, shards, tables, queues = _sharded(20)

    # THEN the first nested stack's role (m01..m10) may call only what its methods call:
    # GetItem on the two tables of m02..m10, SendMessage on the queue of m01..m09
    tpl = Template.from_stack(shards.stacks[0])
    tpl.resource_count_is("AWS::IAM::Policy", 1)
    statements = next(iter(tpl.find_resources("AWS::IAM::Policy").values()))["Properties"][
        "PolicyDocument"
    ]["Statement"]
    granted = {s["Action"]: s["Resource"] for s in statements}
    assert all(s["Effect"] == "Allow" for s in statements)
    assert sorted(granted) == ["dynamodb:GetItem", "sqs:SendMessage"]
    assert len(granted["dynamodb:GetItem"]) == 2  # two ARNs, parameters of the nested stack
    assert all("Ref" in arn for arn in granted["dynamodb:GetItem"])
    assert set(granted["sqs:SendMessage"]) == {"Ref"}  # one ARN
    # and the API's own stack keeps its one method's grant only
    Template.from_stack(stack).has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [
                    {
                        "Action": "dynamodb:GetItem",
                        "Effect": "Allow",
                        "Resource": {
                            "Fn::GetAtt": [
                                stack.get_logical_id(
                                    cast(cdk.CfnElement, tables[0].node.default_child)
                                ),
                                "Arn",
                            ]
                        },
                    }
                ]
            }
        },
    )
    assert queues  # both queues used in the nested stacks


def test_a_method_declared_in_the_api_stack_is_created_in_its_nested_stack() -> None:
    # GIVEN a sharded API
    stack, _, shards, _, _ = _sharded(5)

    # THEN the method keeps its id, under the nested stack; its integration role is there too
    nested = shards.stacks[0]
    method = nested.node.try_find_child("M01")
    assert isinstance(method, ServiceIntegrationMethod)
    assert stack.node.try_find_child("M01") is None
    assert method.role.node.path.startswith(nested.node.path)


def test_a_method_declared_in_another_construct_gets_a_path_qualified_id() -> None:
    # GIVEN a method declared inside a construct of the API's stack
    stack = cdk.Stack(cdk.App(), "S")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    table = _table(stack)
    shards = MethodShards(stack, "Shards", api=api, paths_in_api_stack=0)
    _get(stack, "First", api.root, table)
    orders = Construct(stack, "Orders")
    _get(orders, "Get", shards.resource("/orders"), table)

    # THEN it is created in the nested stack with an id naming where it was declared
    child = shards.stacks[0].node.try_find_child("S.Orders.Get")
    assert isinstance(child, ServiceIntegrationMethod)


def test_a_deep_path_refers_to_a_parent_created_in_another_stack() -> None:
    # GIVEN /v1 placed in the first nested stack, which is then full
    stack = cdk.Stack(cdk.App(), "S")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    table = _table(stack)
    shards = MethodShards(stack, "Shards", api=api, resources_per_stack=10)
    _get(stack, "Root", shards.resource("/"), table)
    for i in range(5):
        _get(stack, f"V{i}", shards.resource(f"/v1/a{i}"), table)
    _get(stack, "Late", shards.resource("/v1/late"), table)

    # THEN /v1/late is in the second nested stack, its parent /v1 created once, in the first
    assert shards.stack_of("/v1/late") is shards.stacks[1]
    first = Template.from_stack(shards.stacks[0])
    second = Template.from_stack(shards.stacks[1])
    first.resource_count_is("AWS::ApiGateway::Resource", 6)
    second.resource_count_is("AWS::ApiGateway::Resource", 1)
    second.has_resource_properties(
        "AWS::ApiGateway::Resource", {"PathPart": "late", "ParentId": {"Ref": Match.any_value()}}
    )


def test_models_and_validation_responses_stay_once_per_api() -> None:
    # GIVEN two methods with body schemas of the same name, in two nested stacks
    stack = cdk.Stack(cdk.App(), "S")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    table = _table(stack)
    shards = MethodShards(stack, "Shards", api=api, resources_per_stack=10, paths_in_api_stack=1)
    _get(stack, "First", shards.resource("/first"), table)
    for i in range(8):
        _get(
            stack,
            f"Add{i}",
            shards.resource(f"/p{i}"),
            table,
            http_method="POST",
            action="PutItem",
        )
    a, b = Construct(stack, "A"), Construct(stack, "B")
    _get(
        a,
        "Add",
        shards.resource("/a"),
        table,
        http_method="POST",
        action="PutItem",
        body_schema=SCHEMA,
    )
    for i in range(8):
        _get(stack, f"More{i}", shards.resource(f"/q{i}"), table)
    _get(
        b,
        "Add",
        shards.resource("/b"),
        table,
        http_method="POST",
        action="PutItem",
        body_schema=SCHEMA,
    )
    assert shards.stack_of("/a") is not shards.stack_of("/b")

    # THEN the model names differ; the gateway responses are on the API, once each, with no
    # warning about an imported API
    names = []
    for nested in shards.stacks:
        for model in Template.from_stack(nested).find_resources("AWS::ApiGateway::Model").values():
            names.append(model["Properties"]["Name"])
    assert sorted(names) == ["AddBody", "AddBody2"]
    Template.from_stack(stack).resource_count_is("AWS::ApiGateway::GatewayResponse", 2)
    for nested in shards.stacks:
        Template.from_stack(nested).resource_count_is("AWS::ApiGateway::GatewayResponse", 0)
    assert not Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp("imported"))


def test_the_same_path_is_the_same_resource_and_a_second_get_fails() -> None:
    stack = cdk.Stack(cdk.App(), "S")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    table = _table(stack)
    shards = MethodShards(stack, "Shards", api=api, paths_in_api_stack=0)
    _get(stack, "Root", api.root, table)
    items = shards.resource("/items/{id}")
    assert shards.resource("/items/{id}") is items
    _get(stack, "Get", items, table)
    _get(stack, "Put", items, table, http_method="PUT", action="PutItem")
    with pytest.raises(ValidationError) as err:
        _get(stack, "Again", items, table)
    assert err.value.code == "duplicate-method"


def test_a_600_method_api_synthesizes_in_stacks_under_the_limit() -> None:
    # GIVEN 600 methods (over the 243 one stack can hold) with the default budget
    stack = cdk.Stack(cdk.App(), "S")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    table = _table(stack)
    shards = MethodShards(stack, "Shards", api=api)
    template = {"application/json": f'{{"TableName": "{table.table_name}"}}'}
    for i in range(600):
        _get(stack, f"M{i}", shards.resource(f"/m{i}"), table, request_templates=template)

    # THEN 3 nested stacks of about 400 resources each, and no stack warns
    assert len(shards.stacks) == 3
    sizes = [count_resources(s) for s in shards.stacks]
    assert all(390 <= size <= 405 for size in sizes), sizes
    assert count_resources(stack) < 20
    assert _warnings(stack) == []


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"resources_per_stack": 5}, "invalid-resources-per-stack"),
        ({"resources_per_stack": 495}, "invalid-resources-per-stack"),
        ({"resources_per_stack": True}, "invalid-resources-per-stack"),
        ({"paths_in_api_stack": -1}, "invalid-paths-in-api-stack"),
    ],
)
def test_fails_when_a_budget_is_out_of_range(
    stack: cdk.Stack, api: apigw.RestApi, kwargs: dict[str, Any], code: str
) -> None:
    with pytest.raises(ValidationError) as err:
        MethodShards(stack, "Shards", api=api, **kwargs)
    assert err.value.code == code
    assert stack.node.try_find_child("Shards") is None


def test_fails_when_the_api_is_imported(stack: cdk.Stack) -> None:
    imported = apigw.RestApi.from_rest_api_attributes(
        stack, "Imported", rest_api_id="abc", root_resource_id="root"
    )
    with pytest.raises(ValidationError) as err:
        MethodShards(stack, "Shards", api=imported)  # type: ignore[arg-type]
    assert err.value.code == "invalid-sharded-api"


@pytest.mark.parametrize("path", ["items", "/items/", "//x", "/a b", "/{id", ""])
def test_fails_when_a_path_is_invalid(stack: cdk.Stack, api: apigw.RestApi, path: str) -> None:
    shards = MethodShards(stack, "Shards", api=api)
    with pytest.raises(ValidationError) as err:
        shards.resource(path)
    assert err.value.code == "invalid-resource-path"


def test_fails_when_asking_the_stack_of_an_unknown_path(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    shards = MethodShards(stack, "Shards", api=api)
    with pytest.raises(ValidationError) as err:
        shards.stack_of("/nope")
    assert err.value.code == "unknown-resource-path"


def test_a_path_the_api_stack_already_has_is_reused() -> None:
    # GIVEN /orders made on the API directly, before MethodShards
    stack = cdk.Stack(cdk.App(), "S")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    orders = api.root.add_resource("orders")
    shards = MethodShards(stack, "Shards", api=api)

    # THEN the first path (in the API's stack) is that resource, not a second one
    assert shards.resource("/orders").path == orders.path
    _get(stack, "Get", shards.resource("/orders"), _table(stack))
    Template.from_stack(stack).resource_count_is("AWS::ApiGateway::Resource", 1)
