"""The subset of JSONPath that API Gateway templates use, with Jayway JsonPath's semantics.

Supported: ``$``, ``.name``, ``['name']`` / ``["name"]`` (also several, comma-separated),
``[0]`` / ``[-1]`` / ``[0,2]``, ``[1:3]`` slices, ``*`` / ``[*]`` wildcards and ``..`` deep
scan. A path without a leading ``$`` is read as ``$.path``, as Jayway does. A *definite* path
(only names and single indexes) gives one value, or :data:`MISSING`; any other path gives the
list of every match. Filters (``[?(...)]``) and functions are not supported: they raise
:class:`JsonPathError`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final

__all__ = ["MISSING", "JsonPathError", "evaluate"]


class _Missing:
    """The result of a definite path that matches nothing."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


class JsonPathError(ValueError):
    """A JSONPath expression this evaluator cannot read."""


@dataclass(frozen=True, slots=True)
class _Keys:
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Indexes:
    indexes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Slice:
    start: int | None
    stop: int | None
    step: int | None


@dataclass(frozen=True, slots=True)
class _Wildcard:
    pass


@dataclass(frozen=True, slots=True)
class _DeepScan:
    inner: _Keys | _Indexes | _Slice | _Wildcard


_Step = _Keys | _Indexes | _Slice | _Wildcard | _DeepScan


def _is_definite(steps: list[_Step]) -> bool:
    for step in steps:
        if isinstance(step, _Keys) and len(step.names) == 1:
            continue
        if isinstance(step, _Indexes) and len(step.indexes) == 1:
            continue
        return False
    return True


def _split_top_level(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quote: str | None = None
    for char in text:
        if quote:
            current.append(char)
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
            current.append(char)
        elif char == ",":
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def _parse_int(text: str, path: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise JsonPathError(
            f"JSONPath {path!r}: {text!r} is not an array index; "
            "use [0], ['name'], [*] or [start:end]"
        ) from None


def _parse_bracket(content: str, path: str) -> _Keys | _Indexes | _Slice | _Wildcard:
    content = content.strip()
    if content == "*":
        return _Wildcard()
    if content.startswith("?") or content.startswith("("):
        raise JsonPathError(
            f"JSONPath {path!r}: filters and script expressions ({content!r}) are not "
            "supported by the offline renderer; select by name or index instead"
        )
    if content[:1] in "'\"":
        names = []
        for part in _split_top_level(content):
            if len(part) < 2 or part[0] not in "'\"" or part[-1] != part[0]:
                raise JsonPathError(f"JSONPath {path!r}: malformed quoted name {part!r}")
            names.append(part[1:-1])
        return _Keys(tuple(names))
    if ":" in content:
        bounds = content.split(":")
        if len(bounds) > 3:
            raise JsonPathError(f"JSONPath {path!r}: malformed slice [{content}]")
        numbers = [_parse_int(bound, path) if bound.strip() else None for bound in bounds]
        numbers += [None] * (3 - len(numbers))
        return _Slice(numbers[0], numbers[1], numbers[2])
    return _Indexes(tuple(_parse_int(part, path) for part in _split_top_level(content)))


def _closing_bracket(path: str, start: int) -> int:
    quote: str | None = None
    for position in range(start, len(path)):
        char = path[position]
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "]":
            return position
    raise JsonPathError(f"JSONPath {path!r}: '[' at position {start - 1} is never closed")


def _parse_name(path: str, start: int) -> tuple[_Keys | _Wildcard, int]:
    end = start
    while end < len(path) and path[end] not in ".[":
        end += 1
    name = path[start:end].strip()
    if not name:
        raise JsonPathError(f"JSONPath {path!r}: expected a name at position {start}")
    return (_Wildcard() if name == "*" else _Keys((name,))), end


def compile_path(path: str) -> tuple[list[_Step], bool]:
    """The steps of ``path`` and whether it is definite (gives a single value)."""
    text = path.strip()
    if not text.startswith("$"):
        text = "$" if not text else "$." + text
    steps: list[_Step] = []
    position = 1
    while position < len(text):
        if text.startswith("..", position):
            position += 2
            if position < len(text) and text[position] == "[":
                end = _closing_bracket(text, position + 1)
                inner: _Keys | _Indexes | _Slice | _Wildcard = _parse_bracket(
                    text[position + 1 : end], path
                )
                position = end + 1
            else:
                inner, position = _parse_name(text, position)
            steps.append(_DeepScan(inner))
        elif text[position] == ".":
            step, position = _parse_name(text, position + 1)
            steps.append(step)
        elif text[position] == "[":
            end = _closing_bracket(text, position + 1)
            steps.append(_parse_bracket(text[position + 1 : end], path))
            position = end + 1
        elif text[position].isspace():
            position += 1
        else:
            raise JsonPathError(
                f"JSONPath {path!r}: unexpected {text[position]!r} at position {position}; "
                "expected '.name', '[...]' or '..'"
            )
    return steps, _is_definite(steps)


def _descendants(node: object) -> Iterator[object]:
    yield node
    if isinstance(node, Mapping):
        for child in node.values():
            yield from _descendants(child)
    elif isinstance(node, list):
        for child in node:
            yield from _descendants(child)


def _apply(step: _Step, node: object) -> Iterator[object]:
    if isinstance(step, _Keys):
        if isinstance(node, Mapping):
            for name in step.names:
                if name in node:
                    yield node[name]
    elif isinstance(step, _Indexes):
        if isinstance(node, list):
            for index in step.indexes:
                if -len(node) <= index < len(node):
                    yield node[index]
    elif isinstance(step, _Slice):
        if isinstance(node, list):
            yield from node[step.start : step.stop : step.step]
    elif isinstance(step, _Wildcard):
        if isinstance(node, Mapping):
            yield from node.values()
        elif isinstance(node, list):
            yield from node
    else:
        for descendant in _descendants(node):
            yield from _apply(step.inner, descendant)


def evaluate(document: object, path: str) -> object:
    """Select from ``document`` (parsed JSON) with the JSONPath ``path``.

    :returns: for a definite path the value (``None`` for a JSON ``null``) or :data:`MISSING`;
        for any other path the list of matches, possibly empty.
    :raises JsonPathError: when ``path`` is malformed or uses filters.
    """
    steps, definite = compile_path(path)
    nodes: list[object] = [document]
    for step in steps:
        nodes = [found for node in nodes for found in _apply(step, node)]
    if definite:
        return nodes[0] if nodes else MISSING
    return nodes
