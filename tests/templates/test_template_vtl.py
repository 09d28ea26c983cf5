"""The low-level pieces: literal escaping, tokens, static template files."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from constructs_pkg._templates._vtl import (
    escape_json,
    form_literal,
    has_token,
    json_string_literal,
    load_vtl,
    split_tokens,
)
from constructs_pkg.testing import render_request

TOKEN = "${Token[TOKEN.123]}"


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_a_json_string_literal_has_no_velocity_syntax_and_keeps_its_value(text: str) -> None:
    literal = json_string_literal(text, where="test")
    assert "$" not in literal
    assert "#" not in literal
    assert literal.isascii()
    assert json.loads(literal) == text
    assert json.loads(render_request(literal)) == text


def test_tokens_are_kept_raw_among_escaped_fragments() -> None:
    literal = json_string_literal(f'a"$ {TOKEN}/x', where="test")
    assert literal == '"a\\"\\u0024 ' + TOKEN + '/x"'
    assert split_tokens(f"a{TOKEN}b", where="t") == [(False, "a"), (True, TOKEN), (False, "b")]
    assert has_token(f"x{TOKEN}")
    assert not has_token("${Token[bad key]}")


def test_form_literals_are_percent_encoded_around_tokens() -> None:
    assert form_literal(f"a b&c={TOKEN}", where="t") == "a+b%26c%3D" + TOKEN
    assert form_literal(True, where="t") == "true"
    assert form_literal(1.5, where="t") == "1.5"


def test_escape_json_undoes_the_apostrophe_quirk() -> None:
    assert escape_json("$cpS1") == '$util.escapeJavaScript($cpS1).replaceAll("\\\\\'", "\'")'


@pytest.mark.parametrize(
    "name",
    sorted(
        entry.name
        for entry in resources.files("constructs_pkg._templates").joinpath("vtl").iterdir()
        if entry.name.endswith(".vtl")
    ),
)
def test_static_templates_compact_to_one_line_without_comments(name: str) -> None:
    text = load_vtl(name)
    assert "\n" not in text
    assert "##" not in text
