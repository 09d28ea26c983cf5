"""The pure parts of the command line: literals, URIs, code generation, template resolution."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from cli_support import RUFF_RULES, ruff
from hypothesis import given, settings
from hypothesis import strategies as st

from constructs_pkg import _apimodel as model
from constructs_pkg._apimodel import (
    lambda_function_arn,
    parse_aws_uri,
    partition_of,
    role_name,
)
from constructs_pkg.cli._codegen import generate
from constructs_pkg.cli._diff import TemplateRole, Unresolved, diff
from constructs_pkg.cli._errors import CliError
from constructs_pkg.cli._pyfmt import Lit, layout, string_literal

HOSTILE = [
    "",
    '"',
    "'",
    "\\",
    '"""',
    "'''",
    'it\'s a "quote"',
    '#set($x = "$input.path(\'$.a\')")\n{"a": "$x"}\n',
    "caf\u00e9 \u2014 \u00a0nbsp \u200b zero-width \U0001f600",
    "tab\tcr\rnul\x00bell\x07del\x7f",
    "x" * 300,
    ("{" + '"k": "v", ' * 40 + "}"),
    "a\\nb (backslash n, not a newline)",
    "trailing spaces   \n   leading",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_string_literal_round_trips(text: str) -> None:
    literal = string_literal(text)
    assert ast.literal_eval(literal) == text
    assert literal.isascii()


@pytest.mark.parametrize("text", HOSTILE)
def test_a_long_constant_is_split_but_keeps_every_byte(text: str) -> None:
    lines = layout(Lit(text), indent="", head="VALUE = ", width=100)
    assert all(len(line) <= 100 for line in lines)
    namespace: dict[str, object] = {}
    exec("\n".join(lines), namespace)
    assert namespace["VALUE"] == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_survives_layout(text: str) -> None:
    lines = layout(Lit(text), indent="        ", head="key=", tail=",", width=100)
    assert all(len(line) <= 100 for line in lines)
    source = "\n".join(line.strip() for line in lines).removeprefix("key=").removesuffix(",")
    assert ast.literal_eval(source) == text


