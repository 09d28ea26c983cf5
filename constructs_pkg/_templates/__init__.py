"""Injection-safe mapping templates: request templates declared in Python, response templates
and error mapping per service, and a linter for hand-written templates.

Pure code: nothing here creates a construct or imports CDK at module level.
``constructs_pkg`` re-exports the public names.
"""

from ._compile import Compiled, Fragment, compile_from
from ._dynamodb import DEFAULT_MAX_DEPTH, DynamoDbItem
from ._dynamodb_expressions import DynamoDbStartKey, DynamoDbUpdate, dynamodb_set_update
from ._error_data import STATUS_TEXT
from ._lint import TEMPLATE_WARNINGS, TemplateWarning, lint_template
from ._request import (
    FormTemplate,
    JsonTemplate,
    RequestTemplateSource,
    has_template_values,
    request_parameters,
)
from ._response_templates import (
    ResponseMapping,
    ResponseTemplate,
    dynamodb_item_response,
    dynamodb_items_response,
    error_mapping,
    eventbridge_put_events_response,
    sfn_sync_execution_response,
    sns_publish_response,
    sqs_send_message_response,
)
from ._sources import From, ValueType
from ._vtl import NUMBER_PATTERN, Namer, escape_json, form_literal, json_string_literal

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "NUMBER_PATTERN",
    "STATUS_TEXT",
    "TEMPLATE_WARNINGS",
    "Compiled",
    "DynamoDbItem",
    "DynamoDbStartKey",
    "DynamoDbUpdate",
    "FormTemplate",
    "Fragment",
    "From",
    "JsonTemplate",
    "Namer",
    "RequestTemplateSource",
    "ResponseMapping",
    "ResponseTemplate",
    "TemplateWarning",
    "ValueType",
    "compile_from",
    "dynamodb_item_response",
    "dynamodb_items_response",
    "dynamodb_set_update",
    "error_mapping",
    "escape_json",
    "eventbridge_put_events_response",
    "form_literal",
    "has_template_values",
    "json_string_literal",
    "lint_template",
    "request_parameters",
    "sfn_sync_execution_response",
    "sns_publish_response",
    "sqs_send_message_response",
]
