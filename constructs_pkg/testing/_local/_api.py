"""``LocalApi``: a synthesized REST API executed in-process, request by request.

The pipeline, one module per step: :mod:`._router` → :mod:`._authorizers` →
:mod:`._method_request` (API key, validator) → :mod:`._integration` (template, parameters,
call) → :mod:`._integration_response`; any step may end the request with a gateway response
(:mod:`._gateway_responses`). Everything read from the template (routes, schemas, compiled
templates and patterns) is built once per ``LocalApi``.
"""

from __future__ import annotations

import difflib
import json as _json
import os
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self
from urllib.parse import parse_qsl

from ..._apimodel import (
    Intrinsics,
    Method,
    NestedTemplates,
    RestApi,
    Unresolved,
    lambda_function_arn,
    parse_aws_uri,
    read_rest_api,
    rest_api_ids,
)
from ._authorizers import authorize
from ._backend import Backend, IntegrationFailureError, IntegrationTimeoutError
from ._call import Call, GatewayError
from ._errors import LocalApiError
from ._gateway_responses import gateway_response
from ._integration import build_service_request, mock_status, prepare
from ._integration_response import BackendAnswer, lambda_proxy_response, map_response
from ._lambda import LambdaHandler, LambdaResult, invoke, proxy_event
from ._method_request import SchemaCache, check_api_key, validate_request
from ._moto import start_backend
from ._names import physical_id_of
from ._payloads import is_binary
from ._response import Headers, IntegrationCall, LocalResponse
from ._router import Router
from ._source import LoadedTemplate, load_template

if TYPE_CHECKING:
    import aws_cdk as cdk

__all__ = ["LocalApi"]

DEFAULT_STAGE = "local"
"""``$context.stage`` when the template deploys the API to no stage."""

HeadersArg = Mapping[str, str] | Iterable[tuple[str, str]]
QueryArg = Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str]]


class LoadedSource(Protocol):
    """What the executor needs of a loaded template (see ``_source.LoadedTemplate``)."""

    @property
    def template(self) -> Mapping[str, Any]: ...

    @property
    def stack_name(self) -> str: ...

    @property
    def nested(self) -> NestedTemplates | None: ...

    @property
    def directory(self) -> Path | None: ...

    def logical_id_of(self, target: object) -> str: ...