def test_hostile_constants_pass_ruff(tmp_path: Path) -> None:
    lines = ['"""Constants."""', ""]
    for index, text in enumerate(HOSTILE):
        lines += layout(Lit(text), indent="", head=f"VALUE_{index} = ", width=100)
    path = tmp_path / "constants.py"
    path.write_text("\n".join(lines) + "\n")
    check = ruff("check", "--select", RUFF_RULES, str(path), cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    fmt = ruff("format", "--check", "--diff", str(path), cwd=tmp_path)
    assert fmt.returncode == 0, fmt.stdout


@pytest.mark.parametrize(
    ("uri", "service", "action", "path", "parameters"),
    [
        ("arn:aws:apigateway:us-east-1:dynamodb:action/Scan", "dynamodb", "Scan", None, {}),
        (
            "arn:aws:apigateway:us-east-1:sqs:action/SendMessage&Version=2012-11-05",
            "sqs",
            "SendMessage",
            None,
            {"Version": "2012-11-05"},
        ),
        ("arn:aws:apigateway:eu-west-1:s3:path/{bucket}/{key}", "s3", None, "{bucket}/{key}", {}),
        (
            "arn:aws-cn:apigateway:cn-north-1:my-bucket.s3:path/{key}",
            "my-bucket.s3",
            None,
            "{key}",
            {},
        ),
        (
            "arn:aws:apigateway:us-east-1:runtime.sagemaker:action/X",
            "runtime.sagemaker",
            "X",
            None,
            {},
        ),
    ],
)
def test_parse_aws_uri(
    uri: str, service: str, action: str | None, path: str | None, parameters: dict[str, str]
) -> None:
    parsed = parse_aws_uri(uri)
    assert parsed is not None
    assert (parsed.service, parsed.action, parsed.path, dict(parsed.action_parameters)) == (
        service,
        action,
        path,
        parameters,
    )


@pytest.mark.parametrize(
    "uri",
    [
        "https://example.com/x",
        "arn:aws:apigateway:us-east-1:dynamodb:action/",
        "arn:aws:apigateway:us-east-1:dynamodb:path/",
        "arn:aws:apigateway:us-east-1:sqs:action/Send?x=1",
        "arn:aws:apigateway:us-east-1:sqs:action/Send&novalue",
    ],
)
def test_parse_aws_uri_refuses_other_forms(uri: str) -> None:
    assert parse_aws_uri(uri) is None


def test_arn_helpers() -> None:
    assert role_name("arn:aws:iam::123456789012:role/service-role/writer") == "writer"
    assert role_name("arn:aws:iam::*:user/*") is None
    assert partition_of("cn-north-1") == "aws-cn"
    assert partition_of("us-gov-west-1") == "aws-us-gov"
    assert partition_of("eu-central-1") == "aws"
    fn = "arn:aws:lambda:us-east-1:123456789012:function:f"
    assert (
        lambda_function_arn(
            f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{fn}/invocations"
        )
        == fn
    )


ROLE = "arn:aws:iam::123456789012:role/api"
OK = (model.IntegrationResponse(status_code="200", response_templates={"application/json": ""}),)
OK_METHOD = (
    model.MethodResponse(status_code="200", response_models={"application/json": "Empty"}),
)


def _method(verb: str, integration: model.Integration, **extra: object) -> model.Method:
    values: dict[str, object] = {
        "path": "/items",
        "resource_id": "items1",
        "http_method": verb,
        "method_responses": OK_METHOD,
        "integration": integration,
    }
    values.update(extra)
    return model.Method(**values)  # type: ignore[arg-type]


def _aws(uri: str, **extra: object) -> model.Integration:
    values: dict[str, object] = {
        "type": "AWS",
        "http_method": "POST",
        "uri": uri,
        "credentials": ROLE,
        "passthrough_behavior": "WHEN_NO_TEMPLATES",
        "responses": OK,
    }
    values.update(extra)
    return model.Integration(**values)  # type: ignore[arg-type]


def _api(*methods: model.Method, **extra: object) -> model.RestApi:
    values: dict[str, object] = {
        "id": "a1b2c3d4e5",
        "name": 'odd "name" \\ caf\u00e9 """',
        "region": "us-east-1",
        "resources": (
            model.Resource(id="root1", path="/"),
            model.Resource(id="items1", path="/items", parent_id="root1", path_part="items"),
        ),
        "methods": methods,
        "stages": (model.Stage(name="prod"), model.Stage(name="dev", has_other_settings=False)),
    }
    values.update(extra)
    return model.RestApi(**values)  # type: ignore[arg-type]


FALLBACKS = _api(
    _method("GET", _aws("arn:aws:apigateway:us-east-1:dynamodb:action/Scann")),
    _method("POST", _aws("arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", credentials=None)),
    _method(
        "PUT",
        _aws("arn:aws:apigateway:us-east-1:sqs:action/SendMessage&Version=2012-11-05"),
    ),
    _method(
        "DELETE",
        _aws(
            "arn:aws:apigateway:us-east-1:dynamodb:action/DeleteItem",
            cache_key_parameters=("method.request.path.id",),
        ),
    ),
    _method("PATCH", _aws("arn:aws:apigateway:us-east-1:dynamodb:action/UpdateItem", responses=())),
    _method(
        "HEAD",
        _aws("arn:aws:apigateway:us-east-1:my-bucket.s3:path/{key}", http_method="HEAD"),
    ),
    _method(
        "OPTIONS",
        _aws(
            "arn:aws:apigateway:us-east-1:dynamodb:action/Scan", credentials="arn:aws:iam::*:user/*"
        ),
    ),
    _method(
        "ANY",
        model.Integration(type="HTTP", http_method="GET", uri="https://example.com"),
        authorization_type="CUSTOM",
        authorizer_id="auth1",
    ),
    endpoint_types=("PRIVATE",),
    has_policy=True,
    authorizers={
        "auth1": model.Authorizer(
            id="auth1",
            name="req",
            type="REQUEST",
            authorizer_uri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
            "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations",
        )
    },
)


@pytest.fixture(scope="module")
def fallbacks(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, str]:
    module = generate(FALLBACKS)
    path = tmp_path_factory.mktemp("fallbacks") / "fallbacks_stack.py"
    path.write_text(module.source)
    return module.source, path, "\n".join(module.notes)


@pytest.mark.parametrize(
    "expected",
    [
        "kept as a plain Method: 'action' 'Scann' is not an operation",
        "kept as a plain Method: it has no credentials (role)",
        'action_parameters={"Version": "2012-11-05"},',
        "ServiceIntegrationMethod has no keyword for cache_key_parameters",
        'cache_key_parameters=["method.request.path.id"],',
        "it has no integration response",
        'service="s3",\n                subdomain="my-bucket",',
        "credentials_passthrough=True,",
        "authorization_type=apigw.AuthorizationType.CUSTOM,",
        "a REQUEST authorizer without identity sources cannot be declared in CDK",
        "a PRIVATE API needs its VPC endpoints",
        "the live API has a resource policy, not imported",
        "the live API also has the stages 'dev'",
    ],
)
def test_codegen_explains_what_it_cannot_express(
    fallbacks: tuple[str, Path, str], expected: str
) -> None:
    source, _, notes = fallbacks
    assert expected in notes or expected in source


def test_codegen_output_with_fallbacks_compiles_and_passes_ruff(
    fallbacks: tuple[str, Path, str],
) -> None:
    source, path, notes = fallbacks
    assert source.count("# constructs-pkg:") == len(notes.splitlines()) + 1  # + the docstring
    compile(source, str(path), "exec")
    assert "from constructs_pkg import" not in source  # no method qualified
    check = ruff("check", "--select", RUFF_RULES, str(path), cwd=path.parent)
    assert check.returncode == 0, check.stdout
    fmt = ruff("format", "--check", "--diff", str(path), cwd=path.parent)
    assert fmt.returncode == 0, fmt.stdout


def test_codegen_honours_another_line_length(tmp_path: Path) -> None:
    source = generate(FALLBACKS, width=88).source
    assert max(len(line) for line in source.splitlines()) <= 88
    path = tmp_path / "narrow_stack.py"
    path.write_text(source)
    fmt = ruff("format", "--check", str(path), cwd=tmp_path, line_length=88)
    assert fmt.returncode == 0, fmt.stdout


def test_codegen_without_stage_deploys_nothing() -> None:
    source = generate(_api(stages=())).source
    assert "deploy=False," in source
    assert "the live API has no stage" in source


# --- diff: the template side --------------------------------------------------------------

LIVE = _api(
    _method(
        "GET",
        _aws(
            "arn:aws:apigateway:us-east-1:dynamodb:action/Scan",
            credentials="arn:aws:iam::123456789012:role/path/named-role",
        ),
    ),
    _method(
        "POST",
        model.Integration(
            type="AWS_PROXY",
            http_method="POST",
            uri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
            "arn:aws:lambda:us-east-1:123456789012:function:f/invocations",
        ),
        method_responses=(),
    ),
    name="api",
)


def _template(role_name_value: str | None, uri: object) -> dict[str, object]:
    role_props = {"RoleName": role_name_value} if role_name_value else {}
    return {
        "Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "api"}},
            "Items": {
                "Type": "AWS::ApiGateway::Resource",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                    "PathPart": "items",
                },
            },
            "Role": {"Type": "AWS::IAM::Role", "Properties": role_props},
            "Get": {
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "ResourceId": {"Ref": "Items"},
                    "HttpMethod": "GET",
                    "AuthorizationType": "NONE",
                    "MethodResponses": [
                        {"StatusCode": "200", "ResponseModels": {"application/json": "Empty"}}
                    ],
                    "Integration": {
                        "Type": "AWS",
                        "IntegrationHttpMethod": "POST",
                        "Uri": {
                            "Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:"
                            "dynamodb:action/Scan"
                        },
                        "Credentials": {"Fn::GetAtt": ["Role", "Arn"]},
                        "PassthroughBehavior": "WHEN_NO_TEMPLATES",
                        "IntegrationResponses": [
                            {"StatusCode": "200", "ResponseTemplates": {"application/json": ""}}
                        ],
                    },
                },
            },
            "Post": {
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "ResourceId": {"Ref": "Items"},
                    "HttpMethod": "POST",
                    "Integration": {
                        "Type": "AWS_PROXY",
                        "IntegrationHttpMethod": "POST",
                        "Uri": uri,
                    },
                },
            },
        }
    }


