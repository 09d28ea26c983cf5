"""``StartSyncExecution`` for the in-process backend, which moto does not implement.

An EXPRESS state machine is run here as the Amazon States Language (JSONPath query language)
specifies, as far as it needs no other service:

- states: ``Pass``, ``Choice``, ``Wait`` (not waited), ``Succeed``, ``Fail`` (with
  ``ErrorPath``/``CausePath``), ``Parallel`` and inline ``Map`` (``ItemsPath``,
  ``ItemSelector``/``Parameters``, ``ItemProcessor``/``Iterator``), with ``Retry`` (retried
  at once, without the back-off wait) and ``Catch`` on the last two;
- input and output processing: ``InputPath``, ``Parameters``, ``ResultSelector``,
  ``ResultPath``, ``OutputPath``; payload templates with ``"key.$"`` fields taking a path
  (``$.a.b``, ``$.a[0]``, ``$['a']``, ``$.a[*].b``, ``$.a[1:3]``), a context object path
  (``$$.Execution.Input``, ``$$.Map.Item.Value``...) or an intrinsic function;
- every intrinsic function (``States.Format``, ``States.StringToJson``,
  ``States.JsonToString``, ``States.Array``, ``States.ArrayPartition``,
  ``States.ArrayContains``, ``States.ArrayRange``, ``States.ArrayGetItem``,
  ``States.ArrayLength``, ``States.ArrayUnique``, ``States.Base64Encode``,
  ``States.Base64Decode``, ``States.Hash``, ``States.JsonMerge``, ``States.MathRandom``,
  ``States.MathAdd``, ``States.StringSplit``, ``States.UUID``), nested or not
  (:mod:`~._sfn_intrinsics`);
- every ``Choice`` operator.

The answer has the shape AWS documents for ``StartSyncExecution``. What needs another service
or a newer language feature (``Task`` states, distributed ``Map``, JSONata, variables with
``Assign``) is refused with :class:`UnsupportedStateError` naming it: run such machines
against an emulator (``endpoint_url=``).
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final

from ._sfn_intrinsics import IntrinsicFailureError, UnknownIntrinsicError, evaluate

__all__ = ["UnsupportedStateError", "start_sync_execution"]

_MAX_TRANSITIONS: Final = 10_000
_RUNNABLE: Final = ("Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
# error names a Retry or Catch with States.ALL does not catch (the execution fails)
_UNCATCHABLE: Final = frozenset({"States.Runtime", "States.DataLimitExceeded"})


class UnsupportedStateError(Exception):
    """The state machine uses a feature the local interpreter does not run."""


class _ExecutionFailedError(Exception):
    def __init__(self, error: str, cause: str) -> None:
        super().__init__(error)
        self.error = error
        self.cause = cause


def _runtime(cause: str) -> _ExecutionFailedError:
    return _ExecutionFailedError("States.Runtime", cause)


def start_sync_execution(
    payload: Mapping[str, Any], describe: Callable[[str], Mapping[str, Any] | None]
) -> tuple[int, dict[str, Any]]:
    """Run ``StartSyncExecution``: ``(HTTP status, JSON answer)``.

    :param payload: the request's JSON body (``stateMachineArn``, ``input``, ``name``).
    :param describe: the state machine of an ARN as ``DescribeStateMachine`` answers, else
        ``None``.
    :raises UnsupportedStateError: the machine uses a feature this interpreter does not run.
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
    execution_arn = f"{prefix}:express:{machine_name}:{name}:{uuid.uuid4()}"
    answer: dict[str, Any] = {
        "executionArn": execution_arn,
        "stateMachineArn": arn,
        "name": name,
        "startDate": started,
        "input": text,
        "inputDetails": {"included": True},
    }
    context = {
        "Execution": {
            "Id": execution_arn,
            "Input": copy.deepcopy(data),
            "Name": name,
            "RoleArn": machine.get("roleArn"),
            "StartTime": _iso(started),
            "RedriveCount": 0,
        },
        "StateMachine": {"Id": arn, "Name": machine_name},
    }
    try:
        definition = json.loads(str(machine.get("definition") or "{}"))
        output = _Interpreter(context).run(definition, data)
    except _ExecutionFailedError as failure:
        answer.update(status="FAILED", error=failure.error, cause=failure.cause)
    else:
        answer.update(
            status="SUCCEEDED",
            output=json.dumps(output, separators=(",", ":")),
            outputDetails={"included": True},
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


def _iso(epoch: float) -> str:
    moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- the interpreter -------------------------------------------------------------------------


class _Interpreter:
    """Runs one execution: ``context`` is the context object (``$$``)."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.transitions = 0

    def run(self, definition: Mapping[str, Any], data: Any) -> Any:
        if not isinstance(definition, Mapping):
            raise _runtime("the state machine definition is not an object")
        _check_language(definition, "the state machine")
        states = definition.get("States") or {}
        current = definition.get("StartAt")
        while True:
            self.transitions += 1
            if self.transitions > _MAX_TRANSITIONS:
                raise _runtime(f"more than {_MAX_TRANSITIONS} state transitions")
            state = states.get(current)
            if not isinstance(state, Mapping):
                raise _runtime(f"the state {current!r} does not exist")
            self.context["State"] = {
                "Name": current,
                "EnteredTime": _iso(time.time()),
                "RetryCount": 0,
            }
            data, following = self.step(str(current), state, data)
            if following is None:
                return data
            current = following

    def step(self, name: str, state: Mapping[str, Any], data: Any) -> tuple[Any, str | None]:
        """Run one state: its output and the next state's name (``None``: the end)."""
        kind = state.get("Type")
        if kind == "Task":
            raise UnsupportedStateError(
                f"state {name!r} is a Task state, which calls another service; the local "
                f"backend runs only {', '.join(_RUNNABLE)} states of an EXPRESS state machine"
            )
        if kind not in _RUNNABLE:
            raise UnsupportedStateError(
                f"state {name!r} is a {kind} state; the local backend runs only "
                f"{', '.join(_RUNNABLE)} states of an EXPRESS state machine"
            )
        _check_language(state, f"state {name!r}")
        if kind == "Fail":
            raise _ExecutionFailedError(
                self._fail_field(state, "Error", data), self._fail_field(state, "Cause", data)
            )
        effective = self.select(data, state.get("InputPath", "$"))
        if kind == "Choice":
            chosen = next(
                (
                    rule.get("Next")
                    for rule in state.get("Choices") or []
                    if self.matches(rule, effective)
                ),
                state.get("Default"),
            )
            if chosen is None:
                raise _ExecutionFailedError(
                    "States.NoChoiceMatched", f"no choice rule of state {name!r} matched"
                )
            return self.select(effective, state.get("OutputPath", "$")), str(chosen)
        if kind in ("Wait", "Succeed"):
            output = self.select(effective, state.get("OutputPath", "$"))
            return output, None if kind == "Succeed" else self._next(name, state)
        if "Parameters" in state and kind != "Map":
            effective = self.payload(state["Parameters"], effective)
        if kind == "Pass":
            result = copy.deepcopy(state["Result"]) if "Result" in state else effective
        else:
            try:
                result = self._with_retries(name, state, effective)
            except _ExecutionFailedError as failure:
                caught = self._catch(state, failure, data)
                if caught is None:
                    raise
                return caught
            if "ResultSelector" in state:
                result = self.payload(state["ResultSelector"], result)
        placed = _place(data, result, state.get("ResultPath", "$"))
        return self.select(placed, state.get("OutputPath", "$")), self._next(name, state)

    def _next(self, name: str, state: Mapping[str, Any]) -> str | None:
        if state.get("End"):
            return None
        following = state.get("Next")
        if following is None:
            raise _runtime(f"state {name!r} has neither Next nor End")
        return str(following)

    def _fail_field(self, state: Mapping[str, Any], field: str, data: Any) -> str:
        path = state.get(f"{field}Path")
        if path is None:
            return str(state.get(field) or "")
        text = str(path).strip()
        intrinsic = text.startswith("States.")
        value = self.intrinsic(text, data) if intrinsic else self.value(text, data)
        if not isinstance(value, str):
            raise _runtime(f"the {field}Path {path!r} does not give a string")
        return value

    # --- Parallel, Map, Retry and Catch ----------------------------------------------------

    def _with_retries(self, name: str, state: Mapping[str, Any], effective: Any) -> Any:
        attempts: dict[int, int] = {}
        while True:
            try:
                if state.get("Type") == "Parallel":
                    return [
                        self._branch(branch, effective) for branch in state.get("Branches") or []
                    ]
                return self._map(name, state, effective)
            except _ExecutionFailedError as failure:
                retrier = next(
                    (
                        index
                        for index, rule in enumerate(state.get("Retry") or [])
                        if _error_matches(rule.get("ErrorEquals") or [], failure.error)
                    ),
                    None,
                )
                if retrier is None:
                    raise
                allowed = int((state.get("Retry") or [])[retrier].get("MaxAttempts", 3))
                attempts[retrier] = attempts.get(retrier, 0) + 1
                if attempts[retrier] > allowed:
                    raise
                self.context["State"]["RetryCount"] = sum(attempts.values())

    def _catch(
        self, state: Mapping[str, Any], failure: _ExecutionFailedError, data: Any
    ) -> tuple[Any, str] | None:
        for catcher in state.get("Catch") or []:
            if _error_matches(catcher.get("ErrorEquals") or [], failure.error):
                output = {"Error": failure.error, "Cause": failure.cause}
                return _place(data, output, catcher.get("ResultPath", "$")), str(catcher["Next"])
        return None

    def _branch(self, definition: Mapping[str, Any], data: Any) -> Any:
        saved = self.context.get("State")
        try:
            return self.run(definition, copy.deepcopy(data))
        finally:
            self.context["State"] = saved

    def _map(self, name: str, state: Mapping[str, Any], effective: Any) -> list[Any]:
        for refused in ("ItemReader", "ResultWriter", "ItemBatcher"):
            if refused in state:
                raise UnsupportedStateError(
                    f"state {name!r} is a distributed Map ({refused}); the local backend runs "
                    "only inline Map states"
                )
        processor = state.get("ItemProcessor") or state.get("Iterator") or {}
        mode = (processor.get("ProcessorConfig") or {}).get("Mode", "INLINE")
        if mode != "INLINE":
            raise UnsupportedStateError(
                f"state {name!r} is a {mode} Map; the local backend runs only inline Map states"
            )
        items = self.select(effective, state.get("ItemsPath", "$"))
        if not isinstance(items, list):
            raise _runtime(f"the ItemsPath of state {name!r} does not give an array")
        selector = state.get("ItemSelector", state.get("Parameters"))
        results = []
        for index, item in enumerate(items):
            self.context["Map"] = {"Item": {"Index": index, "Value": item}}
            try:
                prepared = self.payload(selector, effective) if selector is not None else item
            finally:
                self.context.pop("Map", None)
            results.append(self._branch(processor, prepared))
        return results

    # --- paths, payload templates and intrinsic functions ----------------------------------

    def value(self, path: str, data: Any) -> Any:
        """The value of a path (``$...`` on ``data``, ``$$...`` on the context object)."""
        if path.startswith("$$"):
            return _path(self.context, path[1:])
        return _path(data, path)

    def select(self, data: Any, path: object) -> Any:
        if path is None:
            return {}
        return copy.deepcopy(self.value(str(path), data))

    def payload(self, template: Any, data: Any) -> Any:
        if isinstance(template, Mapping):
            built = {}
            for key, item in template.items():
                if key.endswith(".$"):
                    if not isinstance(item, str):
                        raise _runtime(f"the value of field {key!r} is not a path")
                    built[key[:-2]] = self._dynamic(key, item, data)
                else:
                    built[key] = self.payload(item, data)
            return built
        if isinstance(template, list):
            return [self.payload(item, data) for item in template]
        return copy.deepcopy(template)

    def intrinsic(self, text: str, data: Any) -> Any:
        """The value of an intrinsic function call whose paths read ``data``."""
        try:
            return evaluate(text, lambda path: self.value(path, data))
        except IntrinsicFailureError as error:
            raise _ExecutionFailedError("States.IntrinsicFailure", error.cause) from error
        except UnknownIntrinsicError as error:
            raise UnsupportedStateError(str(error)) from error

    def _dynamic(self, key: str, text: str, data: Any) -> Any:
        stripped = text.strip()
        if stripped.startswith("States."):
            return self.intrinsic(stripped, data)
        try:
            return copy.deepcopy(self.value(stripped, data))
        except _ExecutionFailedError as error:
            raise _runtime(
                f"The JsonPath argument for the field {key!r} could not be found in the input: "
                f"{error.cause}"
            ) from error

    # --- Choice rules ----------------------------------------------------------------------

    def matches(self, rule: Mapping[str, Any], data: Any) -> bool:
        if "And" in rule:
            return all(self.matches(item, data) for item in rule["And"])
        if "Or" in rule:
            return any(self.matches(item, data) for item in rule["Or"])
        if "Not" in rule:
            return not self.matches(rule["Not"], data)
        if "Condition" in rule:
            raise UnsupportedStateError("JSONata Choice conditions are not supported locally")
        variable = str(rule.get("Variable", "$"))
        try:
            value = self.value(variable, data)
            present = True
        except _ExecutionFailedError:
            value, present = None, False
        for operator, expected in rule.items():
            if operator in ("Variable", "Next", "Comment"):
                continue
            if operator == "IsPresent":
                return present == bool(expected)
            if not present:
                if operator.startswith("Is"):
                    return False
                raise _runtime(
                    f"Invalid path {variable!r}: the choice state's condition path "
                    "references an invalid value"
                )
            return _compare(operator, value, expected, lambda p: self.value(p, data))
        return False


def _check_language(node: Mapping[str, Any], what: str) -> None:
    if node.get("QueryLanguage", "JSONPath") != "JSONPath":
        raise UnsupportedStateError(
            f"{what} uses the {node.get('QueryLanguage')} query language; the local backend runs "
            "only JSONPath state machines"
        )
    for field in ("Assign", "Arguments", "Output"):
        if field in node:
            raise UnsupportedStateError(
                f"{what} uses {field!r} (variables or JSONata), which the local backend does "
                "not run"
            )


def _error_matches(names: list[Any], error: str) -> bool:
    if error in names:
        return True
    return "States.ALL" in names and error not in _UNCATCHABLE


# --- JSONPath --------------------------------------------------------------------------------

_SEGMENT: Final = re.compile(
    r"""\.(?P<name>[^.\[\]]+)
      | \[\s*'(?P<quoted>(?:[^'\\]|\\.)*)'\s*\]
      | \[\s*"(?P<dquoted>(?:[^"\\]|\\.)*)"\s*\]
      | \[\s*(?P<index>-?\d+)\s*\]
      | \[\s*(?P<slice>-?\d*\s*:\s*-?\d*)\s*\]
      | \[\s*(?P<union>-?\d+(?:\s*,\s*-?\d+)+)\s*\]
      | \[\s*\*\s*\]
      | \.\*""",
    re.VERBOSE,
)


def _segments(path: str) -> list[re.Match[str]]:
    rest = path[1:]
    found = []
    position = 0
    while position < len(rest):
        if rest.startswith("..", position) or rest.startswith("[?", position):
            raise UnsupportedStateError(
                f"the JSONPath {path!r} uses recursive descent or a filter, which the local "
                "backend does not evaluate"
            )
        match = _SEGMENT.match(rest, position)
        if match is None:
            raise _runtime(f"invalid JSONPath {path!r}")
        found.append(match)
        position = match.end()
    return found


def _path(data: Any, path: str) -> Any:
    if not path.startswith("$"):
        raise _runtime(f"invalid path {path!r}")
    values = [data]
    many = False
    for segment in _segments(path.strip()):
        groups = segment.groupdict()
        following: list[Any] = []
        for value in values:
            try:
                if groups["name"] is not None and groups["name"] != "*":
                    following.append(value[groups["name"]])
                elif groups["quoted"] is not None or groups["dquoted"] is not None:
                    key = groups["quoted"] if groups["quoted"] is not None else groups["dquoted"]
                    following.append(value[re.sub(r"\\(.)", r"\1", key)])
                elif groups["index"] is not None:
                    if not isinstance(value, list):
                        raise TypeError
                    following.append(value[int(groups["index"])])
                elif groups["slice"] is not None:
                    start, _, stop = groups["slice"].partition(":")
                    many = True
                    following.extend(
                        value[
                            slice(
                                int(start) if start.strip() else None,
                                int(stop) if stop.strip() else None,
                            )
                        ]
                    )
                elif groups["union"] is not None:
                    many = True
                    following.extend(value[int(i)] for i in groups["union"].split(","))
                else:  # [*] or .*
                    many = True
                    following.extend(value.values() if isinstance(value, Mapping) else value)
            except (KeyError, IndexError, TypeError, AttributeError) as error:
                if many:
                    continue  # a wildcard's items that lack the member are left out
                raise _runtime(f"the JSONPath {path!r} could not be found in the input") from error
        values = following
    if many:
        return values
    return values[0]


def _place(data: Any, result: Any, path: object) -> Any:
    if path is None:
        return copy.deepcopy(data)
    text = str(path).strip()
    if text == "$":
        return result
    if not text.startswith("$") or text.startswith("$$"):
        raise _ExecutionFailedError(
            "States.ResultPathMatchFailure", f"cannot apply ResultPath {text!r}"
        )
    names = []
    for segment in _segments(text):
        name = segment.group("name") or segment.group("quoted") or segment.group("dquoted")
        if name is None or name == "*":
            raise _ExecutionFailedError(
                "States.ResultPathMatchFailure",
                f"ResultPath {text!r} must name object fields only",
            )
        names.append(name)
    placed = copy.deepcopy(data)
    if not isinstance(placed, dict):
        raise _ExecutionFailedError(
            "States.ResultPathMatchFailure",
            f"Unable to apply ResultPath {text!r} to input {json.dumps(data)}",
        )
    target = placed
    for name in names[:-1]:
        following = target.setdefault(name, {})
        if not isinstance(following, dict):
            raise _ExecutionFailedError(
                "States.ResultPathMatchFailure",
                f"Unable to apply ResultPath {text!r} to input {json.dumps(data)}",
            )
        target = following
    target[names[-1]] = result
    return placed


# --- Choice comparisons ----------------------------------------------------------------------

_COMPARE: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "Equals": lambda a, b: a == b,
    "LessThan": lambda a, b: a < b,
    "GreaterThan": lambda a, b: a > b,
    "LessThanEquals": lambda a, b: a <= b,
    "GreaterThanEquals": lambda a, b: a >= b,
}


