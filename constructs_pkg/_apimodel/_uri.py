"""Integration URIs and ARNs: what an ``AWS`` integration's URI says, a role's name, a
region's partition."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["AwsUri", "lambda_function_arn", "parse_aws_uri", "partition_of", "role_name"]

_AWS_URI = re.compile(
    r"^arn:(?P<partition>[a-z-]+):apigateway:(?P<region>[a-z0-9-]*):"
    r"(?P<service>[A-Za-z0-9.-]+):(?P<kind>action|path)/(?P<rest>.*)$",
    re.DOTALL,
)
_LAMBDA_URI = re.compile(
    r"^arn:[a-z-]+:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/"
    r"(?P<function>arn:[^/]+)/invocations$"
)


@dataclass(frozen=True, kw_only=True, slots=True)
class AwsUri:
    """An ``AWS`` integration URI, ``arn:<partition>:apigateway:<region>:<service>:<kind>/...``.

    :param service: the URI's service part, e.g. ``"dynamodb"`` or ``"my-bucket.s3"``.
    :param action: the action of an action-style URI (``action/Scan``), else ``None``.
    :param action_parameters: ``k=v`` pairs after the action (``action/Send&QueueUrl=...``).
    :param path: the path of a path-style URI (``path/{bucket}/{key}``), else ``None``.
    """

    partition: str
    region: str
    service: str
    action: str | None = None
    action_parameters: Mapping[str, str] = field(default_factory=dict)
    path: str | None = None


def parse_aws_uri(uri: str) -> AwsUri | None:
    """Split an ``AWS`` integration URI; ``None`` when it is not of that form."""
    match = _AWS_URI.match(uri)
    if match is None:
        return None
    rest: str = match["rest"]
    partition, region, service = match["partition"], match["region"], match["service"]
    if match["kind"] == "path":
        if not rest:
            return None
        return AwsUri(partition=partition, region=region, service=service, path=rest)
    action, *pairs = rest.split("&")
    if not action or "?" in rest or "/" in action:
        return None
    parameters: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key or key in parameters:
            return None
        parameters[key] = value
    return AwsUri(
        partition=partition,
        region=region,
        service=service,
        action=action,
        action_parameters=parameters,
    )


def lambda_function_arn(uri: str | None) -> str | None:
    """The function ARN of a Lambda invocation URI (authorizers, ``AWS_PROXY``), else ``None``."""
    if uri is None:
        return None
    match = _LAMBDA_URI.match(uri)
    return match["function"] if match else None


def role_name(arn: str) -> str | None:
    """The name of a role ARN (``arn:aws:iam::123456789012:role/path/name`` → ``name``)."""
    match = re.match(r"^arn:[a-z-]+:iam::[0-9]*:role/(?:.*/)?(?P<name>[^/]+)$", arn)
    return match["name"] if match else None


def partition_of(region: str) -> str:
    """The AWS partition a region belongs to."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-iso-"):
        return "aws-iso"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    return "aws"
