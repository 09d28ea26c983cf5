"""The error :class:`~constructs_pkg.testing.LocalApi` raises when it cannot run an API.

Problems of a *request* never raise: they become the HTTP answer API Gateway would give
(a gateway response such as 403 ``Missing Authentication Token``). ``LocalApiError`` is for
what stops the API from running at all, or a call of the Python API that makes no sense.
"""

from __future__ import annotations

from ...errors import ConstructsPkgError

__all__ = ["LocalApiError"]


class LocalApiError(ConstructsPkgError):
    """A template, backend or request :class:`~constructs_pkg.testing.LocalApi` cannot work
    with. Like :class:`~constructs_pkg.errors.ValidationError`, it carries a stable kebab-case
    ``code`` and a ``message``.

    Codes: ``template-not-found`` and ``invalid-template`` (the source cannot be loaded),
    ``no-rest-api`` (the template has no ``AWS::ApiGateway::RestApi``), ``unknown-rest-api``
    (``rest_api`` names none of them), ``ambiguous-rest-api`` (several, and ``rest_api``
    chooses none), ``backend-unavailable`` (moto is not installed), ``backend-unsupported`` (a
    resource or service the backend cannot serve), ``endpoint-unreachable`` and
    ``stack-not-deployed`` (``endpoint_url`` mode), ``unknown-logical-id`` (``physical_id`` of
    something not in the template), ``invalid-request`` (a ``request`` call that cannot be
    sent, e.g. both ``body`` and ``json``), ``closed`` (the ``LocalApi`` was closed).
    """
