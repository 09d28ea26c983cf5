"""resource_for_path: resources by path, known to their API's registry without a call into jsii."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Match, Template

from constructs_pkg import (
    Cors,
    From,
    ServiceIntegrationMethod,
    ValidationError,
    resource_for_path,
)
from constructs_pkg.presets import DynamoDbGetItem


@pytest.fixture
def no_jsii_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a resource's API or path (each a call into jsii) fails the test."""

    def unexpected(name: str) -> property:
        def read(resource: apigw.Resource) -> object:
            raise AssertionError(f"Resource.{name} read from jsii")

        return property(read)

    for cls in (apigw.Resource, apigw.ResourceBase):
        monkeypatch.setattr(cls, "api", unexpected("api"))
        monkeypatch.setattr(cls, "path", unexpected("path"))


def _get_item(stack: cdk.Stack, construct_id: str, resource: apigw.IResource, arn: str) -> None:
    ServiceIntegrationMethod(
        stack,
        construct_id,
        resource=resource,
        http_method="GET",
        service="dynamodb",
        action="GetItem",
        resources=[arn],
    )


def test_the_same_path_gives_the_same_resource(api: apigw.RestApi) -> None:
    # GIVEN a path asked for twice, once with a trailing part of its own
    first = resource_for_path(api, "/orders/{id}")

    # THEN it is one object, created with its parent under the API's root
    assert resource_for_path(api, "/orders/{id}") is first
    assert first.path == "/orders/{id}"
    assert resource_for_path(api, "/").path == "/"
    assert resource_for_path(api, "/orders").path == "/orders"


def test_resources_are_those_of_resource_for_path_in_aws_cdk_lib(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # GIVEN a method on a path made here and one on a path made by aws-cdk-lib below it
    _get_item(stack, "ByPath", resource_for_path(api, "/orders/{id}"), table.table_arn)
    items = api.root.resource_for_path("/orders/{id}/items")
    _get_item(stack, "ByCdk", items, table.table_arn)

    # THEN there is one resource per path part: the parents are shared, not duplicated
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::ApiGateway::Resource", 3)
    template.resource_count_is("AWS::ApiGateway::Method", 2)
    template.has_resource_properties("AWS::ApiGateway::Resource", {"PathPart": "{id}"})


@pytest.mark.usefixtures("no_jsii_reads")
def test_methods_on_resources_by_path_read_neither_api_nor_path(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # GIVEN Resource.api and Resource.path made to fail, and a bucket for a path-style URI
    bucket = s3.Bucket(stack, "Bucket")
    # WHEN methods are declared on resources by path: action-style, path-style (its {key} is
    # mapped from the resource path) and with CORS (its preflight is keyed by path)
    _get_item(stack, "Get", resource_for_path(api, "/items/{id}"), table.table_arn)
    ServiceIntegrationMethod(
        stack,
        "GetObject",
        resource=resource_for_path(api, "/files/{key}"),
        http_method="GET",
        service="s3",
        path=f"{bucket.bucket_name}/{{key}}",
        resources=[bucket.arn_for_objects("*")],
        cors=Cors(allow_origins=["https://app.example.com"]),
    )

    # THEN the methods are built as usual, sharing the API's one role
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::IAM::Role", 1)
    template.has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "HttpMethod": "GET",
            "Integration": Match.object_like(
                {"RequestParameters": {"integration.request.path.key": "method.request.path.key"}}
            ),
        },
    )
    template.has_resource_properties("AWS::ApiGateway::Method", {"HttpMethod": "OPTIONS"})


