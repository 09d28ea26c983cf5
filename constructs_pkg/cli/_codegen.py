"""Write a Python module with a CDK stack that rebuilds a live REST API (``constructs-pkg import``).

The module is what a person would write by hand: constants for the API name, role ARNs and the
mapping templates (kept byte for byte), one variable per resource, and one statement per
method. ``AWS`` integrations become :class:`~constructs_pkg.ServiceIntegrationMethod`\\ s with
only the keywords whose value differs from what the construct derives; a method the construct
cannot rebuild exactly (and every other integration type) becomes a plain aws-cdk-lib
``add_method`` call. Every place where something could not be carried over as it is gets a
``# constructs-pkg:`` comment, and is listed in :attr:`GeneratedModule.notes`.

The output passes ``ruff check`` and ``ruff format --check`` at the given line length.
"""

from __future__ import annotations

import json
import keyword
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .. import _apimodel as model
from .._apimodel import (
    BUILTIN_MODELS,
    DEFAULT_PASSTHROUGH,
    AwsUri,
    lambda_function_arn,
    parse_aws_uri,
    role_name,
)
from .._apimodel._pairing import derived_headers, pairing_problems
from .._catalogue import Operation, normalize_service, operation, operation_for_path
from .._checks import HTTP_METHODS, INTEGRATION_HTTP_METHODS
from .._version import __version__
from ..errors import ValidationError
from ._pyfmt import INDENT, Call, Code, DictExpr, Expr, ListExpr, Lit, layout, string_literal

__all__ = ["GeneratedModule", "generate"]

NOTE = "# constructs-pkg:"
"""The marker of every comment that asks the reader to look at something."""

_VERB_ORDER = {verb: index for index, verb in enumerate(HTTP_METHODS)}
# the construct maps each {name} of a path-style URI (same pattern as constructs_pkg._method)
_PATH_PLACEHOLDER = re.compile(r"(?<!\$)\{([A-Za-z0-9_.-]+)\+?\}")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9*][\w.+*-]*$")
_STATUS_CODE = re.compile(r"^[1-5][0-9][0-9]$")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_CALLER_CREDENTIALS = re.compile(r"^arn:[a-z-]+:iam::\*:user/\*$")
_PARITY_RESPONSE = model.IntegrationResponse(
    status_code="200", response_templates={"application/json": ""}
)
_MAX_RESOURCES = 450
"""Above this many methods and resources, a note warns of CloudFormation's 500-resource limit."""
_INLINE_TEXT = 48
"""Response templates and schemas longer than this become module constants."""
_RESERVED = frozenset(
    {
        "self", "scope", "construct_id", "kwargs", "api", "role", "cdk", "apigw", "iam",
        "cognito", "lambda_", "os", "Any", "Construct", "ServiceIntegrationMethod", "app",
        "id", "type", "list", "dict", "str", "object", "input", "filter", "map", "format",
        "hash", "iter", "next", "open", "print", "range", "set", "vars", "sum", "min", "max",
        "all", "any", "bool", "int", "float", "bytes", "tuple", "len", "super", "property",
    }
)  # fmt: skip
_ENUMS: Mapping[str, Mapping[str, str]] = {
    "passthrough": {
        "WHEN_NO_MATCH": "apigw.PassthroughBehavior.WHEN_NO_MATCH",
        "WHEN_NO_TEMPLATES": "apigw.PassthroughBehavior.WHEN_NO_TEMPLATES",
        "NEVER": "apigw.PassthroughBehavior.NEVER",
    },
    "content": {
        "CONVERT_TO_BINARY": "apigw.ContentHandling.CONVERT_TO_BINARY",
        "CONVERT_TO_TEXT": "apigw.ContentHandling.CONVERT_TO_TEXT",
    },
    "integration": {
        "AWS": "apigw.IntegrationType.AWS",
        "AWS_PROXY": "apigw.IntegrationType.AWS_PROXY",
        "HTTP": "apigw.IntegrationType.HTTP",
        "HTTP_PROXY": "apigw.IntegrationType.HTTP_PROXY",
        "MOCK": "apigw.IntegrationType.MOCK",
    },
    "endpoint": {
        "EDGE": "apigw.EndpointType.EDGE",
        "REGIONAL": "apigw.EndpointType.REGIONAL",
        "PRIVATE": "apigw.EndpointType.PRIVATE",
    },
    "key_source": {
        "HEADER": "apigw.ApiKeySourceType.HEADER",
        "AUTHORIZER": "apigw.ApiKeySourceType.AUTHORIZER",
    },
}


@dataclass(frozen=True, kw_only=True, slots=True)
class GeneratedModule:
    """The generated source and what a caller reports about it.

    :param source: the Python module.
    :param stack_id: the id ``build_app()`` gives the stack (``cdk.out/<stack_id>.template.json``).
    :param class_name: the stack class.
    :param construct_methods: methods written as ``ServiceIntegrationMethod``.
    :param plain_methods: methods written as aws-cdk-lib ``add_method`` calls.
    :param notes: one line per ``# constructs-pkg:`` comment, prefixed with where it is.
    """

    source: str
    stack_id: str
    class_name: str
    construct_methods: int
    plain_methods: int
    notes: tuple[str, ...] = ()


def generate(
    api: model.RestApi, *, width: int = 100, command: str | None = None
) -> GeneratedModule:
    """The Python module that rebuilds ``api`` as a CDK stack.

    :param api: the REST API as read by :func:`~._reader.read_rest_api`.
    :param width: the line length the output is laid out for (ruff's ``line-length``).
    :param command: the command line to quote in the module docstring. Default: - a plain
        ``constructs-pkg import`` line for ``api``.
    """
    return _Generator(api, width, command).module()


