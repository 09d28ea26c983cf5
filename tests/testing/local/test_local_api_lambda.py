"""End to end: Lambda proxy and custom integrations of a CDK stack, handlers by construct or
logical id; a missing handler is a 502 that names the function."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_

from constructs_pkg.testing import LocalApi


def _stack() -> tuple[cdk.Stack, lambda_.Function]:
    stack = cdk.Stack(cdk.App(), "Lambdas")
    function = lambda_.Function(
        stack,
        "Hello",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context): pass"),
    )
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    api.root.add_resource("hello").add_resource("{name}").add_method(
        "GET", apigw.LambdaIntegration(function)
    )
    api.root.add_resource("custom").add_method(
        "POST",
        apigw.LambdaIntegration(
            function,
            proxy=False,
            request_templates={"application/json": "{\"who\": $input.json('$.who')}"},
            integration_responses=[apigw.IntegrationResponse(status_code="200")],
        ),
        method_responses=[apigw.MethodResponse(status_code="200")],
    )
    return stack, function


def _proxy(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if "who" in event:  # the custom integration's event
        return {"greeting": f"hi {event['who']}"}
    name = event["pathParameters"]["name"]
    return {"statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": f"hello {name}"}


def test_handlers_by_construct_run_for_proxy_and_custom_integrations() -> None:
    stack, function = _stack()
    with LocalApi(stack, lambda_handlers={function: _proxy}) as api:
        proxied = api.request("GET", "/hello/ann")
        custom = api.request("POST", "/custom", json={"who": "bob"})
    assert (proxied.status_code, proxied.text) == (200, "hello ann")
    assert proxied.headers["Content-Type"] == "text/plain"
    assert custom.json() == {"greeting": "hi bob"}
    logical_id = stack.get_logical_id(function.node.default_child)  # type: ignore[arg-type]
    assert proxied.action == f"lambda:{logical_id}"


def test_missing_handler_is_a_502_naming_the_function() -> None:
    stack, function = _stack()
    logical_id = stack.get_logical_id(function.node.default_child)  # type: ignore[arg-type]
    with LocalApi(stack) as api:
        response = api.request("GET", "/hello/ann")
    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}
    assert logical_id in response.headers["X-Local-Error"]
