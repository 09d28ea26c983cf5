"""Every example under ``examples/`` runs its own scenario through ``LocalApi``, as a user would.

Each test imports the example's stack class, builds it in a fresh app and opens
``with LocalApi(stack) as api:``; then it sends the requests the example's docstring describes
and checks the answers and the backing service's state (``api.client(...)``,
``api.physical_id(...)``). A method with IAM authorization gets a request with a SigV4
``Authorization`` header (not checked locally) and 403 without one; a method that requires an
API key gets 403 without ``x-api-key``.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import aws_cdk as cdk
import pytest
from constructs import IConstruct

from constructs_pkg.testing import LocalApi

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted(p.parent.name for p in ROOT.glob("examples/*/app.py"))
#: what a SigV4-signed request carries (LocalApi does not check the signature)
SIGNED = {
    "Authorization": (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64
    ),
    "X-Amz-Date": "20260101T000000Z",
}
MISSING_TOKEN = {"message": "Missing Authentication Token"}
HOSTILE = "say \"hi\" 'x' back\\slash $d ${b} #set($x = 1) a=b&c+d %20 é 😀\nline two"


def _example(name: str) -> ModuleType:
    return importlib.import_module(f"examples.{name}.app")


def _stack(name: str, class_name: str) -> Any:
    """The example's one stack, from its ``build_app`` in a fresh app."""
    module = _example(name)
    app = module.build_app(cdk.App())
    [stack] = [c for c in app.node.children if isinstance(c, cdk.Stack)]
    assert isinstance(stack, getattr(module, class_name)), stack
    return stack


def _child(stack: cdk.Stack, construct_id: str) -> IConstruct:
    return stack.node.find_child(construct_id)


def _handler(source: str) -> Callable[[Any, Any], Any]:
    """The ``handler`` of a function's inline code."""
    namespace: dict[str, Any] = {}
    exec(compile(source, "inline", "exec"), namespace)
    handler: Callable[[Any, Any], Any] = namespace["handler"]
    return handler


def _function_id(stack: cdk.Stack, construct_id: str) -> str:
    function = _child(stack, construct_id).node.default_child
    assert isinstance(function, cdk.CfnResource)
    return stack.get_logical_id(function)


def _queue_url(api: LocalApi, queue: IConstruct) -> str:
    found = api.physical_id(queue)
    if found.startswith(("http://", "https://")):
        return found
    url: str = api.client("sqs").get_queue_url(QueueName=found.rsplit(":", 1)[-1])["QueueUrl"]
    return url


def _drain(api: LocalApi, queue_url: str, *, count: int = 1, timeout: float = 3.0) -> list[Any]:
    sqs = api.client("sqs")
    messages: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(messages) < count and time.monotonic() < deadline:
        batch = sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=10,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        for message in batch:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        messages += batch
        if not batch:
            time.sleep(0.05)
    return messages


def test_every_example_has_a_local_scenario() -> None:
    assert EXAMPLES, "no examples/*/app.py found"
    scenarios = {
        name.removeprefix("test_").removesuffix("_quotes_scenario").removesuffix("_scenario")
        for name in globals()
        if name.startswith("test_") and name.endswith("_scenario")
    }
    missing = set(EXAMPLES) - scenarios
    assert not missing, f"examples without a LocalApi scenario: {sorted(missing)}"


# --- dynamodb_profiles -----


