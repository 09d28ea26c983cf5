"""Mapping-template mistakes caught at synth time: requests against the operation's input shape,
responses against its output (or error) shapes, selection patterns against status codes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Annotations, Match, Template

from constructs_pkg import (
    DynamoDbItem,
    FormTemplate,
    From,
    JsonTemplate,
    RequestTemplate,
    ServiceIntegrationMethod,
    ValidationError,
)

ROOT = Path(__file__).resolve().parents[1]
TABLE_ARN = "arn:aws:dynamodb:us-east-1:111122223333:table/t"
QUEUE_ARN = "arn:aws:sqs:us-east-1:111122223333:q"
TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:t"
OUR_WARNINGS = r"constructs_pkg:(request-shape|response-shape|selection-pattern):"


def _method(
    stack: cdk.Stack,
    api: apigw.RestApi,
    action: str,
    template: RequestTemplate | None = None,
    *,
    service: str = "dynamodb",
    content_type: str = "application/json",
    **kwargs: object,
) -> ServiceIntegrationMethod:
    arn = {"dynamodb": TABLE_ARN, "sqs": QUEUE_ARN, "sns": TOPIC_ARN}.get(service, "*")
    return ServiceIntegrationMethod(
        stack,
        "M",
        resource=api.root.add_resource("{id}"),
        http_method="POST",
        service=service,
        action=action,
        resources=[arn],
        request_templates=None if template is None else {content_type: template},
        **kwargs,  # type: ignore[arg-type]
    )


def _fails(
    stack: cdk.Stack, api: apigw.RestApi, action: str, template: RequestTemplate, **kwargs: object
) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _method(stack, api, action, template, **kwargs)
    # THEN nothing was created: the check runs before any child
    assert stack.node.try_find_child("M") is None
    assert not [c for c in stack.node.find_all() if isinstance(c, apigw.CfnMethod)]
    return caught.value


def _warnings(stack: cdk.Stack, warning_id: str) -> list[str]:
    found = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(warning_id.replace(":", ".") + r"\]")
    )
    return [str(entry.entry.data) for entry in found]


def _our_warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(OUR_WARNINGS))
    return [str(entry.entry.data) for entry in found]


# --- requests: errors for templates whose structure is known ---------------------------------


def test_fails_when_a_request_member_is_unknown(stack: cdk.Stack, api: apigw.RestApi) -> None:
    # GIVEN a PutItem body with "Itme" for "Item"
    error = _fails(
        stack,
        api,
        "PutItem",
        {"TableName": "t", "Itme": {"id": {"S": "$input.params('id')"}}},
    )
    # THEN the error names the member, the shape and the right name
    assert error.code == "unknown-request-member"
    assert "'Itme'" in error.message
    assert "did you mean 'Item'?" in error.message
    assert "PutItemInput" in error.message
    assert "check_request_shape=False" in error.message


def test_fails_when_a_required_request_member_is_missing(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    error = _fails(stack, api, "GetItem", JsonTemplate({"TableName": "t"}))
    assert error.code == "missing-request-member"
    assert "'Key'" in error.message
    assert "GetItemInput" in error.message


@pytest.mark.parametrize(
    ("action", "body", "where"),
    [
        # a quoted VTL expression where an integer belongs
        ("Scan", {"TableName": "t", "Limit": "$input.params('limit')"}, "$.Limit"),
        # a value outside the enum
        ("PutItem", {"TableName": "t", "Item": {}, "ReturnValues": "ALL"}, "$.ReturnValues"),
        # a number out of its declared range (Limit >= 1)
        ("Scan", {"TableName": "t", "Limit": 0}, "$.Limit"),
        # a request value declared as a string where an integer belongs
        ("Scan", {"TableName": "t", "Limit": From.query("limit")}, "$.Limit"),
        # deep: an AttributeValue with two types, inside the Item map
        ("PutItem", {"TableName": "t", "Item": {"a": {"S": "x", "N": "1"}}}, "$.Item.a"),
        # deep: a list where a string belongs, inside an AttributeValue
        ("PutItem", {"TableName": "t", "Item": {"a": {"S": ["x"]}}}, "$.Item.a.S"),
    ],
)
def test_fails_when_a_request_value_is_invalid(
    stack: cdk.Stack, api: apigw.RestApi, action: str, body: dict[str, object], where: str
) -> None:
    error = _fails(stack, api, action, body)
    assert error.code == "invalid-request-value"
    assert f"{where}:" in error.message


def test_fails_when_a_dynamodb_item_attribute_has_an_unknown_type(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    body = {"TableName": "t", "Item": {"a": {"STR": "x"}}}
    error = _fails(stack, api, "PutItem", body)
    assert error.code == "unknown-request-member"
    assert "$.Item.a" in error.message and "AttributeValue" in error.message


def test_request_values_count_as_their_declared_type(stack: cdk.Stack, api: apigw.RestApi) -> None:
    # GIVEN From values of the member's type, a DynamoDbItem and a CDK token as the table name
    table = dynamodb.Table(
        stack, "T", partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING)
    )
    template = JsonTemplate(
        {
            "TableName": table.table_name,
            "Item": DynamoDbItem(
                {
                    "id": From.path("id"),
                    "age": From.body("$.age", type="number"),
                    "tags": From.body("$.tags", type="string_set"),
                    "admin": False,
                    "address": {"city": From.body("$.city")},
                }
            ),
            "ReturnValues": From.query("return", default="NONE"),
        }
    )
    # WHEN the method is created, THEN it is (no error) and nothing is warned
    _method(stack, api, "PutItem", template)
    assert _our_warnings(stack) == []


def test_form_templates_are_checked_with_the_query_protocol_names(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    fields: Mapping[str, str | From] = {
        "Action": "SendMessage",
        "QueueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/q",
        "MessageBody": From.whole_body(),
        "MessageAttribute.1.Name": "kind",
        "MessageAttribute.1.Value.DataType": "String",
        "MessageAttribute.1.Value.StringValue": From.query("kind", required=True),
    }
    form = "application/x-www-form-urlencoded"
    _method(stack, api, "SendMessage", FormTemplate(fields), service="sqs", content_type=form)
    assert _our_warnings(stack) == []


def test_fails_when_a_form_field_is_unknown(stack: cdk.Stack, api: apigw.RestApi) -> None:
    fields = {"Action": "Publish", "TopicArn": TOPIC_ARN, "Mesage": From.whole_body()}
    form = "application/x-www-form-urlencoded"
    error = _fails(stack, api, "Publish", FormTemplate(fields), service="sns", content_type=form)
    assert error.code == "unknown-request-member"
    assert "did you mean 'Message'?" in error.message


def test_fails_when_a_form_names_another_action(stack: cdk.Stack, api: apigw.RestApi) -> None:
    fields = {"Action": "Subscribe", "TopicArn": TOPIC_ARN, "Message": From.whole_body()}
    form = "application/x-www-form-urlencoded"
    error = _fails(stack, api, "Publish", FormTemplate(fields), service="sns", content_type=form)
    assert error.code == "invalid-request-value"


def test_check_request_shape_false_turns_the_checks_off(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    # GIVEN a member newer than the installed botocore (here: one it does not have)
    _method(
        stack,
        api,
        "PutItem",
        {"TableName": "t", "Item": {}, "BrandNewMember": True},
        check_request_shape=False,
    )
    Template.from_stack(stack).resource_count_is("AWS::ApiGateway::Method", 1)


# --- requests: warnings for raw VTL ------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "vtl", "kind"),
    [
        (
            "PutItem",
            '{"TableName": "t", "Itme": {"id": {"S": "$input.params(\'id\')"}}}',
            "unknown-member",
        ),
        ("GetItem", '{"TableName": "t"}', "missing-member"),
        ("Scan", '{"TableName": "t", "Limit": "$input.params(\'limit\')"}', "invalid-value"),
    ],
)
def test_raw_vtl_rendered_with_a_sample_request_gets_a_warning(
    stack: cdk.Stack, api: apigw.RestApi, action: str, vtl: str, kind: str
) -> None:
    _method(stack, api, action, vtl)
    found = _warnings(stack, f"constructs_pkg:request-shape:{kind}")
    assert len(found) == 1
    assert f"{action}Input" in found[0]


def test_raw_vtl_that_does_not_render_to_json_is_not_checked(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    # a sample request without 'limit' renders "Limit": , which does not parse
    _method(stack, api, "Scan", '{"TableName": "t", "Limit": $input.params(\'limit\')}')
    assert _our_warnings(stack) == []


def test_raw_vtl_check_is_off_with_check_request_shape_false(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    _method(stack, api, "GetItem", '{"TableName": "t"}', check_request_shape=False)
    assert _our_warnings(stack) == []


# --- responses ---------------------------------------------------------------------------------


def _responses(*responses: apigw.IntegrationResponse) -> list[apigw.IntegrationResponse]:
    return list(responses)


def test_a_response_reading_an_unknown_member_gets_a_warning(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    _method(
        stack,
        api,
        "GetItem",
        {"TableName": "t", "Key": {"id": {"S": "$input.params('id')"}}},
        integration_responses=_responses(
            apigw.IntegrationResponse(
                status_code="200",
                response_templates={"application/json": "$input.json('$.Itme')"},
            )
        ),
    )
    (found,) = _warnings(stack, "constructs_pkg:response-shape:unknown-member")
    assert "'Itme'" in found and "did you mean 'Item'?" in found


def test_foreach_over_a_list_checks_the_items_members(stack: cdk.Stack, api: apigw.RestApi) -> None:
    template = (
        "#foreach($entry in $input.path('$.Entries'))"
        '{"id": "$entry.EventID", "error": "$entry.ErrorCode"}#end'
    )
    ServiceIntegrationMethod(
        stack,
        "M",
        resource=api.root,
        http_method="POST",
        service="events",
        action="PutEvents",
        resources=["*"],
        request_templates={"application/json": JsonTemplate({"Entries": [{"Source": "a"}]})},
        integration_responses=_responses(
            apigw.IntegrationResponse(
                status_code="200", response_templates={"application/json": template}
            )
        ),
    )
    (found,) = _warnings(stack, "constructs_pkg:response-shape:unknown-member")
    assert "'EventID'" in found and "did you mean 'EventId'?" in found


def test_error_responses_are_checked_against_the_error_shapes(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    good = '{"type": "$input.path(\'$.__type\')", "message": "$input.path(\'$.message\')"}'
    _method(
        stack,
        api,
        "GetItem",
        {"TableName": "t", "Key": {"id": {"S": "$input.params('id')"}}},
        integration_responses=_responses(
            apigw.IntegrationResponse(status_code="200"),
            apigw.IntegrationResponse(
                status_code="400",
                selection_pattern=r"4\d{2}",
                response_templates={"application/json": good},
            ),
            apigw.IntegrationResponse(
                status_code="500",
                selection_pattern=r"5\d{2}",
                response_templates={"application/json": "$input.path('$.Item')"},
            ),
        ),
    )
    (found,) = _warnings(stack, "constructs_pkg:response-shape:unknown-member")
    assert "500" in found and "'Item'" in found and "error shapes" in found


# --- selection patterns ------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", [".*ValidationException.*", "Error"])
def test_a_selection_pattern_no_status_code_matches_gets_a_warning(
    stack: cdk.Stack, api: apigw.RestApi, pattern: str
) -> None:
    _method(
        stack,
        api,
        "GetItem",
        {"TableName": "t", "Key": {"id": {"S": "$input.params('id')"}}},
        integration_responses=_responses(
            apigw.IntegrationResponse(status_code="200"),
            apigw.IntegrationResponse(status_code="400", selection_pattern=pattern),
        ),
    )
    (found,) = _warnings(stack, "constructs_pkg:selection-pattern:never-matches")
    assert repr(pattern) in found and "status code" in found
    assert _warnings(stack, "constructs_pkg:selection-pattern:shadowed") == []


def test_a_selection_pattern_behind_a_broader_one_gets_a_warning(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    _method(
        stack,
        api,
        "GetItem",
        {"TableName": "t", "Key": {"id": {"S": "$input.params('id')"}}},
        integration_responses=_responses(
            apigw.IntegrationResponse(status_code="200"),
            apigw.IntegrationResponse(status_code="400", selection_pattern=r"4\d{2}"),
            apigw.IntegrationResponse(status_code="404", selection_pattern="404"),
        ),
    )
    (found,) = _warnings(stack, "constructs_pkg:selection-pattern:shadowed")
    assert "'404'" in found
    assert _warnings(stack, "constructs_pkg:selection-pattern:never-matches") == []


def test_lambda_selection_patterns_match_messages_and_are_not_checked(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    ServiceIntegrationMethod(
        stack,
        "M",
        resource=api.root,
        http_method="POST",
        service="lambda",
        path="2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:f/invocations",
        resources=["arn:aws:lambda:us-east-1:111122223333:function:f"],
        integration_responses=_responses(
            apigw.IntegrationResponse(status_code="200"),
            apigw.IntegrationResponse(status_code="400", selection_pattern=".*Invalid.*"),
        ),
    )
    assert _our_warnings(stack) == []


def test_a_warning_can_be_acknowledged(stack: cdk.Stack, api: apigw.RestApi) -> None:
    method = _method(
        stack,
        api,
        "GetItem",
        {"TableName": "t", "Key": {"id": {"S": "$input.params('id')"}}},
        integration_responses=_responses(
            apigw.IntegrationResponse(status_code="200"),
            apigw.IntegrationResponse(status_code="400", selection_pattern="Error"),
        ),
    )
    cdk.Annotations.of(method).acknowledge_warning("constructs_pkg:selection-pattern:never-matches")
    assert _our_warnings(stack) == []


# --- the app and the examples ----------------------------------------------------------------


def test_the_apps_stacks_have_none_of_these_warnings() -> None:
    from app_context import cdk_app

    from app import build_app

    app = build_app(cdk_app())
    stacks = [c for c in app.node.children if isinstance(c, cdk.Stack)]
    assert {s.stack_name for s in stacks} == {"ProfilesApi", "ProfilesApiParity"}
    for stack in stacks:
        assert _our_warnings(stack) == [], stack.stack_name


@pytest.mark.parametrize("app", sorted(ROOT.glob("examples/*/app.py")), ids=lambda p: p.parent.name)
def test_the_examples_have_none_of_these_warnings(app: Path, tmp_path: Path) -> None:
    env = {**os.environ, "CDK_OUTDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(app)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-4000:]
    written = [p.read_text() for p in tmp_path.glob("*.json")]
    assert written, f"{app} wrote no cloud assembly"
    for text in written:
        for needle in ("request-shape:", "response-shape:", "selection-pattern:"):
            assert f"constructs_pkg:{needle}" not in text


# --- the shared checker ----------------------------------------------------------------------


def test_the_shape_checker_imports_without_aws_cdk() -> None:
    # GIVEN a process where aws_cdk cannot be imported, and the package's __init__ (which
    # re-exports the construct) skipped: the pure modules alone
    code = (
        "import sys, types\n"
        "sys.modules['aws_cdk'] = None\n"
        "package = types.ModuleType('constructs_pkg')\n"
        f"package.__path__ = [{str(ROOT / 'constructs_pkg')!r}]\n"
        "sys.modules['constructs_pkg'] = package\n"
        "from constructs_pkg._shape_check import check_json_body\n"
        "from constructs_pkg._catalogue import operation\n"
        "print(check_json_body(operation('dynamodb', 'GetItem'), {'TableName': 't'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "missing-member" in result.stdout


def test_a_cdk_number_token_counts_as_a_number(stack: cdk.Stack, api: apigw.RestApi) -> None:
    limit = cdk.Token.as_number(cdk.CfnParameter(stack, "Limit", type="Number").value_as_number)
    _method(stack, api, "Scan", {"TableName": "t", "Limit": limit})
    assert _our_warnings(stack) == []


def test_the_testing_helper_resolves_service_names_through_the_catalogue() -> None:
    from constructs_pkg.testing import check_against_input_shape

    body = '{"Entries": [{"Source": "a", "DetailType": "b", "Detail": "{}"}]}'
    # the product name, the URI name and a boto3 method name all reach the same operation
    assert check_against_input_shape(body, "eventbridge", "put_events") == []
    assert check_against_input_shape(body, "events", "PutEvents") == []
    assert check_against_input_shape('{"Entries": [{"Sorce": "a"}]}', "events", "PutEvents") == [
        "$.Entries[0]: unknown member 'Sorce' (did you mean 'Source'?)"
    ]


def test_raw_vtl_with_other_directives_is_rendered_by_the_offline_renderer(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    # GIVEN a template with #if (rendered by the Velocity engine), Key written only when the
    # request has an id: the empty sample request has none
    vtl = (
        '{"TableName": "t"#if($input.params(\'id\') != ""), '
        '"Key": {"id": {"S": "$input.params(\'id\')"}}#end}'
    )
    _method(stack, api, "GetItem", vtl)
    (found,) = _warnings(stack, "constructs_pkg:request-shape:missing-member")
    assert "'Key'" in found
