"""LocalApi fixes found by the preset and example proofs (``test_presets_local.py``,
``test_examples_local.py``), each shown on its own: a bucket encrypted with a KMS key is
created, query-protocol services answer JSON under ``Accept: application/json``."""

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
