"""Amazon Data Firehose ``PutRecord``: :class:`FirehosePutRecord`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from aws_cdk import Arn, ArnFormat, Stack, Token
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesisfirehose as firehose
from constructs import Construct

from .._method import RequestTemplate, ServiceIntegrationMethod
from .._templates import From, JsonTemplate, ResponseMapping, ResponseTemplate, error_mapping
from ..errors import ValidationError
from ._common import check_content_types, check_from, merge_parameters, templates_for
from ._fragments import Base64, json_fields_response

if TYPE_CHECKING:
    from .._cors import Cors

__all__ = ["FirehosePutRecord", "firehose_put_record_template", "resolve_delivery_stream"]


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
    :param data: the record's data, base64-encoded for you. Default: - the raw request body
        (``From.whole_body(required=True)``).
    :param content_types: the request content types accepted. Default: -
        ``["application/json"]``; others get 415.
    :param role: the role API Gateway assumes. Default: - the API's shared role, granted
        ``firehose:PutRecord`` on the stream.
    :param cors: CORS for this method. Default: - none.
    :param body_schema: a JSON schema the body must match (else 400). Default: - none.
    :param authorization_type: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorizer: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorization_scopes: as ``ServiceIntegrationMethod``. Default: - none.
    :param api_key_required: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param request_templates: replaces the generated request template. Default: - generated.
    :param integration_responses: replaces the response and error mapping. Default: -
        ``error_mapping("firehose", success=...)`` with the answer above.
    :param method_responses: replaces the derived method responses. Default: - derived.
    :param request_parameters: added to (and winning over) the derived headers.
        Default: - none.
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
        role: iam.IRole | None = None,
        cors: Cors | None = None,
        body_schema: apigw.JsonSchema | None = None,
        authorization_type: apigw.AuthorizationType | None = None,
        authorizer: apigw.IAuthorizer | None = None,
        authorization_scopes: Sequence[str] | None = None,
        api_key_required: bool | None = None,
        request_templates: Mapping[str, RequestTemplate] | None = None,
        integration_responses: Sequence[apigw.IntegrationResponse] | ResponseMapping | None = None,
        method_responses: Sequence[apigw.MethodResponse] | None = None,
        request_parameters: Mapping[str, bool | str] | None = None,
    ) -> None:
        name, arn, region = resolve_delivery_stream(delivery_stream, scope)
        template = firehose_put_record_template(name, data=data)
        types = check_content_types(content_types)
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="firehose",
            action="PutRecord",
            region=region,
            role=role,
            resources=[arn],
            request_templates=(
                request_templates
                if request_templates is not None
                else templates_for(types, template)
            ),
            integration_responses=(
                integration_responses
                if integration_responses is not None
                else error_mapping("firehose", success=firehose_put_record_response())
            ),
            method_responses=method_responses,
            request_parameters=merge_parameters({}, request_parameters),
            cors=cors,
            body_schema=body_schema,
            authorization_type=authorization_type,
            authorizer=authorizer,
            authorization_scopes=authorization_scopes,
            api_key_required=api_key_required,
        )
        self.delivery_stream_name = name
        """The name of the stream records are written to."""
        self.delivery_stream_arn = arn
        """The ARN of the stream records are written to."""


def firehose_put_record_template(
    delivery_stream_name: str, *, data: From | None = None
) -> JsonTemplate:
    """The ``PutRecord`` body :class:`FirehosePutRecord` sends (see its parameters)."""
    source = data if data is not None else From.whole_body(required=True)
    check_from(source, argument="data", allow_literal=False)
    return JsonTemplate(
        {"DeliveryStreamName": delivery_stream_name, "Record": {"Data": Base64(source)}}
    )
