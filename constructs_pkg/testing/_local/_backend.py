"""What the local executor needs of the services behind an API: the contract between the
request pipeline and a backend (in-process moto, or an endpoint such as LocalStack).

A backend provisions the template's backing resources, knows their physical names (it is the
:class:`~constructs_pkg._apimodel.PhysicalNames` the template's intrinsics resolve with), and
sends the signed HTTP requests API Gateway would send to AWS services.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..._apimodel import PhysicalNames

__all__ = [
    "Backend",
    "IntegrationFailureError",
    "IntegrationTimeoutError",
    "ServiceRequest",
    "ServiceResponse",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceRequest:
    """The HTTP request API Gateway sends to an AWS service for an ``AWS`` integration.

    :param service: the service part of the integration URI without its subdomain
        (``dynamodb``, ``sqs``, ``states``, ``s3``...).
    :param subdomain: the URI's subdomain, e.g. the bucket of ``my-bucket.s3``. Default: - none.
    :param region: the region of the URI (the API's region when the URI names none).
    :param method: the integration's HTTP method (``POST`` for action-style DynamoDB calls...).
    :param path: the request path, starting with ``/`` (``/`` for action-style URIs).
    :param query: query-string pairs in order (``Action=...`` first for action-style URIs).
    :param headers: the headers to send, before signing (the backend adds ``Host``,
        ``X-Amz-Date``, ``Authorization``, ``Content-Length``).
    :param body: the payload.
    :param timeout_seconds: the integration timeout.
    """

    service: str
    region: str
    method: str
    path: str = "/"
    subdomain: str | None = None
    query: Sequence[tuple[str, str]] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    timeout_seconds: float = 29.0


@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceResponse:
    """What the service answered: status, headers (names as sent), raw body."""

    status: int
    headers: Mapping[str, str]
    body: bytes


class IntegrationTimeoutError(Exception):
    """The service did not answer within the integration timeout (API Gateway: 504)."""


class IntegrationFailureError(Exception):
    """The service could not be reached (API Gateway: 500 / 502-like failure)."""


class Backend(Protocol):
    """The services behind a :class:`~constructs_pkg.testing.LocalApi`.

    ``names`` resolves the template's ``Ref``/``Fn::GetAtt`` to what the backend created (or
    what the endpoint's CloudFormation stack reports).
    """

    region: str
    account: str

    @property
    def names(self) -> PhysicalNames:
        """What the template's resources are called in this backend (read-only, so a backend
        may hold a richer type)."""
        ...

    def send(self, request: ServiceRequest) -> ServiceResponse:
        """Sign ``request`` (SigV4, dummy credentials) and send it to the service.

        :raises IntegrationTimeoutError: no answer within ``request.timeout_seconds``.
        :raises IntegrationFailureError: the service could not be reached.
        """
        ...

    def client(self, service: str) -> Any:
        """A boto3 client for ``service`` talking to the same backend."""
        ...

    def lambda_function(self, arn: str) -> str | None:
        """The logical id of the template's Lambda function with ARN ``arn`` (an alias or
        version qualifier ignored), else ``None``."""
        ...

    def close(self) -> None:
        """Release what the backend holds (its state is not shared with later backends)."""
        ...
