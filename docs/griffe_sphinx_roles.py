"""A griffe extension for the API reference: Sphinx cross-reference roles as inline code.

The docstrings are reST (``:param:``), which mkdocstrings parses, but roles such as
``:class:`~constructs_pkg.Cors``` would be shown literally in Markdown. This writes them as
code: ``~`` keeps the last part of the name, as Sphinx shows it.
"""

from __future__ import annotations

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


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in every docstring as Markdown inline code."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _ROLE.sub(_as_code, obj.docstring.value)
