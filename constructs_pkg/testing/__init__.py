"""Offline testing helpers: render API Gateway mapping templates without AWS.

``render_request`` / ``render_response`` run a template on a real Velocity engine with API
Gateway's ``$input``, ``$util``, ``$context`` and ``$stageVariables``;
``render_method_request`` picks a method's template by content type; and
``check_against_input_shape`` checks a rendered request against the service's botocore model;
``LocalApi`` runs a whole synthesized REST API in-process (routing, validation, templates,
service calls on moto, gateway responses).

It needs the ``testing`` extra: ``pip install 'constructs-pkg[testing]'``.
"""

# first: without the testing extra, this raises an ImportError naming the pip command
from . import _check_extra  # noqa: F401
from ._context import DEFAULT_CONTEXT, SampleRequest
from ._errors import TemplateRenderError
from ._local._api import LocalApi
from ._local._errors import LocalApiError
from ._local._response import LocalResponse
from ._render import (
    HasRequestTemplates,
    RenderedRequest,
    RenderedResponse,
    render_integration_request,
    render_method_request,
    render_request,
    render_response,
    resolve_tokens,
)
from ._shapes import check_against_input_shape
from ._util import escape_javascript

__all__ = [
    "DEFAULT_CONTEXT",
    "HasRequestTemplates",
    "LocalApi",
    "LocalApiError",
    "LocalResponse",
    "RenderedRequest",
    "RenderedResponse",
    "SampleRequest",
    "TemplateRenderError",
    "check_against_input_shape",
    "escape_javascript",
    "render_integration_request",
    "render_method_request",
    "render_request",
    "render_response",
    "resolve_tokens",
]
