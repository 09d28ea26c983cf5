"""Keeps the benchmark harness working: both variants build the same API (no timing here).

The builders are loaded from ``benchmarks/apis.py`` by path, so the test does not depend on
the repository root being on ``sys.path``.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

N = 2  # the first two methods already cover both services (DynamoDB json, SQS query)


def _load_apis() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "apis.py"
    spec = importlib.util.spec_from_file_location("_bench_apis", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def templates() -> dict[str, Mapping[str, Any]]:
    apis = _load_apis()
    return {
        variant: Template.from_stack(build(cdk.App(), N)).to_json()
        for variant, build in apis.BUILDERS.items()
    }


def _of_type(template: Mapping[str, Any], type_: str) -> dict[str, Any]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_}


def _methods_by_path(template: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each method's properties by its resource's path part, without logical-id references."""
    parts = {
        key: res["Properties"]["PathPart"]
        for key, res in _of_type(template, "AWS::ApiGateway::Resource").items()
    }
    methods: dict[str, dict[str, Any]] = {}
    for method in _of_type(template, "AWS::ApiGateway::Method").values():
        props = dict(method["Properties"])
        path = parts[props.pop("ResourceId")["Ref"]]
        integration = dict(props["Integration"])
        role_id = integration.pop("Credentials")["Fn::GetAtt"][0]
        assert template["Resources"][role_id]["Type"] == "AWS::IAM::Role"
        if "RequestValidatorId" in props:
            validator_id = props.pop("RequestValidatorId")["Ref"]
            assert template["Resources"][validator_id]["Type"] == (
                "AWS::ApiGateway::RequestValidator"
            )
        props["Integration"] = integration
        methods[path] = props
    return methods


def _api_extras(template: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The API's gateway responses and request validators, without their references."""
    extras: list[tuple[str, str]] = []
    for type_ in ("AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::RequestValidator"):
        for resource in _of_type(template, type_).values():
            props = {
                k: v for k, v in resource["Properties"].items() if k not in ("RestApiId", "Name")
            }
            extras.append((type_, repr(sorted(props.items()))))
    return sorted(extras)


def _grants(template: Mapping[str, Any]) -> set[tuple[str, str]]:
    """Every (IAM action, resource) pair allowed by the stack's policies."""
    pairs: set[tuple[str, str]] = set()
    for policy in _of_type(template, "AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"]
            resources = statement["Resource"]
            for action in [actions] if isinstance(actions, str) else actions:
                for resource in [resources] if isinstance(resources, str | dict) else resources:
                    pairs.add((action, repr(resource)))
    return pairs


def test_both_variants_synthesize_the_same_number_of_methods(
    templates: dict[str, Mapping[str, Any]],
) -> None:
    # GIVEN the benchmark API built with ServiceIntegrationMethod and by hand
    # THEN both have N methods on N resources and the same resource count overall
    for template in templates.values():
        assert len(_of_type(template, "AWS::ApiGateway::Method")) == N
        assert len(_of_type(template, "AWS::ApiGateway::Resource")) == N
    assert len(templates["ours"]["Resources"]) == len(templates["hand"]["Resources"])


def test_both_variants_grant_the_same_actions_on_the_same_resources(
    templates: dict[str, Mapping[str, Any]],
) -> None:
    ours, hand = _grants(templates["ours"]), _grants(templates["hand"])
    assert ours == hand
    assert {action for action, _ in ours} == {"dynamodb:GetItem", "sqs:SendMessage"}


def test_both_variants_emit_the_same_method_properties(
    templates: dict[str, Mapping[str, Any]],
) -> None:
    # the timings compare like with like only if the methods themselves are the same
    assert _methods_by_path(templates["ours"]) == _methods_by_path(templates["hand"])


def test_both_variants_add_the_same_validation_resources(
    templates: dict[str, Mapping[str, Any]],
) -> None:
    assert _api_extras(templates["ours"]) == _api_extras(templates["hand"])
