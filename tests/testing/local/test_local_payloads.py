"""Binary payloads: binary media types, Accept, contentHandling."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from local_support import FakeBackend, api_template, integration, local, method

from constructs_pkg.testing._local._backend import ServiceRequest, ServiceResponse
from constructs_pkg.testing._local._payloads import is_binary

PNG = b"\x89PNG\r\n\x1a\n\x00\xff"


def _png(request: ServiceRequest) -> ServiceResponse:
    return ServiceResponse(status=200, headers={"Content-Type": "image/png"}, body=PNG)


def _api(binary_types: list[str], **integration_props: Any):  # type: ignore[no-untyped-def]
    template = api_template(
        {
            "/files/{key}": {
                "GET": method(
                    integration(
                        uri="arn:aws:apigateway:us-east-1:s3:path/bucket/{key}",
                        IntegrationHttpMethod="GET",
                        **integration_props,
                    )
                ),
                "PUT": method(
                    integration(
                        uri="arn:aws:apigateway:us-east-1:s3:path/bucket/{key}",
                        IntegrationHttpMethod="PUT",
                        **integration_props,
                    )
                ),
            }
        }
    )
    template["Resources"]["Api"]["Properties"]["BinaryMediaTypes"] = binary_types
    backend = FakeBackend(responder=_png)
    return local(template, backend), backend


@pytest.mark.parametrize(
    ("value", "types", "expected"),
    [
        ("image/png", ["image/*"], True),
        ("image/png; q=1", ["image/png"], True),
        ("application/json", ["*/*"], True),
        ("application/json", ["image/*"], False),
        (None, ["*/*"], False),
    ],
)
def test_is_binary(value: str | None, types: list[str], expected: bool) -> None:
    assert is_binary(value, types) is expected


def test_binary_answer_reaches_a_binary_accept_as_bytes() -> None:
    api, _ = _api(["image/*"])
    with api:
        response = api.request("GET", "/files/a.png", headers={"Accept": "image/png"})
    assert response.body == PNG


def test_binary_answer_reaches_another_accept_as_base64() -> None:
    api, _ = _api(["image/*"])
    with api:
        response = api.request("GET", "/files/a.png", headers={"Accept": "application/json"})
    assert response.body == base64.b64encode(PNG)


def test_binary_upload_passes_through_as_bytes() -> None:
    api, backend = _api(["image/*"])
    with api:
        api.request("PUT", "/files/a.png", body=PNG, headers={"Content-Type": "image/png"})
    assert backend.sent[0].body == PNG


def test_convert_to_text_sends_base64() -> None:
    api, backend = _api(["image/*"], ContentHandling="CONVERT_TO_TEXT")
    with api:
        api.request("PUT", "/files/a.png", body=PNG, headers={"Content-Type": "image/png"})
    assert backend.sent[0].body == base64.b64encode(PNG)
