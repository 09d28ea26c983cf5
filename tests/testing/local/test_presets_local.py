"""Every preset's behaviour through ``LocalApi``: the answers and the backing service's state.

The stack is the emulator tier's (``tests/emulator/preset_stack.py``: every preset on one REST
API, the services behind them), synthesized once and run by one ``LocalApi`` for the module;
the expectations are those ``tests/emulator/test_emulator_presets.py`` checks on LocalStack.
Where LocalStack is marked as an emulator gap there (gateway response templates,
``validationErrorString``, ``$util.base64Decode``), the test here asserts what AWS documents.
The Lambda function runs its own inline code (``preset_stack.WORKER``) as the handler. The
one difference left between moto and AWS that shows here (a deduplicated FIFO message's id) is
``xfail(strict=True)`` with the evidence; EventBridge delivery to a rule's queue needs
moto[events] and is skipped without it.

Each test uses keys of its own (owners, ids, queues), since the backend's state is shared by
the module; hostile input (quotes, ``$``, ``#``, braces, newlines, unicode) is checked on the
backend's state, byte for byte.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import time
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import aws_cdk as cdk
import pytest
from constructs import Construct, IConstruct

from constructs_pkg.testing import LocalApi
from tests.emulator import preset_stack

NOT_FOUND = {"message": "not found", "type": "NotFound"}
ALLOWED_ORIGIN = preset_stack.ORIGINS[1]
#: what a client may send in a JSON string or a raw body: every character VTL, JSON or a form
#: body gives a meaning to, a newline, a tab and unicode beyond the BMP
HOSTILE = (
    "say \"hi\" 'there' back\\slash $dollar ${brace} $!quiet #set($x = 1)#if(true)x#end "
    "## comment <b>&amp;</b> a=b&c+d %20 é 日本 😀\nline two\ttab"
)
#: a JSON string value trying to close its string and add an attribute of its own
INJECTION = '", "admin": {"BOOL": true}, "x": {"S": "'
#: ASCII only: a header value or a query parameter with VTL's and a form's characters
HOSTILE_ASCII = "say \"hi\" 'x' $dollar ${brace} #set($x = 1) a=b&c+d %20"


# --- one stack, one LocalApi for the module -----


class _Recorder:
    """The Lambda handler of the stack (its inline code), recording every event it got."""

    def __init__(self) -> None:
        namespace: dict[str, Any] = {}
        exec(compile(preset_stack.WORKER, "preset_stack.WORKER", "exec"), namespace)
        self._handler: Callable[[Any, Any], Any] = namespace["handler"]
        self.events: list[Any] = []

    def __call__(self, event: Any, context: Any) -> Any:
        self.events.append(event)
        return self._handler(event, context)


@pytest.fixture(scope="module")
def stack() -> preset_stack.PresetStack:
    return preset_stack.PresetStack(cdk.App())


@pytest.fixture(scope="module")
def worker() -> _Recorder:
    return _Recorder()


@pytest.fixture(scope="module")
def api(stack: preset_stack.PresetStack, worker: _Recorder) -> Iterator[LocalApi]:
    function = _child(stack, "Worker").node.default_child
    assert isinstance(function, cdk.CfnResource)
    with LocalApi(stack, lambda_handlers={stack.get_logical_id(function): worker}) as local:
        yield local


# --- helpers -----


def _child(stack: cdk.Stack, construct_id: str) -> IConstruct:
    return stack.node.find_child(construct_id)


def _name(api: LocalApi, stack: cdk.Stack, construct_id: str) -> str:
    """The physical id of one of the stack's constructs (a table name, a topic ARN...)."""
    return api.physical_id(_child(stack, construct_id))


def _queue_url(api: LocalApi, stack: cdk.Stack, construct_id: str) -> str:
    """A queue's URL (its physical id; a name or ARN is looked up)."""
    found = _name(api, stack, construct_id)
    if found.startswith(("http://", "https://")):
        return found
    name = found.rsplit(":", 1)[-1]
    url: str = api.client("sqs").get_queue_url(QueueName=name)["QueueUrl"]
    return url


