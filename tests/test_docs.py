"""The documentation: the site builds with warnings as errors, its API reference documents every
public name, and the README is a short landing page whose code runs and whose links resolve."""

from __future__ import annotations

import html
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# module -> the reference page (under docs/reference/) that documents it
REFERENCE_PAGES = {
    "constructs_pkg": "constructs_pkg",
    "constructs_pkg.presets": "presets",
    "constructs_pkg.testing": "testing",
}

# Guides written alongside this one and added to the site's navigation when they land; the
# README links to them already.
GUIDES_TO_COME = {
    "docs/guides/local-testing.md",
    "docs/guides/synth-time-checks.md",
    "docs/guides/presets-options.md",
    "docs/guides/importing.md",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built as `make docs` builds it (``mkdocs build --strict``)."""
    if importlib.util.find_spec("mkdocs") is None:
        if os.environ.get("CI"):
            pytest.fail("mkdocs is not installed: the docs extra is part of dev")
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]')")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.mark.parametrize("module_name", sorted(REFERENCE_PAGES))
def test_every_public_name_is_in_the_api_reference(site: Path, module_name: str) -> None:
    module = importlib.import_module(module_name)
    page = site / "reference" / REFERENCE_PAGES[module_name] / "index.html"
    text = page.read_text()
    anchors = set(re.findall(r'id="([^"]+)"', text))
    missing = [name for name in module.__all__ if f"{module_name}.{name}" not in anchors]
    assert not missing, f"not documented in {page.relative_to(site)}: {missing}"
    # the docstrings' Sphinx roles are rendered as code, not shown literally
    assert not re.search(r":(class|func|meth|mod|attr|data):`", html.unescape(text))
    # each entry is rendered as a heading with the name itself
    for name in module.__all__:
        heading = re.search(
            rf'<h[2-4] id="{re.escape(module_name)}\.{re.escape(name)}"[^>]*>(.*?)</h[2-4]>',
            text,
            re.S,
        )
        assert heading, name
        assert name in html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))), name


def test_site_has_every_guide_examples_catalogue_and_reference(site: Path) -> None:
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    guides = {f"guides/{p.stem}" for p in (ROOT / "docs" / "guides").glob("*.md")}
    assert guides <= pages
    assert {"examples", "catalogue", "reference/cli"} <= pages
    assert {f"reference/{page}" for page in REFERENCE_PAGES.values()} <= pages
    # the examples and the catalogue are included from the repository, not copied
    examples = (site / "examples" / "index.html").read_text()
    for app in sorted((ROOT / "examples").glob("*/app.py")):
        assert f"examples/{app.parent.name}/app.py" in examples
    assert "DynamoDbGetItem" in (site / "catalogue" / "index.html").read_text()


def test_readme_is_a_landing_page() -> None:
    text = README.read_text()
    assert len(text.splitlines()) <= 300
    # nothing about how the project is run: no tracker references, no benchmark tables
    assert not re.search(r"\bissues? #?\d+", text, re.I)
    assert "| N |" not in text and "ratio |" not in text
    assert "benchmarks/README.md" in text
    for section in ("## Install", "## Quick start", "## Features", "## Security", "## Links"):
        assert section in text, section
    assert "pip install 'constructs-pkg[testing]'" in text
    assert "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION" in text


def test_readme_links_resolve() -> None:
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README.read_text())
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert local
    missing = [link for link in local if not (ROOT / link).exists() and link not in GUIDES_TO_COME]
    assert not missing


def test_readme_quick_start_synthesizes(tmp_path: Path) -> None:
    """The README's Python blocks, run in order as one app, synthesize (no AWS account)."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert blocks and "resource_for_path" in blocks[0]
    main, *more = blocks
    code = main.replace("app.synth()\n", "") + "".join(more) + "app.synth()\n"
    env = {**os.environ, "CDK_OUTDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.setdefault("CDK_VALIDATION", "false")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    template = (tmp_path / "ProfilesDemo.template.json").read_text()
    assert '"dynamodb:GetItem"' in template
    assert template.count('"AWS::ApiGateway::Method"') == 2


def test_readme_local_api_example_passes() -> None:
    """The README's LocalApi unit test runs, as written, against this repository's app.py."""
    (block,) = [
        b for b in re.findall(r"```python\n(.*?)```", README.read_text(), re.S) if "LocalApi" in b
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("CDK_VALIDATION", "false")
    result = subprocess.run(
        [sys.executable, "-c", block + "\ntest_profiles()\nprint('ok')\n"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
