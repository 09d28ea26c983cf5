"""Per-REST-API state shared by its integration methods: the method claims, the shared role,
the one request validator, the validation gateway responses, model names and CORS preflights.

It lives in the construct tree as a child of the REST API, so two apps (or two tests) never
share state, and finding it again costs one lookup.
"""

from __future__ import annotations

import re
import weakref
from typing import Any, cast

import jsii
from aws_cdk import IResolvable, IResolveContext, Stack, Token
from aws_cdk import aws_apigateway as apigw
from constructs import Construct

from ._cors import Cors, origin_prelude
from ._limits import watch_resource_limit
from ._role import SharedIntegrationRole
from .errors import ValidationError

REGISTRY_ID = "ServiceIntegrations"


def _identity(resource: apigw.IResource) -> str:
    """A key for ``resource`` that holds across the Python objects jsii hands out for it
    (``api.root`` twice gives two objects with one jsii reference); no call into jsii."""
    reference = getattr(resource, "__jsii_ref__", None)
    return str(reference.ref) if reference is not None else resource.node.addr


_BY_API: weakref.WeakKeyDictionary[object, ApiRegistry] = weakref.WeakKeyDictionary()
# the registry of each resource object a method was declared on (a resource never changes API)
_BY_RESOURCE: weakref.WeakKeyDictionary[object, ApiRegistry] = weakref.WeakKeyDictionary()
# the path of each resource object handed out by path (resource_for_path, MethodShards)
_PATH_OF: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()


def path_of(resource: apigw.IResource) -> str:
    """``resource.path``: recorded for a resource handed out by path, else read from jsii."""
    known = _PATH_OF.get(resource)
    return known if known is not None else resource.path


#: Body of API Gateway's answer to a body that fails its model. ``validationErrorString`` names
#: the failing field(s); API Gateway escapes it for a JSON string (gateway response templates
#: are not VTL, so no ``$util`` is available there).
BAD_REQUEST_BODY_TEMPLATE = (
    '{"message": "$context.error.validationErrorString", "type": "BadRequestBody"}'
)
#: Body of API Gateway's answer to a missing required parameter; ``messageString`` is the
#: already-quoted "Missing required request parameters: [name]".
BAD_REQUEST_PARAMETERS_TEMPLATE = (
    '{"message": $context.error.messageString, "type": "BadRequestParameters"}'
)

_VERB_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_MODEL_NAME = re.compile(r"[^A-Za-z0-9]")


@jsii.implements(IResolvable)
class _ResourceVerbs:
    """The comma-joined verbs of a resource's methods, computed when the template is
    synthesized (after every method was added): those the registry's methods claimed and those
    added with ``resource.add_method``. ``ANY`` stands for every verb."""

    def __init__(self, registry: ApiRegistry, resource: apigw.IResource) -> None:
        self._registry = registry
        self._resource = resource

    @property
    def creation_stack(self) -> list[str]:
        return []

    def resolve(self, context: IResolveContext) -> Any:
        verbs = {"OPTIONS", *self._registry.claimed_verbs(self._resource)}
        for child in self._resource.node.children:
            if isinstance(child, apigw.Method):
                verbs.add(child.http_method)
        if "ANY" in verbs:
            verbs = set(_VERB_ORDER)
        return ",".join(v for v in _VERB_ORDER if v in verbs)

    def to_string(self) -> str:
        return "<verbs of the resource's methods>"