def test_dynamodb_profiles_scenario() -> None:
    example = _example("dynamodb_profiles")
    stack = _stack("dynamodb_profiles", "ProfilesStack")
    origin = example.FRONT_ENDS[0]
    with LocalApi(stack) as api:
        table = api.physical_id(_child(stack, "Profiles"))
        dynamodb = api.client("dynamodb")

        # callers sign their requests: an unsigned one never reaches DynamoDB
        unsigned = api.request("POST", "/profiles", json={"username": "jane", "name": "J"})
        assert (unsigned.status_code, unsigned.json()) == (403, MISSING_TOKEN), unsigned.text

        # POST /profiles creates a profile, once
        jane = {"username": "jane", "name": 'Jane "JD" Doe', "title": HOSTILE, "team": "core"}
        created = api.request("POST", "/profiles", json=jane, headers={**SIGNED, "Origin": origin})
        assert created.status_code == 201, created.text
        assert created.headers["Access-Control-Allow-Origin"] == origin
        stored = dynamodb.get_item(TableName=table, Key={"username": {"S": "jane"}})["Item"]
        assert {k: v for k, v in stored.items() if k != "joinedAt" and k != "createdBy"} == {
            "username": {"S": "jane"},
            "name": {"S": 'Jane "JD" Doe'},
            "title": {"S": HOSTILE},
            "team": {"S": "core"},
        }
        assert int(stored["joinedAt"]["N"]) > 1_600_000_000_000  # requestTimeEpoch (ms)

        taken = api.request(
            "POST",
            "/profiles",
            json={**jane, "name": "Impostor"},
            headers={**SIGNED, "Origin": origin},
        )
        assert taken.status_code == 409, taken.text  # never overwrites
        assert taken.headers["Access-Control-Allow-Origin"] == origin  # on errors too
        assert dynamodb.get_item(TableName=table, Key={"username": {"S": "jane"}})["Item"] == stored

        invalid = api.request(
            "POST",
            "/profiles",
            json={"username": "No Spaces!", "name": "x", "team": "core"},
            headers=SIGNED,
        )
        assert invalid.status_code == 400, invalid.text  # the schema's pattern
        assert invalid.json()["type"] == "BadRequestBody", invalid.text
        assert "Item" not in dynamodb.get_item(
            TableName=table, Key={"username": {"S": "No Spaces!"}}
        )

        time.sleep(0.002)  # a later joinedAt
        joe = {"username": "joe", "name": "Joe", "team": "core"}
        assert api.request("POST", "/profiles", json=joe, headers=SIGNED).status_code == 201

        # GET /profiles/{username} reads one; 404 when missing
        read = api.request("GET", "/profiles/jane", headers=SIGNED)
        assert read.status_code == 200, read.text
        assert {k: v for k, v in read.json().items() if k not in ("joinedAt", "createdBy")} == jane
        missing = api.request("GET", "/profiles/nobody", headers=SIGNED)
        assert missing.status_code == 404, missing.text

        # PATCH /profiles/{username} changes the fields sent; 404 when missing
        changed = api.request("PATCH", "/profiles/joe", json={"title": "Lead"}, headers=SIGNED)
        assert changed.status_code == 200, changed.text
        assert changed.json()["title"] == "Lead" and changed.json()["name"] == "Joe"
        nobody = api.request("PATCH", "/profiles/nobody", json={"title": "x"}, headers=SIGNED)
        assert nobody.status_code == 404, nobody.text
        empty = api.request("PATCH", "/profiles/joe", json={}, headers=SIGNED)
        assert empty.status_code == 400, empty.text  # minProperties: 1

        # GET /teams/{team}/profiles lists a team by join date, a page at a time
        page = api.request("GET", "/teams/core/profiles", query={"limit": "1"}, headers=SIGNED)
        assert page.status_code == 200, page.text
        first = page.json()
        assert [p["username"] for p in first["items"]] == ["jane"], first
        assert first["nextToken"], first
        rest = api.request(
            "GET",
            "/teams/core/profiles",
            query={"limit": "1", "nextToken": first["nextToken"]},
            headers=SIGNED,
        )
        assert rest.status_code == 200, rest.text
        assert [p["username"] for p in rest.json()["items"]] == ["joe"], rest.text
        later = api.request(
            "GET",
            "/teams/core/profiles",
            query={"since": str(int(stored["joinedAt"]["N"]) + 1)},
            headers=SIGNED,
        )
        assert [p["username"] for p in later.json()["items"]] == ["joe"], later.text

        # GET /profiles lists everyone
        everyone = api.request("GET", "/profiles", headers=SIGNED)
        assert everyone.status_code == 200, everyone.text
        assert sorted(p["username"] for p in everyone.json()["items"]) == ["jane", "joe"]

        # DELETE /profiles/{username} answers what was deleted
        deleted = api.request("DELETE", "/profiles/joe", headers=SIGNED)
        assert deleted.status_code == 200, deleted.text
        assert deleted.json()["username"] == "joe"
        assert "Item" not in dynamodb.get_item(TableName=table, Key={"username": {"S": "joe"}})

        # the preflights need no signature; only the allow-listed origins are echoed
        preflight = api.request(
            "OPTIONS",
            "/profiles/jane",
            headers={"Origin": origin, "Access-Control-Request-Method": "PATCH"},
        )
        assert preflight.status_code == 204, preflight.text
        assert preflight.headers["Access-Control-Allow-Origin"] == origin
        assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
        stranger = api.request(
            "GET", "/profiles/jane", headers={**SIGNED, "Origin": "https://evil.example.com"}
        )
        assert stranger.status_code == 200, stranger.text
        assert "Access-Control-Allow-Origin" not in stranger.headers


