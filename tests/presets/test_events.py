"""EventBridgePutEvents: one entry with the body as Detail; FailedEntryCount > 0 is an error."""

from __future__ import annotations

import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_events as events
from preset_support import HOSTILE, allow, logical_id, method_properties, statements, uri

from constructs_pkg import From, ValidationError
from constructs_pkg.presets import EventBridgePutEvents
from constructs_pkg.testing import (
    SampleRequest,
    check_against_input_shape,
    render_method_request,
    render_response,
)


@pytest.fixture
def bus(stack: cdk.Stack) -> events.EventBus:
    return events.EventBus(stack, "Bus")


def test_eventbridge_put_events_uri_headers_template_and_exact_grant(
    stack: cdk.Stack, api: apigw.RestApi, bus: events.EventBus
) -> None:
    method = EventBridgePutEvents(
        stack, "Put", resource=api.root, event_bus=bus, source="com.example", detail_type="X"
    )
    integration = method_properties(method)["Integration"]
    assert integration["IntegrationHttpMethod"] == "POST"
    assert integration["Uri"] == uri("events", "action/PutEvents")
    assert integration["RequestParameters"] == {
        "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
        "integration.request.header.X-Amz-Target": "'AWSEvents.PutEvents'",
    }
    assert '"Entries": [' in integration["RequestTemplates"]["application/json"]
    assert statements(stack) == [allow(["events:PutEvents"], [f"${{{logical_id(bus)}.Arn}}"])]


@pytest.mark.parametrize(
    "detail",
    [{"orderId": "o-1", "total": 12.5}, {"note": HOSTILE, "nested": {"k": [HOSTILE]}}],
    ids=["normal", "hostile"],
)
def test_eventbridge_detail_is_the_body_as_one_json_string(
    stack: cdk.Stack, api: apigw.RestApi, bus: events.EventBus, detail: dict[str, object]
) -> None:
    method = EventBridgePutEvents(
        stack,
        "Put",
        resource=api.root,
        event_bus=bus,
        source="com.example.orders",
        detail_type=From.header("X-Event-Type", required=True),
    )
    body = render_method_request(
        method, SampleRequest(body=detail, headers={"X-Event-Type": HOSTILE})
    )
    sent = json.loads(body)
    assert sent == {
        "Entries": [
            {
                "EventBusName": f"{logical_id(bus)}.Arn",
                "Source": "com.example.orders",
                "DetailType": HOSTILE,
                "Detail": json.dumps(detail),
            }
        ]
    }
    assert json.loads(sent["Entries"][0]["Detail"]) == detail
    assert check_against_input_shape(body, "events", "PutEvents") == []


def test_eventbridge_failed_entry_is_an_error_not_200(
    stack: cdk.Stack, api: apigw.RestApi, bus: events.EventBus
) -> None:
    method = EventBridgePutEvents(
        stack, "Put", resource=api.root, event_bus=bus, source="com.example", detail_type="X"
    )
    template = method.integration_responses[0].response_templates["application/json"]
    ok = render_response(template, {"FailedEntryCount": 0, "Entries": [{"EventId": "e-1"}]})
    assert (ok.status, json.loads(ok.body)) == (200, {"eventIds": ["e-1"]})
    failed = render_response(
        template,
        {
            "FailedEntryCount": 1,
            "Entries": [{"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}],
        },
    )
    assert failed.status == 400
    assert json.loads(failed.body)["failedEntryCount"] == 1


def test_fails_when_source_is_reserved_for_aws(
    stack: cdk.Stack, api: apigw.RestApi, bus: events.EventBus
) -> None:
    with pytest.raises(ValidationError) as caught:
        EventBridgePutEvents(
            stack, "Put", resource=api.root, event_bus=bus, source="aws.s3", detail_type="X"
        )
    assert caught.value.code == "reserved-event-source"


def test_fails_when_detail_type_is_empty(
    stack: cdk.Stack, api: apigw.RestApi, bus: events.EventBus
) -> None:
    with pytest.raises(ValidationError) as caught:
        EventBridgePutEvents(
            stack, "Put", resource=api.root, event_bus=bus, source="com.example", detail_type=""
        )
    assert caught.value.code == "invalid-request-value"
