"""Answers the in-process backend gives itself where moto would answer otherwise than AWS.

- EventBridge ``PutEvents``: an entry whose ``Detail`` is not a JSON object fails with
  ``MalformedDetail`` (``FailedEntryCount`` counts it) and the other entries are put; moto
  accepts such an entry.
- DynamoDB ``Query`` and ``Scan``: an ``ExclusiveStartKey`` without every key attribute of the
  table (and of the index queried) is a 400 ``ValidationException``; moto fails with a 500.
  So is a ``Limit`` below 1 (its valid range starts at 1); moto fails with a 500.

Each check reads only the request (and the table's key schema); anything else is left to moto.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from typing import Any, Final

from ._backend import ServiceRequest, ServiceResponse

__all__ = ["answer_gap"]

Clients = Callable[[str], Any]
Send = Callable[[ServiceRequest], ServiceResponse]

_DYNAMODB_JSON: Final = "application/x-amz-json-1.0"
_EVENTS_JSON: Final = "application/x-amz-json-1.1"


def answer_gap(
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
        return _limit(request) or _start_key(request, clients)
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


def _limit(request: ServiceRequest) -> ServiceResponse | None:
    """A ``Limit`` below 1 is a 400 ``ValidationException`` (its valid range starts at 1)."""
    payload = _json_body(request)
    limit = payload.get("Limit") if isinstance(payload, dict) else None
    if not isinstance(limit, int) or isinstance(limit, bool) or limit >= 1:
        return None
    error = {
        "__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
        "message": f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy "
        "constraint: Member must have value greater than or equal to 1",
    }
    return _json(400, error, _DYNAMODB_JSON)


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
