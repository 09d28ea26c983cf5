#!/usr/bin/env python3
"""A file API on S3: upload, download and delete files by key, binary files included.

``PUT /files/{key+}`` stores the body under ``uploads/<key>`` with the client's
``Content-Type``; ``GET /files/{key+}`` answers the bytes (``Range`` requests give 206);
``DELETE /files/{key+}`` removes the object (204). The API lists the binary media types it
serves, so images and PDFs pass through unchanged (clients send a matching ``Accept``). The
bucket uses a customer managed key: the role gets ``kms:Decrypt`` to read and
``kms:GenerateDataKey`` to write, and ``s3:ListBucket`` so a missing file is a 404.
The grants cover ``uploads/*`` only: the key prefix narrows them.

Run: ``python examples/s3_file_api/app.py``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_pkg.presets import S3DeleteObject, S3GetObject, S3PutObject

BINARY_TYPES = ["image/png", "image/jpeg", "application/pdf", "application/octet-stream"]


class FileApiStack(cdk.Stack):
    """The bucket, its key and the three methods on ``/files/{key+}``."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        key = kms.Key(self, "FilesKey", enable_key_rotation=True)
        bucket = s3.Bucket(
            self,
            "Files",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=key,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=True,
        )
        api = apigw.RestApi(
            self,
            "FileApi",
            binary_media_types=BINARY_TYPES,
            cloud_watch_role=False,
            default_method_options=apigw.MethodOptions(api_key_required=True),
        )
        api.add_usage_plan("Plan").add_api_stage(stage=api.deployment_stage)
        file = api.root.add_resource("files").add_resource("{key+}")
        S3GetObject(
            self,
            "Download",
            resource=file,
            bucket=bucket,
            key_prefix="uploads/",
            grant_list_bucket=True,
        )
        S3PutObject(self, "Upload", resource=file, bucket=bucket, key_prefix="uploads/")
        S3DeleteObject(self, "Remove", resource=file, bucket=bucket, key_prefix="uploads/")


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The example's app (``CDK_OUTDIR`` is respected by ``cdk.App``)."""
    app = app or cdk.App()
    FileApiStack(app, "FileApi")
    return app


if __name__ == "__main__":
    build_app().synth()
