"""SqsSendMessage: path-style URI, form body, exact grant, FIFO, attributes, KMS, errors."""

from __future__ import annotations

from urllib.parse import parse_qsl

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sqs as sqs
from preset_support import (
    HOSTILE,
    allow,
    logical_id,
    method_properties,
    responses_by_status,
    statements,
    uri,
)

from constructs_pkg import From, ValidationError
from constructs_pkg.presets import SqsSendMessage
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
def test_sqs_send_message_uri_headers_template_and_exact_grant(
    stack: cdk.Stack, api: apigw.RestApi, fifo: bool
) -> None:
    # GIVEN a queue, standard or FIFO
    queue = sqs.Queue(stack, "Queue", fifo=fifo or None)
    # WHEN the preset sends to it
    method = SqsSendMessage(
        stack,
        "Send",
        resource=api.root.add_resource("inbox"),
        queue=queue,
        message_group_id=From.header("X-Group-Id") if fifo else None,
    )
    # THEN it POSTs to the queue's own path with the query protocol's headers
    props = method_properties(method)
    q = logical_id(queue)
    integration = props["Integration"]
    assert props["HttpMethod"] == "POST"
    assert integration["Type"] == "AWS"
    assert integration["IntegrationHttpMethod"] == "POST"
    assert integration["Uri"] == uri("sqs", f"path/${{AWS::AccountId}}/${{{q}.QueueName}}")
    assert integration["RequestParameters"] == {
        "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'",
        "integration.request.header.Accept": "'application/json'",
    }
    assert list(integration["RequestTemplates"]) == ["application/json"]
    assert integration["RequestTemplates"]["application/json"].startswith("Action=SendMessage#set(")
    assert [r["StatusCode"] for r in integration["IntegrationResponses"]] == ["200", "400", "502"]
    # AND the role may send to this queue only, and nothing else
    assert statements(stack) == [allow(["sqs:SendMessage"], [f"${{{q}.Arn}}"])]


def test_sqs_renders_a_normal_message(stack: cdk.Stack, api: apigw.RestApi) -> None:
    queue = sqs.Queue(stack, "Queue")
    method = SqsSendMessage(stack, "Send", resource=api.root, queue=queue)
    body = render_method_request(method, SampleRequest(body={"order": 1}))
    assert _form(body) == {"Action": "SendMessage", "MessageBody": '{"order": 1}'}
    assert check_against_input_shape(body, "sqs", "SendMessage", implied_members=["QueueUrl"]) == []


