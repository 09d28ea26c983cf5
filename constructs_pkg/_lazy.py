"""Lazy re-exports (PEP 562): a package names its public API up front but imports the module
that defines a name only when the name is first used.

``import constructs_pkg`` then loads what ``ServiceIntegrationMethod`` needs and leaves the
rest (DynamoDB expression builders, response templates, ``MethodShards``...) to the first use:
a process that synthesizes an app pays only for what it uses.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    namespace: dict[str, Any], exports: Mapping[str, tuple[str, ...]]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for the package whose globals are ``namespace``.

    :param namespace: the package's ``globals()``; each name is stored there once imported, so
        later lookups are plain attribute reads.
    :param exports: relative module name (``"._responses"``) to the names it defines.
    """
    package = str(namespace["__name__"])
    module_of = {name: module for module, names in exports.items() for name in names}

    def lazy_getattr(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    return lazy_getattr
