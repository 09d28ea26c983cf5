"""One model of a REST API, shared by ``constructs-pkg diff``/``import`` and the local executor.

- :mod:`._types`: the frozen value objects (:class:`RestApi`, :class:`Method`, ...);
- :mod:`._defaults`: API Gateway's defaults, applied in one place;
- :mod:`._from_template`: a REST API read from a synthesized template (intrinsic functions
  resolved once by :mod:`._intrinsics`, nested stacks included);
- :mod:`._from_boto`: the same from API Gateway's ``get_*`` answers;
- :mod:`._uri`: integration URIs and ARNs.

Pure code: no CDK, no AWS calls.
"""

from . import _defaults, _from_boto, _from_template, _intrinsics, _types, _uri
from ._defaults import *  # noqa: F403 - each module's __all__ is the package's API
from ._from_boto import *  # noqa: F403
from ._from_template import *  # noqa: F403
from ._intrinsics import *  # noqa: F403
from ._types import *  # noqa: F403
from ._uri import *  # noqa: F403

__all__ = [
    *_defaults.__all__,
    *_from_boto.__all__,
    *_from_template.__all__,
    *_intrinsics.__all__,
    *_types.__all__,
    *_uri.__all__,
]
