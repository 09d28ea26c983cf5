"""One stack with every preset whose service the emulator runs, for ``test_emulator_presets``.

Built in Python (no CDK app file, no assets: the Lambda function's code is inline), with
``BootstraplessSynthesizer`` so it deploys without a bootstrap. Every physical name the tests
need to check the backing service with boto3 is a stack output.

Routes (stage ``test``):

==========================================  ==========================================
``POST /items/{owner}``                     ``DynamoDbPutItem`` (create only; id from
                                            ``Idempotency-Key``; JSON schema; CORS list)
``GET|PATCH|DELETE /items/{owner}/{id}``    ``DynamoDbGetItem`` / ``UpdateItem`` / ``DeleteItem``
``GET /items/{owner}``                      ``DynamoDbQuery`` (``?limit=``, ``?nextToken=``)
``GET /items``                              ``DynamoDbScan``
``POST /queue``                             ``SqsSendMessage`` (standard queue, an attribute)
``POST /fifo/{group}``                      ``SqsSendMessage`` (FIFO: group from the path,
                                            deduplication id from ``Idempotency-Key``)
``POST /topic``                             ``SnsPublish`` (an SQS queue subscribed)
``POST /stream``                            ``KinesisPutRecord`` (key from ``X-Partition``)
``POST /firehose``                          ``FirehosePutRecord`` (to an S3 bucket)
``POST /events``, ``/events/raw``           ``EventBridgePutEvents`` (a rule to an SQS queue;
                                            ``raw``: no validator, literal detail type)
``POST /executions``                        ``StepFunctionsStartExecution`` (STANDARD, waits
                                            10 minutes, so executions stay RUNNING)
``POST /quotes``                            ``StepFunctionsStartSyncExecution`` (EXPRESS)
``GET|PUT|DELETE /objects/{key+}``          ``S3GetObject`` / ``S3PutObject`` / ``S3DeleteObject``
``POST /lambda/sync``, ``/lambda/async``    ``LambdaInvoke`` (``RequestResponse``, ``Event``)
==========================================  ==========================================
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kinesisfirehose as firehose
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from constructs_pkg import Cors, From
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
    SqsSendMessage,
    StepFunctionsStartExecution,
    StepFunctionsStartSyncExecution,
)

STACK_NAME = "ConstructsPkgPresets"
STAGE = "test"
ORIGINS = ["https://app.example.com", "https://admin.example.com"]
EVENT_SOURCE = "com.example.presets"

WORKER = """
import json


def handler(event, context):
    print(json.dumps({"received": event}))
    if not event.get("kind"):
        raise ValueError("[BadRequest] 'kind' is required")
    if event["kind"] == "crash":
        raise RuntimeError("internal detail that must not leak")
    return {"accepted": event["kind"]}
