"""Round trip on the SDK example: boto3 calls → ``import`` → generated stack → synth → ``diff``."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk
import pytest
from cli_support import (
    REGION,
    REPO,
    ROLE_ARN,
    RUFF_RULES,
    TABLE,
    build_example_api,
    load_module,
    ruff,
    synth,
)

from app import ProfilesApiParityStack
from constructs_pkg.cli import EXIT_DIFFERENT, EXIT_ERROR, EXIT_OK, main

if TYPE_CHECKING:
    from mypy_boto3_apigateway.client import APIGatewayClient

SCAN = json.dumps({"TableName": TABLE})
PUT_ITEM = json.dumps(
    {
        "TableName": TABLE,
        "Item": {
            "username": {"S": "$input.path('$.username')"},
            "name": {"S": "$input.path('$.name')"},
            "title": {"S": "$input.path('$.title')"},
        },
    }
)
GET_ITEM = json.dumps(
    {"TableName": TABLE, "Key": {"username": {"S": "$method.request.path.username"}}}
)


@dataclass(frozen=True)
class Imported:
    api_id: str
    path: Path
    source: str
    stderr: str
    module: ModuleType
    template_path: Path
    template: dict[str, Any]


@pytest.fixture(scope="module")
def imported(apigateway: APIGatewayClient, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """GIVEN the example built with its four boto3 calls per method, imported and synthesized."""
    api_id = build_example_api(apigateway)
    folder = tmp_path_factory.mktemp("example")
    path = folder / "profiles_stack.py"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["import", "--rest-api-id", api_id, "--region", REGION, "-o", str(path)])
    assert status == EXIT_OK
    module = load_module(path, "generated_profiles_stack")
    template_path = synth(module, folder / "cdk.out")
    return Imported(
        api_id=api_id,
        path=path,
        source=path.read_text(encoding="utf-8"),
        stderr=err.getvalue(),
        module=module,
        template_path=template_path,
        template=json.loads(template_path.read_text(encoding="utf-8")),
    )


def _diff(
    api_id: str, template: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    status = main(
        ["diff", "--rest-api-id", api_id, "--region", REGION, "--template", str(template), *extra]
    )
    return status, capsys.readouterr().out


def test_import_writes_one_service_integration_method_per_method(imported: Imported) -> None:
    assert imported.source.count("ServiceIntegrationMethod(") == 3
    assert "add_method(" not in imported.source
    assert not [line for line in imported.source.splitlines() if line.strip().startswith("#")]
    assert "3 methods (3 ServiceIntegrationMethod, 0 plain Method), 0 notes" in imported.stderr


def test_import_keeps_the_mapping_templates_byte_for_byte(imported: Imported) -> None:
    module = imported.module
    assert module.GET_PROFILES_TEMPLATE == SCAN
    assert module.POST_PROFILES_TEMPLATE == PUT_ITEM
    assert module.GET_PROFILES_USERNAME_TEMPLATE == GET_ITEM


def test_import_keeps_the_role_as_an_immutable_imported_role(imported: Imported) -> None:
    assert imported.module.ROLE_ARN == ROLE_ARN
    assert 'iam.Role.from_role_arn(self, "Role", ROLE_ARN, mutable=False)' in imported.source
    methods = _methods(imported.template)
    assert {m["Integration"]["Credentials"] for m in methods.values()} == {ROLE_ARN}
    assert not [r for r in imported.template["Resources"].values() if r["Type"] == "AWS::IAM::Role"]


def test_generated_stack_is_the_example_in_cloudformation(imported: Imported) -> None:
    methods = _methods(imported.template)
    assert len(methods) == 3
    templates = sorted(
        m["Integration"]["RequestTemplates"]["application/json"] for m in methods.values()
    )
    assert templates == sorted([SCAN, PUT_ITEM, GET_ITEM])
    for method in methods.values():
        assert method["AuthorizationType"] == "NONE"
        assert method["MethodResponses"] == [
            {"StatusCode": "200", "ResponseModels": {"application/json": "Empty"}}
        ]
        integration = method["Integration"]
        assert integration["Type"] == "AWS"
        assert integration["IntegrationHttpMethod"] == "POST"
        assert integration["PassthroughBehavior"] == "WHEN_NO_TEMPLATES"
        assert integration["IntegrationResponses"] == [
            {"StatusCode": "200", "ResponseTemplates": {"application/json": ""}}
        ]
        assert "RequestParameters" not in integration
    (stage,) = [
        r for r in imported.template["Resources"].values() if r["Type"] == "AWS::ApiGateway::Stage"
    ]
    assert stage["Properties"]["StageName"] == "test"


def test_generated_code_passes_ruff(imported: Imported) -> None:
    check = ruff("check", "--select", RUFF_RULES, str(imported.path), cwd=imported.path.parent)
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = ruff("format", "--check", "--diff", str(imported.path), cwd=imported.path.parent)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_diff_reports_no_difference_against_the_generated_stack(
    imported: Imported, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _diff(imported.api_id, imported.template_path, capsys)
    assert status == EXIT_OK, out
    assert "no differences: 3 live methods, 3 in the template; 3 identical" in out


def test_generated_module_runs_as_a_cdk_app(imported: Imported, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CDK_OUTDIR": str(tmp_path / "out"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    run = subprocess.run(
        [sys.executable, str(imported.path)], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    written = json.loads((tmp_path / "out" / imported.template_path.name).read_text())
    assert _methods(written).keys() == _methods(imported.template).keys()


def test_python_dash_m_runs_the_command_line() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "constructs_pkg", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "import" in run.stdout and "diff" in run.stdout and "exit status" in run.stdout


def test_import_writes_to_stdout_without_output_file(
    imported: Imported, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["import", "--rest-api-id", imported.api_id, "--region", REGION, "-q"])
    captured = capsys.readouterr()
    assert status == EXIT_OK
    assert captured.out == imported.source
    assert captured.err == ""


def _methods(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        lid: r["Properties"]
        for lid, r in template["Resources"].items()
        if r["Type"] == "AWS::ApiGateway::Method"
    }


def _method_id(template: dict[str, Any], verb: str, path_part: str | None) -> str:
    """The logical id of the method ``verb`` on the resource with ``path_part`` (None: any)."""
    resources = template["Resources"]
    for lid, props in _methods(template).items():
        if props["HttpMethod"] != verb:
            continue
        ref = props["ResourceId"].get("Ref")
        part = resources[ref]["Properties"]["PathPart"] if ref else None
        if path_part is None or part == path_part:
            return lid
    raise AssertionError(f"no {verb} {path_part}")


Mutation = Callable[[dict[str, Any]], None]


def _change_template(t: dict[str, Any]) -> None:
    lid = _method_id(t, "GET", "profiles")
    t["Resources"][lid]["Properties"]["Integration"]["RequestTemplates"]["application/json"] = (
        '{"TableName": "other-table"}'
    )


def _change_status(t: dict[str, Any]) -> None:
    props = t["Resources"][_method_id(t, "POST", "profiles")]["Properties"]
    props["MethodResponses"][0]["StatusCode"] = "201"
    props["Integration"]["IntegrationResponses"][0]["StatusCode"] = "201"


def _change_verb(t: dict[str, Any]) -> None:
    t["Resources"][_method_id(t, "POST", "profiles")]["Properties"]["HttpMethod"] = "PUT"


def _change_integration_verb(t: dict[str, Any]) -> None:
    props = t["Resources"][_method_id(t, "GET", "{username}")]["Properties"]
    props["Integration"]["IntegrationHttpMethod"] = "GET"


def _remove_method(t: dict[str, Any]) -> None:
    del t["Resources"][_method_id(t, "GET", "{username}")]


def _change_action(t: dict[str, Any]) -> None:
    props = t["Resources"][_method_id(t, "GET", "profiles")]["Properties"]
    parts = props["Integration"]["Uri"]["Fn::Join"][1]
    parts[-1] = parts[-1].replace("Scan", "Query")


def _change_passthrough(t: dict[str, Any]) -> None:
    props = t["Resources"][_method_id(t, "GET", "profiles")]["Properties"]
    del props["Integration"]["PassthroughBehavior"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            _change_template,
            [
                "GET /profiles: 1 difference",
                'integration.requestTemplates["application/json"]',
                '\'{"TableName": "other-table"}\'',
            ],
            id="template",
        ),
        pytest.param(
            _change_status,
            [
                'methodResponses["200"]\n    live:     declared\n    template: (absent)',
                'methodResponses["201"]\n    live:     (absent)\n    template: declared',
                'integration.integrationResponses["200"]',
            ],
            id="status-code",
        ),
        pytest.param(
            _change_verb,
            ["POST /profiles: only in the live API", "PUT /profiles: only in the template"],
            id="verb",
        ),
        pytest.param(
            _change_integration_verb,
            ["GET /profiles/{username}: 1 difference", "integration.httpMethod", "'GET'"],
            id="integration-verb",
        ),
        pytest.param(
            _remove_method,
            ["GET /profiles/{username}: only in the live API (missing from the template)"],
            id="missing-method",
        ),
        pytest.param(
            _change_action,
            ["integration.uri", "arn:aws:apigateway:us-east-1:dynamodb:action/Query"],
            id="action",
        ),
        pytest.param(
            _change_passthrough,
            ["integration.passthroughBehavior", "'WHEN_NO_MATCH'"],
            id="passthrough",
        ),
    ],
)
def test_diff_detects_each_kind_of_change(
    imported: Imported,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    mutate: Mutation,
    expected: list[str],
) -> None:
    template = copy.deepcopy(imported.template)
    mutate(template)
    changed = tmp_path / "changed.template.json"
    changed.write_text(json.dumps(template))
    status, out = _diff(imported.api_id, changed, capsys)
    assert status == EXIT_DIFFERENT, out
    for text in expected:
        assert text in out
    assert "DIFFERENT:" in out


def test_diff_detects_a_change_made_to_the_live_api(
    apigateway: APIGatewayClient, imported: Imported, capsys: pytest.CaptureFixture[str]
) -> None:
    api_id = build_example_api(apigateway)
    resources = apigateway.get_resources(restApiId=api_id)["items"]
    (profiles,) = [r["id"] for r in resources if r["path"] == "/profiles"]
    apigateway.put_integration_response(
        restApiId=api_id,
        resourceId=profiles,
        httpMethod="GET",
        statusCode="200",
        responseTemplates={"application/json": "$input.json('$.Items')"},
    )
    status, out = _diff(api_id, imported.template_path, capsys)
    assert status == EXIT_DIFFERENT
    assert 'integration.integrationResponses["200"].responseTemplates["application/json"]' in out
    assert "live:     \"$input.json('$.Items')\"" in out


def test_parity_app_is_a_faithful_replacement_of_the_boto3_api(
    imported: Imported, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """app.py's construct-based stack against the API the boto3 example built."""
    app = cdk.App(outdir=str(tmp_path))
    ProfilesApiParityStack(app, "ProfilesApiParity")
    app.synth()
    template = tmp_path / "ProfilesApiParity.template.json"
    status, out = _diff(imported.api_id, template, capsys)
    assert status == EXIT_OK, out
    assert "3 identical" in out
    assert "integration.credentials: role from template (ApiServiceIntegrationsRole" in out
    strict, _ = _diff(imported.api_id, template, capsys, "--strict")
    assert strict == EXIT_DIFFERENT


@pytest.mark.parametrize("command", ["import", "diff"])
def test_fails_when_the_api_id_is_unknown(
    imported: Imported, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    extra = ["--template", str(imported.template_path)] if command == "diff" else []
    status = main([command, "--rest-api-id", "nosuchapi1", "--region", REGION, *extra])
    captured = capsys.readouterr()
    assert status == EXIT_ERROR
    assert captured.out == ""
    assert (
        "constructs-pkg: error: [unknown-rest-api] no REST API with id 'nosuchapi1' in region "
        "'us-east-1'" in captured.err
    )
    assert "aws apigateway get-rest-apis --region us-east-1" in captured.err
