"""The commit checker: a range check leaves no reference cycles behind.

``check`` turns the cycle collector off while it runs (trailercheck/cli/run.py);
that is only safe while checking makes no cycles, which this test asserts
over a benchmark-style history with every rule family selected.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tests.builders import build_history
from trailercheck.cli.options import Options
from trailercheck.cli.run import setup
from trailercheck.runner import BATCH, CommitChecker, check_batches
from trailercheck.sources.gitlog import read_batches
from trailercheck.sources.repo import CommitLookup


@pytest.mark.parametrize("profile", ["qcom", "chromeos"])
def test_checking_leaves_no_cycles(tmp_path: Path, profile: str) -> None:
    path = tmp_path / "history"
    build_history(path, 600, seed=5)
    rules, ctx = setup(Options(profile=profile, select=["S,L,T,O,F,C,M"]))
    ctx.lookup = CommitLookup(str(path))
    checker = CommitChecker(rules, ctx, "#")
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        found = 0
        for checked, results in check_batches(checker, read_batches(str(path), ["main"], size=BATCH), 1):
            found += checked
            del results
        gc.collect()
        garbage = [type(obj).__name__ for obj in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert found == 600
    assert garbage == []