class ApiRegistry(Construct):
    """What the ``ServiceIntegrationMethod``\\ s of one REST API know about each other."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self._api = cast(apigw.IRestApi, scope)
        # keyed by the resource's jsii reference (see _identity): reading resource.path would
        # cost a call into jsii per method
        self._claimed: dict[tuple[str, str], Construct | str] = {}
        self._role: SharedIntegrationRole | None = None
        self._validator: apigw.RequestValidator | None = None
        self._validation_responses: bool | None = None
        self._model_names: set[str] = set()
        self._models = 0
        self._preflights: dict[str, Cors] = {}
        self._by_path: dict[str, apigw.IResource] = {}
        self._root_resource: apigw.IResource | None = None
        # set by MethodShards on the registry of the API imported into one of its nested stacks
        self._parent: ApiRegistry | None = None
        self._method_scope: Construct | None = None
        self._home_stack: Stack | None = None
        watch_resource_limit(Stack.of(self))

    @classmethod
    def of(cls, api: apigw.IRestApi) -> ApiRegistry:
        """The registry of ``api``, created on first use.

        Found again through a weak map keyed by the API object (no call into jsii), else
        through the construct tree (an API object jsii handed out anew).
        """
        known = _BY_API.get(api)
        if known is not None:
            return known
        found = api.node.try_find_child(REGISTRY_ID)
        registry = (
            found if isinstance(found, ApiRegistry) else cls(cast(Construct, api), REGISTRY_ID)
        )
        _BY_API[api] = registry
        return registry

    @classmethod
    def for_resource(cls, resource: apigw.IResource) -> ApiRegistry:
        """The registry of the API ``resource`` belongs to.

        Reading ``resource.api`` costs a call into jsii; it is read once per resource object,
        so further methods on the same object (``GET`` and ``PUT`` on one ``items``) cost none.
        """
        known = _BY_RESOURCE.get(resource)
        if known is None:
            known = _BY_RESOURCE[resource] = cls.of(resource.api)
        return known

    def remember(self, resource: apigw.IResource, path: str | None = None) -> None:
        """Record that ``resource`` belongs to this registry's API (for ``for_resource``) and,
        when given, that its path is ``path`` (for ``path_of``)."""
        _BY_RESOURCE[resource] = self
        if path is not None:
            _PATH_OF[resource] = path

    @classmethod
    def with_root(cls, api: apigw.IRestApi) -> ApiRegistry:
        """The registry of ``api`` once its root resource is known (read before the registry
        is created, so an API without a root leaves nothing behind).

        :raises ValidationError: ``imported-api-without-root`` for ``RestApi.from_rest_api_id``.
        """
        known = _BY_API.get(api)
        if known is not None and known._root_resource is not None:
            return known
        try:
            root = api.root
        except RuntimeError as exc:  # raised by jsii for RestApi.from_rest_api_id
            raise ValidationError(
                "imported-api-without-root",
                f"the REST API {api.node.path!r} was imported without its root resource id, "
                "so its resources cannot be found by path; import it with "
                "RestApi.from_rest_api_attributes(scope, id, rest_api_id=..., "
                "root_resource_id=...)",
            ) from exc
        registry = known or cls.of(api)
        registry._root_resource = root
        return registry

    def resource_for_path(self, path: str) -> apigw.IResource:
        """The API's resource of the normalized ``path`` (``"/a/{b}"``), created with its
        missing parents by ``root.resource_for_path`` on first use and remembered. The root
        must be known (:meth:`with_root`)."""
        known = self._by_path.get(path)
        if known is None:
            root = self._root_resource
            assert root is not None, "use ApiRegistry.with_root(api)"
            known = root if path == "/" else root.resource_for_path(path)
            self.remember(known, path)
            self._by_path[path] = known
        return known

    @property
    def api(self) -> apigw.IRestApi:
        """The REST API this registry belongs to."""
        return self._api

    def attach_to(self, parent: ApiRegistry, *, method_scope: Construct, home_stack: Stack) -> None:
        """Make this registry (of the API imported into a nested stack of ``MethodShards``) a
        part of ``parent``'s (of the API itself): model names stay unique across the API and
        the validation gateway responses are added once, on the API. Methods on resources of
        this registry are created under ``method_scope``, in the nested stack.

        :param home_stack: the API's own stack: a method declared directly in it keeps its id.
        """
        self._parent = parent
        self._method_scope = method_scope
        self._home_stack = home_stack

    def method_scope(self, scope: Construct, construct_id: str) -> tuple[Construct, str]:
        """Where a method declared as ``(scope, construct_id)`` on this API is created.

        As declared, except on the resources of a nested stack of ``MethodShards``: there, in
        that nested stack, with ``construct_id`` as is when ``scope`` is the API's own stack,
        else qualified with ``scope``'s path (so ids from different scopes never clash).
        """
        if self._method_scope is None:
            return scope, construct_id
        if scope is self._method_scope:
            return scope, construct_id
        if scope is self._home_stack:
            return self._method_scope, construct_id
        return self._method_scope, f"{scope.node.path}/{construct_id}".replace("/", ".")

    @property
    def load(self) -> int:
        """The methods claimed (preflights included) and models named on this registry: the
        CloudFormation resources its methods add besides API Gateway resources."""
        return len(self._claimed) + self._models

    @property
    def api_is_imported(self) -> bool:
        """Whether the API was imported (``RestApi.from_rest_api_id``...), not defined here."""
        return not isinstance(self._api.node.default_child, apigw.CfnRestApi)

    def claim(self, resource: apigw.IResource, http_method: str, owner: Construct | str) -> None:
        """Record that ``owner`` adds ``http_method`` to ``resource``; refuse a second one."""
        self.check_claim(resource, http_method)
        self._claimed[(_identity(resource), http_method)] = owner

    def check_claim(self, resource: apigw.IResource, http_method: str) -> None:
        """Raise ``duplicate-method`` if ``http_method`` on ``resource`` is taken."""
        key = (_identity(resource), http_method)
        if key in self._claimed:
            owner = self._claimed[key]
            where = owner if isinstance(owner, str) else owner.node.path
            raise ValidationError(
                "duplicate-method",
                f"{http_method} {path_of(resource)} is already defined by {where!r}; "
                "a resource has one method per HTTP verb: use another 'http_method' or resource",
            )

    def claimed_verbs(self, resource: apigw.IResource) -> list[str]:
        """The verbs claimed on ``resource``, in claim order."""
        key = _identity(resource)
        return [verb for claimed, verb in self._claimed if claimed == key]

    def shared_role(self) -> SharedIntegrationRole:
        """The API's one execution role, created on first use."""
        if self._role is None:
            self._role = SharedIntegrationRole(self, "Role")
        return self._role

    # -- request validation -------------------------------------------------------------------

    def request_validator(self) -> apigw.IRequestValidator:
        """The API's one request validator (body and parameters), created on first use.

        One validator per API, shared by every method that validates: aws-cdk-lib's
        ``request_validator_options`` makes one per method (aws-cdk #7613).
        """
        if self._validator is None:
            self._validator = apigw.RequestValidator(
                self,
                "RequestValidator",
                rest_api=self._api,
                validate_request_body=True,
                validate_request_parameters=True,
            )
        return self._validator

    def add_validation_responses(self) -> bool:
        """Add the ``BAD_REQUEST_BODY`` and ``BAD_REQUEST_PARAMETERS`` gateway responses once.

        Skipped for an imported API (it may have its own: a second one of a type fails at
        deploy) and for a type the API already has a gateway response of. In a nested stack of
        ``MethodShards``, added to the API itself (its registry decides).

        :returns: whether the responses are (now) the registry's.
        """
        if self._parent is not None:
            return self._parent.add_validation_responses()
        if self._validation_responses is not None:
            return self._validation_responses
        if self.api_is_imported:
            self._validation_responses = False
            return False
        existing = _gateway_response_types(self._api)
        for construct_id, response_type, template in (
            ("BadRequestBody", "BAD_REQUEST_BODY", BAD_REQUEST_BODY_TEMPLATE),
            ("BadRequestParameters", "BAD_REQUEST_PARAMETERS", BAD_REQUEST_PARAMETERS_TEMPLATE),
        ):
            if response_type in existing:
                continue
            apigw.GatewayResponse(
                self,
                construct_id,
                rest_api=self._api,
                # compared by name above: each ResponseType read is a call into jsii
                type=getattr(apigw.ResponseType, response_type),
                status_code="400",
                templates={"application/json": template},
            )
        self._validation_responses = True
        return True

    def model_name(self, construct_id: str) -> str:
        """A model name for ``construct_id``'s body: letters and digits, unique in the API,
        never ``Empty`` or ``Error`` (API Gateway's own models)."""
        self._models += 1
        return (self._parent or self)._unique_model_name(construct_id)

    def _unique_model_name(self, construct_id: str) -> str:
        stem = _MODEL_NAME.sub("", construct_id) or "Request"
        if not stem[0].isalpha():
            stem = "M" + stem
        base = stem + "Body"
        name, counter = base, 2
        while name in self._model_names:
            name, counter = f"{base}{counter}", counter + 1
        self._model_names.add(name)
        return name

    # -- CORS ---------------------------------------------------------------------------------

    def check_preflight(self, resource: apigw.IResource, cors: Cors) -> None:
        """Raise ``conflicting-cors`` when the resource's preflight already answers for another
        :class:`Cors` configuration."""
        resource_path = path_of(resource)
        known = self._preflights.get(resource_path)
        if known is not None and known.key() != cors.key():
            raise ValidationError(
                "conflicting-cors",
                f"resource {resource_path!r} already answers CORS preflights for {known!r}; "
                f"one resource has one OPTIONS preflight, so its methods must share one Cors: "
                "pass the same Cors(...) to each method of the resource",
            )

    def add_preflight(self, resource: apigw.IResource, cors: Cors) -> None:
        """The resource's ``OPTIONS`` preflight (a MOCK integration, no authorization, no API
        key), added once. An ``OPTIONS`` method the resource already has (e.g. from
        ``default_cors_preflight_options``) is kept as it is."""
        self.check_preflight(resource, cors)
        resource_path = path_of(resource)
        if resource_path in self._preflights:
            return
        self._preflights[resource_path] = cors
        has_options = resource.node.try_find_child("OPTIONS") is not None
        if has_options or (_identity(resource), "OPTIONS") in self._claimed:
            return
        self.claim(resource, "OPTIONS", f"{resource.node.path}/OPTIONS (CORS preflight)")
        methods = (
            ",".join(cors.allow_methods)
            if cors.allow_methods is not None
            else Token.as_string(_ResourceVerbs(self, resource))
        )
        headers = cors.preflight_headers(methods)
        prelude = origin_prelude(cors)
        parameters = {f"method.response.header.{name}": value for name, value in headers.items()}
        declared = dict.fromkeys(parameters, True)
        if prelude:
            declared["method.response.header.Access-Control-Allow-Origin"] = True
        resource.add_method(
            "OPTIONS",
            apigw.MockIntegration(
                request_templates={"application/json": '{"statusCode": 204}'},
                passthrough_behavior=apigw.PassthroughBehavior.WHEN_NO_MATCH,
                integration_responses=[
                    apigw.IntegrationResponse(
                        status_code="204",
                        response_parameters=parameters,
                        response_templates={"application/json": prelude} if prelude else None,
                    )
                ],
            ),
            authorization_type=apigw.AuthorizationType.NONE,
            api_key_required=False,
            method_responses=[
                apigw.MethodResponse(status_code="204", response_parameters=declared)
            ],
        )


def _gateway_response_types(api: apigw.IRestApi) -> set[str]:
    """The response types of the gateway responses already defined on ``api``."""
    found: set[str] = set()
    for child in api.node.find_all():
        if isinstance(child, apigw.CfnGatewayResponse):
            found.add(str(child.response_type))
    return found
