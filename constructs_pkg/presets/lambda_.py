"""Lambda ``Invoke``, synchronous or asynchronous: :class:`LambdaInvoke`.

A Lambda function reached through an ``AWS`` integration (not ``AWS_PROXY``) is what API Gateway
calls a custom Lambda integration: the function gets the event the request template builds and
its return value is the response body. When the function fails, Lambda still answers 200, with
``X-Amz-Function-Error: Unhandled`` and ``{"errorMessage", "errorType", "stackTrace"}``; API
Gateway then matches each integration response's selection pattern against ``errorMessage``
(not against a status code). The preset maps every function error, so none reaches the client
as a 200: the ``error_patterns`` you give first, then any other message to 502 with a generic
body (no stack trace leaves the API). Errors of the Lambda service itself (throttling, a
payload too large) are mapped by status as for other services.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal, Unpack

from aws_cdk import Token
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from .._method import ServiceIntegrationMethod
from .._templates import (
    STATUS_TEXT,
    From,
    JsonTemplate,
    ResponseMapping,
    error_mapping,
    escape_json,
)
from ..errors import ValidationError
from ._common import check_options, merge_options
from ._options import PresetOptions

__all__ = ["InvocationType", "LambdaInvoke"]

InvocationType = Literal["RequestResponse", "Event"]
"""``RequestResponse``: wait for the function's result; ``Event``: queue the event and answer
202 at once (Lambda retries a failed asynchronous invocation twice)."""

_INVOCATION_TYPES = ("RequestResponse", "Event")
_INVOCATION_TYPE_HEADER = "integration.request.header.X-Amz-Invocation-Type"
_UNHANDLED_STATUS = "502"
_SERVER_ERROR_PATTERN = r"5\d{2}"


def function_error_template(status: int) -> str:
    """The body of a mapped function error: ``{"message": <errorMessage>, "type": <errorType>}``
    for a client error (below 500), escaped; a generic message for a server error.

    Lambda service errors (``{"Type": "User", "message": ...}``) are read too: ``message``
    when there is no ``errorMessage``.
    """
    generic_type, generic_message = STATUS_TEXT.get(
        status, STATUS_TEXT[500 if status >= 500 else 400]
    )
    if status >= 500:
        return '{"message": "' + generic_message + '", "type": "' + generic_type + '"}'
    reads = (
        "#set($cpFnMessageValue = \"\")#set($cpFnMessageValue = $input.path('$.errorMessage'))"
        '#set($cpFnMessage = "$!cpFnMessageValue")'
        '#if($cpFnMessage == "")#set($cpFnOtherValue = "")'
        "#set($cpFnOtherValue = $input.path('$.message'))"
        '#set($cpFnMessage = "$!cpFnOtherValue")#{end}'
        '#if($cpFnMessage == "")#set($cpFnMessage = "' + generic_message + '")#{end}'
        "#set($cpFnTypeValue = \"\")#set($cpFnTypeValue = $input.path('$.errorType'))"
        '#set($cpFnType = "$!cpFnTypeValue")'
        '#if($cpFnType == "")#set($cpFnType = "' + generic_type + '")#{end}'
    )
    return (
        reads
        + '{"message": "'
        + escape_json("$cpFnMessage")
        + '", "type": "'
        + escape_json("$cpFnType")
        + '"}'
    )


def _check_error_patterns(patterns: Mapping[str, int]) -> dict[str, int]:
    checked: dict[str, int] = {}
    for pattern, status in patterns.items():
        if not isinstance(pattern, str) or not pattern or Token.is_unresolved(pattern):
            raise ValidationError(
                "invalid-error-pattern",
                f"'error_patterns' key {pattern!r} is not a regular expression; use one that "
                "matches the function's errorMessage, e.g. r'\\[BadRequest\\].*'",
            )
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValidationError(
                "invalid-error-pattern",
                f"'error_patterns' key {pattern!r} is not a valid regular expression ({error}); "
                "it is matched against the whole errorMessage, e.g. r'\\[BadRequest\\].*'",
            ) from error
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise ValidationError(
                "invalid-status-code",
                f"'error_patterns'[{pattern!r}] is {status!r}; a function error answers a 4xx "
                "or 5xx status: use an int from 400 to 599",
            )
        checked[pattern] = status
    return checked


def _group(patterns: Sequence[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def invoke_responses(
    invocation_type: InvocationType, error_patterns: Mapping[str, int] | None = None
) -> ResponseMapping:
    """The responses of :class:`LambdaInvoke`.

    - success: ``200`` with the function's result as is (``202`` for ``Event``);
    - ``error_patterns`` (``RequestResponse`` only): each errorMessage regex to its status, the
      body from :func:`function_error_template`;
    - Lambda service errors: ``error_mapping("lambda")``;
    - any other function error: 502 with a generic body (its pattern excludes the ones above
      and three-digit status codes, so exactly one response matches).
    """
    if invocation_type not in _INVOCATION_TYPES:
        raise ValidationError(
            "invalid-invocation-type",
            f"'invocation_type' {invocation_type!r} is not one of {_INVOCATION_TYPES!r}; use "
            "'RequestResponse' (wait for the result) or 'Event' (asynchronous, 202)",
        )
    is_async = invocation_type == "Event"
    base = error_mapping("lambda", success_status="202" if is_async else "200")
    if is_async:
        return base
    user = _check_error_patterns(error_patterns or {})
    by_status: dict[str, list[str]] = {}
    for pattern, wanted in user.items():
        by_status.setdefault(str(wanted), []).append(pattern)
    excluded = [*user, r"\d{3}"]
    unhandled = r"(?!(?:" + "|".join(excluded) + r")\z)[\s\S]+"
    responses = [base.integration_responses[0]]
    for response in base.integration_responses[1:]:
        status = response.status_code
        patterns = by_status.pop(status, [])
        template = response.response_templates
        if status == _UNHANDLED_STATUS:
            patterns.append(unhandled)
        if patterns and int(status) < 500:
            template = {"application/json": function_error_template(int(status))}
        selection = response.selection_pattern
        if patterns:
            selection = _group([*patterns, selection or _SERVER_ERROR_PATTERN])
        responses.append(
            apigw.IntegrationResponse(
                status_code=status,
                selection_pattern=selection,
                response_templates=template,
                response_parameters=response.response_parameters,
            )
        )
    for status, patterns in by_status.items():
        responses.append(
            apigw.IntegrationResponse(
                status_code=status,
                selection_pattern=_group(patterns),
                response_templates={"application/json": function_error_template(int(status))},
            )
        )
    return ResponseMapping(
        integration_responses=tuple(responses),
        extra_status_codes=tuple(
            s for s in base.extra_status_codes if s not in {r.status_code for r in responses}
        ),
    )


class LambdaInvoke(ServiceIntegrationMethod):
    """A method that invokes a Lambda function (``Invoke``), waiting for its result or not.

    What it sends: ``POST 2015-03-31/functions/<function ARN>/invocations`` (path-style) with
    the event: the client's JSON body by default (``{}`` when there is none), or the
    ``payload`` you declare; for ``invocation_type="Event"`` the header
    ``X-Amz-Invocation-Type: Event``. What it answers: ``RequestResponse``: ``200`` with the
    function's return value as is; function errors as described in the module documentation
    (``error_patterns`` first, any other 502). ``Event``: ``202`` with Lambda's empty answer as
    soon as the event is queued. Lambda service errors as 4xx/5xx (throttling 429, payload too
    large 413, a missing function 500). IAM: ``lambda:InvokeFunction`` on the function's ARN.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param function: the function (or an alias or version: its ARN is invoked).
    :param http_method: the client's verb. Default: - ``POST``.
    :param invocation_type: ``"RequestResponse"`` (synchronous) or ``"Event"``
        (asynchronous). Default: - ``"RequestResponse"``.
    :param payload: the event, declared as for ``JsonTemplate``, e.g. ``{"orderId":
        From.path("id"), "order": From.whole_body(type="json")}``. Default: - the client's
        JSON body as is (``From.whole_body(type="json", default={})``).
    :param error_patterns: regex matched against the whole ``errorMessage`` of a failed
        function to the status to answer, e.g. ``{r"\\[BadRequest\\].*": 400,
        r"\\[NotFound\\].*": 404}``; below 500 the body shows ``errorMessage`` and
        ``errorType``. Synchronous invocations only. Default: - none: every function error
        is a 502.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        function: lambda_.IFunction,
        http_method: str = "POST",
        invocation_type: InvocationType = "RequestResponse",
        payload: Mapping[str, object] | None = None,
        error_patterns: Mapping[str, int] | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        if invocation_type == "Event" and error_patterns:
            raise ValidationError(
                "sync-only-option",
                "'error_patterns' was given with invocation_type='Event'; an asynchronous "
                "invocation answers 202 before the function runs, so its errors never reach "
                "the client: drop error_patterns, or use invocation_type='RequestResponse'",
            )
        responses = invoke_responses(invocation_type, error_patterns)
        template = JsonTemplate(
            dict(payload) if payload is not None else From.whole_body(type="json", default={})
        )
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="lambda",
            path=f"2015-03-31/functions/{function.function_arn}/invocations",
            integration_http_method="POST",
            region=function.env.region,
            resources=[function.function_arn],
            iam_actions=["lambda:InvokeFunction"],
            **merge_options(
                {
                    "request_templates": {"application/json": template},
                    "integration_responses": responses,
                    "request_parameters": (
                        {_INVOCATION_TYPE_HEADER: "'Event'"} if invocation_type == "Event" else {}
                    ),
                },
                options,
            ),
        )
        self.function = function
        """The function invoked."""
        self.invocation_type: InvocationType = invocation_type
        """``"RequestResponse"`` or ``"Event"``."""
