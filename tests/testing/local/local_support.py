"""A fake backend and template builders for the pipeline's tests (no moto, no CDK)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from constructs_pkg.testing import LocalApi, LocalApiError
from constructs_pkg.testing._local._backend import ServiceRequest, ServiceResponse

ACCOUNT = "123456789012"


class FakeNames:
    def ref(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> str | None:
        kind = resource.get("Type")
        if kind == "AWS::ApiGateway::RestApi":
            return "fakeapi123"
        if kind == "AWS::Lambda::Function":
            return logical_id.lower()
        if kind == "AWS::ApiGateway::Model":
            return str((resource.get("Properties") or {}).get("Name") or logical_id)
        return f"{logical_id.lower()}-physical"

    def attribute(
        self, scope: str, logical_id: str, resource: Mapping[str, Any], name: str
    ) -> str | None:
        if name == "RootResourceId":
            return "root"
        if name == "Arn" and resource.get("Type") == "AWS::Lambda::Function":
            return f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{logical_id.lower()}"
        if name == "Arn":
            return f"arn:aws:fake:us-east-1:{ACCOUNT}:{logical_id.lower()}"
        return None


Responder = Callable[[ServiceRequest], ServiceResponse]


@dataclass
class FakeBackend:
    """Records what is sent; answers with ``responder`` (default: 200 ``{}``)."""

    responder: Responder | None = None
    region: str = "us-east-1"
    account: str = ACCOUNT
    names: FakeNames = field(default_factory=FakeNames)
    sent: list[ServiceRequest] = field(default_factory=list)
    closed: bool = False

    def send(self, request: ServiceRequest) -> ServiceResponse:
        self.sent.append(request)
        if self.responder is not None:
            return self.responder(request)
        return ServiceResponse(
            status=200, headers={"Content-Type": "application/x-amz-json-1.0"}, body=b"{}"
        )

    def client(self, service: str) -> Any:
        return ("client", service)

    def lambda_function(self, arn: str) -> str | None:
        prefix = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:"
        return arn[len(prefix) :].split(":")[0].capitalize() if arn.startswith(prefix) else None

    def close(self) -> None:
        self.closed = True


@dataclass(frozen=True)
class FakeLoaded:
    template: Mapping[str, Any]
    stack_name: str = "TestStack"
    nested: None = None
    directory: Path | None = None

    def logical_id_of(self, target: object) -> str:
        if isinstance(target, str) and target in self.template.get("Resources", {}):
            return target
        raise LocalApiError("unknown-logical-id", f"{target!r} is not in the template")


def answer(
    status: int = 200, body: object = None, headers: Mapping[str, str] | None = None
) -> Responder:
    payload = (
        body if isinstance(body, bytes) else json.dumps(body if body is not None else {}).encode()
    )

    def respond(request: ServiceRequest) -> ServiceResponse:
        return ServiceResponse(status=status, headers=dict(headers or {}), body=payload)

    return respond


def _resource_ref(path: str) -> object:
    if path == "/":
        return {"Fn::GetAtt": ["Api", "RootResourceId"]}
    return {"Ref": _resource_id(path)}


def _resource_id(path: str) -> str:
    cleaned = "".join(ch for ch in path.title() if ch.isalnum())
    return f"Res{cleaned}{abs(hash(path)) % 10000}"


def integration(
    kind: str = "AWS",
    *,
    uri: object = "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem",
    responses: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    raw: dict[str, Any] = {"Type": kind, "IntegrationHttpMethod": "POST"}
    if kind != "MOCK":
        raw["Uri"] = uri
    raw["IntegrationResponses"] = responses if responses is not None else [{"StatusCode": "200"}]
    raw.update(extra)
    return raw


def method(
    integration_props: dict[str, Any] | None = None,
    *,
    statuses: tuple[str, ...] = ("200",),
    **extra: Any,
) -> dict[str, Any]:
    props: dict[str, Any] = {
        "AuthorizationType": "NONE",
        "Integration": integration_props if integration_props is not None else integration(),
        "MethodResponses": [{"StatusCode": status} for status in statuses],
    }
    props.update(extra)
    return props


def api_template(
    methods: Mapping[str, Mapping[str, dict[str, Any]]],
    *,
    resources: Mapping[str, dict[str, Any]] | None = None,
    stage: str | None = "test",
    stage_variables: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A template with REST API ``Api``: ``methods`` by path then verb."""
    out: dict[str, Any] = {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "fake"}},
    }
    paths: set[str] = set()
    for path in methods:
        parts = [part for part in path.split("/") if part]
        for index in range(1, len(parts) + 1):
            paths.add("/" + "/".join(parts[:index]))
    for path in sorted(paths):
        parent = path.rsplit("/", 1)[0] or "/"
        out[_resource_id(path)] = {
            "Type": "AWS::ApiGateway::Resource",
            "Properties": {
                "RestApiId": {"Ref": "Api"},
                "ParentId": _resource_ref(parent),
                "PathPart": path.rsplit("/", 1)[1],
            },
        }
    for path, verbs in methods.items():
        for verb, props in verbs.items():
            name = f"M{verb}{_resource_id(path)}"
            out[name] = {
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "ResourceId": _resource_ref(path),
                    "HttpMethod": verb,
                    **props,
                },
            }
    if stage is not None:
        out["Stage"] = {
            "Type": "AWS::ApiGateway::Stage",
            "Properties": {
                "RestApiId": {"Ref": "Api"},
                "StageName": stage,
                **({"Variables": dict(stage_variables)} if stage_variables else {}),
            },
        }
    out.update(resources or {})
    return {"Resources": out}


def local(
    template: Mapping[str, Any], backend: FakeBackend | None = None, **kwargs: Any
) -> LocalApi:
    return LocalApi.from_backend(FakeLoaded(template), backend or FakeBackend(), **kwargs)


def mock_method(
    response_templates: Mapping[str, str] | None = None, *, status: str = "200", **extra: Any
) -> dict[str, Any]:
    """A MOCK method answering ``status`` with ``response_templates``."""
    return method(
        integration(
            "MOCK",
            RequestTemplates={"application/json": '{"statusCode": ' + status + "}"},
            responses=[
                {
                    "StatusCode": status,
                    **(
                        {"ResponseTemplates": dict(response_templates)}
                        if response_templates
                        else {}
                    ),
                }
            ],
        ),
        statuses=(status,),
        **extra,
    )
