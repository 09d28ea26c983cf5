"""cdk-nag AwsSolutionsChecks on the app's ProfilesApi stack: no unacknowledged finding."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
from app_context import cdk_app
from cdk_nag import AwsSolutionsChecks

from app import ProfilesApiStack


def test_profiles_api_has_no_unacknowledged_finding(tmp_path: Path) -> None:
    app = cdk_app(outdir=str(tmp_path))
    ProfilesApiStack(app, "ProfilesApi")
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    app.synth()  # raises ValidationFailed on any unacknowledged error


def test_acknowledgements_are_few_and_each_has_a_reason() -> None:
    stack = ProfilesApiStack(cdk_app(), "ProfilesApi")
    acknowledged: dict[str, str] = {}
    for entry in stack.node.metadata:
        if entry.type == "aws:cdk:acknowledged-rules":
            acknowledged.update(entry.data)
    assert set(acknowledged) == {
        f"AwsSolutions::AwsSolutions-{rule}" for rule in ("APIG3", "APIG4", "APIG6", "COG4")
    }
    for reason in acknowledged.values():
        assert len(reason) > 80, reason
