"""The in-process moto backend: the template's resources created, signed requests answered,
one isolated account per backend, nothing patched globally."""

from __future__ import annotations

import importlib.util
import json
import time
from collections.abc import Iterator
from typing import Any

import aws_cdk as cdk
import boto3
import botocore.exceptions
import pytest
from app_context import cdk_app
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as events_targets
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kinesisfirehose as firehose
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as sns_subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from botocore.config import Config

from app import build_app
from constructs_pkg import MethodShards, ServiceIntegrationMethod
from constructs_pkg._apimodel import Intrinsics, Unresolved, read_rest_api, rest_api_ids
from constructs_pkg.testing._local._backend import (
    IntegrationFailureError,
    IntegrationTimeoutError,
    ServiceRequest,
)
from constructs_pkg.testing._local._errors import LocalApiError
from constructs_pkg.testing._local._moto import MotoBackend, start_backend
from constructs_pkg.testing._local._source import LoadedTemplate, load_template

JSON_10 = "application/x-amz-json-1.0"
JSON_11 = "application/x-amz-json-1.1"


class Services(cdk.Stack):
    """One of each backing resource the presets use, with their typical properties."""

    def __init__(self, scope: cdk.App, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(self, "Key", enable_key_rotation=True)
        self.table = dynamodb.Table(
            self,
            "Table",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            time_to_live_attribute="expires",
        )
        self.table.add_global_secondary_index(
            index_name="byEmail",
            partition_key=dynamodb.Attribute(name="email", type=dynamodb.AttributeType.STRING),
        )
        self.table.add_local_secondary_index(
            index_name="byDate",
            sort_key=dynamodb.Attribute(name="date", type=dynamodb.AttributeType.STRING),
        )
        self.provisioned = dynamodb.Table(
            self,
            "Provisioned",
            table_name="provisioned-table",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.NUMBER),
            billing_mode=dynamodb.BillingMode.PROVISIONED,
            read_capacity=3,
            write_capacity=4,
        )
        self.queue = sqs.Queue(
            self,
            "Queue",
            fifo=True,
            content_based_deduplication=True,
            encryption_master_key=self.key,
            visibility_timeout=cdk.Duration.seconds(45),
        )
        self.topic = sns.Topic(self, "Topic", fifo=True, content_based_deduplication=True)
        self.stream = kinesis.Stream(self, "Stream", shard_count=2)
        self.bucket = s3.Bucket(self, "Bucket", versioned=True)
        self.delivery = firehose.DeliveryStream(
            self, "Delivery", destination=firehose.S3Bucket(self.bucket)
        )
        self.bus = events.EventBus(self, "Bus")
        self.machine = sfn.StateMachine(
            self,
            "Machine",
            definition_body=sfn.DefinitionBody.from_string(
                '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"${table}","End":true}}}'
            ),
            definition_substitutions={"table": self.table.table_name},
            state_machine_type=sfn.StateMachineType.EXPRESS,
        )


@pytest.fixture(scope="module")
def services() -> Services:
    return Services(cdk.App(), "Services")


@pytest.fixture(scope="module")
def loaded(services: Services) -> LoadedTemplate:
    return load_template(services)


@pytest.fixture
def backend(loaded: LoadedTemplate) -> Iterator[MotoBackend]:
    with MotoBackend(loaded) as backend:
        yield backend


def _physical(backend: MotoBackend, loaded: LoadedTemplate, construct: object) -> str:
    return backend.names.physical_id(*loaded.locate(construct))


def _attribute(backend: MotoBackend, loaded: LoadedTemplate, construct: object, name: str) -> str:
    scope, logical_id = loaded.locate(construct)
    resource = loaded.resource(scope, logical_id) or {}
    found = backend.names.attribute(scope, logical_id, resource, name)
    assert found is not None
    return found


