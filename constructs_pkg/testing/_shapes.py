"""Check a rendered request against the botocore input shape of a service action.

The check is structural, as the service's own request validation is: every required member is
present, every value has the member's type (recursively through structures, lists and maps),
no member is unknown, enum values are among the allowed ones and lengths are within
``min``/``max``. Patterns and cross-member rules are not checked.

A body starting with ``{`` is read as JSON (``json`` and ``rest-json`` protocols); any other
body as an ``application/x-www-form-urlencoded`` form with the ``query`` protocol's member
names (``Name.member.1``, ``Name.entry.1.key``...), which SQS and SNS accept.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import json
from collections.abc import Collection, Mapping
from functools import cache
from typing import Final
from urllib.parse import parse_qsl

import botocore.session
from botocore.model import (
    ListShape,
    MapShape,
    OperationModel,
    ServiceModel,
    Shape,
    StructureShape,
)

from ._errors import TemplateRenderError

__all__ = ["check_against_input_shape"]

# Names that are not botocore service names but are used for the same service: endpoint
# prefixes as they appear in API Gateway integration URIs, and common spellings.
_ALIASES: Final[dict[str, str]] = {
    "states": "stepfunctions",
    "step-functions": "stepfunctions",
    "sfn": "stepfunctions",
    "eventbridge": "events",
    "email": "ses",
    "monitoring": "cloudwatch",
    "cloudwatch-logs": "logs",
    "lambda-function": "lambda",
    "firehose": "firehose",
    "execute-api": "apigateway",
}
_FORM_META_KEYS: Final = frozenset({"Action", "Version"})


@cache
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


@cache
def _service_names() -> tuple[str, ...]:
    return tuple(_session().get_available_services())


@cache
def _service_model(service: str) -> ServiceModel:
    wanted = service.strip().lower().replace("_", "-")
    wanted = _ALIASES.get(wanted, wanted)
    names = _service_names()
    if wanted not in names:
        close = difflib.get_close_matches(wanted, names, n=3)
        hint = f"did you mean {', '.join(repr(name) for name in close)}? " if close else ""
        raise TemplateRenderError(
            "unknown-service",
            f"'service' {service!r} is not a botocore service; {hint}use the boto3 client "
            "name, e.g. 'dynamodb', 'sqs', 'stepfunctions'",
        )
    return _session().get_service_model(wanted)


def _operation(model: ServiceModel, service: str, action: str) -> OperationModel:
    names: list[str] = list(model.operation_names)
    if action in names:
        return model.operation_model(action)
    squashed = action.replace("_", "").replace("-", "").lower()
    for name in names:
        if name.lower() == squashed:
            return model.operation_model(name)
    close = difflib.get_close_matches(action, names, n=3)
    hint = f"did you mean {', '.join(repr(name) for name in close)}? " if close else ""
    raise TemplateRenderError(
        "unknown-action",
        f"'action' {action!r} is not an operation of service {service!r}; {hint}"
        "see the service's API reference for valid actions",
    )


def _type_of(value: object) -> str:
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
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _check_length(shape: Shape, size: int, where: str, unit: str) -> list[str]:
    problems: list[str] = []
    minimum = shape.metadata.get("min")
    maximum = shape.metadata.get("max")
    if isinstance(minimum, int) and size < minimum:
        problems.append(f"{where}: has {size} {unit}, fewer than the minimum {minimum}")
    if isinstance(maximum, int) and size > maximum:
        problems.append(f"{where}: has {size} {unit}, more than the maximum {maximum}")
    return problems


# ---------------------------------------------------------------------------------------------
# JSON bodies
# ---------------------------------------------------------------------------------------------


def _check_json(shape: Shape, value: object, where: str) -> list[str]:
    if isinstance(shape, StructureShape):
        return _check_json_structure(shape, value, where)
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {_type_of(value)}"]
        problems = _check_length(shape, len(value), where, "items")
        for index, item in enumerate(value):
            problems += _check_json(shape.member, item, f"{where}[{index}]")
        return problems
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            return [f"{where}: expected a map (JSON object), got {_type_of(value)}"]
        problems = _check_length(shape, len(value), where, "entries")
        for key, item in value.items():
            problems += _check_json(shape.key, key, f"{where} key {key!r}")
            problems += _check_json(shape.value, item, f"{where}.{key}")
        return problems
    return _check_json_scalar(shape, value, where)


def _check_json_structure(shape: StructureShape, value: object, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: expected a structure (JSON object), got {_type_of(value)}"]
    members: Mapping[str, Shape] = shape.members
    problems: list[str] = []
    for name in shape.required_members:
        if name not in value:
            problems.append(f"{where}: required member {name!r} is missing")
    present = [name for name in value if name in members]
    for name, item in value.items():
        if name not in members:
            close = difflib.get_close_matches(name, list(members), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{where}: unknown member {name!r}{hint}")
            continue
        problems += _check_json(members[name], item, f"{where}.{name}")
    if getattr(shape, "is_tagged_union", False) and len(present) != 1:
        problems.append(
            f"{where}: exactly one member of the union must be set, found {len(present)}"
        )
    return problems


def _check_json_scalar(shape: Shape, value: object, where: str) -> list[str]:
    kind = shape.type_name
    got = _type_of(value)
    if kind == "string":
        if not isinstance(value, str):
            return [f"{where}: expected a string, got {got}"]
        enum = shape.metadata.get("enum")
        if enum and value not in enum:
            return [f"{where}: {value!r} is not one of {list(enum)!r}"]
        return _check_length(shape, len(value), where, "characters")
    if kind in ("integer", "long"):
        if got != "integer":
            return [f"{where}: expected an integer, got {got}"]
        return []
    if kind in ("float", "double"):
        if got not in ("integer", "number"):
            return [f"{where}: expected a number, got {got}"]
        return []
    if kind == "boolean":
        return [] if got == "boolean" else [f"{where}: expected a boolean, got {got}"]
    if kind == "timestamp":
        if got in ("integer", "number", "string"):
            return []
        return [f"{where}: expected a timestamp (epoch seconds or ISO 8601), got {got}"]
    if kind == "blob":
        if not isinstance(value, str):
            return [f"{where}: expected a base64 string, got {got}"]
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return [f"{where}: expected a base64 string, got {value[:40]!r}"]
        return []
    return []  # document: any JSON value


def _body_members(shape: StructureShape) -> tuple[list[str], list[str]]:
    """Members (and required ones) that travel in the body, not in the URI or headers."""
    names = [
        name for name, member in shape.members.items() if not member.serialization.get("location")
    ]
    return names, [name for name in shape.required_members if name in names]


def _check_json_body(operation: OperationModel, rendered: str) -> list[str]:
    try:
        document = json.loads(rendered)
    except json.JSONDecodeError as error:
        return [f"$: the body is not valid JSON: {error}"]
    shape = operation.input_shape
    if shape is None:
        return [] if document in ({}, None) else ["$: the action takes no input"]
    if not isinstance(document, dict):
        return [f"$: expected a JSON object, got {_type_of(document)}"]
    if operation.metadata.get("protocol") == "rest-json":
        names, required = _body_members(shape)
        problems = [
            f"$: required member {name!r} is missing" for name in required if name not in document
        ]
        for key, value in document.items():
            if key not in names:
                problems.append(f"$: {key!r} is not a body member of {operation.name}")
            else:
                problems += _check_json(shape.members[key], value, f"$.{key}")
        return problems
    return _check_json(shape, document, "$")


# ---------------------------------------------------------------------------------------------
# Form (query protocol) bodies
# ---------------------------------------------------------------------------------------------

_Tree = dict[str, "_Tree | str"]


def _form_tree(pairs: list[tuple[str, str]]) -> tuple[_Tree, list[str]]:
    tree: _Tree = {}
    problems: list[str] = []
    for key, value in pairs:
        parts = key.split(".")
        node = tree
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if isinstance(child, str):
                problems.append(f"{key}: {'.'.join(parts[:-1])!r} is both a value and a prefix")
                break
            node = child
        else:
            if parts[-1] in node:
                problems.append(f"{key}: given more than once")
            node[parts[-1]] = value
    return tree, problems


def _serialized(shape: Shape, default: str) -> str:
    name = shape.serialization.get("name")
    return name if isinstance(name, str) else default


def _indexed(node: _Tree, where: str) -> tuple[list[_Tree | str], list[str]]:
    problems: list[str] = []
    items: dict[int, _Tree | str] = {}
    for key, item in node.items():
        if not key.isdigit() or int(key) < 1:
            problems.append(f"{where}.{key}: expected a 1-based index")
        else:
            items[int(key)] = item
    ordered = sorted(items)
    if ordered != list(range(1, len(ordered) + 1)):
        problems.append(f"{where}: indexes {ordered} are not 1, 2, 3...")
    return [items[index] for index in ordered], problems


def _check_form(shape: Shape, node: _Tree | str, where: str) -> list[str]:
    if isinstance(shape, StructureShape):
        if isinstance(node, str):
            return [f"{where}: expected a structure (sub-keys {where}.Name=...), got a value"]
        return _check_form_structure(shape, node, where)
    if isinstance(shape, ListShape):
        if isinstance(node, str):
            return [f"{where}: expected a list ({where}.member.1=...), got a value"]
        flattened = bool(shape.serialization.get("flattened"))
        if not flattened:
            inner = node.get(_serialized(shape.member, "member"))
            if not isinstance(inner, dict) or len(node) != 1:
                return [f"{where}: expected list items as {where}.member.N"]
            node, where = inner, f"{where}.member"
        items, problems = _indexed(node, where)
        problems += _check_length(shape, len(items), where, "items")
        for index, item in enumerate(items, start=1):
            problems += _check_form(shape.member, item, f"{where}.{index}")
        return problems
    if isinstance(shape, MapShape):
        if isinstance(node, str):
            return [f"{where}: expected a map ({where}.entry.1.key=...), got a value"]
        if not shape.serialization.get("flattened"):
            inner = node.get("entry")
            if not isinstance(inner, dict) or len(node) != 1:
                return [f"{where}: expected map entries as {where}.entry.N.key / .value"]
            node, where = inner, f"{where}.entry"
        entries, problems = _indexed(node, where)
        key_names = (_serialized(shape.key, "key"), "Name", "key")
        value_names = (_serialized(shape.value, "value"), "Value", "value")
        for index, entry in enumerate(entries, start=1):
            at = f"{where}.{index}"
            key_name = _first_present(entry, key_names)
            value_name = _first_present(entry, value_names)
            if isinstance(entry, str) or key_name is None or value_name is None:
                problems.append(f"{at}: expected {at}.{key_names[0]} and {at}.{value_names[0]}")
                continue
            problems += _check_form(shape.key, entry[key_name], f"{at}.{key_name}")
            problems += _check_form(shape.value, entry[value_name], f"{at}.{value_name}")
        return problems
    if not isinstance(node, str):
        return [f"{where}: expected a value, got sub-keys {sorted(node)!r}"]
    return _check_form_scalar(shape, node, where)


def _first_present(entry: _Tree | str, names: tuple[str, ...]) -> str | None:
    if isinstance(entry, str):
        return None
    return next((name for name in names if name in entry), None)


def _form_names(shape: StructureShape) -> dict[str, str]:
    """Form key -> member name. Services moved from the query to the JSON protocol (SQS)
    lost the query names of flattened members from their model (``MessageAttribute.1`` for
    ``MessageAttributes``), so the singular is accepted too."""
    names: dict[str, str] = {}
    for name, member in shape.members.items():
        names[_serialized(member, name)] = name
        flattened = isinstance(member, ListShape | MapShape) and member.serialization.get(
            "flattened"
        )
        if flattened and name.endswith("s"):
            names.setdefault(name[:-1], name)
    return names


def _check_form_structure(shape: StructureShape, node: _Tree, where: str) -> list[str]:
    by_name = _form_names(shape)
    problems: list[str] = []
    prefix = f"{where}." if where else ""
    for name in shape.required_members:
        if not any(member == name and key in node for key, member in by_name.items()):
            problems.append(f"{prefix}{name}: required member is missing")
    for key, item in node.items():
        if not where and key in _FORM_META_KEYS:
            continue
        member = by_name.get(key)
        if member is None:
            close = difflib.get_close_matches(key, list(by_name), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{prefix}{key}: unknown member{hint}")
            continue
        problems += _check_form(shape.members[member], item, f"{prefix}{key}")
    return problems


def _check_form_scalar(shape: Shape, value: str, where: str) -> list[str]:
    kind = shape.type_name
    if kind == "string":
        enum = shape.metadata.get("enum")
        if enum and value not in enum:
            return [f"{where}: {value!r} is not one of {list(enum)!r}"]
        return _check_length(shape, len(value), where, "characters")
    if kind in ("integer", "long"):
        stripped = value[1:] if value.startswith("-") else value
        return [] if stripped.isdigit() else [f"{where}: expected an integer, got {value!r}"]
    if kind in ("float", "double"):
        try:
            float(value)
        except ValueError:
            return [f"{where}: expected a number, got {value!r}"]
        return []
    if kind == "boolean":
        return (
            []
            if value in ("true", "false")
            else [f"{where}: expected true or false, got {value!r}"]
        )
    return []


def _check_form_body(operation: OperationModel, rendered: str) -> list[str]:
    try:
        pairs = parse_qsl(rendered.strip(), keep_blank_values=True, strict_parsing=True)
    except ValueError as error:
        return [f"the body is not a form (application/x-www-form-urlencoded): {error}"]
    problems: list[str] = []
    for key, value in pairs:
        if key == "Action" and value != operation.name:
            problems.append(f"Action: is {value!r} but the action checked is {operation.name!r}")
    tree, tree_problems = _form_tree(pairs)
    problems += tree_problems
    shape = operation.input_shape
    if shape is None:
        extra = sorted(set(tree) - _FORM_META_KEYS)
        return problems + ([f"the action takes no input, got {extra!r}"] if extra else [])
    return problems + _check_form_structure(shape, tree, "")


def check_against_input_shape(
    rendered: str,
    service: str,
    action: str,
    *,
    implied_members: Collection[str] = (),
) -> list[str]:
    """Check a rendered request body against the input shape of ``service``'s ``action``.

    :param rendered: the body a request template produced (see :func:`render_request`). A body
        starting with ``{`` is read as JSON; any other as a form (query protocol).
    :param service: the service, as a boto3 client name (``"dynamodb"``, ``"sqs"``,
        ``"stepfunctions"``); the endpoint prefix of an integration URI (``"states"``) works
        too.
    :param action: the operation, as in the API reference (``"PutItem"``) or as a boto3
        method (``"put_item"``).
    :param implied_members: top-level members the integration supplies outside the body, such
        as ``QueueUrl`` for an SQS integration whose URI is the queue's path; they are not
        reported as missing. Default: - every required member must be in the body.
    :returns: one line per problem, each starting with where it is (``$.Item.name.S`` or the
        form key); an empty list when the body fits the shape.
    :raises TemplateRenderError: ``unknown-service`` / ``unknown-action`` when botocore has no
        such service or operation.
    """
    operation = _operation(_service_model(service), service, action)
    if rendered.lstrip().startswith("{"):
        problems = _check_json_body(operation, rendered)
        missing = {f"$: required member {name!r} is missing" for name in implied_members}
    else:
        problems = _check_form_body(operation, rendered)
        missing = {f"{name}: required member is missing" for name in implied_members}
    return [problem for problem in problems if problem not in missing]
