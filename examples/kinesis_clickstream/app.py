#!/usr/bin/env python3
"""A clickstream: browsers POST click events to Kinesis, page views to Firehose (then S3).

``POST /clicks`` writes the body to an encrypted Kinesis data stream, partitioned by the
``X-Session-Id`` header so one session's clicks stay in order. ``POST /pageviews`` writes the
body to a Firehose stream that batches page views into an S3 bucket. Both bodies are
base64-encoded by the template, so any text goes through unchanged.

Run: ``python examples/kinesis_clickstream/app.py``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kinesisfirehose as firehose
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_pkg import From
from constructs_pkg.presets import FirehosePutRecord, KinesisPutRecord


class ClickstreamStack(cdk.Stack):
    """The stream, the Firehose stream and its bucket, and the two methods."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        key = kms.Key(self, "StreamKey", enable_key_rotation=True)
        clicks = kinesis.Stream(
            self,
            "Clicks",
            stream_mode=kinesis.StreamMode.ON_DEMAND,
            encryption=kinesis.StreamEncryption.KMS,
            encryption_key=key,
        )
        archive = s3.Bucket(
            self,
            "PageViewArchive",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
        )
        page_views = firehose.DeliveryStream(
            self,
            "PageViews",
            destination=firehose.S3Bucket(archive, data_output_prefix="pageviews/"),
        )
        api = apigw.RestApi(self, "ClickstreamApi", cloud_watch_role=False)
        KinesisPutRecord(
            self,
            "TrackClick",
            resource=api.root.add_resource("clicks"),
            stream=clicks,
            partition_key=From.header("X-Session-Id", required=True),
        )
        FirehosePutRecord(
            self,
            "TrackPageView",
            resource=api.root.add_resource("pageviews"),
            delivery_stream=page_views,
        )


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The example's app (``CDK_OUTDIR`` is respected by ``cdk.App``)."""
    app = app or cdk.App()
    ClickstreamStack(app, "Clickstream")
    return app


if __name__ == "__main__":
    build_app().synth()
