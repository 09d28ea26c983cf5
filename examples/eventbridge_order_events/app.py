#!/usr/bin/env python3
"""An order-events API: services POST order events, which go on an EventBridge bus.

``POST /orders/events`` puts one event on the ``orders`` bus: the source is fixed
(``com.example.orders``), the detail type comes from the ``X-Event-Type`` header and the detail
is the JSON body, which must hold an ``orderId`` (else 400, before EventBridge is called).
Callers sign their requests (IAM authorization). An entry EventBridge refuses
(``FailedEntryCount`` > 0) is answered as an error, not a 200. A rule sends every
``OrderPlaced`` event to the fulfilment queue.

Run: ``python examples/eventbridge_order_events/app.py``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_pkg import From
from constructs_pkg.presets import EventBridgePutEvents


class OrderEventsStack(cdk.Stack):
    """The bus, a rule and ``POST /orders/events``."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        bus = events.EventBus(self, "OrdersBus", event_bus_name="orders")
        fulfilment = sqs.Queue(self, "Fulfilment", encryption=sqs.QueueEncryption.SQS_MANAGED)
        events.Rule(
            self,
            "OnOrderPlaced",
            event_bus=bus,
            event_pattern=events.EventPattern(
                source=["com.example.orders"], detail_type=["OrderPlaced"]
            ),
            targets=[targets.SqsQueue(fulfilment)],
        )
        api = apigw.RestApi(self, "OrderEventsApi", cloud_watch_role=False)
        EventBridgePutEvents(
            self,
            "PublishOrderEvent",
            resource=api.root.add_resource("orders").add_resource("events"),
            event_bus=bus,
            source="com.example.orders",
            detail_type=From.header("X-Event-Type", required=True),
            authorization_type=apigw.AuthorizationType.IAM,
            body_schema=apigw.JsonSchema(
                type=apigw.JsonSchemaType.OBJECT,
                required=["orderId"],
                properties={"orderId": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING)},
            ),
        )


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The example's app (``CDK_OUTDIR`` is respected by ``cdk.App``)."""
    app = app or cdk.App()
    OrderEventsStack(app, "OrderEvents")
    return app


if __name__ == "__main__":
    build_app().synth()
