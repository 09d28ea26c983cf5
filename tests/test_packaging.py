"""The wheel and sdist: built, valid, installable without the source tree, typed, quiet."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def test_wheel_and_sdist_pass_twine_check(dist: Path) -> None:
    files = sorted(dist.iterdir())
    assert sorted(f.suffix for f in files) == [".gz", ".whl"]
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_ships_types_templates_and_the_node_hook(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "constructs_pkg/py.typed" in names
    assert "constructs_pkg/testing/__init__.py" in names
    assert any(n.startswith("constructs_pkg/_templates/vtl/") and n.endswith(".vtl") for n in names)
    assert {"constructs_pkg_jsii_node.pth", "_constructs_pkg_jsii_node.py"} <= names
    assert not any(n.startswith("tests/") for n in names)


APP = textwrap.dedent(
    """
    import aws_cdk as cdk
    from aws_cdk import aws_apigateway as apigw
    import constructs_pkg
    from constructs_pkg import ServiceIntegrationMethod

    app = cdk.App()
    stack = cdk.Stack(app, "Smoke")
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    ServiceIntegrationMethod(stack, "Scan", resource=api.root, http_method="GET",
                             service="dynamodb", action="Scan",
                             resources=["arn:aws:dynamodb:us-east-1:111122223333:table/t"])
    app.synth()
    print(constructs_pkg.__file__)
    """
)


def test_wheel_installs_in_a_fresh_venv_and_synthesizes(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The wheel itself, without its dependencies: those come from the project's environment
    # (listed in a .pth file, which does not run that environment's own start-up hooks), so
    # the test needs no network and takes seconds.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "aa_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    workdir = tmp_path / "app"
    workdir.mkdir()
    (workdir / "app.py").write_text(APP)
    env = {k: v for k, v in os.environ.items() if k not in {"JSII_NODE", "PYTHONPATH"}}
    env["CDK_OUTDIR"] = str(workdir / "cdk.out")
    result = subprocess.run(
        [str(python), "app.py"], cwd=workdir, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(env_dir)), "imported the source tree"
    assert (workdir / "cdk.out" / "Smoke.template.json").is_file()
    # no Node end-of-life banner from jsii, no warnings of ours
    assert "end-of-life" not in result.stderr
    assert result.stderr.strip() == ""
