"""``trailercheck install-hook`` / ``uninstall-hook``: the hooks git runs, with real ``git commit`` and ``git push``."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import ADA, commit, git, head, init_repo, run_cli
from trailercheck.cli.hooks import CHAINED_SUFFIX, MARKER, is_ours, script

BAD = (
    "FROMLIST: misc: fastrpc: Fix map refcount\n\nDrop the extra reference.\n\n"
    "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/\n\n"
    f"Signed-off-by: {ADA}\n"
)
GOOD = BAD.replace("/\n\nSigned", "/\nSigned")
T01 = ":6: T01 trailer-block-blank-line: blank line between Link: (line 5) and Signed-off-by: (line 7)"

#: A stand-in for Gerrit's commit-msg hook: it gives the message a Change-Id made from its content.
GERRIT_HOOK = """#!/bin/sh
# Gerrit Code Review commit-msg hook (test stand-in): add a Change-Id unless there is one.
grep -q '^Change-Id:' "$1" && exit 0
id=$(git hash-object "$1")
git interpret-trailers --in-place --trailer "Change-Id: I$id" "$1"
"""

ANDROID_GOOD = (
    "ANDROID: binder: Drop the stale node reference\n\n"
    "The node is freed on the error path; do not touch it again.\n\n"
    f"Bug: 254441685\nSigned-off-by: {ADA}\n"
)


def git_commit(repo: Path, message: str) -> subprocess.CompletedProcess[str]:
    """A real ``git commit`` (hooks run) of ``message``; git sends the hook's output to stderr."""
    return subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-F", "-"], cwd=repo, input=message, capture_output=True, text=True
    )


def subject(repo: Path) -> str:
    return git(repo, "log", "-1", "--format=%s").strip()


def hooks_dir(repo: Path) -> Path:
    return repo / ".git" / "hooks"


