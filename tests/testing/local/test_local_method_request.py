"""API keys, authorizers, required parameters and body validation, before any integration."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from local_support import ACCOUNT, api_template, local, mock_method

from constructs_pkg.testing import LocalApiError

SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string", "minLength": 1}},
}


def _validated(models: dict[str, str], **extra: Any) -> dict[str, Any]:
    resources = {
        "Validator": {
            "Type": "AWS::ApiGateway::RequestValidator",
            "Properties": {
                "RestApiId": {"Ref": "Api"},
                "ValidateRequestBody": True,
                "ValidateRequestParameters": True,
            },
        },
        "ProfileModel": {
            "Type": "AWS::ApiGateway::Model",
            "Properties": {
                "RestApiId": {"Ref": "Api"},
                "Name": "Profile",
                "ContentType": "application/json",
                "Schema": SCHEMA,
            },
        },
    }
    props = mock_method(
        {"application/json": "ok"},
        RequestValidatorId={"Ref": "Validator"},
        RequestModels=models,
        **extra,
    )
    return api_template({"/things/{id}": {"POST": props}}, resources=resources)


def test_api_key_required_without_key_is_403_forbidden() -> None:
    template = api_template(
        {"/": {"GET": mock_method({"application/json": "ok"}, ApiKeyRequired=True)}}
    )
    with local(template) as api:
        response = api.request("GET", "/")
        assert response.status_code == 403
        assert response.json() == {"message": "Forbidden"}
        assert response.response_type == "INVALID_API_KEY"
        assert api.request("GET", "/", headers={"x-api-key": "anything"}).text == "ok"


def test_api_key_must_be_a_declared_literal_value() -> None:
    template = api_template(
        {"/": {"GET": mock_method({"application/json": "ok"}, ApiKeyRequired=True)}},
        resources={
            "Key": {
                "Type": "AWS::ApiGateway::ApiKey",
                "Properties": {"Value": "s3cret-value-123456"},
            }
        },
    )
    with local(template) as api:
        assert api.request("GET", "/", headers={"x-api-key": "wrong"}).status_code == 403
        ok = api.request("GET", "/", headers={"X-API-Key": "s3cret-value-123456"})
        assert ok.status_code == 200


def test_missing_required_parameters_listed_header_path_querystring() -> None:
    template = _validated(
        {"application/json": "Profile"},
        RequestParameters={
            "method.request.querystring.qs1": True,
            "method.request.header.x-header-param": True,
            "method.request.querystring.optional": False,
            "method.request.querystring.blank": True,
        },
    )
    with local(template) as api:
        response = api.request("POST", "/things/1", json={"name": "x"}, query={"blank": " "})
        assert response.status_code == 400
        assert response.json() == {
            "message": "Missing required request parameters: [x-header-param, blank, qs1]"
        }
        assert response.response_type == "BAD_REQUEST_PARAMETERS"


def test_invalid_body_is_400_invalid_request_body() -> None:
    template = _validated({"application/json": "Profile"})
    with local(template) as api:
        bad = api.request("POST", "/things/1", json={"name": ""})
        assert bad.status_code == 400
        assert bad.json() == {"message": "Invalid request body"}
        assert bad.response_type == "BAD_REQUEST_BODY"
        assert bad.headers["X-Local-Error"].endswith(
            '[string "" is too short (length: 0, required minimum: 1)]'
        )
        missing = api.request("POST", "/things/1", json={"other": 1})
        assert (
            'object has missing required properties (["name"])' in missing.headers["X-Local-Error"]
        )
        assert api.request("POST", "/things/1", body="{not json").status_code == 400
        assert api.request("POST", "/things/1").status_code == 400  # empty body is {}
        assert api.request("POST", "/things/1", json={"name": "x"}).status_code == 200


def test_validation_error_string_fits_in_a_json_string() -> None:
    template = _validated({"application/json": "Profile"})
    template["Resources"]["BadBody"] = {
        "Type": "AWS::ApiGateway::GatewayResponse",
        "Properties": {
            "RestApiId": {"Ref": "Api"},
            "ResponseType": "BAD_REQUEST_BODY",
            "ResponseTemplates": {
                "application/json": '{"message": $context.error.messageString, '
                '"errors": "$context.error.validationErrorString"}'
            },
        },
    }
    with local(template) as api:
        response = api.request("POST", "/things/1", json={"other": 1})
    assert response.status_code == 400
    assert response.json() == {
        "message": "Invalid request body",
        "errors": '[object has missing required properties (["name"])]',
    }


def test_body_with_charset_uses_the_mime_types_model() -> None:
    template = _validated({"application/json": "Profile"})
    with local(template) as api:
        response = api.request(
            "POST",
            "/things/1",
            body="{}",
            headers={"Content-Type": "application/json; charset=UTF-8"},
        )
        assert response.status_code == 400


def test_no_model_for_the_content_type_means_no_body_check() -> None:
    template = _validated(
        {"application/json": "Profile"},
    )
    template["Resources"][
        "MPOST" + next(key[5:] for key in template["Resources"] if key.startswith("MPOST"))
    ]["Properties"]["Integration"]["RequestTemplates"]["text/plain"] = '{"statusCode": 200}'
    with local(template) as api:
        response = api.request(
            "POST", "/things/1", body="x", headers={"Content-Type": "text/plain"}
        )
        assert response.status_code == 200


def test_default_model_applies_to_every_content_type() -> None:
    template = _validated({"$default": "Profile"})
    with local(template) as api:
        response = api.request(
            "POST", "/things/1", body="{}", headers={"Content-Type": "text/plain"}
        )
        assert response.status_code == 400


def _authorized(kind: str, **authorizer: Any) -> dict[str, Any]:
    props = mock_method(
        {"application/json": "$context.authorizer.principalId|$context.authorizer.claims.sub"},
        AuthorizationType=kind,
        **({"AuthorizerId": {"Ref": "Auth"}} if authorizer else {}),
    )
    resources = (
        {
            "Auth": {
                "Type": "AWS::ApiGateway::Authorizer",
                "Properties": {"RestApiId": {"Ref": "Api"}, "Name": "auth", **authorizer},
            },
            "AuthFn": {"Type": "AWS::Lambda::Function", "Properties": {}},
        }
        if authorizer
        else {}
    )
    return api_template({"/": {"GET": props}}, resources=resources)


def test_iam_without_signature_is_403_missing_authentication_token() -> None:
    with local(_authorized("AWS_IAM")) as api:
        response = api.request("GET", "/")
        assert response.status_code == 403
        assert response.json() == {"message": "Missing Authentication Token"}
        signed = api.request("GET", "/", headers={"Authorization": "AWS4-HMAC-SHA256 Credential=x"})
        assert signed.status_code == 200


def test_cognito_without_token_is_401_and_with_one_gets_authorizer_context() -> None:
    template = _authorized(
        "COGNITO_USER_POOLS",
        Type="COGNITO_USER_POOLS",
        IdentitySource="method.request.header.Authorization",
        ProviderARNs=["arn:aws:cognito-idp:us-east-1:123:userpool/x"],
    )
    with local(template, authorizer_context={"principalId": "me", "claims": {"sub": "abc"}}) as api:
        response = api.request("GET", "/")
        assert response.status_code == 401
        assert response.json() == {"message": "Unauthorized"}
        assert response.headers["x-amzn-ErrorType"] == "UnauthorizedException"
        ok = api.request("GET", "/", headers={"Authorization": "token"})
        assert ok.text == "me|abc"


def test_request_authorizer_needs_every_identity_source() -> None:
    template = _authorized(
        "CUSTOM",
        Type="REQUEST",
        IdentitySource="method.request.header.X-Token, method.request.querystring.who",
        AuthorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:other/invocations",
    )
    with local(template) as api:
        assert api.request("GET", "/", headers={"X-Token": "t"}).status_code == 401
        assert api.request("GET", "/?who=me", headers={"X-Token": "t"}).status_code == 200


def _token_authorizer() -> dict[str, Any]:
    return _authorized(
        "CUSTOM",
        Type="TOKEN",
        IdentitySource="method.request.header.Authorization",
        IdentityValidationExpression="Bearer .+",
        AuthorizerUri={
            "Fn::Join": [
                "",
                [
                    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/",
                    {"Fn::GetAtt": ["AuthFn", "Arn"]},
                    "/invocations",
                ],
            ]
        },
    )


def test_token_not_matching_the_validation_expression_is_401() -> None:
    with local(_token_authorizer()) as api:
        assert api.request("GET", "/", headers={"Authorization": "Basic x"}).status_code == 401


@pytest.mark.parametrize(
    ("token", "status", "body"),
    [
        ("Bearer allow", 200, "user-1|"),
        ("Bearer deny", 403, {"message": "User is not authorized to access this resource"}),
        ("Bearer nope", 401, {"message": "Unauthorized"}),
        ("Bearer boom", 500, None),
    ],
)
def test_lambda_authorizer_with_a_handler_is_run(token: str, status: int, body: object) -> None:
    seen: list[dict[str, Any]] = []

    def authorizer(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event)
        word = event["authorizationToken"].split()[1]
        if word == "nope":
            raise Exception("Unauthorized")
        if word == "boom":
            raise RuntimeError("bug")
        return {
            "principalId": "user-1",
            "policyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Action": "execute-api:Invoke",
                        "Effect": "Allow" if word == "allow" else "Deny",
                        "Resource": event["methodArn"].rsplit("/", 2)[0] + "/*",
                    }
                ],
            },
        }

    with local(_token_authorizer(), lambda_handlers={"Authfn": authorizer}) as api:
        response = api.request("GET", "/", headers={"Authorization": token})
    assert response.status_code == status
    if isinstance(body, dict):
        assert response.json() == body
    elif body is not None:
        assert response.text == body
    assert seen[0]["type"] == "TOKEN"
    assert seen[0]["methodArn"] == f"arn:aws:execute-api:us-east-1:{ACCOUNT}:fakeapi123/test/GET/"
    json.dumps(seen)


def test_fails_when_body_validation_needs_a_missing_jsonschema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    with pytest.raises(LocalApiError) as caught:
        local(_validated({"application/json": "Profile"}))
    assert caught.value.code == "backend-unavailable"
