"""CORS: headers on every integration and method response, allow-lists echoed correctly (never
comma-joined), one unauthenticated OPTIONS preflight per resource, and the failing cases."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Annotations, Match, Template

from constructs_pkg import (
    CORS_DEFAULT_HEADERS,
    Cors,
    From,
    ServiceIntegrationMethod,
    ValidationError,
    error_mapping,
)
from constructs_pkg.presets import DynamoDbGetItem
from constructs_pkg.testing import SampleRequest, render_response

ORIGIN = "method.response.header.Access-Control-Allow-Origin"
APP = "https://app.example.com"
ADMIN = "https://admin.example.com"


def _method(
    stack: cdk.Stack,
    resource: apigw.IResource,
    cors: Cors,
    *,
    construct_id: str = "Get",
    http_method: str = "GET",
    **kwargs: Any,
) -> ServiceIntegrationMethod:
    table = stack.node.try_find_child("Table")
    assert isinstance(table, dynamodb.Table)
    return ServiceIntegrationMethod(
        stack,
        construct_id,
        resource=resource,
        http_method=http_method,
        service="dynamodb",
        action="GetItem",
        resources=[table.table_arn],
        cors=cors,
        **kwargs,
    )


def _methods(stack: cdk.Stack, verb: str) -> list[dict[str, Any]]:
    found = Template.from_stack(stack).find_resources(
        "AWS::ApiGateway::Method", {"Properties": {"HttpMethod": verb}}
    )
    return [resource["Properties"] for resource in found.values()]


def _rendered(
    method: ServiceIntegrationMethod, status: str, body: object, headers: dict[str, str]
) -> tuple[int, str, dict[str, str]]:
    response = next(r for r in method.integration_responses if r.status_code == status)
    template = (response.response_templates or {})["application/json"]
    result = render_response(
        template, body, status=int(status), request=SampleRequest(headers=headers)
    )
    return result.status, result.body, dict(result.header_overrides)


# -- one origin, "*" --------------------------------------------------------------------------


@pytest.mark.parametrize(("origins", "vary"), [([APP], True), (["*"], False)])
def test_one_origin_is_a_static_header_on_every_response(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table, origins: list[str], vary: bool
) -> None:
    # GIVEN a method with error mapping and CORS for one origin (or any)
    method = _method(
        stack,
        api.root,
        Cors(allow_origins=origins),
        integration_responses=error_mapping("dynamodb"),
    )
    # THEN every integration response maps the header, and its method response declares it
    props = _methods(stack, "GET")[0]
    expected = {ORIGIN: f"'{origins[0]}'"}
    if vary:
        expected["method.response.header.Vary"] = "'Origin'"
    for response in props["Integration"]["IntegrationResponses"]:
        assert response["ResponseParameters"] == expected
    declared = {r["StatusCode"]: r["ResponseParameters"] for r in props["MethodResponses"]}
    assert set(declared) == {"200", "400", "404", "409", "429", "500", "502", "503"}
    for parameters in declared.values():
        assert parameters == dict.fromkeys(expected, True)
    # AND the response templates are unchanged (no prelude needed)
    assert all(
        "cpCorsOrigin" not in json.dumps(r.response_templates) for r in method.integration_responses
    )


def test_credentials_and_exposed_headers_are_on_every_response(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    _method(
        stack,
        api.root,
        Cors(allow_origins=[APP], allow_credentials=True, expose_headers=["ETag", "X-Request-Id"]),
    )
    response = _methods(stack, "GET")[0]["Integration"]["IntegrationResponses"][0]
    assert response["ResponseParameters"] == {
        ORIGIN: f"'{APP}'",
        "method.response.header.Vary": "'Origin'",
        "method.response.header.Access-Control-Allow-Credentials": "'true'",
        "method.response.header.Access-Control-Expose-Headers": "'ETag,X-Request-Id'",
    }


def test_the_methods_own_response_parameters_win(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    _method(
        stack,
        api.root,
        Cors(allow_origins=[APP]),
        integration_responses=[
            apigw.IntegrationResponse(status_code="200", response_parameters={ORIGIN: "'x'"})
        ],
    )
    response = _methods(stack, "GET")[0]["Integration"]["IntegrationResponses"][0]
    assert response["ResponseParameters"][ORIGIN] == "'x'"


def test_given_method_responses_get_the_cors_headers(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    _method(
        stack,
        api.root,
        Cors(allow_origins=[APP]),
        method_responses=[apigw.MethodResponse(status_code="200")],
    )
    assert _methods(stack, "GET")[0]["MethodResponses"] == [
        {
            "StatusCode": "200",
            "ResponseParameters": {ORIGIN: True, "method.response.header.Vary": True},
        }
    ]


# -- allow-lists ------------------------------------------------------------------------------


def test_an_allow_list_echoes_the_allowed_origin_and_never_joins_them(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # GIVEN a method whose CORS allows two origins
    method = _method(
        stack,
        api.root,
        Cors(allow_origins=[APP, ADMIN]),
        integration_responses=error_mapping("dynamodb", success='{"ok": true}'),
    )
    # THEN no response maps a static Access-Control-Allow-Origin (a list would be invalid)...
    props = _methods(stack, "GET")[0]
    for response in props["Integration"]["IntegrationResponses"]:
        assert ORIGIN not in response["ResponseParameters"]
        assert response["ResponseParameters"]["method.response.header.Vary"] == "'Origin'"
    # ...but every method response declares it, for the template to set it
    for response in props["MethodResponses"]:
        assert response["ResponseParameters"][ORIGIN] is True
    # WHEN an allowed origin calls, it is echoed (any header spelling); the body is unchanged
    for header in ("Origin", "origin"):
        status, body, headers = _rendered(method, "200", {}, {header: ADMIN})
        assert (status, json.loads(body)) == (200, {"ok": True})
        assert headers == {"Access-Control-Allow-Origin": ADMIN}
    # AND another origin, or none, gets no header at all
    for headers_in in ({"Origin": "https://evil.example.com"}, {"Origin": f"{APP}.evil"}, {}):
        assert _rendered(method, "200", {}, headers_in)[2] == {}
    assert f"{APP},{ADMIN}" not in json.dumps(Template.from_stack(stack).to_json())


def test_a_rendered_error_response_carries_the_cors_headers(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    method = _method(
        stack,
        api.root,
        Cors(allow_origins=[APP, ADMIN]),
        integration_responses=error_mapping("dynamodb"),
    )
    error = {
        "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        "message": "The conditional request failed",
    }
    status, body, headers = _rendered(method, "400", error, {"Origin": APP})
    assert status == 409
    assert json.loads(body) == {
        "message": "The conditional request failed",
        "type": "ConditionalCheckFailedException",
    }
    assert headers == {"Access-Control-Allow-Origin": APP}
    assert _rendered(method, "400", error, {"Origin": "https://evil.example.com"})[2] == {}
    server = _rendered(method, "502", "<html>oops</html>", {"Origin": APP})
    assert server[2] == {"Access-Control-Allow-Origin": APP}


def test_an_empty_template_still_passes_the_body_through(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # the construct's default integration response has the empty template of the boto3 example
    method = _method(stack, api.root, Cors(allow_origins=[APP, ADMIN]))
    _, body, headers = _rendered(method, "200", {"Item": {"a": {"S": "b"}}}, {"Origin": APP})
    assert json.loads(body) == {"Item": {"a": {"S": "b"}}}
    assert headers == {"Access-Control-Allow-Origin": APP}


def test_a_response_without_templates_gets_one_that_passes_through(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    method = _method(
        stack,
        api.root,
        Cors(allow_origins=[APP, ADMIN]),
        integration_responses=[apigw.IntegrationResponse(status_code="200")],
    )
    assert list(method.integration_responses[0].response_templates or {}) == ["application/json"]
    assert _rendered(method, "200", {"x": 1}, {"Origin": ADMIN})[1:] == (
        '{"x": 1}',
        {"Access-Control-Allow-Origin": ADMIN},
    )


def test_a_binary_response_is_left_without_the_echo_with_a_warning(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    _method(
        stack,
        api.root,
        Cors(allow_origins=[APP, ADMIN]),
        integration_responses=[
            apigw.IntegrationResponse(
                status_code="200", content_handling=apigw.ContentHandling.CONVERT_TO_BINARY
            )
        ],
    )
    Annotations.from_stack(stack).has_warning(
        "/TestStack/Get", Match.string_like_regexp("constructs_pkg:cors-binary-response")
    )


def test_origins_are_lowercased(stack: cdk.Stack) -> None:
    assert Cors(allow_origins=["HTTPS://App.Example.com:8443"]).allow_origins == (
        "https://app.example.com:8443",
    )


# -- the preflight ----------------------------------------------------------------------------


def test_one_preflight_per_resource_without_authorization(stack: cdk.Stack) -> None:
    # GIVEN an API whose methods require IAM authorization and an API key by default
    api = apigw.RestApi(
        stack,
        "Api",
        deploy=False,
        cloud_watch_role=False,
        default_method_options=apigw.MethodOptions(
            authorization_type=apigw.AuthorizationType.IAM, api_key_required=True
        ),
    )
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    cors = Cors(allow_origins=[APP], max_age=cdk.Duration.hours(1))
    items = api.root.add_resource("items")
    # WHEN two methods of one resource and one of another have CORS
    DynamoDbGetItem(
        stack, "Get", resource=items, table=table, key={"pk": From.query("k")}, cors=cors
    )
    _method(stack, items, cors, construct_id="Post", http_method="POST")
    _method(stack, api.root, cors, construct_id="Root")
    # THEN each resource has one OPTIONS method: MOCK, no authorization, no API key
    preflights = _methods(stack, "OPTIONS")
    assert len(preflights) == 2
    for preflight in preflights:
        assert preflight["AuthorizationType"] == "NONE"
        assert preflight["ApiKeyRequired"] is False
        assert "AuthorizerId" not in preflight
        assert preflight["Integration"]["Type"] == "MOCK"
    # AND the real methods keep the API's defaults
    assert {m["AuthorizationType"] for m in _methods(stack, "GET")} == {"AWS_IAM"}
    # AND the preflight answers the resource's verbs, the headers and the cache time
    by_resource = {
        json.dumps(p["ResourceId"]): p["Integration"]["IntegrationResponses"][0] for p in preflights
    }
    items_id = stack.get_logical_id(items.node.default_child)  # type: ignore[arg-type]
    answer = by_resource[json.dumps({"Ref": items_id})]
    assert answer["StatusCode"] == "204"
    assert answer["ResponseParameters"] == {
        ORIGIN: f"'{APP}'",
        "method.response.header.Vary": "'Origin'",
        "method.response.header.Access-Control-Allow-Headers": "'"
        + ",".join(CORS_DEFAULT_HEADERS)
        + "'",
        "method.response.header.Access-Control-Allow-Methods": "'GET,POST,OPTIONS'",
        "method.response.header.Access-Control-Max-Age": "'3600'",
    }


def test_an_allow_list_preflight_echoes_only_allowed_origins(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    _method(stack, api.root, Cors(allow_origins=[APP, ADMIN], allow_methods=["get", "POST"]))
    answer = _methods(stack, "OPTIONS")[0]["Integration"]["IntegrationResponses"][0]
    assert ORIGIN not in answer["ResponseParameters"]
    assert answer["ResponseParameters"]["method.response.header.Access-Control-Allow-Methods"] == (
        "'GET,POST'"
    )
    template = answer["ResponseTemplates"]["application/json"]
    allowed = render_response(template, "", request=SampleRequest(headers={"Origin": APP}))
    assert (allowed.body, dict(allowed.header_overrides)) == (
        "",
        {"Access-Control-Allow-Origin": APP},
    )
    other = render_response(template, "", request=SampleRequest(headers={"Origin": "https://x.io"}))
    assert dict(other.header_overrides) == {}


def test_an_existing_options_method_is_kept(stack: cdk.Stack, table: dynamodb.Table) -> None:
    api = apigw.RestApi(
        stack,
        "Api",
        deploy=False,
        cloud_watch_role=False,
        default_cors_preflight_options=apigw.CorsOptions(allow_origins=[APP]),
    )
    _method(stack, api.root, Cors(allow_origins=[APP]))
    assert len(_methods(stack, "OPTIONS")) == 1


def test_any_allows_every_verb(stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table) -> None:
    _method(stack, api.root, Cors(allow_origins=["*"]), http_method="ANY")
    answer = _methods(stack, "OPTIONS")[0]["Integration"]["IntegrationResponses"][0]
    methods = answer["ResponseParameters"]["method.response.header.Access-Control-Allow-Methods"]
    assert methods == "'GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS'"


def test_a_later_options_method_on_a_preflighted_resource_is_refused(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    _method(stack, api.root, Cors(allow_origins=[APP]))
    with pytest.raises(ValidationError) as raised:
        ServiceIntegrationMethod(
            stack,
            "Options",
            resource=api.root,
            http_method="OPTIONS",
            service="dynamodb",
            action="GetItem",
            resources=[table.table_arn],
        )
    assert raised.value.code == "duplicate-method"


# -- failing cases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origins",
    [
        [],
        ["https://app.example.com/"],
        ["https://app.example.com/path"],
        ["app.example.com"],
        ["https://*.example.com"],
        ["*", APP],
        [APP, APP],
        ["https://a'b.example.com"],
        "https://app.example.com",
    ],
    ids=["empty", "slash", "path", "no-scheme", "wildcard", "mixed", "twice", "quote", "str"],
)
def test_fails_when_an_origin_is_invalid(origins: list[str]) -> None:
    with pytest.raises(ValidationError) as raised:
        Cors(allow_origins=origins)
    assert raised.value.code == "invalid-cors-origin"


def test_fails_when_any_origin_allows_credentials() -> None:
    with pytest.raises(ValidationError) as raised:
        Cors(allow_origins=["*"], allow_credentials=True)
    assert raised.value.code == "invalid-cors"


@pytest.mark.parametrize("headers", [["Content Type"], ["a,b"], "Content-Type"])
def test_fails_when_a_header_name_is_invalid(headers: list[str]) -> None:
    with pytest.raises(ValidationError) as raised:
        Cors(allow_origins=[APP], allow_headers=headers)
    assert raised.value.code == "invalid-cors-header"


@pytest.mark.parametrize("verbs", [["FETCH"], []])
def test_fails_when_a_method_is_invalid(verbs: list[str]) -> None:
    with pytest.raises(ValidationError) as raised:
        Cors(allow_origins=[APP], allow_methods=verbs)
    assert raised.value.code == "invalid-cors-method"


def test_fails_when_cors_is_given_to_an_options_method(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    with pytest.raises(ValidationError) as raised:
        _method(stack, api.root, Cors(allow_origins=[APP]), http_method="OPTIONS")
    assert raised.value.code == "invalid-cors"


def test_fails_when_cors_is_not_a_cors(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    with pytest.raises(ValidationError) as raised:
        _method(stack, api.root, {"allow_origins": [APP]})  # type: ignore[arg-type]
    assert raised.value.code == "invalid-cors"


def test_fails_when_two_methods_of_a_resource_disagree_on_cors(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    _method(stack, api.root, Cors(allow_origins=[APP]))
    with pytest.raises(ValidationError) as raised:
        _method(
            stack, api.root, Cors(allow_origins=[ADMIN]), construct_id="Post", http_method="POST"
        )
    assert raised.value.code == "conflicting-cors"
    # nothing half-built: the refused method added no child
    assert stack.node.try_find_child("Post") is None
