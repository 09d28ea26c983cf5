"""The command line's names for the shared REST API model (:mod:`constructs_pkg._apimodel`).

Kept so the reader, the code generator and the diff read as they did; the types are the
shared model's.
"""

from __future__ import annotations

from .._apimodel import (
    BUILTIN_MODELS,
    DEFAULT_CONNECTION,
    DEFAULT_PASSTHROUGH,
    DEFAULT_TIMEOUT_MS,
    AwsUri,
    lambda_function_arn,
    parse_aws_uri,
    partition_of,
    role_name,
)
from .._apimodel import Authorizer as LiveAuthorizer
from .._apimodel import Integration as LiveIntegration
from .._apimodel import IntegrationResponse as LiveIntegrationResponse
from .._apimodel import Method as LiveMethod
from .._apimodel import MethodResponse as LiveMethodResponse
from .._apimodel import Model as LiveModel
from .._apimodel import RequestValidator as LiveValidator
from .._apimodel import Resource as LiveResource
from .._apimodel import RestApi as LiveApi
from .._apimodel import Stage as LiveStage

__all__ = [
    "BUILTIN_MODELS",
    "DEFAULT_CONNECTION",
    "DEFAULT_PASSTHROUGH",
    "DEFAULT_TIMEOUT_MS",
    "AwsUri",
    "LiveApi",
    "LiveAuthorizer",
    "LiveIntegration",
    "LiveIntegrationResponse",
    "LiveMethod",
    "LiveMethodResponse",
    "LiveModel",
    "LiveResource",
    "LiveStage",
    "LiveValidator",
    "lambda_function_arn",
    "parse_aws_uri",
    "partition_of",
    "role_name",
]