LAMBDA_URI_JOIN = {
    "Fn::Join": [
        "",
        [
            "arn:",
            {"Ref": "AWS::Partition"},
            ":apigateway:",
            {"Ref": "AWS::Region"},
            ":lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:",
            {"Ref": "AWS::AccountId"},
            ":function:f/invocations",
        ],
    ]
}


def test_diff_resolves_sub_join_and_pseudo_parameters() -> None:
    template = _template("named-role", LAMBDA_URI_JOIN)
    report = diff(LIVE, template)
    assert not report.differs, report.differences
    assert report.notes == ()


def test_diff_reports_a_role_of_another_name() -> None:
    template = _template("other-role", LAMBDA_URI_JOIN)
    report = diff(LIVE, template)
    (difference,) = report.differences
    assert difference.field == "integration.credentials"
    assert difference.template == TemplateRole("Role", "other-role")


def test_diff_notes_values_known_only_after_deploy() -> None:
    template = _template(None, {"Fn::GetAtt": ["Function", "Arn"]})
    report = diff(LIVE, template)
    assert not report.differs
    fields = {note.field: note.text for note in report.notes}
    assert "role from template (Role)" in fields["integration.credentials"]
    assert "<Function.Arn>" in fields["integration.uri"]
    assert Unresolved("<x>").text == "<x>"


