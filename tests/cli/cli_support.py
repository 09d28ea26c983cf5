"""Live APIs for the command-line tests, built with boto3 on moto's in-process API Gateway.

``build_example_api`` makes the SDK example's API with exactly its four calls per method
(see shared/reference/seed-parity.md); ``build_large_api`` makes a synthetic API of more than 50
methods over several services and integration types. Both return the REST API id.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk

if TYPE_CHECKING:
    from mypy_boto3_apigateway.client import APIGatewayClient

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/doc-example-apigateway-role"
OTHER_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/service-role/events-writer"
TABLE = "doc-example-profiles"
REPO = Path(__file__).resolve().parents[2]
RUFF_RULES = "E,F,W,I,B,UP,SIM,RUF,N"
DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
"""Dummy credentials and a fixed region: nothing reaches AWS."""


def uri(service: str, kind: str, rest: str, region: str = REGION) -> str:
    return f"arn:aws:apigateway:{region}:{service}:{kind}/{rest}"


def add_integration_method(
    client: APIGatewayClient,
    api_id: str,
    resource_id: str,
    rest_method: str,
    service_endpoint_prefix: str,
    service_action: str,
    service_method: str,
    role_arn: str,
    mapping_template: dict[str, Any],
) -> None:
    """The example's ``add_integration_method``: its four SDK calls, nothing else."""
    client.put_method(
        restApiId=api_id, resourceId=resource_id, httpMethod=rest_method, authorizationType="NONE"
    )
    client.put_method_response(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod=rest_method,
        statusCode="200",
        responseModels={"application/json": "Empty"},
    )
    client.put_integration(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod=rest_method,
        type="AWS",
        integrationHttpMethod=service_method,
        credentials=role_arn,
        requestTemplates={"application/json": json.dumps(mapping_template)},
        uri=uri(service_endpoint_prefix, "action", service_action),
        passthroughBehavior="WHEN_NO_TEMPLATES",
    )
    client.put_integration_response(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod=rest_method,
        statusCode="200",
        responseTemplates={"application/json": ""},
    )


def _root(client: APIGatewayClient, api_id: str) -> str:
    (root,) = [r["id"] for r in client.get_resources(restApiId=api_id)["items"] if r["path"] == "/"]
    return root


def build_example_api(client: APIGatewayClient) -> str:
    """The SDK example's ``doc-example-apigateway-dynamodb-profiles`` with stage ``test``."""
    api_id = client.create_rest_api(name="doc-example-apigateway-dynamodb-profiles")["id"]
    root = _root(client, api_id)
    profiles = client.create_resource(restApiId=api_id, parentId=root, pathPart="profiles")["id"]
    profile = client.create_resource(restApiId=api_id, parentId=profiles, pathPart="{username}")[
        "id"
    ]
    add_integration_method(
        client, api_id, profiles, "GET", "dynamodb", "Scan", "POST", ROLE_ARN, {"TableName": TABLE}
    )
    add_integration_method(
        client,
        api_id,
        profiles,
        "POST",
        "dynamodb",
        "PutItem",
        "POST",
        ROLE_ARN,
        {
            "TableName": TABLE,
            "Item": {
                "username": {"S": "$input.path('$.username')"},
                "name": {"S": "$input.path('$.name')"},
                "title": {"S": "$input.path('$.title')"},
            },
        },
    )
    add_integration_method(
        client,
        api_id,
        profile,
        "GET",
        "dynamodb",
        "GetItem",
        "POST",
        ROLE_ARN,
        {"TableName": TABLE, "Key": {"username": {"S": "$method.request.path.username"}}},
    )
    client.create_deployment(restApiId=api_id, stageName="test")
    return api_id