# --- eventbridge_order_events -----


def test_eventbridge_order_events_scenario() -> None:
    stack = _stack("eventbridge_order_events", "OrderEventsStack")
    with LocalApi(stack) as api:
        fulfilment = _queue_url(api, _child(stack, "Fulfilment"))
        placed = {"orderId": "o-1", "note": HOSTILE, "lines": [{"sku": "A-1", "qty": 2}]}

        unsigned = api.request(
            "POST", "/orders/events", json=placed, headers={"X-Event-Type": "OrderPlaced"}
        )
        assert (unsigned.status_code, unsigned.json()) == (403, MISSING_TOKEN), unsigned.text

        # no orderId, or no X-Event-Type: 400 before EventBridge is called
        no_order = api.request(
            "POST",
            "/orders/events",
            json={"note": "x"},
            headers={**SIGNED, "X-Event-Type": "OrderPlaced"},
        )
        assert no_order.status_code == 400, no_order.text
        assert no_order.json()["type"] == "BadRequestBody", no_order.text
        no_type = api.request("POST", "/orders/events", json={"orderId": "o-2"}, headers=SIGNED)
        assert no_type.status_code == 400, no_type.text
        assert no_type.json()["type"] == "BadRequestParameters", no_type.text

        # an OrderPlaced event goes on the bus, and the rule sends it to fulfilment; another
        # detail type is put on the bus too, but the rule does not match it
        response = api.request(
            "POST", "/orders/events", json=placed, headers={**SIGNED, "X-Event-Type": "OrderPlaced"}
        )
        assert response.status_code == 200, response.text
        [event_id] = response.json()["eventIds"]
        shipped = api.request(
            "POST",
            "/orders/events",
            json={"orderId": "o-1"},
            headers={**SIGNED, "X-Event-Type": "OrderShipped"},
        )
        assert shipped.status_code == 200, shipped.text
        assert len(shipped.json()["eventIds"]) == 1

        if importlib.util.find_spec("jsonpath_ng") is None:
            pytest.skip(
                "moto delivers EventBridge events to a rule's targets only with moto[events] "
                "(jsonpath-ng), which is not installed here"
            )
        messages = _drain(api, fulfilment, count=2, timeout=0.5)
        assert len(messages) == 1, messages  # OrderPlaced only
        event = json.loads(messages[0]["Body"])
        assert event["id"] == event_id
        assert event["source"] == "com.example.orders"
        assert event["detail-type"] == "OrderPlaced"
        assert event["detail"] == placed


# --- kinesis_clickstream -----


