"""S3 objects by key: :class:`S3GetObject`, :class:`S3PutObject`, :class:`S3DeleteObject`.

Each method calls S3 path-style, ``<verb> <bucket>/<key_prefix><key>``, with the object key
taken from a path parameter of the method's resource (``/files/{key}``, or greedy
``/files/{key+}`` for keys with ``/``). The body goes through untouched (no request or
success template), so binary objects work once the REST API lists their media types:

.. code-block:: python

    api = apigw.RestApi(self, "Files", binary_media_types=["image/*", "application/pdf",
                                                           "application/octet-stream"])

A client then uploads with ``Content-Type: image/png`` (passed on to S3, which stores it) and
downloads with ``Accept: image/png`` (API Gateway answers the bytes; without a matching
``Accept`` it answers base64 text). Listing ``*/*`` makes every body binary, JSON too.

IAM: the key comes from the client, so the narrowest grant is the action on every object under
the prefix (``bucket.arn_for_objects("<key_prefix>*")``); a ``key_prefix`` narrows it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._grants import Permission, kms_permissions
from .._method import RequestTemplate, ServiceIntegrationMethod
from .._templates import ResponseMapping, error_mapping
from ..errors import ValidationError
from ._common import merge_parameters

if TYPE_CHECKING:
    from .._cors import Cors

__all__ = ["S3DeleteObject", "S3GetObject", "S3PutObject", "object_responses"]

_KEY_PREFIX = re.compile(r"^([A-Za-z0-9!_.*'()-]+/)+$")
_PARAMETER = re.compile(r"^[A-Za-z0-9_.-]+$")
_RESPONSE = "method.response.header."
_INTEGRATION = "integration.response.header."
# S3 redirects (301 PermanentRedirect: the bucket is in another region) are a
# misconfiguration, answered like AccessDenied (403): 500.
_MISCONFIGURED = r"3\d{2}|403"


def _headers(*names: str) -> dict[str, str]:
    return {_RESPONSE + name: _INTEGRATION + name for name in names}


def object_responses(
    *,
    success_status: str,
    headers: Sequence[str],
    partial_content: bool = False,
) -> ResponseMapping:
    """S3's responses: ``error_mapping("s3")`` with the success response passing the object
    and ``headers`` through (no template), an optional ``206`` for ranges, and S3 redirects
    (a bucket in another region) answered 500 instead of passing as a success.

    :param success_status: the status of the default response (``"200"``, ``"204"``).
    :param headers: S3 response headers mapped to the method response on success.
    :param partial_content: whether S3's ``206 Partial Content`` is answered as such, with
        ``Content-Range``.
    """
    base = error_mapping("s3", success_status=success_status)
    success = apigw.IntegrationResponse(
        status_code=success_status, response_parameters=_headers(*headers) or None
    )
    responses = [success]
    if partial_content:
        responses.append(
            apigw.IntegrationResponse(
                status_code="206",
                selection_pattern="206",
                response_parameters=_headers(*headers, "Content-Range"),
            )
        )
    for response in base.integration_responses[1:]:
        if response.selection_pattern == "403":
            response = apigw.IntegrationResponse(
                status_code=response.status_code,
                selection_pattern=_MISCONFIGURED,
                response_templates=response.response_templates,
                response_parameters=response.response_parameters,
            )
        responses.append(response)
    return ResponseMapping(
        integration_responses=tuple(responses), extra_status_codes=base.extra_status_codes
    )


def _object_path(
    bucket: s3.IBucket, resource: apigw.IResource, key_parameter: str, key_prefix: str | None
) -> tuple[str, str, dict[str, bool | str]]:
    """``(URI path, objects ARN, request parameters)`` for an object keyed by a path parameter."""
    if not isinstance(key_parameter, str) or not _PARAMETER.match(key_parameter):
        raise ValidationError(
            "invalid-key-parameter",
            f"'key_parameter' {key_parameter!r} is not a path parameter name; use letters, "
            "digits, '_', '.' and '-', e.g. key_parameter='key' for a resource '/files/{key}'",
        )
    path = resource.path
    if f"{{{key_parameter}}}" not in path and f"{{{key_parameter}+}}" not in path:
        raise ValidationError(
            "missing-key-parameter",
            f"resource {path!r} has no path parameter {{{key_parameter}}} to take the object "
            f"key from; add the method to a resource like "
            f"api.root.add_resource('files').add_resource('{{{key_parameter}}}') (or "
            f"'{{{key_parameter}+}}' for keys with '/'), or set 'key_parameter'",
        )
    prefix = key_prefix or ""
    if prefix and not _KEY_PREFIX.match(prefix):
        raise ValidationError(
            "invalid-key-prefix",
            f"'key_prefix' {key_prefix!r} is not a key prefix this method can use; give whole "
            "path segments ending in '/', of letters, digits and \"!_.*'()-\", e.g. 'uploads/'",
        )
    parameters: dict[str, bool | str] = {
        "integration.request.path.key": f"method.request.path.{key_parameter}",
    }
    return f"{bucket.bucket_name}/{prefix}{{key}}", bucket.arn_for_objects(f"{prefix}*"), parameters


class S3GetObject(ServiceIntegrationMethod):
    """A method that answers an S3 object (``GetObject``), its key from a path parameter.

    What it sends: ``GET <bucket>/<key_prefix><key>`` (and the client's ``Range`` header).
    What it answers: ``200`` with the object's bytes and its ``Content-Type``, ``ETag`` and
    ``Last-Modified``; ``206`` with ``Content-Range`` for a range; a missing key 404 when the
    role may list the bucket (``grant_list_bucket=True``; S3 answers 403 otherwise, which is
    answered 500 like any access problem), other errors as 4xx/5xx with a JSON body (S3's XML
    errors are mapped by status). IAM: ``s3:GetObject`` on ``bucket.arn_for_objects(
    "<key_prefix>*")``, plus ``kms:Decrypt`` on ``bucket.encryption_key`` when the bucket uses
    a customer managed key. Binary objects: see the module's documentation.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the resource the method is added to, with the key's path parameter.
    :param bucket: the bucket.
    :param http_method: the client's verb. Default: - ``GET``.
    :param key_parameter: the path parameter holding the key (``{key}`` or ``{key+}``).
        Default: - ``"key"``.
    :param key_prefix: a prefix put before the key, whole segments ending in ``/``
        (``"public/"``); it also narrows the grant. Default: - none: any key of the bucket.
    :param grant_list_bucket: also grant ``s3:ListBucket`` on the bucket, so a missing key is
        a 404 (S3 tells missing from forbidden only to callers that may list). Default: -
        ``False``: a missing key answers 500.
    :param role: the role API Gateway assumes. Default: - the API's shared role, granted the
        permissions above.
    :param cors: CORS for this method. Default: - none.
    :param authorization_type: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorizer: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorization_scopes: as ``ServiceIntegrationMethod``. Default: - none.
    :param api_key_required: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param request_templates: request templates. Default: - none: nothing to send but the key.
    :param integration_responses: replaces the response and error mapping. Default: - the
        responses above (:func:`object_responses`).
    :param method_responses: replaces the derived method responses. Default: - derived.
    :param request_parameters: added to (and winning over) the preset's: the key's path
        mapping and the optional ``Range`` header. Default: - none.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        bucket: s3.IBucket,
        http_method: str = "GET",
        key_parameter: str = "key",
        key_prefix: str | None = None,
        grant_list_bucket: bool = False,
        role: iam.IRole | None = None,
        cors: Cors | None = None,
        authorization_type: apigw.AuthorizationType | None = None,
        authorizer: apigw.IAuthorizer | None = None,
        authorization_scopes: Sequence[str] | None = None,
        api_key_required: bool | None = None,
        request_templates: Mapping[str, RequestTemplate] | None = None,
        integration_responses: Sequence[apigw.IntegrationResponse] | ResponseMapping | None = None,
        method_responses: Sequence[apigw.MethodResponse] | None = None,
        request_parameters: Mapping[str, bool | str] | None = None,
    ) -> None:
        path, objects, parameters = _object_path(bucket, resource, key_parameter, key_prefix)
        parameters["method.request.header.Range"] = False
        parameters["integration.request.header.Range"] = "method.request.header.Range"
        permissions = kms_permissions(bucket.encryption_key, actions=("kms:Decrypt",))
        if grant_list_bucket:
            permissions.append(
                Permission(actions=("s3:ListBucket",), resources=(bucket.bucket_arn,))
            )
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="s3",
            path=path,
            integration_http_method="GET",
            region=bucket.env.region,
            role=role,
            resources=[objects],
            iam_actions=["s3:GetObject"],
            additional_permissions=permissions,
            request_templates=request_templates,
            integration_responses=(
                integration_responses
                if integration_responses is not None
                else object_responses(
                    success_status="200",
                    headers=("Content-Type", "ETag", "Last-Modified"),
                    partial_content=True,
                )
            ),
            method_responses=method_responses,
            request_parameters=merge_parameters(parameters, request_parameters),
            cors=cors,
            authorization_type=authorization_type,
            authorizer=authorizer,
            authorization_scopes=authorization_scopes,
            api_key_required=api_key_required,
        )
        self.bucket = bucket
        """The bucket objects are read from."""


