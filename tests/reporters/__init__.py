"""Tests of the output formats; :func:`rendered` runs one reporter over some results, as msg and patch do."""

from __future__ import annotations

import io

from trailercheck.findings import Result
from trailercheck.reporters import FORMATS


def rendered(fmt: str, results: list[Result], profile: str = "qcom") -> str:
    """What the reporter of ``fmt`` writes for ``results``."""
    out = io.StringIO()
    reporter = FORMATS[fmt].load()(out, profile, False)
    for result in results:
        reporter.add(result)
    reporter.finish()
    return out.getvalue()
