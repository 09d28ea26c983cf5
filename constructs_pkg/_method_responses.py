"""Integration and method responses: the example's defaults and their pairing.

API Gateway refuses (at deploy time) an integration response whose status code has no method
response, or one that maps a ``method.response.header.*`` the method response does not declare.
We derive the method responses from the integration responses, or check the pair the user gave.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from aws_cdk import aws_apigateway as apigw

from . import _checks as check
from ._apimodel._pairing import derived_headers, pairing_problems
from .errors import ValidationError


@functools.cache
def _empty_model() -> apigw.IModel:
    """API Gateway's built-in ``Empty`` model (read once: each read is a call into jsii)."""
    return apigw.Model.EMPTY_MODEL


def parity_integration_responses() -> list[apigw.IntegrationResponse]:
    """The example's ``put_integration_response``: one default ``200``, empty JSON template."""
    return list(_parity_integration_responses())


@functools.cache
def _parity_integration_responses() -> tuple[apigw.IntegrationResponse, ...]:
    # structs are values (serialized per use), so one instance serves every method
    return (
        apigw.IntegrationResponse(status_code="200", response_templates={"application/json": ""}),
    )


def check_integration_responses(
    responses: Sequence[apigw.IntegrationResponse],
) -> None:
    """Check each status code (once each) and each response-template media type."""
    seen: set[str] = set()
    for response in responses:
        check.status_code(response.status_code, where="integration_responses")
        if response.status_code in seen:
            raise ValidationError(
                "duplicate-integration-response",
                f"integration_responses has two responses with status {response.status_code!r}; "
                "API Gateway keeps one response per status code: join their selection patterns "
                "with '|' into one response",
            )
        seen.add(response.status_code)
        for media_type in response.response_templates or {}:
            check.media_type(media_type, where="integration_responses response_templates")


def derive_method_responses(
    responses: Sequence[apigw.IntegrationResponse],
    extra_status_codes: Sequence[str] = (),
) -> list[apigw.MethodResponse]:
    """One method response per integration status code, in first-seen order.

    Each declares the ``Empty`` model for ``application/json`` (as the example does) and every
    ``method.response.header.*`` that the integration responses of that status code map.
    ``extra_status_codes`` (statuses a response template sets through
    ``$context.responseOverride.status``) get every header any integration response maps.
    """
    derived = derived_headers(
        ((response.status_code, response.response_parameters or {}) for response in responses),
        [check.status_code(status, where="extra status") for status in extra_status_codes],
    )
    return [_method_response(status, headers) for status, headers in derived.items()]


@functools.lru_cache(maxsize=512)
def _method_response(status: str, headers: tuple[str, ...]) -> apigw.MethodResponse:
    """A method response with the ``Empty`` JSON model; one instance per (status, headers),
    since building a struct type-checks every field (~0.1 ms) and structs are values."""
    return apigw.MethodResponse(
        status_code=status,
        response_parameters=dict.fromkeys(headers, True) or None,
        response_models={"application/json": _empty_model()},
    )


def check_pairing(
    integration_responses: Sequence[apigw.IntegrationResponse],
    method_responses: Sequence[apigw.MethodResponse],
    extra_status_codes: Sequence[str] = (),
) -> None:
    """Raise ``mismatched-responses`` where an integration response has no method response.

    Both a missing status code and an undeclared ``method.response.header.*`` are collected
    into one error, so the user fixes them all at once.
    """
    declared: dict[str, Mapping[str, bool]] = {}
    for method_response in method_responses:
        check.status_code(method_response.status_code, where="method_responses")
        declared[method_response.status_code] = method_response.response_parameters or {}
    problems = pairing_problems(
        (
            (response.status_code, response.response_parameters or {})
            for response in integration_responses
            if not check.is_token(response.status_code)
        ),
        declared,
        extra_status_codes,
    )
    if problems:
        raise ValidationError(
            "mismatched-responses",
            "; ".join(problems)
            + "; add the missing method responses (or headers) to 'method_responses', "
            "or omit 'method_responses' to have them derived from 'integration_responses'",
        )
