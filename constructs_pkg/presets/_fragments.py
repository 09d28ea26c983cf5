"""Template pieces the presets need beyond :mod:`constructs_pkg._templates`.

:class:`Base64` writes a request value base64-encoded (Kinesis and Firehose ``Data`` blobs);
:class:`AttributeForm` is a :class:`~constructs_pkg.FormTemplate` followed by numbered message
attributes (SQS ``MessageAttribute.N.*``, SNS ``MessageAttributes.entry.N.*``), each attribute
written whole or not at all. Both build VTL only from the template compiler's own pieces:
generated variable names, escaped literals and :class:`~constructs_pkg.From` expressions.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .._templates import (
    Compiled,
    FormTemplate,
    Fragment,
    From,
    Namer,
    compile_from,
    form_literal,
    request_parameters,
)
from ..errors import ValidationError
from ._common import IDEMPOTENCY_KEY_HEADER, check_from

__all__ = [
    "MAX_MESSAGE_ATTRIBUTES",
    "AttributeForm",
    "AttributeValue",
    "Base64",
    "check_message_attributes",
    "fifo_fields",
    "json_fields_response",
]

AttributeValue = From | str | int | float
"""A message attribute's value: a request value, or a literal (``int``/``float`` are ``Number``)."""

#: SQS and SNS accept at most 10 message attributes per message.
MAX_MESSAGE_ATTRIBUTES = 10

# SQS/SNS attribute names: letters, digits, '_', '-', '.'; up to 256 characters; no leading,
# trailing or doubled period; not starting with 'AWS.' or 'Amazon.' (reserved).
_ATTRIBUTE_NAME = re.compile(r"^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$")
_RESERVED_PREFIXES = ("aws.", "amazon.")


class _PrefixedNamer(Namer):
    """A :class:`Namer` whose names cannot collide with another template's (``cpMa...``)."""

    __slots__ = ()

    def __call__(self, stem: str) -> str:
        return super().__call__("Ma" + stem)


class Base64(Fragment):
    """A request value as a base64 JSON string (``$util.base64Encode``), for blob members.

    Base64 text is ``[A-Za-z0-9+/=]`` only, so it needs no JSON escaping. A missing value
    follows the rules of :class:`~constructs_pkg.From`: an optional one is left out, a
    ``default`` is encoded in Python, a required one is written ``null`` (the service rejects
    the request).

    :param source: the value: a ``string`` (its text, e.g. ``From.whole_body()``) or a ``json``
        value (its JSON text).
    """

    __slots__ = ("source",)

    def __init__(self, source: From) -> None:
        if not isinstance(source, From) or source.type not in ("string", "json"):
            raise ValidationError(
                "invalid-blob-source",
                f"a base64 blob is read from a From value of type 'string' or 'json', got "
                f"{source!r}; use e.g. From.whole_body() (the raw body)",
            )
        self.source = source

    def compile_json(self, namer: Namer, where: str, indent: str = "") -> Compiled:
        """Compile to VTL writing ``"<base64>"`` (or ``null``, or nothing, when missing)."""
        raw = namer("V")
        text = namer("S")
        expression = (
            self.source.json_expression()
            if self.source.type == "json"
            else self.source.raw_expression()
        )
        setup = "#set($" + raw + " = " + expression + ")#set($" + text + ' = "$!' + raw + '")'
        present = "$" + text + ' != ""'
        encoded = '"$util.base64Encode($' + text + ')"'
        if not self.source.always_present:
            return Compiled(setup, present, encoded)
        if self.source.default is None:
            missing = "null"
        else:
            default = self.source.default
            plain = default if isinstance(default, str) else json.dumps(default)
            missing = '"' + base64.b64encode(plain.encode("utf-8")).decode("ascii") + '"'
        return Compiled(
            setup, None, "#if(" + present + ")" + encoded + "#{else}" + missing + "#{end}"
        )

    def nodes(self) -> object:
        """The :class:`~constructs_pkg.From` value, for ``request_parameters``."""
        return self.source


