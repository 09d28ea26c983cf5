"""The local ``StartSyncExecution``: the Amazon States Language as specified (intrinsic
functions, the context object, JSONPath, Parallel/Map, Retry/Catch), what it cannot run refused
by name, and the Step Functions example's ``POST /quotes`` through ``LocalApi``."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from app_context import cdk_app

from constructs_pkg.testing import LocalApi
from constructs_pkg.testing._local._stepfunctions import (
    UnsupportedStateError,
    start_sync_execution,
)

ROOT = Path(__file__).resolve().parents[3]
ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:Machine"


def _execute(definition: dict[str, Any], data: Any = None, **payload: Any) -> dict[str, Any]:
    machine = {
        "type": "EXPRESS",
        "definition": json.dumps(definition),
        "roleArn": "arn:aws:iam::123456789012:role/r",
    }
    status, answer = start_sync_execution(
        {"stateMachineArn": ARN, "input": json.dumps({} if data is None else data), **payload},
        lambda arn: machine if arn == ARN else None,
    )
    assert status == 200
    return answer


def _output(definition: dict[str, Any], data: Any = None, **payload: Any) -> Any:
    answer = _execute(definition, data, **payload)
    assert answer["status"] == "SUCCEEDED", answer
    return json.loads(answer["output"])


def _pass(parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": parameters, "End": True}},
    }


DATA = {
    "items": [{"id": "a", "n": 1}, {"id": "b", "n": 2}, {"id": "a", "n": 3}],
    "name": "jane",
    "csv": "1,2;3",
    "doc": '{"x": [1]}',
    "obj": {"k": 1},
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("States.ArrayLength($.items)", 3),
        (
            "States.Format('Hello, {}! {} items', $.name, States.ArrayLength($.items))",
            "Hello, jane! 3 items",
        ),
        (r"States.Format('\{\} and \'{}\'', $.name)", "{} and 'jane'"),
        ("States.StringToJson($.doc)", {"x": [1]}),
        ("States.JsonToString($.obj)", '{"k":1}'),
        ("States.Array('a', 1, true, null, $.obj)", ["a", 1, True, None, {"k": 1}]),
        ("States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)", [[1, 2], [3, 4], [5]]),
        ("States.ArrayContains($.items[*].id, 'b')", True),
        ("States.ArrayRange(10, 0, -5)", [10, 5, 0]),
        ("States.ArrayGetItem($.items[*].n, 1)", 2),
        ("States.ArrayUnique($.items[*].id)", ["a", "b"]),
        ("States.Base64Encode($.name)", "amFuZQ=="),
        ("States.Base64Decode('amFuZQ==')", "jane"),
        ("States.Hash($.name, 'SHA-256')", hashlib.sha256(b"jane").hexdigest()),
        ("States.JsonMerge($.obj, States.StringToJson('{\"z\": 2}'), false)", {"k": 1, "z": 2}),
        ("States.MathAdd(States.ArrayLength($.items), -1)", 2),
        ("States.StringSplit($.csv, ',;')", ["1", "2", "3"]),
        ("States.ArrayLength($$.Execution.Input.items)", 3),
    ],
)
def test_intrinsic_functions(expression: str, expected: Any) -> None:
    output = _output(_pass({"value.$": expression}), DATA)
    assert output == {"value": expected}


def test_random_and_uuid_intrinsics() -> None:
    output = _output(
        _pass(
            {
                "r.$": "States.MathRandom(1, 10)",
                "s.$": "States.MathRandom(1, 1000, 7)",
                "u.$": "States.UUID()",
            }
        ),
    )
    assert 1 <= output["r"] < 10
    assert output["s"] == _output(_pass({"s.$": "States.MathRandom(1, 1000, 7)"}))["s"]
    assert len(output["u"]) == 36


@pytest.mark.parametrize(
    "expression",
    [
        "States.ArrayGetItem($.items, 9)",
        "States.Format('{} {}', $.name)",
        "States.StringToJson('not json')",
        "States.ArrayLength($.name)",
        "States.JsonMerge($.obj, $.obj, true)",
    ],
)
def test_fails_when_an_intrinsic_function_fails(expression: str) -> None:
    answer = _execute(_pass({"value.$": expression}), DATA)
    assert (answer["status"], answer["error"]) == ("FAILED", "States.IntrinsicFailure")


def test_context_object_and_jsonpath_selections() -> None:
    output = _output(
        _pass(
            {
                "name.$": "$$.Execution.Name",
                "state.$": "$$.State.Name",
                "ids.$": "$.items[*].id",
                "first_two.$": "$.items[0:2]",
                "last.$": "$['items'][-1].n",
            }
        ),
        DATA,
        name="run-1",
    )
    assert output == {
        "name": "run-1",
        "state": "P",
        "ids": ["a", "b", "a"],
        "first_two": DATA["items"][:2],
        "last": 3,
    }


def test_parallel_and_map_with_selectors() -> None:
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    _pass({"count.$": "States.ArrayLength($.items)"}),
                    {
                        "StartAt": "Each",
                        "States": {
                            "Each": {
                                "Type": "Map",
                                "ItemsPath": "$.items",
                                "ItemSelector": {
                                    "index.$": "$$.Map.Item.Index",
                                    "id.$": "$$.Map.Item.Value.id",
                                    "owner.$": "$.name",
                                },
                                "ItemProcessor": {
                                    "ProcessorConfig": {"Mode": "INLINE"},
                                    "StartAt": "Tag",
                                    "States": {
                                        "Tag": {
                                            "Type": "Pass",
                                            "Parameters": {
                                                "tag.$": "States.Format('{}-{}', $.id, $.index)"
                                            },
                                            "End": True,
                                        }
                                    },
                                },
                                "End": True,
                            }
                        },
                    },
                ],
                "ResultSelector": {"count.$": "$[0].count", "tags.$": "$[1][*].tag"},
                "ResultPath": "$.summary",
                "OutputPath": "$.summary",
                "End": True,
            }
        },
    }
    assert _output(definition, DATA) == {"count": 3, "tags": ["a-0", "b-1", "a-2"]}


def _failing(retry: list[dict[str, Any]], catch: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "StartAt": "Try",
        "States": {
            "Try": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "Boom",
                        "States": {"Boom": {"Type": "Fail", "Error": "Oops", "Cause": "bad"}},
                    }
                ],
                "Retry": retry,
                "Catch": catch,
                "End": True,
            },
            "Recover": {"Type": "Pass", "End": True},
        },
    }


def test_retry_then_catch_places_the_error_on_the_input() -> None:
    definition = _failing(
        [{"ErrorEquals": ["Oops"], "MaxAttempts": 2}],
        [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}],
    )
    assert _output(definition, {"a": 1}) == {"a": 1, "error": {"Error": "Oops", "Cause": "bad"}}
    uncaught = _execute(_failing([{"ErrorEquals": ["States.ALL"]}], []))
    assert (uncaught["status"], uncaught["error"], uncaught["cause"]) == ("FAILED", "Oops", "bad")


def test_states_all_does_not_catch_runtime_errors() -> None:
    definition = _failing([], [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}])
    branch = definition["States"]["Try"]["Branches"][0]
    branch["States"]["Boom"] = {"Type": "Pass", "InputPath": "$.missing", "End": True}
    answer = _execute(definition)
    assert (answer["status"], answer["error"]) == ("FAILED", "States.Runtime")


def test_fail_states_with_error_and_cause_paths() -> None:
    definition = {
        "StartAt": "F",
        "States": {
            "F": {
                "Type": "Fail",
                "ErrorPath": "$.kind",
                "CausePath": "States.Format('{} failed', $.name)",
            }
        },
    }
    answer = _execute(definition, {"kind": "Invalid", "name": "jane"})
    assert (answer["error"], answer["cause"]) == ("Invalid", "jane failed")


def test_choice_compares_timestamps_and_wildcards() -> None:
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {
                        "And": [
                            {
                                "Variable": "$.at",
                                "TimestampGreaterThan": "2026-01-01T00:00:00+01:00",
                            },
                            {"Variable": "$.file", "StringMatches": "*.log"},
                        ],
                        "Next": "Yes",
                    }
                ],
                "Default": "No",
            },
            "Yes": {"Type": "Pass", "Result": "yes", "End": True},
            "No": {"Type": "Pass", "Result": "no", "End": True},
        },
    }
    assert _output(definition, {"at": "2025-12-31T23:30:00Z", "file": "a.log"}) == "yes"
    assert _output(definition, {"at": "2025-12-31T22:30:00Z", "file": "a.log"}) == "no"
    assert _output(definition, {"at": "2026-02-01T00:00:00Z", "file": "a.txt"}) == "no"


@pytest.mark.parametrize(
    ("definition", "named"),
    [
        (_pass({"v.$": "States.Nope($.a)"}), "States.Nope"),
        (_pass({"v.$": "$..id"}), "recursive descent"),
        ({**_pass({}), "QueryLanguage": "JSONata"}, "JSONata"),
        (
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"x": 1}, "End": True}}},
            "'Assign'",
        ),
        (
            {
                "StartAt": "M",
                "States": {
                    "M": {
                        "Type": "Map",
                        "ItemProcessor": {
                            "ProcessorConfig": {"Mode": "DISTRIBUTED"},
                            "StartAt": "P",
                            "States": {"P": {"Type": "Pass", "End": True}},
                        },
                        "End": True,
                    }
                },
            },
            "DISTRIBUTED Map",
        ),
    ],
)
def test_fails_when_the_machine_uses_what_the_local_backend_cannot_run(
    definition: dict[str, Any], named: str
) -> None:
    with pytest.raises(UnsupportedStateError, match=named):
        _execute(definition, {"a": [1]})


def test_stepfunctions_example_quotes_through_local_api() -> None:
    path = ROOT / "examples" / "stepfunctions_order_workflow" / "app.py"
    spec = importlib.util.spec_from_file_location("example_stepfunctions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app = module.build_app(cdk_app())
    (stack,) = [child for child in app.node.children if isinstance(child, cdk.Stack)]
    with LocalApi(stack) as api:
        # WHEN a quote is asked for three items THEN the Pass state counts them
        quote = api.request("POST", "/quotes", json={"items": ["a", "b", "c"]})
        assert quote.status_code == 200, quote.text
        assert quote.json() == {"currency": "EUR", "total": 3}
        # AND without items the Fail state's ValidationError is the example's 400
        refused = api.request("POST", "/quotes", json={"items": []})
        assert refused.status_code == 400
        assert refused.json() == {"message": "no items", "type": "ValidationError"}


def test_fails_when_a_sync_machine_calls_a_service_from_a_task_state() -> None:
    from aws_cdk import aws_apigateway as apigw
    from aws_cdk import aws_sqs as sqs
    from aws_cdk import aws_stepfunctions as sfn
    from aws_cdk import aws_stepfunctions_tasks as tasks

    from constructs_pkg.presets import StepFunctionsStartSyncExecution

    # GIVEN an EXPRESS machine whose state sends to SQS (a Task state)
    stack = cdk.Stack(cdk_app(), "TaskMachine")
    queue = sqs.Queue(stack, "Queue")
    send = tasks.SqsSendMessage(
        stack, "Send", queue=queue, message_body=sfn.TaskInput.from_text("hi")
    )
    machine = sfn.StateMachine(
        stack,
        "Machine",
        definition_body=sfn.DefinitionBody.from_chainable(send),
        state_machine_type=sfn.StateMachineType.EXPRESS,
    )
    api = apigw.RestApi(stack, "Api", cloud_watch_role=False)
    StepFunctionsStartSyncExecution(
        stack, "Run", resource=api.root.add_resource("run"), state_machine=machine
    )
    with LocalApi(stack) as local:
        # WHEN it is run THEN API Gateway's integration failure, naming the state and its type
        response = local.request("POST", "/run", json={})
    assert response.status_code == 504
    assert response.response_type == "INTEGRATION_FAILURE"
    assert "state 'Send' is a Task state" in response.headers["X-Local-Error"]
