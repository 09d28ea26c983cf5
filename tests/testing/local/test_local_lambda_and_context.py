"""Lambda integrations (proxy and custom), ``$context`` fields and LocalApi's own errors."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from local_support import ACCOUNT, FakeBackend, FakeLoaded, api_template, integration, local, method

from constructs_pkg.testing import LocalApi, LocalApiError

FN_URI = {
    "Fn::Join": [
        "",
        [
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/",
            {"Fn::GetAtt": ["Handler", "Arn"]},
            "/invocations",
        ],
    ]
}
FUNCTION = {"Handler": {"Type": "AWS::Lambda::Function", "Properties": {}}}


def _proxy_template() -> dict[str, Any]:
    props = method(integration("AWS_PROXY", uri=FN_URI, responses=[]), statuses=())
    return api_template({"/users/{id}": {"ANY": props}}, resources=FUNCTION)


def test_aws_proxy_builds_the_v1_event_and_reads_the_result() -> None:
    events: list[dict[str, Any]] = []
    contexts: list[Any] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(event)
        contexts.append(context)
        return {
            "statusCode": 201,
            "headers": {"X-One": "1"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": '{"ok": true}',
            "isBase64Encoded": False,
        }

    with local(_proxy_template(), lambda_handlers={"Handler": handler}) as api:
        response = api.request("PUT", "/users/42?x=1&x=2", headers={"X-H": "v"}, json={"name": "n"})
    assert response.status_code == 201
    assert response.json() == {"ok": True}
    assert response.headers["X-One"] == "1"
    assert response.headers.get_all("Set-Cookie") == ["a=1", "b=2"]
    assert response.integration is not None
    assert response.integration.action == "lambda:Handler"
    event = events[0]
    assert event["resource"] == "/users/{id}"
    assert event["path"] == "/users/42"
    assert event["httpMethod"] == "PUT"
    assert event["pathParameters"] == {"id": "42"}
    assert event["queryStringParameters"] == {"x": "2"}
    assert event["multiValueQueryStringParameters"] == {"x": ["1", "2"]}
    assert event["headers"]["X-H"] == "v"
    assert event["body"] == '{"name": "n"}'
    assert event["isBase64Encoded"] is False
    assert event["requestContext"]["stage"] == "test"
    assert event["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    assert event["requestContext"]["accountId"] == ACCOUNT
    assert contexts[0].function_name == "Handler"
    assert contexts[0].get_remaining_time_in_millis() > 0
    assert re.fullmatch(r"[0-9a-f-]{36}", contexts[0].aws_request_id)


@pytest.mark.parametrize(
    "result",
    [RuntimeError("boom"), {"body": "no status"}, "not a dict"],
)
def test_aws_proxy_failure_or_malformed_result_is_502(result: object) -> None:
    def handler(event: Any, context: Any) -> object:
        if isinstance(result, Exception):
            raise result
        return result

    with local(_proxy_template(), lambda_handlers={"Handler": handler}) as api:
        response = api.request("GET", "/users/1")
    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}


def test_handler_slower_than_the_integration_timeout_is_504() -> None:
    props = method(
        integration("AWS_PROXY", uri=FN_URI, responses=[], TimeoutInMillis=50), statuses=()
    )
    template = api_template({"/slow": {"GET": props}}, resources=FUNCTION)

    def handler(event: Any, context: Any) -> dict[str, Any]:
        time.sleep(0.08)
        return {"statusCode": 200, "body": "late"}

    with local(template, lambda_handlers={"Handler": handler}) as api:
        response = api.request("GET", "/slow")
    assert response.status_code == 504
    assert response.json() == {"message": "Endpoint request timed out"}


def test_lambda_without_a_handler_is_a_documented_502() -> None:
    with local(_proxy_template()) as api:
        response = api.request("GET", "/users/1")
    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}
    assert "lambda_handlers={'Handler': handler}" in response.headers["X-Local-Error"]
    assert response.integration is not None
    assert response.integration.error == "no handler"


def _custom_template() -> dict[str, Any]:
    props = method(
        integration(
            "AWS",
            uri=FN_URI,
            RequestTemplates={"application/json": '{"id": "$input.params(\'id\')"}'},
            responses=[
                {"StatusCode": "200"},
                {
                    "StatusCode": "404",
                    "SelectionPattern": "Not found.*",
                    "ResponseTemplates": {
                        "application/json": '{"error": "$input.path(\'$.errorMessage\')"}'
                    },
                },
            ],
        ),
        statuses=("200", "404"),
    )
    return api_template({"/users/{id}": {"GET": props}}, resources=FUNCTION)


def test_custom_lambda_gets_the_rendered_template_and_selects_on_error_message() -> None:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if event["id"] == "missing":
            raise LookupError("Not found: missing")
        return {"id": event["id"]}

    with local(_custom_template(), lambda_handlers={"Handler": handler}) as api:
        ok = api.request("GET", "/users/7")
        missing = api.request("GET", "/users/missing")
    assert (ok.status_code, ok.json()) == (200, {"id": "7"})
    assert (missing.status_code, missing.json()) == (404, {"error": "Not found: missing"})


def test_context_fields() -> None:
    template_text = (
        '{"id":"$context.requestId","time":"$context.requestTime",'
        '"epoch":$context.requestTimeEpoch,"stage":"$context.stage",'
        '"resourcePath":"$context.resourcePath","path":"$context.path",'
        '"method":"$context.httpMethod","apiId":"$context.apiId",'
        '"account":"$context.accountId","ip":"$context.identity.sourceIp"}'
    )
    props = method(
        integration(
            "MOCK",
            RequestTemplates={"application/json": '{"statusCode": 200}'},
            responses=[
                {"StatusCode": "200", "ResponseTemplates": {"application/json": template_text}}
            ],
        )
    )
    with local(api_template({"/things/{id}": {"GET": props}})) as api:
        before = int(time.time() * 1000)
        first = api.request("GET", "/things/9").json()
        second = api.request("GET", "/things/9").json()
    assert isinstance(first, dict) and isinstance(second, dict)
    assert first["id"] != second["id"]
    assert abs(first["epoch"] - before) < 5000
    assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000", first["time"])
    assert first["stage"] == "test"
    assert first["resourcePath"] == "/things/{id}"
    assert first["path"] == "/test/things/9"
    assert first["method"] == "GET"
    assert first["apiId"] == "fakeapi123" == api.rest_api_id
    assert first["account"] == ACCOUNT
    assert first["ip"] == "127.0.0.1"


def test_stage_variables_keyword_overrides_the_stage() -> None:
    props = method(
        integration(
            "MOCK",
            RequestTemplates={"application/json": '{"statusCode": 200}'},
            responses=[
                {
                    "StatusCode": "200",
                    "ResponseTemplates": {
                        "application/json": "$stageVariables.a/$stageVariables.b"
                    },
                }
            ],
        )
    )
    template = api_template({"/": {"GET": props}}, stage_variables={"a": "1", "b": "2"})
    with local(template, stage_variables={"b": "3"}) as api:
        assert api.request("GET", "/").text == "1/3"


def test_response_helpers() -> None:
    props = method(
        integration(
            "MOCK",
            RequestTemplates={"application/json": '{"statusCode": 200}'},
            responses=[
                {"StatusCode": "200", "ResponseTemplates": {"application/json": '{"a": "é"}'}}
            ],
        )
    )
    with local(api_template({"/": {"GET": props}})) as api:
        response = api.request("GET", "/")
        assert (
            response.headers["content-type"]
            == response.headers["Content-Type"]
            == "application/json"
        )
        assert response.body == '{"a": "é"}'.encode()
        assert response.text == '{"a": "é"}'
        assert response.json() == {"a": "é"}
        assert api.client("dynamodb") == ("client", "dynamodb")


def test_fails_when_template_has_no_rest_api() -> None:
    with pytest.raises(LocalApiError) as caught:
        LocalApi.from_backend(FakeLoaded({"Resources": {}}), FakeBackend())
    assert caught.value.code == "no-rest-api"


def _two_apis() -> dict[str, Any]:
    template = api_template({"/": {"GET": method()}})
    template["Resources"]["OtherApi"] = {"Type": "AWS::ApiGateway::RestApi", "Properties": {}}
    return template


def test_fails_when_rest_api_is_unknown() -> None:
    with pytest.raises(LocalApiError) as caught:
        LocalApi.from_backend(FakeLoaded(_two_apis()), FakeBackend(), rest_api="Apii")
    assert caught.value.code == "unknown-rest-api"
    assert "did you mean 'Api'" in caught.value.message


def test_fails_when_rest_api_is_ambiguous() -> None:
    with pytest.raises(LocalApiError) as caught:
        LocalApi.from_backend(FakeLoaded(_two_apis()), FakeBackend())
    assert caught.value.code == "ambiguous-rest-api"
    chosen = LocalApi.from_backend(FakeLoaded(_two_apis()), FakeBackend(), rest_api="Api")
    assert chosen.routes == ["GET /"]


@pytest.mark.parametrize(
    "kwargs",
    [{"body": "x", "json": {}}, {"body": 3}],
)
def test_fails_when_request_is_invalid(kwargs: dict[str, Any]) -> None:
    with (
        local(api_template({"/": {"GET": method()}})) as api,
        pytest.raises(LocalApiError) as caught,
    ):
        api.request("GET", "/", **kwargs)
    assert caught.value.code == "invalid-request"


def test_fails_when_method_is_not_a_verb() -> None:
    with (
        local(api_template({"/": {"GET": method()}})) as api,
        pytest.raises(LocalApiError) as caught,
    ):
        api.request("G T", "/")
    assert caught.value.code == "invalid-request"


def test_fails_when_closed() -> None:
    backend = FakeBackend()
    api = local(api_template({"/": {"GET": method()}}), backend)
    api.close()
    api.close()
    assert backend.closed
    with pytest.raises(LocalApiError) as caught:
        api.request("GET", "/")
    assert caught.value.code == "closed"


def test_fails_when_logical_id_is_unknown() -> None:
    with local(api_template({"/": {"GET": method()}})) as api:
        assert api.physical_id("Stage") == "stage-physical"
        with pytest.raises(LocalApiError) as caught:
            api.physical_id("Nope")
    assert caught.value.code == "unknown-logical-id"
