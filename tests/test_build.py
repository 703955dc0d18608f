"""The build: plain by default, in seconds; the compiled check core only behind its one switch.

``pip install .`` (pre-commit's first run, every CI job that installs the tool)
must neither compile nor download mypy; ``TRAILERCHECK_COMPILE=1`` asks for
the compiled twin (build_backend.py, setup.py), and the README, ``.ci/run`` and
the release workflow all ask for it by that one name.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import build_backend
from build_backend import COMPILER, SWITCH, compile_requested
from tests.builders import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

#: The files that tell how to build the compiled core, each with the switch set to 1.
ASKING = ("README.md", ".ci/run", ".github/workflows/release.yml")
#: The files of the build and of CI, where no other name for the switch may appear.
BUILD_FILES = (*ASKING, "setup.py", "build_backend.py", "pyproject.toml", "ci/github-action.sh")


@pytest.fixture
def setuptools_requires(monkeypatch: pytest.MonkeyPatch) -> None:
    """setuptools' own answer, without running setup.py in the source tree."""
    monkeypatch.setattr(build_backend._setuptools, "get_requires_for_build_wheel", lambda config_settings=None: [])


@pytest.mark.parametrize("value", [None, "", "0"])
def test_a_plain_build_needs_no_mypy(
    setuptools_requires: None, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv(SWITCH, raising=False)
    else:
        monkeypatch.setenv(SWITCH, value)
    assert build_backend.get_requires_for_build_wheel() == []
    # An editable install never compiles: setuptools' hook, untouched.
    assert build_backend.get_requires_for_build_editable is build_backend._setuptools.get_requires_for_build_editable


def test_the_switch_adds_mypy_to_the_wheel_build(setuptools_requires: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SWITCH, "1")
    assert build_backend.get_requires_for_build_wheel() == ["mypy>=1.11"]
    assert COMPILER == ("mypy>=1.11",)


@pytest.mark.parametrize("value", ["yes", "true", "2"])
def test_a_value_the_switch_does_not_know_stops_the_build(value: str) -> None:
    with pytest.raises(SystemExit) as stop:
        compile_requested({SWITCH: value})
    assert str(stop.value) == (
        f"trailercheck: TRAILERCHECK_COMPILE='{value}': set it to 1 to compile the check core, or 0 (the default)"
    )


def test_the_build_system_asks_for_setuptools_only() -> None:
    system = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]
    assert system == {"requires": ["setuptools>=64"], "build-backend": "build_backend", "backend-path": ["."]}
    # The sdist carries the backend, or a build from it could not start.
    assert "include build_backend.py" in (ROOT / "MANIFEST.in").read_text().splitlines()


def test_the_switch_is_named_once() -> None:
    assert SWITCH == "TRAILERCHECK_COMPILE"
    for name in ASKING:
        assert f"{SWITCH}=1" in (ROOT / name).read_text(), name
    # No other spelling of a compile switch anywhere in the build or CI (TRAILERCHECK_EXPECT_COMPILED is the
    # CI leg's check that the build did compile, not a switch).
    for name in BUILD_FILES:
        assert set(re.findall(r"\b\w*COMPILE\b", (ROOT / name).read_text())) == {SWITCH}, name


def test_ci_tests_the_plain_and_the_compiled_build() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert f'{SWITCH}=1 "$compiled/bin/python" -m pip install' in script
    assert "TRAILERCHECK_EXPECT_COMPILED=1" in script
    assert "tests/test_native.py" in script


def test_pip_builds_the_plain_package_without_mypy(tmp_path: Path) -> None:
    """A real ``pip wheel`` of a copy of the project: a pure wheel, and mypy never fetched."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "setup.py", "build_backend.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "trailercheck", project / "trailercheck", ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != SWITCH}
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path / "out"), str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "Collecting setuptools>=64" in proc.stdout  # the build requirements were installed, and ...
    assert "mypy" not in proc.stdout.lower()  # ... mypy was not among them
    [wheel] = (tmp_path / "out").iterdir()
    assert wheel.name == "trailercheck-0.1.0-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert "trailercheck/native.py" in names
    assert not [n for n in names if "_native" in n or n.endswith((".so", ".pyd"))]
