"""Every preset whose service the emulator runs: one deployed request each, and the backing
service's state checked with boto3 (the item in the table, the message in the queue, ...).

One stack (``preset_stack.py``, built in this process, no assets) is deployed once for the
module. Its template is larger than CloudFormation's 51,200-byte ``TemplateBody`` limit
(LocalStack enforces it), so it is uploaded to an S3 bucket of the emulator and created from
its ``TemplateURL``, as ``cdk deploy`` does with its bootstrap bucket.

Where the emulator differs from AWS, the test is ``xfail(strict=True)`` with the evidence in
its reason: LocalStack does not apply gateway response templates (so the ``BAD_REQUEST_BODY``
body cannot be checked here), and moto's DeleteItem answers ``{"Attributes": {}}`` for a
missing item. Lambda needs Docker in LocalStack: the Lambda cases are skipped with the error a
real ``CreateFunction`` gave on this machine (and the stack is deployed without the function).
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import tempfile
import time
import urllib.parse
import zipfile
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import preset_stack
import pytest
from emulator_support import TIMINGS, DeployedApi, emulator

pytestmark = pytest.mark.emulator

STACK = preset_stack.STACK_NAME
#: CloudFormation's limit for ``TemplateBody``; a larger template goes through S3
TEMPLATE_BODY_LIMIT = 51_200
TEMPLATE_BUCKET = "constructs-pkg-emulator-templates"
ALLOWED_ORIGIN = preset_stack.ORIGINS[1]
NOT_FOUND = {"message": "not found", "type": "NotFound"}

Aws = Callable[[str], Any]


# --- deploy once per module -----


def _deploy(template: Mapping[str, Any]) -> dict[str, str]:
    """Create the stack (through S3 when the template is too large for ``TemplateBody``)."""
    cfn = emulator.client("cloudformation")
    body = json.dumps(template, separators=(",", ":"))
    source = {"TemplateBody": body}
    if len(body.encode()) > TEMPLATE_BODY_LIMIT:
        s3 = emulator.client("s3")
        s3.create_bucket(Bucket=TEMPLATE_BUCKET)
        s3.put_object(Bucket=TEMPLATE_BUCKET, Key=f"{STACK}.json", Body=body.encode())
        source = {"TemplateURL": f"{emulator.ENDPOINT}/{TEMPLATE_BUCKET}/{STACK}.json"}
    cfn.create_stack(
        StackName=STACK,
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
        OnFailure="DO_NOTHING",
        **source,
    )
    deadline = time.monotonic() + 180
    while True:
        stack = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
        status = stack["StackStatus"]
        if status == "CREATE_COMPLETE":
            return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        if status.endswith(("FAILED", "ROLLBACK_COMPLETE")) or time.monotonic() > deadline:
            failures = [
                f"  {ev['LogicalResourceId']} ({ev['ResourceType']}): "
                f"{ev.get('ResourceStatusReason', '')}"
                for ev in cfn.describe_stack_events(StackName=STACK)["StackEvents"]
                if ev["ResourceStatus"].endswith("FAILED")
            ]
            raise emulator.DeployError(f"stack {STACK!r} ended {status}:\n" + "\n".join(failures))
        time.sleep(0.3)


def _probe_lambda(localstack: emulator.Emulator) -> str | None:
    """Create and invoke a python3.12 function; ``None`` if it runs, else what went wrong."""
    lam = emulator.client("lambda")
    name = "constructs-pkg-lambda-probe"
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return {'ok': True}\n")
    observed = ""
    try:
        lam.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Handler="index.handler",
            Role=f"arn:aws:iam::{emulator.ACCOUNT}:role/lambda-probe",
            Code={"ZipFile": code.getvalue()},
        )
        deadline = time.monotonic() + 30
        config = lam.get_function_configuration(FunctionName=name)
        while config["State"] == "Pending" and time.monotonic() < deadline:
            time.sleep(0.2)
            config = lam.get_function_configuration(FunctionName=name)
        if config["State"] != "Active":
            observed = (
                f"CreateFunction(python3.12) ended in state {config['State']}: "
                f"{config.get('StateReason', '')!r}"
            )
        else:
            payload = lam.invoke(FunctionName=name, Payload=b"{}")["Payload"].read()
            if json.loads(payload or b"null") == {"ok": True}:
                return None
            observed = f"Invoke answered {payload!r}"
    except Exception as exc:  # the reason is the point: any failure is reported, not raised
        observed = f"{type(exc).__name__}: {exc}"
    finally:
        with contextlib.suppress(Exception):
            lam.delete_function(FunctionName=name)
    docker = [
        line for line in localstack.log_tail(400).splitlines() if "Docker not available" in line
    ]
    hint = f"; LocalStack log: {docker[-1].split(' : ', 1)[-1][:160]}" if docker else ""
    return f"LocalStack cannot run a Lambda function on this machine: {observed}{hint}"


@pytest.fixture(scope="module")
def lambda_unavailable(localstack: emulator.Emulator) -> str | None:
    """``None`` when the emulator runs Lambda functions here, else the observed reason."""
    return _probe_lambda(localstack)


@pytest.fixture(scope="module")
def presets(localstack: emulator.Emulator, lambda_unavailable: str | None) -> Iterator[DeployedApi]:
    """``preset_stack.PresetStack`` deployed once (without Lambda where it cannot run)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cdk-presets-") as outdir:
        template = preset_stack.synth_template(outdir, with_lambda=lambda_unavailable is None)
    TIMINGS.phases["synth preset_stack.py (in process)"] = time.perf_counter() - started
    deploy_started = time.perf_counter()
    outputs = _deploy(template)
    TIMINGS.deploys[STACK] = time.perf_counter() - deploy_started
    yield DeployedApi(STACK, outputs["RestApiId"], outputs, template)
    TIMINGS.phases["test_emulator_presets.py (all)"] = time.perf_counter() - started


