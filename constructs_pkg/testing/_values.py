"""Values that behave inside the Velocity engine as their Java counterparts do in API Gateway.

API Gateway runs Apache Velocity on the JVM: a JSON object from ``$input.path`` is a Java map,
a JSON array a ``JSONArray``, and templates call Java methods on them (``.size()``,
``.keySet()``, ``.get(...)``). The classes here give Python values those methods and Java's
``toString`` so a template renders the same text offline.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Final

import airspeed.operators  # type: ignore[import-untyped]

__all__ = ["JsonList", "VtlList", "VtlMap", "java_string", "to_plain", "to_vtl"]


def java_string(value: object) -> str:
    """The text Java's ``String.valueOf`` gives for ``value`` (``null``, ``true``, ``1.0``...)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return _java_double(value)
    return str(value)


def _java_double(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    magnitude = abs(value)
    if magnitude == 0 or 1e-3 <= magnitude < 1e7:
        text = repr(value)
        return text if "." in text or "e" in text else text + ".0"
    mantissa, exponent = f"{value:.16e}".split("e")
    digits = repr(float(mantissa))
    return f"{digits}E{int(exponent)}"


def to_plain(value: object) -> object:
    """``value`` with every VTL container turned back into a plain ``dict`` or ``list``."""
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    return value


def to_vtl(value: object) -> object:
    """``value`` parsed from JSON, with objects as :class:`VtlMap` and arrays as
    :class:`JsonList`, recursively, as Jayway JsonPath hands them to Velocity."""
    if isinstance(value, Mapping):
        return VtlMap((str(key), to_vtl(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return JsonList(to_vtl(item) for item in value)
    return value


class _Entry:
    """A ``Map.Entry``: what ``$map.entrySet()`` iterates over."""

    __slots__ = ("key", "value")

    def __init__(self, key: object, value: object) -> None:
        self.key = key
        self.value = value

    def getKey(self) -> object:  # noqa: N802 - the Java method name templates call
        return self.key

    def getValue(self) -> object:  # noqa: N802 - the Java method name templates call
        return self.value

    def __str__(self) -> str:
        return f"{java_string(self.key)}={java_string(self.value)}"


class VtlList(list[object]):
    """A ``java.util.List``: ``size()``, ``get(i)``, ``contains(x)``... and ``[a, b]`` as text."""

    def size(self) -> int:
        return len(self)

    def isEmpty(self) -> bool:  # noqa: N802 - the Java method name templates call
        return len(self) == 0

    def get(self, index: int) -> object:
        return self[index]

    def contains(self, item: object) -> bool:
        return item in self

    def indexOf(self, item: object) -> int:  # noqa: N802 - the Java method name templates call
        return self.index(item) if item in self else -1

    def add(self, item: object) -> bool:
        self.append(item)
        return True

    def addAll(self, items: Iterable[object]) -> bool:  # noqa: N802 - Java method name
        before = len(self)
        self.extend(items)
        return len(self) != before

    def set(self, index: int, item: object) -> object:
        previous = self[index]
        self[index] = item
        return previous

    def toString(self) -> str:  # noqa: N802 - the Java method name templates call
        return str(self)

    def __str__(self) -> str:
        return "[" + ", ".join(java_string(item) for item in self) + "]"


class JsonList(VtlList):
    """A json-smart ``JSONArray`` (what JsonPath returns for a JSON array): as text it is
    compact JSON, e.g. ``[{"c":5}]``, not Java's ``[{c=5}]``."""

    def __str__(self) -> str:
        return json.dumps(to_plain(self), separators=(",", ":"), ensure_ascii=False)


class VtlMap(dict[str, object]):
    """A ``java.util.LinkedHashMap``: ``size()``, ``keySet()``, ``get(k)``, ``put(k, v)``...
    and ``{a=1, b=x}`` as text."""

    def size(self) -> int:
        return len(self)

    def isEmpty(self) -> bool:  # noqa: N802 - the Java method name templates call
        return len(self) == 0

    def containsKey(self, key: object) -> bool:  # noqa: N802 - the Java method name
        return key in self

    def containsValue(self, value: object) -> bool:  # noqa: N802 - the Java method name
        return value in self.values()

    def keySet(self) -> VtlList:  # noqa: N802 - the Java method name templates call
        return VtlList(self.keys())

    def entrySet(self) -> VtlList:  # noqa: N802 - the Java method name templates call
        return VtlList(_Entry(key, value) for key, value in self.items())

    def put(self, key: str, value: object) -> object:
        previous = self.get(key)
        self[key] = value
        return previous

    def putAll(self, other: Mapping[str, object]) -> None:  # noqa: N802 - Java method name
        self.update(other)

    def remove(self, key: str) -> object:
        return self.pop(key, None)

    def toString(self) -> str:  # noqa: N802 - the Java method name templates call
        return str(self)

    def __str__(self) -> str:
        return "{" + ", ".join(f"{key}={java_string(value)}" for key, value in self.items()) + "}"


def _split(text: str, pattern: str, limit: int = 0) -> VtlList:
    parts = re.split(pattern, text, maxsplit=max(limit - 1, 0))
    if limit == 0:
        while parts and parts[-1] == "":
            parts.pop()
    return VtlList(parts)


# Java String methods the engine lacks; added only where airspeed has none of that name, so
# its own (AWS-tested) behaviour is kept.
_STRING_METHODS: Final[dict[str, Callable[..., object]]] = {
    "toString": lambda self: self,
    "trim": lambda self: self.strip(" \t\n\r\x0b\x0c\x00"),
    "toLowerCase": lambda self: self.lower(),
    "toUpperCase": lambda self: self.upper(),
    "isEmpty": lambda self: len(self) == 0,
    "endsWith": lambda self, suffix: self.endswith(suffix),
    "equals": lambda self, other: self == other,
    "equalsIgnoreCase": lambda self, other: (
        isinstance(other, str) and self.lower() == other.lower()
    ),
    "replace": lambda self, old, new: self.replace(old, new),
    "lastIndexOf": lambda self, sub: self.rfind(sub),
    "charAt": lambda self, index: self[index],
    "concat": lambda self, other: self + other,
    "split": _split,
}
_string_table: dict[str, Callable[..., object]] = airspeed.operators.__additional_methods__[str]
for _name, _method in _STRING_METHODS.items():
    _string_table.setdefault(_name, _method)
