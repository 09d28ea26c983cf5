"""What each entry point imports: the parts that need no CDK start without aws-cdk-lib or jsii.

Each test runs a fresh interpreter, since the test process itself has long imported CDK.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import constructs_pkg

ROOT = Path(__file__).resolve().parent.parent
CDK_MODULES = ("aws_cdk", "jsii", "constructs")


def _run(code: str) -> list[object]:
    """Run ``code`` in a fresh interpreter from the repository root; it prints one JSON value
    per line."""
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return [json.loads(line) for line in completed.stdout.splitlines()]


def _loaded(modules: tuple[str, ...]) -> str:
    return f"print(json.dumps([m for m in {modules!r} if m in sys.modules]))\n"


@pytest.mark.parametrize(
    "module", ["constructs_pkg", "constructs_pkg.cli", "constructs_pkg.testing"]
)
def test_importing_the_parts_that_need_no_cdk_loads_neither_aws_cdk_nor_jsii(module: str) -> None:
    # GIVEN a fresh interpreter WHEN it imports the module THEN no CDK module is loaded
    (loaded,) = _run(f"import json, sys, {module}\n" + _loaded(CDK_MODULES))
    assert loaded == []


def test_the_command_line_help_starts_without_cdk_or_boto3() -> None:
    (loaded,) = _run(
        "import contextlib, io, json, sys\n"
        "from constructs_pkg.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "assert 'import' in out.getvalue() and 'diff' in out.getvalue()\n"
        + _loaded((*CDK_MODULES, "boto3"))
    )
    assert loaded == []


def test_the_first_cdk_name_asked_for_loads_cdk_and_binds_them_all() -> None:
    before, after, bound = _run(
        "import json, sys, constructs_pkg\n"
        + _loaded(CDK_MODULES)
        + "constructs_pkg.MethodShards\n"
        + _loaded(CDK_MODULES)
        + "print(json.dumps(sorted(n for n in constructs_pkg._CDK_NAMES"
        " if n in vars(constructs_pkg))))\n"
    )
    assert before == []
    assert after == list(CDK_MODULES)
    assert bound == sorted(constructs_pkg._CDK_NAMES)


def test_every_public_name_imports_from_a_fresh_interpreter() -> None:
    # `from constructs_pkg import X` and `constructs_pkg.X`, each in a fresh interpreter state
    (missing,) = _run(
        "import importlib, json\n"
        "import constructs_pkg\n"
        "missing = []\n"
        "for name in constructs_pkg.__all__:\n"
        "    try:\n"
        "        exec(f'from constructs_pkg import {name}', {})\n"
        "        getattr(constructs_pkg, name)\n"
        "    except (ImportError, AttributeError):\n"
        "        missing.append(name)\n"
        "print(json.dumps(missing))\n"
    )
    assert missing == []


def test_dir_lists_every_public_name_before_cdk_is_loaded() -> None:
    listed, loaded = _run(
        "import json, sys, constructs_pkg\n"
        "print(json.dumps(sorted(set(constructs_pkg.__all__) - set(dir(constructs_pkg)))))\n"
        + _loaded(CDK_MODULES)
    )
    assert listed == []
    assert loaded == []


def test_the_cdk_names_are_those_of_the_one_cdk_module() -> None:
    from constructs_pkg import _constructs

    assert tuple(_constructs.__all__) == constructs_pkg._CDK_NAMES
    assert set(constructs_pkg._CDK_NAMES) <= set(constructs_pkg.__all__)
    for name in constructs_pkg._CDK_NAMES:
        assert getattr(constructs_pkg, name) is getattr(_constructs, name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchName'"):
        constructs_pkg.NoSuchName  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(ImportError):
        exec("from constructs_pkg import NoSuchName", {})


def test_a_token_is_still_recognized_without_a_module_level_cdk_import() -> None:
    plain, loaded, look_alike, token = _run(
        "import json, sys\n"
        "from constructs_pkg._checks import is_token\n"
        "print(json.dumps([is_token('plain'), is_token(3), is_token(None)]))\n"
        + _loaded(("aws_cdk",))
        + "print(json.dumps(is_token('a Token[ look-alike')))\n"
        "import aws_cdk as cdk\n"
        "stack = cdk.Stack(cdk.App(), 'S')\n"
        "print(json.dumps(is_token(stack.account)))\n"
    )
    assert plain == [False, False, False]
    assert loaded == []  # a plain string is answered without CDK
    assert look_alike is False
    assert token is True
