"""The GitHub Action (action.yml and ci/github-action.sh), its steps run with bash on real repositories.

The repositories are laid out as GitHub has them: a bare ``origin`` with a
base branch and a pull request branch (``refs/pull/7/head``, and the merge
GitHub tests, ``refs/pull/7/merge``), fetched into the workspace as
actions/checkout does by default: that one merge commit, depth 1. The origin
allows what GitHub allows: fetching any commit by id and partial clones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.builders import ADA, ROOT, commit, fast_import, git, head, init_repo
from tests.ci.runner import TOKEN, ActionRun, run_action, runner_env

SIGNOFF = f"Signed-off-by: {ADA}"
LINK = "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/"
#: The classic mistake: a blank line between Link: and Signed-off-by: hides the sign-off from git.
SPLIT = (
    "FROMLIST: misc: fastrpc: Fix map refcount\n\nDrop the extra reference taken on the map when the\n"
    f"buffer is already mapped.\n\n{LINK}\n\n{SIGNOFF}\nCRs-Fixed: 4564170\n"
)
GOOD = (
    "QCLINUX: arm64: dts: qcom: sm8650: Enable the fastrpc node\n\nThe compute DSP needs its fastrpc "
    f"node on this board.\n\n{SIGNOFF}\nCRs-Fixed: 4564171\n"
)
GOOD_TOO = (
    "QCLINUX: misc: fastrpc: Log the session id on attach failure\n\nMakes the failing session "
    f"visible in the kernel log.\n\n{SIGNOFF}\nCRs-Fixed: 4564172\n"
)


@dataclass
class PullRequest:
    origin: Path
    work: Path
    base: str
    tip: str
    split: str
    merge_base: str


def base_commits(repo: Path, first: int, count: int) -> None:
    """``count`` clean commits on ``qcom-next``."""
    fast_import(
        repo,
        "qcom-next",
        [
            f"QCLINUX: soc: qcom: pmic_glink: Update {i}\n\nKeeps the driver in step with the firmware.\n\n"
            f"{SIGNOFF}\n".encode()
            for i in range(first, first + count)
        ],
        files=True,
    )


def github_origin(path: Path) -> Path:
    """A bare repository that serves what GitHub serves: any commit by id, partial clones."""
    origin = init_repo(path, bare=True)
    git(origin, "config", "uploadpack.allowAnySHA1InWant", "true")
    git(origin, "config", "uploadpack.allowFilter", "true")
    return origin


def checkout(work: Path, origin: Path, ref: str) -> None:
    """What actions/checkout does by default: fetch ``ref`` 1 deep, check it out detached."""
    init_repo(work)
    git(work, "remote", "add", "origin", f"file://{origin}")
    git(work, "fetch", "-q", "--no-tags", "--depth=1", "origin", f"+{ref}:refs/remotes/checkout")
    git(work, "checkout", "-q", "--detach", "refs/remotes/checkout")


@pytest.fixture
def pull_request(tmp_path: Path) -> PullRequest:
    """qcom-next with 200 commits, a pull request of 3 on it, qcom-next 100 commits ahead since.

    The merge base is 101 commits below the base: more than the first fetch takes (64), so the
    clone is deepened at least once."""
    seed = init_repo(tmp_path / "seed", "qcom-next")
    base_commits(seed, 0, 200)
    git(seed, "checkout", "-q", "-f", "qcom-next")
    fork = head(seed)
    git(seed, "checkout", "-q", "-b", "topic")
    commit(seed, GOOD, {"arch/arm64/boot/dts/qcom/sm8650.dtsi": "fastrpc\n"})
    split = commit(seed, SPLIT, {"drivers/misc/fastrpc.c": "map\n"})
    commit(seed, GOOD_TOO, {"drivers/misc/fastrpc.c": "map\nlog\n"})
    tip = head(seed)
    git(seed, "checkout", "-q", "qcom-next")
    base_commits(seed, 200, 100)
    git(seed, "checkout", "-q", "-f", "qcom-next")
    base = head(seed)
    git(seed, "checkout", "-q", "--detach")
    git(seed, "merge", "-q", "--no-ff", "-m", "Merge 7 into qcom-next", "topic")
    merge = head(seed)
    origin = github_origin(tmp_path / "origin.git")
    git(
        seed,
        "push",
        "-q",
        str(origin),
        "qcom-next",
        "topic",
        f"{tip}:refs/pull/7/head",
        f"{merge}:refs/pull/7/merge",
    )
    work = tmp_path / "work"
    checkout(work, origin, "refs/pull/7/merge")
    assert git(work, "rev-parse", "--is-shallow-repository").strip() == "true"
    return PullRequest(origin, work, base, tip, split, fork)


def pull_request_event(tmp_path: Path, pr: PullRequest) -> Path:
    """The parts of a ``pull_request`` event's payload the action reads (and a few it does not)."""
    path = tmp_path / "event.json"
    event = {
        "action": "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "base": {"ref": "qcom-next", "sha": pr.base},
            "head": {"ref": "topic", "sha": pr.tip},
            "commits": 3,
        },
        "repository": {"full_name": "example/kernel", "default_branch": "qcom-next"},
    }
    path.write_text(json.dumps(event))
    return path


def dev_tool(tmp_path: Path) -> Path:
    """A directory with a ``trailercheck`` that runs the tool of this checkout (for ``install: false``)."""
    bin_dir = tmp_path / "dev-bin"
    bin_dir.mkdir()
    tool = bin_dir / "trailercheck"
    tool.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m trailercheck "$@"\n')
    tool.chmod(0o755)
    return bin_dir


def run(tmp_path: Path, pr: PullRequest, event: Path, event_name: str = "pull_request", **inputs: str) -> ActionRun:
    env = runner_env(tmp_path, pr.work, event_name, event)
    env["PATH"] = f"{dev_tool(tmp_path)}{os.pathsep}{env['PATH']}"
    if event_name == "pull_request":
        env["GITHUB_BASE_REF"] = "qcom-next"
    return run_action(ROOT, {"install": "false", **inputs}, env, pr.work, tmp_path / "runner-temp")


def has(repo: Path, sha: str) -> bool:
    return subprocess.run(["git", "cat-file", "-e", f"{sha}^{{commit}}"], cwd=repo).returncode == 0


# -- the range and its history -------------------------------------------------------------


def test_pull_request_history_is_deepened_to_the_merge_base(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    assert not has(pr.work, pr.base) and not has(pr.work, pr.merge_base)
    result = run(tmp_path, pr, pull_request_event(tmp_path, pr))
    history = result.step("history")
    assert history.returncode == 0, history.stderr
    assert history.outputs["range"] == f"{pr.base}..{pr.tip} ^{pr.merge_base}"
    assert git(pr.work, "merge-base", pr.base, pr.tip).strip() == pr.merge_base
    # Deepened, not unshallowed: the clone still ends somewhere below the merge base.
    assert git(pr.work, "rev-parse", "--is-shallow-repository").strip() == "true"
    revisions = history.outputs["range"].split()
    assert git(pr.work, "rev-list", "--count", *revisions).strip() == "3"
    # The fetches were blobless: the origin's remote is now a promisor.
    assert git(pr.work, "config", "remote.origin.partialclonefilter").strip() == "blob:none"
    # No credentials were written to the repository.
    assert TOKEN not in (pr.work / ".git" / "config").read_text()
