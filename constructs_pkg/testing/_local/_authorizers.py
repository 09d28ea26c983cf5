"""Method authorization, as far as it can be decided locally.

- ``AWS_IAM``: a request without a SigV4 ``Authorization`` header (``AWS4-HMAC-SHA256 ...``)
  gets 403 ``Missing Authentication Token``; with one it is allowed (the signature is not
  checked).
- ``COGNITO_USER_POOLS`` and ``CUSTOM`` (Lambda ``TOKEN``/``REQUEST``) authorizers: a request
  without the authorizer's identity source (by default the ``Authorization`` header; for
  ``REQUEST`` every listed source) gets 401 ``Unauthorized``; a ``TOKEN`` value that does not
  match the identity validation expression too. Otherwise the request is allowed and
  ``$context.authorizer`` is ``authorizer_context``.
- A Lambda authorizer whose function has a handler in ``lambda_handlers`` is run for real:
  its policy must ``Allow`` the method ARN (else 403 ``User is not authorized to access this
  resource``), raising ``Exception("Unauthorized")`` gives 401, any other failure 500; its
  ``principalId`` and ``context`` become ``$context.authorizer``.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Callable, Mapping

from ..._apimodel import Authorizer, Method, RestApi, lambda_function_arn
from ._call import Call, GatewayError
from ._lambda import LambdaHandler, invoke

__all__ = ["HandlerLookup", "authorize"]

HandlerLookup = Callable[[str], tuple[str, LambdaHandler | None] | None]
"""A function ARN to ``(logical id, handler or None)``; ``None`` for a function not in the
template."""

_UNAUTHORIZED = "Unauthorized"


def _identity_sources(authorizer: Authorizer) -> list[str]:
    raw = authorizer.identity_source or "method.request.header.Authorization"
    return [part.strip() for part in raw.split(",") if part.strip()]


def authorize(
    api: RestApi,
    method: Method,
    call: Call,
    *,
    region: str,
    authorizer_context: Mapping[str, object],
    handlers: HandlerLookup,
) -> None:
    """Decide whether ``call`` may run ``method``; fill ``call.authorizer``.

    :raises GatewayError: MISSING_AUTHENTICATION_TOKEN, UNAUTHORIZED, ACCESS_DENIED or
        AUTHORIZER_CONFIGURATION_ERROR.
    """
    kind = method.authorization_type.upper()
    if kind == "NONE":
        return
    if kind == "AWS_IAM":
        header = call.header("Authorization") or ""
        if not header.startswith("AWS4-HMAC-SHA256"):
            raise GatewayError(
                "MISSING_AUTHENTICATION_TOKEN",
                "Missing Authentication Token",
                detail="the method uses AWS_IAM authorization: sign the request with SigV4",
            )
        call.authorizer.update(authorizer_context)
        return
    authorizer = api.authorizers.get(method.authorizer_id or "")
    if authorizer is None:
        raise GatewayError(
            "AUTHORIZER_CONFIGURATION_ERROR",
            "Authorizer configuration error",
            detail=f"the method's authorizer {method.authorizer_id!r} is not in the template",
        )
    values = {source: call.source(source) for source in _identity_sources(authorizer)}
    missing = [source for source, value in values.items() if not value]
    if missing:
        raise GatewayError(
            "UNAUTHORIZED",
            _UNAUTHORIZED,
            detail=f"the authorizer {authorizer.name!r} needs {', '.join(missing)}",
        )
    if authorizer.type.upper() == "TOKEN" and authorizer.identity_validation_expression:
        token = next(iter(values.values())) or ""
        if re.fullmatch(authorizer.identity_validation_expression, token) is None:
            raise GatewayError("UNAUTHORIZED", _UNAUTHORIZED)
    function_arn = lambda_function_arn(authorizer.authorizer_uri)
    found = handlers(function_arn) if function_arn else None
    if found is None or found[1] is None:
        call.authorizer.update(authorizer_context)
        return
    logical_id, handler = found
    assert handler is not None
    method_arn = (
        f"arn:aws:execute-api:{region}:{call.account}:{call.api_id}/{call.stage}/"
        f"{call.http_method}{call.path}"
    )
    if authorizer.type.upper() == "TOKEN":
        event: dict[str, object] = {
            "type": "TOKEN",
            "authorizationToken": next(iter(values.values())),
            "methodArn": method_arn,
        }
    else:
        event = {
            "type": "REQUEST",
            "methodArn": method_arn,
            "resource": call.resource_path,
            "path": call.path,
            "httpMethod": call.http_method,
            "headers": {name: call.headers.get_all(name)[-1] for name in call.headers},
            "queryStringParameters": {k: v[-1] for k, v in call.query.items() if v},
            "pathParameters": dict(call.path_params),
            "stageVariables": dict(call.stage_variables),
            "requestContext": {"requestId": call.request_id, "stage": call.stage},
        }
    result = invoke(
        handler, event, function_name=logical_id, function_arn=function_arn or "", timeout_ms=10000
    )
    if result.error is not None:
        if result.error == _UNAUTHORIZED:
            raise GatewayError("UNAUTHORIZED", _UNAUTHORIZED)
        raise GatewayError(
            "AUTHORIZER_CONFIGURATION_ERROR",
            "Authorizer configuration error",
            detail=f"the authorizer function {logical_id} failed: {result.error}",
        )
    policy = json.loads(result.payload)
    if not isinstance(policy, Mapping) or not _allows(policy, method_arn):
        raise GatewayError(
            "ACCESS_DENIED",
            "User is not authorized to access this resource",
            detail=f"the policy of authorizer function {logical_id} does not allow {method_arn}",
        )
    call.authorizer["principalId"] = policy.get("principalId")
    context = policy.get("context")
    if isinstance(context, Mapping):
        call.authorizer.update({str(k): v for k, v in context.items()})


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _allows(policy: Mapping[str, object], method_arn: str) -> bool:
    document = policy.get("policyDocument")
    if not isinstance(document, Mapping):
        return False
    allowed = False
    for statement in _list(document.get("Statement")):
        if not isinstance(statement, Mapping):
            continue
        resources = [str(r) for r in _list(statement.get("Resource"))]
        if not any(fnmatch.fnmatchcase(method_arn, pattern) for pattern in resources):
            continue
        effect = str(statement.get("Effect", "")).lower()
        if effect == "deny":
            return False
        if effect == "allow":
            allowed = True
    return allowed
