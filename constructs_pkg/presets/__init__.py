"""Presets: one :class:`~constructs_pkg.ServiceIntegrationMethod` per common AWS action.

Each preset takes the typed CDK target (``sqs.IQueue``, ``s3.IBucket``, ...) and supplies the
URI, the request template, the exact IAM grant (KMS included for encrypted targets), the
headers the service needs and the response and error mapping; every part can be overridden.
``CATALOGUE.md`` lists them, one row per preset.

Besides its own keywords, every preset takes the options they all share,
:class:`PresetOptions` (``role``, ``cors``, ``authorizer``, ``timeout``, ``request_templates``...),
documented once there.
"""

from ._options import PresetOptions
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
    "PresetOptions",
    "S3DeleteObject",
    "S3GetObject",
    "S3PutObject",
    "SnsPublish",
    "SortKeyCondition",
    "SqsSendMessage",
    "StepFunctionsStartExecution",
    "StepFunctionsStartSyncExecution",
]
