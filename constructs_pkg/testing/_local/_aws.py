"""What every backend does the same way: the host and signing name of a service, a
:class:`ServiceRequest` as a SigV4-signed request, boto3 clients that never retry.

boto3/botocore are imported by the functions that need them, not at module import.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

from ._backend import ServiceRequest

if TYPE_CHECKING:
    import boto3
    from botocore.awsrequest import AWSPreparedRequest

__all__ = ["boto3_session", "host_of", "service_model", "sign", "signing_name", "url_of"]

# the service part of an integration URI (the endpoint prefix) -> SigV4 signing name, where
# they differ; any other service signs with its endpoint prefix
_SIGNING_NAMES: Final[Mapping[str, str]] = {
    "email": "ses",
    "runtime.sagemaker": "sagemaker",
    "data.iot": "iotdata",
    "execute-api": "execute-api",
    "api.ecr": "ecr",
    "runtime.lex": "lex",
    "streams.dynamodb": "dynamodb",
}
_GLOBAL_HOSTS: Final[Mapping[str, str]] = {"iam": "iam.amazonaws.com"}
# the service part of an integration URI (endpoint prefix) -> botocore's name, where they differ
_BOTOCORE_NAMES: Final[Mapping[str, str]] = {
    "email": "ses",
    "monitoring": "cloudwatch",
    "states": "stepfunctions",
    "streams.dynamodb": "dynamodbstreams",
    "runtime.sagemaker": "sagemaker-runtime",
    "data.iot": "iot-data",
    "api.ecr": "ecr",
    "runtime.lex": "lex-runtime",
}

DUMMY_SECRET: Final = "local-secret-key"

_session_lock = threading.Lock()
_session: boto3.session.Session | None = None


def signing_name(service: str) -> str:
    """The SigV4 signing name of the service whose endpoint prefix is ``service``."""
    return _SIGNING_NAMES.get(service, service)


def host_of(service: str, region: str, subdomain: str | None = None) -> str:
    """The AWS host of ``service`` in ``region`` (``<subdomain>.`` in front when given)."""
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    host = _GLOBAL_HOSTS.get(service) or f"{service}.{region}.{suffix}"
    return f"{subdomain}.{host}" if subdomain else host


def _query_string(query: object) -> str:
    pairs = query if isinstance(query, list | tuple) else []
    return "&".join(
        f"{quote(str(name), safe='-_.~')}={quote(str(value), safe='-_.~')}" for name, value in pairs
    )


def url_of(request: ServiceRequest, base: str | None = None) -> str:
    """The URL ``request`` goes to: ``https://<service host><path>?<query>``, or under
    ``base`` (an endpoint such as ``http://127.0.0.1:4566``; a subdomain then moves into the
    path, as S3's path-style addressing does)."""
    path = request.path if request.path.startswith("/") else f"/{request.path}"
    if base is None:
        url = f"https://{host_of(request.service, request.region, request.subdomain)}{path}"
    else:
        prefix = f"/{request.subdomain}" if request.subdomain else ""
        url = base.rstrip("/") + prefix + (path if prefix == "" or path != "/" else "")
    query = _query_string(request.query)
    return f"{url}?{query}" if query else url


def sign(
    request: ServiceRequest, url: str, *, access_key: str, extra_headers: Mapping[str, str] = {}
) -> AWSPreparedRequest:
    """``request`` sent to ``url``, signed with SigV4 (``access_key`` and a dummy secret) for
    the service's signing name and the request's region."""
    from botocore.auth import S3SigV4Auth, SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    skipped = {"host", "content-length", "authorization", "x-amz-date", "connection"}
    headers = {
        name: value for name, value in request.headers.items() if name.lower() not in skipped
    }
    headers.update(extra_headers)
    aws_request = AWSRequest(
        method=request.method.upper(), url=url, data=request.body, headers=headers
    )
    name = signing_name(request.service)
    auth_class = S3SigV4Auth if name == "s3" else SigV4Auth
    auth_class(Credentials(access_key, DUMMY_SECRET), name, request.region).add_auth(aws_request)
    return aws_request.prepare()


def boto3_session() -> boto3.session.Session:
    """One boto3 session for the process (its service models are loaded once); clients get
    their own credentials. moto's process-wide stub (only active under ``mock_aws``) is taken
    off it, so a user's own mocks never answer a backend's clients."""
    global _session
    with _session_lock:
        if _session is None:
            import boto3
            import botocore.session

            core = botocore.session.Session()
            try:
                from moto.core.models import botocore_stubber
            except ImportError:  # pragma: no cover - moto is optional for endpoint mode
                pass
            else:
                core.unregister("before-send", botocore_stubber)  # type: ignore[arg-type]
            _session = boto3.session.Session(botocore_session=core)
        return _session


def client(
    service: str,
    *,
    region: str,
    access_key: str,
    endpoint_url: str | None = None,
) -> Any:
    """A boto3 client with dummy credentials that never retries."""
    from botocore.config import Config

    session = boto3_session()
    with _session_lock:  # creating clients from one session is not thread-safe
        return session.client(  # type: ignore[call-overload]
            service,
            region_name=region,
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key,
            aws_secret_access_key=DUMMY_SECRET,
            config=Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=60),
        )


@functools.lru_cache(maxsize=64)
def service_model(service: str) -> Any:
    """botocore's model of the service whose endpoint prefix is ``service``, else ``None``."""
    from botocore.exceptions import UnknownServiceError

    core = boto3_session()._session
    try:
        return core.get_service_model(_BOTOCORE_NAMES.get(service, service))
    except UnknownServiceError:
        return None
