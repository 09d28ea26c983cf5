"""Request templates: values, types, defaults, tokens and the errors of bad declarations."""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import parse_qs

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb

from constructs_pkg._templates import (
    DynamoDbItem,
    FormTemplate,
    From,
    JsonTemplate,
    RequestTemplateSource,
    has_template_values,
    request_parameters,
)
from constructs_pkg.errors import ValidationError
from constructs_pkg.testing import SampleRequest, render_request


def _render(template: JsonTemplate, **request: object) -> object:
    return json.loads(render_request(template.to_vtl(), SampleRequest(**request)))  # type: ignore[arg-type]


def _form(template: FormTemplate, **request: object) -> dict[str, str]:
    body = render_request(template.to_vtl(), SampleRequest(**request))  # type: ignore[arg-type]
    return {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}


# ------------------------------------------------------------------------------ the protocol


def test_templates_implement_the_request_template_source_protocol() -> None:
    json_template = JsonTemplate({"a": 1})
    form_template = FormTemplate({"Action": "Publish"})
    assert isinstance(json_template, RequestTemplateSource)
    assert isinstance(form_template, RequestTemplateSource)
    assert json_template.content_format == "json"
    assert form_template.content_format == "form"
    assert isinstance(json_template.to_vtl(), str)


def test_templates_are_frozen_values() -> None:
    template = JsonTemplate({"a": From.path("id")})
    assert template == JsonTemplate({"a": From.path("id")})
    with pytest.raises(AttributeError):
        template.body = {}  # type: ignore[misc]


# ------------------------------------------------------------------------------- literals


def test_literal_strings_reach_velocity_without_dollar_or_hash() -> None:
    # GIVEN literals that look like VTL
    template = JsonTemplate({"$input.body": "#set($x = 1)$input.json('$')", "k": "\\$x"})
    # WHEN compiled
    vtl = template.to_vtl()
    # THEN Velocity sees no reference or directive in them, and renders them unchanged
    assert "$input" not in vtl
    assert "#set" not in vtl
    assert "\\u0024input.body" in vtl
    assert _render(template) == {"$input.body": "#set($x = 1)$input.json('$')", "k": "\\$x"}


def test_literal_scalars_and_containers_are_written_as_json() -> None:
    template = JsonTemplate({"n": 3, "f": 2.5, "t": True, "z": None, "l": [1, "a", {"b": []}]})
    assert _render(template) == {"n": 3, "f": 2.5, "t": True, "z": None, "l": [1, "a", {"b": []}]}


def test_cdk_tokens_pass_through_for_cdk_to_resolve() -> None:
    # GIVEN a table whose name is a token
    stack = cdk.Stack(cdk.App(), "S")
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
    )
    template = JsonTemplate({"TableName": table.table_name, "Arn": f"prefix:{table.table_arn}"})
    # WHEN compiled
    vtl = template.to_vtl()
    # THEN the tokens are in the template as they are, and CDK resolves them to references
    assert table.table_name in vtl
    resolved = json.dumps(stack.resolve(vtl))
    assert "Token[" not in resolved
    assert stack.get_logical_id(table.node.default_child) in resolved  # type: ignore[arg-type]
    rendered = render_request(vtl, tokens={table.table_name: "profiles", table.table_arn: "arn"})
    assert json.loads(rendered) == {"TableName": "profiles", "Arn": "prefix:arn"}


def test_number_tokens_are_written_as_tokens() -> None:
    stack = cdk.Stack(cdk.App(), "S")
    limit = cdk.CfnParameter(stack, "Limit", type="Number").value_as_number
    vtl = JsonTemplate({"Limit": limit, "Item": DynamoDbItem({"n": limit})}).to_vtl()
    assert "${Token[" in vtl
    assert '{"N": "${Token[' in vtl


def test_fails_when_a_literal_holds_a_list_token() -> None:
    stack = cdk.Stack(cdk.App(), "S")
    names = cdk.CfnParameter(stack, "Names", type="CommaDelimitedList").value_as_list
    with pytest.raises(ValidationError) as error:
        JsonTemplate({"names": names}).to_vtl()
    assert error.value.code == "unsupported-list-token"


def test_fails_when_a_literal_is_not_finite() -> None:
    with pytest.raises(ValidationError) as error:
        JsonTemplate({"n": float("nan")}).to_vtl()
    assert error.value.code == "invalid-literal"


def test_fails_when_a_key_is_not_a_string() -> None:
    with pytest.raises(ValidationError) as error:
        JsonTemplate({1: "a"}).to_vtl()
    assert error.value.code == "invalid-template-key"


