"""The JSONPath subset behind $input.json / $input.path (Jayway JsonPath semantics)."""

from __future__ import annotations

import pytest

from constructs_pkg.testing._jsonpath import MISSING, JsonPathError, evaluate

DOC = {"a": {"b": [1, 2, 3], "c": None}, "d": [{"e": "x"}, {"e": "y", "f": {"e": "z"}}]}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$", DOC),
        ("", DOC),
        ("a.b", [1, 2, 3]),
        ("$.a.b[1]", 2),
        ("$.a.b[-1]", 3),
        ("$.a.c", None),
        ("$.a.nope", MISSING),
        ("$.a.b[7]", MISSING),
        ("$['a']['b'][0]", 1),
        ('$["a"].c', None),
        ("$.a.b[0,2]", [1, 3]),
        ("$.a.b[1:]", [2, 3]),
        ("$.a.b[*]", [1, 2, 3]),
        ("$.d[*].e", ["x", "y"]),
        ("$.d.*.e", ["x", "y"]),
        ("$..e", ["x", "y", "z"]),
        ("$.nope[*]", []),
        ("$['a','d'][0]", [{"e": "x"}]),
    ],
)
def test_evaluate(path: str, expected: object) -> None:
    assert evaluate(DOC, path) == expected


@pytest.mark.parametrize(
    "path", ["$.d[?(@.e == 'x')]", "$.a[x]", "$.a[0", "$a", "$.a..", "$.a.b[1:2:3:4]"]
)
def test_fails_on_unsupported_or_malformed_paths(path: str) -> None:
    with pytest.raises(JsonPathError):
        evaluate(DOC, path)
