"""``trailercheck fix [RANGE]``: a branch's messages repaired in one rewrite, end to end on real repositories.

Every repository is built with real git; the command runs as a separate
process (``python -m trailercheck``). What must hold after a rewrite: the
same trees, people, dates and encodings, messages that differ only by the
fixed bytes, the notes carried over, the branch moved with its old tip kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.builders import (
    ADA,
    BOB,
    commit,
    git,
    git_bytes,
    head,
    run_cli,
    stored_message,
    tracking_clone,
    write_commit,
)

LORE = "https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/"
SOB = f"Signed-off-by: {ADA}"
CHANGE_ID = "Change-Id: I8d3f0c2b7a4e6f1d9c0b8a7e6d5c4b3a2f1e0d9c"


def good(subject: str, signoff: str = SOB) -> str:
    """A message without findings under the qcom profile."""
    return f"QCLINUX: {subject}\n\nBody of the change.\n\n{signoff}\n"


def fix(repo: Path, *args: str, code: int = 0) -> tuple[str, str]:
    proc = run_cli("fix", *args, cwd=repo)
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    return proc.stdout, proc.stderr


def ids(repo: Path, spec: str) -> list[str]:
    return git(repo, "rev-list", "--reverse", spec).split()


def headers(repo: Path, sha: str) -> list[bytes]:
    """The commit's header lines, its parents left out."""
    raw = git_bytes(repo, "cat-file", "commit", sha).split(b"\n\n", 1)[0]
    return [line for line in raw.split(b"\n") if not line.startswith(b"parent ")]


def codes(repo: Path, spec: str) -> dict[str, list[str]]:
    """``check``'s codes per commit subject."""
    proc = run_cli("check", "--format", "json", spec, cwd=repo)
    doc = json.loads(proc.stdout)
    return {r["subject"]: sorted(f["code"] for f in r["findings"]) for r in doc["results"]}


# -- the ten-commit branch ------------------------------------------------------------------------


def ten_commits(repo: Path) -> tuple[list[str], list[str]]:
    """``topic``: ten commits on ``main``, three of them with certain fixes (the seed's split block among
    them) and one with a finding no fix is certain for. Returns the ids and the messages as fixed."""
    git(repo, "checkout", "-q", "-b", "topic")
    first = good("misc: fastrpc: Add the session table")
    messages = [first]
    shas = [commit(repo, first, {"drivers/misc/fastrpc.c": "table\n"})]
    seed_body = "FROMLIST: misc: fastrpc: Fix map refcount\n\nThe map is freed twice on the error path.\n\n"
    broken = {
        # The seed: "remove empty line b/w Link: and Signed-off-by tag".
        1: (seed_body + f"Link: {LORE}\n\n{SOB}\n", seed_body + f"Link: {LORE}\n{SOB}\n"),
        # A key in the wrong case, in a commit that came from Gerrit.
        4: (
            f"QCLINUX: misc: fastrpc: Drop the lock\n\nBody.\n\n{CHANGE_ID}\nsigned-off-by: {ADA}\n",
            f"QCLINUX: misc: fastrpc: Drop the lock\n\nBody.\n\n{CHANGE_ID}\nSigned-off-by: {ADA}\n",
        ),
        # A Fixes: with an uppercase id and no quotes: the repository gives the title.
        6: (
            f"QCLINUX: misc: fastrpc: Fix the table\n\nBody.\n\n"
            f"Fixes: {shas[0][:12].upper()} (misc: fastrpc: Add the session table)\n{SOB}\n",
            f"QCLINUX: misc: fastrpc: Fix the table\n\nBody.\n\n"
            f'Fixes: {shas[0][:12]} ("QCLINUX: misc: fastrpc: Add the session table")\n{SOB}\n',
        ),
    }
    for i in range(1, 10):
        if i in broken:
            before, after = broken[i]
        elif i == 7:  # S07: which prefix a revert takes is the author's to say
            before = after = (
                f'Revert "QCLINUX: misc: fastrpc: Add the session table"\n\nThis reverts commit {shas[0]}.\n\n{SOB}\n'
            )
        elif i == 8:
            before = after = good("misc: fastrpc: Name the queue", f"Signed-off-by: {BOB}\n{SOB}")
        else:
            before = after = good(f"misc: fastrpc: Step {i}")
        author = BOB if i == 8 else None
        shas.append(
            commit(repo, before, {f"drivers/misc/f{i}.c": f"{i}\n"}, author=author, author_date="@1700000000 +0100")
        )
        messages.append(after)
    return shas, messages


