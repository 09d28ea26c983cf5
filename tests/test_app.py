"""The CDK app: both stacks synthesize, pass cfn-lint, and ProfilesApi's templates are safe."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from app_context import cdk_app
from aws_cdk.assertions import Match, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from app import ProfilesApiStack, build_app
from constructs_pkg import ServiceIntegrationMethod
from constructs_pkg.testing import (
    SampleRequest,
    check_against_input_shape,
    render_method_request,
    render_response,
)

INJECTION = 'x"}, "admin": {"BOOL": true}, "y": {"S": "'


@pytest.fixture(scope="module")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cdk.out")
    build_app(cdk_app(outdir=str(out))).synth()
    return out


@pytest.fixture(scope="module")
def profiles_api() -> ProfilesApiStack:
    return ProfilesApiStack(cdk_app(), "ProfilesApi")


def _method(stack: cdk.Stack, construct_id: str) -> ServiceIntegrationMethod:
    found = stack.node.find_child(construct_id)
    assert isinstance(found, ServiceIntegrationMethod)
    return found


@pytest.mark.parametrize("stack_name", ["ProfilesApiParity", "ProfilesApi"])
def test_cfn_lint_finds_no_error(assembly: Path, stack_name: str) -> None:
    from cfnlint.api import lint_all

    template = (assembly / f"{stack_name}.template.json").read_text()
    errors = [m for m in lint_all(template) if m.rule.id.startswith("E")]
    assert errors == [], "\n".join(str(m) for m in errors)


def test_profiles_api_maps_errors_and_validates_the_body(profiles_api: ProfilesApiStack) -> None:
    tpl = Template.from_stack(profiles_api)
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "HttpMethod": "POST",
            "RequestValidatorId": Match.any_value(),
            "RequestModels": {"application/json": Match.any_value()},
            "Integration": {
                "IntegrationResponses": Match.array_with(
                    [
                        Match.object_like({"StatusCode": "400", "SelectionPattern": r"4\d{2}"}),
                        Match.object_like({"StatusCode": "502", "SelectionPattern": r"5\d{2}"}),
                    ]
                )
            },
            "MethodResponses": Match.array_with(
                [Match.object_like({"StatusCode": s}) for s in ("200", "400", "502", "409")]
            ),
        },
    )
    tpl.has_resource_properties("AWS::ApiGateway::RequestValidator", {"ValidateRequestBody": True})
    tpl.has_resource_properties(
        "AWS::ApiGateway::Model",
        {"Schema": Match.object_like({"required": ["username", "name", "title"]})},
    )


def test_put_item_stores_a_hostile_string_verbatim(profiles_api: ProfilesApiStack) -> None:
    body = {"username": "mallory", "name": INJECTION, "title": "t"}
    rendered = render_method_request(_method(profiles_api, "AddProfile"), SampleRequest(body=body))
    request = json.loads(rendered)
    assert request["Item"] == {
        "username": {"S": "mallory"},
        "name": {"S": INJECTION},
        "title": {"S": "t"},
    }
    assert check_against_input_shape(rendered, "dynamodb", "PutItem") == []


def test_parity_put_item_is_injectable() -> None:
    from app import ProfilesApiParityStack

    stack = ProfilesApiParityStack(cdk_app(), "ProfilesApiParity")
    body = {"username": "mallory", "name": INJECTION, "title": "t"}
    request = json.loads(
        render_method_request(_method(stack, "AddProfile"), SampleRequest(body=body))
    )
    assert request["Item"]["admin"] == {"BOOL": True}


printable = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(username=printable, name=printable, title=printable)
def test_put_item_keeps_shape_for_any_input(
    profiles_api: ProfilesApiStack, username: str, name: str, title: str
) -> None:
    body = {"username": username, "name": name, "title": title}
    request = json.loads(
        render_method_request(_method(profiles_api, "AddProfile"), SampleRequest(body=body))
    )
    assert request["Item"] == {
        "username": {"S": username},
        "name": {"S": name},
        "title": {"S": title},
    }


@settings(max_examples=60, deadline=None)
@given(username=printable)
def test_get_item_key_is_the_path_value_for_any_input(
    profiles_api: ProfilesApiStack, username: str
) -> None:
    rendered = render_method_request(
        _method(profiles_api, "GetProfile"), SampleRequest(path_params={"username": username})
    )
    assert json.loads(rendered)["Key"] == {"username": {"S": username}}


def _response_template(sim: ServiceIntegrationMethod, status: str) -> str:
    (response,) = [r for r in sim.integration_responses if r.status_code == status]
    return (response.response_templates or {})["application/json"]


def test_get_item_answers_plain_json_or_404(profiles_api: ProfilesApiStack) -> None:
    template = _response_template(_method(profiles_api, "GetProfile"), "200")
    found = render_response(
        template,
        {
            "Item": {
                "username": {"S": "jane"},
                "name": {"S": "Jane Austen"},
                "title": {"S": "author"},
            }
        },
    )
    assert json.loads(found.body) == {"username": "jane", "name": "Jane Austen", "title": "author"}
    missing = render_response(template, {})
    assert missing.status == 404


def test_scan_answers_a_plain_list(profiles_api: ProfilesApiStack) -> None:
    template = _response_template(_method(profiles_api, "ListProfiles"), "200")
    answer: dict[str, Any] = {
        "Count": 1,
        "ScannedCount": 1,
        "Items": [{"username": {"S": "will"}, "title": {"S": "playwright"}}],
    }
    rendered = json.loads(render_response(template, answer).body)
    assert rendered["items"] == [{"username": "will", "title": "playwright"}]


def test_a_dynamodb_validation_error_is_400_not_200(profiles_api: ProfilesApiStack) -> None:
    sim = _method(profiles_api, "AddProfile")
    template = _response_template(sim, "400")
    error = {
        "__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
        "message": "One or more parameter values were invalid",
    }
    rendered = render_response(template, error, status=400)
    assert rendered.status == 400
    assert json.loads(rendered.body)["message"] == "One or more parameter values were invalid"
