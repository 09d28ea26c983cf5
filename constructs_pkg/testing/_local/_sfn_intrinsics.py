"""The intrinsic functions of the Amazon States Language (``States.Format``,
``States.ArrayLength``...), parsed and evaluated as the specification defines them, for the
local ``StartSyncExecution`` (:mod:`~._stepfunctions`)."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import random
import re
import uuid
from collections.abc import Callable
from typing import Any, Final

__all__ = ["IntrinsicFailureError", "UnknownIntrinsicError", "evaluate"]


class IntrinsicFailureError(Exception):
    """A call failed (``States.IntrinsicFailure``): a wrong argument, a malformed call."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


class UnknownIntrinsicError(Exception):
    """The call names a function this module does not know."""


def _intrinsic_failure(cause: str) -> IntrinsicFailureError:
    return IntrinsicFailureError(cause)


def evaluate(text: str, resolve: Callable[[str], Any]) -> Any:
    """The value of the intrinsic function call ``text``; ``resolve(path)`` gives the value
    of a path argument (``$.a``, ``$$.Execution.Input``).

    :raises IntrinsicFailureError: the call fails.
    :raises UnknownIntrinsicError: it calls a function this module does not know.
    """
    return _Parser(resolve).evaluate(text)


class _Literal(str):
    """A string argument as written, escapes kept (``States.Format`` reads them)."""

    __slots__ = ()


class _Parser:
    """Parses and evaluates one intrinsic function call, e.g.
    ``States.Format('{} items', States.ArrayLength($.items))``; ``resolve`` gives the value
    of a path argument."""

    def __init__(self, resolve: Callable[[str], Any]) -> None:
        self.resolve = resolve
        self.text = ""
        self.position = 0

    def evaluate(self, text: str) -> Any:
        self.text, self.position = text, 0
        value = self._call()
        self._space()
        if self.position != len(self.text):
            raise _intrinsic_failure(f"unexpected text after the call in {text!r}")
        return value

    def _space(self) -> None:
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1

    def _call(self) -> Any:
        self._space()
        match = re.compile(r"States\.[A-Za-z0-9]+").match(self.text, self.position)
        if match is None:
            raise _intrinsic_failure(f"expected an intrinsic function in {self.text!r}")
        name = match.group(0)
        self.position = match.end()
        self._space()
        if self.text[self.position : self.position + 1] != "(":
            raise _intrinsic_failure(f"expected '(' after {name} in {self.text!r}")
        self.position += 1
        arguments: list[Any] = []
        self._space()
        if self.text[self.position : self.position + 1] == ")":
            self.position += 1
        else:
            while True:
                arguments.append(self._argument())
                self._space()
                char = self.text[self.position : self.position + 1]
                self.position += 1
                if char == ")":
                    break
                if char != ",":
                    raise _intrinsic_failure(f"expected ',' or ')' in {self.text!r}")
        function = _FUNCTIONS.get(name)
        if function is None:
            raise UnknownIntrinsicError(
                f"the intrinsic function {name} is not known to the local backend"
            )
        try:
            return function(*arguments)
        except (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError) as error:
            raise _intrinsic_failure(f"{name} failed: {error}") from error

    def _argument(self) -> Any:
        self._space()
        rest = self.text[self.position :]
        if rest.startswith("'"):
            return self._string()
        if rest.startswith("States."):
            return self._call()
        if rest.startswith("$"):
            start = self.position
            depth = 0
            quote: str | None = None
            while self.position < len(self.text):
                char = self.text[self.position]
                if quote:
                    if char == "\\":
                        self.position += 1
                    elif char == quote:
                        quote = None
                elif char in "'\"":
                    quote = char
                elif char == "[":
                    depth += 1
                elif char == "]":
                    depth -= 1
                elif depth == 0 and (char in ",)" or char.isspace()):
                    break
                self.position += 1
            path = self.text[start : self.position]
            return copy.deepcopy(self.resolve(path))
        match = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null").match(
            self.text, self.position
        )
        if match is None:
            raise _intrinsic_failure(f"unexpected argument in {self.text!r}")
        self.position = match.end()
        return json.loads(match.group(0))

    def _string(self) -> _Literal:
        self.position += 1
        start = self.position
        while self.position < len(self.text):
            char = self.text[self.position]
            if char == "\\":
                self.position += 2
                continue
            if char == "'":
                raw = self.text[start : self.position]
                self.position += 1
                return _Literal(raw)
            self.position += 1
        raise _intrinsic_failure(f"unterminated string in {self.text!r}")


def _plain(value: Any) -> Any:
    """A string argument with its escapes (``\\'``, ``\\{``, ``\\}``, ``\\\\``) resolved."""
    if isinstance(value, _Literal):
        return re.sub(r"\\(.)", r"\1", str(value))
    return value


def _string_arg(value: Any, function: str) -> str:
    value = _plain(value)
    if not isinstance(value, str):
        raise _intrinsic_failure(f"{function} expects a string, not {json.dumps(value)}")
    return value


def _array_arg(value: Any, function: str) -> list[Any]:
    if not isinstance(value, list):
        raise _intrinsic_failure(f"{function} expects an array, not {json.dumps(_plain(value))}")
    return [_plain(item) for item in value]


