"""What every preset shares: the engine that merges the user's options with the preset's
values (:func:`merge_options`, :func:`check_options`) and small checks.

Pure helpers; the presets themselves are :class:`~constructs_pkg.ServiceIntegrationMethod`
subclasses in one module per service.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Mapping, Sequence

from aws_cdk import Token

from .._method import RequestTemplate, ServiceIntegrationMethod
from .._templates import From
from ..errors import ValidationError
from ._options import PresetOptions

__all__ = [
    "IDEMPOTENCY_KEY_HEADER",
    "check_from",
    "check_options",
    "merge_options",
    "templates_for",
]

#: The header a client sends to make a retried request safe (mapped to SQS/SNS FIFO
#: deduplication ids and Step Functions execution names).
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"

_JSON = "application/json"
_GRANTS = ("resources", "iam_actions")


def check_options(preset: object, options: Mapping[str, object]) -> None:
    """Check that every key of a preset's ``**options`` is a :class:`PresetOptions` key.

    Called first in each preset, so a misspelt keyword is reported before anything it would
    have changed is checked, and before any child is created.

    :param preset: the preset being built (its class names the error and its own keywords).
    :raises ValidationError: ``unknown-option``, naming every unknown keyword with the closest
        known one, or the reason when it is one of ``ServiceIntegrationMethod``'s that the
        preset sets itself.
    """
    known = PresetOptions.__annotations__
    unknown = [name for name in options if name not in known]
    if not unknown:
        return
    cls = type(preset)
    construct = inspect.signature(ServiceIntegrationMethod.__init__).parameters
    own = [
        p.name
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    problems: list[str] = []
    for name in unknown:
        if name in construct:
            grants = "add grants with additional_permissions, or " if name in _GRANTS else ""
            problems.append(
                f"{name!r} is set from the target ({grants}use ServiceIntegrationMethod to "
                "choose it)"
            )
            continue
        close = difflib.get_close_matches(name, [*own, *known], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"{name!r} is not one of its keywords{hint}")
    raise ValidationError(
        "unknown-option",
        f"{cls.__name__}: {'; '.join(problems)}; its keywords are {', '.join(own)}, and the "
        f"shared options {', '.join(known)}",
    )


def merge_options(preset: PresetOptions, user: PresetOptions) -> PresetOptions:
    """The options a preset passes to ``ServiceIntegrationMethod``: its own values, with the
    user's over them.

    ``request_parameters`` are merged (the user's keys win) and ``additional_permissions``
    added to the preset's; for any other key, a user's value that is not ``None`` replaces the
    preset's.

    :param preset: what the preset computed (its templates, responses, headers, KMS grants).
    :param user: the options the user gave, checked by :func:`check_options`.
    """
    merged: PresetOptions = {**preset}
    for key, value in user.items():
        if value is not None:
            merged[key] = value  # type: ignore[literal-required]
    parameters = user.get("request_parameters")
    if parameters is None or isinstance(parameters, Mapping):
        merged["request_parameters"] = {
            **(preset.get("request_parameters") or {}),
            **(parameters or {}),
        }
    permissions = user.get("additional_permissions")
    if permissions is None or isinstance(permissions, list | tuple):
        # anything else is reported by the construct, as given
        merged["additional_permissions"] = [
            *(preset.get("additional_permissions") or ()),
            *(permissions or ()),
        ]
    return merged


def templates_for(
    content_types: Sequence[str] | None, template: RequestTemplate
) -> dict[str, RequestTemplate]:
    """The same template for each of the request content types a preset accepts.

    :param content_types: the preset's ``content_types``. Default: - ``("application/json",)``;
        other content types get 415 from API Gateway.
    :raises ValidationError: ``invalid-content-types`` for a str or an empty list.
    """
    if content_types is None:
        return {_JSON: template}
    if isinstance(content_types, str) or not content_types:
        raise ValidationError(
            "invalid-content-types",
            f"'content_types' must be a non-empty list of media types, got {content_types!r}; "
            "pass e.g. content_types=['application/json', 'text/plain']",
        )
    return dict.fromkeys(content_types, template)


def check_from(value: object, *, argument: str, allow_literal: bool = True) -> None:
    """Check that ``value`` is a :class:`From` (or, when allowed, a non-empty ``str``)."""
    if isinstance(value, From):
        return
    if allow_literal and isinstance(value, str) and (Token.is_unresolved(value) or value.strip()):
        return
    allowed = "a From value (e.g. From.header('X-Group-Id'))"
    if allow_literal:
        allowed += " or a non-empty str"
    raise ValidationError(
        "invalid-request-value",
        f"{argument!r} must be {allowed}, got {value!r}",
    )
