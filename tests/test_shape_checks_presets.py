"""Every preset's request fits its operation's input shape: at synth time (no error, no shape
warning), and rendered with generated requests (no problem from the shared shape checker)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk.assertions import Annotations, Match
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from constructs_pkg import From, ServiceIntegrationMethod
from constructs_pkg.presets import (
    DynamoDbDeleteItem,
    DynamoDbGetItem,
    DynamoDbPutItem,
    DynamoDbQuery,
    DynamoDbScan,
    DynamoDbUpdateItem,
    EventBridgePutEvents,
    FirehosePutRecord,
    KinesisPutRecord,
    LambdaInvoke,
    S3DeleteObject,
    S3GetObject,
    S3PutObject,
    SnsPublish,
    SortKeyCondition,
    SqsSendMessage,
    StepFunctionsStartExecution,
    StepFunctionsStartSyncExecution,
)
from constructs_pkg.testing import SampleRequest, check_against_input_shape, render_request

OUR_WARNINGS = r"constructs_pkg:(request-shape|response-shape|selection-pattern):"

Build = Callable[[cdk.Stack, apigw.IResource], ServiceIntegrationMethod]


def _table(stack: cdk.Stack) -> dynamodb.Table:
    return dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
    )


def _machine(stack: cdk.Stack, kind: sfn.StateMachineType) -> sfn.StateMachine:
    return sfn.StateMachine(
        stack,
        "Machine",
        state_machine_type=kind,
        definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(stack, "Pass")),
    )


def _function(stack: cdk.Stack) -> lambda_.Function:
    return lambda_.Function(
        stack,
        "Fn",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\n    return event\n"),
    )


KEY = {"id": From.path("id"), "sk": From.query("sk", required=True)}

CASES: dict[str, Build] = {
    # DynamoDB, default options
    "dynamodb-get": lambda s, r: DynamoDbGetItem(s, "M", resource=r, table=_table(s), key=KEY),
    "dynamodb-put": lambda s, r: DynamoDbPutItem(
        s, "M", resource=r, table=_table(s), item={**KEY, "name": From.body("$.name")}
    ),
    "dynamodb-update": lambda s, r: DynamoDbUpdateItem(
        s, "M", resource=r, table=_table(s), key=KEY, attributes={"name": From.body("$.name")}
    ),
    "dynamodb-delete": lambda s, r: DynamoDbDeleteItem(
        s, "M", resource=r, table=_table(s), key=KEY
    ),
    "dynamodb-query": lambda s, r: DynamoDbQuery(
        s, "M", resource=r, table=_table(s), partition_key={"id": From.path("id")}
    ),
    "dynamodb-scan": lambda s, r: DynamoDbScan(s, "M", resource=r, table=_table(s)),
    # DynamoDB, with the options the preset tests use
    "dynamodb-get-consistent": lambda s, r: DynamoDbGetItem(
        s, "M", resource=r, table=_table(s), key=KEY, consistent_read=True
    ),
    "dynamodb-put-typed-conditional": lambda s, r: DynamoDbPutItem(
        s,
        "M",
        resource=r,
        table=_table(s),
        item={
            **KEY,
            "name": From.body("$.name", required=True),
            "age": From.body("$.age", type="number"),
            "tags": From.body("$.tags", type="string_set"),
            "scores": From.body("$.scores", type="number_list"),
            "active": From.body("$.active", type="boolean"),
            "address": {"city": From.body("$.city")},
            "source": "api",
            "version": 1,
        },
        condition_must_not_exist=True,
        partition_key_name="id",
    ),
    "dynamodb-update-unconditional": lambda s, r: DynamoDbUpdateItem(
        s,
        "M",
        resource=r,
        table=_table(s),
        key=KEY,
        attributes={"name": From.body("$.name"), "age": From.body("$.age", type="number")},
        condition_must_exist=False,
    ),
    "dynamodb-query-sort-limit": lambda s, r: DynamoDbQuery(
        s,
        "M",
        resource=r,
        table=_table(s),
        partition_key={"id": From.path("id")},
        sort_key=SortKeyCondition(
            name="sk",
            operator="between",
            values=(From.query("from", required=True), From.query("to", required=True)),
        ),
        limit=From.query("limit", type="number", default=20),
        scan_forward=False,
        consistent_read=True,
    ),
    "dynamodb-scan-limit": lambda s, r: DynamoDbScan(
        s, "M", resource=r, table=_table(s), limit=25, consistent_read=True
    ),
    # the other services
    "events": lambda s, r: EventBridgePutEvents(
        s,
        "M",
        resource=r,
        event_bus=events.EventBus(s, "Bus"),
        source="app.orders",
        detail_type="OrderPlaced",
    ),
    "firehose": lambda s, r: FirehosePutRecord(s, "M", resource=r, delivery_stream="clicks"),
    "kinesis": lambda s, r: KinesisPutRecord(
        s, "M", resource=r, stream=kinesis.Stream(s, "Stream")
    ),
    "kinesis-key-data": lambda s, r: KinesisPutRecord(
        s,
        "M",
        resource=r,
        stream=kinesis.Stream(s, "Stream"),
        partition_key=From.header("X-Key", required=True),
        data=From.body("$.data"),
    ),
    "lambda": lambda s, r: LambdaInvoke(s, "M", resource=r, function=_function(s)),
    "lambda-event": lambda s, r: LambdaInvoke(
        s, "M", resource=r, function=_function(s), invocation_type="Event"
    ),
    "s3-get": lambda s, r: S3GetObject(s, "M", resource=r, bucket=s3.Bucket(s, "B")),
    "s3-put": lambda s, r: S3PutObject(
        s, "M", resource=r, bucket=s3.Bucket(s, "B"), key_prefix="uploads/"
    ),
    "s3-delete": lambda s, r: S3DeleteObject(s, "M", resource=r, bucket=s3.Bucket(s, "B")),
    "sns": lambda s, r: SnsPublish(s, "M", resource=r, topic=sns.Topic(s, "Topic")),
    "sns-subject-attributes": lambda s, r: SnsPublish(
        s,
        "M",
        resource=r,
        topic=sns.Topic(s, "Topic"),
        subject=From.query("subject"),
        message_attributes={"kind": From.header("X-Kind"), "priority": 3},
    ),
    "sns-fifo": lambda s, r: SnsPublish(
        s,
        "M",
        resource=r,
        topic=sns.Topic(s, "Topic", fifo=True),
        message_group_id=From.header("X-Group-Id"),
    ),
    "sqs": lambda s, r: SqsSendMessage(s, "M", resource=r, queue=sqs.Queue(s, "Queue")),
    "sqs-fifo-attributes": lambda s, r: SqsSendMessage(
        s,
        "M",
        resource=r,
        queue=sqs.Queue(s, "Queue", fifo=True),
        message_group_id=From.header("X-Group-Id"),
        message_attributes={
            "source": From.header("X-Source"),
            "priority": From.query("priority", type="number"),
            "api": "orders&v=2",
        },
    ),
    "stepfunctions": lambda s, r: StepFunctionsStartExecution(
        s, "M", resource=r, state_machine=_machine(s, sfn.StateMachineType.STANDARD)
    ),
    "stepfunctions-named": lambda s, r: StepFunctionsStartExecution(
        s,
        "M",
        resource=r,
        state_machine=_machine(s, sfn.StateMachineType.STANDARD),
        name=From.header("X-Name"),
    ),
    "stepfunctions-sync": lambda s, r: StepFunctionsStartSyncExecution(
        s, "M", resource=r, state_machine=_machine(s, sfn.StateMachineType.EXPRESS)
    ),
}


@cache
def _built(case: str) -> tuple[cdk.Stack, ServiceIntegrationMethod]:
    stack = cdk.Stack(cdk.App(), "PresetStack")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    resource = api.root.add_resource("{id}").add_resource("{key}")
    return stack, CASES[case](stack, resource)


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_preset_passes_the_checks_without_a_warning(case: str) -> None:
    # GIVEN a preset (building it raised no shape error), THEN it has none of the warnings
    stack, method = _built(case)
    assert method.operation is not None or method.service in ("sqs", "lambda", "s3")
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(OUR_WARNINGS))
    assert [str(f.entry.data) for f in found] == []


def _target(method: ServiceIntegrationMethod) -> tuple[str, str, tuple[str, ...]] | None:
    """(service, action, implied members) the rendered body is checked against."""
    if method.operation is not None:
        if method.operation.protocol in ("rest-xml",):
            return None
        return method.operation.service, method.operation.name, ()
    if method.service == "sqs":  # path-style: the queue's path gives QueueUrl
        return "sqs", "SendMessage", ("QueueUrl",)
    return None


TEXT = st.text(min_size=1, max_size=20)
REQUESTS = st.builds(
    lambda text, number, flag: SampleRequest(
        body={
            "name": text,
            "age": number,
            "tags": [text],
            "scores": [number],
            "active": flag,
            "city": text,
            "data": text,
        },
        path_params={"id": text, "key": text},
        query={
            "sk": text,
            "from": text,
            "to": text,
            "limit": str(number),
            "subject": text,
            "priority": str(number),
        },
        headers={
            "X-Key": text,
            "X-Kind": text,
            "X-Group-Id": text,
            "X-Source": text,
            "X-Name": "run-" + str(number),
        },
    ),
    TEXT,
    st.integers(min_value=1, max_value=10_000),
    st.booleans(),
)


@pytest.mark.parametrize("case", sorted(CASES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=REQUESTS)
def test_every_presets_rendered_request_fits_the_input_shape(
    case: str, request: SampleRequest
) -> None:
    _, method = _built(case)
    target = _target(method)
    if target is None or not method.request_templates:
        return
    service, action, implied = target
    for content_type, template in method.request_templates.items():
        body = render_request(template, request)
        problems = check_against_input_shape(body, service, action, implied_members=implied)
        assert problems == [], f"{case} {content_type}: {body}"


def test_fails_when_a_preset_is_given_a_template_with_an_unknown_member() -> None:
    # GIVEN a preset whose replacement template misspells Item
    stack = cdk.Stack(cdk.App(), "Shape")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    table = dynamodb.Table(
        stack, "T", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    )
    template = {"application/json": {"TableName": table.table_name, "Itme": {"pk": {"S": "x"}}}}
    # WHEN it is declared with the check on (the default) THEN synth refuses it
    from constructs_pkg import ValidationError

    with pytest.raises(ValidationError) as caught:
        DynamoDbPutItem(
            stack,
            "Put",
            resource=api.root,
            table=table,
            item={"pk": From.body("$.pk")},
            request_templates=template,
        )
    assert caught.value.code == "unknown-request-member"
    # AND with check_request_shape=False, passed through the preset's options, it is accepted
    DynamoDbPutItem(
        stack,
        "PutUnchecked",
        resource=api.root.add_resource("unchecked"),
        table=table,
        item={"pk": From.body("$.pk")},
        request_templates=template,
        check_request_shape=False,
    )
