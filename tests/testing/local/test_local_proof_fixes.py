"""LocalApi fixes found by the preset and example proofs (``test_presets_local.py``,
``test_examples_local.py``), each shown on its own: a bucket encrypted with a KMS key is
created, query-protocol services answer JSON under ``Accept: application/json``, sync
executions run intrinsic functions, selection patterns are Java regexes, and where moto answers
otherwise than AWS (a malformed PutEvents entry, an invalid DynamoDB start key) the backend
answers as AWS does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from constructs_pkg.testing._local._backend import ServiceRequest
from constructs_pkg.testing._local._moto import MotoBackend
from constructs_pkg.testing._local._source import load_template

TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": True}},
        "Files": {
            "Type": "AWS::S3::Bucket",
            "Properties": {
                # as aws-cdk-lib writes encryption=s3.BucketEncryption.KMS
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {
                            "ServerSideEncryptionByDefault": {
                                "KMSMasterKeyID": {"Fn::GetAtt": ["Key", "Arn"]},
                                "SSEAlgorithm": "aws:kms",
                            }
                        }
                    ]
                },
            },
        },
        "Queue": {"Type": "AWS::SQS::Queue"},
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "orders"}},
        "Table": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                "AttributeDefinitions": [
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "sk", "AttributeType": "S"},
                ],
                "BillingMode": "PAY_PER_REQUEST",
            },
        },
        "Fifo": {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": True}},
    }
}


@pytest.fixture(scope="module")
def backend() -> Iterator[MotoBackend]:
    with MotoBackend(load_template(TEMPLATE, stack_name="Fixes")) as created:
        yield created


def test_a_bucket_encrypted_with_a_kms_key_is_created_with_it(backend: MotoBackend) -> None:
    bucket = backend.names.ref("", "Files", TEMPLATE["Resources"]["Files"])
    key_arn = backend.names.attribute("", "Key", TEMPLATE["Resources"]["Key"], "Arn")
    assert bucket and key_arn
    rules = backend.client("s3").get_bucket_encryption(Bucket=bucket)[
        "ServerSideEncryptionConfiguration"
    ]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": key_arn,
    }


def _send_message(backend: MotoBackend, queue: str, form: str, **headers: str) -> Any:
    url = backend.names.ref("", queue, TEMPLATE["Resources"][queue])
    assert url
    return backend.send(
        ServiceRequest(
            service="sqs",
            region="us-east-1",
            method="POST",
            path="/" + "/".join(url.split("/")[-2:]),
            headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
            body=form.encode(),
        )
    )


def test_a_query_protocol_answer_is_json_when_json_is_accepted(backend: MotoBackend) -> None:
    answer = _send_message(
        backend, "Queue", "Action=SendMessage&MessageBody=hi", Accept="application/json"
    )
    assert answer.status == 200, answer.body
    assert answer.headers["Content-Type"] == "application/json"
    result = json.loads(answer.body)["SendMessageResponse"]["SendMessageResult"]
    assert result["MessageId"]
    assert result["MD5OfMessageBody"] == "49f68a5c8493ec2c0bf489821c21fc3b"  # md5("hi")


def test_a_query_protocol_error_is_json_when_json_is_accepted(backend: MotoBackend) -> None:
    # a FIFO queue without a group id: SQS refuses the message
    answer = _send_message(
        backend, "Fifo", "Action=SendMessage&MessageBody=hi", Accept="application/json"
    )
    assert answer.status == 400, answer.body
    error = json.loads(answer.body)["Error"]
    assert error["Code"] in ("MissingParameter", "InvalidParameterValue"), error
    assert error["Message"], error


def test_a_query_protocol_answer_stays_xml_without_accept(backend: MotoBackend) -> None:
    answer = _send_message(backend, "Queue", "Action=SendMessage&MessageBody=hi")
    assert answer.status == 200, answer.body
    assert answer.body.lstrip().startswith(b"<"), answer.body


def _sync(definition: dict[str, Any], data: Any) -> dict[str, Any]:
    from constructs_pkg.testing._local._stepfunctions import start_sync_execution

    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Quote"
    machine = {"type": "EXPRESS", "definition": json.dumps(definition)}
    status, answer = start_sync_execution(
        {"stateMachineArn": arn, "input": json.dumps(data)}, lambda _: machine
    )
    assert status == 200, answer
    return answer


def test_sync_executions_run_intrinsic_functions_in_parameters() -> None:
    # as aws-cdk-lib writes sfn.Pass(parameters={"total.$": "States.ArrayLength($.items)"})
    parameters = {
        "total.$": "States.ArrayLength($.items)",
        "first.$": "States.ArrayGetItem($.items, 0)",
        "label.$": "States.Format('{} items, first {}', States.ArrayLength($.items), $.items[0])",
        "next.$": "States.MathAdd($.n, 1)",
        "parsed.$": "States.StringToJson($.raw)",
        "text.$": "States.JsonToString($.items)",
        "both.$": "States.Array($.n, 'a,b')",
        "currency": "EUR",
    }
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": parameters, "End": True}},
    }
    answer = _sync(definition, {"items": ["x", "y"], "n": 1, "raw": '{"k": [1]}'})
    assert answer["status"] == "SUCCEEDED", answer
    assert json.loads(answer["output"]) == {
        "total": 2,
        "first": "x",
        "label": "2 items, first x",
        "next": 2,
        "parsed": {"k": [1]},
        "text": '["x","y"]',
        "both": [1, "a,b"],
        "currency": "EUR",
    }


def test_fails_when_a_sync_execution_has_a_state_it_does_not_run() -> None:
    from constructs_pkg.testing._local._stepfunctions import UnsupportedStateError

    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True}
        },
    }
    with pytest.raises(UnsupportedStateError, match=r"Task state"):
        _sync(definition, {"a": "x"})


@pytest.mark.parametrize(
    ("value", "selected"),
    [
        ("[BadRequest] 'kind' is required", "400"),
        ("boom", "502"),
        ("line one\nline two", "502"),
        ("503", "502"),
        ("429", "429"),
    ],
)
def test_selection_patterns_are_java_regexes(value: str, selected: str) -> None:
    # what LambdaInvoke(error_patterns={r"\[BadRequest\].*": 400}) declares: Java's \z (the
    # end of input) in a lookahead, which Python spells \Z
    from constructs_pkg._apimodel import IntegrationResponse
    from constructs_pkg.testing._local._integration_response import select_response

    responses = (
        IntegrationResponse(status_code="200"),
        IntegrationResponse(status_code="400", selection_pattern=r"\[BadRequest\].*"),
        IntegrationResponse(status_code="429", selection_pattern="429"),
        IntegrationResponse(
            status_code="502",
            selection_pattern=r"(?:(?!(?:\[BadRequest\].*|\d{3})\z)[\s\S]+)|(?:5\d{2})",
        ),
    )
    assert select_response(responses, value).status_code == selected


def test_java_regex_keeps_escaped_backslashes() -> None:
    from constructs_pkg.testing._local._integration_response import java_regex

    assert java_regex(r"a\z") == r"a\Z"
    assert java_regex(r"a\Z") == r"a(?=\n?\Z)"
    assert java_regex(r"a\\z") == r"a\\z"  # a backslash, then the letter z
    assert java_regex(r"\d{3}") == r"\d{3}"


def _json_call(backend: MotoBackend, service: str, target: str, payload: object) -> Any:
    return backend.send(
        ServiceRequest(
            service=service,
            region="us-east-1",
            method="POST",
            headers={"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"},
            body=json.dumps(payload).encode(),
        )
    )


def test_put_events_fails_an_entry_whose_detail_is_not_an_object(backend: MotoBackend) -> None:
    entry = {"EventBusName": "orders", "Source": "com.example", "DetailType": "T"}
    answer = _json_call(
        backend,
        "events",
        "AWSEvents.PutEvents",
        {
            "Entries": [
                {**entry, "Detail": "[1, 2]"},
                {**entry, "Detail": '{"ok": true}'},
                {**entry, "Detail": "not json"},
            ]
        },
    )
    assert answer.status == 200, answer.body
    result = json.loads(answer.body)
    assert result["FailedEntryCount"] == 2
    first, second, third = result["Entries"]
    assert first["ErrorCode"] == third["ErrorCode"] == "MalformedDetail"
    assert second["EventId"] and "ErrorCode" not in second


def test_query_with_a_start_key_missing_a_key_attribute_is_a_validation_error(
    backend: MotoBackend,
) -> None:
    table = backend.names.ref("", "Table", TEMPLATE["Resources"]["Table"])
    query = {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": "a"}},
    }
    backend.client("dynamodb").put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}})
    target = "DynamoDB_20120810.Query"
    forged = _json_call(
        backend, "dynamodb", target, {**query, "ExclusiveStartKey": {"x": {"NULL": True}}}
    )
    assert forged.status == 400, forged.body
    assert json.loads(forged.body)["__type"].endswith("#ValidationException")
    scan = _json_call(
        backend,
        "dynamodb",
        "DynamoDB_20120810.Scan",
        {"TableName": table, "ExclusiveStartKey": {"pk": {"S": "a"}}},
    )
    assert scan.status == 400, scan.body
    valid = _json_call(
        backend,
        "dynamodb",
        target,
        {**query, "ExclusiveStartKey": {"pk": {"S": "a"}, "sk": {"S": "0"}}},
    )
    assert valid.status == 200, valid.body
    assert json.loads(valid.body)["Count"] == 1
