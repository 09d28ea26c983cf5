#!/usr/bin/env python3
"""A webhook inbox: partners POST events, which land in an encrypted SQS FIFO queue.

``POST /webhooks/{provider}`` sends the raw body as the message. Messages of one provider stay
in order (the message group is the provider), and a partner's retry with the same
``Idempotency-Key`` header is accepted once (the FIFO deduplication id). The provider and the
partner's signature header travel as message attributes, for the consumer to verify. The queue
uses a customer managed key, so the API's role also gets ``kms:GenerateDataKey`` and
``kms:Decrypt`` on it.

Run: ``python examples/sqs_webhook_inbox/app.py`` (writes to ``$CDK_OUTDIR`` or ``cdk.out``).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_pkg import From
from constructs_pkg.presets import SqsSendMessage


class WebhookInboxStack(cdk.Stack):
    """The queue, its key and ``POST /webhooks/{provider}``."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        key = kms.Key(self, "InboxKey", enable_key_rotation=True)
        dead_letters = sqs.Queue(
            self,
            "DeadLetters",
            fifo=True,
            encryption_master_key=key,
            retention_period=cdk.Duration.days(14),
        )
        inbox = sqs.Queue(
            self,
            "Inbox",
            fifo=True,
            encryption_master_key=key,
            enforce_ssl=True,
            dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=5),
        )
        api = apigw.RestApi(self, "WebhooksApi", cloud_watch_role=False)
        provider = api.root.add_resource("webhooks").add_resource("{provider}")
        SqsSendMessage(
            self,
            "ReceiveWebhook",
            resource=provider,
            queue=inbox,
            message_group_id=From.path("provider"),
            deduplication_id=From.header("Idempotency-Key", required=True),
            message_attributes={
                "provider": From.path("provider"),
                "signature": From.header("X-Signature"),
                "receivedAt": From.context("requestTimeEpoch", type="number"),
            },
        )
        cdk.CfnOutput(self, "InboxUrl", value=inbox.queue_url)


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The example's app (``CDK_OUTDIR`` is respected by ``cdk.App``)."""
    app = app or cdk.App()
    WebhookInboxStack(app, "WebhookInbox")
    return app


if __name__ == "__main__":
    build_app().synth()
