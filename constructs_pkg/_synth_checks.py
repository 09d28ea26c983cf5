"""Request templates checked against the operation's input shape at synth time (pure: no
construct is created here).

- Templates whose structure is known statically (dict/list templates, ``JsonTemplate``,
  ``FormTemplate``, ``DynamoDbItem``, the presets' bodies) raise :class:`ValidationError`
  (``unknown-request-member``, ``missing-request-member``, ``invalid-request-value``).
- Raw VTL text may be dynamic: it is rendered with a sample request and, when the result
  parses, gets the same checks as warnings (``constructs_pkg:request-shape:*``).

Raw VTL results are cached per template text and operation: a method repeated over many
resources costs the check once. Responses and selection patterns: :mod:`._response_checks`.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import parse_qsl

from ._catalogue import Operation, botocore_version, operation
from ._shape_check import (
    ANY,
    BOOLEAN,
    NUMBER,
    OBJECT,
    STRING,
    Dynamic,
    Problem,
    check_form_pairs,
    check_json_body,
)
from .errors import ValidationError

__all__ = ["WARN_REQUEST_SHAPE", "Warning", "check_request_templates"]

WARN_REQUEST_SHAPE: Final = "constructs_pkg:request-shape"

_ERROR_CODES: Final[Mapping[str, str]] = {
    "unknown-member": "unknown-request-member",
    "invalid-value": "invalid-request-value",
    "missing-member": "missing-request-member",
}
# the code of an error listing several problems: the most telling one (a misspelled member
# is also reported missing under its right name; the misspelling is the mistake)
_PRIORITY: Final = ("unknown-member", "invalid-value", "missing-member")
_VTL_MARK: Final = re.compile(r"[$#]")
_TOKEN_MARK: Final = "Token["

Warning = tuple[str, str]


# --- requests --------------------------------------------------------------------------------


def check_request_templates(
    templates: Mapping[str, object],
    rendered: Mapping[str, str],
    *,
    op: Operation | None,
    service: str,
    path_style: bool,
) -> list[Warning]:
    """Check each request template against the input shape of the operation it calls.

    :param templates: content type to the template as given (str, dict/list, generated).
    :param rendered: content type to its VTL text.
    :param op: the method's operation; ``None`` for a path-style call no operation matched
        (then a query-protocol form naming its ``Action`` is checked against that action).
    :param service: the service as the user named it (to look up a form's ``Action``).
    :param path_style: whether the URI is path-style (an SQS queue path implies ``QueueUrl``).
    :returns: warnings for raw VTL templates.
    :raises ValidationError: ``unknown-request-member``, ``missing-request-member`` or
        ``invalid-request-value`` for a template whose structure is known.
    """
    warnings: list[Warning] = []
    for content_type, template in templates.items():
        static = _abstract(template)
        if static is not None:
            fmt, value = static
            target = _target(op, service, fmt, value, path_style)
            if target is None:
                continue
            problems = _check(target[0], fmt, value, target[1])
            if problems:
                raise _error(content_type, target[0], problems)
            continue
        text = rendered.get(content_type)
        if text is None:
            continue
        for kind, target_op, found in _rendered_problems(op, service, path_style, text):
            warnings.append(
                (f"{WARN_REQUEST_SHAPE}:{kind}", _describe(content_type, target_op, found))
            )
    return warnings


def _target(
    op: Operation | None, service: str, fmt: str, value: object, path_style: bool
) -> tuple[Operation, tuple[str, ...]] | None:
    """The operation a body is checked against, and the members its URI supplies."""
    if op is not None:
        if fmt == "form" and op.protocol != "query":
            return None
        if fmt == "json" and op.protocol not in ("json", "rest-json"):
            return None
        return op, ()
    if fmt != "form" or not path_style:
        return None
    assert isinstance(value, list)
    action = next((v for k, v in value if k == "Action" and isinstance(v, str)), None)
    if action is None:
        return None
    try:
        found = operation(service, action)
    except ValidationError:
        return None
    if found.protocol != "query":
        return None
    # a path-style query call names its target in the path: SQS's queue URL
    return found, ("QueueUrl",) if found.service == "sqs" else ()


def _check(op: Operation, fmt: str, value: object, implied: tuple[str, ...]) -> list[Problem]:
    if fmt == "form":
        pairs: list[tuple[str, str | Dynamic]] = value  # type: ignore[assignment]
        return check_form_pairs(op, pairs, implied_members=implied)
    return check_json_body(op, value, implied_members=implied)


def _sorted(problems: Sequence[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: _PRIORITY.index(p.kind))


def _input(op: Operation) -> str:
    return f"the input shape {op.input_shape!r} of {op.service} {op.name}"


def _error(content_type: str, op: Operation, problems: Sequence[Problem]) -> ValidationError:
    ordered = _sorted(problems)
    listed = "; ".join(f"{p.text} (shape {p.shape!r})" for p in ordered)
    return ValidationError(
        _ERROR_CODES[ordered[0].kind],
        f"request_templates[{content_type!r}] does not fit {_input(op)}: {listed}; fix the "
        f"template (see the {op.name} API reference), or pass "
        f"check_request_shape=False if the member is newer than botocore "
        f"{botocore_version()} knows",
    )


def _describe(content_type: str, op: Operation, problems: Sequence[Problem]) -> str:
    listed = "; ".join(f"{p.text} (shape {p.shape!r})" for p in problems)
    return (
        f"request_templates[{content_type!r}] rendered with a sample request does not fit "
        f"{_input(op)}: {listed}; fix the template, or pass check_request_shape=False if the "
        "member is newer than the installed botocore knows"
    )


# abstract values of templates whose structure is known ---------------------------------------


def _abstract(template: object) -> tuple[str, object] | None:
    """``("json", document)`` or ``("form", pairs)`` with :class:`Dynamic` request values, or
    ``None`` for text and generated templates whose structure is not known."""
    if isinstance(template, str):
        return None
    from ._templates._request import FormTemplate, JsonTemplate, has_template_values

    if isinstance(template, Mapping | list | tuple):
        if has_template_values(template):
            return "json", _json_value(template)
        return "json", _plain(template)
    if isinstance(template, JsonTemplate):
        return "json", _json_value(template.body)
    if isinstance(template, FormTemplate):
        return "form", _form_pairs(template.fields)
    fields = getattr(template, "fields", None)
    attributes = getattr(template, "attributes", None)
    prefix = getattr(template, "prefix", None)
    if isinstance(fields, Mapping) and isinstance(attributes, Mapping) and isinstance(prefix, str):
        # the presets' form with numbered message attributes (SQS, SNS)
        pairs = _form_pairs(fields)
        for index, (name, value) in enumerate(attributes.items(), start=1):
            data_type = "Number" if _is_number_value(value) else "String"
            pairs.append((f"{prefix}.{index}.Name", str(name)))
            pairs.append((f"{prefix}.{index}.Value.DataType", data_type))
            pairs.append((f"{prefix}.{index}.Value.StringValue", _form_value(value)))
        return "form", pairs
    return None


def _is_number_value(value: object) -> bool:
    from ._templates._sources import From

    if isinstance(value, From):
        return value.type == "number"
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value: str, *, vtl: bool) -> str | Dynamic:
    """A literal string, or :data:`STRING` when its value is known only at deploy or request
    time (a CDK token; in a plain dict template, VTL too)."""
    if _TOKEN_MARK in value or (vtl and _VTL_MARK.search(value)):
        return STRING
    return value


def _plain(node: object) -> object:
    """A dict/list template written with ``json.dumps``: its strings are VTL at run time."""
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return _text(node, vtl=True)
    return node


def _from_value(source: Any) -> Dynamic:
    kind = source.type
    if kind == "string":
        return STRING
    if kind == "number":
        return NUMBER
    if kind == "boolean":
        return BOOLEAN
    if kind in ("string_list", "string_set"):
        return Dynamic("list", STRING)
    if kind in ("number_list", "number_set"):
        return Dynamic("list", NUMBER)
    return ANY


def _json_value(node: object) -> object:
    """A ``JsonTemplate`` body: literals are escaped (taken as they are), ``From`` values and
    fragments stand for what they write."""
    from ._templates._compile import Fragment
    from ._templates._dynamodb import DynamoDbItem
    from ._templates._sources import From

    if isinstance(node, From):
        return _from_value(node)
    if isinstance(node, DynamoDbItem):
        if not isinstance(node.attributes, Mapping):
            return OBJECT
        return {str(k): _dynamodb_value(v) for k, v in node.attributes.items()}
    if isinstance(node, Fragment):
        name = type(node).__name__
        if name == "_SetExpression":
            return STRING
        return OBJECT if name in ("DynamoDbStartKey", "_SetNames") else ANY
    if isinstance(node, Mapping):
        return {str(k): _json_value(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_json_value(v) for v in node]
    if isinstance(node, str):
        return _text(node, vtl=False)
    return node


_DYNAMODB_TAGS: Final[Mapping[str, tuple[str, object]]] = {
    "string": ("S", STRING),
    "number": ("N", STRING),
    "boolean": ("BOOL", BOOLEAN),
    "string_list": ("L", Dynamic("list", {"S": STRING})),
    "number_list": ("L", Dynamic("list", {"N": STRING})),
    "string_set": ("SS", Dynamic("list", STRING)),
    "number_set": ("NS", Dynamic("list", STRING)),
}


def _dynamodb_value(node: object) -> object:
    """The ``AttributeValue`` a ``DynamoDbItem`` writes for ``node``."""
    from ._templates._sources import From

    if isinstance(node, From):
        tag = _DYNAMODB_TAGS.get(node.type)
        return ANY if tag is None else {tag[0]: tag[1]}
    if isinstance(node, bool):
        return {"BOOL": node}
    if node is None:
        return {"NULL": True}
    if isinstance(node, int | float):
        return {"N": str(node)}
    if isinstance(node, str):
        return {"S": _text(node, vtl=False)}
    if isinstance(node, bytes):
        return {"B": base64.b64encode(node).decode("ascii")}
    if isinstance(node, set | frozenset):
        if all(isinstance(x, str) for x in node):
            return {"SS": [_text(x, vtl=False) for x in node]}
        return {"NS": [str(x) for x in node]}
    if isinstance(node, Mapping):
        return {"M": {str(k): _dynamodb_value(v) for k, v in node.items()}}
    if isinstance(node, list | tuple):
        return {"L": [_dynamodb_value(v) for v in node]}
    return ANY


def _form_value(value: object) -> str | Dynamic:
    from ._templates._sources import From

    if isinstance(value, From):
        return _from_value(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _text(value, vtl=False)
    return str(value)


def _form_pairs(fields: Mapping[str, object]) -> list[tuple[str, str | Dynamic]]:
    return [(str(name), _form_value(value)) for name, value in fields.items()]


# raw VTL, rendered with a sample request -----------------------------------------------------


@functools.lru_cache(maxsize=512)
def _rendered_problems(
    op: Operation | None, service: str, path_style: bool, text: str
) -> tuple[tuple[str, Operation, tuple[Problem, ...]], ...]:
    """``(kind, operation, problems)`` of a raw VTL template rendered with an empty sample
    request; nothing when it does not render or its result does not parse."""
    body = _render_sample(text)
    if body is None:
        return ()
    stripped = body.strip()
    value: object
    if stripped.startswith("{"):
        fmt = "json"
        try:
            value = _loose(json.loads(stripped))
        except ValueError:
            return ()
    elif "=" in stripped:
        fmt = "form"
        try:
            pairs = parse_qsl(stripped, keep_blank_values=True, strict_parsing=True)
        except ValueError:
            return ()
        value = [(k, STRING if v == "" or _TOKEN_MARK in v else v) for k, v in pairs]
    else:
        return ()
    target = _target(op, service, fmt, value, path_style)
    if target is None:
        return ()
    problems = _check(target[0], fmt, value, target[1])
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.kind, []).append(problem)
    return tuple((kind, target[0], tuple(grouped[kind])) for kind in _PRIORITY if kind in grouped)


def _render_sample(text: str) -> str | None:
    """``text`` rendered for an empty sample request, ``None`` when it cannot be rendered.

    A template whose only directives are ``#set`` and comments renders, for an empty request,
    as its text with each reference written as nothing (the values it reads are all empty;
    an empty string is checked as a string of unknown value): that is computed here directly.
    Any other template is rendered by the offline renderer (:mod:`constructs_pkg.testing`),
    which loads a Velocity engine (about 0.1 s, once per process).
    """
    resolved = _CDK_TOKEN.sub(lambda m: m.group(0)[2:-1], text)
    quick = _without_references(resolved)
    if quick is not None:
        return quick
    from .testing._errors import TemplateRenderError
    from .testing._render import render_request

    try:
        return render_request(resolved)
    except TemplateRenderError:
        return None
    except Exception:  # the VTL engine may fail in its own ways: then nothing is checked
        return None


_CDK_TOKEN: Final = re.compile(r"[$#]\{Token\[[^\]]*\]\}")
_IDENTIFIER: Final = re.compile(r"[A-Za-z_][\w-]*")
_OPEN_CLOSE: Final[Mapping[str, str]] = {"(": ")", "[": "]", "{": "}"}


def _balanced(text: str, start: int) -> int | None:
    """The index after the bracket closing the one at ``start`` (quotes respected)."""
    stack = [_OPEN_CLOSE[text[start]]]
    position = start + 1
    while position < len(text):
        char = text[position]
        if char in "'\"":
            end = text.find(char, position + 1)
            if end < 0:
                return None
            position = end + 1
            continue
        if char in _OPEN_CLOSE:
            stack.append(_OPEN_CLOSE[char])
        elif char == stack[-1]:
            stack.pop()
            if not stack:
                return position + 1
        elif char in ")]}":
            return None
        position += 1
    return None


def _reference_end(text: str, start: int) -> int | None:
    """The end of the VTL reference starting with ``$`` at ``start``, ``None`` when there is
    none (a ``$`` written as text)."""
    position = start + 1
    if text.startswith("!", position):
        position += 1
    if text.startswith("{", position):
        return _balanced(text, position)
    match = _IDENTIFIER.match(text, position)
    if match is None:
        return None
    position = match.end()
    while position < len(text):
        char = text[position]
        if char == "." and (name := _IDENTIFIER.match(text, position + 1)):
            position = name.end()
        elif char in "([":
            end = _balanced(text, position)
            if end is None:
                return None
            position = end
        else:
            break
    return position


def _without_references(text: str) -> str | None:
    """``text`` with ``#set(...)``, comments and references removed; ``None`` when it has
    another directive (``#if``, ``#foreach``...) or an escape, which need the real engine."""
    if "\\$" in text or "\\#" in text:
        return None
    out: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "#":
            if text.startswith("##", position):
                end = text.find("\n", position)
                position = len(text) if end < 0 else end
                continue
            if text.startswith("#*", position):
                end = text.find("*#", position + 2)
                if end < 0:
                    return None
                position = end + 2
                continue
            if re.match(r"#\{?set\}?\s*\(", text[position : position + 8]):
                closed = _balanced(text, text.index("(", position))
                if closed is None:
                    return None
                position = closed
                continue
            following = text[position + 1 : position + 2]
            if following.isalpha() or following in ("{", "@"):
                return None
        elif char == "$":
            after = _reference_end(text, position)
            if after is not None:
                # as the renderer writes them for an empty request: $input.json('$') is {},
                # $input.json of any other path "" (a JSON string); everything else nothing
                reference = text[position:after].replace(" ", "")
                if reference.startswith(("$input.json(", "$!input.json(")):
                    whole = reference.endswith(("('$')", '("$")', "()"))
                    out.append("{}" if whole else '""')
                position = after
                continue
        out.append(char)
        position += 1
    return "".join(out)


def _loose(node: object) -> object:
    """A rendered document with the strings a sample request leaves empty, and CDK tokens,
    taken as strings of unknown value (their length and enum are not checked)."""
    if isinstance(node, dict):
        return {k: _loose(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_loose(v) for v in node]
    if isinstance(node, str) and (node == "" or _TOKEN_MARK in node):
        return STRING
    return node
