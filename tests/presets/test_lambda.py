"""LambdaInvoke: path-style invoke, sync/async, function errors never 200, exact grant."""

from __future__ import annotations

import json
import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from preset_support import HOSTILE, allow, logical_id, method_properties, statements, uri

from constructs_pkg import From, ValidationError
from constructs_pkg.presets import LambdaInvoke
from constructs_pkg.presets.lambda_ import invoke_responses
from constructs_pkg.testing import SampleRequest, render_method_request, render_response


@pytest.fixture
def function(stack: cdk.Stack) -> lambda_.Function:
    return lambda_.Function(
        stack,
        "Fn",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\n    return event\n"),
    )


def _java_pattern(pattern: str) -> str:
    """Python's spelling of a selection pattern (Java's ``\\z`` is Python's ``\\Z``)."""
    return pattern.replace(r"\z", r"\Z")


def _matching(responses: list[dict[str, object]], value: str) -> list[str]:
    return [
        str(r["StatusCode"])
        for r in responses
        if r.get("SelectionPattern") is not None
        and re.fullmatch(_java_pattern(str(r["SelectionPattern"])), value)
    ]


@pytest.mark.parametrize(
    ("invocation_type", "success", "headers"),
    [
        ("RequestResponse", "200", None),
        ("Event", "202", {"integration.request.header.X-Amz-Invocation-Type": "'Event'"}),
    ],
)
def test_lambda_invoke_uri_headers_template_and_exact_grant(
    stack: cdk.Stack,
    api: apigw.RestApi,
    function: lambda_.Function,
    invocation_type: str,
    success: str,
    headers: dict[str, str] | None,
) -> None:
    method = LambdaInvoke(
        stack,
        "Invoke",
        resource=api.root,
        function=function,
        invocation_type=invocation_type,  # type: ignore[arg-type]
    )
    integration = method_properties(method)["Integration"]
    f = logical_id(function)
    assert integration["IntegrationHttpMethod"] == "POST"
    assert integration["Uri"] == uri(
        "lambda", f"path/2015-03-31/functions/${{{f}.Arn}}/invocations"
    )
    assert integration.get("RequestParameters") == headers
    assert integration["IntegrationResponses"][0]["StatusCode"] == success
    assert statements(stack) == [allow(["lambda:InvokeFunction"], [f"${{{f}.Arn}}"])]


@pytest.mark.parametrize("payload", [{"job": "resize"}, {"job": HOSTILE}], ids=["ok", "hostile"])
def test_lambda_event_is_the_json_body(
    stack: cdk.Stack, api: apigw.RestApi, function: lambda_.Function, payload: dict[str, str]
) -> None:
    method = LambdaInvoke(stack, "Invoke", resource=api.root, function=function)
    assert json.loads(render_method_request(method, SampleRequest(body=payload))) == payload
    assert json.loads(render_method_request(method, SampleRequest())) == {}


def test_lambda_declared_payload_escapes_request_values(
    stack: cdk.Stack, api: apigw.RestApi, function: lambda_.Function
) -> None:
    jobs = api.root.add_resource("{jobId}")
    method = LambdaInvoke(
        stack,
        "Invoke",
        resource=jobs,
        function=function,
        payload={"jobId": From.path("jobId"), "spec": From.whole_body(type="json")},
    )
    body = render_method_request(
        method,
        SampleRequest(
            body={"k": HOSTILE}, path_params={"jobId": HOSTILE}, resource_path="/{jobId}"
        ),
    )
    assert json.loads(body) == {"jobId": HOSTILE, "spec": {"k": HOSTILE}}


def test_lambda_every_function_error_maps_to_exactly_one_error_status(
    stack: cdk.Stack, api: apigw.RestApi, function: lambda_.Function
) -> None:
    # GIVEN client-error patterns, one on a status the service mapping also uses (400)
    method = LambdaInvoke(
        stack,
        "Invoke",
        resource=api.root,
        function=function,
        error_patterns={r"\[BadRequest\].*": 400, r"\[NotFound\].*": 404},
    )
    props = method_properties(method)
    responses = props["Integration"]["IntegrationResponses"]
    statuses = [r["StatusCode"] for r in responses]
    assert len(statuses) == len(set(statuses)), "one integration response per status"
    assert set(statuses) <= {r["StatusCode"] for r in props["MethodResponses"]}
    # THEN each errorMessage (and each Lambda service status) selects exactly one response
    assert _matching(responses, "[BadRequest] quantity must be positive") == ["400"]
    assert _matching(responses, "[NotFound] order o-1") == ["404"]
    assert _matching(responses, "KeyError: 'x'") == ["502"]
    assert _matching(responses, "line one\nline two") == ["502"]
    assert _matching(responses, "429") == ["429"]
    assert _matching(responses, "404") == ["500"]  # the function itself is missing
    assert _matching(responses, "503") == ["502"]


def test_lambda_function_error_bodies(
    stack: cdk.Stack, api: apigw.RestApi, function: lambda_.Function
) -> None:
    method = LambdaInvoke(
        stack,
        "Invoke",
        resource=api.root,
        function=function,
        error_patterns={r"\[BadRequest\].*": 400},
    )
    by_status = {r.status_code: r for r in method.integration_responses}
    error = {"errorMessage": "[BadRequest] " + HOSTILE, "errorType": "ValueError"}
    client = render_response(by_status["400"].response_templates["application/json"], error)
    assert json.loads(client.body) == {"message": error["errorMessage"], "type": "ValueError"}
    unhandled = {"errorMessage": "boom", "errorType": "Exception", "stackTrace": ["secret.py"]}
    server = render_response(by_status["502"].response_templates["application/json"], unhandled)
    assert "secret" not in server.body
    assert json.loads(server.body)["type"] == "BadGateway"


def test_lambda_async_responses_have_no_function_error_patterns() -> None:
    mapping = invoke_responses("Event")
    assert mapping.integration_responses[0].status_code == "202"
    patterns = [r.selection_pattern for r in mapping.integration_responses[1:]]
    assert all(p is not None and "[\\s\\S]" not in p for p in patterns)
    statuses = [r.status_code for r in mapping.integration_responses]
    assert len(statuses) == len(set(statuses))


def test_fails_when_error_patterns_are_given_for_an_async_invoke(
    stack: cdk.Stack, api: apigw.RestApi, function: lambda_.Function
) -> None:
    with pytest.raises(ValidationError) as caught:
        LambdaInvoke(
            stack,
            "Invoke",
            resource=api.root,
            function=function,
            invocation_type="Event",
            error_patterns={".*": 400},
        )
    assert caught.value.code == "sync-only-option"


@pytest.mark.parametrize(
    ("patterns", "code"),
    [({"[": 400}, "invalid-error-pattern"), ({"x": 200}, "invalid-status-code")],
)
def test_fails_when_error_patterns_are_invalid(
    stack: cdk.Stack,
    api: apigw.RestApi,
    function: lambda_.Function,
    patterns: dict[str, int],
    code: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        LambdaInvoke(stack, "Invoke", resource=api.root, function=function, error_patterns=patterns)
    assert caught.value.code == code


def test_fails_when_invocation_type_is_unknown(
    stack: cdk.Stack, api: apigw.RestApi, function: lambda_.Function
) -> None:
    with pytest.raises(ValidationError) as caught:
        LambdaInvoke(
            stack,
            "Invoke",
            resource=api.root,
            function=function,
            invocation_type="DryRun",  # type: ignore[arg-type]
        )
    assert caught.value.code == "invalid-invocation-type"