def test_diff_finds_the_role_of_credentials_built_with_join() -> None:
    template = _template("named-role", LAMBDA_URI_JOIN)
    arn = [
        "arn:",
        {"Ref": "AWS::Partition"},
        ":iam::",
        {"Ref": "AWS::AccountId"},
        ":role/",
        {"Ref": "Role"},
    ]
    get = template["Resources"]["Get"]  # type: ignore[index]
    get["Properties"]["Integration"]["Credentials"] = {"Fn::Join": ["", arn]}
    report = diff(LIVE, template)
    assert not report.differs, report.differences
    assert report.notes == ()


def test_diff_fails_when_the_template_has_no_rest_api() -> None:
    with pytest.raises(CliError) as caught:
        diff(LIVE, {"Resources": {}})
    assert caught.value.code == "no-rest-api-in-template"


def test_diff_picks_the_rest_api_by_name_or_logical_id() -> None:
    template = _template("named-role", LAMBDA_URI_JOIN)
    resources = template["Resources"]
    resources["Other"] = {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "other"}}  # type: ignore[index]
    assert diff(LIVE, template).api_logical_id == "Api"
    resources["Api"]["Properties"]["Name"] = "renamed"  # type: ignore[index]
    with pytest.raises(CliError) as caught:
        diff(LIVE, template)
    assert caught.value.code == "ambiguous-rest-api"
    assert "--api-logical-id" in caught.value.message
    report = diff(LIVE, template, api_logical_id="Api")
    assert not report.differs
    with pytest.raises(CliError) as unknown:
        diff(LIVE, template, api_logical_id="Nope")
    assert unknown.value.code == "no-rest-api-in-template"


def test_codegen_of_an_api_without_methods_deploys_nothing() -> None:
    source = generate(_api(resources=(model.Resource(id="root1", path="/"),))).source
    assert "deploy=False," in source
    assert "CDK cannot deploy an API without one" in source
    compile(source, "empty_stack.py", "exec")
