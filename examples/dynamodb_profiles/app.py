#!/usr/bin/env python3
"""A profiles API on DynamoDB, every method a preset: no Lambda, no hand-written VTL.

- ``POST /profiles`` creates a profile (``PutItem``; the body is checked against a JSON schema,
  a username that is taken answers 409, never overwrites);
- ``GET /profiles/{username}`` reads one (``GetItem``; 404 when missing);
- ``PATCH /profiles/{username}`` changes the fields sent (``UpdateItem``; 404 when missing);
- ``DELETE /profiles/{username}`` deletes one (``DeleteItem``; answers what was deleted);
- ``GET /teams/{team}/profiles?since=&limit=&nextToken=`` lists a team by join date, a page
  at a time (``Query`` on the ``byTeam`` global secondary index);
- ``GET /profiles?limit=&nextToken=`` lists everyone (``Scan``).

Callers sign their requests with SigV4 (IAM authorization is the API's default; a browser
gets credentials from a Cognito identity pool, and only roles allowed ``execute-api:Invoke``
get in). Browsers of two front ends may call it (CORS allow-list: the caller's origin is
echoed, on errors too; the ``OPTIONS`` preflights need no signature). The table
uses a customer managed key, so the API's one role gets exactly the DynamoDB actions above on
the table (``Query`` on the index only) and the KMS actions they need on the key.

Run: ``python examples/dynamodb_profiles/app.py`` (writes to ``$CDK_OUTDIR`` or ``cdk.out``).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_pkg import Cors, From
from constructs_pkg.presets import (
    DynamoDbDeleteItem,
    DynamoDbGetItem,
    DynamoDbPutItem,
    DynamoDbQuery,
    DynamoDbScan,
    DynamoDbUpdateItem,
    SortKeyCondition,
)

FRONT_ENDS = ["https://app.example.com", "https://admin.example.com"]

PROFILE_SCHEMA = apigw.JsonSchema(
    type=apigw.JsonSchemaType.OBJECT,
    required=["username", "name", "team"],
    additional_properties=False,
    properties={
        "username": apigw.JsonSchema(
            type=apigw.JsonSchemaType.STRING, pattern="^[a-z0-9_-]{3,32}$"
        ),
        "name": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, min_length=1, max_length=100),
        "title": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, max_length=100),
        "team": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, min_length=1),
    },
)
CHANGES_SCHEMA = apigw.JsonSchema(
    type=apigw.JsonSchemaType.OBJECT,
    min_properties=1,
    additional_properties=False,
    properties={
        "name": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, min_length=1, max_length=100),
        "title": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, max_length=100),
        "team": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, min_length=1),
    },
)


class ProfilesStack(cdk.Stack):
    """The table with its ``byTeam`` index and the REST API."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        table = dynamodb.Table(
            self,
            "Profiles",
            partition_key=dynamodb.Attribute(name="username", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
        )
        table.add_global_secondary_index(
            index_name="byTeam",
            partition_key=dynamodb.Attribute(name="team", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="joinedAt", type=dynamodb.AttributeType.NUMBER),
        )
        api = apigw.RestApi(
            self,
            "ProfilesApi",
            cloud_watch_role=False,
            default_method_options=apigw.MethodOptions(
                authorization_type=apigw.AuthorizationType.IAM
            ),
        )
        cors = Cors(allow_origins=FRONT_ENDS, allow_credentials=True)

        profiles = api.root.add_resource("profiles")
        profile = profiles.add_resource("{username}")
        DynamoDbPutItem(
            self,
            "CreateProfile",
            resource=profiles,
            table=table,
            item={
                "username": From.body("$.username", required=True),
                "name": From.body("$.name", required=True),
                "title": From.body("$.title"),
                "team": From.body("$.team", required=True),
                "joinedAt": From.context("requestTimeEpoch", type="number"),
                "createdBy": From.context("identity.userArn"),
            },
            condition_must_not_exist=True,
            body_schema=PROFILE_SCHEMA,
            cors=cors,
        )
        DynamoDbGetItem(
            self,
            "GetProfile",
            resource=profile,
            table=table,
            key={"username": From.path("username")},
            cors=cors,
        )
        DynamoDbUpdateItem(
            self,
            "ChangeProfile",
            resource=profile,
            table=table,
            key={"username": From.path("username")},
            attributes={
                "name": From.body("$.name"),
                "title": From.body("$.title"),
                "team": From.body("$.team"),
            },
            body_schema=CHANGES_SCHEMA,
            cors=cors,
        )
        DynamoDbDeleteItem(
            self,
            "DeleteProfile",
            resource=profile,
            table=table,
            key={"username": From.path("username")},
            cors=cors,
        )
        DynamoDbQuery(
            self,
            "ListTeam",
            resource=api.root.add_resource("teams").add_resource("{team}").add_resource("profiles"),
            table=table,
            index_name="byTeam",
            partition_key={"team": From.path("team")},
            sort_key=SortKeyCondition.greater_than_or_equal(
                "joinedAt", From.query("since", type="number", default=0)
            ),
            limit=From.query("limit", type="number", default=25),
            cors=cors,
        )
        DynamoDbScan(
            self,
            "ListProfiles",
            resource=profiles,
            table=table,
            limit=From.query("limit", type="number", default=25),
            cors=cors,
        )
        cdk.CfnOutput(self, "ApiUrl", value=api.url)


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The example's app (``CDK_OUTDIR`` is respected by ``cdk.App``)."""
    app = app or cdk.App()
    ProfilesStack(app, "DynamoDbProfiles")
    return app


if __name__ == "__main__":
    build_app().synth()
