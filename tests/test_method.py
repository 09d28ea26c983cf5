"""ServiceIntegrationMethod behaviour beyond the parity defaults."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Annotations, Match, Template

from constructs_pkg import ServiceIntegrationMethod


def test_exposes_method_and_role(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    sim = ServiceIntegrationMethod(
        stack,
        "Scan",
        resource=api.root,
        http_method="get",
        service="dynamodb",
        action="Scan",
        resources=[table.table_arn],
    )
    assert isinstance(sim.method, apigw.Method)
    assert sim.method.http_method == "GET"
    assert sim.role.node.path.endswith("ServiceIntegrations/Role/Role")


def test_one_role_per_api_merges_actions_per_resource_set(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    other = "arn:aws:dynamodb:us-east-1:111122223333:table/other"
    items = api.root.add_resource("items")
    for verb, action, resources in [
        ("GET", "Scan", [table.table_arn]),
        ("POST", "PutItem", [table.table_arn]),
        ("PUT", "UpdateItem", [table.table_arn, other]),
        ("DELETE", "DeleteItem", [table.table_arn, other]),
    ]:
        ServiceIntegrationMethod(
            stack,
            f"{verb}Items",
            resource=items,
            http_method=verb,
            service="dynamodb",
            action=action,
            resources=resources,
        )
    tpl = Template.from_stack(stack)
    tpl.resource_count_is("AWS::IAM::Role", 1)
    tpl.resource_count_is("AWS::IAM::Policy", 1)
    table_arn = {"Fn::GetAtt": [stack.get_logical_id(table.node.default_child), "Arn"]}  # type: ignore[arg-type]
    tpl.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["dynamodb:PutItem", "dynamodb:Scan"],
                        "Resource": table_arn,
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["dynamodb:DeleteItem", "dynamodb:UpdateItem"],
                        "Resource": [table_arn, other],
                    },
                ]
            }
        },
    )


def test_methods_on_one_resource_object_read_its_api_once(
    stack: cdk.Stack, table: dynamodb.Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN two APIs in one stack, and a count of the reads of Resource.api (a call into jsii)
    first = apigw.RestApi(stack, "First", deploy=False)
    second = apigw.RestApi(stack, "Second", deploy=False)
    reads: list[str] = []
    real_api = apigw.Resource.api

    def counted(resource: apigw.Resource) -> apigw.IRestApi:
        reads.append(resource.node.path)
        return real_api.fget(resource)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(apigw.Resource, "api", property(counted))
    items = first.root.add_resource("items")
    others = second.root.add_resource("items")
    # WHEN three methods are declared on `items` and one on the other API's `items`
    for verb, action, resource in [
        ("GET", "GetItem", items),
        ("PUT", "PutItem", items),
        ("DELETE", "DeleteItem", items),
        ("GET", "GetItem", others),
    ]:
        ServiceIntegrationMethod(
            stack,
            f"{verb}{resource.node.path.replace('/', '')}",
            resource=resource,
            http_method=verb,
            service="dynamodb",
            action=action,
            resources=[table.table_arn],
        )
    # THEN the API of each resource object was read once, and each API got its own role
    assert sorted(reads) == ["TestStack/First/Default/items", "TestStack/Second/Default/items"]
    role_by_api: dict[str, set[str]] = {}
    for method in Template.from_stack(stack).find_resources("AWS::ApiGateway::Method").values():
        props = method["Properties"]
        role = props["Integration"]["Credentials"]["Fn::GetAtt"][0]
        role_by_api.setdefault(props["RestApiId"]["Ref"], set()).add(role)
    assert sorted(len(roles) for roles in role_by_api.values()) == [1, 1]
    first_role, second_role = (roles.pop() for roles in role_by_api.values())
    assert first_role != second_role


def test_same_action_on_two_tables_is_one_statement(stack: cdk.Stack, api: apigw.RestApi) -> None:
    a, b = (f"arn:aws:dynamodb:us-east-1:111122223333:table/{n}" for n in "ab")
    ServiceIntegrationMethod(
        stack,
        "A",
        resource=api.root.add_resource("a"),
        http_method="GET",
        service="dynamodb",
        action="Scan",
        resources=[a],
    )
    ServiceIntegrationMethod(
        stack,
        "B",
        resource=api.root.add_resource("b"),
        http_method="GET",
        service="dynamodb",
        action="Scan",
        resources=[b],
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::IAM::Policy",
        {"PolicyDocument": {"Statement": [{"Action": "dynamodb:Scan", "Resource": [a, b]}]}},
    )


def test_given_role_is_the_credentials_and_gets_the_grant(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    role = iam.Role(stack, "Mine", assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"))  # type: ignore[arg-type]
    sim = ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root,
        http_method="GET",
        service="dynamodb",
        action="GetItem",
        role=role,
        resources=[table.table_arn],
    )
    assert sim.role is role
    tpl = Template.from_stack(stack)
    tpl.resource_count_is("AWS::IAM::Role", 1)
    role_id = stack.get_logical_id(role.node.default_child)  # type: ignore[arg-type]
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method",
        {"Integration": {"Credentials": {"Fn::GetAtt": [role_id, "Arn"]}}},
    )
    tpl.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {"Statement": [{"Action": "dynamodb:GetItem", "Effect": "Allow"}]},
            "Roles": [{"Ref": role_id}],
        },
    )


def test_given_role_without_resources_is_used_as_is(stack: cdk.Stack, api: apigw.RestApi) -> None:
    role = iam.Role.from_role_arn(stack, "Imported", "arn:aws:iam::111122223333:role/apigw")
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root,
        http_method="GET",
        service="dynamodb",
        action="Scan",
        role=role,
    )
    tpl = Template.from_stack(stack)
    tpl.resource_count_is("AWS::IAM::Role", 0)
    tpl.resource_count_is("AWS::IAM::Policy", 0)
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method",
        {"Integration": {"Credentials": "arn:aws:iam::111122223333:role/apigw"}},
    )


def test_method_responses_are_derived_with_mapped_headers(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root,
        http_method="GET",
        service="dynamodb",
        action="Scan",
        resources=["arn:aws:dynamodb:us-east-1:111122223333:table/t"],
        integration_responses=[
            apigw.IntegrationResponse(
                status_code="200",
                response_parameters={"method.response.header.Cache-Control": "'no-store'"},
            ),
            apigw.IntegrationResponse(status_code="400", selection_pattern=r"4\d{2}"),
            apigw.IntegrationResponse(status_code="500", selection_pattern=r"5\d{2}"),
        ],
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "MethodResponses": [
                {
                    "StatusCode": "200",
                    "ResponseParameters": {"method.response.header.Cache-Control": True},
                    "ResponseModels": {"application/json": "Empty"},
                },
                {"StatusCode": "400", "ResponseModels": {"application/json": "Empty"}},
                {"StatusCode": "500", "ResponseModels": {"application/json": "Empty"}},
            ],
            "Integration": {
                "IntegrationResponses": Match.array_with(
                    [Match.object_like({"StatusCode": "400", "SelectionPattern": r"4\d{2}"})]
                )
            },
        },
    )


def test_request_parameters_split_between_method_and_integration(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root,
        http_method="GET",
        service="dynamodb",
        action="Scan",
        resources=["arn:aws:dynamodb:us-east-1:111122223333:table/t"],
        request_parameters={
            "method.request.querystring.limit": False,
            "integration.request.header.X-Trace": "method.request.header.X-Trace",
        },
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "RequestParameters": {
                "method.request.querystring.limit": False,
                "method.request.header.X-Trace": True,
            },
            "Integration": {
                "RequestParameters": {
                    "integration.request.header.X-Trace": "method.request.header.X-Trace"
                }
            },
        },
    )


def test_method_options_pass_through(stack: cdk.Stack, api: apigw.RestApi) -> None:
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root,
        http_method="GET",
        service="dynamodb",
        action="Scan",
        resources=["arn:aws:dynamodb:us-east-1:111122223333:table/t"],
        authorization_type=apigw.AuthorizationType.IAM,
        api_key_required=True,
        operation_name="ListProfiles",
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Method",
        {"AuthorizationType": "AWS_IAM", "ApiKeyRequired": True, "OperationName": "ListProfiles"},
    )


def test_api_default_method_options_apply(stack: cdk.Stack) -> None:
    api = apigw.RestApi(
        stack,
        "Api",
        deploy=False,
        cloud_watch_role=False,
        default_method_options=apigw.MethodOptions(authorization_type=apigw.AuthorizationType.IAM),
    )
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root,
        http_method="GET",
        service="dynamodb",
        action="Scan",
        resources=["arn:aws:dynamodb:us-east-1:111122223333:table/t"],
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Method", {"AuthorizationType": "AWS_IAM"}
    )


def test_raw_template_with_method_request_gets_a_warning(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root.add_resource("{username}"),
        http_method="GET",
        service="dynamodb",
        action="GetItem",
        resources=["arn:aws:dynamodb:us-east-1:111122223333:table/t"],
        request_templates={
            "application/json": {
                "TableName": "t",
                "Key": {"username": {"S": "$method.request.path.username"}},
            }
        },
    )
    Annotations.from_stack(stack).has_warning(
        "/TestStack/Get", Match.string_like_regexp(r"\$input\.params")
    )