def test_kinesis_clickstream_scenario() -> None:
    stack = _stack("kinesis_clickstream", "ClickstreamStack")
    with LocalApi(stack) as api:
        kinesis = api.client("kinesis")
        stream = api.physical_id(_child(stack, "Clicks"))

        # POST /clicks: one session's clicks, in order, any text unchanged
        clicks = ['{"click": "buy"}', HOSTILE]
        answers = []
        for click in clicks:
            response = api.request(
                "POST", "/clicks", body=click, headers={"X-Session-Id": "session-7"}
            )
            assert response.status_code == 200, response.text
            answers.append(response.json())
        assert answers[0]["shardId"] == answers[1]["shardId"]  # one partition key, one shard
        iterator = kinesis.get_shard_iterator(
            StreamName=stream,
            ShardId=answers[0]["shardId"],
            ShardIteratorType="AT_SEQUENCE_NUMBER",
            StartingSequenceNumber=answers[0]["sequenceNumber"],
        )["ShardIterator"]
        records = kinesis.get_records(ShardIterator=iterator)["Records"]
        assert [r["Data"] for r in records] == [c.encode() for c in clicks]
        assert {r["PartitionKey"] for r in records} == {"session-7"}

        no_session = api.request("POST", "/clicks", body="{}")
        assert no_session.status_code == 400, no_session.text

        # POST /pageviews: the body lands in the archive bucket under pageviews/
        view = '{"page": "/pricing", "ref": "é"}\n'
        response = api.request("POST", "/pageviews", body=view)
        assert response.status_code == 200, response.text
        assert list(response.json()) == ["recordId"]
        s3 = api.client("s3")
        bucket = api.physical_id(_child(stack, "PageViewArchive"))
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        assert keys and all(k.startswith("pageviews/") for k in keys), keys
        stored = b"".join(s3.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys)
        assert view.encode() in stored


# --- lambda_async_jobs -----


def test_lambda_async_jobs_scenario() -> None:
    example = _example("lambda_async_jobs")
    stack = _stack("lambda_async_jobs", "AsyncJobsStack")
    events: list[Any] = []
    worker = _handler(example.WORKER)

    def recording(event: Any, context: Any) -> Any:
        events.append(event)
        return worker(event, context)

    with LocalApi(stack, lambda_handlers={_function_id(stack, "Worker"): recording}) as api:
        # POST /jobs: 202 as soon as the job is queued; the worker gets the job and the caller
        submitted = api.request("POST", "/jobs", json={"kind": "report", "note": HOSTILE})
        assert submitted.status_code == 202, submitted.text
        deadline = time.monotonic() + 5
        while not events and time.monotonic() < deadline:
            time.sleep(0.05)
        [event] = events
        assert event["job"] == {"kind": "report", "note": HOSTILE}
        assert isinstance(event["caller"], str) and event["caller"], event

        # POST /jobs/preview: the worker's result
        preview = api.request("POST", "/jobs/preview", json={"kind": "export"})
        assert preview.status_code == 200, preview.text
        assert preview.json() == {"accepted": "export", "submittedBy": event["caller"]}

        # a [BadRequest] error is a 400 showing its message
        bad = api.request("POST", "/jobs/preview", json={"note": "no kind"})
        assert bad.status_code == 400, bad.text
        assert bad.json() == {"message": "[BadRequest] 'kind' is required", "type": "ValueError"}

        # any other failure (here: a list body, on which the worker's .get fails) a 502
        # without the stack trace
        crash = api.request("POST", "/jobs/preview", json=["not", "an", "object"])
        assert crash.status_code == 502, crash.text
        assert "Traceback" not in crash.text and "AttributeError" not in crash.text, crash.text


# --- s3_file_api -----


