"""Differential test: one corpus of requests sent to LocalStack and to ``LocalApi``.

The same template on both sides: app.py's ``ProfilesApi`` and ``ProfilesApiParity`` (deployed
by the tier's session fixtures) and the preset stack of ``preset_stack.py`` (reused when the
session already deployed it, else deployed here and deleted afterwards). ``LocalApi`` runs each
template on its default in-process backend, fresh; the tables LocalStack's side reads are
emptied first, and the corpus is sent in order to both sides, so their state stays the same.

Compared for each request: the status, the body (as JSON where it is JSON, volatile ids
replaced), ``Content-Type`` and the CORS headers (``Access-Control-*`` and ``Vary``). Every
difference is recorded in ``KNOWN_DIFFERENCES`` with both answers and the AWS documentation
that decides which side is right; each case asserts exactly its recorded differences, no more
and no fewer. The cases depend on the ones before them (a GET reads what a POST wrote): run the
module whole.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import preset_stack
import pytest
from emulator_support import STAGE, TIMINGS, DeployedApi, emulator

pytestmark = pytest.mark.emulator

# --- the corpus -----

ALLOWED_ORIGIN = preset_stack.ORIGINS[1]
OTHER_ORIGIN = "https://evil.example.com"
JSON = {"Content-Type": "application/json"}
WILL = {"username": "will", "name": "William Shakespeare", "title": "playwright"}
LUDWIG = {"username": "ludwig", "name": "Ludwig van Beethoven", "title": "composer"}
JANE = {"username": "jane", "name": "Jane Austen", "title": "author"}
INJECTION = {
    "username": "mallory",
    "name": 'x"}, "admin": {"BOOL": true}, "y": {"S": "',
    "title": "t",
}


@dataclass(frozen=True)
class Case:
    """One request of the corpus, to one of the three APIs (``profiles``, ``parity``,
    ``presets``). ``path`` is the resource path (a query string allowed), no stage."""

    id: str
    api: str
    method: str
    path: str
    body: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    #: lists in the body are compared as sets (DynamoDB Scan has no order)
    unordered: bool = False


def _json(value: Any) -> str:
    return json.dumps(value)


CORPUS: tuple[Case, ...] = (
    # ProfilesApi: generated templates, plain JSON, mapped errors, a validated body
    Case("profiles-post-will", "profiles", "POST", "/profiles", _json(WILL), JSON),
    Case("profiles-post-ludwig", "profiles", "POST", "/profiles", _json(LUDWIG), JSON),
    Case("profiles-post-jane", "profiles", "POST", "/profiles", _json(JANE), JSON),
    Case("profiles-list", "profiles", "GET", "/profiles", unordered=True),
    Case("profiles-get", "profiles", "GET", "/profiles/jane"),
    Case("profiles-get-missing", "profiles", "GET", "/profiles/nobody-has-this-name"),
    Case("profiles-get-query", "profiles", "GET", "/profiles/jane?x=1&x=2"),
    Case("profiles-get-encoded", "profiles", "GET", "/profiles/ja%6Ee"),
    Case("profiles-get-accept-xml", "profiles", "GET", "/profiles/jane", None,
         {"Accept": "application/xml"}),
    Case("profiles-get-accept-html", "profiles", "GET", "/profiles/jane", None,
         {"Accept": "text/html"}),
    Case("profiles-get-origin", "profiles", "GET", "/profiles/jane", None,
         {"Origin": ALLOWED_ORIGIN}),
    Case("profiles-post-charset", "profiles", "POST", "/profiles",
         _json(WILL), {"Content-Type": "application/json; charset=utf-8"}),
    Case("profiles-post-malformed", "profiles", "POST", "/profiles", "{not json", JSON),
    Case("profiles-post-missing-field", "profiles", "POST", "/profiles",
         _json({"username": "x", "name": "X"}), JSON),
    Case("profiles-post-blank-field", "profiles", "POST", "/profiles",
         _json({"username": "x", "name": "", "title": "t"}), JSON),
    Case("profiles-post-wrong-type", "profiles", "POST", "/profiles", _json(WILL),
         {"Content-Type": "text/plain"}),
    Case("profiles-post-no-body", "profiles", "POST", "/profiles"),
    Case("profiles-post-array-body", "profiles", "POST", "/profiles", "[1, 2]", JSON),
    Case("profiles-wrong-verb", "profiles", "DELETE", "/profiles"),
    Case("profiles-head", "profiles", "HEAD", "/profiles"),
    Case("profiles-options", "profiles", "OPTIONS", "/profiles", None,
         {"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "GET"}),
    Case("profiles-root", "profiles", "GET", "/"),
    Case("profiles-unknown", "profiles", "GET", "/nothing-here"),
    Case("profiles-unknown-child", "profiles", "GET", "/profiles/jane/extra"),
    Case("profiles-trailing-slash", "profiles", "GET", "/profiles/", unordered=True),
    Case("profiles-trailing-slash-param", "profiles", "GET", "/profiles/jane/"),
    # ProfilesApiParity: the boto3 example's templates byte for byte, flaws included
    Case("parity-post-will", "parity", "POST", "/profiles", _json(WILL), JSON),
    Case("parity-post-ludwig", "parity", "POST", "/profiles", _json(LUDWIG), JSON),
    Case("parity-post-jane", "parity", "POST", "/profiles", _json(JANE), JSON),
    Case("parity-list", "parity", "GET", "/profiles", unordered=True),
    Case("parity-get", "parity", "GET", "/profiles/jane"),
    Case("parity-post-injection", "parity", "POST", "/profiles", _json(INJECTION), JSON),
    Case("parity-post-wrong-type", "parity", "POST", "/profiles", "username=eve",
         {"Content-Type": "text/plain"}),
    Case("parity-post-charset", "parity", "POST", "/profiles", _json(WILL),
         {"Content-Type": "application/json; charset=utf-8"}),
    Case("parity-post-malformed", "parity", "POST", "/profiles", "{not json", JSON),
    Case("parity-wrong-verb", "parity", "PUT", "/profiles/jane", _json(JANE), JSON),
    Case("parity-unknown", "parity", "GET", "/profile"),
    # the preset stack: DynamoDB presets with CORS, request validation, mapped errors
    Case("presets-put", "presets", "POST", "/items/diff-owner", _json({"name": "a", "size": 1}),
         {**JSON, "Idempotency-Key": "d-1", "Origin": ALLOWED_ORIGIN}),
    Case("presets-put-conflict", "presets", "POST", "/items/diff-owner",
         _json({"name": "a", "size": 1}),
         {**JSON, "Idempotency-Key": "d-1", "Origin": ALLOWED_ORIGIN}),
    Case("presets-put-other-origin", "presets", "POST", "/items/diff-owner",
         _json({"name": "b", "size": 2}),
         {**JSON, "Idempotency-Key": "d-2", "Origin": OTHER_ORIGIN}),
    Case("presets-put-missing-header", "presets", "POST", "/items/diff-owner",
         _json({"name": "c"}), {**JSON, "Origin": ALLOWED_ORIGIN}),
    Case("presets-put-invalid-body", "presets", "POST", "/items/diff-owner",
         _json({"size": 3}), {**JSON, "Idempotency-Key": "d-3", "Origin": ALLOWED_ORIGIN}),
    Case("presets-put-malformed", "presets", "POST", "/items/diff-owner", "{not json",
         {**JSON, "Idempotency-Key": "d-4"}),
    Case("presets-put-wrong-type", "presets", "POST", "/items/diff-owner", "name=e",
         {"Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": "d-5"}),
    Case("presets-preflight", "presets", "OPTIONS", "/items/diff-owner", None,
         {"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"}),
    Case("presets-preflight-other-origin", "presets", "OPTIONS", "/items/diff-owner", None,
         {"Origin": OTHER_ORIGIN, "Access-Control-Request-Method": "POST"}),
    Case("presets-get", "presets", "GET", "/items/diff-owner/d-1"),
    Case("presets-get-missing", "presets", "GET", "/items/diff-owner/none"),
    Case("presets-query", "presets", "GET", "/items/diff-owner?limit=1"),
    Case("presets-query-bad-limit", "presets", "GET", "/items/diff-owner?limit=abc"),
    Case("presets-query-zero-limit", "presets", "GET", "/items/diff-owner?limit=0"),
    Case("presets-query-forged-token", "presets", "GET",
         "/items/diff-owner?nextToken=bm90anNvbg=="),  # base64 of "notjson"
    Case("presets-put-extra-property", "presets", "POST", "/items/diff-owner",
         _json({"name": "x", "extra": 1}), {**JSON, "Idempotency-Key": "d-6"}),
    Case("presets-update", "presets", "PATCH", "/items/diff-owner/d-1", _json({"size": 5}), JSON),
    Case("presets-delete", "presets", "DELETE", "/items/diff-owner/d-2"),
    Case("presets-delete-missing", "presets", "DELETE", "/items/diff-owner/none"),
    Case("presets-queue", "presets", "POST", "/queue", _json({"hello": "world"}),
         {**JSON, "X-Kind": "greeting"}),
    Case("presets-object-missing", "presets", "GET", "/objects/no/such/file.txt"),
    Case("presets-wrong-verb", "presets", "PUT", "/items/diff-owner"),
    Case("presets-trailing-slash", "presets", "GET", "/items/diff-owner/d-1/"),
    Case("presets-unknown", "presets", "GET", "/items/diff-owner/d-1/more"),
)  # fmt: skip

# --- what differs, and who is right -----

FIELDS = ("status", "body", "content-type", "cors")


@dataclass(frozen=True)
class Known:
    """A recorded difference: LocalStack's value, LocalApi's, and the AWS documentation (or
    AWS-recorded answer) that decides between them."""

    localstack: Any
    local_api: Any
    aws: str


_DG = "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
_URL_DECODED = (
    "LocalApi is right: 'REST APIs URL-decode request parameters' "
    f"({_DG}api-gateway-known-issues.html); LocalStack looks the key 'ja%6Ee' up"
)
_MIME_ONLY = (
    "LocalApi is right: the request template is chosen by the MIME type of Content-Type, "
    "parameters such as charset ignored "
    f"({_DG}request-response-data-mappings.html); LocalStack looks the raw header up, finds "
    "no template and answers WHEN_NO_TEMPLATES' 415"
)
_CUSTOM_GATEWAY_RESPONSE = (
    "LocalApi is right: a custom gateway response's templates are applied "
    f"({_DG}api-gateway-gatewayResponse-definition.html); LocalStack never applies them "
    "(execute_api/gateway_response.py: 'TODO apply responseTemplates'). The wording of "
    "$context.error.validationErrorString is documented only as 'a detailed validation error "
    f"message' ({_DG}api-gateway-mapping-template-reference.html)"
)
_NO_MODEL_NO_VALIDATION = (
    "LocalApi is right: 'If no matching content type is found, request validation is not "
    f"performed' ({_DG}api-gateway-method-request-validation.html), so the passthrough "
    "behaviour answers 415; LocalStack validates any content type against the "
    "application/json model (localstack discussion #65)"
)
_MISSING_AUTH_TOKEN = {"message": "Missing Authentication Token"}
_INVALID_BODY = {"message": "Invalid request body"}
_UNSUPPORTED = {"message": "Unsupported Media Type"}

#: ``{(case id, field): Known}``: every difference between the two sides, and nothing else
KNOWN_DIFFERENCES: dict[tuple[str, str], Known] = {
    ("profiles-get-encoded", "status"): Known(404, 200, _URL_DECODED),
    ("profiles-get-encoded", "body"): Known(
        {"message": "not found", "type": "NotFound"}, JANE, _URL_DECODED
    ),
    ("profiles-post-charset", "status"): Known(415, 200, _MIME_ONLY),
    ("profiles-post-charset", "body"): Known(_UNSUPPORTED, {}, _MIME_ONLY),
    ("parity-post-charset", "status"): Known(415, 200, _MIME_ONLY),
    ("parity-post-charset", "body"): Known(_UNSUPPORTED, {}, _MIME_ONLY),
    ("parity-get", "body"): Known(
        {
            "__type": "ValidationException",
            "message": "One or more parameter values are not valid. The AttributeValue for a "
            "key attribute cannot contain an empty string value. Key: username",
        },
        {
            "__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
            "message": "One or more parameter values are not valid. The AttributeValue for a "
            "key attribute cannot contain an empty string value. Key: username",
        },
        "LocalApi is right: the integration response passes DynamoDB's error body through, and "
        "DynamoDB's __type is the namespaced shape id "
        "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
        'Programming.Errors.html: \'"__type":"com.amazonaws.dynamodb.v20120810#'
        "ResourceNotFoundException\"'); LocalStack's DynamoDB (moto behind LocalStack's "
        "serializer) answers the bare name",
    ),
    ("parity-post-malformed", "status"): Known(
        200,
        400,
        "LocalApi follows what AWS answers when a template reads a body that is not JSON with "
        "$input.path: 400 'Could not parse request body into json: ...' (AWS-recorded "
        "answers quoted in https://github.com/aws-quickstart/quickstart-git2s3/issues/11 and "
        "https://github.com/serverless/serverless/issues/2270); the documentation says "
        f"only that $input.path evaluates a JSONPath on the payload ({_DG}"
        "api-gateway-mapping-template-reference.html). LocalStack renders an empty key and "
        "DynamoDB's ValidationException comes back as 200",
    ),
    ("parity-post-malformed", "body"): Known(
        {
            "__type": "ValidationException",
            "message": "One or more parameter values were invalid: An AttributeValue may not "
            "contain an empty string. Key: username",
        },
        {"message": "Could not parse request body into json"},
        "see the status of this case",
    ),
    ("presets-put-missing-header", "body"): Known(
        {"message": "Missing required request parameters: [Idempotency-Key]"},
        {
            "message": "Missing required request parameters: [Idempotency-Key]",
            "type": "BadRequestParameters",
        },
        _CUSTOM_GATEWAY_RESPONSE,
    ),
    ("presets-put-invalid-body", "body"): Known(
        _INVALID_BODY,
        {
            "message": '[object has missing required properties (["name"])]',
            "type": "BadRequestBody",
        },
        _CUSTOM_GATEWAY_RESPONSE,
    ),
    ("presets-put-malformed", "body"): Known(
        _INVALID_BODY,
        {
            "message": "[Invalid JSON body: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)]",
            "type": "BadRequestBody",
        },
        _CUSTOM_GATEWAY_RESPONSE,
    ),
    ("presets-put-wrong-type", "status"): Known(400, 415, _NO_MODEL_NO_VALIDATION),
    ("presets-put-wrong-type", "body"): Known(_INVALID_BODY, _UNSUPPORTED, _NO_MODEL_NO_VALIDATION),
    ("presets-query", "body"): Known(
        {
            "items": [{"owner": "diff-owner", "id": "d-1", "name": "a", "size": 1}],
            "count": 1,
            # base64 of {"owner": {"S": "diff-owner"}, "id": {"S": "d-1"}}
            "nextToken": "eyJvd25lciI6IHsiUyI6ICJkaWZmLW93bmVyIn0sICJpZCI6IHsiUyI6ICJkLTEifX0=",
        },
        {
            "items": [{"owner": "diff-owner", "id": "d-1", "name": "a", "size": 1}],
            "count": 1,
            # base64 of {"owner":{"S":"diff-owner"},"id":{"S":"d-1"}}
            "nextToken": "eyJvd25lciI6eyJTIjoiZGlmZi1vd25lciJ9LCJpZCI6eyJTIjoiZC0xIn19",
        },
        "not decided by the documentation: the opaque token is base64 of $input.json(...), "
        "which 'returns a JSON string' with no layout specified "
        f"({_DG}api-gateway-mapping-template-reference.html); LocalStack's renderer writes "
        "Python's spaced json.dumps, LocalApi's compact JSON. Each side reads its own token back",
    ),
    ("presets-put-extra-property", "body"): Known(
        _INVALID_BODY,
        {
            "message": "[object instance has properties which are not allowed by the schema: "
            '["extra"]]',
            "type": "BadRequestBody",
        },
        _CUSTOM_GATEWAY_RESPONSE,
    ),
    ("presets-query-zero-limit", "status"): Known(
        502,
        400,
        "LocalApi is right: Limit's valid range starts at 1 "
        "(https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html), and "
        "DynamoDB answers a ValidationException, HTTP 400 "
        "(https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html), "
        "which the preset maps to 400; the moto behind LocalStack fails with a 500 (502)",
    ),
    ("presets-query-zero-limit", "body"): Known(
        {"message": "the service failed to process the request", "type": "BadGateway"},
        {
            "message": "1 validation error detected: Value '0' at 'limit' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1",
            "type": "ValidationException",
        },
        "see the status of this case",
    ),
    ("presets-query-forged-token", "status"): Known(
        502,
        400,
        "LocalApi is right: DynamoDB rejects an ExclusiveStartKey that does not match the "
        "table's key with a ValidationException, HTTP 400 "
        "(https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html), "
        "which the preset maps to 400; the moto behind LocalStack fails with a 500, which the "
        "preset maps to 502",
    ),
    ("presets-query-forged-token", "body"): Known(
        {"message": "the service failed to process the request", "type": "BadGateway"},
        {
            "message": "The provided starting key is invalid: The provided key element does not "
            "match the schema",
            "type": "ValidationException",
        },
        "see the status of this case",
    ),
    ("presets-delete-missing", "status"): Known(
        200,
        404,
        "LocalApi is right: DeleteItem returns Attributes 'only if ReturnValues was specified "
        "as ALL_OLD' and an item was deleted "
        "(https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html), "
        "so the preset's template answers 404; the moto behind LocalStack answers "
        '{"Attributes": {}} for a missing item',
    ),
    ("presets-delete-missing", "body"): Known(
        {}, {"message": "not found", "type": "NotFound"}, "see the status of this case"
    ),
}

# --- answers -----

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


@dataclass(frozen=True)
class Answer:
    """What is compared of one response."""

    status: int
    body: Any
    content_type: str | None
    cors: Mapping[str, str]

    def field(self, name: str) -> Any:
        return {
            "status": self.status,
            "body": self.body,
            "content-type": self.content_type,
            "cors": dict(self.cors),
        }[name]


def _stable(value: Any, *, unordered: bool) -> Any:
    """``value`` with volatile ids replaced (and lists sorted when ``unordered``)."""
    if isinstance(value, str):
        return _UUID.sub("<uuid>", value)
    if isinstance(value, list):
        items = [_stable(v, unordered=unordered) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True)) if unordered else items
    if isinstance(value, dict):
        return {k: _stable(v, unordered=unordered) for k, v in value.items()}
    return value


def answer(status: int, headers: Mapping[str, str], text: str, *, unordered: bool) -> Answer:
    """The comparable part of a response: JSON bodies parsed, CORS headers by lower-case name."""
    try:
        body: Any = json.loads(text) if text else ""
    except ValueError:
        body = text
    lower = {k.lower(): v for k, v in headers.items()}
    return Answer(
        status=status,
        body=_stable(body, unordered=unordered),
        content_type=lower.get("content-type"),
        cors={
            k: v for k, v in sorted(lower.items()) if k.startswith("access-control-") or k == "vary"
        },
    )


def differences(localstack: Answer, local_api: Answer) -> dict[str, tuple[Any, Any]]:
    """``{field: (LocalStack's value, LocalApi's value)}`` of the fields that differ."""
    return {
        name: (localstack.field(name), local_api.field(name))
        for name in FIELDS
        if localstack.field(name) != local_api.field(name)
    }


def expected_differences(case_id: str) -> dict[str, tuple[Any, Any]]:
    return {
        name: (known.localstack, known.local_api)
        for (cid, name), known in KNOWN_DIFFERENCES.items()
        if cid == case_id
    }


# --- both sides -----


@dataclass
class Sides:
    """The three APIs on LocalStack (rest API ids) and in ``LocalApi`` (open instances)."""

    rest_api_ids: dict[str, str]
    local_apis: dict[str, Any]

    def send(self, case: Case) -> tuple[Answer, Answer]:
        headers = dict(case.headers)
        started = time.perf_counter()
        remote = emulator.invoke(
            self.rest_api_ids[case.api], STAGE, case.path, case.method, case.body, headers
        )
        TIMINGS.latencies_ms.append((time.perf_counter() - started) * 1000)
        local = self.local_apis[case.api].request(
            case.method, case.path, headers=headers, body=case.body
        )
        return (
            answer(remote.status, remote.headers, remote.body, unordered=case.unordered),
            answer(local.status_code, local.headers, local.text, unordered=case.unordered),
        )


def _empty(ddb: Any, table: str) -> None:
    keys = [k["AttributeName"] for k in ddb.describe_table(TableName=table)["Table"]["KeySchema"]]
    for page in ddb.get_paginator("scan").paginate(TableName=table):
        for item in page["Items"]:
            ddb.delete_item(TableName=table, Key={k: item[k] for k in keys})


def _table_of(api: DeployedApi) -> str:
    if "TableName" in api.outputs:
        return api.outputs["TableName"]
    names = [
        r["Properties"]["TableName"]
        for r in api.template["Resources"].values()
        if r["Type"] == "AWS::DynamoDB::Table"
    ]
    assert len(names) == 1, names
    return str(names[0])


@pytest.fixture(scope="module")
def presets_on_localstack(localstack: emulator.Emulator) -> Iterator[DeployedApi]:
    """The preset stack: the session's when deployed already, else deployed here (without
    the Lambda function: no case calls it) and deleted at the end, so that
    ``test_emulator_presets`` later deploys its own."""
    from test_emulator_presets import _deploy

    cfn = emulator.client("cloudformation")
    stack = preset_stack.STACK_NAME
    if emulator._stack_status(cfn, stack) == "CREATE_COMPLETE":
        described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
        outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
        body = cfn.get_template(StackName=stack)["TemplateBody"]
        template = json.loads(body) if isinstance(body, str) else body
        yield DeployedApi(stack, outputs["RestApiId"], outputs, template)
        return
    import tempfile

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cdk-presets-") as outdir:
        template = preset_stack.synth_template(outdir, with_lambda=False)
    outputs = _deploy(template)
    TIMINGS.deploys[f"{stack} (differential)"] = time.perf_counter() - started
    try:
        yield DeployedApi(stack, outputs["RestApiId"], outputs, template)
    finally:
        emulator.delete(stack)
        left = emulator._stack_status(cfn, stack)
        # a stack left behind would make test_emulator_presets' own deploy fail
        assert left in (None, "DELETE_COMPLETE"), f"deleting {stack} ended {left}"


@pytest.fixture(scope="module")
def sides(
    profiles_api: DeployedApi,
    parity_api: DeployedApi,
    presets_on_localstack: DeployedApi,
    aws: Callable[[str], Any],
) -> Iterator[Sides]:
    from constructs_pkg.testing import LocalApi

    deployed = {"profiles": profiles_api, "parity": parity_api, "presets": presets_on_localstack}
    for name in ("profiles", "parity"):
        _empty(aws("dynamodb"), _table_of(deployed[name]))
    with contextlib.ExitStack() as stack:
        local_apis = {
            name: stack.enter_context(LocalApi(api.template)) for name, api in deployed.items()
        }
        yield Sides({name: api.rest_api_id for name, api in deployed.items()}, local_apis)
    for name in ("profiles", "parity"):
        _empty(aws("dynamodb"), _table_of(deployed[name]))


# --- tests -----


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_answers_are_the_same_but_for_the_recorded_differences(sides: Sides, case: Case) -> None:
    localstack, local_api = sides.send(case)
    assert differences(localstack, local_api) == expected_differences(case.id), (
        f"{case.method} {case.path}\n  LocalStack: {localstack}\n  LocalApi:   {local_api}"
    )


def test_every_recorded_difference_names_a_case_a_field_and_its_source() -> None:
    ids = {case.id for case in CORPUS}
    assert len(ids) == len(CORPUS), "case ids must be unique"
    for (case_id, name), known in KNOWN_DIFFERENCES.items():
        assert case_id in ids, case_id
        assert name in FIELDS, name
        assert known.localstack != known.local_api, case_id
        if known.aws != "see the status of this case":
            assert "https://" in known.aws, case_id
        else:
            assert (case_id, "status") in KNOWN_DIFFERENCES, case_id
