"""Where a request value comes from: :class:`From` and its declared :data:`ValueType`.

A :class:`From` is a frozen value object; it knows the VTL *expression* that reads the raw
value (``$input.params().path.get('id')``, ``$input.path('$.name')``, ...). It never formats a
value into VTL: the templates assign the expression to a generated variable and escape it there.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias, cast, get_args

from ..errors import ValidationError
from ._vtl import has_token

__all__ = ["LIST_TYPES", "SET_TYPES", "DefaultValue", "From", "Source", "ValueType"]

ValueType = Literal[
    "string",
    "number",
    "boolean",
    "json",
    "string_list",
    "number_list",
    "string_set",
    "number_set",
]
"""How a value is checked and written.

- ``string``: any value, written as a JSON string (numbers and objects as their text).
- ``number``: must read as a JSON number (``-12``, ``3.5``, ``1e3``), else it counts as invalid.
- ``boolean``: must read ``true`` or ``false``.
- ``json``: any JSON value, written as JSON (body and whole body only).
- ``string_list`` / ``number_list``: a JSON array from the body, elements checked one by one.
- ``string_set`` / ``number_set``: as the lists; DynamoDB writes them as ``SS`` / ``NS``, and an
  empty array counts as missing (DynamoDB has no empty sets).
"""

Source = Literal["path", "query", "header", "body", "context", "stage_variable"]
"""The part of the client request a value is read from (``body`` with ``$`` = the whole body)."""

LIST_TYPES: frozenset[ValueType] = frozenset(
    ("string_list", "number_list", "string_set", "number_set")
)
SET_TYPES: frozenset[ValueType] = frozenset(("string_set", "number_set"))
_BODY_ONLY: frozenset[ValueType] = LIST_TYPES | {"json"}

JsonScalar: TypeAlias = str | int | float | bool
DefaultValue: TypeAlias = JsonScalar | Sequence[JsonScalar] | Mapping[str, object]
"""A literal used when the value is missing: a scalar, a list of scalars, or (``json``) a dict."""

# A parameter name ends up inside a single-quoted VTL string literal, which has no escapes:
# no quote, backslash, ``$`` or ``#``, no space or control character.
_PARAMETER_NAME = re.compile(r"^[A-Za-z0-9!%&*+,\-./:;<=>?@\[\]^_`|~(){}]+$")
# Context and stage variables are VTL property chains: identifiers only (``identity.sourceIp``).
_PROPERTY_CHAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$")
_SIMPLE_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


@dataclass(frozen=True, kw_only=True, slots=True)
class From:
    """One value of the client request, for :class:`JsonTemplate`, :class:`FormTemplate` and
    :class:`DynamoDbItem`. Build it with the static constructors::

        From.path("username")                      # /profiles/{username}
        From.query("limit", type="number", default=10)
        From.header("Idempotency-Key", required=True)
        From.body("$.age", type="number")          # JSONPath into the JSON body
        From.whole_body()                          # the raw body, as a string
        From.context("identity.sourceIp")          # $context.identity.sourceIp

    A value is *missing* when the request lacks it, or it is ``null`` or the empty string (API
    Gateway gives ``""`` for an absent parameter, so the two cannot be told apart). A missing
    value takes the ``default`` if one is set; otherwise a ``required`` value is written as
    JSON ``null`` (an empty field in a form) so the service rejects the request, and an optional
    one is left out, key and all. A present value that does not match ``type`` is written as
    ``null`` (an empty form field): the request keeps its shape and the service rejects it.
    """

    source: Source
    name: str
    type: ValueType = "string"
    required: bool = False
    default: DefaultValue | None = None

    # -- constructors -------------------------------------------------------------------------

    @staticmethod
    def path(name: str, *, type: ValueType = "string") -> From:
        """A path parameter (``{name}`` in the resource path); always present, so required."""
        return From._make("path", _parameter_name(name, "From.path"), type, True, None)

    @staticmethod
    def query(
        name: str,
        *,
        type: ValueType = "string",
        required: bool = False,
        default: DefaultValue | None = None,
    ) -> From:
        """A query-string parameter; with several values, the last one (as API Gateway does)."""
        return From._make("query", _parameter_name(name, "From.query"), type, required, default)

    @staticmethod
    def header(
        name: str,
        *,
        type: ValueType = "string",
        required: bool = False,
        default: DefaultValue | None = None,
    ) -> From:
        """A request header, looked up in API Gateway's header map under ``name``."""
        return From._make("header", _parameter_name(name, "From.header"), type, required, default)

    @staticmethod
    def body(
        path: str,
        *,
        type: ValueType = "string",
        required: bool = False,
        default: DefaultValue | None = None,
    ) -> From:
        """A field of the JSON body by JSONPath (``"$.user.name"``; ``"user.name"`` is the same).

        Brackets take double quotes: ``'$["first name"]'``.
        """
        return From._make("body", _json_path(path), type, required, default)

    @staticmethod
    def whole_body(
        *,
        type: ValueType = "string",
        required: bool = False,
        default: DefaultValue | None = None,
    ) -> From:
        """The whole body: its raw text with ``type="string"`` (e.g. an SQS ``MessageBody``), the
        parsed JSON value with ``type="json"``."""
        return From._make("body", "$", type, required, default)

    @staticmethod
    def context(
        name: str,
        *,
        type: ValueType = "string",
        required: bool = False,
        default: DefaultValue | None = None,
    ) -> From:
        """A ``$context`` variable, e.g. ``"requestId"``, ``"requestTimeEpoch"`` (a number),
        ``"identity.sourceIp"``, ``"identity.userAgent"``, ``"stage"``, ``"requestTime"``,
        ``"authorizer.principalId"``, ``"authorizer.claims.sub"``."""
        return From._make("context", _property_chain(name, "From.context"), type, required, default)

    @staticmethod
    def stage_variable(
        name: str,
        *,
        type: ValueType = "string",
        required: bool = False,
        default: DefaultValue | None = None,
    ) -> From:
        """A stage variable (``$stageVariables.name``)."""
        return From._make(
            "stage_variable",
            _property_chain(name, "From.stage_variable"),
            type,
            required,
            default,
        )

    @staticmethod
    def _make(
        source: Source,
        name: str,
        value_type: ValueType,
        required: bool,
        default: DefaultValue | None,
    ) -> From:
        where = f"From.{source}({name!r})"
        if value_type not in get_args(ValueType):
            raise ValidationError(
                "invalid-value-type",
                f"{where}: type {value_type!r} is not a value type; use one of "
                + ", ".join(get_args(ValueType)),
            )
        if value_type in _BODY_ONLY and source != "body":
            raise ValidationError(
                "unsupported-value-type",
                f"{where}: type {value_type!r} needs a JSON value, which only the body has; "
                "read it with From.body(...) or From.whole_body(), or use type='string'",
            )
        if default is not None:
            _check_default(default, value_type, where)
        return From(source=source, name=name, type=value_type, required=required, default=default)

    # -- what the templates use ---------------------------------------------------------------

    @property
    def always_present(self) -> bool:
        """Whether the value is written whatever the request (required, or has a default)."""
        return self.required or self.default is not None

    @property
    def is_whole_body(self) -> bool:
        """Whether the value is the whole body (``$``)."""
        return self.source == "body" and self.name == "$"

    def raw_expression(self) -> str:
        """The VTL expression of the raw value (a string, a number, a map, a list or ``null``).

        Names were checked by the constructors, so quoting them in single quotes is safe.
        """
        if self.source == "path":
            return "$input.params().path.get('" + self.name + "')"
        if self.source == "query":
            return "$input.params().querystring.get('" + self.name + "')"
        if self.source == "header":
            return "$input.params().header.get('" + self.name + "')"
        if self.source == "context":
            return "$context." + self.name
        if self.source == "stage_variable":
            return "$stageVariables." + self.name
        if self.is_whole_body and self.type == "string":
            return "$input.body"
        return "$input.path('" + self.name + "')"

    def json_expression(self) -> str:
        """The VTL expression of a body value as JSON text (``$input.json``)."""
        return "$input.json('" + self.name + "')"

    def method_request_parameter(self) -> str | None:
        """The ``method.request.*`` key the value reads, for request validation, or ``None``."""
        prefix = {"path": "path", "query": "querystring", "header": "header"}.get(self.source)
        return None if prefix is None else f"method.request.{prefix}.{self.name}"


