"""Binary payloads ("Content type conversions in API Gateway", payload encodings workflow).

A payload is *binary* when its ``Content-Type`` (request) or its ``Accept`` (response) matches
one of the API's ``binaryMediaTypes`` (``image/*`` and ``*/*`` wildcards included).

- Request, passed through (no template): a binary body goes as bytes, unless the
  integration's ``contentHandling`` is ``CONVERT_TO_TEXT`` (base64); a text body goes as is,
  unless ``CONVERT_TO_BINARY`` (base64-decoded).
- Response, without template: the integration's payload is binary when its ``Content-Type``
  is a binary media type; it reaches a client whose ``Accept`` is a binary media type as
  bytes, any other client as base64 text. ``CONVERT_TO_TEXT`` always gives base64 text,
  ``CONVERT_TO_BINARY`` always decodes base64.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence

from .._context import media_type

__all__ = ["convert_request", "convert_response", "is_binary"]


def is_binary(value: str | None, binary_types: Sequence[str]) -> bool:
    """Whether the first MIME type of ``value`` (a Content-Type or Accept) is binary."""
    if not value or not binary_types:
        return False
    wanted = media_type(value.split(",")[0])
    major = wanted.split("/")[0]
    for kind in binary_types:
        kind = media_type(kind)
        if kind in ("*/*", wanted) or (kind.endswith("/*") and kind[:-2] == major):
            return True
    return False


def _decode(body: bytes) -> bytes:
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return body


def convert_request(
    body: bytes, *, content_type: str | None, handling: str | None, binary_types: Sequence[str]
) -> bytes:
    """The passed-through request body as the integration receives it."""
    binary = is_binary(content_type, binary_types)
    if handling == "CONVERT_TO_TEXT" and binary:
        return base64.b64encode(body)
    if handling == "CONVERT_TO_BINARY" and not binary:
        return _decode(body)
    return body


def convert_response(
    body: bytes,
    *,
    content_type: str | None,
    accept: str | None,
    handling: str | None,
    binary_types: Sequence[str],
) -> bytes:
    """The passed-through integration payload as the client receives it."""
    if handling == "CONVERT_TO_TEXT":
        return base64.b64encode(body) if is_binary(content_type, binary_types) else body
    if handling == "CONVERT_TO_BINARY":
        return _decode(body)
    if is_binary(content_type, binary_types) and not is_binary(accept, binary_types):
        return base64.b64encode(body)
    return body