# --- helpers -----


def _receive(aws: Aws, queue_url: str, *, count: int = 1, timeout: float = 10.0) -> list[Any]:
    """At least ``count`` messages of a queue (fewer if ``timeout`` passes first)."""
    messages: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(messages) < count and time.monotonic() < deadline:
        messages += (
            aws("sqs")
            .receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=10,
                WaitTimeSeconds=1,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
            .get("Messages", [])
        )
    return messages


def _item(aws: Aws, api: DeployedApi, owner: str, item_id: str) -> dict[str, Any] | None:
    response = aws("dynamodb").get_item(
        TableName=api.outputs["TableName"],
        Key={"owner": {"S": owner}, "id": {"S": item_id}},
        ConsistentRead=True,
    )
    item: dict[str, Any] | None = response.get("Item")
    return item


def _seed(aws: Aws, api: DeployedApi, owner: str, item_id: str, **attributes: Any) -> None:
    item = {"owner": {"S": owner}, "id": {"S": item_id}}
    for name, value in attributes.items():
        item[name] = {"N": str(value)} if isinstance(value, int | float) else {"S": value}
    aws("dynamodb").put_item(TableName=api.outputs["TableName"], Item=item)


def _header(response: emulator.Response, name: str) -> str | None:
    return next((v for k, v in response.headers.items() if k.lower() == name.lower()), None)


# --- DynamoDB -----


def test_put_item_creates_once_then_conflicts(presets: DeployedApi, aws: Aws) -> None:
    created = presets.call(
        "POST", "items/put-owner", {"name": "Widget", "size": 3}, {"Idempotency-Key": "w-1"}
    )
    assert (created.status, created.json()) == (201, {}), created
    expected = {
        "owner": {"S": "put-owner"},
        "id": {"S": "w-1"},
        "name": {"S": "Widget"},
        "size": {"N": "3"},
    }
    assert _item(aws, presets, "put-owner", "w-1") == expected

    retry = presets.call("POST", "items/put-owner", {"name": "Other"}, {"Idempotency-Key": "w-1"})
    assert retry.status == 409, retry
    assert retry.json()["type"] == "ConditionalCheckFailedException", retry
    assert _item(aws, presets, "put-owner", "w-1") == expected  # never overwritten