def _parameter_name(name: str, where: str) -> str:
    if not isinstance(name, str) or has_token(name) or not _PARAMETER_NAME.match(name):
        raise ValidationError(
            "invalid-parameter-name",
            f"{where}: {name!r} is not a parameter name a template can read; use letters, "
            "digits and punctuation other than quotes, backslash, '$' and '#', without spaces",
        )
    return name


def _property_chain(name: str, where: str) -> str:
    if not isinstance(name, str) or not _PROPERTY_CHAIN.match(name):
        raise ValidationError(
            "invalid-variable-name",
            f"{where}: {name!r} is not a variable name; use identifiers joined by dots, "
            "e.g. 'requestId' or 'identity.sourceIp'",
        )
    return name


def _json_path(path: str) -> str:
    if isinstance(path, str) and _SIMPLE_FIELD.match(path):
        return "$." + path
    if (
        not isinstance(path, str)
        or not path.startswith("$")
        or has_token(path)
        or any(ch in path for ch in "'\\#")
        or any(ch < " " or ch == "\x7f" for ch in path)
    ):
        raise ValidationError(
            "invalid-json-path",
            f"From.body: {path!r} is not a JSONPath a template can read; start it with '$' "
            "(e.g. '$.user.name'), write brackets with double quotes ('$[\"first name\"]'), "
            "and leave out single quotes, backslashes, '#' and control characters",
        )
    return path


def _check_default(default: object, value_type: ValueType, where: str) -> None:
    problem = ""
    if value_type == "string" and not isinstance(default, str):
        problem = "a str"
    elif value_type == "number" and not _is_number(default):
        problem = "an int or a float"
    elif value_type == "boolean" and not isinstance(default, bool):
        problem = "a bool"
    elif value_type in ("string_list", "string_set") and not (
        isinstance(default, list | tuple) and all(isinstance(x, str) for x in default)
    ):
        problem = "a list of str"
    elif value_type in ("number_list", "number_set") and not (
        isinstance(default, list | tuple) and all(_is_number(x) for x in default)
    ):
        problem = "a list of numbers"
    elif value_type in SET_TYPES and not cast(Sequence[object], default):
        problem = "a non-empty list (DynamoDB has no empty sets)"
    elif value_type == "json":
        try:
            json.dumps(default, allow_nan=False)
        except (TypeError, ValueError):
            problem = "JSON-serializable (dict, list, str, int, float, bool)"
    if problem:
        raise ValidationError(
            "invalid-default",
            f"{where}: default {default!r} does not fit type {value_type!r}; it must be {problem}",
        )


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))
