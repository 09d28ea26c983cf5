"""Where moto answers differently from AWS in a way an API would see: requests AWS refuses
that moto would not (:func:`refused`, answered before moto sees them), and answers moto leaves
something out of (:func:`completed`).

- DynamoDB: an ``AttributeValue`` with no type set (``{}``, or ``{"N": null}``, which a mapping
  template gives for a missing number) is a 400 ``ValidationException``; moto fails with an
  ``IndexError`` on some operations (``Query``).
- JSON-protocol services (DynamoDB, Kinesis, Firehose, EventBridge, Step Functions, SQS):
  a request member outside its documented range, length or enum is a 400
  ``ValidationException`` worded as AWS's request validation words it (``1 validation error
  detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater
  than or equal to 1``); moto accepts many (a DynamoDB ``Scan`` with ``Limit`` 0).
- SNS: ``Publish`` to a FIFO topic answers a ``SequenceNumber`` (moto gives none); its errors
  are worded as SNS words them (``Topic does not exist``, ``Invalid parameter: Message too
  long``), not as moto does (``Endpoint does not exist``, botocore's ``An error occurred
  (InvalidParameter) when calling the Publish operation: ...``).
- EventBridge ``PutEvents``: an entry whose ``Detail`` is not a JSON object fails with
  ``MalformedDetail`` (``FailedEntryCount`` counts it) and the other entries are put; moto
  accepts such an entry (:func:`answered`, which may send the rest to moto).
- DynamoDB ``Query`` and ``Scan``: an ``ExclusiveStartKey`` without every key attribute of the
  table (and of the index queried) is a 400 ``ValidationException``; moto fails with a 500.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from ._aws import service_model
from ._backend import ServiceRequest, ServiceResponse
from ._query_json import query_action, query_parameters

__all__ = ["answered", "completed", "refused"]

_EMPTY: Final = (
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
)


def refused(request: ServiceRequest) -> ServiceResponse | None:
    """AWS's answer to ``request`` when AWS refuses it and moto would not, else ``None``."""
    target = next(
        (value for name, value in request.headers.items() if name.lower() == "x-amz-target"), ""
    )
    operation = target.rpartition(".")[2]
    shape = _input_shape(request.service, operation) if operation else None
    if shape is None:
        return None
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return None
    if not isinstance(payload, Mapping):
        return None
    violations = _violations(payload, shape)
    if violations:
        count = len(violations)
        message = f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(
            violations
        )
        return _validation_error("com.amazon.coral.validate#ValidationException", message)
    if request.service == "dynamodb":
        return _typeless_attribute_value(payload, shape)
    return None


def _validation_error(kind: str, message: str) -> ServiceResponse:
    return ServiceResponse(
        status=400,
        headers={"Content-Type": "application/x-amz-json-1.0"},
        body=json.dumps({"__type": kind, "message": message}).encode(),
    )


@functools.lru_cache(maxsize=256)
def _input_shape(service: str, operation: str) -> Any:
    """The input shape of a JSON-protocol operation, else ``None``."""
    from botocore.model import OperationNotFoundError

    model = service_model(service)
    if model is None:
        return None
    protocols = model.metadata.get("protocols") or [model.metadata.get("protocol")]
    if "json" not in protocols:
        return None
    try:
        return model.operation_model(operation).input_shape
    except OperationNotFoundError:
        return None


