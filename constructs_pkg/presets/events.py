"""EventBridge ``PutEvents``: :class:`EventBridgePutEvents`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from aws_cdk import Token
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from constructs import Construct

from .._method import RequestTemplate, ServiceIntegrationMethod
from .._templates import (
    From,
    JsonTemplate,
    ResponseMapping,
    error_mapping,
    eventbridge_put_events_response,
)
from ..errors import ValidationError
from ._common import check_from, merge_parameters

if TYPE_CHECKING:
    from .._cors import Cors

__all__ = ["EventBridgePutEvents", "put_events_template"]


class EventBridgePutEvents(ServiceIntegrationMethod):
    """A method that puts the request on an EventBridge event bus as one event (``PutEvents``).

    What it sends: ``POST`` to ``events:action/PutEvents`` (``Content-Type:
    application/x-amz-json-1.1``, ``X-Amz-Target: AWSEvents.PutEvents``, derived) with
    ``{"Entries": [{"EventBusName": <bus ARN>, "Source": ..., "DetailType": ...,
    "Detail": "<the raw JSON body, as a JSON string>"}]}``; the body is escaped into the string
    EventBridge expects, so it cannot add entries or fields.
    What it answers: ``200 {"eventIds": [...]}``. PutEvents answers 200 even when the entry
    fails; the response template turns ``FailedEntryCount > 0`` into an error: 400 for a
    malformed entry (e.g. a body that is not a JSON object), 429 when throttled, 500 when not
    authorized, else 502, with ``{"message", "type", "failedEntryCount"}``. Other errors as
    4xx/5xx. IAM: ``events:PutEvents`` on the bus.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param event_bus: the bus (``EventBus.from_event_bus_name(self, "Default", "default")`` for
        the account's default bus).
    :param source: the event's source, a literal (``"com.example.orders"``) or a request value.
        A literal must not start with ``aws.`` (reserved for AWS services).
    :param detail_type: the event's detail type, a literal (``"OrderPlaced"``) or a request
        value (``From.header("X-Event-Type", required=True)``).
    :param http_method: the client's verb. Default: - ``POST``.
    :param role: the role API Gateway assumes. Default: - the API's shared role, granted
        ``events:PutEvents`` on the bus.
    :param cors: CORS for this method. Default: - none.
    :param body_schema: a JSON schema the body must match (else 400). Default: - none.
    :param authorization_type: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorizer: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorization_scopes: as ``ServiceIntegrationMethod``. Default: - none.
    :param api_key_required: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param request_templates: replaces the generated request template. Default: - generated.
    :param integration_responses: replaces the response and error mapping. Default: -
        ``error_mapping("events", success=eventbridge_put_events_response())``.
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
        event_bus: events.IEventBus,
        source: From | str,
        detail_type: From | str,
        http_method: str = "POST",
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
        template = put_events_template(event_bus, source=source, detail_type=detail_type)
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="events",
            action="PutEvents",
            region=event_bus.env.region,
            role=role,
            resources=[event_bus.event_bus_arn],
            request_templates=(
                request_templates
                if request_templates is not None
                else {"application/json": template}
            ),
            integration_responses=(
                integration_responses
                if integration_responses is not None
                else error_mapping("events", success=eventbridge_put_events_response())
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
        self.event_bus = event_bus
        """The bus events are put on."""


def put_events_template(
    event_bus: events.IEventBus, *, source: From | str, detail_type: From | str
) -> JsonTemplate:
    """The ``PutEvents`` body :class:`EventBridgePutEvents` sends (see its parameters)."""
    check_from(source, argument="source")
    check_from(detail_type, argument="detail_type")
    if (
        isinstance(source, str)
        and not Token.is_unresolved(source)
        and source.lower().startswith("aws.")
    ):
        raise ValidationError(
            "reserved-event-source",
            f"'source' {source!r} starts with 'aws.', which EventBridge reserves for AWS "
            "services (the entry would fail); use your own, e.g. 'com.example.orders'",
        )
    entry = {
        "EventBusName": event_bus.event_bus_arn,
        "Source": source,
        "DetailType": detail_type,
        "Detail": From.whole_body(required=True),
    }
    return JsonTemplate({"Entries": [entry]})
