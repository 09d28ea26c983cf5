"""The one error the command-line tool reports to its user (then exits with status 2)."""

from __future__ import annotations

from ..errors import ConstructsPkgError

__all__ = ["CliError"]


class CliError(ConstructsPkgError):
    """A problem with the input or the environment: printed as ``error: [code] message``.

    :param code: stable kebab-case identifier, e.g. ``"unknown-rest-api"``.
    :param message: what is wrong, the value received and how to fix it.
    """

    exit_status = 2
