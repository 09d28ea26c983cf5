"""Read a live REST API with boto3 into :mod:`._live` value objects.

Everything a method is made of is read: the resource tree (paginated), each method with its
method responses, integration and integration responses (``get_method`` returns them all), and
what the methods reference: request validators, models and authorizers. Stages are read for
their names and variables. Calls are retried by botocore's retry handler (``standard`` or
``adaptive`` mode), so throttling on a large API slows the read down instead of failing it.

Every AWS failure becomes a :class:`~._errors.CliError` that says what to do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import boto3
import botocore.exceptions
from botocore.config import Config

from .._apimodel import (
    Method,
    Resource,
    RestApi,
    authorizer_from_boto,
    method_from_boto,
    model_from_boto,
    referenced_models,
    stage_from_boto,
    validator_from_boto,
)
from .._version import __version__
from ._errors import CliError

if TYPE_CHECKING:
    from mypy_boto3_apigateway.client import APIGatewayClient

__all__ = ["Progress", "RetryMode", "make_client", "read_rest_api"]

Progress = Callable[[str], None]
"""Receives one line of progress text (the command line prints it on stderr)."""
RetryMode = Literal["standard", "adaptive"]

PROGRESS_FROM = 25
"""APIs with at least this many methods get a line of progress every few methods."""

_THROTTLING = frozenset(
    {"TooManyRequestsException", "ThrottlingException", "Throttling", "LimitExceededException"}
)
_ACCESS_DENIED = frozenset({"AccessDeniedException", "AccessDenied", "UnauthorizedException"})
_BAD_CREDENTIALS = frozenset(
    {
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "InvalidClientTokenId",
        "ExpiredTokenException",
        "ExpiredToken",
    }
)


def make_client(
    *,
    region: str | None,
    endpoint_url: str | None = None,
    profile: str | None = None,
    max_attempts: int = 8,
    retry_mode: RetryMode = "standard",
) -> tuple[APIGatewayClient, str]:
    """An API Gateway client that retries throttled calls, and the region it talks to.

    :param region: the API's region. Default: - the profile's or environment's region.
    :param endpoint_url: another endpoint than AWS's (an emulator). Default: - AWS's.
    :param profile: a named profile of the AWS config. Default: - the default credential chain.
    :param max_attempts: attempts per call, the first included, before giving up.
    :param retry_mode: botocore's ``standard`` or client-side rate-limiting ``adaptive`` mode.
    :raises CliError: ``unknown-profile``, ``no-region``, ``invalid-max-attempts``.
    """
    if max_attempts < 1:
        raise CliError(
            "invalid-max-attempts",
            f"--max-attempts must be 1 or more, got {max_attempts}; 8 is a good value",
        )
    try:
        session = boto3.session.Session(profile_name=profile)
    except botocore.exceptions.ProfileNotFound as exc:
        raise CliError(
            "unknown-profile",
            f"no AWS profile {profile!r} in the AWS config files; "
            "list them with 'aws configure list-profiles' or omit --profile",
        ) from exc
    resolved = region or session.region_name
    if not resolved:
        raise CliError(
            "no-region",
            "no region given and none configured; pass --region (the API's region, "
            "e.g. --region us-east-1) or set AWS_REGION",
        )
    config = Config(
        retries={"mode": retry_mode, "total_max_attempts": max_attempts},
        user_agent_extra=f"constructs-pkg/{__version__}",
    )
    client = session.client(
        "apigateway", region_name=resolved, endpoint_url=endpoint_url, config=config
    )
    return client, resolved


def read_rest_api(
    client: APIGatewayClient,
    rest_api_id: str,
    *,
    region: str,
    progress: Progress | None = None,
) -> RestApi:
    """Read REST API ``rest_api_id``: settings, resources, methods and what they reference.

    :param client: an API Gateway client (see :func:`make_client`).
    :param rest_api_id: the API's id, e.g. ``"a1b2c3d4e5"``.
    :param region: the client's region (kept in the result and used in messages).
    :param progress: called with a line of text as the read goes on. Default: - silent.
    :raises CliError: ``no-credentials``, ``invalid-credentials``, ``unknown-rest-api``,
        ``access-denied``, ``throttled``, ``endpoint-unreachable``, ``aws-error``.
    """
    say = progress or (lambda _line: None)
    with _aws_errors(rest_api_id, region):
        api = client.get_rest_api(restApiId=rest_api_id)
        resources: list[Resource] = []
        verbs: list[tuple[Resource, str]] = []
        pages = client.get_paginator("get_resources").paginate(
            restApiId=rest_api_id, embed=["methods"], PaginationConfig={"PageSize": 500}
        )
        for page in pages:
            for item in page.get("items", []):
                resource = Resource(
                    id=item["id"],
                    path=item.get("path", "/"),
                    parent_id=item.get("parentId"),
                    path_part=item.get("pathPart"),
                )
                resources.append(resource)
                verbs.extend((resource, verb) for verb in sorted(item.get("resourceMethods", {})))
        name = api.get("name", rest_api_id)
        say(
            f"reading REST API {rest_api_id} ({name}) in {region}: "
            f"{len(resources)} resources, {len(verbs)} methods"
        )
        step = max(10, len(verbs) // 10)
        methods: list[Method] = []
        for count, (resource, verb) in enumerate(verbs, start=1):
            raw = client.get_method(restApiId=rest_api_id, resourceId=resource.id, httpMethod=verb)
            methods.append(method_from_boto(resource, raw))
            if len(verbs) >= PROGRESS_FROM and (count % step == 0 or count == len(verbs)):
                say(f"  {count}/{len(verbs)} methods read")
        validators = {
            vid: validator_from_boto(
                client.get_request_validator(restApiId=rest_api_id, requestValidatorId=vid)
            )
            for vid in sorted({m.request_validator_id for m in methods if m.request_validator_id})
        }
        authorizers = {
            aid: authorizer_from_boto(
                client.get_authorizer(restApiId=rest_api_id, authorizerId=aid)
            )
            for aid in sorted({m.authorizer_id for m in methods if m.authorizer_id})
        }
        models = {
            model: model_from_boto(client.get_model(restApiId=rest_api_id, modelName=model))
            for model in sorted(referenced_models(methods))
        }
        stages = tuple(
            stage_from_boto(stage)
            for stage in sorted(
                client.get_stages(restApiId=rest_api_id).get("item", []),
                key=lambda s: s.get("stageName", ""),
            )
        )
    endpoint = api.get("endpointConfiguration", {})
    return RestApi(
        id=rest_api_id,
        name=name,
        region=region,
        description=api.get("description") or None,
        endpoint_types=tuple(endpoint.get("types", ["EDGE"])),
        binary_media_types=tuple(api.get("binaryMediaTypes", [])),
        api_key_source=api.get("apiKeySource") if api.get("apiKeySource") != "HEADER" else None,
        minimum_compression_size=api.get("minimumCompressionSize"),
        disable_execute_api_endpoint=bool(api.get("disableExecuteApiEndpoint", False)),
        has_policy=bool(api.get("policy")),
        resources=tuple(sorted(resources, key=lambda r: r.path)),
        methods=tuple(methods),
        validators=validators,
        models=models,
        authorizers=authorizers,
        stages=stages,
    )


@contextlib.contextmanager
def _aws_errors(rest_api_id: str, region: str) -> Iterator[None]:
    """Turn botocore's exceptions into :class:`CliError` with a way out."""
    try:
        yield
    except (
        botocore.exceptions.NoCredentialsError,
        botocore.exceptions.PartialCredentialsError,
    ) as exc:
        raise CliError(
            "no-credentials",
            f"no AWS credentials found ({exc}); configure them as for the AWS CLI "
            "(AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, 'aws sso login') "
            "or pass --profile",
        ) from exc
    except botocore.exceptions.EndpointConnectionError as exc:
        raise CliError(
            "endpoint-unreachable",
            f"cannot reach the API Gateway endpoint ({exc}); check --region {region!r}, "
            "--endpoint-url and the network",
        ) from exc
    except botocore.exceptions.ClientError as exc:
        raise _client_error(exc, rest_api_id, region) from exc