def _violations(payload: Mapping[str, Any], shape: Any) -> list[str]:
    """The constraints of the operation's input members that ``payload`` breaks, worded as
    AWS's request validation words them (top-level members, scalars and lists of scalars)."""
    found = []
    for name, value in payload.items():
        member = shape.members.get(name)
        if member is None or value is None:
            continue
        at = name[:1].lower() + name[1:]
        kind = member.type_name
        minimum = member.metadata.get("min")
        maximum = member.metadata.get("max")
        if kind in ("integer", "long") and _is_number(value):
            if minimum is not None and value < minimum:
                found.append(
                    _violation(value, at, f"have value greater than or equal to {minimum}")
                )
            elif maximum is not None and value > maximum:
                found.append(_violation(value, at, f"have value less than or equal to {maximum}"))
        elif kind == "string" and isinstance(value, str):
            enum = member.metadata.get("enum")
            if minimum is not None and len(value) < minimum:
                found.append(
                    _violation(value, at, f"have length greater than or equal to {minimum}")
                )
            elif maximum is not None and len(value) > maximum:
                found.append(_violation(value, at, f"have length less than or equal to {maximum}"))
            elif enum and value not in enum:
                found.append(_violation(value, at, f"satisfy enum value set: [{', '.join(enum)}]"))
        elif kind == "list" and isinstance(value, list):
            if not all(isinstance(item, str | int | float) for item in value):
                continue
            shown = "[" + ", ".join(str(item) for item in value) + "]"
            if minimum is not None and len(value) < minimum:
                found.append(
                    _violation(shown, at, f"have length greater than or equal to {minimum}")
                )
            elif maximum is not None and len(value) > maximum:
                found.append(_violation(shown, at, f"have length less than or equal to {maximum}"))
    return found


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _violation(value: Any, at: str, constraint: str) -> str:
    return f"Value '{value}' at '{at}' failed to satisfy constraint: Member must {constraint}"


def _typeless_attribute_value(payload: Mapping[str, Any], shape: Any) -> ServiceResponse | None:
    for member, value in payload.items():
        if member not in shape.members:
            continue
        found = _empty_value(value, shape.members[member])
        if found is None:
            continue
        if member == "ExpressionAttributeValues":
            message = f"ExpressionAttributeValues contains invalid value: {_EMPTY} for key {found}"
        else:
            message = f"One or more parameter values were invalid: {_EMPTY}"
        return _validation_error("com.amazonaws.dynamodb.v20120810#ValidationException", message)
    return None


def _empty_value(value: Any, shape: Any, key: str = "") -> str | None:
    """The key (map key or member name) of the first type-less ``AttributeValue`` in ``value``,
    ``""`` at the top, else ``None``."""
    if (
        shape.name == "AttributeValue"
        and isinstance(value, Mapping)
        and all(item is None for item in value.values())
    ):
        return key
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        for name, item in value.items():
            if name in shape.members and item is not None:
                found = _empty_value(item, shape.members[name], key)
                if found is not None:
                    return found
    elif kind == "list" and isinstance(value, list):
        for item in value:
            found = _empty_value(item, shape.member, key)
            if found is not None:
                return found
    elif kind == "map" and isinstance(value, Mapping):
        for name, item in value.items():
            found = _empty_value(item, shape.value, str(name))
            if found is not None:
                return found
    return None


def completed(
    request: ServiceRequest, response: ServiceResponse, sequence: Callable[[str], str]
) -> ServiceResponse:
    """``response`` with what AWS answers and moto leaves out or words otherwise;
    ``sequence(topic_arn)`` gives the next sequence number of a FIFO topic."""
    if request.service != "sns" or query_action(request) != "Publish":
        return response
    if response.status != 200:
        return _sns_error_worded(response)
    parameters = query_parameters(request)
    topic = parameters.get("TopicArn") or parameters.get("TargetArn") or ""
    if not topic.endswith(".fifo") or b"<SequenceNumber>" in response.body:
        return response
    body, found = re.subn(
        rb"</MessageId>",
        b"</MessageId><SequenceNumber>" + sequence(topic).encode() + b"</SequenceNumber>",
        response.body,
        count=1,
    )
    if not found:
        return response
    return ServiceResponse(status=response.status, headers=response.headers, body=body)


# moto words some SNS errors as botocore's exception text, or otherwise than SNS does
_BOTOCORE_PREFIX: Final = re.compile(
    rb"An error occurred \([^)]*\) when calling the \w+ operation: "
)
_SNS_MESSAGES: Final = {b"Endpoint does not exist": b"Topic does not exist"}