def test_fails_when_a_value_is_not_json() -> None:
    with pytest.raises(ValidationError) as error:
        JsonTemplate({"a": object()}).to_vtl()
    assert error.value.code == "invalid-template-value"


# ---------------------------------------------------------------------- values and sources


def test_each_source_reads_its_own_part_of_the_request() -> None:
    template = JsonTemplate(
        {
            "path": From.path("id"),
            "query": From.query("id"),
            "header": From.header("id"),
            "body": From.body("id"),
            "requestId": From.context("requestId"),
            "epoch": From.context("requestTimeEpoch", type="number"),
            "ip": From.context("identity.sourceIp"),
            "stage": From.context("stage"),
            "stageVar": From.stage_variable("env"),
        }
    )
    assert _render(
        template,
        path_params={"id": "p"},
        query={"id": "q"},
        headers={"id": "h"},
        body={"id": "b"},
        stage_variables={"env": "prod"},
    ) == {
        "path": "p",
        "query": "q",
        "header": "h",
        "body": "b",
        "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "epoch": 1428582896000,
        "ip": "192.0.2.1",
        "stage": "test",
        "stageVar": "prod",
    }


def test_a_simple_field_name_is_a_json_path() -> None:
    assert From.body("user.name") == From.body("$.user.name")


def test_missing_values_follow_required_and_default() -> None:
    template = JsonTemplate(
        {
            "optional": From.query("a"),
            "required": From.query("b", required=True),
            "text": From.query("c", default="none"),
            "limit": From.query("d", type="number", default=10),
            "flag": From.query("e", type="boolean", default=False),
            "tags": From.body("$.tags", type="string_list", default=["x"]),
            "doc": From.body("$.doc", type="json", default={"k": [1]}),
        }
    )
    assert _render(template, body={}) == {
        "required": None,
        "text": "none",
        "limit": 10,
        "flag": False,
        "tags": ["x"],
        "doc": {"k": [1]},
    }


def test_an_empty_value_counts_as_missing() -> None:
    template = JsonTemplate({"a": From.query("a"), "b": From.body("$.b")})
    assert _render(template, query={"a": ""}, body={"b": ""}) == {}


def test_values_failing_their_type_are_written_as_null() -> None:
    template = JsonTemplate(
        {
            "n": From.query("n", type="number"),
            "leading_zero": From.query("z", type="number"),
            "b": From.query("b", type="boolean"),
            "l": From.body("$.l", type="number_list"),
            "s": From.body("$.s", type="string_list"),
        }
    )
    assert _render(
        template, query={"n": "12abc", "z": "007", "b": "yes"}, body={"l": [1, "x", 2.5], "s": "no"}
    ) == {"n": None, "leading_zero": None, "b": None, "l": [1, None, 2.5], "s": None}


def test_numbers_and_booleans_from_parameters_are_written_unquoted() -> None:
    template = JsonTemplate(
        {"n": From.query("n", type="number"), "b": From.header("B", type="boolean")}
    )
    assert _render(template, query={"n": "-1.5e3"}, headers={"B": "true"}) == {
        "n": -1500.0,
        "b": True,
    }


def test_a_string_value_of_another_json_type_is_written_as_its_text() -> None:
    template = JsonTemplate({"a": From.body("$.a"), "b": From.body("$.b")})
    assert _render(template, body={"a": 42, "b": True}) == {"a": "42", "b": "true"}


def test_json_values_are_embedded_as_json() -> None:
    template = JsonTemplate(
        {"doc": From.body("$.doc", type="json"), "all": From.whole_body(type="json")}
    )
    body = {"doc": {"x": [1, "two", None, {"q": '"'}]}}
    assert _render(template, body=body) == {"doc": body["doc"], "all": body}


def test_the_whole_body_is_its_raw_text() -> None:
    template = JsonTemplate({"message": From.whole_body(required=True)})
    assert _render(template, body='{"not": "parsed"}') == {"message": '{"not": "parsed"}'}
    assert _render(template) == {"message": None}


def test_an_empty_set_counts_as_missing() -> None:
    template = JsonTemplate({"s": From.body("$.s", type="string_set")})
    assert _render(template, body={"s": []}) == {}
    assert _render(template, body={"s": ["a"]}) == {"s": ["a"]}


def test_an_optional_root_value_writes_null_when_missing() -> None:
    template = JsonTemplate(From.body("$.doc", type="json"))
    assert render_request(template.to_vtl(), SampleRequest(body={})) == "null"


def test_the_whole_body_as_json_is_an_empty_object_without_payload() -> None:
    # API Gateway: without payload, $input.json('$') is {}
    template = JsonTemplate({"all": From.whole_body(type="json")})
    assert _render(template) == {"all": {}}


# ----------------------------------------------------------------------------------- DynamoDB


