"""Helpers of the preset tests: the synthesized method, its URI and the role's statements.

Logical ids come from the stack (``stack.get_logical_id``), never hard-coded hashes.
"""

from __future__ import annotations

from typing import Any, cast

import aws_cdk as cdk
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_pkg import ServiceIntegrationMethod

HOSTILE = "a\"b\\c'd $e #f\n}{ \\u0024 $!x ${y} #set($z = 1) &x=1 %41 +"
"""Every character that could break out of a JSON string, a form field or VTL."""


def logical_id(construct: IConstruct) -> str:
    """The logical id of ``construct``'s CloudFormation resource (its default child's)."""
    child = construct.node.default_child
    assert isinstance(child, cdk.CfnElement), f"{construct.node.path} has no default child"
    return cdk.Stack.of(construct).get_logical_id(child)


def flatten(value: object) -> object:
    """A readable form of a CloudFormation value: ``Fn::Join`` into one string with
    ``${LogicalId}`` for a ``Ref`` and ``${LogicalId.Attribute}`` for a ``Fn::GetAtt``."""
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if function == "Ref":
            return "${" + str(argument) + "}"
        if function == "Fn::GetAtt":
            return "${" + ".".join(argument) + "}"
        if function == "Fn::Join":
            separator, parts = argument
            return separator.join(str(flatten(p)) for p in parts)
    if isinstance(value, list):
        return [flatten(v) for v in value]
    if isinstance(value, dict):
        return {k: flatten(v) for k, v in value.items()}
    return value


def method_properties(method: ServiceIntegrationMethod) -> dict[str, Any]:
    """The synthesized ``AWS::ApiGateway::Method`` properties of ``method``, flattened."""
    stack = cdk.Stack.of(method)
    resources = Template.from_stack(stack).to_json()["Resources"]
    found = resources[stack.get_logical_id(cast(cdk.CfnElement, method.method.node.default_child))]
    return cast(dict[str, Any], flatten(found["Properties"]))


def statements(stack: cdk.Stack) -> list[dict[str, Any]]:
    """Every statement of every IAM policy of ``stack``, flattened, ``Action``/``Resource``
    always lists."""
    resources = Template.from_stack(stack).to_json()["Resources"]
    found: list[dict[str, Any]] = []
    for resource in resources.values():
        if resource["Type"] != "AWS::IAM::Policy":
            continue
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]:
            flat = cast(dict[str, Any], flatten(statement))
            for key in ("Action", "Resource"):
                if not isinstance(flat[key], list):
                    flat[key] = [flat[key]]
            found.append(flat)
    return found


def allow(actions: list[str], resources: list[str]) -> dict[str, Any]:
    """An ``Allow`` statement as :func:`statements` writes it."""
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


def uri(service: str, rest: str) -> str:
    """A flattened integration URI: ``arn:${AWS::Partition}:apigateway:${AWS::Region}:...``."""
    return "arn:${AWS::Partition}:apigateway:${AWS::Region}:" + service + ":" + rest


def responses_by_status(method: ServiceIntegrationMethod) -> dict[str, Any]:
    """The method's integration responses, by status code."""
    return {r.status_code: r for r in method.integration_responses}