def test_creates_dynamodb_tables_with_keys_indexes_billing_and_streams(
    backend: MotoBackend, loaded: LoadedTemplate, services: Services
) -> None:
    dynamodb_client = backend.client("dynamodb")
    name = _physical(backend, loaded, services.table)
    assert name.startswith("Services-Table")
    table = dynamodb_client.describe_table(TableName=name)["Table"]
    assert {k["AttributeName"]: k["KeyType"] for k in table["KeySchema"]} == {
        "pk": "HASH",
        "sk": "RANGE",
    }
    assert [index["IndexName"] for index in table["GlobalSecondaryIndexes"]] == ["byEmail"]
    assert [index["IndexName"] for index in table["LocalSecondaryIndexes"]] == ["byDate"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["StreamSpecification"] == {
        "StreamEnabled": True,
        "StreamViewType": "NEW_AND_OLD_IMAGES",
    }
    assert _attribute(backend, loaded, services.table, "StreamArn") == table["LatestStreamArn"]
    assert _attribute(backend, loaded, services.table, "Arn") == table["TableArn"]
    assert table["TableArn"] == f"arn:aws:dynamodb:us-east-1:{backend.account}:table/{name}"
    ttl = dynamodb_client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "expires"
    provisioned = dynamodb_client.describe_table(TableName="provisioned-table")["Table"]
    assert provisioned["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert provisioned["ProvisionedThroughput"]["WriteCapacityUnits"] == 4


def test_creates_fifo_queues_encrypted_with_the_created_key(
    backend: MotoBackend, loaded: LoadedTemplate, services: Services
) -> None:
    url = _physical(backend, loaded, services.queue)
    assert url.endswith(".fifo")
    attributes = backend.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["All"])[
        "Attributes"
    ]
    assert attributes["FifoQueue"] == "true"
    assert attributes["ContentBasedDeduplication"] == "true"
    assert attributes["VisibilityTimeout"] == "45"
    # the key is the one created in moto: its id is the Ref, its ARN the queue's key
    key_id = _physical(backend, loaded, services.key)
    keys = [key["KeyId"] for key in backend.client("kms").list_keys()["Keys"]]
    assert keys == [key_id]
    assert attributes["KmsMasterKeyId"] == _attribute(backend, loaded, services.key, "Arn")
    assert backend.client("kms").get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"]


def test_creates_topics_streams_buses_buckets_and_delivery_streams(
    backend: MotoBackend, loaded: LoadedTemplate, services: Services
) -> None:
    topic_arn = _physical(backend, loaded, services.topic)
    topic = backend.client("sns").get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    assert topic["FifoTopic"] == "true"
    stream = _physical(backend, loaded, services.stream)
    summary = backend.client("kinesis").describe_stream_summary(StreamName=stream)
    assert summary["StreamDescriptionSummary"]["OpenShardCount"] == 2
    bus = _physical(backend, loaded, services.bus)
    described = backend.client("events").describe_event_bus(Name=bus)
    assert described["Arn"] == _attribute(backend, loaded, services.bus, "Arn")
    bucket = _physical(backend, loaded, services.bucket)
    versioning = backend.client("s3").get_bucket_versioning(Bucket=bucket)
    assert versioning["Status"] == "Enabled"
    delivery = _physical(backend, loaded, services.delivery)
    description = backend.client("firehose").describe_delivery_stream(DeliveryStreamName=delivery)[
        "DeliveryStreamDescription"
    ]
    (destination,) = description["Destinations"]
    s3_destination = destination.get("ExtendedS3DestinationDescription") or destination.get(
        "S3DestinationDescription"
    )
    assert s3_destination["BucketARN"] == f"arn:aws:s3:::{bucket}"


def test_creates_state_machines_with_their_substitutions(
    backend: MotoBackend, loaded: LoadedTemplate, services: Services
) -> None:
    arn = _physical(backend, loaded, services.machine)
    described = backend.client("stepfunctions").describe_state_machine(stateMachineArn=arn)
    definition = json.loads(described["definition"])
    assert definition["States"]["P"]["Result"] == _physical(backend, loaded, services.table)
    assert described["type"] == "EXPRESS"
    assert described["roleArn"].startswith(f"arn:aws:iam::{backend.account}:role/Services-")


def test_send_signs_a_dynamodb_put_item_read_back_with_the_client(
    backend: MotoBackend, loaded: LoadedTemplate, services: Services
) -> None:
    # GIVEN a PutItem as API Gateway sends it for an action-style URI
    table = _physical(backend, loaded, services.table)
    item = {"pk": {"S": "jane"}, "sk": {"S": "profile"}, "name": {"S": "Jane"}}
    request = ServiceRequest(
        service="dynamodb",
        region="us-east-1",
        method="POST",
        path="/",
        headers={"Content-Type": JSON_10, "X-Amz-Target": "DynamoDB_20120810.PutItem"},
        body=json.dumps({"TableName": table, "Item": item}).encode(),
    )
    # WHEN it is sent
    response = backend.send(request)
    # THEN DynamoDB answers 200 and the item is there for the same backend's client
    assert response.status == 200, response.body
    assert json.loads(response.body) == {}
    stored = backend.client("dynamodb").get_item(
        TableName=table, Key={"pk": {"S": "jane"}, "sk": {"S": "profile"}}
    )
    assert stored["Item"] == item


def test_send_returns_service_errors_as_the_service_answers(backend: MotoBackend) -> None:
    response = backend.send(
        ServiceRequest(
            service="dynamodb",
            region="us-east-1",
            method="POST",
            headers={"Content-Type": JSON_10, "X-Amz-Target": "DynamoDB_20120810.GetItem"},
            body=json.dumps({"TableName": "missing", "Key": {"pk": {"S": "x"}}}).encode(),
        )
    )
    assert response.status == 400
    assert "ResourceNotFoundException" in json.loads(response.body)["__type"]


def test_send_path_style_sqs_and_s3_and_json_services(
    backend: MotoBackend, loaded: LoadedTemplate, services: Services
) -> None:
    # SQS, path-style with a form body (what the SQS presets send)
    url = _physical(backend, loaded, services.queue)
    path = "/" + "/".join(url.split("/")[-2:])
    sent = backend.send(
        ServiceRequest(
            service="sqs",
            region="us-east-1",
            method="POST",
            path=path,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=b"Action=SendMessage&MessageBody=hello&MessageGroupId=g",
        )
    )
    assert sent.status == 200, sent.body
    assert b"SendMessageResponse" in sent.body
    messages = backend.client("sqs").receive_message(QueueUrl=url)["Messages"]
    assert [message["Body"] for message in messages] == ["hello"]
    # S3, path-style PUT of an object
    bucket = _physical(backend, loaded, services.bucket)
    put = backend.send(
        ServiceRequest(
            service="s3",
            region="us-east-1",
            method="PUT",
            path=f"/{bucket}/notes/a.txt",
            headers={"Content-Type": "text/plain"},
            body=b"note",
        )
    )
    assert put.status == 200, put.body
    stored = backend.client("s3").get_object(Bucket=bucket, Key="notes/a.txt")["Body"].read()
    assert stored == b"note"
    # and virtual-hosted style: the bucket as the URI's subdomain (my-bucket.s3)
    got = backend.send(
        ServiceRequest(
            service="s3", subdomain=bucket, region="us-east-1", method="GET", path="/notes/a.txt"
        )
    )
    assert (got.status, got.body) == (200, b"note")
    # Step Functions (signing name "states"), Kinesis and EventBridge: JSON with X-Amz-Target
    calls = [
        (
            "states",
            "AWSStepFunctions.StartExecution",
            {"stateMachineArn": _physical(backend, loaded, services.machine), "input": "{}"},
        ),
        (
            "kinesis",
            "Kinesis_20131202.PutRecord",
            {
                "StreamName": _physical(backend, loaded, services.stream),
                "Data": "aGk=",
                "PartitionKey": "k",
            },
        ),
        (
            "events",
            "AWSEvents.PutEvents",
            {
                "Entries": [
                    {
                        "Source": "app",
                        "DetailType": "t",
                        "Detail": "{}",
                        "EventBusName": _physical(backend, loaded, services.bus),
                    }
                ]
            },
        ),
        (
            "firehose",
            "Firehose_20150804.PutRecord",
            {
                "DeliveryStreamName": _physical(backend, loaded, services.delivery),
                "Record": {"Data": "aGk="},
            },
        ),
    ]
    for service, target, payload in calls:
        answer = backend.send(
            ServiceRequest(
                service=service,
                region="us-east-1",
                method="POST",
                headers={
                    "Content-Type": JSON_11 if service != "states" else JSON_10,
                    "X-Amz-Target": target,
                },
                body=json.dumps(payload).encode(),
            )
        )
        assert answer.status == 200, (service, answer.body)


def test_send_action_style_query_for_sns(
    backend: MotoBackend, loaded: LoadedTemplate, services: Services
) -> None:
    topic = _physical(backend, loaded, services.topic)
    answer = backend.send(
        ServiceRequest(
            service="sns",
            region="us-east-1",
            method="POST",
            query=(
                ("Action", "Publish"),
                ("TopicArn", topic),
                ("Message", "hi there"),
                ("MessageGroupId", "g"),
            ),
        )
    )
    assert answer.status == 200, answer.body
    assert b"<MessageId>" in answer.body


def test_fails_when_the_service_does_not_answer_in_time(
    backend: MotoBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Slow:
        def process_request(self, request: Any) -> Any:
            time.sleep(0.5)
            return 200, {}, b"{}"

    monkeypatch.setattr(backend, "_stubber", Slow())
    started = time.perf_counter()
    with pytest.raises(IntegrationTimeoutError):
        backend.send(
            ServiceRequest(
                service="dynamodb", region="us-east-1", method="POST", timeout_seconds=0.05
            )
        )
    assert time.perf_counter() - started < 0.4


def test_two_backends_never_share_state(loaded: LoadedTemplate, services: Services) -> None:
    # GIVEN two backends of the same template, at once
    first, second = MotoBackend(loaded), MotoBackend(loaded)
    try:
        assert first.account != second.account
        first_table = _physical(first, loaded, services.table)
        second_table = _physical(second, loaded, services.table)
        assert first_table != second_table
        # WHEN one writes
        first.client("dynamodb").put_item(TableName="provisioned-table", Item={"id": {"N": "1"}})
        # THEN the other does not see it, and each sees only its own tables
        assert second.client("dynamodb").scan(TableName="provisioned-table")["Items"] == []
        assert first_table not in second.client("dynamodb").list_tables()["TableNames"]
        # AND closing one forgets its account only
        first.close()
        from moto.core.base_backend import BackendDict
        from moto.core.model_instances import model_data

        assert all(first.account not in backends for backends in BackendDict._instances)
        tracked = [
            item
            for models in model_data.values()
            for model in models.values()
            for item in getattr(model, "instances_tracked", [])
        ]
        assert all(getattr(item, "account_id", None) != first.account for item in tracked)
        assert any(getattr(item, "account_id", None) == second.account for item in tracked)
        third = MotoBackend(loaded)
        assert third.client("dynamodb").scan(TableName="provisioned-table")["Items"] == []
        assert second.client("dynamodb").describe_table(TableName=second_table)
        third.close()
    finally:
        first.close()
        second.close()


def test_nothing_is_patched_for_other_boto3_clients(backend: MotoBackend) -> None:
    # a client the user creates still goes to the network (here: a closed port)
    user_client = boto3.client(
        "dynamodb",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="a",
        aws_secret_access_key="b",
        config=Config(retries={"total_max_attempts": 1}, connect_timeout=1),
    )
    with pytest.raises(botocore.exceptions.EndpointConnectionError):
        user_client.list_tables()


def test_start_backend_is_moto_without_endpoint(loaded: LoadedTemplate) -> None:
    backend = start_backend(loaded, endpoint_url=None, region="eu-west-1")
    try:
        assert isinstance(backend, MotoBackend)
        assert backend.region == "eu-west-1"
        tables = backend.client("dynamodb").list_tables()["TableNames"]
        assert "provisioned-table" in tables
    finally:
        backend.close()


def test_the_example_apps_stacks_provision_cleanly() -> None:
    app = build_app(cdk_app())
    for name in ("ProfilesApiParity", "ProfilesApi"):
        stack = app.node.find_child(name)
        assert isinstance(stack, cdk.Stack)
        with MotoBackend(load_template(stack)) as backend:
            assert len(backend.client("dynamodb").list_tables()["TableNames"]) == 1


def _template(resources: dict[str, Any]) -> LoadedTemplate:
    return load_template({"Resources": resources}, stack_name="Bad")


@pytest.mark.parametrize(
    "resource",
    [
        # moto rejects a FIFO queue whose name does not end in .fifo
        {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "jobs", "FifoQueue": True}},
        # the definition lives in S3
        {
            "Type": "AWS::StepFunctions::StateMachine",
            "Properties": {
                "RoleArn": "arn:aws:iam::123456789012:role/r",
                "DefinitionS3Location": {"Bucket": "b", "Key": "k"},
            },
        },
        # no key schema
        {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "PAY_PER_REQUEST"}},
    ],
)
def test_fails_when_the_backend_cannot_create_a_resource(resource: dict[str, Any]) -> None:
    with pytest.raises(LocalApiError) as caught:
        MotoBackend(_template({"Thing": resource}))
    assert caught.value.code == "backend-unsupported"
    assert "'Thing'" in caught.value.message
    assert "endpoint_url=" in caught.value.message