def test_a_ten_commit_branch_is_fixed_and_nothing_else_changes(repo: Path) -> None:
    old, expected = ten_commits(repo)
    git(repo, "notes", "add", "-m", "tested on sm8650", old[1])
    git(repo, "notes", "add", "-m", "unrelated to the fix", old[9])
    git(repo, "config", "notes.rewriteRef", "refs/notes/review")
    git(repo, "notes", "--ref", "review", "add", "-m", "Reviewed in Gerrit", old[4])
    out, err = fix(repo, "main..")
    new = ids(repo, "main..topic")
    assert len(new) == 10
    assert new[0] == old[0]  # before the first rewritten commit nothing changes
    assert all(n != o for n, o in zip(new[1:], old[1:], strict=True))
    assert err == ""
    assert out.splitlines() == [
        f"{old[1][:12]} -> {new[1][:12]} FROMLIST: misc: fastrpc: Fix map refcount: fixed T01",
        f"{old[4][:12]} -> {new[4][:12]} QCLINUX: misc: fastrpc: Drop the lock: fixed T02",
        f"  {old[4][:12]}:5: M01 change-id-present: left for the author: Change-Id: does not belong in this tree",
        f"{old[6][:12]} -> {new[6][:12]} QCLINUX: misc: fastrpc: Fix the table: fixed F01",
        f"  {old[7][:12]}:1: S07 revert-unprefixed: left for the author: a revert is a downstream change: "
        f"write 'QCLINUX: Revert \"QCLINUX: misc: fastrpc: Add the session table\"'",
        f"fixed 3 messages of 10 commits, 6 commits re-parented; topic is {new[9][:12]}, it was {old[9][:12]} "
        "(kept as refs/trailercheck/backup/topic)",
    ]
    for o, n, message in zip(old, new, expected, strict=True):
        assert git(repo, "diff", o, n) == ""
        assert headers(repo, o) == headers(repo, n)  # tree, author, committer, dates
        assert stored_message(repo, n) == message.encode()
    parents = [git(repo, "rev-parse", f"{n}^").strip() for n in new]
    assert parents == [head(repo, "main"), *new[:-1]]
    assert head(repo, "refs/trailercheck/backup/topic") == old[9]
    assert git(repo, "reflog", "-1", "--format=%gs", "topic").strip() == (
        "trailercheck fix main..HEAD: fixed 3 messages (F01, T01, T02)"
    )
    assert git(repo, "reflog", "-1", "--format=%gs", "HEAD").strip().startswith("trailercheck fix main..HEAD")
    assert git(repo, "notes", "show", new[1]) == "tested on sm8650\n"
    assert git(repo, "notes", "show", new[9]) == "unrelated to the fix\n"
    assert git(repo, "notes", "--ref", "review", "show", new[4]) == "Reviewed in Gerrit\n"
    # The work tree and the index follow: the tree is the same.
    assert git(repo, "status", "--porcelain") == ""
    found = codes(repo, "main..topic")
    assert {code for subject_codes in found.values() for code in subject_codes} == {"M01", "S07"}
    # A second fix has nothing to do.
    out, _ = fix(repo, "main..")
    assert out.splitlines()[-1] == "nothing to fix in 10 commits"
    assert ids(repo, "main..topic") == new
    assert head(repo, "refs/trailercheck/backup/topic") == old[9]