def test_dynamodb_item_marshals_each_declared_type() -> None:
    template = JsonTemplate(
        {
            "Item": DynamoDbItem(
                {
                    "s": From.body("$.s"),
                    "n": From.body("$.n", type="number"),
                    "b": From.body("$.b", type="boolean"),
                    "sl": From.body("$.sl", type="string_list"),
                    "nl": From.body("$.nl", type="number_list"),
                    "ss": From.body("$.ss", type="string_set"),
                    "ns": From.body("$.ns", type="number_set"),
                    "m": {"city": From.body("$.city"), "zip": From.body("$.zip")},
                    "l": [From.body("$.s"), 1],
                    "lit_s": "x",
                    "lit_n": 7,
                    "lit_b": False,
                    "lit_null": None,
                    "lit_bytes": b"hi",
                    "lit_ss": {"b", "a"},
                    "lit_ns": frozenset({2, 1}),
                }
            )
        }
    )
    body = {
        "s": "v",
        "n": 4.5,
        "b": True,
        "sl": ["a"],
        "nl": [1],
        "ss": ["x"],
        "ns": [3],
        "city": "c",
    }
    assert _render(template, body=body) == {
        "Item": {
            "s": {"S": "v"},
            "n": {"N": "4.5"},
            "b": {"BOOL": True},
            "sl": {"L": [{"S": "a"}]},
            "nl": {"L": [{"N": "1"}]},
            "ss": {"SS": ["x"]},
            "ns": {"NS": ["3"]},
            "m": {"M": {"city": {"S": "c"}}},
            "l": {"L": [{"S": "v"}, {"N": "1"}]},
            "lit_s": {"S": "x"},
            "lit_n": {"N": "7"},
            "lit_b": {"BOOL": False},
            "lit_null": {"NULL": True},
            "lit_bytes": {"B": "aGk="},
            "lit_ss": {"SS": ["a", "b"]},
            "lit_ns": {"NS": ["1", "2"]},
        }
    }


def test_dynamodb_missing_and_invalid_values() -> None:
    template = JsonTemplate(
        {
            "Key": DynamoDbItem(
                {
                    "id": From.body("$.id", required=True),
                    "n": From.body("$.n", type="number"),
                    "opt": From.body("$.opt"),
                    "d": From.body("$.d", type="number", default=0),
                    "ds": From.body("$.ds", type="string_set", default=["a"]),
                }
            )
        }
    )
    assert _render(template, body={"n": "x"}) == {
        "Key": {"id": {"S": None}, "n": {"N": None}, "d": {"N": "0"}, "ds": {"SS": ["a"]}}
    }


def test_fails_when_a_dynamodb_value_is_typed_json() -> None:
    with pytest.raises(ValidationError) as error:
        JsonTemplate(DynamoDbItem({"doc": From.body("$.doc", type="json")})).to_vtl()
    assert error.value.code == "unsupported-dynamodb-value"


@pytest.mark.parametrize("value", [set(), {1, "a"}])
def test_fails_when_a_dynamodb_set_literal_is_empty_or_mixed(value: set[object]) -> None:
    with pytest.raises(ValidationError) as error:
        JsonTemplate(DynamoDbItem({"s": value})).to_vtl()
    assert error.value.code == "invalid-dynamodb-set"


def test_fails_when_a_dynamodb_value_is_not_supported() -> None:
    with pytest.raises(ValidationError) as error:
        JsonTemplate(DynamoDbItem({"s": object()})).to_vtl()
    assert error.value.code == "invalid-template-value"


def test_fails_when_dynamodb_attributes_are_not_a_dict() -> None:
    with pytest.raises(ValidationError) as error:
        JsonTemplate(DynamoDbItem(["a"])).to_vtl()  # type: ignore[arg-type]
    assert error.value.code == "invalid-template-value"


# --------------------------------------------------------------------------------------- forms


def test_form_template_encodes_literals_and_values() -> None:
    template = FormTemplate(
        {
            "Action": "SendMessage",
            "MessageBody": From.whole_body(required=True),
            "DelaySeconds": From.query("delay", type="number"),
            "Fifo": From.query("fifo", type="boolean", default=False),
            "Doc": From.body("$.doc", type="json"),
            "Count": 3,
            "On": True,
        }
    )
    assert _form(template, body='{"doc": {"a": 1}}', query={"delay": "5"}) == {
        "Action": "SendMessage",
        "MessageBody": '{"doc": {"a": 1}}',
        "DelaySeconds": "5",
        "Fifo": "false",
        "Doc": '{"a":1}',
        "Count": "3",
        "On": "true",
    }


