"""One checker of request bodies against the input shape of a service operation.

Pure code over the botocore models the catalogue reads (no CDK import): the construct runs it at
synth time on what a request template will send, and
:func:`constructs_pkg.testing.check_against_input_shape` on a body rendered offline.

The check is structural, as the service's own request validation is: every required member is
present, every value has the member's type (recursively through structures, lists, maps and
DynamoDB ``AttributeValue`` unions), no member is unknown, enum values are among the allowed
ones, lengths are within ``min``/``max`` and numbers within their declared range. Patterns and
cross-member rules are not checked.

A value known at synth time only by its type (a request value, a CDK token) is a
:class:`Dynamic`: it fits any member of its JSON type, and is never "missing".

JSON bodies (``json`` and ``rest-json`` protocols) are checked as documents; form bodies
(``query`` protocol) as ``(name, value)`` pairs with the protocol's flattened names
(``MessageAttribute.1.Name``, ``Name.member.1``, ``Name.entry.1.key``...).
"""

from __future__ import annotations

import base64
import binascii
import difflib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, NamedTuple

from ._catalogue import Operation, operation_shapes

__all__ = [
    "ANY",
    "BOOLEAN",
    "NUMBER",
    "OBJECT",
    "STRING",
    "Dynamic",
    "Problem",
    "ProblemKind",
    "check_form_pairs",
    "check_json_body",
    "close_match",
    "type_of",
]

ProblemKind = Literal["unknown-member", "missing-member", "invalid-value"]
DynamicKind = Literal["string", "number", "boolean", "list", "object", "any"]

_RawShapes = Mapping[str, Any]
_FORM_META_KEYS: Final = frozenset({"Action", "Version"})
# DynamoDB's AttributeValue is a union in the service (exactly one type), not in the model
_UNIONS: Final = frozenset({"AttributeValue"})
_UNION_SERVICES: Final = frozenset({"dynamodb", "streams.dynamodb"})


@dataclass(frozen=True, slots=True)
class Dynamic:
    """A value known at synth time only by its JSON type: a request value (``From``), an
    unresolved CDK token, a VTL expression.

    :param kind: its JSON type; ``"any"`` fits every member.
    :param item: for ``"list"``, the (abstract) value of each element. Default: - unknown.
    """

    kind: DynamicKind
    item: object = None


STRING: Final = Dynamic("string")
NUMBER: Final = Dynamic("number")
BOOLEAN: Final = Dynamic("boolean")
OBJECT: Final = Dynamic("object")
ANY: Final = Dynamic("any")


class Problem(NamedTuple):
    """One way a body does not fit the input shape.

    :param kind: ``unknown-member``, ``missing-member`` or ``invalid-value``.
    :param where: the member's path (``$.Item.name.S``) or form key (``MessageAttribute.1``).
    :param shape: the botocore shape the value was checked against (``PutItemInput``).
    :param text: the problem in words, starting with ``where``.
    """

    kind: ProblemKind
    where: str
    shape: str
    text: str