def test_undone_with_the_backup_and_fixed_again(repo: Path) -> None:
    old, _ = ten_commits(repo)
    git(repo, "notes", "add", "-m", "tested on sm8650", old[1])
    fix(repo, "main..")
    new = ids(repo, "main..topic")
    git(repo, "reset", "-q", "--hard", "refs/trailercheck/backup/topic")
    assert head(repo) == old[9]
    git(repo, "notes", "add", "-f", "-m", "tested on sm8750 too", old[1])
    fix(repo, "main..")
    assert ids(repo, "main..topic") == new  # the same fixes of the same commits: the same commits
    assert git(repo, "notes", "show", new[1]) == "tested on sm8750 too\n"


def test_the_fixes_are_the_bytes_msg_fix_writes(tmp_path: Path, repo: Path) -> None:
    old, _ = ten_commits(repo)
    fix(repo, "main..")
    new = ids(repo, "main..topic")
    for o, n in zip(old, new, strict=True):
        path = tmp_path / f"{o}.msg"
        path.write_bytes(stored_message(repo, o))
        run_cli("msg", "--fix", "--ignore", "S07", str(path), cwd=repo)
        assert path.read_bytes() == stored_message(repo, n)


def test_dry_run_prints_the_diffs_and_changes_nothing(repo: Path) -> None:
    old, _ = ten_commits(repo)
    out, err = fix(repo, "--dry-run", "main..topic")
    assert err == ""
    assert ids(repo, "main..topic") == old
    assert git(repo, "for-each-ref", "refs/trailercheck/") == ""
    text = out.split(f"{old[4][:12]} QCLINUX", 1)[0]
    assert text == (
        f"{old[1][:12]} FROMLIST: misc: fastrpc: Fix map refcount\n"
        f"--- a/{old[1][:12]}\n"
        f"+++ b/{old[1][:12]}\n"
        "@@ -3,5 +3,4 @@\n"
        " The map is freed twice on the error path.\n"
        " \n"
        f" Link: {LORE}\n"
        "-\n"
        f" {SOB}\n"
    )
    assert f"  {old[7][:12]}:1: S07 revert-unprefixed: left for the author:" in out
    assert out.splitlines()[-1] == "would fix 3 messages of 10 commits"


# -- what a commit keeps ------------------------------------------------------------------------------


def test_signature_is_dropped_with_a_warning_encoding_kept(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "topic")
    tree = head(repo, "HEAD^{tree}")
    latin = "QCLINUX: misc: fastrpc: Fix the caf\xe9 driver\n\nBody.\n\nsigned-off-by: Ada Lovelace <ada@example.com>\n"
    raw = (
        f"tree {tree}\nparent {head(repo)}\nauthor {ADA} 1700000000 +0000\ncommitter {ADA} 1700000000 +0000\n"
        "encoding ISO-8859-1\n\n"
    ).encode() + latin.encode("latin-1")
    first = write_commit(repo, raw)
    signature = b"gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n"
    raw2 = (
        f"tree {tree}\nparent {first}\nauthor {ADA} 1700000100 +0000\ncommitter {ADA} 1700000100 +0000\n".encode()
        + signature
        + b"\n"
        + good("misc: fastrpc: Name the queue").encode()
    )
    second = write_commit(repo, raw2)
    _, err = fix(repo, "main..")
    new = ids(repo, "main..topic")
    assert err == f"trailercheck: {second[:12]}: its signature no longer matches and was dropped\n"
    stored = git_bytes(repo, "cat-file", "commit", new[0])
    assert stored == raw.replace(b"signed-off-by", b"Signed-off-by")
    assert git_bytes(repo, "cat-file", "commit", new[1]) == raw2.replace(signature, b"").replace(
        first.encode(), new[0].encode()
    )


