"""Routing: which method of the API a request reaches, as API Gateway routes.

- A literal path part wins over a ``{param}`` sibling, which wins over a ``{proxy+}`` sibling.
- ``/{proxy+}`` does not catch ``/parent/...`` when a literal ``parent`` sibling exists ("any
  resources under the root except the /parent[/*]"); a ``{param}`` sibling is tried when the
  literal's subtree has no match.
- ``{proxy+}`` is greedy (one or more parts, ``/`` included) and does not match its parent's
  own path (CDK adds the proxy's methods to the parent for that reason).
- ``ANY`` catches every verb not declared on the resource; HEAD is not implied by GET.
- A trailing slash is ignored; each part is URL-decoded.
- No match, or no method for the verb: ``None`` (API Gateway: 403 Missing Authentication
  Token).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..._apimodel import Method

__all__ = ["Route", "Router"]


@dataclass(frozen=True, slots=True)
class Route:
    """A matched method and the values of its path's ``{name}`` / ``{name+}`` parts."""

    method: Method
    path_params: Mapping[str, str]


@dataclass(slots=True)
class _Node:
    path: str
    literals: dict[str, _Node] = field(default_factory=dict)
    param: tuple[str, _Node] | None = None
    greedy: tuple[str, _Node] | None = None
    methods: dict[str, Method] = field(default_factory=dict)


class Router:
    """The resource tree of an API's methods, built once.

    :param methods: the API's methods (those whose path is unknown are left out).
    """

    def __init__(self, methods: Iterable[Method]) -> None:
        self._root = _Node("/")
        self.methods: list[Method] = []
        for method in methods:
            if not method.path.startswith("/"):
                continue
            self._node(method.path).methods[method.http_method] = method
            self.methods.append(method)
        self.methods.sort(key=lambda m: (m.path, m.http_method))

    def _node(self, path: str) -> _Node:
        node = self._root
        built = ""
        for part in _parts(path):
            built += "/" + part
            if part.startswith("{") and part.endswith("+}"):
                if node.greedy is None:
                    node.greedy = (part[1:-2], _Node(built))
                node = node.greedy[1]
            elif part.startswith("{") and part.endswith("}"):
                if node.param is None:
                    node.param = (part[1:-1], _Node(built))
                node = node.param[1]
            else:
                node = node.literals.setdefault(part, _Node(built))
        return node

    def match(self, http_method: str, path: str) -> Route | None:
        """The method ``http_method`` of the resource ``path`` (no stage prefix, no query
        string) reaches, or ``None`` (API Gateway answers 403)."""
        raw_parts = _parts(path)
        params: dict[str, str] = {}
        node = self._find(self._root, raw_parts, params)
        if node is None:
            return None
        method = node.methods.get(http_method.upper()) or node.methods.get("ANY")
        if method is None:
            return None
        return Route(method=method, path_params=params)

    def _find(self, node: _Node, parts: list[str], params: dict[str, str]) -> _Node | None:
        if not parts:
            return node
        head, rest = parts[0], parts[1:]
        decoded = unquote(head)
        literal = node.literals.get(decoded)
        if literal is not None:
            found_literal = self._find(literal, rest, params)
            if found_literal is not None or node.param is None:
                return found_literal
        if node.param is not None:
            name, child = node.param
            found = self._find(child, rest, params)
            if found is not None:
                params[name] = decoded
                return found
        if node.greedy is not None and literal is None:
            name, child = node.greedy
            params[name] = "/".join(unquote(part) for part in parts)
            return child
        return None


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part]
