"""Kinesis Data Streams ``PutRecord``: :class:`KinesisPutRecord`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kinesis as kinesis
from constructs import Construct

from .._grants import kms_permissions
from .._method import ServiceIntegrationMethod
from .._templates import From, JsonTemplate, ResponseTemplate, error_mapping
from ._common import check_from, check_options, merge_options, templates_for
from ._fragments import Base64, json_fields_response
from ._options import PresetOptions

__all__ = ["KinesisPutRecord"]

#: What a producer needs on the stream's customer managed key (Kinesis developer guide,
#: "Permissions to use user-generated KMS keys": ``kms:GenerateDataKey``).
KINESIS_KMS_ACTIONS: tuple[str, ...] = ("kms:GenerateDataKey",)


def put_record_response() -> ResponseTemplate:
    """PutRecord's answer as ``{"sequenceNumber": ..., "shardId": ...}``."""
    return ResponseTemplate(
        vtl=json_fields_response(
            {"sequenceNumber": ("SequenceNumber", "string"), "shardId": ("ShardId", "string")}
        )
    )


class KinesisPutRecord(ServiceIntegrationMethod):
    """A method that writes the request to a Kinesis data stream with ``PutRecord``.

    What it sends: ``POST`` to ``kinesis:action/PutRecord`` (``Content-Type:
    application/x-amz-json-1.1``, ``X-Amz-Target: Kinesis_20131202.PutRecord``, derived by the
    catalogue) with ``{"StreamName": <stream>, "Data": "<base64 of the raw body>",
    "PartitionKey": <partition_key>}``; the body is encoded with ``$util.base64Encode``, so any
    text goes through unchanged. What it answers: ``200 {"sequenceNumber", "shardId"}``;
    errors as 4xx/5xx with ``{"message", "type"}`` (throughput exceeded 429, a missing stream or
    a KMS problem 500). IAM: ``kinesis:PutRecord`` on the stream, plus ``kms:GenerateDataKey``
    on ``stream.encryption_key`` when the stream uses a customer managed key.

    The stream is named by ``StreamName``, the request of AWS's API Gateway tutorial: the stream
    must be in the API's account (for another account's stream, give your own
    ``request_templates`` with ``StreamARN``).

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param stream: the data stream.
    :param http_method: the client's verb. Default: - ``POST``.
    :param partition_key: the partition key, a request value (``From.header("X-Device-Id")``,
        ``From.body("$.userId")``) or a literal. Default: - the request id
        (``From.context("requestId")``): records spread evenly over the shards, with no order
        between them.
    :param data: the record's data, base64-encoded for you (consumers read it decoded, as
        sent). Default: - the raw request body (``From.whole_body(required=True)``).
    :param content_types: the request content types accepted (each gets the same template).
        Default: - ``["application/json"]``; others get 415.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        stream: kinesis.IStream,
        http_method: str = "POST",
        partition_key: From | str | None = None,
        data: From | None = None,
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        key = partition_key if partition_key is not None else From.context("requestId")
        check_from(key, argument="partition_key")
        source = data if data is not None else From.whole_body(required=True)
        check_from(source, argument="data", allow_literal=False)
        template = JsonTemplate(
            {"StreamName": stream.stream_name, "Data": Base64(source), "PartitionKey": key}
        )
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="kinesis",
            action="PutRecord",
            region=stream.env.region,
            resources=[stream.stream_arn],
            **merge_options(
                {
                    "request_templates": templates_for(content_types, template),
                    "integration_responses": error_mapping(
                        "kinesis", success=put_record_response()
                    ),
                    "additional_permissions": kms_permissions(
                        stream.encryption_key, actions=KINESIS_KMS_ACTIONS
                    ),
                },
                options,
            ),
        )
        self.stream = stream
        """The stream records are written to."""