def test_resources_moto_does_not_create_keep_their_names() -> None:
    loaded = _template(
        {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "runner"}},
            "Logs": {"Type": "AWS::Logs::LogGroup"},
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "f"}},
        }
    )
    with MotoBackend(loaded) as backend:
        assert backend.names.physical_id("", "Role") == "runner"
        assert backend.names.physical_id("", "Logs").startswith("Bad-Logs-")
        arn = f"arn:aws:lambda:us-east-1:{backend.account}:function:f"
        assert backend.lambda_function(arn) == "Fn"


def test_method_shards_resolve_to_the_created_resources() -> None:
    # GIVEN an API whose methods fill nested stacks (MethodShards), on a table of the API's stack
    stack = cdk.Stack(cdk.App(), "Sharded")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    shards = MethodShards(stack, "Shards", api=api, resources_per_stack=10)
    for i in range(12):
        ServiceIntegrationMethod(
            stack,
            f"M{i:02d}",
            resource=shards.resource(f"/m{i:02d}"),
            http_method="GET",
            service="dynamodb",
            action="GetItem",
            resources=[table.table_arn],
            request_templates={"application/json": f'{{"TableName": "{table.table_name}"}}'},
        )
    loaded = load_template(stack)
    assert len(list(loaded.scopes())) == 1 + len(shards.stacks) > 2
    # WHEN the backend starts and the API is read with its names
    with MotoBackend(loaded) as backend:
        ((api_id, _),) = rest_api_ids(loaded.template)
        intrinsics = Intrinsics(
            loaded.template,
            region=backend.region,
            account=backend.account,
            stack_name=loaded.stack_name,
            names=backend.names,
        )
        rest_api = read_rest_api(intrinsics, api_id, nested=loaded.nested)
        # THEN every method of every nested stack is there, on the table that was created
        table_name = _physical(backend, loaded, table)
        assert table_name in backend.client("dynamodb").list_tables()["TableNames"]
        assert len(rest_api.methods) == 12
        for method in rest_api.methods:
            assert method.integration is not None
            template = method.integration.request_templates["application/json"]
            assert json.loads(template) == {"TableName": table_name}
            assert not isinstance(method.integration.credentials, Unresolved)
            assert str(method.integration.credentials).startswith(
                f"arn:aws:iam::{backend.account}:role/Sharded"
            )


