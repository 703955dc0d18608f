"""``trailercheck pre-push``: git's ref lines to the commits a push sends, with real ``git push``."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import ADA, commit, git, head, init_repo, run_cli
from trailercheck.cli.prepush import is_zero, pre_commit_range, read_ref_lines
from trailercheck.errors import UsageError

ZERO = "0" * 40
BAD = (
    "FROMLIST: misc: fastrpc: Fix map refcount\n\nDrop the extra reference.\n\n"
    "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/\n\n"
    f"Signed-off-by: {ADA}\n"
)
T01 = ":6: T01 trailer-block-blank-line: blank line between Link: (line 5) and Signed-off-by: (line 7)"
REFUSED = "trailercheck: push refused: fix the commit messages (git rebase -i, git commit --amend) and push again\n"


def good(subject: str) -> str:
    return f"QCLINUX: {subject}\n\nKeep the clock enabled while the queue drains.\n\nSigned-off-by: {ADA}\n"


def report_of(bad: str, messages: int = 1) -> str:
    """The text report of ``BAD`` in commit ``bad``, among ``messages`` checked."""
    checked = f"{messages} message{'s' if messages != 1 else ''}"
    return f"{bad[:12]}{T01}\n  fix: remove line 6\n\n1 error, 0 warnings in {checked}\n"


# -- the ref lines -----------------------------------------------------------------------------


def test_ref_lines() -> None:
    sha = "a" * 40
    refs = read_ref_lines(
        f"refs/heads/topic {sha} refs/heads/qcom-6.18.y {ZERO}\n\nrefs/tags/v1 {'b' * 64} refs/tags/v1 {ZERO}\n"
    )
    assert [(r.local_ref, r.local_sha, r.remote_ref, r.remote_sha) for r in refs] == [
        ("refs/heads/topic", sha, "refs/heads/qcom-6.18.y", ZERO),
        ("refs/tags/v1", "b" * 64, "refs/tags/v1", ZERO),
    ]
    assert [(r.creates, r.deletes, r.branch) for r in refs] == [(True, False, "qcom-6.18.y"), (True, False, None)]
    deleted = read_ref_lines(f"(delete) {ZERO} refs/heads/old {sha}\n")[0]
    assert (deleted.deletes, deleted.creates, deleted.branch) == (True, False, "old")
    assert is_zero("0" * 64) and not is_zero("0" * 39 + "1")


@pytest.mark.parametrize("line", ["refs/heads/main", "refs/heads/main HEAD refs/heads/main 0000", "a b c d e"])
def test_a_line_that_is_not_a_ref_line_is_refused(line: str) -> None:
    with pytest.raises(UsageError, match="pre-push: not a ref line: "):
        read_ref_lines(line + "\n")


def test_pre_commit_range() -> None:
    env = {
        "PRE_COMMIT_FROM_REF": "a" * 40,
        "PRE_COMMIT_TO_REF": "b" * 40,
        "PRE_COMMIT_REMOTE_BRANCH": "refs/heads/qcom-next",
    }
    assert pre_commit_range(env) == ([f"{'a' * 40}..{'b' * 40}"], "qcom-next")
    # A push that starts from a root commit, or --hook-stage manual without refs: check's default range.
    assert pre_commit_range({"PRE_COMMIT_REMOTE_BRANCH": "refs/heads/main"}) == ([], "main")
    assert pre_commit_range({}) == ([], None)


# -- real pushes -------------------------------------------------------------------------------


@pytest.fixture
def origin(repo: Path, tmp_path: Path) -> Path:
    """A bare ``origin`` holding ``repo``'s main, and trailercheck's pre-push hook installed in ``repo``."""
    bare = init_repo(tmp_path / "origin.git", bare=True)
    git(repo, "remote", "add", "origin", str(bare))
    git(repo, "push", "-q", "-u", "origin", "main")
    proc = run_cli("install-hook", "--pre-push", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    return bare


def push(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "push", "-q", *args], cwd=repo, capture_output=True, text=True)


def test_a_bad_commit_is_refused_and_a_good_one_goes_through(repo: Path, origin: Path) -> None:
    before = head(repo)
    bad = commit(repo, BAD)
    refused = push(repo, "origin", "main")
    assert refused.returncode == 1
    assert refused.stdout == report_of(bad)
    assert refused.stderr.startswith(REFUSED)
    assert head(origin, "main") == before

    git(repo, "reset", "-q", "--hard", before)
    fixed = commit(repo, good("clk: qcom: Keep the GDSC on"))
    accepted = push(repo, "origin", "main")
    assert (accepted.returncode, accepted.stdout, accepted.stderr) == (0, "", "")
    assert head(origin, "main") == fixed


def test_a_new_branch_is_checked_from_where_the_remote_leaves_off(repo: Path, origin: Path) -> None:
    # A bad commit the remote already has (pushed past the hook) is not the new branch's to answer for.
    published = commit(repo, BAD)
    assert push(repo, "--no-verify", "origin", "main").returncode == 0
    git(repo, "checkout", "-q", "-b", "topic")
    commit(repo, good("clk: qcom: Keep the GDSC on"))
    tip = commit(repo, good("clk: qcom: Drop the unused parent"))
    accepted = push(repo, "origin", "topic")
    assert (accepted.returncode, accepted.stdout, accepted.stderr) == (0, "", "")
    assert head(origin, "topic") == tip

    # A new branch with a bad commit of its own: that one is named, the published one is not.
    git(repo, "checkout", "-q", "-b", "feature", published)
    bad = commit(repo, BAD)
    commit(repo, good("clk: qcom: Keep the GDSC on"))
    refused = push(repo, "origin", "feature")
    assert refused.returncode == 1
    assert refused.stdout == report_of(bad, messages=2)
    assert "feature" not in git(origin, "branch", "--format=%(refname:short)").split()


def test_a_delete_is_not_checked(repo: Path, origin: Path) -> None:
    git(repo, "checkout", "-q", "-b", "old")
    bad = commit(repo, BAD)
    assert push(repo, "--no-verify", "origin", "old").returncode == 0
    deleted = push(repo, "origin", "--delete", "old")
    assert (deleted.returncode, deleted.stdout) == (0, "")
    assert "old" not in git(origin, "branch", "--format=%(refname:short)").split()

    # The ref line git gives for it, on its own: nothing to check, nothing said.
    proc = run_cli(
        "pre-push", "origin", str(origin), cwd=repo, input=f"(delete) {ZERO} refs/heads/old {bad}\n".encode()
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_nothing_to_push(repo: Path, origin: Path) -> None:
    proc = run_cli("pre-push", "origin", str(origin), cwd=repo, input=b"")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_a_remote_tip_never_fetched_counts_as_a_new_branch(repo: Path, origin: Path, tmp_path: Path) -> None:
    # Someone else pushed to main; this clone never fetched it, so git would refuse a plain push,
    # but a forced one sends what the remote-tracking refs do not hold.
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(origin), str(other))
    theirs = commit(other, good("soc: qcom: Theirs"))
    git(other, "push", "-q", "--no-verify", "origin", "main")
    bad = commit(repo, BAD)
    line = f"refs/heads/main {bad} refs/heads/main {theirs}\n"
    proc = run_cli("pre-push", "origin", str(origin), cwd=repo, input=line.encode())
    assert proc.returncode == 1
    assert proc.stdout == report_of(bad)


def test_a_push_to_a_url_counts_every_remote_tracking_ref_as_published(
    repo: Path, origin: Path, tmp_path: Path
) -> None:
    mirror = init_repo(tmp_path / "mirror.git", bare=True)
    published = commit(repo, BAD)
    assert push(repo, "--no-verify", "origin", "main").returncode == 0
    tip = commit(repo, good("clk: qcom: Keep the GDSC on"))
    # origin/main holds the bad commit: to a URL, only the good one is new.
    accepted = push(repo, str(mirror), "main")
    assert (accepted.returncode, accepted.stdout) == (0, ""), accepted.stderr
    assert head(mirror, "main") == tip
    # Without any remote-tracking ref every commit of the branch is new.
    git(repo, "update-ref", "-d", "refs/remotes/origin/main")
    refused = push(repo, str(mirror), "HEAD:refs/heads/again")
    assert refused.returncode == 1
    root = head(repo, "HEAD~2")
    assert refused.stdout.splitlines() == [
        f"{published[:12]}{T01}",
        "  fix: remove line 6",
        "",
        f"{root[:12]}:1: M06 body-missing: the message has no body (warning)",
        "  fix: describe why the change is needed",
        "",
        "1 error, 1 warning in 3 messages",
    ]


def test_two_branches_in_one_push(repo: Path, origin: Path) -> None:
    base = head(repo)
    git(repo, "checkout", "-q", "-b", "one")
    bad_one = commit(repo, BAD)
    git(repo, "checkout", "-q", "-b", "two", base)
    commit(repo, good("clk: qcom: Keep the GDSC on"))
    refused = push(repo, "origin", "one", "two")
    assert refused.returncode == 1
    assert refused.stdout == report_of(bad_one)
    # git sends all or nothing by default: neither branch is there.
    assert git(origin, "branch", "--format=%(refname:short)").split() == ["main"]


def test_the_hook_takes_options_from_the_configuration(repo: Path, origin: Path) -> None:
    (repo / ".trailercheck.toml").write_text('ignore = ["T01"]\n')
    bad = commit(repo, BAD)
    accepted = push(repo, "origin", "main")
    assert (accepted.returncode, accepted.stdout) == (0, ""), accepted.stderr
    assert head(origin, "main") == bad


def test_pre_push_takes_at_most_the_remote_and_its_url(repo: Path) -> None:
    proc = run_cli("pre-push", "origin", "url", "more", cwd=repo, input=b"")
    # One line; click words the count as "argument" or "argument(s)" by its version.
    assert proc.returncode == 2
    assert proc.stderr.startswith("trailercheck: Got unexpected extra argument")
    assert proc.stderr.endswith(" (more) (see 'trailercheck pre-push -h')\n")
    assert proc.stderr.count("\n") == 1


def test_the_branch_pushed_to_picks_the_branch_policy(repo: Path, origin: Path) -> None:
    # T01 is an error where it matters (topic branches under tech/), off elsewhere: HEAD's own upstream
    # (origin/main) is not what decides, the branch the push goes to is.
    (repo / ".trailercheck.toml").write_text(
        'severity = { T01 = "off" }\n\n[[branches]]\nmatch = "tech/*"\nseverity = { T01 = "error" }\n'
    )
    bad = commit(repo, BAD)
    refused = push(repo, "origin", "HEAD:refs/heads/tech/mm/fastrpc")
    assert refused.returncode == 1
    assert refused.stdout == report_of(bad)
    accepted = push(repo, "origin", "HEAD:refs/heads/main")
    assert (accepted.returncode, accepted.stdout) == (0, ""), accepted.stderr
    # --target-branch wins over the branch pushed to.
    again = commit(repo, BAD)
    line = f"refs/heads/main {again} refs/heads/tech/mm/fastrpc {ZERO}\n".encode()
    proc = run_cli("pre-push", "origin", str(origin), cwd=repo, input=line)
    assert (proc.returncode, proc.stdout) == (1, report_of(again))
    proc = run_cli("pre-push", "--target-branch", "main", "origin", str(origin), cwd=repo, input=line)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stderr


def test_pre_push_on_a_terminal_says_what_it_reads(repo: Path) -> None:
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "trailercheck", "pre-push", "origin"],
            cwd=repo,
            stdin=secondary,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert proc.returncode == 2
    assert proc.stderr == (
        "trailercheck: pre-push reads git's ref lines on standard input (run it as git's pre-push hook)\n"
    )
