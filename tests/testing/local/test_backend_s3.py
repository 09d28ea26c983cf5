"""S3 in the in-process backend: buckets created with their CloudFormation properties mapped to
the S3 API (encryption, public access block, versioning, the region's location constraint), and
the S3 presets (path-style ``<bucket>/<key>``) end to end through ``LocalApi``."""

from __future__ import annotations

from collections.abc import Iterator

import aws_cdk as cdk
import pytest
from app_context import cdk_app
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from constructs_pkg.presets import S3DeleteObject, S3GetObject, S3PutObject
from constructs_pkg.testing import LocalApi
from constructs_pkg.testing._local._moto import MotoBackend
from constructs_pkg.testing._local._source import load_template


class FilesStack(cdk.Stack):
    """A KMS-encrypted, versioned, private bucket behind GET/PUT/DELETE ``/files/{key+}``."""

    def __init__(self, scope: cdk.App, construct_id: str, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.key = kms.Key(self, "Key")
        self.bucket = s3.Bucket(
            self,
            "Files",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            object_lock_enabled=True,
            versioned=True,
        )
        api = apigw.RestApi(
            self,
            "Api",
            binary_media_types=["image/png"],
            cloud_watch_role=False,
            deploy=True,
        )
        file = api.root.add_resource("files").add_resource("{key+}")
        S3GetObject(self, "Get", resource=file, bucket=self.bucket, key_prefix="uploads/")
        S3PutObject(self, "Put", resource=file, bucket=self.bucket, key_prefix="uploads/")
        S3DeleteObject(self, "Delete", resource=file, bucket=self.bucket, key_prefix="uploads/")


@pytest.fixture(scope="module")
def stack() -> FilesStack:
    return FilesStack(cdk_app(), "Files")


@pytest.fixture(scope="module")
def api(stack: FilesStack) -> Iterator[LocalApi]:
    with LocalApi(stack) as local:
        yield local


def test_creates_buckets_with_kms_encryption_public_access_block_ownership_and_lock(
    stack: FilesStack,
) -> None:
    # GIVEN a bucket encrypted with a customer managed key, public access blocked
    loaded = load_template(stack)
    # WHEN the backend creates it
    with MotoBackend(loaded) as backend:
        bucket = backend.names.physical_id(*loaded.locate(stack.bucket))
        client = backend.client("s3")
        # THEN the encryption rule is CloudFormation's ServerSideEncryptionByDefault
        (rule,) = client.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"][
            "Rules"
        ]
        key_arn = backend.names.attribute(
            *loaded.locate(stack.key), loaded.resource(*loaded.locate(stack.key)) or {}, "Arn"
        )
        assert rule["ApplyServerSideEncryptionByDefault"] == {
            "SSEAlgorithm": "aws:kms",
            "KMSMasterKeyID": key_arn,
        }
        assert rule["BucketKeyEnabled"] is True
        block = client.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        assert block == {
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        }
        assert client.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
        ownership = client.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]
        assert ownership == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        lock = client.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]
        assert lock["ObjectLockEnabled"] == "Enabled"


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_creates_buckets_in_any_region(region: str) -> None:
    # GIVEN a stack in a region (us-east-1 takes no location constraint, others need one)
    stack = FilesStack(cdk_app(), "Regional", env=cdk.Environment(region=region))
    loaded = load_template(stack)
    # WHEN the backend creates its bucket THEN it lives in that region
    with MotoBackend(loaded, region=region) as backend:
        bucket = backend.names.physical_id(*loaded.locate(stack.bucket))
        location = backend.client("s3").get_bucket_location(Bucket=bucket)["LocationConstraint"]
        assert location == (None if region == "us-east-1" else region)


def test_s3_presets_put_get_and_delete_objects_end_to_end(api: LocalApi, stack: FilesStack) -> None:
    # GIVEN the three presets on /files/{key+}
    # WHEN a text object is uploaded under a nested key
    put = api.request(
        "PUT", "/files/notes/a.txt", headers={"Content-Type": "text/plain"}, body="hello"
    )
    assert put.status_code == 200, put.text
    # THEN it is stored under the prefix, with its content type
    bucket = api.physical_id(stack.bucket)
    stored = api.client("s3").get_object(Bucket=bucket, Key="uploads/notes/a.txt")
    assert stored["Body"].read() == b"hello"
    assert stored["ContentType"] == "text/plain"
    # AND it reads back
    got = api.request("GET", "/files/notes/a.txt", headers={"Accept": "text/plain"})
    assert (got.status_code, got.text) == (200, "hello")
    assert got.integration is not None
    assert got.integration.action == f"s3:GET /{bucket}/uploads/notes%2Fa.txt"
    # AND a delete removes it: a later GET is the preset's 404
    assert api.request("DELETE", "/files/notes/a.txt").status_code == 204
    missing = api.request("GET", "/files/notes/a.txt")
    assert missing.status_code == 404
    assert missing.json()["type"] == "NotFound"


def test_s3_presets_round_trip_binary_objects(api: LocalApi) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\xff\xfe"
    put = api.request("PUT", "/files/img.png", headers={"Content-Type": "image/png"}, body=png)
    assert put.status_code == 200, put.text
    got = api.request("GET", "/files/img.png", headers={"Accept": "image/png"})
    assert got.status_code == 200
    assert got.body == png
