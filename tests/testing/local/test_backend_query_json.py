"""Query-protocol services (SQS, SNS) answer JSON to ``Accept: application/json``, the header
API Gateway adds to every integration request, as AWS does; moto answers XML only."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from constructs_pkg.testing._local._backend import ServiceRequest, ServiceResponse
from constructs_pkg.testing._local._moto import MotoBackend, query_json
from constructs_pkg.testing._local._source import load_template

TEMPLATE = {
    "Resources": {
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}},
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {}},
    }
}
ACCEPT_JSON = {"Accept": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def backend() -> Iterator[MotoBackend]:
    with MotoBackend(load_template(TEMPLATE, stack_name="QueryJson")) as created:
        yield created


def _send_message(
    backend: MotoBackend, queue_path: str, headers: dict[str, str]
) -> ServiceResponse:
    return backend.send(
        ServiceRequest(
            service="sqs",
            region="us-east-1",
            method="POST",
            path=queue_path,
            headers=headers,
            body=b"Action=SendMessage&MessageBody=hello",
        )
    )


def _queue_url(backend: MotoBackend) -> str:
    return str(backend.client("sqs").list_queues()["QueueUrls"][0])


def _queue_path(backend: MotoBackend) -> str:
    return "/" + "/".join(_queue_url(backend).split("/")[-2:])


def test_sqs_answers_json_when_json_is_accepted(backend: MotoBackend) -> None:
    # GIVEN API Gateway's default Accept header on a path-style SendMessage
    answer = _send_message(backend, _queue_path(backend), {**FORM, **ACCEPT_JSON})
    # THEN the answer is AWS's JSON form of the query response
    assert answer.status == 200, answer.body
    assert answer.headers["Content-Type"] == "application/json"
    result = json.loads(answer.body)["SendMessageResponse"]["SendMessageResult"]
    assert len(result["MessageId"]) == 36
    assert result["MD5OfMessageBody"] == "5d41402abc4b2a76b9719d911017c592"  # md5("hello")
    received = backend.client("sqs").receive_message(QueueUrl=_queue_url(backend))["Messages"]
    assert [m["MessageId"] for m in received] == [result["MessageId"]]


def test_sqs_answers_xml_without_accept(backend: MotoBackend) -> None:
    answer = _send_message(backend, _queue_path(backend), FORM)
    assert answer.status == 200
    assert answer.body.startswith(b"<")
    assert b"<MessageId>" in answer.body


def test_sqs_errors_are_json_too(backend: MotoBackend) -> None:
    answer = _send_message(backend, "/123456789012/no-such-queue", {**FORM, **ACCEPT_JSON})
    assert answer.status == 400, answer.body
    body = json.loads(answer.body)
    assert body["ErrorResponse"]["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"


def test_sns_publish_answers_json(backend: MotoBackend) -> None:
    topic = backend.client("sns").list_topics()["Topics"][0]["TopicArn"]
    answer = backend.send(
        ServiceRequest(
            service="sns",
            region="us-east-1",
            method="POST",
            query=(("Action", "Publish"), ("TopicArn", topic), ("Message", "hi")),
            headers={"Accept": "application/json; charset=utf-8"},
        )
    )
    assert answer.status == 200, answer.body
    assert json.loads(answer.body)["PublishResponse"]["PublishResult"]["MessageId"]


def test_query_json_makes_repeated_elements_lists() -> None:
    xml = (
        b'<ListQueuesResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">'
        b"<ListQueuesResult><QueueUrl>a</QueueUrl><QueueUrl>b</QueueUrl></ListQueuesResult>"
        b"<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListQueuesResponse>"
    )
    assert json.loads(query_json(xml) or b"") == {
        "ListQueuesResponse": {
            "ListQueuesResult": {"QueueUrl": ["a", "b"]},
            "ResponseMetadata": {"RequestId": "r"},
        }
    }
    assert query_json(b'{"already": "json"}') is None
