"""SNS ``Publish``: :class:`SnsPublish`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Unpack

from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_sns as sns
from constructs import Construct

from .._grants import kms_permissions
from .._method import ServiceIntegrationMethod
from .._templates import From, error_mapping, sns_publish_response
from ._common import (
    check_from,
    check_options,
    merge_options,
    templates_for,
)
from ._fragments import AttributeForm, AttributeValue, check_message_attributes, fifo_fields
from ._options import PresetOptions

__all__ = ["SnsPublish"]

#: What a publisher needs on the topic's customer managed key (SNS developer guide,
#: "Encryption at rest": ``kms:GenerateDataKey`` and ``kms:Decrypt``).
SNS_KMS_ACTIONS: tuple[str, ...] = ("kms:Decrypt", "kms:GenerateDataKey")


class SnsPublish(ServiceIntegrationMethod):
    """A method that publishes the request to an SNS topic (standard or FIFO) with ``Publish``.

    What it sends: ``POST`` to SNS's action-style URI ``sns:action/Publish`` with the form body
    ``Action=Publish&TopicArn=<topic>&Message=<the raw request body>`` (every value
    URL-encoded), plus ``Subject``, ``MessageGroupId``, ``MessageDeduplicationId`` and
    ``MessageAttributes.entry.N.*`` when configured and present; headers form ``Content-Type``
    and ``Accept: application/json`` (derived by the catalogue).
    What it answers: ``200 {"messageId": ..., "sequenceNumber": ...}``; SNS errors as 4xx/5xx
    with ``{"message", "type"}`` (throttling 429, a missing topic or a KMS problem 500).
    IAM: ``sns:Publish`` on the topic, plus ``kms:Decrypt`` and ``kms:GenerateDataKey`` on
    ``topic.master_key`` when the topic uses a customer managed key.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param topic: the topic, standard or FIFO (``topic.fifo``).
    :param http_method: the client's verb. Default: - ``POST``.
    :param message: the message. Default: - the raw request body
        (``From.whole_body(required=True)``).
    :param subject: the subject (e-mail subscriptions), a request value or a literal.
        Default: - none.
    :param message_group_id: the FIFO message group, a request value or a literal.
        Default: - none; required for a FIFO topic.
    :param deduplication_id: the FIFO deduplication id (FIFO topics only). Default: - for a
        FIFO topic, the client's ``Idempotency-Key`` header when sent; without it SNS needs
        content-based deduplication on the topic, else it answers 400.
    :param message_attributes: attribute name to a request value or a literal, at most 10;
        ``Number`` for numbers, else ``String``; a missing optional value leaves its attribute
        out. Default: - none.
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
        topic: sns.ITopic,
        http_method: str = "POST",
        message: From | None = None,
        subject: From | str | None = None,
        message_group_id: From | str | None = None,
        deduplication_id: From | None = None,
        message_attributes: Mapping[str, AttributeValue] | None = None,
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        body = message if message is not None else From.whole_body(required=True)
        check_from(body, argument="message", allow_literal=False)
        attributes = check_message_attributes(message_attributes)
        fields: dict[str, str | int | float | bool | From] = {
            "Action": "Publish",
            "TopicArn": topic.topic_arn,
            "Message": body,
        }
        if subject is not None:
            check_from(subject, argument="subject")
            fields["Subject"] = subject
        fields.update(
            fifo_fields(
                kind="topic",
                path=topic.node.path,
                fifo=topic.fifo,
                message_group_id=message_group_id,
                deduplication_id=deduplication_id,
            )
        )
        template = AttributeForm(fields, attributes, "MessageAttributes.entry")
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="sns",
            action="Publish",
            region=topic.env.region,
            resources=[topic.topic_arn],
            **merge_options(
                {
                    "request_templates": templates_for(content_types, template),
                    "integration_responses": error_mapping("sns", success=sns_publish_response()),
                    "additional_permissions": kms_permissions(
                        topic.master_key, actions=SNS_KMS_ACTIONS
                    ),
                },
                options,
            ),
        )
        self.topic = topic
        """The topic messages are published to."""
