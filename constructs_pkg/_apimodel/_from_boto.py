"""Build the shared model from API Gateway's answers (boto3 ``get_*`` responses).

Pure conversion, no AWS calls: the command line's reader makes the calls and hands each answer
to these functions. Defaults are normalised by :mod:`._defaults`, as for a template.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _types as model
from ._defaults import (
    BUILTIN_MODELS,
    normalise_cache_namespace,
    normalise_connection,
    normalise_passthrough,
    normalise_templates,
    normalise_timeout,
)

__all__ = [
    "authorizer_from_boto",
    "gateway_response_from_boto",
    "method_from_boto",
    "model_from_boto",
    "referenced_models",
    "stage_from_boto",
    "validator_from_boto",
]


def method_from_boto(resource: model.Resource, raw: Mapping[str, Any]) -> model.Method:
    """A ``get_method`` answer for ``resource``."""
    responses = tuple(
        model.MethodResponse(
            status_code=status,
            response_parameters=dict(response.get("responseParameters") or {}),
            response_models=dict(response.get("responseModels") or {}),
        )
        for status, response in sorted((raw.get("methodResponses") or {}).items())
    )
    integration = raw.get("methodIntegration")
    return model.Method(
        path=resource.path,
        resource_id=resource.id,
        http_method=raw["httpMethod"],
        authorization_type=raw.get("authorizationType") or "NONE",
        authorizer_id=raw.get("authorizerId") or None,
        authorization_scopes=tuple(raw.get("authorizationScopes") or ()),
        api_key_required=bool(raw.get("apiKeyRequired", False)),
        request_parameters=dict(raw.get("requestParameters") or {}),
        request_models=dict(raw.get("requestModels") or {}),
        request_validator_id=raw.get("requestValidatorId") or None,
        operation_name=raw.get("operationName") or None,
        method_responses=responses,
        integration=_integration(resource, integration) if integration else None,
    )


def _integration(resource: model.Resource, raw: Mapping[str, Any]) -> model.Integration:
    responses = tuple(
        model.IntegrationResponse(
            status_code=status,
            selection_pattern=response.get("selectionPattern") or None,
            response_parameters=dict(response.get("responseParameters") or {}),
            response_templates=normalise_templates(response.get("responseTemplates")),
            content_handling=response.get("contentHandling") or None,
        )
        for status, response in sorted((raw.get("integrationResponses") or {}).items())
    )
    passthrough = raw.get("passthroughBehavior")
    timeout = raw.get("timeoutInMillis")
    namespace = raw.get("cacheNamespace")
    connection = raw.get("connectionType")
    tls = raw.get("tlsConfig") or {}
    return model.Integration(
        type=raw.get("type", "MOCK"),
        http_method=raw.get("httpMethod") or None,
        uri=raw.get("uri") or None,
        credentials=raw.get("credentials") or None,
        request_parameters=dict(raw.get("requestParameters") or {}),
        request_templates=normalise_templates(raw.get("requestTemplates")),
        passthrough_behavior=normalise_passthrough(passthrough),
        content_handling=raw.get("contentHandling") or None,
        timeout_ms=normalise_timeout(timeout),
        cache_namespace=normalise_cache_namespace(namespace, resource.id),
        cache_key_parameters=tuple(sorted(raw.get("cacheKeyParameters") or ())),
        connection_type=normalise_connection(connection),
        connection_id=raw.get("connectionId") or None,
        tls_insecure_skip_verification=tls.get("insecureSkipVerification"),
        responses=responses,
    )


def referenced_models(methods: list[model.Method]) -> set[str]:
    """The models ``methods`` reference, built-in ones excepted."""
    names: set[str] = set()
    for method in methods:
        names.update(method.request_models.values())
        for response in method.method_responses:
            names.update(response.response_models.values())
    return names - BUILTIN_MODELS


def validator_from_boto(raw: Mapping[str, Any]) -> model.RequestValidator:
    """A ``get_request_validator`` answer."""
    return model.RequestValidator(
        id=raw["id"],
        name=raw.get("name") or raw["id"],
        validate_body=bool(raw.get("validateRequestBody", False)),
        validate_parameters=bool(raw.get("validateRequestParameters", False)),
    )


def authorizer_from_boto(raw: Mapping[str, Any]) -> model.Authorizer:
    """A ``get_authorizer`` answer."""
    ttl = raw.get("authorizerResultTtlInSeconds")
    return model.Authorizer(
        id=raw["id"],
        name=raw.get("name") or raw["id"],
        type=raw.get("type", "TOKEN"),
        provider_arns=tuple(raw.get("providerARNs") or ()),
        authorizer_uri=raw.get("authorizerUri") or None,
        authorizer_credentials=raw.get("authorizerCredentials") or None,
        identity_source=raw.get("identitySource") or None,
        identity_validation_expression=raw.get("identityValidationExpression") or None,
        result_ttl_seconds=int(ttl) if ttl is not None else None,
    )


def model_from_boto(raw: Mapping[str, Any]) -> model.Model:
    """A ``get_model`` answer."""
    return model.Model(
        name=raw["name"],
        content_type=raw.get("contentType") or "application/json",
        schema=raw.get("schema") or None,
        description=raw.get("description") or None,
    )


def stage_from_boto(raw: Mapping[str, Any]) -> model.Stage:
    """A ``get_stages`` item."""
    other = any(
        raw.get(key)
        for key in (
            "methodSettings",
            "cacheClusterEnabled",
            "accessLogSettings",
            "canarySettings",
            "clientCertificateId",
            "webAclArn",
        )
    )
    return model.Stage(
        name=raw["stageName"],
        description=raw.get("description") or None,
        variables=dict(raw.get("variables") or {}),
        tracing_enabled=bool(raw.get("tracingEnabled", False)),
        has_other_settings=other,
    )


def gateway_response_from_boto(raw: Mapping[str, Any]) -> model.GatewayResponse:
    """A ``get_gateway_response(s)`` item."""
    return model.GatewayResponse(
        response_type=raw["responseType"],
        status_code=raw.get("statusCode") or None,
        response_parameters=dict(raw.get("responseParameters") or {}),
        response_templates=normalise_templates(raw.get("responseTemplates")),
    )
