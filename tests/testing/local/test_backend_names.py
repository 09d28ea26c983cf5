"""Physical names: the Ref and Fn::GetAtt values CloudFormation would give each resource."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from constructs_pkg._apimodel import Intrinsics
from constructs_pkg.testing._local._names import TemplateNames
from constructs_pkg.testing._local._source import load_template

ACCOUNT = "111122223333"
PREFIX = f"us-east-1:{ACCOUNT}"
GENERATED = r"Stack-{}-[A-Z0-9]{{12}}"


def _names(resources: dict[str, Any], **kwargs: Any) -> TemplateNames:
    loaded = load_template({"Resources": resources}, stack_name="Stack")
    return TemplateNames(loaded, region="us-east-1", account=ACCOUNT, **kwargs)


def _values(kind: str, properties: dict[str, Any] | None = None) -> dict[str, str | None]:
    resource: dict[str, Any] = {"Type": kind}
    if properties is not None:
        resource["Properties"] = properties
    names = _names({"Res": resource})
    attributes = ("Arn", "StreamArn", "QueueName", "QueueUrl", "TopicName", "TopicArn", "Name")
    values: dict[str, str | None] = {"Ref": names.ref("", "Res", resource)}
    for attribute in (*attributes, "DomainName", "RegionalDomainName", "KeyId", "RoleId"):
        values[attribute] = names.attribute("", "Res", resource, attribute)
    return values


@pytest.mark.parametrize(
    ("kind", "properties", "expected"),
    [
        (
            "AWS::DynamoDB::Table",
            {"TableName": "profiles"},
            {
                "Ref": "profiles",
                "Arn": f"arn:aws:dynamodb:{PREFIX}:table/profiles",
                "StreamArn": f"arn:aws:dynamodb:{PREFIX}:table/profiles/stream/"
                "1970-01-01T00:00:00.000",
            },
        ),
        (
            "AWS::SQS::Queue",
            {"QueueName": "jobs"},
            {
                "Ref": f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/jobs",
                "QueueUrl": f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/jobs",
                "Arn": f"arn:aws:sqs:{PREFIX}:jobs",
                "QueueName": "jobs",
            },
        ),
        (
            "AWS::SNS::Topic",
            {"TopicName": "news"},
            {
                "Ref": f"arn:aws:sns:{PREFIX}:news",
                "TopicArn": f"arn:aws:sns:{PREFIX}:news",
                "TopicName": "news",
            },
        ),
        (
            "AWS::Kinesis::Stream",
            {"Name": "clicks"},
            {"Ref": "clicks", "Arn": f"arn:aws:kinesis:{PREFIX}:stream/clicks"},
        ),
        (
            "AWS::KinesisFirehose::DeliveryStream",
            {"DeliveryStreamName": "logs"},
            {"Ref": "logs", "Arn": f"arn:aws:firehose:{PREFIX}:deliverystream/logs"},
        ),
        (
            "AWS::Events::EventBus",
            {"Name": "bus"},
            {"Ref": "bus", "Arn": f"arn:aws:events:{PREFIX}:event-bus/bus", "Name": "bus"},
        ),
        (
            "AWS::StepFunctions::StateMachine",
            {"StateMachineName": "flow"},
            {
                "Ref": f"arn:aws:states:{PREFIX}:stateMachine:flow",
                "Arn": f"arn:aws:states:{PREFIX}:stateMachine:flow",
                "Name": "flow",
            },
        ),
        (
            "AWS::S3::Bucket",
            {"BucketName": "my-bucket"},
            {
                "Ref": "my-bucket",
                "Arn": "arn:aws:s3:::my-bucket",
                "DomainName": "my-bucket.s3.amazonaws.com",
                "RegionalDomainName": "my-bucket.s3.us-east-1.amazonaws.com",
            },
        ),
        (
            "AWS::IAM::Role",
            {"RoleName": "runner", "Path": "/service/"},
            {"Ref": "runner", "Arn": f"arn:aws:iam::{ACCOUNT}:role/service/runner"},
        ),
        (
            "AWS::Lambda::Function",
            {"FunctionName": "handler"},
            {"Ref": "handler", "Arn": f"arn:aws:lambda:{PREFIX}:function:handler"},
        ),
        (
            "AWS::Logs::LogGroup",
            {"LogGroupName": "/aws/x"},
            {"Ref": "/aws/x", "Arn": f"arn:aws:logs:{PREFIX}:log-group:/aws/x:*"},
        ),
        ("AWS::ApiGateway::Model", {"Name": "Profile"}, {"Ref": "Profile"}),
        ("AWS::ApiGateway::Stage", {"StageName": "prod"}, {"Ref": "prod"}),
    ],
)
def test_explicit_names_win(
    kind: str, properties: dict[str, Any], expected: dict[str, str]
) -> None:
    values = _values(kind, properties)
    assert {key: values[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("kind", "pattern"),
    [
        ("AWS::DynamoDB::Table", GENERATED.format("Res")),
        ("AWS::Kinesis::Stream", GENERATED.format("Res")),
        ("AWS::Lambda::Function", GENERATED.format("Res")),
        ("AWS::IAM::Role", GENERATED.format("Res")),
        ("AWS::Logs::LogGroup", GENERATED.format("Res")),
        ("AWS::S3::Bucket", GENERATED.format("Res")),
        ("AWS::Whatever::Thing", GENERATED.format("Res")),
        ("AWS::StepFunctions::StateMachine", r"Res-[A-Z0-9]{12}"),
    ],
)
def test_generated_names_are_cloudformation_style(kind: str, pattern: str) -> None:
    values = _values(kind)
    ref = values["Name"] if kind == "AWS::StepFunctions::StateMachine" else values["Ref"]
    assert ref is not None
    assert re.fullmatch(pattern, ref, flags=re.IGNORECASE), ref
    if kind == "AWS::S3::Bucket":
        assert ref == ref.lower()


def test_generated_fifo_names_end_in_fifo() -> None:
    queue = _values("AWS::SQS::Queue", {"FifoQueue": True})
    topic = _values("AWS::SNS::Topic", {"FifoTopic": "true"})
    assert re.fullmatch(GENERATED.format("Res") + r"\.fifo", queue["QueueName"] or "")
    assert re.fullmatch(GENERATED.format("Res") + r"\.fifo", topic["TopicName"] or "")


def test_generated_names_respect_the_service_limits() -> None:
    long_id = "A" * 90
    names = _names(
        {
            long_id: {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": True}},
            "B" * 70: {"Type": "AWS::KinesisFirehose::DeliveryStream"},
        }
    )
    queue = names.attribute("", long_id, names.intrinsics().resources[long_id], "QueueName")
    stream = names.physical_id("", "B" * 70)
    assert queue is not None and len(queue) <= 80 and queue.endswith(".fifo")
    assert len(stream) <= 64


def test_service_generated_ids() -> None:
    api = _values("AWS::ApiGateway::RestApi")
    assert re.fullmatch(r"[a-z0-9]{10}", api["Ref"] or "")
    names = _names({"Api": {"Type": "AWS::ApiGateway::RestApi"}})
    root = names.attribute("", "Api", {"Type": "AWS::ApiGateway::RestApi"}, "RootResourceId")
    assert re.fullmatch(r"[a-z0-9]{10}", root or "")
    for kind in ("Resource", "RequestValidator", "Authorizer", "Deployment"):
        assert re.fullmatch(r"[a-z0-9]{6}", _values(f"AWS::ApiGateway::{kind}")["Ref"] or "")
    key = _values("AWS::KMS::Key")
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}", key["Ref"] or ""
    )
    assert key["KeyId"] == key["Ref"]
    assert key["Arn"] == f"arn:aws:kms:{PREFIX}:key/{key['Ref']}"
    role = _values("AWS::IAM::Role")
    assert re.fullmatch(r"AROA[A-Z0-9]{17}", role["RoleId"] or "")


def test_names_are_stable_per_salt_and_differ_between_backends() -> None:
    resources = {"Table": {"Type": "AWS::DynamoDB::Table"}}
    first = _names(resources).physical_id("", "Table")
    assert _names(resources).physical_id("", "Table") == first
    other = _names(resources, salt="another backend").physical_id("", "Table")
    assert other != first and other.startswith("Stack-Table-")


def test_intrinsics_resolve_with_the_names_and_what_the_backend_set() -> None:
    # GIVEN a queue whose name is built with Fn::Join and a key the backend created
    names = _names(
        {
            "Key": {"Type": "AWS::KMS::Key"},
            "Queue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {"QueueName": {"Fn::Join": ["-", [{"Ref": "AWS::StackName"}, "q"]]}},
            },
        }
    )
    names.set("", "Key", {"Ref": "created-id", "KeyId": "created-id"})
    intrinsics = names.intrinsics()
    # THEN Ref, GetAtt and Sub resolve to the physical names
    assert intrinsics.resolve({"Ref": "Key"}) == "created-id"
    assert intrinsics.resolve({"Fn::GetAtt": ["Queue", "QueueName"]}) == "Stack-q"
    assert (
        intrinsics.resolve({"Fn::Sub": "${AWS::AccountId}/${Queue.QueueName}"})
        == f"{ACCOUNT}/Stack-q"
    )


def test_nested_stacks_have_their_own_names_and_outputs(tmp_path: Path) -> None:
    # GIVEN a template with a nested stack (its template in the same folder) passing a name in
    child = {
        "Parameters": {"Prefix": {"Type": "String"}},
        "Resources": {
            "Table": {"Type": "AWS::DynamoDB::Table"},
            "Named": {
                "Type": "AWS::DynamoDB::Table",
                "Properties": {"TableName": {"Fn::Sub": "${Prefix}-named"}},
            },
        },
        "Outputs": {"TableArn": {"Value": {"Fn::GetAtt": ["Table", "Arn"]}}},
    }
    (tmp_path / "child.json").write_text(json.dumps(child))
    parent = {
        "Resources": {
            "Nested": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {"Parameters": {"Prefix": "pre"}},
                "Metadata": {"aws:asset:path": "child.json"},
            },
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "f"}},
        }
    }
    path = tmp_path / "Parent.template.json"
    path.write_text(json.dumps(parent))
    names = TemplateNames(load_template(path), region="us-east-1", account=ACCOUNT)
    # THEN the nested stack's Ref is a stack ARN, its resources are named after it
    stack_arn = names.physical_id("", "Nested")
    assert stack_arn.startswith(f"arn:aws:cloudformation:{PREFIX}:stack/Parent-Nested-")
    nested_name = stack_arn.split("/")[1]
    assert names.physical_id("Nested", "Table").startswith(f"{nested_name}-Table-")
    assert names.physical_id("Nested", "Named") == "pre-named"
    # AND its outputs resolve through the parent
    table_arn = Intrinsics(
        parent, region="us-east-1", account=ACCOUNT, stack_name="Parent", names=names
    ).resolve({"Fn::GetAtt": ["Nested", "Outputs.TableArn"]})
    assert table_arn == f"arn:aws:dynamodb:{PREFIX}:table/{names.physical_id('Nested', 'Table')}"


def test_finds_a_lambda_function_by_arn() -> None:
    names = _names({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "f"}}})
    arn = f"arn:aws:lambda:{PREFIX}:function:f"
    assert names.lambda_function(arn) == "Fn"
    assert names.lambda_function(f"{arn}:live") == "Fn"
    assert names.lambda_function(f"arn:aws:lambda:{PREFIX}:function:other") is None
