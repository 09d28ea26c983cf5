"""ProfilesApiParity reproduces the boto3 example's four calls per method exactly."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from app_context import cdk_app
from aws_cdk import aws_apigateway as apigw
from aws_cdk.assertions import Capture, Match, Template

from app import ProfilesApiParityStack
from constructs_pkg import ServiceIntegrationMethod

SCAN = '{"TableName": "doc-example-profiles"}'
PUT_ITEM = (
    '{"TableName": "doc-example-profiles", "Item": {"username": {"S": '
    '"$input.path(\'$.username\')"}, "name": {"S": "$input.path(\'$.name\')"}, '
    '"title": {"S": "$input.path(\'$.title\')"}}}'
)
GET_ITEM = (
    '{"TableName": "doc-example-profiles", "Key": {"username": {"S": '
    '"$method.request.path.username"}}}'
)


@pytest.fixture(scope="module")
def parity() -> tuple[cdk.Stack, Template]:
    stack = ProfilesApiParityStack(cdk_app(), "ProfilesApiParity")
    return stack, Template.from_stack(stack)


def _uri(action: str) -> dict[str, Any]:
    return {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":apigateway:",
                {"Ref": "AWS::Region"},
                f":dynamodb:action/{action}",
            ],
        ]
    }


@pytest.mark.parametrize(
    ("http_method", "action", "template"),
    [("GET", "Scan", SCAN), ("POST", "PutItem", PUT_ITEM), ("GET", "GetItem", GET_ITEM)],
)
def test_method_matches_the_four_sdk_calls(
    parity: tuple[cdk.Stack, Template], http_method: str, action: str, template: str
) -> None:
    _, tpl = parity
    role = Capture()
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "HttpMethod": http_method,
            "AuthorizationType": "NONE",
            "MethodResponses": [
                {"StatusCode": "200", "ResponseModels": {"application/json": "Empty"}}
            ],
            "Integration": {
                "Type": "AWS",
                "IntegrationHttpMethod": "POST",
                "Uri": _uri(action),
                "Credentials": {"Fn::GetAtt": [role, "Arn"]},
                "RequestTemplates": {"application/json": template},
                "PassthroughBehavior": "WHEN_NO_TEMPLATES",
                "IntegrationResponses": [
                    {"StatusCode": "200", "ResponseTemplates": {"application/json": ""}}
                ],
            },
        },
    )
    assert tpl.to_json()["Resources"][role.as_string()]["Type"] == "AWS::IAM::Role"


def test_request_templates_are_the_example_json_dumps_bytes() -> None:
    example = {
        "TableName": "doc-example-profiles",
        "Item": {
            "username": {"S": "$input.path('$.username')"},
            "name": {"S": "$input.path('$.name')"},
            "title": {"S": "$input.path('$.title')"},
        },
    }
    assert json.dumps(example) == PUT_ITEM


def test_nothing_else_is_set_on_the_integration(parity: tuple[cdk.Stack, Template]) -> None:
    _, tpl = parity
    methods = tpl.find_resources("AWS::ApiGateway::Method")
    assert len(methods) == 3
    for method in methods.values():
        props = method["Properties"]
        assert set(props) == {
            "HttpMethod",
            "ResourceId",
            "RestApiId",
            "AuthorizationType",
            "Integration",
            "MethodResponses",
        }
        assert set(props["Integration"]) == {
            "Type",
            "IntegrationHttpMethod",
            "Uri",
            "Credentials",
            "RequestTemplates",
            "PassthroughBehavior",
            "IntegrationResponses",
        }


def test_one_shared_role_trusted_by_api_gateway(parity: tuple[cdk.Stack, Template]) -> None:
    _, tpl = parity
    tpl.resource_count_is("AWS::IAM::Role", 1)
    tpl.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [
                    {
                        "Action": "sts:AssumeRole",
                        "Effect": "Allow",
                        "Principal": {"Service": "apigateway.amazonaws.com"},
                    }
                ],
                "Version": "2012-10-17",
            }
        },
    )


def test_one_policy_exactly_get_put_scan_on_the_table(parity: tuple[cdk.Stack, Template]) -> None:
    stack, tpl = parity
    tpl.resource_count_is("AWS::IAM::Policy", 1)
    table = stack.node.find_child("Profiles").node.default_child
    table_id = stack.get_logical_id(table)  # type: ignore[arg-type]
    tpl.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"],
                        "Resource": {"Fn::GetAtt": [table_id, "Arn"]},
                    }
                ],
            },
            "Roles": [{"Ref": Match.any_value()}],
        },
    )


def test_table_api_and_stage_are_the_example(parity: tuple[cdk.Stack, Template]) -> None:
    _, tpl = parity
    tpl.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "TableName": "doc-example-profiles",
            "KeySchema": [{"AttributeName": "username", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "username", "AttributeType": "S"}],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        },
    )
    tpl.has_resource_properties(
        "AWS::ApiGateway::RestApi", {"Name": "doc-example-apigateway-dynamodb-profiles"}
    )
    tpl.has_resource_properties("AWS::ApiGateway::Stage", {"StageName": "test"})
    tpl.has_resource_properties("AWS::ApiGateway::Resource", {"PathPart": "profiles"})
    tpl.has_resource_properties("AWS::ApiGateway::Resource", {"PathPart": "{username}"})
    tpl.has_output("StageUrl", {})


def test_deployment_depends_on_every_method(parity: tuple[cdk.Stack, Template]) -> None:
    _, tpl = parity
    methods = set(tpl.find_resources("AWS::ApiGateway::Method"))
    (deployment,) = tpl.find_resources("AWS::ApiGateway::Deployment").values()
    assert methods <= set(deployment["DependsOn"])


def _deployment_id(scan_template: dict[str, str]) -> str:
    """The deployment's logical id of a one-method API with the given Scan template."""
    stack = cdk.Stack(cdk.App(), "S")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    ServiceIntegrationMethod(
        stack,
        "List",
        resource=api.root.add_resource("profiles"),
        http_method="GET",
        service="dynamodb",
        action="Scan",
        resources=["arn:aws:dynamodb:us-east-1:111122223333:table/t"],
        request_templates={"application/json": scan_template},
    )
    (logical_id,) = Template.from_stack(stack).find_resources("AWS::ApiGateway::Deployment")
    return logical_id


def test_deployment_logical_id_is_stable_for_the_same_method() -> None:
    assert _deployment_id({"TableName": "a"}) == _deployment_id({"TableName": "a"})


def test_changing_a_template_changes_the_deployment_logical_id() -> None:
    assert _deployment_id({"TableName": "a"}) != _deployment_id({"TableName": "b"})
