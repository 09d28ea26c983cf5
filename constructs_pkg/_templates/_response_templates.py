"""Response templates (service answer to plain JSON) and error mapping (integration responses).

An AWS integration's selection pattern is matched against the service's HTTP status code. The
mapping adds, after the default (success) response, one response for ``4\\d{2}`` (refined by the
service's error code through ``$context.responseOverride.status``) and one for ``5\\d{2}``, so no
service error reaches the client as a 200. Statuses set through ``responseOverride`` need method
responses too: each template and mapping lists them in ``extra_status_codes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from ..errors import ValidationError
from ._dynamodb import DEFAULT_MAX_DEPTH, dynamodb_item_vtl, dynamodb_items_vtl
from ._error_data import GENERIC, SERVICE_ALIASES, SERVICE_ERRORS, STATUS_TEXT, ServiceErrors
from ._vtl import load_vtl, status_literal

if TYPE_CHECKING:
    from aws_cdk import aws_apigateway as apigw

__all__ = [
    "ResponseMapping",
    "ResponseTemplate",
    "dynamodb_item_response",
    "dynamodb_items_response",
    "error_mapping",
    "eventbridge_put_events_response",
    "sfn_sync_execution_response",
    "sns_publish_response",
    "sqs_send_message_response",
]

CLIENT_ERROR_PATTERN = r"4\d{2}"
SERVER_ERROR_PATTERN = r"5\d{2}"
_CLIENT_STATUS = 400
_SERVER_STATUS = 502
_NAME = re.compile(r"^[A-Za-z0-9_.:+-]+$")  # an error name: safe in a single-quoted VTL literal


@dataclass(frozen=True, kw_only=True, slots=True)
class ResponseTemplate:
    """A response template and the statuses it can set through ``responseOverride``.

    :param vtl: the template text.
    :param extra_status_codes: statuses the template may set besides its integration
        response's own; each needs a method response.
    """

    vtl: str
    extra_status_codes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class ResponseMapping:
    """Integration responses for one method, success and errors.

    :param integration_responses: the default (success) response first, then the error ones.
    :param extra_status_codes: statuses set through ``responseOverride`` that no integration
        response has; declare a method response for each (with the same response parameters).
    """

    integration_responses: tuple[apigw.IntegrationResponse, ...]
    extra_status_codes: tuple[str, ...]

    @property
    def status_codes(self) -> tuple[str, ...]:
        """Every status the client can get, integration responses' first, without repeats."""
        seen = [r.status_code for r in self.integration_responses]
        return tuple(dict.fromkeys([*seen, *self.extra_status_codes]))


# -- success templates ---------------------------------------------------------------------------


