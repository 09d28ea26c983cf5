"""KinesisPutRecord: action-style URI, JSON 1.1 headers, base64 data, exact grant, KMS."""

from __future__ import annotations

import base64
import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kms as kms
from preset_support import HOSTILE, allow, logical_id, method_properties, statements, uri

from constructs_pkg import From, ValidationError
from constructs_pkg.presets import KinesisPutRecord
from constructs_pkg.testing import (
    SampleRequest,
    check_against_input_shape,
    render_method_request,
    render_response,
)


def test_kinesis_put_record_uri_headers_template_and_exact_grant(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    stream = kinesis.Stream(stack, "Stream", encryption=kinesis.StreamEncryption.UNENCRYPTED)
    method = KinesisPutRecord(stack, "Put", resource=api.root, stream=stream)
    integration = method_properties(method)["Integration"]
    assert integration["IntegrationHttpMethod"] == "POST"
    assert integration["Uri"] == uri("kinesis", "action/PutRecord")
    assert integration["RequestParameters"] == {
        "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
        "integration.request.header.X-Amz-Target": "'Kinesis_20131202.PutRecord'",
    }
    template = integration["RequestTemplates"]["application/json"]
    assert "$util.base64Encode(" in template
    assert statements(stack) == [allow(["kinesis:PutRecord"], [f"${{{logical_id(stream)}.Arn}}"])]


@pytest.mark.parametrize("payload", ['{"click": "buy"}', HOSTILE], ids=["normal", "hostile"])
def test_kinesis_data_is_the_body_base64_and_partition_key_escaped(
    stack: cdk.Stack, api: apigw.RestApi, payload: str
) -> None:
    stream = kinesis.Stream(stack, "Stream")
    method = KinesisPutRecord(
        stack,
        "Put",
        resource=api.root,
        stream=stream,
        partition_key=From.header("X-Session-Id", required=True),
    )
    body = render_method_request(
        method, SampleRequest(body=payload, headers={"X-Session-Id": payload})
    )
    sent = json.loads(body)
    assert sent == {
        "StreamName": logical_id(stream),
        "Data": base64.b64encode(payload.encode()).decode(),
        "PartitionKey": payload,
    }
    assert check_against_input_shape(body, "kinesis", "PutRecord") == []


def test_kinesis_default_partition_key_is_the_request_id(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    method = KinesisPutRecord(
        stack, "Put", resource=api.root, stream=kinesis.Stream(stack, "Stream")
    )
    sent = json.loads(render_method_request(method, SampleRequest(body="x")))
    assert sent["PartitionKey"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"


def test_kinesis_kms_stream_grants_generate_data_key(stack: cdk.Stack, api: apigw.RestApi) -> None:
    key = kms.Key(stack, "Key")
    stream = kinesis.Stream(
        stack, "Stream", encryption=kinesis.StreamEncryption.KMS, encryption_key=key
    )
    KinesisPutRecord(stack, "Put", resource=api.root, stream=stream)
    assert sorted(statements(stack), key=str) == sorted(
        [
            allow(["kinesis:PutRecord"], [f"${{{logical_id(stream)}.Arn}}"]),
            allow(["kms:GenerateDataKey"], [f"${{{logical_id(key)}.Arn}}"]),
        ],
        key=str,
    )


def test_kinesis_response_is_sequence_number_and_shard(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    method = KinesisPutRecord(
        stack, "Put", resource=api.root, stream=kinesis.Stream(stack, "Stream")
    )
    template = method.integration_responses[0].response_templates["application/json"]
    answer = {"SequenceNumber": "4959", "ShardId": "shardId-000", "EncryptionType": "KMS"}
    rendered = render_response(template, answer)
    assert json.loads(rendered.body) == {"sequenceNumber": "4959", "shardId": "shardId-000"}
    throttled = {r.status_code: r for r in method.integration_responses}["400"]
    out = render_response(
        throttled.response_templates["application/json"],
        {"__type": "ProvisionedThroughputExceededException", "message": "Rate exceeded"},
        status=400,
    )
    assert out.status == 429


def test_fails_when_data_is_a_list(stack: cdk.Stack, api: apigw.RestApi) -> None:
    with pytest.raises(ValidationError) as caught:
        KinesisPutRecord(
            stack,
            "Put",
            resource=api.root,
            stream=kinesis.Stream(stack, "Stream"),
            data=From.body("$.items", type="string_list"),
        )
    assert caught.value.code == "invalid-blob-source"
