"""The error the offline renderer raises."""

from __future__ import annotations

from ..errors import ConstructsPkgError

__all__ = ["TemplateRenderError"]


class TemplateRenderError(ConstructsPkgError):
    """A template, request or argument the offline renderer cannot work with.

    Codes: ``vtl-syntax-error``, ``vtl-execution-error``, ``invalid-json-body``,
    ``invalid-json``, ``invalid-base64``, ``invalid-jsonpath``, ``no-matching-template``,
    ``no-request-templates``, ``unknown-service``, ``unknown-action``.
    """
