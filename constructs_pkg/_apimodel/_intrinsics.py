"""Resolve a CloudFormation template's intrinsic functions the way CloudFormation would.

``Ref``, ``Fn::GetAtt``, ``Fn::Join``, ``Fn::Sub``, ``Fn::Select``, ``Fn::Split``, ``Fn::If``
(with ``Fn::Equals``/``Fn::And``/``Fn::Or``/``Fn::Not`` conditions), ``Fn::FindInMap``,
``Fn::Base64`` and the pseudo parameters (``AWS::Partition``, ``AWS::Region``,
``AWS::AccountId``, ``AWS::URLSuffix``, ``AWS::StackName``, ``AWS::StackId``,
``AWS::NoValue``).

What a resource is called once deployed comes from a :class:`PhysicalNames` source: the local
executor's backend knows (it created the resources), a plain diff does not. A reference the
source cannot answer becomes an :class:`~._types.Unresolved` text such as ``<Table.Arn>``,
except a ``Ref`` to a model with a literal ``Name`` (API Gateway's model reference is its
name), so two sides that both leave it unresolved still compare equal.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from typing import Any, Final, Protocol

from ._types import Unresolved
from ._uri import partition_of

__all__ = ["Intrinsics", "PhysicalNames", "references"]

_SUB_VARIABLE: Final = re.compile(r"\$\{([^}]+)\}")
_NO_VALUE: Final = object()


class PhysicalNames(Protocol):
    """What deployed resources are called: a ``Ref`` value and ``Fn::GetAtt`` attributes.

    ``scope`` names the stack: ``""`` for the template itself, the nested stacks' logical ids
    joined with ``/`` for a nested template. ``None`` means "not known".
    """

    def ref(self, scope: str, logical_id: str, resource: Mapping[str, Any]) -> str | None: ...

    def attribute(
        self, scope: str, logical_id: str, resource: Mapping[str, Any], name: str
    ) -> str | None: ...


class Intrinsics:
    """Resolves values of one template (one stack) in one region and account.

    :param template: the template (``Resources``, ``Parameters``, ``Mappings``, ``Conditions``).
    :param region: the value of ``AWS::Region``.
    :param account: the value of ``AWS::AccountId``. Default: - left unresolved.
    :param partition: the value of ``AWS::Partition``. Default: - the region's.
    :param stack_name: the value of ``AWS::StackName``. Default: - left unresolved.
    :param names: what deployed resources are called. Default: - nothing is known.
    :param parameters: values of the template's parameters (already resolved). Default: -
        each parameter's ``Default``, else unresolved.
    :param scope: the stack's scope (see :class:`PhysicalNames`). Default: - ``""``.
    """

    def __init__(
        self,
        template: Mapping[str, Any],
        *,
        region: str,
        account: str | None = None,
        partition: str | None = None,
        stack_name: str | None = None,
        names: PhysicalNames | None = None,
        parameters: Mapping[str, object] | None = None,
        scope: str = "",
    ) -> None:
        self.template = template
        self.resources: Mapping[str, Any] = template.get("Resources") or {}
        self.region = region
        self.account = account
        self.partition = partition or partition_of(region)
        self.stack_name = stack_name
        self.names = names
        self.scope = scope
        self._parameters = dict(parameters or {})
        suffix = "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"
        self.pseudo: dict[str, str] = {
            "AWS::Partition": self.partition,
            "AWS::Region": region,
            "AWS::URLSuffix": suffix,
        }
        if account:
            self.pseudo["AWS::AccountId"] = account
        if stack_name:
            self.pseudo["AWS::StackName"] = stack_name
            if account:
                self.pseudo["AWS::StackId"] = (
                    f"arn:{self.partition}:cloudformation:{region}:{account}:stack/"
                    f"{stack_name}/00000000-0000-0000-0000-000000000000"
                )

    def child(self, logical_id: str, template: Mapping[str, Any]) -> Intrinsics:
        """The resolver of the nested stack ``logical_id`` of this template, whose template is
        ``template``: its ``Parameters`` resolved here."""
        resource = self.resources.get(logical_id) or {}
        raw = (resource.get("Properties") or {}).get("Parameters") or {}
        parameters = {name: self.resolve(value) for name, value in raw.items()}
        scope = f"{self.scope}/{logical_id}" if self.scope else logical_id
        stack_name = None
        if self.names is not None:
            stack_name = self.names.ref(self.scope, logical_id, resource)
            if stack_name and stack_name.startswith("arn:") and "/" in stack_name:
                # a nested stack's Ref is its stack id: arn:...:stack/<name>/<uuid>
                stack_name = stack_name.split("/")[1]
        return Intrinsics(
            template,
            region=self.region,
            account=self.account,
            partition=self.partition,
            stack_name=stack_name,
            names=self.names,
            parameters=parameters,
            scope=scope,
        )

    # --- resolving ------------------------------------------------------------------------

    def resolve(self, raw: object) -> object:
        """``raw`` with every intrinsic function resolved, recursively; a key whose value is
        ``AWS::NoValue`` is dropped. Unknown values become :class:`Unresolved` texts."""
        resolved = self._resolve(raw)
        return None if resolved is _NO_VALUE else resolved

    def text(self, raw: object) -> str:
        """``raw`` resolved to text (:class:`Unresolved` when part of it is unknown)."""
        value = self.resolve(raw)
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float):
            return json.dumps(value)
        if value is None:
            return ""
        return Unresolved(f"<{json.dumps(value, sort_keys=True)}>")

    def optional_text(self, raw: object) -> str | None:
        """:meth:`text`, or ``None`` for a missing or empty value."""
        if raw is None:
            return None
        value = self.text(raw)
        return value or None

    def _resolve(self, raw: object) -> object:
        if isinstance(raw, list):
            items = [self._resolve(item) for item in raw]
            return [item for item in items if item is not _NO_VALUE]
        if not isinstance(raw, Mapping):
            return raw
        if len(raw) == 1:
            ((function, argument),) = raw.items()
            if function == "Ref" or function.startswith("Fn::") or function == "Condition":
                return self._function(str(function), argument)
        resolved = {key: self._resolve(value) for key, value in raw.items()}
        return {key: value for key, value in resolved.items() if value is not _NO_VALUE}

    def _function(self, function: str, argument: object) -> object:
        if function == "Ref" and isinstance(argument, str):
            return self.ref(argument)
        if function == "Fn::GetAtt":
            target = argument if isinstance(argument, list) else str(argument).split(".", 1)
            if len(target) == 2:
                return self.get_att(str(self._resolve(target[0])), str(self._resolve(target[1])))
        if function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
            delimiter, parts = argument[0], self._resolve(argument[1])
            if isinstance(parts, list):
                texts = [self._as_text(part) for part in parts]
                joined = str(delimiter).join(texts)
                return _unresolved_if(joined, texts)
        if function == "Fn::Sub":
            return self._sub(argument)
        if function == "Fn::Select" and isinstance(argument, list) and len(argument) == 2:
            index, items = self._resolve(argument[0]), self._resolve(argument[1])
            if isinstance(items, list) and str(index).isdigit() and int(str(index)) < len(items):
                return items[int(str(index))]
        if function == "Fn::Split" and isinstance(argument, list) and len(argument) == 2:
            source = self._as_text(self._resolve(argument[1]))
            if not isinstance(source, Unresolved):
                return source.split(str(argument[0]))
        if function == "Fn::If" and isinstance(argument, list) and len(argument) == 3:
            condition = self.condition(str(argument[0]))
            if condition is not None:
                return self._resolve(argument[1] if condition else argument[2])
        if function == "Fn::FindInMap" and isinstance(argument, list) and len(argument) == 3:
            keys = [self._as_text(self._resolve(part)) for part in argument]
            found: object = self.template.get("Mappings") or {}
            for key in keys:
                found = found.get(key) if isinstance(found, Mapping) else None
            if found is not None:
                return found
        if function == "Fn::Base64":
            value = self._as_text(self._resolve(argument))
            if not isinstance(value, Unresolved):
                return base64.b64encode(value.encode()).decode()
        if function in ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition"):
            result = self._evaluate(function, argument)
            if result is not None:
                return result
        return Unresolved(f"<{json.dumps({function: argument}, sort_keys=True)}>")

    def _as_text(self, value: object) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float):
            return json.dumps(value)
        return Unresolved(f"<{json.dumps(value, sort_keys=True, default=str)}>")

    def _sub(self, argument: object) -> object:
        if isinstance(argument, list) and len(argument) == 2:
            text, variables = str(argument[0]), argument[1]
        else:
            text, variables = str(argument), {}
        parts: list[str] = []

        def replace(match: re.Match[str]) -> str:
            name = match[1]
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if isinstance(variables, Mapping) and name in variables:
                value = self._as_text(self._resolve(variables[name]))
            elif "." in name and not name.startswith("AWS::"):
                logical_id, attribute = name.split(".", 1)
                value = self._as_text(self.get_att(logical_id, attribute))
            else:
                value = self._as_text(self.ref(name))
            parts.append(value)
            return value

        return _unresolved_if(_SUB_VARIABLE.sub(replace, text), parts)

    def ref(self, name: str) -> object:
        """The value of ``{"Ref": name}``."""
        if name == "AWS::NoValue":
            return _NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name.startswith("AWS::"):
            return Unresolved(f"<{name}>")
        parameters = self.template.get("Parameters") or {}
        if name in self._parameters:
            return self._parameters[name]
        if name in parameters:
            default = (parameters[name] or {}).get("Default")
            return default if default is not None else Unresolved(f"<{name}>")
        resource = self.resources.get(name)
        if isinstance(resource, Mapping):
            if self.names is not None:
                found = self.names.ref(self.scope, name, resource)
                if found is not None:
                    return found
            props = resource.get("Properties") or {}
            if resource.get("Type") == "AWS::ApiGateway::Model" and isinstance(
                props.get("Name"), str
            ):
                return props["Name"]
        return Unresolved(f"<{self._scoped(name)}>")

    def get_att(self, logical_id: str, attribute: str) -> object:
        """The value of ``{"Fn::GetAtt": [logical_id, attribute]}``."""
        resource = self.resources.get(logical_id)
        if isinstance(resource, Mapping) and self.names is not None:
            found = self.names.attribute(self.scope, logical_id, resource, attribute)
            if found is not None:
                return found
        return Unresolved(f"<{self._scoped(logical_id)}.{attribute}>")

    def _scoped(self, logical_id: str) -> str:
        """``logical_id`` prefixed with its nested stack's scope (ids repeat across stacks)."""
        return f"{self.scope}/{logical_id}" if self.scope else logical_id

    def condition(self, name: str) -> bool | None:
        """The value of the template's condition ``name``; ``None`` when it cannot be told."""
        conditions = self.template.get("Conditions") or {}
        if name not in conditions:
            return None
        result = self._resolve(conditions[name])
        return result if isinstance(result, bool) else None

    def _evaluate(self, function: str, argument: object) -> bool | None:
        if function == "Condition":
            return self.condition(str(argument))
        items = argument if isinstance(argument, list) else [argument]
        values = [self._resolve(item) for item in items]
        if any(isinstance(value, Unresolved) for value in values):
            return None
        if function == "Fn::Equals" and len(values) == 2:
            return values[0] == values[1]
        if not all(isinstance(value, bool) for value in values):
            return None
        if function == "Fn::And":
            return all(values)
        if function == "Fn::Or":
            return any(values)
        if function == "Fn::Not" and len(values) == 1:
            return not values[0]
        return None


def _unresolved_if(text: str, parts: list[str]) -> str:
    """``text``, marked :class:`Unresolved` when any of its ``parts`` is."""
    if any(isinstance(part, Unresolved) for part in parts):
        return Unresolved(text)
    return text


def references(raw: object) -> set[str]:
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
                found.update(
                    match.split(".", 1)[0] for match in re.findall(r"\$\{([^}!]+)\}", str(text))
                )
                found.update(references(argument))
            else:
                found.update(references(argument))
    elif isinstance(raw, list):
        for item in raw:
            found.update(references(item))
    return found
