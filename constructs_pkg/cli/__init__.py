"""The ``constructs-pkg`` command line: ``import`` a live REST API as a CDK stack, ``diff`` it.

Run it as ``constructs-pkg`` (the console script) or ``python -m constructs_pkg``.
"""

from ._main import EXIT_DIFFERENT, EXIT_ERROR, EXIT_OK, main

__all__ = ["EXIT_DIFFERENT", "EXIT_ERROR", "EXIT_OK", "main"]
