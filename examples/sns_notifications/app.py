#!/usr/bin/env python3
"""A notification API: ``POST /notifications`` publishes the body to an SNS topic.

The optional ``subject`` query parameter becomes the e-mail subject; the ``X-Severity`` header
and the caller's source IP travel as message attributes, so subscriptions can filter on them
(the SQS subscription below takes only ``critical`` notifications). The topic is encrypted with
a customer managed key, so the role also gets ``kms:GenerateDataKey`` and ``kms:Decrypt``.

Run: ``python examples/sns_notifications/app.py``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_pkg import From
from constructs_pkg.presets import SnsPublish


class NotificationsStack(cdk.Stack):
    """The topic, a filtered subscription and ``POST /notifications``."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        key = kms.Key(self, "TopicKey", enable_key_rotation=True)
        topic = sns.Topic(self, "Notifications", master_key=key)
        pager = sqs.Queue(self, "CriticalAlerts", encryption=sqs.QueueEncryption.SQS_MANAGED)
        topic.add_subscription(
            subscriptions.SqsSubscription(
                pager,
                filter_policy={
                    "severity": sns.SubscriptionFilter.string_filter(allowlist=["critical"])
                },
            )
        )
        api = apigw.RestApi(self, "NotificationsApi", cloud_watch_role=False)
        SnsPublish(
            self,
            "Notify",
            resource=api.root.add_resource("notifications"),
            topic=topic,
            subject=From.query("subject"),
            message_attributes={
                "severity": From.header("X-Severity", default="info"),
                "sourceIp": From.context("identity.sourceIp"),
            },
            content_types=["application/json", "text/plain"],
        )


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The example's app (``CDK_OUTDIR`` is respected by ``cdk.App``)."""
    app = app or cdk.App()
    NotificationsStack(app, "Notifications")
    return app


if __name__ == "__main__":
    build_app().synth()