@dataclass(slots=True)
class _Statement:
    """One statement of the stack's ``__init__``, with its ``# constructs-pkg:`` notes."""

    expr: Expr
    target: str | None = None
    notes: list[str] = field(default_factory=list)


class _Generator:
    """Collects names, constants and statements while walking the API once."""

    def __init__(self, api: model.RestApi, width: int, command: str | None) -> None:
        self.api = api
        self.width = width
        self.command = command or (
            f"constructs-pkg import --rest-api-id {api.id} --region {api.region}"
        )
        self.constants: dict[str, Expr] = {}
        self.locals: set[str] = set(_RESERVED)
        self.ids: set[str] = set()
        self.imports: set[str] = set()
        self.notes: list[str] = []
        self.roles: dict[str, str] = {}
        self.validators: dict[str, str] = {}
        self.models: dict[str, str] = {}
        self.authorizers: dict[str, str] = {}
        self.resources: dict[str, str] = {}
        self.setup: list[_Statement] = []
        self.methods: list[_Statement] = []
        self.construct_methods = 0
        self.plain_methods = 0

    # --- names ---------------------------------------------------------------------------

    def local(self, hint: str) -> str:
        base = _snake(hint) or "resource"
        if base[0].isdigit():
            base = f"r_{base}"
        name = base if base not in self.locals and not keyword.iskeyword(base) else ""
        suffix = 2
        while not name:
            candidate = f"{base}_resource" if suffix == 2 else f"{base}_{suffix}"
            if candidate not in self.locals:
                name = candidate
            suffix += 1
        self.locals.add(name)
        return name

    def construct_id(self, hint: str) -> str:
        base = _pascal(hint) or "Construct"
        name, suffix = base, 2
        while name in self.ids:
            name, suffix = f"{base}{suffix}", suffix + 1
        self.ids.add(name)
        return name

    def constant(self, hint: str, value: Expr) -> str:
        base = _snake(hint).upper() or "VALUE"
        if base[0].isdigit():
            base = f"V_{base}"
        name, suffix = base, 2
        while name in self.constants:
            name, suffix = f"{base}_{suffix}", suffix + 1
        self.constants[name] = value
        return name

    def note(self, where: str, text: str, into: list[str]) -> None:
        into.append(text)
        self.notes.append(f"{where}: {text}")

    # --- the module ------------------------------------------------------------------------

    def module(self) -> GeneratedModule:
        api = self.api
        class_name = (_pascal(api.name) or "Imported") + "Stack"
        if not class_name[0].isalpha():
            class_name = f"Api{class_name}"
        stack_id = class_name[: -len("Stack")] or "ImportedApi"
        self.constant("api_name", Lit(api.name))
        self._rest_api()
        for method in api.methods:
            if method.integration and method.integration.credentials:
                self._role(method.integration.credentials)
        self._references()
        self._resources()
        for method in sorted(
            api.methods, key=lambda m: (m.path, _VERB_ORDER.get(m.http_method, 99))
        ):
            self.methods.append(self._method(method))
        source = self._source(class_name, stack_id)
        return GeneratedModule(
            source=source,
            stack_id=stack_id,
            class_name=class_name,
            construct_methods=self.construct_methods,
            plain_methods=self.plain_methods,
            notes=tuple(self.notes),
        )

    def _rest_api(self) -> None:
        api = self.api
        statement = _Statement(Code(""), target="api")
        args: list[tuple[str | None, Expr]] = [
            (None, Code("self")),
            (None, Lit("Api")),
            ("rest_api_name", Code("API_NAME")),
        ]
        if api.description:
            args.append(("description", Lit(api.description)))
        if tuple(api.endpoint_types) != ("EDGE",):
            args.append(
                (
                    "endpoint_types",
                    ListExpr(tuple(self._enum("endpoint", t) for t in api.endpoint_types)),
                )
            )
            if "PRIVATE" in api.endpoint_types:
                self.note(
                    "RestApi",
                    "a PRIVATE API needs its VPC endpoints and resource policy; add them",
                    statement.notes,
                )
        if api.binary_media_types:
            args.append(
                ("binary_media_types", ListExpr(tuple(Lit(t) for t in api.binary_media_types)))
            )
        if api.minimum_compression_size is not None:
            args.append(
                (
                    "min_compression_size",
                    Call("cdk.Size.bytes", ((None, Lit(api.minimum_compression_size)),)),
                )
            )
        if api.api_key_source:
            args.append(("api_key_source_type", self._enum("key_source", api.api_key_source)))
        if api.disable_execute_api_endpoint:
            args.append(("disable_execute_api_endpoint", Lit(True)))
        if api.has_policy:
            self.note(
                "RestApi",
                "the live API has a resource policy, not imported: set 'policy'",
                statement.notes,
            )
        if len(api.methods) + len(api.resources) > _MAX_RESOURCES:
            self.note(
                "RestApi",
                f"{len(api.methods)} methods on {len(api.resources)} resources may exceed "
                "CloudFormation's 500 resources per stack: move some into a NestedStack",
                statement.notes,
            )
        if api.stages and not api.methods:
            args.append(("deploy", Lit(False)))
            self.note(
                "RestApi",
                "the live API has no method, and CDK cannot deploy an API without one "
                "(deploy=False)",
                statement.notes,
            )
        elif api.stages:
            stage = api.stages[0]
            stage_args: list[tuple[str | None, Expr]] = [("stage_name", Lit(stage.name))]
            if stage.description:
                stage_args.append(("description", Lit(stage.description)))
            if stage.variables:
                stage_args.append(("variables", _literal(dict(stage.variables))))
            if stage.tracing_enabled:
                stage_args.append(("tracing_enabled", Lit(True)))
            args.append(("deploy_options", Call("apigw.StageOptions", tuple(stage_args))))
            if stage.has_other_settings:
                self.note(
                    "RestApi",
                    f"stage {stage.name!r} has settings not imported (method settings, cache, "
                    "access logs, canary, client certificate or WAF): add them to deploy_options",
                    statement.notes,
                )
            if len(api.stages) > 1:
                others = ", ".join(repr(s.name) for s in api.stages[1:])
                self.note(
                    "RestApi",
                    f"the live API also has the stages {others}; only {stage.name!r} is "
                    "rebuilt: add an apigw.Stage for each one to keep",
                    statement.notes,
                )
        else:
            args.append(("deploy", Lit(False)))
            self.note(
                "RestApi",
                "the live API has no stage, so none is deployed (deploy=False)",
                statement.notes,
            )
        args.append(("cloud_watch_role", Lit(False)))
        statement.expr = Call("apigw.RestApi", tuple(args))
        self.setup.append(statement)

    def _role(self, credentials: str) -> str | None:
        if credentials in self.roles:
            return self.roles[credentials]
        name = role_name(credentials)
        if name is None:
            return None
        self.imports.add("iam")
        distinct = {
            c
            for m in self.api.methods
            if m.integration
            for c in [m.integration.credentials]
            if c and role_name(c)
        }
        if len(distinct) == 1:
            var, const, cid = (
                "role",
                self.constant("role_arn", Lit(credentials)),
                self.construct_id("Role"),
            )
        else:
            hint = name if _words(name)[-1:] == ["role"] else f"{name} role"
            var = self.local(hint)
            const = self.constant(f"{hint} arn", Lit(credentials))
            cid = self.construct_id(hint)
        self.locals.add(var)
        self.setup.append(
            _Statement(
                Call(
                    "iam.Role.from_role_arn",
                    (
                        (None, Code("self")),
                        (None, Lit(cid)),
                        (None, Code(const)),
                        ("mutable", Lit(False)),
                    ),
                ),
                target=var,
            )
        )
        self.roles[credentials] = var
        return var

    def _references(self) -> None:
        used_validators = {
            m.request_validator_id for m in self.api.methods if m.request_validator_id
        }
        for vid in sorted(used_validators):
            validator = self.api.validators.get(vid)
            if validator is not None:
                self._validator(validator)
        names: set[str] = set()
        for m in self.api.methods:
            names.update(m.request_models.values())
            for r in m.method_responses:
                names.update(r.response_models.values())
        for name in sorted(names - BUILTIN_MODELS):
            model = self.api.models.get(name)
            if model is not None:
                self._model(model)
        used_authorizers = {m.authorizer_id for m in self.api.methods if m.authorizer_id}
        for aid in sorted(used_authorizers):
            authorizer = self.api.authorizers.get(aid)
            if authorizer is not None:
                self._authorizer(authorizer)

    def _validator(self, validator: model.RequestValidator) -> None:
        var = self.local(f"{validator.name}_validator")
        args: list[tuple[str | None, Expr]] = [
            (None, Lit(self.construct_id(f"{validator.name}Validator"))),
            ("request_validator_name", Lit(validator.name)),
        ]
        if validator.validate_body:
            args.append(("validate_request_body", Lit(True)))
        if validator.validate_parameters:
            args.append(("validate_request_parameters", Lit(True)))
        self.setup.append(_Statement(Call("api.add_request_validator", tuple(args)), target=var))
        self.validators[validator.id] = var

    def _model(self, model: model.Model) -> None:
        cfn_var = self.local(f"{model.name}_cfn_model")
        var = self.local(f"{model.name}_model")
        schema: Expr
        try:
            schema = _literal(json.loads(model.schema)) if model.schema else DictExpr()
        except ValueError:
            schema = Lit(model.schema or "")
        schema_const = self.constant(f"{model.name}_schema", schema)
        args: list[tuple[str | None, Expr]] = [
            (None, Code("self")),
            (None, Lit(self.construct_id(f"{model.name}Model"))),
            ("rest_api_id", Code("api.rest_api_id")),
            ("name", Lit(model.name)),
            ("content_type", Lit(model.content_type)),
            ("schema", Code(schema_const)),
        ]
        if model.description:
            args.append(("description", Lit(model.description)))
        first = _Statement(Call("apigw.CfnModel", tuple(args)), target=cfn_var)
        self.note(
            f"model {model.name}",
            "its JSON schema is kept as read (apigw.Model with apigw.JsonSchema is the typed form)",
            first.notes,
        )
        self.setup.append(first)
        self.setup.append(
            _Statement(
                Call(
                    "apigw.Model.from_model_name",
                    (
                        (None, Code("self")),
                        (None, Lit(self.construct_id(f"{model.name}ModelRef"))),
                        (None, Code(f"{cfn_var}.ref")),
                    ),
                ),
                target=var,
            )
        )
        self.models[model.name] = var

    def _authorizer(self, authorizer: model.Authorizer) -> None:
        where = f"authorizer {authorizer.name}"
        statement = _Statement(Code(""))
        cid = self.construct_id(f"{authorizer.name}Authorizer")
        args: list[tuple[str | None, Expr]] = [(None, Code("self")), (None, Lit(cid))]
        ttl = authorizer.result_ttl_seconds
        ttl_arg: list[tuple[str | None, Expr]] = (
            [("results_cache_ttl", Call("cdk.Duration.seconds", ((None, Lit(ttl)),)))]
            if ttl is not None and ttl != 300
            else []
        )
        header = "method.request.header.Authorization"
        if authorizer.type == "COGNITO_USER_POOLS" and authorizer.provider_arns:
            self.imports.add("cognito")
            pools = tuple(
                Call(
                    "cognito.UserPool.from_user_pool_arn",
                    ((None, Code("self")), (None, Lit(f"{cid}Pool{index}")), (None, Lit(arn))),
                )
                for index, arn in enumerate(authorizer.provider_arns, start=1)
            )
            args += [
                ("cognito_user_pools", ListExpr(pools)),
                ("authorizer_name", Lit(authorizer.name)),
            ]
            if authorizer.identity_source and authorizer.identity_source != header:
                args.append(("identity_source", Lit(authorizer.identity_source)))
            statement.expr = Call("apigw.CognitoUserPoolsAuthorizer", tuple(args + ttl_arg))
        elif authorizer.type in ("TOKEN", "REQUEST") and lambda_function_arn(
            authorizer.authorizer_uri
        ):
            function = Call(
                "lambda_.Function.from_function_arn",
                (
                    (None, Code("self")),
                    (None, Lit(f"{cid}Function")),
                    (None, Lit(lambda_function_arn(authorizer.authorizer_uri))),
                ),
            )
            args += [("handler", function), ("authorizer_name", Lit(authorizer.name))]
            sources = [
                s.strip() for s in (authorizer.identity_source or "").split(",") if s.strip()
            ]
            if authorizer.type == "TOKEN":
                if authorizer.identity_source and authorizer.identity_source != header:
                    args.append(("identity_source", Lit(authorizer.identity_source)))
                if authorizer.identity_validation_expression:
                    args.append(
                        ("validation_regex", Lit(authorizer.identity_validation_expression))
                    )
            elif sources:
                args.append(("identity_sources", ListExpr(tuple(Lit(s) for s in sources))))
            else:
                self.note(
                    where,
                    "a REQUEST authorizer without identity sources cannot be declared in CDK; "
                    "methods using it keep authorization_type CUSTOM only",
                    self._api_notes(),
                )
                return
            if authorizer.authorizer_credentials and role_name(authorizer.authorizer_credentials):
                self.imports.add("iam")
                args.append(
                    (
                        "assume_role",
                        Call(
                            "iam.Role.from_role_arn",
                            (
                                (None, Code("self")),
                                (None, Lit(f"{cid}Role")),
                                (None, Lit(authorizer.authorizer_credentials)),
                                ("mutable", Lit(False)),
                            ),
                        ),
                    )
                )
            self.imports.add("lambda_")
            kind = (
                "apigw.TokenAuthorizer" if authorizer.type == "TOKEN" else "apigw.RequestAuthorizer"
            )
            statement.expr = Call(kind, tuple(args + ttl_arg))
            self.note(
                where,
                "CDK adds a permission for API Gateway to invoke the function where it can",
                statement.notes,
            )
        else:
            self.note(
                where,
                f"a {authorizer.type} authorizer of this form is not imported; "
                "methods using it keep authorization_type only",
                self._api_notes(),
            )
            return
        var = self.local(f"{authorizer.name}_authorizer")
        statement.target = var
        self.setup.append(statement)
        self.authorizers[authorizer.id] = var

    def _api_notes(self) -> list[str]:
        """A statement-less place for notes: they go on the ``RestApi`` statement."""
        return self.setup[0].notes

    def _resources(self) -> None:
        children: dict[str | None, list[model.Resource]] = {}
        for resource in self.api.resources:
            children.setdefault(resource.parent_id, []).append(resource)
        needed = {m.resource_id for m in self.api.methods}
        by_id = {r.id: r for r in self.api.resources}
        for resource in self.api.resources:
            if resource.parent_id is None:
                self.resources[resource.id] = "api.root"
                continue
            parent = self.resources.get(resource.parent_id)
            if parent is None:  # parent read later (should not happen: sorted by path)
                parent_res = by_id.get(resource.parent_id)
                parent = "api.root" if parent_res is None else self.resources[parent_res.id]
            add = Call(f"{parent}.add_resource", ((None, Lit(resource.path_part or "")),))
            if resource.id in needed or children.get(resource.id):
                var = self.local(_path_words(resource.path))
                self.setup.append(_Statement(add, target=var))
                self.resources[resource.id] = var
            else:
                self.setup.append(_Statement(add))
                self.resources[resource.id] = "api.root"

    # --- methods -------------------------------------------------------------------------

    def _method(self, method: model.Method) -> _Statement:
        statement = _Statement(Code(""))
        integration = method.integration
        reason = "the live method has no integration"
        if integration is not None and integration.type == "AWS" and integration.uri:
            uri = parse_aws_uri(integration.uri)
            if uri is not None:
                plan = self._construct_args(method, integration, uri, statement)
                if isinstance(plan, list):
                    statement.expr = Call("ServiceIntegrationMethod", tuple(plan))
                    self.imports.add("construct")
                    self.construct_methods += 1
                    self._method_notes(method, statement)
                    return statement
                reason = plan
            else:
                reason = (
                    f"its URI {integration.uri!r} is not of the form "
                    "arn:<partition>:apigateway:<region>:<service>:action|path/..."
                )
        if integration is not None and integration.type == "AWS":
            self.note(method.key, f"kept as a plain Method: {reason}", statement.notes)
        elif integration is None:
            self.note(
                method.key,
                "the live method has no integration; CDK gives it a MOCK integration",
                statement.notes,
            )
        resource = self.resources[method.resource_id]
        args: list[tuple[str | None, Expr]] = [(None, Lit(method.http_method))]
        if integration is not None:
            args.append((None, self._integration(method, integration, statement)))
        args += self._method_responses_arg(method.method_responses)
        if method.request_parameters:
            args.append(("request_parameters", _literal(dict(method.request_parameters))))
        args += self._method_options(method, statement)
        statement.expr = Call(f"{resource}.add_method", tuple(args))
        self.plain_methods += 1
        self._method_notes(method, statement)
        return statement

    def _method_notes(self, method: model.Method, statement: _Statement) -> None:
        integration = method.integration
        if integration is not None and integration.tls_insecure_skip_verification:
            self.note(
                method.key,
                "tlsConfig.insecureSkipVerification is not expressible in aws-cdk-lib; "
                "set it on the CfnMethod",
                statement.notes,
            )
        if (
            integration is not None
            and integration.type == "AWS_PROXY"
            and lambda_function_arn(integration.uri)
        ):
            self.note(
                method.key,
                "the Lambda function's permission for API Gateway is not part of the API: "
                "keep it or add one",
                statement.notes,
            )

    def _construct_args(
        self,
        method: model.Method,
        integration: model.Integration,
        uri: AwsUri,
        statement: _Statement,
    ) -> list[tuple[str | None, Expr]] | str:
        """The ServiceIntegrationMethod keywords, or why the construct cannot rebuild it."""
        role = self._role(integration.credentials) if integration.credentials else None
        if integration.credentials is None:
            return "it has no credentials (role), and ServiceIntegrationMethod always sets one"
        if role is None:
            return f"its credentials {integration.credentials!r} are not a role ARN"
        if uri.action_parameters:
            return "its URI has action parameters, which ServiceIntegrationMethod does not take"
        unsupported = [
            name
            for name, value in (
                ("cache_key_parameters", integration.cache_key_parameters),
                ("cache_namespace", integration.cache_namespace),
                ("connection_type", integration.connection_type),
                ("tls_config", integration.tls_insecure_skip_verification),
            )
            if value
        ]
        if unsupported:
            return f"ServiceIntegrationMethod has no keyword for {', '.join(unsupported)}"
        if not integration.responses:
            return (
                "it has no integration response, and ServiceIntegrationMethod always declares one"
            )
        verb = integration.http_method
        if verb not in INTEGRATION_HTTP_METHODS:
            return (
                f"its integration HTTP method {verb!r} is not one ServiceIntegrationMethod accepts"
            )
        try:
            service = normalize_service(uri.service)
            if service != uri.service:
                return f"service {uri.service!r} would be written as {service!r}"
            op: Operation | None
            if uri.action is not None:
                op = operation(service, uri.action)
            else:
                op = operation_for_path(service, uri.path or "", verb)
        except ValidationError as exc:
            return f"{exc.message}"
        if not uri.region:
            return "its URI names no region"
        problem = self._check_values(method, integration)
        if problem:
            return problem

        method_params = dict(method.request_parameters)
        integration_params = dict(integration.request_parameters)
        emit_integration = dict(integration_params)
        if op is not None:
            for header, value in op.headers.items():
                key = f"integration.request.header.{header}"
                if key not in integration_params:
                    return (
                        f"ServiceIntegrationMethod adds {key} = \"'{value}'\" for "
                        f"{op.service}:{op.name}, which the live method does not set"
                    )
                if integration_params[key] == f"'{value}'":
                    del emit_integration[key]
        resource_params = set(_PATH_PLACEHOLDER.findall(method.path))
        for name in _PATH_PLACEHOLDER.findall(uri.path or ""):
            key = f"integration.request.path.{name}"
            source = f"method.request.path.{name}"
            if key not in integration_params:
                return (
                    f"its URI path uses {{{name}}} without a mapping, and ServiceIntegrationMethod "
                    "maps it (or refuses it) itself"
                )
            if name in resource_params and integration_params[key] == source:
                del emit_integration[key]
        emit_method = dict(method_params)
        for source in integration_params.values():
            if source.startswith("method.request."):
                if source not in method_params:
                    return (
                        f"ServiceIntegrationMethod declares {source} for its mapping, which "
                        "the live method does not declare"
                    )
                if method_params[source] is True:
                    del emit_method[source]

        args: list[tuple[str | None, Expr]] = [
            (None, Code("self")),
            (
                None,
                Lit(
                    self.construct_id(f"{method.http_method} {_path_words(method.path) or 'root'}")
                ),
            ),
            ("resource", Code(self.resources[method.resource_id])),
            ("http_method", Lit(method.http_method)),
            ("service", Lit(service)),
        ]
        if uri.action is not None:
            args.append(("action", Lit(uri.action)))
            if op is None or verb != op.http_method:
                args.append(("integration_http_method", Lit(verb)))
        else:
            args += [("path", Lit(uri.path or "")), ("integration_http_method", Lit(verb))]
        args.append(("role", Code(role)))
        if uri.region != self.api.region:
            args.append(("region", Lit(uri.region)))
        if integration.request_templates:
            args.append(
                ("request_templates", self._templates(method, integration.request_templates))
            )
        if integration.passthrough_behavior != "WHEN_NO_TEMPLATES":
            passthrough = integration.passthrough_behavior or DEFAULT_PASSTHROUGH
            args.append(("passthrough_behavior", self._enum("passthrough", passthrough)))
        requested: dict[str, bool | str] = {**emit_method, **emit_integration}
        if requested:
            args.append(("request_parameters", _literal(requested)))
        responses = tuple(sorted(integration.responses, key=lambda r: r.status_code))
        if responses != (_PARITY_RESPONSE,):
            args.append(("integration_responses", self._integration_responses(method, responses)))
        if not _derived_method_responses_match(responses, method.method_responses):
            problem = _pairing_problem(responses, method.method_responses)
            if problem:
                return problem
            args += self._method_responses_arg(method.method_responses)
        if integration.content_handling:
            args.append(("content_handling", self._enum("content", integration.content_handling)))
        if integration.timeout_ms is not None:
            args.append(
                ("timeout", Call("cdk.Duration.millis", ((None, Lit(integration.timeout_ms)),)))
            )
        return args + self._method_options(method, statement)

    def _check_values(self, method: model.Method, integration: model.Integration) -> str | None:
        """What ServiceIntegrationMethod would refuse (it validates more than CloudFormation)."""
        media = list(integration.request_templates)
        statuses: list[str] = []
        for response in integration.responses:
            statuses.append(response.status_code)
            media += list(response.response_templates)
        statuses += [r.status_code for r in method.method_responses]
        bad_media = [m for m in media if not _MEDIA_TYPE.match(m)]
        if bad_media:
            return f"ServiceIntegrationMethod refuses the content type {bad_media[0]!r}"
        bad_status = [s for s in statuses if not _STATUS_CODE.match(s)]
        if bad_status:
            return f"ServiceIntegrationMethod refuses the status code {bad_status[0]!r}"
        if method.http_method not in HTTP_METHODS:
            return f"ServiceIntegrationMethod refuses the HTTP method {method.http_method!r}"
        for key in integration.request_parameters:
            if not key.startswith("integration.request."):
                return f"ServiceIntegrationMethod refuses the integration parameter {key!r}"
        for key in method.request_parameters:
            if not key.startswith("method.request."):
                return f"ServiceIntegrationMethod refuses the method parameter {key!r}"
        return None

    def _templates(self, method: model.Method, templates: Mapping[str, str]) -> DictExpr:
        items: list[tuple[Expr, Expr]] = []
        words = f"{method.http_method} {_path_words(method.path) or 'root'}"
        for content_type, text in templates.items():
            suffix = "" if len(templates) == 1 else f" {content_type.partition('/')[2]}"
            items.append(
                (Lit(content_type), Code(self.constant(f"{words}{suffix} template", Lit(text))))
            )
        return DictExpr(tuple(items))

    def _integration_responses(
        self, method: model.Method, responses: Sequence[model.IntegrationResponse]
    ) -> ListExpr:
        items: list[Expr] = []
        words = f"{method.http_method} {_path_words(method.path) or 'root'}"
        for response in responses:
            args: list[tuple[str | None, Expr]] = [("status_code", Lit(response.status_code))]
            if response.selection_pattern is not None:
                args.append(("selection_pattern", Lit(response.selection_pattern)))
            if response.response_parameters:
                args.append(("response_parameters", _literal(dict(response.response_parameters))))
            if response.response_templates:
                templates: list[tuple[Expr, Expr]] = []
                for content_type, text in response.response_templates.items():
                    value: Expr = Lit(text)
                    if len(text) > _INLINE_TEXT or "\n" in text:
                        suffix = (
                            ""
                            if len(response.response_templates) == 1
                            else f" {content_type.partition('/')[2]}"
                        )
                        value = Code(
                            self.constant(f"{words} {response.status_code}{suffix} response", value)
                        )
                    templates.append((Lit(content_type), value))
                args.append(("response_templates", DictExpr(tuple(templates))))
            if response.content_handling:
                args.append(("content_handling", self._enum("content", response.content_handling)))
            items.append(Call("apigw.IntegrationResponse", tuple(args)))
        return ListExpr(tuple(items))

    def _method_responses_arg(
        self, responses: Sequence[model.MethodResponse]
    ) -> list[tuple[str | None, Expr]]:
        if not responses:
            return []
        items: list[Expr] = []
        for response in responses:
            args: list[tuple[str | None, Expr]] = [("status_code", Lit(response.status_code))]
            if response.response_parameters:
                args.append(("response_parameters", _literal(dict(response.response_parameters))))
            if response.response_models:
                models = tuple(
                    (Lit(content_type), self._model_ref(name))
                    for content_type, name in response.response_models.items()
                )
                args.append(("response_models", DictExpr(models)))
            items.append(Call("apigw.MethodResponse", tuple(args)))
        return [("method_responses", ListExpr(tuple(items)))]

    def _model_ref(self, name: str) -> Expr:
        if name == "Empty":
            return Code("apigw.Model.EMPTY_MODEL")
        if name == "Error":
            return Code("apigw.Model.ERROR_MODEL")
        if name in self.models:
            return Code(self.models[name])
        return Call(
            "apigw.Model.from_model_name",
            (
                (None, Code("self")),
                (None, Lit(self.construct_id(f"{name}ModelRef"))),
                (None, Lit(name)),
            ),
        )

    def _method_options(
        self, method: model.Method, statement: _Statement
    ) -> list[tuple[str | None, Expr]]:
        args: list[tuple[str | None, Expr]] = []
        kind = method.authorization_type
        if method.authorizer_id and method.authorizer_id in self.authorizers:
            args.append(("authorizer", Code(self.authorizers[method.authorizer_id])))
        elif kind == "AWS_IAM":
            args.append(("authorization_type", Code("apigw.AuthorizationType.IAM")))
        elif kind in ("CUSTOM", "COGNITO_USER_POOLS"):
            member = "CUSTOM" if kind == "CUSTOM" else "COGNITO"
            args.append(("authorization_type", Code(f"apigw.AuthorizationType.{member}")))
            self.note(
                method.key,
                f"its {kind} authorizer could not be imported; attach one",
                statement.notes,
            )
        elif kind != "NONE":
            self.note(method.key, f"authorization type {kind!r} is not imported", statement.notes)
        if method.authorization_scopes:
            args.append(
                (
                    "authorization_scopes",
                    ListExpr(tuple(Lit(s) for s in method.authorization_scopes)),
                )
            )
        if method.api_key_required:
            args.append(("api_key_required", Lit(True)))
        if method.request_validator_id:
            validator = self.validators.get(method.request_validator_id)
            if validator is None:
                self.note(
                    method.key,
                    f"request validator {method.request_validator_id!r} could not be read",
                    statement.notes,
                )
            else:
                args.append(("request_validator", Code(validator)))
        if method.request_models:
            models = tuple(
                (Lit(content_type), self._model_ref(name))
                for content_type, name in method.request_models.items()
            )
            args.append(("request_models", DictExpr(models)))
        if method.operation_name:
            args.append(("operation_name", Lit(method.operation_name)))
        return args

    def _integration(
        self, method: model.Method, integration: model.Integration, statement: _Statement
    ) -> Expr:
        options: list[tuple[str | None, Expr]] = []
        credentials = integration.credentials
        if credentials and _CALLER_CREDENTIALS.match(credentials):
            options.append(("credentials_passthrough", Lit(True)))
        elif credentials:
            role = self._role(credentials)
            if role is None:
                self.note(
                    method.key,
                    f"credentials {credentials!r} are not a role ARN; not imported",
                    statement.notes,
                )
            else:
                options.append(("credentials_role", Code(role)))
        if integration.request_templates:
            options.append(
                ("request_templates", self._templates(method, integration.request_templates))
            )
        if integration.passthrough_behavior:
            options.append(
                (
                    "passthrough_behavior",
                    self._enum("passthrough", integration.passthrough_behavior),
                )
            )
        if integration.request_parameters:
            options.append(("request_parameters", _literal(dict(integration.request_parameters))))
        if integration.responses:
            responses = sorted(integration.responses, key=lambda r: r.status_code)
            options.append(
                ("integration_responses", self._integration_responses(method, responses))
            )
        if integration.content_handling:
            options.append(
                ("content_handling", self._enum("content", integration.content_handling))
            )
        if integration.timeout_ms is not None:
            options.append(
                ("timeout", Call("cdk.Duration.millis", ((None, Lit(integration.timeout_ms)),)))
            )
        if integration.cache_namespace:
            options.append(("cache_namespace", Lit(integration.cache_namespace)))
        if integration.cache_key_parameters:
            options.append(
                (
                    "cache_key_parameters",
                    ListExpr(tuple(Lit(p) for p in integration.cache_key_parameters)),
                )
            )
        if integration.connection_type == "VPC_LINK":
            options.append(("connection_type", Code("apigw.ConnectionType.VPC_LINK")))
            if integration.connection_id:
                link = Call(
                    "apigw.VpcLink.from_vpc_link_id",
                    (
                        (None, Code("self")),
                        (None, Lit(self.construct_id(f"VpcLink {integration.connection_id}"))),
                        (None, Lit(integration.connection_id)),
                    ),
                )
                options.append(("vpc_link", link))
        if integration.type == "MOCK":
            return Call("apigw.MockIntegration", tuple(options))
        option_arg: list[tuple[str | None, Expr]] = (
            [("options", Call("apigw.IntegrationOptions", tuple(options)))] if options else []
        )
        uri = parse_aws_uri(integration.uri or "") if integration.type == "AWS" else None
        if uri is not None:
            args: list[tuple[str | None, Expr]] = []
            service = uri.service
            if "." in service and not _known_service(service):
                subdomain, _, rest = service.partition(".")
                args += [("service", Lit(rest)), ("subdomain", Lit(subdomain))]
            else:
                args.append(("service", Lit(service)))
            if uri.action is not None:
                args.append(("action", Lit(uri.action)))
                if uri.action_parameters:
                    args.append(("action_parameters", _literal(dict(uri.action_parameters))))
            else:
                args.append(("path", Lit(uri.path or "")))
            if integration.http_method:
                args.append(("integration_http_method", Lit(integration.http_method)))
            if uri.region != self.api.region:
                args.append(("region", Lit(uri.region)))
            return Call("apigw.AwsIntegration", tuple(args + option_arg))
        args = [("type", self._enum("integration", integration.type))]
        if integration.http_method:
            args.append(("integration_http_method", Lit(integration.http_method)))
        if integration.uri:
            words = f"{method.http_method} {_path_words(method.path) or 'root'} uri"
            args.append(("uri", Code(self.constant(words, Lit(integration.uri)))))
        return Call("apigw.Integration", tuple(args + option_arg))

    def _enum(self, kind: str, value: str) -> Expr:
        member = _ENUMS[kind].get(value)
        if member is None:
            self.notes.append(
                f"{kind} value {value!r} is not known to this version; kept as a string"
            )
            return Lit(value)
        return Code(member)

    # --- source text -----------------------------------------------------------------------

    def _source(self, class_name: str, stack_id: str) -> str:
        width = self.width
        api = self.api
        lines: list[str] = [
            '"""' + _docline(f"REST API {api.name!r} ({api.id}, {api.region}) as a CDK stack.")
        ]
        lines.append("")
        about = (
            f"Generated by constructs-pkg {__version__}: {_docline(self.command)}. Review it, "
            f"synthesize it ('python <this file>' writes cdk.out/{stack_id}.template.json), "
            f"prove it with 'constructs-pkg diff --rest-api-id {api.id} --template "
            f"cdk.out/{stack_id}.template.json', then deploy. Comments starting with "
            f"'{NOTE}' mark what could not be carried over as it is."
        )
        glue = "\x00"  # keeps the marker on one line
        wrapped = textwrap.wrap(
            about.replace(NOTE, NOTE.replace(" ", glue)),
            width=width,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += [line.replace(glue, " ") for line in wrapped]
        lines += [
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "import os",
            "from typing import Any",
            "",
        ]
        lines.append("import aws_cdk as cdk")
        lines.append("from aws_cdk import aws_apigateway as apigw")
        if "cognito" in self.imports:
            lines.append("from aws_cdk import aws_cognito as cognito")
        if "iam" in self.imports:
            lines.append("from aws_cdk import aws_iam as iam")
        if "lambda_" in self.imports:
            lines.append("from aws_cdk import aws_lambda as lambda_")
        lines.append("from constructs import Construct")
        if "construct" in self.imports:
            lines.append("from constructs_pkg import ServiceIntegrationMethod")
        lines.append("")
        for name, value in self.constants.items():
            lines += layout(value, indent="", head=f"{name} = ", width=width)
        lines += ["", ""]
        lines.append(f"class {class_name}(cdk.Stack):")
        lines.append(
            f'{INDENT}"""The REST API and its methods, as read from {_docline(api.id)}."""'
        )
        lines.append("")
        lines.append(
            f"{INDENT}def __init__(self, scope: Construct, construct_id: str, **kwargs: Any) "
            "-> None:"
        )
        body = INDENT * 2
        lines.append(f"{body}super().__init__(scope, construct_id, **kwargs)")
        for statement in self.setup:
            lines += self._statement(statement, body)
        for statement in self.methods:
            lines.append("")
            lines += self._statement(statement, body)
        lines += ["", ""]
        lines += [
            "def build_app(app: cdk.App | None = None) -> cdk.App:",
            f'{INDENT}"""Add the stack to ``app`` (a new ``App`` by default) and return it."""',
            f"{INDENT}app = app or cdk.App()",
            f"{INDENT}{class_name}(app, {string_literal(stack_id)})",
            f"{INDENT}return app",
            "",
            "",
            'if __name__ == "__main__":',
            f'{INDENT}build_app(cdk.App(outdir=os.environ.get("CDK_OUTDIR", "cdk.out"))).synth()',
        ]
        return "\n".join(lines) + "\n"

    def _statement(self, statement: _Statement, indent: str) -> list[str]:
        lines: list[str] = []
        room = self.width - len(indent) - len(NOTE) - 1
        for note in statement.notes:
            wrapped = textwrap.wrap(
                _comment(note), width=room, break_long_words=False, break_on_hyphens=False
            )
            lines.append(f"{indent}{NOTE} {wrapped[0]}")
            lines += [f"{indent}#   {part}" for part in wrapped[1:]]
        head = f"{statement.target} = " if statement.target else ""
        return lines + layout(statement.expr, indent=indent, head=head, width=self.width)


def _known_service(name: str) -> bool:
    try:
        normalize_service(name)
    except ValidationError:
        return False
    return True


def _derived_method_responses_match(
    responses: Sequence[model.IntegrationResponse], live: Sequence[model.MethodResponse]
) -> bool:
    """Whether ServiceIntegrationMethod's derived method responses are the live ones."""
    derived = derived_headers((r.status_code, r.response_parameters) for r in responses)
    actual = {r.status_code: r for r in live}
    if set(actual) != set(derived):
        return False
    return all(
        actual[status].response_models == {"application/json": "Empty"}
        and dict(actual[status].response_parameters) == dict.fromkeys(headers, True)
        for status, headers in derived.items()
    )


def _pairing_problem(
    responses: Sequence[model.IntegrationResponse], live: Sequence[model.MethodResponse]
) -> str | None:
    problems = pairing_problems(
        ((r.status_code, r.response_parameters) for r in responses),
        {r.status_code: r.response_parameters for r in live},
    )
    if not problems:
        return None
    return f"{problems[0]}, which ServiceIntegrationMethod refuses"


def _literal(value: object) -> Expr:
    """A JSON-like value as an expression (dicts and lists recursively)."""
    if isinstance(value, dict):
        return DictExpr(tuple((Lit(str(k)), _literal(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ListExpr(tuple(_literal(v) for v in value))
    if value is None or isinstance(value, str | int | float | bool):
        return Lit(value)
    return Lit(str(value))


def _words(text: str) -> list[str]:
    return [w.lower() for part in re.split(r"[^A-Za-z0-9]+", text) for w in _WORD.findall(part)]


def _snake(text: str) -> str:
    return "_".join(_words(text))


def _pascal(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in _words(text))


def _path_words(path: str) -> str:
    return " ".join(_words(path))


def _plain(text: str) -> str:
    """``text`` safe for a docstring or a comment: printable ASCII, no backslash or quotes run."""
    cleaned = "".join(ch if 0x20 <= ord(ch) < 0x7F else "?" for ch in text)
    return cleaned.replace("\\", "/").replace('"""', "'''")


def _docline(text: str) -> str:
    return _plain(text).rstrip('"')


def _comment(text: str) -> str:
    return _plain(text)