def test_put_item_refuses_an_invalid_body_before_dynamodb(presets: DeployedApi, aws: Aws) -> None:
    response = presets.call("POST", "items/put-owner", {"size": 3}, {"Idempotency-Key": "bad-1"})
    assert response.status == 400, response
    assert _item(aws, presets, "put-owner", "bad-1") is None


def test_get_item_answers_plain_json_or_404(presets: DeployedApi, aws: Aws) -> None:
    _seed(aws, presets, "get-owner", "a-1", name='Ada "the first"', size=1.5)

    found = presets.call("GET", "items/get-owner/a-1")
    assert found.status == 200, found
    assert found.json() == {
        "owner": "get-owner",
        "id": "a-1",
        "name": 'Ada "the first"',
        "size": 1.5,
    }

    missing = presets.call("GET", "items/get-owner/nobody")
    assert (missing.status, missing.json()) == (404, NOT_FOUND), missing


def test_update_item_changes_only_what_was_sent(presets: DeployedApi, aws: Aws) -> None:
    _seed(aws, presets, "update-owner", "u-1", name="Gear", size=1)

    updated = presets.call("PATCH", "items/update-owner/u-1", {"size": 7})
    assert updated.status == 200, updated
    assert updated.json() == {"owner": "update-owner", "id": "u-1", "name": "Gear", "size": 7}
    assert _item(aws, presets, "update-owner", "u-1") == {
        "owner": {"S": "update-owner"},
        "id": {"S": "u-1"},
        "name": {"S": "Gear"},
        "size": {"N": "7"},
    }

    missing = presets.call("PATCH", "items/update-owner/nobody", {"size": 7})
    assert missing.status == 404, missing
    assert _item(aws, presets, "update-owner", "nobody") is None  # no upsert

    nothing = presets.call("PATCH", "items/update-owner/u-1", {})
    assert nothing.status == 400, nothing


def test_delete_item_answers_the_deleted_item(presets: DeployedApi, aws: Aws) -> None:
    _seed(aws, presets, "delete-owner", "d-1", name="Old")

    deleted = presets.call("DELETE", "items/delete-owner/d-1")
    assert deleted.status == 200, deleted
    assert deleted.json() == {"owner": "delete-owner", "id": "d-1", "name": "Old"}
    assert _item(aws, presets, "delete-owner", "d-1") is None


@pytest.mark.xfail(
    strict=True,
    reason=(
        "emulator gap: LocalStack serves DynamoDB from moto here, and moto's DeleteItem with "
        'ReturnValues=ALL_OLD answers {"Attributes": {}} for a missing item '
        "(moto/dynamodb/responses.py delete_item: item_dict = {'Attributes': {}}); DynamoDB "
        "leaves Attributes out, which the preset's template answers 404. Observed: DELETE "
        "/items/<owner>/<missing id> -> 200 '{}'"
    ),
)
def test_delete_missing_item_is_404(presets: DeployedApi) -> None:
    response = presets.call("DELETE", "items/delete-owner/nobody")
    assert (response.status, response.json()) == (404, NOT_FOUND), response


def _seed_query_owner(aws: Aws, api: DeployedApi) -> None:
    for item_id in ("q-1", "q-2", "q-3"):
        _seed(aws, api, "query-owner", item_id, name=item_id.upper())
    _seed(aws, api, "query-other", "q-9", name="elsewhere")


def test_query_answers_a_page_of_one_partition(presets: DeployedApi, aws: Aws) -> None:
    _seed_query_owner(aws, presets)

    response = presets.call("GET", "items/query-owner?limit=2")
    assert response.status == 200, response
    page = response.json()
    assert page["count"] == 2, page
    assert page["items"] == [
        {"owner": "query-owner", "id": "q-1", "name": "Q-1"},
        {"owner": "query-owner", "id": "q-2", "name": "Q-2"},
    ]
    token = json.loads(base64.b64decode(page["nextToken"]))  # the LastEvaluatedKey
    assert token == {"owner": {"S": "query-owner"}, "id": {"S": "q-2"}}

    everything = presets.call("GET", "items/query-owner")
    assert everything.status == 200, everything
    assert [i["id"] for i in everything.json()["items"]] == ["q-1", "q-2", "q-3"]
    assert "nextToken" not in everything.json(), everything


