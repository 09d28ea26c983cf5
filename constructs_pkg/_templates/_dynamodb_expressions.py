"""DynamoDB request pieces that depend on which request values are present.

- :class:`DynamoDbStartKey`: the ``ExclusiveStartKey`` of a Scan or Query, read back from the
  pagination token that :func:`~._response_templates.dynamodb_items_response` writes
  (``nextToken``: the base64 of ``LastEvaluatedKey``'s DynamoDB JSON).
- :func:`dynamodb_set_update`: an ``UpdateExpression`` ``SET`` clause with its
  ``ExpressionAttributeNames`` and ``ExpressionAttributeValues``, each attribute written only
  when its value is in the request (a partial update, as PATCH means).

Nothing user-supplied is formatted into VTL: attribute names are JSON literals (``#`` written
``\\u0023``), request values are read into generated variables and escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ValidationError
from ._compile import Compiled, Fragment, compile_dynamodb, join_members
from ._dynamodb import DynamoDbItem
from ._sources import From
from ._vtl import Namer, json_string_literal

__all__ = [
    "BASE64_PATTERN",
    "START_KEY_PATTERN",
    "DynamoDbStartKey",
    "DynamoDbUpdate",
    "dynamodb_set_update",
]

#: The alphabet and padding of standard base64 (a Java regex, matched in full); the template
#: also checks that the length is a multiple of 4. Written without a repeated group, so that
#: Java's regex engine never recurses once per character (a long token cannot overflow it).
BASE64_PATTERN = "[A-Za-z0-9+/]*={0,2}"

_WS = "[ \\t\\r\\n]*"
# "unrolled": the group repeats once per escape sequence, not once per character
_STRING = '"[^"\\\\]*(\\\\.[^"\\\\]*)*"'
_ENTRY = _STRING + _WS + ":" + _WS + "\\{" + _WS + '"[SNB]"' + _WS + ":" + _WS + _STRING
_ENTRY += _WS + "\\}"
#: A key as ``LastEvaluatedKey`` writes it: a flat object of attribute name to ``{"S"|"N"|"B":
#: "..."}`` (key attributes are strings, numbers or binary). Matched in full, it can only be
#: such an object: a string cannot end early, so nothing can be added around it.
START_KEY_PATTERN = "\\{" + _WS + _ENTRY + "(" + _WS + "," + _WS + _ENTRY + ")*" + _WS + "\\}"

#: What an invalid token becomes: a key DynamoDB refuses with 400 ``ValidationException``
#: ("The provided starting key is invalid"), so the client learns its token is wrong instead
#: of silently getting the first page again.
_INVALID_KEY = '{"invalidNextToken": {"NULL": true}}'


@dataclass(frozen=True, slots=True)
class DynamoDbStartKey(Fragment):
    """``ExclusiveStartKey`` from a pagination token, inside a :class:`JsonTemplate`::

        "ExclusiveStartKey": DynamoDbStartKey(From.query("nextToken"))

    The token is the ``nextToken`` of :func:`dynamodb_items_response`: base64 of the
    ``LastEvaluatedKey`` JSON. Absent, the member is left out (the first page). Present, it is
    decoded and written only if it is a flat key object (``{"pk": {"S": "..."}, ...}``); any
    other token (not base64, not such an object) is written as a key DynamoDB rejects with 400.
    The URL-safe alphabet (``-``, ``_``) and a ``+`` turned into a space by a client that did
    not URL-encode the token are accepted.

    :param token: where the token is read, usually ``From.query("nextToken")``.
    """

    token: From

    def compile_json(self, namer: Namer, where: str, indent: str = "") -> Compiled:
        """Compile into the VTL of the key (or nothing without a token)."""
        if not isinstance(self.token, From) or self.token.type != "string":
            raise ValidationError(
                "invalid-template-value",
                f"{where}: DynamoDbStartKey reads a string From value, e.g. "
                f"From.query('nextToken'), got {self.token!r}",
            )
        token = namer("Tok")
        key = namer("Key")
        setup = (
            "#set($" + token + ' = "")'
            "#set($" + token + " = " + self.token.raw_expression() + ")"
            "#set($" + token + ' = "$!' + token + '")'
            "#set($" + token + " = $" + token
            + ".replace(' ', '+').replace('-', '+').replace('_', '/'))"
            "#set($" + key + ' = "")'
            "#if($" + token + ".matches('" + BASE64_PATTERN + "') && $" + token
            + ".length() % 4 == 0)"
            "#set($" + key + " = $util.base64Decode($" + token + "))#{end}"
            "#set($" + key + ' = "$!' + key + '")'
        )  # fmt: skip
        text = (
            "#if($" + key + ".matches('" + START_KEY_PATTERN + "'))$" + key
            + "#{else}" + _INVALID_KEY + "#{end}"
        )  # fmt: skip
        return Compiled(setup, "$" + token + ' != ""', text)

    def nodes(self) -> object:
        """The token's :class:`From`."""
        return self.token