def _timestamp(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


_TYPES: Final[dict[str, Callable[[Any], bool]]] = {
    "String": lambda v: isinstance(v, str),
    "Numeric": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
    "Timestamp": lambda v: _timestamp(v) is not None,
}


def _compare(operator: str, value: Any, expected: Any, resolve: Callable[[str], Any]) -> bool:
    if operator == "IsNull":
        return (value is None) == bool(expected)
    for kind, check in _TYPES.items():
        if operator == f"Is{kind}":
            return check(value) == bool(expected)
    if operator in ("StringMatches",):
        return isinstance(value, str) and _wildcard(str(expected)).fullmatch(value) is not None
    for kind, check in _TYPES.items():
        for name, compare in _COMPARE.items():
            if operator in (f"{kind}{name}", f"{kind}{name}Path"):
                other = resolve(str(expected)) if operator.endswith("Path") else expected
                if not (check(value) and check(other)):
                    return False
                if kind == "Timestamp":
                    return compare(_timestamp(value), _timestamp(other))
                return compare(value, other)
    raise UnsupportedStateError(f"the Choice operator {operator!r} is not supported locally")


def _wildcard(pattern: str) -> re.Pattern[str]:
    """``StringMatches``: ``*`` matches anything, ``\\*`` a literal star."""
    parts = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\" and position + 1 < len(pattern):
            parts.append(re.escape(pattern[position + 1]))
            position += 2
            continue
        parts.append(".*" if char == "*" else re.escape(char))
        position += 1
    return re.compile("".join(parts), re.DOTALL)
