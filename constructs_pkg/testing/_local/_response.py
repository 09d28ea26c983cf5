"""What :meth:`LocalApi.request <constructs_pkg.testing.LocalApi.request>` answers."""

from __future__ import annotations

import json as _json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

__all__ = ["Headers", "IntegrationCall", "LocalResponse"]


class Headers(Mapping[str, str]):
    """HTTP headers: names compared without case, several values of one name joined with
    ``", "`` when read as a mapping (:meth:`get_all` gives them apart).

    :param items: ``(name, value)`` pairs in order; the first spelling of a name is kept.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str, str]] | Mapping[str, str] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        self._items: dict[str, tuple[str, list[str]]] = {}
        for name, value in pairs:
            self.add(name, value)

    def add(self, name: str, value: str) -> None:
        """Add one value of ``name`` (after those it already has)."""
        entry = self._items.get(name.lower())
        if entry is None:
            self._items[name.lower()] = (name, [value])
        else:
            entry[1].append(value)

    def set(self, name: str, value: str) -> None:
        """Replace every value of ``name`` by ``value``."""
        previous = self._items.get(name.lower())
        self._items[name.lower()] = (previous[0] if previous else name, [value])

    def remove(self, name: str) -> None:
        """Drop ``name`` (nothing happens when it is absent)."""
        self._items.pop(name.lower(), None)

    def get_all(self, name: str) -> list[str]:
        """Every value of ``name``, in order (``[]`` when absent)."""
        entry = self._items.get(name.lower())
        return list(entry[1]) if entry else []

    def items_all(self) -> Iterator[tuple[str, str]]:
        """Every ``(name, value)`` pair, a name repeated for each of its values."""
        for name, values in self._items.values():
            for value in values:
                yield name, value

    def __getitem__(self, name: str) -> str:
        entry = self._items.get(name.lower())
        if entry is None:
            raise KeyError(name)
        return ", ".join(entry[1])

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self)!r})"


@dataclass(frozen=True, kw_only=True, slots=True)
class IntegrationCall:
    """What the request reached behind API Gateway (for tests and the ``serve`` log).

    :param type: the integration type (``AWS``, ``AWS_PROXY``, ``MOCK``, ``HTTP``...).
    :param action: what was called: ``dynamodb:PutItem``, ``s3:GET /bucket/key``,
        ``lambda:<logical id>``, ``MOCK``; ``None`` when the request stopped before.
    :param status: the status the integration answered with (``None`` when not called).
    :param body: what the integration answered (``None`` when not called).
    :param request_body: what was sent to the integration (the rendered template).
    :param error: why the integration could not run (a missing Lambda handler, an HTTP
        integration...), else ``None``.
    """

    type: str
    action: str | None = None
    status: int | None = None
    body: bytes | None = None
    request_body: bytes | None = None
    error: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class LocalResponse:
    """The HTTP answer of the local API.

    :param status_code: the status the client gets.
    :param headers: the response headers (case-insensitive).
    :param body: the payload.
    :param integration: what the request reached (``None``: it was answered by the gateway
        before any integration ran, e.g. a 403 for an unknown route or a 400 of a validator).
    :param response_type: the gateway response type when API Gateway answered by itself
        (``MISSING_AUTHENTICATION_TOKEN``, ``BAD_REQUEST_BODY``...), else ``None``.
    :param request_id: ``$context.requestId`` of the request.
    """

    status_code: int
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    integration: IntegrationCall | None = None
    response_type: str | None = None
    request_id: str = ""

    @property
    def text(self) -> str:
        """The payload decoded as UTF-8 (invalid bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> object:
        """The payload parsed as JSON.

        :raises ValueError: when it is not JSON.
        """
        return _json.loads(self.body)

    @property
    def action(self) -> str | None:
        """Shortcut for ``integration.action``."""
        return self.integration.action if self.integration else None

    def __repr__(self) -> str:
        return f"<LocalResponse {self.status_code} {self.text[:60]!r}>"