@pytest.mark.xfail(
    strict=True,
    reason=(
        "emulator gap: LocalStack's $util.base64Decode returns Python bytes, not a string "
        "(localstack/services/apigateway/next_gen/execute_api/template_mapping.py: "
        'base64Decode returns base64.b64decode(s)), so "$!decoded" renders as '
        "b'{...}', the template's flat-key check fails and it sends ExclusiveStartKey "
        '{"invalidNextToken": {"NULL": true}}, on which moto fails (500 -> 502). '
        "Observed: GET /items/<owner>?limit=2&nextToken=<token of page 1> -> 502 "
        '{"message": "the service failed to process the request", "type": "BadGateway"}'
    ),
)
def test_query_next_token_answers_the_next_page(presets: DeployedApi, aws: Aws) -> None:
    _seed_query_owner(aws, presets)
    first = presets.call("GET", "items/query-owner?limit=2").json()

    token = urllib.parse.quote(first["nextToken"], safe="")
    second = presets.call("GET", f"items/query-owner?limit=2&nextToken={token}")
    assert second.status == 200, second
    assert second.json() == {
        "items": [{"owner": "query-owner", "id": "q-3", "name": "Q-3"}],
        "count": 1,
    }


@pytest.mark.xfail(
    strict=True,
    reason=(
        "emulator gap: moto fails on an ExclusiveStartKey without the table's key attributes: "
        "Query answers 500 InternalError ('exception while calling dynamodb.Query: "
        "'NoneType' object is not iterable', from moto/dynamodb/models/table.py "
        "_item_comes_before_dct), where DynamoDB answers ValidationException 400 (the "
        "provided starting key is invalid). Observed: GET /items/<owner>?nextToken=Zm9yZ2Vk "
        "-> 502 BadGateway"
    ),
)
def test_query_forged_next_token_is_400(presets: DeployedApi) -> None:
    forged = base64.b64encode(b"forged").decode()  # not a key object
    response = presets.call("GET", f"items/query-owner?nextToken={forged}")
    assert response.status == 400, response


def test_scan_lists_the_table(presets: DeployedApi, aws: Aws) -> None:
    _seed(aws, presets, "scan-owner", "s-1", name="Scanned")

    response = presets.call("GET", "items")
    assert response.status == 200, response
    body = response.json()
    in_table = aws("dynamodb").scan(TableName=presets.outputs["TableName"])["Count"]
    assert body["count"] == len(body["items"]) == in_table, body
    assert {"owner": "scan-owner", "id": "s-1", "name": "Scanned"} in body["items"]


# --- SQS -----


def test_sqs_send_message_puts_the_raw_body_in_the_queue(presets: DeployedApi, aws: Aws) -> None:
    raw = '{"order": 1, "note": "a&b=c+d %20 é \\"q\\""}'
    response = presets.call("POST", "queue", raw, {"X-Kind": "test"})
    assert response.status == 200, response
    assert list(response.json()) == ["messageId"], response  # no sequence number: not FIFO

    [message] = _receive(aws, presets.outputs["QueueUrl"])
    assert message["MessageId"] == response.json()["messageId"]
    assert message["Body"] == raw
    assert message["MessageAttributes"] == {"kind": {"StringValue": "test", "DataType": "String"}}


def test_sqs_fifo_groups_by_path_and_deduplicates_by_idempotency_key(
    presets: DeployedApi, aws: Aws
) -> None:
    headers = {"Idempotency-Key": "fifo-key-1"}
    first = presets.call("POST", "fifo/group-a", {"n": 1}, headers)
    retry = presets.call("POST", "fifo/group-a", {"n": 1}, headers)
    assert first.status == retry.status == 200, (first, retry)
    assert retry.json()["messageId"] == first.json()["messageId"]
    assert "sequenceNumber" in first.json(), first

    queue_url = presets.outputs["FifoQueueUrl"]
    attributes = aws("sqs").get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "1"  # the retry was deduplicated
    [message] = _receive(aws, queue_url)
    assert message["Body"] == '{"n": 1}'
    assert message["Attributes"]["MessageGroupId"] == "group-a"
    assert message["Attributes"]["MessageDeduplicationId"] == "fifo-key-1"

    # without the key: no deduplication id, and the queue has no content-based deduplication
    no_key = presets.call("POST", "fifo/group-a", {"n": 2})
    assert no_key.status == 400, no_key


