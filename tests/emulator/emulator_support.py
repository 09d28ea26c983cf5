"""Shared by the emulator tier's conftest and tests: the emulator module, timings, DeployedApi.

(Not in conftest.py: a test module cannot import from a conftest reliably.)
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "tools" / "emulator") not in sys.path:
    sys.path.insert(0, str(REPO / "tools" / "emulator"))

import emulator  # noqa: E402

STAGE = "test"
TABLE = "doc-example-profiles"


# --- runtime of this tier, printed at the end of the session -----


@dataclass
class _Timings:
    setup: float | None = None
    start: float | None = None
    synth: float | None = None
    deploys: dict[str, float] = field(default_factory=dict)
    #: other timed steps, printed as they are labelled (e.g. a test module's own synth)
    phases: dict[str, float] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    first_use: float | None = None

    def lines(self) -> list[str]:
        def row(label: str, seconds: float) -> str:
            return f"{label:<40} {seconds:6.1f} s"

        out = []
        if self.setup is not None:
            out.append(row("setup (tools/emulator/setup.sh)", self.setup))
        if self.start is not None:
            out.append(row("LocalStack start", self.start))
        if self.synth is not None:
            out.append(row("synth app.py", self.synth))
        out += [row(f"deploy {name}", seconds) for name, seconds in self.deploys.items()]
        out += [row(label, seconds) for label, seconds in self.phases.items()]
        if self.latencies_ms:
            lat = sorted(self.latencies_ms)
            out.append(
                f"{len(lat)} requests: median {statistics.median(lat):.0f} ms, max {lat[-1]:.0f} ms"
            )
        if self.first_use is not None:
            out.append(row("emulator tier total", time.perf_counter() - self.first_use))
        return out


TIMINGS = _Timings()


@dataclass(frozen=True)
class DeployedApi:
    """A stack of app.py deployed on the emulator, with its REST API."""

    stack_name: str
    rest_api_id: str
    outputs: Mapping[str, str]
    template: Mapping[str, Any]

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> emulator.Response:
        """One request to stage ``test``; its latency goes into the tier's summary."""
        started = time.perf_counter()
        response = emulator.invoke(self.rest_api_id, STAGE, path, method, body, headers)
        TIMINGS.latencies_ms.append((time.perf_counter() - started) * 1000)
        return response
