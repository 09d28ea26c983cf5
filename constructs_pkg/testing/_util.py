"""``$util``: API Gateway's utility functions for mapping templates.

The reference ("Variables for data transformations for API Gateway", section ``$util``) lists
``escapeJavaScript``, ``parseJson``, ``urlEncode``, ``urlDecode``, ``base64Encode`` and
``base64Decode``. API Gateway implements them in Java; each function here reproduces the Java
behaviour, quirks included.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Final
from urllib.parse import quote_plus, unquote_plus

from ._errors import TemplateRenderError
from ._values import VtlMap, java_string, to_vtl

__all__ = [
    "base64_decode",
    "base64_encode",
    "escape_javascript",
    "parse_json",
    "url_decode",
    "url_encode",
    "util_namespace",
]

_SHORT_ESCAPES: Final[dict[int, str]] = {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x27: "\\'",
    0x2F: "\\/",
    0x5C: "\\\\",
}


def escape_javascript(text: str) -> str:
    """Escape ``text`` as ``$util.escapeJavaScript`` does.

    API Gateway uses Apache Commons Lang's ``StringEscapeUtils.escapeJavaScript``: ``"``,
    ``\\``, ``/`` and **``'``** get a backslash; backspace, tab, newline, form feed and carriage
    return become ``\\b \\t \\n \\f \\r``; every other character below U+0020 or above U+007F
    becomes ``\\uXXXX`` (upper-case hex, one escape per UTF-16 code unit, so an emoji gives a
    surrogate pair).

    The ``\\'`` is not valid inside a JSON string: a template that puts this function's output
    in a JSON document breaks on any value containing ``'``, unless it undoes it with
    ``.replaceAll("\\\\'", "'")`` as the API Gateway guide advises.
    """
    encoded = text.encode("utf-16-be", "surrogatepass")
    out: list[str] = []
    for offset in range(0, len(encoded), 2):
        unit = (encoded[offset] << 8) | encoded[offset + 1]
        short = _SHORT_ESCAPES.get(unit)
        if short is not None:
            out.append(short)
        elif unit < 0x20 or unit > 0x7F:
            out.append(f"\\u{unit:04X}")
        else:
            out.append(chr(unit))
    return "".join(out)


def url_encode(text: str) -> str:
    """Encode ``text`` as ``application/x-www-form-urlencoded`` (Java's ``URLEncoder``, UTF-8):
    letters, digits and ``. - * _`` stay, a space becomes ``+``, everything else ``%XX``."""
    return quote_plus(text, safe="*", encoding="utf-8").replace("~", "%7E")


def url_decode(text: str) -> str:
    """Decode an ``application/x-www-form-urlencoded`` string (``+`` is a space)."""
    return unquote_plus(text, encoding="utf-8")


def base64_encode(text: str) -> str:
    """The standard base64 (with padding) of the UTF-8 bytes of ``text``."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def base64_decode(text: str) -> str:
    """The UTF-8 text encoded by the base64 string ``text``.

    :raises TemplateRenderError: ``invalid-base64`` when ``text`` is not base64.
    """
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as error:
        raise TemplateRenderError(
            "invalid-base64",
            f"$util.base64Decode received {text!r}, which is not base64: {error}; "
            "pass it a base64 string",
        ) from error
    return raw.decode("utf-8", errors="replace")


def parse_json(text: str) -> object:
    """The object a JSON string stands for, with objects and arrays usable in VTL.

    :raises TemplateRenderError: ``invalid-json`` when ``text`` is not JSON.
    """
    try:
        return to_vtl(json.loads(text))
    except (json.JSONDecodeError, TypeError) as error:
        raise TemplateRenderError(
            "invalid-json",
            f"$util.parseJson received {text!r}, which is not JSON: {error}; "
            "pass it a JSON string such as $input.path('$.field') holding stringified JSON",
        ) from error


def _text(value: object) -> str:
    return value if isinstance(value, str) else java_string(value)


def _nullable(function: Callable[[str], object]) -> Callable[..., object]:
    """``function`` taking any VTL value: Java's ``null`` in gives ``null`` out (which renders
    as nothing), anything else is passed as its Java string form."""

    def call(value: object = None) -> object:
        if value is None:
            return None
        return function(_text(value))

    return call


def util_namespace() -> VtlMap:
    """A fresh ``$util`` for one render."""
    return VtlMap(
        escapeJavaScript=_nullable(escape_javascript),
        parseJson=_nullable(parse_json),
        urlEncode=_nullable(url_encode),
        urlDecode=_nullable(url_decode),
        base64Encode=_nullable(base64_encode),
        base64Decode=_nullable(base64_decode),
    )
