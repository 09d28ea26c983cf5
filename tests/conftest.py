"""Lean fixtures: a fresh App/Stack per test, a REST API without deployment or CloudWatch role."""

from __future__ import annotations

import os

# CDK's built-in CloudFormation checker costs ~3 s and ~350 MiB of Node memory per process;
# the suite runs cfn-lint on every template it synthesizes instead (below).
os.environ.setdefault("CDK_VALIDATION", "false")

import hashlib
import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb

# cfn-lint runs over every template the suite synthesizes through Template.from_stack (once per
# distinct template): a test whose stack cfn-lint finds an error in fails with the findings.
# W3005 is emitted for aws-cdk-lib's own resources; warnings and informational rules are not
# errors. CONSTRUCTS_PKG_SKIP_CFN_LINT=1 turns it off for a quick local loop.
_from_stack = assertions.Template.from_stack
_linted: dict[str, list[str]] = {}


def _cfn_lint_errors(template: dict[str, Any]) -> list[str]:
    from cfnlint.api import ManualArgs, lint

    text = json.dumps(template, sort_keys=True)
    key = hashlib.sha256(text.encode()).hexdigest()
    if key not in _linted:
        matches = lint(text, config=ManualArgs(regions=["us-east-1"]))
        _linted[key] = [str(m) for m in matches if m.rule.id.startswith("E")]
    return _linted[key]


def _from_stack_linted(stack: cdk.Stack, **kwargs: Any) -> assertions.Template:
    template = _from_stack(stack, **kwargs)
    errors = _cfn_lint_errors(template.to_json())
    assert not errors, f"cfn-lint errors in {stack.stack_name}:\n" + "\n".join(errors)
    return template


if os.environ.get("CONSTRUCTS_PKG_SKIP_CFN_LINT") != "1":
    assertions.Template.from_stack = staticmethod(_from_stack_linted)  # type: ignore[method-assign,assignment]


@pytest.fixture
def stack() -> cdk.Stack:
    """A fresh stack in a fresh app."""
    return cdk.Stack(cdk.App(), "TestStack")


@pytest.fixture
def api(stack: cdk.Stack) -> apigw.RestApi:
    """A REST API with no deployment and no CloudWatch role (nothing but what a test adds)."""
    return apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)


@pytest.fixture
def table(stack: cdk.Stack) -> dynamodb.Table:
    """A DynamoDB table keyed by ``username``."""
    return dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="username", type=dynamodb.AttributeType.STRING),
    )
