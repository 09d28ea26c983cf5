"""Any service, any action: what the botocore models derive, in the synthesized template.

GIVEN a (service, action) pair, WHEN a ServiceIntegrationMethod is synthesized, THEN its URI,
integration verb, integration request headers and IAM action are what AWS expects.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk.assertions import Annotations, Match, Template

from constructs_pkg import ServiceIntegrationMethod, ValidationError

ARN = "arn:aws:service:us-east-1:111122223333:thing/target"
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}


def _json11(target: str) -> dict[str, str]:
    return {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target}


# (service as the user types it, action, URI service, integration verb, headers, IAM action)
PAIRS: list[tuple[str, str, str, str, dict[str, str], str]] = [
    # json 1.0
    ("dynamodb", "GetItem", "dynamodb", "POST", {}, "dynamodb:GetItem"),
    ("dynamodb", "PutItem", "dynamodb", "POST", {}, "dynamodb:PutItem"),
    ("dynamodb", "Query", "dynamodb", "POST", {}, "dynamodb:Query"),
    ("dynamodb", "UpdateItem", "dynamodb", "POST", {}, "dynamodb:UpdateItem"),
    ("dynamodb", "DeleteItem", "dynamodb", "POST", {}, "dynamodb:DeleteItem"),
    ("dynamodb", "BatchGetItem", "dynamodb", "POST", {}, "dynamodb:BatchGetItem"),
    ("states", "StartExecution", "states", "POST", {}, "states:StartExecution"),
    ("stepfunctions", "StartSyncExecution", "states", "POST", {}, "states:StartSyncExecution"),
    ("stepfunctions", "SendTaskSuccess", "states", "POST", {}, "states:SendTaskSuccess"),
    # json 1.1
    (
        "kinesis",
        "PutRecord",
        "kinesis",
        "POST",
        _json11("Kinesis_20131202.PutRecord"),
        "kinesis:PutRecord",
    ),
    (
        "kinesis",
        "PutRecords",
        "kinesis",
        "POST",
        _json11("Kinesis_20131202.PutRecords"),
        "kinesis:PutRecords",
    ),
    (
        "firehose",
        "PutRecord",
        "firehose",
        "POST",
        _json11("Firehose_20150804.PutRecord"),
        "firehose:PutRecord",
    ),
    (
        "firehose",
        "PutRecordBatch",
        "firehose",
        "POST",
        _json11("Firehose_20150804.PutRecordBatch"),
        "firehose:PutRecordBatch",
    ),
    ("events", "PutEvents", "events", "POST", _json11("AWSEvents.PutEvents"), "events:PutEvents"),
    (
        "eventbridge",
        "PutEvents",
        "events",
        "POST",
        _json11("AWSEvents.PutEvents"),
        "events:PutEvents",
    ),
    (
        "logs",
        "PutLogEvents",
        "logs",
        "POST",
        _json11("Logs_20140328.PutLogEvents"),
        "logs:PutLogEvents",
    ),
    (
        "codebuild",
        "StartBuild",
        "codebuild",
        "POST",
        _json11("CodeBuild_20161006.StartBuild"),
        "codebuild:StartBuild",
    ),
    # query
    ("sqs", "SendMessage", "sqs", "POST", FORM, "sqs:SendMessage"),
    ("sqs", "ReceiveMessage", "sqs", "POST", FORM, "sqs:ReceiveMessage"),
    ("sqs", "DeleteMessage", "sqs", "POST", FORM, "sqs:DeleteMessage"),
    ("sns", "Publish", "sns", "POST", FORM, "sns:Publish"),
    ("sns", "Subscribe", "sns", "POST", FORM, "sns:Subscribe"),
    ("cloudwatch", "PutMetricData", "monitoring", "POST", FORM, "cloudwatch:PutMetricData"),
    ("monitoring", "PutMetricAlarm", "monitoring", "POST", FORM, "cloudwatch:PutMetricAlarm"),
    (
        "sts",
        "GetCallerIdentity",
        "sts",
        "POST",
        {"Content-Type": "application/x-www-form-urlencoded"},
        "sts:GetCallerIdentity",
    ),
    # ec2 (query-style, XML answers)
    (
        "ec2",
        "DescribeInstances",
        "ec2",
        "POST",
        {"Content-Type": "application/x-www-form-urlencoded"},
        "ec2:DescribeInstances",
    ),
    # rest-json, action-style
    ("lambda", "Invoke", "lambda", "POST", {}, "lambda:InvokeFunction"),
    ("lambda", "GetFunction", "lambda", "GET", {}, "lambda:GetFunction"),
    (
        "sagemaker-runtime",
        "InvokeEndpoint",
        "runtime.sagemaker",
        "POST",
        {},
        "sagemaker:InvokeEndpoint",
    ),
    # rest-xml, action-style
    ("s3", "GetObject", "s3", "GET", {}, "s3:GetObject"),
    ("s3", "PutObject", "s3", "PUT", {}, "s3:PutObject"),
    ("s3", "DeleteObject", "s3", "DELETE", {}, "s3:DeleteObject"),
    ("route53", "ListHostedZones", "route53", "GET", {}, "route53:ListHostedZones"),
]


def _uri(service: str, kind: str, rest: str) -> dict[str, Any]:
    return {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":apigateway:",
                {"Ref": "AWS::Region"},
                f":{service}:{kind}/{rest}",
            ],
        ]
    }


@pytest.mark.parametrize(
    ("service", "action", "uri_service", "verb", "headers", "iam_action"),
    PAIRS,
    ids=[f"{p[0]}-{p[1]}" for p in PAIRS],
)
def test_derives_uri_verb_headers_and_iam_action(
    stack: cdk.Stack,
    api: apigw.RestApi,
    service: str,
    action: str,
    uri_service: str,
    verb: str,
    headers: dict[str, str],
    iam_action: str,
) -> None:
    sim = ServiceIntegrationMethod(
        stack,
        "M",
        resource=api.root,
        http_method="POST",
        service=service,
        action=action,
        resources=[ARN],
    )
    assert sim.service == uri_service
    expected_params = {
        f"integration.request.header.{name}": f"'{value}'" for name, value in headers.items()
    }
    tpl = Template.from_stack(stack)
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "Integration": {
                "Type": "AWS",
                "Uri": _uri(uri_service, "action", action),
                "IntegrationHttpMethod": verb,
                "RequestParameters": expected_params or Match.absent(),
            }
        },
    )
    tpl.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [{"Effect": "Allow", "Action": iam_action, "Resource": ARN}]
            }
        },
    )


def test_pairs_cover_every_protocol() -> None:
    from constructs_pkg._catalogue import operation

    protocols = {operation(p[0], p[1]).protocol for p in PAIRS}
    assert {"json", "query", "rest-json", "rest-xml"} <= protocols
    assert len(PAIRS) >= 30


def test_user_headers_override_derived_ones(stack: cdk.Stack, api: apigw.RestApi) -> None:
    ServiceIntegrationMethod(
        stack,
        "M",
        resource=api.root,
        http_method="POST",
        service="sqs",
        action="SendMessage",
        resources=[ARN],
        request_parameters={"integration.request.header.Accept": "'application/xml'"},
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "Integration": {
                "RequestParameters": {
                    "integration.request.header.Accept": "'application/xml'",
                    "integration.request.header.Content-Type": (
                        "'application/x-www-form-urlencoded'"
                    ),
                }
            }
        },
    )


def test_integration_verb_can_be_overridden(stack: cdk.Stack, api: apigw.RestApi) -> None:
    ServiceIntegrationMethod(
        stack,
        "M",
        resource=api.root,
        http_method="GET",
        service="dynamodb",
        action="Scan",
        resources=[ARN],
        integration_http_method="put",
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Method", {"Integration": {"IntegrationHttpMethod": "PUT"}}
    )


def test_s3_path_style_maps_the_key_from_the_resource_path(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    files = api.root.add_resource("files").add_resource("{key}")
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=files,
        http_method="GET",
        service="s3",
        path="my-bucket/{key}",
        resources=["arn:aws:s3:::my-bucket/*"],
    )
    tpl = Template.from_stack(stack)
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "RequestParameters": {"method.request.path.key": True},
            "Integration": {
                "Uri": _uri("s3", "path", "my-bucket/{key}"),
                "IntegrationHttpMethod": "GET",
                "RequestParameters": {"integration.request.path.key": "method.request.path.key"},
            },
        },
    )
    tpl.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [{"Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]
            }
        },
    )


@pytest.mark.parametrize(
    ("verb", "iam_action"), [("PUT", "s3:PutObject"), ("DELETE", "s3:DeleteObject")]
)
def test_s3_path_style_derives_the_action_from_the_verb(
    stack: cdk.Stack, api: apigw.RestApi, verb: str, iam_action: str
) -> None:
    ServiceIntegrationMethod(
        stack,
        "M",
        resource=api.root.add_resource("{object}"),
        http_method=verb,
        service="s3",
        path="bucket/{object}",
        resources=["arn:aws:s3:::bucket/*"],
    )
    tpl = Template.from_stack(stack)
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method", {"Integration": {"IntegrationHttpMethod": verb}}
    )
    tpl.has_resource_properties(
        "AWS::IAM::Policy", {"PolicyDocument": {"Statement": [{"Action": iam_action}]}}
    )


def test_s3_key_mapped_explicitly_from_another_parameter(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    ServiceIntegrationMethod(
        stack,
        "M",
        resource=api.root.add_resource("{id}"),
        http_method="GET",
        service="s3",
        path="bucket/{key}",
        resources=["arn:aws:s3:::bucket/*"],
        request_parameters={"integration.request.path.key": "method.request.path.id"},
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "RequestParameters": {"method.request.path.id": True},
            "Integration": {
                "RequestParameters": {"integration.request.path.key": "method.request.path.id"}
            },
        },
    )


@pytest.mark.parametrize("asynchronous", [False, True])
def test_lambda_invoke_path_style(stack: cdk.Stack, api: apigw.RestApi, asynchronous: bool) -> None:
    function_arn = cdk.Fn.import_value("FunctionArn")
    params = {"integration.request.header.X-Amz-Invocation-Type": "'Event'"} if asynchronous else {}
    ServiceIntegrationMethod(
        stack,
        "Invoke",
        resource=api.root,
        http_method="POST",
        service="lambda",
        path=f"2015-03-31/functions/{function_arn}/invocations",
        resources=[function_arn],
        request_parameters=params,
    )
    tpl = Template.from_stack(stack)
    tpl.has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "Integration": {
                "IntegrationHttpMethod": "POST",
                "Uri": {
                    "Fn::Join": [
                        "",
                        Match.array_with(
                            [
                                ":lambda:path/2015-03-31/functions/",
                                {"Fn::ImportValue": "FunctionArn"},
                                "/invocations",
                            ]
                        ),
                    ]
                },
                "RequestParameters": params or Match.absent(),
            }
        },
    )
    tpl.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [
                    {
                        "Action": "lambda:InvokeFunction",
                        "Resource": {"Fn::ImportValue": "FunctionArn"},
                    }
                ]
            }
        },
    )


def test_action_without_resource_level_permissions_falls_back_to_star_with_warning(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    ServiceIntegrationMethod(
        stack,
        "List",
        resource=api.root,
        http_method="GET",
        service="sqs",
        action="ListQueues",
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::IAM::Policy",
        {"PolicyDocument": {"Statement": [{"Action": "sqs:ListQueues", "Resource": "*"}]}},
    )
    Annotations.from_stack(stack).has_warning(
        "/TestStack/List", Match.string_like_regexp("narrowest grant AWS offers")
    )


def test_model_is_loaded_once_for_many_methods(stack: cdk.Stack, api: apigw.RestApi) -> None:
    from constructs_pkg import _catalogue

    _catalogue.clear_caches()
    for i in range(20):
        ServiceIntegrationMethod(
            stack,
            f"M{i}",
            resource=api.root.add_resource(f"r{i}"),
            http_method="GET",
            service="dynamodb",
            action="GetItem",
            resources=[ARN],
        )
    assert _catalogue._model.cache_info().misses == 1  # type: ignore[attr-defined]


# Bad inputs through the construct: (overrides, code, text the fix must contain)
BAD: list[tuple[dict[str, Any], str, str]] = [
    ({"service": "dynamo"}, "unknown-service", "did you mean 'dynamodb'"),
    ({"service": "DynamoDB"}, "unknown-service", "'dynamodb'"),
    ({"service": "stepfunction", "action": "StartExecution"}, "unknown-service", "stepfunctions"),
    ({"service": "no-such-service"}, "unknown-service", "service"),
    ({"action": "GetItm"}, "unknown-action", "did you mean 'GetItem'"),
    ({"action": "getitem"}, "unknown-action", "'GetItem'"),
    ({"action": "Get_Item"}, "unknown-action", "'GetItem'"),
    ({"action": "scan"}, "unknown-action", "'Scan'"),
    ({"service": "sqs", "action": "SendMesage"}, "unknown-action", "'SendMessage'"),
    ({"service": "sqs", "action": "sendMessage"}, "unknown-action", "'SendMessage'"),
    ({"service": "lambda", "action": "InvokeFunction"}, "unknown-action", "'Invoke'"),
    ({"service": "states", "action": "StartExec"}, "unknown-action", "StartExecution"),
    ({"service": "events", "action": "PutEvent"}, "unknown-action", "'PutEvents'"),
    ({"service": ""}, "empty-service", "non-empty"),
    ({"action": ""}, "empty-action", "non-empty"),
    ({"resources": None}, "missing-resources", "resources=[table.table_arn]"),
    (
        {"service": "sqs", "action": "SendMessage", "resources": None},
        "missing-resources",
        "resources=[<target ARN>]",
    ),
    (
        {"service": "s3", "action": None, "path": "bucket/{key}"},
        "unmapped-path-parameter",
        "integration.request.path.key",
    ),
    (
        {"service": "s3", "action": None, "path": "{bucket}/{key}"},
        "unmapped-path-parameter",
        "{bucket}, {key}",
    ),
    (
        {
            "service": "s3",
            "action": None,
            "path": "b/{key}",
            "http_method": "ANY",
            "request_parameters": {"integration.request.path.key": "method.request.path.key"},
        },
        "missing-integration-http-method",
        "integration_http_method",
    ),
    ({"iam_actions": ["dynamodb:*"]}, "invalid-iam-action", "exact action"),
    ({"iam_actions": ["GetItem"]}, "invalid-iam-action", "'dynamodb:GetItem'"),
    ({"service": "dynamodb ", "action": "Scan"}, "unknown-service", "'dynamodb'"),
]


@pytest.mark.parametrize(("overrides", "code", "fix"), BAD, ids=[b[1] for b in BAD])
def test_fails_on_bad_service_input(
    stack: cdk.Stack, api: apigw.RestApi, overrides: dict[str, Any], code: str, fix: str
) -> None:
    props: dict[str, Any] = {
        "resource": api.root,
        "http_method": "GET",
        "service": "dynamodb",
        "action": "Scan",
        "resources": [ARN],
    }
    props.update(overrides)
    with pytest.raises(ValidationError) as raised:
        ServiceIntegrationMethod(stack, "M", **props)
    assert raised.value.code == code
    assert fix in raised.value.message
    assert stack.node.try_find_child("M") is None
