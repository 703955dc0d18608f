"""CI cancels a job with SIGINT or SIGTERM: ``check`` stops at once, quietly, and leaves no report behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.builders import build_history

#: Commits enough for a run of several seconds, so that the signal arrives mid-run.
COMMITS = 30_000


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Path:
    path = tmp_path_factory.mktemp("signals") / "history"
    build_history(path, COMMITS, seed=11)
    return path


@pytest.mark.parametrize(
    ("signum", "status", "said"), [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")]
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_stops_within_two_seconds_and_leaves_no_file(
    long_history: Path, tmp_path: Path, signum: int, status: int, said: str, jobs: str
) -> None:
    out = tmp_path / "report.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "trailercheck", "check", "--format", "json", "--output", str(out), "-j", jobs, "main"],
        cwd=long_history,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(1.5)
    assert proc.poll() is None, "the run ended before the signal: the history is too short for this machine"
    sent = time.monotonic()
    os.killpg(proc.pid, signum)  # as a terminal's Ctrl-C or a CI runner does: to every process of the job
    try:
        stdout, stderr = proc.communicate(timeout=10)
    finally:
        proc.kill()
    took = time.monotonic() - sent
    assert (proc.returncode, stdout, stderr) == (status, "", f"trailercheck: {said}\n")
    assert took < 2.0, took
    assert os.listdir(tmp_path) == []  # neither the report nor its temporary file
    leftover = subprocess.run(["pgrep", "-f", f"trailercheck check --format json --output {out}"], capture_output=True)
    assert leftover.stdout == b""  # no worker outlives the run
