"""The compiled twin ``check`` runs when the build made one (setup.py, trailercheck/native.py).

It must be what an installed ``trailercheck check`` uses, and it must find
exactly what the plain modules find: the two are compared, finding for
finding, over a benchmark-style history with every profile.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import build_history, run_cli

PROBE = "from trailercheck.native import compiled_main; print(compiled_main() is not None)"


def installed_twin(cwd: Path) -> bool:
    """Whether ``trailercheck check`` run from ``cwd`` (outside the source tree) goes to the compiled twin."""
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


@pytest.fixture(scope="module")
def kernel_history(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("native") / "history"
    build_history(path, 1500, seed=11)
    yield path


def test_ci_installs_the_compiled_twin(kernel_history: Path) -> None:
    # .ci/run installs with the compiler at hand and says so; a plain install elsewhere is allowed.
    if not os.environ.get("TRAILERCHECK_EXPECT_COMPILED"):
        pytest.skip("only where the build is expected to compile (TRAILERCHECK_EXPECT_COMPILED=1)")
    assert installed_twin(kernel_history)


def test_the_twin_is_off_with_trailercheck_pure(kernel_history: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=kernel_history,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TRAILERCHECK_PURE": "1"},
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos", "upstream"])
def test_compiled_and_plain_find_the_same(kernel_history: Path, profile: str) -> None:
    if not installed_twin(kernel_history):
        pytest.skip("no compiled twin installed (an editable or plain install)")
    args = ["check", "--format", "json", "--profile", profile, "--select", "S,L,T,O,F,C,M", "main"]
    plain = run_cli(*args, cwd=kernel_history, env={"TRAILERCHECK_PURE": "1"})
    compiled = run_cli(*args, cwd=kernel_history)
    assert plain.returncode == 1, plain.stderr
    assert (compiled.returncode, compiled.stderr) == (plain.returncode, plain.stderr)
    assert compiled.stdout == plain.stdout
    assert plain.stdout.count('"code": ') > 200  # the history is broken on purpose in many ways
