"""DynamoDB presets: URI, template (normal and hostile requests), exact grant, KMS, indexes,
pagination tokens, answers and errors, overrides and failing cases."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from preset_support import HOSTILE, allow, logical_id, method_properties, statements, uri

from constructs_pkg import From, ServiceIntegrationMethod, ValidationError
from constructs_pkg.presets import (
    DynamoDbDeleteItem,
    DynamoDbGetItem,
    DynamoDbPutItem,
    DynamoDbQuery,
    DynamoDbScan,
    DynamoDbUpdateItem,
    SortKeyCondition,
)
from constructs_pkg.testing import (
    SampleRequest,
    check_against_input_shape,
    render_method_request,
    render_response,
)

Build = Callable[[cdk.Stack, apigw.RestApi, dynamodb.Table], ServiceIntegrationMethod]


def _table(stack: cdk.Stack, *, encrypted: bool = False) -> dynamodb.Table:
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED if encrypted else None,
    )
    table.add_global_secondary_index(
        index_name="byOwner",
        partition_key=dynamodb.Attribute(name="owner", type=dynamodb.AttributeType.STRING),
        sort_key=dynamodb.Attribute(name="createdAt", type=dynamodb.AttributeType.NUMBER),
    )
    return table


def _item_resource(api: apigw.RestApi) -> apigw.Resource:
    return api.root.add_resource("items").add_resource("{id}")


def _render(method: ServiceIntegrationMethod, request: SampleRequest) -> dict[str, Any]:
    body = render_method_request(method, request)
    parsed = json.loads(body)
    assert isinstance(parsed, dict)
    return parsed


@dataclass(frozen=True)
class Case:
    """One preset: how to build it, what it calls and grants, what it sends."""

    build: Build
    action: str
    http_method: str
    index: str | None
    kms: list[str]
    normal: SampleRequest
    expected: Callable[[str], dict[str, Any]]
    hostile: SampleRequest
    hostile_path: tuple[str, ...]


KMS_READ = ["kms:Decrypt"]
KMS_WRITE = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]

CASES: dict[str, Case] = {
    "GetItem": Case(
        build=lambda s, api, t: DynamoDbGetItem(
            s,
            "M",
            resource=_item_resource(api),
            table=t,
            key={"pk": From.path("id"), "sk": "profile"},
        ),
        action="GetItem",
        http_method="GET",
        index=None,
        kms=KMS_READ,
        normal=SampleRequest(path_params={"id": "u1"}),
        expected=lambda t: {
            "TableName": t,
            "Key": {"pk": {"S": "u1"}, "sk": {"S": "profile"}},
            "ConsistentRead": False,
        },
        hostile=SampleRequest(path_params={"id": HOSTILE}),
        hostile_path=("Key", "pk", "S"),
    ),
    "PutItem": Case(
        build=lambda s, api, t: DynamoDbPutItem(
            s,
            "M",
            resource=api.root.add_resource("items"),
            table=t,
            item={
                "pk": From.body("$.id", required=True),
                "sk": "profile",
                "name": From.body("$.name"),
                "age": From.body("$.age", type="number"),
            },
        ),
        action="PutItem",
        http_method="POST",
        index=None,
        kms=KMS_WRITE,
        normal=SampleRequest(body={"id": "u1", "name": "Jane", "age": 42}),
        expected=lambda t: {
            "TableName": t,
            "Item": {
                "pk": {"S": "u1"},
                "sk": {"S": "profile"},
                "name": {"S": "Jane"},
                "age": {"N": "42"},
            },
        },
        hostile=SampleRequest(body={"id": "u1", "name": HOSTILE}),
        hostile_path=("Item", "name", "S"),
    ),
    "UpdateItem": Case(
        build=lambda s, api, t: DynamoDbUpdateItem(
            s,
            "M",
            resource=_item_resource(api),
            table=t,
            key={"pk": From.path("id"), "sk": "profile"},
            attributes={"name": From.body("$.name"), "age": From.body("$.age", type="number")},
        ),
        action="UpdateItem",
        http_method="PATCH",
        index=None,
        kms=KMS_WRITE,
        normal=SampleRequest(path_params={"id": "u1"}, body={"name": "Jane", "age": 42}),
        expected=lambda t: {
            "TableName": t,
            "Key": {"pk": {"S": "u1"}, "sk": {"S": "profile"}},
            "UpdateExpression": "SET #u0 = :u0, #u1 = :u1",
            "ExpressionAttributeNames": {"#u0": "name", "#u1": "age", "#k0": "pk"},
            "ExpressionAttributeValues": {":u0": {"S": "Jane"}, ":u1": {"N": "42"}},
            "ReturnValues": "ALL_NEW",
            "ConditionExpression": "attribute_exists(#k0)",
        },
        hostile=SampleRequest(path_params={"id": "u1"}, body={"name": HOSTILE}),
        hostile_path=("ExpressionAttributeValues", ":u0", "S"),
    ),
    "DeleteItem": Case(
        build=lambda s, api, t: DynamoDbDeleteItem(
            s,
            "M",
            resource=_item_resource(api),
            table=t,
            key={"pk": From.path("id"), "sk": "profile"},
        ),
        action="DeleteItem",
        http_method="DELETE",
        index=None,
        kms=KMS_WRITE,
        normal=SampleRequest(path_params={"id": "u1"}),
        expected=lambda t: {
            "TableName": t,
            "Key": {"pk": {"S": "u1"}, "sk": {"S": "profile"}},
            "ReturnValues": "ALL_OLD",
        },
        hostile=SampleRequest(path_params={"id": HOSTILE}),
        hostile_path=("Key", "pk", "S"),
    ),
    "Query": Case(
        build=lambda s, api, t: DynamoDbQuery(
            s,
            "M",
            resource=api.root.add_resource("owners").add_resource("{owner}"),
            table=t,
            index_name="byOwner",
            partition_key={"owner": From.path("owner")},
            sort_key=SortKeyCondition.greater_than(
                "createdAt", From.query("since", type="number", default=0)
            ),
            limit=From.query("limit", type="number"),
            scan_forward=False,
        ),
        action="Query",
        http_method="GET",
        index="byOwner",
        kms=KMS_READ,
        normal=SampleRequest(path_params={"owner": "jane"}, query={"limit": "10"}),
        expected=lambda t: {
            "TableName": t,
            "IndexName": "byOwner",
            "KeyConditionExpression": "#k0 = :k0 AND #s > :s0",
            "ExpressionAttributeNames": {"#k0": "owner", "#s": "createdAt"},
            "ExpressionAttributeValues": {":k0": {"S": "jane"}, ":s0": {"N": "0"}},
            "Limit": 10,
            "ScanIndexForward": False,
            "ConsistentRead": False,
        },
        hostile=SampleRequest(path_params={"owner": HOSTILE}, query={"limit": HOSTILE}),
        hostile_path=("ExpressionAttributeValues", ":k0", "S"),
    ),
    "Scan": Case(
        build=lambda s, api, t: DynamoDbScan(
            s,
            "M",
            resource=api.root.add_resource("items"),
            table=t,
            limit=From.query("limit", type="number", default=25),
        ),
        action="Scan",
        http_method="GET",
        index=None,
        kms=KMS_READ,
        normal=SampleRequest(query={"limit": "5"}),
        expected=lambda t: {"TableName": t, "Limit": 5, "ConsistentRead": False},
        hostile=SampleRequest(query={"limit": HOSTILE, "nextToken": HOSTILE}),
        hostile_path=(),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_dynamodb_preset_uri_headers_template_and_exact_grant(name: str) -> None:
    case = CASES[name]
    # GIVEN a table (without a customer managed key) and an API
    stack = cdk.Stack(cdk.App(), "TestStack")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    table = _table(stack)
    # WHEN the preset is added
    method = case.build(stack, api, table)
    # THEN it calls the action-style URI with POST, and DynamoDB needs no extra header
    props = method_properties(method)
    integration = props["Integration"]
    assert props["HttpMethod"] == case.http_method
    assert integration["Type"] == "AWS"
    assert integration["IntegrationHttpMethod"] == "POST"
    assert integration["Uri"] == uri("dynamodb", f"action/{case.action}")
    assert "RequestParameters" not in integration
    assert list(integration["RequestTemplates"]) == ["application/json"]
    assert [r["StatusCode"] for r in integration["IntegrationResponses"]][-2:] == ["400", "502"]
    # AND the template writes the expected request, which fits DynamoDB's input shape
    t = logical_id(table)
    rendered = render_method_request(method, case.normal)
    assert json.loads(rendered) == case.expected(t)
    assert check_against_input_shape(rendered, "dynamodb", case.action) == []
    # AND a hostile value stays one JSON string, byte for byte
    hostile = _render(method, case.hostile)
    assert hostile["TableName"] == t
    value: Any = hostile
    for step in case.hostile_path:
        value = value[step]
    if case.hostile_path:
        assert value == HOSTILE
    # (a limit that is not a number is written null: the request keeps its shape)
    problems = check_against_input_shape(json.dumps(hostile), "dynamodb", case.action)
    assert set(problems) <= {"$.Limit: expected an integer, got null"}
    # AND the role may call exactly this action on exactly this table (or index)
    arn = f"${{{t}.Arn}}" + (f"/index/{case.index}" if case.index else "")
    assert statements(stack) == [allow([f"dynamodb:{case.action}"], [arn])]


@pytest.mark.parametrize("name", list(CASES))
def test_dynamodb_preset_grants_kms_on_a_customer_managed_key(name: str) -> None:
    case = CASES[name]
    stack = cdk.Stack(cdk.App(), "TestStack")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    table = _table(stack, encrypted=True)
    case.build(stack, api, table)
    t = logical_id(table)
    assert table.encryption_key is not None
    key = logical_id(table.encryption_key)
    arn = f"${{{t}.Arn}}" + (f"/index/{case.index}" if case.index else "")
    assert statements(stack) == [
        allow([f"dynamodb:{case.action}"], [arn]),
        allow(case.kms, [f"${{{key}.Arn}}"]),
    ]


def test_query_and_scan_on_an_index_grant_the_index_only(stack: cdk.Stack) -> None:
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    table = _table(stack)
    DynamoDbScan(stack, "Scan", resource=api.root, table=table, index_name="byOwner")
    DynamoDbQuery(
        stack,
        "Query",
        resource=api.root.add_resource("q"),
        table=table,
        index_name="byOwner",
        partition_key={"owner": From.query("owner", required=True)},
    )
    t = logical_id(table)
    assert statements(stack) == [
        allow(["dynamodb:Query", "dynamodb:Scan"], [f"${{{t}.Arn}}/index/byOwner"])
    ]


def test_an_imported_table_is_taken_as_given(stack: cdk.Stack) -> None:
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    table = dynamodb.Table.from_table_arn(
        stack, "Imported", "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
    )
    method = DynamoDbQuery(
        stack,
        "Query",
        resource=api.root,
        table=table,
        index_name="byCustomer",
        partition_key={"customer": From.query("customer", required=True)},
        sort_key=SortKeyCondition.begins_with("day", "2024-"),
    )
    body = _render(method, SampleRequest(query={"customer": "c1"}))
    assert body["TableName"] == "orders"
    assert body["KeyConditionExpression"] == "#k0 = :k0 AND begins_with(#s, :s0)"
    assert statements(stack) == [
        allow(
            ["dynamodb:Query"],
            ["arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/byCustomer"],
        )
    ]


# -- pagination ------------------------------------------------------------------------------


def _query(stack: cdk.Stack) -> DynamoDbQuery:
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    return DynamoDbQuery(
        stack,
        "Query",
        resource=api.root.add_resource("{pk}"),
        table=_table(stack),
        partition_key={"pk": From.path("pk")},
    )


def test_the_next_token_an_answer_writes_is_read_back_as_the_start_key(stack: cdk.Stack) -> None:
    method = _query(stack)
    last_key = {"pk": {"S": 'a"b\\c'}, "sk": {"S": "x' $y #z"}}
    answer = {"Items": [{"pk": {"S": "a"}}], "Count": 1, "LastEvaluatedKey": last_key}
    success = method.integration_responses[0].response_templates or {}
    page = json.loads(render_response(success["application/json"], answer).body)
    assert page["items"] == [{"pk": "a"}]
    token = page["nextToken"]
    # the client sends it back as ?nextToken= (URL-decoded by API Gateway)
    body = _render(method, SampleRequest(path_params={"pk": "a"}, query={"nextToken": token}))
    assert body["ExclusiveStartKey"] == last_key
    # a client that did not URL-encode the token ('+' read as a space) or used the URL-safe
    # alphabet gets the same key
    for variant in (token.replace("+", " "), token.replace("+", "-").replace("/", "_")):
        again = _render(
            method, SampleRequest(path_params={"pk": "a"}, query={"nextToken": variant})
        )
        assert again["ExclusiveStartKey"] == last_key


def test_a_long_key_with_escapes_round_trips(stack: cdk.Stack) -> None:
    # key values reach 2 KB; the check must not fail (or overflow) on them
    method = _query(stack)
    long_value = ('x"\\' * 700) + "\u00e9"
    last_key = {"pk": {"S": long_value}, "sk": {"N": "12"}}
    token = _b64(json.dumps(last_key, separators=(",", ":")))
    body = _render(method, SampleRequest(path_params={"pk": "a"}, query={"nextToken": token}))
    assert body["ExclusiveStartKey"] == last_key


def test_without_a_token_there_is_no_start_key(stack: cdk.Stack) -> None:
    body = _render(_query(stack), SampleRequest(path_params={"pk": "a"}))
    assert "ExclusiveStartKey" not in body


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "token",
    [
        HOSTILE,
        "not base64!",
        _b64('{"pk": {"S": "a"}}, "TableName": "other", "x": {"S": "y"}'),
        _b64('{"pk": {"S": "a"}, "Limit": 1000}'),
        _b64('{"pk": {"M": {}}}'),
        _b64('["pk"]'),
        _b64("$util.escapeJavaScript('x') #set($a = 1)"),
        _b64('{"pk": {"S": "a"}}')[:-1],
        _b64('{"pk": {"S": "a"}}') + "==",
    ],
    ids=[
        "hostile",
        "not-base64",
        "injection",
        "extra-member",
        "map-value",
        "array",
        "vtl",
        "bad-length",
        "extra-padding",
    ],
)
def test_a_forged_token_becomes_a_key_dynamodb_rejects(stack: cdk.Stack, token: str) -> None:
    method = _query(stack)
    body = _render(method, SampleRequest(path_params={"pk": "a"}, query={"nextToken": token}))
    # the request keeps its shape: only the start key is replaced by one DynamoDB refuses (400)
    assert body["TableName"] == logical_id(method.table)
    assert body["ExclusiveStartKey"] == {"invalidNextToken": {"NULL": True}}
    assert "Limit" not in body


def test_next_token_parameter_none_reads_no_token(stack: cdk.Stack) -> None:
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    method = DynamoDbScan(
        stack, "Scan", resource=api.root, table=_table(stack), next_token_parameter=None
    )
    body = _render(method, SampleRequest(query={"nextToken": _b64('{"pk": {"S": "a"}}')}))
    assert "ExclusiveStartKey" not in body
    assert "method.request.querystring.nextToken" not in json.dumps(method_properties(method))


# -- answers and errors ----------------------------------------------------------------------


def _responses(method: ServiceIntegrationMethod) -> dict[str, str]:
    return {
        r.status_code: (r.response_templates or {})["application/json"]
        for r in method.integration_responses
    }


def _error(code: str) -> dict[str, str]:
    return {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "it failed"}


def test_get_item_answers_the_item_or_404(stack: cdk.Stack) -> None:
    method = CASES["GetItem"].build(stack, apigw.RestApi(stack, "Api", deploy=False), _table(stack))
    templates = _responses(method)
    found = render_response(templates["200"], {"Item": {"pk": {"S": "u1"}, "n": {"N": "4"}}})
    assert (found.status, json.loads(found.body)) == (200, {"pk": "u1", "n": 4})
    missing = render_response(templates["200"], {})
    assert missing.status == 404
    assert json.loads(missing.body) == {"message": "not found", "type": "NotFound"}


def test_put_item_must_not_exist_answers_201_then_409(stack: cdk.Stack) -> None:
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    table = _table(stack)
    method = DynamoDbPutItem(
        stack,
        "Create",
        resource=api.root,
        table=table,
        item={"pk": From.header("Idempotency-Key", required=True), "sk": "order"},
        condition_must_not_exist=True,
    )
    body = _render(method, SampleRequest(headers={"Idempotency-Key": "k-1"}))
    assert body["ConditionExpression"] == "attribute_not_exists(#pk)"
    assert body["ExpressionAttributeNames"] == {"#pk": "pk"}
    assert body["Item"]["pk"] == {"S": "k-1"}
    templates = _responses(method)
    assert next(iter(templates)) == "201"
    assert json.loads(render_response(templates["201"], {}).body) == {}
    conflict = render_response(
        templates["400"], _error("ConditionalCheckFailedException"), status=400
    )
    assert conflict.status == 409
    assert json.loads(conflict.body)["type"] == "ConditionalCheckFailedException"
    statuses = [r["StatusCode"] for r in method_properties(method)["MethodResponses"]]
    assert {"201", "400", "409", "502"} <= set(statuses)


def test_put_item_condition_on_an_imported_table_needs_the_partition_key_name(
    stack: cdk.Stack,
) -> None:
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    table = dynamodb.Table.from_table_name(stack, "Imported", "orders")
    method = DynamoDbPutItem(
        stack,
        "Create",
        resource=api.root,
        table=table,
        item={"orderId": From.body("$.id", required=True)},
        condition_must_not_exist=True,
        partition_key_name="orderId",
    )
    assert _render(method, SampleRequest(body={"id": "1"}))["ExpressionAttributeNames"] == {
        "#pk": "orderId"
    }


def test_update_item_sends_only_what_is_present_and_404s_a_missing_item(stack: cdk.Stack) -> None:
    method = CASES["UpdateItem"].build(
        stack, apigw.RestApi(stack, "Api", deploy=False), _table(stack)
    )
    only_age = _render(method, SampleRequest(path_params={"id": "u1"}, body={"age": 7}))
    assert only_age["UpdateExpression"] == "SET #u1 = :u1"
    assert only_age["ExpressionAttributeNames"] == {"#u1": "age", "#k0": "pk"}
    assert only_age["ExpressionAttributeValues"] == {":u1": {"N": "7"}}
    nothing = _render(method, SampleRequest(path_params={"id": "u1"}, body={}))
    assert nothing["UpdateExpression"] == "SET "  # DynamoDB answers 400: nothing to update
    templates = _responses(method)
    updated = render_response(templates["200"], {"Attributes": {"pk": {"S": "u1"}}})
    assert json.loads(updated.body) == {"pk": "u1"}
    missing = render_response(
        templates["400"], _error("ConditionalCheckFailedException"), status=400
    )
    assert missing.status == 404


def test_update_item_without_condition_upserts(stack: cdk.Stack) -> None:
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    method = DynamoDbUpdateItem(
        stack,
        "U",
        resource=_item_resource(api),
        table=_table(stack),
        key={"pk": From.path("id"), "sk": "x"},
        attributes={"n": From.body("$.n")},
        condition_must_exist=False,
    )
    body = _render(method, SampleRequest(path_params={"id": "1"}, body={"n": "v"}))
    assert "ConditionExpression" not in body
    assert body["ExpressionAttributeNames"] == {"#u0": "n"}
    conflict = render_response(
        _responses(method)["400"], _error("ConditionalCheckFailedException"), status=400
    )
    assert conflict.status == 409


@pytest.mark.parametrize(("not_found", "status", "body"), [(404, 404, None), (None, 200, {})])
def test_delete_item_answers_the_old_item_or_not_found(
    stack: cdk.Stack, not_found: int | None, status: int, body: object
) -> None:
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    method = DynamoDbDeleteItem(
        stack,
        "D",
        resource=_item_resource(api),
        table=_table(stack),
        key={"pk": From.path("id"), "sk": "x"},
        not_found_status=not_found,
    )
    templates = _responses(method)
    deleted = render_response(templates["200"], {"Attributes": {"pk": {"S": "1"}}})
    assert json.loads(deleted.body) == {"pk": "1"}
    gone = render_response(templates["200"], {})
    assert gone.status == status
    if body is not None:
        assert json.loads(gone.body) == body


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ValidationException", 400),
        ("ProvisionedThroughputExceededException", 429),
        ("ResourceNotFoundException", 404),
        ("AccessDeniedException", 500),
    ],
)
def test_dynamodb_errors_are_never_a_200(stack: cdk.Stack, code: str, status: int) -> None:
    method = CASES["Query"].build(stack, apigw.RestApi(stack, "Api", deploy=False), _table(stack))
    assert render_response(_responses(method)["400"], _error(code), status=400).status == status


# -- overrides --------------------------------------------------------------------------------


def test_overrides_replace_what_the_preset_supplies(stack: cdk.Stack) -> None:
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    method = DynamoDbGetItem(
        stack,
        "G",
        resource=_item_resource(api),
        table=_table(stack),
        key={"pk": From.path("id"), "sk": "x"},
        request_templates={"application/json": '{"TableName": "t"}'},
        integration_responses=[apigw.IntegrationResponse(status_code="200")],
        method_responses=[apigw.MethodResponse(status_code="200")],
        request_parameters={"method.request.header.X-Trace": True},
    )
    props = method_properties(method)
    assert props["Integration"]["RequestTemplates"] == {"application/json": '{"TableName": "t"}'}
    assert props["Integration"]["IntegrationResponses"] == [{"StatusCode": "200"}]
    assert props["MethodResponses"] == [{"StatusCode": "200"}]
    assert props["RequestParameters"] == {"method.request.header.X-Trace": True}


def test_a_query_with_cors_and_validation_passes_them_through(stack: cdk.Stack) -> None:
    from constructs_pkg import Cors

    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    method = DynamoDbQuery(
        stack,
        "Q",
        resource=api.root,
        table=_table(stack),
        index_name="byOwner",
        partition_key={"owner": From.query("owner", required=True)},
        cors=Cors(allow_origins=["https://app.example.com"]),
        authorization_type=apigw.AuthorizationType.IAM,
    )
    props = method_properties(method)
    assert props["AuthorizationType"] == "AWS_IAM"
    assert props["RequestParameters"]["method.request.querystring.owner"] is True
    assert "RequestValidatorId" in props
    for response in props["Integration"]["IntegrationResponses"]:
        origin = response["ResponseParameters"][
            "method.response.header.Access-Control-Allow-Origin"
        ]
        assert origin == "'https://app.example.com'"


# -- failing cases ----------------------------------------------------------------------------


def _fails(code: str, build: Callable[[cdk.Stack, apigw.RestApi, dynamodb.Table], object]) -> None:
    stack = cdk.Stack(cdk.App(), "TestStack")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    table = _table(stack)
    with pytest.raises(ValidationError) as raised:
        build(stack, api, table)
    assert raised.value.code == code


def test_fails_when_the_key_is_not_the_tables_key() -> None:
    _fails(
        "key-mismatch",
        lambda s, a, t: DynamoDbGetItem(
            s, "G", resource=a.root, table=t, key={"pk": From.query("id")}
        ),
    )


def test_fails_when_a_key_value_has_the_wrong_type() -> None:
    _fails(
        "key-type-mismatch",
        lambda s, a, t: DynamoDbGetItem(
            s, "G", resource=a.root, table=t, key={"pk": From.query("id", type="number"), "sk": "x"}
        ),
    )


def test_fails_when_the_index_does_not_exist() -> None:
    _fails(
        "unknown-index",
        lambda s, a, t: DynamoDbScan(s, "S", resource=a.root, table=t, index_name="byNothing"),
    )


def test_fails_when_the_partition_key_is_not_the_indexs() -> None:
    _fails(
        "key-mismatch",
        lambda s, a, t: DynamoDbQuery(
            s,
            "Q",
            resource=a.root.add_resource("{pk}"),
            table=t,
            index_name="byOwner",
            partition_key={"pk": From.path("pk")},
        ),
    )


def test_fails_when_the_sort_key_condition_is_on_another_attribute() -> None:
    _fails(
        "key-mismatch",
        lambda s, a, t: DynamoDbQuery(
            s,
            "Q",
            resource=a.root.add_resource("{pk}"),
            table=t,
            partition_key={"pk": From.path("pk")},
            sort_key=SortKeyCondition.equals("x", "1"),
        ),
    )


def test_fails_when_a_key_condition_value_may_be_missing() -> None:
    _fails(
        "optional-key-value",
        lambda s, a, t: SortKeyCondition.begins_with("sk", From.query("prefix")),
    )


def test_fails_when_begins_with_is_used_on_a_number_sort_key() -> None:
    _fails(
        "invalid-sort-key-condition",
        lambda s, a, t: DynamoDbQuery(
            s,
            "Q",
            resource=a.root.add_resource("{o}"),
            table=t,
            index_name="byOwner",
            partition_key={"owner": From.path("o")},
            sort_key=SortKeyCondition.begins_with(
                "createdAt", From.query("p", type="number", default=1)
            ),
        ),
    )


def test_fails_when_a_sort_key_condition_has_the_wrong_number_of_values() -> None:
    _fails(
        "invalid-sort-key-condition",
        lambda s, a, t: SortKeyCondition(name="sk", operator="between", values=("a",)),
    )


def test_fails_when_the_sort_key_is_not_a_condition() -> None:
    _fails(
        "invalid-sort-key-condition",
        lambda s, a, t: DynamoDbQuery(
            s,
            "Q",
            resource=a.root.add_resource("{pk}"),
            table=t,
            partition_key={"pk": From.path("pk")},
            sort_key="sk = 1",
        ),
    )  # type: ignore[arg-type]


def test_fails_when_an_update_changes_a_key_attribute() -> None:
    _fails(
        "key-attribute-in-update",
        lambda s, a, t: DynamoDbUpdateItem(
            s,
            "U",
            resource=a.root.add_resource("{id}"),
            table=t,
            key={"pk": From.path("id"), "sk": "x"},
            attributes={"sk": From.body("$.sk")},
        ),
    )


def test_fails_when_there_is_nothing_to_update() -> None:
    _fails(
        "invalid-update",
        lambda s, a, t: DynamoDbUpdateItem(
            s,
            "U",
            resource=a.root.add_resource("{id}"),
            table=t,
            key={"pk": From.path("id"), "sk": "x"},
            attributes={},
        ),
    )


def test_fails_when_the_item_lacks_a_key_attribute() -> None:
    _fails(
        "missing-key-attribute",
        lambda s, a, t: DynamoDbPutItem(
            s, "P", resource=a.root, table=t, item={"pk": From.body("$.id")}
        ),
    )


def test_fails_when_the_item_is_empty() -> None:
    _fails(
        "invalid-item", lambda s, a, t: DynamoDbPutItem(s, "P", resource=a.root, table=t, item={})
    )


def test_fails_when_the_key_is_empty() -> None:
    _fails(
        "invalid-key", lambda s, a, t: DynamoDbDeleteItem(s, "D", resource=a.root, table=t, key={})
    )


def test_fails_when_a_key_value_is_not_a_scalar() -> None:
    _fails(
        "invalid-key-value",
        lambda s, a, t: DynamoDbGetItem(
            s, "G", resource=a.root, table=t, key={"pk": ["a"], "sk": "x"}
        ),
    )  # type: ignore[dict-item]


def test_fails_when_a_key_value_is_a_list_type() -> None:
    _fails(
        "invalid-key-value",
        lambda s, a, t: DynamoDbGetItem(
            s,
            "G",
            resource=a.root,
            table=t,
            key={"pk": From.body("$.ids", type="string_list"), "sk": "x"},
        ),
    )


def test_fails_when_an_attribute_name_is_empty() -> None:
    _fails("invalid-attribute-name", lambda s, a, t: SortKeyCondition.equals("", "x"))


def test_fails_when_the_limit_is_not_positive() -> None:
    _fails("invalid-limit", lambda s, a, t: DynamoDbScan(s, "S", resource=a.root, table=t, limit=0))


def test_fails_when_the_limit_is_read_as_a_string() -> None:
    _fails(
        "invalid-limit",
        lambda s, a, t: DynamoDbScan(s, "S", resource=a.root, table=t, limit=From.query("limit")),
    )


def test_fails_when_the_index_name_is_blank() -> None:
    _fails(
        "invalid-index-name",
        lambda s, a, t: DynamoDbScan(s, "S", resource=a.root, table=t, index_name=" "),
    )


def test_fails_when_the_partition_key_name_is_unknown_for_a_condition() -> None:
    _fails(
        "missing-partition-key-name",
        lambda s, a, t: DynamoDbPutItem(
            s,
            "P",
            resource=a.root,
            table=dynamodb.Table.from_table_name(s, "I", "orders"),
            item={"id": From.body("$.id")},
            condition_must_not_exist=True,
        ),
    )