# --- SNS -----


def test_sns_publish_reaches_a_subscribed_queue(presets: DeployedApi, aws: Aws) -> None:
    raw = '{"alert": "disk full", "host": "db-1"}'
    response = presets.call("POST", "topic?subject=Disk%20alert", raw)
    assert response.status == 200, response

    [message] = _receive(aws, presets.outputs["TopicSinkUrl"])
    envelope = json.loads(message["Body"])
    assert envelope["MessageId"] == response.json()["messageId"]
    assert envelope["TopicArn"] == presets.outputs["TopicArn"]
    assert envelope["Message"] == raw
    assert envelope["Subject"] == "Disk alert"


# --- Kinesis and Firehose -----


def test_kinesis_put_record_is_readable_with_get_records(presets: DeployedApi, aws: Aws) -> None:
    raw = '{"click": "buy", "q": "é \\" \' <b>"}'
    response = presets.call("POST", "stream", raw, {"X-Partition": "session-1"})
    assert response.status == 200, response
    answer = response.json()
    assert set(answer) == {"sequenceNumber", "shardId"}, answer

    kinesis = aws("kinesis")
    iterator = kinesis.get_shard_iterator(
        StreamName=presets.outputs["StreamName"],
        ShardId=answer["shardId"],
        ShardIteratorType="AT_SEQUENCE_NUMBER",
        StartingSequenceNumber=answer["sequenceNumber"],
    )["ShardIterator"]
    record = kinesis.get_records(ShardIterator=iterator, Limit=1)["Records"][0]
    assert record["Data"] == raw.encode()  # base64 in the template, the same bytes out
    assert record["PartitionKey"] == "session-1"

    missing_key = presets.call("POST", "stream", raw)
    assert missing_key.status == 400, missing_key


def test_firehose_put_record_lands_in_s3(presets: DeployedApi, aws: Aws) -> None:
    raw = '{"page": "/home", "ref": "é"}\n'
    response = presets.call("POST", "firehose", raw)
    assert response.status == 200, response
    assert list(response.json()) == ["recordId"], response

    s3 = aws("s3")
    bucket = presets.outputs["ArchiveBucket"]
    keys: list[str] = []
    contents: list[bytes] = []
    deadline = time.monotonic() + 15
    while raw.encode() not in b"".join(contents) and time.monotonic() < deadline:
        time.sleep(0.3)
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        contents = [s3.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys]
    assert raw.encode() in b"".join(contents), contents
    assert all(k.startswith("firehose/") for k in keys), keys


# --- EventBridge -----


def test_eventbridge_put_events_delivers_the_event(presets: DeployedApi, aws: Aws) -> None:
    detail = {"orderId": "o-1", "note": 'say "hi"'}
    response = presets.call("POST", "events", detail, {"X-Event-Type": "OrderPlaced"})
    assert response.status == 200, response
    [event_id] = response.json()["eventIds"]

    messages = _receive(aws, presets.outputs["EventsSinkUrl"])
    events = {e["id"]: e for e in (json.loads(m["Body"]) for m in messages)}
    assert event_id in events, messages
    event = events[event_id]
    assert event["source"] == preset_stack.EVENT_SOURCE
    assert event["detail-type"] == "OrderPlaced"
    assert event["detail"] == detail


def test_eventbridge_failed_entry_is_an_error(presets: DeployedApi) -> None:
    # PutEvents answers 200 with FailedEntryCount 1 for a Detail that is not a JSON object
    response = presets.call("POST", "events/raw", [1, 2])
    assert response.status == 400, response
    body = response.json()
    assert body["failedEntryCount"] == 1, body
    assert body["type"] == "MalformedDetail", body


# --- Step Functions -----


