"""The default backend: moto, in this process, with no server and nothing patched globally.

Requests are handed straight to moto's dispatcher (the one ``mock_aws`` uses), but only for
the requests of this backend: :meth:`MotoBackend.send` calls it directly, and the boto3
clients of :meth:`MotoBackend.client` have it as their own ``before-send`` hook. A user's own
boto3 clients are never touched, and none of this backend's requests leaves the process.

Each backend is a moto account of its own (moto takes the account of a request from its
``x-moto-account-id`` header), so two backends, at once or one after another, never share
state. moto loads a service's code the first time a request needs it.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError
from typing import TYPE_CHECKING, Any, Final

from ._aws import client as make_client
from ._aws import sign, url_of
from ._backend import (
    IntegrationFailureError,
    IntegrationTimeoutError,
    ServiceRequest,
    ServiceResponse,
)
from ._errors import LocalApiError
from ._moto_gaps import answered, completed, refused
from ._names import TemplateNames
from ._provision import provision
from ._query_json import as_requested
from ._source import LoadedTemplate

if TYPE_CHECKING:
    from ._backend import Backend

__all__ = ["MotoBackend", "start_backend"]

_ACCOUNT_HEADER: Final = "x-moto-account-id"
_MOTO_EXTRAS: Final = {"states": "stepfunctions", "email": "ses", "monitoring": "cloudwatch"}
_accounts = itertools.count(1)
_account_prefix = f"9{random.randrange(100):02d}"  # 9xx: never moto's default 123456789012
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_stubber: Any = None


def _dispatcher() -> Any:
    """moto's request dispatcher (imported on first use), switched on for our calls only."""
    global _stubber
    with _lock:
        if _stubber is None:
            try:
                from moto.core.botocore_stubber import BotocoreStubber
            except ImportError as error:
                raise LocalApiError(
                    "backend-unavailable",
                    "the in-process backend needs moto; install it with "
                    "pip install 'constructs-pkg[testing]', or pass endpoint_url= to use "
                    "services at an endpoint such as LocalStack",
                ) from error
            stubber = BotocoreStubber()
            stubber.enabled = True
            _stubber = stubber
        return _stubber


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="constructs-pkg-moto")
        return _executor


def _new_account() -> str:
    with _lock:
        return f"{_account_prefix}{next(_accounts):09d}"


