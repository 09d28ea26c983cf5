"""Templates synthesized by aws-cdk-lib and by this package, run on a fake backend: CDK's CORS
preflight (single and multi-origin), gateway responses, ``MockIntegration``, and
``ServiceIntegrationMethod`` with ``error_mapping``."""

from __future__ import annotations

import json

import aws_cdk as cdk
from aws_cdk import assertions
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from local_support import FakeBackend, answer, local

from constructs_pkg import DynamoDbItem, From, ServiceIntegrationMethod, error_mapping


def _template(stack: cdk.Stack) -> dict[str, object]:
    return dict(assertions.Template.from_stack(stack).to_json())


def test_cdk_cors_preflight_with_several_origins_answers_the_matching_origin() -> None:
    stack = cdk.Stack(cdk.App(), "Cors")
    api = apigw.RestApi(
        stack,
        "Api",
        cloud_watch_role=False,
        default_cors_preflight_options=apigw.CorsOptions(
            allow_origins=["https://a.example", "https://b.example"],
            allow_methods=["GET", "POST"],
        ),
    )
    api.root.add_resource("items").add_method("GET", apigw.MockIntegration())
    with local(_template(stack)) as running:
        response = running.request(
            "OPTIONS",
            "/items",
            headers={"Origin": "https://b.example", "Access-Control-Request-Method": "GET"},
        )
        assert response.status_code == 204
        assert response.headers["Access-Control-Allow-Origin"] == "https://b.example"
        assert response.headers["Access-Control-Allow-Methods"] == "GET,POST"
        other = running.request("OPTIONS", "/items", headers={"Origin": "https://evil.example"})
        assert other.headers["Access-Control-Allow-Origin"] == "https://a.example"


def test_cdk_gateway_response_headers_on_a_miss() -> None:
    stack = cdk.Stack(cdk.App(), "Gateway")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    api.root.add_method("GET", apigw.MockIntegration())
    api.add_gateway_response(
        "Default4xx",
        type=apigw.ResponseType.DEFAULT_4_XX,
        response_headers={"Access-Control-Allow-Origin": "'*'"},
        templates={"application/json": '{"error": $context.error.messageString}'},
    )
    with local(_template(stack)) as running:
        response = running.request("GET", "/missing")
    assert response.status_code == 403
    assert response.json() == {"error": "Missing Authentication Token"}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_cdk_mock_integration_with_templates() -> None:
    stack = cdk.Stack(cdk.App(), "Mock")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    api.root.add_resource("ping").add_method(
        "GET",
        apigw.MockIntegration(
            request_templates={"application/json": '{"statusCode": 200}'},
            integration_responses=[
                apigw.IntegrationResponse(
                    status_code="200",
                    response_templates={"application/json": '{"pong": "$input.params(\'who\')"}'},
                )
            ],
        ),
        method_responses=[apigw.MethodResponse(status_code="200")],
    )
    with local(_template(stack)) as running:
        assert running.request("GET", "/ping?who=me").json() == {"pong": "me"}
        assert running.stage == "prod"


def test_service_integration_method_with_error_mapping() -> None:
    stack = cdk.Stack(cdk.App(), "Service")
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
    )
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root.add_resource("things").add_resource("{id}"),
        http_method="GET",
        service="dynamodb",
        action="GetItem",
        resources=[table.table_arn],
        request_templates={
            "application/json": {
                "TableName": table.table_name,
                "Key": DynamoDbItem({"id": From.path("id")}),
            }
        },
        integration_responses=error_mapping("dynamodb"),
    )
    not_found = {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"}
    backend = FakeBackend(responder=answer(400, not_found))
    with local(_template(stack), backend) as running:
        response = running.request("GET", "/things/1")
        assert response.integration is not None
        assert response.integration.action == "dynamodb:GetItem"
    sent = backend.sent[0]
    assert sent.headers["X-Amz-Target"] == "DynamoDB_20120810.GetItem"
    table_id = stack.get_logical_id(table.node.default_child)  # type: ignore[arg-type]
    assert json.loads(sent.body) == {
        "TableName": f"{table_id.lower()}-physical",
        "Key": {"id": {"S": "1"}},
    }
    assert response.status_code == 404
    assert response.json() == {"message": "not found", "type": "ResourceNotFoundException"}
