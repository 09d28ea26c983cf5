"""Keeps the benchmark harness working: every variant builds the same API (no timing here).

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
from aws_cdk.assertions import Match, Template

N = 2  # the first two methods already cover both services (DynamoDB json, SQS query)


def _load_apis() -> ModuleType:
    return _load("apis")


def _load(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", path)
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


OURS = ("ours", "ours-objects")


def test_the_harness_builds_every_variant() -> None:
    apis = _load_apis()
    assert set(apis.BUILDERS) == {*OURS, "hand"}


@pytest.mark.parametrize("variant", OURS)
def test_variants_synthesize_the_same_number_of_methods(
    templates: dict[str, Mapping[str, Any]], variant: str
) -> None:
    # GIVEN the benchmark API built with ServiceIntegrationMethod and by hand
    # THEN each has N methods on N resources and the same resource count overall
    for template in (templates[variant], templates["hand"]):
        assert len(_of_type(template, "AWS::ApiGateway::Method")) == N
        assert len(_of_type(template, "AWS::ApiGateway::Resource")) == N
    assert len(templates[variant]["Resources"]) == len(templates["hand"]["Resources"])


@pytest.mark.parametrize("variant", OURS)
def test_variants_grant_the_same_actions_on_the_same_resources(
    templates: dict[str, Mapping[str, Any]], variant: str
) -> None:
    ours, hand = _grants(templates[variant]), _grants(templates["hand"])
    assert ours == hand
    assert {action for action, _ in ours} == {"dynamodb:GetItem", "sqs:SendMessage"}


@pytest.mark.parametrize("variant", OURS)
def test_variants_emit_the_same_method_properties(
    templates: dict[str, Mapping[str, Any]], variant: str
) -> None:
    # the timings compare like with like only if the methods themselves are the same
    assert _methods_by_path(templates[variant]) == _methods_by_path(templates["hand"])


@pytest.mark.parametrize("variant", OURS)
def test_variants_add_the_same_validation_resources(
    templates: dict[str, Mapping[str, Any]], variant: str
) -> None:
    assert _api_extras(templates[variant]) == _api_extras(templates["hand"])


def test_declaring_by_path_and_on_objects_give_the_same_template(
    templates: dict[str, Mapping[str, Any]],
) -> None:
    # the two ways of declaring differ only in how the construct finds the API, not in output
    assert templates["ours"] == templates["ours-objects"]


def test_only_methods_on_resource_objects_look_their_api_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aws_cdk import aws_apigateway as apigw

    apis = _load_apis()
    reads: list[object] = []
    real_api = apigw.Resource.api
    monkeypatch.setattr(
        apigw.Resource, "api", property(lambda r: reads.append(r) or real_api.fget(r))
    )
    apis.build_ours(cdk.App(), 4)
    assert reads == []
    apis.build_ours_objects(cdk.App(), 4)
    assert len(reads) == 4  # one round trip into jsii per method


def test_the_ablation_switches_leave_the_template_as_it_is(
    templates: dict[str, Mapping[str, Any]],
) -> None:
    # the ablation compares like with like only if switching work off changes no output
    ablation, apis = _load("ablation"), _load_apis()
    for builder, switched_off in ablation.ABLATIONS.values():
        with ablation.ablated(switched_off):
            template = Template.from_stack(apis.BUILDERS[builder](cdk.App(), N)).to_json()
        assert template == templates[builder], switched_off
    assert set(ablation.VARIANTS) == {*ablation.ABLATIONS, *OURS, "hand"}


def test_the_ablation_switch_switches_off_and_restores() -> None:
    from aws_cdk.assertions import Annotations

    from constructs_pkg import _registry

    ablation, apis = _load("ablation"), _load_apis()
    watch = _registry.watch_resource_limit

    def limit_warnings(switched_off: tuple[str, ...]) -> int:
        # a limit of 60 resources: the warning (50 before the limit) is due for 4 methods (21)
        app = cdk.App(context={"@aws-cdk/core:stackResourceLimit": 60})
        with ablation.ablated(switched_off):
            stack = apis.build_ours(app, 4)
            found = Annotations.from_stack(stack).find_warning("*", Match.any_value())
        return sum("stack-resource-limit" in str(w.entry.data) for w in found)

    assert limit_warnings(()) == 1
    assert limit_warnings(("limit-count",)) == 0
    assert _registry.watch_resource_limit is watch
    with pytest.raises(ValueError, match="unknown switch"), ablation.ablated(("everything",)):
        pass
