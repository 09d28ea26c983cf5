"""What the construct asks of a generated request template (kept apart from the generators, so
that a method given plain VTL text never imports them)."""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

__all__ = ["RequestTemplateSource"]


@runtime_checkable
class RequestTemplateSource(Protocol):
    """What a generated request template offers the construct."""

    @property
    def content_format(self) -> Literal["json", "form"]:
        """The body the template writes: ``"json"``, or ``"form"`` (URL-encoded fields)."""
        ...

    def to_vtl(self) -> str:
        """The Velocity template text API Gateway runs."""
        ...