def installed(repo: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    proc = run_cli("install-hook", *args, cwd=repo)
    assert proc.returncode == code, proc.stdout + proc.stderr
    return proc


def test_commit_msg_hook_refuses_a_bad_message_and_lets_a_good_one_through(repo: Path) -> None:
    proc = installed(repo)
    hook = hooks_dir(repo) / "commit-msg"
    assert proc.stdout == f"installed {hook}\n"
    assert proc.stderr == ""
    text = hook.read_text()
    assert text.splitlines()[:2] == ["#!/bin/sh", MARKER]
    assert text.endswith(f'exec {sys.executable} -m trailercheck msg "$1"\n')
    assert hook.stat().st_mode & stat.S_IXUSR

    bad = git_commit(repo, BAD)
    assert bad.returncode == 1
    assert f".git/COMMIT_EDITMSG{T01}" in bad.stderr
    assert subject(repo) == "QCLINUX: root"

    good = git_commit(repo, GOOD)
    assert good.returncode == 0, good.stderr
    assert subject(repo) == "FROMLIST: misc: fastrpc: Fix map refcount"


def test_the_hook_runs_from_a_subdirectory_too(repo: Path) -> None:
    installed(repo)
    (repo / "drivers").mkdir()
    assert git_commit(repo / "drivers", BAD).returncode == 1
    assert git_commit(repo / "drivers", GOOD).returncode == 0


def test_reinstalling_our_own_hook_is_idempotent(repo: Path) -> None:
    installed(repo)
    hook = hooks_dir(repo) / "commit-msg"
    first = hook.read_text()
    again = installed(repo)
    assert again.stdout == f"reinstalled {hook}\n"
    assert hook.read_text() == first
    assert sorted(p.name for p in hooks_dir(repo).iterdir() if not p.name.endswith(".sample")) == ["commit-msg"]


def test_a_hook_it_did_not_write_is_kept_without_force(repo: Path) -> None:
    hook = hooks_dir(repo) / "commit-msg"
    hook.write_text(GERRIT_HOOK)
    hook.chmod(0o755)
    proc = installed(repo, code=2)
    assert proc.stderr == (
        f"trailercheck: {hook} exists and was not written by trailercheck; give --force to chain it "
        "(it is moved to commit-msg.trailercheck-chained and runs first)\n"
    )
    assert proc.stdout == ""
    assert hook.read_text() == GERRIT_HOOK
    assert not (hooks_dir(repo) / f"commit-msg{CHAINED_SUFFIX}").exists()


def test_force_chains_gerrit_change_id_hook_and_uninstall_restores_it(repo: Path) -> None:
    (repo / ".trailercheck.toml").write_text('profile = "android"\n')
    hook = hooks_dir(repo) / "commit-msg"
    hook.write_text(GERRIT_HOOK)
    hook.chmod(0o755)
    proc = installed(repo, "--force")
    chained = hooks_dir(repo) / f"commit-msg{CHAINED_SUFFIX}"
    assert proc.stdout == (
        f"installed {hook}, chaining the hook that was there (now commit-msg.trailercheck-chained)\n"
    )
    assert chained.read_text() == GERRIT_HOOK
    assert is_ours(str(hook))
    assert not is_ours(str(chained))

    # Gerrit's hook runs first: the Change-Id android requires (M02) is there when trailercheck reads the message.
    good = git_commit(repo, ANDROID_GOOD)
    assert good.returncode == 0, good.stderr
    body = git(repo, "log", "-1", "--format=%B").rstrip("\n")
    assert body.startswith(ANDROID_GOOD)
    change_id = body.splitlines()[-1]
    assert change_id.startswith("Change-Id: I")
    assert len(change_id) == len("Change-Id: I") + 40

    # ... and trailercheck still runs after it: a message without its Bug: is refused, Change-Id or not.
    no_bug = git_commit(repo, ANDROID_GOOD.replace("Bug: 254441685\n", ""))
    assert no_bug.returncode == 1
    assert ".git/COMMIT_EDITMSG:1: M04 bug-missing:" in no_bug.stderr
    assert "M02" not in no_bug.stderr

    # Reinstalling keeps the chain.
    assert installed(repo).stdout == f"reinstalled {hook}\n"
    assert chained.read_text() == GERRIT_HOOK
    assert f"commit-msg{CHAINED_SUFFIX}" in hook.read_text()

    gone = run_cli("uninstall-hook", cwd=repo)
    assert gone.returncode == 0, gone.stderr
    assert gone.stdout == f"removed trailercheck's commit-msg hook; restored the hook it chained at {hook}\n"
    assert hook.read_text() == GERRIT_HOOK
    assert not chained.exists()
    # Gerrit's hook alone again: a message trailercheck would refuse now goes in, with its Change-Id.
    assert git_commit(repo, BAD).returncode == 0
    assert git(repo, "log", "-1", "--format=%(trailers:key=Change-Id,valueonly)").startswith("I")


def test_a_failing_chained_hook_fails_the_commit(repo: Path) -> None:
    hook = hooks_dir(repo) / "commit-msg"
    hook.write_text("#!/bin/sh\necho 'local policy: no commits on Fridays' >&2\nexit 3\n")
    hook.chmod(0o755)
    installed(repo, "--force")
    proc = git_commit(repo, GOOD)
    assert proc.returncode == 1
    assert proc.stderr.startswith("local policy: no commits on Fridays\n")
    assert subject(repo) == "QCLINUX: root"


def test_a_second_forced_install_over_a_new_foreign_hook_keeps_the_first_chained(repo: Path) -> None:
    hook = hooks_dir(repo) / "commit-msg"
    hook.write_text(GERRIT_HOOK)
    hook.chmod(0o755)
    installed(repo, "--force")
    hook.write_text("#!/bin/sh\nexit 0\n")  # another tool wrote its own over ours
    proc = installed(repo, "--force", code=2)
    chained = hooks_dir(repo) / f"commit-msg{CHAINED_SUFFIX}"
    assert proc.stderr == f"trailercheck: {chained} exists already: move it away or merge it into commit-msg first\n"
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"
    assert chained.read_text() == GERRIT_HOOK


def test_uninstall_refuses_a_hook_it_did_not_write(repo: Path) -> None:
    hook = hooks_dir(repo) / "commit-msg"
    hook.write_text(GERRIT_HOOK)
    proc = run_cli("uninstall-hook", cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr == f"trailercheck: {hook} was not written by trailercheck: not removing it\n"
    assert hook.read_text() == GERRIT_HOOK


def test_uninstall_without_a_hook_says_so(repo: Path) -> None:
    proc = run_cli("uninstall-hook", "--pre-push", cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == f"no pre-push hook at {hooks_dir(repo) / 'pre-push'}: nothing to remove\n"


def test_uninstall_removes_our_hook(repo: Path) -> None:
    installed(repo)
    proc = run_cli("uninstall-hook", cwd=repo)
    hook = hooks_dir(repo) / "commit-msg"
    assert (proc.returncode, proc.stdout) == (0, f"removed {hook}\n")
    assert not hook.exists()
    assert git_commit(repo, BAD).returncode == 0


# -- where git runs hooks ------------------------------------------------------------------------


def test_hooks_path_inside_the_repository_is_followed(repo: Path) -> None:
    git(repo, "config", "core.hooksPath", ".githooks")
    proc = installed(repo)
    assert proc.stdout == f"installed {repo / '.githooks' / 'commit-msg'}\n"
    assert not (hooks_dir(repo) / "commit-msg").exists()
    assert git_commit(repo, BAD).returncode == 1


def test_hooks_path_outside_the_repository_needs_force(repo: Path, tmp_path: Path) -> None:
    shared = tmp_path / "global-hooks"
    git(repo, "config", "core.hooksPath", str(shared))
    proc = installed(repo, code=2)
    assert proc.stderr == (
        f"trailercheck: core.hooksPath points outside the repository ({shared}): a hook there runs for every "
        "repository that uses it; give --force to install it there anyway\n"
    )
    assert not shared.exists()
    forced = installed(repo, "--force")
    assert forced.stdout == f"installed {shared / 'commit-msg'}\n"
    assert git_commit(repo, BAD).returncode == 1


def test_a_worktree_shares_the_repository_hooks(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", "-b", "topic", str(other))
    proc = installed(other)
    assert proc.stdout == f"installed {hooks_dir(repo) / 'commit-msg'}\n"
    assert git_commit(other, BAD).returncode == 1
    assert git_commit(other, GOOD).returncode == 0


def test_a_submodule_has_its_own_hooks(repo: Path, tmp_path: Path) -> None:
    lib = init_repo(tmp_path / "lib")
    commit(lib, f"QCLINUX: lib root\n\nBody.\n\nSigned-off-by: {ADA}\n")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(lib), "lib")
    proc = run_cli("install-hook", "--repo", str(repo / "lib"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"installed {repo / '.git' / 'modules' / 'lib' / 'hooks' / 'commit-msg'}\n"
    assert git_commit(repo / "lib", BAD).returncode == 1
    assert git_commit(repo, BAD).returncode == 0  # the superproject has no hook


def test_not_a_repository(tmp_path: Path) -> None:
    proc = run_cli("install-hook", "--repo", str(tmp_path))
    assert (proc.returncode, proc.stderr) == (2, f"trailercheck: not a git repository: {tmp_path}\n")


# -- the pre-push hook -------------------------------------------------------------------------


@pytest.fixture
def remote(repo: Path, tmp_path: Path) -> Path:
    """A bare ``origin`` holding ``repo``'s main, which tracks it."""
    origin = init_repo(tmp_path / "origin.git", bare=True)
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "-u", "origin", "main")
    return origin


def push(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "push", "-q", *args], cwd=repo, capture_output=True, text=True)


def test_pre_push_chains_a_hook_and_both_read_the_ref_lines(repo: Path, remote: Path, tmp_path: Path) -> None:
    seen = tmp_path / "seen"
    hook = hooks_dir(repo) / "pre-push"
    hook.write_text(f'#!/bin/sh\necho "$1 $2" > {seen}\ncat >> {seen}\n')
    hook.chmod(0o755)
    proc = installed(repo, "--pre-push", "--force")
    assert proc.stdout == f"installed {hook}, chaining the hook that was there (now pre-push.trailercheck-chained)\n"
    assert os.access(hook, os.X_OK)

    before = head(repo)
    bad = commit(repo, BAD)
    refused = push(repo, "origin", "main")
    assert refused.returncode != 0
    # git leaves a pre-push hook's standard output alone: the report is there, the refusal on stderr.
    assert refused.stdout == (f"{bad[:12]}{T01}\n  fix: remove line 6\n\n1 error, 0 warnings in 1 message\n")
    assert seen.read_text() == f"origin {remote}\nrefs/heads/main {bad} refs/heads/main {before}\n"
    assert head(remote, "main") == before

    git(repo, "reset", "-q", "--hard", before)
    good = commit(repo, GOOD)
    accepted = push(repo, "origin", "main")
    assert accepted.returncode == 0, accepted.stderr
    assert seen.read_text() == f"origin {remote}\nrefs/heads/main {good} refs/heads/main {before}\n"
    assert head(remote, "main") == good

    gone = run_cli("uninstall-hook", "--pre-push", cwd=repo)
    assert gone.returncode == 0, gone.stderr
    assert hook.read_text() == f'#!/bin/sh\necho "$1 $2" > {seen}\ncat >> {seen}\n'


def test_pre_push_hook_text_keeps_the_input_for_both() -> None:
    text = script("pre-push", chained=True, python="/opt/py 3/bin/python")
    assert text.splitlines() == [
        "#!/bin/sh",
        MARKER,
        "# git's pre-push hook: check the commits a push sends with trailercheck.",
        "# git's ref lines on standard input are kept, every byte, for each command that reads them.",
        "refs=$(cat; echo x)",
        "refs=${refs%x}",
        "# The pre-push hook that was here before, moved aside by 'install-hook --force': it runs first.",
        'chained="$(dirname -- "$0")/pre-push.trailercheck-chained"',
        'if [ -x "$chained" ]; then printf %s "$refs" | "$chained" "$@" || exit $?; fi',
        'printf %s "$refs" | \'/opt/py 3/bin/python\' -m trailercheck pre-push "$@"',
    ]


def test_uninstall_restores_a_chained_hook_when_ours_was_removed_by_hand(repo: Path) -> None:
    hook = hooks_dir(repo) / "commit-msg"
    hook.write_text(GERRIT_HOOK)
    hook.chmod(0o755)
    installed(repo, "--force")
    hook.unlink()
    proc = run_cli("uninstall-hook", cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == f"no commit-msg hook at {hook}; restored the hook trailercheck had chained there\n"
    assert hook.read_text() == GERRIT_HOOK
    assert not (hooks_dir(repo) / f"commit-msg{CHAINED_SUFFIX}").exists()
