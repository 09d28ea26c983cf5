"""The template compiler shared by JSON, form and DynamoDB templates.

Every node compiles to a :class:`Compiled`: the ``#set`` lines that read and check the value, an
optional *presence* condition (the member is written only when it holds) and the VTL that writes
the value. Objects and arrays join their members with a separator that is static where the
members before are known to be written, and a per-container flag variable otherwise.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import ValidationError
from ._sources import LIST_TYPES, SET_TYPES, DefaultValue, From, ValueType
from ._vtl import (
    NUMBER_PATTERN,
    Namer,
    escape_json,
    form_literal,
    json_literal,
    json_string_literal,
    number_literal,
)

__all__ = [
    "Compiled",
    "Flavour",
    "Fragment",
    "compile_from",
    "compile_json",
    "join_array",
    "join_members",
]

Flavour = Literal["json", "dynamodb", "form"]
"""How a value is written: plain JSON, a DynamoDB AttributeValue, or a form field."""


@dataclass(frozen=True, slots=True)
class Compiled:
    """A compiled value.

    :param setup: ``#set`` directives to run before the value (they write nothing).
    :param present: a VTL condition, true when the value is to be written; ``None`` when the
        value is always written (``text`` then handles a missing value itself).
    :param text: VTL that writes the value.
    """

    setup: str
    present: str | None
    text: str


class Fragment:
    """Base of template nodes that compile themselves into a JSON value (e.g. ``DynamoDbItem``)."""

    __slots__ = ()

    def compile_json(
        self, namer: Namer, where: str, indent: str = ""
    ) -> Compiled:  # pragma: no cover
        """Compile into VTL writing one JSON value; ``indent`` is the indentation of its line."""
        raise NotImplementedError

    def nodes(self) -> object:  # pragma: no cover
        """The declared value the fragment was built from (to find its :class:`From` values)."""
        raise NotImplementedError


# -- joining ------------------------------------------------------------------------------------


def _join(
    parts: Sequence[tuple[str, Compiled]], namer: Namer, open_: str, close: str, indent: str
) -> str:
    """Join ``(prefix, compiled)`` parts into a container; ``prefix`` is e.g. ``'"key": '``."""
    if not parts:
        return open_ + close
    # Until an always-written member is written, whether a separator is due depends on the
    # request: that takes a flag, needed only when the first member is conditional.
    needs_flag = parts[0][1].present is not None and len(parts) > 1
    flag = namer("Sep") if needs_flag else ""
    inner = indent + "  "
    out = [open_]
    if flag:
        out.append("#set($" + flag + ' = "")')
    state: Literal["empty", "maybe", "nonempty"] = "empty"
    for prefix, part in parts:
        out.append("\n" + inner)
        out.append(part.setup)
        if state == "nonempty":
            separator = ","
        elif state == "maybe":
            separator = "${" + flag + "}"
        else:
            separator = ""
        member = separator + prefix + part.text
        if part.present is None:
            out.append(member)
            state = "nonempty"
        else:
            mark = "#set($" + flag + ' = ",")' if flag and state != "nonempty" else ""
            out.append("#if(" + part.present + ")" + member + mark + "#{end}")
            if state == "empty":
                state = "maybe"
    out.append("\n" + indent + close)
    return "".join(out)


def join_members(
    members: Sequence[tuple[str, Compiled]], namer: Namer, where: str, indent: str = ""
) -> str:
    """An object from ``(key, value)`` pairs; keys are Python strings (CDK tokens allowed)."""
    parts = [
        (json_string_literal(key, where=f"{where} key {key!r}") + ": ", value)
        for key, value in members
    ]
    return _join(parts, namer, "{", "}", indent)


def join_array(items: Sequence[Compiled], namer: Namer, indent: str = "") -> str:
    """An array; a conditional item is left out when missing."""
    return _join([("", item) for item in items], namer, "[", "]", indent)


# -- literals and nodes -------------------------------------------------------------------------


def compile_json(node: object, namer: Namer, where: str, indent: str = "") -> Compiled:
    """Compile a plain JSON node: dict, list/tuple, scalar literal, :class:`From` or Fragment."""
    if isinstance(node, From):
        return compile_from(node, "json", namer)
    if isinstance(node, Fragment):
        return node.compile_json(namer, where, indent)
    if isinstance(node, Mapping):
        members = []
        for key, value in node.items():
            if not isinstance(key, str):
                raise ValidationError(
                    "invalid-template-key",
                    f"{where} has key {key!r} of type {type(key).__name__}; JSON keys are str",
                )
            members.append((key, compile_json(value, namer, f"{where}[{key!r}]", indent + "  ")))
        return Compiled("", None, join_members(members, namer, where, indent))
    if isinstance(node, list | tuple):
        items = [
            compile_json(item, namer, f"{where}[{i}]", indent + "  ") for i, item in enumerate(node)
        ]
        return Compiled("", None, join_array(items, namer, indent))
    if node is None or isinstance(node, str | int | float | bool):
        return Compiled("", None, json_literal(node, where=where))
    raise ValidationError(
        "invalid-template-value",
        f"{where} is a {type(node).__name__} ({node!r}); use a dict, a list, a str, an int, "
        "a float, a bool, None, a From value or a DynamoDbItem",
    )


# -- values from the request ---------------------------------------------------------------------


def compile_from(source: From, flavour: Flavour, namer: Namer) -> Compiled:
    """Compile a request value for ``flavour``; see :class:`From` for the missing/invalid rules."""
    raw = namer("V")
    text = namer("S")
    setup = "#set($" + raw + " = " + source.raw_expression() + ")"
    setup += "#set($" + text + ' = "$!' + raw + '")'
    present = "$" + text + ' != ""'
    json_var = ""
    if source.type in LIST_TYPES or (source.type == "json" and flavour == "form"):
        json_var = namer("J")
        setup += "#set($" + json_var + ' = "")'
        setup += "#if(" + present + ")#set($" + json_var + " = " + source.json_expression()
        setup += ")#{end}"
        if source.type in SET_TYPES:
            present += " && $" + json_var + ' != "[]"'
    valid = _present_text(source, flavour, namer, raw, text, json_var)
    if not source.always_present:
        return Compiled(setup, present, valid)
    missing = (
        _missing_text(source.type, flavour)
        if source.default is None
        else _default_text(source.default, source.type, flavour, namer)
    )
    return Compiled(setup, None, "#if(" + present + ")" + valid + "#{else}" + missing + "#{end}")


def _present_text(
    source: From, flavour: Flavour, namer: Namer, raw: str, text: str, json_var: str
) -> str:
    """VTL writing a present value: checked against its type, ``null`` (or empty) if invalid."""
    value_type = source.type
    if flavour == "form":
        if value_type in LIST_TYPES:
            raise ValidationError(
                "unsupported-form-value",
                f"From.{source.source}({source.name!r}, type={value_type!r}) cannot be one form "
                "field; query-protocol lists are numbered fields ('Name.member.1', ...): map "
                "each element, or use type='json' to send the JSON text",
            )
        if value_type == "json":
            return "$util.urlEncode($" + json_var + ")"
        encoded = "$util.urlEncode($" + text + ")"
        check = _check(value_type, text)
        return encoded if check is None else "#if(" + check + ")" + encoded + "#{end}"
    if value_type == "string":
        body = '"' + escape_json("$" + text) + '"'
        return _wrap(flavour, "S", body)
    if value_type == "number":
        number = "${" + text + "}"
        body = number if flavour == "json" else '"' + number + '"'
        return (
            "#if("
            + _number_check(text)
            + ")"
            + _wrap(flavour, "N", body)
            + "#{else}"
            + (_missing_text(value_type, flavour))
            + "#{end}"
        )
    if value_type == "boolean":
        return (
            "#if($" + text + ' == "true")' + _wrap(flavour, "BOOL", "true")
            + "#elseif($" + text + ' == "false")' + _wrap(flavour, "BOOL", "false")
            + "#{else}" + _missing_text(value_type, flavour) + "#{end}"
        )  # fmt: skip
    if value_type == "json":
        if flavour == "dynamodb":
            raise ValidationError(
                "unsupported-dynamodb-value",
                f"From.{source.source}({source.name!r}, type='json') has no single DynamoDB "
                "type; declare the nested fields as a dict (a map, 'M'), or use a list or set "
                "type, or type='string' to store the JSON text",
            )
        return source.json_expression()
    # lists and sets
    element = namer("E")
    element_text = namer("S")
    numeric = value_type in ("number_list", "number_set")
    item_setup = "#set($" + element_text + ' = "$!' + element + '")'
    if numeric:
        number = "${" + element_text + "}"
        if flavour == "dynamodb":
            number = '"' + number + '"'
            if value_type == "number_list":
                number = '{"N": ' + number + "}"
        item = "#if(" + _number_check(element_text) + ")" + number + "#{else}null#{end}"
    else:
        item = '"' + escape_json("$" + element_text) + '"'
        if flavour == "dynamodb" and value_type == "string_list":
            item = '{"S": ' + item + "}"
    separator = namer("Sep")
    loop = (
        "[#set($" + separator + ' = "")'
        + "#foreach($" + element + " in $" + raw + ")"
        + item_setup + "${" + separator + "}" + item
        + "#set($" + separator + ' = ",")#set($' + element + ' = "")#{end}]'
    )  # fmt: skip
    tag = {"string_list": "L", "number_list": "L", "string_set": "SS", "number_set": "NS"}
    return (
        "#if($" + json_var + '.startsWith("["))' + _wrap(flavour, tag[value_type], loop)
        + "#{else}" + _missing_text(value_type, flavour) + "#{end}"
    )  # fmt: skip


def _check(value_type: ValueType, text: str) -> str | None:
    if value_type == "number":
        return _number_check(text)
    if value_type == "boolean":
        return "$" + text + ' == "true" || $' + text + ' == "false"'
    return None


def _number_check(text: str) -> str:
    return "$" + text + ".matches('" + NUMBER_PATTERN + "')"


_DYNAMODB_TAG: Mapping[ValueType, str] = {
    "string": "S",
    "number": "N",
    "boolean": "BOOL",
    "string_list": "L",
    "number_list": "L",
    "string_set": "SS",
    "number_set": "NS",
}


def _wrap(flavour: Flavour, tag: str, body: str) -> str:
    return '{"' + tag + '": ' + body + "}" if flavour == "dynamodb" else body


def _missing_text(value_type: ValueType, flavour: Flavour) -> str:
    if flavour == "form":
        return ""
    if flavour == "dynamodb":
        return _wrap(flavour, _DYNAMODB_TAG.get(value_type, "S"), "null")
    return "null"


def _default_text(
    default: DefaultValue, value_type: ValueType, flavour: Flavour, namer: Namer
) -> str:
    where = f"default {default!r}"
    if flavour == "form":
        if isinstance(default, str | int | float | bool):
            return form_literal(default, where=where)
        return form_literal(_json_text(default), where=where)
    if flavour == "json":
        return compile_json(default, namer, where).text
    return dynamodb_literal(default, namer, where, value_type).text


def _json_text(value: object) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))


# -- DynamoDB literals ---------------------------------------------------------------------------


def dynamodb_literal(
    value: object,
    namer: Namer,
    where: str,
    value_type: ValueType | None = None,
    indent: str = "",
) -> Compiled:
    """A Python literal as an AttributeValue: str→S, int/float→N, bool→BOOL, None→NULL,
    bytes→B, dict→M, list/tuple→L, set/frozenset of str→SS, of numbers→NS.

    ``value_type`` (from a :class:`From` default) picks SS/NS for a list.
    """
    if isinstance(value, bool):
        return Compiled("", None, '{"BOOL": ' + ("true" if value else "false") + "}")
    if value is None:
        return Compiled("", None, '{"NULL": true}')
    if isinstance(value, int | float):
        return Compiled("", None, '{"N": "' + number_literal(value, where=where) + '"}')
    if isinstance(value, str):
        return Compiled("", None, '{"S": ' + json_string_literal(value, where=where) + "}")
    if isinstance(value, bytes):
        encoded = base64.b64encode(value).decode("ascii")
        return Compiled("", None, '{"B": "' + encoded + '"}')
    if isinstance(value, set | frozenset) or (
        value_type in SET_TYPES and isinstance(value, list | tuple)
    ):
        elements = sorted(value, key=repr) if isinstance(value, set | frozenset) else list(value)
        if elements and all(isinstance(x, str) for x in elements):
            strings = [json_string_literal(str(x), where=where) for x in elements]
            return Compiled("", None, '{"SS": [' + ", ".join(strings) + "]}")
        if elements and all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in elements
        ):
            numbers = ['"' + number_literal(x, where=where) + '"' for x in elements]
            return Compiled("", None, '{"NS": [' + ", ".join(numbers) + "]}")
        raise ValidationError(
            "invalid-dynamodb-set",
            f"{where} is a set {value!r}; DynamoDB sets are non-empty and hold only str (SS) "
            "or only numbers (NS)",
        )
    if isinstance(value, Mapping):
        inner = compile_dynamodb_map(value, namer, where, indent)
        return Compiled("", None, '{"M": ' + inner + "}")
    if isinstance(value, list | tuple):
        items = [
            compile_dynamodb(item, namer, f"{where}[{i}]", indent + "  ")
            for i, item in enumerate(value)
        ]
        return Compiled("", None, '{"L": ' + join_array(items, namer, indent) + "}")
    raise ValidationError(
        "invalid-template-value",
        f"{where} is a {type(value).__name__} ({value!r}); a DynamoDB value is a From value, "
        "a str, an int, a float, a bool, None, bytes, a dict, a list or a set",
    )


def compile_dynamodb(node: object, namer: Namer, where: str, indent: str = "") -> Compiled:
    """Compile a node of a ``DynamoDbItem`` into an AttributeValue."""
    if isinstance(node, From):
        return compile_from(node, "dynamodb", namer)
    return dynamodb_literal(node, namer, where, indent=indent)


def compile_dynamodb_map(
    node: Mapping[str, object], namer: Namer, where: str, indent: str = ""
) -> str:
    """An attribute map (``{"name": AttributeValue}``), members left out when missing."""
    members = []
    for key, value in node.items():
        if not isinstance(key, str):
            raise ValidationError(
                "invalid-template-key",
                f"{where} has key {key!r} of type {type(key).__name__}; attribute names are str",
            )
        members.append((key, compile_dynamodb(value, namer, f"{where}[{key!r}]", indent + "  ")))
    return join_members(members, namer, where, indent)
