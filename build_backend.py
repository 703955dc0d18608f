"""The build backend: setuptools', asking for mypy only when the compiled core is wanted.

``pip install .`` (and so pre-commit and every CI job that installs the tool)
builds the plain package: no compiler, and no mypy to download. The compiled
twin of the checking core (see setup.py and trailercheck/native.py) is built
only when :data:`SWITCH` is ``1`` in the environment of the build::

    TRAILERCHECK_COMPILE=1 pip install .

Then mypy (mypyc) becomes a requirement of the wheel build, and the build fails
rather than install plain Python when it cannot compile. An editable install
never compiles, whatever the switch says.

pyproject.toml names this module (``backend-path = ["."]``); every hook is
setuptools' own but :func:`get_requires_for_build_wheel`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 (every hook of the PEP 517 interface)

#: The one switch: the environment variable that asks the build for the compiled core. The README,
#: .ci/run and .github/workflows/release.yml use this name (tests/test_build.py checks that they do).
SWITCH = "TRAILERCHECK_COMPILE"

#: What compiling adds to the build requirements: mypyc ships with mypy.
COMPILER = ("mypy>=1.11",)


def compile_requested(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the build is asked for the compiled core: ``1`` asks, unset, empty or ``0`` does not.

    Any other value stops the build: ``TRAILERCHECK_COMPILE=yes`` silently building
    plain Python would be worse than saying so.
    """
    value = environ.get(SWITCH, "").strip()
    if value not in ("", "0", "1"):
        raise SystemExit(f"trailercheck: {SWITCH}={value!r}: set it to 1 to compile the check core, or 0 (the default)")
    return value == "1"


def get_requires_for_build_wheel(config_settings: dict[str, str | list[str]] | None = None) -> list[str]:
    """setuptools' requirements for a wheel, and mypy when the compiled core is asked for."""
    requires: list[str] = _setuptools.get_requires_for_build_wheel(config_settings)
    return [*requires, *COMPILER] if compile_requested() else requires
