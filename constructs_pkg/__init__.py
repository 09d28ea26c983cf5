"""constructs_pkg: wire an API Gateway REST method straight to an AWS service action.

The public API is re-exported here; everything else lives in private modules. The offline
template renderer is the public sub-package :mod:`constructs_pkg.testing`; the presets (one
construct per common AWS action) are in :mod:`constructs_pkg.presets`; the command line is
:mod:`constructs_pkg.cli`.

Every name is a plain import except the few that need aws-cdk-lib (``_CDK_NAMES``, defined in
:mod:`constructs_pkg._constructs`). Importing aws-cdk-lib starts its jsii runtime, a Node
process that costs about a second; ``import constructs_pkg.cli`` and ``import
constructs_pkg.testing`` run this file too, and neither needs CDK. So the module ``__getattr__``
below (PEP 562) imports ``_constructs`` the first time one of those names is asked for
(``constructs_pkg.ServiceIntegrationMethod`` or ``from constructs_pkg import
ServiceIntegrationMethod``) and binds all of them here. That is the one deliberate exception
to plain imports, kept to one module, not a per-name table.
"""

import typing as _typing

from ._cors import CORS_DEFAULT_HEADERS, Cors
from ._grants import KMS_READ_ACTIONS, KMS_WRITE_ACTIONS, Permission, kms_permissions
from ._templates import (
    DynamoDbItem,
    DynamoDbStartKey,
    DynamoDbUpdate,
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
    dynamodb_set_update,
    error_mapping,
    eventbridge_put_events_response,
    lint_template,
    sfn_sync_execution_response,
    sns_publish_response,
    sqs_send_message_response,
)
from ._version import __version__
from .errors import ConstructsPkgError, ValidationError

if _typing.TYPE_CHECKING:
    from ._constructs import (
        MethodShards,
        RequestTemplate,
        ServiceIntegrationMethod,
        resource_for_path,
    )

#: The names that need aws-cdk-lib, i.e. ``constructs_pkg._constructs.__all__``.
_CDK_NAMES = ("MethodShards", "RequestTemplate", "ServiceIntegrationMethod", "resource_for_path")


def __getattr__(name: str) -> object:
    if name not in _CDK_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import _constructs

    globals().update({cdk_name: getattr(_constructs, cdk_name) for cdk_name in _CDK_NAMES})
    return getattr(_constructs, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_CDK_NAMES})


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
