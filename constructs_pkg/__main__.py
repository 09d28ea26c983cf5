"""``python -m constructs_pkg``: the ``constructs-pkg`` command line."""

from constructs_pkg.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
