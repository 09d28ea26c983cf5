"""``StartSyncExecution`` for the in-process backend, which moto does not implement.

An EXPRESS state machine made of ``Pass``, ``Choice``, ``Wait`` (not waited), ``Succeed`` and
``Fail`` states is run here, with ``InputPath``, ``Parameters``, ``ResultPath`` and
``OutputPath`` applied as the Amazon States Language specifies (paths of the form ``$``,
``$.a.b``, ``$.a[0]``, and in ``Parameters`` the intrinsic functions ``States.Array``,
``ArrayContains``, ``ArrayGetItem``, ``ArrayLength``, ``ArrayUnique``, ``Format``,
``JsonToString``, ``MathAdd``, ``StringToJson`` and ``UUID``); the answer has the shape AWS
documents for ``StartSyncExecution``.
Any other state (``Task``, ``Map``, ``Parallel``...) is refused with a clear message: run such
machines against an emulator (``endpoint_url=``).
"""

from __future__ import annotations

import copy
import json
import re
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final

__all__ = ["UnsupportedStateError", "start_sync_execution"]

_MAX_TRANSITIONS: Final = 1000
_PATH_PART: Final = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


class UnsupportedStateError(Exception):
    """The state machine uses a state the local interpreter does not run."""


class _ExecutionFailedError(Exception):
    def __init__(self, error: str, cause: str) -> None:
        super().__init__(error)
        self.error = error
        self.cause = cause


