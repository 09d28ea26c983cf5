"""End to end: methods that ``MethodShards`` puts in nested stacks are served too."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb

from constructs_pkg import DynamoDbItem, From, JsonTemplate, MethodShards, ServiceIntegrationMethod
from constructs_pkg.testing import LocalApi


def test_methods_in_nested_stacks_reach_the_parent_stacks_table() -> None:
    stack = cdk.Stack(cdk.App(), "Sharded")
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
    )
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    shards = MethodShards(stack, "Shards", api=api, resources_per_stack=10)
    for index in range(8):
        ServiceIntegrationMethod(
            stack,
            f"Put{index}",
            resource=shards.resource(f"/v{index}/items/{{id}}"),
            http_method="PUT",
            service="dynamodb",
            action="PutItem",
            resources=[table.table_arn],
            request_templates={
                "application/json": JsonTemplate(
                    {
                        "TableName": table.table_name,
                        "Item": DynamoDbItem({"id": From.path("id")}),
                    }
                )
            },
        )
    assert len(shards.stacks) >= 2
    with LocalApi(stack) as local:
        assert "PUT /v7/items/{id}" in local.routes
        for index in range(8):
            response = local.request("PUT", f"/v{index}/items/item-{index}")
            assert response.status_code == 200, response.text
        items = local.client("dynamodb").scan(TableName=local.physical_id(table))["Items"]
    assert sorted(item["id"]["S"] for item in items) == [f"item-{i}" for i in range(8)]
