"""The error the local executor raises."""

from __future__ import annotations

from ...errors import ConstructsPkgError

__all__ = ["LocalApiError"]


class LocalApiError(ConstructsPkgError):
    """A template, backend or request :class:`~constructs_pkg.testing.LocalApi` cannot work with.

    Like :class:`~constructs_pkg.errors.ValidationError`, it carries a stable kebab-case
    ``code`` (``template-not-found``, ``invalid-template``, ``unknown-logical-id``,
    ``backend-unsupported``, ...) and a ``message``.
    """
