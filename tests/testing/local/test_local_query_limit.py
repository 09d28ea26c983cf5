"""DynamoDB ``Query``/``Scan`` with a ``Limit`` below 1: a 400 ``ValidationException``, as
DynamoDB answers (moto fails with a 500). Found by the differential test against LocalStack."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from constructs_pkg.testing._local._backend import ServiceRequest, ServiceResponse
from constructs_pkg.testing._local._moto import MotoBackend
from constructs_pkg.testing._local._source import load_template

TABLE = {
    "Type": "AWS::DynamoDB::Table",
    "Properties": {
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    },
}


@pytest.fixture(scope="module")
def backend() -> Iterator[MotoBackend]:
    loaded = load_template({"Resources": {"Table": TABLE}}, stack_name="QueryLimit")
    with MotoBackend(loaded) as created:
        yield created


def _call(backend: MotoBackend, action: str, payload: dict[str, object]) -> ServiceResponse:
    return backend.send(
        ServiceRequest(
            service="dynamodb",
            region="us-east-1",
            method="POST",
            headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": f"DynamoDB_20120810.{action}",
            },
            body=json.dumps(payload).encode(),
        )
    )


@pytest.mark.parametrize("action", ["Query", "Scan"])
@pytest.mark.parametrize("limit", [0, -3])
def test_fails_when_the_limit_is_below_one(backend: MotoBackend, action: str, limit: int) -> None:
    table = backend.client("dynamodb").list_tables()["TableNames"][0]
    payload: dict[str, object] = {"TableName": table, "Limit": limit}
    if action == "Query":
        payload |= {
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": "a"}},
        }
    answer = _call(backend, action, payload)
    assert answer.status == 400, answer.body
    body = json.loads(answer.body)
    # DynamoDB's request validation answers with its framework's type, not the service's
    assert body["__type"].endswith("#ValidationException")
    assert f"Value '{limit}' at 'limit'" in body["message"]


def test_a_limit_of_one_is_answered_by_moto(backend: MotoBackend) -> None:
    table = backend.client("dynamodb").list_tables()["TableNames"][0]
    backend.client("dynamodb").put_item(TableName=table, Item={"pk": {"S": "a"}})
    answer = _call(backend, "Scan", {"TableName": table, "Limit": 1})
    assert answer.status == 200, answer.body
    assert json.loads(answer.body)["Count"] == 1
