"""The unit tier on every Python the package supports: ``make test-all`` (``nox -s tests``).

Each session is a fresh virtualenv of that Python with the project and its ``dev`` extra, then
``pytest -m "not emulator"``. Interpreters are found on ``PATH`` or in pyenv
(``$(pyenv root)/versions/3.X.*``); none is ever downloaded. Extra arguments go to pytest:
``nox -s tests-3.13 -- tests/test_method.py -x``.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import nox

# Keep in step with the "Programming Language :: Python :: 3.X" classifiers (a test checks it).
PYTHONS = ["3.11", "3.12", "3.13"]

nox.options.sessions = ["tests"]
nox.options.default_venv_backend = "venv"
nox.options.download_python = "never"
nox.options.reuse_existing_virtualenvs = True


def _pyenv_root() -> Path | None:
    if root := os.environ.get("PYENV_ROOT"):
        return Path(root)
    try:
        out = subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        default = Path.home() / ".pyenv"
        return default if default.is_dir() else None
    return Path(out.stdout.strip())


def _add_pyenv_interpreters_to_path() -> None:
    """Put the newest pyenv build of each supported minor version on ``PATH``.

    pyenv's shims only run the versions selected by ``pyenv global``/``local``; nox needs
    ``python3.X`` for every version at once.
    """
    root = _pyenv_root()
    if root is None or not (root / "versions").is_dir():
        return
    dirs: list[str] = []
    for minor in PYTHONS:
        pattern = re.compile(rf"^{re.escape(minor)}\.(\d+)$")
        builds = sorted(
            (int(m.group(1)), p)
            for p in (root / "versions").iterdir()
            if (m := pattern.match(p.name)) and (p / "bin" / f"python{minor}").exists()
        )
        if builds:
            dirs.append(str(builds[-1][1] / "bin"))
    os.environ["PATH"] = os.pathsep.join([*dirs, os.environ.get("PATH", "")])


_add_pyenv_interpreters_to_path()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The unit tier (everything but the emulator tier) on one Python."""
    session.install("--quiet", ".[dev]")
    session.run(
        "python",
        "-m",
        "pytest",
        "-m",
        "not emulator",
        "-q",
        "-p",
        "no:cacheprovider",
        *session.posargs,
    )
