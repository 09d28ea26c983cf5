"""EventBridge ``PutEvents``: :class:`EventBridgePutEvents`."""

from __future__ import annotations

from typing import Unpack

from aws_cdk import Token
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_events as events
from constructs import Construct

from .._method import ServiceIntegrationMethod
from .._templates import (
    From,
    JsonTemplate,
    error_mapping,
    eventbridge_put_events_response,
)
from ..errors import ValidationError
from ._common import check_from, check_options, merge_options
from ._options import PresetOptions

__all__ = ["EventBridgePutEvents"]


class EventBridgePutEvents(ServiceIntegrationMethod):
    """A method that puts the request on an EventBridge event bus as one event (``PutEvents``).

    What it sends: ``POST`` to ``events:action/PutEvents`` (``Content-Type:
    application/x-amz-json-1.1``, ``X-Amz-Target: AWSEvents.PutEvents``, derived) with
    ``{"Entries": [{"EventBusName": <bus ARN>, "Source": ..., "DetailType": ...,
    "Detail": "<the raw JSON body, as a JSON string>"}]}``; the body is escaped into the string
    EventBridge expects, so it cannot add entries or fields.
    What it answers: ``200 {"eventIds": [...]}``. PutEvents answers 200 even when the entry
    fails; the response template turns ``FailedEntryCount > 0`` into an error: 400 for a
    malformed entry (e.g. a body that is not a JSON object), 429 when throttled, 500 when not
    authorized, else 502, with ``{"message", "type", "failedEntryCount"}``. Other errors as
    4xx/5xx. IAM: ``events:PutEvents`` on the bus.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param event_bus: the bus (``EventBus.from_event_bus_name(self, "Default", "default")`` for
        the account's default bus).
    :param source: the event's source, a literal (``"com.example.orders"``) or a request value.
        A literal must not start with ``aws.`` (reserved for AWS services).
    :param detail_type: the event's detail type, a literal (``"OrderPlaced"``) or a request
        value (``From.header("X-Event-Type", required=True)``).
    :param http_method: the client's verb. Default: - ``POST``.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        event_bus: events.IEventBus,
        source: From | str,
        detail_type: From | str,
        http_method: str = "POST",
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        check_from(source, argument="source")
        check_from(detail_type, argument="detail_type")
        if (
            isinstance(source, str)
            and not Token.is_unresolved(source)
            and source.lower().startswith("aws.")
        ):
            raise ValidationError(
                "reserved-event-source",
                f"'source' {source!r} starts with 'aws.', which EventBridge reserves for AWS "
                "services (the entry would fail); use your own, e.g. 'com.example.orders'",
            )
        entry = {
            "EventBusName": event_bus.event_bus_arn,
            "Source": source,
            "DetailType": detail_type,
            "Detail": From.whole_body(required=True),
        }
        template = JsonTemplate({"Entries": [entry]})
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="events",
            action="PutEvents",
            region=event_bus.env.region,
            resources=[event_bus.event_bus_arn],
            **merge_options(
                {
                    "request_templates": {"application/json": template},
                    "integration_responses": error_mapping(
                        "events", success=eventbridge_put_events_response()
                    ),
                },
                options,
            ),
        )
        self.event_bus = event_bus
        """The bus events are put on."""
