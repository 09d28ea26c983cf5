"""Request templates, passthrough, parameter mappings and the AWS call the backend receives."""

from __future__ import annotations

from typing import Any

import pytest
from local_support import FakeBackend, answer, api_template, integration, local, method

from constructs_pkg.testing._local._backend import IntegrationTimeoutError, ServiceRequest


def _one(props: dict[str, Any], path: str = "/items/{id}", verb: str = "POST", **kw: Any):  # type: ignore[no-untyped-def]
    backend = FakeBackend(**kw)
    return local(
        api_template({path: {verb: props}}, stage_variables={"table": "T1"}), backend
    ), backend


@pytest.mark.parametrize(
    ("behavior", "templates", "content_type", "expected"),
    [
        ("WHEN_NO_MATCH", {"application/json": "T"}, "application/json", "T"),
        ("WHEN_NO_MATCH", {"application/json": "T"}, "text/plain", "raw"),
        ("WHEN_NO_TEMPLATES", {"application/json": "T"}, "text/plain", 415),
        ("NEVER", {"application/json": "T"}, "text/plain", 415),
        ("WHEN_NO_MATCH", {}, "text/plain", "raw"),
        ("WHEN_NO_TEMPLATES", {}, "text/plain", "raw"),
        ("NEVER", {}, "text/plain", 415),
        ("NEVER", {"application/json": "T"}, "application/json; charset=UTF-8", "T"),
    ],
)
def test_passthrough_table(
    behavior: str, templates: dict[str, str], content_type: str, expected: object
) -> None:
    props = method(integration(PassthroughBehavior=behavior, RequestTemplates=templates))
    api, backend = _one(props)
    with api:
        response = api.request(
            "POST", "/items/1", body="raw", headers={"Content-Type": content_type}
        )
    if expected == 415:
        assert response.status_code == 415
        assert response.json() == {"message": "Unsupported Media Type"}
        assert response.response_type == "UNSUPPORTED_MEDIA_TYPE"
        assert backend.sent == []
    else:
        assert backend.sent[0].body == str(expected).encode()


def test_no_content_type_selects_the_application_json_template() -> None:
    props = method(integration(RequestTemplates={"application/json": "J", "text/plain": "P"}))
    api, backend = _one(props)
    with api:
        api.request("POST", "/items/1", body="x")
    assert backend.sent[0].body == b"J"


def test_action_style_call_dynamodb_gets_the_implicit_target() -> None:
    props = method(
        integration(
            RequestTemplates={"application/json": '{"TableName":"$stageVariables.table"}'},
            Uri={
                "Fn::Join": [
                    "",
                    [
                        "arn:",
                        {"Ref": "AWS::Partition"},
                        ":apigateway:",
                        {"Ref": "AWS::Region"},
                        ":dynamodb:action/PutItem",
                    ],
                ]
            },
        )
    )
    api, backend = _one(props)
    with api:
        response = api.request("POST", "/items/1", json={})
    sent = backend.sent[0]
    assert sent.service == "dynamodb"
    assert sent.method == "POST"
    assert sent.path == "/"
    assert sent.query == (("Action", "PutItem"),)
    assert sent.headers["X-Amz-Target"] == "DynamoDB_20120810.PutItem"
    assert sent.headers["Content-Type"] == "application/x-amz-json-1.0"
    assert sent.headers["Accept"] == "application/json"
    assert sent.body == b'{"TableName":"T1"}'
    assert response.integration is not None
    assert response.integration.action == "dynamodb:PutItem"


def test_events_gets_no_implicit_target_but_mapped_headers_win() -> None:
    props = method(
        integration(
            Uri="arn:aws:apigateway:us-east-1:events:action/PutEvents",
            RequestParameters={
                "integration.request.header.X-Amz-Target": "'AWSEvents.PutEvents'",
                "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
                "integration.request.header.Accept": "'application/xml'",
            },
        )
    )
    api, backend = _one(props)
    with api:
        api.request("POST", "/items/1", json={})
    headers = backend.sent[0].headers
    assert headers["X-Amz-Target"] == "AWSEvents.PutEvents"
    assert headers["Content-Type"] == "application/x-amz-json-1.1"
    assert headers["Accept"] == "application/xml"


def test_events_without_mapping_has_no_target() -> None:
    props = method(integration(Uri="arn:aws:apigateway:us-east-1:events:action/PutEvents"))
    api, backend = _one(props)
    with api:
        api.request("POST", "/items/1", json={})
    assert "X-Amz-Target" not in backend.sent[0].headers


def test_query_protocol_action_parameters_and_mapped_querystring() -> None:
    props = method(
        integration(
            Uri="arn:aws:apigateway:us-east-1:sqs:action/SendMessage&QueueUrl=https://q/1",
            RequestParameters={
                "integration.request.querystring.MessageBody": "method.request.body",
                "integration.request.multivaluequerystring.Tag": (
                    "method.request.multivaluequerystring.tag"
                ),
            },
        )
    )
    api, backend = _one(props)
    with api:
        api.request("POST", "/items/1?tag=a&tag=b", body="hello")
    assert backend.sent[0].query == (
        ("Action", "SendMessage"),
        ("QueueUrl", "https://q/1"),
        ("MessageBody", "hello"),
        ("Tag", "a"),
        ("Tag", "b"),
    )