def test_s3_file_api_scenario() -> None:
    stack = _stack("s3_file_api", "FileApiStack")
    with LocalApi(stack) as api:
        s3 = api.client("s3")
        bucket = api.physical_id(_child(stack, "Files"))
        key = {"x-api-key": "local-test-key"}
        pdf = b"%PDF-1.7\n\x00\x01\x02\xff\xfe binary \x80\x81 end"

        # the methods require an API key
        no_key = api.request("GET", "/files/reports/q1.pdf")
        assert (no_key.status_code, no_key.json()) == (403, {"message": "Forbidden"}), no_key.text

        # PUT stores the body under uploads/<key>, bytes untouched, with its Content-Type
        put = api.request(
            "PUT",
            "/files/reports/q1.pdf",
            body=pdf,
            headers={**key, "Content-Type": "application/pdf"},
        )
        assert put.status_code == 200, put.text
        stored = s3.get_object(Bucket=bucket, Key="uploads/reports/q1.pdf")
        assert stored["Body"].read() == pdf
        assert stored["ContentType"] == "application/pdf"
        assert put.headers["ETag"] == stored["ETag"]

        # GET answers the bytes (a matching Accept); a Range gives 206
        got = api.request(
            "GET", "/files/reports/q1.pdf", headers={**key, "Accept": "application/pdf"}
        )
        assert got.status_code == 200, got.text
        assert got.body == pdf
        assert got.headers["Content-Type"] == "application/pdf"
        ranged = api.request(
            "GET",
            "/files/reports/q1.pdf",
            headers={**key, "Accept": "application/pdf", "Range": "bytes=0-7"},
        )
        assert (ranged.status_code, ranged.body) == (206, pdf[:8]), ranged.text
        assert ranged.headers["Content-Range"] == f"bytes 0-7/{len(pdf)}"

        # a text file with a key that needs encoding
        name = "notes/it's $x #1 é.txt"
        path = "/files/" + urllib.parse.quote(name, safe="/")
        text = api.request(
            "PUT", path, body="plain " + HOSTILE, headers={**key, "Content-Type": "text/plain"}
        )
        assert text.status_code == 200, text.text
        assert (
            s3.get_object(Bucket=bucket, Key="uploads/" + name)["Body"].read()
            == ("plain " + HOSTILE).encode()
        )

        # DELETE removes the object (204); a missing file is then a 404
        deleted = api.request("DELETE", "/files/reports/q1.pdf", headers=key)
        assert deleted.status_code == 204, deleted.text
        missing = api.request("GET", "/files/reports/q1.pdf", headers=key)
        assert missing.status_code == 404, missing.text
        assert missing.json() == {"message": "not found", "type": "NotFound"}


# --- sns_notifications -----


def test_sns_notifications_scenario() -> None:
    stack = _stack("sns_notifications", "NotificationsStack")
    with LocalApi(stack) as api:
        pager = _queue_url(api, _child(stack, "CriticalAlerts"))
        topic = api.physical_id(_child(stack, "Notifications"))

        # a critical notification reaches the pager queue, with subject and attributes
        alert = '{"alert": "disk full", "host": "db-1", "note": "' + "50% $x #y" + '"}'
        response = api.request(
            "POST",
            "/notifications",
            body=alert,
            query={"subject": 'Disk "full" on db-1'},
            headers={"X-Severity": "critical", "Content-Type": "application/json"},
        )
        assert response.status_code == 200, response.text
        [message] = _drain(api, pager)
        envelope = json.loads(message["Body"])
        assert envelope["MessageId"] == response.json()["messageId"]
        assert envelope["TopicArn"] == topic
        assert envelope["Message"] == alert
        assert envelope["Subject"] == 'Disk "full" on db-1'
        attributes = envelope["MessageAttributes"]
        assert attributes["severity"] == {"Type": "String", "Value": "critical"}
        assert attributes["sourceIp"]["Value"], attributes

        # plain text is accepted too
        text = api.request(
            "POST",
            "/notifications",
            body=HOSTILE,
            headers={"X-Severity": "critical", "Content-Type": "text/plain"},
        )
        assert text.status_code == 200, text.text
        [message] = _drain(api, pager)
        assert json.loads(message["Body"])["Message"] == HOSTILE

        # without X-Severity the severity is "info": published, but filtered out of the pager
        info = api.request("POST", "/notifications", json={"alert": "backup done"})
        assert info.status_code == 200, info.text
        assert info.json()["messageId"]
        assert _drain(api, pager, timeout=0.3) == []

        # another content type has no template: 415
        xml = api.request(
            "POST",
            "/notifications",
            body="<alert/>",
            headers={"Content-Type": "application/xml"},
        )
        assert xml.status_code == 415, xml.text