def test_sqs_renders_a_hostile_fifo_message_with_attributes_intact(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    # GIVEN a FIFO queue with group id, attributes and the default deduplication id
    queue = sqs.Queue(stack, "Queue", fifo=True)
    method = SqsSendMessage(
        stack,
        "Send",
        resource=api.root,
        queue=queue,
        message_group_id=From.body("$.tenant"),
        message_attributes={
            "source": From.header("X-Source"),
            "priority": From.query("priority", type="number"),
            "api": "orders&v=2",
        },
    )
    # WHEN every value is hostile
    request = SampleRequest(
        body={"tenant": HOSTILE, "text": HOSTILE},
        headers={"X-Source": HOSTILE, "Idempotency-Key": HOSTILE},
        query={"priority": "7"},
    )
    body = render_method_request(method, request)
    # THEN each arrives as one field, unchanged, and nothing else was added
    fields = _form(body)
    assert fields == {
        "Action": "SendMessage",
        "MessageBody": request_body(request),
        "MessageGroupId": HOSTILE,
        "MessageDeduplicationId": HOSTILE,
        "MessageAttribute.1.Name": "source",
        "MessageAttribute.1.Value.DataType": "String",
        "MessageAttribute.1.Value.StringValue": HOSTILE,
        "MessageAttribute.2.Name": "priority",
        "MessageAttribute.2.Value.DataType": "Number",
        "MessageAttribute.2.Value.StringValue": "7",
        "MessageAttribute.3.Name": "api",
        "MessageAttribute.3.Value.DataType": "String",
        "MessageAttribute.3.Value.StringValue": "orders&v=2",
    }
    assert check_against_input_shape(body, "sqs", "SendMessage", implied_members=["QueueUrl"]) == []


def request_body(request: SampleRequest) -> str:
    from constructs_pkg.testing._context import body_text

    return body_text(request.body)


def test_sqs_missing_optional_attribute_is_left_out_and_numbering_stays_dense(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    queue = sqs.Queue(stack, "Queue")
    method = SqsSendMessage(
        stack,
        "Send",
        resource=api.root,
        queue=queue,
        message_attributes={"a": From.header("X-A"), "b": From.header("X-B")},
    )
    body = render_method_request(method, SampleRequest(body="hi", headers={"X-B": "2"}))
    assert _form(body) == {
        "Action": "SendMessage",
        "MessageBody": "hi",
        "MessageAttribute.1.Name": "b",
        "MessageAttribute.1.Value.DataType": "String",
        "MessageAttribute.1.Value.StringValue": "2",
    }


def test_sqs_fifo_without_idempotency_key_sends_no_deduplication_id(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    queue = sqs.Queue(stack, "Queue", fifo=True, content_based_deduplication=True)
    method = SqsSendMessage(stack, "Send", resource=api.root, queue=queue, message_group_id="all")
    body = render_method_request(method, SampleRequest(body="hi"))
    assert _form(body) == {"Action": "SendMessage", "MessageBody": "hi", "MessageGroupId": "all"}


def test_sqs_kms_queue_grants_generate_data_key_and_decrypt(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    key = kms.Key(stack, "Key")
    queue = sqs.Queue(stack, "Queue", encryption_master_key=key)
    SqsSendMessage(stack, "Send", resource=api.root, queue=queue)
    assert sorted(statements(stack), key=str) == sorted(
        [
            allow(["sqs:SendMessage"], [f"${{{logical_id(queue)}.Arn}}"]),
            allow(["kms:Decrypt", "kms:GenerateDataKey"], [f"${{{logical_id(key)}.Arn}}"]),
        ],
        key=str,
    )


def test_sqs_imported_queue_of_another_account_and_region(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    arn = "arn:aws:sqs:eu-west-1:444455556666:inbox.fifo"
    queue = sqs.Queue.from_queue_arn(stack, "Queue", arn)
    method = SqsSendMessage(
        stack, "Send", resource=api.root, queue=queue, message_group_id=From.header("X-G")
    )
    integration = method_properties(method)["Integration"]
    assert integration["Uri"] == (
        "arn:${AWS::Partition}:apigateway:eu-west-1:sqs:path/444455556666/inbox.fifo"
    )
    assert statements(stack) == [allow(["sqs:SendMessage"], [arn])]


def test_sqs_responses_answer_message_id_and_map_errors(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    method = SqsSendMessage(stack, "Send", resource=api.root, queue=sqs.Queue(stack, "Queue"))
    by_status = responses_by_status(method)
    ok = render_response(
        by_status["200"].response_templates["application/json"],
        {"SendMessageResponse": {"SendMessageResult": {"MessageId": "m-1"}}},
    )
    assert (ok.status, ok.body) == (200, '{"messageId": "m-1"}')
    throttled = render_response(
        by_status["400"].response_templates["application/json"],
        {"Error": {"Code": "RequestThrottled", "Message": "slow down"}},
        status=400,
    )
    assert throttled.status == 429
    assert by_status["400"].selection_pattern == r"4\d{2}"


def test_sqs_user_overrides_win(stack: cdk.Stack, api: apigw.RestApi) -> None:
    method = SqsSendMessage(
        stack,
        "Send",
        resource=api.root,
        queue=sqs.Queue(stack, "Queue"),
        request_templates={"text/plain": "Action=SendMessage&MessageBody=fixed"},
        request_parameters={"integration.request.header.Accept": "'application/xml'"},
        content_types=["text/plain"],
    )
    integration = method_properties(method)["Integration"]
    assert integration["RequestTemplates"] == {"text/plain": "Action=SendMessage&MessageBody=fixed"}
    assert integration["RequestParameters"]["integration.request.header.Accept"] == (
        "'application/xml'"
    )


def test_sqs_content_types_share_the_template(stack: cdk.Stack, api: apigw.RestApi) -> None:
    method = SqsSendMessage(
        stack,
        "Send",
        resource=api.root,
        queue=sqs.Queue(stack, "Queue"),
        content_types=["application/json", "text/plain"],
    )
    templates = method_properties(method)["Integration"]["RequestTemplates"]
    assert list(templates) == ["application/json", "text/plain"]
    assert templates["application/json"] == templates["text/plain"]
    body = render_method_request(method, SampleRequest(body="plain"), content_type="text/plain")
    assert _form(body)["MessageBody"] == "plain"


def test_fails_when_fifo_queue_has_no_message_group_id(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    queue = sqs.Queue(stack, "Queue", fifo=True)
    with pytest.raises(ValidationError) as caught:
        SqsSendMessage(stack, "Send", resource=api.root, queue=queue)
    assert caught.value.code == "missing-message-group-id"
    assert stack.node.try_find_child("Send") is None


def test_fails_when_deduplication_id_is_given_for_a_standard_queue(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    with pytest.raises(ValidationError) as caught:
        SqsSendMessage(
            stack,
            "Send",
            resource=api.root,
            queue=sqs.Queue(stack, "Queue"),
            deduplication_id=From.header("Idempotency-Key"),
        )
    assert caught.value.code == "fifo-only-option"


@pytest.mark.parametrize(
    ("attributes", "code"),
    [
        ({"AWS.trace": "x"}, "invalid-message-attribute-name"),
        ({"a..b": "x"}, "invalid-message-attribute-name"),
        ({"bad name": "x"}, "invalid-message-attribute-name"),
        ({f"a{i}": "x" for i in range(11)}, "too-many-message-attributes"),
        ({"a": True}, "invalid-message-attribute-value"),
        ({"a": From.body("$.tags", type="string_list")}, "invalid-message-attribute-value"),
    ],
)
def test_fails_when_message_attributes_are_invalid(
    stack: cdk.Stack, api: apigw.RestApi, attributes: dict[str, object], code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        SqsSendMessage(
            stack,
            "Send",
            resource=api.root,
            queue=sqs.Queue(stack, "Queue"),
            message_attributes=attributes,  # type: ignore[arg-type]
        )
    assert caught.value.code == code


def test_fails_when_message_body_is_a_literal(stack: cdk.Stack, api: apigw.RestApi) -> None:
    with pytest.raises(ValidationError) as caught:
        SqsSendMessage(
            stack,
            "Send",
            resource=api.root,
            queue=sqs.Queue(stack, "Queue"),
            message_body="fixed",  # type: ignore[arg-type]
        )
    assert caught.value.code == "invalid-request-value"


def test_fails_when_content_types_is_a_string(stack: cdk.Stack, api: apigw.RestApi) -> None:
    with pytest.raises(ValidationError) as caught:
        SqsSendMessage(
            stack,
            "Send",
            resource=api.root,
            queue=sqs.Queue(stack, "Queue"),
            content_types="application/json",
        )
    assert caught.value.code == "invalid-content-types"