class _Builder:
    """Terse helpers over the SDK calls, for the large API."""

    def __init__(self, client: APIGatewayClient, api_id: str) -> None:
        self.client = client
        self.api_id = api_id
        self.paths: dict[str, str] = {"/": _root(client, api_id)}
        self.count = 0

    def resource(self, path: str) -> str:
        if path not in self.paths:
            parent, _, part = path.rpartition("/")
            parent_id = self.resource(parent or "/")
            self.paths[path] = self.client.create_resource(
                restApiId=self.api_id, parentId=parent_id, pathPart=part
            )["id"]
        return self.paths[path]

    def method(
        self,
        path: str,
        verb: str,
        *,
        integration: dict[str, Any],
        responses: list[dict[str, Any]],
        method_responses: list[dict[str, Any]],
        **method: Any,
    ) -> None:
        resource = self.resource(path)
        where = {"restApiId": self.api_id, "resourceId": resource, "httpMethod": verb}
        self.client.put_method(**{"authorizationType": "NONE", **where, **method})
        for response in method_responses:
            self.client.put_method_response(**where, **response)  # type: ignore[arg-type]
        self.client.put_integration(**where, **integration)  # type: ignore[arg-type]
        for response in responses:
            self.client.put_integration_response(**where, **response)  # type: ignore[arg-type]
        self.count += 1


_OK = {"statusCode": "200", "responseTemplates": {"application/json": ""}}
_OK_MODEL = {"statusCode": "200", "responseModels": {"application/json": "Empty"}}
_ERR_MODEL = {"statusCode": "400", "responseModels": {"application/json": "Empty"}}
_ERR = {
    "statusCode": "400",
    "selectionPattern": "4\\d{2}",
    "responseTemplates": {
        "application/json": '{"error": "$util.escapeJavaScript($input.path(\'$.message\'))"}'
    },
}
SEND_BODY = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"
PUT_ITEM_VTL = (
    "#set($body = $input.path('$'))\n"
    "{\n"
    '  "TableName": "%s",\n'
    '  "Item": {\n'
    '    "id": {"S": "$context.requestId"},\n'
    '    "payload": {"S": "$util.escapeJavaScript($input.json(\'$\'))"},\n'
    '    "note": {"S": "caf\\u00e9 \u2014 \\\\ \\"quoted\\" \t tab"}\n'
    "  }\n"
    "}\n"
)


