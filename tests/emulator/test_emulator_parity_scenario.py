"""The example's scenario, replayed against ProfilesApiParity deployed on LocalStack.

ProfilesApiParity keeps the example's mapping templates byte for byte, flaws included; these
tests record what those flaws really do (see shared/reference/seed-parity.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from emulator_support import TABLE, DeployedApi

pytestmark = pytest.mark.emulator

PROFILES = [
    {"username": "will", "name": "William Shakespeare", "title": "playwright"},
    {"username": "ludwig", "name": "Ludwig van Beethoven", "title": "composer"},
    {"username": "jane", "name": "Jane Austen", "title": "author"},
]

# The injection request of the template issue: `name` closes the JSON string and adds attributes.
INJECTION = {
    "username": "mallory",
    "name": 'x"}, "admin": {"BOOL": true}, "y": {"S": "',
    "title": "t",
}


def _ddb_json(profile: dict[str, str]) -> dict[str, dict[str, str]]:
    return {key: {"S": value} for key, value in profile.items()}


def test_scenario_posts_then_lists_the_three_profiles(
    parity_api: DeployedApi, empty_table: Callable[[str], None]
) -> None:
    # GIVEN an empty table
    empty_table(TABLE)

    # WHEN the example's three POSTs are sent
    for profile in PROFILES:
        response = parity_api.call("POST", "profiles", profile)
        # THEN each answers 200 with PutItem's (empty) output passed through
        assert (response.status, response.json()) == (200, {}), response

    # WHEN the list is read
    response = parity_api.call("GET", "profiles")

    # THEN it is DynamoDB's Scan output, in DynamoDB JSON, passed through unchanged
    assert response.status == 200, response
    assert response.headers.get("Content-Type", "").startswith("application/json")
    body = response.json()
    assert body["Count"] == 3
    assert body["ScannedCount"] == 3
    items = sorted(body["Items"], key=lambda item: item["username"]["S"])
    assert items == sorted(map(_ddb_json, PROFILES), key=lambda item: item["username"]["S"])


def test_get_one_profile_cannot_find_jane_with_the_examples_template(
    parity_api: DeployedApi, empty_table: Callable[[str], None]
) -> None:
    # GIVEN jane is stored
    empty_table(TABLE)
    assert parity_api.call("POST", "profiles", PROFILES[2]).status == 200

    # WHEN the example's GET /profiles/jane is sent
    response = parity_api.call("GET", "profiles/jane")

    # THEN (recorded behaviour) `$method.request.path.username` is not a mapping-template
    # variable: it renders as "", DynamoDB rejects the empty key, and the example's only
    # integration response (default 200, passthrough) hands DynamoDB's error over as a 200
    assert response.status == 200, response
    body = response.json()
    assert "Item" not in body
    assert body["__type"].endswith("ValidationException"), body
    assert "empty string" in body["message"], body
    assert "Key: username" in body["message"], body


def test_injection_adds_attributes_to_the_stored_item(
    parity_api: DeployedApi,
    empty_table: Callable[[str], None],
    aws: Callable[[str], Any],
) -> None:
    # GIVEN an empty table
    empty_table(TABLE)

    # WHEN a `name` that closes its JSON string is posted
    response = parity_api.call("POST", "profiles", INJECTION)

    # THEN the request succeeds and the unescaped `$input.path` lets the client write
    # attributes of its choosing: `admin` is stored (the example's flaw, reproduced for parity)
    assert response.status == 200, response
    item = aws("dynamodb").get_item(TableName=TABLE, Key={"username": {"S": "mallory"}})["Item"]
    assert item == {
        "username": {"S": "mallory"},
        "name": {"S": "x"},
        "admin": {"BOOL": True},
        "y": {"S": ""},
        "title": {"S": "t"},
    }, json.dumps(item)


def test_other_content_type_is_rejected_with_415(parity_api: DeployedApi) -> None:
    # WHEN a body is posted as text/plain, for which no template exists
    response = parity_api.call(
        "POST", "profiles", "username=eve", headers={"Content-Type": "text/plain"}
    )

    # THEN WHEN_NO_TEMPLATES refuses it
    assert response.status == 415, response


def test_any_missing_profile_is_the_same_200_error(parity_api: DeployedApi) -> None:
    # WHEN a profile that does not exist is asked for
    response = parity_api.call("GET", "profiles/nobody-has-this-name")

    # THEN the example answers as for Jane: its key renders as "", DynamoDB refuses it, and the
    # only integration response (a default 200) hands the error to the client as a success
    assert response.status == 200, response
    assert response.json()["__type"].endswith("ValidationException"), response.body


def test_malformed_body_reaches_dynamodb_and_comes_back_as_200(parity_api: DeployedApi) -> None:
    # WHEN the body is not JSON
    response = parity_api.call("POST", "profiles", "{not json")

    # THEN nothing validates it: $input.path gives "" for every field, DynamoDB refuses the
    # empty key, and the default 200 integration response hands the error over as a success
    assert response.status == 200, response
    assert response.json()["__type"].endswith("ValidationException"), response.body