"""

ITEM_SCHEMA = apigw.JsonSchema(
    type=apigw.JsonSchemaType.OBJECT,
    required=["name"],
    additional_properties=False,
    properties={
        "name": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, min_length=1),
        "size": apigw.JsonSchema(type=apigw.JsonSchemaType.NUMBER),
    },
)


class PresetStack(cdk.Stack):
    """Every emulator-supported preset on one REST API, with the services behind them."""

    def __init__(
        self, scope: Construct, construct_id: str = STACK_NAME, *, with_lambda: bool = True
    ) -> None:
        super().__init__(scope, construct_id, synthesizer=cdk.BootstraplessSynthesizer())
        destroy = cdk.RemovalPolicy.DESTROY
        api = apigw.RestApi(
            self,
            "PresetsApi",
            cloud_watch_role=False,
            deploy_options=apigw.StageOptions(stage_name=STAGE),
        )
        outputs: dict[str, str] = {"RestApiId": api.rest_api_id}

        # DynamoDB: items keyed by owner (partition) and id (sort)
        table = dynamodb.Table(
            self,
            "Items",
            partition_key=dynamodb.Attribute(name="owner", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            removal_policy=destroy,
        )
        outputs["TableName"] = table.table_name
        items = api.root.add_resource("items")
        owner = items.add_resource("{owner}")
        item = owner.add_resource("{id}")
        key = {"owner": From.path("owner"), "id": From.path("id")}
        DynamoDbPutItem(
            self,
            "PutItem",
            resource=owner,
            table=table,
            item={
                "owner": From.path("owner"),
                "id": From.header("Idempotency-Key", required=True),
                "name": From.body("$.name", required=True),
                "size": From.body("$.size", type="number"),
            },
            condition_must_not_exist=True,
            body_schema=ITEM_SCHEMA,
            cors=Cors(allow_origins=ORIGINS),
        )
        DynamoDbGetItem(self, "GetItem", resource=item, table=table, key=key)
        DynamoDbUpdateItem(
            self,
            "UpdateItem",
            resource=item,
            table=table,
            key=key,
            attributes={"name": From.body("$.name"), "size": From.body("$.size", type="number")},
        )
        DynamoDbDeleteItem(self, "DeleteItem", resource=item, table=table, key=key)
        DynamoDbQuery(
            self,
            "QueryItems",
            resource=owner,
            table=table,
            partition_key={"owner": From.path("owner")},
            limit=From.query("limit", type="number", default=25),
        )
        DynamoDbScan(self, "ScanItems", resource=items, table=table)

        # SQS: a standard queue and a FIFO queue
        queue = sqs.Queue(self, "Queue", removal_policy=destroy)
        fifo = sqs.Queue(self, "Fifo", fifo=True, removal_policy=destroy)
        outputs["QueueUrl"] = queue.queue_url
        outputs["FifoQueueUrl"] = fifo.queue_url
        SqsSendMessage(
            self,
            "SendMessage",
            resource=api.root.add_resource("queue"),
            queue=queue,
            message_attributes={"kind": From.header("X-Kind")},
        )
        SqsSendMessage(
            self,
            "SendFifoMessage",
            resource=api.root.add_resource("fifo").add_resource("{group}"),
            queue=fifo,
            message_group_id=From.path("group"),
        )

        # SNS: a topic with an SQS queue subscribed
        topic = sns.Topic(self, "Topic")
        topic_sink = sqs.Queue(self, "TopicSink", removal_policy=destroy)
        topic.add_subscription(subscriptions.SqsSubscription(topic_sink))
        outputs["TopicArn"] = topic.topic_arn
        outputs["TopicSinkUrl"] = topic_sink.queue_url
        SnsPublish(
            self,
            "Publish",
            resource=api.root.add_resource("topic"),
            topic=topic,
            subject=From.query("subject"),
        )

        # Kinesis Data Streams
        stream = kinesis.Stream(
            self,
            "Stream",
            shard_count=1,
            encryption=kinesis.StreamEncryption.UNENCRYPTED,
            removal_policy=destroy,
        )
        outputs["StreamName"] = stream.stream_name
        KinesisPutRecord(
            self,
            "PutRecord",
            resource=api.root.add_resource("stream"),
            stream=stream,
            partition_key=From.header("X-Partition", required=True),
        )

        # Firehose to S3
        archive = s3.Bucket(self, "Archive", removal_policy=destroy)
        delivery = firehose.DeliveryStream(
            self,
            "Delivery",
            # LocalStack's resource provider needs the name (KeyError 'DeliveryStreamName')
            delivery_stream_name="constructs-pkg-presets-delivery",
            destination=firehose.S3Bucket(
                archive,
                data_output_prefix="firehose/",
                error_output_prefix="firehose-errors/",
                buffering_interval=cdk.Duration.seconds(0),
                logging_config=firehose.DisableLogging(),
            ),
        )
        outputs["ArchiveBucket"] = archive.bucket_name
        outputs["DeliveryStreamName"] = delivery.delivery_stream_name
        FirehosePutRecord(
            self,
            "FirehosePutRecord",
            resource=api.root.add_resource("firehose"),
            delivery_stream=delivery,
        )

        # EventBridge: a bus with a rule sending the preset's events to an SQS queue
        bus = events.EventBus(self, "Bus")
        events_sink = sqs.Queue(self, "EventsSink", removal_policy=destroy)
        events.Rule(
            self,
            "ToSink",
            event_bus=bus,
            event_pattern=events.EventPattern(source=[EVENT_SOURCE]),
            targets=[targets.SqsQueue(events_sink)],
        )
        outputs["EventsSinkUrl"] = events_sink.queue_url
        events_resource = api.root.add_resource("events")
        EventBridgePutEvents(
            self,
            "PutEvents",
            resource=events_resource,
            event_bus=bus,
            source=EVENT_SOURCE,
            detail_type=From.header("X-Event-Type", required=True),
        )
        # no required parameter, so no request validator: any JSON body reaches EventBridge
        # (the emulator validates a body against the Empty model when a validator is on)
        EventBridgePutEvents(
            self,
            "PutRawEvents",
            resource=events_resource.add_resource("raw"),
            event_bus=bus,
            source=EVENT_SOURCE,
            detail_type="RawEvent",
        )

        # Step Functions: a STANDARD machine (async) and an EXPRESS one (sync)
        standard = sfn.StateMachine(
            self,
            "Standard",
            # still RUNNING while the tests run: StartExecution is idempotent only then
            definition_body=sfn.DefinitionBody.from_chainable(
                sfn.Pass(self, "Accept").next(
                    sfn.Wait(self, "Hold", time=sfn.WaitTime.duration(cdk.Duration.minutes(10)))
                )
            ),
            state_machine_type=sfn.StateMachineType.STANDARD,
        )
        express = sfn.StateMachine(
            self,
            "Express",
            definition_body=sfn.DefinitionBody.from_chainable(
                sfn.Choice(self, "Has items?")
                .when(
                    sfn.Condition.is_present("$.items[0]"),
                    sfn.Pass(
                        self,
                        "Price",
                        parameters={"currency": "EUR", "total.$": "States.ArrayLength($.items)"},
                    ),
                )
                .when(
                    sfn.Condition.is_present("$.explode"),
                    sfn.Fail(self, "Explode", error="Boom", cause="internal detail"),
                )
                .otherwise(sfn.Fail(self, "No items", error="ValidationError", cause="no items"))
            ),
            state_machine_type=sfn.StateMachineType.EXPRESS,
            timeout=cdk.Duration.seconds(20),
        )
        outputs["StandardArn"] = standard.state_machine_arn
        outputs["ExpressArn"] = express.state_machine_arn
        StepFunctionsStartExecution(
            self,
            "StartExecution",
            resource=api.root.add_resource("executions"),
            state_machine=standard,
        )
        StepFunctionsStartSyncExecution(
            self,
            "StartSyncExecution",
            resource=api.root.add_resource("quotes"),
            state_machine=express,
            error_statuses={"ValidationError": 400},
            expose_cause=True,
        )

        # S3 objects by key
        bucket = s3.Bucket(self, "Objects", removal_policy=destroy)
        outputs["ObjectsBucket"] = bucket.bucket_name
        obj = api.root.add_resource("objects").add_resource("{key+}")
        S3GetObject(
            self,
            "GetObject",
            resource=obj,
            bucket=bucket,
            key_prefix="files/",
            grant_list_bucket=True,
        )
        S3PutObject(self, "PutObject", resource=obj, bucket=bucket, key_prefix="files/")
        S3DeleteObject(self, "DeleteObject", resource=obj, bucket=bucket, key_prefix="files/")

        if with_lambda:
            self._lambda(api, outputs)

        for name, value in outputs.items():
            cdk.CfnOutput(self, name, value=value)

    def _lambda(self, api: apigw.RestApi, outputs: dict[str, str]) -> None:
        """The Lambda presets; left out where the emulator cannot create a function."""
        worker = lambda_.Function(
            self,
            "Worker",
            runtime=lambda_.Runtime.PYTHON_3_12,
            handler="index.handler",
            code=lambda_.Code.from_inline(WORKER),
            timeout=cdk.Duration.seconds(10),
        )
        outputs["FunctionName"] = worker.function_name
        fn = api.root.add_resource("lambda")
        LambdaInvoke(
            self,
            "InvokeSync",
            resource=fn.add_resource("sync"),
            function=worker,
            error_patterns={r"\[BadRequest\].*": 400},
        )
        LambdaInvoke(
            self,
            "InvokeAsync",
            resource=fn.add_resource("async"),
            function=worker,
            invocation_type="Event",
        )


def synth_template(outdir: str, *, with_lambda: bool = True) -> dict[str, Any]:
    """The stack's CloudFormation template (synthesized in this process)."""
    app = cdk.App(outdir=outdir)
    stack = PresetStack(app, with_lambda=with_lambda)
    assembly = app.synth()
    artifact = assembly.get_stack_by_name(stack.stack_name)
    if artifact.assets:
        raise AssertionError(f"the preset stack must have no assets, has {artifact.assets}")
    template: dict[str, Any] = artifact.template
    return template
