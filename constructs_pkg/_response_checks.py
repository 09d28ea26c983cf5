"""Response templates and selection patterns checked at synth time (warnings only; pure: no
construct is created here).

- ``constructs_pkg:response-shape:unknown-member``: a response template reads
  (``$input.path``, ``$input.json``, ``#foreach`` over them) a member the operation's output
  shape (2xx responses) or its error shapes (4xx/5xx) does not have.
- ``constructs_pkg:selection-pattern:never-matches``: a selection pattern of an AWS (non-Lambda)
  integration that no HTTP status code fully matches (AWS matches it against the service's
  status code, not its message).
- ``constructs_pkg:selection-pattern:shadowed``: a pattern matching only codes an earlier
  response already takes.

Results are cached per template text (or pattern) and operation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from ._catalogue import Operation, operation_shapes
from ._shape_check import close_match

__all__ = [
    "WARN_NEVER_MATCHES",
    "WARN_RESPONSE_UNKNOWN_MEMBER",
    "WARN_SHADOWED",
    "response_warnings",
    "selection_pattern_warnings",
]

WARN_RESPONSE_UNKNOWN_MEMBER: Final = "constructs_pkg:response-shape:unknown-member"
WARN_NEVER_MATCHES: Final = "constructs_pkg:selection-pattern:never-matches"
WARN_SHADOWED: Final = "constructs_pkg:selection-pattern:shadowed"
_TOKEN_MARK: Final = "Token["

Warning = tuple[str, str]


_PATH_CALL: Final = re.compile(r"""\$!?\{?input\.(?:path|json)\(\s*(['"])([^'"]*)\1\s*\)""")
_SET_PATH: Final = re.compile(
    r"""#set\(\s*\$([A-Za-z_]\w*)\s*=\s*\$input\.path\(\s*(['"])([^'"]*)\2\s*\)\s*\)"""
)
_FOREACH: Final = re.compile(
    r"""#foreach\(\s*\$([A-Za-z_]\w*)\s+in\s+(?:\$input\.path\(\s*(['"])([^'"]*)\2\s*\)"""
    r"""|\$!?\{?([A-Za-z_]\w*)\}?)\s*\)"""
)
_PROPERTY: Final = re.compile(r"\$!?\{?([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)(\()?")
_STEP: Final = re.compile(r"""\.([A-Za-z_][\w-]*)|\[(\d+|\*)\]|\[\s*(['"])([^'"]+)\3\s*\]""")
_ERROR_BODY_MEMBERS: Final = frozenset(
    {
        "__type",
        "message",
        "Message",
        "code",
        "Code",
        "type",
        "Type",
        "Error",
        "Errors",
        "ErrorResponse",
        "RequestId",
        "requestId",
    }
)

_Shape = Mapping[str, Any]


def response_warnings(op: Operation | None, responses: Sequence[Any]) -> list[Warning]:
    """Warnings for response templates reading a member the operation's answer has not.

    :param responses: the integration responses (``aws_apigateway.IntegrationResponse``).
    """
    if op is None:
        return []
    warnings: list[Warning] = []
    for response in responses:
        status = str(response.status_code)
        outcome = "success" if status.startswith("2") else "error" if status[:1] in "45" else ""
        templates = response.response_templates
        if not outcome or not templates:
            continue
        for content_type, text in dict(templates).items():
            if not isinstance(text, str) or "$" not in text:
                continue
            for where, member, hint in _unknown_reads(op, outcome, text):
                shape = "its error shapes" if outcome == "error" else "its output shape"
                warnings.append(
                    (
                        WARN_RESPONSE_UNKNOWN_MEMBER,
                        f"the {status} response template for {content_type!r} reads {where}, "
                        f"but {op.service} {op.name}'s answer has no member {member!r} "
                        f"({shape}){hint}; the value is always empty",
                    )
                )
    return warnings


@functools.lru_cache(maxsize=512)
def _unknown_reads(op: Operation, outcome: str, text: str) -> tuple[tuple[str, str, str], ...]:
    """``(what is read, unknown member, did-you-mean)`` for each bad read of ``text``."""
    root = _response_root(op, outcome)
    if root is None:
        return ()
    _, shapes = operation_shapes(op)
    found: dict[tuple[str, str], str] = {}
    bound: dict[str, _Shape] = {}

    def walk(start: _Shape, steps: list[str], shown: str) -> _Shape | None:
        node: _Shape | None = start
        for step in steps:
            if node is None:
                return None
            node = _step(node, step, shapes, shown, found)
        return node

    for match in _SET_PATH.finditer(text):
        steps = _path_steps(match.group(3))
        if steps is not None:
            target = walk(root, steps, match.group(3))
            if target is not None:
                bound[match.group(1)] = target
    for match in _PATH_CALL.finditer(text):
        steps = _path_steps(match.group(2))
        if steps is not None:
            walk(root, steps, match.group(2))
    for match in _FOREACH.finditer(text):
        iterated: _Shape | None
        if match.group(3) is not None:
            steps = _path_steps(match.group(3))
            iterated = walk(root, steps, match.group(3)) if steps is not None else None
        else:
            iterated = bound.get(match.group(4))
        element = _element(iterated, shapes)
        if element is not None:
            bound[match.group(1)] = element
    for match in _PROPERTY.finditer(text):
        start = bound.get(match.group(1))
        if start is None:
            continue
        names = match.group(2).split(".")[1:]
        if match.group(3):
            names = names[:-1]  # the last one is a method call: $x.size()
        walk(start, names, "$" + match.group(1) + "." + ".".join(names))
    return tuple((where, member, hint) for (where, member), hint in found.items())


def _path_steps(path: str) -> list[str] | None:
    """The member names and indexes of a simple JSONPath (``$.a.b[0]``), ``None`` otherwise."""
    if not path.startswith("$") or "$" in path[1:] or ".." in path or "?" in path:
        return None
    rest = path[1:]
    steps: list[str] = []
    position = 0
    while position < len(rest):
        match = _STEP.match(rest, position)
        if match is None:
            return None
        if match.group(1) is not None:
            steps.append(match.group(1))
        elif match.group(2) is not None:
            steps.append("[]")
        else:
            steps.append(match.group(4))
        position = match.end()
    return steps


def _resolve(ref: _Shape, shapes: Mapping[str, Any]) -> _Shape:
    inline = ref.get("inline")
    if isinstance(inline, Mapping):
        return inline
    found: _Shape = shapes.get(str(ref.get("shape")), {})
    return found


def _step(
    node: _Shape,
    step: str,
    shapes: Mapping[str, Any],
    shown: str,
    found: dict[tuple[str, str], str],
) -> _Shape | None:
    kind = node.get("type")
    if kind == "list":
        return _resolve(node["member"], shapes) if step == "[]" else None
    if kind == "map":
        return _resolve(node["value"], shapes) if step != "[]" else None
    if kind != "structure" or node.get("document") or step == "[]":
        return None
    members: Mapping[str, Any] = node.get("members", {})
    ref = members.get(step)
    if ref is None:
        if not node.get("open"):
            found.setdefault((shown, step), close_match(step, members))
        return None
    return _resolve(ref, shapes)


def _element(node: _Shape | None, shapes: Mapping[str, Any]) -> _Shape | None:
    """What ``#foreach`` iterates over a list (its items) or a map (its values)."""
    if node is None:
        return None
    if node.get("type") == "list":
        return _resolve(node["member"], shapes)
    if node.get("type") == "map":
        return _resolve(node["value"], shapes)
    return None


_ANY_SHAPE: Final[_Shape] = {"type": "any"}


@functools.lru_cache(maxsize=256)
def _response_root(op: Operation, outcome: str) -> _Shape | None:
    """The shape of the JSON body a response template reads, ``None`` when not JSON or not
    known (rest-xml, a blob payload such as Lambda's)."""
    raw_op, shapes = operation_shapes(op)
    if op.protocol not in ("json", "rest-json", "query"):
        return None
    output_ref: _Shape | None = raw_op.get("output")
    output = _resolve(output_ref, shapes) if output_ref is not None else {}
    payload = output.get("payload")
    if payload and _resolve(output["members"][payload], shapes).get("type") != "structure":
        # the answer is a blob (Lambda's Invoke: the function's result or error), not a shape
        return None
    if outcome == "error":
        members: dict[str, Any] = {name: {"inline": _ANY_SHAPE} for name in _ERROR_BODY_MEMBERS}
        for error in raw_op.get("errors", ()):
            error_shape: _Shape = shapes.get(error["shape"], {})
            for name, ref in error_shape.get("members", {}).items():
                members.setdefault(name, ref)
        return {"type": "structure", "members": members}
    if output_ref is None:
        return {"type": "structure", "members": {}}
    if op.protocol == "rest-json":
        if payload:
            target = _resolve(output["members"][payload], shapes)
            return target if target.get("type") == "structure" else None
        body = {k: r for k, r in output.get("members", {}).items() if not r.get("location")}
        return {"type": "structure", "members": body}
    if op.protocol == "query":
        # under Accept: application/json a query service answers
        # {"<Op>Response": {"<Op>Result": {...}, "ResponseMetadata": {...}}}; services on the
        # JSON protocol too (SQS) answer the members themselves
        result = str(output_ref.get("resultWrapper") or f"{op.name}Result")
        wrapper = {
            "type": "structure",
            "members": {
                result: {"shape": output_ref["shape"]},
                "ResponseMetadata": {"inline": _ANY_SHAPE},
            },
        }
        members = dict(output.get("members", {}))
        members[f"{op.name}Response"] = {"inline": wrapper}
        return {"type": "structure", "members": members}
    return output


# --- selection patterns ----------------------------------------------------------------------

_STATUS_CODES: Final = tuple(str(code) for code in range(100, 600))


@functools.lru_cache(maxsize=256)
def _codes(pattern: str) -> frozenset[str] | None:
    """The status codes ``pattern`` fully matches; ``None`` when Python cannot compile it."""
    try:
        compiled = re.compile(pattern)
    except re.error:
        return None
    return frozenset(code for code in _STATUS_CODES if compiled.fullmatch(code))


def selection_pattern_warnings(service: str, responses: Sequence[Any]) -> list[Warning]:
    """Warnings for selection patterns of an AWS (non-Lambda) integration that match no status
    code, or only codes an earlier response already takes."""
    if service == "lambda":
        return []  # Lambda's patterns match the function's error message
    warnings: list[Warning] = []
    taken: set[str] = set()
    for response in responses:
        pattern = response.selection_pattern
        if not isinstance(pattern, str) or not pattern or _TOKEN_MARK in pattern:
            continue
        codes = _codes(pattern)
        if codes is None:
            continue
        status = response.status_code
        if not codes:
            warnings.append(
                (
                    WARN_NEVER_MATCHES,
                    f"the {status} integration response's selection pattern {pattern!r} "
                    "matches no HTTP status code: for an AWS service integration, API Gateway "
                    "matches selection patterns against the service's status code (e.g. "
                    "'4\\d{2}', '400'), not its error message, so this response is never "
                    "selected; match the status code instead",
                )
            )
        elif codes <= taken:
            warnings.append(
                (
                    WARN_SHADOWED,
                    f"the {status} integration response's selection pattern {pattern!r} "
                    "matches only status codes an earlier integration response already takes "
                    f"({', '.join(sorted(codes)[:5])}{'...' if len(codes) > 5 else ''}), so "
                    "it is never selected; narrow the earlier pattern or remove this response",
                )
            )
        taken |= codes
    return warnings