@dataclass(frozen=True, slots=True)
class _SetExpression(Fragment):
    """The ``UpdateExpression`` string: ``SET #u0 = :u0, ...`` over the present values."""

    values: tuple[tuple[str, object], ...]

    def compile_json(self, namer: Namer, where: str, indent: str = "") -> Compiled:
        separator = namer("Sep")
        setup: list[str] = []
        parts = ["#set($" + separator + ' = "")']
        for placeholder, value in self.values:
            compiled = compile_dynamodb(value, namer, f"{where} {placeholder}")
            setup.append(compiled.setup)
            # "#" of the name placeholder written \u0023: Velocity must not see a directive
            clause = (
                "${" + separator + "}\\u0023" + placeholder + " = :" + placeholder
                + "#set($" + separator + ' = ", ")'
            )  # fmt: skip
            if compiled.present is None:
                parts.append(clause)
            else:
                parts.append("#if(" + compiled.present + ")" + clause + "#{end}")
        return Compiled("".join(setup), None, '"SET ' + "".join(parts) + '"')

    def nodes(self) -> object:
        return [value for _, value in self.values]


@dataclass(frozen=True, slots=True)
class _SetNames(Fragment):
    """``ExpressionAttributeNames``: each ``#uN`` only when its value is present (DynamoDB
    refuses unused names), and the fixed names always."""

    values: tuple[tuple[str, str, object], ...]
    fixed: tuple[tuple[str, str], ...]

    def compile_json(self, namer: Namer, where: str, indent: str = "") -> Compiled:
        members: list[tuple[str, Compiled]] = []
        for placeholder, name, value in self.values:
            compiled = compile_dynamodb(value, namer, f"{where} {placeholder}")
            literal = json_string_literal(name, where=f"{where} attribute name {name!r}")
            members.append(("#" + placeholder, Compiled(compiled.setup, compiled.present, literal)))
        for placeholder, name in self.fixed:
            literal = json_string_literal(name, where=f"{where} attribute name {name!r}")
            members.append(("#" + placeholder, Compiled("", None, literal)))
        return Compiled("", None, join_members(members, namer, where, indent))

    def nodes(self) -> object:
        return [value for _, _, value in self.values]


@dataclass(frozen=True, slots=True)
class DynamoDbUpdate:
    """The three members of a partial ``SET`` update; see :func:`dynamodb_set_update`.

    :param expression: the ``UpdateExpression`` value.
    :param names: the ``ExpressionAttributeNames`` value.
    :param values: the ``ExpressionAttributeValues`` value.
    """

    expression: Fragment
    names: Fragment
    values: DynamoDbItem


def dynamodb_set_update(
    attributes: Mapping[str, object],
    *,
    fixed_names: Mapping[str, str] | None = None,
    prefix: str = "u",
) -> DynamoDbUpdate:
    """A ``SET`` update of ``attributes`` (name to a :class:`From` or a literal).

    An optional value missing from the request is left out of all three members, so the
    update changes only what the client sent. If nothing at all is present, DynamoDB answers
    400 (an empty ``SET``).

    :param attributes: attribute name to value, as in :class:`DynamoDbItem`.
    :param fixed_names: more ``ExpressionAttributeNames`` (placeholder without ``#`` to
        attribute name), always written, e.g. ``{"k0": "pk"}`` for a condition. Default: - none.
    :param prefix: the placeholders' stem (``#u0``/``:u0``). Default: - ``"u"``.
    """
    if not isinstance(attributes, Mapping) or not attributes:
        raise ValidationError(
            "invalid-update",
            f"the attributes to update must be a non-empty dict of attribute name to value, "
            f"got {attributes!r}; pass e.g. {{'name': From.body('$.name')}}",
        )
    placed: list[tuple[str, str, object]] = []
    for index, (name, value) in enumerate(attributes.items()):
        if not isinstance(name, str) or not name:
            raise ValidationError(
                "invalid-template-key",
                f"attribute name {name!r} is not a non-empty str",
            )
        placed.append((f"{prefix}{index}", name, value))
    fixed = tuple((fixed_names or {}).items())
    return DynamoDbUpdate(
        expression=_SetExpression(tuple((p, v) for p, _, v in placed)),
        names=_SetNames(tuple(placed), fixed),
        values=DynamoDbItem({":" + p: v for p, _, v in placed}),
    )
