"""The rewriting of commit objects (:mod:`trailercheck.rewrite`): bytes kept, ids as git computes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import ADA, EMPTY_TREE, commit_object, git, git_bytes, head, init_repo, run_cli, write_commit
from trailercheck.engine import RuleSet
from trailercheck.errors import UsageError
from trailercheck.rewrite import (
    MessageFixer,
    RawCommit,
    Rewrite,
    Skipped,
    certain,
    notes_refs,
    object_id,
    read_text,
    write_objects,
    write_text,
)
from trailercheck.rules import REGISTRY, Context

SOB = f"Signed-off-by: {ADA}"
SPLIT = f"QCLINUX: misc: fastrpc: Fix the queue\n\nBody.\n\nLink: https://lore.kernel.org/all/1@example.com/\n\n{SOB}\n"
JOINED = SPLIT.replace("/\n\n", "/\n")
SIGNATURE = b"gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----"
MERGETAG_LIKE = b"x-origin first line\n second line\n third line"


def test_a_commit_is_rebuilt_byte_for_byte() -> None:
    raw = commit_object(
        EMPTY_TREE, SPLIT.encode(), parent="a" * 40, extra=b"encoding ISO-8859-1\n" + MERGETAG_LIKE + b"\n"
    )
    commit = RawCommit("b" * 40, raw)
    assert commit.parents == ["a" * 40]
    assert commit.encoding == "ISO-8859-1"
    assert commit.header(b"x-origin") == b"first line"
    assert commit.rebuilt({}, commit.message) == raw
    assert commit.rebuilt({"a" * 40: "c" * 40}, commit.message) == raw.replace(b"a" * 40, b"c" * 40)


def test_a_signature_is_dropped_from_a_rebuilt_commit() -> None:
    raw = commit_object(EMPTY_TREE, SPLIT.encode(), extra=SIGNATURE + b"\n")
    commit = RawCommit("b" * 40, raw)
    assert commit.signed
    assert commit.rebuilt({}, JOINED.encode()) == commit_object(EMPTY_TREE, JOINED.encode())


def test_a_commit_without_a_message_stays_without_one() -> None:
    raw = commit_object(EMPTY_TREE, b"", parent="a" * 40)[:-1]  # the headers end the object
    commit = RawCommit("b" * 40, raw)
    assert commit.message == b""
    assert commit.rebuilt({"a" * 40: "c" * 40}, b"") == raw.replace(b"a" * 40, b"c" * 40)


@pytest.mark.parametrize("fmt", ["sha1", "sha256"])
def test_object_ids_are_gits(tmp_path: Path, fmt: str) -> None:
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", f"--object-format={fmt}", str(repo))
    tree = git(repo, "write-tree").strip()
    raw = commit_object(tree, SPLIT.encode(), extra=MERGETAG_LIKE + b"\n")
    assert object_id(raw, fmt) == git(repo, "hash-object", "-t", "commit", "--stdin", input=raw).strip()
    big = commit_object(tree, b"x" * 100_000 + b"\n")  # a size of several bytes in the pack header
    write_objects(str(repo), [("", object_id(r, fmt), r) for r in (raw, big)], fmt)
    assert git_bytes(repo, "cat-file", "commit", object_id(raw, fmt)) == raw
    assert git_bytes(repo, "cat-file", "commit", object_id(big, fmt)) == big
    with pytest.raises(UsageError, match=r"^git does not hold the rewritten commits"):
        write_objects(str(repo), [("", "0" * len(object_id(raw, fmt)), raw)], fmt)


def test_the_message_in_its_own_encoding() -> None:
    latin = RawCommit("b" * 40, commit_object(EMPTY_TREE, "caf\xe9\n".encode("latin-1"), extra=b"encoding latin1\n"))
    assert read_text(latin) == "caf\xe9\n"
    assert write_text(latin, "caf\xe9 au lait\n") == "caf\xe9 au lait\n".encode("latin-1")
    with pytest.raises(Skipped, match=r"^the fixed message cannot be written in latin1: left as it is$"):
        write_text(latin, "\u0107\n")
    unknown = RawCommit("b" * 40, commit_object(EMPTY_TREE, b"x\n", extra=b"encoding x-no-such\n"))
    with pytest.raises(Skipped, match=r"^its message is not valid x-no-such: left as it is$"):
        read_text(unknown)
    # Without a header, or with UTF-8 in any spelling, the bytes are kept as they are, valid or not.
    raw = RawCommit("b" * 40, commit_object(EMPTY_TREE, b"caf\xe9\n", extra=b"encoding UTF8\n"))
    assert raw.encoding is None
    assert write_text(raw, read_text(raw)) == b"caf\xe9\n"


def test_only_certain_fixes_are_applied() -> None:
    assert not REGISTRY["S07"].certain_fix
    assert all(rule.certain_fix for code, rule in REGISTRY.items() if rule.fixable and code != "S07")
    revert = f'Revert "QCLINUX: misc: fastrpc: Add maps"\n\nThis reverts commit {"a" * 40}.\n\nLink: x\n\n{SOB}\n'
    commit = RawCommit("b" * 40, commit_object(EMPTY_TREE, revert.encode()))
    fixer = MessageFixer(RuleSet("qcom"), Context(), "#")
    (done,) = fixer.fix_all([commit])
    assert [f.code for f in done.fixed] == ["T01"]
    assert [(f.code, f.line, certain(f), f.fixable) for f in done.left] == [("S07", 1, False, True)]
    assert done.message == revert.replace("x\n\n", "x\n").encode()


def test_a_commit_in_an_unknown_encoding_is_left_with_a_warning() -> None:
    commit = RawCommit("b" * 40, commit_object(EMPTY_TREE, SPLIT.encode(), extra=b"encoding x-no-such\n"))
    (done,) = MessageFixer(RuleSet("qcom"), Context(), "#").fix_all([commit])
    assert done.message is None
    assert done.warning == "its message is not valid x-no-such: left as it is"


def test_commits_before_the_first_fix_keep_their_ids() -> None:
    fixer = MessageFixer(RuleSet("qcom"), Context(), "#")
    first = RawCommit("1" * 40, commit_object(EMPTY_TREE, JOINED.encode()))
    second = RawCommit("2" * 40, commit_object(EMPTY_TREE, SPLIT.encode(), parent="1" * 40))
    third = RawCommit("3" * 40, commit_object(EMPTY_TREE, JOINED.encode(), parent="2" * 40, extra=SIGNATURE + b"\n"))
    rewrite = Rewrite(fixer.fix_all([first, second, third]), "sha1")
    assert [old for old, _, _ in rewrite.objects] == ["2" * 40, "3" * 40]
    assert rewrite.tip("1" * 40) == "1" * 40
    assert rewrite.unsigned == ["3" * 40]
    new_second = rewrite.renamed["2" * 40]
    assert rewrite.objects[1][2] == commit_object(EMPTY_TREE, JOINED.encode(), parent=new_second)


def test_notes_refs_named_by_the_configuration_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = init_repo(tmp_path / "repo")
    git(repo, "commit", "-q", "--allow-empty", "-m", "root")
    for ref in ("commits", "review/alice", "review/bob", "other"):
        git(repo, "notes", "--ref", ref, "add", "-m", ref, "HEAD")
    assert notes_refs(str(repo)) == ["refs/notes/commits"]
    git(repo, "config", "--add", "notes.rewriteRef", "refs/notes/review/*")
    assert notes_refs(str(repo)) == ["refs/notes/commits", "refs/notes/review/alice", "refs/notes/review/bob"]
    monkeypatch.setenv("GIT_NOTES_REWRITE_REF", "refs/notes/other:refs/notes/missing")
    assert notes_refs(str(repo)) == ["refs/notes/commits", "refs/notes/other"]


def test_fix_in_a_sha256_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", "--object-format=sha256", "-b", "main", str(repo))
    git(repo, "commit", "-q", "--allow-empty", "-m", f"QCLINUX: root\n\n{SOB}")
    base = head(repo)
    old = write_commit(repo, commit_object(head(repo, "HEAD^{tree}"), SPLIT.encode(), parent=base))
    proc = run_cli("fix", f"{base}..", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    new = head(repo)
    assert len(new) == 64
    assert git_bytes(repo, "cat-file", "commit", new) == commit_object(
        head(repo, "HEAD^{tree}"), JOINED.encode(), parent=base
    )
    assert head(repo, "refs/trailercheck/backup/main") == old
