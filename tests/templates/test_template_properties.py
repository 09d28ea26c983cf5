"""Property: whatever a client sends, a generated template keeps its shape and its values.

For every template kind (JSON, DynamoDB JSON, form) and every request part (path, query string,
header, body field, whole body, ``$context``), arbitrary Unicode (quotes, backslashes, ``'``,
``$``, ``#``, ``{``, newlines, control characters) renders to a body that parses, has exactly the
intended keys, and holds each value unchanged. The boto3 example's raw template fails it.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

from hypothesis import example, given, settings
from hypothesis import strategies as st

from constructs_pkg._templates import DynamoDbItem, FormTemplate, From, JsonTemplate
from constructs_pkg.testing import SampleRequest, render_request

HOSTILE = [
    'x"}, "admin": {"BOOL": true}, "y": {"S": "',
    "it's",
    "\\'",
    "\\",
    "$input.body",
    "#set($x = 1)",
    "${x}",
    "#end",
    "#[[ raw ]]#",
    "{}[],:",
    "line\nbreak\r\ttab",
    "\x00\x01\x1f\x7f",
    "é漢字😀",
    "</script>",
    "a&b=c+d%20e",
    " ",
]

text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(HOSTILE),
)
# Modest and deterministic in time: each example renders a template (about a millisecond).
SETTINGS = settings(max_examples=100, deadline=None)

NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def _expected(members: dict[str, tuple[str, bool]]) -> dict[str, str | None]:
    """The object a template must write: a missing (empty) required value is null, a missing
    optional one is left out."""
    out: dict[str, str | None] = {}
    for key, (value, required) in members.items():
        if value != "":
            out[key] = value
        elif required:
            out[key] = None
    return out


JSON_TEMPLATE = JsonTemplate(
    {
        "literal": "lit $input.body #set($a = 1) \" ' \\ é",
        "path": From.path("p"),
        "query": From.query("q"),
        "header": From.header("X-H"),
        "field": From.body("$.field"),
        "nested": From.body("$.outer.inner", required=True),
        "agent": From.context("identity.userAgent"),
    }
)


def _request(
    path: str, query: str, header: str, field: str, nested: str, agent: str
) -> SampleRequest:
    return SampleRequest(
        path_params={"p": path},
        query={"q": query},
        headers={"X-H": header},
        body={"field": field, "outer": {"inner": nested}},
        context={"identity.userAgent": agent},
    )


@SETTINGS
@given(path=text, query=text, header=text, field=text, nested=text, agent=text)
@example(path=HOSTILE[0], query="it's", header="\\'", field="$input", nested="#set", agent="\n")
def test_json_template_keeps_shape_and_values(
    path: str, query: str, header: str, field: str, nested: str, agent: str
) -> None:
    # GIVEN a JSON template reading every request part
    # WHEN it renders for arbitrary values
    body = render_request(
        JSON_TEMPLATE.to_vtl(), _request(path, query, header, field, nested, agent)
    )
    # THEN the body is JSON with exactly the intended members and values
    assert json.loads(body) == {
        "literal": "lit $input.body #set($a = 1) \" ' \\ é",
        **_expected(
            {
                "path": (path, True),
                "query": (query, False),
                "header": (header, False),
                "field": (field, False),
                "nested": (nested, True),
                "agent": (agent, False),
            }
        ),
    }


WHOLE_BODY_TEMPLATE = JsonTemplate({"message": From.whole_body(), "q": From.query("q")})


@SETTINGS
@given(raw=text, query=text)
def test_json_template_keeps_the_whole_body_as_a_string(raw: str, query: str) -> None:
    body = render_request(WHOLE_BODY_TEMPLATE.to_vtl(), SampleRequest(body=raw, query={"q": query}))
    assert json.loads(body) == _expected({"message": (raw, False), "q": (query, False)})


DYNAMODB_TEMPLATE = JsonTemplate(
    {
        "TableName": "doc-example-profiles",
        "Item": DynamoDbItem(
            {
                "username": From.path("p"),
                "name": From.body("$.field"),
                "title": From.body("$.outer.inner", required=True),
                "q": From.query("q"),
                "h": From.header("X-H"),
                "agent": From.context("identity.userAgent"),
            }
        ),
    }
)


@SETTINGS
@given(path=text, query=text, header=text, field=text, nested=text, agent=text)
def test_dynamodb_item_keeps_shape_and_values(
    path: str, query: str, header: str, field: str, nested: str, agent: str
) -> None:
    body = render_request(
        DYNAMODB_TEMPLATE.to_vtl(), _request(path, query, header, field, nested, agent)
    )
    expected = _expected(
        {
            "username": (path, True),
            "name": (field, False),
            "title": (nested, True),
            "q": (query, False),
            "h": (header, False),
            "agent": (agent, False),
        }
    )
    assert json.loads(body) == {
        "TableName": "doc-example-profiles",
        "Item": {key: {"S": value} for key, value in expected.items()},
    }


FORM_TEMPLATE = FormTemplate(
    {
        "Action": "Publish",
        "Literal": "a&b=c+d %x $input #set",
        "Message": From.whole_body(required=True),
        "P": From.path("p"),
        "Q": From.query("q"),
        "H": From.header("X-H"),
        "Agent": From.context("identity.userAgent"),
    }
)


@SETTINGS
@given(raw=text, path=text, query=text, header=text, agent=text)
@example(raw="a&Action=Delete", path="=", query="&", header="+", agent="%41")
def test_form_template_keeps_fields_and_values(
    raw: str, path: str, query: str, header: str, agent: str
) -> None:
    body = render_request(
        FORM_TEMPLATE.to_vtl(),
        SampleRequest(
            body=raw,
            path_params={"p": path},
            query={"q": query},
            headers={"X-H": header},
            context={"identity.userAgent": agent},
        ),
    )
    # parse_qs drops nothing and splits nothing more than the intended fields
    fields = parse_qs(body, keep_blank_values=True, strict_parsing=bool(body))
    assert all(len(values) == 1 for values in fields.values())
    # required fields (the whole body, the path) are written even when empty
    expected = {"Action": "Publish", "Literal": "a&b=c+d %x $input #set", "Message": raw}
    expected["P"] = path
    expected.update({k: v for k, v in {"Q": query, "H": header, "Agent": agent}.items() if v})
    assert {key: values[0] for key, values in fields.items()} == expected


@SETTINGS
@given(literal=text, key=text)
def test_literals_are_written_unchanged(literal: str, key: str) -> None:
    # GIVEN literals (and keys) holding anything, '$input' and '#set' included
    template = JsonTemplate({key: literal, "list": [literal, 1, True, None]})
    item = JsonTemplate(DynamoDbItem({key: literal, "set": {literal, "x"}}))
    form = FormTemplate({"A": literal, key or "k": "v"})
    # THEN Velocity copies them: the rendered values are the literals
    assert json.loads(render_request(template.to_vtl())) == {
        key: literal,
        "list": [literal, 1, True, None],
    }
    rendered_item = json.loads(render_request(item.to_vtl()))
    assert rendered_item[key] == {"S": literal}
    assert sorted(rendered_item["set"]["SS"]) == sorted({literal, "x"})
    fields = parse_qs(render_request(form.to_vtl()), keep_blank_values=True)
    assert fields["A"] == [literal]
    assert fields[key or "k"] == ["v"]


@SETTINGS
@given(value=st.one_of(text, st.from_regex(NUMBER, fullmatch=True)))
def test_a_number_from_a_parameter_is_written_only_when_it_is_a_number(value: str) -> None:
    template = JsonTemplate({"n": From.query("n", type="number"), "after": "x"})
    body = json.loads(render_request(template.to_vtl(), SampleRequest(query={"n": value})))
    if value == "":
        assert body == {"after": "x"}
    elif NUMBER.fullmatch(value):
        assert body == {"n": json.loads(value), "after": "x"}
    else:
        assert body == {"n": None, "after": "x"}


json_numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
)


@SETTINGS
@given(number=json_numbers, flag=st.booleans(), words=st.lists(text, max_size=4))
def test_typed_body_values_keep_their_value(number: float, flag: bool, words: list[str]) -> None:
    template = JsonTemplate(
        {
            "n": From.body("$.n", type="number"),
            "b": From.body("$.b", type="boolean"),
            "l": From.body("$.l", type="string_list"),
            "item": DynamoDbItem(
                {
                    "n": From.body("$.n", type="number"),
                    "b": From.body("$.b", type="boolean"),
                    "l": From.body("$.l", type="string_list"),
                }
            ),
        }
    )
    request = SampleRequest(body={"n": number, "b": flag, "l": words})
    body = json.loads(render_request(template.to_vtl(), request))
    assert body["n"] == number
    assert body["b"] is flag
    assert body["l"] == words
    assert json.loads(body["item"]["n"]["N"]) == number
    assert body["item"]["b"] == {"BOOL": flag}
    assert body["item"]["l"] == {"L": [{"S": w} for w in words]}


@SETTINGS
@given(present=st.lists(st.booleans(), min_size=1, max_size=6), always=st.integers(0, 6))
def test_commas_are_right_whatever_is_missing(present: list[bool], always: int) -> None:
    # GIVEN optional members, some present, and one always-written literal at any position
    members: dict[str, From | str] = {f"k{i}": From.query(f"q{i}") for i in range(len(present))}
    keys = list(members)
    keys.insert(min(always, len(keys)), "fixed")
    members["fixed"] = "always"
    template = JsonTemplate({key: members[key] for key in keys})
    query = {f"q{i}": f"v{i}" for i, here in enumerate(present) if here}
    # WHEN rendered; THEN the JSON parses with exactly the present members
    body = json.loads(render_request(template.to_vtl(), SampleRequest(query=query)))
    assert body == {
        "fixed": "always",
        **{f"k{i}": f"v{i}" for i, here in enumerate(present) if here},
    }
    form = FormTemplate({key: members[key] for key in keys})
    fields = parse_qs(render_request(form.to_vtl(), SampleRequest(query=query)))
    assert {k: v[0] for k, v in fields.items()} == body


# -------------------------------------------------------------------------- the boto3 example

# The example's PutItem template, byte for byte (see ../shared/reference/seed-parity.md).
BOTO3_PUT_ITEM = json.dumps(
    {
        "TableName": "doc-example-profiles",
        "Item": {
            "username": {"S": "$input.path('$.username')"},
            "name": {"S": "$input.path('$.name')"},
            "title": {"S": "$input.path('$.title')"},
        },
    }
)
INJECTION = {
    "username": "mallory",
    "name": 'x"}, "admin": {"BOOL": true}, "y": {"S": "',
    "title": "t",
}
OUR_PUT_ITEM = JsonTemplate(
    {
        "TableName": "doc-example-profiles",
        "Item": DynamoDbItem(
            {
                "username": From.body("$.username", required=True),
                "name": From.body("$.name"),
                "title": From.body("$.title"),
            }
        ),
    }
)


def _keeps_shape(template: str, request_body: dict[str, str]) -> bool:
    """The property of this module for one request: parses, same keys, same values."""
    try:
        item = json.loads(render_request(template, SampleRequest(body=request_body)))["Item"]
    except (json.JSONDecodeError, KeyError):
        return False
    return item == {key: {"S": value} for key, value in request_body.items()}


def test_fails_the_property_with_the_boto3_put_item_template() -> None:
    # GIVEN the example's raw template and the injection body of issue 4
    # WHEN rendered; THEN the client added an attribute: the property is violated
    rendered = json.loads(render_request(BOTO3_PUT_ITEM, SampleRequest(body=INJECTION)))
    assert rendered["Item"]["admin"] == {"BOOL": True}
    assert not _keeps_shape(BOTO3_PUT_ITEM, INJECTION)
    # and a plain apostrophe-free quote breaks its JSON outright
    assert not _keeps_shape(BOTO3_PUT_ITEM, {"username": 'a"b', "name": "n", "title": "t"})


def test_the_generated_put_item_keeps_the_injection_body_as_a_value() -> None:
    assert _keeps_shape(OUR_PUT_ITEM.to_vtl(), INJECTION)


@SETTINGS
@given(username=text.filter(bool), name=text.filter(bool), title=text.filter(bool))
def test_the_generated_put_item_keeps_shape_for_any_profile(
    username: str, name: str, title: str
) -> None:
    assert _keeps_shape(OUR_PUT_ITEM.to_vtl(), {"username": username, "name": name, "title": title})
