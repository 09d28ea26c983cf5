"""Lambda integrations run in-process: the callables of ``lambda_handlers``.

- ``AWS_PROXY``: the handler gets the REST (version 1.0) proxy event and returns
  ``{statusCode, headers, multiValueHeaders, body, isBase64Encoded}``; an exception or a
  malformed result gives 502 ``{"message": "Internal server error"}``, as API Gateway does.
- ``AWS`` (custom integration): the handler gets the rendered request template, parsed as
  JSON when it is JSON; its return value is serialized as JSON. An exception becomes Lambda's
  error document ``{"errorMessage", "errorType", "stackTrace"}`` and the integration response
  is selected on ``errorMessage``.
- A handler that returns after the integration timeout gives 504 ``Endpoint request timed
  out`` (it is not interrupted).
- No handler for the function: 502 ``{"message": "Internal server error"}`` with an
  ``X-Local-Error`` header naming the function's logical id to add to ``lambda_handlers``.

The handler's ``context`` has the usual attributes (``function_name``, ``aws_request_id``,
``invoked_function_arn``, ``memory_limit_in_mb``, ``get_remaining_time_in_millis()``...).
"""

from __future__ import annotations

import base64
import json
import time
import traceback
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ._call import Call

__all__ = ["LambdaContext", "LambdaHandler", "LambdaResult", "invoke", "proxy_event"]

LambdaHandler = Callable[[Any, Any], Any]
"""A Python Lambda handler: ``handler(event, context)``."""


class LambdaContext:
    """The ``context`` a handler receives, with the attributes of AWS's Python runtime."""

    def __init__(self, *, function_name: str, function_arn: str, timeout_ms: int) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = function_arn
        self.memory_limit_in_mb = 128
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + timeout_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the integration timeout."""
        return max(0, int((self._deadline - time.monotonic()) * 1000))


@dataclass(frozen=True, slots=True)
class LambdaResult:
    """What a handler returned (``payload``, JSON text) or raised (``error``); ``timed_out``
    when it ran longer than the integration timeout."""

    payload: str
    error: str | None = None
    timed_out: bool = False


def invoke(
    handler: LambdaHandler, event: object, *, function_name: str, function_arn: str, timeout_ms: int
) -> LambdaResult:
    """Call ``handler`` as the Lambda runtime would; never raises for the handler's errors."""
    context = LambdaContext(
        function_name=function_name, function_arn=function_arn, timeout_ms=timeout_ms
    )
    started = time.monotonic()
    try:
        result = handler(event, context)
    except Exception as error:  # the runtime reports any exception as the function's error
        message = str(error) or type(error).__name__
        document = {
            "errorMessage": message,
            "errorType": type(error).__name__,
            "stackTrace": traceback.format_tb(error.__traceback__),
        }
        return LambdaResult(payload=json.dumps(document), error=message)
    if (time.monotonic() - started) * 1000 > timeout_ms:
        return LambdaResult(payload="", timed_out=True)
    try:
        return LambdaResult(payload=json.dumps(result, default=str))
    except (TypeError, ValueError) as error:
        return LambdaResult(
            payload=json.dumps({"errorMessage": f"Unable to marshal response: {error}"}),
            error=f"Unable to marshal response: {error}",
        )


def proxy_event(call: Call, *, binary: bool = False) -> dict[str, object]:
    """The ``AWS_PROXY`` event (REST API, payload version 1.0) for ``call``."""
    headers = {name: call.headers.get_all(name)[-1] for name in call.headers}
    multi_headers = {name: call.headers.get_all(name) for name in call.headers}
    query = {name: values[-1] for name, values in call.query.items() if values}
    context = call.context()
    identity = context.get("identity")
    body: str | None
    if not call.body:
        body = None
    elif binary:
        body = base64.b64encode(call.body).decode()
    else:
        body = call.body_text
    return {
        "resource": call.resource_path,
        "path": call.path,
        "httpMethod": call.http_method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": dict(call.query) or None,
        "pathParameters": dict(call.path_params) or None,
        "stageVariables": dict(call.stage_variables) or None,
        "requestContext": {
            "accountId": call.account,
            "apiId": call.api_id,
            "authorizer": dict(call.authorizer) or None,
            "domainName": "localhost",
            "domainPrefix": "localhost",
            "extendedRequestId": context.get("extendedRequestId"),
            "httpMethod": call.http_method,
            "identity": dict(identity) if isinstance(identity, Mapping) else {},
            "path": f"/{call.stage}{call.path}",
            "protocol": "HTTP/1.1",
            "requestId": call.request_id,
            "requestTime": context.get("requestTime"),
            "requestTimeEpoch": context.get("requestTimeEpoch"),
            "resourceId": call.method.resource_id if call.method else None,
            "resourcePath": call.resource_path,
            "stage": call.stage,
        },
        "body": body,
        "isBase64Encoded": binary and bool(call.body),
    }
