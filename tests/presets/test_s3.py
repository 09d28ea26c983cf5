"""S3GetObject / S3PutObject / S3DeleteObject: path-style by key, binary passthrough, grants."""

from __future__ import annotations

import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from preset_support import allow, logical_id, method_properties, statements, uri

from constructs_pkg import ValidationError
from constructs_pkg.presets import S3DeleteObject, S3GetObject, S3PutObject
from constructs_pkg.testing import render_response

Preset = type[S3GetObject] | type[S3PutObject] | type[S3DeleteObject]

CASES = [
    (
        S3GetObject,
        "GET",
        "s3:GetObject",
        {"integration.request.header.Range": "method.request.header.Range"},
    ),
    (
        S3PutObject,
        "PUT",
        "s3:PutObject",
        {"integration.request.header.Content-Type": "method.request.header.Content-Type"},
    ),
    (S3DeleteObject, "DELETE", "s3:DeleteObject", {}),
]


@pytest.mark.parametrize(("preset", "verb", "action", "headers"), CASES)
@pytest.mark.parametrize("greedy", [False, True], ids=["key", "greedy-key"])
def test_s3_uri_parameters_and_exact_grant(
    stack: cdk.Stack,
    api: apigw.RestApi,
    preset: Preset,
    verb: str,
    action: str,
    headers: dict[str, str],
    greedy: bool,
) -> None:
    # GIVEN a bucket and a resource whose last part is the key
    bucket = s3.Bucket(stack, "Bucket")
    files = api.root.add_resource("files").add_resource("{key+}" if greedy else "{key}")
    # WHEN the preset is added
    method = preset(stack, "Object", resource=files, bucket=bucket)
    # THEN it calls S3 path-style with the key from the path, and the body goes through
    props = method_properties(method)
    integration = props["Integration"]
    b = logical_id(bucket)
    assert props["HttpMethod"] == verb
    assert integration["IntegrationHttpMethod"] == verb
    assert integration["Uri"] == uri("s3", f"path/${{{b}}}/{{key}}")
    assert integration["RequestParameters"] == {
        "integration.request.path.key": "method.request.path.key",
        **headers,
    }
    assert "RequestTemplates" not in integration
    assert props["RequestParameters"]["method.request.path.key"] is True
    # AND the grant is the action on the bucket's objects, the narrowest for a client's key
    assert statements(stack) == [allow([action], [f"${{{b}.Arn}}/*"])]


def test_s3_key_prefix_narrows_uri_and_grant(stack: cdk.Stack, api: apigw.RestApi) -> None:
    bucket = s3.Bucket(stack, "Bucket")
    files = api.root.add_resource("{name}")
    method = S3PutObject(
        stack, "Put", resource=files, bucket=bucket, key_parameter="name", key_prefix="uploads/"
    )
    integration = method_properties(method)["Integration"]
    b = logical_id(bucket)
    assert integration["Uri"] == uri("s3", f"path/${{{b}}}/uploads/{{key}}")
    assert integration["RequestParameters"]["integration.request.path.key"] == (
        "method.request.path.name"
    )
    assert statements(stack) == [allow(["s3:PutObject"], [f"${{{b}.Arn}}/uploads/*"])]


@pytest.mark.parametrize(
    ("preset", "kms_actions"),
    [
        (S3GetObject, ["kms:Decrypt"]),
        (S3PutObject, ["kms:GenerateDataKey"]),
        (S3DeleteObject, None),
    ],
)
def test_s3_kms_bucket_grants(
    stack: cdk.Stack, api: apigw.RestApi, preset: Preset, kms_actions: list[str] | None
) -> None:
    key = kms.Key(stack, "Key")
    bucket = s3.Bucket(stack, "Bucket", encryption=s3.BucketEncryption.KMS, encryption_key=key)
    preset(stack, "Object", resource=api.root.add_resource("{key}"), bucket=bucket)
    kms_statements = [s for s in statements(stack) if s["Action"][0].startswith("kms:")]
    expected = [] if kms_actions is None else [allow(kms_actions, [f"${{{logical_id(key)}.Arn}}"])]
    assert kms_statements == expected


