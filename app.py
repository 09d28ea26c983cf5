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
from aws_cdk import aws_logs as logs
from constructs import Construct

from constructs_pkg import (
    DynamoDbItem,
    From,
    JsonTemplate,
    ServiceIntegrationMethod,
    dynamodb_item_response,
    dynamodb_items_response,
    error_mapping,
    resource_for_path,
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
        # declared by path: the same resources, and no jsii lookup of their API per method
        profiles = resource_for_path(api, "/profiles")
        profile = resource_for_path(api, "/profiles/{username}")

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
        # The example's templates are kept byte for byte, flaws included; the linter's warnings
        # about them are expected here (ProfilesApi is the safe version).
        for warning_id in (
            "constructs_pkg:template-lint:unescaped-input-in-json-string",
            "constructs_pkg:template-lint:method-request-in-template",
        ):
            cdk.Annotations.of(self).acknowledge_warning(
                warning_id, "parity with the boto3 example: its templates are reproduced as is"
            )


class ProfilesApiStack(cdk.Stack):
    """The profiles API the recommended way: escaped templates, plain JSON, mapped errors."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        table = dynamodb.Table(
            self,
            "Profiles",
            partition_key=dynamodb.Attribute(name="username", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        access_log = logs.LogGroup(
            self,
            "AccessLog",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        api = apigw.RestApi(
            self,
            "Api",
            rest_api_name="profiles",
            deploy_options=apigw.StageOptions(
                stage_name=STAGE_NAME,
                access_log_destination=apigw.LogGroupLogDestination(access_log),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False,
                    http_method=True,
                    ip=True,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=True,
                ),
                throttling_rate_limit=50,
                throttling_burst_limit=100,
            ),
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
        validate_body = api.add_request_validator(
            "ValidateRequest", validate_request_body=True, validate_request_parameters=True
        )
        # declared by path: the same resources, and no jsii lookup of their API per method
        profiles = resource_for_path(api, "/profiles")
        profile = resource_for_path(api, "/profiles/{username}")

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
        _acknowledge_security_findings(self)


def _acknowledge_security_findings(stack: cdk.Stack) -> None:
    """cdk-nag (AwsSolutions) findings this demo accepts, each with the reason why."""
    public_demo = (
        "the profiles API reproduces the AWS SDK example's public, unauthenticated API so that "
        "its scenario runs unchanged; the stage is throttled (50 rps, burst 100) and the body "
        "is validated. ServiceIntegrationMethod passes authorization_type, authorizer and "
        "authorization_scopes through for APIs that need callers authenticated"
    )
    cdk.Validations.of(stack).acknowledge(
        cdk.Acknowledgment(id="AwsSolutions::AwsSolutions-APIG4", reason=public_demo),
        cdk.Acknowledgment(id="AwsSolutions::AwsSolutions-COG4", reason=public_demo),
        cdk.Acknowledgment(
            id="AwsSolutions::AwsSolutions-APIG6",
            reason="access logging is enabled (APIG1); execution logging needs the "
            "account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account), which "
            "belongs to the account's baseline, not to an application stack",
        ),
        cdk.Acknowledgment(
            id="AwsSolutions::AwsSolutions-APIG3",
            reason="a WAFv2 web ACL is attached by the account's edge/security baseline; the "
            "stage has throttling and request validation",
        ),
    )


def build_app(app: cdk.App | None = None) -> cdk.App:
    """Add the example's stacks to ``app`` (a new ``App`` by default) and return it."""
    app = app or cdk.App()
    ProfilesApiParityStack(app, "ProfilesApiParity")
    ProfilesApiStack(app, "ProfilesApi")
    return app


if __name__ == "__main__":
    build_app().synth()