class S3PutObject(ServiceIntegrationMethod):
    """A method that stores the request body as an S3 object (``PutObject``), its key from a
    path parameter.

    What it sends: ``PUT <bucket>/<key_prefix><key>`` with the body as is and the client's
    ``Content-Type`` (stored as the object's). What it answers: ``200`` with the object's
    ``ETag`` header and an empty body; errors as 4xx/5xx with a JSON body (too large 413, a
    failed precondition 412; access problems 500). IAM: ``s3:PutObject`` on
    ``bucket.arn_for_objects("<key_prefix>*")``, plus ``kms:GenerateDataKey`` on
    ``bucket.encryption_key`` when the bucket uses a customer managed key. API Gateway limits a
    body to 10 MB. Binary objects: see the module's documentation.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the resource the method is added to, with the key's path parameter.
    :param bucket: the bucket.
    :param http_method: the client's verb. Default: - ``PUT``.
    :param key_parameter: the path parameter holding the key. Default: - ``"key"``.
    :param key_prefix: a prefix put before the key, whole segments ending in ``/``
        (``"uploads/"``); it also narrows the grant. Default: - none: any key of the bucket.
    :param content_handling: how API Gateway converts the body. Default: - passed through:
        bytes for the API's binary media types, text otherwise.
    :param role: the role API Gateway assumes. Default: - the API's shared role, granted the
        permissions above.
    :param cors: CORS for this method. Default: - none.
    :param authorization_type: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorizer: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorization_scopes: as ``ServiceIntegrationMethod``. Default: - none.
    :param api_key_required: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param request_templates: request templates. Default: - none: the body goes through.
    :param integration_responses: replaces the response and error mapping. Default: - the
        responses above (:func:`object_responses`).
    :param method_responses: replaces the derived method responses. Default: - derived.
    :param request_parameters: added to (and winning over) the preset's: the key's path
        mapping and the ``Content-Type`` header. Default: - none.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        bucket: s3.IBucket,
        http_method: str = "PUT",
        key_parameter: str = "key",
        key_prefix: str | None = None,
        content_handling: apigw.ContentHandling | None = None,
        role: iam.IRole | None = None,
        cors: Cors | None = None,
        authorization_type: apigw.AuthorizationType | None = None,
        authorizer: apigw.IAuthorizer | None = None,
        authorization_scopes: Sequence[str] | None = None,
        api_key_required: bool | None = None,
        request_templates: Mapping[str, RequestTemplate] | None = None,
        integration_responses: Sequence[apigw.IntegrationResponse] | ResponseMapping | None = None,
        method_responses: Sequence[apigw.MethodResponse] | None = None,
        request_parameters: Mapping[str, bool | str] | None = None,
    ) -> None:
        path, objects, parameters = _object_path(bucket, resource, key_parameter, key_prefix)
        parameters["method.request.header.Content-Type"] = False
        parameters["integration.request.header.Content-Type"] = "method.request.header.Content-Type"
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="s3",
            path=path,
            integration_http_method="PUT",
            region=bucket.env.region,
            role=role,
            resources=[objects],
            iam_actions=["s3:PutObject"],
            additional_permissions=kms_permissions(
                bucket.encryption_key, actions=("kms:GenerateDataKey",)
            ),
            request_templates=request_templates,
            content_handling=content_handling,
            integration_responses=(
                integration_responses
                if integration_responses is not None
                else object_responses(success_status="200", headers=("ETag",))
            ),
            method_responses=method_responses,
            request_parameters=merge_parameters(parameters, request_parameters),
            cors=cors,
            authorization_type=authorization_type,
            authorizer=authorizer,
            authorization_scopes=authorization_scopes,
            api_key_required=api_key_required,
        )
        self.bucket = bucket
        """The bucket objects are written to."""


class S3DeleteObject(ServiceIntegrationMethod):
    """A method that deletes an S3 object (``DeleteObject``), its key from a path parameter.

    What it sends: ``DELETE <bucket>/<key_prefix><key>``. What it answers: ``204`` with no body
    (also for a key that does not exist: S3 deletes idempotently); errors as 4xx/5xx with a
    JSON body (access problems 500). IAM: ``s3:DeleteObject`` on
    ``bucket.arn_for_objects("<key_prefix>*")``; no KMS permission is needed to delete.

    :param scope: the construct's parent.
    :param construct_id: the construct's id.
    :param resource: the resource the method is added to, with the key's path parameter.
    :param bucket: the bucket.
    :param http_method: the client's verb. Default: - ``DELETE``.
    :param key_parameter: the path parameter holding the key. Default: - ``"key"``.
    :param key_prefix: a prefix put before the key, whole segments ending in ``/``; it also
        narrows the grant. Default: - none: any key of the bucket.
    :param role: the role API Gateway assumes. Default: - the API's shared role, granted
        ``s3:DeleteObject`` as above.
    :param cors: CORS for this method. Default: - none.
    :param authorization_type: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorizer: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param authorization_scopes: as ``ServiceIntegrationMethod``. Default: - none.
    :param api_key_required: as ``ServiceIntegrationMethod``. Default: - the API's default.
    :param request_templates: request templates. Default: - none.
    :param integration_responses: replaces the response and error mapping. Default: - the
        responses above (:func:`object_responses`).
    :param method_responses: replaces the derived method responses. Default: - derived.
    :param request_parameters: added to (and winning over) the key's path mapping.
        Default: - none.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        bucket: s3.IBucket,
        http_method: str = "DELETE",
        key_parameter: str = "key",
        key_prefix: str | None = None,
        role: iam.IRole | None = None,
        cors: Cors | None = None,
        authorization_type: apigw.AuthorizationType | None = None,
        authorizer: apigw.IAuthorizer | None = None,
        authorization_scopes: Sequence[str] | None = None,
        api_key_required: bool | None = None,
        request_templates: Mapping[str, RequestTemplate] | None = None,
        integration_responses: Sequence[apigw.IntegrationResponse] | ResponseMapping | None = None,
        method_responses: Sequence[apigw.MethodResponse] | None = None,
        request_parameters: Mapping[str, bool | str] | None = None,
    ) -> None:
        path, objects, parameters = _object_path(bucket, resource, key_parameter, key_prefix)
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="s3",
            path=path,
            integration_http_method="DELETE",
            region=bucket.env.region,
            role=role,
            resources=[objects],
            iam_actions=["s3:DeleteObject"],
            request_templates=request_templates,
            integration_responses=(
                integration_responses
                if integration_responses is not None
                else object_responses(success_status="204", headers=())
            ),
            method_responses=method_responses,
            request_parameters=merge_parameters(parameters, request_parameters),
            cors=cors,
            authorization_type=authorization_type,
            authorizer=authorizer,
            authorization_scopes=authorization_scopes,
            api_key_required=api_key_required,
        )
        self.bucket = bucket
        """The bucket objects are deleted from."""
