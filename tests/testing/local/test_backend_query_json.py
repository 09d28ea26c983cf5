"""Query-protocol services (SQS, SNS...) answer JSON to ``Accept: application/json`` as AWS
does, in the legacy JSON form of the query API; XML otherwise. Unit checks of the conversion,
then moto's answers through the backend, then the SQS and SNS examples through ``LocalApi``."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import aws_cdk as cdk
import pytest
from app_context import cdk_app

from constructs_pkg.testing import LocalApi
from constructs_pkg.testing._local._backend import ServiceRequest, ServiceResponse
from constructs_pkg.testing._local._query_json import as_requested, query_action

ROOT = Path(__file__).resolve().parents[3]
FORM = "application/x-www-form-urlencoded"
PUBLISH_XML = (
    b'<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>'
    b"<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId>"
    b"</ResponseMetadata></PublishResponse>"
)


def _request(
    service: str = "sns",
    body: bytes = b"Action=Publish&TopicArn=arn&Message=hi",
    accept: str | None = "application/json",
    **headers: str,
) -> ServiceRequest:
    sent = {"Content-Type": FORM, **headers}
    if accept is not None:
        sent["Accept"] = accept
    return ServiceRequest(
        service=service, region="us-east-1", method="POST", headers=sent, body=body
    )


def _xml(body: bytes, status: int = 200) -> ServiceResponse:
    return ServiceResponse(status=status, headers={"Content-Type": "text/xml"}, body=body)


# --- the conversion ------------------------------------------------------------------------


def test_answers_the_legacy_json_form_with_every_output_member() -> None:
    # GIVEN an SNS Publish answered in XML, WHEN the request accepts JSON
    converted = as_requested(_request(), _xml(PUBLISH_XML))
    # THEN it is the JSON AWS gives: every output member, null when absent
    assert converted.status == 200
    assert converted.headers["Content-Type"] == "application/json"
    assert json.loads(converted.body) == {
        "PublishResponse": {
            "PublishResult": {"MessageId": "m-1", "SequenceNumber": None},
            "ResponseMetadata": {"RequestId": "r-1"},
        }
    }


def test_answers_errors_as_error_code_message_type_and_request_id() -> None:
    error = (
        b'<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error>'
        b"<Type>Sender</Type><Code>InvalidParameter</Code><Message>bad &amp; wrong</Message>"
        b"</Error><RequestId>r-2</RequestId></ErrorResponse>"
    )
    converted = as_requested(_request(), _xml(error, status=400))
    assert converted.status == 400
    assert json.loads(converted.body) == {
        "Error": {"Code": "InvalidParameter", "Message": "bad & wrong", "Type": "Sender"},
        "RequestId": "r-2",
    }


@pytest.mark.parametrize(
    ("accept", "headers"),
    [
        ("application/xml", {}),  # Accept mapped to XML, as integrations may do
        ("text/xml, application/json", {}),  # XML preferred
        (None, {}),  # no Accept: the query protocol's XML
        ("application/json", {"X-Amz-Target": "AmazonSNS.Publish"}),  # not a query request
    ],
)
def test_keeps_xml_unless_json_is_accepted_for_a_query_request(
    accept: str | None, headers: dict[str, str]
) -> None:
    response = _xml(PUBLISH_XML)
    assert as_requested(_request(accept=accept, **headers), response) is response


def test_keeps_answers_of_services_that_do_not_speak_the_query_protocol() -> None:
    # S3 is rest-xml: its XML is what AWS answers whatever the Accept
    error = b"<Error><Code>NoSuchKey</Code></Error>"
    request = _request(service="s3", body=b"Action=GetObject")
    response = _xml(error, status=404)
    assert as_requested(request, response) is response


def test_reads_the_action_from_the_query_string_or_the_form_body() -> None:
    assert query_action(_request(body=b"Version=1&Action=SendMessage")) == "SendMessage"
    in_query = ServiceRequest(
        service="sns", region="us-east-1", method="POST", query=[("Action", "Publish")]
    )
    assert query_action(in_query) == "Publish"
    assert query_action(_request(body=b"{}", **{"Content-Type": "application/json"})) is None


# --- moto's answers through the backend ----------------------------------------------------


@pytest.fixture(scope="module")
def sqs_example() -> ModuleType:
    return _example("sqs_webhook_inbox")


@pytest.fixture(scope="module")
def sns_example() -> ModuleType:
    return _example("sns_notifications")


def _example(name: str) -> ModuleType:
    path = ROOT / "examples" / name / "app.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stack(module: ModuleType) -> cdk.Stack:
    app = module.build_app(cdk_app())
    (stack,) = [child for child in app.node.children if isinstance(child, cdk.Stack)]
    return stack


@pytest.fixture(scope="module")
def inbox(sqs_example: ModuleType) -> Iterator[tuple[LocalApi, cdk.Stack]]:
    stack = _stack(sqs_example)
    with LocalApi(stack) as api:
        yield api, stack


def test_sqs_send_receive_and_errors_answer_json_through_the_backend(
    inbox: tuple[LocalApi, cdk.Stack],
) -> None:
    api, stack = inbox
    url = api.physical_id(stack.node.find_child("Inbox"))
    path = "/" + "/".join(url.split("/")[-2:])

    def send(body: str, to: str = path) -> ServiceResponse:
        request = _request(service="sqs", body=body.encode())
        return api.backend.send(
            ServiceRequest(
                service="sqs",
                region="us-east-1",
                method="POST",
                path=to,
                headers=request.headers,
                body=request.body,
            )
        )

    sent = send("Action=SendMessage&MessageBody=hi&MessageGroupId=g&MessageDeduplicationId=d")
    assert sent.status == 200
    result = json.loads(sent.body)["SendMessageResponse"]["SendMessageResult"]
    assert result["MessageId"]
    assert result["SequenceNumber"]  # a FIFO queue
    assert result["MD5OfMessageSystemAttributes"] is None
    # a flattened list of structures, with flattened maps inside; SQS's JSON names the list
    # "messages" and lists each message's members in alphabetical order
    received = send("Action=ReceiveMessage&AttributeName.1=All")
    (message,) = json.loads(received.body)["ReceiveMessageResponse"]["ReceiveMessageResult"][
        "messages"
    ]
    assert list(message) == sorted(message)
    assert message["Body"] == "hi"
    assert message["MessageId"] == result["MessageId"]
    assert message["Attributes"]["MessageGroupId"] == "g"
    # an empty queue: "messages" is null
    empty = send("Action=ReceiveMessage")
    assert json.loads(empty.body)["ReceiveMessageResponse"]["ReceiveMessageResult"] == {
        "messages": None
    }
    # an error, with SQS's own code
    missing = send("Action=SendMessage&MessageBody=hi", to=path.rsplit("/", 1)[0] + "/missing")
    assert missing.status == 400
    assert json.loads(missing.body)["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"


# --- the examples through LocalApi ---------------------------------------------------------


def test_sqs_webhook_inbox_example_answers_the_message_id(
    inbox: tuple[LocalApi, cdk.Stack],
) -> None:
    api, stack = inbox
    # WHEN a partner posts a webhook
    response = api.request(
        "POST",
        "/webhooks/stripe",
        headers={"Idempotency-Key": "evt-1", "X-Signature": "sig"},
        json={"type": "charge.succeeded"},
    )
    # THEN the preset's template reads SQS's JSON answer: the message id and FIFO sequence
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body, dict)
    assert set(body) == {"messageId", "sequenceNumber"}
    url = api.physical_id(stack.node.find_child("Inbox"))
    (message,) = api.client("sqs").receive_message(
        QueueUrl=url, MessageAttributeNames=["All"], AttributeNames=["All"]
    )["Messages"]
    assert message["MessageId"] == body["messageId"]
    assert json.loads(message["Body"]) == {"type": "charge.succeeded"}
    assert message["Attributes"]["MessageGroupId"] == "stripe"
    assert message["MessageAttributes"]["signature"]["StringValue"] == "sig"


def test_sns_notifications_example_answers_the_message_id(sns_example: ModuleType) -> None:
    stack = _stack(sns_example)
    with LocalApi(stack) as api:
        # WHEN a critical notification is posted
        response = api.request(
            "POST",
            "/notifications",
            query={"subject": "disk"},
            headers={"X-Severity": "critical"},
            json={"text": "disk full"},
        )
        # THEN the answer is SNS's message id (a standard topic: no sequence number)
        assert response.status_code == 200, response.text
        body = response.json()
        assert isinstance(body, dict)
        assert list(body) == ["messageId"]
        assert body["messageId"]
        # AND the filtered subscription delivered it to the pager queue
        pager = api.physical_id(stack.node.find_child("CriticalAlerts"))
        (message,) = api.client("sqs").receive_message(QueueUrl=pager)["Messages"]
        envelope = json.loads(message["Body"])
        assert envelope["MessageId"] == body["messageId"]
        assert envelope["Subject"] == "disk"
