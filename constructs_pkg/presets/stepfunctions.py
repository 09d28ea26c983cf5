"""Step Functions ``StartExecution`` and ``StartSyncExecution``:
:class:`StepFunctionsStartExecution` and :class:`StepFunctionsStartSyncExecution`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Unpack

from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from .._method import ServiceIntegrationMethod
from .._templates import (
    From,
    JsonTemplate,
    ResponseTemplate,
    error_mapping,
    sfn_sync_execution_response,
)
from ..errors import ValidationError
from ._common import IDEMPOTENCY_KEY_HEADER, check_from, check_options, merge_options
from ._fragments import json_fields_response
from ._options import PresetOptions

__all__ = ["StepFunctionsStartExecution", "StepFunctionsStartSyncExecution"]


def start_execution_response() -> ResponseTemplate:
    """StartExecution's answer as ``{"executionArn": ..., "startDate": <epoch seconds>}``."""
    return ResponseTemplate(
        vtl=json_fields_response(
            {"executionArn": ("executionArn", "string"), "startDate": ("startDate", "number")}
        )
    )


def start_execution_template(
    state_machine: sfn.IStateMachine, *, name: From | None = None, with_name: bool = True
) -> JsonTemplate:
    """The ``StartExecution`` / ``StartSyncExecution`` body: the state machine, the raw body as
    ``input`` (``"{}"`` when there is none) and, when present, the execution ``name``.

    :param name: the execution name. Default: - the ``Idempotency-Key`` header when
        ``with_name``, else none.
    :param with_name: whether the default name applies.
    """
    body: dict[str, object] = {
        "stateMachineArn": state_machine.state_machine_arn,
        "input": From.whole_body(default="{}"),
    }
    if name is not None:
        check_from(name, argument="name", allow_literal=False)
        body["name"] = name
    elif with_name:
        body["name"] = From.header(IDEMPOTENCY_KEY_HEADER)
    return JsonTemplate(body)


def _state_machine_type(state_machine: sfn.IStateMachine) -> sfn.StateMachineType | None:
    """The type of a state machine defined in this app, ``None`` for an imported one."""
    if isinstance(state_machine, sfn.StateMachine):
        return state_machine.state_machine_type
    return None


class _ExecutionMethod(ServiceIntegrationMethod):
    """What both Step Functions presets pass to the construct (not public)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        state_machine: sfn.IStateMachine,
        http_method: str,
        action: Literal["StartExecution", "StartSyncExecution"],
        template: JsonTemplate,
        success: ResponseTemplate,
        **options: Unpack[PresetOptions],
    ) -> None:
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="states",
            action=action,
            region=state_machine.env.region,
            resources=[state_machine.state_machine_arn],
            **merge_options(
                {
                    "request_templates": {"application/json": template},
                    "integration_responses": error_mapping("states", success=success),
                },
                options,
            ),
        )
        self.state_machine = state_machine
        """The state machine executions are started on."""


class StepFunctionsStartExecution(_ExecutionMethod):
    """A method that starts an execution of a state machine (``StartExecution``) and answers at
    once, without waiting for it to finish.

    What it sends: ``POST`` to ``states:action/StartExecution`` with ``{"stateMachineArn": ...,
    "input": "<the raw body, as a JSON string>", "name": <Idempotency-Key header, when sent>}``.
    For a STANDARD state machine the name makes a retry safe: the same name and input within 90
    days return the first execution again; the same name with another input is a conflict (409).
    What it answers: ``200 {"executionArn", "startDate"}``; errors as 4xx/5xx with
    ``{"message", "type"}`` (an input that is not JSON 400, an existing execution 409, a missing
    state machine 500). IAM: ``states:StartExecution`` on the state machine. For an EXPRESS
    state machine this is an asynchronous start (use :class:`StepFunctionsStartSyncExecution`
    to wait for the result).

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param state_machine: the state machine.
    :param http_method: the client's verb. Default: - ``POST``.
    :param name: the execution name, a request value. Default: - the client's
        ``Idempotency-Key`` header when sent (1-80 characters without spaces or
        ``"#%\\^|~`$&,;:/`` and brackets, else Step Functions answers 400); a random name
        otherwise.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        state_machine: sfn.IStateMachine,
        http_method: str = "POST",
        name: From | None = None,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        template = start_execution_template(state_machine, name=name)
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            state_machine=state_machine,
            action="StartExecution",
            template=template,
            success=start_execution_response(),
            **options,
        )


class StepFunctionsStartSyncExecution(_ExecutionMethod):
    """A method that runs an EXPRESS state machine to the end (``StartSyncExecution``) and
    answers with its output.

    What it sends: ``POST`` to ``states:action/StartSyncExecution`` with
    ``{"stateMachineArn": ..., "input": "<the raw body, as a JSON string>"}`` (and ``name``
    when given). What it answers: on ``SUCCEEDED``, ``200`` with the execution's output as the
    body (unwrapped: not Step Functions' envelope); a failed or aborted execution 500, a timed
    out one 504 (or the status ``error_statuses`` gives its error), with ``{"message",
    "type"}``; errors of the call itself as 4xx/5xx. IAM: ``states:StartSyncExecution`` on the
    state machine. API Gateway waits at most the integration timeout (29 s by default).

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the API Gateway resource the method is added to.
    :param state_machine: an EXPRESS state machine (a STANDARD one defined in this app is
        refused: Step Functions rejects the call).
    :param http_method: the client's verb. Default: - ``POST``.
    :param name: the execution name, a request value. Default: - a random name (express
        executions are not deduplicated by name).
    :param error_statuses: execution error name to status, e.g. ``{"ValidationError": 400}``
        for errors the state machine raises on bad input. Default: - none: 500 or 504.
    :param expose_cause: whether an error's message is the execution's ``cause`` (which may
        hold internal details). Default: - a generic message.
    :param options: the options every preset shares (:class:`PresetOptions`).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        state_machine: sfn.IStateMachine,
        http_method: str = "POST",
        name: From | None = None,
        error_statuses: Mapping[str, int] | None = None,
        expose_cause: bool = False,
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        if _state_machine_type(state_machine) == sfn.StateMachineType.STANDARD:
            raise ValidationError(
                "not-an-express-state-machine",
                f"state machine {state_machine.node.path!r} is STANDARD, and StartSyncExecution "
                "runs only EXPRESS state machines; create it with "
                "state_machine_type=sfn.StateMachineType.EXPRESS, or use "
                "StepFunctionsStartExecution (asynchronous)",
            )
        template = start_execution_template(state_machine, name=name, with_name=False)
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            state_machine=state_machine,
            action="StartSyncExecution",
            template=template,
            success=sfn_sync_execution_response(
                error_statuses=error_statuses, expose_cause=expose_cause
            ),
            **options,
        )
