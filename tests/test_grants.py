"""Permission, kms_permissions and ServiceIntegrationMethod(additional_permissions=...)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Template

from constructs_pkg import (
    KMS_READ_ACTIONS,
    KMS_WRITE_ACTIONS,
    Permission,
    ServiceIntegrationMethod,
    ValidationError,
    kms_permissions,
)


def _statements(stack: cdk.Stack) -> list[dict[str, Any]]:
    found = []
    for policy in Template.from_stack(stack).find_resources("AWS::IAM::Policy").values():
        found.extend(policy["Properties"]["PolicyDocument"]["Statement"])
    return found


def _arn(stack: cdk.Stack, construct: Any) -> dict[str, Any]:
    return {"Fn::GetAtt": [stack.get_logical_id(construct.node.default_child), "Arn"]}


def test_kms_permissions_is_empty_without_a_key() -> None:
    assert kms_permissions(None, actions=KMS_READ_ACTIONS) == []


def test_kms_permissions_allows_the_actions_on_the_key(stack: cdk.Stack) -> None:
    key = kms.Key(stack, "Key")
    (permission,) = kms_permissions(
        key, actions=["kms:GenerateDataKey", "kms:Decrypt", "kms:Decrypt"]
    )
    assert permission.actions == ("kms:Decrypt", "kms:GenerateDataKey")
    assert permission.resources == (key.key_arn,)
    assert KMS_WRITE_ACTIONS == ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")


def test_permissions_are_merged_into_the_shared_roles_one_policy(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    key = kms.Key(stack, "Key")
    for verb, index in (("GET", "byA"), ("POST", "byB")):
        ServiceIntegrationMethod(
            stack,
            f"Query{verb}",
            resource=api.root,
            http_method=verb,
            service="dynamodb",
            action="Query",
            resources=[table.table_arn],
            additional_permissions=[
                *kms_permissions(key, actions=KMS_READ_ACTIONS),
                Permission(
                    actions=("dynamodb:Query",), resources=(f"{table.table_arn}/index/{index}",)
                ),
            ],
        )
    Template.from_stack(stack).resource_count_is("AWS::IAM::Policy", 1)
    table_arn = _arn(stack, table)
    index = lambda name: {"Fn::Join": ["", [table_arn, f"/index/{name}"]]}  # noqa: E731
    assert _statements(stack) == [
        {
            "Effect": "Allow",
            "Action": "dynamodb:Query",
            "Resource": [table_arn, index("byA"), index("byB")],
        },
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": _arn(stack, key)},
    ]


def test_permissions_are_added_to_a_given_role(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table
) -> None:
    role = iam.Role(stack, "Mine", assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"))
    key = kms.Key(stack, "Key")
    ServiceIntegrationMethod(
        stack,
        "Get",
        resource=api.root,
        http_method="GET",
        service="dynamodb",
        action="GetItem",
        role=role,
        additional_permissions=kms_permissions(key, actions=["kms:Decrypt"]),
    )
    assert _statements(stack) == [
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": _arn(stack, key)}
    ]


# -- failing cases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actions", [("kms:*",), ("kms:Decrypt*",), ("Decrypt",), ("kms:De crypt",)]
)
def test_fails_when_a_permission_has_a_wildcard_or_malformed_action(
    actions: tuple[str, ...],
) -> None:
    with pytest.raises(ValidationError) as raised:
        Permission(actions=actions, resources=("arn:aws:kms:us-east-1:111122223333:key/1",))
    assert raised.value.code == "invalid-iam-action"


@pytest.mark.parametrize("actions", [(), "kms:Decrypt"])
def test_fails_when_a_permission_has_no_actions(actions: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError) as raised:
        Permission(actions=actions, resources=("*",))
    assert raised.value.code == "invalid-iam-action"


@pytest.mark.parametrize("resources", [(), "arn:aws:s3:::b", ("",)])
def test_fails_when_a_permission_has_no_resources(resources: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError) as raised:
        Permission(actions=("kms:Decrypt",), resources=resources)
    assert raised.value.code == "invalid-resources"


@pytest.mark.parametrize(
    "permissions",
    [[{"actions": ["kms:Decrypt"]}], Permission(actions=("kms:Decrypt",), resources=("*",))],
    ids=["dict", "not-a-list"],
)
def test_fails_when_additional_permissions_are_not_permissions(
    stack: cdk.Stack, api: apigw.RestApi, table: dynamodb.Table, permissions: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        ServiceIntegrationMethod(
            stack,
            "Get",
            resource=api.root,
            http_method="GET",
            service="dynamodb",
            action="GetItem",
            resources=[table.table_arn],
            additional_permissions=permissions,
        )
    assert raised.value.code == "invalid-permission"
