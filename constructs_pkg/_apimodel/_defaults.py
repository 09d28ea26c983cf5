"""API Gateway's defaults, in one place: what a field means when it is not set.

Both readers (a live API, a template) normalise through these helpers, so "not set" means the
same on every side of a comparison, and the local executor applies the same defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "BUILTIN_MODELS",
    "DEFAULT_CONNECTION",
    "DEFAULT_GATEWAY_RESPONSE_TEMPLATE",
    "DEFAULT_PASSTHROUGH",
    "DEFAULT_TIMEOUT_MS",
    "GATEWAY_RESPONSE_STATUS",
    "flag",
    "normalise_cache_namespace",
    "normalise_connection",
    "normalise_passthrough",
    "normalise_templates",
    "normalise_timeout",
]

DEFAULT_PASSTHROUGH: Final = "WHEN_NO_MATCH"
"""API Gateway's passthrough behavior when none is set."""
DEFAULT_TIMEOUT_MS: Final = 29000
"""API Gateway's integration timeout when none is set."""
DEFAULT_CONNECTION: Final = "INTERNET"
"""API Gateway's connection type when none is set."""
BUILTIN_MODELS: Final = frozenset({"Empty", "Error"})
"""Models every REST API has; never declared."""

DEFAULT_GATEWAY_RESPONSE_TEMPLATE: Final = '{"message":$context.error.messageString}'
"""The ``application/json`` template of every gateway response that is not customised."""

GATEWAY_RESPONSE_STATUS: Final[Mapping[str, int | None]] = MappingProxyType(
    {
        "ACCESS_DENIED": 403,
        "API_CONFIGURATION_ERROR": 500,
        "AUTHORIZER_CONFIGURATION_ERROR": 500,
        "AUTHORIZER_FAILURE": 500,
        "BAD_REQUEST_BODY": 400,
        "BAD_REQUEST_PARAMETERS": 400,
        "DEFAULT_4XX": None,
        "DEFAULT_5XX": None,
        "EXPIRED_TOKEN": 403,
        "INTEGRATION_FAILURE": 504,
        "INTEGRATION_TIMEOUT": 504,
        "INVALID_API_KEY": 403,
        "INVALID_SIGNATURE": 403,
        "MISSING_AUTHENTICATION_TOKEN": 403,
        "QUOTA_EXCEEDED": 429,
        "REQUEST_TOO_LARGE": 413,
        "RESOURCE_NOT_FOUND": 404,
        "THROTTLED": 429,
        "UNAUTHORIZED": 401,
        "UNSUPPORTED_MEDIA_TYPE": 415,
        "WAF_FILTERED": 403,
    }
)
"""Each gateway response type and the status it answers with when not customised
("Gateway response types for API Gateway" in the developer guide; ``None``: the two defaults,
which have no status of their own)."""


def normalise_passthrough(value: str | None) -> str | None:
    """``None`` for API Gateway's default passthrough behavior, else the value."""
    return value if value and value != DEFAULT_PASSTHROUGH else None


def normalise_timeout(value: object) -> int | None:
    """``None`` for the default 29000 ms (or no value), else the timeout in ms."""
    if value is None or value == "":
        return None
    timeout = int(str(value))
    return timeout if timeout != DEFAULT_TIMEOUT_MS else None


def normalise_connection(value: str | None) -> str | None:
    """``None`` for the default ``INTERNET`` connection, else the value."""
    return value if value and value != DEFAULT_CONNECTION else None


def normalise_cache_namespace(value: str | None, resource_id: str) -> str | None:
    """``None`` when the cache namespace is API Gateway's default (the resource's id)."""
    return value if value and value != resource_id else None


def normalise_templates(raw: Mapping[str, object] | None) -> dict[str, str]:
    """Mapping templates by content type; API Gateway returns an empty template as ``null``."""
    return {str(content_type): str(text or "") for content_type, text in (raw or {}).items()}


def flag(value: object) -> bool:
    """A CloudFormation boolean: ``True`` or ``"true"`` (any case)."""
    return value is True or (isinstance(value, str) and value.lower() == "true")
