"""Check a rendered request against the botocore input shape of a service action.

The check is the one the construct runs at synth time (:mod:`constructs_pkg._shape_check`):
structural, as the service's own request validation is. Every required member is present,
every value has the member's type (recursively through structures, lists and maps), no member
is unknown, enum values are among the allowed ones, lengths are within ``min``/``max`` and
numbers within their range. Patterns and cross-member rules are not checked.

A body starting with ``{`` is read as JSON (``json`` and ``rest-json`` protocols); any other
body as an ``application/x-www-form-urlencoded`` form with the ``query`` protocol's member
names (``Name.member.1``, ``Name.entry.1.key``...), which SQS and SNS accept.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from urllib.parse import parse_qsl

from .._catalogue import Operation, operation, operation_names
from .._shape_check import check_form_pairs, check_json_body
from ..errors import ValidationError
from ._errors import TemplateRenderError

__all__ = ["check_against_input_shape"]


def _operation(service: str, action: str) -> Operation:
    """The catalogue's operation; a boto3 method name (``put_item``) is accepted too."""
    try:
        try:
            return operation(service, action)
        except ValidationError as error:
            if error.code != "unknown-action":
                raise
            squashed = action.replace("_", "").replace("-", "").lower()
            for name in operation_names(service):
                if name.lower() == squashed:
                    return operation(service, name)
            raise
    except ValidationError as error:
        raise TemplateRenderError(error.code, error.message) from error


def check_against_input_shape(
    rendered: str,
    service: str,
    action: str,
    *,
    implied_members: Collection[str] = (),
) -> list[str]:
    """Check a rendered request body against the input shape of ``service``'s ``action``.

    :param rendered: the body a request template produced (see :func:`render_request`). A body
        starting with ``{`` is read as JSON; any other as a form (query protocol).
    :param service: the service, as its integration-URI name (``"states"``, ``"dynamodb"``) or
        its boto3 client name (``"stepfunctions"``), resolved as the construct resolves it.
    :param action: the operation, as in the API reference (``"PutItem"``) or as a boto3
        method (``"put_item"``).
    :param implied_members: top-level members the integration supplies outside the body, such
        as ``QueueUrl`` for an SQS integration whose URI is the queue's path; they are not
        reported as missing. Default: - every required member must be in the body.
    :returns: one line per problem, each starting with where it is (``$.Item.name.S`` or the
        form key); an empty list when the body fits the shape.
    :raises TemplateRenderError: ``unknown-service`` / ``unknown-action`` when botocore has no
        such service or operation.
    """
    op = _operation(service, action)
    if rendered.lstrip().startswith("{"):
        try:
            document = json.loads(rendered)
        except json.JSONDecodeError as error:
            return [f"$: the body is not valid JSON: {error}"]
        problems = check_json_body(op, document, implied_members=implied_members)
    else:
        try:
            pairs = parse_qsl(rendered.strip(), keep_blank_values=True, strict_parsing=True)
        except ValueError as error:
            return [f"the body is not a form (application/x-www-form-urlencoded): {error}"]
        problems = check_form_pairs(op, pairs, implied_members=implied_members)
    return [problem.text for problem in problems]
