"""FirehosePutRecord: stream as construct, name or ARN; base64 record; exact grant."""

from __future__ import annotations

import base64
import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kinesisfirehose as firehose
from aws_cdk import aws_s3 as s3
from preset_support import HOSTILE, allow, logical_id, method_properties, statements, uri

from constructs_pkg import ValidationError
from constructs_pkg.presets import FirehosePutRecord
from constructs_pkg.testing import (
    SampleRequest,
    check_against_input_shape,
    render_method_request,
    render_response,
)

ARN = "arn:aws:firehose:eu-west-1:444455556666:deliverystream/clicks"


@pytest.mark.parametrize("given", ["construct", "name", "arn"])
def test_firehose_put_record_uri_headers_and_exact_grant(
    stack: cdk.Stack, api: apigw.RestApi, given: str
) -> None:
    expected_uri = uri("firehose", "action/PutRecord")
    if given == "construct":
        target: firehose.IDeliveryStream | str = firehose.DeliveryStream(
            stack,
            "Stream",
            destination=firehose.S3Bucket(s3.Bucket(stack, "Bucket")),
        )
        arn = f"${{{logical_id(target)}.Arn}}"
    elif given == "name":
        target = "clicks"
        arn = (
            "arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/clicks"
        )
    else:
        target, arn = ARN, ARN
        expected_uri = expected_uri.replace("${AWS::Region}", "eu-west-1")
    method = FirehosePutRecord(stack, "Put", resource=api.root, delivery_stream=target)
    integration = method_properties(method)["Integration"]
    assert integration["Uri"] == expected_uri
    assert integration["RequestParameters"] == {
        "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
        "integration.request.header.X-Amz-Target": "'Firehose_20150804.PutRecord'",
    }
    assert [s for s in statements(stack) if s["Action"] == ["firehose:PutRecord"]] == [
        allow(["firehose:PutRecord"], [arn])
    ]


@pytest.mark.parametrize("payload", ['{"page": "/home"}\n', HOSTILE], ids=["normal", "hostile"])
def test_firehose_record_data_is_the_body_base64(
    stack: cdk.Stack, api: apigw.RestApi, payload: str
) -> None:
    method = FirehosePutRecord(stack, "Put", resource=api.root, delivery_stream="clicks")
    body = render_method_request(method, SampleRequest(body=payload))
    assert json.loads(body) == {
        "DeliveryStreamName": "clicks",
        "Record": {"Data": base64.b64encode(payload.encode()).decode()},
    }
    assert check_against_input_shape(body, "firehose", "PutRecord") == []
    assert method.delivery_stream_arn.endswith(":deliverystream/clicks")


def test_firehose_arn_gives_the_name(stack: cdk.Stack, api: apigw.RestApi) -> None:
    method = FirehosePutRecord(stack, "Put", resource=api.root, delivery_stream=ARN)
    assert method.delivery_stream_name == "clicks"
    sent = json.loads(render_method_request(method, SampleRequest(body="x")))
    assert sent["DeliveryStreamName"] == "clicks"


def test_firehose_response_is_the_record_id(stack: cdk.Stack, api: apigw.RestApi) -> None:
    method = FirehosePutRecord(stack, "Put", resource=api.root, delivery_stream="clicks")
    template = method.integration_responses[0].response_templates["application/json"]
    rendered = render_response(template, {"RecordId": "r-1", "Encrypted": False})
    assert json.loads(rendered.body) == {"recordId": "r-1"}


@pytest.mark.parametrize(
    "value",
    ["", "arn:aws:kinesis:eu-west-1:1:stream/x", cdk.Aws.STACK_NAME],
    ids=["empty", "other-arn", "token"],
)
def test_fails_when_delivery_stream_is_not_usable(
    stack: cdk.Stack, api: apigw.RestApi, value: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        FirehosePutRecord(stack, "Put", resource=api.root, delivery_stream=value)
    assert caught.value.code == "invalid-delivery-stream"
