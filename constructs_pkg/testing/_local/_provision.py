"""Create a template's backing resources in a backend, the way CloudFormation would: in
dependency order, each resource's properties resolved with the names of those already created.

Created: DynamoDB tables and ``TableV2`` global tables (keys, attribute definitions, global
and local secondary indexes, billing mode, streams, encryption, time to live), SQS queues
(FIFO, content-based deduplication, every queue attribute), SNS topics (FIFO) and
subscriptions, Kinesis streams (encryption, retention), Firehose delivery streams,
EventBridge buses, rules and their targets, Step Functions state machines (``Definition``,
``DefinitionString`` with ``DefinitionSubstitutions``), S3 buckets (versioning, encryption,
public access block, ownership controls, object lock), KMS keys and aliases.
Subscriptions and rule targets mean a test can read what was published or put from a queue
(rules only with moto's ``events`` extra, ``jsonpath-ng``, which moto needs to deliver).
Any other resource (IAM roles, log groups, Lambda functions, the API's own resources...) is
not created; its physical name is still known (:class:`~._names.TemplateNames`).

Tags and properties that only CloudFormation knows (not part of the service's create call)
are left out.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Mapping
from typing import Any, Final

from ..._apimodel import references
from ._errors import LocalApiError
from ._names import TemplateNames
from ._source import NESTED_STACK

__all__ = ["PROVISIONED_TYPES", "provision"]

Clients = Callable[[str], Any]
_WAY_OUT: Final = (
    "deploy the stack to an emulator such as LocalStack and pass endpoint_url= to use it "
    "instead of the in-process backend"
)


def provision(names: TemplateNames, clients: Clients) -> None:
    """Create the backing resources of every template of ``names.loaded`` with the boto3
    clients ``clients(service)`` gives, recording what the service made up (a KMS key's id, a
    table's stream ARN) in ``names``.

    :raises LocalApiError: ``backend-unsupported`` when the backend rejects a resource.
    """
    _Provisioner(names, clients).run()


class _Provisioner:
    def __init__(self, names: TemplateNames, clients: Clients) -> None:
        self.names = names
        self.clients = clients
        self.templates = dict(names.loaded.scopes())
        self.done: set[tuple[str, str]] = set()
        self.visiting: set[tuple[str, str]] = set()

    def run(self) -> None:
        for scope, template in self.templates.items():
            for logical_id in template.get("Resources") or {}:
                self.ensure(scope, str(logical_id))

    def _resource(self, scope: str, logical_id: str) -> Mapping[str, Any] | None:
        resources = (self.templates.get(scope) or {}).get("Resources") or {}
        found = resources.get(logical_id)
        return found if isinstance(found, Mapping) else None

    def ensure(self, scope: str, logical_id: str) -> None:
        key = (scope, logical_id)
        resource = self._resource(scope, logical_id)
        if key in self.done or key in self.visiting or resource is None:
            return
        self.visiting.add(key)
        for dependency in self._dependencies(scope, resource):
            self.ensure(*dependency)
        if resource.get("Type") == NESTED_STACK:
            child = f"{scope}/{logical_id}" if scope else logical_id
            for child_id in (self.templates.get(child) or {}).get("Resources") or {}:
                self.ensure(child, str(child_id))
        else:
            self._create(scope, logical_id, resource)
        self.visiting.discard(key)
        self.done.add(key)

    def _dependencies(self, scope: str, resource: Mapping[str, Any]) -> list[tuple[str, str]]:
        template = self.templates.get(scope) or {}
        resources = template.get("Resources") or {}
        parameters = template.get("Parameters") or {}
        depends_on = resource.get("DependsOn") or []
        found = references(resource.get("Properties") or {}) | set(
            [depends_on] if isinstance(depends_on, str) else depends_on
        )
        dependencies: list[tuple[str, str]] = []
        for name in sorted(found):
            if name in resources:
                dependencies.append((scope, name))
            elif name in parameters and scope:
                # a nested stack's parameter: what the parent passes for it
                parent_scope, _, stack_id = scope.rpartition("/")
                stack = self._resource(parent_scope, stack_id) or {}
                passed = ((stack.get("Properties") or {}).get("Parameters") or {}).get(name)
                dependencies.extend((parent_scope, ref) for ref in sorted(references(passed)))
        return dependencies

    def _create(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> None:
        kind = str(resource.get("Type"))
        create = _CREATORS.get(kind)
        if create is None:
            return
        intrinsics = self.names.intrinsics(scope)
        properties = intrinsics.resolve(resource.get("Properties") or {})
        name = self.names.ref(scope, logical_id, resource) or logical_id
        if kind in _NAMED_BY_ATTRIBUTE:
            name = (
                self.names.attribute(scope, logical_id, resource, _NAMED_BY_ATTRIBUTE[kind]) or name
            )
        what = f"{kind} {logical_id!r}" + (f" (nested stack {scope!r})" if scope else "")
        context = _Context(
            clients=self.clients,
            name=name,
            properties=properties if isinstance(properties, Mapping) else {},
            region=self.names.region,
            what=what,
        )
        try:
            created = create(context)
        except LocalApiError:
            raise
        except Exception as error:  # botocore's ClientError / ParamValidationError, moto's gaps
            detail = _error_text(error)
            raise LocalApiError(
                "backend-unsupported",
                f"the local backend (moto) cannot create {what}: {detail}; {_WAY_OUT}",
            ) from error
        if created:
            self.names.set(scope, logical_id, created)


def _error_text(error: Exception) -> str:
    response = getattr(error, "response", None)
    if isinstance(response, Mapping):
        details = response.get("Error") or {}
        return f"{details.get('Code', 'Error')}: {details.get('Message', error)}"
    return f"{type(error).__name__}: {error}"


# types whose Ref is not their name: which attribute is
_NAMED_BY_ATTRIBUTE: Final = {
    "AWS::SQS::Queue": "QueueName",
    "AWS::SNS::Topic": "TopicName",
    "AWS::StepFunctions::StateMachine": "Name",
}


class _Context:
    """One resource to create: its resolved properties, its physical name, the clients."""

    def __init__(
        self,
        *,
        clients: Clients,
        name: str,
        properties: Mapping[str, Any],
        region: str,
        what: str,
    ) -> None:
        self.clients = clients
        self.name = name
        self.properties = properties
        self.region = region
        self.what = what

    def call(self, service: str, operation: str, arguments: Mapping[str, Any]) -> Any:
        """``client(service).<operation>(**arguments)``, the arguments fitted to the
        operation's input shape (unknown members dropped, scalars converted)."""
        client = self.clients(service)
        model = client.meta.service_model.operation_model(operation)
        fitted = _fit(arguments, model.input_shape)
        method = getattr(client, _snake(operation))
        return method(**fitted)

    def unsupported(self, prop: str, why: str) -> LocalApiError:
        return LocalApiError(
            "backend-unsupported",
            f"the local backend (moto) cannot create {self.what}: property {prop!r} {why}; "
            f"{_WAY_OUT}",
        )


def _snake(operation: str) -> str:
    from botocore import xform_name

    return str(xform_name(operation))


def _fit(value: Any, shape: Any) -> Any:
    """``value`` (CloudFormation-typed) as the API's ``shape`` wants it."""
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, Mapping):
            return value
        return {
            key: _fit(item, shape.members[key])
            for key, item in value.items()
            if key in shape.members and item is not None
        }
    if kind == "list":
        return [_fit(item, shape.member) for item in value] if isinstance(value, list) else value
    if kind == "map":
        if not isinstance(value, Mapping):
            return value
        return {str(key): _fit(item, shape.value) for key, item in value.items()}
    if kind in ("integer", "long"):
        return int(value) if isinstance(value, str) and value.lstrip("-").isdigit() else value
    if kind in ("float", "double"):
        try:
            return float(value)
        except (TypeError, ValueError):
            return value
    if kind == "boolean":
        return value is True or (isinstance(value, str) and value.lower() == "true")
    if kind == "string":
        return _text(value)
    return value


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list):
        return json.dumps(value)
    if isinstance(value, int | float):
        return str(value)
    return value


