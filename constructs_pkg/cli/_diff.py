"""Compare a live REST API with a synthesized CloudFormation template (``constructs-pkg diff``).

Both sides are read into the shared REST API model (:mod:`constructs_pkg._apimodel`): the live
API from API Gateway's answers, the template by :func:`~constructs_pkg._apimodel.read_rest_api`,
which resolves intrinsic functions the way CloudFormation would in ``--region``
(``Fn::Join``/``Fn::Sub`` over ``AWS::Partition``, ``AWS::Region``, ``AWS::AccountId`` and
``AWS::URLSuffix``; ``Ref`` to models by their names). Then one flattener turns each method of
either side into fields (key: verb and resource path), with API Gateway's defaults filled in.
Models, validators and authorizers are compared by what they are (name, type, flags), not by id.
A role the template creates is compared by name when it has one; otherwise it is a *note*
("role from template"), as is any value known only after deployment. Notes are shown but do not
count as differences (unless ``strict``).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._apimodel import (
    Intrinsics,
    Method,
    RestApi,
    Unresolved,
    partition_of,
    read_rest_api,
    rest_api_ids,
    role_name,
)
from ._errors import CliError

__all__ = [
    "Declared",
    "DiffReport",
    "Difference",
    "Note",
    "TemplateRole",
    "Unresolved",
    "diff",
    "format_report",
    "load_template",
]


@dataclass(frozen=True, slots=True)
class TemplateRole:
    """An ``AWS::IAM::Role`` of the template used as integration credentials."""

    logical_id: str
    name: str | None

    def __str__(self) -> str:
        named = f" named {self.name!r}" if self.name else ""
        return f"role from template ({self.logical_id}{named})"


@dataclass(frozen=True, slots=True)
class Declared:
    """The value of a response's own field: it exists (its details are fields of their own)."""

    def __str__(self) -> str:
        return "declared"


Value = str | bool | int | Unresolved | TemplateRole | Declared
"""One field's value in the flat form."""
_PRESENT = Declared()


@dataclass(frozen=True, kw_only=True, slots=True)
class Difference:
    """One field that differs (``None``: the side does not have it)."""

    method: str
    field: str
    live: Value | None
    template: Value | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Note:
    """Something the template decides only at deploy time; shown, not counted."""

    method: str
    field: str
    text: str


@dataclass(frozen=True, kw_only=True, slots=True)
class DiffReport:
    """The result of :func:`diff`."""

    api: RestApi
    template_name: str
    api_logical_id: str
    template_methods: int
    identical: tuple[str, ...]
    differences: tuple[Difference, ...]
    only_live: tuple[str, ...]
    only_template: tuple[str, ...]
    notes: tuple[Note, ...]

    @property
    def differs(self) -> bool:
        """Whether anything differs (notes excluded)."""
        return bool(self.differences or self.only_live or self.only_template)