def _int_arg(value: Any, function: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise _intrinsic_failure(f"{function} expects an integer, not {json.dumps(_plain(value))}")
    return int(value)


def _format(template: Any, *arguments: Any) -> str:
    if not isinstance(template, _Literal | str):
        raise _intrinsic_failure("States.Format expects a string template")
    raw = str(template)
    escapes = isinstance(template, _Literal)  # a template read from the input is taken as is
    pieces: list[str] = []
    used = 0
    position = 0
    while position < len(raw):
        char = raw[position]
        if escapes and char == "\\" and position + 1 < len(raw):
            pieces.append(raw[position + 1])
            position += 2
            continue
        if raw.startswith("{}", position):
            if used >= len(arguments):
                raise _intrinsic_failure("States.Format has more '{}' than arguments")
            value = _plain(arguments[used])
            if isinstance(value, list | dict):
                raise _intrinsic_failure("States.Format arguments cannot be arrays or objects")
            pieces.append(value if isinstance(value, str) else json.dumps(value))
            used += 1
            position += 2
            continue
        pieces.append(char)
        position += 1
    if used != len(arguments):
        raise _intrinsic_failure("States.Format has more arguments than '{}'")
    return "".join(pieces)


def _array_range(start: Any, end: Any, step: Any) -> list[int]:
    first, last, by = (_int_arg(v, "States.ArrayRange") for v in (start, end, step))
    if by == 0:
        raise _intrinsic_failure("States.ArrayRange step cannot be 0")
    values = list(range(first, last + (1 if by > 0 else -1), by))
    if len(values) > 1000:
        raise _intrinsic_failure("States.ArrayRange gives more than 1000 items")
    return values


def _array_partition(array: Any, size: Any) -> list[list[Any]]:
    items = _array_arg(array, "States.ArrayPartition")
    chunk = _int_arg(size, "States.ArrayPartition")
    if chunk <= 0:
        raise _intrinsic_failure("States.ArrayPartition chunk size must be positive")
    return [items[i : i + chunk] for i in range(0, len(items), chunk)]


def _array_unique(array: Any) -> list[Any]:
    unique: list[Any] = []
    for item in _array_arg(array, "States.ArrayUnique"):
        if item not in unique:
            unique.append(item)
    return unique


def _array_get_item(array: Any, index: Any) -> Any:
    items = _array_arg(array, "States.ArrayGetItem")
    position = _int_arg(index, "States.ArrayGetItem")
    if not 0 <= position < len(items):
        raise _intrinsic_failure(f"States.ArrayGetItem index {position} is out of bounds")
    return items[position]


_HASHES: Final = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


def _hash(data: Any, algorithm: Any) -> str:
    name = _HASHES.get(_string_arg(algorithm, "States.Hash"))
    if name is None:
        raise _intrinsic_failure(f"States.Hash algorithm must be one of {', '.join(_HASHES)}")
    value = _plain(data)
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return hashlib.new(name, text.encode()).hexdigest()


def _json_merge(first: Any, second: Any, deep: Any) -> dict[str, Any]:
    if not isinstance(first, dict) or not isinstance(second, dict):
        raise _intrinsic_failure("States.JsonMerge expects two objects")
    if deep is not False:
        raise _intrinsic_failure("States.JsonMerge supports only a shallow merge (false)")
    return {**first, **second}


def _math_random(start: Any, end: Any, seed: Any = None) -> int:
    low = _int_arg(start, "States.MathRandom")
    high = _int_arg(end, "States.MathRandom")
    chooser = random.Random(_int_arg(seed, "States.MathRandom")) if seed is not None else random
    return chooser.randrange(low, high) if high > low else low


def _string_split(text: Any, delimiters: Any) -> list[str]:
    value = _string_arg(text, "States.StringSplit")
    separators = _string_arg(delimiters, "States.StringSplit")
    if not separators:
        return [value]
    pattern = "[" + re.escape(separators) + "]"
    return [part for part in re.split(pattern, value) if part]


def _length(array: Any) -> int:
    return len(_array_arg(array, "States.ArrayLength"))


_FUNCTIONS: Final[dict[str, Callable[..., Any]]] = {
    "States.Format": _format,
    "States.StringToJson": lambda text: json.loads(_string_arg(text, "States.StringToJson")),
    "States.JsonToString": lambda value: json.dumps(_plain(value), separators=(",", ":")),
    "States.Array": lambda *items: [_plain(item) for item in items],
    "States.ArrayPartition": _array_partition,
    "States.ArrayContains": lambda array, value: (
        _plain(value) in _array_arg(array, "States.ArrayContains")
    ),
    "States.ArrayRange": _array_range,
    "States.ArrayGetItem": _array_get_item,
    "States.ArrayLength": _length,
    "States.ArrayUnique": _array_unique,
    "States.Base64Encode": lambda text: base64.b64encode(
        _string_arg(text, "States.Base64Encode").encode()
    ).decode(),
    "States.Base64Decode": lambda text: base64.b64decode(
        _string_arg(text, "States.Base64Decode"), validate=True
    ).decode(),
    "States.Hash": _hash,
    "States.JsonMerge": _json_merge,
    "States.MathRandom": _math_random,
    "States.MathAdd": lambda a, b: _int_arg(a, "States.MathAdd") + _int_arg(b, "States.MathAdd"),
    "States.StringSplit": _string_split,
    "States.UUID": lambda: str(uuid.uuid4()),
}
