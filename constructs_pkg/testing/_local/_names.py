"""What the resources of a template are called once "deployed" locally: the ``Ref`` value and
the ``Fn::GetAtt`` attributes CloudFormation would give each of them.

An explicit name in the resource's properties wins (``TableName``, ``QueueName``...); else the
name is generated the way CloudFormation does, ``<stack>-<LogicalId>-<12 upper alnum>`` within
the service's length limit (``.fifo`` appended for FIFO queues and topics, lower case for
buckets). The random part is derived from a salt (the backend's account), so it is stable for
one backend and differs between backends. Values a backend learns when it creates a resource
(a KMS key's id, a table's stream ARN) replace the generated ones through :meth:`set`.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Callable, Mapping
from typing import Any, Final

from ..._apimodel import Intrinsics, PhysicalNames, Unresolved
from ._source import NESTED_STACK, LoadedTemplate

__all__ = ["TemplateNames", "physical_id_of"]

_UPPER_ALNUM: Final = string.ascii_uppercase + string.digits
_LOWER_ALNUM: Final = string.ascii_lowercase + string.digits

# type -> (the property holding an explicit name, the name's maximum length)
_NAME_PROPERTY: Final[dict[str, tuple[str | None, int]]] = {
    "AWS::DynamoDB::Table": ("TableName", 255),
    "AWS::DynamoDB::GlobalTable": ("TableName", 255),
    "AWS::SQS::Queue": ("QueueName", 80),
    "AWS::SNS::Topic": ("TopicName", 256),
    "AWS::Kinesis::Stream": ("Name", 128),
    "AWS::KinesisFirehose::DeliveryStream": ("DeliveryStreamName", 64),
    "AWS::Events::EventBus": ("Name", 256),
    "AWS::Events::Rule": ("Name", 64),
    "AWS::StepFunctions::StateMachine": ("StateMachineName", 80),
    "AWS::S3::Bucket": ("BucketName", 63),
    "AWS::IAM::Role": ("RoleName", 64),
    "AWS::IAM::User": ("UserName", 64),
    "AWS::IAM::ManagedPolicy": ("ManagedPolicyName", 128),
    "AWS::IAM::Policy": ("PolicyName", 128),
    "AWS::Lambda::Function": ("FunctionName", 64),
    "AWS::Logs::LogGroup": ("LogGroupName", 512),
    "AWS::KMS::Alias": ("AliasName", 256),
    "AWS::SSM::Parameter": ("Name", 2048),
    "AWS::ApiGateway::Model": ("Name", 128),
    "AWS::ApiGateway::Stage": ("StageName", 128),
    "AWS::CloudFormation::Stack": (None, 128),
}

# API Gateway resources whose Ref is a service-generated id: type -> (id length, GetAtt name)
_API_GATEWAY_IDS: Final[dict[str, tuple[int, str | None]]] = {
    "AWS::ApiGateway::RestApi": (10, None),
    "AWS::ApiGateway::Resource": (6, "ResourceId"),
    "AWS::ApiGateway::RequestValidator": (6, "RequestValidatorId"),
    "AWS::ApiGateway::Authorizer": (6, "AuthorizerId"),
    "AWS::ApiGateway::Deployment": (6, "DeploymentId"),
    "AWS::ApiGateway::ApiKey": (20, "APIKeyId"),
    "AWS::ApiGateway::UsagePlan": (6, "Id"),
    "AWS::ApiGateway::GatewayResponse": (6, None),
    "AWS::ApiGateway::Method": (6, None),
}


class TemplateNames:
    """The physical names of every resource of every template of ``loaded`` (a
    :class:`~constructs_pkg._apimodel.PhysicalNames`).

    :param loaded: the template and its nested templates.
    :param region: the region the resources live in.
    :param account: the account they live in.
    :param salt: what the random parts are derived from. Default: - ``account``.
    """

    def __init__(
        self, loaded: LoadedTemplate, *, region: str, account: str, salt: str | None = None
    ) -> None:
        self.loaded = loaded
        self.region = region
        self.account = account
        self._salt = salt if salt is not None else account
        self._overrides: dict[tuple[str, str], dict[str, str]] = {}
        self._scopes: dict[str, Intrinsics] = {}
        self._values: dict[tuple[str, str], dict[str, str]] = {}
        self._resolving: set[tuple[str, str]] = set()
        self._root = Intrinsics(
            loaded.template,
            region=region,
            account=account,
            stack_name=loaded.stack_name,
            names=self,
        )

    # --- the PhysicalNames protocol -------------------------------------------------------

    def ref(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> str | None:
        return self._all(scope, logical_id, resource).get("Ref")

    def attribute(
        self, scope: str, logical_id: str, resource: Mapping[str, Any], name: str
    ) -> str | None:
        if resource.get("Type") == NESTED_STACK and name.startswith("Outputs."):
            return self._output(scope, logical_id, name.removeprefix("Outputs."))
        return self._all(scope, logical_id, resource).get(name)

    # --- what backends and the executor use ----------------------------------------------

    def intrinsics(self, scope: str = "") -> Intrinsics:
        """The resolver of the template of ``scope`` (``""``: the stack's own), resolving with
        these names.

        :raises KeyError: no nested template of that scope.
        """
        if scope == "":
            return self._root
        if scope not in self._scopes:
            parent_scope, _, logical_id = scope.rpartition("/")
            parent = self.intrinsics(parent_scope)
            resource = parent.resources.get(logical_id)
            template = (
                self.loaded.nested(logical_id, resource) if isinstance(resource, Mapping) else None
            )
            if template is None:
                raise KeyError(scope)
            self._scopes[scope] = parent.child(logical_id, template)
        return self._scopes[scope]

    def set(self, scope: str, logical_id: str, values: Mapping[str, str]) -> None:
        """Replace generated values of a resource by what the backend created (``"Ref"`` and
        attribute names as keys)."""
        self._overrides.setdefault((scope, logical_id), {}).update(values)
        self._values.pop((scope, logical_id), None)
        self._scopes.clear()  # nested stacks' parameters may hold the old value

    def physical_id(self, scope: str, logical_id: str) -> str:
        """The ``Ref`` value of the resource ``logical_id`` of ``scope``'s template.

        :raises KeyError: no such resource.
        """
        resource = self.intrinsics(scope).resources[logical_id]
        found = self.ref(scope, logical_id, resource)
        if found is None:  # pragma: no cover - every resource has a Ref
            raise KeyError(logical_id)
        return found

    def lambda_function(self, arn: str) -> str | None:
        """The logical id of the template's ``AWS::Lambda::Function`` with ARN ``arn`` (a
        version or alias qualifier ignored; nested stacks searched too), else ``None``."""
        unqualified = ":".join(arn.split(":")[:7])
        for scope, template in self.loaded.scopes():
            for logical_id, resource in (template.get("Resources") or {}).items():
                if isinstance(resource, Mapping) and resource.get("Type") == (
                    "AWS::Lambda::Function"
                ):
                    found = self.attribute(scope, logical_id, resource, "Arn")
                    if found in (arn, unqualified):
                        return str(logical_id)
        return None

    # --- generation -----------------------------------------------------------------------

    def _all(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> dict[str, str]:
        key = (scope, logical_id)
        if key not in self._values:
            if key in self._resolving:  # a name that depends on itself: leave it unknown
                return {}
            self._resolving.add(key)
            try:
                values = self._generate(scope, logical_id, resource)
            finally:
                self._resolving.discard(key)
            values.update(self._overrides.get(key, {}))
            self._values[key] = values
        return self._values[key]

    def _random(self, scope: str, logical_id: str, length: int, alphabet: str, kind: str) -> str:
        digest = hashlib.sha256(f"{self._salt}|{scope}|{logical_id}|{kind}".encode()).digest()
        while len(digest) < length:
            digest += hashlib.sha256(digest).digest()
        return "".join(alphabet[byte % len(alphabet)] for byte in digest[:length])

    def _stack_name(self, scope: str) -> str:
        if scope == "":
            return self.loaded.stack_name
        try:
            name = self.intrinsics(scope).stack_name
        except KeyError:
            name = None
        return name or self.loaded.stack_name

    def _explicit(self, scope: str, resource: Mapping[str, Any], prop: str | None) -> str | None:
        if prop is None:
            return None
        raw = (resource.get("Properties") or {}).get(prop)
        if raw is None:
            return None
        try:
            value = self.intrinsics(scope).resolve(raw)
        except KeyError:
            return None
        if isinstance(value, str) and value and not isinstance(value, Unresolved):
            return value
        return None

    def _generated(
        self, scope: str, logical_id: str, limit: int, suffix: str = "", lower: bool = False
    ) -> str:
        random_part = self._random(scope, logical_id, 12, _UPPER_ALNUM, "name")
        stack, logical = self._stack_name(scope), logical_id
        budget = limit - len(random_part) - 2 - len(suffix)
        if len(stack) + len(logical) > budget:
            keep_logical = min(len(logical), max(budget // 2, budget - len(stack)))
            logical = logical[:keep_logical]
            stack = stack[: max(budget - keep_logical, 0)]
        name = f"{stack}-{logical}-{random_part}{suffix}"
        return name.lower() if lower else name

    def _name(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> str:
        kind = str(resource.get("Type"))
        prop, limit = _NAME_PROPERTY.get(kind, (None, 255))
        explicit = self._explicit(scope, resource, prop)
        if explicit is not None:
            return explicit
        props = resource.get("Properties") or {}
        fifo = (kind == "AWS::SQS::Queue" and _true(props.get("FifoQueue"))) or (
            kind == "AWS::SNS::Topic" and _true(props.get("FifoTopic"))
        )
        if kind == "AWS::ApiGateway::Model":
            return logical_id + self._random(scope, logical_id, 8, _UPPER_ALNUM, "model")
        if kind == "AWS::StepFunctions::StateMachine":  # CloudFormation leaves the stack out
            random_part = self._random(scope, logical_id, 12, _UPPER_ALNUM, "name")
            return f"{logical_id[: limit - 13]}-{random_part}"
        return self._generated(
            scope,
            logical_id,
            limit,
            suffix=".fifo" if fifo else "",
            lower=kind == "AWS::S3::Bucket",
        )

    def _arn(self, service: str, resource: str, *, region: bool = True) -> str:
        partition = self._root.partition
        where = self.region if region else ""
        return f"arn:{partition}:{service}:{where}:{self.account}:{resource}"

    def _generate(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> dict[str, str]:
        kind = str(resource.get("Type"))
        if kind in _API_GATEWAY_IDS:
            length, attribute = _API_GATEWAY_IDS[kind]
            alphabet = _LOWER_ALNUM if length <= 10 else _UPPER_ALNUM + _LOWER_ALNUM
            identifier = self._random(scope, logical_id, length, alphabet, "id")
            values = {"Ref": identifier}
            if attribute:
                values[attribute] = identifier
            if kind == "AWS::ApiGateway::RestApi":
                values["RootResourceId"] = self._random(scope, logical_id, 10, _LOWER_ALNUM, "root")
            return values
        if kind == "AWS::KMS::Key":
            key_id = self._uuid(scope, logical_id)
            return {"Ref": key_id, "KeyId": key_id, "Arn": self._arn("kms", f"key/{key_id}")}
        name = self._name(scope, logical_id, resource)
        generate = _BY_TYPE.get(kind)
        if generate is not None:
            return generate(self, name, resource)
        if kind in _NAME_PROPERTY:
            return {"Ref": name, "Name": name}
        return {"Ref": name}

    def _uuid(self, scope: str, logical_id: str) -> str:
        hexa = hashlib.sha256(f"{self._salt}|{scope}|{logical_id}|uuid".encode()).hexdigest()
        return f"{hexa[:8]}-{hexa[8:12]}-4{hexa[13:16]}-a{hexa[17:20]}-{hexa[20:32]}"

    def _output(self, scope: str, logical_id: str, output: str) -> str | None:
        child_scope = f"{scope}/{logical_id}" if scope else logical_id
        try:
            child = self.intrinsics(child_scope)
        except KeyError:
            return None
        raw = ((child.template.get("Outputs") or {}).get(output) or {}).get("Value")
        if raw is None:
            return None
        value = child.resolve(raw)
        if isinstance(value, str) and not isinstance(value, Unresolved):
            return value
        return None


def _true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _table(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    arn = names._arn("dynamodb", f"table/{name}")
    return {"Ref": name, "Arn": arn, "StreamArn": f"{arn}/stream/1970-01-01T00:00:00.000"}


def _queue(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    url = f"https://sqs.{names.region}.amazonaws.com/{names.account}/{name}"
    arn = names._arn("sqs", name)
    return {"Ref": url, "Arn": arn, "QueueName": name, "QueueUrl": url}


def _topic(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    arn = names._arn("sns", name)
    return {"Ref": arn, "TopicArn": arn, "TopicName": name}


def _named_arn(service: str, prefix: str) -> Callable[..., dict[str, str]]:
    def generate(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
        return {"Ref": name, "Arn": names._arn(service, f"{prefix}{name}"), "Name": name}

    return generate


def _event_bus(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    return {"Ref": name, "Arn": names._arn("events", f"event-bus/{name}"), "Name": name}


def _rule(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    bus = (resource.get("Properties") or {}).get("EventBusName")
    if isinstance(bus, str) and bus != "default" and not bus.startswith("arn:"):
        return {"Ref": f"{bus}|{name}", "Arn": names._arn("events", f"rule/{bus}/{name}")}
    return {"Ref": name, "Arn": names._arn("events", f"rule/{name}")}


def _state_machine(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    arn = names._arn("states", f"stateMachine:{name}")
    return {"Ref": arn, "Arn": arn, "Name": name}


def _bucket(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    partition, region = names._root.partition, names.region
    suffix = names._root.pseudo["AWS::URLSuffix"]
    return {
        "Ref": name,
        "Arn": f"arn:{partition}:s3:::{name}",
        "DomainName": f"{name}.s3.{suffix}",
        "RegionalDomainName": f"{name}.s3.{region}.{suffix}",
        "DualStackDomainName": f"{name}.s3.dualstack.{region}.{suffix}",
        "WebsiteURL": f"http://{name}.s3-website-{region}.{suffix}",
    }


def _role(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    path = (resource.get("Properties") or {}).get("Path")
    path = path if isinstance(path, str) and path.startswith("/") else "/"
    role_id = "AROA" + names._random("", name, 17, _UPPER_ALNUM, "role")
    arn = names._arn("iam", f"role{path}{name}", region=False)
    return {"Ref": name, "Arn": arn, "RoleId": role_id}


def _user(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    return {"Ref": name, "Arn": names._arn("iam", f"user/{name}", region=False)}


def _managed_policy(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    arn = names._arn("iam", f"policy/{name}", region=False)
    return {"Ref": arn, "PolicyArn": arn}


def _function(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    return {"Ref": name, "Arn": names._arn("lambda", f"function:{name}")}


def _log_group(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    return {"Ref": name, "Arn": names._arn("logs", f"log-group:{name}:*")}


def _stack(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    stack_id = names._uuid("", name)
    return {"Ref": names._arn("cloudformation", f"stack/{name}/{stack_id}")}


def _alias(names: TemplateNames, name: str, resource: Mapping[str, Any]) -> dict[str, str]:
    return {"Ref": name}


_BY_TYPE: Final[dict[str, Callable[[TemplateNames, str, Mapping[str, Any]], dict[str, str]]]] = {
    "AWS::DynamoDB::Table": _table,
    "AWS::DynamoDB::GlobalTable": _table,
    "AWS::SQS::Queue": _queue,
    "AWS::SNS::Topic": _topic,
    "AWS::Kinesis::Stream": _named_arn("kinesis", "stream/"),
    "AWS::KinesisFirehose::DeliveryStream": _named_arn("firehose", "deliverystream/"),
    "AWS::Events::EventBus": _event_bus,
    "AWS::Events::Rule": _rule,
    "AWS::StepFunctions::StateMachine": _state_machine,
    "AWS::S3::Bucket": _bucket,
    "AWS::IAM::Role": _role,
    "AWS::IAM::User": _user,
    "AWS::IAM::ManagedPolicy": _managed_policy,
    "AWS::Lambda::Function": _function,
    "AWS::Logs::LogGroup": _log_group,
    "AWS::CloudFormation::Stack": _stack,
    "AWS::KMS::Alias": _alias,
    "AWS::ApiGateway::Stage": _alias,
}


def physical_id_of(loaded: LoadedTemplate, names: PhysicalNames, target: object) -> str:
    """The ``Ref`` value of ``target`` (a construct of the stack, a logical id, or a nested
    stack's ``"Scope/LogicalId"``), nested stacks included: what ``LocalApi.physical_id``
    answers.

    :raises LocalApiError: ``unknown-logical-id`` (see :meth:`LoadedTemplate.locate`).
    """
    scope, logical_id = loaded.locate(target)
    resource = loaded.resource(scope, logical_id) or {}
    found = names.ref(scope, logical_id, resource)
    if found is None:
        return Unresolved(f"<{scope + '/' if scope else ''}{logical_id}>")
    return found
