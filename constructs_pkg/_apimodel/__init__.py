"""One model of a REST API, shared by ``constructs-pkg diff``/``import`` and the local executor.

- :mod:`._types`: the frozen value objects (:class:`RestApi`, :class:`Method`, ...);
- :mod:`._defaults`: API Gateway's defaults, applied in one place;
- :mod:`._from_template`: a REST API read from a synthesized template (intrinsic functions
  resolved once by :mod:`._intrinsics`, nested stacks included);
- :mod:`._from_boto`: the same from API Gateway's ``get_*`` answers;
- :mod:`._uri`: integration URIs and ARNs.

Pure code: no CDK, no AWS calls.
"""

from ._defaults import (
    BUILTIN_MODELS,
    DEFAULT_CONNECTION,
    DEFAULT_GATEWAY_RESPONSE_TEMPLATE,
    DEFAULT_PASSTHROUGH,
    DEFAULT_TIMEOUT_MS,
    GATEWAY_RESPONSE_STATUS,
)
from ._from_boto import (
    authorizer_from_boto,
    gateway_response_from_boto,
    method_from_boto,
    model_from_boto,
    referenced_models,
    stage_from_boto,
    validator_from_boto,
)
from ._from_template import (
    NestedTemplates,
    assembly_nested_templates,
    read_rest_api,
    rest_api_ids,
)
from ._intrinsics import Intrinsics, PhysicalNames, references
from ._types import (
    Authorizer,
    GatewayResponse,
    Integration,
    IntegrationResponse,
    Method,
    MethodResponse,
    Model,
    RequestValidator,
    Resource,
    RestApi,
    RoleReference,
    Stage,
    Unresolved,
)
from ._uri import AwsUri, lambda_function_arn, parse_aws_uri, partition_of, role_name

__all__ = [
    "BUILTIN_MODELS",
    "DEFAULT_CONNECTION",
    "DEFAULT_GATEWAY_RESPONSE_TEMPLATE",
    "DEFAULT_PASSTHROUGH",
    "DEFAULT_TIMEOUT_MS",
    "GATEWAY_RESPONSE_STATUS",
    "Authorizer",
    "AwsUri",
    "GatewayResponse",
    "Integration",
    "IntegrationResponse",
    "Intrinsics",
    "Method",
    "MethodResponse",
    "Model",
    "NestedTemplates",
    "PhysicalNames",
    "RequestValidator",
    "Resource",
    "RestApi",
    "RoleReference",
    "Stage",
    "Unresolved",
    "assembly_nested_templates",
    "authorizer_from_boto",
    "gateway_response_from_boto",
    "lambda_function_arn",
    "method_from_boto",
    "model_from_boto",
    "parse_aws_uri",
    "partition_of",
    "read_rest_api",
    "references",
    "referenced_models",
    "rest_api_ids",
    "role_name",
    "stage_from_boto",
    "validator_from_boto",
]
