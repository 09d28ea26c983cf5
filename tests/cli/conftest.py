"""Fixtures of the command-line tests: dummy credentials, a fixed region, moto's API Gateway.

Nothing here reaches AWS: moto answers in-process, and the error tests point boto3 at a closed
port on 127.0.0.1 (or answer from a botocore event hook before anything is sent).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import boto3
import pytest
from cli_support import DUMMY_ENV, REGION
from moto import mock_aws

if TYPE_CHECKING:
    from mypy_boto3_apigateway.client import APIGatewayClient


@pytest.fixture(scope="module")
def aws_env() -> Iterator[None]:
    """Dummy credentials and a fixed region for the module's tests (restored afterwards)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in DUMMY_ENV.items():
            patch.setenv(name, value)
        patch.delenv("AWS_PROFILE", raising=False)
        yield


@pytest.fixture(scope="module")
def apigateway(aws_env: None) -> Iterator[APIGatewayClient]:
    """An API Gateway client on moto's in-process mock, alive for the whole module."""
    with mock_aws():
        yield boto3.client("apigateway", region_name=REGION)
