"""A griffe extension for the API reference: docstrings as Python shows them, in Markdown.

- Sphinx cross-reference roles: the docstrings are reST (``:param:``), which mkdocstrings
  parses, but roles such as ``:class:`~constructs_pkg.Cors``` would be shown literally in
  Markdown. They are written as code; ``~`` keeps the last part of the name, as Sphinx shows it.
- Shared parameter docs: a class body's ``__doc__ = (__doc__ or "") + _SHARED`` (how the
  presets document the options they all take) is evaluated, so the reference lists those
  parameters too, as ``help()`` does.
"""

from __future__ import annotations

import ast
import inspect
import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const):`([^`]+)`")


def _as_code(match: re.Match[str]) -> str:
    target = match.group(1).strip()
    if explicit := re.fullmatch(r"(.+?)\s*<[^>]+>", target):
        return f"`{explicit.group(1)}`"
    if target.startswith("~"):
        target = target[1:].rsplit(".", 1)[-1]
    return f"`{target}`"


_APPENDED_DOC = re.compile(r"\(\s*__doc__\s+or\s+(?:\"\"|'')\s*\)\s*\+\s*(\w+)")


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in every docstring as Markdown inline code; append shared docs."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _ROLE.sub(_as_code, obj.docstring.value)

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        obj = cls
        doc = obj.members.get("__doc__")
        if doc is None or obj.docstring is None:
            return
        match = _APPENDED_DOC.fullmatch(str(getattr(doc, "value", "")).strip())
        shared = obj.module.members.get(match.group(1)) if match else None
        if shared is None:
            return
        try:
            text = ast.literal_eval(str(getattr(shared, "value", "")))
        except (ValueError, SyntaxError):
            return
        if isinstance(text, str):
            extra = _ROLE.sub(_as_code, inspect.cleandoc(text))
            obj.docstring.value = obj.docstring.value.rstrip() + "\n" + extra