def start_sync_execution(
    payload: Mapping[str, Any], describe: Callable[[str], Mapping[str, Any] | None]
) -> tuple[int, dict[str, Any]]:
    """Run ``StartSyncExecution``: ``(HTTP status, JSON answer)``.

    :param payload: the request's JSON body (``stateMachineArn``, ``input``, ``name``).
    :param describe: the state machine of an ARN as ``DescribeStateMachine`` answers, else
        ``None``.
    :raises UnsupportedStateError: the machine has a state this interpreter does not run.
    """
    arn = str(payload.get("stateMachineArn") or "")
    machine = describe(arn) if arn else None
    if machine is None:
        return 400, _error("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
    if machine.get("type") != "EXPRESS":
        return 400, _error(
            "StateMachineTypeNotSupported",
            "This operation is not supported by this type of state machine",
        )
    raw_input = payload.get("input")
    text = "{}" if raw_input is None else str(raw_input)
    try:
        data = json.loads(text)
    except ValueError as error:
        return 400, _error(
            "InvalidExecutionInput", f"Invalid State Machine Execution Input: '{error}'"
        )
    name = str(payload.get("name") or uuid.uuid4())
    machine_name = arn.rsplit(":", 1)[-1]
    prefix = arn.split(":stateMachine:")[0]
    started = time.time()
    answer: dict[str, Any] = {
        "executionArn": f"{prefix}:express:{machine_name}:{name}:{uuid.uuid4()}",
        "stateMachineArn": arn,
        "name": name,
        "startDate": started,
        "input": text,
        "inputDetails": {"included": True},
    }
    try:
        output = _run(json.loads(str(machine.get("definition") or "{}")), data)
    except _ExecutionFailedError as failure:
        answer.update(status="FAILED", error=failure.error, cause=failure.cause)
    else:
        answer.update(
            status="SUCCEEDED", output=json.dumps(output), outputDetails={"included": True}
        )
    stopped = time.time()
    answer["stopDate"] = stopped
    answer["billingDetails"] = {
        "billedMemoryUsedInMB": 64,
        "billedDurationInMilliseconds": max(100, int((stopped - started) * 1000)),
    }
    return 200, answer


def _error(kind: str, message: str) -> dict[str, Any]:
    return {"__type": f"com.amazonaws.swf.service.v2.model#{kind}", "message": message}


def _run(definition: Mapping[str, Any], data: Any) -> Any:
    states = definition.get("States") or {}
    current = definition.get("StartAt")
    for _ in range(_MAX_TRANSITIONS):
        state = states.get(current)
        if not isinstance(state, Mapping):
            raise _ExecutionFailedError("States.Runtime", f"the state {current!r} does not exist")
        kind = state.get("Type")
        if kind not in ("Pass", "Choice", "Wait", "Succeed", "Fail"):
            raise UnsupportedStateError(
                f"state {current!r} is a {kind} state; the local backend runs only Pass, "
                "Choice, Wait, Succeed and Fail states of an EXPRESS state machine"
            )
        if kind == "Fail":
            raise _ExecutionFailedError(
                str(state.get("Error") or ""), str(state.get("Cause") or "")
            )
        effective = _select(data, state.get("InputPath", "$"))
        if kind == "Pass":
            if "Result" in state:
                result = copy.deepcopy(state["Result"])
            elif "Parameters" in state:
                result = _parameters(state["Parameters"], effective)
            else:
                result = effective
            data = _place(data, result, state.get("ResultPath", "$"))
        elif kind == "Choice":
            data = effective
            chosen = next(
                (rule.get("Next") for rule in state.get("Choices") or [] if _matches(rule, data)),
                state.get("Default"),
            )
            if chosen is None:
                raise _ExecutionFailedError(
                    "States.NoChoiceMatched", f"no choice of {current!r} matched"
                )
            data = _select(data, state.get("OutputPath", "$"))
            current = chosen
            continue
        else:  # Wait, Succeed: the input goes through
            data = effective
        data = _select(data, state.get("OutputPath", "$"))
        if kind == "Succeed" or state.get("End"):
            return data
        current = state.get("Next")
    raise _ExecutionFailedError("States.Runtime", f"more than {_MAX_TRANSITIONS} state transitions")


def _path(data: Any, path: str) -> Any:
    if not path.startswith("$"):
        raise _ExecutionFailedError("States.Runtime", f"invalid path {path!r}")
    value = data
    for name, index in _PATH_PART.findall(path[1:]):
        try:
            value = value[int(index)] if index else value[name]
        except (KeyError, IndexError, TypeError) as error:
            raise _ExecutionFailedError(
                "States.Runtime", f"the JSONPath {path!r} could not be found in the input"
            ) from error
    return value


def _select(data: Any, path: object) -> Any:
    if path is None:
        return {}
    return copy.deepcopy(_path(data, str(path)))


def _place(data: Any, result: Any, path: object) -> Any:
    if path is None:
        return data
    text = str(path)
    if text == "$":
        return result
    placed = copy.deepcopy(data)
    parts = [name for name, _ in _PATH_PART.findall(text[1:])]
    target = placed
    for name in parts[:-1]:
        if not isinstance(target, dict):
            raise _ExecutionFailedError(
                "States.ResultPathMatchFailure", f"cannot apply ResultPath {text!r}"
            )
        target = target.setdefault(name, {})
    if not isinstance(target, dict) or not parts:
        raise _ExecutionFailedError(
            "States.ResultPathMatchFailure", f"cannot apply ResultPath {text!r}"
        )
    target[parts[-1]] = result
    return placed


def _parameters(template: Any, data: Any) -> Any:
    if isinstance(template, Mapping):
        built = {}
        for key, value in template.items():
            if key.endswith(".$") and isinstance(value, str):
                built[key[:-2]] = copy.deepcopy(_value(data, value))
            else:
                built[key] = _parameters(value, data)
        return built
    if isinstance(template, list):
        return [_parameters(item, data) for item in template]
    return template


def _value(data: Any, expression: str) -> Any:
    """A ``.$`` value: a path, or an intrinsic function call (``States.ArrayLength($.a)``)."""
    text = expression.strip()
    if text.startswith("States."):
        value, end = _intrinsic(data, text, 0)
        if text[end:].strip():
            raise _ExecutionFailedError("States.Runtime", f"invalid intrinsic {expression!r}")
        return value
    return _path(data, text)


def _intrinsic(data: Any, text: str, start: int) -> tuple[Any, int]:
    """The value of the intrinsic call at ``text[start:]`` and where it ends."""
    match = _INTRINSIC_NAME.match(text, start)
    if match is None:
        raise _ExecutionFailedError("States.Runtime", f"invalid intrinsic {text[start:]!r}")
    name = match[1]
    function = _INTRINSICS.get(name)
    if function is None:
        raise UnsupportedStateError(
            f"the intrinsic function States.{name} is not run by the local backend (it runs "
            f"{', '.join('States.' + n for n in sorted(_INTRINSICS))})"
        )
    arguments: list[Any] = []
    index = match.end()
    while True:
        while index < len(text) and text[index] in " \t":
            index += 1
        if index < len(text) and text[index] == ")":
            index += 1
            break
        value, index = _argument(data, text, index)
        arguments.append(value)
        while index < len(text) and text[index] in " \t":
            index += 1
        if index < len(text) and text[index] == ",":
            index += 1
        elif index >= len(text) or text[index] != ")":
            raise _ExecutionFailedError("States.Runtime", f"invalid intrinsic {text!r}")
    try:
        return function(*arguments), index
    except (TypeError, ValueError, KeyError, IndexError) as error:
        raise _ExecutionFailedError(
            "States.IntrinsicFailure", f"States.{name} failed: {error}"
        ) from error


def _argument(data: Any, text: str, index: int) -> tuple[Any, int]:
    if text.startswith("States.", index):
        return _intrinsic(data, text, index)
    if text[index] == "'":
        chars: list[str] = []
        index += 1
        while index < len(text) and text[index] != "'":
            if text[index] == "\\" and index + 1 < len(text):
                index += 1
            chars.append(text[index])
            index += 1
        return "".join(chars), index + 1
    end = index
    depth = 0
    while end < len(text) and (depth or text[end] not in ",)"):
        depth += {"[": 1, "]": -1}.get(text[end], 0)
        end += 1
    token = text[index:end].strip()
    if token.startswith("$"):
        return _path(data, token), end
    try:
        return json.loads(token), end
    except ValueError as error:
        raise _ExecutionFailedError(
            "States.Runtime", f"invalid intrinsic argument {token!r}"
        ) from error


def _format(template: str, *values: Any) -> str:
    parts = template.split("{}")
    if len(parts) != len(values) + 1:
        raise ValueError("the number of {} does not match the arguments")
    out = parts[0]
    for value, part in zip(values, parts[1:], strict=True):
        out += (value if isinstance(value, str) else json.dumps(value)) + part
    return out


_INTRINSIC_NAME: Final = re.compile(r"States\.([A-Za-z0-9]+)\(")
_INTRINSICS: Final[dict[str, Callable[..., Any]]] = {
    "Array": lambda *items: list(items),
    "ArrayContains": lambda array, item: item in array,
    "ArrayGetItem": lambda array, index: array[int(index)],
    "ArrayLength": lambda array: len(array),
    "ArrayUnique": lambda array: [v for i, v in enumerate(array) if v not in array[:i]],
    "Format": _format,
    "JsonToString": lambda value: json.dumps(value, separators=(",", ":")),
    "MathAdd": lambda a, b: a + b,
    "StringToJson": lambda value: json.loads(value),
    "UUID": lambda: str(uuid.uuid4()),
}


_COMPARE: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "Equals": lambda a, b: a == b,
    "LessThan": lambda a, b: a < b,
    "GreaterThan": lambda a, b: a > b,
    "LessThanEquals": lambda a, b: a <= b,
    "GreaterThanEquals": lambda a, b: a >= b,
}
_TYPES: Final[dict[str, Callable[[Any], bool]]] = {
    "String": lambda v: isinstance(v, str),
    "Numeric": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
    "Timestamp": lambda v: isinstance(v, str),
}