def test_s3_get_object_can_grant_list_bucket_for_404s(stack: cdk.Stack, api: apigw.RestApi) -> None:
    bucket = s3.Bucket(stack, "Bucket")
    S3GetObject(
        stack, "Get", resource=api.root.add_resource("{key}"), bucket=bucket, grant_list_bucket=True
    )
    b = logical_id(bucket)
    assert sorted(statements(stack), key=str) == sorted(
        [allow(["s3:GetObject"], [f"${{{b}.Arn}}/*"]), allow(["s3:ListBucket"], [f"${{{b}.Arn}}"])],
        key=str,
    )


def test_s3_get_object_responses_pass_the_object_and_map_errors(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    method = S3GetObject(
        stack, "Get", resource=api.root.add_resource("{key}"), bucket=s3.Bucket(stack, "Bucket")
    )
    props = method_properties(method)
    responses = props["Integration"]["IntegrationResponses"]
    success = responses[0]
    assert "SelectionPattern" not in success
    assert "ResponseTemplates" not in success  # the object's bytes go through untouched
    assert success["ResponseParameters"] == {
        "method.response.header.Content-Type": "integration.response.header.Content-Type",
        "method.response.header.ETag": "integration.response.header.ETag",
        "method.response.header.Last-Modified": "integration.response.header.Last-Modified",
    }
    statuses = [r["StatusCode"] for r in responses]
    assert len(statuses) == len(set(statuses)), "one integration response per status"
    by_pattern = {r.get("SelectionPattern"): r["StatusCode"] for r in responses}
    assert by_pattern["206"] == "206"
    assert by_pattern["404"] == "404"
    # a redirect (bucket in another region) or access denied is a misconfiguration: 500
    misconfigured = next(p for p, s in by_pattern.items() if s == "500")
    assert misconfigured is not None
    for status in ("301", "307", "403"):
        assert re.fullmatch(misconfigured, status)
    method_statuses = [r["StatusCode"] for r in props["MethodResponses"]]
    assert set(statuses) <= set(method_statuses)
    error = next(r for r in responses if r["StatusCode"] == "404")
    rendered = render_response(
        error["ResponseTemplates"]["application/json"], "<Error/>", status=404
    )
    assert rendered.body == '{"message": "not found", "type": "NotFound"}'


def test_s3_delete_answers_204(stack: cdk.Stack, api: apigw.RestApi) -> None:
    method = S3DeleteObject(
        stack, "Delete", resource=api.root.add_resource("{key}"), bucket=s3.Bucket(stack, "B")
    )
    responses = method_properties(method)["Integration"]["IntegrationResponses"]
    assert responses[0]["StatusCode"] == "204"


def test_s3_put_object_passes_binary_bodies_through(stack: cdk.Stack) -> None:
    api = apigw.RestApi(
        stack, "Files", deploy=False, cloud_watch_role=False, binary_media_types=["image/png"]
    )
    method = S3PutObject(
        stack,
        "Put",
        resource=api.root.add_resource("{key}"),
        bucket=s3.Bucket(stack, "Bucket"),
        content_handling=apigw.ContentHandling.CONVERT_TO_BINARY,
    )
    integration = method_properties(method)["Integration"]
    assert integration["ContentHandling"] == "CONVERT_TO_BINARY"
    assert integration["PassthroughBehavior"] == "WHEN_NO_TEMPLATES"


def test_fails_when_resource_has_no_key_parameter(stack: cdk.Stack, api: apigw.RestApi) -> None:
    with pytest.raises(ValidationError) as caught:
        S3GetObject(
            stack, "Get", resource=api.root.add_resource("files"), bucket=s3.Bucket(stack, "B")
        )
    assert caught.value.code == "missing-key-parameter"
    assert stack.node.try_find_child("Get") is None


@pytest.mark.parametrize("prefix", ["uploads", "/uploads/", "a b/", "{x}/", "a//"])
def test_fails_when_key_prefix_is_invalid(
    stack: cdk.Stack, api: apigw.RestApi, prefix: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        S3GetObject(
            stack,
            "Get",
            resource=api.root.add_resource("{key}"),
            bucket=s3.Bucket(stack, "B"),
            key_prefix=prefix,
        )
    assert caught.value.code == "invalid-key-prefix"


def test_fails_when_key_parameter_is_invalid(stack: cdk.Stack, api: apigw.RestApi) -> None:
    with pytest.raises(ValidationError) as caught:
        S3DeleteObject(
            stack,
            "Delete",
            resource=api.root.add_resource("{key}"),
            bucket=s3.Bucket(stack, "B"),
            key_parameter="key}",
        )
    assert caught.value.code == "invalid-key-parameter"
