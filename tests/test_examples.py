"""Every ``examples/*/app.py`` runs as a script, synthesizes, and passes cfn-lint.

Each example is run the way its docstring says (``python examples/<name>/app.py`` with
``CDK_OUTDIR``), so a broken import or a failing construct shows up here; cfn-lint then checks
every template of the assembly against all regions (``cfnlint.api.lint_all``): no error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(ROOT.glob("examples/*/app.py"))


def test_there_are_examples() -> None:
    assert EXAMPLES, "no examples/*/app.py found"


@pytest.mark.parametrize("app", EXAMPLES, ids=lambda p: p.parent.name)
def test_example_synthesizes_and_passes_cfn_lint(app: Path, tmp_path: Path) -> None:
    from cfnlint.api import lint_all

    # GIVEN an example app, WHEN it is run as a script
    env = {**os.environ, "CDK_OUTDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(app)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-4000:]
    # THEN it writes at least one template, and cfn-lint finds no error in any
    templates = sorted(tmp_path.glob("*.template.json"))
    assert templates, f"{app} synthesized no stack into {tmp_path}"
    for template in templates:
        errors = [m for m in lint_all(template.read_text()) if m.rule.id.startswith("E")]
        assert errors == [], f"{template.name}:\n" + "\n".join(str(m) for m in errors)