def _matches(rule: Mapping[str, Any], data: Any) -> bool:
    if "And" in rule:
        return all(_matches(item, data) for item in rule["And"])
    if "Or" in rule:
        return any(_matches(item, data) for item in rule["Or"])
    if "Not" in rule:
        return not _matches(rule["Not"], data)
    variable = str(rule.get("Variable", "$"))
    try:
        value = _path(data, variable)
        present = True
    except _ExecutionFailedError:
        value, present = None, False
    for operator, expected in rule.items():
        if operator in ("Variable", "Next"):
            continue
        if operator == "IsPresent":
            return present == bool(expected)
        if not present:
            return False
        if operator == "IsNull":
            return (value is None) == bool(expected)
        for kind, check in _TYPES.items():
            if operator == f"Is{kind}":
                return check(value) == bool(expected)
        if operator == "StringMatches":
            pattern = re.escape(str(expected)).replace(r"\*", ".*")
            return isinstance(value, str) and re.fullmatch(pattern, value) is not None
        for kind, check in _TYPES.items():
            for name, compare in _COMPARE.items():
                if operator == f"{kind}{name}":
                    return check(value) and compare(value, expected)
                if operator == f"{kind}{name}Path":
                    return check(value) and compare(value, _path(data, str(expected)))
        raise UnsupportedStateError(f"the Choice operator {operator!r} is not supported locally")
    return False
