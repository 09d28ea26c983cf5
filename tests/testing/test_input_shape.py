"""check_against_input_shape: a rendered request against the botocore model of its action."""

from __future__ import annotations

import json

import pytest

from constructs_pkg.testing import (
    SampleRequest,
    TemplateRenderError,
    check_against_input_shape,
    render_request,
)

PUT_ITEM = (
    '{"TableName": "doc-example-profiles", "Item": {"username": {"S": '
    '"$input.path(\'$.username\')"}, "name": {"S": "$input.path(\'$.name\')"}, "title": '
    '{"S": "$input.path(\'$.title\')"}}}'
)


def test_put_item_of_the_boto3_example_fits_the_shape() -> None:
    body = {"username": "will", "name": "William Shakespeare", "title": "playwright"}
    rendered = render_request(PUT_ITEM, SampleRequest(body=body))
    assert check_against_input_shape(rendered, "dynamodb", "PutItem") == []


def test_the_injected_item_still_fits_the_shape() -> None:
    # The shape check cannot see the injection: Item is a map, any extra attribute is valid.
    # Only a template that escapes its values prevents it.
    injection = {"name": 'x"}, "admin": {"BOOL": true}, "y": {"S": "'}
    rendered = render_request(PUT_ITEM, SampleRequest(body=injection))
    assert "admin" in json.loads(rendered)["Item"]
    assert check_against_input_shape(rendered, "dynamodb", "PutItem") == []


def test_a_value_that_breaks_the_json_is_reported() -> None:
    rendered = render_request(PUT_ITEM, SampleRequest(body={"name": 'a"b'}))
    problems = check_against_input_shape(rendered, "dynamodb", "PutItem")
    assert len(problems) == 1
    assert problems[0].startswith("$: the body is not valid JSON")


def test_json_problems_name_where_they_are() -> None:
    rendered = json.dumps(
        {
            "Item": {"username": {"S": 1}, "tags": []},
            "Bogus": 1,
            "ReturnValues": "NOPE",
            "ExpressionAttributeNames": {"#n": 2},
        }
    )
    assert check_against_input_shape(rendered, "dynamodb", "put_item") == [
        "$: required member 'TableName' is missing",
        "$.Item.username.S: expected a string, got integer",
        "$.Item.tags: expected a structure (JSON object), got list",
        "$: unknown member 'Bogus'",
        "$.ReturnValues: 'NOPE' is not one of "
        "['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW']",
        "$.ExpressionAttributeNames.#n: expected a string, got integer",
    ]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"TableName": "t", "Limit": "10"}, "$.Limit: expected an integer, got string"),
        ({"TableName": "t", "ConsistentRead": "true"}, "$.ConsistentRead: expected a boolean"),
        ({"TableName": "t", "AttributesToGet": "a"}, "$.AttributesToGet: expected a list"),
        ({"TableName": "t", "AttributesToGet": []}, "$.AttributesToGet: has 0 items, fewer"),
        ({"TableName": ""}, "$.TableName: has 0 characters, fewer than the minimum 1"),
    ],
)
def test_scalar_and_list_types_are_checked(body: dict[str, object], problem: str) -> None:
    problems = check_against_input_shape(json.dumps(body), "dynamodb", "Scan")
    assert len(problems) == 1
    assert problems[0].startswith(problem)


def test_service_aliases_and_action_spellings() -> None:
    body = json.dumps({"stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:s"})
    assert check_against_input_shape(body, "states", "StartExecution") == []
    assert check_against_input_shape(body, "stepfunctions", "start_execution") == []


def test_form_body_for_query_protocol() -> None:
    # What an SQS integration sends (Content-Type application/x-www-form-urlencoded)
    body = (
        "Action=SendMessage&QueueUrl=https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F1%2Fq"
        "&MessageBody=hello+world&MessageAttribute.1.Name=kind"
        "&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=greeting"
    )
    assert check_against_input_shape(body, "sqs", "SendMessage") == []


def test_form_body_problems() -> None:
    body = "Action=SendMessage&MessageBody=hi&DelaySeconds=soon&Bogus=1"
    assert check_against_input_shape(body, "sqs", "SendMessage") == [
        "QueueUrl: required member is missing",
        "DelaySeconds: expected an integer, got 'soon'",
        "Bogus: unknown member",
    ]


def test_implied_members_are_not_reported_missing() -> None:
    # An SQS integration whose URI is the queue's path supplies QueueUrl itself.
    body = "Action=SendMessage&MessageBody=hi"
    assert check_against_input_shape(body, "sqs", "SendMessage", implied_members=["QueueUrl"]) == []


def test_form_body_with_another_action_is_reported() -> None:
    body = "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A1%3At&Message=hi"
    assert check_against_input_shape(body, "sns", "Publish") == []
    assert check_against_input_shape(body.replace("Publish", "Subscribe"), "sns", "Publish") == [
        "Action: is 'Subscribe' but the action checked is 'Publish'"
    ]


def test_fails_when_the_service_is_unknown() -> None:
    with pytest.raises(TemplateRenderError) as caught:
        check_against_input_shape("{}", "dynamo", "PutItem")
    assert caught.value.code == "unknown-service"
    assert "'dynamodb'" in caught.value.message


def test_fails_when_the_action_is_unknown() -> None:
    with pytest.raises(TemplateRenderError) as caught:
        check_against_input_shape("{}", "dynamodb", "PutItems")
    assert caught.value.code == "unknown-action"
    assert "'PutItem'" in caught.value.message
