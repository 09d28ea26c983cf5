"""Compare a live REST API with a synthesized CloudFormation template (``constructs-pkg diff``).

Both sides are brought to one flat form, method by method (key: verb and resource path, the
template's path rebuilt from its ``Resource`` tree), field by field, with API Gateway's
defaults filled in on both sides. The template's intrinsic functions are resolved the way
CloudFormation would in ``--region``: ``Fn::Join``/``Fn::Sub`` over ``AWS::Partition``,
``AWS::Region``, ``AWS::AccountId`` and ``AWS::URLSuffix``, ``Ref`` to models, validators and
authorizers by their names. A role the template creates is compared by name when it has one;
otherwise it is a *note* ("role from template"), as is any value known only after deployment.
Notes are shown but do not count as differences (unless ``strict``).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import CliError
from ._live import (
    DEFAULT_CONNECTION,
    DEFAULT_PASSTHROUGH,
    DEFAULT_TIMEOUT_MS,
    LiveApi,
    LiveMethod,
    partition_of,
    role_name,
)

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
class Unresolved:
    """A template value known only after deployment, e.g. ``<Function.Arn>``."""

    text: str

    def __str__(self) -> str:
        return self.text


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

    api: LiveApi
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
    api: LiveApi,
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
    resources: Mapping[str, Any] = template.get("Resources", {})
    logical_id = _pick_api(api, resources, api_logical_id, template_name)
    resolver = _Resolver(
        resources,
        partition=partition or partition_of(api.region),
        region=api.region,
        account=account or _account_of(api),
    )
    template_methods = _template_methods(resources, logical_id, resolver)
    live_methods = {m.key: _live_fields(m, api) for m in api.methods}
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


def _account_of(api: LiveApi) -> str | None:
    for method in api.methods:
        credentials = method.integration.credentials if method.integration else None
        match = re.match(r"^arn:[a-z-]+:iam::([0-9]{12}):", credentials or "")
        if match:
            return match[1]
    return None


def _pick_api(
    api: LiveApi, resources: Mapping[str, Any], wanted: str | None, template_name: str
) -> str:
    apis = sorted(
        lid for lid, res in resources.items() if res.get("Type") == "AWS::ApiGateway::RestApi"
    )
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
    named = [lid for lid in apis if resources[lid].get("Properties", {}).get("Name") == api.name]
    if len(named) == 1:
        return named[0]
    raise CliError(
        "ambiguous-rest-api",
        f"{template_name} defines {len(apis)} REST APIs ({', '.join(apis)}) and not exactly one "
        f"is named {api.name!r}; pass --api-logical-id with the one to compare",
    )


# --- the live side ----------------------------------------------------------------------------


def _live_fields(method: LiveMethod, api: LiveApi) -> dict[str, Value]:
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
    if integration.credentials:
        fields["integration.credentials"] = integration.credentials
    for key, source in integration.request_parameters.items():
        fields[f"integration.requestParameters[{_q(key)}]"] = source
    for content_type, text in integration.request_templates.items():
        fields[f"integration.requestTemplates[{_q(content_type)}]"] = text
    fields["integration.passthroughBehavior"] = (
        integration.passthrough_behavior or DEFAULT_PASSTHROUGH
    )
    if integration.content_handling:
        fields["integration.contentHandling"] = integration.content_handling
    fields["integration.timeoutInMillis"] = integration.timeout_ms or DEFAULT_TIMEOUT_MS
    if integration.cache_namespace:
        fields["integration.cacheNamespace"] = integration.cache_namespace
    if integration.cache_key_parameters:
        fields["integration.cacheKeyParameters"] = ", ".join(integration.cache_key_parameters)
    fields["integration.connectionType"] = integration.connection_type or DEFAULT_CONNECTION
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


# --- the template side ------------------------------------------------------------------------


class _Resolver:
    """Resolves intrinsic functions the way CloudFormation would in one region."""

    def __init__(
        self, resources: Mapping[str, Any], *, partition: str, region: str, account: str | None
    ) -> None:
        self.resources = resources
        suffix = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
        self.pseudo: dict[str, str] = {
            "AWS::Partition": partition,
            "AWS::Region": region,
            "AWS::URLSuffix": suffix,
        }
        if account:
            self.pseudo["AWS::AccountId"] = account

    def value(self, raw: object) -> Value:
        """A property value: resolved to a string, or :class:`Unresolved`."""
        if isinstance(raw, str | bool | int):
            return raw
        text, complete = self._text(raw)
        return text if complete else Unresolved(text)

    def _text(self, raw: object) -> tuple[str, bool]:
        if isinstance(raw, str):
            return raw, True
        if isinstance(raw, bool | int | float):
            return json.dumps(raw), True
        if isinstance(raw, Mapping) and len(raw) == 1:
            ((function, argument),) = raw.items()
            if function == "Ref" and isinstance(argument, str):
                return self._ref(argument)
            if function == "Fn::GetAtt":
                target = argument if isinstance(argument, list) else str(argument).split(".", 1)
                return f"<{'.'.join(str(t) for t in target)}>", False
            if function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
                delimiter, parts = argument
                if isinstance(parts, list):
                    texts = [self._text(part) for part in parts]
                    return str(delimiter).join(t for t, _ in texts), all(ok for _, ok in texts)
            if function == "Fn::Sub":
                return self._sub(argument)
        return f"<{json.dumps(raw, sort_keys=True)}>", False

    def _ref(self, name: str) -> tuple[str, bool]:
        if name in self.pseudo:
            return self.pseudo[name], True
        resource = self.resources.get(name, {})
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::ApiGateway::Model" and isinstance(props.get("Name"), str):
            return props["Name"], True
        return f"<{name}>", False

    def _sub(self, argument: object) -> tuple[str, bool]:
        if isinstance(argument, list) and len(argument) == 2:
            text, variables = str(argument[0]), argument[1]
        else:
            text, variables = str(argument), {}
        complete = True

        def replace(match: re.Match[str]) -> str:
            nonlocal complete
            name = match[1]
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if isinstance(variables, Mapping) and name in variables:
                value, ok = self._text(variables[name])
            elif "." in name:
                value, ok = f"<{name}>", False
            else:
                value, ok = self._ref(name)
            complete = complete and ok
            return value

        return re.sub(r"\$\{([^}]+)\}", replace, text), complete

    def credentials(self, raw: object) -> Value:
        """Integration credentials: a role of the template becomes a :class:`TemplateRole`.

        Any value that refers (``Fn::GetAtt``, ``Ref``, also inside ``Fn::Join``/``Fn::Sub``) to
        exactly one ``AWS::IAM::Role`` of the template is that role.
        """
        if isinstance(raw, str):
            return raw
        roles = {
            name
            for name in _references(raw)
            if self.resources.get(name, {}).get("Type") == "AWS::IAM::Role"
        }
        if len(roles) == 1:
            (logical_id,) = roles
            role_name_value = self.resources[logical_id].get("Properties", {}).get("RoleName")
            return TemplateRole(
                logical_id, role_name_value if isinstance(role_name_value, str) else None
            )
        return self.value(raw)

    def referenced(self, raw: object) -> tuple[str, Mapping[str, Any]] | None:
        """The logical id and properties of a ``{"Ref": X}`` to a template resource."""
        if isinstance(raw, Mapping) and isinstance(raw.get("Ref"), str):
            resource = self.resources.get(raw["Ref"])
            if isinstance(resource, Mapping):
                return raw["Ref"], resource.get("Properties", {})
        return None


def _references(raw: object) -> set[str]:
    """The logical ids a value refers to with ``Ref``, ``Fn::GetAtt`` or ``${X}``/``${X.Attr}``."""
    found: set[str] = set()
    if isinstance(raw, Mapping):
        for function, argument in raw.items():
            if function == "Ref" and isinstance(argument, str):
                found.add(argument)
            elif function == "Fn::GetAtt":
                target = argument if isinstance(argument, list) else str(argument).split(".", 1)
                found.add(str(target[0]))
            elif function == "Fn::Sub":
                text = argument[0] if isinstance(argument, list) and argument else argument
                found.update(m.split(".", 1)[0] for m in re.findall(r"\$\{([^}!]+)\}", str(text)))
                found.update(_references(argument))
            else:
                found.update(_references(argument))
    elif isinstance(raw, list):
        for item in raw:
            found.update(_references(item))
    return found


def _template_methods(
    resources: Mapping[str, Any], api_id: str, resolver: _Resolver
) -> dict[str, dict[str, Value]]:
    paths: dict[str, str] = {}

    def path_of(reference: object, seen: frozenset[str] = frozenset()) -> str:
        if _is_root(reference, api_id):
            return "/"
        found = resolver.referenced(reference)
        if found is None or found[0] in seen:
            return f"<{json.dumps(reference, sort_keys=True)}>"
        logical_id, props = found
        if logical_id not in paths:
            parent = path_of(props.get("ParentId"), seen | {logical_id})
            part = str(resolver.value(props.get("PathPart", "")))
            paths[logical_id] = parent.rstrip("/") + "/" + part
        return paths[logical_id]

    methods: dict[str, dict[str, Value]] = {}
    for resource in resources.values():
        if resource.get("Type") != "AWS::ApiGateway::Method":
            continue
        props = resource.get("Properties", {})
        if props.get("RestApiId") != {"Ref": api_id}:
            continue
        verb = str(resolver.value(props.get("HttpMethod", ""))).upper()
        key = f"{verb} {path_of(props.get('ResourceId'))}"
        methods[key] = _template_fields(props, resolver)
    return methods


def _is_root(reference: object, api_id: str) -> bool:
    if not isinstance(reference, Mapping) or "Fn::GetAtt" not in reference:
        return False
    target = reference["Fn::GetAtt"]
    parts = target if isinstance(target, list) else str(target).split(".", 1)
    return list(parts) == [api_id, "RootResourceId"]


def _template_fields(props: Mapping[str, Any], resolver: _Resolver) -> dict[str, Value]:
    fields: dict[str, Value] = {
        "authorizationType": resolver.value(props.get("AuthorizationType", "NONE"))
    }
    if "AuthorizerId" in props:
        found = resolver.referenced(props["AuthorizerId"])
        fields["authorizer"] = (
            f"{found[1].get('Name', found[0])} ({found[1].get('Type', 'TOKEN')})"
            if found
            else resolver.value(props["AuthorizerId"])
        )
    if props.get("AuthorizationScopes"):
        fields["authorizationScopes"] = ", ".join(sorted(map(str, props["AuthorizationScopes"])))
    if props.get("ApiKeyRequired") in (True, "true"):
        fields["apiKeyRequired"] = True
    if props.get("OperationName"):
        fields["operationName"] = resolver.value(props["OperationName"])
    for key, required in (props.get("RequestParameters") or {}).items():
        fields[f"requestParameters[{_q(key)}]"] = required in (True, "true")
    for content_type, model in (props.get("RequestModels") or {}).items():
        fields[f"requestModels[{_q(content_type)}]"] = resolver.value(model)
    if "RequestValidatorId" in props:
        found = resolver.referenced(props["RequestValidatorId"])
        fields["requestValidator"] = (
            _validator_text(
                found[1].get("Name", found[0]),
                found[1].get("ValidateRequestBody") in (True, "true"),
                found[1].get("ValidateRequestParameters") in (True, "true"),
            )
            if found
            else resolver.value(props["RequestValidatorId"])
        )
    for response in props.get("MethodResponses") or []:
        prefix = f"methodResponses[{_q(str(response.get('StatusCode')))}]"
        fields[prefix] = _PRESENT
        for key, required in (response.get("ResponseParameters") or {}).items():
            fields[f"{prefix}.responseParameters[{_q(key)}]"] = required in (True, "true")
        for content_type, model in (response.get("ResponseModels") or {}).items():
            fields[f"{prefix}.responseModels[{_q(content_type)}]"] = resolver.value(model)
    integration = props.get("Integration")
    if not isinstance(integration, Mapping):
        return fields
    kind = str(integration.get("Type", "MOCK"))
    fields["integration.type"] = kind
    if integration.get("IntegrationHttpMethod"):
        fields["integration.httpMethod"] = resolver.value(integration["IntegrationHttpMethod"])
    if integration.get("Uri"):
        fields["integration.uri"] = resolver.value(integration["Uri"])
    if integration.get("Credentials"):
        fields["integration.credentials"] = resolver.credentials(integration["Credentials"])
    for key, source in (integration.get("RequestParameters") or {}).items():
        fields[f"integration.requestParameters[{_q(key)}]"] = resolver.value(source)
    for content_type, text in (integration.get("RequestTemplates") or {}).items():
        fields[f"integration.requestTemplates[{_q(content_type)}]"] = resolver.value(text or "")
    fields["integration.passthroughBehavior"] = resolver.value(
        integration.get("PassthroughBehavior") or DEFAULT_PASSTHROUGH
    )
    if integration.get("ContentHandling"):
        fields["integration.contentHandling"] = resolver.value(integration["ContentHandling"])
    fields["integration.timeoutInMillis"] = int(
        integration.get("TimeoutInMillis") or DEFAULT_TIMEOUT_MS
    )
    if integration.get("CacheNamespace"):
        fields["integration.cacheNamespace"] = resolver.value(integration["CacheNamespace"])
    if integration.get("CacheKeyParameters"):
        fields["integration.cacheKeyParameters"] = ", ".join(
            sorted(map(str, integration["CacheKeyParameters"]))
        )
    fields["integration.connectionType"] = resolver.value(
        integration.get("ConnectionType") or DEFAULT_CONNECTION
    )
    if integration.get("ConnectionId"):
        fields["integration.connectionId"] = resolver.value(integration["ConnectionId"])
    for response in integration.get("IntegrationResponses") or []:
        prefix = f"integration.integrationResponses[{_q(str(response.get('StatusCode')))}]"
        fields[prefix] = _PRESENT
        if response.get("SelectionPattern"):
            fields[f"{prefix}.selectionPattern"] = resolver.value(response["SelectionPattern"])
        for key, source in (response.get("ResponseParameters") or {}).items():
            fields[f"{prefix}.responseParameters[{_q(key)}]"] = resolver.value(source)
        for content_type, text in (response.get("ResponseTemplates") or {}).items():
            fields[f"{prefix}.responseTemplates[{_q(content_type)}]"] = resolver.value(text or "")
        if response.get("ContentHandling"):
            fields[f"{prefix}.contentHandling"] = resolver.value(response["ContentHandling"])
    return fields


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
