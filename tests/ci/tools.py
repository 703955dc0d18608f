"""The validators the CI tests run (check-jsonschema, zizmor): from the [test] extra.

Outside CI a missing one skips its tests; in CI (``CI`` set) it fails them, since
``pip install '.[test]'`` installs both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def validator(name: str) -> str:
    found = shutil.which(name, path=os.path.dirname(sys.executable)) or shutil.which(name)
    if found is None:
        message = f"{name} is not installed (pip install '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def schema_check(schema: str, path: Path) -> None:
    """``check-jsonschema --builtin-schema SCHEMA PATH`` passes (its schemas are bundled: no network)."""
    proc = subprocess.run(
        [validator("check-jsonschema"), "--builtin-schema", schema, str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def zizmor(*paths: Path) -> None:
    """``zizmor --offline`` finds nothing, at any severity, even as the auditor (false positives and all)."""
    proc = subprocess.run(
        [validator("zizmor"), "--offline", "--persona=auditor", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout, proc.stdout + proc.stderr
