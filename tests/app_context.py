"""An App with cdk.json's context (feature flags), as `cdk synth` builds app.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk

CDK_JSON = Path(__file__).resolve().parent.parent / "cdk.json"


def cdk_app(**kwargs: Any) -> cdk.App:
    """A new ``App`` whose context is cdk.json's ``context`` (plus ``kwargs``)."""
    context = json.loads(CDK_JSON.read_text())["context"]
    return cdk.App(context=context, **kwargs)