def test_path_style_fills_placeholders_and_uses_the_integration_verb() -> None:
    props = method(
        integration(
            Uri="arn:aws:apigateway:us-east-1:s3:path/{bucket}/{key}",
            IntegrationHttpMethod="GET",
            RequestParameters={
                "integration.request.path.bucket": "stageVariables.table",
                "integration.request.path.key": "method.request.path.id",
            },
        )
    )
    api, backend = _one(props, verb="GET")
    with api:
        response = api.request("GET", "/items/a%20b.txt")
    sent = backend.sent[0]
    assert (sent.service, sent.method, sent.path) == ("s3", "GET", "/T1/a%20b.txt")
    assert "Content-Type" not in sent.headers
    assert response.integration is not None
    assert response.integration.action == "s3:GET /T1/a%20b.txt"


def test_every_request_parameter_source() -> None:
    props = method(
        integration(
            RequestParameters={
                "integration.request.header.h-path": "method.request.path.id",
                "integration.request.header.h-query": "method.request.querystring.q",
                "integration.request.header.h-mq": "method.request.multivaluequerystring.q",
                "integration.request.header.h-header": "method.request.header.X-In",
                "integration.request.header.h-mh": "method.request.multivalueheader.X-In",
                "integration.request.header.h-body": "method.request.body.user.name",
                "integration.request.header.h-stage": "stageVariables.table",
                "integration.request.header.h-context": "context.httpMethod",
                "integration.request.header.h-literal": "'fixed'",
                "integration.request.header.h-absent": "method.request.header.nope",
            },
        )
    )
    api, backend = _one(props)
    with api:
        api.request(
            "POST",
            "/items/7?q=1&q=2",
            headers=[("X-In", "a"), ("x-in", "b")],
            json={"user": {"name": "ann"}},
        )
    headers = backend.sent[0].headers
    assert headers["h-path"] == "7"
    assert headers["h-query"] == "2"
    assert headers["h-mq"] == "1,2"
    assert headers["h-header"] == "b"
    assert headers["h-mh"] == "a,b"
    assert headers["h-body"] == "ann"
    assert headers["h-stage"] == "T1"
    assert headers["h-context"] == "POST"
    assert headers["h-literal"] == "fixed"
    assert "h-absent" not in headers


def test_request_override_wins_over_mappings() -> None:
    template = (
        "#set($context.requestOverride.header.X-Over = 'template')"
        "#set($context.requestOverride.querystring.q = 'over')body"
    )
    props = method(
        integration(
            Uri="arn:aws:apigateway:us-east-1:sqs:action/SendMessage",
            RequestTemplates={"application/json": template},
            RequestParameters={
                "integration.request.header.X-Over": "'mapping'",
                "integration.request.querystring.q": "'mapping'",
            },
        )
    )
    api, backend = _one(props)
    with api:
        api.request("POST", "/items/1")
    assert backend.sent[0].headers["X-Over"] == "template"
    assert backend.sent[0].query[-1] == ("q", "over")
    assert backend.sent[0].body == b"body"


def test_body_that_is_not_json_for_a_json_reading_template_is_400() -> None:
    props = method(integration(RequestTemplates={"application/json": "$input.json('$.a')"}))
    api, backend = _one(props)
    with api:
        response = api.request("POST", "/items/1", body="{oops")
    assert response.status_code == 400
    assert backend.sent == []


def test_integration_timeout_is_504() -> None:
    def slow(request: ServiceRequest) -> Any:
        raise IntegrationTimeoutError("no answer in 29 s")

    props = method(integration(TimeoutInMillis=50))
    api, backend = _one(props, responder=slow)
    with api:
        response = api.request("POST", "/items/1")
    assert response.status_code == 504
    assert response.json() == {"message": "Endpoint request timed out"}
    assert response.response_type == "INTEGRATION_TIMEOUT"
    assert backend.sent[0].timeout_seconds == 0.05
    assert response.integration is not None
    assert response.integration.action == "dynamodb:PutItem"


def test_http_integration_is_a_documented_502() -> None:
    props = method(integration("HTTP_PROXY", uri="https://example.com/{proxy}"))
    api, backend = _one(props)
    with api:
        response = api.request("POST", "/items/1")
    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}
    assert "not run locally" in response.headers["X-Local-Error"]
    assert backend.sent == []


def test_backend_answer_passes_through_without_templates() -> None:
    api, _ = _one(method(), responder=answer(200, {"Item": {"a": {"S": "1"}}}))
    with api:
        response = api.request("POST", "/items/1")
    assert response.json() == {"Item": {"a": {"S": "1"}}}
    assert response.headers["Content-Type"] == "application/json"
