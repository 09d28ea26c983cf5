"""The options every preset shares: declared once (PresetOptions), the same set as the
construct's cross-cutting keywords, accepted by every preset and merged by one engine."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk.assertions import Match, Template
from preset_support import allow, method_properties, statements

import constructs_pkg.presets as presets
from constructs_pkg import From, Permission, ServiceIntegrationMethod, ValidationError
from constructs_pkg.presets import (
    DynamoDbDeleteItem,
    DynamoDbGetItem,
    DynamoDbPutItem,
    DynamoDbQuery,
    DynamoDbScan,
    DynamoDbUpdateItem,
    EventBridgePutEvents,
    FirehosePutRecord,
    KinesisPutRecord,
    LambdaInvoke,
    PresetOptions,
    S3DeleteObject,
    S3GetObject,
    S3PutObject,
    SnsPublish,
    SqsSendMessage,
    StepFunctionsStartExecution,
    StepFunctionsStartSyncExecution,
)
from constructs_pkg.presets._common import merge_options

PRESET_DIR = Path(presets.__file__).parent

#: The construct's keywords a preset sets itself, and why: they identify the integration (or
#: its place), so the preset derives them from its target instead of taking them as options.
PRESET_OWNED = {
    "resource": "explicit in every preset: where the method goes",
    "http_method": "explicit in every preset, with the preset's own default verb",
    "service": "the preset's service",
    "action": "the preset's action (action-style URI)",
    "path": "the preset's path (path-style URI), built from the target",
    "integration_http_method": "the verb the preset's service call needs",
    "region": "the target's region",
    "resources": "the target's ARNs (more grants: additional_permissions)",
    "iam_actions": "the preset's exact action",
}


def _cross_cutting_keywords() -> set[str]:
    construct = inspect.signature(ServiceIntegrationMethod.__init__).parameters
    return set(construct) - {"self", "scope", "construct_id"} - set(PRESET_OWNED)


def test_preset_options_are_the_cross_cutting_keywords_of_the_construct() -> None:
    assert set(PresetOptions.__annotations__) == _cross_cutting_keywords()
    assert set(PRESET_OWNED) <= set(inspect.signature(ServiceIntegrationMethod.__init__).parameters)


def test_preset_options_have_the_construct_s_types() -> None:
    construct = inspect.signature(ServiceIntegrationMethod.__init__).parameters
    for name, annotation in PresetOptions.__annotations__.items():
        # both modules use postponed annotations: compare the annotations as written
        assert annotation.__forward_arg__ == construct[name].annotation, name


def _option_docs() -> dict[str, str]:
    """Each PresetOptions key to its attribute docstring, read from the source."""
    tree = ast.parse((PRESET_DIR / "_options.py").read_text())
    [cls] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "PresetOptions"]
    docs: dict[str, str] = {}
    for statement, following in zip(cls.body, [*cls.body[1:], None], strict=True):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            assert isinstance(following, ast.Expr), statement.target.id
            assert isinstance(following.value, ast.Constant)
            docs[statement.target.id] = str(following.value.value)
    return docs


def test_each_shared_option_is_documented_once_with_its_default() -> None:
    docs = _option_docs()
    assert set(docs) == set(PresetOptions.__annotations__)
    for name, doc in docs.items():
        assert "Default:" in doc, name
    for preset in PRESETS:
        own_doc = inspect.getdoc(preset) or ""
        restated = [name for name in docs if f":param {name}:" in own_doc]
        assert restated == [], f"{preset.__name__} documents shared options again: {restated}"


# -- building every preset ----------------------------------------------------------------------


def _table(stack: cdk.Stack) -> dynamodb.Table:
    return dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
    )


def _state_machine(stack: cdk.Stack) -> sfn.StateMachine:
    return sfn.StateMachine(
        stack,
        "Machine",
        definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(stack, "Pass")),
        state_machine_type=sfn.StateMachineType.EXPRESS,
    )


def _function(stack: cdk.Stack) -> lambda_.Function:
    return lambda_.Function(
        stack,
        "Function",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\n    return event\n"),
    )


Build = Callable[[cdk.Stack, apigw.IResource, dict[str, Any]], ServiceIntegrationMethod]
KEY = {"id": From.path("id")}

BUILDERS: dict[type[ServiceIntegrationMethod], Build] = {
    DynamoDbGetItem: lambda s, r, o: DynamoDbGetItem(
        s, "M", resource=r, table=_table(s), key=KEY, **o
    ),
    DynamoDbPutItem: lambda s, r, o: DynamoDbPutItem(
        s, "M", resource=r, table=_table(s), item={"id": From.path("id")}, **o
    ),
    DynamoDbUpdateItem: lambda s, r, o: DynamoDbUpdateItem(
        s, "M", resource=r, table=_table(s), key=KEY, attributes={"n": From.body("$.n")}, **o
    ),
    DynamoDbDeleteItem: lambda s, r, o: DynamoDbDeleteItem(
        s, "M", resource=r, table=_table(s), key=KEY, **o
    ),
    DynamoDbQuery: lambda s, r, o: DynamoDbQuery(
        s, "M", resource=r, table=_table(s), partition_key=KEY, **o
    ),
    DynamoDbScan: lambda s, r, o: DynamoDbScan(s, "M", resource=r, table=_table(s), **o),
    EventBridgePutEvents: lambda s, r, o: EventBridgePutEvents(
        s,
        "M",
        resource=r,
        event_bus=events.EventBus(s, "Bus"),
        source="com.example",
        detail_type="Thing",
        **o,
    ),
    FirehosePutRecord: lambda s, r, o: FirehosePutRecord(
        s, "M", resource=r, delivery_stream="stream", **o
    ),
    KinesisPutRecord: lambda s, r, o: KinesisPutRecord(
        s, "M", resource=r, stream=kinesis.Stream(s, "Stream"), **o
    ),
    LambdaInvoke: lambda s, r, o: LambdaInvoke(s, "M", resource=r, function=_function(s), **o),
    S3GetObject: lambda s, r, o: S3GetObject(s, "M", resource=r, bucket=s3.Bucket(s, "B"), **o),
    S3PutObject: lambda s, r, o: S3PutObject(s, "M", resource=r, bucket=s3.Bucket(s, "B"), **o),
    S3DeleteObject: lambda s, r, o: S3DeleteObject(
        s, "M", resource=r, bucket=s3.Bucket(s, "B"), **o
    ),
    SnsPublish: lambda s, r, o: SnsPublish(s, "M", resource=r, topic=sns.Topic(s, "Topic"), **o),
    SqsSendMessage: lambda s, r, o: SqsSendMessage(
        s, "M", resource=r, queue=sqs.Queue(s, "Queue"), **o
    ),
    StepFunctionsStartExecution: lambda s, r, o: StepFunctionsStartExecution(
        s, "M", resource=r, state_machine=_state_machine(s), **o
    ),
    StepFunctionsStartSyncExecution: lambda s, r, o: StepFunctionsStartSyncExecution(
        s, "M", resource=r, state_machine=_state_machine(s), **o
    ),
}
PRESETS = sorted(BUILDERS, key=lambda p: p.__name__)


def _build(preset: type[ServiceIntegrationMethod], **options: Any) -> ServiceIntegrationMethod:
    stack = cdk.Stack(cdk.App(), "Stack")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    resource = api.root.add_resource("items").add_resource("{id}")
    if preset in (S3GetObject, S3PutObject, S3DeleteObject):
        resource = api.root.add_resource("files").add_resource("{key}")
    return BUILDERS[preset](stack, resource, options)


def test_every_preset_is_covered() -> None:
    exported = {getattr(presets, n) for n in presets.__all__}
    assert {
        p for p in exported if isinstance(p, type) and issubclass(p, ServiceIntegrationMethod)
    } == set(BUILDERS)


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.__name__)
def test_every_preset_takes_the_shared_options(preset: type[ServiceIntegrationMethod]) -> None:
    parameters = inspect.signature(preset.__init__).parameters
    assert parameters["options"].kind is inspect.Parameter.VAR_KEYWORD
    assert parameters["options"].annotation == "Unpack[PresetOptions]"
    assert not set(parameters) & set(PresetOptions.__annotations__), "declared twice"


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.__name__)
def test_operation_name_validator_timeout_and_api_key_reach_the_method(
    preset: type[ServiceIntegrationMethod],
) -> None:
    # GIVEN a validator of the user's own
    stack = cdk.Stack(cdk.App(), "Stack")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    validator = api.add_request_validator("Strict", validate_request_body=True)
    resource = api.root.add_resource("files" if preset.__name__.startswith("S3") else "items")
    resource = resource.add_resource("{key}" if preset.__name__.startswith("S3") else "{id}")
    # WHEN the preset gets the options no preset offered before
    BUILDERS[preset](
        stack,
        resource,
        {
            "operation_name": "DoTheThing",
            "request_validator": validator,
            "timeout": Duration.seconds(5),
            "api_key_required": True,
            "passthrough_behavior": apigw.PassthroughBehavior.NEVER,
        },
    )
    # THEN they are on the synthesized method
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGateway::Method",
        {
            "OperationName": "DoTheThing",
            "RequestValidatorId": {"Ref": Match.string_like_regexp("ApiStrict")},
            "ApiKeyRequired": True,
            "Integration": Match.object_like(
                {"TimeoutInMillis": 5000, "PassthroughBehavior": "NEVER"}
            ),
        },
    )


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.__name__)
def test_request_parameters_are_merged_and_templates_replaced(
    preset: type[ServiceIntegrationMethod],
) -> None:
    # GIVEN the preset's own parameters
    own = method_properties(_build(preset))["Integration"].get("RequestParameters", {})
    # WHEN the user adds a header and replaces the template
    method = _build(
        preset,
        request_parameters={"integration.request.header.X-Extra": "'yes'"},
        request_templates={"application/json": '{"mine": true}'},
    )
    # THEN the user's header is added to the preset's, and the user's template is the only one
    integration = method_properties(method)["Integration"]
    assert integration["RequestParameters"] == {
        **own,
        "integration.request.header.X-Extra": "'yes'",
    }
    assert integration["RequestTemplates"] == {"application/json": '{"mine": true}'}


def test_the_user_s_request_parameters_win_over_the_preset_s() -> None:
    accept = "integration.request.header.Accept"
    method = _build(SqsSendMessage, request_parameters={accept: "'text/xml'"})
    assert method_properties(method)["Integration"]["RequestParameters"][accept] == "'text/xml'"


def test_additional_permissions_are_added_to_the_preset_s_grant() -> None:
    # GIVEN an extra permission the preset cannot know about
    extra = Permission(
        actions=("kms:Decrypt",), resources=("arn:aws:kms:us-east-1:111122223333:key/k",)
    )
    # WHEN it is given to a preset
    method = _build(SqsSendMessage, additional_permissions=[extra])
    # THEN the shared role gets both the preset's action and the extra one
    found = statements(cdk.Stack.of(method))
    actions = {a for s in found for a in s["Action"]}
    assert {"sqs:SendMessage", "kms:Decrypt"} <= actions
    assert allow(["kms:Decrypt"], ["arn:aws:kms:us-east-1:111122223333:key/k"]) in found


def test_integration_responses_replace_the_preset_s_mapping() -> None:
    mine = [apigw.IntegrationResponse(status_code="202")]
    method = _build(SnsPublish, integration_responses=mine)
    assert [
        r["StatusCode"] for r in method_properties(method)["Integration"]["IntegrationResponses"]
    ] == ["202"]


def test_merge_options_keeps_the_preset_s_values_for_none() -> None:
    template = {"application/json": "{}"}
    merged = merge_options(
        {"request_templates": template, "request_parameters": {"a": "'1'"}},
        {"request_templates": None, "request_parameters": None, "role": None},
    )
    assert merged["request_templates"] is template
    assert merged["request_parameters"] == {"a": "'1'"}
    assert merged.get("role") is None


def test_calls_of_today_keep_working_with_explicit_none() -> None:
    method = _build(
        SqsSendMessage,
        role=None,
        cors=None,
        body_schema=None,
        request_templates=None,
        integration_responses=None,
        method_responses=None,
        request_parameters=None,
    )
    assert method_properties(method)["Integration"]["RequestTemplates"]


# -- failures -----------------------------------------------------------------------------------


def test_fails_when_an_option_is_unknown() -> None:
    with pytest.raises(ValidationError) as raised:
        _build(SqsSendMessage, timout=Duration.seconds(3))
    assert raised.value.code == "unknown-option"
    assert "did you mean 'timeout'?" in raised.value.message


def test_fails_when_a_preset_keyword_is_misspelt_before_any_other_check() -> None:
    # a FIFO queue without message_group_id would fail too: the typo is reported first
    stack = cdk.Stack(cdk.App(), "Stack")
    api = apigw.RestApi(stack, "Api", deploy=False, cloud_watch_role=False)
    with pytest.raises(ValidationError) as raised:
        SqsSendMessage(
            stack,
            "Send",
            resource=api.root,
            queue=sqs.Queue(stack, "Queue", fifo=True),
            message_group=From.header("X-Group"),  # type: ignore[call-arg]
        )
    assert raised.value.code == "unknown-option"
    assert "did you mean 'message_group_id'?" in raised.value.message
    assert len(api.root.node.children) == 0  # nothing was created


def test_fails_when_additional_permissions_is_one_permission_not_a_list() -> None:
    extra = Permission(actions=("kms:Decrypt",), resources=("*",))
    with pytest.raises(ValidationError) as raised:
        _build(SqsSendMessage, additional_permissions=extra)
    assert raised.value.code == "invalid-permission"


def test_fails_when_an_option_is_one_the_preset_sets_itself() -> None:
    with pytest.raises(ValidationError) as raised:
        _build(KinesisPutRecord, resources=["*"], region="eu-west-1", colour="blue")
    assert raised.value.code == "unknown-option"
    # one error names every problem
    assert "'resources' is set from the target" in raised.value.message
    assert "additional_permissions" in raised.value.message
    assert "'region' is set from the target" in raised.value.message
    assert "'colour' is not one of its keywords" in raised.value.message


# -- what the preset modules show ---------------------------------------------------------------


def _modules() -> list[Path]:
    return sorted(p for p in PRESET_DIR.glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.stem)
def test_preset_modules_export_presets_and_option_types_only(path: Path) -> None:
    import importlib

    module = importlib.import_module(f"constructs_pkg.presets.{path.stem}")
    for name in module.__all__:
        value = getattr(module, name)
        is_preset = isinstance(value, type) and issubclass(value, ServiceIntegrationMethod)
        assert is_preset or name in ("SortKeyCondition", "InvocationType"), name


@pytest.mark.parametrize("path", sorted(PRESET_DIR.glob("*.py")), ids=lambda p: p.stem)
def test_presets_use_the_public_surface_of_templates_only(path: Path) -> None:
    source = path.read_text()
    imported = [
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    ]
    assert not [m for m in imported if m.startswith("_templates._")], imported
    assert "__doc__ +=" not in source and "__doc__ = (" not in source


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.__name__)
def test_preset_docs_are_their_source_docstrings(preset: type) -> None:
    # no docstring is assembled at run time (IDEs read the source)
    tree = ast.parse(inspect.getsource(preset))
    [cls] = tree.body
    assert isinstance(cls, ast.ClassDef)
    assert ast.get_docstring(cls) == inspect.getdoc(preset)
