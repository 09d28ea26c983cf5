"""Read a REST API from a synthesized CloudFormation template into the shared model.

Everything the API is made of is read from its template and from its nested stacks'
templates (``MethodShards`` puts methods there): resources (paths rebuilt from the
``ParentId``/``PathPart`` tree), methods with their integration, validators, models,
authorizers, stages, gateway responses and literal API keys. Intrinsic functions are resolved
once, by :class:`~._intrinsics.Intrinsics`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ._defaults import (
    flag,
    normalise_cache_namespace,
    normalise_connection,
    normalise_passthrough,
    normalise_templates,
    normalise_timeout,
)
from ._intrinsics import Intrinsics, references
from ._types import (
    Authorizer,
    GatewayResponse,
    Integration,
    IntegrationResponse,
    Method,
    MethodResponse,
    Model,
    RequestValidator,
    Resource,
    RestApi,
    RoleReference,
    Stage,
)

__all__ = ["NestedTemplates", "assembly_nested_templates", "read_rest_api", "rest_api_ids"]

REST_API: Final = "AWS::ApiGateway::RestApi"
NESTED_STACK: Final = "AWS::CloudFormation::Stack"

NestedTemplates = Callable[[str, Mapping[str, Any]], Mapping[str, Any] | None]
"""Given a nested stack's logical id and resource, its template (``None``: not available)."""