# --- sqs_webhook_inbox -----


def test_sqs_webhook_inbox_scenario() -> None:
    stack = _stack("sqs_webhook_inbox", "WebhookInboxStack")
    with LocalApi(stack) as api:
        inbox = _queue_url(api, _child(stack, "Inbox"))
        sqs = api.client("sqs")

        # a partner's events, in order, each once
        bodies = ['{"event": "paid", "n": 1}', '{"event": "refunded", "n": 2, "note": "a&b=c"}']
        ids = []
        for n, body in enumerate(bodies):
            headers = {"Idempotency-Key": f"evt-{n}", "X-Signature": 'sha256="abc$def"'}
            first = api.request("POST", "/webhooks/stripe", body=body, headers=headers)
            retry = api.request("POST", "/webhooks/stripe", body=body, headers=headers)
            assert first.status_code == retry.status_code == 200, (first.text, retry.text)
            ids.append(first.json()["messageId"])
        attributes = sqs.get_queue_attributes(
            QueueUrl=inbox, AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        assert attributes["ApproximateNumberOfMessages"] == "2"  # each retry accepted once

        messages = _drain(api, inbox, count=2)
        assert [m["MessageId"] for m in messages] == ids
        assert [m["Body"] for m in messages] == bodies
        for message, n in zip(messages, range(2), strict=True):
            assert message["Attributes"]["MessageGroupId"] == "stripe"
            assert message["Attributes"]["MessageDeduplicationId"] == f"evt-{n}"
            attributes = message["MessageAttributes"]
            assert attributes["provider"] == {"StringValue": "stripe", "DataType": "String"}
            assert attributes["signature"] == {
                "StringValue": 'sha256="abc$def"',
                "DataType": "String",
            }
            assert attributes["receivedAt"]["DataType"] == "Number"
            assert int(attributes["receivedAt"]["StringValue"]) > 1_600_000_000_000

        # the Idempotency-Key header is required
        no_key = api.request("POST", "/webhooks/stripe", body="{}")
        assert no_key.status_code == 400, no_key.text
        assert _drain(api, inbox, timeout=0.3) == []


# --- stepfunctions_order_workflow -----


def test_stepfunctions_order_workflow_scenario() -> None:
    stack = _stack("stepfunctions_order_workflow", "OrderWorkflowStack")
    with LocalApi(stack) as api:
        sfn = api.client("stepfunctions")
        machine = api.physical_id(_child(stack, "PlaceOrder"))

        # POST /orders starts PlaceOrder, named by the Idempotency-Key; a retry places nothing
        order = {"items": ["book", "pen"], "note": HOSTILE}
        headers = {"Idempotency-Key": "order-42"}
        started = api.request("POST", "/orders", json=order, headers=headers)
        assert started.status_code == 200, started.text
        arn = started.json()["executionArn"]
        assert arn.endswith(":order-42"), arn
        retried = api.request("POST", "/orders", json=order, headers=headers)
        assert (retried.status_code, retried.json()["executionArn"]) == (200, arn)
        executions = sfn.list_executions(stateMachineArn=machine)["executions"]
        assert [e["name"] for e in executions] == ["order-42"]
        assert json.loads(sfn.describe_execution(executionArn=arn)["input"]) == order


def test_stepfunctions_order_workflow_quotes_scenario() -> None:
    stack = _stack("stepfunctions_order_workflow", "OrderWorkflowStack")
    with LocalApi(stack) as api:
        # POST /quotes answers QuoteOrder's output; its ValidationError is a 400
        quote = api.request("POST", "/quotes", json={"items": ["book", "pen", "ink"]})
        assert (quote.status_code, quote.json()) == (200, {"currency": "EUR", "total": 3})
        invalid = api.request("POST", "/quotes", json={"items": []})
        assert invalid.status_code == 400, invalid.text
        assert invalid.json() == {"message": "no items", "type": "ValidationError"}