def _drain(api: LocalApi, queue_url: str, *, count: int = 1, timeout: float = 5.0) -> list[Any]:
    """At least ``count`` messages of a queue (fewer if ``timeout`` passes), deleted once read."""
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


def _table(api: LocalApi, stack: cdk.Stack) -> str:
    return _name(api, stack, "Items")


def _item(api: LocalApi, stack: cdk.Stack, owner: str, item_id: str) -> dict[str, Any] | None:
    response = api.client("dynamodb").get_item(
        TableName=_table(api, stack),
        Key={"owner": {"S": owner}, "id": {"S": item_id}},
        ConsistentRead=True,
    )
    item: dict[str, Any] | None = response.get("Item")
    return item


def _seed(api: LocalApi, stack: cdk.Stack, owner: str, item_id: str, **attributes: Any) -> None:
    item = {"owner": {"S": owner}, "id": {"S": item_id}}
    for name, value in attributes.items():
        item[name] = {"N": str(value)} if isinstance(value, int | float) else {"S": value}
    api.client("dynamodb").put_item(TableName=_table(api, stack), Item=item)


def _skip_without_moto_events() -> None:
    """Skip what needs a rule to deliver: moto delivers to targets only with moto[events]."""
    if importlib.util.find_spec("jsonpath_ng") is None:
        pytest.skip(
            "moto delivers EventBridge events to a rule's targets only with moto[events] "
            "(jsonpath-ng), which is not installed here"
        )


def _path(*segments: str) -> str:
    """A request path with each segment URL-encoded (as a client sends it)."""
    return "/" + "/".join(urllib.parse.quote(s, safe="") for s in segments)


def test_every_preset_is_on_the_stack() -> None:
    import constructs_pkg.presets as presets

    constructs = {
        name
        for name in presets.__all__
        if isinstance(getattr(presets, name), type)
        and issubclass(getattr(presets, name), Construct)
    }
    assert len(constructs) >= 17, constructs
    missing = constructs - set(vars(preset_stack))
    assert not missing, f"presets not on preset_stack.PresetStack, so not proven: {missing}"


# --- routing -----


def test_unknown_route_is_403_missing_authentication_token(api: LocalApi) -> None:
    for method, path in (("GET", "/nowhere"), ("POST", "/items"), ("HEAD", "/items")):
        response = api.request(method, path)
        assert response.status_code == 403, (method, path, response.text)
        assert response.response_type == "MISSING_AUTHENTICATION_TOKEN"
        if method != "HEAD":  # an answer to HEAD has no payload
            assert response.json() == {"message": "Missing Authentication Token"}


# --- DynamoDB -----


def test_put_item_creates_once_then_conflicts(api: LocalApi, stack: cdk.Stack) -> None:
    created = api.request(
        "POST",
        "/items/put-owner",
        json={"name": "Widget", "size": 3},
        headers={"Idempotency-Key": "w-1"},
    )
    assert (created.status_code, created.json()) == (201, {}), created.text
    expected = {
        "owner": {"S": "put-owner"},
        "id": {"S": "w-1"},
        "name": {"S": "Widget"},
        "size": {"N": "3"},
    }
    assert _item(api, stack, "put-owner", "w-1") == expected

    retry = api.request(
        "POST", "/items/put-owner", json={"name": "Other"}, headers={"Idempotency-Key": "w-1"}
    )
    assert retry.status_code == 409, retry.text
    assert retry.json()["type"] == "ConditionalCheckFailedException", retry.text
    assert _item(api, stack, "put-owner", "w-1") == expected  # never overwritten


