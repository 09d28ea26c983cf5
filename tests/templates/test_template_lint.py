"""The linter for raw templates: the boto3 example's flaws are found, generated templates pass."""

from __future__ import annotations

import json

import pytest

from constructs_pkg._templates import (
    TEMPLATE_WARNINGS,
    DynamoDbItem,
    FormTemplate,
    From,
    JsonTemplate,
    lint_template,
)

# The boto3 example's templates (see ../shared/reference/seed-parity.md), byte for byte.
PUT_ITEM = json.dumps(
    {
        "TableName": "doc-example-profiles",
        "Item": {
            "username": {"S": "$input.path('$.username')"},
            "name": {"S": "$input.path('$.name')"},
            "title": {"S": "$input.path('$.title')"},
        },
    }
)
GET_ITEM = json.dumps(
    {
        "TableName": "doc-example-profiles",
        "Key": {"username": {"S": "$method.request.path.username"}},
    }
)
SCAN = json.dumps({"TableName": "doc-example-profiles"})


def test_the_get_item_template_uses_method_request() -> None:
    warnings = lint_template(GET_ITEM)
    assert [w.id for w in warnings] == ["method-request-in-template"]
    assert "$input.params('username')" in warnings[0].message
    assert warnings[0].line == 1


def test_the_put_item_template_puts_unescaped_values_in_json_strings() -> None:
    warnings = lint_template(PUT_ITEM)
    assert [w.id for w in warnings] == ["unescaped-input-in-json-string"] * 3
    assert "$input.path('$.name')" in warnings[1].message


def test_a_template_without_request_values_passes() -> None:
    assert lint_template(SCAN) == []
    assert lint_template("") == []


@pytest.mark.parametrize(
    "template",
    [
        '{"a": "$util.escapeJavaScript($input.path(\'$.a\')).replaceAll("\\\\\'", "\'")"}',
        "{\"a\": $input.json('$.a')}",
        "#set($a = \"$input.path('$.a')\")",
        "Action=Publish&Message=$util.urlEncode($input.body)",
        '## "$method.request.path.x" in a comment',
    ],
)
def test_safe_templates_pass(template: str) -> None:
    assert lint_template(template) == []


def test_escape_javascript_without_the_quote_fix_is_reported() -> None:
    warnings = lint_template('{"a": "$util.escapeJavaScript($input.params(\'a\'))"}')
    assert [w.id for w in warnings] == ["escape-javascript-quote"]


@pytest.mark.parametrize(
    ("template", "found"),
    [
        ('{"q": "$input.params(\'q\')"}', "unescaped-input-in-json-string"),
        ('{"q": "prefix-$input.body"}', "unescaped-input-in-json-string"),
        ('{"q": "${method.request.querystring.q}"}', "method-request-in-template"),
        ("$method.request.header.X-Key", "method-request-in-template"),
    ],
)
def test_each_finding_has_its_id(template: str, found: str) -> None:
    assert found in {w.id for w in lint_template(template)}


def test_line_numbers_are_one_based() -> None:
    warnings = lint_template('{\n"a": 1,\n"b": "$method.request.path.b"\n}')
    assert [(w.id, w.line) for w in warnings] == [("method-request-in-template", 3)]


def test_every_id_is_documented() -> None:
    assert set(TEMPLATE_WARNINGS) == {
        "method-request-in-template",
        "unescaped-input-in-json-string",
        "escape-javascript-quote",
    }


def test_generated_templates_pass_the_linter() -> None:
    template = JsonTemplate(
        {
            "TableName": "t",
            "Item": DynamoDbItem(
                {
                    "id": From.path("id"),
                    "name": From.body("$.name"),
                    "n": From.query("n", type="number"),
                    "tags": From.body("$.tags", type="string_set"),
                    "raw": From.whole_body(),
                }
            ),
            "doc": From.body("$.doc", type="json"),
            "h": From.header("X-Key", required=True),
        }
    )
    form = FormTemplate({"Action": "Publish", "Message": From.whole_body(), "S": From.query("s")})
    assert lint_template(template.to_vtl()) == []
    assert lint_template(form.to_vtl()) == []