def test_every_line_is_kept_under_a_comment_char(repo: Path) -> None:
    git(repo, "config", "core.commentChar", ";")
    git(repo, "checkout", "-q", "-b", "topic")
    body = "QCLINUX: misc: fastrpc: Fix the include\n\n#include <linux/slab.h> is needed.\n; a note\n\n"
    old = commit(repo, body + f"Link: {LORE}\n\n{SOB}\n")
    fix(repo, "main..")
    assert stored_message(repo, head(repo)) == (body + f"Link: {LORE}\n{SOB}\n").encode()
    assert head(repo, "refs/trailercheck/backup/topic") == old


def test_detached_head_moves_head(repo: Path) -> None:
    old, _ = ten_commits(repo)
    git(repo, "checkout", "-q", "--detach")
    out, _ = fix(repo, "main..")
    now = head(repo)
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "HEAD\n"  # still detached
    assert head(repo, "topic") == old[9]  # the branch stays: HEAD is what was rewritten
    assert now != old[9]
    assert head(repo, "refs/trailercheck/backup/HEAD") == old[9]
    assert out.splitlines()[-1] == (
        f"fixed 3 messages of 10 commits, 6 commits re-parented; HEAD is {now[:12]}, it was {old[9][:12]} "
        "(kept as refs/trailercheck/backup/HEAD)"
    )


def test_in_a_worktree_its_branch_moves(tmp_path: Path, repo: Path) -> None:
    old, _ = ten_commits(repo)
    git(repo, "checkout", "-q", "main")
    tree = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", str(tree), "topic")
    fix(tree, "main..")
    new = head(repo, "topic")
    assert new != old[9]
    assert head(tree) == new
    assert git(tree, "status", "--porcelain") == ""
    assert head(repo) == head(repo, "main")  # the main worktree's HEAD is its own
    # From the main worktree, the branch checked out over there is refused.
    _, err = fix(repo, "main..topic", code=2)
    assert err == "trailercheck: branch topic is checked out in another worktree: fix it there\n"


def test_another_local_branch_is_rewritten_in_place(repo: Path) -> None:
    old, _ = ten_commits(repo)
    git(repo, "checkout", "-q", "main")
    fix(repo, "main..topic")
    assert head(repo, "topic") != old[9]
    assert head(repo, "refs/trailercheck/backup/topic") == old[9]
    assert git(repo, "reflog", "-1", "--format=%gs", "topic").startswith("trailercheck fix main..topic")


# -- refusals -------------------------------------------------------------------------------------------


def test_head_alone_is_refused(repo: Path) -> None:
    ten_commits(repo)
    _, err = fix(repo, code=2)
    assert err == "trailercheck: no upstream or baseline to start from: give the range (e.g. origin/main..)\n"


def test_default_range_is_the_baseline_range(repo: Path) -> None:
    old, _ = ten_commits(repo)
    fix(repo, "--baseline", "main")
    assert head(repo, "refs/trailercheck/backup/topic") == old[9]
    assert ids(repo, "main..topic")[0] == old[0]


def test_dirty_index_is_refused(repo: Path) -> None:
    old, _ = ten_commits(repo)
    (repo / "new.c").write_text("x\n")
    git(repo, "add", "new.c")
    _, err = fix(repo, "main..", code=2)
    assert err == "trailercheck: the index has staged changes: commit or unstage them first\n"
    assert head(repo) == old[9]


def test_rebase_in_progress_is_refused(repo: Path) -> None:
    old, _ = ten_commits(repo)
    git(repo, "rebase", "-q", "-i", "main", env={"GIT_SEQUENCE_EDITOR": "sed -i 1s/^pick/edit/"})
    _, err = fix(repo, "main..topic", code=2)
    assert err == "trailercheck: a rebase is in progress: finish or abort it first\n"
    assert head(repo, "topic") == old[9]


def side_branch(repo: Path) -> None:
    """A branch ``side`` off main with one commit, ``topic`` checked out again."""
    git(repo, "branch", "side", "main")
    git(repo, "checkout", "-q", "side")
    commit(repo, good("misc: fastrpc: Side"), {"side.c": "s\n"})
    git(repo, "checkout", "-q", "topic")


