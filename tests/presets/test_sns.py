"""SnsPublish: action-style URI, form body, exact grant, FIFO, attributes, KMS, errors."""

from __future__ import annotations

from urllib.parse import parse_qsl

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from preset_support import HOSTILE, allow, logical_id, method_properties, statements, uri

from constructs_pkg import From, ValidationError
from constructs_pkg.presets import SnsPublish
from constructs_pkg.testing import (
    SampleRequest,
    check_against_input_shape,
    render_method_request,
    render_response,
)


def _form(body: str) -> dict[str, str]:
    pairs = parse_qsl(body, keep_blank_values=True, strict_parsing=True)
    assert len({k for k, _ in pairs}) == len(pairs), f"a field is repeated: {pairs}"
    return dict(pairs)


@pytest.mark.parametrize("fifo", [False, True], ids=["standard", "fifo"])
def test_sns_publish_uri_headers_template_and_exact_grant(
    stack: cdk.Stack, api: apigw.RestApi, fifo: bool
) -> None:
    topic = sns.Topic(stack, "Topic", fifo=fifo or None)
    method = SnsPublish(
        stack,
        "Publish",
        resource=api.root,
        topic=topic,
        message_group_id="orders" if fifo else None,
    )
    integration = method_properties(method)["Integration"]
    t = logical_id(topic)
    assert integration["IntegrationHttpMethod"] == "POST"
    assert integration["Uri"] == uri("sns", "action/Publish")
    assert integration["RequestParameters"] == {
        "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'",
        "integration.request.header.Accept": "'application/json'",
    }
    assert integration["RequestTemplates"]["application/json"].startswith(
        f"Action=Publish&TopicArn=${{{t}}}"
    )
    assert statements(stack) == [allow(["sns:Publish"], [f"${{{t}}}"])]


def test_sns_renders_a_normal_message(stack: cdk.Stack, api: apigw.RestApi) -> None:
    topic = sns.Topic(stack, "Topic")
    method = SnsPublish(stack, "Publish", resource=api.root, topic=topic)
    body = render_method_request(method, SampleRequest(body={"alert": "disk full"}))
    assert _form(body) == {
        "Action": "Publish",
        "TopicArn": logical_id(topic),
        "Message": '{"alert": "disk full"}',
    }
    assert check_against_input_shape(body, "sns", "Publish") == []


def test_sns_renders_a_hostile_fifo_message_with_subject_and_attributes(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    topic = sns.Topic(stack, "Topic", fifo=True)
    method = SnsPublish(
        stack,
        "Publish",
        resource=api.root,
        topic=topic,
        subject=From.query("subject"),
        message_group_id=From.header("X-Group-Id", required=True),
        message_attributes={"severity": From.header("X-Severity"), "version": 2},
    )
    request = SampleRequest(
        body=HOSTILE,
        query={"subject": HOSTILE},
        headers={"X-Group-Id": HOSTILE, "X-Severity": HOSTILE, "Idempotency-Key": "k-1"},
    )
    body = render_method_request(method, request)
    assert _form(body) == {
        "Action": "Publish",
        "TopicArn": logical_id(topic),
        "Message": HOSTILE,
        "Subject": HOSTILE,
        "MessageGroupId": HOSTILE,
        "MessageDeduplicationId": "k-1",
        "MessageAttributes.entry.1.Name": "severity",
        "MessageAttributes.entry.1.Value.DataType": "String",
        "MessageAttributes.entry.1.Value.StringValue": HOSTILE,
        "MessageAttributes.entry.2.Name": "version",
        "MessageAttributes.entry.2.Value.DataType": "Number",
        "MessageAttributes.entry.2.Value.StringValue": "2",
    }
    assert check_against_input_shape(body, "sns", "Publish") == []


def test_sns_kms_topic_grants_generate_data_key_and_decrypt(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    key = kms.Key(stack, "Key")
    topic = sns.Topic(stack, "Topic", master_key=key)
    SnsPublish(stack, "Publish", resource=api.root, topic=topic)
    assert sorted(statements(stack), key=str) == sorted(
        [
            allow(["sns:Publish"], [f"${{{logical_id(topic)}}}"]),
            allow(["kms:Decrypt", "kms:GenerateDataKey"], [f"${{{logical_id(key)}.Arn}}"]),
        ],
        key=str,
    )


def test_sns_responses_answer_message_id_and_map_errors(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    method = SnsPublish(stack, "Publish", resource=api.root, topic=sns.Topic(stack, "Topic"))
    by_status = {r.status_code: r for r in method.integration_responses}
    ok = render_response(
        by_status["200"].response_templates["application/json"],
        {"PublishResponse": {"PublishResult": {"MessageId": "m-1", "SequenceNumber": "9"}}},
    )
    assert (ok.status, ok.body) == (200, '{"messageId": "m-1", "sequenceNumber": "9"}')
    not_found = render_response(
        by_status["400"].response_templates["application/json"],
        {"Error": {"Code": "NotFound", "Message": "Topic does not exist"}},
        status=404,
    )
    assert not_found.status == 500
    assert "Topic" not in not_found.body


def test_fails_when_fifo_topic_has_no_message_group_id(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    with pytest.raises(ValidationError) as caught:
        SnsPublish(stack, "Publish", resource=api.root, topic=sns.Topic(stack, "T", fifo=True))
    assert caught.value.code == "missing-message-group-id"


def test_fails_when_deduplication_id_is_given_for_a_standard_topic(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    with pytest.raises(ValidationError) as caught:
        SnsPublish(
            stack,
            "Publish",
            resource=api.root,
            topic=sns.Topic(stack, "Topic"),
            deduplication_id=From.header("Idempotency-Key"),
        )
    assert caught.value.code == "fifo-only-option"


def test_fails_when_subject_is_empty(stack: cdk.Stack, api: apigw.RestApi) -> None:
    with pytest.raises(ValidationError) as caught:
        SnsPublish(
            stack, "Publish", resource=api.root, topic=sns.Topic(stack, "Topic"), subject=" "
        )
    assert caught.value.code == "invalid-request-value"