def test_start_execution_is_named_by_the_idempotency_key(presets: DeployedApi, aws: Aws) -> None:
    machine = presets.outputs["StandardArn"]
    headers = {"Idempotency-Key": "order-1"}
    started = presets.call("POST", "executions", {"order": 1}, headers)
    assert started.status == 200, started
    answer = started.json()
    assert answer["executionArn"].endswith(":order-1"), answer
    assert isinstance(answer["startDate"], int | float), answer

    sfn = aws("stepfunctions")
    listed = {e["name"]: e for e in sfn.list_executions(stateMachineArn=machine)["executions"]}
    assert listed["order-1"]["status"] == "RUNNING"
    execution = sfn.describe_execution(executionArn=answer["executionArn"])
    assert json.loads(execution["input"]) == {"order": 1}

    retry = presets.call("POST", "executions", {"order": 1}, headers)  # same name, same input
    assert (retry.status, retry.json()["executionArn"]) == (200, answer["executionArn"]), retry
    conflict = presets.call("POST", "executions", {"order": 2}, headers)  # another input
    assert conflict.status == 409, conflict
    assert conflict.json()["type"] == "ExecutionAlreadyExists", conflict
    assert len(sfn.list_executions(stateMachineArn=machine)["executions"]) == len(listed)


def test_start_sync_execution_answers_the_output_or_the_error(presets: DeployedApi) -> None:
    priced = presets.call("POST", "quotes", {"items": ["a", "b", "c"]})
    assert (priced.status, priced.json()) == (200, {"currency": "EUR", "total": 3}), priced

    invalid = presets.call("POST", "quotes", {"items": []})
    assert invalid.status == 400, invalid  # error_statuses={"ValidationError": 400}
    assert invalid.json() == {"message": "no items", "type": "ValidationError"}

    failed = presets.call("POST", "quotes", {"explode": True})
    assert failed.status == 500, failed  # any other failed execution
    assert failed.json() == {"message": "internal detail", "type": "Boom"}  # expose_cause


# --- S3 -----


def test_s3_put_get_delete_object_by_key(presets: DeployedApi, aws: Aws) -> None:
    s3 = aws("s3")
    bucket = presets.outputs["ObjectsBucket"]
    text = "hello, world: é"

    put = presets.call("PUT", "objects/docs/read%20me.txt", text, {"Content-Type": "text/plain"})
    assert put.status == 200, put
    stored = s3.get_object(Bucket=bucket, Key="files/docs/read me.txt")
    assert stored["Body"].read() == text.encode()
    assert stored["ContentType"] == "text/plain"
    assert _header(put, "ETag") == stored["ETag"]

    got = presets.call("GET", "objects/docs/read%20me.txt")
    assert (got.status, got.body) == (200, text), got
    assert _header(got, "Content-Type") == "text/plain"
    assert _header(got, "ETag") == stored["ETag"]
    assert _header(got, "Last-Modified"), got.headers

    ranged = presets.call("GET", "objects/docs/read%20me.txt", headers={"Range": "bytes=0-4"})
    assert (ranged.status, ranged.body) == (206, "hello"), ranged
    assert _header(ranged, "Content-Range") == f"bytes 0-4/{len(text.encode())}"

    deleted = presets.call("DELETE", "objects/docs/read%20me.txt")
    assert deleted.status == 204, deleted
    assert s3.list_objects_v2(Bucket=bucket, Prefix="files/docs/")["KeyCount"] == 0

    missing = presets.call("GET", "objects/docs/read%20me.txt")
    assert (missing.status, missing.json()) == (404, NOT_FOUND), missing


# --- Lambda -----


def test_lambda_invoke_sync(presets: DeployedApi, lambda_unavailable: str | None) -> None:
    if lambda_unavailable:
        pytest.skip(lambda_unavailable)
    ok = presets.call("POST", "lambda/sync", {"kind": "report"})
    assert (ok.status, ok.json()) == (200, {"accepted": "report"}), ok

    bad = presets.call("POST", "lambda/sync", {})
    assert bad.status == 400, bad  # error_patterns
    assert bad.json() == {"message": "[BadRequest] 'kind' is required", "type": "ValueError"}

    crash = presets.call("POST", "lambda/sync", {"kind": "crash"})
    assert crash.status == 502, crash
    assert "internal detail" not in crash.body, crash