def test_merge_in_progress_is_refused(repo: Path) -> None:
    ten_commits(repo)
    side_branch(repo)
    git(repo, "merge", "-q", "--no-commit", "--no-ff", "side")
    _, err = fix(repo, "main..", code=2)
    assert err == "trailercheck: a merge is in progress: finish or abort it first\n"


def test_a_merge_in_the_range_is_refused(repo: Path) -> None:
    ten_commits(repo)
    side_branch(repo)
    git(repo, "merge", "-q", "--no-ff", "-m", good("Merge side"), "side")
    merge = head(repo)
    _, err = fix(repo, "main..", code=2)
    assert err == f"trailercheck: {merge[:12]} is a merge: fix rewrites a line of commits without merges\n"
    assert head(repo) == merge


def test_a_commit_in_the_baseline_is_refused(repo: Path) -> None:
    commit(repo, good("misc: fastrpc: Integrated") + "\n" + SOB + "\n")  # on main: the baseline
    git(repo, "checkout", "-q", "-b", "topic")
    commit(repo, good("misc: fastrpc: Mine").replace("Signed", "signed"))
    tip = head(repo)
    _, err = fix(repo, "--baseline", "main", "main~1..", code=2)
    assert err == (
        f"trailercheck: 1 commit of the range published: {head(repo, 'main')[:12]} is on main; "
        "rewriting would fork it from what others have (--force rewrites anyway)\n"
    )
    assert head(repo) == tip


def test_a_commit_on_another_remote_branch_is_refused_unless_forced(tmp_path: Path, repo: Path) -> None:
    work = tracking_clone(tmp_path, repo)
    commit(work, good("misc: fastrpc: Mine").replace("Signed", "signed"))
    commit(work, good("misc: fastrpc: Also mine"))
    tip = head(work)
    git(work, "push", "-q", "origin", "topic:someone-else")
    git(work, "fetch", "-q", "origin")
    _, err = fix(work, "origin/qcom-next..", code=2)
    assert err == (
        f"trailercheck: 2 commits of the range published: {tip[:12]} is on origin/someone-else; "
        "rewriting would fork it from what others have (--force rewrites anyway)\n"
    )
    assert head(work) == tip
    out, _ = fix(work, "--force", "origin/qcom-next..")
    assert head(work) != tip
    assert "to update" not in out  # no upstream of its own to push to


def test_own_pull_request_branch_is_rewritten_and_the_push_printed(tmp_path: Path, repo: Path) -> None:
    work = tracking_clone(tmp_path, repo)
    commit(work, good("misc: fastrpc: Mine").replace("Signed", "signed"))
    commit(work, good("misc: fastrpc: Also mine"))
    tip = head(work)
    git(work, "push", "-q", "-u", "origin", "topic:fastrpc-fix")
    out, _ = fix(work, "--baseline", "origin/qcom-next", "origin/qcom-next..")
    command = f"git push --force-with-lease=fastrpc-fix:{tip} origin topic:fastrpc-fix"
    assert out.splitlines()[-1] == f"to update origin/fastrpc-fix: {command}"
    git(work, *command.split()[1:])
    assert head(tmp_path / "origin.git", "fastrpc-fix") == head(work)


def test_a_branch_that_moved_meanwhile_is_not_moved(repo: Path) -> None:
    from trailercheck.errors import UsageError
    from trailercheck.rewrite import move

    old, _ = ten_commits(repo)
    with pytest.raises(UsageError):
        move(str(repo), "HEAD", old[0], old[8], "refs/trailercheck/backup/topic", "test")
    assert head(repo) == old[9]
    assert git(repo, "for-each-ref", "refs/trailercheck/") == ""


def test_an_empty_range_changes_nothing(repo: Path) -> None:
    out, _ = fix(repo, "main..")
    assert out == "nothing to fix: main..HEAD is empty\n"
