"""Query-protocol answers as JSON, as AWS gives them to ``Accept: application/json``.

SQS, SNS and the other services that speak the query protocol (``Action=...`` form or query
string) answer XML by default, but JSON when the request accepts ``application/json``, which
API Gateway sends unless the integration maps ``Accept`` to something else. That JSON is the
legacy form of the query API, which response templates read::

    {"PublishResponse": {"PublishResult": {"MessageId": "...", "SequenceNumber": null},
                         "ResponseMetadata": {"RequestId": "..."}}}

    {"Error": {"Code": "NotFound", "Message": "...", "Type": "Sender"}, "RequestId": "..."}

Every member of the operation's output shape is present, ``null`` when the service gave none,
in alphabetical order; members keep the names AWS spells them with, except that SQS (whose
botocore model is JSON, compatible with the query API) names the lists of a result in
lowerCamel case, as its JSON answers do (``{"ReceiveMessageResult": {"messages": [...]}}``).
moto answers XML only, so :func:`as_requested` converts its answer, guided by the operation's
botocore output shape.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import parse_qsl
from xml.etree import ElementTree

from .._context import media_type
from ._aws import service_model
from ._backend import ServiceRequest, ServiceResponse

__all__ = ["as_requested", "query_action", "query_parameters"]

_XML_TYPES: Final = ("text/xml", "application/xml")


def _header(headers: Mapping[str, str], name: str) -> str | None:
    return next((value for key, value in headers.items() if key.lower() == name), None)


def query_parameters(request: ServiceRequest) -> dict[str, str]:
    """The parameters of a query-protocol request: its query string, then its form body (the
    first value of each name); empty for a JSON-protocol request (``X-Amz-Target``)."""
    if _header(request.headers, "x-amz-target") is not None:
        return {}
    pairs = list(request.query)
    content_type = media_type(_header(request.headers, "content-type"))
    if content_type in ("", "application/x-www-form-urlencoded") and request.body:
        with contextlib.suppress(UnicodeDecodeError):
            pairs.extend(parse_qsl(request.body.decode(), keep_blank_values=True))
    parameters: dict[str, str] = {}
    for name, value in pairs:
        parameters.setdefault(name, value)
    return parameters


def query_action(request: ServiceRequest) -> str | None:
    """The ``Action`` of a query-protocol request (query string or form body), else ``None``
    (a JSON-protocol request names its operation in ``X-Amz-Target``)."""
    return query_parameters(request).get("Action")


def _wants_json(headers: Mapping[str, str]) -> bool:
    """Whether ``Accept`` prefers ``application/json`` to XML (the first of them listed)."""
    for part in (_header(headers, "accept") or "").split(","):
        mime = media_type(part)
        if mime == "application/json":
            return True
        if mime in _XML_TYPES:
            return False
    return False


def _query_model(service: str) -> Any:
    """botocore's model of the service, if it speaks (or is compatible with) the query
    protocol, else ``None``."""
    model = service_model(service)
    if model is None:
        return None
    metadata = model.metadata
    protocols = metadata.get("protocols") or [metadata.get("protocol")]
    if "query" in protocols or "awsQueryCompatible" in metadata:
        return model
    return None


def as_requested(request: ServiceRequest, response: ServiceResponse) -> ServiceResponse:
    """``response`` as AWS answers ``request``: a query-protocol XML answer becomes the legacy
    JSON form when the request accepts ``application/json``; anything else is unchanged."""
    action = query_action(request)
    if action is None or not _wants_json(request.headers):
        return response
    if not response.body.lstrip().startswith(b"<"):
        return response
    model = _query_model(request.service)
    if model is None:
        return response
    try:
        root = ElementTree.fromstring(response.body)
    except ElementTree.ParseError:
        return response
    converted = _convert(model, action, root)
    if converted is None:
        return response
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in ("content-type", "content-length")
    }
    headers["Content-Type"] = "application/json"
    return ServiceResponse(
        status=response.status,
        headers=headers,
        body=json.dumps(converted, separators=(",", ":")).encode(),
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node: ElementTree.Element, name: str) -> ElementTree.Element | None:
    return next((child for child in node if _local(child.tag) == name), None)


def _text(node: ElementTree.Element | None) -> str | None:
    if node is None:
        return None
    return node.text or ""


def _convert(model: Any, action: str, root: ElementTree.Element) -> dict[str, Any] | None:
    from botocore.model import OperationNotFoundError

    if _local(root.tag) == "ErrorResponse":
        error = _child(root, "Error")
        details = {
            name: _text(_child(error, name)) if error is not None else None
            for name in ("Code", "Message", "Type")
        }
        return {"Error": details, "RequestId": _text(_child(root, "RequestId"))}
    if _local(root.tag) != f"{action}Response":
        return None
    try:
        operation = model.operation_model(action)
    except OperationNotFoundError:
        return None
    answer: dict[str, Any] = {}
    shape = operation.output_shape
    if shape is not None and shape.members:
        wrapper = shape.serialization.get("resultWrapper") or f"{action}Result"
        result = _child(root, wrapper)
        # a query-compatible JSON model (SQS) flattens every list in its XML, and its JSON
        # names those lists in lowerCamel case ("messages", "queueUrls")
        lower = "query" not in (model.metadata.get("protocols") or [model.metadata.get("protocol")])
        answer[wrapper] = _structure(result, shape, lower)
    metadata = _child(root, "ResponseMetadata")
    answer["ResponseMetadata"] = {
        "RequestId": _text(_child(metadata, "RequestId")) if metadata is not None else None
    }
    return {f"{action}Response": answer}


def _structure(node: ElementTree.Element | None, shape: Any, lower: bool) -> dict[str, Any]:
    """A structure's members in alphabetical order, as AWS's JSON lists them; its list
    members named in lowerCamel case when ``lower`` (the result's own lists only: nested
    structures keep the model's names)."""
    built = {}
    for name, member in sorted(shape.members.items()):
        key = name[:1].lower() + name[1:] if lower and member.type_name == "list" else name
        built[key] = _member(node, name, member, False) if node is not None else None
    return built


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


def _member(parent: ElementTree.Element, name: str, shape: Any, lower: bool) -> Any:
    tag = shape.serialization.get("name", name)
    kind = shape.type_name
    if kind in ("list", "map"):
        flattened = bool(shape.serialization.get("flattened"))
        wrapped = None if flattened else _child(parent, tag)
        if wrapped is not None:
            items = list(wrapped)
        else:
            # flattened: the items repeat under the parent, named after one item (some
            # services' JSON models do not say so: Messages/Message, Attributes/Attribute)
            names = {tag, _singular(name), _singular(tag)}
            if kind == "list":
                names.add(shape.member.serialization.get("name", shape.member.name))
            items = [child for child in parent if _local(child.tag) in names]
            if not items:
                return None
        if kind == "list":
            return [_value(item, shape.member, lower) for item in items]
        return _map(items, shape, lower)
    return _value(_child(parent, tag), shape, lower)


def _map(entries: list[ElementTree.Element], shape: Any, lower: bool) -> dict[str, Any]:
    key_names = (shape.key.serialization.get("name", "key"), "key", "Name")
    value_names = (shape.value.serialization.get("name", "value"), "value", "Value")
    built: dict[str, Any] = {}
    for entry in entries:
        key = next((_child(entry, n) for n in key_names if _child(entry, n) is not None), None)
        value = next((_child(entry, n) for n in value_names if _child(entry, n) is not None), None)
        if key is not None:
            built[key.text or ""] = _value(value, shape.value, lower)
    return built


def _value(node: ElementTree.Element | None, shape: Any, lower: bool) -> Any:
    if node is None:
        return None
    kind = shape.type_name
    if kind == "structure":
        return _structure(node, shape, lower)
    if kind in ("list", "map"):
        return _nested(node, shape, lower)
    text = node.text or ""
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            return text
    if kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "boolean":
        return text.strip().lower() == "true"
    if kind == "timestamp":
        return _timestamp(text)
    return text


def _nested(node: ElementTree.Element, shape: Any, lower: bool) -> Any:
    """A list or map that is itself an item (or a map's value): its children are its items."""
    items = list(node)
    if shape.type_name == "list":
        return [_value(item, shape.member, lower) for item in items]
    return _map(items, shape, lower)


def _timestamp(text: str) -> Any:
    """A timestamp as epoch seconds, as the JSON form of the query API gives it."""
    try:
        return float(text)
    except ValueError:
        pass
    from botocore.utils import parse_timestamp

    try:
        return parse_timestamp(text).timestamp()
    except (ValueError, TypeError):
        return text
