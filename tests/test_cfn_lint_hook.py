"""The suite-wide cfn-lint hook (tests/conftest.py) really rejects a broken template."""

from __future__ import annotations

import os

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template


@pytest.mark.skipif(
    os.environ.get("CONSTRUCTS_PKG_SKIP_CFN_LINT") == "1", reason="cfn-lint hook turned off"
)
def test_a_template_cfn_lint_rejects_fails_the_test(stack: cdk.Stack) -> None:
    # GIVEN a method without the properties CloudFormation requires
    cdk.CfnResource(stack, "Broken", type="AWS::ApiGateway::Method", properties={"Bogus": 1})
    # WHEN the test synthesizes it THEN cfn-lint's errors fail it
    with pytest.raises(AssertionError, match="cfn-lint errors"):
        Template.from_stack(stack)