def test_rules_and_subscriptions_deliver_to_queues() -> None:
    # GIVEN a bus with a rule targeting a queue, and a topic with a queue subscribed
    stack = cdk.Stack(cdk.App(), "Wiring")
    bus = events.EventBus(stack, "Bus")
    events_queue = sqs.Queue(stack, "EventsQueue")
    events.Rule(
        stack,
        "Rule",
        event_bus=bus,
        event_pattern=events.EventPattern(source=["orders"]),
        targets=[events_targets.SqsQueue(events_queue)],
    )
    topic = sns.Topic(stack, "Topic")
    topic_queue = sqs.Queue(stack, "TopicQueue")
    topic.add_subscription(
        sns_subscriptions.SqsSubscription(topic_queue, raw_message_delivery=True)
    )
    loaded = load_template(stack)
    with MotoBackend(loaded) as backend:
        # WHEN an event is put and a message published
        backend.client("events").put_events(
            Entries=[
                {
                    "Source": "orders",
                    "DetailType": "created",
                    "Detail": '{"id": 1}',
                    "EventBusName": _physical(backend, loaded, bus),
                }
            ]
        )
        backend.client("sns").publish(TopicArn=_physical(backend, loaded, topic), Message="hi")
        # THEN both reach their queues (rules: when moto can deliver, with jsonpath-ng)
        sqs_client = backend.client("sqs")
        got_event = sqs_client.receive_message(QueueUrl=_physical(backend, loaded, events_queue))
        if importlib.util.find_spec("jsonpath_ng") is None:
            assert "Messages" not in got_event
            assert (
                backend.client("events").list_rules(EventBusName=_physical(backend, loaded, bus))[
                    "Rules"
                ]
                == []
            )
        else:
            assert json.loads(got_event["Messages"][0]["Body"])["detail"] == {"id": 1}
        got_message = sqs_client.receive_message(QueueUrl=_physical(backend, loaded, topic_queue))
        assert got_message["Messages"][0]["Body"] == "hi"