def test_put_item_stores_hostile_values_exactly(api: LocalApi, stack: cdk.Stack) -> None:
    for item_id, name in (("h-1", HOSTILE), ("h-2", INJECTION)):
        response = api.request(
            "POST",
            _path("items", "hostile-owner"),
            json={"name": name, "size": 1.5},
            headers={"Idempotency-Key": item_id},
        )
        assert response.status_code == 201, response.text
        # THEN the value is stored as sent, and nothing else (no attribute injected)
        assert _item(api, stack, "hostile-owner", item_id) == {
            "owner": {"S": "hostile-owner"},
            "id": {"S": item_id},
            "name": {"S": name},
            "size": {"N": "1.5"},
        }


def test_put_item_refuses_an_invalid_body_before_dynamodb(api: LocalApi, stack: cdk.Stack) -> None:
    response = api.request(
        "POST", "/items/put-owner", json={"size": 3}, headers={"Idempotency-Key": "bad-1"}
    )
    assert response.status_code == 400, response.text
    assert _item(api, stack, "put-owner", "bad-1") is None

    not_json = api.request(
        "POST",
        "/items/put-owner",
        body='{"name": "x",',
        headers={"Idempotency-Key": "bad-2", "Content-Type": "application/json"},
    )
    assert not_json.status_code == 400, not_json.text
    assert not_json.json()["type"] == "BadRequestBody", not_json.text
    assert _item(api, stack, "put-owner", "bad-2") is None


def test_put_item_without_the_required_header_is_bad_request_parameters(
    api: LocalApi, stack: cdk.Stack
) -> None:
    response = api.request("POST", "/items/put-owner", json={"name": "No key"})
    assert response.status_code == 400, response.text
    assert response.json() == {
        "message": "Missing required request parameters: [Idempotency-Key]",
        "type": "BadRequestParameters",
    }


def test_invalid_body_gets_the_bad_request_body_response(api: LocalApi) -> None:
    # an emulator gap on LocalStack (no gateway response templates): AWS applies the template
    response = api.request(
        "POST", "/items/val-owner", json={"size": 3}, headers={"Idempotency-Key": "v-1"}
    )
    assert response.status_code == 400, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body.get("type") == "BadRequestBody", body
    assert "name" in body["message"], body  # names the missing field


def test_bad_request_body_with_a_quoted_field_name_is_json(api: LocalApi) -> None:
    # additionalProperties: false, and the extra property's name holds a double quote
    response = api.request(
        "POST",
        "/items/val-owner",
        json={"name": "x", 'a"b': 1},
        headers={"Idempotency-Key": "v-2"},
    )
    assert response.status_code == 400, response.text
    body = json.loads(response.text)  # the template is JSON only if API Gateway escapes
    assert body.get("type") == "BadRequestBody", body
    # named as sent, or as API Gateway's validator lists it (a JSON string: "a\"b")
    assert 'a"b' in body["message"] or json.dumps('a"b') in body["message"], body


def test_get_item_answers_plain_json_or_404(api: LocalApi, stack: cdk.Stack) -> None:
    _seed(api, stack, "get-owner", "a-1", name='Ada "the first"', size=1.5)

    found = api.request("GET", "/items/get-owner/a-1")
    assert found.status_code == 200, found.text
    assert found.headers["content-type"].startswith("application/json")
    assert found.json() == {
        "owner": "get-owner",
        "id": "a-1",
        "name": 'Ada "the first"',
        "size": 1.5,
    }

    missing = api.request("GET", "/items/get-owner/nobody")
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND), missing.text


def test_get_item_by_a_hostile_key_in_the_path(api: LocalApi, stack: cdk.Stack) -> None:
    item_id = "a\"b 'c' $d ${e} #f é/😀"
    _seed(api, stack, "get-hostile", item_id, name=HOSTILE)

    found = api.request("GET", _path("items", "get-hostile", item_id))
    assert found.status_code == 200, found.text
    assert found.json() == {"owner": "get-hostile", "id": item_id, "name": HOSTILE}


