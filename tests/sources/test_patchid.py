"""Patch ids: the same as ``git patch-id --stable`` run by hand, many at a time, whatever the user's diff settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import commit, git, git_bytes, init_repo
from trailercheck.sources.patchid import PatchIds, patch_ids


def by_hand(repo: Path, sha: str, *show: str) -> str | None:
    """``git show SHA | git patch-id --stable``, as a user would run it."""
    diff = git_bytes(repo, "show", *show, sha)
    out = git_bytes(repo, "patch-id", "--stable", input=diff)
    fields = out.decode().split()
    assert not fields or fields[1] == sha
    return fields[0] if fields else None


LINES = "".join(f"line {i}\n" for i in range(1, 40))


@pytest.fixture
def changes(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A history with every kind of change: root, edits, additions, deletions, binary, mode, empty, merge."""
    repo = init_repo(tmp_path / "repo")
    shas = {"root": commit(repo, "root", {"a.c": LINES, "dir/b.h": "int b;\n"})}
    shas["edit"] = commit(repo, "edit", {"a.c": LINES.replace("line 5\n", "line five\n").replace("line 30\n", "")})
    shas["add-delete"] = commit(repo, "add and delete", {"new.txt": "new\n", "dir/b.h": None})
    (repo / "blob.bin").write_bytes(bytes(range(256)) * 4)
    git(repo, "add", "blob.bin")
    shas["binary"] = commit(repo, "binary", {})
    (repo / "a.c").chmod(0o755)
    git(repo, "add", "a.c")
    shas["mode"] = commit(repo, "mode", {})
    shas["whitespace"] = commit(
        repo, "whitespace", {"a.c": (repo / "a.c").read_text().replace("line 7\n", "line  7 \n")}
    )
    shas["empty"] = commit(repo, "empty", {})
    git(repo, "checkout", "-q", "-b", "side", shas["edit"])
    shas["side"] = commit(repo, "side", {"side.txt": "side\n"})
    git(repo, "checkout", "-q", "-")
    git(repo, "merge", "-q", "--no-edit", "side")
    shas["merge"] = git(repo, "rev-parse", "HEAD").strip()
    shas["rename"] = commit(repo, "rename", {"new.txt": None, "renamed.txt": "new\n"})
    return repo, shas


def test_equal_to_git_patch_id_by_hand(changes: tuple[Path, dict[str, str]]) -> None:
    repo, shas = changes
    found = patch_ids(str(repo), shas.values())
    for name, sha in shas.items():
        # git's own patch ids (git cherry, rebase) see a rename as a deletion and an addition.
        expected = by_hand(repo, sha, "--no-renames") if name == "rename" else by_hand(repo, sha)
        assert found.get(sha) == expected, name
    assert "merge" not in {n for n, s in shas.items() if s in found}
    assert "empty" not in {n for n, s in shas.items() if s in found}
    assert len(found) == len(shas) - 2


def test_user_diff_settings_do_not_change_them(changes: tuple[Path, dict[str, str]]) -> None:
    repo, shas = changes
    before = patch_ids(str(repo), shas.values())
    for key, value in [
        ("diff.noprefix", "true"),
        ("diff.mnemonicPrefix", "true"),
        ("diff.context", "10"),
        ("diff.algorithm", "patience"),
        ("diff.renames", "copies"),
        ("diff.interHunkContext", "20"),
        ("color.ui", "always"),
        ("log.showSignature", "true"),
        ("diff.external", "false"),
    ]:
        git(repo, "config", key, value)
    assert patch_ids(str(repo), shas.values()) == before


def test_a_cherry_pick_keeps_the_patch_id(changes: tuple[Path, dict[str, str]]) -> None:
    repo, shas = changes
    git(repo, "checkout", "-q", "-b", "picks", shas["root"])
    git(repo, "cherry-pick", "-x", shas["side"])
    picked = git(repo, "rev-parse", "HEAD").strip()
    found = patch_ids(str(repo), [picked, shas["side"]])
    assert found[picked] == found[shas["side"]]


def test_unknown_commits_do_not_spoil_the_batch(changes: tuple[Path, dict[str, str]]) -> None:
    repo, shas = changes
    missing = "0123456789abcdef0123456789abcdef01234567"
    found = patch_ids(str(repo), [shas["edit"], missing, "not a sha", shas["root"]])
    assert found == {shas["edit"]: by_hand(repo, shas["edit"]), shas["root"]: by_hand(repo, shas["root"])}
    assert patch_ids(str(repo), []) == {}
    assert patch_ids(str(repo), [missing]) == {}


def test_batches_and_cache(changes: tuple[Path, dict[str, str]]) -> None:
    repo, shas = changes
    ids = PatchIds(str(repo))
    ids.want([shas["root"], shas["edit"], shas["merge"]])
    assert ids.batches == 0
    assert ids.get(shas["edit"]) == by_hand(repo, shas["edit"])
    assert ids.batches == 1
    assert ids.get(shas["root"]) == by_hand(repo, shas["root"])
    assert ids.get(shas["merge"]) is None
    assert ids.batches == 1  # all three came in the first batch
    ids.want([shas["edit"]])  # known: not queued again
    ids.flush()
    assert ids.batches == 1
    assert ids.get(shas["mode"]) == by_hand(repo, shas["mode"])
    assert ids.batches == 2


def test_many_at_once(tmp_path: Path) -> None:
    """Thousands of commits in one batch (more than a pipe holds either way)."""
    repo = init_repo(tmp_path / "repo")
    stream = b""
    for i in range(1, 3001):
        msg = f"change {i}\n".encode()
        stream += b"commit refs/heads/main\nmark :%d\ncommitter A <a@example.com> %d +0000\ndata %d\n%s\n" % (
            i,
            1700000000 + i,
            len(msg),
            msg,
        )
        stream += b"M 644 inline f%d\ndata %d\n%d\n" % (i % 13, len(str(i)) + 1, i)
    git(repo, "fast-import", "--quiet", input=stream)
    shas = git(repo, "rev-list", "main").split()
    found = patch_ids(str(repo), shas)
    assert len(found) == 3000
    for sha in (shas[0], shas[1500], shas[-1]):
        assert found[sha] == by_hand(repo, sha)
