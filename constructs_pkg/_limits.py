"""A warning when a stack that holds integration methods approaches CloudFormation's limit of
500 resources per stack.

The count runs once per stack, as a validation of the stack (after every construct was added,
before the template is written): one ``find_all`` of the stack and one of each nested stack in
it, then ``isinstance`` checks in Python. No work per method.
"""

from __future__ import annotations

import weakref

import jsii
from aws_cdk import Annotations, CfnResource, NestedStack, Stack
from constructs import IValidation

__all__ = [
    "STACK_RESOURCE_LIMIT",
    "STACK_RESOURCE_WARNING_MARGIN",
    "WARN_STACK_RESOURCE_LIMIT",
    "count_resources",
    "watch_resource_limit",
]

WARN_STACK_RESOURCE_LIMIT = "constructs_pkg:stack-resource-limit"
STACK_RESOURCE_LIMIT = 500
"""CloudFormation's resources per stack (aws-cdk-lib's ``@aws-cdk/core:stackResourceLimit``)."""
STACK_RESOURCE_WARNING_MARGIN = 50
"""The warning fires when ``limit - margin`` resources or more are used: 450 of 500."""

_LIMIT_CONTEXT = "@aws-cdk/core:stackResourceLimit"
_WATCHED: weakref.WeakKeyDictionary[Stack, bool] = weakref.WeakKeyDictionary()


def count_resources(stack: Stack) -> int:
    """The CloudFormation resources ``stack``'s own template holds (a nested stack counts as
    its one ``AWS::CloudFormation::Stack`` resource, not its content)."""
    constructs = stack.node.find_all()
    count = sum(1 for c in constructs if isinstance(c, CfnResource))
    path: str | None = None
    for construct in constructs[1:]:
        if isinstance(construct, NestedStack):
            # jsii hands out a new proxy per call for objects made in JavaScript: compare paths
            path = path if path is not None else stack.node.path
            parent = construct.nested_stack_parent
            if parent is not None and parent.node.path == path:
                count -= sum(1 for c in construct.node.find_all() if isinstance(c, CfnResource))
    return count


@jsii.implements(IValidation)
class _ResourceBudget:
    """Adds the warning to the stack when it validates; never fails the synthesis itself
    (aws-cdk-lib raises ``TooManyResourcesInStack`` past the limit)."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack

    def validate(self) -> list[str]:
        stack = self._stack
        configured = stack.node.try_get_context(_LIMIT_CONTEXT)
        limit = configured if isinstance(configured, int) else STACK_RESOURCE_LIMIT
        if limit <= 0:  # the limit check is switched off
            return []
        used = count_resources(stack)
        if used >= limit - STACK_RESOURCE_WARNING_MARGIN:
            left = limit - used
            Annotations.of(stack).add_warning_v2(
                WARN_STACK_RESOURCE_LIMIT,
                f"stack {stack.node.path!r} holds {used} of CloudFormation's {limit} resources "
                f"per stack ({max(left, 0)} left; each method on its own path takes 2); "
                "spread the API's methods over nested stacks with MethodShards "
                '(README: "APIs bigger than one stack")',
            )
        return []


def watch_resource_limit(stack: Stack) -> None:
    """Check ``stack`` against the resource limit when it synthesizes (registered once)."""
    if stack in _WATCHED:
        return
    _WATCHED[stack] = True
    stack.node.add_validation(_ResourceBudget(stack))
