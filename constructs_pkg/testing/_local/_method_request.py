"""Method request checks, before any integration runs: the API key, then the request
validator (required parameters, then the body against its draft-4 JSON-schema model).

- ``api_key_required``: no ``x-api-key`` header gives 403 ``Forbidden`` (INVALID_API_KEY).
  Any key is accepted unless the template declares literal key values; then it must be one.
- Validation runs only when a validator is attached. Required parameters must be present and
  not blank; the 400 lists the missing names, header names first, then path, then query
  string. The body is checked against the model of its content type (MIME type only;
  ``application/json`` when absent) or ``$default``; no model, no check. An empty body is
  ``{}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..._apimodel import BUILTIN_MODELS, Method, RestApi
from ..._shape_check import type_of
from .._context import media_type
from ._call import Call, GatewayError
from ._errors import LocalApiError

__all__ = ["SchemaCache", "check_api_key", "validate_request"]

_LOCATION_ORDER = {"header": 0, "multivalueheader": 0, "path": 1}


class SchemaCache:
    """Draft-4 validators of an API's models, built once per model."""

    def __init__(self, api: RestApi) -> None:
        self._api = api
        self._validators: dict[str, Any] = {}
        if any(validator.validate_body for validator in api.validators.values()):
            try:
                import jsonschema  # type: ignore[import-untyped]  # noqa: F401
            except ModuleNotFoundError as error:
                raise LocalApiError(
                    "backend-unavailable",
                    "the API validates request bodies, which needs the 'jsonschema' package; "
                    "install constructs-pkg[testing]",
                ) from error

    def validator(self, name: str) -> Any:
        """The draft-4 validator of model ``name`` (``None``: no schema to check against)."""
        if name not in self._validators:
            self._validators[name] = self._build(name)
        return self._validators[name]

    def _build(self, name: str) -> Any:
        model = self._api.models.get(name)
        if model is None or name in BUILTIN_MODELS or not model.schema:
            return None
        try:
            schema: Any = json.loads(model.schema)
        except ValueError:
            return None
        if not isinstance(schema, Mapping):
            return None
        # imported on first use: constructs_pkg.testing's renderer works without it
        import jsonschema

        return jsonschema.Draft4Validator(schema)


def check_api_key(api: RestApi, method: Method, call: Call) -> None:
    """:raises GatewayError: INVALID_API_KEY when the method needs a key the call lacks."""
    if not method.api_key_required or api.api_key_source == "AUTHORIZER":
        return
    key = call.header("x-api-key")
    if not key:
        raise GatewayError(
            "INVALID_API_KEY", "Forbidden", detail="the method requires an x-api-key header"
        )
    if api.api_key_values and key not in api.api_key_values:
        raise GatewayError(
            "INVALID_API_KEY",
            "Forbidden",
            detail="x-api-key is none of the API keys the template declares",
        )


def _missing_parameters(method: Method, call: Call) -> list[str]:
    missing: list[tuple[int, str, str]] = []
    for key, required in method.request_parameters.items():
        if not required or not key.startswith("method.request."):
            continue
        kind, _, name = key[len("method.request.") :].partition(".")
        value = call.source(key)
        if value is None or not value.strip():
            missing.append((_LOCATION_ORDER.get(kind, 2), name, key))
    return [name for _, name, _ in sorted(missing)]


def _names(values: object) -> str:
    listed = sorted(str(v) for v in values) if isinstance(values, list) else values
    return json.dumps(listed, separators=(",", ":"))


def _describe(error: Any) -> str:
    """A schema error worded as API Gateway's validator (json-schema-validator) words the
    common cases (``object has missing required properties (["email"])``); others as
    ``jsonschema`` words them."""
    instance = error.instance
    kind = error.validator
    if kind == "required" and isinstance(instance, Mapping):
        missing = [name for name in error.validator_value if name not in instance]
        return f"object has missing required properties ({_names(missing)})"
    if kind == "additionalProperties" and isinstance(instance, Mapping):
        declared = set((error.schema.get("properties") or {}).keys())
        extra = [name for name in instance if name not in declared]
        return (
            f"object instance has properties which are not allowed by the schema: {_names(extra)}"
        )
    if kind == "type":
        allowed = error.validator_value
        allowed_list = allowed if isinstance(allowed, list) else [allowed]
        return (
            f"instance type ({_json_type(instance)}) does not match any allowed primitive "
            f"type (allowed: {_names(allowed_list)})"
        )
    if kind == "minLength" and isinstance(instance, str):
        return (
            f"string {json.dumps(instance)} is too short (length: {len(instance)}, required "
            f"minimum: {error.validator_value})"
        )
    if kind == "maxLength" and isinstance(instance, str):
        return (
            f"string {json.dumps(instance)} is too long (length: {len(instance)}, maximum "
            f"allowed: {error.validator_value})"
        )
    return str(error.message)


def _json_type(value: object) -> str:
    """The JSON-schema name of a parsed JSON value's type (``"array"``, ``"integer"``...)."""
    kind = type_of(value)
    return "array" if kind == "list" else kind


def _body_errors(validator: Any, call: Call) -> str | None:
    text = call.body_text
    try:
        document = json.loads(text) if text.strip() else {}
    except ValueError as error:
        return f"[Invalid JSON body: {error}]"
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.path])
    if not errors:
        return None
    return "[" + ", ".join(_describe(error) for error in errors) + "]"


def validate_request(api: RestApi, method: Method, call: Call, schemas: SchemaCache) -> None:
    """Run the method's request validator, if any.

    :raises GatewayError: BAD_REQUEST_PARAMETERS or BAD_REQUEST_BODY.
    """
    if method.request_validator_id is None:
        return
    validator = api.validators.get(method.request_validator_id)
    if validator is None:
        return
    if validator.validate_parameters:
        missing = _missing_parameters(method, call)
        if missing:
            listed = ", ".join(missing)
            raise GatewayError(
                "BAD_REQUEST_PARAMETERS",
                f"Missing required request parameters: [{listed}]",
                validation_error=f"Missing required request parameters: [{listed}]",
            )
    if validator.validate_body:
        content_type = media_type(call.header("Content-Type")) or "application/json"
        models = {media_type(key): name for key, name in method.request_models.items()}
        model = models.get(content_type) or method.request_models.get("$default")
        if model is None:
            return
        schema = schemas.validator(model)
        if schema is None:
            return
        errors = _body_errors(schema, call)
        if errors is not None:
            raise GatewayError(
                "BAD_REQUEST_BODY",
                "Invalid request body",
                # escaped for a JSON string, where templates put it (AWS escapes it too):
                # "validation": "$context.error.validationErrorString"
                validation_error=json.dumps(errors)[1:-1],
                detail=f"the body does not match model {model!r}: {errors}",
            )