def test_update_item_changes_only_what_was_sent(api: LocalApi, stack: cdk.Stack) -> None:
    _seed(api, stack, "update-owner", "u-1", name="Gear", size=1)

    updated = api.request("PATCH", "/items/update-owner/u-1", json={"size": 7})
    assert updated.status_code == 200, updated.text
    assert updated.json() == {"owner": "update-owner", "id": "u-1", "name": "Gear", "size": 7}
    assert _item(api, stack, "update-owner", "u-1") == {
        "owner": {"S": "update-owner"},
        "id": {"S": "u-1"},
        "name": {"S": "Gear"},
        "size": {"N": "7"},
    }

    hostile = api.request("PATCH", "/items/update-owner/u-1", json={"name": HOSTILE})
    assert hostile.status_code == 200, hostile.text
    assert hostile.json()["name"] == HOSTILE
    assert _item(api, stack, "update-owner", "u-1") == {
        "owner": {"S": "update-owner"},
        "id": {"S": "u-1"},
        "name": {"S": HOSTILE},
        "size": {"N": "7"},
    }

    missing = api.request("PATCH", "/items/update-owner/nobody", json={"size": 7})
    assert missing.status_code == 404, missing.text  # condition_must_exist
    assert _item(api, stack, "update-owner", "nobody") is None  # no upsert

    nothing = api.request("PATCH", "/items/update-owner/u-1", json={})
    assert nothing.status_code == 400, nothing.text


def test_delete_item_answers_the_deleted_item_or_404(api: LocalApi, stack: cdk.Stack) -> None:
    _seed(api, stack, "delete-owner", "d-1", name="Old")

    deleted = api.request("DELETE", "/items/delete-owner/d-1")
    assert deleted.status_code == 200, deleted.text
    assert deleted.json() == {"owner": "delete-owner", "id": "d-1", "name": "Old"}
    assert _item(api, stack, "delete-owner", "d-1") is None

    # an emulator gap on LocalStack (its moto answers {"Attributes": {}}): DynamoDB leaves
    # Attributes out, which the preset answers 404
    missing = api.request("DELETE", "/items/delete-owner/nobody")
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND), missing.text


def _seed_query_owner(api: LocalApi, stack: cdk.Stack) -> None:
    for item_id in ("q-1", "q-2", "q-3"):
        _seed(api, stack, "query-owner", item_id, name=item_id.upper())
    _seed(api, stack, "query-other", "q-9", name="elsewhere")


def test_query_answers_pages_of_one_partition(api: LocalApi, stack: cdk.Stack) -> None:
    _seed_query_owner(api, stack)

    first = api.request("GET", "/items/query-owner?limit=2")
    assert first.status_code == 200, first.text
    page = first.json()
    assert page["count"] == 2, page
    assert page["items"] == [
        {"owner": "query-owner", "id": "q-1", "name": "Q-1"},
        {"owner": "query-owner", "id": "q-2", "name": "Q-2"},
    ]
    token = json.loads(base64.b64decode(page["nextToken"]))  # the LastEvaluatedKey
    assert token == {"owner": {"S": "query-owner"}, "id": {"S": "q-2"}}

    # an emulator gap on LocalStack ($util.base64Decode gives bytes): AWS decodes to a string
    second = api.request(
        "GET", "/items/query-owner", query={"limit": "2", "nextToken": page["nextToken"]}
    )
    assert second.status_code == 200, second.text
    assert second.json() == {
        "items": [{"owner": "query-owner", "id": "q-3", "name": "Q-3"}],
        "count": 1,
    }

    everything = api.request("GET", "/items/query-owner")
    assert everything.status_code == 200, everything.text
    assert [i["id"] for i in everything.json()["items"]] == ["q-1", "q-2", "q-3"]
    assert "nextToken" not in everything.json(), everything.text


def test_query_forged_next_token_is_400(api: LocalApi, stack: cdk.Stack) -> None:
    _seed(api, stack, "forged-owner", "f-1", name="F")
    forged = base64.b64encode(b"forged").decode()  # not a key object
    response = api.request("GET", "/items/forged-owner", query={"nextToken": forged})
    assert response.status_code == 400, response.text
    assert response.json()["type"] == "ValidationException", response.text


