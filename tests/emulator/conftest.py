"""The emulator tier: LocalStack on 127.0.0.1:4566, started once per test session.

Every test here is marked ``emulator``. The tier is skipped (with the reason) only when the
machine has no Python >= 3.12 for LocalStack; any other setup or start failure is an error.
The emulator and the stacks are shared by the whole session, so run this tier in one process
(``-p no:xdist``, or no ``-n``): every xdist worker would start its own LocalStack on one port.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from emulator_support import REPO, TIMINGS, DeployedApi, emulator


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = TIMINGS.lines()
    if lines:
        terminalreporter.write_sep("-", "emulator tier runtime")
        for line in lines:
            terminalreporter.write_line(line)


# --- fixtures -----


@pytest.fixture(scope="session")
def localstack() -> Iterator[emulator.Emulator]:
    """LocalStack set up (cached) and running; stopped by PID at the end of the session."""
    TIMINGS.first_use = time.perf_counter()
    try:
        TIMINGS.setup = emulator.setup(echo=False)
    except emulator.NoPythonError as exc:
        pytest.skip(f"emulator tier skipped: {exc}")
    handle = emulator.start()
    TIMINGS.start = handle.startup_seconds
    try:
        yield handle
    finally:
        emulator.stop(handle)


@pytest.fixture(scope="session")
def app_templates(localstack: emulator.Emulator) -> dict[str, dict[str, Any]]:
    """``{stack name: template}`` of ``app.py``, synthesized once per session."""
    started = time.perf_counter()
    # EMULATOR_APP: another CDK app with the same stack names (for trying this tier's machinery)
    templates = emulator.synth(os.environ.get("EMULATOR_APP") or REPO / "app.py")
    TIMINGS.synth = time.perf_counter() - started
    return templates


def _deploy(templates: Mapping[str, Mapping[str, Any]], name: str) -> DeployedApi:
    started = time.perf_counter()
    outputs = emulator.deploy(name, templates[name])
    TIMINGS.deploys[name] = time.perf_counter() - started
    api_id = outputs.get("RestApiId") or emulator.rest_api_id(name)
    return DeployedApi(name, api_id, outputs, templates[name])


@pytest.fixture(scope="session")
def parity_api(app_templates: dict[str, dict[str, Any]]) -> DeployedApi:
    """``ProfilesApiParity`` deployed with CloudFormation (boto3)."""
    assert "ProfilesApiParity" in app_templates, (
        f"app.py has no stack ProfilesApiParity; it has {sorted(app_templates)}"
    )
    return _deploy(app_templates, "ProfilesApiParity")


@pytest.fixture(scope="session")
def profiles_api(app_templates: dict[str, dict[str, Any]]) -> DeployedApi:
    """``ProfilesApi`` (escaped templates, plain JSON) deployed with CloudFormation (boto3)."""
    if "ProfilesApi" not in app_templates:
        pytest.skip("ProfilesApi not in app.py yet")
    return _deploy(app_templates, "ProfilesApi")


@pytest.fixture(scope="session")
def aws(localstack: emulator.Emulator) -> Callable[[str], Any]:
    """``aws("dynamodb")``: a boto3 client on the emulator (dummy credentials, 127.0.0.1)."""
    clients: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in clients:
            clients[service] = emulator.client(service)
        return clients[service]

    return client


@pytest.fixture
def empty_table(aws: Callable[[str], Any]) -> Callable[[str], None]:
    """``empty_table(name)`` deletes every item of a table, so a test starts from nothing."""

    def empty(table: str) -> None:
        ddb = aws("dynamodb")
        key_names = [
            k["AttributeName"] for k in ddb.describe_table(TableName=table)["Table"]["KeySchema"]
        ]
        for page in ddb.get_paginator("scan").paginate(TableName=table):
            for item in page["Items"]:
                ddb.delete_item(TableName=table, Key={k: item[k] for k in key_names})

    return empty
