"""``MethodShards``: one REST API whose methods are spread over nested stacks.

CloudFormation holds 500 resources per stack and each method on its own path takes 2 (the
``AWS::ApiGateway::Resource`` and the ``AWS::ApiGateway::Method``), so one stack holds about
240 such methods. ``MethodShards`` hands out API Gateway resources by path; each new path is
created in the current nested stack, and a new nested stack is opened once the current one is
full. The ``ServiceIntegrationMethod`` declarations stay as they are: a method on a resource
handed out here is created in that resource's nested stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_cdk import CfnStack, NestedStack, Stack
from aws_cdk import aws_apigateway as apigw
from constructs import Construct

from ._paths import split_path
from ._registry import ApiRegistry
from .errors import ValidationError

__all__ = ["MethodShards"]


@dataclass(eq=False, slots=True)
class _Shard:
    """One stack holding resources and methods: the API's own stack or a nested stack."""

    api: apigw.IRestApi
    registry: ApiRegistry
    stack: Stack | None  # None: the API's own stack
    resources: dict[str, apigw.IResource] = field(default_factory=dict)
    created: int = 0  # API Gateway resources created here
    paths: int = 0  # paths handed out here
    imports: int = 0

    @property
    def load(self) -> int:
        """CloudFormation resources the API adds to this stack (resources, methods, models)."""
        return self.created + self.registry.load