def test_scan_lists_the_table(api: LocalApi, stack: cdk.Stack) -> None:
    _seed(api, stack, "scan-owner", "s-1", name="Scanned")

    response = api.request("GET", "/items")
    assert response.status_code == 200, response.text
    body = response.json()
    in_table = api.client("dynamodb").scan(TableName=_table(api, stack))["Count"]
    assert body["count"] == len(body["items"]) == in_table, body
    assert {"owner": "scan-owner", "id": "s-1", "name": "Scanned"} in body["items"]


# --- SQS -----


def test_sqs_send_message_puts_the_raw_body_in_the_queue(api: LocalApi, stack: cdk.Stack) -> None:
    queue_url = _queue_url(api, stack, "Queue")
    for raw, kind in (
        ('{"order": 1, "note": "a&b=c+d %20 é \\"q\\""}', "test"),
        (HOSTILE, HOSTILE_ASCII),
    ):
        response = api.request("POST", "/queue", body=raw, headers={"X-Kind": kind})
        assert response.status_code == 200, response.text
        assert list(response.json()) == ["messageId"], response.text  # not FIFO: no sequence

        [message] = _drain(api, queue_url)
        assert message["MessageId"] == response.json()["messageId"]
        assert message["Body"] == raw
        assert message["MessageAttributes"] == {"kind": {"StringValue": kind, "DataType": "String"}}


def test_sqs_fifo_groups_by_path_and_deduplicates_by_idempotency_key(
    api: LocalApi, stack: cdk.Stack
) -> None:
    headers = {"Idempotency-Key": "fifo-key-1"}
    first = api.request("POST", "/fifo/group-a", json={"n": 1}, headers=headers)
    retry = api.request("POST", "/fifo/group-a", json={"n": 1}, headers=headers)
    assert first.status_code == retry.status_code == 200, (first.text, retry.text)
    assert "sequenceNumber" in first.json(), first.text

    queue_url = _queue_url(api, stack, "Fifo")
    attributes = api.client("sqs").get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "1"  # the retry was deduplicated
    [message] = _drain(api, queue_url)
    assert json.loads(message["Body"]) == {"n": 1}
    assert message["Attributes"]["MessageGroupId"] == "group-a"
    assert message["Attributes"]["MessageDeduplicationId"] == "fifo-key-1"

    # without the key: no deduplication id, and the queue has no content-based deduplication,
    # so SQS refuses the message (a service error mapped to 400)
    no_key = api.request("POST", "/fifo/group-a", json={"n": 2})
    assert no_key.status_code == 400, no_key.text
    assert set(no_key.json()) >= {"message", "type"}, no_key.text
    assert _drain(api, queue_url, timeout=0.2) == []


@pytest.mark.xfail(
    strict=True,
    reason=(
        "moto gap (the in-process backend): moto 5.2.5 drops a FIFO message whose "
        "deduplication id it has seen (moto/sqs/models.py Queue.add_message) but answers the "
        "new message's MessageId; SQS answers the first message's (as LocalStack does)"
    ),
)
def test_sqs_fifo_retry_answers_the_first_message_id(api: LocalApi) -> None:
    headers = {"Idempotency-Key": "fifo-key-2"}
    first = api.request("POST", "/fifo/group-b", json={"n": 1}, headers=headers)
    retry = api.request("POST", "/fifo/group-b", json={"n": 1}, headers=headers)
    assert first.status_code == retry.status_code == 200, (first.text, retry.text)
    assert retry.json()["messageId"] == first.json()["messageId"]


# --- SNS -----


def test_sns_publish_reaches_a_subscribed_queue(api: LocalApi, stack: cdk.Stack) -> None:
    sink = _queue_url(api, stack, "TopicSink")
    for raw, subject in (
        ('{"alert": "disk full", "host": "db-1"}', "Disk alert"),
        (HOSTILE, HOSTILE_ASCII),
    ):
        response = api.request("POST", "/topic", body=raw, query={"subject": subject})
        assert response.status_code == 200, response.text

        [message] = _drain(api, sink)
        envelope = json.loads(message["Body"])
        assert envelope["MessageId"] == response.json()["messageId"]
        assert envelope["TopicArn"] == _name(api, stack, "Topic")
        assert envelope["Message"] == raw
        assert envelope["Subject"] == subject


