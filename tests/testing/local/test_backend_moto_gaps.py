"""Requests AWS refuses that moto fails on: answered as AWS answers them. A DynamoDB
``AttributeValue`` with no type (``{"N": null}``, what a mapping template gives for a missing
number) is a 400 ``ValidationException``, not moto's internal error."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aws_cdk as cdk
import pytest
from app_context import cdk_app

from constructs_pkg.testing import LocalApi
from constructs_pkg.testing._local._backend import ServiceRequest
from constructs_pkg.testing._local._moto import MotoBackend
from constructs_pkg.testing._local._source import load_template

ROOT = Path(__file__).resolve().parents[3]
TABLE = {
    "Resources": {
        "Table": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "TableName": "scores",
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "at", "KeyType": "RANGE"},
                ],
                "AttributeDefinitions": [
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "at", "AttributeType": "N"},
                ],
            },
        }
    }
}


@pytest.fixture(scope="module")
def backend() -> Iterator[MotoBackend]:
    with MotoBackend(load_template(TABLE)) as backend:
        yield backend


def _call(backend: MotoBackend, operation: str, payload: dict[str, Any]) -> tuple[int, Any]:
    answer = backend.send(
        ServiceRequest(
            service="dynamodb",
            region="us-east-1",
            method="POST",
            headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": f"DynamoDB_20120810.{operation}",
            },
            body=json.dumps(payload).encode(),
        )
    )
    return answer.status, json.loads(answer.body)


def test_a_query_value_without_a_type_is_a_validation_exception(backend: MotoBackend) -> None:
    # GIVEN a Query whose sort key value came out of a template as {"N": null}
    status, answer = _call(
        backend,
        "Query",
        {
            "TableName": "scores",
            "KeyConditionExpression": "pk = :p AND #at >= :since",
            "ExpressionAttributeNames": {"#at": "at"},
            "ExpressionAttributeValues": {":p": {"S": "a"}, ":since": {"N": None}},
        },
    )
    # THEN DynamoDB's 400, naming the key (moto alone fails with an internal error)
    assert status == 400
    assert answer["__type"].endswith("#ValidationException")
    assert answer["message"] == (
        "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, "
        "must contain exactly one of the supported datatypes for key :since"
    )


def test_an_item_attribute_without_a_type_is_a_validation_exception(backend: MotoBackend) -> None:
    status, answer = _call(
        backend,
        "PutItem",
        {
            "TableName": "scores",
            "Item": {"pk": {"S": "a"}, "at": {"N": "1"}, "m": {"M": {"x": {}}}},
        },
    )
    assert status == 400
    assert answer["message"].startswith("One or more parameter values were invalid: Supplied")
    # AND nothing was stored
    assert backend.client("dynamodb").scan(TableName="scores")["Count"] == 0


def test_valid_requests_reach_moto(backend: MotoBackend) -> None:
    item = {"pk": {"S": "b"}, "at": {"N": "2"}, "tags": {"L": [{"S": "x"}, {"NULL": True}]}}
    assert _call(backend, "PutItem", {"TableName": "scores", "Item": item}) == (200, {})
    status, answer = _call(
        backend,
        "Query",
        {
            "TableName": "scores",
            "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": "b"}},
        },
    )
    assert (status, answer["Items"]) == (200, [item])


def test_dynamodb_example_answers_400_to_a_non_numeric_since() -> None:
    path = ROOT / "examples" / "dynamodb_profiles" / "app.py"
    spec = importlib.util.spec_from_file_location("example_dynamodb", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app = module.build_app(cdk_app())
    (stack,) = [child for child in app.node.children if isinstance(child, cdk.Stack)]
    signed = {"Authorization": "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=y"}
    with LocalApi(stack) as api:
        response = api.request("GET", "/teams/core/profiles?since=yesterday", headers=signed)
        assert response.status_code == 400, response.text
        assert response.json()["type"] == "ValidationException"


def test_sns_publish_to_a_fifo_topic_answers_a_sequence_number() -> None:
    from aws_cdk import aws_apigateway as apigw
    from aws_cdk import aws_sns as sns

    from constructs_pkg import From
    from constructs_pkg.presets import SnsPublish

    # GIVEN SnsPublish on a FIFO topic
    stack = cdk.Stack(cdk_app(), "FifoTopic")
    topic = sns.Topic(stack, "Topic", fifo=True, content_based_deduplication=True)
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    SnsPublish(
        stack,
        "Publish",
        resource=api.root.add_resource("events"),
        topic=topic,
        message_group_id=From.header("X-Group"),
    )
    with LocalApi(stack) as local:
        # WHEN two messages are published
        first = local.request("POST", "/events", headers={"X-Group": "g"}, json={"n": 1})
        second = local.request("POST", "/events", headers={"X-Group": "g"}, json={"n": 2})
    # THEN each answer has SNS's sequence number, increasing (moto alone gives none)
    assert first.status_code == second.status_code == 200, first.text
    numbers = [int(r.json()["sequenceNumber"]) for r in (first, second)]
    assert numbers[0] < numbers[1]
    assert all(len(str(n)) == 20 for n in numbers)


def test_a_member_outside_its_constraints_is_a_validation_exception(backend: MotoBackend) -> None:
    # GIVEN a Scan whose Limit came out of a template as 0 (moto alone answers 200)
    status, answer = _call(backend, "Scan", {"TableName": "scores", "Limit": 0})
    # THEN AWS's request validation answer
    assert status == 400
    assert answer["__type"].endswith("#ValidationException")
    assert answer["message"] == (
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"
    )
    # AND every violation is listed, enums included
    status, answer = _call(
        backend,
        "Scan",
        {"TableName": "scores", "Limit": -1, "Select": "EVERYTHING", "IndexName": "ab"},
    )
    assert status == 400
    assert answer["message"] == (
        "3 validation errors detected: "
        "Value '-1' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1; "
        "Value 'EVERYTHING' at 'select' failed to satisfy constraint: Member must satisfy enum "
        "value set: [ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, SPECIFIC_ATTRIBUTES, COUNT]; "
        "Value 'ab' at 'indexName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 3"
    )


def test_constraints_of_other_json_services_are_checked_too() -> None:
    stream = {
        "Resources": {
            "Stream": {
                "Type": "AWS::Kinesis::Stream",
                "Properties": {"Name": "clicks", "ShardCount": 1},
            }
        }
    }
    with MotoBackend(load_template(stream)) as backend:
        answer = backend.send(
            ServiceRequest(
                service="kinesis",
                region="us-east-1",
                method="POST",
                headers={
                    "Content-Type": "application/x-amz-json-1.1",
                    "X-Amz-Target": "Kinesis_20131202.PutRecord",
                },
                body=json.dumps(
                    {"StreamName": "clicks", "Data": "aGk=", "PartitionKey": ""}
                ).encode(),
            )
        )
    assert answer.status == 400
    assert json.loads(answer.body)["message"] == (
        "1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1"
    )


def test_sns_publish_errors_are_worded_as_sns_words_them() -> None:
    topic = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {}}}}
    with MotoBackend(load_template(topic)) as backend:
        arn = backend.names.physical_id("", "Topic")

        def publish(topic_arn: str, message: str) -> tuple[int, Any]:
            answer = backend.send(
                ServiceRequest(
                    service="sns",
                    region="us-east-1",
                    method="POST",
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "application/json",
                    },
                    body=urlencode(
                        {"Action": "Publish", "TopicArn": topic_arn, "Message": message}
                    ).encode(),
                )
            )
            return answer.status, json.loads(answer.body)["Error"]

        # a missing topic: SNS's 404 NotFound "Topic does not exist"
        assert publish(arn + "-gone", "hi") == (
            404,
            {"Code": "NotFound", "Message": "Topic does not exist", "Type": "Sender"},
        )
        # a message over 256 KiB: SNS's words, without botocore's "An error occurred (...)"
        status, error = publish(arn, "x" * 300_000)
        assert (status, error["Code"]) == (400, "InvalidParameter")
        assert error["Message"] == "Invalid parameter: Message too long"