def dynamodb_item_response(
    *,
    member: Literal["Item", "Attributes"] = "Item",
    not_found_status: int | None = 404,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> ResponseTemplate:
    """GetItem's ``Item`` (or a write's ``Attributes``) as a plain JSON object.

    ``{"Item": {"name": {"S": "Jane"}, "age": {"N": "42"}}}`` becomes
    ``{"name": "Jane", "age": 42}``: S and B as strings, N as numbers, BOOL, NULL as ``null``,
    SS/BS/NS as arrays, M and L nested down to ``max_depth`` levels (values below ``null``).

    :param member: ``"Item"`` for GetItem; ``"Attributes"`` for PutItem, UpdateItem and
        DeleteItem with ``ReturnValues``.
    :param not_found_status: the status when the answer has no ``member``, with the body
        ``{"message": "not found", "type": "NotFound"}``. ``None`` answers ``{}`` with the
        success status (for writes without ``ReturnValues``). Default: - 404.
    :param max_depth: levels of nesting unmarshalled; an attribute is level 1. Default: - 5.
    """
    extra = () if not_found_status is None else (str(not_found_status),)
    return ResponseTemplate(
        vtl=dynamodb_item_vtl(
            member=member, not_found_status=not_found_status, max_depth=max_depth
        ),
        extra_status_codes=extra,
    )


def dynamodb_items_response(*, max_depth: int = DEFAULT_MAX_DEPTH) -> ResponseTemplate:
    """Scan and Query answers as ``{"items": [...], "count": n, "nextToken": "..."}``.

    Items are unmarshalled as in :func:`dynamodb_item_response`. ``nextToken``, present only when
    DynamoDB sent ``LastEvaluatedKey``, is the base64 of that key's DynamoDB JSON.

    :param max_depth: levels of nesting unmarshalled. Default: - 5.
    """
    return ResponseTemplate(vtl=dynamodb_items_vtl(max_depth=max_depth))


def sqs_send_message_response() -> ResponseTemplate:
    """SQS SendMessage as ``{"messageId": ..., "sequenceNumber": ...}`` (FIFO queues only
    have a sequence number). Reads the JSON protocol's answer and the query protocol's answer
    under ``Accept: application/json``."""
    return ResponseTemplate(vtl=load_vtl("message_id.vtl").replace("@ACTION@", "SendMessage"))


def sns_publish_response() -> ResponseTemplate:
    """SNS Publish as ``{"messageId": ..., "sequenceNumber": ...}`` (FIFO topics only have a
    sequence number), from the answer under ``Accept: application/json``."""
    return ResponseTemplate(vtl=load_vtl("message_id.vtl").replace("@ACTION@", "Publish"))


def sfn_sync_execution_response(
    *, error_statuses: Mapping[str, int] | None = None, expose_cause: bool = False
) -> ResponseTemplate:
    """Step Functions StartSyncExecution: the execution's ``output`` as the body on SUCCEEDED.

    Any other status is an error: 504 for TIMED_OUT, else 500 (FAILED, ABORTED), with
    ``{"message": ..., "type": <the execution's error, or its status>}``.

    :param error_statuses: execution error name (``"States.Timeout"``, or one the state
        machine raises, ``"ValidationError"``) to status, e.g. ``{"ValidationError": 400}`` to
        answer client errors as such. Default: - none; 500 or 504 as above.
    :param expose_cause: whether the message is the execution's ``cause`` (which may hold
        stack traces or internal names). Default: - a generic message.
    """
    statuses = dict(error_statuses or {})
    chain = []
    for name, status in statuses.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValidationError(
                "invalid-error-name",
                f"'error_statuses' key {name!r} is not an error name this mapping can match; "
                "use letters, digits and '_.:+-' (e.g. 'States.Timeout', 'ValidationError')",
            )
        chain.append(f"($cpError == '{name}')#set($cpStatus = {status_literal(status)})")
    errors = "#if" + "#elseif".join(chain) + "#{end}" if chain else ""
    if expose_cause:
        message = '#if($cpCause != "")#set($cpMessage = $cpCause)#{else}'
        message += "#set($cpMessage = $cpGeneric)#{end}"
    else:
        message = "#set($cpMessage = $cpGeneric)"
    extra = dict.fromkeys(["500", "504", *(str(s) for s in statuses.values())])
    return ResponseTemplate(
        vtl=load_vtl("sfn_sync_execution.vtl")
        .replace("@ERRORS@", errors)
        .replace("@MESSAGE@", message),
        extra_status_codes=tuple(extra),
    )


def eventbridge_put_events_response() -> ResponseTemplate:
    """EventBridge PutEvents as ``{"eventIds": [...]}``; a ``FailedEntryCount`` above 0 is an
    error (PutEvents answers 200 even then): 400 for a malformed entry, 429 when throttled, 500
    when not authorized, else 502, with ``{"message", "type", "failedEntryCount"}``."""
    return ResponseTemplate(
        vtl=load_vtl("eventbridge_put_events.vtl"),
        extra_status_codes=("400", "429", "500", "502"),
    )


# -- error mapping -------------------------------------------------------------------------------


def error_mapping(
    service: str,
    *,
    success: ResponseTemplate | str | None = None,
    success_status: str = "200",
    content_type: str = "application/json",
    response_parameters: Mapping[str, str] | None = None,
    error_statuses: Mapping[str, int] | None = None,
) -> ResponseMapping:
    """Integration responses for an action of ``service``: success, then 4xx and 5xx errors.

    - default response (no selection pattern): ``success_status`` with the ``success`` template;
    - ``4\\d{2}``: 400 with ``{"message": ..., "type": ...}``, refined by the service's error
      code (DynamoDB: ConditionalCheckFailedException → 409, ResourceNotFoundException → 404,
      throttling → 429, AccessDenied → 500 as a misconfiguration; see ``_error_data``). A client
      error shows the service's message and code, a 5xx only a generic text;
    - ``5\\d{2}``: 502 with a generic body (the service's 5xx bodies need not be JSON).

    Some statuses have their own selection pattern (``_error_data``): Lambda's 404 (a missing
    function: 500), 413, 415, 429; S3's, whose XML errors a template cannot read, by status only.

    :param service: the URI service name (``dynamodb``, ``sqs``, ``sns``, ``states``,
        ``events``, ``kinesis``, ``firehose``, ``lambda``, ``s3``; ``stepfunctions`` and
        ``eventbridge`` are accepted). Default: - any other name gets the codes common to all
        services (access denied → 500, throttling → 429).
    :param success: the success template, e.g. :func:`dynamodb_item_response`; a ``str`` is VTL.
        Default: - an empty template: the service's answer passes through unchanged.
    :param success_status: the status of the default response. Default: - ``"200"``.
    :param content_type: the media type of every response template. Default: -
        ``application/json``.
    :param response_parameters: ``method.response.header.*`` mappings added to every integration
        response (e.g. CORS headers). Default: - none.
    :param error_statuses: service error code to the status the client gets, over the
        service's table, e.g. ``{"ConditionalCheckFailedException": 404}`` for an update that
        requires the item to exist. Only for services whose errors are JSON. Default: - the
        service's table as it is.
    """
    from aws_cdk import aws_apigateway as apigw

    errors = _service_errors(service)
    if error_statuses:
        errors = _with_statuses(errors, error_statuses)
    success_vtl = success.vtl if isinstance(success, ResponseTemplate) else (success or "")
    extra: dict[str, None] = dict.fromkeys(
        success.extra_status_codes if isinstance(success, ResponseTemplate) else ()
    )
    parameters = dict(response_parameters) if response_parameters else None

    def response(status: int | str, vtl: str, pattern: str | None) -> apigw.IntegrationResponse:
        return apigw.IntegrationResponse(
            status_code=str(status),
            selection_pattern=pattern,
            response_templates={content_type: vtl},
            response_parameters=parameters,
        )

    def error_template(status: int) -> str:
        return _json_error(errors.codes, status) if errors.json_errors else _static_error(status)

    responses = [response(success_status, success_vtl, None)]
    specific = sorted(errors.statuses)
    for service_status in specific:
        client_status = errors.statuses[service_status]
        responses.append(response(client_status, error_template(client_status), service_status))
    responses.append(
        response(_CLIENT_STATUS, error_template(_CLIENT_STATUS), _client_pattern(specific))
    )
    responses.append(response(_SERVER_STATUS, _static_error(_SERVER_STATUS), SERVER_ERROR_PATTERN))
    if errors.json_errors:
        extra.update(dict.fromkeys(str(s) for s in sorted(set(errors.codes.values()))))
    responses = merge_same_status(responses)
    own = {r.status_code for r in responses}
    return ResponseMapping(
        integration_responses=tuple(responses),
        extra_status_codes=tuple(s for s in extra if s not in own),
    )


def _service_errors(service: str) -> ServiceErrors:
    if not isinstance(service, str):
        raise ValidationError(
            "invalid-service", f"'service' must be a str such as 'dynamodb', got {service!r}"
        )
    name = SERVICE_ALIASES.get(service, service)
    return SERVICE_ERRORS.get(name, GENERIC)


def _with_statuses(errors: ServiceErrors, statuses: Mapping[str, int]) -> ServiceErrors:
    if not errors.json_errors:
        raise ValidationError(
            "unsupported-error-statuses",
            "'error_statuses' needs a service whose errors are JSON (their code is read from "
            "the body); this service's errors are mapped by HTTP status only",
        )
    codes = dict(errors.codes)
    for code, status in statuses.items():
        if not isinstance(code, str) or not _NAME.match(code):
            raise ValidationError(
                "invalid-error-name",
                f"'error_statuses' key {code!r} is not an error code this mapping can match; "
                "use letters, digits and '_.:+-' (e.g. 'ConditionalCheckFailedException')",
            )
        codes[code] = int(status_literal(status))
    return ServiceErrors(codes=MappingProxyType(codes), json_errors=True, statuses=errors.statuses)


def _client_pattern(excluded: Iterable[str]) -> str:
    """``4\\d{2}`` without the statuses that have their own response (Java regex lookahead)."""
    tails = [status[1:] for status in excluded if status.startswith("4")]
    if not tails:
        return CLIENT_ERROR_PATTERN
    return "4(?!" + "|".join(tails) + r")\d{2}"


def _text(status: int) -> tuple[str, str]:
    return STATUS_TEXT.get(status, STATUS_TEXT[500 if status >= 500 else 400])


def _static_error(status: int) -> str:
    error_type, message = _text(status)
    return '{"message": "' + message + '", "type": "' + error_type + '"}'


def _json_error(codes: Mapping[str, int], default: int) -> str:
    by_status: dict[int, list[str]] = {}
    for code, status in codes.items():
        if status != default:
            by_status.setdefault(status, []).append(code)
    branches = [
        "(" + " || ".join(f"$cpCode == '{code}'" for code in sorted(names)) + ")"
        f"#set($cpStatus = {status})"
        for status, names in sorted(by_status.items())
    ]
    code_chain = "#if" + "#elseif".join(branches) + "#{end}" if branches else ""
    statuses = sorted({default, *by_status})
    texts = "#if" + "#elseif".join(
        f"($cpStatus == {status})"
        + '#set($cpType = "' + _text(status)[0] + '")'
        + '#set($cpGeneric = "' + _text(status)[1] + '")'
        for status in statuses
    ) + "#{end}"  # fmt: skip
    return (
        load_vtl("error_json.vtl")
        .replace("@DEFAULT@", str(default))
        .replace("@CODES@", code_chain)
        .replace("@TEXTS@", texts)
    )


def merge_same_status(
    responses: Sequence[apigw.IntegrationResponse],
) -> list[apigw.IntegrationResponse]:
    """One integration response per status code, in first-seen order.

    API Gateway keys integration responses by status code, so two responses with the same
    status (Lambda's 403 and 404 both map to 500) would replace each other; their selection
    patterns are joined into one (``(?:403)|(?:404)``), keeping the first one's template,
    parameters and content handling.
    """
    from aws_cdk import aws_apigateway as apigw

    merged: dict[str, apigw.IntegrationResponse] = {}
    for response in responses:
        first = merged.get(response.status_code)
        if first is None:
            merged[response.status_code] = response
            continue
        patterns = [p for p in (first.selection_pattern, response.selection_pattern) if p]
        merged[response.status_code] = apigw.IntegrationResponse(
            status_code=first.status_code,
            selection_pattern="|".join(f"(?:{p})" for p in patterns) or None,
            response_templates=first.response_templates,
            response_parameters=first.response_parameters,
            content_handling=first.content_handling,
        )
    return list(merged.values())