# --- Kinesis and Firehose -----


def test_kinesis_put_record_is_readable_with_get_records(api: LocalApi, stack: cdk.Stack) -> None:
    kinesis = api.client("kinesis")
    for raw in ('{"click": "buy", "q": "é \\" \' <b>"}', HOSTILE):
        response = api.request("POST", "/stream", body=raw, headers={"X-Partition": "session-1"})
        assert response.status_code == 200, response.text
        answer = response.json()
        assert set(answer) == {"sequenceNumber", "shardId"}, answer

        iterator = kinesis.get_shard_iterator(
            StreamName=_name(api, stack, "Stream"),
            ShardId=answer["shardId"],
            ShardIteratorType="AT_SEQUENCE_NUMBER",
            StartingSequenceNumber=answer["sequenceNumber"],
        )["ShardIterator"]
        record = kinesis.get_records(ShardIterator=iterator, Limit=1)["Records"][0]
        assert record["Data"] == raw.encode()  # base64 in the template, the same bytes out
        assert record["PartitionKey"] == "session-1"

    missing_key = api.request("POST", "/stream", body="{}")
    assert missing_key.status_code == 400, missing_key.text
    assert missing_key.json() == {
        "message": "Missing required request parameters: [X-Partition]",
        "type": "BadRequestParameters",
    }


def test_firehose_put_record_lands_in_s3(api: LocalApi, stack: cdk.Stack) -> None:
    raw = '{"page": "/home", "ref": "é"}\n' + HOSTILE
    response = api.request("POST", "/firehose", body=raw)
    assert response.status_code == 200, response.text
    assert list(response.json()) == ["recordId"], response.text

    s3 = api.client("s3")
    bucket = _name(api, stack, "Archive")
    keys: list[str] = []
    contents: list[bytes] = []
    deadline = time.monotonic() + 5
    while raw.encode() not in b"".join(contents) and time.monotonic() < deadline:
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        contents = [s3.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys]
        time.sleep(0.05)
    assert raw.encode() in b"".join(contents), contents
    assert all(k.startswith("firehose/") for k in keys), keys


# --- EventBridge -----


def test_eventbridge_put_events_delivers_the_event(api: LocalApi, stack: cdk.Stack) -> None:
    detail = {"orderId": "o-1", "note": HOSTILE, "nested": {"q": ['"', "$x", "#y"]}}
    response = api.request("POST", "/events", json=detail, headers={"X-Event-Type": "OrderPlaced"})
    assert response.status_code == 200, response.text
    [event_id] = response.json()["eventIds"]

    _skip_without_moto_events()
    messages = _drain(api, _queue_url(api, stack, "EventsSink"))
    events = {e["id"]: e for e in (json.loads(m["Body"]) for m in messages)}
    assert event_id in events, messages
    event = events[event_id]
    assert event["source"] == preset_stack.EVENT_SOURCE
    assert event["detail-type"] == "OrderPlaced"
    assert event["detail"] == detail


def test_eventbridge_failed_entry_is_an_error(api: LocalApi) -> None:
    # PutEvents answers 200 with FailedEntryCount 1 for a Detail that is not a JSON object
    response = api.request("POST", "/events/raw", json=[1, 2])
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["failedEntryCount"] == 1, body
    assert body["type"] == "MalformedDetail", body


def test_eventbridge_without_the_detail_type_is_400(api: LocalApi) -> None:
    response = api.request("POST", "/events", json={"orderId": "o-2"})
    assert response.status_code == 400, response.text
    assert response.json()["type"] == "BadRequestParameters", response.text


# --- Step Functions -----


