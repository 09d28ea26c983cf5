"""Errors raised by constructs_pkg.

Every error carries a stable kebab-case ``code`` (tests and callers match on it, never on the
wording) and a message that says what is wrong, the value received and how to fix it.
"""

from __future__ import annotations

__all__ = ["ConstructsPkgError", "ValidationError"]


class ConstructsPkgError(Exception):
    """Base class of every error constructs_pkg raises on purpose.

    :param code: stable kebab-case identifier of the failure, e.g. ``"unknown-action"``.
    :param message: what is wrong, the value received and how to fix it.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class ValidationError(ConstructsPkgError, ValueError):
    """Bad input found at synth time, before any child construct is created.

    It is a ``ValueError``, so code that already catches ``ValueError`` keeps working.
    """
