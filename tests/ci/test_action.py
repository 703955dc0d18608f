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
from tests.ci.runner import TOKEN, ActionRun, load, run_action, runner_env
from tests.ci.tools import schema_check, zizmor

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


def base_commits(repo: Path, first: int, count: int) -> list[str]:
    """``count`` clean commits on ``qcom-next``; their ids."""
    return fast_import(
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
    return make_pull_request(tmp_path)


def make_pull_request(tmp_path: Path, picks: int = 0, full: bool = False) -> PullRequest:
    """qcom-next with 200 commits, a pull request of 3 on it, qcom-next 100 commits ahead since.

    The merge base is 101 commits below the base: more than the first fetch takes (64), so the
    clone is deepened at least once. ``picks``: the pull request adds as many UPSTREAM picks, of
    qcom-next's 6th commit (deep below any depth the action fetches), then of a commit that is
    nowhere. ``full``: the workspace has all of the history, as with ``fetch-depth: 0``."""
    seed = init_repo(tmp_path / "seed", "qcom-next")
    old = base_commits(seed, 0, 200)
    git(seed, "checkout", "-q", "-f", "qcom-next")
    fork = head(seed)
    git(seed, "checkout", "-q", "-b", "topic")
    commit(seed, GOOD, {"arch/arm64/boot/dts/qcom/sm8650.dtsi": "fastrpc\n"})
    split = commit(seed, SPLIT, {"drivers/misc/fastrpc.c": "map\n"})
    commit(seed, GOOD_TOO, {"drivers/misc/fastrpc.c": "map\nlog\n"})
    for n, picked in enumerate([old[5], "5" * 40][:picks]):
        commit(
            seed,
            f"UPSTREAM: soc: qcom: pmic_glink: Update {n + 5}\n\nKeeps the driver in step with the firmware.\n\n"
            f"(cherry picked from commit {picked})\n{SIGNOFF}\n",
            {f"drivers/soc/qcom/pick{n}.c": "1\n"},
        )
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
    if full:
        git(work, "fetch", "-q", "--unshallow", "--filter=blob:none", "origin")
    assert git(work, "rev-parse", "--is-shallow-repository").strip() == str(not full).lower()
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
    bin_dir.mkdir(exist_ok=True)
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


def annotations(result: ActionRun, level: str) -> list[str]:
    return [line for line in result.step("check").stdout.splitlines() if line.startswith(f"::{level} ")]


def push_event(tmp_path: Path, before: str, after: str) -> Path:
    path = tmp_path / "push.json"
    path.write_text(
        json.dumps(
            {
                "ref": "refs/heads/topic",
                "before": before,
                "after": after,
                "created": set(before) == {"0"},
                "deleted": set(after) == {"0"},
                "repository": {"full_name": "example/kernel", "default_branch": "qcom-next"},
            }
        )
    )
    return path


def push_checkout(tmp_path: Path, pr: PullRequest) -> None:
    """The workspace as actions/checkout leaves it for a push of ``topic``: its tip, 1 deep."""
    shutil.rmtree(pr.work)
    checkout(pr.work, pr.origin, "refs/heads/topic")


# -- the whole action ------------------------------------------------------------------


def test_pull_request_is_checked(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    result = run(tmp_path, pr, pull_request_event(tmp_path, pr), profile="qcom", sarif="reports/trailercheck.sarif")
    assert [s.id for s in result.steps] == ["install", "history", "check"]
    assert result.returncode == 1, result.stderr
    errors = annotations(result, "error")
    assert len(errors) == 1, result.stdout
    assert errors[0].startswith(f"::error title=T01 trailer-block-blank-line (commit {pr.split[:12]})::")
    assert "blank line between Link: (line 6) and Signed-off-by: (line 8)" in errors[0]
    assert annotations(result, "warning") == []

    summary = (tmp_path / "step-summary.md").read_text()
    assert "3 commits checked: 1 error, 0 warnings" in summary
    assert pr.split[:12] in summary and "T01" in summary

    sarif_path = pr.work / "reports" / "trailercheck.sarif"
    assert result.outputs == {"errors": "1", "sarif": str(sarif_path)}
    assert result.step("check").outputs == {"errors": "1", "sarif": str(sarif_path)}
    sarif = json.loads(sarif_path.read_text())
    [finding] = sarif["runs"][0]["results"]
    assert finding["ruleId"] == "T01"
    location = finding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == f"{pr.split}.commit-message"
    assert location["region"]["startLine"] == 7


def test_extra_arguments_are_split_as_a_shell_would(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    result = run(tmp_path, pr, pull_request_event(tmp_path, pr), args="--ignore 'T01' --strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert annotations(result, "error") == []
    assert result.outputs == {"errors": "0", "sarif": ""}
    assert "3 commits" in (tmp_path / "step-summary.md").read_text()


def test_a_usage_error_fails_the_step_and_says_so(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    result = run(tmp_path, pr, pull_request_event(tmp_path, pr), profile="no-such-profile")
    assert result.returncode == 2
    [line] = annotations(result, "error")
    assert line.startswith("::error title=trailercheck::trailercheck could not check the commits (exit status 2): ")
    assert result.outputs == {"errors": "", "sarif": ""}


def test_push_of_a_new_branch_is_compared_with_the_default_branch(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    push_checkout(tmp_path, pr)
    result = run(tmp_path, pr, push_event(tmp_path, "0" * 40, pr.tip), "push")
    assert result.step("history").outputs["range"] == f"{pr.base}..{pr.tip} ^{pr.merge_base}"
    assert result.returncode == 1
    [error] = annotations(result, "error")
    assert f"(commit {pr.split[:12]})" in error
    assert result.outputs["errors"] == "1"


def test_push_checks_the_commits_pushed(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    push_checkout(tmp_path, pr)
    before = git(pr.origin, "rev-parse", "topic~1").strip()
    result = run(tmp_path, pr, push_event(tmp_path, before, pr.tip), "push")
    assert result.step("history").outputs["range"] == f"{before}..{pr.tip} ^{before}"
    assert result.returncode == 0, result.stdout
    summary = (tmp_path / "step-summary.md").read_text()
    assert f"`{pr.tip[:12]}`" in summary and pr.split[:12] not in summary
    assert result.outputs["errors"] == "0"


def test_push_that_deletes_a_branch_checks_nothing(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    result = run(tmp_path, pr, push_event(tmp_path, pr.tip, "0" * 40), "push")
    assert result.returncode == 0
    assert "::notice title=trailercheck::the push deleted a branch: nothing to check" in result.stdout
    assert result.outputs == {"errors": "0", "sarif": ""}


def test_an_event_without_a_range_checks_the_default_range(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    event = tmp_path / "dispatch.json"
    event.write_text(json.dumps({"inputs": {}}))
    result = run(tmp_path, pr, event, "workflow_dispatch", args="--include-merges")
    notice = "::notice title=trailercheck::the workflow_dispatch event names no range: the tool's default range"
    assert notice in result.step("history").stdout
    assert result.step("history").outputs == {"range": ""}
    assert result.returncode in (0, 1)
    assert result.outputs["errors"].isdigit()


def test_x_refs_are_fetched_or_said_to_be_missing(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    result = run(tmp_path, pr, pull_request_event(tmp_path, pr), baseline="no-such-branch", upstream="qcom-next")
    history = result.step("history")
    assert history.outputs["upstream"] == "refs/remotes/origin/qcom-next"
    assert "baseline" not in history.outputs
    assert (
        "::warning title=trailercheck::baseline 'no-such-branch' could not be fetched from origin: "
        "the checks against it are not run"
    ) in history.stdout
    assert git(pr.work, "rev-parse", "refs/remotes/origin/qcom-next").strip() == pr.base
    assert result.returncode == 1
    assert result.outputs["errors"] == "1"


def codes(sarif: Path) -> dict[str, set[str]]:
    """The rule codes of a SARIF report, by the commit (virtual file) they are in."""
    found: dict[str, set[str]] = {}
    for r in json.loads(sarif.read_text())["runs"][0]["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        found.setdefault(uri.removesuffix(".commit-message"), set()).add(r["ruleId"])
    return found


def test_no_x04_from_a_history_cut_short(tmp_path: Path) -> None:
    """In the shallow clone, upstream's history ends at the boundary: whether a pick's source is in
    it cannot be told, so there is no X04, and a notice says why."""
    pr = make_pull_request(tmp_path, picks=2)
    result = run(tmp_path, pr, pull_request_event(tmp_path, pr), upstream="qcom-next", sarif="tc.sarif")
    assert result.step("history").outputs["upstream"] == "refs/remotes/origin/qcom-next"
    assert not any("X04" in found for found in codes(pr.work / "tc.sarif").values())
    notices = [
        line for line in result.step("check").stdout.splitlines() if line.startswith("::notice title=trailercheck::")
    ]
    assert any("shallow boundary" in line and "X04 is not reported" in line for line in notices), notices


def test_x04_with_the_whole_history(tmp_path: Path) -> None:
    """The same pull request with all of the history: the pick of a commit that is nowhere gets X04."""
    pr = make_pull_request(tmp_path, picks=2, full=True)
    result = run(tmp_path, pr, pull_request_event(tmp_path, pr), upstream="qcom-next", sarif="tc.sarif")
    real, bogus = git(pr.work, "rev-list", "-2", pr.tip).split()[::-1]
    found = codes(pr.work / "tc.sarif")
    assert "X04" in found[bogus] and "X04" not in found.get(real, set()), found
    assert "shallow boundary" not in result.step("check").stdout


def test_a_ref_input_cannot_smuggle_an_option_or_refspec(tmp_path: Path, pull_request: PullRequest) -> None:
    pr = pull_request
    result = run(tmp_path, pr, pull_request_event(tmp_path, pr), upstream="--upload-pack=touch /tmp/x:y")
    assert "upstream" not in result.step("history").outputs
    assert "::warning title=trailercheck::upstream '--upload-pack=touch /tmp/x:y' could not be fetched" in (
        result.step("history").stdout
    )


# -- the action's definition and its install ---------------------------------------------


def test_action_yml_is_a_valid_action() -> None:
    schema_check("vendor.github-actions", ROOT / "action.yml")


def test_action_yml_has_no_zizmor_findings() -> None:
    zizmor(ROOT / "action.yml")


def test_run_steps_take_inputs_only_through_env() -> None:
    action = load(ROOT / "action.yml")
    for step in action["runs"]["steps"]:
        assert "${{" not in step["run"]
        assert step["run"].startswith('bash "$GITHUB_ACTION_PATH/ci/github-action.sh" ')
        assert step["shell"] == "bash"
    assert set(action["outputs"]) == {"errors", "sarif"}
    assert {"profile", "baseline", "upstream", "args", "sarif", "install", "python"} <= set(action["inputs"])


def test_install_puts_the_tool_in_a_venv_under_runner_temp(tmp_path: Path) -> None:
    """The default install, from the action's own checkout (a copy: the build writes into it)."""
    action = tmp_path / "action"
    shutil.copytree(
        ROOT,
        action,
        ignore=shutil.ignore_patterns(".git", "tests", "benchmarks", "build", "__pycache__", "*.egg-info", "_native"),
    )
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    output = tmp_path / "output"
    env = {
        **os.environ,
        "GITHUB_ACTION_PATH": str(action),
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(temp),
        "TC_INSTALL": "true",
        "TC_PYTHON": sys.executable,
    }
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        ["bash", str(action / "ci" / "github-action.sh"), "install"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tool = temp / "trailercheck-venv" / "bin" / "trailercheck"
    assert output.read_text() == f"tool={tool}\n"
    version = subprocess.run([str(tool), "--version"], env=env, capture_output=True, text=True)
    assert version.stdout.startswith("trailercheck "), version.stderr
