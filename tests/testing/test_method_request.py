"""render_method_request on a real ServiceIntegrationMethod, CDK tokens included."""

from __future__ import annotations

import json

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_pkg import ServiceIntegrationMethod
from constructs_pkg.testing import SampleRequest, check_against_input_shape, render_method_request


def test_a_method_template_with_a_table_token_renders_and_fits_the_shape(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    # GIVEN a raw template whose table name is a CDK token
    method = ServiceIntegrationMethod(
        stack,
        "Put",
        resource=api.root.add_resource("profiles"),
        http_method="POST",
        service="dynamodb",
        action="PutItem",
        resources=[table.table_arn],
        request_templates={
            "application/json": json.dumps(
                {"TableName": table.table_name, "Item": {"username": {"S": "$input.params('u')"}}}
            )
        },
    )
    # WHEN rendered for a request
    rendered = render_method_request(method, SampleRequest(query={"u": "jane"}))
    # THEN the token reads as the table's logical id and the request fits PutItem
    logical_id = stack.get_logical_id(table.node.default_child)  # type: ignore[arg-type]
    assert json.loads(rendered) == {
        "TableName": logical_id,
        "Item": {"username": {"S": "jane"}},
    }
    assert check_against_input_shape(rendered, "dynamodb", "PutItem") == []


class _TemplatedConstruct(Construct):
    """Any construct with request templates works, not only ServiceIntegrationMethod."""

    def __init__(self, scope: Construct, construct_id: str, templates: dict[str, str]) -> None:
        super().__init__(scope, construct_id)
        self.request_templates = templates


def test_ref_and_getatt_tokens_read_as_logical_ids(stack: cdk.Stack, table: dynamodb.Table) -> None:
    template = json.dumps(
        {"name": table.table_name, "arn": table.table_arn, "region": stack.region}
    )
    method = _TemplatedConstruct(stack, "Templated", {"application/json": template})
    logical_id = stack.get_logical_id(table.node.default_child)  # type: ignore[arg-type]
    assert json.loads(render_method_request(method)) == {
        "name": logical_id,
        "arn": f"{logical_id}.Arn",
        "region": "AWS::Region",
    }
    # explicit values win; the other tokens stay readable
    rendered = json.loads(render_method_request(method, tokens={table.table_name: "profiles"}))
    assert (rendered["name"], rendered["arn"]) == ("profiles", f"{logical_id}.Arn")
