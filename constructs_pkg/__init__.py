"""constructs_pkg: wire an API Gateway REST method straight to an AWS service action.

The public API is re-exported here; everything else lives in private modules. The offline
template renderer is the public sub-package :mod:`constructs_pkg.testing`; the presets (one
construct per common AWS action) are in :mod:`constructs_pkg.presets`.
"""

import typing as _typing

from ._grants import KMS_READ_ACTIONS, KMS_WRITE_ACTIONS, Permission, kms_permissions
from ._lazy import lazy_exports as _lazy_exports
from ._method import RequestTemplate, ServiceIntegrationMethod
from ._templates._protocol import RequestTemplateSource
from ._version import __version__
from .errors import ConstructsPkgError, ValidationError

if _typing.TYPE_CHECKING:
    from ._cors import CORS_DEFAULT_HEADERS, Cors
    from ._paths import resource_for_path
    from ._shards import MethodShards
    from ._templates import (
        DynamoDbItem,
        DynamoDbStartKey,
        DynamoDbUpdate,
        FormTemplate,
        From,
        JsonTemplate,
        ResponseMapping,
        ResponseTemplate,
        TemplateWarning,
        ValueType,
        dynamodb_item_response,
        dynamodb_items_response,
        dynamodb_set_update,
        error_mapping,
        eventbridge_put_events_response,
        lint_template,
        sfn_sync_execution_response,
        sns_publish_response,
        sqs_send_message_response,
    )

# imported on first use (see constructs_pkg._lazy): an app that uses none of them never loads
# CORS, the template generators, the DynamoDB expression builders, the response templates,
# resource_for_path or MethodShards
__getattr__ = _lazy_exports(
    globals(),
    {
        "._cors": ("CORS_DEFAULT_HEADERS", "Cors"),
        "._paths": ("resource_for_path",),
        "._shards": ("MethodShards",),
        "._templates": (
            "DynamoDbItem",
            "DynamoDbStartKey",
            "DynamoDbUpdate",
            "FormTemplate",
            "From",
            "JsonTemplate",
            "ResponseMapping",
            "ResponseTemplate",
            "TemplateWarning",
            "dynamodb_item_response",
            "dynamodb_items_response",
            "dynamodb_set_update",
            "error_mapping",
            "eventbridge_put_events_response",
            "lint_template",
            "sfn_sync_execution_response",
            "sns_publish_response",
            "sqs_send_message_response",
            "ValueType",
        ),
    },
)

__all__ = [
    "CORS_DEFAULT_HEADERS",
    "ConstructsPkgError",
    "Cors",
    "DynamoDbItem",
    "DynamoDbStartKey",
    "DynamoDbUpdate",
    "FormTemplate",
    "From",
    "JsonTemplate",
    "KMS_READ_ACTIONS",
    "KMS_WRITE_ACTIONS",
    "MethodShards",
    "Permission",
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
    "dynamodb_set_update",
    "error_mapping",
    "eventbridge_put_events_response",
    "kms_permissions",
    "lint_template",
    "resource_for_path",
    "sfn_sync_execution_response",
    "sns_publish_response",
    "sqs_send_message_response",
]
