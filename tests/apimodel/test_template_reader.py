"""The shared REST API model read from synthesized templates: intrinsics resolved once, the
resource tree rebuilt, defaults normalised, nested stacks (MethodShards) included."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb

from app import build_app
from constructs_pkg import MethodShards, ServiceIntegrationMethod
from constructs_pkg._apimodel import (
    Intrinsics,
    Unresolved,
    assembly_nested_templates,
    read_rest_api,
    rest_api_ids,
)


class _Names:
    """Physical names as a backend would give them: ``name-<LogicalId>``, ARNs from them."""

    def ref(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> str | None:
        return f"name-{scope + '.' if scope else ''}{logical_id}"

    def attribute(
        self, scope: str, logical_id: str, resource: Mapping[str, Any], name: str
    ) -> str | None:
        if name == "Arn":
            return f"arn:aws:test:::{logical_id}"
        if name == "RootResourceId":
            return f"root-{logical_id}"
        return None


def _synth(stack_name: str) -> tuple[dict[str, Any], Path]:
    assembly = build_app(cdk.App()).synth()
    artifact = assembly.get_stack_by_name(stack_name)
    return dict(artifact.template), Path(assembly.directory)


def _only_api(template: Mapping[str, Any], **kwargs: Any) -> Any:
    ((logical_id, _name),) = rest_api_ids(template)
    return read_rest_api(Intrinsics(template, **kwargs), logical_id)


# --- intrinsics ----------------------------------------------------------------------------


def test_sub_join_and_pseudo_parameters_resolve_in_the_region() -> None:
    # GIVEN a template resolved in eu-west-1 for account 111122223333
    resolve = Intrinsics({"Resources": {}}, region="eu-west-1", account="111122223333")
    # THEN Fn::Sub and Fn::Join give the text CloudFormation would
    assert (
        resolve.text({"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:sqs:path/x"})
        == "arn:aws:apigateway:eu-west-1:sqs:path/x"
    )
    joined = resolve.text({"Fn::Join": ["", ["a-", {"Ref": "AWS::AccountId"}, "-", "b"]]})
    assert joined == "a-111122223333-b"
    assert not isinstance(joined, Unresolved)
    assert resolve.text({"Fn::Sub": "${!Literal}"}) == "${Literal}"


def test_a_china_region_has_its_partition_and_url_suffix() -> None:
    resolve = Intrinsics({"Resources": {}}, region="cn-north-1")
    assert resolve.text({"Ref": "AWS::Partition"}) == "aws-cn"
    assert resolve.text({"Ref": "AWS::URLSuffix"}) == "amazonaws.com.cn"


def test_values_known_only_after_deploy_stay_unresolved_and_named() -> None:
    # GIVEN no physical names
    template = {"Resources": {"Table": {"Type": "AWS::DynamoDB::Table"}}}
    resolve = Intrinsics(template, region="us-east-1")
    # THEN a reference is an Unresolved text naming it, and so is any text built from it
    arn = resolve.text({"Fn::GetAtt": ["Table", "Arn"]})
    assert isinstance(arn, Unresolved)
    assert arn == "<Table.Arn>"
    built = resolve.text({"Fn::Join": ["", ["x:", {"Ref": "Table"}]]})
    assert isinstance(built, Unresolved)
    assert built == "x:<Table>"
    assert resolve.text({"Ref": "AWS::AccountId"}) == "<AWS::AccountId>"


def test_physical_names_resolve_refs_and_attributes() -> None:
    template = {"Resources": {"Table": {"Type": "AWS::DynamoDB::Table"}}}
    resolve = Intrinsics(template, region="us-east-1", names=_Names())
    assert resolve.text({"Ref": "Table"}) == "name-Table"
    assert resolve.text({"Fn::Sub": "${Table.Arn}/index/*"}) == "arn:aws:test:::Table/index/*"
    assert resolve.text({"Fn::GetAtt": "Table.Arn"}) == "arn:aws:test:::Table"


def test_select_split_if_find_in_map_and_no_value() -> None:
    template = {
        "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Mappings": {"Sizes": {"prod": {"Count": "3"}}},
        "Resources": {},
    }
    resolve = Intrinsics(template, region="us-east-1")
    assert resolve.resolve({"Fn::Select": [1, {"Fn::Split": [":", "a:b:c"]}]}) == "b"
    assert resolve.resolve({"Fn::If": ["IsProd", "big", "small"]}) == "big"
    assert resolve.resolve({"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Count"]}) == "3"
    assert resolve.resolve({"A": {"Ref": "AWS::NoValue"}, "B": 1}) == {"B": 1}
    assert resolve.resolve(["x", {"Ref": "AWS::NoValue"}]) == ["x"]


def test_a_nested_stack_resolves_its_parameters_in_the_parent() -> None:
    parent = {
        "Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi"},
            "Child": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {"Parameters": {"ApiRef": {"Ref": "Api"}}},
            },
        }
    }
    child = {"Parameters": {"ApiRef": {"Type": "String"}}, "Resources": {"R": {"Type": "X"}}}
    resolve = Intrinsics(parent, region="us-east-1")
    nested = resolve.child("Child", child)
    # THEN the parameter is the parent's value, and the child's own ids are scoped
    assert nested.text({"Ref": "ApiRef"}) == resolve.text({"Ref": "Api"}) == "<Api>"
    assert nested.text({"Ref": "R"}) == "<Child/R>"


# --- REST APIs -----------------------------------------------------------------------------


def test_profiles_api_is_read_with_its_paths_templates_and_validation() -> None:
    # GIVEN app.py's ProfilesApi stack, synthesized
    template, _ = _synth("ProfilesApi")
    # WHEN its REST API is read with physical names
    api = _only_api(template, region="us-east-1", account="111122223333", names=_Names())
    # THEN the methods have their paths, and every intrinsic is resolved
    assert sorted(m.key for m in api.methods) == [
        "GET /profiles",
        "GET /profiles/{username}",
        "POST /profiles",
    ]
    assert [r.path for r in api.resources] == ["/", "/profiles", "/profiles/{username}"]
    post = next(m for m in api.methods if m.key == "POST /profiles")
    assert post.integration is not None
    assert post.integration.uri == "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem"
    assert post.integration.credentials is not None
    assert post.integration.credentials.startswith("arn:aws:test:::")
    assert post.integration.credentials_role is not None
    assert post.integration.effective_passthrough_behavior == "WHEN_NO_TEMPLATES"
    template_text = post.integration.request_templates["application/json"]
    table_id = next(
        k for k, r in template["Resources"].items() if r["Type"] == "AWS::DynamoDB::Table"
    )
    assert f'"TableName":"name-{table_id}"' in template_text.replace(" ", "")
    # ... the validator and model it references are part of the API
    assert post.request_validator_id in api.validators
    validator = api.validators[post.request_validator_id]  # type: ignore[index]
    assert (validator.validate_body, validator.validate_parameters) == (True, True)
    model_name = post.request_models["application/json"]
    schema = json.loads(api.models[model_name].schema or "{}")
    assert schema["required"] == ["username", "name", "title"]
    assert [stage.name for stage in api.stages] == ["test"]
    # ... and the responses are in declared order, the default one without a pattern
    statuses = [(r.status_code, r.selection_pattern) for r in post.integration.responses]
    assert statuses[0] == ("200", None)
    assert all(pattern for _, pattern in statuses[1:])


def test_the_parity_stack_keeps_literal_table_names_and_default_passthrough_values() -> None:
    template, _ = _synth("ProfilesApiParity")
    api = _only_api(template, region="us-east-1")
    get = next(m for m in api.methods if m.key == "GET /profiles/{username}")
    assert get.integration is not None
    assert get.integration.request_templates["application/json"] == (
        '{"TableName": "doc-example-profiles", "Key": {"username": {"S": '
        '"$method.request.path.username"}}}'
    )
    assert get.integration.passthrough_behavior == "WHEN_NO_TEMPLATES"
    assert get.integration.timeout_ms is None  # API Gateway's default, normalised
    assert [(r.status_code, r.selection_pattern) for r in get.integration.responses] == [
        ("200", None)
    ]
    assert get.integration.responses[0].response_templates == {"application/json": ""}


def test_methods_in_nested_stacks_are_part_of_the_api() -> None:
    # GIVEN an API whose methods MethodShards spreads over nested stacks
    app = cdk.App()
    stack = cdk.Stack(app, "Big")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    shards = MethodShards(stack, "Shards", api=api, resources_per_stack=10, paths_in_api_stack=1)
    for index in range(12):
        ServiceIntegrationMethod(
            stack,
            f"Get{index}",
            resource=shards.resource(f"/items{index}/{{id}}"),
            http_method="GET",
            service="dynamodb",
            action="GetItem",
            resources=[table.table_arn],
            request_templates={
                "application/json": {
                    "TableName": table.table_name,
                    "Key": {"pk": {"S": "$input.params('id')"}},
                }
            },
        )
    assembly = app.synth()
    artifact = assembly.get_stack_by_name("Big")
    directory = Path(assembly.directory)

    nested = assembly_nested_templates(directory, artifact.template_file)

    template = artifact.template
    ((api_id, _),) = rest_api_ids(template)
    # WHEN the API is read with its nested stacks, with and without physical names
    for names in (None, _Names()):
        model = read_rest_api(
            Intrinsics(template, region="us-east-1", names=names), api_id, nested=nested
        )
        # THEN every method is found on its full path
        assert sorted(m.key for m in model.methods) == sorted(
            f"GET /items{index}/{{id}}" for index in range(12)
        )
        assert not any(m.path.startswith("<") for m in model.methods)
    # ... and without the nested templates only the API stack's methods are
    alone = read_rest_api(Intrinsics(template, region="us-east-1"), api_id)
    assert 0 < len(alone.methods) < 12


def test_gateway_responses_and_literal_api_keys_are_read() -> None:
    stack = cdk.Stack(cdk.App(), "Gw")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    api.root.add_method("GET", apigw.MockIntegration())
    api.add_gateway_response(
        "NotFound",
        type=apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
        status_code="404",
        response_headers={"Access-Control-Allow-Origin": "'*'"},
        templates={"application/json": '{"error": "not found"}'},
    )
    apigw.ApiKey(stack, "Key", value="0123456789abcdefghij")
    template = cdk.assertions.Template.from_stack(stack).to_json()
    model = _only_api(template, region="us-east-1")
    response = model.gateway_responses["MISSING_AUTHENTICATION_TOKEN"]
    assert response.status_code == "404"
    assert response.response_parameters == {
        "gatewayresponse.header.Access-Control-Allow-Origin": "'*'"
    }
    assert response.response_templates == {"application/json": '{"error": "not found"}'}
    assert model.api_key_values == ("0123456789abcdefghij",)
    ((method),) = model.methods
    assert method.key == "GET /"
    assert method.integration is not None and method.integration.type == "MOCK"


def test_rest_api_ids_lists_every_api_with_its_literal_name() -> None:
    template, _ = _synth("ProfilesApiParity")
    ((logical_id, name),) = rest_api_ids(template)
    assert name == "doc-example-apigateway-dynamodb-profiles"
    with pytest.raises(KeyError):
        read_rest_api(Intrinsics(template, region="us-east-1"), "NoSuchApi")
    assert logical_id.startswith("Api")