def check_message_attributes(
    attributes: Mapping[str, AttributeValue] | None, *, argument: str = "message_attributes"
) -> dict[str, AttributeValue]:
    """Check names, values and count of message attributes; return them as a dict."""
    found = dict(attributes or {})
    if len(found) > MAX_MESSAGE_ATTRIBUTES:
        raise ValidationError(
            "too-many-message-attributes",
            f"{argument!r} has {len(found)} attributes ({sorted(found)!r}); SQS and SNS accept "
            f"at most {MAX_MESSAGE_ATTRIBUTES} per message: drop some or put them in the body",
        )
    for name, value in found.items():
        if (
            not isinstance(name, str)
            or not _ATTRIBUTE_NAME.match(name)
            or name.lower().startswith(_RESERVED_PREFIXES)
        ):
            raise ValidationError(
                "invalid-message-attribute-name",
                f"{argument!r} has the attribute name {name!r}; use up to 256 letters, digits, "
                "'_', '-' and '.', without a leading, trailing or doubled '.', and not starting "
                "with 'AWS.' or 'Amazon.' (reserved)",
            )
        if isinstance(value, bool) or not isinstance(value, From | str | int | float):
            raise ValidationError(
                "invalid-message-attribute-value",
                f"{argument}[{name!r}] is {value!r}; use a From value (e.g. "
                "From.header('X-Source')), a str or a number",
            )
        if isinstance(value, From) and value.type not in ("string", "number", "boolean"):
            raise ValidationError(
                "invalid-message-attribute-value",
                f"{argument}[{name!r}] reads a value of type {value.type!r}; a message "
                "attribute holds one string or number: use type 'string', 'number' or 'boolean'",
            )
    return found


def fifo_fields(
    *,
    kind: Literal["queue", "topic"],
    path: str,
    fifo: bool,
    message_group_id: From | str | None,
    deduplication_id: From | None,
) -> dict[str, From | str]:
    """``MessageGroupId`` and ``MessageDeduplicationId`` of an SQS or SNS message, checked.

    A FIFO target needs a group id (``missing-message-group-id``); a deduplication id is for
    FIFO targets only (``fifo-only-option``) and defaults, on them, to the client's
    ``Idempotency-Key`` header. A standard target may take a group id (SQS fair queues).

    :param kind: ``"queue"`` or ``"topic"``, for messages.
    :param path: the target's construct path, for messages.
    :param fifo: whether the target is FIFO.
    """
    fields: dict[str, From | str] = {}
    if message_group_id is not None:
        check_from(message_group_id, argument="message_group_id")
        fields["MessageGroupId"] = message_group_id
    elif fifo:
        raise ValidationError(
            "missing-message-group-id",
            f"{kind} {path!r} is a FIFO {kind}, which needs a message group id; pass "
            "message_group_id=From.header('X-Group-Id') (or From.body('$.customerId'), or a "
            "literal such as 'default' for one ordered stream)",
        )
    if deduplication_id is not None:
        if not fifo:
            raise ValidationError(
                "fifo-only-option",
                f"'deduplication_id' was given for {kind} {path!r}, which is not a FIFO "
                f"{kind} (it rejects MessageDeduplicationId); drop it, or use a FIFO {kind} "
                "(fifo=True)",
            )
        check_from(deduplication_id, argument="deduplication_id", allow_literal=False)
        fields["MessageDeduplicationId"] = deduplication_id
    elif fifo:
        fields["MessageDeduplicationId"] = From.header(IDEMPOTENCY_KEY_HEADER)
    return fields


def _data_type(value: AttributeValue) -> str:
    if isinstance(value, From):
        return "Number" if value.type == "number" else "String"
    return "String" if isinstance(value, str) else "Number"


