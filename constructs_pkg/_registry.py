"""Per-REST-API state shared by its integration methods: the method claims and the shared role.

It lives in the construct tree as a child of the REST API, so two apps (or two tests) never
share state, and finding it again costs one lookup.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import aws_apigateway as apigw
from constructs import Construct

from ._role import SharedIntegrationRole
from .errors import ValidationError

REGISTRY_ID = "ServiceIntegrations"


class ApiRegistry(Construct):
    """What the ``ServiceIntegrationMethod``\\ s of one REST API know about each other."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self._claimed: dict[tuple[str, str], str] = {}
        self._role: SharedIntegrationRole | None = None

    @classmethod
    def of(cls, api: apigw.IRestApi) -> ApiRegistry:
        """The registry of ``api``, created on first use."""
        found = api.node.try_find_child(REGISTRY_ID)
        if isinstance(found, ApiRegistry):
            return found
        return cls(cast(Construct, api), REGISTRY_ID)

    def claim(self, resource_path: str, http_method: str, owner: str) -> None:
        """Record that ``owner`` adds ``http_method`` to ``resource_path``; refuse a second one."""
        key = (resource_path, http_method)
        if key in self._claimed:
            raise ValidationError(
                "duplicate-method",
                f"{http_method} {resource_path} is already defined by {self._claimed[key]!r}; "
                "a resource has one method per HTTP verb: use another 'http_method' or resource",
            )
        self._claimed[key] = owner

    def shared_role(self) -> SharedIntegrationRole:
        """The API's one execution role, created on first use."""
        if self._role is None:
            self._role = SharedIntegrationRole(self, "Role")
        return self._role