def type_of(value: object) -> str:
    """The JSON type of ``value`` in words (``"integer"``, ``"string"``, ``"object"``...)."""
    if isinstance(value, Dynamic):
        return value.kind if value.kind != "any" else "a value"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def close_match(name: str, candidates: Iterable[str]) -> str:
    """``" (did you mean 'X'?)"`` for the closest candidate, or ``""``."""
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered:
        return f" (did you mean {lowered[name.lower()]!r}?)"
    close = difflib.get_close_matches(name, pool, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Checker:
    """Walks a value and a shape together, collecting :class:`Problem` s."""

    __slots__ = ("problems", "shapes", "unions")

    def __init__(self, shapes: _RawShapes, unions: frozenset[str] = frozenset()) -> None:
        self.shapes = shapes
        self.unions = unions
        self.problems: list[Problem] = []

    def add(self, kind: ProblemKind, where: str, shape: str, text: str) -> None:
        self.problems.append(Problem(kind, where, shape, f"{where}: {text}"))

    def shape(self, ref: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        name = str(ref["shape"])
        return name, self.shapes[name]

    def length(self, name: str, shape: Mapping[str, Any], size: int, where: str, unit: str) -> None:
        minimum = shape.get("min")
        maximum = shape.get("max")
        if isinstance(minimum, int) and size < minimum:
            self.add(
                "invalid-value", where, name, f"has {size} {unit}, fewer than the minimum {minimum}"
            )
        if isinstance(maximum, int) and size > maximum:
            self.add(
                "invalid-value", where, name, f"has {size} {unit}, more than the maximum {maximum}"
            )

    # -- JSON ----------------------------------------------------------------------------------

    def json(self, ref: Mapping[str, Any], value: object, where: str) -> None:
        name, shape = self.shape(ref)
        if isinstance(value, Dynamic) and value.kind == "any":
            return
        kind = shape.get("type")
        if kind == "structure":
            if shape.get("document"):
                return
            if isinstance(value, Dynamic) and value.kind == "object":
                return
            if not isinstance(value, Mapping):
                self.add(
                    "invalid-value",
                    where,
                    name,
                    f"expected a structure (JSON object), got {type_of(value)}",
                )
                return
            self.structure(name, shape, value, where)
        elif kind == "list":
            if isinstance(value, Dynamic) and value.kind == "list":
                if value.item is not None:
                    self.json(shape["member"], value.item, f"{where}[*]")
                return
            if not isinstance(value, list | tuple):
                self.add("invalid-value", where, name, f"expected a list, got {type_of(value)}")
                return
            self.length(name, shape, len(value), where, "items")
            for index, item in enumerate(value):
                self.json(shape["member"], item, f"{where}[{index}]")
        elif kind == "map":
            if isinstance(value, Dynamic) and value.kind == "object":
                return
            if not isinstance(value, Mapping):
                self.add(
                    "invalid-value",
                    where,
                    name,
                    f"expected a map (JSON object), got {type_of(value)}",
                )
                return
            self.length(name, shape, len(value), where, "entries")
            for key, item in value.items():
                self.json(shape["key"], key, f"{where} key {key!r}")
                self.json(shape["value"], item, f"{where}.{key}")
        else:
            self.scalar(name, shape, value, where)

    def structure(
        self,
        name: str,
        shape: Mapping[str, Any],
        value: Mapping[str, object],
        where: str,
        *,
        members: Mapping[str, Any] | None = None,
        implied: Collection[str] = (),
    ) -> None:
        declared: Mapping[str, Any] = shape.get("members", {}) if members is None else members
        for required in shape.get("required", ()):
            if required in declared and required not in value and required not in implied:
                self.add("missing-member", where, name, f"required member {required!r} is missing")
        present = 0
        for key, item in value.items():
            ref = declared.get(key)
            if ref is None:
                self.add(
                    "unknown-member",
                    where,
                    name,
                    f"unknown member {key!r}{close_match(str(key), declared)}",
                )
                continue
            present += 1
            self.json(ref, item, f"{where}.{key}")
        if (shape.get("union") or name in self.unions) and present != 1:
            self.add(
                "invalid-value",
                where,
                name,
                f"exactly one member of the union must be set, found {present}",
            )

    def scalar(self, name: str, shape: Mapping[str, Any], value: object, where: str) -> None:
        if isinstance(value, float) and _is_number_token(value):
            value = NUMBER  # a CDK number token: a number of unknown value
        kind = shape.get("type")
        got = type_of(value)
        dynamic = value.kind if isinstance(value, Dynamic) else None
        if kind == "string":
            if dynamic == "string":
                return
            if not isinstance(value, str):
                self.add("invalid-value", where, name, f"expected a string, got {got}")
                return
            enum = shape.get("enum")
            if enum and value not in enum:
                self.add("invalid-value", where, name, f"{value!r} is not one of {list(enum)!r}")
                return
            self.length(name, shape, len(value), where, "characters")
        elif kind in ("integer", "long"):
            if dynamic == "number":
                return
            if got != "integer":
                self.add("invalid-value", where, name, f"expected an integer, got {got}")
                return
            self.range(name, shape, value, where)
        elif kind in ("float", "double"):
            if dynamic == "number":
                return
            if got not in ("integer", "number"):
                self.add("invalid-value", where, name, f"expected a number, got {got}")
                return
            self.range(name, shape, value, where)
        elif kind == "boolean":
            if dynamic != "boolean" and got != "boolean":
                self.add("invalid-value", where, name, f"expected a boolean, got {got}")
        elif kind == "timestamp":
            if dynamic in ("string", "number") or got in ("integer", "number", "string"):
                return
            self.add(
                "invalid-value",
                where,
                name,
                f"expected a timestamp (epoch seconds or ISO 8601), got {got}",
            )
        elif kind == "blob":
            if dynamic == "string":
                return
            if not isinstance(value, str):
                self.add("invalid-value", where, name, f"expected a base64 string, got {got}")
                return
            try:
                base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                self.add(
                    "invalid-value", where, name, f"expected a base64 string, got {value[:40]!r}"
                )
        # anything else (a document): any JSON value

    def range(self, name: str, shape: Mapping[str, Any], value: object, where: str) -> None:
        if not isinstance(value, int | float) or _is_number_token(value):
            return
        minimum = shape.get("min")
        maximum = shape.get("max")
        if isinstance(minimum, int | float) and value < minimum:
            self.add("invalid-value", where, name, f"{value!r} is less than the minimum {minimum}")
        if isinstance(maximum, int | float) and value > maximum:
            self.add("invalid-value", where, name, f"{value!r} is more than the maximum {maximum}")

    # -- forms ---------------------------------------------------------------------------------

    def form(self, ref: Mapping[str, Any], node: _Tree | str | Dynamic, where: str) -> None:
        name, shape = self.shape(ref)
        kind = shape.get("type")
        if isinstance(node, Dynamic) and (node.kind == "any" or kind not in _CONTAINERS):
            return
        if kind == "structure":
            if not isinstance(node, dict):
                self.add(
                    "invalid-value",
                    where,
                    name,
                    f"expected a structure (sub-keys {where}.Name=...), got a value",
                )
                return
            self.form_structure(name, shape, node, where)
        elif kind == "list":
            self.form_list(name, shape, ref, node, where)
        elif kind == "map":
            self.form_map(name, shape, ref, node, where)
        elif isinstance(node, dict):
            self.add(
                "invalid-value", where, name, f"expected a value, got sub-keys {sorted(node)!r}"
            )
        elif isinstance(node, str):
            self.form_scalar(name, shape, node, where)

    def form_list(
        self,
        name: str,
        shape: Mapping[str, Any],
        ref: Mapping[str, Any],
        node: _Tree | str | Dynamic,
        where: str,
    ) -> None:
        if not isinstance(node, dict):
            self.add(
                "invalid-value", where, name, f"expected a list ({where}.member.1=...), got a value"
            )
            return
        if not (ref.get("flattened") or shape.get("flattened")):
            member_ref: Mapping[str, Any] = shape["member"]
            inner = node.get(_serialized(member_ref, self.shapes, "member"))
            if not isinstance(inner, dict) or len(node) != 1:
                self.add("invalid-value", where, name, f"expected list items as {where}.member.N")
                return
            node, where = inner, f"{where}.member"
        items = self.indexed(name, node, where)
        self.length(name, shape, len(items), where, "items")
        for index, item in enumerate(items, start=1):
            self.form(shape["member"], item, f"{where}.{index}")

    def form_map(
        self,
        name: str,
        shape: Mapping[str, Any],
        ref: Mapping[str, Any],
        node: _Tree | str | Dynamic,
        where: str,
    ) -> None:
        if not isinstance(node, dict):
            self.add(
                "invalid-value",
                where,
                name,
                f"expected a map ({where}.entry.1.key=...), got a value",
            )
            return
        if not (ref.get("flattened") or shape.get("flattened")):
            inner = node.get("entry")
            if not isinstance(inner, dict) or len(node) != 1:
                self.add(
                    "invalid-value",
                    where,
                    name,
                    f"expected map entries as {where}.entry.N.key / .value",
                )
                return
            node, where = inner, f"{where}.entry"
        entries = self.indexed(name, node, where)
        key_names = (_serialized(shape["key"], self.shapes, "key"), "Name", "key")
        value_names = (_serialized(shape["value"], self.shapes, "value"), "Value", "value")
        for index, entry in enumerate(entries, start=1):
            at = f"{where}.{index}"
            key_name = _first_present(entry, key_names)
            value_name = _first_present(entry, value_names)
            if not isinstance(entry, dict) or key_name is None or value_name is None:
                self.add(
                    "missing-member",
                    at,
                    name,
                    f"expected {at}.{key_names[0]} and {at}.{value_names[0]}",
                )
                continue
            self.form(shape["key"], entry[key_name], f"{at}.{key_name}")
            self.form(shape["value"], entry[value_name], f"{at}.{value_name}")

    def indexed(self, name: str, node: _Tree, where: str) -> list[_Tree | str | Dynamic]:
        items: dict[int, _Tree | str | Dynamic] = {}
        for key, item in node.items():
            if not key.isdigit() or int(key) < 1:
                self.add("invalid-value", f"{where}.{key}", name, "expected a 1-based index")
            else:
                items[int(key)] = item
        ordered = sorted(items)
        if ordered != list(range(1, len(ordered) + 1)):
            self.add("invalid-value", where, name, f"indexes {ordered} are not 1, 2, 3...")
        return [items[index] for index in ordered]

    def form_structure(
        self,
        name: str,
        shape: Mapping[str, Any],
        node: _Tree,
        where: str,
        implied: Collection[str] = (),
    ) -> None:
        by_name = _form_names(shape, self.shapes)
        prefix = f"{where}." if where else ""
        for required in shape.get("required", ()):
            if required in implied:
                continue
            if not any(member == required and key in node for key, member in by_name.items()):
                self.problems.append(
                    Problem(
                        "missing-member",
                        f"{prefix}{required}",
                        name,
                        f"{prefix}{required}: required member is missing",
                    )
                )
        members: Mapping[str, Any] = shape.get("members", {})
        for key, item in node.items():
            if not where and key in _FORM_META_KEYS:
                continue
            member = by_name.get(key)
            if member is None:
                self.problems.append(
                    Problem(
                        "unknown-member",
                        f"{prefix}{key}",
                        name,
                        f"{prefix}{key}: unknown member{close_match(key, by_name)}",
                    )
                )
                continue
            self.form(members[member], item, f"{prefix}{key}")

    def form_scalar(self, name: str, shape: Mapping[str, Any], value: str, where: str) -> None:
        kind = shape.get("type")
        if kind == "string":
            enum = shape.get("enum")
            if enum and value not in enum:
                self.add("invalid-value", where, name, f"{value!r} is not one of {list(enum)!r}")
                return
            self.length(name, shape, len(value), where, "characters")
        elif kind in ("integer", "long"):
            stripped = value[1:] if value.startswith("-") else value
            if not stripped.isdigit():
                self.add("invalid-value", where, name, f"expected an integer, got {value!r}")
                return
            self.range(name, shape, int(value), where)
        elif kind in ("float", "double"):
            try:
                number = float(value)
            except ValueError:
                self.add("invalid-value", where, name, f"expected a number, got {value!r}")
                return
            self.range(name, shape, number, where)
        elif kind == "boolean" and value not in ("true", "false"):
            self.add("invalid-value", where, name, f"expected true or false, got {value!r}")


_CONTAINERS: Final = frozenset({"structure", "list", "map"})
_Tree = dict[str, "_Tree | str | Dynamic"]


def _is_number_token(value: float) -> bool:
    """Whether ``value`` is a CDK number token (encoded as a huge negative double)."""
    return isinstance(value, float) and abs(value) > 1e280


def _serialized(ref: Mapping[str, Any], shapes: _RawShapes, default: str) -> str:
    name = ref.get("locationName") or shapes[ref["shape"]].get("locationName")
    return name if isinstance(name, str) else default


def _first_present(entry: object, names: tuple[str, ...]) -> str | None:
    if not isinstance(entry, dict):
        return None
    return next((name for name in names if name in entry), None)


def _form_names(shape: Mapping[str, Any], shapes: _RawShapes) -> dict[str, str]:
    """Form key -> member name. Services moved from the query to the JSON protocol (SQS)
    lost the query names of flattened members from their model (``MessageAttribute.1`` for
    ``MessageAttributes``), so the singular is accepted too."""
    names: dict[str, str] = {}
    for name, ref in shape.get("members", {}).items():
        names[_serialized(ref, shapes, name)] = name
        target = shapes[ref["shape"]]
        flattened = target.get("type") in ("list", "map") and (
            ref.get("flattened") or target.get("flattened")
        )
        if flattened and name.endswith("s"):
            names.setdefault(name[:-1], name)
    return names


def check_json_body(
    op: Operation, document: object, *, implied_members: Collection[str] = ()
) -> list[Problem]:
    """Problems of a JSON request body (``json`` and ``rest-json`` protocols) for ``op``.

    For ``rest-json`` only the members sent in the body count (not those of the URI, query
    string or headers); an operation whose body is one ``payload`` member that is not a
    structure (a blob: S3 ``PutObject``, Lambda ``Invoke``) takes any body.

    :param document: the parsed body; :class:`Dynamic` values stand for values known by type.
    :param implied_members: required members supplied outside the body (e.g. by the URI).
    """
    raw_op, shapes = operation_shapes(op)
    checker = _Checker(shapes, _UNIONS if op.service in _UNION_SERVICES else frozenset())
    input_ref: Mapping[str, Any] | None = raw_op.get("input")
    if input_ref is None:
        if document not in ({}, None):
            checker.add("invalid-value", "$", op.name, "the action takes no input")
        return checker.problems
    name, shape = checker.shape(input_ref)
    if isinstance(document, Dynamic):
        if document.kind not in ("object", "any"):
            checker.add(
                "invalid-value", "$", name, f"expected a JSON object, got {type_of(document)}"
            )
        return checker.problems
    if not isinstance(document, Mapping):
        checker.add("invalid-value", "$", name, f"expected a JSON object, got {type_of(document)}")
        return checker.problems
    if op.protocol == "rest-json":
        payload = shape.get("payload")
        if payload:
            payload_ref = shape["members"][payload]
            if shapes[payload_ref["shape"]].get("type") == "structure":
                checker.json(payload_ref, document, "$")
            return checker.problems
        members = {
            key: ref for key, ref in shape.get("members", {}).items() if not ref.get("location")
        }
        checker.structure(name, shape, document, "$", members=members, implied=implied_members)
        return checker.problems
    checker.structure(name, shape, document, "$", implied=implied_members)
    return checker.problems


def check_form_pairs(
    op: Operation,
    pairs: Sequence[tuple[str, str | Dynamic]],
    *,
    implied_members: Collection[str] = (),
) -> list[Problem]:
    """Problems of a form body (``query`` protocol) for ``op``, given as ``(name, value)`` pairs.

    ``Action`` must name ``op``; ``Version`` is allowed. Values may be :class:`Dynamic`.

    :param implied_members: required members supplied outside the body (e.g. ``QueueUrl`` by
        an SQS integration whose URI is the queue's path).
    """
    raw_op, shapes = operation_shapes(op)
    checker = _Checker(shapes)
    input_ref: Mapping[str, Any] | None = raw_op.get("input")
    shape_name = str(input_ref["shape"]) if input_ref else op.name
    for key, value in pairs:
        if key == "Action" and isinstance(value, str) and value != op.name:
            checker.add(
                "invalid-value",
                "Action",
                shape_name,
                f"is {value!r} but the action checked is {op.name!r}",
            )
    tree = _form_tree(pairs, checker, shape_name)
    if input_ref is None:
        extra = sorted(set(tree) - _FORM_META_KEYS)
        if extra:
            checker.problems.append(
                Problem(
                    "unknown-member",
                    extra[0],
                    shape_name,
                    f"the action takes no input, got {extra!r}",
                )
            )
        return checker.problems
    name, shape = checker.shape(input_ref)
    checker.form_structure(name, shape, tree, "", implied_members)
    return checker.problems


def _form_tree(pairs: Sequence[tuple[str, str | Dynamic]], checker: _Checker, shape: str) -> _Tree:
    tree: _Tree = {}
    for key, value in pairs:
        parts = key.split(".")
        node = tree
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                checker.add(
                    "invalid-value",
                    key,
                    shape,
                    f"{'.'.join(parts[:-1])!r} is both a value and a prefix",
                )
                break
            node = child
        else:
            if parts[-1] in node:
                checker.add("invalid-value", key, shape, "given more than once")
            node[parts[-1]] = value
    return tree