class MotoBackend:
    """The services behind a :class:`~constructs_pkg.testing.LocalApi`, in moto, in-process.

    Creating it creates the template's backing resources (see
    :mod:`~constructs_pkg.testing._local._provision`) in a fresh moto account.

    :param loaded: the template.
    :param region: the region everything lives in. Default: - ``us-east-1``.
    :raises LocalApiError: ``backend-unsupported`` when moto rejects a resource of the template.
    """

    def __init__(self, loaded: LoadedTemplate, *, region: str = "us-east-1") -> None:
        self.region = region
        self.account = _new_account()
        self.loaded = loaded
        self.names = TemplateNames(loaded, region=region, account=self.account)
        self._access_key = f"AKIA{self.account}LOCAL"[:20]
        self._clients: dict[str, Any] = {}
        self._sequences: dict[str, int] = {}
        self._stubber = _dispatcher()
        self._closed = False
        try:
            provision(self.names, self.client)
        except BaseException:
            self.close()  # leave no half-built account behind
            raise

    # --- Backend -----------------------------------------------------------------------------

    def send(self, request: ServiceRequest) -> ServiceResponse:
        target = next(
            (value for name, value in request.headers.items() if name.lower() == "x-amz-target"),
            None,
        )
        if target == "AWSStepFunctions.StartSyncExecution":
            return self._start_sync_execution(request)
        # what AWS refuses and moto would not, or answers otherwise
        early = refused(request) or answered(request, target, self.client, self.send)
        if early is not None:
            return early
        prepared = sign(
            request,
            url_of(request),
            access_key=self._access_key,
            extra_headers={_ACCOUNT_HEADER: self.account},
        )
        future = _pool().submit(self._stubber.process_request, prepared)
        try:
            answer = future.result(timeout=request.timeout_seconds)
        except FutureTimeoutError as error:
            raise IntegrationTimeoutError(
                f"{request.service} did not answer within {request.timeout_seconds:g} s"
            ) from error
        except ImportError as error:
            extra = _MOTO_EXTRAS.get(request.service, request.service)
            raise IntegrationFailureError(
                f"the local backend (moto) needs {error.name!r} for this {request.service} "
                f"call; install it with pip install 'moto[{extra}]', or pass endpoint_url= "
                "to use an emulator such as LocalStack"
            ) from error
        except NotImplementedError as error:
            raise IntegrationFailureError(
                f"the local backend (moto) does not implement this {request.service} call "
                f"({error}); pass endpoint_url= to use an emulator such as LocalStack"
            ) from error
        except Exception as error:
            return _internal_failure(error)
        if answer is None:
            raise IntegrationFailureError(
                f"the local backend (moto) does not serve {url_of(request)!r}; "
                "pass endpoint_url= to use an emulator such as LocalStack"
            )
        status, headers, body = answer
        response = ServiceResponse(
            status=int(status),
            headers={str(name): str(value) for name, value in dict(headers).items()},
            body=body.encode() if isinstance(body, str) else bytes(body or b""),
        )
        response = completed(request, response, self._sns_sequence)
        # moto answers the query protocol in XML only; AWS answers JSON to Accept: application/json
        return as_requested(request, response)

    def _sns_sequence(self, topic_arn: str) -> str:
        """The next sequence number of a FIFO topic: increasing, 20 digits, as AWS gives."""
        with _lock:
            number = self._sequences.get(topic_arn, 0) + 1
            self._sequences[topic_arn] = number
        return str(10**19 + number)

    def _start_sync_execution(self, request: ServiceRequest) -> ServiceResponse:
        """moto has no ``StartSyncExecution``: run simple EXPRESS machines here."""
        from ._stepfunctions import UnsupportedStateError, start_sync_execution

        def describe(arn: str) -> Any:
            try:
                return self.client("stepfunctions").describe_state_machine(stateMachineArn=arn)
            except Exception:  # not found, malformed ARN: AWS's StateMachineDoesNotExist
                return None

        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            status, answer = 400, {"__type": "SerializationException", "message": "invalid JSON"}
        else:
            try:
                status, answer = start_sync_execution(payload, describe)
            except UnsupportedStateError as error:
                raise IntegrationFailureError(
                    f"StartSyncExecution: {error}; pass endpoint_url= to run the state "
                    "machine on an emulator such as LocalStack"
                ) from error
        return ServiceResponse(
            status=status,
            headers={"Content-Type": "application/x-amz-json-1.0"},
            body=json.dumps(answer, default=str).encode(),
        )

    def client(self, service: str) -> Any:
        """A boto3 client for ``service`` on this backend's moto account (no network)."""
        found = self._clients.get(service)
        if found is None:
            found = make_client(service, region=self.region, access_key=self._access_key)
            found.meta.events.register_first("before-send", self._answer)
            self._clients[service] = found
        return found

    def lambda_function(self, arn: str) -> str | None:
        return self.names.lambda_function(arn)

    def close(self) -> None:
        """Forget this backend's moto account."""
        if self._closed:
            return
        self._closed = True
        try:
            from moto.core.base_backend import BackendDict
        except ImportError:  # pragma: no cover
            return
        from moto.core.model_instances import model_data

        instances: list[Any] = list(BackendDict._instances)  # type: ignore[misc]
        for backends in instances:
            if self.account in backends:
                del backends[self.account]
        # moto also tracks every model it creates, for its dashboard: drop this account's
        for models in list(model_data.values()):
            for model in list(models.values()):
                tracked = getattr(model, "instances_tracked", None)
                if tracked:
                    model.instances_tracked = [  # type: ignore[attr-defined]
                        item
                        for item in tracked
                        if getattr(item, "account_id", None) != self.account
                    ]

    def __enter__(self) -> MotoBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- internals ---------------------------------------------------------------------------

    def _answer(self, request: Any, **_: Any) -> Any:
        """A client's ``before-send`` hook: moto answers on this backend's account."""
        from botocore.awsrequest import AWSResponse
        from botocore.compat import HTTPHeaders
        from moto.core.botocore_stubber import MockRawResponse

        request.headers[_ACCOUNT_HEADER] = self.account
        answer = self._stubber.process_request(request)
        if answer is None:
            status, headers, body = 501, {}, f"the local backend does not serve {request.url}"
        else:
            status, headers, body = answer
        http_headers = HTTPHeaders()
        for name, value in dict(headers).items():
            http_headers[name] = value
        return AWSResponse(request.url, status, http_headers, MockRawResponse(body))


def _internal_failure(error: Exception) -> ServiceResponse:
    body = {"__type": "InternalFailure", "message": f"{type(error).__name__}: {error}"}
    return ServiceResponse(
        status=500,
        headers={"Content-Type": "application/x-amz-json-1.0"},
        body=json.dumps(body).encode(),
    )


def start_backend(
    loaded: LoadedTemplate, *, endpoint_url: str | None = None, region: str = "us-east-1"
) -> Backend:
    """The backend of a :class:`~constructs_pkg.testing.LocalApi`: the services at
    ``endpoint_url`` (:class:`~._endpoint.EndpointBackend`) when given, else moto in-process
    (:class:`MotoBackend`), with the template's resources created."""
    if endpoint_url:
        from ._endpoint import EndpointBackend

        return EndpointBackend(loaded, endpoint_url=endpoint_url, region=region)
    return MotoBackend(loaded, region=region)