class MethodShards(Construct):
    """Hands out the resources of a REST API so that its methods fill nested stacks, not one.

    ``resource("/orders/{id}")`` returns the API Gateway resource of that path, to pass as
    ``resource=`` to ``ServiceIntegrationMethod`` (or any construct). The first
    ``paths_in_api_stack`` paths are created in the API's own stack; every later new path is
    created in the current nested stack (``Methods1``, ``Methods2``...), which is closed once
    it holds ``resources_per_stack`` resources, methods and models. A method on a resource
    handed out here is created in that resource's stack.

    In each nested stack: the API imported by id (two nested-stack parameters), the resources
    of its paths (a parent created in another stack is referenced, not created again), the
    methods, and one execution role shared by that stack's methods and granted only their
    actions. Once per API, on the API itself: the validation gateway responses; model names
    stay unique across stacks.

    The API's deployment (``RestApi(deploy=True)``) depends on every nested stack, and its
    logical id hashes each nested stack's template URL (which holds the hash of the template),
    so a change to any method in any nested stack redeploys the stage.

    Paths are placed in the order they are first asked for: add new paths at the end. A path
    that moves to another nested stack (because paths were inserted before it) is deleted from
    one stack and created in another in one update, which API Gateway refuses (the path
    exists until the old stack is updated).

    :param scope: the construct's parent, in the API's stack.
    :param construct_id: the construct's id; the nested stacks are its children.
    :param api: the REST API, defined in this app (not imported).
    :param resources_per_stack: how many API Gateway resources, methods and models one nested
        stack takes before the next new path opens a new one. Default: - 400 (of
        CloudFormation's 500: the rest is for the role, its policy, the request validator and
        the methods of the last path).
    :param paths_in_api_stack: how many paths are created in the API's own stack before the
        nested stacks start. aws-cdk-lib's ``RestApi`` does not synthesize without a method in
        its own stack. Default: - 1 (give it a method), or 0 when the API has methods of its
        own elsewhere.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        api: apigw.RestApi,
        resources_per_stack: int | None = None,
        paths_in_api_stack: int | None = None,
    ) -> None:
        if not isinstance(api, apigw.RestApi):
            raise ValidationError(
                "invalid-sharded-api",
                f"'api' must be an aws_apigateway.RestApi defined in this app, got "
                f"{type(api).__name__}; MethodShards creates nested stacks in the API's stack "
                "and wires the API's deployment to them",
            )
        per_stack = 400 if resources_per_stack is None else resources_per_stack
        if (
            isinstance(per_stack, bool)
            or not isinstance(per_stack, int)
            or not (10 <= per_stack <= 490)
        ):
            raise ValidationError(
                "invalid-resources-per-stack",
                f"'resources_per_stack' must be an int from 10 to 490, got {per_stack!r}; "
                "CloudFormation allows 500 resources per stack and each nested stack needs a "
                "few of its own: pass e.g. resources_per_stack=400",
            )
        in_api_stack = 1 if paths_in_api_stack is None else paths_in_api_stack
        if isinstance(in_api_stack, bool) or not isinstance(in_api_stack, int) or in_api_stack < 0:
            raise ValidationError(
                "invalid-paths-in-api-stack",
                f"'paths_in_api_stack' must be an int >= 0, got {in_api_stack!r}; "
                "pass e.g. paths_in_api_stack=1",
            )
        super().__init__(scope, construct_id)
        self._api = api
        self._api_stack = Stack.of(api)
        self._registry = ApiRegistry.of(api)
        self._per_stack = per_stack
        self._in_api_stack = in_api_stack
        self._home = _Shard(api=api, registry=self._registry, stack=None)
        self._shards: list[_Shard] = []
        self._handed: dict[str, tuple[_Shard, apigw.IResource]] = {}
        self._owner: dict[str, tuple[_Shard, apigw.IResource]] = {}
        self.stacks: list[NestedStack] = []
        """The nested stacks opened so far, in order (``Methods1``, ``Methods2``...)."""

    @property
    def api(self) -> apigw.RestApi:
        """The REST API."""
        return self._api

    def resource(self, path: str) -> apigw.IResource:
        """The API Gateway resource of ``path`` (e.g. ``"/orders/{id}"``), created on first use
        in the stack this path is placed in; the same object for the same path afterwards.

        :raises ValidationError: ``invalid-resource-path`` when ``path`` is not ``/`` or
            ``/segment/...`` of valid path parts.
        """
        parts = split_path(path)
        key = "/" + "/".join(parts)
        known = self._handed.get(key)
        if known is not None:
            return known[1]
        shard = self._place()
        resource = self._build(shard, parts)
        # its methods find their registry (and path) without a call into jsii
        shard.registry.remember(resource, key)
        shard.paths += 1
        self._handed[key] = (shard, resource)
        return resource

    def stack_of(self, path: str) -> Stack:
        """The stack ``path`` was placed in (the API's stack or one of ``stacks``).

        :raises ValidationError: ``unknown-resource-path`` when ``path`` was not handed out.
        """
        key = "/" + "/".join(split_path(path))
        known = self._handed.get(key)
        if known is None:
            raise ValidationError(
                "unknown-resource-path",
                f"path {path!r} was not handed out by this MethodShards; call "
                f"resource({path!r}) first",
            )
        return known[0].stack or self._api_stack

    # -- placement ------------------------------------------------------------------------------

    def _place(self) -> _Shard:
        if self._home.paths < self._in_api_stack:
            return self._home
        if not self._shards or self._shards[-1].load >= self._per_stack:
            self._shards.append(self._open(len(self._shards) + 1))
        return self._shards[-1]

    def _open(self, number: int) -> _Shard:
        nested = NestedStack(self, f"Methods{number}")
        imported = apigw.RestApi.from_rest_api_attributes(
            nested,
            "Api",
            rest_api_id=self._api.rest_api_id,
            root_resource_id=self._api.rest_api_root_resource_id,
        )
        registry = ApiRegistry.of(imported)
        registry.attach_to(self._registry, method_scope=nested, home_stack=self._api_stack)
        deployment = self._api.latest_deployment
        resource = nested.nested_stack_resource
        if deployment is not None and resource is not None:
            deployment.node.add_dependency(resource)
            if isinstance(resource, CfnStack):
                # the template URL ends in the hash of the nested template
                deployment.add_to_logical_id(
                    {"constructs_pkg:nested-methods": number, "template": resource.template_url}
                )
        self.stacks.append(nested)
        return _Shard(api=imported, registry=registry, stack=nested)

    def _build(self, shard: _Shard, parts: list[str]) -> apigw.IResource:
        current: apigw.IResource = shard.api.root
        prefix = ""
        for part in parts:
            prefix = f"{prefix}/{part}"
            here = shard.resources.get(prefix)
            if here is None:
                owner = self._owner.get(prefix)
                if owner is not None:
                    # created in another stack: refer to it by id (an output and a parameter)
                    shard.imports += 1
                    here = apigw.Resource.from_resource_attributes(
                        shard.stack or self,
                        f"Resource{shard.imports}",
                        resource_id=owner[1].resource_id,
                        rest_api=shard.api,
                        path=prefix,
                    )
                else:
                    # the API's own stack may hold resources made without MethodShards
                    existing = current.get_resource(part) if shard.stack is None else None
                    here = existing or current.add_resource(part)
                    shard.created += 1
                    self._owner[prefix] = (shard, here)
                shard.resources[prefix] = here
            current = here
        return current
