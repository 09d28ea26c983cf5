"""Pure input checks shared by the construct and the presets.

Each check returns the normalized value or raises :class:`ValidationError`. Values that are
unresolved CDK tokens are returned unchanged: they are not known until deploy time.

No CDK import at module level: the command line and the template renderer use these checks
(through the service catalogue) and must start without jsii.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import ValidationError

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
INTEGRATION_HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")

_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9*][\w.+*-]*$")
_STATUS_CODE = re.compile(r"^[1-5][0-9][0-9]$")


def is_token(value: object) -> bool:
    """True when ``value`` holds a CDK token that is resolved only at deploy time.

    Every string token contains ``Token[`` (CDK's own check starts there), so plain strings
    are answered in Python without a call into the jsii process (~70 µs each), and without
    importing CDK: only a string that looks like a token asks CDK, which then is loaded already.
    """
    if not (isinstance(value, str) and "Token[" in value):
        return False
    from aws_cdk import Token

    return bool(Token.is_unresolved(value))


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """A ``"; did you mean 'X'?"`` hint (case-insensitive closest match) or ``""``."""
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if value.lower() in lowered and lowered[value.lower()] != value:
        return f"; did you mean {lowered[value.lower()]!r}?"
    import difflib  # only on an error path: keeps the package import light

    close = difflib.get_close_matches(value.lower(), list(lowered), n=3, cutoff=0.6)
    if not close:
        return ""
    names = " or ".join(repr(lowered[c]) for c in close)
    return f"; did you mean {names}?"


def http_method(value: str, *, argument: str = "http_method") -> str:
    """Upper-case ``value`` and check it is a REST API verb (``ANY`` included)."""
    allowed = HTTP_METHODS if argument == "http_method" else INTEGRATION_HTTP_METHODS
    code = "invalid-http-method" if argument == "http_method" else "invalid-integration-http-method"
    if not isinstance(value, str) or is_token(value):
        if is_token(value):
            return value
        raise ValidationError(code, f"{argument!r} must be a string, got {value!r}")
    verb = value.strip().upper()
    if verb not in allowed:
        raise ValidationError(
            code,
            f"{argument!r} {value!r} is not an HTTP method API Gateway accepts here; "
            f"use one of {', '.join(allowed)}{did_you_mean(verb, allowed)}",
        )
    return verb


def status_code(value: str, *, where: str) -> str:
    """Check that ``value`` is a three-digit HTTP status code in 100-599."""
    if is_token(value):
        return value
    if not isinstance(value, str) or not _STATUS_CODE.match(value):
        raise ValidationError(
            "invalid-status-code",
            f"{where} status code {value!r} is not a three-digit HTTP status between 100 and 599; "
            "pass it as a string such as '200' or '404'",
        )
    return value


def media_type(value: str, *, where: str) -> str:
    """Check that ``value`` is a ``type/subtype`` media type such as ``application/json``."""
    if is_token(value):
        return value
    if not isinstance(value, str) or not _MEDIA_TYPE.match(value):
        raise ValidationError(
            "invalid-media-type",
            f"{where} key {value!r} is not a media type; "
            "key templates and models by content type, e.g. 'application/json'",
        )
    return value


def non_empty(value: str | None, *, argument: str) -> str:
    """Check that a required string argument is present and not blank."""
    if value is None or (isinstance(value, str) and not is_token(value) and not value.strip()):
        raise ValidationError(
            f"empty-{argument.replace('_', '-')}",
            f"{argument!r} must be a non-empty string, got {value!r}",
        )
    if not isinstance(value, str):
        raise ValidationError(
            f"empty-{argument.replace('_', '-')}",
            f"{argument!r} must be a string, got {value!r}",
        )
    return value