def test_lambda_invoke_async(
    presets: DeployedApi, aws: Aws, lambda_unavailable: str | None
) -> None:
    if lambda_unavailable:
        pytest.skip(lambda_unavailable)
    queued = presets.call("POST", "lambda/async", {"kind": "async-marker"})
    assert queued.status == 202, queued

    group = f"/aws/lambda/{presets.outputs['FunctionName']}"
    deadline = time.monotonic() + 20
    logged = ""
    while "async-marker" not in logged and time.monotonic() < deadline:
        time.sleep(0.5)
        with contextlib.suppress(Exception):
            events = aws("logs").filter_log_events(logGroupName=group)["events"]
            logged = "".join(e["message"] for e in events)
    assert "async-marker" in logged, logged


# --- CORS and request validation -----


def test_cors_echoes_only_an_allowed_origin(presets: DeployedApi) -> None:
    allowed = presets.call(
        "POST",
        "items/cors-owner",
        {"name": "c"},
        {"Idempotency-Key": "c-1", "Origin": ALLOWED_ORIGIN},
    )
    assert allowed.status == 201, allowed
    assert _header(allowed, "Access-Control-Allow-Origin") == ALLOWED_ORIGIN
    assert _header(allowed, "Vary") == "Origin"

    other = presets.call(
        "POST",
        "items/cors-owner",
        {"name": "c"},
        {"Idempotency-Key": "c-2", "Origin": "https://evil.example.com"},
    )
    assert other.status == 201, other
    assert _header(other, "Access-Control-Allow-Origin") is None, other.headers

    conflict = presets.call(
        "POST",
        "items/cors-owner",
        {"name": "c"},
        {"Idempotency-Key": "c-1", "Origin": ALLOWED_ORIGIN},
    )
    assert conflict.status == 409, conflict  # errors carry the header too
    assert _header(conflict, "Access-Control-Allow-Origin") == ALLOWED_ORIGIN

    preflight = presets.call(
        "OPTIONS",
        "items/cors-owner",
        headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 204, preflight
    assert _header(preflight, "Access-Control-Allow-Origin") == ALLOWED_ORIGIN
    assert _header(preflight, "Access-Control-Allow-Methods") == "GET,POST,OPTIONS"
    assert "Idempotency-Key" in (_header(preflight, "Access-Control-Allow-Headers") or "")


_NO_GATEWAY_TEMPLATES = (
    "emulator gap: LocalStack does not render gateway response templates and leaves "
    "$context.error.validationErrorString empty (localstack/services/apigateway/next_gen/"
    'execute_api/handlers/gateway_exception.py: validationErrorString=""  # TODO, and '
    "'TODO apply responseTemplates to the content'); it answers every invalid body "
    '400 {"message": "Invalid request body"}, so the BAD_REQUEST_BODY body and the '
    "escaping of validationErrorString can only be checked on AWS"
)


@pytest.mark.xfail(strict=True, reason=_NO_GATEWAY_TEMPLATES)
def test_invalid_body_gets_the_bad_request_body_response(presets: DeployedApi) -> None:
    response = presets.call("POST", "items/val-owner", {"size": 3}, {"Idempotency-Key": "v-1"})
    assert response.status == 400, response
    body = response.json()
    assert body.get("type") == "BadRequestBody", body
    assert "name" in body["message"], body  # names the missing field


@pytest.mark.xfail(strict=True, reason=_NO_GATEWAY_TEMPLATES)
def test_bad_request_body_with_a_quoted_field_name_is_json(presets: DeployedApi) -> None:
    # additionalProperties: false, and the extra property's name holds a double quote
    response = presets.call(
        "POST", "items/val-owner", {"name": "x", 'a"b': 1}, {"Idempotency-Key": "v-2"}
    )
    assert response.status == 400, response
    body = json.loads(response.body)  # the template is JSON only if API Gateway escapes
    assert body.get("type") == "BadRequestBody", body
    assert 'a"b' in body["message"], body
