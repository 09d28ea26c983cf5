"""The public names that need aws-cdk-lib: the construct, its resource helpers, their types.

Importing this module starts CDK's jsii runtime (a Node process, about a second).
``constructs_pkg`` imports it on first use of any of these names, so that the parts that need
no CDK (the command line, the template renderer in ``constructs_pkg.testing``) start without it.
"""

from ._method import RequestTemplate, ServiceIntegrationMethod
from ._paths import resource_for_path
from ._shards import MethodShards

__all__ = ["MethodShards", "RequestTemplate", "ServiceIntegrationMethod", "resource_for_path"]