def _camel(value: Any) -> Any:
    """CloudFormation's PascalCase keys as the lowerCamel keys of Step Functions' API."""
    if isinstance(value, Mapping):
        return {key[:1].lower() + key[1:]: _camel(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_camel(item) for item in value]
    return value


# --- one creator per resource type: returns the values the service made up ----------------


def _table(c: _Context) -> dict[str, str]:
    p = c.properties
    billing = p.get("BillingMode") or "PROVISIONED"
    throughput = p.get("ProvisionedThroughput") or {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    arguments: dict[str, Any] = {
        "TableName": c.name,
        "KeySchema": p.get("KeySchema"),
        "AttributeDefinitions": p.get("AttributeDefinitions") or [],
        "BillingMode": billing,
        "TableClass": p.get("TableClass"),
    }
    if billing == "PROVISIONED":
        arguments["ProvisionedThroughput"] = throughput
    indexes = []
    for index in p.get("GlobalSecondaryIndexes") or []:
        index = dict(index)
        if billing == "PROVISIONED":
            index.setdefault("ProvisionedThroughput", throughput)
        else:
            index.pop("ProvisionedThroughput", None)
        indexes.append(index)
    if indexes:
        arguments["GlobalSecondaryIndexes"] = indexes
    if p.get("LocalSecondaryIndexes"):
        arguments["LocalSecondaryIndexes"] = p["LocalSecondaryIndexes"]
    stream = p.get("StreamSpecification")
    if isinstance(stream, Mapping) and stream.get("StreamViewType"):
        arguments["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": stream["StreamViewType"],
        }
    sse = p.get("SSESpecification")
    if isinstance(sse, Mapping) and sse.get("SSEEnabled") in (True, "true"):
        arguments["SSESpecification"] = {
            "Enabled": True,
            "SSEType": sse.get("SSEType"),
            "KMSMasterKeyId": sse.get("KMSMasterKeyId"),
        }
    described = c.call("dynamodb", "CreateTable", arguments)["TableDescription"]
    ttl = p.get("TimeToLiveSpecification")
    if isinstance(ttl, Mapping) and ttl.get("Enabled") in (True, "true"):
        c.call(
            "dynamodb",
            "UpdateTimeToLive",
            {"TableName": c.name, "TimeToLiveSpecification": ttl},
        )
    created = {"Arn": described["TableArn"]}
    if described.get("LatestStreamArn"):
        created["StreamArn"] = described["LatestStreamArn"]
    return created


def _global_table(c: _Context) -> dict[str, str]:
    """A ``TableV2`` (``AWS::DynamoDB::GlobalTable``): its replica in this region, as a table."""
    p = dict(c.properties)
    billing = p.get("BillingMode") or "PROVISIONED"
    write = (p.get("WriteProvisionedThroughputSettings") or {}).get(
        "WriteCapacityAutoScalingSettings"
    ) or {}
    replica = next(
        (item for item in p.get("Replicas") or [] if item.get("Region") == c.region),
        (p.get("Replicas") or [{}])[0],
    )
    read = (replica.get("ReadProvisionedThroughputSettings") or {}).get("ReadCapacityUnits") or 5
    if billing == "PROVISIONED":
        p["ProvisionedThroughput"] = {
            "ReadCapacityUnits": read,
            "WriteCapacityUnits": write.get("MinCapacity") or 5,
        }
    sse = p.get("SSESpecification") or {}
    if sse.get("SSEEnabled") in (True, "true"):
        key = (replica.get("SSESpecification") or {}).get("KMSMasterKeyId")
        p["SSESpecification"] = {**sse, "KMSMasterKeyId": key}
    ttl = p.get("TimeToLiveSpecification")
    if isinstance(ttl, Mapping) and ttl.get("AttributeName") and "Enabled" not in ttl:
        p["TimeToLiveSpecification"] = {**ttl, "Enabled": True}
    indexes = []
    for index in p.get("GlobalSecondaryIndexes") or []:
        index = {key: value for key, value in index.items() if key != "ProvisionedThroughput"}
        indexes.append(index)
    p["GlobalSecondaryIndexes"] = indexes
    return _table(
        _Context(clients=c.clients, name=c.name, properties=p, region=c.region, what=c.what)
    )


_QUEUE_ATTRIBUTES: Final = (
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoQueue",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "RedriveAllowPolicy",
    "RedrivePolicy",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
)


def _attributes(properties: Mapping[str, Any], names: tuple[str, ...], fifo: str) -> dict[str, str]:
    """The service attributes among ``properties``, as text; the ``fifo`` flag only when true
    (SQS and SNS refuse ``"false"`` for it)."""
    return {
        name: _text(properties[name])
        for name in names
        if properties.get(name) is not None
        and not (name == fifo and _text(properties[name]) != "true")
    }


def _queue(c: _Context) -> dict[str, str]:
    attributes = _attributes(c.properties, _QUEUE_ATTRIBUTES, "FifoQueue")
    url = c.call("sqs", "CreateQueue", {"QueueName": c.name, "Attributes": attributes})["QueueUrl"]
    return {"Ref": url, "QueueUrl": url}


_TOPIC_ATTRIBUTES: Final = (
    "ArchivePolicy",
    "ContentBasedDeduplication",
    "DisplayName",
    "FifoTopic",
    "KmsMasterKeyId",
    "SignatureVersion",
    "TracingConfig",
)


def _topic(c: _Context) -> dict[str, str]:
    p = c.properties
    attributes = _attributes(p, _TOPIC_ATTRIBUTES, "FifoTopic")
    arn = c.call("sns", "CreateTopic", {"Name": c.name, "Attributes": attributes})["TopicArn"]
    for subscription in p.get("Subscription") or []:
        c.call(
            "sns",
            "Subscribe",
            {
                "TopicArn": arn,
                "Protocol": subscription.get("Protocol"),
                "Endpoint": subscription.get("Endpoint"),
            },
        )
    return {"Ref": arn, "TopicArn": arn}


def _stream(c: _Context) -> dict[str, str]:
    p = c.properties
    mode = (p.get("StreamModeDetails") or {}).get("StreamMode") or "PROVISIONED"
    arguments: dict[str, Any] = {"StreamName": c.name, "StreamModeDetails": {"StreamMode": mode}}
    if mode == "PROVISIONED":
        arguments["ShardCount"] = p.get("ShardCount") or 1
    c.call("kinesis", "CreateStream", arguments)
    hours = p.get("RetentionPeriodHours")
    if hours is not None and int(hours) > 24:
        c.call(
            "kinesis",
            "IncreaseStreamRetentionPeriod",
            {"StreamName": c.name, "RetentionPeriodHours": hours},
        )
    encryption = p.get("StreamEncryption")
    if isinstance(encryption, Mapping) and encryption.get("EncryptionType") == "KMS":
        c.call("kinesis", "StartStreamEncryption", {"StreamName": c.name, **encryption})
    return {}


def _delivery_stream(c: _Context) -> dict[str, str]:
    c.call("firehose", "CreateDeliveryStream", {**c.properties, "DeliveryStreamName": c.name})
    return {}


def _event_bus(c: _Context) -> dict[str, str]:
    p = {key: value for key, value in c.properties.items() if key != "Tags"}
    arn = c.call("events", "CreateEventBus", {**p, "Name": c.name})["EventBusArn"]
    return {"Arn": arn}


def _rule(c: _Context) -> dict[str, str]:
    if importlib.util.find_spec("jsonpath_ng") is None:
        # moto delivers to a rule's targets with jsonpath-ng (moto[events]); without it every
        # matching PutEvents would fail, so the rule is left out and events go nowhere
        return {}
    p = c.properties
    bus = p.get("EventBusName")
    if isinstance(bus, str) and bus.startswith("arn:"):
        bus = bus.rsplit("/", 1)[-1]
    name = c.name.split("|")[-1]  # a rule on a custom bus is referred to as "bus|rule"
    arguments = {
        "Name": name,
        "EventBusName": bus,
        "EventPattern": p.get("EventPattern"),
        "ScheduleExpression": p.get("ScheduleExpression"),
        "State": p.get("State"),
        "Description": p.get("Description"),
        "RoleArn": p.get("RoleArn"),
    }
    arn = c.call("events", "PutRule", arguments)["RuleArn"]
    targets = p.get("Targets") or []
    if targets:
        c.call("events", "PutTargets", {"Rule": name, "EventBusName": bus, "Targets": targets})
    return {"Arn": arn}


def _subscription(c: _Context) -> dict[str, str]:
    p = c.properties
    attributes = {
        name: _text(p[name])
        for name in (
            "DeliveryPolicy",
            "FilterPolicy",
            "FilterPolicyScope",
            "RawMessageDelivery",
            "RedrivePolicy",
            "SubscriptionRoleArn",
        )
        if p.get(name) is not None
    }
    arguments = {
        "TopicArn": p.get("TopicArn"),
        "Protocol": p.get("Protocol"),
        "Endpoint": p.get("Endpoint"),
        "Attributes": attributes,
        "ReturnSubscriptionArn": True,
    }
    arn = c.call("sns", "Subscribe", arguments)["SubscriptionArn"]
    return {"Ref": arn}


def _state_machine(c: _Context) -> dict[str, str]:
    p = c.properties
    if p.get("DefinitionS3Location") is not None:
        raise c.unsupported("DefinitionS3Location", "is read from S3, which it cannot do")
    if p.get("Definition") is not None:
        definition = json.dumps(p["Definition"])
    elif isinstance(p.get("DefinitionString"), str):
        definition = p["DefinitionString"]
    else:
        raise c.unsupported(
            "DefinitionString", f"is missing or not text ({p.get('DefinitionString')!r})"
        )
    for key, value in (p.get("DefinitionSubstitutions") or {}).items():
        definition = definition.replace("${" + str(key) + "}", str(_text(value)))
    arguments = {
        "name": c.name,
        "definition": definition,
        "roleArn": p.get("RoleArn"),
        "type": p.get("StateMachineType"),
        "loggingConfiguration": _camel(p.get("LoggingConfiguration")),
        "tracingConfiguration": _camel(p.get("TracingConfiguration")),
    }
    arn = c.call("stepfunctions", "CreateStateMachine", arguments)["stateMachineArn"]
    return {"Ref": arn, "Arn": arn}


def _bucket(c: _Context) -> dict[str, str]:
    p = c.properties
    arguments: dict[str, Any] = {"Bucket": c.name}
    if c.region != "us-east-1":
        arguments["CreateBucketConfiguration"] = {"LocationConstraint": c.region}
    if p.get("ObjectLockEnabled") in (True, "true"):
        arguments["ObjectLockEnabledForBucket"] = True
    c.call("s3", "CreateBucket", arguments)
    # CloudFormation property, the part of it the API takes, and the API call that sets it
    for prop, key, action, argument in (
        ("OwnershipControls", "Rules", "PutBucketOwnershipControls", "OwnershipControls"),
        ("VersioningConfiguration", "Status", "PutBucketVersioning", "VersioningConfiguration"),
    ):
        found = p.get(prop)
        if isinstance(found, Mapping) and found.get(key):
            c.call("s3", action, {"Bucket": c.name, argument: {key: found[key]}})
    encryption = p.get("BucketEncryption")
    if isinstance(encryption, Mapping) and encryption.get("ServerSideEncryptionConfiguration"):
        # CloudFormation's ServerSideEncryptionByDefault is the API's
        # ApplyServerSideEncryptionByDefault (dropped as unknown, the rule is empty: MalformedXML)
        rules = [
            {
                "ApplyServerSideEncryptionByDefault": rule.get("ServerSideEncryptionByDefault"),
                "BucketKeyEnabled": rule.get("BucketKeyEnabled"),
            }
            for rule in encryption["ServerSideEncryptionConfiguration"]
            if isinstance(rule, Mapping)
        ]
        c.call(
            "s3",
            "PutBucketEncryption",
            {"Bucket": c.name, "ServerSideEncryptionConfiguration": {"Rules": rules}},
        )
    public_access = p.get("PublicAccessBlockConfiguration")
    if isinstance(public_access, Mapping) and public_access:
        c.call(
            "s3",
            "PutPublicAccessBlock",
            {"Bucket": c.name, "PublicAccessBlockConfiguration": public_access},
        )
    return {}


def _key(c: _Context) -> dict[str, str]:
    p = c.properties
    arguments = {
        "Description": p.get("Description"),
        "KeyUsage": p.get("KeyUsage"),
        "KeySpec": p.get("KeySpec"),
        "MultiRegion": p.get("MultiRegion"),
        "Policy": p.get("KeyPolicy"),
    }
    metadata = c.call("kms", "CreateKey", arguments)["KeyMetadata"]
    key_id = metadata["KeyId"]
    if p.get("EnableKeyRotation") in (True, "true"):
        c.call("kms", "EnableKeyRotation", {"KeyId": key_id})
    if p.get("Enabled") in (False, "false"):
        c.call("kms", "DisableKey", {"KeyId": key_id})
    return {"Ref": key_id, "KeyId": key_id, "Arn": metadata["Arn"]}


def _alias(c: _Context) -> dict[str, str]:
    c.call(
        "kms",
        "CreateAlias",
        {"AliasName": c.name, "TargetKeyId": c.properties.get("TargetKeyId")},
    )
    return {}


_CREATORS: Final[dict[str, Callable[[_Context], dict[str, str]]]] = {
    "AWS::DynamoDB::Table": _table,
    "AWS::DynamoDB::GlobalTable": _global_table,
    "AWS::SQS::Queue": _queue,
    "AWS::SNS::Topic": _topic,
    "AWS::Kinesis::Stream": _stream,
    "AWS::KinesisFirehose::DeliveryStream": _delivery_stream,
    "AWS::Events::EventBus": _event_bus,
    "AWS::Events::Rule": _rule,
    "AWS::SNS::Subscription": _subscription,
    "AWS::StepFunctions::StateMachine": _state_machine,
    "AWS::S3::Bucket": _bucket,
    "AWS::KMS::Key": _key,
    "AWS::KMS::Alias": _alias,
}

PROVISIONED_TYPES: Final = frozenset(_CREATORS)
"""The resource types :func:`provision` creates."""
