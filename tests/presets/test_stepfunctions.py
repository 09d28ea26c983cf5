"""Step Functions: StartExecution (idempotent name) and StartSyncExecution (unwrapped output)."""

from __future__ import annotations

import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_stepfunctions as sfn
from preset_support import HOSTILE, allow, logical_id, method_properties, statements, uri

from constructs_pkg import From, ValidationError
from constructs_pkg.presets import StepFunctionsStartExecution, StepFunctionsStartSyncExecution
from constructs_pkg.testing import (
    SampleRequest,
    check_against_input_shape,
    render_method_request,
    render_response,
)


def _machine(stack: cdk.Stack, kind: sfn.StateMachineType) -> sfn.StateMachine:
    return sfn.StateMachine(
        stack,
        "Machine",
        definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(stack, "Pass")),
        state_machine_type=kind,
    )


@pytest.mark.parametrize(
    ("preset", "kind", "action"),
    [
        (StepFunctionsStartExecution, sfn.StateMachineType.STANDARD, "StartExecution"),
        (StepFunctionsStartSyncExecution, sfn.StateMachineType.EXPRESS, "StartSyncExecution"),
    ],
)
def test_stepfunctions_uri_headers_template_and_exact_grant(
    stack: cdk.Stack,
    api: apigw.RestApi,
    preset: type[StepFunctionsStartExecution] | type[StepFunctionsStartSyncExecution],
    kind: sfn.StateMachineType,
    action: str,
) -> None:
    machine = _machine(stack, kind)
    method = preset(stack, "Start", resource=api.root, state_machine=machine)
    integration = method_properties(method)["Integration"]
    assert integration["IntegrationHttpMethod"] == "POST"
    assert integration["Uri"] == uri("states", f"action/{action}")
    assert "RequestParameters" not in integration  # JSON 1.0: API Gateway's defaults suffice
    assert '"stateMachineArn": ' in integration["RequestTemplates"]["application/json"]
    assert statements(stack) == [allow([f"states:{action}"], [f"${{{logical_id(machine)}}}"])]


@pytest.mark.parametrize("payload", [{"orderId": "o-1"}, {"note": HOSTILE}], ids=["ok", "hostile"])
def test_start_execution_input_is_the_body_and_name_the_idempotency_key(
    stack: cdk.Stack, api: apigw.RestApi, payload: dict[str, object]
) -> None:
    machine = _machine(stack, sfn.StateMachineType.STANDARD)
    method = StepFunctionsStartExecution(stack, "Start", resource=api.root, state_machine=machine)
    body = render_method_request(
        method, SampleRequest(body=payload, headers={"Idempotency-Key": HOSTILE})
    )
    assert json.loads(body) == {
        "stateMachineArn": logical_id(machine),
        "input": json.dumps(payload),
        "name": HOSTILE,
    }
    assert check_against_input_shape(body, "stepfunctions", "StartExecution") == []


def test_start_execution_without_key_or_body(stack: cdk.Stack, api: apigw.RestApi) -> None:
    machine = _machine(stack, sfn.StateMachineType.STANDARD)
    method = StepFunctionsStartExecution(stack, "Start", resource=api.root, state_machine=machine)
    body = render_method_request(method, SampleRequest())
    assert json.loads(body) == {"stateMachineArn": logical_id(machine), "input": "{}"}


def test_start_execution_answers_arn_and_maps_a_reused_name_to_409(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    machine = _machine(stack, sfn.StateMachineType.STANDARD)
    method = StepFunctionsStartExecution(stack, "Start", resource=api.root, state_machine=machine)
    by_status = {r.status_code: r for r in method.integration_responses}
    ok = render_response(
        by_status["200"].response_templates["application/json"],
        {"executionArn": "arn:aws:states:x:1:execution:m:n", "startDate": 1.7e9},
    )
    assert json.loads(ok.body) == {
        "executionArn": "arn:aws:states:x:1:execution:m:n",
        "startDate": 1.7e9,
    }
    conflict = render_response(
        by_status["400"].response_templates["application/json"],
        {"__type": "com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists", "message": "x"},
        status=400,
    )
    assert conflict.status == 409


def test_sync_execution_unwraps_output_and_fails_as_error(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    machine = _machine(stack, sfn.StateMachineType.EXPRESS)
    method = StepFunctionsStartSyncExecution(
        stack,
        "Run",
        resource=api.root,
        state_machine=machine,
        name=From.header("X-Run-Id"),
        error_statuses={"ValidationError": 422},
    )
    body = render_method_request(method, SampleRequest(body={"q": HOSTILE}))
    assert json.loads(body) == {
        "stateMachineArn": logical_id(machine),
        "input": '{"q": ' + json.dumps(HOSTILE) + "}",
    }
    template = method.integration_responses[0].response_templates["application/json"]
    ok = render_response(template, {"status": "SUCCEEDED", "output": '{"total": 3}'})
    assert (ok.status, json.loads(ok.body)) == (200, {"total": 3})
    failed = render_response(
        template, {"status": "FAILED", "error": "ValidationError", "cause": "secret"}
    )
    assert failed.status == 422
    assert "secret" not in failed.body
    timed_out = render_response(template, {"status": "TIMED_OUT"})
    assert timed_out.status == 504


def test_fails_when_sync_execution_targets_a_standard_state_machine(
    stack: cdk.Stack, api: apigw.RestApi
) -> None:
    machine = _machine(stack, sfn.StateMachineType.STANDARD)
    with pytest.raises(ValidationError) as caught:
        StepFunctionsStartSyncExecution(stack, "Run", resource=api.root, state_machine=machine)
    assert caught.value.code == "not-an-express-state-machine"
    assert stack.node.try_find_child("Run") is None


def test_fails_when_name_is_a_literal(stack: cdk.Stack, api: apigw.RestApi) -> None:
    machine = _machine(stack, sfn.StateMachineType.STANDARD)
    with pytest.raises(ValidationError) as caught:
        StepFunctionsStartExecution(
            stack,
            "Start",
            resource=api.root,
            state_machine=machine,
            name="fixed",  # type: ignore[arg-type]
        )
    assert caught.value.code == "invalid-request-value"
