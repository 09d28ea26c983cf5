"""Lean fixtures: a fresh App/Stack per test, a REST API without deployment or CloudWatch role."""

from __future__ import annotations

import os

# CDK's built-in CloudFormation checker costs ~3 s and ~350 MiB of Node memory per process;
# the suite runs cfn-lint on the templates that matter instead (tests/test_app.py).
os.environ.setdefault("CDK_VALIDATION", "false")

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb


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