def load_template(path: str | Path) -> dict[str, Any]:
    """Read a synthesized template; :class:`CliError` if it is missing or not a template."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(
            "template-not-found",
            f"cannot read the template {str(file)!r} ({exc.strerror or exc}); synthesize the "
            "stack first ('python app.py' or 'cdk synth') and pass cdk.out/<Stack>.template.json",
        ) from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CliError(
            "invalid-template",
            f"{str(file)!r} is not JSON ({exc}); pass a synthesized .template.json file",
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise CliError(
            "invalid-template",
            f"{str(file)!r} has no 'Resources' object; pass a synthesized .template.json file",
        )
    return data


def diff(
    api: RestApi,
    template: Mapping[str, Any],
    *,
    template_name: str = "template",
    partition: str | None = None,
    account: str | None = None,
    api_logical_id: str | None = None,
) -> DiffReport:
    """Compare every method of ``api`` with the methods of one REST API in ``template``.

    :param api: the live API (its ``region`` is the one the template is resolved in).
    :param template: the synthesized template.
    :param template_name: how the report names the template (its path).
    :param partition: the partition of ``AWS::Partition``. Default: - the region's.
    :param account: the value of ``AWS::AccountId``. Default: - the account of the live API's
        first role ARN, else left unresolved.
    :param api_logical_id: the template's ``AWS::ApiGateway::RestApi`` to compare. Default: - the
        only one, else the one named like the live API.
    :raises CliError: ``no-rest-api-in-template``, ``ambiguous-rest-api``.
    """
    logical_id = _pick_api(api, template, api_logical_id, template_name)
    intrinsics = Intrinsics(
        template,
        region=api.region,
        partition=partition or partition_of(api.region),
        account=account or _account_of(api),
    )
    template_api = read_rest_api(intrinsics, logical_id)
    template_methods = {m.key: _fields(m, template_api) for m in template_api.methods}
    live_methods = {m.key: _fields(m, api) for m in api.methods}
    identical: list[str] = []
    differences: list[Difference] = []
    notes: list[Note] = []
    for key in sorted(set(live_methods) & set(template_methods), key=_order):
        found, noted = _compare(key, live_methods[key], template_methods[key])
        differences += found
        notes += noted
        if not found:
            identical.append(key)
    return DiffReport(
        api=api,
        template_name=template_name,
        api_logical_id=logical_id,
        template_methods=len(template_methods),
        identical=tuple(identical),
        differences=tuple(differences),
        only_live=tuple(sorted(set(live_methods) - set(template_methods), key=_order)),
        only_template=tuple(sorted(set(template_methods) - set(live_methods), key=_order)),
        notes=tuple(notes),
    )


def _order(key: str) -> tuple[str, str]:
    verb, _, path = key.partition(" ")
    return path, verb


def _account_of(api: RestApi) -> str | None:
    for method in api.methods:
        credentials = method.integration.credentials if method.integration else None
        match = re.match(r"^arn:[a-z-]+:iam::([0-9]{12}):", credentials or "")
        if match:
            return match[1]
    return None


def _pick_api(
    api: RestApi, template: Mapping[str, Any], wanted: str | None, template_name: str
) -> str:
    found = rest_api_ids(template)
    apis = [logical_id for logical_id, _ in found]
    if wanted is not None:
        if wanted not in apis:
            raise CliError(
                "no-rest-api-in-template",
                f"{template_name} has no AWS::ApiGateway::RestApi {wanted!r}; "
                f"its REST APIs are {apis or 'none'}",
            )
        return wanted
    if len(apis) == 1:
        return apis[0]
    if not apis:
        raise CliError(
            "no-rest-api-in-template",
            f"{template_name} defines no AWS::ApiGateway::RestApi; pass the template of the "
            "stack that rebuilds the API",
        )
    named = [logical_id for logical_id, name in found if name == api.name]
    if len(named) == 1:
        return named[0]
    raise CliError(
        "ambiguous-rest-api",
        f"{template_name} defines {len(apis)} REST APIs ({', '.join(apis)}) and not exactly one "
        f"is named {api.name!r}; pass --api-logical-id with the one to compare",
    )


# --- one flat form for both sides -------------------------------------------------------------


def _fields(method: Method, api: RestApi) -> dict[str, Value]:
    """``method`` of ``api`` as flat fields, API Gateway's defaults filled in."""
    fields: dict[str, Value] = {"authorizationType": method.authorization_type}
    if method.authorizer_id:
        authorizer = api.authorizers.get(method.authorizer_id)
        fields["authorizer"] = (
            f"{authorizer.name} ({authorizer.type})" if authorizer else method.authorizer_id
        )
    if method.authorization_scopes:
        fields["authorizationScopes"] = ", ".join(sorted(method.authorization_scopes))
    if method.api_key_required:
        fields["apiKeyRequired"] = True
    if method.operation_name:
        fields["operationName"] = method.operation_name
    for key, required in method.request_parameters.items():
        fields[f"requestParameters[{_q(key)}]"] = bool(required)
    for content_type, model in method.request_models.items():
        fields[f"requestModels[{_q(content_type)}]"] = model
    if method.request_validator_id:
        validator = api.validators.get(method.request_validator_id)
        fields["requestValidator"] = (
            _validator_text(validator.name, validator.validate_body, validator.validate_parameters)
            if validator
            else method.request_validator_id
        )
    for response in method.method_responses:
        prefix = f"methodResponses[{_q(response.status_code)}]"
        fields[prefix] = _PRESENT
        for key, required in response.response_parameters.items():
            fields[f"{prefix}.responseParameters[{_q(key)}]"] = bool(required)
        for content_type, model in response.response_models.items():
            fields[f"{prefix}.responseModels[{_q(content_type)}]"] = model
    integration = method.integration
    if integration is None:
        return fields
    fields["integration.type"] = integration.type
    if integration.http_method:
        fields["integration.httpMethod"] = integration.http_method
    if integration.uri:
        fields["integration.uri"] = integration.uri
    if integration.credentials_role is not None:
        role = integration.credentials_role
        fields["integration.credentials"] = TemplateRole(role.logical_id, role.name)
    elif integration.credentials:
        fields["integration.credentials"] = integration.credentials
    for key, source in integration.request_parameters.items():
        fields[f"integration.requestParameters[{_q(key)}]"] = source
    for content_type, text in integration.request_templates.items():
        fields[f"integration.requestTemplates[{_q(content_type)}]"] = text
    fields["integration.passthroughBehavior"] = integration.effective_passthrough_behavior
    if integration.content_handling:
        fields["integration.contentHandling"] = integration.content_handling
    fields["integration.timeoutInMillis"] = integration.effective_timeout_ms
    if integration.cache_namespace:
        fields["integration.cacheNamespace"] = integration.cache_namespace
    if integration.cache_key_parameters:
        fields["integration.cacheKeyParameters"] = ", ".join(integration.cache_key_parameters)
    fields["integration.connectionType"] = integration.effective_connection_type
    if integration.connection_id:
        fields["integration.connectionId"] = integration.connection_id
    for answer in integration.responses:
        prefix = f"integration.integrationResponses[{_q(answer.status_code)}]"
        fields[prefix] = _PRESENT
        if answer.selection_pattern:
            fields[f"{prefix}.selectionPattern"] = answer.selection_pattern
        for key, source in answer.response_parameters.items():
            fields[f"{prefix}.responseParameters[{_q(key)}]"] = source
        for content_type, text in answer.response_templates.items():
            fields[f"{prefix}.responseTemplates[{_q(content_type)}]"] = text
        if answer.content_handling:
            fields[f"{prefix}.contentHandling"] = answer.content_handling
    return fields


