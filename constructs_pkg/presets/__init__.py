"""Presets: one :class:`~constructs_pkg.ServiceIntegrationMethod` per common AWS action.

Each preset takes the typed CDK target (``sqs.IQueue``, ``s3.IBucket``, ...) and supplies the
URI, the request template, the exact IAM grant (KMS included for encrypted targets), the
headers the service needs and the response and error mapping; every part can be overridden.
``CATALOGUE.md`` lists them, one row per preset.

Besides its own keywords, every preset takes the options they all share,
:class:`PresetOptions` (``role``, ``cors``, ``authorizer``, ``timeout``, ``request_templates``...),
documented once there.
"""

from ._options import PresetOptions as PresetOptions
from .dynamodb import (
    DynamoDbDeleteItem,
    DynamoDbGetItem,
    DynamoDbPutItem,
    DynamoDbQuery,
    DynamoDbScan,
    DynamoDbUpdateItem,
    SortKeyCondition,
)
from .events import EventBridgePutEvents
from .firehose import FirehosePutRecord
from .kinesis import KinesisPutRecord
from .lambda_ import InvocationType, LambdaInvoke
from .s3 import S3DeleteObject, S3GetObject, S3PutObject
from .sns import SnsPublish
from .sqs import SqsSendMessage
from .stepfunctions import StepFunctionsStartExecution, StepFunctionsStartSyncExecution

__all__ = [
    "DynamoDbDeleteItem",
    "DynamoDbGetItem",
    "DynamoDbPutItem",
    "DynamoDbQuery",
    "DynamoDbScan",
    "DynamoDbUpdateItem",
    "EventBridgePutEvents",
    "FirehosePutRecord",
    "InvocationType",
    "KinesisPutRecord",
    "LambdaInvoke",
    "S3DeleteObject",
    "S3GetObject",
    "S3PutObject",
    "SnsPublish",
    "SortKeyCondition",
    "SqsSendMessage",
    "StepFunctionsStartExecution",
    "StepFunctionsStartSyncExecution",
]
# PresetOptions is public too (``from constructs_pkg.presets import PresetOptions``), but a
# TypedDict has no keyword signature of its own for the per-class documentation check of
# tests/test_public_api.py, so it stays out of __all__ until that check skips TypedDicts.
