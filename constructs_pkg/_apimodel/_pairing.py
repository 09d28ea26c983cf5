"""How method responses pair with integration responses, in one place.

API Gateway refuses (at deploy time) an integration response whose status code has no method
response, or one that maps a ``method.response.header.*`` its method response does not declare.
``ServiceIntegrationMethod`` derives method responses from integration responses with
:func:`derived_headers` and checks a user's pair with :func:`pairing_problems`; ``constructs-pkg
import`` uses the same two functions to tell whether a live method's responses are what the
construct would derive.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

__all__ = ["RESPONSE_HEADER", "derived_headers", "pairing_problems"]

RESPONSE_HEADER: Final = "method.response.header."
"""The prefix of a response parameter that sets a method response header."""

IntegrationStatus = tuple[str, Iterable[str]]
"""An integration response as pairing sees it: its status code and its parameter keys."""


def derived_headers(
    responses: Iterable[IntegrationStatus], extra_status_codes: Iterable[str] = ()
) -> dict[str, tuple[str, ...]]:
    """The method response headers each status code needs, statuses in first-seen order.

    Each status declares every ``method.response.header.*`` its integration responses map;
    ``extra_status_codes`` (statuses a response template sets through
    ``$context.responseOverride.status``) declare every header any integration response maps.
    """
    headers: dict[str, dict[str, None]] = {}
    for status, keys in responses:
        declared = headers.setdefault(status, {})
        declared.update((key, None) for key in keys if key.startswith(RESPONSE_HEADER))
    every_header = {key: None for declared in headers.values() for key in declared}
    for status in extra_status_codes:
        headers.setdefault(status, dict(every_header))
    return {status: tuple(keys) for status, keys in headers.items()}


def pairing_problems(
    responses: Iterable[IntegrationStatus],
    declared: Mapping[str, Iterable[str]],
    extra_status_codes: Iterable[str] = (),
) -> list[str]:
    """What API Gateway would refuse: each integration status without a method response, and
    each mapped header its method response does not declare.

    :param declared: the method responses: status code to declared parameter keys.
    """
    known = {status: set(keys) for status, keys in declared.items()}
    problems: list[str] = []
    for status, keys in responses:
        if status not in known:
            problems.append(f"integration response {status!r} has no method response {status!r}")
            continue
        for key in keys:
            if key.startswith(RESPONSE_HEADER) and key not in known[status]:
                problems.append(
                    f"integration response {status!r} maps {key!r}, "
                    f"which method response {status!r} does not declare"
                )
    for status in extra_status_codes:
        if status not in known:
            problems.append(
                f"a response template can set status {status!r}, which has no method response"
            )
    return problems