def _sync(backend: MotoBackend, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    answer = backend.send(
        ServiceRequest(
            service="states",
            region="us-east-1",
            method="POST",
            headers={
                "Content-Type": JSON_10,
                "X-Amz-Target": "AWSStepFunctions.StartSyncExecution",
            },
            body=json.dumps(payload).encode(),
        )
    )
    return answer.status, json.loads(answer.body)


def test_start_sync_execution_runs_simple_express_machines() -> None:
    # GIVEN an EXPRESS machine: a Choice, a Pass shaping the output, a Fail
    stack = cdk.Stack(cdk.App(), "Sync")
    greet = sfn.Pass(
        stack,
        "Greet",
        parameters={"greeting.$": "$.name", "fixed": 1},
        result_path="$.out",
    )
    fail = sfn.Fail(stack, "NoName", error="MissingName", cause="name is required")
    choice = sfn.Choice(stack, "HasName")
    choice.when(sfn.Condition.is_present("$.name"), greet).otherwise(fail)
    machine = sfn.StateMachine(
        stack,
        "Machine",
        definition_body=sfn.DefinitionBody.from_chainable(choice),
        state_machine_type=sfn.StateMachineType.EXPRESS,
    )
    standard = sfn.StateMachine(
        stack, "Standard", definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(stack, "P"))
    )
    loaded = load_template(stack)
    with MotoBackend(loaded) as backend:
        arn = _physical(backend, loaded, machine)
        # WHEN it runs with a name: THEN it succeeds with the Pass state's output
        status, answer = _sync(backend, {"stateMachineArn": arn, "input": '{"name": "jane"}'})
        assert status == 200
        assert answer["status"] == "SUCCEEDED"
        assert json.loads(answer["output"]) == {
            "name": "jane",
            "out": {"greeting": "jane", "fixed": 1},
        }
        assert answer["executionArn"].startswith(
            f"arn:aws:states:us-east-1:{backend.account}:express:"
        )
        # AND without: it fails with the Fail state's error and cause, still HTTP 200
        status, answer = _sync(backend, {"stateMachineArn": arn, "input": "{}"})
        assert (status, answer["status"]) == (200, "FAILED")
        assert (answer["error"], answer["cause"]) == ("MissingName", "name is required")
        assert "output" not in answer
        # AND a STANDARD machine, an unknown one and bad input are the service's 400s
        status, answer = _sync(backend, {"stateMachineArn": _physical(backend, loaded, standard)})
        assert (status, answer["__type"].split("#")[-1]) == (400, "StateMachineTypeNotSupported")
        status, answer = _sync(backend, {"stateMachineArn": arn + "x"})
        assert (status, answer["__type"].split("#")[-1]) == (400, "StateMachineDoesNotExist")
        status, answer = _sync(backend, {"stateMachineArn": arn, "input": "{not json"})
        assert (status, answer["__type"].split("#")[-1]) == (400, "InvalidExecutionInput")


