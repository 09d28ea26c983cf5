"""Round trip on a larger synthetic API: >50 methods, five services, MOCK/HTTP/Lambda proxies."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest
from cli_support import (
    PUT_ITEM_VTL,
    REGION,
    RUFF_RULES,
    build_large_api,
    load_module,
    ruff,
    synth,
)

from constructs_pkg.cli import EXIT_OK, main

if TYPE_CHECKING:
    from mypy_boto3_apigateway.client import APIGatewayClient


@dataclass(frozen=True)
class Imported:
    api_id: str
    methods: int
    path: Path
    source: str
    stderr: str
    module: ModuleType
    template_path: Path
    template: dict[str, Any]


@pytest.fixture(scope="module")
def imported(apigateway: APIGatewayClient, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    api_id, methods = build_large_api(apigateway)
    folder = tmp_path_factory.mktemp("large")
    path = folder / "orders_stack.py"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["import", "--rest-api-id", api_id, "--region", REGION, "-o", str(path)])
    assert status == EXIT_OK, err.getvalue()
    module = load_module(path, "generated_orders_stack")
    template_path = synth(module, folder / "cdk.out")
    return Imported(
        api_id=api_id,
        methods=methods,
        path=path,
        source=path.read_text(encoding="utf-8"),
        stderr=err.getvalue(),
        module=module,
        template_path=template_path,
        template=json.loads(template_path.read_text(encoding="utf-8")),
    )


def test_round_trip_has_no_difference(
    imported: Imported, capsys: pytest.CaptureFixture[str]
) -> None:
    assert imported.methods >= 50
    status = main(
        [
            "diff",
            "--rest-api-id",
            imported.api_id,
            "--region",
            REGION,
            "--template",
            str(imported.template_path),
            "--quiet",
        ]
    )
    out = capsys.readouterr().out
    assert status == EXIT_OK, out
    assert f"{imported.methods} identical, 0 differ, 0 only live, 0 only in the template" in out


def test_generated_code_passes_ruff(imported: Imported) -> None:
    check = ruff("check", "--select", RUFF_RULES, str(imported.path), cwd=imported.path.parent)
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = ruff("format", "--check", "--diff", str(imported.path), cwd=imported.path.parent)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_progress_is_shown_on_a_large_api(imported: Imported) -> None:
    assert f"{imported.methods} methods" in imported.stderr
    assert f"  10/{imported.methods} methods read" in imported.stderr
    assert f"  {imported.methods}/{imported.methods} methods read" in imported.stderr


@pytest.mark.parametrize(
    "expected",
    [
        # SQS query protocol, path style, with its Content-Type header kept
        'service="sqs",\n            path="123456789012/jobs",\n'
        '            integration_http_method="POST",',
        # SQS action style whose derived headers are all set live: nothing but the template
        '"PostNotify",\n            resource=notify,\n            http_method="POST",\n'
        '            service="sqs",\n            action="SendMessage",',
        'service="states",\n            action="StartExecution",',
        # EventBridge with both JSON 1.1 headers set live: the construct derives them
        '"PostEvents",\n            resource=events,\n            http_method="POST",\n'
        '            service="events",\n            action="PutEvents",\n'
        "            role=events_writer_role,\n"
        '            request_templates={"application/json": POST_EVENTS_TEMPLATE},\n        )',
        # S3 path style with path parameters, mapped for you by the construct
        'service="s3",\n            path="{bucket}/{key}",\n'
        '            integration_http_method="HEAD",',
        'path="static-assets/{proxy}",',
        'region="eu-west-1",',
        "passthrough_behavior=apigw.PassthroughBehavior.NEVER,",
        "timeout=cdk.Duration.millis(10000),",
        'request_parameters={"method.request.path.id": False},',
        "authorizer=users_authorizer,",
        "authorizer=token_check_authorizer,",
        "authorization_type=apigw.AuthorizationType.IAM,",
        "api_key_required=True,",
        'operation_name="ListProducts",',
        "request_validator=body_only_validator,",
        'request_models={"application/json": new_order_model},',
        'deploy_options=apigw.StageOptions(stage_name="prod", variables={"tier": "gold"}),',
        "apigw.MockIntegration(",
        "type=apigw.IntegrationType.HTTP_PROXY,",
        "type=apigw.IntegrationType.AWS_PROXY,",
    ],
)
def test_generated_code_expresses_each_feature(imported: Imported, expected: str) -> None:
    assert expected in imported.source


def test_methods_the_construct_cannot_rebuild_exactly_are_plain_and_explained(
    imported: Imported,
) -> None:
    assert "43 ServiceIntegrationMethod, 10 plain Method" in imported.stderr
    for path, header in (
        ("POST /events/raw", "integration.request.header.Content-Type"),
        ("POST /queues/{queue}/messages", "integration.request.header.Accept"),
    ):
        assert f"{path}: kept as a plain Method: ServiceIntegrationMethod adds {header}" in (
            imported.stderr
        )
    assert "# constructs-pkg: kept as a plain Method: ServiceIntegrationMethod adds" in (
        imported.source
    )


def test_templates_survive_byte_for_byte(imported: Imported) -> None:
    module = imported.module
    for entity in ("orders", "customers", "reviews"):
        assert getattr(module, f"POST_{entity.upper()}_TEMPLATE") == PUT_ITEM_VTL % entity
    resources = imported.template["Resources"].values()
    sent = {
        r["Properties"]["Integration"]["RequestTemplates"]["application/json"]
        for r in resources
        if r["Type"] == "AWS::ApiGateway::Method"
        and "RequestTemplates" in r["Properties"].get("Integration", {})
    }
    assert PUT_ITEM_VTL % "shipments" in sent
