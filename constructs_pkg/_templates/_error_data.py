"""Data: how each service's errors map to the status the client gets.

Mechanism lives in :mod:`._response_templates`; this module is only tables, each entry with the
reason.
An error code is the service's own (``__type`` without its namespace, or ``Error.Code``).
Rules of thumb:

- a client error (bad input, conflict, throttling) keeps a 4xx and shows the service's message;
- a misconfiguration (access denied, a fixed target that does not exist, a KMS key problem) is
  the API's fault, not the client's: 500, with a generic message (the service's message names
  roles, accounts and resources);
- any other 4xx is a 400, any 5xx a 502 (503 when the service says it is unavailable).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["GENERIC", "SERVICE_ALIASES", "SERVICE_ERRORS", "STATUS_TEXT", "ServiceErrors"]


def _frozen(values: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(values))


@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceErrors:
    """How one service's errors map to statuses.

    :param codes: error code to the status the client gets instead of the default one.
    :param json_errors: whether the service's error bodies are JSON (read for the code and
        message); ``False`` for XML-answering services, mapped by status only.
    :param statuses: service HTTP status (``"404"``) to client status, for services whose error
        code is not in the body (S3's XML, Lambda's header); each gets its own selection pattern,
        refined by code as well where the body is JSON.
    """

    codes: Mapping[str, int] = field(default_factory=lambda: _frozen({}))
    json_errors: bool = True
    statuses: Mapping[str, int] = field(default_factory=lambda: _frozen({}))


_COMMON = {
    # IAM/STS: the integration role lacks a permission or cannot be used: misconfiguration.
    "AccessDenied": 500,
    "AccessDeniedException": 500,
    "AuthorizationError": 500,
    "UnrecognizedClientException": 500,
    "MissingAuthenticationTokenException": 500,
    "InvalidClientTokenId": 500,
    "IncompleteSignature": 500,
    "ExpiredToken": 500,
    "ExpiredTokenException": 500,
    # throttling, everywhere
    "ThrottlingException": 429,
    "Throttling": 429,
    "TooManyRequestsException": 429,
    "RequestLimitExceeded": 429,
    # the service is down for now
    "ServiceUnavailable": 503,
    "ServiceUnavailableException": 503,
}

SERVICE_ERRORS: Mapping[str, ServiceErrors] = MappingProxyType(
    {
        "dynamodb": ServiceErrors(
            codes=_frozen(
                {
                    **_COMMON,
                    "ConditionalCheckFailedException": 409,
                    "TransactionConflictException": 409,
                    "TransactionCanceledException": 409,
                    "IdempotentParameterMismatchException": 409,
                    "ResourceNotFoundException": 404,
                    "ProvisionedThroughputExceededException": 429,
                    "LimitExceededException": 429,
                    "ReplicatedWriteConflictException": 409,
                }
            )
        ),
        "sqs": ServiceErrors(
            codes=_frozen(
                {
                    **_COMMON,
                    "AWS.SimpleQueueService.NonExistentQueue": 500,
                    "QueueDoesNotExist": 500,
                    "RequestThrottled": 429,
                    "OverLimit": 429,
                    "KmsThrottled": 429,
                    "KmsAccessDenied": 500,
                    "KmsDisabled": 500,
                    "KmsNotFound": 500,
                    "KmsInvalidState": 500,
                    "KmsInvalidKeyUsage": 500,
                    "KmsOptInRequired": 500,
                    "QueueDeletedRecently": 500,
                }
            )
        ),
        "sns": ServiceErrors(
            codes=_frozen(
                {
                    **_COMMON,
                    "NotFound": 500,
                    "Throttled": 429,
                    "KMSThrottling": 429,
                    "KMSAccessDenied": 500,
                    "KMSDisabled": 500,
                    "KMSNotFound": 500,
                    "KMSInvalidState": 500,
                    "KMSOptInRequired": 500,
                    "EndpointDisabled": 500,
                    "PlatformApplicationDisabled": 500,
                }
            )
        ),
        "states": ServiceErrors(
            codes=_frozen(
                {
                    **_COMMON,
                    "ExecutionAlreadyExists": 409,
                    "ExecutionLimitExceeded": 429,
                    "ExecutionDoesNotExist": 404,
                    "TaskDoesNotExist": 404,
                    "TaskTimedOut": 409,
                    "StateMachineDoesNotExist": 500,
                    "StateMachineDeleting": 500,
                    "StateMachineTypeNotSupported": 500,
                    "KmsAccessDeniedException": 500,
                    "KmsThrottlingException": 429,
                    "KmsInvalidStateException": 500,
                }
            )
        ),
        "events": ServiceErrors(
            codes=_frozen(
                {**_COMMON, "ResourceNotFoundException": 500, "LimitExceededException": 429}
            )
        ),
        "kinesis": ServiceErrors(
            codes=_frozen(
                {
                    **_COMMON,
                    "ProvisionedThroughputExceededException": 429,
                    "LimitExceededException": 429,
                    "ResourceNotFoundException": 500,
                    "ResourceInUseException": 503,
                    "KMSThrottlingException": 429,
                    "KMSAccessDeniedException": 500,
                    "KMSDisabledException": 500,
                    "KMSNotFoundException": 500,
                    "KMSInvalidStateException": 500,
                    "KMSOptInRequired": 500,
                }
            )
        ),
        "firehose": ServiceErrors(
            codes=_frozen(
                {
                    **_COMMON,
                    "ResourceNotFoundException": 500,
                    "InvalidKMSResourceException": 500,
                    "InvalidSourceException": 500,
                    "LimitExceededException": 429,
                }
            )
        ),
        "lambda": ServiceErrors(
            codes=_frozen(
                {
                    **_COMMON,
                    "ResourceNotFoundException": 500,
                    "ResourceConflictException": 503,
                    "ResourceNotReadyException": 503,
                    "RequestTooLargeException": 413,
                    "UnsupportedMediaTypeException": 415,
                    "KMSAccessDeniedException": 500,
                    "KMSDisabledException": 500,
                    "KMSNotFoundException": 500,
                    "EC2ThrottledException": 502,
                    "ENILimitReachedException": 502,
                }
            ),
            # Lambda names the error in the X-Amzn-ErrorType header, which a template cannot
            # read; its body is {"Type": "User", "message": ...}: map by status as well.
            statuses=_frozen({"403": 500, "404": 500, "413": 413, "415": 415, "429": 429}),
        ),
        # S3 answers errors in XML, which a template cannot read: map by status. A missing key is
        # 404, or 403 when the role may not list the bucket (grant s3:ListBucket to get 404s).
        "s3": ServiceErrors(
            json_errors=False,
            statuses=_frozen({"403": 500, "404": 404, "409": 409, "412": 412, "416": 416}),
        ),
    }
)

#: Other names of the services above (boto3 client and product names).
SERVICE_ALIASES: Mapping[str, str] = MappingProxyType(
    {"stepfunctions": "states", "eventbridge": "events", "sfn": "states"}
)

#: For services without a table: common codes only.
GENERIC = ServiceErrors(codes=_frozen(_COMMON))

#: The ``type`` and the generic message of each status the mapping can produce.
STATUS_TEXT: Mapping[int, tuple[str, str]] = MappingProxyType(
    {
        400: ("BadRequest", "the request is not valid"),
        404: ("NotFound", "not found"),
        409: ("Conflict", "the request conflicts with the current state"),
        412: ("PreconditionFailed", "a precondition of the request failed"),
        413: ("PayloadTooLarge", "the request is too large"),
        415: ("UnsupportedMediaType", "the media type of the request is not supported"),
        416: ("RangeNotSatisfiable", "the requested range cannot be satisfied"),
        429: ("TooManyRequests", "too many requests, retry later"),
        500: ("InternalServerError", "internal server error"),
        502: ("BadGateway", "the service failed to process the request"),
        503: ("ServiceUnavailable", "the service is unavailable, retry later"),
        504: ("GatewayTimeout", "the service did not answer in time"),
    }
)