def test_start_execution_is_named_by_the_idempotency_key(api: LocalApi, stack: cdk.Stack) -> None:
    machine = _name(api, stack, "Standard")
    headers = {"Idempotency-Key": "order-1"}
    payload = {"order": 1, "note": HOSTILE}
    started = api.request("POST", "/executions", json=payload, headers=headers)
    assert started.status_code == 200, started.text
    answer = started.json()
    assert answer["executionArn"].endswith(":order-1"), answer
    assert isinstance(answer["startDate"], int | float), answer

    sfn = api.client("stepfunctions")
    listed = {e["name"]: e for e in sfn.list_executions(stateMachineArn=machine)["executions"]}
    assert listed["order-1"]["status"] == "RUNNING"
    execution = sfn.describe_execution(executionArn=answer["executionArn"])
    assert json.loads(execution["input"]) == payload

    retry = api.request("POST", "/executions", json=payload, headers=headers)  # same input
    assert (retry.status_code, retry.json()["executionArn"]) == (200, answer["executionArn"])
    conflict = api.request("POST", "/executions", json={"order": 2}, headers=headers)
    assert conflict.status_code == 409, conflict.text
    assert conflict.json()["type"] == "ExecutionAlreadyExists", conflict.text
    assert len(sfn.list_executions(stateMachineArn=machine)["executions"]) == len(listed)


def test_start_sync_execution_answers_the_output_or_the_error(api: LocalApi) -> None:
    priced = api.request("POST", "/quotes", json={"items": ["a", HOSTILE, "c"]})
    assert (priced.status_code, priced.json()) == (200, {"currency": "EUR", "total": 3})

    invalid = api.request("POST", "/quotes", json={"items": []})
    assert invalid.status_code == 400, invalid.text  # error_statuses={"ValidationError": 400}
    assert invalid.json() == {"message": "no items", "type": "ValidationError"}

    failed = api.request("POST", "/quotes", json={"explode": True})
    assert failed.status_code == 500, failed.text  # any other failed execution
    assert failed.json() == {"message": "internal detail", "type": "Boom"}  # expose_cause


# --- S3 -----


def test_s3_put_get_delete_object_by_key(api: LocalApi, stack: cdk.Stack) -> None:
    s3 = api.client("s3")
    bucket = _name(api, stack, "Objects")
    text = "hello, world: é " + HOSTILE

    put = api.request(
        "PUT", "/objects/docs/read%20me.txt", body=text, headers={"Content-Type": "text/plain"}
    )
    assert put.status_code == 200, put.text
    stored = s3.get_object(Bucket=bucket, Key="files/docs/read me.txt")
    assert stored["Body"].read() == text.encode()
    assert stored["ContentType"] == "text/plain"
    assert put.headers["ETag"] == stored["ETag"]

    got = api.request("GET", "/objects/docs/read%20me.txt")
    assert (got.status_code, got.text) == (200, text), got.text
    assert got.headers["Content-Type"] == "text/plain"
    assert got.headers["ETag"] == stored["ETag"]
    assert got.headers["Last-Modified"], got.headers

    ranged = api.request("GET", "/objects/docs/read%20me.txt", headers={"Range": "bytes=0-4"})
    assert (ranged.status_code, ranged.text) == (206, "hello"), ranged.text
    assert ranged.headers["Content-Range"] == f"bytes 0-4/{len(text.encode())}"

    deleted = api.request("DELETE", "/objects/docs/read%20me.txt")
    assert deleted.status_code == 204, deleted.text
    assert s3.list_objects_v2(Bucket=bucket, Prefix="files/docs/")["KeyCount"] == 0

    missing = api.request("GET", "/objects/docs/read%20me.txt")
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND), missing.text

    again = api.request("DELETE", "/objects/docs/read%20me.txt")
    assert again.status_code == 204, again.text  # S3 deletes a missing key without error


