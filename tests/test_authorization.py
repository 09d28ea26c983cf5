"""Authorization passes through to the method exactly as aws-cdk-lib's ``Method`` sets it (IAM,
Cognito user pools with scopes, Lambda authorizers, API keys, the API's defaults), and the CORS
preflight stays open whatever the method or the API requires."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from constructs_pkg import Cors, ServiceIntegrationMethod

AUTH_KEYS = ("AuthorizationType", "AuthorizerId", "AuthorizationScopes", "ApiKeyRequired")

Options = Callable[[cdk.Stack], dict[str, Any]]


def _cognito(stack: cdk.Stack) -> apigw.IAuthorizer:
    pool = cognito.UserPool(stack, "Users")
    return apigw.CognitoUserPoolsAuthorizer(stack, "SignedIn", cognito_user_pools=[pool])


def _token(stack: cdk.Stack) -> apigw.IAuthorizer:
    handler = lambda_.Function(
        stack,
        "Check",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\n    return {}\n"),
    )
    return apigw.TokenAuthorizer(stack, "TokenCheck", handler=handler)


CASES: dict[str, Options] = {
    "none": lambda s: {},
    "iam": lambda s: {"authorization_type": apigw.AuthorizationType.IAM},
    "cognito-scopes": lambda s: {
        "authorizer": _cognito(s),
        "authorization_type": apigw.AuthorizationType.COGNITO,
        "authorization_scopes": ["profiles/read", "profiles/write"],
    },
    "lambda-token": lambda s: {"authorizer": _token(s)},
    "api-key": lambda s: {"api_key_required": True},
    "iam-and-api-key": lambda s: {
        "authorization_type": apigw.AuthorizationType.IAM,
        "api_key_required": True,
    },
}

DEFAULTS: dict[str, Callable[[cdk.Stack], apigw.MethodOptions]] = {
    "iam-default": lambda s: apigw.MethodOptions(authorization_type=apigw.AuthorizationType.IAM),
    "cognito-default": lambda s: apigw.MethodOptions(
        authorizer=_cognito(s),
        authorization_type=apigw.AuthorizationType.COGNITO,
        authorization_scopes=["profiles/read"],
    ),
    "api-key-default": lambda s: apigw.MethodOptions(api_key_required=True),
}


def _auth(stack: cdk.Stack, verb: str) -> dict[str, Any]:
    (method,) = (
        Template.from_stack(stack)
        .find_resources("AWS::ApiGateway::Method", {"Properties": {"HttpMethod": verb}})
        .values()
    )
    return {key: method["Properties"].get(key) for key in AUTH_KEYS}


Default = Callable[[cdk.Stack], apigw.MethodOptions] | None


def _stack_with(default: Default) -> tuple[cdk.Stack, apigw.RestApi, dynamodb.Table]:
    stack = cdk.Stack(cdk.App(), "TestStack")
    api = apigw.RestApi(
        stack,
        "Api",
        deploy=False,
        cloud_watch_role=False,
        default_method_options=default(stack) if default is not None else None,
    )
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    return stack, api, table


def _ours(options: Options, default: Default) -> cdk.Stack:
    stack, api, table = _stack_with(default)
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root,
        http_method="GET",
        service="dynamodb",
        action="GetItem",
        resources=[table.table_arn],
        cors=Cors(allow_origins=["https://app.example.com"]),
        **options(stack),
    )
    return stack


def _cdk(options: Options, default: Default) -> cdk.Stack:
    stack, api, _ = _stack_with(default)
    api.root.add_method("GET", apigw.MockIntegration(), **options(stack))
    return stack


@pytest.mark.parametrize("name", list(CASES))
def test_method_authorization_is_what_aws_cdk_lib_sets(name: str) -> None:
    # GIVEN the same authorization options on our method and on aws-cdk-lib's
    ours, theirs = _ours(CASES[name], None), _cdk(CASES[name], None)
    # THEN the synthesized method has the same authorization properties
    assert _auth(ours, "GET") == _auth(theirs, "GET")
    # AND the preflight is open: no authorization, no authorizer, no API key
    assert _auth(ours, "OPTIONS") == {
        "AuthorizationType": "NONE",
        "AuthorizerId": None,
        "AuthorizationScopes": None,
        "ApiKeyRequired": False,
    }


@pytest.mark.parametrize("name", list(DEFAULTS))
def test_the_apis_default_method_options_apply_as_in_aws_cdk_lib(name: str) -> None:
    ours, theirs = _ours(lambda s: {}, DEFAULTS[name]), _cdk(lambda s: {}, DEFAULTS[name])
    assert _auth(ours, "GET") == _auth(theirs, "GET")
    assert _auth(ours, "OPTIONS")["AuthorizationType"] == "NONE"
    assert _auth(ours, "OPTIONS")["ApiKeyRequired"] is False


def test_specific_values_are_synthesized() -> None:
    stack = _ours(CASES["cognito-scopes"], None)
    auth = _auth(stack, "GET")
    assert auth["AuthorizationType"] == "COGNITO_USER_POOLS"
    assert auth["AuthorizationScopes"] == ["profiles/read", "profiles/write"]
    authorizer = stack.node.find_child("SignedIn")
    assert auth["AuthorizerId"] == {"Ref": stack.get_logical_id(authorizer.node.default_child)}  # type: ignore[arg-type]
    token = _auth(_ours(CASES["lambda-token"], None), "GET")
    assert token["AuthorizationType"] == "CUSTOM"
    assert _auth(_ours(CASES["iam"], None), "GET")["AuthorizationType"] == "AWS_IAM"
    assert _auth(_ours(CASES["api-key"], None), "GET")["ApiKeyRequired"] is True