def test_form_template_writes_invalid_and_required_missing_values_empty() -> None:
    template = FormTemplate(
        {"N": From.query("n", type="number"), "R": From.query("r", required=True)}
    )
    assert _form(template, query={"n": "x"}) == {"N": "", "R": ""}


def test_form_template_is_one_line() -> None:
    template = FormTemplate({"A": "1", "B": From.query("b"), "C": From.header("c")})
    assert "\n" not in template.to_vtl()


def test_fails_when_a_form_value_is_a_list() -> None:
    with pytest.raises(ValidationError) as error:
        FormTemplate({"L": From.body("$.l", type="string_list")}).to_vtl()
    assert error.value.code == "unsupported-form-value"


def test_fails_when_a_form_value_is_a_dict() -> None:
    with pytest.raises(ValidationError) as error:
        FormTemplate({"D": {"a": 1}}).to_vtl()  # type: ignore[dict-item]
    assert error.value.code == "invalid-template-value"


def test_fails_when_a_form_field_name_is_empty() -> None:
    with pytest.raises(ValidationError) as error:
        FormTemplate({"": "x"}).to_vtl()
    assert error.value.code == "invalid-template-key"


# ------------------------------------------------------------------------- declaration errors


@pytest.mark.parametrize("name", ["it's", "a b", "x$y", "x#y", "a\\b", "", "${Token[TOKEN.1]}"])
def test_fails_when_a_parameter_name_cannot_be_quoted(name: str) -> None:
    with pytest.raises(ValidationError) as error:
        From.query(name)
    assert error.value.code == "invalid-parameter-name"


@pytest.mark.parametrize("path", ["$['it''s']", "no spaces", "$.a\\b", "$.a#b", "$.a\nb"])
def test_fails_when_a_json_path_cannot_be_quoted(path: str) -> None:
    with pytest.raises(ValidationError) as error:
        From.body(path)
    assert error.value.code == "invalid-json-path"


def test_bracket_paths_take_double_quotes() -> None:
    template = JsonTemplate({"v": From.body('$["first name"]')})
    assert _render(template, body={"first name": "Ada"}) == {"v": "Ada"}


@pytest.mark.parametrize("name", ["request-id", "1abc", "identity..sourceIp", "a b", "$x"])
def test_fails_when_a_context_variable_name_is_not_a_property_chain(name: str) -> None:
    with pytest.raises(ValidationError) as error:
        From.context(name)
    assert error.value.code == "invalid-variable-name"


def test_fails_when_a_value_type_is_unknown() -> None:
    with pytest.raises(ValidationError) as error:
        From.query("a", type="integer")  # type: ignore[arg-type]
    assert error.value.code == "invalid-value-type"


@pytest.mark.parametrize("value_type", ["json", "string_list", "number_set"])
def test_fails_when_a_json_type_is_read_from_a_parameter(value_type: str) -> None:
    with pytest.raises(ValidationError) as error:
        From.header("a", type=value_type)  # type: ignore[arg-type]
    assert error.value.code == "unsupported-value-type"


@pytest.mark.parametrize(
    ("value_type", "default"),
    [
        ("string", 1),
        ("number", "1"),
        ("number", True),
        ("boolean", "true"),
        ("string_list", [1]),
        ("number_list", ["1"]),
        ("string_set", []),
        ("json", {"a": object()}),
    ],
)
def test_fails_when_a_default_does_not_fit_the_type(value_type: str, default: object) -> None:
    with pytest.raises(ValidationError) as error:
        From.body("$.a", type=value_type, default=default)  # type: ignore[arg-type]
    assert error.value.code == "invalid-default"


# ------------------------------------------------------------------------- what the construct reads


def test_request_parameters_lists_the_method_parameters_read() -> None:
    template = JsonTemplate(
        {
            "a": From.path("id"),
            "b": DynamoDbItem({"q": From.query("q"), "r": From.query("r", required=True)}),
            "c": [From.header("X-Key", required=True, default="k"), From.body("$.x")],
            "d": From.context("requestId"),
        }
    )
    assert template.request_parameters() == {
        "method.request.path.id": True,
        "method.request.querystring.q": False,
        "method.request.querystring.r": True,
        "method.request.header.X-Key": False,
    }
    form = FormTemplate({"A": From.query("q", required=True)})
    assert form.request_parameters() == {"method.request.querystring.q": True}


def test_has_template_values_finds_nested_values() -> None:
    plain: Mapping[str, object] = {"TableName": "t", "Item": {"a": {"S": "x"}}}
    assert not has_template_values(plain)
    assert has_template_values({"Item": {"a": [From.path("id")]}})
    assert has_template_values({"Item": DynamoDbItem({"a": "x"})})
    assert request_parameters(plain) == {}
