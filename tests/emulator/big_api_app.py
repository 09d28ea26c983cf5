"""A CDK app with one REST API of ``BIG_API_METHODS`` (default 600) methods on distinct paths,
spread over nested stacks by ``MethodShards``: deployed to the emulator by
``test_emulator_big_api.py`` with the real ``cdk deploy`` (nested templates are assets).

Method ``i`` is on ``/m{i:04d}`` and cycles through three kinds: ``PUT`` → DynamoDB
``PutItem`` (body ``{"id", "doc"}``), ``GET`` → DynamoDB ``GetItem`` (``?id=``), ``POST`` → SQS
``SendMessage`` (the raw body), on two tables and two queues. Table names and queue URLs are
tokens of the API's stack, so they reach the nested stacks as parameters.

``BIG_API_CHANGED=<i>`` changes one method: the ``PUT`` method ``i`` stores ``"method":
"m<i>-v2"`` instead of ``"m<i>"`` (for the redeployment test).
"""

from __future__ import annotations

import os

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sqs as sqs

from constructs_pkg import MethodShards, ServiceIntegrationMethod

STACK = "BigApi"
STAGE = "test"
KINDS = ("PUT", "GET", "POST")
TARGETS = 2

_ESC = '.replaceAll("\\\\\'", "\'")'  # escapeJavaScript's \' is not JSON


def kind(index: int) -> tuple[str, int]:
    """``(verb, target)`` of method ``index``."""
    return KINDS[index % len(KINDS)], (index // len(KINDS)) % TARGETS


def build(app: cdk.App, methods: int) -> cdk.Stack:
    stack = cdk.Stack(app, STACK)
    api = apigw.RestApi(
        stack,
        "Api",
        cloud_watch_role=False,
        deploy_options=apigw.StageOptions(stage_name=STAGE),
    )
    tables = [
        dynamodb.Table(
            stack,
            f"Table{i}",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        for i in range(TARGETS)
    ]
    queues = [sqs.Queue(stack, f"Queue{i}") for i in range(TARGETS)]
    names = [t.table_name for t in tables]
    table_arns = [t.table_arn for t in tables]
    urls = [q.queue_url for q in queues]
    queue_arns = [q.queue_arn for q in queues]
    shards = MethodShards(stack, "Methods", api=api)
    changed = int(os.environ.get("BIG_API_CHANGED", "-1"))
    for index in range(methods):
        verb, target = kind(index)
        resource = shards.resource(f"/m{index:04d}")
        if verb == "PUT":
            label = f"m{index:04d}-v2" if index == changed else f"m{index:04d}"
            ServiceIntegrationMethod(
                stack,
                f"M{index:04d}",
                resource=resource,
                http_method="PUT",
                service="dynamodb",
                action="PutItem",
                resources=[table_arns[target]],
                request_templates={
                    "application/json": (
                        f"#set($id = $util.escapeJavaScript($input.path('$.id')){_ESC})\n"
                        f"#set($doc = $util.escapeJavaScript($input.path('$.doc')){_ESC})\n"
                        f'{{"TableName": "{names[target]}", "Item": {{"pk": {{"S": "$id"}}, '
                        f'"doc": {{"S": "$doc"}}, "method": {{"S": "{label}"}}}}}}'
                    )
                },
            )
        elif verb == "GET":
            ServiceIntegrationMethod(
                stack,
                f"M{index:04d}",
                resource=resource,
                http_method="GET",
                service="dynamodb",
                action="GetItem",
                resources=[table_arns[target]],
                request_parameters={"method.request.querystring.id": True},
                request_templates={
                    "application/json": (
                        f"#set($id = $util.escapeJavaScript($input.params('id')){_ESC})\n"
                        f'{{"TableName": "{names[target]}", "Key": {{"pk": {{"S": "$id"}}}}}}'
                    )
                },
            )
        else:
            ServiceIntegrationMethod(
                stack,
                f"M{index:04d}",
                resource=resource,
                http_method="POST",
                service="sqs",
                action="SendMessage",
                resources=[queue_arns[target]],
                request_templates={
                    "application/json": (
                        f"Action=SendMessage&QueueUrl=$util.urlEncode('{urls[target]}')"
                        "&MessageBody=$util.urlEncode($input.body)"
                    )
                },
            )
    cdk.CfnOutput(stack, "RestApiId", value=api.rest_api_id)
    for i in range(TARGETS):
        cdk.CfnOutput(stack, f"TableName{i}", value=names[i])
        cdk.CfnOutput(stack, f"QueueUrl{i}", value=urls[i])
    return stack


if __name__ == "__main__":
    app = cdk.App()
    build(app, int(os.environ.get("BIG_API_METHODS", "600")))
    app.synth()