@dataclass(frozen=True, slots=True)
class AttributeForm:
    """A form body: ``fields`` (a :class:`~constructs_pkg.FormTemplate`), then message attributes.

    Attributes are numbered from 1 in the order given, counting only those written: an optional
    :class:`~constructs_pkg.From` value that is missing leaves its whole attribute out (name and
    data type too), and the next one takes its number. ``DataType`` is ``Number`` for a number
    literal or a ``type="number"`` value, else ``String``.

    :param fields: the form fields; the first must be a literal (``Action``), so every
        attribute can start with ``&``.
    :param attributes: attribute name to value, checked by :func:`check_message_attributes`.
    :param prefix: ``"MessageAttribute"`` (SQS) or ``"MessageAttributes.entry"`` (SNS).
    """

    fields: Mapping[str, str | int | float | bool | From]
    attributes: Mapping[str, AttributeValue]
    prefix: Literal["MessageAttribute", "MessageAttributes.entry"]
    content_format: Literal["json", "form"] = field(default="form", init=False)

    def to_vtl(self) -> str:
        """The VTL: the fields' template, then one block per attribute."""
        items = list(self.fields.values())
        if not items or isinstance(items[0], From):
            raise ValidationError(
                "invalid-template-value",
                "AttributeForm: the first form field must be a literal (e.g. 'Action')",
            )
        out = [FormTemplate(self.fields).to_vtl()]
        if not self.attributes:
            return out[0]
        namer = _PrefixedNamer()
        counter = namer("N")
        out.append("#set($" + counter + " = 0)")
        for name, value in check_message_attributes(self.attributes).items():
            where = f"message attribute {name!r}"
            data_type = _data_type(value)
            increment = "#set($" + counter + " = $" + counter + " + 1)"
            number = "${" + counter + "}"
            head = (
                "&" + self.prefix + "." + number + ".Name=" + form_literal(name, where=where)
                + "&" + self.prefix + "." + number + ".Value.DataType=" + data_type
                + "&" + self.prefix + "." + number + ".Value.StringValue="
            )  # fmt: skip
            if not isinstance(value, From):
                out.append(increment + head + form_literal(value, where=where))
                continue
            compiled = compile_from(value, "form", namer)
            out.append(compiled.setup)
            if compiled.present is None:
                out.append(increment + head + compiled.text)
            else:
                out.append("#if(" + compiled.present + ")" + increment + head + compiled.text)
                out.append("#{end}")
        return "".join(out)

    def request_parameters(self) -> dict[str, bool]:
        """``method.request.*`` parameters the template reads, each mapped to ``required``."""
        return request_parameters([dict(self.fields), dict(self.attributes)])


def json_fields_response(fields: Mapping[str, tuple[str, Literal["string", "number"]]]) -> str:
    """A response template that picks top-level fields of a JSON answer into a new object.

    ``{"sequenceNumber": ("SequenceNumber", "string")}`` writes ``{"sequenceNumber": "..."}``
    from ``{"SequenceNumber": "...", ...}``. Strings are escaped, numbers checked; a missing
    field is written ``null``. Names are the preset's constants, never user data.

    :param fields: output key to (member of the answer, its type).
    """
    from .._templates import NUMBER_PATTERN, escape_json, json_string_literal

    namer = _PrefixedNamer()
    setup: list[str] = []
    members: list[str] = []
    for key, (member, kind) in fields.items():
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", member):
            raise ValueError(f"not a member name: {member!r}")  # pragma: no cover - constants
        raw = namer("R")
        text = namer("T")
        setup.append(
            "#set($" + raw + ' = "")#set($' + raw + " = $input.path('$." + member + "'))"
            "#set($" + text + ' = "$!' + raw + '")'
        )
        if kind == "number":
            value = (
                "#if($" + text + ".matches('" + NUMBER_PATTERN + "'))${" + text + "}"
                "#{else}null#{end}"
            )
        else:
            value = "#if($" + text + ' == "")null#{else}"' + escape_json("$" + text) + '"#{end}'
        members.append(json_string_literal(key, where="response key") + ": " + value)
    return "".join(setup) + "{" + ", ".join(members) + "}"
