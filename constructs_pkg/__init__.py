"""constructs_pkg: wire an API Gateway REST method straight to an AWS service action.

The public API is re-exported here; everything else lives in private modules. The offline
template renderer is the public sub-package :mod:`constructs_pkg.testing`.
"""

from ._method import RequestTemplate, ServiceIntegrationMethod
from ._templates import (
    DynamoDbItem,
    FormTemplate,
    From,
    JsonTemplate,
    RequestTemplateSource,
    ResponseMapping,
    ResponseTemplate,
    TemplateWarning,
    ValueType,
    dynamodb_item_response,
    dynamodb_items_response,
    error_mapping,
    eventbridge_put_events_response,
    lint_template,
    sfn_sync_execution_response,
    sns_publish_response,
    sqs_send_message_response,
)
from ._version import __version__
from .errors import ConstructsPkgError, ValidationError

__all__ = [
    "ConstructsPkgError",
    "DynamoDbItem",
    "FormTemplate",
    "From",
    "JsonTemplate",
    "RequestTemplate",
    "RequestTemplateSource",
    "ResponseMapping",
    "ResponseTemplate",
    "ServiceIntegrationMethod",
    "TemplateWarning",
    "ValidationError",
    "ValueType",
    "__version__",
    "dynamodb_item_response",
    "dynamodb_items_response",
    "error_mapping",
    "eventbridge_put_events_response",
    "lint_template",
    "sfn_sync_execution_response",
    "sns_publish_response",
    "sqs_send_message_response",
]