def test_fails_when_a_sync_machine_has_a_task_state() -> None:
    task_machine = {
        "StartAt": "Call",
        "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "End": True}
        },
    }
    local = load_template(
        {
            "Resources": {
                "Machine": {
                    "Type": "AWS::StepFunctions::StateMachine",
                    "Properties": {
                        "RoleArn": "arn:aws:iam::123456789012:role/r",
                        "StateMachineType": "EXPRESS",
                        "DefinitionString": json.dumps(task_machine),
                    },
                }
            }
        }
    )
    with MotoBackend(local) as backend, pytest.raises(IntegrationFailureError, match="Task state"):
        _sync(backend, {"stateMachineArn": backend.names.physical_id("", "Machine")})


def test_creates_table_v2_global_tables() -> None:
    stack = cdk.Stack(cdk.App(), "V2")
    table = dynamodb.TableV2(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        global_secondary_indexes=[
            dynamodb.GlobalSecondaryIndexPropsV2(
                index_name="byEmail",
                partition_key=dynamodb.Attribute(name="email", type=dynamodb.AttributeType.STRING),
            )
        ],
        time_to_live_attribute="expires",
        dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE,
    )
    loaded = load_template(stack)
    with MotoBackend(loaded) as backend:
        name = _physical(backend, loaded, table)
        described = backend.client("dynamodb").describe_table(TableName=name)["Table"]
        assert described["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        assert [index["IndexName"] for index in described["GlobalSecondaryIndexes"]] == ["byEmail"]
        assert _attribute(backend, loaded, table, "StreamArn") == described["LatestStreamArn"]


def test_fails_when_moto_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from constructs_pkg.testing._local import _moto

    monkeypatch.setattr(_moto, "_stubber", None)
    monkeypatch.setitem(sys.modules, "moto.core.botocore_stubber", None)
    with pytest.raises(LocalApiError) as caught:
        MotoBackend(_template({}))
    assert caught.value.code == "backend-unavailable"
    assert "endpoint_url=" in caught.value.message
