"""Every ValidationError code of ServiceIntegrationMethod: one failing case each.

GIVEN a lean REST API, WHEN the construct gets bad input, THEN it raises before creating any
child, with a stable code and a message that names the value and the fix.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk.assertions import Template

from constructs_pkg import ServiceIntegrationMethod, ValidationError

TABLE_ARN = "arn:aws:dynamodb:us-east-1:111122223333:table/profiles"


def _build(stack: cdk.Stack, api: apigw.RestApi, **overrides: Any) -> ServiceIntegrationMethod:
    props: dict[str, Any] = {
        "resource": api.root,
        "http_method": "GET",
        "service": "dynamodb",
        "action": "Scan",
        "resources": [TABLE_ARN],
    }
    props.update(overrides)
    return ServiceIntegrationMethod(stack, "Method", **props)


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("invalid-http-method", {"http_method": "FETCH"}, "'FETCH'", "one of GET"),
    ("invalid-http-method", {"http_method": "gett"}, "'gett'", "did you mean 'GET'"),
    (
        "invalid-integration-http-method",
        {"integration_http_method": "ANY"},
        "'ANY'",
        "one of GET",
    ),
    ("both-action-and-path", {"path": "x/y"}, "'Scan'", "not both"),
    ("missing-action-or-path", {"action": None}, "'dynamodb'", "action='GetItem'"),
    ("empty-service", {"service": ""}, "''", "non-empty"),
    ("empty-action", {"action": "  "}, "'  '", "non-empty"),
    ("empty-path", {"action": None, "path": ""}, "''", "non-empty"),
    (
        "invalid-status-code",
        {"integration_responses": [apigw.IntegrationResponse(status_code="20")]},
        "'20'",
        "'200'",
    ),
    (
        "invalid-status-code",
        {"integration_responses": [apigw.IntegrationResponse(status_code="600")]},
        "'600'",
        "between 100 and 599",
    ),
    (
        "invalid-status-code",
        {"method_responses": [apigw.MethodResponse(status_code="OK")]},
        "'OK'",
        "'200'",
    ),
    ("invalid-media-type", {"request_templates": {"json": "{}"}}, "'json'", "application/json"),
    (
        "invalid-media-type",
        {
            "integration_responses": [
                apigw.IntegrationResponse(status_code="200", response_templates={"text": ""})
            ]
        },
        "'text'",
        "application/json",
    ),
    (
        "mismatched-responses",
        {
            "integration_responses": [apigw.IntegrationResponse(status_code="404")],
            "method_responses": [apigw.MethodResponse(status_code="200")],
        },
        "'404'",
        "omit 'method_responses'",
    ),
    (
        "mismatched-responses",
        {
            "integration_responses": [
                apigw.IntegrationResponse(
                    status_code="200",
                    response_parameters={"method.response.header.X-Id": "'1'"},
                )
            ],
            "method_responses": [apigw.MethodResponse(status_code="200")],
        },
        "'method.response.header.X-Id'",
        "add the missing",
    ),
    ("missing-resources", {"resources": None}, "dynamodb:Scan", "resources=[table.table_arn]"),
    ("invalid-resources", {"resources": TABLE_ARN}, repr(TABLE_ARN), "wrap it"),
    ("invalid-resources", {"resources": []}, "[]", "resources=[table.table_arn]"),
    ("invalid-request-template", {"request_templates": {"application/json": 42}}, "42", "a str"),
    (
        "invalid-request-parameter",
        {"request_parameters": {"querystring.x": True}},
        "'querystring.x'",
        "method.request.",
    ),
    ("invalid-iam-action", {"iam_actions": ["dynamodb:*"]}, "'dynamodb:*'", "exact action"),
    (
        "unmapped-path-parameter",
        {"service": "s3", "action": None, "path": "bucket/{key}", "http_method": "GET"},
        "{key}",
        "integration.request.path.key",
    ),
]


@pytest.mark.parametrize(
    ("code", "overrides", "value", "fix"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_fails_with_code_value_and_fix(
    stack: cdk.Stack,
    api: apigw.RestApi,
    code: str,
    overrides: dict[str, Any],
    value: str,
    fix: str,
) -> None:
    with pytest.raises(ValidationError) as raised:
        _build(stack, api, **overrides)
    assert raised.value.code == code
    assert value in raised.value.message
    assert fix in raised.value.message
    # nothing half-built: the failed construct left no child behind
    assert stack.node.try_find_child("Method") is None


def test_fails_when_a_second_method_uses_the_same_verb_on_a_resource(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    _build(stack, api)
    with pytest.raises(ValidationError) as raised:
        ServiceIntegrationMethod(
            stack,
            "Again",
            resource=api.root,
            http_method="get",
            service="dynamodb",
            action="Scan",
            resources=[TABLE_ARN],
        )
    assert raised.value.code == "duplicate-method"
    assert "'TestStack/Method'" in raised.value.message


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(ValidationError, ValueError)


def test_unresolved_tokens_are_not_validated_as_literals(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    status = cdk.CfnParameter(stack, "Status", default="201").value_as_string
    _build(
        stack,
        api,
        integration_responses=[apigw.IntegrationResponse(status_code=status)],
        method_responses=[apigw.MethodResponse(status_code=status)],
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Method",
        {"MethodResponses": [{"StatusCode": {"Ref": "Status"}}]},
    )