def _sns_error_worded(response: ServiceResponse) -> ServiceResponse:
    body = _BOTOCORE_PREFIX.sub(b"", response.body)
    if b"<Code>NotFound</Code>" in body:
        for moto_text, aws_text in _SNS_MESSAGES.items():
            body = body.replace(b">" + moto_text + b"<", b">" + aws_text + b"<")
    if body == response.body:
        return response
    return ServiceResponse(status=response.status, headers=response.headers, body=body)


Clients = Callable[[str], Any]
Send = Callable[[ServiceRequest], ServiceResponse]

_DYNAMODB_JSON: Final = "application/x-amz-json-1.0"
_EVENTS_JSON: Final = "application/x-amz-json-1.1"


def answered(
    request: ServiceRequest, target: str | None, clients: Clients, send: Send
) -> ServiceResponse | None:
    """AWS's answer to ``request`` where moto's would differ, else ``None`` (ask moto).

    :param target: the request's ``X-Amz-Target``.
    :param clients: the backend's boto3 clients.
    :param send: sends a request to moto (for the part of a call moto answers right).
    """
    if target == "AWSEvents.PutEvents":
        return _put_events(request, send)
    if target in ("DynamoDB_20120810.Query", "DynamoDB_20120810.Scan"):
        return _start_key(request, clients)
    return None


def _json_body(request: ServiceRequest) -> Any:
    try:
        return json.loads(request.body or b"{}")
    except ValueError:
        return None


def _is_object(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def _put_events(request: ServiceRequest, send: Send) -> ServiceResponse | None:
    payload = _json_body(request)
    entries = payload.get("Entries") if isinstance(payload, dict) else None
    if not isinstance(entries, list):
        return None
    malformed = [
        index
        for index, entry in enumerate(entries)
        if isinstance(entry, Mapping) and "Detail" in entry and not _is_object(entry["Detail"])
    ]
    if not malformed:
        return None
    valid = [entry for index, entry in enumerate(entries) if index not in malformed]
    put: list[Any] = []
    failed = len(malformed)
    if valid:
        answer = send(_with_body(request, {**payload, "Entries": valid}))
        if answer.status != 200:
            return answer
        result = json.loads(answer.body or b"{}")
        put = list(result.get("Entries") or [])
        failed += int(result.get("FailedEntryCount") or 0)
    results = iter(put)
    merged = [
        {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
        if index in malformed
        else next(results, {})
        for index in range(len(entries))
    ]
    return _json(200, {"FailedEntryCount": failed, "Entries": merged}, _EVENTS_JSON)


def _start_key(request: ServiceRequest, clients: Clients) -> ServiceResponse | None:
    payload = _json_body(request)
    if not isinstance(payload, dict) or not isinstance(payload.get("ExclusiveStartKey"), dict):
        return None
    try:
        table = clients("dynamodb").describe_table(TableName=str(payload.get("TableName")))
    except Exception:  # a missing table: moto answers ResourceNotFoundException itself
        return None
    description = table["Table"]
    needed = {key["AttributeName"] for key in description.get("KeySchema") or []}
    index_name = payload.get("IndexName")
    for index in [
        *(description.get("GlobalSecondaryIndexes") or []),
        *(description.get("LocalSecondaryIndexes") or []),
    ]:
        if index.get("IndexName") == index_name:
            needed |= {key["AttributeName"] for key in index.get("KeySchema") or []}
    if needed <= set(payload["ExclusiveStartKey"]):
        return None
    error = {
        "__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
        "message": "The provided starting key is invalid: "
        "The provided key element does not match the schema",
    }
    return _json(400, error, _DYNAMODB_JSON)


def _with_body(request: ServiceRequest, payload: object) -> ServiceRequest:
    return dataclasses.replace(request, body=json.dumps(payload).encode())


def _json(status: int, document: object, content_type: str) -> ServiceResponse:
    return ServiceResponse(
        status=status,
        headers={"Content-Type": content_type},
        body=json.dumps(document).encode(),
    )
