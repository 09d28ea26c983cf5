"""Routing: literal > {param} > {proxy+}, ANY, no implicit HEAD, 403 on a miss."""

from __future__ import annotations

import json

import pytest
from local_support import api_template, local, mock_method


def _echo(name: str) -> dict[str, object]:
    return mock_method({"application/json": name + " $input.params().path"})


@pytest.fixture
def api():  # type: ignore[no-untyped-def]
    template = api_template(
        {
            "/": {"GET": _echo("root")},
            "/items": {"GET": _echo("items")},
            "/items/special": {"GET": _echo("special")},
            "/items/{id}": {"GET": _echo("item"), "ANY": _echo("any-item")},
            "/items/{id}/parts": {"GET": _echo("parts")},
            "/{proxy+}": {"GET": _echo("proxy")},
        }
    )
    with local(template) as running:
        yield running


def test_literal_wins_over_param(api) -> None:  # type: ignore[no-untyped-def]
    assert api.request("GET", "/items/special").text.startswith("special")


def test_param_matches_one_segment_and_is_url_decoded(api) -> None:  # type: ignore[no-untyped-def]
    response = api.request("GET", "/items/a%20b")
    assert response.status_code == 200
    assert response.text == "item {id=a b}"


def test_proxy_is_greedy(api) -> None:  # type: ignore[no-untyped-def]
    assert api.request("GET", "/x/y/z").text == "proxy {proxy=x/y/z}"


def test_proxy_does_not_match_root(api) -> None:  # type: ignore[no-untyped-def]
    assert api.request("GET", "/").text.startswith("root")


def test_proxy_does_not_catch_the_subtree_of_a_literal_sibling(api) -> None:  # type: ignore[no-untyped-def]
    response = api.request("GET", "/items/1/unknown")
    assert response.status_code == 403


def test_param_sibling_is_tried_when_the_literal_subtree_has_no_match(api) -> None:  # type: ignore[no-untyped-def]
    assert api.request("GET", "/items/special/parts").text == "parts {id=special}"


def test_any_catches_undeclared_verbs_only(api) -> None:  # type: ignore[no-untyped-def]
    assert api.request("DELETE", "/items/7").text.startswith("any-item")
    assert api.request("GET", "/items/7").text.startswith("item ")


def test_trailing_slash_is_ignored(api) -> None:  # type: ignore[no-untyped-def]
    assert api.request("GET", "/items/").text.startswith("items")


def test_no_implicit_head_for_get(api) -> None:  # type: ignore[no-untyped-def]
    assert api.request("HEAD", "/items").status_code == 403


def test_miss_is_403_missing_authentication_token(api) -> None:  # type: ignore[no-untyped-def]
    response = api.request("POST", "/items")
    assert response.status_code == 403
    assert json.loads(response.body) == {"message": "Missing Authentication Token"}
    assert response.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
    assert response.response_type == "MISSING_AUTHENTICATION_TOKEN"
    assert response.integration is None


def test_routes_lists_methods_in_order(api) -> None:  # type: ignore[no-untyped-def]
    assert api.routes == [
        "GET /",
        "GET /items",
        "GET /items/special",
        "ANY /items/{id}",
        "GET /items/{id}",
        "GET /items/{id}/parts",
        "GET /{proxy+}",
    ]