def rest_api_ids(template: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """The template's REST APIs: ``(logical id, literal Name or None)``, sorted by id."""
    found = []
    for logical_id, resource in sorted((template.get("Resources") or {}).items()):
        if isinstance(resource, Mapping) and resource.get("Type") == REST_API:
            name = (resource.get("Properties") or {}).get("Name")
            found.append((logical_id, name if isinstance(name, str) else None))
    return found


def assembly_nested_templates(directory: Path, template_file: str) -> NestedTemplates:
    """Loads the nested stacks' templates of the stack whose template is ``template_file`` in
    the cloud assembly ``directory`` (``cdk.out``).

    A nested stack's template is a file asset of its parent: found through the resource's
    ``aws:asset:path`` metadata when the CDK CLI synthesized it, else through the parent's
    ``<stack>.assets.json``, by the asset hash in the resource's ``TemplateURL``.
    """
    manifest = directory / template_file.replace(".template.json", ".assets.json")
    files: Mapping[str, Any] = {}
    if manifest.is_file():
        files = json.loads(manifest.read_text(encoding="utf-8")).get("files") or {}

    def load(logical_id: str, resource: Mapping[str, Any]) -> Mapping[str, Any] | None:
        path = (resource.get("Metadata") or {}).get("aws:asset:path")
        if not path:
            url = json.dumps((resource.get("Properties") or {}).get("TemplateURL"))
            found = [
                asset["source"]["path"]
                for asset_hash, asset in files.items()
                if asset_hash in url and "path" in (asset.get("source") or {})
            ]
            path = found[0] if found else None
        if not path or not (directory / path).is_file():
            return None
        loaded: Mapping[str, Any] = json.loads((directory / path).read_text(encoding="utf-8"))
        return loaded

    return load


@dataclass(frozen=True, slots=True)
class _Scoped:
    """A resource of one template, with the resolver of that template."""

    logical_id: str
    properties: Mapping[str, Any]
    intrinsics: Intrinsics


def _scopes(intrinsics: Intrinsics, nested: NestedTemplates | None) -> Iterator[Intrinsics]:
    yield intrinsics
    if nested is None:
        return
    for logical_id, resource in intrinsics.resources.items():
        if isinstance(resource, Mapping) and resource.get("Type") == NESTED_STACK:
            child = nested(logical_id, resource)
            if child is not None:
                yield from _scopes(intrinsics.child(logical_id, child), nested)


def read_rest_api(
    intrinsics: Intrinsics,
    logical_id: str,
    *,
    nested: NestedTemplates | None = None,
) -> RestApi:
    """The REST API ``logical_id`` of ``intrinsics.template``, with the methods of its nested
    stacks when ``nested`` can load their templates.

    :raises KeyError: when the template has no ``AWS::ApiGateway::RestApi`` ``logical_id``
        (callers check with :func:`rest_api_ids` first and raise their own error).
    """
    api_resource = intrinsics.resources[logical_id]
    if api_resource.get("Type") != REST_API:
        raise KeyError(logical_id)
    props: Mapping[str, Any] = api_resource.get("Properties") or {}
    api_id = intrinsics.text({"Ref": logical_id})
    root_id = intrinsics.text({"Fn::GetAtt": [logical_id, "RootResourceId"]})

    by_type: dict[str, list[_Scoped]] = {}
    for scope in _scopes(intrinsics, nested):
        for resource_id, resource in scope.resources.items():
            if not isinstance(resource, Mapping):
                continue
            resource_props = resource.get("Properties") or {}
            if scope.text(resource_props.get("RestApiId")) != api_id:
                continue
            by_type.setdefault(str(resource.get("Type")), []).append(
                _Scoped(resource_id, resource_props, scope)
            )

    resources = _resources(by_type.get("AWS::ApiGateway::Resource", []), root_id)
    paths = {resource.id: resource.path for resource in resources}
    methods = tuple(_method(item, paths) for item in by_type.get("AWS::ApiGateway::Method", []))
    endpoint = props.get("EndpointConfiguration") or {}
    api_key_source = intrinsics.optional_text(props.get("ApiKeySourceType"))
    compression = props.get("MinimumCompressionSize")
    return RestApi(
        id=api_id,
        name=intrinsics.text(props.get("Name")) if props.get("Name") else logical_id,
        region=intrinsics.region,
        description=intrinsics.optional_text(props.get("Description")),
        endpoint_types=tuple(intrinsics.text(kind) for kind in (endpoint.get("Types") or ["EDGE"])),
        binary_media_types=tuple(
            intrinsics.text(kind) for kind in props.get("BinaryMediaTypes") or ()
        ),
        api_key_source=api_key_source if api_key_source != "HEADER" else None,
        minimum_compression_size=int(compression) if compression is not None else None,
        disable_execute_api_endpoint=flag(props.get("DisableExecuteApiEndpoint")),
        has_policy=bool(props.get("Policy")),
        resources=tuple(sorted(resources, key=lambda r: r.path)),
        methods=methods,
        validators=_validators(by_type.get("AWS::ApiGateway::RequestValidator", [])),
        models=_models(by_type.get("AWS::ApiGateway::Model", [])),
        authorizers=_authorizers(by_type.get("AWS::ApiGateway::Authorizer", [])),
        stages=_stages(
            by_type.get("AWS::ApiGateway::Stage", []),
            by_type.get("AWS::ApiGateway::Deployment", []),
        ),
        gateway_responses=_gateway_responses(by_type.get("AWS::ApiGateway::GatewayResponse", [])),
        api_key_values=_api_key_values(intrinsics),
        logical_id=logical_id,
    )


def _resources(items: list[_Scoped], root_id: str) -> list[Resource]:
    """The resource tree, ``/`` first; a resource whose parent is unknown gets a ``<...>``
    path naming its parent."""
    nodes: dict[str, tuple[str, str]] = {}
    for item in items:
        own_id = item.intrinsics.text({"Ref": item.logical_id})
        parent = item.intrinsics.text(item.properties.get("ParentId"))
        nodes[own_id] = (parent, item.intrinsics.text(item.properties.get("PathPart", "")))
    paths: dict[str, str] = {root_id: "/"}

    def path_of(node_id: str, seen: frozenset[str] = frozenset()) -> str:
        if node_id in paths:
            return paths[node_id]
        if node_id not in nodes or node_id in seen:
            return node_id if node_id.startswith("<") else f"<{node_id}>"
        parent, part = nodes[node_id]
        path = path_of(parent, seen | {node_id}).rstrip("/") + "/" + part
        paths[node_id] = path
        return path

    found = [Resource(id=root_id, path="/")]
    for node_id, (parent, part) in nodes.items():
        found.append(Resource(id=node_id, path=path_of(node_id), parent_id=parent, path_part=part))
    return found


def _method(item: _Scoped, paths: Mapping[str, str]) -> Method:
    props, resolve = item.properties, item.intrinsics
    resource_id = resolve.text(props.get("ResourceId"))
    path = paths.get(resource_id) or (
        resource_id if resource_id.startswith("<") else f"<{resource_id}>"
    )
    integration = props.get("Integration")
    return Method(
        path=path,
        resource_id=resource_id,
        http_method=resolve.text(props.get("HttpMethod", "")).upper(),
        authorization_type=resolve.text(props.get("AuthorizationType") or "NONE"),
        authorizer_id=resolve.optional_text(props.get("AuthorizerId")),
        authorization_scopes=tuple(
            resolve.text(scope) for scope in props.get("AuthorizationScopes") or ()
        ),
        api_key_required=flag(resolve.resolve(props.get("ApiKeyRequired"))),
        request_parameters={
            str(key): flag(resolve.resolve(required))
            for key, required in (props.get("RequestParameters") or {}).items()
        },
        request_models={
            str(content_type): resolve.text(model)
            for content_type, model in (props.get("RequestModels") or {}).items()
        },
        request_validator_id=resolve.optional_text(props.get("RequestValidatorId")),
        operation_name=resolve.optional_text(props.get("OperationName")),
        method_responses=tuple(
            MethodResponse(
                status_code=resolve.text(response.get("StatusCode")),
                response_parameters={
                    str(key): flag(resolve.resolve(required))
                    for key, required in (response.get("ResponseParameters") or {}).items()
                },
                response_models={
                    str(content_type): resolve.text(model)
                    for content_type, model in (response.get("ResponseModels") or {}).items()
                },
            )
            for response in props.get("MethodResponses") or ()
        ),
        integration=(
            _integration(integration, resolve, resource_id)
            if isinstance(integration, Mapping)
            else None
        ),
        logical_id=item.logical_id,
    )


def _integration(raw: Mapping[str, Any], resolve: Intrinsics, resource_id: str) -> Integration:
    credentials = raw.get("Credentials")
    tls = raw.get("TlsConfig") or {}
    insecure = tls.get("InsecureSkipVerification")
    return Integration(
        type=resolve.text(raw.get("Type") or "MOCK").upper(),
        http_method=resolve.optional_text(raw.get("IntegrationHttpMethod")),
        uri=resolve.optional_text(raw.get("Uri")),
        credentials=resolve.optional_text(credentials),
        credentials_role=_role(credentials, resolve),
        request_parameters={
            str(key): resolve.text(source)
            for key, source in (raw.get("RequestParameters") or {}).items()
        },
        request_templates=normalise_templates(
            {key: resolve.text(text) for key, text in (raw.get("RequestTemplates") or {}).items()}
        ),
        passthrough_behavior=normalise_passthrough(
            resolve.optional_text(raw.get("PassthroughBehavior"))
        ),
        content_handling=resolve.optional_text(raw.get("ContentHandling")),
        timeout_ms=normalise_timeout(resolve.resolve(raw.get("TimeoutInMillis"))),
        cache_namespace=normalise_cache_namespace(
            resolve.optional_text(raw.get("CacheNamespace")), resource_id
        ),
        cache_key_parameters=tuple(
            sorted(resolve.text(key) for key in raw.get("CacheKeyParameters") or ())
        ),
        connection_type=normalise_connection(resolve.optional_text(raw.get("ConnectionType"))),
        connection_id=resolve.optional_text(raw.get("ConnectionId")),
        tls_insecure_skip_verification=flag(insecure) if insecure is not None else None,
        responses=tuple(
            IntegrationResponse(
                status_code=resolve.text(response.get("StatusCode")),
                selection_pattern=resolve.optional_text(response.get("SelectionPattern")),
                response_parameters={
                    str(key): resolve.text(source)
                    for key, source in (response.get("ResponseParameters") or {}).items()
                },
                response_templates=normalise_templates(
                    {
                        key: resolve.text(text)
                        for key, text in (response.get("ResponseTemplates") or {}).items()
                    }
                ),
                content_handling=resolve.optional_text(response.get("ContentHandling")),
            )
            for response in raw.get("IntegrationResponses") or ()
        ),
    )


def _role(raw: object, resolve: Intrinsics) -> RoleReference | None:
    """The template's role that the credentials value names, when it names exactly one."""
    if raw is None or isinstance(raw, str):
        return None
    roles = {
        name
        for name in references(raw)
        if (resolve.resources.get(name) or {}).get("Type") == "AWS::IAM::Role"
    }
    if len(roles) != 1:
        return None
    (logical_id,) = roles
    name = (resolve.resources[logical_id].get("Properties") or {}).get("RoleName")
    return RoleReference(logical_id=logical_id, name=name if isinstance(name, str) else None)


def _validators(items: list[_Scoped]) -> dict[str, RequestValidator]:
    found = {}
    for item in items:
        own_id = item.intrinsics.text({"Ref": item.logical_id})
        found[own_id] = RequestValidator(
            id=own_id,
            name=item.intrinsics.text(item.properties.get("Name") or item.logical_id),
            validate_body=flag(item.properties.get("ValidateRequestBody")),
            validate_parameters=flag(item.properties.get("ValidateRequestParameters")),
        )
    return found


def _models(items: list[_Scoped]) -> dict[str, Model]:
    found = {}
    for item in items:
        name = item.intrinsics.text({"Ref": item.logical_id})
        schema = item.intrinsics.resolve(item.properties.get("Schema"))
        found[name] = Model(
            name=name,
            content_type=item.intrinsics.text(
                item.properties.get("ContentType") or "application/json"
            ),
            schema=(
                schema
                if isinstance(schema, str) or schema is None
                else json.dumps(schema, separators=(",", ":"))
            ),
            description=item.intrinsics.optional_text(item.properties.get("Description")),
        )
    return found


def _authorizers(items: list[_Scoped]) -> dict[str, Authorizer]:
    found = {}
    for item in items:
        props, resolve = item.properties, item.intrinsics
        own_id = resolve.text({"Ref": item.logical_id})
        ttl = resolve.resolve(props.get("AuthorizerResultTtlInSeconds"))
        found[own_id] = Authorizer(
            id=own_id,
            name=resolve.text(props.get("Name") or item.logical_id),
            type=resolve.text(props.get("Type") or "TOKEN"),
            provider_arns=tuple(resolve.text(arn) for arn in props.get("ProviderARNs") or ()),
            authorizer_uri=resolve.optional_text(props.get("AuthorizerUri")),
            authorizer_credentials=resolve.optional_text(props.get("AuthorizerCredentials")),
            identity_source=resolve.optional_text(props.get("IdentitySource")),
            identity_validation_expression=resolve.optional_text(
                props.get("IdentityValidationExpression")
            ),
            result_ttl_seconds=int(str(ttl)) if ttl is not None else None,
        )
    return found


def _stages(stages: list[_Scoped], deployments: list[_Scoped]) -> tuple[Stage, ...]:
    found = {}
    for item in stages:
        props, resolve = item.properties, item.intrinsics
        name = resolve.text(props.get("StageName") or item.logical_id)
        variables = resolve.resolve(props.get("Variables"))
        found[name] = Stage(
            name=name,
            description=resolve.optional_text(props.get("Description")),
            variables=(
                {str(k): str(v) for k, v in variables.items()}
                if isinstance(variables, Mapping)
                else {}
            ),
            tracing_enabled=flag(props.get("TracingEnabled")),
            has_other_settings=any(
                props.get(key)
                for key in (
                    "MethodSettings",
                    "CacheClusterEnabled",
                    "AccessLogSetting",
                    "CanarySetting",
                    "ClientCertificateId",
                )
            ),
        )
    for item in deployments:
        deployed = item.intrinsics.optional_text(item.properties.get("StageName"))
        if deployed and deployed not in found:
            found[deployed] = Stage(name=deployed)
    return tuple(found[name] for name in sorted(found))


def _gateway_responses(items: list[_Scoped]) -> dict[str, GatewayResponse]:
    found = {}
    for item in items:
        props, resolve = item.properties, item.intrinsics
        kind = resolve.text(props.get("ResponseType"))
        found[kind] = GatewayResponse(
            response_type=kind,
            status_code=resolve.optional_text(props.get("StatusCode")),
            response_parameters={
                str(key): resolve.text(value)
                for key, value in (props.get("ResponseParameters") or {}).items()
            },
            response_templates=normalise_templates(
                {
                    key: resolve.text(text)
                    for key, text in (props.get("ResponseTemplates") or {}).items()
                }
            ),
        )
    return found


def _api_key_values(intrinsics: Intrinsics) -> tuple[str, ...]:
    values = []
    for resource in intrinsics.resources.values():
        if isinstance(resource, Mapping) and resource.get("Type") == "AWS::ApiGateway::ApiKey":
            value = (resource.get("Properties") or {}).get("Value")
            if isinstance(value, str):
                values.append(value)
    return tuple(values)
