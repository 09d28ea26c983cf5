"""SQS ``SendMessage``: :class:`SqsSendMessage`.

Why a path-style URI. API Gateway can reach SQS two ways: action-style
(``arn:...:sqs:action/SendMessage``, with the queue named by a ``QueueUrl`` field) or
path-style (``arn:...:sqs:path/<account>/<queue name>``, a POST to the queue's own URL with
``Action=SendMessage`` in the form body). We use the path-style URI because it is the request
AWS documents for API Gateway (the console's "path override", AWS's re:Post knowledge-center
article on SQS integrations, AWS Solutions Constructs' ``aws-apigateway-sqs``): the request is
signed for the queue's own URL, as SQS query clients send it, and the body holds only the
message. The account and queue name come from the queue itself (an imported queue of another
account or region works: ``queue.env`` is read from its ARN). The catalogue cannot derive
anything from an SQS path, so the preset states the verb (``POST``), the IAM action
(``sqs:SendMessage``) and the query-protocol headers (form ``Content-Type``,
``Accept: application/json`` so that SQS answers JSON instead of XML) itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Unpack

from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from .._grants import kms_permissions
from .._method import ServiceIntegrationMethod
from .._templates import From, error_mapping, sqs_send_message_response
from ._common import (
    check_from,
    check_options,
    merge_options,
    templates_for,
)
from ._fragments import AttributeForm, AttributeValue, check_message_attributes, fifo_fields
from ._options import PresetOptions

__all__ = ["SqsSendMessage"]

#: What a producer needs on the queue's customer managed key (SQS developer guide, "Key
#: management": ``kms:GenerateDataKey`` for the data key, ``kms:Decrypt`` to reuse it).
SQS_KMS_ACTIONS: tuple[str, ...] = ("kms:Decrypt", "kms:GenerateDataKey")

_FORM = "application/x-www-form-urlencoded"


class SqsSendMessage(ServiceIntegrationMethod):
    """A method that sends the request to an SQS queue (standard or FIFO) with ``SendMessage``.

    What it sends: ``POST <account>/<queue name>`` with the form body ``Action=SendMessage&
    MessageBody=<the raw request body>`` (every value URL-encoded), plus ``MessageGroupId``,
    ``MessageDeduplicationId`` and ``MessageAttribute.N.*`` when configured and present.
    What it answers: ``200 {"messageId": ..., "sequenceNumber": ...}``; SQS errors as 4xx/5xx
    with ``{"message", "type"}`` (throttling 429, a missing queue or a KMS problem 500).
    IAM: ``sqs:SendMessage`` on the queue, plus ``kms:Decrypt`` and ``kms:GenerateDataKey`` on
    ``queue.encryption_master_key`` when the queue uses a customer managed key.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param queue: the queue, standard or FIFO (``queue.fifo``).
    :param http_method: the client's verb. Default: - ``POST``.
    :param message_body: the message. Default: - the raw request body
        (``From.whole_body(required=True)``; an empty body is rejected by SQS with 400).
    :param message_group_id: the FIFO message group (or the fair-queue tenant of a standard
        queue), read from the request (``From.header("X-Group-Id")``, ``From.body("$.tenant")``)
        or a literal. Default: - none; required for a FIFO queue.
    :param deduplication_id: the FIFO deduplication id (FIFO queues only). Default: - for a
        FIFO queue, the client's ``Idempotency-Key`` header when sent (a retry with the same key
        within 5 minutes is accepted once); without it SQS needs content-based deduplication on
        the queue, else it answers 400.
    :param message_attributes: attribute name to a request value or a literal, at most 10.
        ``DataType`` is ``Number`` for numbers (``From(..., type="number")`` or an int/float),
        else ``String``; an optional value that is missing leaves its attribute out.
        Default: - none.
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
        queue: sqs.IQueue,
        http_method: str = "POST",
        message_body: From | None = None,
        message_group_id: From | str | None = None,
        deduplication_id: From | None = None,
        message_attributes: Mapping[str, AttributeValue] | None = None,
        content_types: Sequence[str] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        body = message_body if message_body is not None else From.whole_body(required=True)
        check_from(body, argument="message_body", allow_literal=False)
        attributes = check_message_attributes(message_attributes)
        fields: dict[str, str | int | float | bool | From] = {
            "Action": "SendMessage",
            "MessageBody": body,
        }
        fields.update(
            fifo_fields(
                kind="queue",
                path=queue.node.path,
                fifo=queue.fifo,
                message_group_id=message_group_id,
                deduplication_id=deduplication_id,
            )
        )
        template = AttributeForm(fields, attributes, "MessageAttribute")
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="sqs",
            path=f"{queue.env.account}/{queue.queue_name}",
            integration_http_method="POST",
            region=queue.env.region,
            resources=[queue.queue_arn],
            iam_actions=["sqs:SendMessage"],
            **merge_options(
                {
                    "request_templates": templates_for(content_types, template),
                    "integration_responses": error_mapping(
                        "sqs", success=sqs_send_message_response()
                    ),
                    "request_parameters": {
                        "integration.request.header.Content-Type": f"'{_FORM}'",
                        "integration.request.header.Accept": "'application/json'",
                    },
                    "additional_permissions": kms_permissions(
                        queue.encryption_master_key, actions=SQS_KMS_ACTIONS
                    ),
                },
                options,
            ),
        )
        self.queue = queue
        """The queue messages are sent to."""
