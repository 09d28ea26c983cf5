"""DynamoDB: AttributeValue marshalling for requests, unmarshalling for responses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from ..errors import ValidationError
from ._compile import Compiled, Fragment, compile_dynamodb_map
from ._vtl import NUMBER_PATTERN, Namer, load_vtl, status_literal

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DynamoDbItem",
    "dynamodb_item_vtl",
    "dynamodb_items_vtl",
]

#: How many AttributeValue levels a response template unmarshals: an item's attribute is level 1,
#: a value inside a map or list attribute level 2, and so on. VTL has no recursion, so each level
#: is written out; a value below the last level is written as ``null`` (the map or list at the
#: last level keeps its keys and length).
DEFAULT_MAX_DEPTH = 5


@dataclass(frozen=True, slots=True)
class DynamoDbItem(Fragment):
    """An attribute map (``Item``, ``Key``, ``ExpressionAttributeValues``) written as DynamoDB
    JSON from plain declarations, inside a :class:`JsonTemplate`::

        "Item": DynamoDbItem({
            "username": From.body("$.username", required=True),   # {"S": ...}
            "age": From.body("$.age", type="number"),              # {"N": "42"}, left out if absent
            "tags": From.body("$.tags", type="string_set"),        # {"SS": [...]}
            "address": {"city": From.body("$.city")},              # {"M": {"city": {"S": ...}}}
            "source": "api",                                       # {"S": "api"}
        })

    Types by :class:`From` type: ``string`` → S, ``number`` → N, ``boolean`` → BOOL,
    ``string_list``/``number_list`` → L of S/N, ``string_set`` → SS, ``number_set`` → NS.
    Literals: str → S, int/float → N, bool → BOOL, None → NULL, bytes → B, dict → M, list → L,
    set of str → SS, set of numbers → NS. A missing optional attribute is left out; a missing
    required one, or a value failing its type, is written with a ``null`` inside (``{"N": null}``),
    which DynamoDB rejects with a ``ValidationException`` (400).

    :param attributes: attribute name to value.
    """

    attributes: Mapping[str, object]

    def compile_json(self, namer: Namer, where: str, indent: str = "") -> Compiled:
        """Compile into the VTL of the attribute map."""
        if not isinstance(self.attributes, Mapping):
            raise ValidationError(
                "invalid-template-value",
                f"{where}: DynamoDbItem takes a dict of attribute name to value, "
                f"got {type(self.attributes).__name__}",
            )
        return Compiled("", None, compile_dynamodb_map(self.attributes, namer, where, indent))

    def nodes(self) -> object:
        """The declared attributes."""
        return self.attributes


# -- responses ----------------------------------------------------------------------------------


def _check_depth(max_depth: int) -> None:
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or not 1 <= max_depth <= 32:
        raise ValidationError(
            "invalid-max-depth",
            f"'max_depth' {max_depth!r} is out of range; use an int from 1 to 32 (each level "
            "adds about 1.5 KB to the template)",
        )


@cache
def _value_code(max_depth: int) -> str:
    """The code writing ``$cpAv1`` as plain JSON, nested ``max_depth`` levels deep."""
    level = load_vtl("dynamodb_value.vtl").replace("@NUMBER@", NUMBER_PATTERN)
    code = "null"
    for depth in range(max_depth, 0, -1):
        names = {
            "@NEXT_AV@": f"cpAv{depth + 1}",
            "@NEXT@": code,
            "@AV@": f"cpAv{depth}",
            "@T@": f"cpT{depth}",
            "@S@": f"cpS{depth}",
            "@K@": f"cpK{depth}",
            "@E@": f"cpE{depth}",
            "@C@": f"cpC{depth}",
            "@SEP@": f"cpSep{depth}",
        }
        text = level
        for placeholder, name in names.items():
            text = text.replace(placeholder, name)
        code = text
    return code


def _item_object(item_variable: str, max_depth: int) -> str:
    return (
        load_vtl("dynamodb_item_object.vtl")
        .replace("@ITEM@", item_variable)
        .replace("@VALUE@", _value_code(max_depth))
    )


NOT_FOUND_BODY = '{"message": "not found", "type": "NotFound"}'


def dynamodb_item_vtl(
    *, member: str = "Item", not_found_status: int | None = 404, max_depth: int = DEFAULT_MAX_DEPTH
) -> str:
    """VTL writing ``member`` of a DynamoDB answer as a plain object.

    :param member: ``"Item"`` (GetItem) or ``"Attributes"`` (writes with ``ReturnValues``).
    :param not_found_status: the status of an answer without ``member``, with the body
        ``{"message": "not found", "type": "NotFound"}``; ``None`` writes ``{}`` with the
        success status instead.
    :param max_depth: see :data:`DEFAULT_MAX_DEPTH`.
    """
    _check_depth(max_depth)
    if member not in ("Item", "Attributes"):
        raise ValidationError(
            "invalid-member",
            f"'member' {member!r} is not an attribute map of a DynamoDB answer; "
            "use 'Item' or 'Attributes'",
        )
    if not_found_status is None:
        missing = "{}"
    else:
        missing = (
            f"#set($context.responseOverride.status = {status_literal(not_found_status)})"
            + NOT_FOUND_BODY
        )
    return (
        load_vtl("dynamodb_item.vtl")
        .replace("@MEMBER@", member)
        .replace("@MISSING@", missing)
        .replace("@ITEM_OBJECT@", _item_object("cpItem", max_depth))
    )


def dynamodb_items_vtl(*, max_depth: int = DEFAULT_MAX_DEPTH) -> str:
    """VTL writing a Scan or Query answer as ``{"items": [...], "count": n, "nextToken": "..."}``.

    ``nextToken`` is there only when DynamoDB sent ``LastEvaluatedKey``: the base64 of its JSON.
    """
    _check_depth(max_depth)
    return load_vtl("dynamodb_items.vtl").replace(
        "@ITEM_OBJECT@", _item_object("cpItem", max_depth)
    )
