"""End to end with the real backend (in-process moto): app.py's ``ProfilesApi`` scenario and
the three flaws of ``ProfilesApiParity`` that ``ProfilesApi`` fixes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from app_context import cdk_app

import app
from constructs_pkg.testing import LocalApi

PEOPLE = [
    {"username": "will", "name": "William Shakespeare", "title": "playwright"},
    {"username": "ludwig", "name": "Ludwig van Beethoven", "title": "composer"},
    {"username": "jane", "name": "Jane Austen", "title": "author"},
]


@pytest.fixture(scope="module")
def profiles() -> Iterator[tuple[LocalApi, object]]:
    stack = app.ProfilesApiStack(cdk_app(), "ProfilesApi")
    table = stack.node.find_child("Profiles")
    with LocalApi(stack) as api:
        for person in PEOPLE:
            response = api.request("POST", "/profiles", json=person)
            assert response.status_code == 200, response.text
        yield api, table


@pytest.fixture(scope="module")
def parity() -> Iterator[LocalApi]:
    with LocalApi(app.ProfilesApiParityStack(cdk_app(), "ProfilesApiParity")) as api:
        yield api


def test_profiles_scenario_list_and_get(profiles: tuple[LocalApi, object]) -> None:
    api, _ = profiles
    listed = api.request("GET", "/profiles")
    assert listed.status_code == 200
    body = listed.json()
    assert isinstance(body, dict)
    assert {"jane", "ludwig", "will"} <= {item["username"] for item in body["items"]}
    one = api.request("GET", "/profiles/jane", headers={"Accept": "application/json"})
    assert one.status_code == 200
    assert one.json() == PEOPLE[2]
    assert one.headers["content-type"] == "application/json"
    assert one.action == "dynamodb:GetItem"


def test_profiles_backend_state_through_the_same_backend(profiles: tuple[LocalApi, object]) -> None:
    api, table = profiles
    items = api.client("dynamodb").scan(TableName=api.physical_id(table))["Items"]
    assert {"will", "ludwig", "jane"} <= {item["username"]["S"] for item in items}


def test_profiles_bad_body_is_400_and_stores_nothing(profiles: tuple[LocalApi, object]) -> None:
    api, table = profiles
    response = api.request("POST", "/profiles", json={"username": "eve"})
    assert response.status_code == 400
    assert response.json() == {"message": "Invalid request body"}
    assert response.integration is None
    stored = api.client("dynamodb").get_item(
        TableName=api.physical_id(table), Key={"username": {"S": "eve"}}
    )
    assert "Item" not in stored


def test_profiles_unknown_item_is_404(profiles: tuple[LocalApi, object]) -> None:
    api, _ = profiles
    response = api.request("GET", "/profiles/nobody")
    assert response.status_code == 404


def test_profiles_unknown_route_is_403(profiles: tuple[LocalApi, object]) -> None:
    api, _ = profiles
    assert api.request("DELETE", "/profiles/jane").status_code == 403


def test_profiles_injection_is_escaped(profiles: tuple[LocalApi, object]) -> None:
    api, table = profiles
    hostile = {"username": "mallory", "name": 'x"}, "admin": {"S": "yes', "title": "t"}
    assert api.request("POST", "/profiles", json=hostile).status_code == 200
    item = api.client("dynamodb").get_item(
        TableName=api.physical_id(table), Key={"username": {"S": "mallory"}}
    )["Item"]
    assert set(item) == {"username", "name", "title"}
    assert item["name"]["S"] == hostile["name"]


def test_parity_flaw_getitem_200_carrying_a_validation_exception(parity: LocalApi) -> None:
    parity.request("POST", "/profiles", json=PEOPLE[2])
    response = parity.request("GET", "/profiles/jane")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, dict)
    assert body["__type"].endswith("ValidationException")
    assert response.integration is not None
    assert response.integration.status == 400


def test_parity_flaw_putitem_injection_stores_an_extra_attribute(parity: LocalApi) -> None:
    hostile = {"username": "eve", "name": 'x"}, "admin": {"S": "yes', "title": "t"}
    assert parity.request("POST", "/profiles", json=hostile).status_code == 200
    item = parity.client("dynamodb").get_item(
        TableName="doc-example-profiles", Key={"username": {"S": "eve"}}
    )["Item"]
    assert item["admin"] == {"S": "yes"}


def test_parity_flaw_service_errors_as_200(parity: LocalApi) -> None:
    response = parity.request("POST", "/profiles", json={"name": "no username"})
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, dict) and "ValidationException" in body["__type"]
