"""What every preset shares: merging the user's overrides with what the preset computed.

Pure helpers; the presets themselves are :class:`~constructs_pkg.ServiceIntegrationMethod`
subclasses in one module per service.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import Token

from .._method import RequestTemplate
from .._templates import From
from ..errors import ValidationError

__all__ = [
    "IDEMPOTENCY_KEY_HEADER",
    "check_content_types",
    "check_from",
    "merge_parameters",
    "templates_for",
]

#: The header a client sends to make a retried request safe (mapped to SQS/SNS FIFO
#: deduplication ids and Step Functions execution names).
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"

_JSON = "application/json"


def merge_parameters(
    computed: Mapping[str, bool | str], user: Mapping[str, bool | str] | None
) -> dict[str, bool | str]:
    """The preset's ``request_parameters`` with the user's added; the user's keys win."""
    merged = dict(computed)
    merged.update(user or {})
    return merged


def check_content_types(content_types: Sequence[str] | None) -> tuple[str, ...]:
    """The request content types a preset's template is registered for.

    Default: - ``("application/json",)``; other content types get 415 from API Gateway.
    """
    if content_types is None:
        return (_JSON,)
    if isinstance(content_types, str) or not content_types:
        raise ValidationError(
            "invalid-content-types",
            f"'content_types' must be a non-empty list of media types, got {content_types!r}; "
            "pass e.g. content_types=['application/json', 'text/plain']",
        )
    return tuple(dict.fromkeys(content_types))


def templates_for(
    content_types: Sequence[str], template: RequestTemplate
) -> dict[str, RequestTemplate]:
    """The same template for each content type."""
    return dict.fromkeys(content_types, template)


def check_from(value: object, *, argument: str, allow_literal: bool = True) -> None:
    """Check that ``value`` is a :class:`From` (or, when allowed, a non-empty ``str``)."""
    if isinstance(value, From):
        return
    if allow_literal and isinstance(value, str) and (Token.is_unresolved(value) or value.strip()):
        return
    allowed = "a From value (e.g. From.header('X-Group-Id'))"
    if allow_literal:
        allowed += " or a non-empty str"
    raise ValidationError(
        "invalid-request-value",
        f"{argument!r} must be {allowed}, got {value!r}",
    )