def _client_error(exc: botocore.exceptions.ClientError, rest_api_id: str, region: str) -> CliError:
    error: Mapping[str, Any] = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    message = str(error.get("Message", "")) or str(exc)
    operation = exc.operation_name
    if code == "NotFoundException" and operation == "GetRestApi":
        return CliError(
            "unknown-rest-api",
            f"no REST API with id {rest_api_id!r} in region {region!r} ({message}); "
            f"check the id and --region: 'aws apigateway get-rest-apis --region {region}' "
            "lists the APIs",
        )
    if code in _THROTTLING:
        attempts = int(exc.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)) + 1
        return CliError(
            "throttled",
            f"API Gateway throttled {operation} ({code}) and {attempts} attempt(s) did not get "
            "through; try again later, raise --max-attempts or use --retry-mode adaptive",
        )
    if code in _ACCESS_DENIED:
        return CliError(
            "access-denied",
            f"access denied to {operation} on REST API {rest_api_id!r} ({message}); the "
            "credentials need read access to it: 'apigateway:GET' on "
            f"arn:aws:apigateway:{region}::/restapis/{rest_api_id}/*",
        )
    if code in _BAD_CREDENTIALS:
        return CliError(
            "invalid-credentials",
            f"AWS rejected the credentials ({code}: {message}); refresh them "
            "('aws sso login', new keys) or pick another --profile",
        )
    return CliError(
        "aws-error", f"{operation} on REST API {rest_api_id!r} failed: {code}: {message}"
    )
