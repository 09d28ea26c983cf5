"""Request templates generated from declarations: :class:`JsonTemplate`, :class:`FormTemplate`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..errors import ValidationError
from ._compile import Fragment, compile_from, compile_json
from ._protocol import RequestTemplateSource
from ._sources import From
from ._vtl import Namer, form_literal

__all__ = [
    "FormTemplate",
    "JsonTemplate",
    "RequestTemplateSource",
    "has_template_values",
    "request_parameters",
]

FormValue = str | int | float | bool | From


@dataclass(frozen=True, slots=True)
class JsonTemplate:
    """A JSON request body, declared as a Python value::

        JsonTemplate({
            "TableName": table.table_name,                    # a CDK token, resolved by CDK
            "Key": DynamoDbItem({"username": From.path("username")}),
            "Limit": From.query("limit", type="number"),      # left out when absent
        })

    Dicts, lists and scalars are written as JSON; :class:`From` values are read from the request
    and escaped (strings with ``$util.escapeJavaScript``, its ``\\'`` undone), checked (numbers,
    booleans, lists) and left out when missing and optional. Literal strings are JSON-escaped
    with ``$`` and ``#`` written as ``\\u0024`` and ``\\u0023``, so Velocity never interprets
    them; CDK tokens inside them are kept as they are, for CDK to resolve.

    :param body: the body; a dict in most cases.
    """

    body: object
    content_format: Literal["json", "form"] = field(default="json", init=False)

    def to_vtl(self) -> str:
        """The VTL; raises :class:`~constructs_pkg.errors.ValidationError` for a bad node."""
        compiled = compile_json(self.body, Namer(), "JsonTemplate body")
        if compiled.present is None:
            return compiled.setup + compiled.text
        return (
            compiled.setup + "#if(" + compiled.present + ")" + compiled.text + "#{else}null#{end}"
        )

    def request_parameters(self) -> dict[str, bool]:
        """``method.request.*`` parameters the template reads, each mapped to ``required``."""
        return request_parameters(self.body)


@dataclass(frozen=True, slots=True)
class FormTemplate:
    """A form-encoded body (``application/x-www-form-urlencoded``) for query-protocol services
    such as SNS (and SQS before its JSON protocol)::

        FormTemplate({
            "Action": "Publish",
            "TopicArn": topic.topic_arn,
            "Message": From.whole_body(),
            "Subject": From.query("subject"),      # left out when absent
        })

    Literal keys and values are percent-encoded in Python; request values with
    ``$util.urlEncode``. A missing optional field is left out; a missing required field, or a
    value that fails its type check, is written empty (``Name=``) so the service rejects it.
    The template is one line: a stray newline would become part of a field.

    :param fields: field name to a literal or a :class:`From` value, in order.
    """

    fields: Mapping[str, FormValue]
    content_format: Literal["json", "form"] = field(default="form", init=False)

    def to_vtl(self) -> str:
        """The VTL; raises :class:`~constructs_pkg.errors.ValidationError` for a bad field."""
        namer = Namer()
        flag = ""
        out: list[str] = []
        state: Literal["empty", "maybe", "nonempty"] = "empty"
        items = list(self.fields.items())
        first = items[0][1] if items else None
        if isinstance(first, From) and not first.always_present and len(items) > 1:
            flag = namer("Amp")
            out.append("#set($" + flag + ' = "")')
        for name, value in items:
            where = f"FormTemplate field {name!r}"
            if not isinstance(name, str) or not name:
                raise ValidationError(
                    "invalid-template-key", f"{where}: a form field name is a non-empty str"
                )
            if state == "nonempty":
                separator = "&"
            elif state == "maybe":
                separator = "${" + flag + "}"
            else:
                separator = ""
            prefix = separator + form_literal(name, where=where) + "="
            if isinstance(value, From):
                compiled = compile_from(value, "form", namer)
                out.append(compiled.setup)
                if compiled.present is not None:
                    mark = "#set($" + flag + ' = "&")' if flag and state != "nonempty" else ""
                    out.append("#if(" + compiled.present + ")" + prefix + compiled.text + mark)
                    out.append("#{end}")
                    state = "maybe" if state == "empty" else state
                    continue
                out.append(prefix + compiled.text)
            elif isinstance(value, str | int | float | bool):
                out.append(prefix + form_literal(value, where=where))
            else:
                raise ValidationError(
                    "invalid-template-value",
                    f"{where} is a {type(value).__name__} ({value!r}); a form field is a str, "
                    "an int, a float, a bool or a From value",
                )
            state = "nonempty"
        return "".join(out)

    def request_parameters(self) -> dict[str, bool]:
        """``method.request.*`` parameters the template reads, each mapped to ``required``."""
        return request_parameters(dict(self.fields))


def has_template_values(value: object) -> bool:
    """Whether a dict/list holds :class:`From` values or fragments such as ``DynamoDbItem``.

    The construct uses it to wrap such a dict in :class:`JsonTemplate` (a plain dict is written
    with ``json.dumps``, byte for byte as boto3 scripts do).
    """
    if isinstance(value, From | Fragment):
        return True
    if isinstance(value, Mapping):
        return any(has_template_values(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(has_template_values(v) for v in value)
    return False


def request_parameters(value: object) -> dict[str, bool]:
    """The ``method.request.{path,querystring,header}.*`` keys read anywhere in ``value``.

    Each maps to whether the value is required; a parameter read twice is required if either
    read is. Fragments expose their values through ``sources()``.
    """
    found: dict[str, bool] = {}
    for source in _sources(value):
        key = source.method_request_parameter()
        if key is not None:
            found[key] = found.get(key, False) or (source.required and source.default is None)
    return found


def _sources(value: object) -> list[From]:
    if isinstance(value, From):
        return [value]
    if isinstance(value, Fragment):
        return _sources(value.nodes())
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _sources(v)]
    if isinstance(value, list | tuple | set | frozenset):
        return [s for v in value for s in _sources(v)]
    return []
