"""Selection (whole status code, default, none), response parameters, templates by Accept,
overrides, MOCK (CORS preflight included) and gateway responses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from local_support import FakeBackend, answer, api_template, integration, local, method

ERROR_BODY = {"__type": "com.amazonaws.dynamodb.v20120810#ValidationException", "message": "bad"}


def _run(props: dict[str, Any], status: int = 200, body: object = None, **request: Any):  # type: ignore[no-untyped-def]
    backend = FakeBackend(responder=answer(status, body, {"x-amzn-RequestId": "svc-1"}))
    with local(api_template({"/": {"POST": props}}), backend) as api:
        return api.request("POST", "/", **request)


def test_service_error_with_only_a_default_200_is_200_carrying_the_error() -> None:
    response = _run(method(), 400, ERROR_BODY)
    assert response.status_code == 200
    assert response.json() == ERROR_BODY


@pytest.mark.parametrize(
    ("pattern", "status", "expected"),
    [
        ("4\\d{2}", 400, 400),
        ("40", 400, 200),  # must match the whole code, not a prefix
        ("4..", 404, 400),
        (".*5.*", 500, 400),
    ],
)
def test_selection_pattern_must_match_the_whole_status(
    pattern: str, status: int, expected: int
) -> None:
    props = method(
        integration(
            responses=[
                {"StatusCode": "200"},
                {"StatusCode": "400", "SelectionPattern": pattern},
            ]
        ),
        statuses=("200", "400"),
    )
    assert _run(props, status, ERROR_BODY).status_code == expected


def test_first_matching_pattern_wins() -> None:
    props = method(
        integration(
            responses=[
                {"StatusCode": "404", "SelectionPattern": "404"},
                {"StatusCode": "400", "SelectionPattern": "4\\d{2}"},
                {"StatusCode": "200"},
            ]
        ),
        statuses=("200", "400", "404"),
    )
    assert _run(props, 404).status_code == 404


def test_no_match_and_no_default_is_500_api_configuration_error() -> None:
    props = method(integration(responses=[{"StatusCode": "200", "SelectionPattern": "2\\d{2}"}]))
    response = _run(props, 400)
    assert response.status_code == 500
    assert response.json() == {"message": "Internal server error"}
    assert response.response_type == "API_CONFIGURATION_ERROR"


def test_status_without_method_response_is_500() -> None:
    props = method(integration(responses=[{"StatusCode": "201"}]), statuses=("200",))
    assert _run(props).status_code == 500


def test_response_parameters_from_every_source() -> None:
    props = method(
        integration(
            responses=[
                {
                    "StatusCode": "200",
                    "ResponseParameters": {
                        "method.response.header.X-Svc": (
                            "integration.response.header.x-amzn-RequestId"
                        ),
                        "method.response.header.X-Count": "integration.response.body.Count",
                        "method.response.header.X-Whole": "integration.response.body",
                        "method.response.header.X-Lit": "'literal'",
                        "method.response.header.X-Ctx": "context.resourcePath",
                        "method.response.header.Access-Control-Allow-Origin": "'*'",
                    },
                }
            ]
        )
    )
    response = _run(props, 200, {"Count": 3})
    assert response.headers["X-Svc"] == "svc-1"
    assert response.headers["X-Count"] == "3"
    assert response.headers["X-Whole"] == '{"Count": 3}'
    assert response.headers["X-Lit"] == "literal"
    assert response.headers["X-Ctx"] == "/"
    assert response.headers["access-control-allow-origin"] == "*"


def _templated() -> dict[str, Any]:
    return method(
        integration(
            responses=[
                {
                    "StatusCode": "200",
                    "ResponseTemplates": {
                        "application/xml": "<n>$input.path('$.Count')</n>",
                        "application/json": "{\"n\": $input.path('$.Count')}",
                    },
                }
            ]
        )
    )


@pytest.mark.parametrize(
    ("accept", "body", "content_type"),
    [
        (None, '{"n": 3}', "application/json"),
        ("application/xml", "<n>3</n>", "application/xml"),
        ("application/xml; q=0.9", "<n>3</n>", "application/xml"),
        ("text/html", "<n>3</n>", "application/xml"),  # no match: the first template
    ],
)
def test_response_template_by_accept(accept: str | None, body: str, content_type: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = _run(_templated(), 200, {"Count": 3}, headers=headers)
    assert response.text == body
    assert response.headers["Content-Type"] == content_type


def test_response_override_status_and_header() -> None:
    template = (
        "#set($context.responseOverride.status = 201)"
        "#set($context.responseOverride.header.X-Over = 'yes')created"
    )
    props = method(
        integration(
            responses=[
                {
                    "StatusCode": "200",
                    "ResponseTemplates": {"application/json": template},
                    "ResponseParameters": {"method.response.header.X-Over": "'no'"},
                }
            ]
        )
    )
    response = _run(props)
    assert (response.status_code, response.text, response.headers["X-Over"]) == (
        201,
        "created",
        "yes",
    )


def _mock(
    request_template: str | None, responses: list[dict[str, Any]], statuses: tuple[str, ...]
) -> dict[str, Any]:
    extra = {"RequestTemplates": {"application/json": request_template}} if request_template else {}
    return method(integration("MOCK", responses=responses, **extra), statuses=statuses)


@pytest.mark.parametrize("request_template", ['{"statusCode": 404}', "{ statusCode: 404 }"])
def test_mock_selects_on_its_status_code(request_template: str) -> None:
    props = _mock(
        request_template,
        [
            {"StatusCode": "200"},
            {
                "StatusCode": "404",
                "SelectionPattern": "404",
                "ResponseTemplates": {"application/json": "nf"},
            },
        ],
        ("200", "404"),
    )
    response = _run(props)
    assert (response.status_code, response.text) == (404, "nf")
    assert response.integration is not None
    assert response.integration.action == "MOCK"


def test_mock_without_template_gives_the_default_response() -> None:
    props = _mock(
        None, [{"StatusCode": "200", "ResponseTemplates": {"application/json": "d"}}], ("200",)
    )
    assert _run(props).text == "d"


def test_cors_preflight_through_mock_as_cdk_writes_it() -> None:
    preflight = method(
        integration(
            "MOCK",
            RequestTemplates={"application/json": "{ statusCode: 200 }"},
            responses=[
                {
                    "StatusCode": "204",
                    "ResponseParameters": {
                        "method.response.header.Access-Control-Allow-Headers": (
                            "'Content-Type,X-Amz-Date'"
                        ),
                        "method.response.header.Access-Control-Allow-Origin": "'https://example.com'",
                        "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,POST'",
                    },
                }
            ],
        ),
        statuses=("204",),
    )
    with local(api_template({"/items": {"OPTIONS": preflight}})) as api:
        response = api.request(
            "OPTIONS",
            "/items",
            headers={"Origin": "https://example.com", "Access-Control-Request-Method": "POST"},
        )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "https://example.com"
    assert response.headers["Access-Control-Allow-Methods"] == "OPTIONS,GET,POST"


def _gateway(response_type: str, **props: Any) -> dict[str, Any]:
    return {
        f"Gr{response_type.replace('_', '')}": {
            "Type": "AWS::ApiGateway::GatewayResponse",
            "Properties": {"RestApiId": {"Ref": "Api"}, "ResponseType": response_type, **props},
        }
    }


def test_custom_gateway_response_template_and_headers_are_applied() -> None:
    resources = _gateway(
        "MISSING_AUTHENTICATION_TOKEN",
        StatusCode="404",
        ResponseTemplates={
            "application/json": '{"error": $context.error.messageString, "path": "$context.path", '
            '"id": "$context.requestId", "h": "$method.request.header.X-Trace", '
            '"s": "$stageVariables.v"}'
        },
        ResponseParameters={
            "gatewayresponse.header.Access-Control-Allow-Origin": "'*'",
            "gatewayresponse.header.X-Trace": "method.request.header.X-Trace",
        },
    )
    template = api_template(
        {"/": {"POST": method()}}, resources=resources, stage_variables={"v": "sv"}
    )
    with local(template) as api:
        response = api.request("GET", "/nowhere", headers={"X-Trace": "t-1"})
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "Missing Authentication Token"
    assert body["path"] == "/test/nowhere"
    assert re.fullmatch(r"[0-9a-f-]{36}", body["id"])
    assert (body["h"], body["s"]) == ("t-1", "sv")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Trace"] == "t-1"
    assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"


def test_default_4xx_is_inherited_with_its_status_headers_and_template() -> None:
    resources = _gateway(
        "DEFAULT_4XX",
        StatusCode="418",
        ResponseTemplates={"application/json": '{"oops": "$context.error.responseType"}'},
        ResponseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
    )
    template = api_template({"/": {"POST": method()}}, resources=resources)
    with local(template) as api:
        response = api.request("GET", "/nowhere")
        assert response.status_code == 418
        assert response.json() == {"oops": "MISSING_AUTHENTICATION_TOKEN"}
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        # a 5XX type does not inherit DEFAULT_4XX
        broken = api_template({"/": {"POST": method(statuses=("201",))}}, resources=resources)
    with local(broken) as api:
        response = api.request("POST", "/")
        assert response.status_code == 500
        assert "Access-Control-Allow-Origin" not in response.headers
