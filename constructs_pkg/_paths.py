"""Resources by path: ``resource_for_path(api, "/orders/{id}")``.

A method is declared on an API Gateway resource. aws-cdk-lib hands out resource objects
(``api.root.add_resource(...)``, ``resource_for_path(...)``) that say nothing on the Python side
about the API they belong to, so a ``ServiceIntegrationMethod`` on such an object asks the jsii
kernel (one round trip, about 0.2 ms) to find its API's shared role and validator. A resource
handed out here is recorded with its API and its path when it is created: methods on it ask
nothing (neither the API nor, for path-style URIs and CORS, the path), and asking again for
the same path returns the same object without a call.
"""

from __future__ import annotations

import re

from aws_cdk import aws_apigateway as apigw

from ._registry import ApiRegistry
from .errors import ValidationError

__all__ = ["resource_for_path", "split_path"]

# a path part as API Gateway accepts it: a literal segment, a {parameter} or a greedy {proxy+}
_SEGMENT = re.compile(r"^(?:[A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z0-9._-]+\+?\})$")


def split_path(path: str) -> list[str]:
    """The parts of a resource path (``"/orders/{id}"`` -> ``["orders", "{id}"]``; ``"/"`` ->
    ``[]``).

    :raises ValidationError: ``invalid-resource-path`` when ``path`` is not ``/`` or
        ``/part/...`` of valid path parts.
    """
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValidationError(
            "invalid-resource-path",
            f"'path' must be a str starting with '/', got {path!r}; pass e.g. '/orders/{{id}}'",
        )
    if path == "/":
        return []
    parts = path[1:].split("/")
    bad = [p for p in parts if not _SEGMENT.match(p)]
    if bad:
        raise ValidationError(
            "invalid-resource-path",
            f"path {path!r} has invalid part(s) {bad!r}; parts are non-empty, without spaces, "
            "a parameter is '{name}' or a greedy '{name+}': pass e.g. '/orders/{id}'",
        )
    return parts


def resource_for_path(api: apigw.IRestApi, path: str) -> apigw.IResource:
    """The resource of ``path`` in ``api``, created with any missing parent, as
    ``api.root.resource_for_path(path)`` does; the same object for the same path afterwards.

    Pass it as ``resource=`` to :class:`ServiceIntegrationMethod` or a preset (or to any
    construct: it is an ordinary ``aws_apigateway.IResource``). Methods on it know their API
    and path without a call into jsii, which is what makes a large API declared path by path
    as fast to synthesize as hand-written aws-cdk-lib code (README, "Performance"). For an API
    spread over nested stacks, use :meth:`MethodShards.resource` instead.

    :param api: the REST API: defined in this app, a ``SpecRestApi``, or imported with
        ``RestApi.from_rest_api_attributes`` (it needs the root resource id).
    :param path: the resource path from the API's root, e.g. ``"/orders/{id}"`` or ``"/"``.
    :raises ValidationError: ``invalid-resource-path`` for a malformed path,
        ``invalid-rest-api`` when ``api`` is not a REST API, ``imported-api-without-root`` for
        an API imported without its root resource id.
    """
    parts = split_path(path)
    if not isinstance(api, apigw.RestApiBase):
        raise ValidationError(
            "invalid-rest-api",
            f"'api' must be an aws_apigateway REST API (RestApi, SpecRestApi or one imported "
            f"with RestApi.from_rest_api_attributes), got {type(api).__name__}; pass the API "
            "the resource belongs to, e.g. resource_for_path(api, '/orders')",
        )
    return ApiRegistry.with_root(api).resource_for_path("/" + "/".join(parts))