def build_large_api(client: APIGatewayClient) -> tuple[str, int]:
    """A synthetic API: >50 methods, DynamoDB/SQS/Step Functions/EventBridge/S3/MOCK/HTTP/Lambda.

    :returns: the API id and its number of methods.
    """
    api_id = client.create_rest_api(
        name="orders-platform", description="Synthetic API for the import round trip"
    )["id"]
    b = _Builder(client, api_id)
    validator = client.create_request_validator(
        restApiId=api_id, name="body-only", validateRequestBody=True
    )["id"]
    client.create_model(
        restApiId=api_id,
        name="NewOrder",
        contentType="application/json",
        schema=json.dumps(
            {
                "$schema": "http://json-schema.org/draft-04/schema#",
                "title": "NewOrder",
                "type": "object",
                "required": ["sku"],
                "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
            }
        ),
    )
    cognito = client.create_authorizer(
        restApiId=api_id,
        name="users",
        type="COGNITO_USER_POOLS",
        providerARNs=[f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_AbCdEf123"],
        identitySource="method.request.header.Authorization",
    )["id"]
    fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:token-check"
    token = client.create_authorizer(
        restApiId=api_id,
        name="token-check",
        type="TOKEN",
        authorizerUri=uri("lambda", "path", f"2015-03-31/functions/{fn}/invocations"),
        identitySource="method.request.header.X-Token",
        authorizerResultTtlInSeconds=60,
    )["id"]

    # DynamoDB: five methods on each of six entities (30)
    for index, entity in enumerate(
        ["orders", "customers", "products", "invoices", "shipments", "reviews"]
    ):
        extra: dict[str, Any] = {}
        if index == 1:
            extra = {"apiKeyRequired": True}
        elif index == 2:
            extra = {"operationName": "ListProducts"}
        b.method(
            f"/{entity}",
            "GET",
            integration={
                "type": "AWS",
                "integrationHttpMethod": "POST",
                "uri": uri("dynamodb", "action", "Scan"),
                "credentials": ROLE_ARN,
                "requestTemplates": {"application/json": json.dumps({"TableName": entity})},
                "passthroughBehavior": "WHEN_NO_TEMPLATES",
            },
            responses=[_OK, _ERR],
            method_responses=[_OK_MODEL, _ERR_MODEL],
            **extra,
        )
        post_extra: dict[str, Any] = {}
        if index == 0:
            post_extra = {
                "requestValidatorId": validator,
                "requestModels": {"application/json": "NewOrder"},
            }
        b.method(
            f"/{entity}",
            "POST",
            integration={
                "type": "AWS",
                "integrationHttpMethod": "POST",
                "uri": uri("dynamodb", "action", "PutItem"),
                "credentials": ROLE_ARN,
                "requestTemplates": {"application/json": PUT_ITEM_VTL % entity},
                "passthroughBehavior": "WHEN_NO_TEMPLATES",
            },
            responses=[
                {
                    "statusCode": "200",
                    "responseParameters": {
                        "method.response.header.X-Request-Id": "context.requestId"
                    },
                    "responseTemplates": {"application/json": '{"id": "$context.requestId"}'},
                }
            ],
            method_responses=[
                {
                    "statusCode": "200",
                    "responseParameters": {"method.response.header.X-Request-Id": True},
                    "responseModels": {"application/json": "Empty"},
                }
            ],
            **post_extra,
        )
        item = f"/{entity}/{{id}}"
        key = json.dumps({"TableName": entity, "Key": {"id": {"S": "$input.params('id')"}}})
        b.method(
            item,
            "GET",
            integration={
                "type": "AWS",
                "integrationHttpMethod": "POST",
                "uri": uri("dynamodb", "action", "GetItem"),
                "credentials": ROLE_ARN,
                "requestTemplates": {"application/json": key},
                "passthroughBehavior": "WHEN_NO_TEMPLATES",
            },
            responses=[_OK, {**_ERR, "statusCode": "404", "selectionPattern": "404"}],
            method_responses=[_OK_MODEL, {"statusCode": "404"}],
            requestParameters={"method.request.path.id": True},
            **({"authorizationType": "AWS_IAM"} if index == 3 else {}),
        )
        b.method(
            item,
            "DELETE",
            integration={
                "type": "AWS",
                "integrationHttpMethod": "POST",
                "uri": uri("dynamodb", "action", "DeleteItem"),
                "credentials": ROLE_ARN,
                "requestTemplates": {"application/json": key},
                "passthroughBehavior": "NEVER",
                "timeoutInMillis": 10000,
            },
            responses=[_OK],
            method_responses=[_OK_MODEL],
            requestParameters={"method.request.path.id": False},
        )
        auth: dict[str, Any] = {}
        if index == 4:
            auth = {"authorizationType": "COGNITO_USER_POOLS", "authorizerId": cognito}
        elif index == 5:
            auth = {"authorizationType": "CUSTOM", "authorizerId": token}
        b.method(
            item,
            "PUT",
            integration={
                "type": "AWS",
                "integrationHttpMethod": "POST",
                "uri": uri("dynamodb", "action", "UpdateItem"),
                "credentials": ROLE_ARN,
                "requestTemplates": {
                    "application/json": key,
                    "application/xml": "#set($x = 1)\n<ignored/>",
                },
                "passthroughBehavior": "WHEN_NO_MATCH",
                "contentHandling": "CONVERT_TO_TEXT",
            },
            responses=[{"statusCode": "200"}],
            method_responses=[{"statusCode": "200"}],
            **auth,
        )

    # a table in another region
    b.method(
        "/archive",
        "GET",
        integration={
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": uri("dynamodb", "action", "Scan", region="eu-west-1"),
            "credentials": ROLE_ARN,
            "requestTemplates": {"application/json": '{"TableName": "archive"}'},
            "passthroughBehavior": "WHEN_NO_TEMPLATES",
        },
        responses=[_OK],
        method_responses=[_OK_MODEL],
    )

    # SQS: query protocol, form body, Content-Type header (4)
    form = "application/x-www-form-urlencoded"
    queue_url = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/orders"
    send = (
        "Action=SendMessage&QueueUrl=$util.urlEncode('%s')&MessageBody=$util.urlEncode($input.body)"
    )
    b.method(
        "/queues/{queue}/messages",
        "POST",
        integration={
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": uri("sqs", "action", "SendMessage"),
            "credentials": ROLE_ARN,
            "requestParameters": {"integration.request.header.Content-Type": f"'{form}'"},
            "requestTemplates": {"application/json": send % queue_url},
            "passthroughBehavior": "NEVER",
        },
        responses=[_OK],
        method_responses=[_OK_MODEL],
        requestParameters={"method.request.path.queue": True},
    )
    b.method(
        "/notify",
        "POST",
        integration={
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": uri("sqs", "action", "SendMessage"),
            "credentials": ROLE_ARN,
            "requestParameters": {
                "integration.request.header.Content-Type": f"'{form}'",
                "integration.request.header.Accept": "'application/json'",
            },
            "requestTemplates": {"application/json": send % queue_url},
            "passthroughBehavior": "NEVER",
        },
        responses=[_OK],
        method_responses=[_OK_MODEL],
    )
    for verb, queue in (("POST", "jobs"), ("PUT", "retries")):
        b.method(
            f"/{queue}",
            verb,
            integration={
                "type": "AWS",
                "integrationHttpMethod": "POST",
                "uri": uri("sqs", "path", f"{ACCOUNT}/{queue}"),
                "credentials": ROLE_ARN,
                "requestParameters": {"integration.request.header.Content-Type": f"'{form}'"},
                "requestTemplates": {"application/json": SEND_BODY},
                "passthroughBehavior": "NEVER",
            },
            responses=[_OK],
            method_responses=[_OK_MODEL],
        )

    # Step Functions (3)
    machine = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:fulfil"
    b.method(
        "/workflows/{name}/executions",
        "POST",
        integration={
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": uri("states", "action", "StartExecution"),
            "credentials": ROLE_ARN,
            "requestTemplates": {
                "application/json": json.dumps(
                    {
                        "stateMachineArn": machine,
                        "input": "$util.escapeJavaScript($input.json('$'))",
                    }
                )
            },
            "passthroughBehavior": "WHEN_NO_TEMPLATES",
        },
        responses=[_OK, _ERR],
        method_responses=[_OK_MODEL, _ERR_MODEL],
        requestParameters={"method.request.path.name": True},
    )
    for verb, action in (("GET", "DescribeExecution"), ("DELETE", "StopExecution")):
        b.method(
            "/executions/{id}",
            verb,
            integration={
                "type": "AWS",
                "integrationHttpMethod": "POST",
                "uri": uri("states", "action", action),
                "credentials": ROLE_ARN,
                "requestTemplates": {
                    "application/json": '{"executionArn": "$util.urlDecode($input.params(\'id\'))"}'
                },
                "passthroughBehavior": "WHEN_NO_TEMPLATES",
            },
            responses=[_OK],
            method_responses=[_OK_MODEL],
            requestParameters={"method.request.path.id": True},
        )

    # EventBridge: one with the JSON 1.1 headers, one without (2)
    entries = (
        '{"Entries": [{"Source": "orders", "DetailType": "placed", '
        '"Detail": "$util.escapeJavaScript($input.body)"}]}'
    )
    b.method(
        "/events",
        "POST",
        integration={
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": uri("events", "action", "PutEvents"),
            "credentials": OTHER_ROLE_ARN,
            "requestParameters": {
                "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
                "integration.request.header.X-Amz-Target": "'AWSEvents.PutEvents'",
            },
            "requestTemplates": {"application/json": entries},
            "passthroughBehavior": "WHEN_NO_TEMPLATES",
        },
        responses=[_OK],
        method_responses=[_OK_MODEL],
    )
    b.method(
        "/events/raw",
        "POST",
        integration={
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": uri("events", "action", "PutEvents"),
            "credentials": OTHER_ROLE_ARN,
            "requestTemplates": {"application/json": entries},
            "passthroughBehavior": "WHEN_NO_TEMPLATES",
        },
        responses=[_OK],
        method_responses=[_OK_MODEL],
    )

    # S3, path style with path parameters (5)
    object_params = {
        "integration.request.path.bucket": "method.request.path.bucket",
        "integration.request.path.key": "method.request.path.key",
    }
    declared = {"method.request.path.bucket": True, "method.request.path.key": True}
    content_type = {
        "method.response.header.Content-Type": "integration.response.header.Content-Type"
    }
    for verb in ("GET", "PUT", "DELETE", "HEAD"):
        b.method(
            "/buckets/{bucket}/{key}",
            verb,
            integration={
                "type": "AWS",
                "integrationHttpMethod": verb,
                "uri": uri("s3", "path", "{bucket}/{key}"),
                "credentials": ROLE_ARN,
                "requestParameters": object_params,
                "passthroughBehavior": "WHEN_NO_MATCH",
            },
            responses=[{"statusCode": "200", "responseParameters": content_type}],
            method_responses=[
                {
                    "statusCode": "200",
                    "responseParameters": {"method.response.header.Content-Type": True},
                }
            ],
            requestParameters=declared,
        )
    b.method(
        "/files/{proxy+}",
        "GET",
        integration={
            "type": "AWS",
            "integrationHttpMethod": "GET",
            "uri": uri("s3", "path", "static-assets/{proxy}"),
            "credentials": ROLE_ARN,
            "requestParameters": {"integration.request.path.proxy": "method.request.path.proxy"},
            "passthroughBehavior": "WHEN_NO_MATCH",
            "contentHandling": "CONVERT_TO_BINARY",
        },
        responses=[{"statusCode": "200", "contentHandling": "CONVERT_TO_BINARY"}],
        method_responses=[{"statusCode": "200"}],
        requestParameters={"method.request.path.proxy": True},
    )

    # CORS preflight MOCKs (5), a root MOCK, an HTTP proxy and a Lambda proxy
    cors = {
        "method.response.header.Access-Control-Allow-Headers": (
            "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'"
        ),
        "method.response.header.Access-Control-Allow-Methods": "'GET,POST,PUT,DELETE,OPTIONS'",
        "method.response.header.Access-Control-Allow-Origin": "'*'",
    }
    for path in ("/orders", "/customers", "/products", "/orders/{id}", "/events"):
        b.method(
            path,
            "OPTIONS",
            integration={
                "type": "MOCK",
                "requestTemplates": {"application/json": '{"statusCode": 200}'},
            },
            responses=[{"statusCode": "204", "responseParameters": cors}],
            method_responses=[
                {"statusCode": "204", "responseParameters": dict.fromkeys(cors, False)}
            ],
        )
    b.method(
        "/",
        "GET",
        integration={
            "type": "MOCK",
            "requestTemplates": {"application/json": '{"statusCode": 200}'},
        },
        responses=[
            {"statusCode": "200", "responseTemplates": {"application/json": '{"status": "ok"}'}}
        ],
        method_responses=[_OK_MODEL],
    )
    b.method(
        "/legacy/{proxy+}",
        "ANY",
        integration={
            "type": "HTTP_PROXY",
            "integrationHttpMethod": "ANY",
            "uri": "https://legacy.example.com/{proxy}",
            "requestParameters": {"integration.request.path.proxy": "method.request.path.proxy"},
        },
        responses=[],
        method_responses=[],
        requestParameters={"method.request.path.proxy": True},
    )
    b.method(
        "/hooks",
        "POST",
        integration={
            "type": "AWS_PROXY",
            "integrationHttpMethod": "POST",
            "uri": uri(
                "lambda",
                "path",
                f"2015-03-31/functions/arn:aws:lambda:{REGION}:{ACCOUNT}:function:hooks/invocations",
            ),
        },
        responses=[],
        method_responses=[],
    )
    client.create_deployment(restApiId=api_id, stageName="prod", variables={"tier": "gold"})
    return api_id, b.count


def load_module(path: Path, name: str) -> ModuleType:
    """Import a generated module from its file."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def synth(module: ModuleType, outdir: Path) -> Path:
    """Synthesize the generated module's app into ``outdir``; the one template's path."""
    app = module.build_app(cdk.App(outdir=str(outdir)))
    app.synth()
    (template,) = outdir.glob("*.template.json")
    return template


def ruff(*args: str, cwd: Path, line_length: int = 100) -> subprocess.CompletedProcess[str]:
    """Run ruff with the project's settings but isolated from any config file (as a user's
    project would see constructs_pkg: a third-party package)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            *args,
            "--isolated",
            "--line-length",
            str(line_length),
            "--target-version",
            "py311",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
