"""The real ``cdk deploy`` (the project's pinned CLI) works against the emulator.

``make demo`` deploys this way; this test keeps that claim true. It bootstraps the emulator's
account (``cdk bootstrap``) and deploys ProfilesApiParity with ``AWS_ENDPOINT_URL`` pointed at
127.0.0.1:4566. Whether it runs before or after the CloudFormation deploy of the same stack by
the ``parity_api`` fixture does not matter: the templates are the same, so the later deploy
either updates nothing (the CLI) or replaces the stack (``emulator.deploy``).
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from emulator_support import REPO, STAGE, TIMINGS, emulator

pytestmark = pytest.mark.emulator


def test_cdk_deploy_deploys_the_parity_stack(app_templates: dict[str, Any]) -> None:
    # GIVEN the emulator (app_templates: app.py synthesizes)
    app = os.environ.get("EMULATOR_APP") or REPO / "app.py"

    # WHEN the CDK CLI deploys ProfilesApiParity to it
    started = time.perf_counter()
    outputs = emulator.cdk_deploy(["ProfilesApiParity"], app=app)
    TIMINGS.deploys["ProfilesApiParity (cdk CLI)"] = time.perf_counter() - started

    # THEN the stack is complete and its stage answers
    cfn = emulator.client("cloudformation")
    stack = cfn.describe_stacks(StackName="ProfilesApiParity")["Stacks"][0]
    assert stack["StackStatus"] in {"CREATE_COMPLETE", "UPDATE_COMPLETE"}
    api_id = outputs["ProfilesApiParity"].get("RestApiId") or emulator.rest_api_id(
        "ProfilesApiParity"
    )
    response = emulator.invoke(api_id, STAGE, "profiles", "GET")
    assert response.status == 200, response
    assert "Count" in response.json(), response
