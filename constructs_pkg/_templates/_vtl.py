"""Low-level pieces every generated template is made of.

Nothing here formats user data into VTL: literals are escaped to text that Velocity copies as is
(no ``$``, no ``#``), request values are only ever named by generated variables, and CDK tokens
are the one thing passed through raw, so that CDK can resolve them at synth time.
"""

from __future__ import annotations

import json
import math
import re
import urllib.parse
from dataclasses import dataclass, field
from importlib import resources

from ..errors import ValidationError

__all__ = [
    "NUMBER_PATTERN",
    "Namer",
    "escape_json",
    "form_literal",
    "has_token",
    "json_literal",
    "json_string_literal",
    "load_vtl",
    "number_literal",
    "split_tokens",
    "status_literal",
]


def escape_json(reference: str) -> str:
    """The VTL that writes the string variable ``reference`` as the inside of a JSON string.

    ``$util.escapeJavaScript`` escapes ``"``, ``\\``, ``/``, control and non-ASCII characters
    the JSON way, but also ``'`` as ``\\'``, which JSON does not allow; the ``replaceAll``
    (a Java regex matching a backslash then a quote) undoes exactly that. Every ``'`` of the input
    is escaped, so a ``\\'`` of the output is never the tail of an escaped backslash.

    :param reference: a generated variable, e.g. ``"$cpS1"``; never user data.
    """
    return "$util.escapeJavaScript(" + reference + ').replaceAll("\\\\\'", "\'")'


#: A JSON number, checked with ``String.matches`` (a full match in Java, as in the renderer).
#: ``[.]`` rather than ``\.``: no backslash, no ``$``, no ``#`` inside the VTL string.
NUMBER_PATTERN = "-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?"

# CDK's string-token format (aws-cdk-lib core/lib/private/encoding.ts): ``${Token[NAME.123]}``.
_STRING_TOKEN = re.compile(r"\$\{Token\[[a-zA-Z0-9:._-]+\]\}")
_LIST_TOKEN = re.compile(r"#\{Token\[[a-zA-Z0-9:._-]+\]\}")


def has_token(text: str) -> bool:
    """Whether ``text`` holds an unresolved CDK string token (``${Token[...]}``)."""
    return _STRING_TOKEN.search(text) is not None


def split_tokens(text: str, *, where: str) -> list[tuple[bool, str]]:
    """Split ``text`` into ``(is_token, fragment)`` pairs, in order.

    :raises ValidationError: ``unsupported-list-token`` when ``text`` holds an encoded string
        list (``#{Token[...]}``): CDK cannot resolve it inside a template string.
    """
    if _LIST_TOKEN.search(text):
        raise ValidationError(
            "unsupported-list-token",
            f"{where} holds a CDK list token {text!r}; a list cannot be resolved inside a "
            "template string: pass each element, or join them with Fn.join into one string",
        )
    parts: list[tuple[bool, str]] = []
    position = 0
    for match in _STRING_TOKEN.finditer(text):
        if match.start() > position:
            parts.append((False, text[position : match.start()]))
        parts.append((True, match.group(0)))
        position = match.end()
    if position < len(text):
        parts.append((False, text[position:]))
    return parts


def _json_fragment(text: str) -> str:
    """The inside of a JSON string for ``text``, with no character Velocity interprets.

    ``json.dumps`` with ``ensure_ascii`` leaves only printable ASCII; ``$`` and ``#`` (the only
    characters that start a Velocity reference or directive) become the JSON escapes
    ``\\u0024`` and ``\\u0023``. A backslash is then never followed by ``$`` or ``#``, so
    Velocity's own backslash escaping never applies either.
    """
    inner = json.dumps(text, ensure_ascii=True)[1:-1]
    return inner.replace("$", "\\u0024").replace("#", "\\u0023")


def json_string_literal(text: str, *, where: str) -> str:
    """``text`` as a JSON string literal that Velocity copies unchanged, tokens kept raw."""
    return (
        '"'
        + "".join(
            fragment if is_token else _json_fragment(fragment)
            for is_token, fragment in split_tokens(text, where=where)
        )
        + '"'
    )


def number_literal(value: int | float, *, where: str) -> str:
    """A Python number as JSON text; a CDK number token as its string token.

    :raises ValidationError: ``invalid-literal`` for ``nan`` and infinities, which JSON lacks.
    """
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValidationError(
                "invalid-literal",
                f"{where} is {value!r}, which JSON cannot represent; use a finite number",
            )
        if _is_number_token(value):
            return _token_string(value)
        return repr(value)
    return str(value)


def status_literal(value: int) -> str:
    """An HTTP status code (an int from 100 to 599) as VTL text.

    :raises ValidationError: ``invalid-status-code`` for anything else (a bool included).
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
        raise ValidationError(
            "invalid-status-code",
            f"status {value!r} is not an HTTP status code; use an int from 100 to 599",
        )
    return str(value)


def _is_number_token(value: float) -> bool:
    # CDK encodes number tokens as huge negative doubles (about -1.8881545897087e+289);
    # ask CDK only for those, so templates stay free of jsii calls otherwise.
    if value > -1e288:
        return False
    from aws_cdk import Token

    return bool(Token.is_unresolved(value))


def _token_string(value: float) -> str:
    from aws_cdk import Token

    return str(Token.as_string(value))


JsonLiteral = str | int | float | bool | None


def json_literal(value: JsonLiteral, *, where: str) -> str:
    """A Python scalar as JSON text Velocity copies unchanged."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_literal(value, where=where)
    return json_string_literal(value, where=where)


def form_literal(value: str | int | float | bool, *, where: str) -> str:
    """A Python scalar as a form-encoded field (``+`` for space, ``%XX`` otherwise).

    Percent-encoding leaves only letters, digits, ``-_.~%+``: nothing Velocity interprets.
    CDK tokens are kept raw: they resolve to names, ARNs or URLs, which form decoding keeps.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = number_literal(value, where=where)
        return text if has_token(text) else urllib.parse.quote_plus(text, safe="")
    return "".join(
        fragment if is_token else urllib.parse.quote_plus(fragment, safe="")
        for is_token, fragment in split_tokens(value, where=where)
    )


@dataclass(slots=True)
class Namer:
    """Hands out fresh VTL variable names (``cpV1``, ``cpSep2``, ...) for one template.

    Velocity 1.7 keeps a variable's old value when ``#set`` gets ``null``; a name used once per
    template has no old value, so a missing request value always reads as empty.
    """

    _count: int = field(default=0)

    def __call__(self, stem: str) -> str:
        self._count += 1
        return f"cp{stem}{self._count}"


def load_vtl(name: str) -> str:
    """A static template of this package, compacted: ``##`` lines dropped, the rest stripped
    and joined.

    The files are written one directive per line for reading; the compacted form keeps every
    character of output text on its line, so no stray newline or indent reaches a response.
    """
    text = resources.files(__package__).joinpath("vtl", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return "".join(line for line in lines if line and not line.startswith("##"))