def choose_rest_api(template: Mapping[str, Any], rest_api: str | None) -> str:
    """The logical id of the REST API to run.

    :raises LocalApiError: ``no-rest-api``, ``unknown-rest-api``, ``ambiguous-rest-api``.
    """
    found = [logical_id for logical_id, _ in rest_api_ids(template)]
    if not found:
        raise LocalApiError(
            "no-rest-api",
            "the template has no AWS::ApiGateway::RestApi; pass the stack (or template) that "
            "defines the REST API",
        )
    if rest_api is not None:
        if rest_api in found:
            return rest_api
        close = difflib.get_close_matches(rest_api, found, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise LocalApiError(
            "unknown-rest-api",
            f"'rest_api' {rest_api!r} is not a REST API of the template; {hint}"
            f"its REST APIs are {found!r}",
        )
    if len(found) > 1:
        raise LocalApiError(
            "ambiguous-rest-api",
            f"the template has {len(found)} REST APIs {found!r}; choose one with rest_api=",
        )
    return found[0]


class LocalApi:
    """A synthesized REST API run in-process: send requests, get API Gateway's answers.

    Usage::

        with LocalApi(stack) as api:
            r = api.request("POST", "/profiles", json={"username": "jane", "name": "Jane"})
            assert r.status_code == 200
            api.client("dynamodb").scan(TableName=api.physical_id(table))

    :param source: a ``cdk.Stack`` (synthesized for you), a template ``dict``, or the path of a
        ``*.template.json`` (nested stacks' templates are read from the same folder).
    :param rest_api: the logical id of the REST API to run. Default: - the template's only
        one.
    :param endpoint_url: send service calls to this endpoint (e.g. LocalStack where the stack
        is deployed; physical names are read from its CloudFormation stack of the template's
        name). Default: - an in-process moto backend, fresh for this ``LocalApi``, with the
        template's tables, queues, topics, streams, buckets... created from the template.
    :param region: the region of the API and its services. Default: - ``us-east-1``.
    :param stage_variables: ``$stageVariables`` (over the stage's own). Default: - the
        stage's variables.
    :param lambda_handlers: Python callables ``handler(event, context)`` by the logical id of
        the template's ``AWS::Lambda::Function`` (or by the function construct itself), run
        for ``AWS``/``AWS_PROXY`` integrations and Lambda authorizers. Default: - none (a
        Lambda integration answers 502).
    :param authorizer_context: ``$context.authorizer`` of requests an authorizer lets through
        (``{"principalId": "me", "claims": {"sub": "..."}}``). Default: - empty.
    :raises LocalApiError: ``no-rest-api``, ``unknown-rest-api``, ``ambiguous-rest-api``,
        ``backend-unsupported``.
    """

    def __init__(
        self,
        source: cdk.Stack | Mapping[str, Any] | str | os.PathLike[str],
        *,
        rest_api: str | None = None,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        stage_variables: Mapping[str, str] | None = None,
        lambda_handlers: Mapping[Any, LambdaHandler] | None = None,
        authorizer_context: Mapping[str, object] | None = None,
    ) -> None:
        loaded = load_template(source)
        logical_id = choose_rest_api(loaded.template, rest_api)
        backend = start_backend(loaded, endpoint_url=endpoint_url, region=region)
        try:
            self._setup(
                loaded,
                backend,
                logical_id,
                stage_variables=stage_variables,
                lambda_handlers=lambda_handlers,
                authorizer_context=authorizer_context,
            )
        except BaseException:
            backend.close()
            raise

    @classmethod
    def from_backend(
        cls,
        loaded: LoadedSource,
        backend: Backend,
        *,
        rest_api: str | None = None,
        stage_variables: Mapping[str, str] | None = None,
        lambda_handlers: Mapping[Any, LambdaHandler] | None = None,
        authorizer_context: Mapping[str, object] | None = None,
    ) -> LocalApi:
        """A ``LocalApi`` over a loaded template and a backend you made (tests, tools)."""
        api = cls.__new__(cls)
        api._setup(
            loaded,
            backend,
            choose_rest_api(loaded.template, rest_api),
            stage_variables=stage_variables,
            lambda_handlers=lambda_handlers,
            authorizer_context=authorizer_context,
        )
        return api

    def _setup(
        self,
        loaded: LoadedSource,
        backend: Backend,
        logical_id: str,
        *,
        stage_variables: Mapping[str, str] | None,
        lambda_handlers: Mapping[Any, LambdaHandler] | None,
        authorizer_context: Mapping[str, object] | None,
    ) -> None:
        self._loaded = loaded
        self._backend = backend
        self._closed = False
        self._lock = threading.RLock()  # a Lambda handler may call the API again
        self._intrinsics = Intrinsics(
            loaded.template,
            region=backend.region,
            account=backend.account,
            stack_name=loaded.stack_name,
            names=backend.names,
        )
        self.rest_api: RestApi = read_rest_api(self._intrinsics, logical_id, nested=loaded.nested)
        api_id = self.rest_api.id
        if isinstance(api_id, Unresolved) or not api_id or api_id.startswith("<"):
            api_id = uuid.uuid4().hex[:10]
        self._api_id = api_id
        stage = self.rest_api.stages[0] if self.rest_api.stages else None
        self._stage = stage.name if stage is not None else DEFAULT_STAGE
        self._stage_variables = {
            **(stage.variables if stage is not None else {}),
            **(stage_variables or {}),
        }
        self._handlers = {
            key if isinstance(key, str) else loaded.logical_id_of(key): handler
            for key, handler in (lambda_handlers or {}).items()
        }
        self._authorizer_context = dict(authorizer_context or {})
        self._router = Router(self.rest_api.methods)
        self._schemas = SchemaCache(self.rest_api)

    # -- public properties --------------------------------------------------------------

    @property
    def routes(self) -> list[str]:
        """The API's methods, ``"GET /profiles/{username}"``, sorted by path then verb."""
        return [method.key for method in self._router.methods]

    @property
    def rest_api_id(self) -> str:
        """``$context.apiId``: the API's id (the backend's, else a random one)."""
        return self._api_id

    @property
    def stage(self) -> str:
        """``$context.stage``: the template's stage (the first by name), else ``local``."""
        return self._stage

    @property
    def backend(self) -> Backend:
        """The services behind the API."""
        return self._backend

    @property
    def template_directory(self) -> Path | None:
        """Where the template file lives (``None`` for a stack or a dict)."""
        return self._loaded.directory

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Release the backend (its state is lost). Calling it again does nothing."""
        if not self._closed:
            self._closed = True
            self._backend.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- services -------------------------------------------------------------------------

    def client(self, service: str) -> Any:
        """A boto3 client of ``service`` on the same backend (e.g. to seed or check a table)."""
        self._check_open()
        return self._backend.client(service)

    def physical_id(self, construct_or_logical_id: object) -> str:
        """What a resource of the template is called in the backend: a table's name, a
        queue's URL, a bucket's name (its ``Ref``).

        :param construct_or_logical_id: a construct of the stack (``table``) or a logical id.
        :raises LocalApiError: ``unknown-logical-id``.
        """
        if isinstance(self._loaded, LoadedTemplate):
            return physical_id_of(self._loaded, self._backend.names, construct_or_logical_id)
        logical_id = self._loaded.logical_id_of(construct_or_logical_id)
        return self._intrinsics.text({"Ref": logical_id})

    # -- requests -------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: HeadersArg | None = None,
        query: QueryArg | None = None,
        body: str | bytes | None = None,
        json: object = None,
        source_ip: str = "127.0.0.1",
    ) -> LocalResponse:
        """Send one request to the API, as a client would to its stage URL.

        :param method: the HTTP verb (any case).
        :param path: the resource path, without the stage prefix (``/profiles/jane``); a
            query string in it is parsed (``/profiles?limit=2``).
        :param headers: request headers. Default: - none (the body's content type is then
            ``application/json`` for API Gateway).
        :param query: query-string parameters; a value may be a list. Default: - none.
        :param body: the payload, ``str`` (sent as UTF-8) or ``bytes``. Default: - none.
        :param json: a value sent as a JSON payload (with ``Content-Type: application/json``
            unless ``headers`` gives one). Default: - none.
        :param source_ip: ``$context.identity.sourceIp``. Default: - ``127.0.0.1``.
        :raises LocalApiError: ``invalid-request`` (both ``body`` and ``json``, a bad
            ``method``/``path``), ``closed``.
        """
        self._check_open()
        call = self._new_call(method, path, headers, query, body, json, source_ip)
        with self._lock:
            return self._run(call)

    def _check_open(self) -> None:
        if self._closed:
            raise LocalApiError("closed", "this LocalApi is closed; create a new one")

    def _new_call(
        self,
        method: str,
        path: str,
        headers: HeadersArg | None,
        query: QueryArg | None,
        body: str | bytes | None,
        json_value: object,
        source_ip: str,
    ) -> Call:
        if not isinstance(method, str) or not method.strip().isalpha():
            raise LocalApiError(
                "invalid-request", f"'method' must be an HTTP verb such as 'GET', got {method!r}"
            )
        if not isinstance(path, str):
            raise LocalApiError(
                "invalid-request", f"'path' must be a str such as '/profiles', got {path!r}"
            )
        if body is not None and json_value is not None:
            raise LocalApiError(
                "invalid-request", "pass either 'body' or 'json' to request(), not both"
            )
        if body is not None and not isinstance(body, str | bytes | bytearray):
            raise LocalApiError(
                "invalid-request",
                f"'body' must be str or bytes, got {type(body).__name__}; "
                "use json= for a value to send as JSON",
            )
        header_list = Headers(headers.items() if isinstance(headers, Mapping) else headers or ())
        raw_path, _, query_text = path.partition("?")
        if not raw_path.startswith("/"):
            raw_path = "/" + raw_path
        values: dict[str, list[str]] = {}
        for name, value in parse_qsl(query_text, keep_blank_values=True):
            values.setdefault(name, []).append(value)
        for name, value in _query_pairs(query):
            values.setdefault(name, []).append(value)
        payload: bytes
        if json_value is not None:
            payload = _json.dumps(json_value).encode()
            if "Content-Type" not in header_list:
                header_list.set("Content-Type", "application/json")
        elif isinstance(body, str):
            payload = body.encode()
        else:
            payload = bytes(body or b"")
        return Call(
            api=self.rest_api,
            api_id=self._api_id,
            account=self._backend.account,
            http_method=method.strip().upper(),
            path=raw_path,
            headers=header_list,
            query=values,
            body=payload,
            stage=self._stage,
            stage_variables=self._stage_variables,
            source_ip=source_ip,
        )

    def _run(self, call: Call) -> LocalResponse:
        integration_info: IntegrationCall | None = None
        try:
            route = self._router.match(call.http_method, call.path)
            if route is None:
                raise GatewayError(
                    "MISSING_AUTHENTICATION_TOKEN",
                    "Missing Authentication Token",
                    detail=f"no method {call.http_method} {call.path}; routes: "
                    + ", ".join(self.routes),
                )
            call.method = route.method
            call.path_params = dict(route.path_params)
            call.invalidate()
            authorize(
                self.rest_api,
                route.method,
                call,
                region=self._backend.region,
                authorizer_context=self._authorizer_context,
                handlers=self._lambda_handler,
            )
            call.invalidate()
            check_api_key(self.rest_api, route.method, call)
            validate_request(self.rest_api, route.method, call, self._schemas)
            response, integration_info = self._integrate(route.method, call)
        except GatewayError as error:
            response = gateway_response(self.rest_api, call, error)
            if integration_info is None:
                integration_info = error.integration
        except Exception as error:  # never a traceback in a response: a 500 that says why
            response = gateway_response(
                self.rest_api,
                call,
                GatewayError(
                    "API_CONFIGURATION_ERROR",
                    "Internal server error",
                    detail=f"local executor error: {type(error).__name__}: {error}",
                ),
            )
        return LocalResponse(
            status_code=response.status_code,
            headers=response.headers,
            # an answer to HEAD has no payload (RFC 9110 9.3.2): what a client of the stage gets
            body=b"" if call.http_method == "HEAD" else response.body,
            integration=integration_info,
            response_type=response.response_type,
            request_id=call.request_id,
        )

    def _lambda_handler(self, arn: str) -> tuple[str, LambdaHandler | None] | None:
        logical_id = self._backend.lambda_function(arn)
        if logical_id is None and arn.startswith("<") and arn.endswith(".Arn>"):
            logical_id = arn[1:-5]
        if logical_id is None:
            return None
        return logical_id, self._handlers.get(logical_id)

    def _integrate(self, method: Method, call: Call) -> tuple[LocalResponse, IntegrationCall]:
        integration = method.integration
        if integration is None:
            raise GatewayError(
                "API_CONFIGURATION_ERROR",
                "Internal server error",
                detail=f"{method.key} has no integration",
            )
        kind = integration.type
        if integration.effective_connection_type != "INTERNET" or kind in ("HTTP", "HTTP_PROXY"):
            raise _with_info(
                GatewayError(
                    "INTEGRATION_FAILURE",
                    "Internal server error",
                    status=502,
                    detail=f"{kind} integrations (and VPC links) are not run locally: "
                    f"{method.key} calls {integration.uri!r}",
                ),
                IntegrationCall(type=kind, error="not run locally"),
            )
        function_arn = lambda_function_arn(integration.uri)
        if kind == "AWS_PROXY" or (kind == "AWS" and function_arn is not None):
            return self._lambda(method, call, function_arn, proxy=kind == "AWS_PROXY")
        request = prepare(integration, call)
        if kind == "MOCK":
            selection = mock_status(request)
            info = IntegrationCall(
                type="MOCK", action="MOCK", status=int(selection or 200), request_body=request.body
            )
            answer = BackendAnswer(status=200, headers=Headers(), body=b"", selection=selection)
            return _mapped(method, answer, call, info)
        built = build_service_request(integration, request, call, region=self._backend.region)
        if built is None:
            parsed = parse_aws_uri(integration.uri or "")
            raise GatewayError(
                "API_CONFIGURATION_ERROR",
                "Internal server error",
                detail=f"integration URI {integration.uri!r} of {method.key} is not an AWS "
                f"service URI ({parsed})",
            )
        service_request, action = built
        try:
            answer_raw = self._backend.send(service_request)
        except IntegrationTimeoutError as error:
            raise _with_info(
                GatewayError(
                    "INTEGRATION_TIMEOUT", "Endpoint request timed out", detail=str(error)
                ),
                IntegrationCall(type=kind, action=action, request_body=request.body),
            ) from error
        except IntegrationFailureError as error:
            raise _with_info(
                GatewayError("INTEGRATION_FAILURE", "Internal server error", detail=str(error)),
                IntegrationCall(type=kind, action=action, request_body=request.body),
            ) from error
        info = IntegrationCall(
            type=kind,
            action=action,
            status=answer_raw.status,
            body=answer_raw.body,
            request_body=request.body,
        )
        answer = BackendAnswer(
            status=answer_raw.status,
            headers=Headers(answer_raw.headers),
            body=answer_raw.body,
            selection=str(answer_raw.status),
        )
        return _mapped(method, answer, call, info)

    def _lambda(
        self, method: Method, call: Call, function_arn: str | None, *, proxy: bool
    ) -> tuple[LocalResponse, IntegrationCall]:
        integration = method.integration
        assert integration is not None
        kind = integration.type
        found = self._lambda_handler(function_arn) if function_arn else None
        if found is None or found[1] is None:
            name = found[0] if found else function_arn
            raise _with_info(
                GatewayError(
                    "INTEGRATION_FAILURE",
                    "Internal server error",
                    status=502,
                    detail=f"no handler for Lambda function {name!r}: pass "
                    f"lambda_handlers={{{name!r}: handler}} to LocalApi",
                ),
                IntegrationCall(type=kind, action=f"lambda:{name}", error="no handler"),
            )
        logical_id, handler = found
        assert handler is not None
        action = f"lambda:{logical_id}"
        timeout_ms = integration.effective_timeout_ms
        request = None if proxy else prepare(integration, call)
        if proxy:
            event: object = proxy_event(
                call,
                binary=is_binary(call.header("Content-Type"), self.rest_api.binary_media_types),
            )
        else:
            assert request is not None
            text = request.body.decode("utf-8", errors="replace")
            try:
                event = _json.loads(text) if text.strip() else {}
            except ValueError:
                event = text
        result = invoke(
            handler,
            event,
            function_name=logical_id,
            function_arn=function_arn or "",
            timeout_ms=timeout_ms,
        )
        status = 200
        invocation = request.headers.get_all("X-Amz-Invocation-Type") if request else []
        if invocation and invocation[-1] == "Event":
            # Lambda queues the event and answers 202 with an empty body: the result, an error
            # or a timeout of the (here: already run) function is never seen by API Gateway
            status, result = 202, LambdaResult(payload="")
        info = IntegrationCall(
            type=kind,
            action=action,
            status=status,
            body=result.payload.encode(),
            request_body=request.body if request is not None else None,
            error=result.error,
        )
        if result.timed_out:
            raise _with_info(
                GatewayError(
                    "INTEGRATION_TIMEOUT",
                    "Endpoint request timed out",
                    detail=f"the handler of {logical_id} ran longer than {timeout_ms} ms",
                ),
                info,
            )
        if proxy:
            if result.error is not None:
                raise _with_info(
                    GatewayError(
                        "INTEGRATION_FAILURE",
                        "Internal server error",
                        status=502,
                        detail=f"the handler of {logical_id} raised: {result.error}",
                    ),
                    info,
                )
            try:
                return lambda_proxy_response(_json.loads(result.payload), call), info
            except GatewayError as error:
                raise _with_info(error, info) from None
        answer = BackendAnswer(
            status=status,
            headers=Headers({"Content-Type": "application/json"}),
            body=result.payload.encode(),
            selection=result.error,
        )
        return _mapped(method, answer, call, info)


def _mapped(
    method: Method, answer: BackendAnswer, call: Call, info: IntegrationCall
) -> tuple[LocalResponse, IntegrationCall]:
    try:
        return map_response(method, answer, call), info
    except GatewayError as error:
        raise _with_info(error, info) from None


def _with_info(error: GatewayError, info: IntegrationCall) -> GatewayError:
    error.integration = info
    return error


def _query_pairs(query: QueryArg | None) -> Iterable[tuple[str, str]]:
    if query is None:
        return
    items = query.items() if isinstance(query, Mapping) else query
    for name, value in items:
        if isinstance(value, str):
            yield str(name), value
        elif isinstance(value, Iterable):
            for item in value:
                yield str(name), str(item)
        else:
            yield str(name), str(value)
