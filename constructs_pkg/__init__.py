"""constructs_pkg: wire an API Gateway REST method straight to an AWS service action.

The public API is re-exported here; everything else lives in private modules.
"""

from ._method import RequestTemplate, RequestTemplateSource, ServiceIntegrationMethod
from ._version import __version__
from .errors import ConstructsPkgError, ValidationError

__all__ = [
    "ConstructsPkgError",
    "RequestTemplate",
    "RequestTemplateSource",
    "ServiceIntegrationMethod",
    "ValidationError",
    "__version__",
]
