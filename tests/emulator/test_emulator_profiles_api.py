"""The scenario against ProfilesApi: escaped templates, plain-JSON answers, injection-safe.

The documented shapes (README, "The example app on the emulator"): POST answers 200 ``{}``,
``GET /profiles`` answers ``{"items": [...plain objects...], "count": 3}``, ``GET
/profiles/jane`` answers Jane as a plain object, a missing profile is 404, a malformed body
or a body of another content type is 400 (the request validator runs first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from emulator_support import DeployedApi

pytestmark = pytest.mark.emulator

PROFILES = [
    {"username": "will", "name": "William Shakespeare", "title": "playwright"},
    {"username": "ludwig", "name": "Ludwig van Beethoven", "title": "composer"},
    {"username": "jane", "name": "Jane Austen", "title": "author"},
]
INJECTION = {
    "username": "mallory",
    "name": 'x"}, "admin": {"BOOL": true}, "y": {"S": "',
    "title": "t",
}


def _table_of(api: DeployedApi) -> str:
    """The stack's table: its ``TableName`` output, else its one literal ``TableName``."""
    if "TableName" in api.outputs:
        return api.outputs["TableName"]
    tables = [
        r["Properties"]["TableName"]
        for r in api.template["Resources"].values()
        if r["Type"] == "AWS::DynamoDB::Table" and isinstance(r["Properties"].get("TableName"), str)
    ]
    assert len(tables) == 1, f"expected one named table in {api.stack_name}, found {tables}"
    return tables[0]


def test_scenario_returns_plain_json(
    profiles_api: DeployedApi, empty_table: Callable[[str], None]
) -> None:
    empty_table(_table_of(profiles_api))
    for profile in PROFILES:
        response = profiles_api.call("POST", "profiles", profile)
        assert 200 <= response.status < 300, response

    listing = profiles_api.call("GET", "profiles")
    assert listing.status == 200, listing
    body = listing.json()
    assert body["count"] == 3, body
    assert sorted(body["items"], key=lambda p: p["username"]) == sorted(
        PROFILES, key=lambda p: p["username"]
    )

    jane = profiles_api.call("GET", "profiles/jane")
    assert jane.status == 200, jane
    assert jane.json() == PROFILES[2]


def test_injection_is_stored_verbatim(
    profiles_api: DeployedApi,
    empty_table: Callable[[str], None],
    aws: Callable[[str], Any],
) -> None:
    table = _table_of(profiles_api)
    empty_table(table)
    response = profiles_api.call("POST", "profiles", INJECTION)
    assert 200 <= response.status < 300, response
    item = aws("dynamodb").get_item(TableName=table, Key={"username": {"S": "mallory"}})["Item"]
    assert item == {
        "username": {"S": "mallory"},
        "name": {"S": INJECTION["name"]},
        "title": {"S": "t"},
    }


def test_missing_profile_is_404(profiles_api: DeployedApi) -> None:
    response = profiles_api.call("GET", "profiles/nobody-has-this-name")
    assert response.status == 404, response
    assert response.json() == {"message": "not found", "type": "NotFound"}


def test_malformed_body_is_400(profiles_api: DeployedApi) -> None:
    response = profiles_api.call("POST", "profiles", "{not json")
    assert response.status == 400, response


def test_other_content_type_is_refused(profiles_api: DeployedApi) -> None:
    response = profiles_api.call(
        "POST", "profiles", "username=eve", headers={"Content-Type": "text/plain"}
    )
    # The request validator runs before the WHEN_NO_TEMPLATES check that gives
    # ProfilesApiParity its 415: the body does not match the application/json model.
    assert response.status == 400, response
