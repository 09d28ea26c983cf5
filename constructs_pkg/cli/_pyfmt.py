"""Lay out Python expressions the way ``ruff format`` leaves them, for generated code.

The generator builds small expression trees (calls, dicts, lists, literals); :func:`layout`
writes each one on one line when it fits, else one element per line with a trailing comma
(ruff's "magic trailing comma" then keeps it that way). A string too long for its line is
wrapped in parentheses and, if still too long, split into implicitly concatenated pieces,
exactly where ruff would not join them again. Strings are quoted as ruff prefers (double
quotes unless the text holds more ``"`` than ``'``) and every non-ASCII or control character
is escaped, so the text survives byte for byte and no linter flags a confusable character.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Call",
    "Code",
    "DictExpr",
    "Expr",
    "ListExpr",
    "Lit",
    "flat",
    "layout",
    "string_literal",
]

INDENT = "    "


@dataclass(frozen=True, slots=True)
class Code:
    """Python source used as is: a name, an attribute, an enum member."""

    text: str


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal value: ``str``, ``int``, ``float``, ``bool`` or ``None``."""

    value: str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Call:
    """``func(arg, key=value, ...)``; an argument with key ``None`` is positional."""

    func: str
    args: tuple[tuple[str | None, Expr], ...] = ()


@dataclass(frozen=True, slots=True)
class DictExpr:
    """``{key: value, ...}``."""

    items: tuple[tuple[Expr, Expr], ...] = ()


@dataclass(frozen=True, slots=True)
class ListExpr:
    """``[item, ...]``."""

    items: tuple[Expr, ...] = ()


Expr = Code | Lit | Call | DictExpr | ListExpr


def string_literal(text: str) -> str:
    """``text`` as a Python string literal in ruff's preferred quotes, escaped to ASCII."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    return quote + "".join(_escape(ch, quote) for ch in text) + quote


def _escape(ch: str, quote: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == quote:
        return "\\" + ch
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    if ch == "\t":
        return "\\t"
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return ch
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def flat(expr: Expr) -> str:
    """``expr`` on one line."""
    if isinstance(expr, Code):
        return expr.text
    if isinstance(expr, Lit):
        return string_literal(expr.value) if isinstance(expr.value, str) else repr(expr.value)
    if isinstance(expr, Call):
        args = ", ".join(f"{key}={flat(value)}" if key else flat(value) for key, value in expr.args)
        return f"{expr.func}({args})"
    if isinstance(expr, DictExpr):
        return "{" + ", ".join(f"{flat(k)}: {flat(v)}" for k, v in expr.items) + "}"
    return "[" + ", ".join(flat(item) for item in expr.items) + "]"


def layout(expr: Expr, *, indent: str, head: str = "", tail: str = "", width: int) -> list[str]:
    """Lines of ``indent + head + expr + tail``, broken as ruff keeps them.

    :param indent: the leading whitespace of the first and the closing line.
    :param head: the text before the expression (``"x = "``, ``"key="``, ``'"k": '``).
    :param tail: the text after it (``","`` inside a call).
    :param width: the maximum line length (ruff's ``line-length``).
    """
    one_line = f"{indent}{head}{flat(expr)}{tail}"
    if len(one_line) <= width:
        return [one_line]
    inner = indent + INDENT
    if isinstance(expr, Lit) and isinstance(expr.value, str):
        return [f"{indent}{head}(", *_string_lines(expr.value, inner, width), f"{indent}){tail}"]
    if isinstance(expr, Call) and expr.args:
        lines = [f"{indent}{head}{expr.func}("]
        for key, value in expr.args:
            lines += layout(
                value, indent=inner, head=f"{key}=" if key else "", tail=",", width=width
            )
        return [*lines, f"{indent}){tail}"]
    if isinstance(expr, DictExpr) and expr.items:
        lines = [f"{indent}{head}{{"]
        for item_key, item_value in expr.items:
            lines += layout(
                item_value, indent=inner, head=f"{flat(item_key)}: ", tail=",", width=width
            )
        return [*lines, f"{indent}}}{tail}"]
    if isinstance(expr, ListExpr) and expr.items:
        lines = [f"{indent}{head}["]
        for item in expr.items:
            lines += layout(item, indent=inner, tail=",", width=width)
        return [*lines, f"{indent}]{tail}"]
    return [one_line]


def _string_lines(text: str, indent: str, width: int) -> list[str]:
    """The inside of a parenthesized string: one literal if it fits, else the pieces."""
    whole = f"{indent}{string_literal(text)}"
    if len(whole) <= width:
        return [whole]
    room = width - len(indent)
    return [f"{indent}{string_literal(piece)}" for piece in _pieces(text, room)]


def _pieces(text: str, room: int) -> list[str]:
    """Split ``text`` into pieces whose literals fit in ``room`` columns.

    Lines of a multi-line template stay whole where they fit; a longer line is broken after a
    space or comma when there is one in its last third, else where the room ends.
    """
    pieces: list[str] = []
    for line in text.splitlines(keepends=True):
        while len(string_literal(line)) > room:
            cut = _cut(line, room)
            pieces.append(line[:cut])
            line = line[cut:]
        if line:
            pieces.append(line)
    return pieces


def _cut(line: str, room: int) -> int:
    """The index to break ``line`` at so that ``line[:index]`` fits in ``room`` columns."""
    used = 2  # the quotes
    quote = "'" if line.count('"') > line.count("'") else '"'
    end = 0
    for index, ch in enumerate(line):
        used += len(_escape(ch, quote))
        if used > room:
            break
        end = index + 1
    end = max(end, 1)
    soft = max(line.rfind(" ", 0, end), line.rfind(",", 0, end))
    if soft >= end * 2 // 3:
        return soft + 1
    return end
