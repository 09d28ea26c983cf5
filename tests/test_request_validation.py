"""Request validation: a body schema becomes a Model; a body schema or a required parameter uses
the API's ONE request validator, and the API gets ONE BAD_REQUEST_BODY (and one
BAD_REQUEST_PARAMETERS) gateway response saying which field is wrong."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Annotations, Match, Template
from constructs import Construct

from constructs_pkg import From, JsonTemplate, ServiceIntegrationMethod, ValidationError
from constructs_pkg.presets import DynamoDbPutItem

SCHEMA = apigw.JsonSchema(
    type=apigw.JsonSchemaType.OBJECT,
    required=["username"],
    properties={"username": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING)},
)


def _method(
    scope: Construct,
    construct_id: str,
    resource: apigw.IResource,
    table: dynamodb.ITable,
    **kwargs: Any,
) -> ServiceIntegrationMethod:
    return ServiceIntegrationMethod(
        scope,
        construct_id,
        resource=resource,
        http_method=kwargs.pop("http_method", "POST"),
        service="dynamodb",
        action="PutItem",
        resources=[table.table_arn],
        **kwargs,
    )


def _of_type(stack: cdk.Stack, type_: str) -> dict[str, Any]:
    return Template.from_stack(stack).find_resources(type_)


def test_a_body_schema_becomes_a_model_checked_by_the_shared_validator(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # GIVEN a method with a body schema
    method = _method(stack, "AddProfile", api.root, table, body_schema=SCHEMA)
    # THEN a model named after the construct holds the schema, for application/json
    assert method.body_model is not None
    tpl = Template.from_stack(stack)
    tpl.has_resource_properties(
        "AWS::ApiGateway::Model",
        {
            "ContentType": "application/json",
            "Name": "AddProfileBody",
            "Schema": Match.object_like(
                {"type": "object", "required": ["username"], "properties": Match.any_value()}
            ),
        },
    )
    model_id = stack.get_logical_id(method.body_model.node.default_child)  # type: ignore[arg-type]
    validators = _of_type(stack, "AWS::ApiGateway::RequestValidator")
    (validator_id,) = validators
    properties = validators[validator_id]["Properties"]
    assert (properties["ValidateRequestBody"], properties["ValidateRequestParameters"]) == (
        True,
        True,
    )
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "HttpMethod": "POST",
            "RequestModels": {"application/json": {"Ref": model_id}},
            "RequestValidatorId": {"Ref": validator_id},
        },
    )


def test_one_validator_and_one_gateway_response_of_each_type_for_many_methods(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # GIVEN three methods that validate: two body schemas and a required query parameter
    items = api.root.add_resource("items")
    _method(stack, "A", items, table, body_schema=SCHEMA)
    _method(stack, "B", items, table, body_schema=SCHEMA, http_method="PUT")
    _method(
        stack,
        "C",
        items,
        table,
        http_method="GET",
        request_parameters={"method.request.querystring.owner": True},
    )
    # AND a preset whose template reads a required header
    DynamoDbPutItem(
        stack,
        "D",
        resource=api.root,
        table=table,
        item={"username": From.header("Idempotency-Key", required=True)},
    )
    # THEN there is exactly one validator, used by all four
    tpl = Template.from_stack(stack)
    tpl.resource_count_is("AWS::ApiGateway::RequestValidator", 1)
    (validator_id,) = _of_type(stack, "AWS::ApiGateway::RequestValidator")
    methods = _of_type(stack, "AWS::ApiGateway::Method")
    assert [m["Properties"]["RequestValidatorId"] for m in methods.values()] == [
        {"Ref": validator_id}
    ] * 4
    # AND one BAD_REQUEST_BODY and one BAD_REQUEST_PARAMETERS gateway response
    responses = [
        r["Properties"] for r in _of_type(stack, "AWS::ApiGateway::GatewayResponse").values()
    ]
    assert sorted(r["ResponseType"] for r in responses) == [
        "BAD_REQUEST_BODY",
        "BAD_REQUEST_PARAMETERS",
    ]
    body = next(r for r in responses if r["ResponseType"] == "BAD_REQUEST_BODY")
    assert body["StatusCode"] == "400"
    assert "$context.error.validationErrorString" in body["ResponseTemplates"]["application/json"]


def test_the_bad_request_body_answer_is_json_naming_the_field(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    _method(stack, "A", api.root, table, body_schema=SCHEMA)
    responses = _of_type(stack, "AWS::ApiGateway::GatewayResponse").values()
    templates = {
        r["Properties"]["ResponseType"]: r["Properties"]["ResponseTemplates"]["application/json"]
        for r in responses
    }
    # API Gateway substitutes the variables (no VTL): validationErrorString arrives escaped for a
    # JSON string, messageString already quoted
    body = templates["BAD_REQUEST_BODY"].replace(
        "$context.error.validationErrorString",
        '[object has missing required properties ([\\"username\\"])]',
    )
    assert json.loads(body) == {
        "message": '[object has missing required properties (["username"])]',
        "type": "BadRequestBody",
    }
    parameters = templates["BAD_REQUEST_PARAMETERS"].replace(
        "$context.error.messageString", '"Missing required request parameters: [owner]"'
    )
    assert json.loads(parameters)["message"] == "Missing required request parameters: [owner]"


def test_no_validation_means_no_validator_and_no_gateway_response(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # path parameters are always there (routing), optional parameters need no check
    _method(
        stack,
        "A",
        api.root.add_resource("{id}"),
        table,
        request_templates={
            "application/json": JsonTemplate(
                {
                    "TableName": "t",
                    "Item": {"id": {"S": From.path("id")}, "q": {"S": From.query("q")}},
                }
            )
        },
    )
    tpl = Template.from_stack(stack)
    tpl.resource_count_is("AWS::ApiGateway::RequestValidator", 0)
    tpl.resource_count_is("AWS::ApiGateway::GatewayResponse", 0)
    tpl.resource_count_is("AWS::ApiGateway::Model", 0)


def test_a_validator_of_your_own_is_used(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    mine = api.add_request_validator("Mine", validate_request_body=True)
    _method(stack, "A", api.root, table, body_schema=SCHEMA, request_validator=mine)
    tpl = Template.from_stack(stack)
    tpl.resource_count_is("AWS::ApiGateway::RequestValidator", 1)
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method",
        {"RequestValidatorId": {"Ref": stack.get_logical_id(mine.node.default_child)}},  # type: ignore[arg-type]
    )
    tpl.resource_count_is("AWS::ApiGateway::GatewayResponse", 2)


def test_an_existing_bad_request_body_response_is_kept(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    api.add_gateway_response(
        "Mine", type=apigw.ResponseType.BAD_REQUEST_BODY, templates={"application/json": "{}"}
    )
    _method(stack, "A", api.root, table, body_schema=SCHEMA)
    responses = _of_type(stack, "AWS::ApiGateway::GatewayResponse").values()
    assert sorted(r["Properties"]["ResponseType"] for r in responses) == [
        "BAD_REQUEST_BODY",
        "BAD_REQUEST_PARAMETERS",
    ]


def test_an_imported_api_gets_the_validator_but_no_gateway_response_and_a_warning(
    stack: cdk.Stack, table: dynamodb.Table
) -> None:
    api = apigw.RestApi.from_rest_api_attributes(
        stack, "Imported", rest_api_id="abc123", root_resource_id="root1"
    )
    _method(stack, "A", api.root.add_resource("items"), table, body_schema=SCHEMA)
    tpl = Template.from_stack(stack)
    tpl.resource_count_is("AWS::ApiGateway::RequestValidator", 1)
    tpl.resource_count_is("AWS::ApiGateway::GatewayResponse", 0)
    tpl.has_resource_properties("AWS::ApiGateway::Model", {"RestApiId": "abc123"})
    Annotations.from_stack(stack).has_warning(
        "/TestStack/A",
        Match.string_like_regexp("constructs_pkg:imported-api-validation-responses"),
    )


def test_model_names_stay_unique_in_one_api(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    first = Construct(stack, "V1")
    second = Construct(stack, "V2")
    _method(first, "Add-Profile", api.root, table, body_schema=SCHEMA)
    _method(second, "Add-Profile", api.root.add_resource("x"), table, body_schema=SCHEMA)
    names = sorted(
        m["Properties"]["Name"] for m in _of_type(stack, "AWS::ApiGateway::Model").values()
    )
    assert names == ["AddProfileBody", "AddProfileBody2"]


# -- failing cases ----------------------------------------------------------------------------


def test_fails_when_the_body_schema_is_not_a_json_schema(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    with pytest.raises(ValidationError) as raised:
        _method(stack, "A", api.root, table, body_schema={"type": "object"})
    assert raised.value.code == "invalid-body-schema"


def test_fails_when_a_json_model_is_given_twice(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    with pytest.raises(ValidationError) as raised:
        _method(
            stack,
            "A",
            api.root,
            table,
            body_schema=SCHEMA,
            request_models={"application/json": apigw.Model.EMPTY_MODEL},
        )
    assert raised.value.code == "conflicting-request-models"


def test_fails_when_a_validator_and_validator_options_are_both_given(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    with pytest.raises(ValidationError) as raised:
        _method(
            stack,
            "A",
            api.root,
            table,
            request_validator=api.add_request_validator("Mine"),
            request_validator_options=apigw.RequestValidatorOptions(validate_request_body=True),
        )
    assert raised.value.code == "conflicting-request-validators"
