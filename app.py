#!/usr/bin/env python3
"""The boto3 example "API Gateway REST API integrated with an AWS service" as a CDK app.

``ProfilesApiParity`` reproduces the example byte for byte: the same table, role grants,
resources, methods and mapping templates that its four SDK calls per method create, flaws
included (injectable templates, a GetItem key that is always empty, errors as HTTP 200).

``ProfilesApi`` is the same API built the recommended way: generated templates that escape
every request value, DynamoDB answers unmarshalled to plain JSON, service errors mapped to
4xx/5xx, and a request model that rejects a malformed body with 400.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_pkg import (
    DynamoDbItem,
    From,
    JsonTemplate,
    ServiceIntegrationMethod,
    dynamodb_item_response,
    dynamodb_items_response,
    error_mapping,
)

TABLE_NAME = "doc-example-profiles"
API_NAME = "doc-example-apigateway-dynamodb-profiles"
STAGE_NAME = "test"


class ProfilesApiParityStack(cdk.Stack):
    """The example's table, REST API and three methods, with its exact mapping templates."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        table = dynamodb.Table(
            self,
            "Profiles",
            table_name=TABLE_NAME,
            partition_key=dynamodb.Attribute(name="username", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PROVISIONED,
            read_capacity=5,
            write_capacity=5,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        api = apigw.RestApi(
            self,
            "Api",
            rest_api_name=API_NAME,
            deploy_options=apigw.StageOptions(stage_name=STAGE_NAME),
            cloud_watch_role=False,
        )
        profiles = api.root.add_resource("profiles")
        profile = profiles.add_resource("{username}")

        ServiceIntegrationMethod(
            self,
            "ListProfiles",
            resource=profiles,
            http_method="GET",
            service="dynamodb",
            action="Scan",
            resources=[table.table_arn],
            request_templates={"application/json": {"TableName": TABLE_NAME}},
        )
        ServiceIntegrationMethod(
            self,
            "AddProfile",
            resource=profiles,
            http_method="POST",
            service="dynamodb",
            action="PutItem",
            resources=[table.table_arn],
            request_templates={
                "application/json": {
                    "TableName": TABLE_NAME,
                    "Item": {
                        "username": {"S": "$input.path('$.username')"},
                        "name": {"S": "$input.path('$.name')"},
                        "title": {"S": "$input.path('$.title')"},
                    },
                }
            },
        )
        ServiceIntegrationMethod(
            self,
            "GetProfile",
            resource=profile,
            http_method="GET",
            service="dynamodb",
            action="GetItem",
            resources=[table.table_arn],
            request_templates={
                "application/json": {
                    "TableName": TABLE_NAME,
                    "Key": {"username": {"S": "$method.request.path.username"}},
                }
            },
        )
        cdk.CfnOutput(self, "StageUrl", value=api.url, description="Invoke URL of stage 'test'")
        cdk.CfnOutput(self, "RestApiId", value=api.rest_api_id)


class ProfilesApiStack(cdk.Stack):
    """The profiles API the recommended way: escaped templates, plain JSON, mapped errors."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        table = dynamodb.Table(
            self,
            "Profiles",
            partition_key=dynamodb.Attribute(name="username", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        api = apigw.RestApi(
            self,
            "Api",
            rest_api_name="profiles",
            deploy_options=apigw.StageOptions(stage_name=STAGE_NAME),
            cloud_watch_role=False,
        )
        profile_model = api.add_model(
            "Profile",
            content_type="application/json",
            schema=apigw.JsonSchema(
                schema=apigw.JsonSchemaVersion.DRAFT4,
                type=apigw.JsonSchemaType.OBJECT,
                required=["username", "name", "title"],
                properties={
                    name: apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, min_length=1)
                    for name in ("username", "name", "title")
                },
            ),
        )
        validate_body = api.add_request_validator("ValidateBody", validate_request_body=True)
        profiles = api.root.add_resource("profiles")
        profile = profiles.add_resource("{username}")

        ServiceIntegrationMethod(
            self,
            "ListProfiles",
            resource=profiles,
            http_method="GET",
            service="dynamodb",
            action="Scan",
            resources=[table.table_arn],
            request_templates={"application/json": {"TableName": table.table_name}},
            integration_responses=error_mapping("dynamodb", success=dynamodb_items_response()),
        )
        ServiceIntegrationMethod(
            self,
            "AddProfile",
            resource=profiles,
            http_method="POST",
            service="dynamodb",
            action="PutItem",
            resources=[table.table_arn],
            request_templates={
                "application/json": JsonTemplate(
                    {
                        "TableName": table.table_name,
                        "Item": DynamoDbItem(
                            {
                                "username": From.body("$.username", required=True),
                                "name": From.body("$.name", required=True),
                                "title": From.body("$.title", required=True),
                            }
                        ),
                    }
                )
            },
            integration_responses=error_mapping("dynamodb"),
            request_models={"application/json": profile_model},
            request_validator=validate_body,
        )
        ServiceIntegrationMethod(
            self,
            "GetProfile",
            resource=profile,
            http_method="GET",
            service="dynamodb",
            action="GetItem",
            resources=[table.table_arn],
            request_templates={
                "application/json": {
                    "TableName": table.table_name,
                    "Key": DynamoDbItem({"username": From.path("username")}),
                }
            },
            integration_responses=error_mapping("dynamodb", success=dynamodb_item_response()),
        )
        cdk.CfnOutput(self, "StageUrl", value=api.url, description="Invoke URL of stage 'test'")
        cdk.CfnOutput(self, "RestApiId", value=api.rest_api_id)
        cdk.CfnOutput(self, "TableName", value=table.table_name)


def build_app(app: cdk.App | None = None) -> cdk.App:
    """Add the example's stacks to ``app`` (a new ``App`` by default) and return it."""
    app = app or cdk.App()
    ProfilesApiParityStack(app, "ProfilesApiParity")
    ProfilesApiStack(app, "ProfilesApi")
    return app


if __name__ == "__main__":
    build_app().synth()
