"""A linter for hand-written (raw string) mapping templates.

Each finding has a stable id; the construct reports it with
``Annotations.of(self).add_warning_v2(id, message)``. The checks are textual and conservative:
they look for patterns that are wrong in every template, not for every possible mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TEMPLATE_WARNINGS", "TemplateWarning", "lint_template"]

#: Every warning id, with what it means.
TEMPLATE_WARNINGS = {
    "method-request-in-template": (
        "$method.request.* is the syntax of parameter mappings, not a template variable: in a "
        "template it renders as nothing"
    ),
    "unescaped-input-in-json-string": (
        "a request value is put inside a JSON string without escaping: a '\"' in it breaks the "
        "JSON or adds members (injection)"
    ),
    "escape-javascript-quote": ("$util.escapeJavaScript writes ' as \\', which is not valid JSON"),
}

_METHOD_REQUEST = re.compile(r"\$!?\{?method\.request\.(path|querystring|header|body)?\.?([\w.-]*)")
# $input.path(...) / $input.params(...) / $input.body written straight after a double quote or
# inside one on the same line, without an escaping call around it.
_INPUT_VALUE = re.compile(r"\$!?\{?input\.(?:path|params|body)\b(?:\([^)]*\))?")
_ESCAPE_CALL = re.compile(r"\$!?\{?util\.escapeJavaScript\(")
_ESCAPE_FIX = re.compile(r"\.replaceAll\(\s*\"\\\\'\"\s*,\s*\"'\"\s*\)")
# what _inside_json_string counts: an escape with the character it escapes, ( ) and "
_STRING_STRUCTURE = re.compile(r'\\.|[()"]')
# what _call_end follows: quotes and parentheses
_CALL_STRUCTURE = re.compile(r"[()'\"]")
# an escaping call opened just before a value (the value is its argument)
_ESCAPING_CALL_BEFORE = re.compile(r"util\.(?:escapeJavaScript|urlEncode|base64Encode)\(\s*$")


@dataclass(frozen=True, kw_only=True, slots=True)
class TemplateWarning:
    """One finding of :func:`lint_template`.

    :param id: stable kebab-case id (a key of :data:`TEMPLATE_WARNINGS`).
    :param message: what is wrong, where, and the fix.
    :param line: 1-based line of the template where it was found.
    """

    id: str
    message: str
    line: int


def lint_template(vtl: str) -> list[TemplateWarning]:
    """Warnings for a raw request template, in order of appearance.

    - ``method-request-in-template``: ``$method.request.path.x`` (as the boto3 example's
      GetItem template has); the fix is ``$input.params('x')``.
    - ``unescaped-input-in-json-string``: ``"$input.path('$.name')"``, ``"$input.params('x')"``
      or ``"$input.body"`` inside a JSON string without ``$util.escapeJavaScript``; the fix is a
      generated template (``JsonTemplate``) or the escaping call.
    - ``escape-javascript-quote``: ``$util.escapeJavaScript(...)`` not followed by
      ``.replaceAll("\\\\'", "'")``.
    """
    warnings: list[TemplateWarning] = []
    # every construct lints its templates: lines without a variable the checks look for
    # (most of a template's lines) are skipped with substring tests, before any regex runs
    for number, line in enumerate(vtl.splitlines() or [vtl], start=1):
        if "$" not in line or line.lstrip().startswith("##"):
            continue
        if "method.request." in line:
            warnings.extend(_method_request_warnings(line, number))
        if "input." in line:
            warnings.extend(_unescaped_input_warnings(line, number))
        if "escapeJavaScript(" in line:
            warnings.extend(_escape_quote_warnings(line, number))
    return warnings


def _method_request_warnings(line: str, number: int) -> list[TemplateWarning]:
    found: list[TemplateWarning] = []
    for match in _METHOD_REQUEST.finditer(line):
        name = match.group(2) or "name"
        fix = (
            f"$input.params('{name}')"
            if match.group(1) != "body"
            else "$input.body or $input.json('$')"
        )
        found.append(
            TemplateWarning(
                id="method-request-in-template",
                message=(
                    f"line {number}: {match.group(0)!r} is not available in mapping "
                    "templates (it is parameter-mapping syntax) and renders as nothing; "
                    f"use {fix}"
                ),
                line=number,
            )
        )
    return found


def _unescaped_input_warnings(line: str, number: int) -> list[TemplateWarning]:
    found: list[TemplateWarning] = []
    for match in _INPUT_VALUE.finditer(line):
        if _inside_json_string(line, match.start()) and not _escaped(line, match.start()):
            found.append(
                TemplateWarning(
                    id="unescaped-input-in-json-string",
                    message=(
                        f"line {number}: {match.group(0)!r} is written inside a JSON "
                        "string without escaping, so a client value containing '\"' "
                        "breaks the JSON or injects members; use a generated template "
                        "(JsonTemplate with From values) or wrap it: "
                        '$util.escapeJavaScript(...).replaceAll("\\\\\'", "\'")'
                    ),
                    line=number,
                )
            )
    return found


def _escape_quote_warnings(line: str, number: int) -> list[TemplateWarning]:
    found: list[TemplateWarning] = []
    for match in _ESCAPE_CALL.finditer(line):
        end = _call_end(line, match.end() - 1)
        if end is None or not _ESCAPE_FIX.match(line, end):
            found.append(
                TemplateWarning(
                    id="escape-javascript-quote",
                    message=(
                        f"line {number}: $util.escapeJavaScript(...) writes ' as \\', "
                        "which is not valid JSON, so a value with an apostrophe breaks "
                        'the request; append .replaceAll("\\\\\'", "\'")'
                    ),
                    line=number,
                )
            )
    return found


def _inside_json_string(line: str, position: int) -> bool:
    """Whether ``position`` sits between JSON double quotes of ``line`` (an odd count before
    it, not counting escaped quotes nor quotes inside ``(...)`` arguments)."""
    quotes = 0
    depth = 0
    # only backslash escapes, parentheses and double quotes matter: visit just those
    for token in _STRING_STRUCTURE.finditer(line, 0, position):
        char = token.group()
        if char == "(":
            depth += 1
        elif char == ")":
            if depth:
                depth -= 1
        elif char == '"' and depth == 0:
            quotes += 1
    return quotes % 2 == 1


def _escaped(line: str, position: int) -> bool:
    """Whether the value at ``position`` is an argument of an escaping call."""
    return _ESCAPING_CALL_BEFORE.search(line, 0, position) is not None


def _call_end(line: str, open_paren: int) -> int | None:
    """The index just after the ``)`` closing the ``(`` at ``open_paren``."""
    depth = 0
    quote = ""
    for token in _CALL_STRUCTURE.finditer(line, open_paren):
        char = token.group()
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return token.end()
    return None