def test_presets_take_resources_by_path(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # GIVEN a preset on a resource by path
    DynamoDbGetItem(
        stack,
        "Get",
        resource=resource_for_path(api, "/items/{id}"),
        table=table,
        key={"username": From.path("id")},
    )

    # THEN its method is on that path
    template = Template.from_stack(stack)
    resources = template.find_resources(
        "AWS::ApiGateway::Resource", {"Properties": {"PathPart": "{id}"}}
    )
    (resource_id,) = resources
    template.has_resource_properties(
        "AWS::ApiGateway::Method", {"HttpMethod": "GET", "ResourceId": {"Ref": resource_id}}
    )


def test_a_second_method_on_a_path_is_a_duplicate_when_its_verb_is(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    _get_item(stack, "First", resource_for_path(api, "/items"), table.table_arn)
    with pytest.raises(ValidationError) as raised:
        _get_item(stack, "Second", resource_for_path(api, "/items"), table.table_arn)
    assert raised.value.code == "duplicate-method"
    assert "GET /items" in raised.value.message


def test_each_api_has_its_own_paths(stack: cdk.Stack, table: dynamodb.Table) -> None:
    # GIVEN two APIs in one stack, the same path on each
    first = apigw.RestApi(stack, "First", deploy=False, cloud_watch_role=False)
    second = apigw.RestApi(stack, "Second", deploy=False, cloud_watch_role=False)
    _get_item(stack, "A", resource_for_path(first, "/items"), table.table_arn)
    _get_item(stack, "B", resource_for_path(second, "/items"), table.table_arn)

    # THEN each API has its resource, its method and its one role
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::ApiGateway::Resource", 2)
    template.resource_count_is("AWS::IAM::Role", 2)
    assert resource_for_path(first, "/items") is not resource_for_path(second, "/items")


def test_an_api_imported_with_its_root_works(stack: cdk.Stack, table: dynamodb.Table) -> None:
    api = apigw.RestApi.from_rest_api_attributes(
        stack, "Imported", rest_api_id="abc123", root_resource_id="root123"
    )
    _get_item(stack, "Get", resource_for_path(api, "/items"), table.table_arn)
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Resource",
        {"ParentId": "root123", "PathPart": "items", "RestApiId": "abc123"},
    )


@pytest.mark.parametrize("path", ["items", "", "/items/", "/a//b", "/a b", "/{bad name}", 7])
def test_fails_when_the_path_is_invalid(api: apigw.RestApi, path: object) -> None:
    with pytest.raises(ValidationError) as raised:
        resource_for_path(api, path)  # type: ignore[arg-type]
    assert raised.value.code == "invalid-resource-path"
    assert repr(path) in raised.value.message


def test_fails_when_the_api_is_not_a_rest_api(api: apigw.RestApi) -> None:
    with pytest.raises(ValidationError) as raised:
        resource_for_path(api.root, "/items")  # type: ignore[arg-type]
    assert raised.value.code == "invalid-rest-api"
    assert "resource_for_path(api, '/orders')" in raised.value.message


def test_fails_when_the_api_was_imported_without_its_root(stack: cdk.Stack) -> None:
    api = apigw.RestApi.from_rest_api_id(stack, "Imported", "abc123")
    with pytest.raises(ValidationError) as raised:
        resource_for_path(api, "/items")
    assert raised.value.code == "imported-api-without-root"
    assert "from_rest_api_attributes" in raised.value.message
    assert api.node.children == []  # no registry was left behind


def test_an_invalid_path_creates_nothing(stack: cdk.Stack, api: apigw.RestApi) -> None:
    # GIVEN an API nothing was declared on yet
    children = {c.node.id for c in api.node.children}
    # WHEN a malformed path is asked for
    with pytest.raises(ValidationError):
        resource_for_path(api, "/a//b")
    # THEN the API got no child (no registry, no resource)
    assert {c.node.id for c in api.node.children} == children


def test_a_route_table_shares_one_resource_per_path(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # GIVEN the README's route table: three methods on two paths
    routes = [
        ("GET", "/profiles", "Scan"),
        ("GET", "/profiles/{username}", "GetItem"),
        ("DELETE", "/profiles/{username}", "DeleteItem"),
    ]
    for verb, path, action in routes:
        ServiceIntegrationMethod(
            stack,
            f"{verb}{path}".replace("/", "_"),
            resource=resource_for_path(api, path),
            http_method=verb,
            service="dynamodb",
            action=action,
            resources=[table.table_arn],
            request_templates={
                "application/json": {"TableName": table.table_name}
                if action == "Scan"
                else {
                    "TableName": table.table_name,
                    "Key": {"username": {"S": "$input.params('username')"}},
                }
            },
        )

    # THEN each path is one resource, and both methods of /profiles/{username} are on it
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::ApiGateway::Resource", 2)
    (leaf,) = template.find_resources(
        "AWS::ApiGateway::Resource", {"Properties": {"PathPart": "{username}"}}
    )
    on_leaf = template.find_resources(
        "AWS::ApiGateway::Method", {"Properties": {"ResourceId": {"Ref": leaf}}}
    )
    assert sorted(m["Properties"]["HttpMethod"] for m in on_leaf.values()) == ["DELETE", "GET"]
