"""The presets' public surface: sorted exports, every keyword documented with its default."""

from __future__ import annotations

import inspect
import re

import pytest

import constructs_pkg.presets as presets
from constructs_pkg import ServiceIntegrationMethod
from constructs_pkg.presets import (
    DynamoDbDeleteItem,
    DynamoDbGetItem,
    DynamoDbPutItem,
    DynamoDbQuery,
    DynamoDbScan,
    DynamoDbUpdateItem,
    EventBridgePutEvents,
    FirehosePutRecord,
    KinesisPutRecord,
    LambdaInvoke,
    S3DeleteObject,
    S3GetObject,
    S3PutObject,
    SnsPublish,
    SqsSendMessage,
    StepFunctionsStartExecution,
    StepFunctionsStartSyncExecution,
)

PRESETS = [
    DynamoDbDeleteItem,
    DynamoDbGetItem,
    DynamoDbPutItem,
    DynamoDbQuery,
    DynamoDbScan,
    DynamoDbUpdateItem,
    EventBridgePutEvents,
    FirehosePutRecord,
    KinesisPutRecord,
    LambdaInvoke,
    S3DeleteObject,
    S3GetObject,
    S3PutObject,
    SnsPublish,
    SqsSendMessage,
    StepFunctionsStartExecution,
    StepFunctionsStartSyncExecution,
]


def test_presets_all_is_sorted_and_complete() -> None:
    assert list(presets.__all__) == sorted(set(presets.__all__))
    for preset in PRESETS:
        assert preset.__name__ in presets.__all__


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.__name__)
def test_preset_documents_each_keyword_and_its_default(preset: type) -> None:
    assert issubclass(preset, ServiceIntegrationMethod)
    doc = inspect.getdoc(preset) or ""
    documented = dict(re.findall(r":param (\w+): (.*?)(?=\n:param |\Z)", doc, flags=re.S))
    signature = inspect.signature(preset.__init__)
    for name, parameter in signature.parameters.items():
        if name == "self":
            continue
        assert name in documented, f"{preset.__name__} does not document {name!r}"
        if parameter.default is not inspect.Parameter.empty:
            assert "Default:" in documented[name], f"{preset.__name__}.{name} has no Default:"
        assert parameter.kind in (
            inspect.Parameter.KEYWORD_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.VAR_KEYWORD,
        )
        if name == "options":  # the shared options, documented once on PresetOptions
            assert parameter.kind is inspect.Parameter.VAR_KEYWORD
            assert parameter.annotation == "Unpack[PresetOptions]"
        elif name not in ("scope", "construct_id"):
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name


def test_presets_pass_cors_and_body_schema_through() -> None:
    import aws_cdk as cdk
    from aws_cdk import aws_apigateway as apigw
    from aws_cdk import aws_sqs as sqs
    from aws_cdk.assertions import Match, Template

    from constructs_pkg import Cors

    stack = cdk.Stack(cdk.App(), "Stack")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    SqsSendMessage(
        stack,
        "Send",
        resource=api.root,
        queue=sqs.Queue(stack, "Queue"),
        cors=Cors(allow_origins=["https://app.example.com"]),
        body_schema=apigw.JsonSchema(type=apigw.JsonSchemaType.OBJECT, required=["id"]),
    )
    template = Template.from_stack(stack)
    origin = "method.response.header.Access-Control-Allow-Origin"
    template.has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "HttpMethod": "POST",
            "RequestValidatorId": Match.any_value(),
            "RequestModels": {"application/json": Match.any_value()},
            "Integration": {
                "IntegrationResponses": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "StatusCode": "400",
                                "ResponseParameters": Match.object_like(
                                    {origin: "'https://app.example.com'"}
                                ),
                            }
                        )
                    ]
                )
            },
        },
    )
    template.has_resource_properties(
        "AWS::ApiGateway::Method", {"HttpMethod": "OPTIONS", "AuthorizationType": "NONE"}
    )
    template.resource_count_is("AWS::ApiGateway::RequestValidator", 1)
