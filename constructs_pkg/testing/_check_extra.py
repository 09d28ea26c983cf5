"""The guard that makes ``import constructs_pkg.testing`` fail clearly without its extra.

Imported first by ``constructs_pkg.testing``: importing this module runs the check.

The renderer and the local executor need packages that a plain ``pip install constructs-pkg``
does not bring (they are not needed to synthesize an app): the ``testing`` extra does.
"""

from __future__ import annotations

from importlib.util import find_spec

#: import name -> distribution of the ``testing`` extra that provides it
TESTING_MODULES = {"airspeed": "airspeed-ext", "jsonschema": "jsonschema", "moto": "moto"}

INSTALL_HINT = "pip install 'constructs-pkg[testing]'"


def _importable(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require_testing_extra() -> None:
    """Raise an ``ImportError`` naming the extra if one of its packages is missing.

    Looks the packages up without importing them, so the check costs no start-up time.

    :raises ImportError: a package of the ``testing`` extra is not installed.
    """
    missing = [dist for module, dist in TESTING_MODULES.items() if not _importable(module)]
    if missing:
        raise ImportError(
            f"constructs_pkg.testing needs the 'testing' extra, which is not installed "
            f"(missing: {', '.join(missing)}); install it with: {INSTALL_HINT}",
            name="constructs_pkg.testing",
        )


require_testing_extra()
