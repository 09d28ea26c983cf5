"""Response templates rendered on recorded service answers."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from constructs_pkg._templates import (
    ResponseTemplate,
    dynamodb_item_response,
    dynamodb_items_response,
    eventbridge_put_events_response,
    sfn_sync_execution_response,
    sns_publish_response,
    sqs_send_message_response,
)
from constructs_pkg.errors import ValidationError
from constructs_pkg.testing import RenderedResponse, render_response

JANE = {"username": {"S": "jane"}, "name": {"S": "Jane Austen"}, "title": {"S": "author"}}
PROFILES = [
    {"username": {"S": "will"}, "name": {"S": "William Shakespeare"}, "title": {"S": "playwright"}},
    {
        "username": {"S": "ludwig"},
        "name": {"S": "Ludwig van Beethoven"},
        "title": {"S": "composer"},
    },
    JANE,
]


def _render(template: ResponseTemplate, answer: Mapping[str, object]) -> RenderedResponse:
    return render_response(template.vtl, answer)


def _json(template: ResponseTemplate, answer: Mapping[str, object]) -> object:
    return json.loads(_render(template, answer).body)


# ----------------------------------------------------------------------------------- DynamoDB


def test_get_item_answers_the_item_as_a_plain_object() -> None:
    result = _render(dynamodb_item_response(), {"Item": JANE})
    assert result.status == 200
    assert result.status_override is None
    assert json.loads(result.body) == {
        "username": "jane",
        "name": "Jane Austen",
        "title": "author",
    }


def test_get_item_without_item_answers_404() -> None:
    template = dynamodb_item_response()
    result = _render(template, {})
    assert result.status == 404
    assert json.loads(result.body) == {"message": "not found", "type": "NotFound"}
    assert template.extra_status_codes == ("404",)


def test_writes_answer_their_attributes_or_an_empty_object() -> None:
    template = dynamodb_item_response(member="Attributes", not_found_status=None)
    assert template.extra_status_codes == ()
    assert _json(template, {"Attributes": JANE})["name"] == "Jane Austen"  # type: ignore[index]
    result = _render(template, {})
    assert (result.status, json.loads(result.body)) == (200, {})


def test_every_attribute_type_is_unmarshalled() -> None:
    item = {
        "s": {"S": 'it\'s "quoted" $input #set \\ é 😀'},
        "n": {"N": "42"},
        "f": {"N": "-1.5E3"},
        "bool": {"BOOL": False},
        "null": {"NULL": True},
        "b": {"B": "aGk="},
        "ss": {"SS": ["a", "b"]},
        "ns": {"NS": ["1", "2.5"]},
        "bs": {"BS": ["aGk="]},
        "m": {"M": {"k": {"S": "v"}, "l": {"L": [{"N": "1"}, {"M": {}}, {"L": []}]}}},
        "l": {"L": [{"S": "x"}, {"BOOL": True}, {"NULL": True}]},
    }
    assert _json(dynamodb_item_response(), {"Item": item}) == {
        "s": 'it\'s "quoted" $input #set \\ é 😀',
        "n": 42,
        "f": -1500.0,
        "bool": False,
        "null": None,
        "b": "aGk=",
        "ss": ["a", "b"],
        "ns": [1, 2.5],
        "bs": ["aGk="],
        "m": {"k": "v", "l": [1, {}, []]},
        "l": ["x", True, None],
    }


def test_values_deeper_than_max_depth_are_null() -> None:
    deep = {"a": {"M": {"b": {"M": {"c": {"S": "deep"}}}}}}
    assert _json(dynamodb_item_response(max_depth=3), {"Item": deep}) == {"a": {"b": {"c": "deep"}}}
    # level 3 is past the limit: the map at level 2 keeps its keys, its values are null
    assert _json(dynamodb_item_response(max_depth=2), {"Item": deep}) == {"a": {"b": {"c": None}}}
    assert _json(dynamodb_item_response(max_depth=1), {"Item": deep}) == {"a": {"b": None}}


def test_scan_answers_items_and_count() -> None:
    answer = {"Items": PROFILES, "Count": 3, "ScannedCount": 3}
    assert _json(dynamodb_items_response(), answer) == {
        "items": [
            {"username": "will", "name": "William Shakespeare", "title": "playwright"},
            {"username": "ludwig", "name": "Ludwig van Beethoven", "title": "composer"},
            {"username": "jane", "name": "Jane Austen", "title": "author"},
        ],
        "count": 3,
    }


def test_query_with_more_pages_answers_a_next_token() -> None:
    last_key = {"username": {"S": "jane"}, "ts": {"N": "5"}}
    answer = {"Items": [JANE], "Count": 1, "ScannedCount": 1, "LastEvaluatedKey": last_key}
    body = _json(dynamodb_items_response(), answer)
    assert isinstance(body, dict)
    assert body["count"] == 1
    assert json.loads(base64.b64decode(body["nextToken"])) == last_key


def test_an_empty_scan_answers_an_empty_list() -> None:
    assert _json(dynamodb_items_response(), {"Items": [], "Count": 0, "ScannedCount": 0}) == {
        "items": [],
        "count": 0,
    }


def _marshal(value: object) -> dict[str, object]:
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [_marshal(v) for v in value]}
    assert isinstance(value, dict)
    return {"M": {k: _marshal(v) for k, v in value.items()}}


text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
scalars = st.one_of(text, st.integers(-(10**12), 10**12), st.booleans(), st.none())


def _nested(depth: int) -> st.SearchStrategy[object]:
    if depth == 1:
        return scalars
    inner = _nested(depth - 1)
    return st.one_of(scalars, st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3))


@settings(max_examples=100, deadline=None)
@given(item=st.dictionaries(text, _nested(4), max_size=4))
def test_unmarshalling_round_trips_any_item_within_the_depth(item: dict[str, object]) -> None:
    marshalled = {key: _marshal(value) for key, value in item.items()}
    assert _json(dynamodb_item_response(max_depth=4), {"Item": marshalled}) == item


@pytest.mark.parametrize("depth", [0, 33, True, "5"])
def test_fails_when_max_depth_is_out_of_range(depth: object) -> None:
    with pytest.raises(ValidationError) as error:
        dynamodb_items_response(max_depth=depth)  # type: ignore[arg-type]
    assert error.value.code == "invalid-max-depth"


def test_fails_when_the_member_is_not_an_attribute_map() -> None:
    with pytest.raises(ValidationError) as error:
        dynamodb_item_response(member="Items")  # type: ignore[arg-type]
    assert error.value.code == "invalid-member"


def test_fails_when_the_not_found_status_is_not_a_status() -> None:
    with pytest.raises(ValidationError) as error:
        dynamodb_item_response(not_found_status=99)
    assert error.value.code == "invalid-status-code"


# --------------------------------------------------------------------------------- SQS and SNS

SQS_QUERY_JSON = {
    "SendMessageResponse": {
        "ResponseMetadata": {"RequestId": "ad5d3f2e-5b5a-5fd6-a6d9-8a4c8bd4b0e1"},
        "SendMessageResult": {
            "MD5OfMessageAttributes": None,
            "MD5OfMessageBody": "51b0a325c8d4ad5b5f5c8e5cdd0cb0b6",
            "MD5OfMessageSystemAttributes": None,
            "MessageId": "5fea7756-0ea4-451a-a703-a558b933e274",
            "SequenceNumber": None,
        },
    }
}
SQS_JSON_FIFO = {
    "MD5OfMessageBody": "51b0a325c8d4ad5b5f5c8e5cdd0cb0b6",
    "MessageId": "5fea7756-0ea4-451a-a703-a558b933e274",
    "SequenceNumber": "18849496460467696128",
}
SNS_PUBLISH = {
    "PublishResponse": {
        "PublishResult": {
            "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
            "SequenceNumber": None,
        },
        "ResponseMetadata": {"RequestId": "f187a3c1-376f-11df-8963-01868b7c937a"},
    }
}


def test_sqs_send_message_answers_the_message_id() -> None:
    assert _json(sqs_send_message_response(), SQS_QUERY_JSON) == {
        "messageId": "5fea7756-0ea4-451a-a703-a558b933e274"
    }


def test_sqs_send_message_to_a_fifo_queue_answers_the_sequence_number() -> None:
    assert _json(sqs_send_message_response(), SQS_JSON_FIFO) == {
        "messageId": "5fea7756-0ea4-451a-a703-a558b933e274",
        "sequenceNumber": "18849496460467696128",
    }


def test_sns_publish_answers_the_message_id() -> None:
    assert _json(sns_publish_response(), SNS_PUBLISH) == {
        "messageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e"
    }


def test_a_message_answer_without_id_answers_null() -> None:
    assert _json(sns_publish_response(), {}) == {"messageId": None}


# ------------------------------------------------------------------------------ Step Functions

SFN_BASE = {
    "executionArn": "arn:aws:states:us-east-1:111122223333:express:Orders:run-1:abc",
    "stateMachineArn": "arn:aws:states:us-east-1:111122223333:stateMachine:Orders",
    "name": "run-1",
    "startDate": 1.7e9,
    "stopDate": 1.7e9,
    "input": '{"order": 1}',
    "inputDetails": {"included": True},
    "billingDetails": {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": 100},
}


def test_sfn_sync_success_answers_the_output() -> None:
    answer = {**SFN_BASE, "status": "SUCCEEDED", "output": '{"total": 12.5, "items": ["a"]}'}
    result = _render(sfn_sync_execution_response(), answer)
    assert result.status == 200
    assert json.loads(result.body) == {"total": 12.5, "items": ["a"]}


def test_sfn_sync_failure_answers_500_without_the_cause() -> None:
    answer = {**SFN_BASE, "status": "FAILED", "error": "States.TaskFailed", "cause": "secret trace"}
    template = sfn_sync_execution_response()
    result = _render(template, answer)
    assert result.status == 500
    assert json.loads(result.body) == {
        "message": "the execution did not succeed",
        "type": "States.TaskFailed",
    }
    assert set(template.extra_status_codes) == {"500", "504"}


def test_sfn_sync_timeout_answers_504() -> None:
    result = _render(sfn_sync_execution_response(), {**SFN_BASE, "status": "TIMED_OUT"})
    assert result.status == 504
    assert json.loads(result.body) == {"message": "the execution timed out", "type": "TIMED_OUT"}


def test_sfn_sync_errors_can_map_to_client_statuses_and_expose_the_cause() -> None:
    template = sfn_sync_execution_response(
        error_statuses={"ValidationError": 400, "NotFound": 404}, expose_cause=True
    )
    answer = {**SFN_BASE, "status": "FAILED", "error": "ValidationError", "cause": 'bad "qty"'}
    result = _render(template, answer)
    assert result.status == 400
    assert json.loads(result.body) == {"message": 'bad "qty"', "type": "ValidationError"}
    assert set(template.extra_status_codes) == {"400", "404", "500", "504"}


def test_fails_when_an_sfn_error_name_cannot_be_matched() -> None:
    with pytest.raises(ValidationError) as error:
        sfn_sync_execution_response(error_statuses={"it's": 400})
    assert error.value.code == "invalid-error-name"


def test_fails_when_an_sfn_error_status_is_not_a_status() -> None:
    with pytest.raises(ValidationError) as error:
        sfn_sync_execution_response(error_statuses={"E": 1000})
    assert error.value.code == "invalid-status-code"


# --------------------------------------------------------------------------------- EventBridge


def test_put_events_without_failures_answers_the_event_ids() -> None:
    answer = {
        "FailedEntryCount": 0,
        "Entries": [{"EventId": "11710aed-b79e-4468-a20b-bb3c0c3b4860"}],
    }
    result = _render(eventbridge_put_events_response(), answer)
    assert result.status == 200
    assert json.loads(result.body) == {"eventIds": ["11710aed-b79e-4468-a20b-bb3c0c3b4860"]}


@pytest.mark.parametrize(
    ("code", "status", "message"),
    [
        ("MalformedDetail", 400, 'Detail is malformed: it\'s "bad"'),
        ("ThrottlingException", 429, "too many requests, retry later"),
        ("AccessDeniedException", 500, "internal server error"),
        ("InternalFailure", 502, "the service failed to process the request"),
    ],
)
def test_put_events_with_a_failed_entry_answers_an_error(
    code: str, status: int, message: str
) -> None:
    answer = {
        "FailedEntryCount": 1,
        "Entries": [
            {"EventId": "ok-1"},
            {"ErrorCode": code, "ErrorMessage": 'Detail is malformed: it\'s "bad"'},
        ],
    }
    result = _render(eventbridge_put_events_response(), answer)
    assert result.status == status
    assert json.loads(result.body) == {"message": message, "type": code, "failedEntryCount": 1}
    assert str(status) in eventbridge_put_events_response().extra_status_codes
