"""The execution role API Gateway assumes, shared by all integration methods of one REST API.

One role per REST API (not one per method) keeps a large API within CloudFormation's resource
limit. Its single inline policy is computed at synth time from every method's grant:
resources are merged per action, then actions that share the same resource set are merged into
one statement. No wildcard action is ever emitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jsii
from aws_cdk import IResolvable, IResolveContext, Names
from aws_cdk import aws_iam as iam
from constructs import Construct

APIGATEWAY_PRINCIPAL = "apigateway.amazonaws.com"


@jsii.implements(IResolvable)
class _LazyDocument:
    """The policy document, computed when CloudFormation is synthesized (after all grants).

    An ``IResolvable`` rather than ``Lazy.any``: jsii calls a Python ``IAnyProducer`` without
    its context argument, which fails to serialize.
    """

    def __init__(self, owner: SharedIntegrationRole) -> None:
        self._owner = owner

    @property
    def creation_stack(self) -> list[str]:
        return []

    def resolve(self, context: IResolveContext) -> Any:
        return self._owner.policy_document()

    def to_string(self) -> str:
        return "<policy document of the shared integration role>"


def merge_statements(grants: dict[str, list[str]]) -> list[tuple[list[str], list[str]]]:
    """Group actions by identical resource lists: ``[(sorted actions, resources), ...]``.

    ``grants`` maps an IAM action to the resources it is allowed on, in first-granted order.
    Statements come out in the order their first action was granted, so the template is stable.
    """
    by_resources: dict[tuple[str, ...], list[str]] = {}
    for action, resources in grants.items():
        by_resources.setdefault(tuple(resources), []).append(action)
    return [(sorted(actions), list(resources)) for resources, actions in by_resources.items()]


class SharedIntegrationRole(Construct):
    """A role trusted by ``apigateway.amazonaws.com`` with one policy built from all grants."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self._grants: dict[str, list[str]] = {}
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal(APIGATEWAY_PRINCIPAL),
            description="Assumed by API Gateway to call the AWS service actions of this REST API",
        )
        iam.CfnPolicy(
            self,
            "Policy",
            policy_name=Names.unique_id(self)[-128:],
            roles=[self.role.role_name],
            policy_document=_LazyDocument(self),
        )

    def grant(self, actions: Sequence[str], resources: Sequence[str]) -> None:
        """Allow each of ``actions`` on each of ``resources`` (duplicates are merged)."""
        for action in actions:
            known = self._grants.setdefault(action, [])
            known.extend(r for r in resources if r not in known)

    def policy_document(self) -> dict[str, Any]:
        """The policy document as CloudFormation expects it (tokens resolved later)."""
        statements = [
            {
                "Effect": "Allow",
                "Action": actions[0] if len(actions) == 1 else actions,
                "Resource": resources[0] if len(resources) == 1 else resources,
            }
            for actions, resources in merge_statements(self._grants)
        ]
        return {"Version": "2012-10-17", "Statement": statements}