def test_s3_keys_with_hostile_characters_are_stored_as_sent(
    api: LocalApi, stack: cdk.Stack
) -> None:
    s3 = api.client("s3")
    bucket = _name(api, stack, "Objects")
    key = 'odd/it\'s "quoted" $x ${y} #hash é 😀.txt'
    path = "/objects/" + urllib.parse.quote(key, safe="/")

    put = api.request("PUT", path, body="content", headers={"Content-Type": "text/plain"})
    assert put.status_code == 200, put.text
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="files/odd/")["Contents"]]
    assert listed == ["files/" + key]

    got = api.request("GET", path)
    assert (got.status_code, got.text) == (200, "content"), got.text


# --- Lambda -----


def test_lambda_invoke_sync(api: LocalApi, worker: _Recorder) -> None:
    ok = api.request("POST", "/lambda/sync", json={"kind": "report"})
    assert (ok.status_code, ok.json()) == (200, {"accepted": "report"}), ok.text
    assert worker.events[-1] == {"kind": "report"}  # the client's JSON body is the event

    hostile = api.request("POST", "/lambda/sync", json={"kind": HOSTILE})
    assert (hostile.status_code, hostile.json()) == (200, {"accepted": HOSTILE}), hostile.text

    bad = api.request("POST", "/lambda/sync", json={})
    assert bad.status_code == 400, bad.text  # error_patterns
    assert bad.json() == {"message": "[BadRequest] 'kind' is required", "type": "ValueError"}

    crash = api.request("POST", "/lambda/sync", json={"kind": "crash"})
    assert crash.status_code == 502, crash.text
    assert "internal detail" not in crash.text, crash.text
    assert "Traceback" not in crash.text, crash.text


def test_lambda_invoke_async(api: LocalApi, worker: _Recorder) -> None:
    queued = api.request("POST", "/lambda/async", json={"kind": "async-marker"})
    assert queued.status_code == 202, queued.text

    deadline = time.monotonic() + 5
    while {"kind": "async-marker"} not in worker.events and time.monotonic() < deadline:
        time.sleep(0.05)
    assert {"kind": "async-marker"} in worker.events, worker.events

    # a failing asynchronous run is not the client's business: still 202
    failing = api.request("POST", "/lambda/async", json={"kind": "crash"})
    assert failing.status_code == 202, failing.text


# --- CORS -----


def test_cors_echoes_only_an_allowed_origin(api: LocalApi) -> None:
    allowed = api.request(
        "POST",
        "/items/cors-owner",
        json={"name": "c"},
        headers={"Idempotency-Key": "c-1", "Origin": ALLOWED_ORIGIN},
    )
    assert allowed.status_code == 201, allowed.text
    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert allowed.headers["Vary"] == "Origin"

    other = api.request(
        "POST",
        "/items/cors-owner",
        json={"name": "c"},
        headers={"Idempotency-Key": "c-2", "Origin": "https://evil.example.com"},
    )
    assert other.status_code == 201, other.text
    assert "Access-Control-Allow-Origin" not in other.headers, other.headers

    conflict = api.request(
        "POST",
        "/items/cors-owner",
        json={"name": "c"},
        headers={"Idempotency-Key": "c-1", "Origin": ALLOWED_ORIGIN},
    )
    assert conflict.status_code == 409, conflict.text  # errors carry the header too
    assert conflict.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN

    preflight = api.request(
        "OPTIONS",
        "/items/cors-owner",
        headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204, preflight.text
    assert preflight.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET,POST,OPTIONS"
    assert "Idempotency-Key" in preflight.headers.get("Access-Control-Allow-Headers", "")


# --- service errors: a missing backing resource (last: it deletes one) -----


def test_a_missing_topic_is_a_500_without_the_service_detail(
    api: LocalApi, stack: cdk.Stack
) -> None:
    api.client("sns").delete_topic(TopicArn=_name(api, stack, "Topic"))

    response = api.request("POST", "/topic", body='{"alert": "gone"}')
    assert response.status_code == 500, response.text  # a misconfiguration, not the client's
    body = response.json()
    assert set(body) == {"message", "type"}, body
    assert "arn:" not in response.text, response.text  # no ARN or service message leaks
