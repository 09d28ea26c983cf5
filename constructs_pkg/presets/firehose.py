"""Amazon Data Firehose ``PutRecord``: :class:`FirehosePutRecord`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from aws_cdk import Arn, ArnFormat, Stack, Token
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kinesisfirehose as firehose
from constructs import Construct

from .._method import ServiceIntegrationMethod
from .._templates import From, JsonTemplate, ResponseTemplate, error_mapping
from ..errors import ValidationError
from ._common import check_from, check_options, merge_options, templates_for
from ._fragments import Base64, json_fields_response
from ._options import PresetOptions

__all__ = ["FirehosePutRecord"]


def firehose_put_record_response() -> ResponseTemplate:
    """PutRecord's answer as ``{"recordId": ...}``."""
    return ResponseTemplate(vtl=json_fields_response({"recordId": ("RecordId", "string")}))


def resolve_delivery_stream(
    delivery_stream: firehose.IDeliveryStream | str, scope: Construct
) -> tuple[str, str, str | None]:
    """``(name, ARN, region)`` of a delivery stream given as a construct, a name or an ARN.

    :raises ValidationError: ``invalid-delivery-stream`` for an unresolved token (it cannot be
        told apart as name or ARN) or an ARN that is not a delivery stream's.
    """
    if not isinstance(delivery_stream, str):
        return (
            delivery_stream.delivery_stream_name,
            delivery_stream.delivery_stream_arn,
            delivery_stream.env.region,
        )
    if Token.is_unresolved(delivery_stream) or not delivery_stream.strip():
        raise ValidationError(
            "invalid-delivery-stream",
            f"'delivery_stream' {delivery_stream!r} is a token or empty, so it cannot be told "
            "apart as a name or an ARN; pass the construct, or "
            "DeliveryStream.from_delivery_stream_arn(...) / from_delivery_stream_name(...)",
        )
    if delivery_stream.startswith("arn:"):
        parts = Arn.split(delivery_stream, ArnFormat.SLASH_RESOURCE_NAME)
        if parts.service != "firehose" or parts.resource != "deliverystream":
            raise ValidationError(
                "invalid-delivery-stream",
                f"'delivery_stream' {delivery_stream!r} is not a delivery stream ARN "
                "('arn:aws:firehose:<region>:<account>:deliverystream/<name>')",
            )
        return str(parts.resource_name), delivery_stream, parts.region
    arn = Stack.of(scope).format_arn(
        service="firehose",
        resource="deliverystream",
        resource_name=delivery_stream,
        arn_format=ArnFormat.SLASH_RESOURCE_NAME,
    )
    return delivery_stream, arn, None


class FirehosePutRecord(ServiceIntegrationMethod):
    """A method that writes the request to a Firehose stream with ``PutRecord``.

    What it sends: ``POST`` to ``firehose:action/PutRecord`` (``Content-Type:
    application/x-amz-json-1.1``, ``X-Amz-Target: Firehose_20150804.PutRecord``, derived) with
    ``{"DeliveryStreamName": <name>, "Record": {"Data": "<base64 of the raw body>"}}``.
    Firehose concatenates records as they are: to get one record per line in S3, send bodies
    ending in a newline or enable the stream's ``AppendDelimiterToRecord`` processor.
    What it answers: ``200 {"recordId": ...}``; errors as 4xx/5xx with ``{"message", "type"}``
    (throttling 429, a missing stream 500). IAM: ``firehose:PutRecord`` on the stream. A stream
    encrypted with a customer managed key needs no grant to the caller (Firehose uses its own).

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param delivery_stream: the stream: an ``aws_kinesisfirehose`` ``IDeliveryStream``, a
        stream name (in this stack's account and region) or a stream ARN.
    :param http_method: the client's verb. Default: - ``POST``.
    :param data: the record's data, base64-encoded for you (the destination receives it
        decoded, as sent). Default: - the raw request body (``From.whole_body(required=True)``).
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
        delivery_stream: firehose.IDeliveryStream | str,
        http_method: str = "POST",
        data: From | None = None,
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        name, arn, region = resolve_delivery_stream(delivery_stream, scope)
        source = data if data is not None else From.whole_body(required=True)
        check_from(source, argument="data", allow_literal=False)
        template = JsonTemplate({"DeliveryStreamName": name, "Record": {"Data": Base64(source)}})
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="firehose",
            action="PutRecord",
            region=region,
            resources=[arn],
            **merge_options(
                {
                    "request_templates": templates_for(content_types, template),
                    "integration_responses": error_mapping(
                        "firehose", success=firehose_put_record_response()
                    ),
                },
                options,
            ),
        )
        self.delivery_stream_name = name
        """The name of the stream records are written to."""
        self.delivery_stream_arn = arn
        """The ARN of the stream records are written to."""
