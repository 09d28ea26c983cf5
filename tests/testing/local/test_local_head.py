"""A HEAD request gets the status and headers of its answer and no payload, as a client of
the stage does (found by the differential test against LocalStack)."""

from __future__ import annotations

from local_support import api_template, local, mock_method


def test_head_on_a_route_without_head_is_403_without_payload() -> None:
    # GIVEN a GET method only (no implicit HEAD)
    with local(api_template({"/items": {"GET": mock_method({"application/json": "[]"})}})) as api:
        # WHEN the client sends HEAD
        response = api.request("HEAD", "/items")
    # THEN it is API Gateway's 403, with its headers but no body
    assert response.status_code == 403
    assert response.response_type == "MISSING_AUTHENTICATION_TOKEN"
    assert response.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
    assert response.body == b""


def test_head_answered_by_an_any_method_has_no_payload() -> None:
    template = api_template({"/items": {"ANY": mock_method({"application/json": '{"ok": true}'})}})
    with local(template) as api:
        head, get = api.request("HEAD", "/items"), api.request("GET", "/items")
    assert (head.status_code, head.body) == (200, b"")
    assert head.headers["Content-Type"] == get.headers["Content-Type"] == "application/json"
    assert get.json() == {"ok": True}