def _q(key: str) -> str:
    return json.dumps(key)


def _validator_text(name: object, body: object, parameters: object) -> str:
    return f"{name} (body={bool(body)}, parameters={bool(parameters)})"


# --- comparing and reporting ------------------------------------------------------------------


def _compare(
    key: str, live: Mapping[str, Value], template: Mapping[str, Value]
) -> tuple[list[Difference], list[Note]]:
    differences: list[Difference] = []
    notes: list[Note] = []
    one_sided = tuple(
        f"{field}."
        for field in set(live) ^ set(template)
        if isinstance(live.get(field, template.get(field)), Declared)
    )
    for field in sorted(set(live) | set(template), key=_field_order):
        live_value, template_value = live.get(field), template.get(field)
        if live_value == template_value or field.startswith(one_sided):
            continue
        if isinstance(template_value, TemplateRole) and isinstance(live_value, str):
            if template_value.name is None:
                notes.append(
                    Note(
                        method=key,
                        field=field,
                        text=f"{template_value} replaces {live_value}; compare their "
                        "permissions before switching over",
                    )
                )
                continue
            if role_name(live_value) == template_value.name:
                continue
        if isinstance(template_value, Unresolved) and live_value is not None:
            notes.append(
                Note(
                    method=key,
                    field=field,
                    text=f"the template's {template_value} is known only after deployment "
                    f"(live: {live_value})",
                )
            )
            continue
        differences.append(
            Difference(method=key, field=field, live=live_value, template=template_value)
        )
    return differences, notes


def _field_order(field: str) -> tuple[int, str]:
    return (1 if field.startswith("integration") else 0, field)


def format_report(report: DiffReport) -> str:
    """The readable report ``constructs-pkg diff`` prints."""
    api = report.api
    lines = [
        f"live REST API {api.id} ({api.name}) in {api.region}",
        f"template      {report.template_name} (RestApi {report.api_logical_id})",
        "",
    ]
    by_method: dict[str, list[Difference]] = {}
    for difference in report.differences:
        by_method.setdefault(difference.method, []).append(difference)
    for method, found in by_method.items():
        count = f"{len(found)} difference{'s' if len(found) != 1 else ''}"
        lines.append(f"{method}: {count}")
        for difference in found:
            lines += _difference_lines(difference)
        lines.append("")
    for method in report.only_live:
        lines.append(f"{method}: only in the live API (missing from the template)")
    for method in report.only_template:
        lines.append(f"{method}: only in the template (not in the live API)")
    if report.only_live or report.only_template:
        lines.append("")
    if report.notes:
        lines.append("notes (not differences):")
        lines += [f"  {note.method} {note.field}: {note.text}" for note in report.notes]
        lines.append("")
    live_count = len(api.methods)
    differ = len(by_method)
    verdict = "no differences" if not report.differs else "DIFFERENT"
    lines.append(
        f"{verdict}: {live_count} live methods, {report.template_methods} in the template; "
        f"{len(report.identical)} identical, {differ} differ, {len(report.only_live)} only live, "
        f"{len(report.only_template)} only in the template"
    )
    return "\n".join(lines) + "\n"


def _difference_lines(difference: Difference) -> list[str]:
    live, template = difference.live, difference.template
    lines = [f"  {difference.field}"]
    if isinstance(live, str) and isinstance(template, str) and ("\n" in live or "\n" in template):
        lines += [
            f"    {line.rstrip()}"
            for line in difflib.unified_diff(
                live.splitlines(),
                template.splitlines(),
                fromfile="live",
                tofile="template",
                lineterm="",
            )
        ]
        return lines
    lines.append(f"    live:     {_show(live)}")
    lines.append(f"    template: {_show(template)}")
    return lines


def _show(value: Value | None) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, str):
        return repr(value)
    return str(value)
