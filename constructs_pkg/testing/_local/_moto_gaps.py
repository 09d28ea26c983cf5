"""Where moto answers differently from AWS in a way an API would see: requests AWS refuses
that moto would not (:func:`refused`, answered before moto sees them), and answers moto leaves
something out of (:func:`completed`).

- DynamoDB: an ``AttributeValue`` with no type set (``{}``, or ``{"N": null}``, which a mapping
  template gives for a missing number) is a 400 ``ValidationException``; moto fails with an
  ``IndexError`` on some operations (``Query``).
- SNS: ``Publish`` to a FIFO topic answers a ``SequenceNumber`` (moto gives none).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from ._backend import ServiceRequest, ServiceResponse
from ._query_json import query_action, query_parameters

__all__ = ["completed", "refused"]

_EMPTY: Final = (
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
)


def refused(request: ServiceRequest) -> ServiceResponse | None:
    """AWS's answer to ``request`` when AWS refuses it and moto would not, else ``None``."""
    if request.service != "dynamodb":
        return None
    target = next(
        (value for name, value in request.headers.items() if name.lower() == "x-amz-target"), ""
    )
    operation = target.rpartition(".")[2]
    if not operation:
        return None
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return None
    shape = _input_shape(operation)
    if shape is None or not isinstance(payload, Mapping):
        return None
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
        body = {
            "__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
            "message": message,
        }
        return ServiceResponse(
            status=400,
            headers={"Content-Type": "application/x-amz-json-1.0"},
            body=json.dumps(body).encode(),
        )
    return None


@functools.lru_cache(maxsize=64)
def _input_shape(operation: str) -> Any:
    from botocore.model import OperationNotFoundError

    from ._aws import boto3_session

    model = boto3_session()._session.get_service_model("dynamodb")
    try:
        return model.operation_model(operation).input_shape
    except OperationNotFoundError:
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
    """``response`` with what AWS answers and moto leaves out; ``sequence(topic_arn)`` gives
    the next sequence number of a FIFO topic."""
    if request.service != "sns" or response.status != 200 or query_action(request) != "Publish":
        return response
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
