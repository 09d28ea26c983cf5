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
from collections.abc import Sequence
from typing import Literal, Unpack

from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._grants import Permission, kms_permissions
from .._method import ServiceIntegrationMethod
from .._templates import ResponseMapping, error_mapping
from ..errors import ValidationError
from ._common import check_options, merge_options
from ._options import PresetOptions

__all__ = ["S3DeleteObject", "S3GetObject", "S3PutObject"]

_KEY_PREFIX = re.compile(r"^([A-Za-z0-9!_.*'()-]+/)+$")
_PARAMETER = re.compile(r"^[A-Za-z0-9_.-]+$")
_RESPONSE = "method.response.header."
_INTEGRATION = "integration.response.header."
# S3 redirects (301 PermanentRedirect: the bucket is in another region) are a
# misconfiguration, answered like AccessDenied (403): 500.
_MISCONFIGURED = r"3\d{2}|403"
_VERBS = {"GetObject": "GET", "PutObject": "PUT", "DeleteObject": "DELETE"}


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


class _S3ObjectMethod(ServiceIntegrationMethod):
    """What every S3 preset passes to the construct (not public).

    :param action: the S3 action, called with the verb of the same meaning.
    :param header: a request header passed on to S3 when the client sends it.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        resource: apigw.IResource,
        bucket: s3.IBucket,
        http_method: str,
        key_parameter: str,
        key_prefix: str | None,
        action: Literal["GetObject", "PutObject", "DeleteObject"],
        header: str | None,
        permissions: list[Permission],
        responses: ResponseMapping,
        **options: Unpack[PresetOptions],
    ) -> None:
        path, objects, parameters = _object_path(bucket, resource, key_parameter, key_prefix)
        if header is not None:
            parameters[f"method.request.header.{header}"] = False
            parameters[f"integration.request.header.{header}"] = f"method.request.header.{header}"
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            service="s3",
            path=path,
            integration_http_method=_VERBS[action],
            region=bucket.env.region,
            resources=[objects],
            iam_actions=[f"s3:{action}"],
            **merge_options(
                {
                    "integration_responses": responses,
                    "request_parameters": parameters,
                    "additional_permissions": permissions,
                },
                options,
            ),
        )
        self.bucket = bucket
        """The bucket of the objects."""


class S3GetObject(_S3ObjectMethod):
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
    :param options: the options every preset shares (:class:`PresetOptions`).
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
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
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
            bucket=bucket,
            key_parameter=key_parameter,
            key_prefix=key_prefix,
            action="GetObject",
            header="Range",
            permissions=permissions,
            responses=object_responses(
                success_status="200",
                headers=("Content-Type", "ETag", "Last-Modified"),
                partial_content=True,
            ),
            **options,
        )


class S3PutObject(_S3ObjectMethod):
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
    :param options: the options every preset shares (:class:`PresetOptions`).
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
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            bucket=bucket,
            key_parameter=key_parameter,
            key_prefix=key_prefix,
            action="PutObject",
            header="Content-Type",
            permissions=kms_permissions(bucket.encryption_key, actions=("kms:GenerateDataKey",)),
            responses=object_responses(success_status="200", headers=("ETag",)),
            **options,
        )


class S3DeleteObject(_S3ObjectMethod):
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
    :param options: the options every preset shares (:class:`PresetOptions`).
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
        **options: Unpack[PresetOptions],
    ) -> None:
        check_options(self, options)
        super().__init__(
            scope,
            construct_id,
            resource=resource,
            http_method=http_method,
            bucket=bucket,
            key_parameter=key_parameter,
            key_prefix=key_prefix,
            action="DeleteObject",
            header=None,
            permissions=[],
            responses=object_responses(success_status="204", headers=()),
            **options,
        )
