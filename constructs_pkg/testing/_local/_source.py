"""Where a :class:`~constructs_pkg.testing.LocalApi` gets its template: a ``cdk.Stack``
(synthesized here), a template dict, or a path to a ``*.template.json`` file (or a cloud
assembly folder holding one stack).

Nested stacks' templates (``MethodShards``) are read from the same cloud assembly folder, by the
``aws:asset:path`` metadata CDK puts on each ``AWS::CloudFormation::Stack`` resource.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..._apimodel import NestedTemplates
from ._errors import LocalApiError

if TYPE_CHECKING:
    import aws_cdk as cdk

__all__ = ["LoadedTemplate", "load_template", "templates_in"]

NESTED_STACK: Final = "AWS::CloudFormation::Stack"
_DEFAULT_STACK_NAME: Final = "LocalApi"
_ASSET_HASH: Final = re.compile(r"([0-9a-f]{64})\.json")


@dataclass(frozen=True, kw_only=True, slots=True)
class LoadedTemplate:
    """A synthesized template and what comes with it.

    :param template: the stack's template.
    :param stack_name: the stack's name (``AWS::StackName``; the CloudFormation stack an
        endpoint is looked up by).
    :param directory: the folder the template file lives in (the cloud assembly), else ``None``.
    """

    template: Mapping[str, Any]
    stack_name: str
    directory: Path | None = None
    stack: Any = field(default=None, repr=False, compare=False)
    """The ``cdk.Stack`` the template was synthesized from, else ``None``."""
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def nested(self) -> NestedTemplates:
        """The loader of nested stacks' templates (``None`` when one is not available)."""
        return self._nested

    def _nested(self, logical_id: str, resource: Mapping[str, Any]) -> Mapping[str, Any] | None:
        if self.directory is None:
            return None
        metadata = resource.get("Metadata") or {}
        asset = metadata.get("aws:asset:path") if isinstance(metadata, Mapping) else None
        if not isinstance(asset, str):
            # the template's asset hash is in its TemplateURL; *.assets.json maps it to a file
            url = json.dumps((resource.get("Properties") or {}).get("TemplateURL"))
            found = _ASSET_HASH.search(url)
            asset = self._assets().get(found[1]) if found else None
            if asset is None:
                return None
        path = self.directory / asset
        key = str(path)
        if key not in self._cache:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = None
            self._cache[key] = loaded if isinstance(loaded, Mapping) else None
        cached: Mapping[str, Any] | None = self._cache[key]
        return cached

    def _assets(self) -> dict[str, str]:
        """Asset hash -> file, from the cloud assembly's ``*.assets.json`` manifests."""
        key = "<assets>"
        if key not in self._cache:
            found: dict[str, str] = {}
            for manifest in sorted((self.directory or Path(".")).glob("*.assets.json")):
                try:
                    files = json.loads(manifest.read_text(encoding="utf-8")).get("files") or {}
                except (OSError, ValueError, AttributeError):
                    continue
                for asset_hash, entry in files.items():
                    path = ((entry or {}).get("source") or {}).get("path")
                    if isinstance(path, str):
                        found[str(asset_hash)] = path
            self._cache[key] = found
        return dict(self._cache[key] or {})

    def scopes(self) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """Every template of the stack as ``(scope, template)``: ``("", template)`` first, then
        each nested stack's (scope: the nested stacks' logical ids joined with ``/``)."""
        yield from self._walk("", self.template)

    def _walk(
        self, scope: str, template: Mapping[str, Any]
    ) -> Iterator[tuple[str, Mapping[str, Any]]]:
        yield scope, template
        for logical_id, resource in (template.get("Resources") or {}).items():
            if isinstance(resource, Mapping) and resource.get("Type") == NESTED_STACK:
                child = self._nested(logical_id, resource)
                if child is not None:
                    yield from self._walk(f"{scope}/{logical_id}" if scope else logical_id, child)

    def template_of(self, scope: str) -> Mapping[str, Any] | None:
        """The template of ``scope`` (``""``: the stack's own), else ``None``."""
        for found, template in self.scopes():
            if found == scope:
                return template
        return None

    def resource(self, scope: str, logical_id: str) -> Mapping[str, Any] | None:
        """The resource ``logical_id`` of the template of ``scope``, else ``None``."""
        template = self.template_of(scope)
        resources = (template or {}).get("Resources") or {}
        found = resources.get(logical_id)
        return found if isinstance(found, Mapping) else None

    def locate(self, target: object) -> tuple[str, str]:
        """``(scope, logical id)`` of ``target``: a logical id (of the stack's template, else
        of exactly one nested template), a ``"scope/LogicalId"`` text, or a construct of the
        synthesized stack (its ``node.default_child`` when it has one).

        :raises LocalApiError: ``unknown-logical-id`` when the template has no such resource.
        """
        if isinstance(target, str):
            return self._locate_id(target)
        element = _cfn_element(target)
        if element is None:
            raise LocalApiError(
                "unknown-logical-id",
                f"{target!r} is neither a logical id nor a CloudFormation resource's construct; "
                "pass the construct (e.g. the dynamodb.Table) or its logical id",
            )
        import aws_cdk as cdk

        stack = cdk.Stack.of(element)
        logical_id = str(stack.resolve(element.logical_id))
        parts = [logical_id]
        while stack.nested_stack_resource is not None:
            parent = stack.nested_stack_parent
            resource = stack.nested_stack_resource
            if parent is None:
                break
            parts.insert(0, str(parent.resolve(resource.logical_id)))
            stack = parent
        scope, logical_id = "/".join(parts[:-1]), parts[-1]
        if self.stack is not None and stack is not self.stack:
            raise LocalApiError(
                "unknown-logical-id",
                f"{element.node.path!r} is not in stack {self.stack_name!r}; pass a construct "
                "of the stack the API is served from, or a logical id of its template",
            )
        if self.resource(scope, logical_id) is None:
            return self._locate_id(f"{scope}/{logical_id}" if scope else logical_id)
        return scope, logical_id

    def _locate_id(self, text: str) -> tuple[str, str]:
        scope, _, logical_id = text.rpartition("/")
        if self.resource(scope, logical_id) is not None:
            return scope, logical_id
        if not scope:
            found = [
                (found_scope, text)
                for found_scope, template in self.scopes()
                if found_scope and text in (template.get("Resources") or {})
            ]
            if len(found) == 1:
                return found[0]
        known = [
            f"{found_scope}/{name}" if found_scope else name
            for found_scope, template in self.scopes()
            for name in (template.get("Resources") or {})
        ]
        close = difflib.get_close_matches(text, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise LocalApiError(
            "unknown-logical-id",
            f"the template of stack {self.stack_name!r} has no resource {text!r}; {hint}"
            "pass a construct of the stack or a logical id of its template "
            "(a nested stack's resource as 'NestedStackLogicalId/LogicalId')",
        )

    def logical_id_of(self, target: object) -> str:
        """The logical id of ``target`` (see :meth:`locate`).

        :raises LocalApiError: ``unknown-logical-id``, with a did-you-mean.
        """
        return self.locate(target)[1]


def _cfn_element(target: object) -> Any:
    """``target``'s CloudFormation element: itself, or its ``node.default_child``."""
    node = getattr(target, "node", None)
    if node is None:
        return None
    import aws_cdk as cdk

    if isinstance(target, cdk.CfnElement):
        return target
    child = node.default_child
    return child if isinstance(child, cdk.CfnElement) else None


def load_template(
    source: cdk.Stack | Mapping[str, Any] | str | os.PathLike[str],
    *,
    stack_name: str | None = None,
) -> LoadedTemplate:
    """The template of ``source``.

    :param source: a ``cdk.Stack`` (its app is synthesized once; later changes to the app are
        not seen), a template dict, or the path of a ``*.template.json`` file or of a cloud
        assembly folder with one stack.
    :param stack_name: the stack's name. Default: - the stack's; a file's from the cloud
        assembly's ``manifest.json`` or its name without ``.template.json``; ``"LocalApi"``
        for a dict.
    :raises LocalApiError: ``template-not-found`` (no such path), ``invalid-template`` (not a
        CloudFormation template, or a folder with several stacks).
    """
    if isinstance(source, Mapping):
        _check_template(source, "the template dict")
        return LoadedTemplate(template=source, stack_name=stack_name or _DEFAULT_STACK_NAME)
    if isinstance(source, str | os.PathLike):
        return _load_path(Path(os.fspath(source)), stack_name)
    return _load_stack(source, stack_name)


def _check_template(template: object, what: str) -> None:
    if not isinstance(template, Mapping) or not isinstance(template.get("Resources"), Mapping):
        raise LocalApiError(
            "invalid-template",
            f"{what} is not a CloudFormation template (no 'Resources' object); "
            "pass a synthesized template (cdk synth writes cdk.out/<Stack>.template.json), "
            "a template dict or a cdk.Stack",
        )


def _load_path(path: Path, stack_name: str | None) -> LoadedTemplate:
    if not path.exists():
        raise LocalApiError(
            "template-not-found",
            f"no template at {str(path)!r}; run 'cdk synth' and pass "
            "cdk.out/<Stack>.template.json (or the cdk.out folder)",
        )
    if path.is_dir():
        stacks = templates_in(path)
        if stack_name is not None and stack_name in stacks:
            return _load_path(stacks[stack_name], stack_name)
        if len(stacks) != 1:
            names = ", ".join(repr(name) for name in sorted(stacks)) or "none"
            raise LocalApiError(
                "invalid-template",
                f"{str(path)!r} is a folder with {len(stacks)} stacks ({names}); "
                "pass one stack's <Stack>.template.json file",
            )
        ((name, file),) = stacks.items()
        return _load_path(file, name)
    try:
        template = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise LocalApiError(
            "invalid-template",
            f"{str(path)!r} is not a JSON CloudFormation template ({error}); "
            "pass a synthesized template (cdk synth writes cdk.out/<Stack>.template.json)",
        ) from error
    _check_template(template, repr(str(path)))
    if stack_name is None:
        by_file = {file.name: name for name, file in templates_in(path.parent).items()}
        stack_name = by_file.get(path.name) or path.name.removesuffix(".json").removesuffix(
            ".template"
        )
    return LoadedTemplate(template=template, stack_name=stack_name, directory=path.parent)


def templates_in(cdk_out: Path) -> dict[str, Path]:
    """The stacks of a cloud assembly folder (``cdk.out``): stack name -> template file, read
    from its ``manifest.json`` (stages' nested assemblies included). Empty when the folder has
    no readable manifest."""
    try:
        manifest = json.loads((Path(cdk_out) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found: dict[str, Path] = {}
    for artifact_id, artifact in (manifest.get("artifacts") or {}).items():
        if not isinstance(artifact, Mapping):
            continue
        properties = artifact.get("properties") or {}
        if artifact.get("type") == "aws:cloudformation:stack" and "templateFile" in properties:
            name = properties.get("stackName") or artifact_id
            found[str(name)] = Path(cdk_out) / str(properties["templateFile"])
        elif artifact.get("type") == "cdk:cloud-assembly" and "directoryName" in properties:
            found.update(templates_in(Path(cdk_out) / str(properties["directoryName"])))
    return found


def _load_stack(stack: cdk.Stack, stack_name: str | None) -> LoadedTemplate:
    import aws_cdk as cdk

    if not isinstance(stack, cdk.Stack):
        raise LocalApiError(
            "invalid-template",
            f"{stack!r} is not a cdk.Stack, a template dict or a template path; "
            "pass the stack that holds the REST API",
        )
    # CDK's built-in CloudFormation validation (~3.7 s of a 3.75 s synth, measured) is decided
    # by the Node process's environment when aws_cdk is first imported: setting CDK_VALIDATION
    # here, after the stack exists, has no effect (measured). Users set it before importing
    # aws_cdk, or build their App with builtin_cloud_formation_validation=False.
    root = stack
    while root.nested_stack_parent is not None:
        root = root.nested_stack_parent
    stage = cdk.Stage.of(root)
    if stage is None:
        raise LocalApiError(
            "invalid-template",
            f"stack {root.node.path!r} is not in a cdk.App; create it as cdk.Stack(cdk.App(), ...)",
        )
    assembly = stage.synth()
    artifact = assembly.get_stack_artifact(root.artifact_id)
    template = artifact.template
    _check_template(template, f"the template of stack {root.stack_name!r}")
    return LoadedTemplate(
        template=template,
        stack_name=stack_name or artifact.stack_name,
        directory=Path(assembly.directory),
        stack=root,
    )
