"""The repository: opening it, refusing option-like revisions, upstreams, target branches, commit lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

import trailercheck.sources.repo as repo_module
from tests.builders import commit_object, commit_raw, git, git_bytes, head, tracking_clone, write_commit
from trailercheck.engine import UsageError
from trailercheck.sources.repo import (
    CommitLookup,
    check_revisions,
    open_repo,
    subject_of,
    target_branch,
    upstream_of,
)

# -- opening -------------------------------------------------------------------


def test_open_repo(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = repo / "a" / "b"
    sub.mkdir(parents=True)
    assert Path(open_repo(str(sub)).path) == repo.resolve()
    monkeypatch.chdir(sub)
    assert Path(open_repo(None).path) == repo.resolve()
    # A bare repository, and the git directory of a work tree, are where git runs.
    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    assert Path(open_repo(str(bare)).path) == bare.resolve()
    assert Path(open_repo(str(repo / ".git")).path) == (repo / ".git").resolve()
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(UsageError) as exc:
        open_repo(str(plain))
    assert str(exc.value) == f"not a git repository: {plain}"
    with pytest.raises(UsageError) as exc:
        open_repo(str(tmp_path / "missing"))
    assert str(exc.value) == f"not a directory: {tmp_path / 'missing'}"
    monkeypatch.chdir(plain)
    with pytest.raises(UsageError) as exc:
        open_repo(None)
    assert str(exc.value) == "not a git repository: ."


@pytest.mark.parametrize("rev", ["HEAD", "A..B", "A...B", "^A", "HEAD@{1}", "v1^{}", "HEAD^!", "x-y", ":/-fix"])
def test_revisions_accepted(rev: str) -> None:
    check_revisions([rev])


@pytest.mark.parametrize("rev", ["-", "-n1", "--all", "--output=/tmp/x", "--end-of-options", ""])
def test_option_like_revisions_refused(rev: str) -> None:
    with pytest.raises(UsageError) as exc:
        check_revisions(["HEAD", rev])
    assert str(exc.value) == f"not a revision: {rev!r}"


# -- upstream and target branch -----------------------------------------------------


@pytest.fixture
def tracking(tmp_path: Path, repo: Path) -> Path:
    """A clone of a bare origin whose ``topic`` branch tracks ``origin/qcom-next``."""
    return tracking_clone(tmp_path, repo)


def test_upstream_of(tracking: Path) -> None:
    r = open_repo(str(tracking))
    assert upstream_of(r) is None
    git(tracking, "branch", "-q", "-u", "origin/qcom-next")
    assert upstream_of(r) == "origin/qcom-next"
    git(tracking, "branch", "-q", "-u", "qcom-next")
    assert upstream_of(r) == "qcom-next"
    git(tracking, "checkout", "-q", "--detach")
    assert upstream_of(r) is None


def test_target_branch(tracking: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    r = open_repo(str(tracking))
    assert target_branch(r, None) is None
    git(tracking, "branch", "-q", "-u", "origin/qcom-next")
    assert target_branch(r, None) == "qcom-next"
    assert target_branch(r, "qcom-6.18.y") == "qcom-6.18.y"
    monkeypatch.setenv("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "tech/ci")
    assert target_branch(r, None) == "tech/ci"
    monkeypatch.setenv("GITHUB_BASE_REF", "")
    assert target_branch(r, None) == "tech/ci"
    monkeypatch.setenv("GITHUB_BASE_REF", "tech/github")
    assert target_branch(r, None) == "tech/github"
    assert target_branch(r, "explicit") == "explicit"


def test_remotes(tracking: Path) -> None:
    r = open_repo(str(tracking))
    assert r.remotes() == ["origin"]
    git(tracking, "remote", "add", "team/kernel", "https://example.com/kernel.git")
    assert r.remotes() == ["origin", "team/kernel"]


def test_target_branch_is_the_name_on_the_remote(tracking: Path) -> None:
    r = open_repo(str(tracking))
    git(tracking, "branch", "-q", "-u", "qcom-next")  # a local upstream is its own name
    assert target_branch(r, None) == "qcom-next"
    git(tracking, "branch", "-q", "-u", "origin/qcom-next")
    git(tracking, "remote", "rename", "origin", "team/kernel")
    assert upstream_of(r) == "team/kernel/qcom-next"
    assert target_branch(r, None) == "qcom-next"
    git(tracking, "push", "-q", "team/kernel", "HEAD:tech/display")
    git(tracking, "fetch", "-q", "team/kernel")
    git(tracking, "branch", "-q", "-u", "team/kernel/tech/display")
    assert target_branch(r, None) == "tech/display"
    # A shorter remote name that is a prefix of the longer one does not take over.
    git(tracking, "remote", "add", "team", "https://example.com/team.git")
    assert upstream_of(r) == "team/kernel/tech/display"
    assert target_branch(r, None) == "tech/display"


def test_commit_lookup(repo: Path) -> None:
    target = commit_raw(repo, b"QCLINUX: misc: fastrpc:\n add maps\n\nBody.\n")
    git(repo, "tag", "-a", "v1", "-m", "v1")
    tag = head(repo, "refs/tags/v1")
    blob = git(repo, "hash-object", "-w", "--stdin", input=b"x\n").strip()
    tree = head(repo, "HEAD^{tree}")
    lookup = CommitLookup(str(repo))
    expected = (target, "QCLINUX: misc: fastrpc:  add maps")
    assert git(repo, "log", "-1", "--format=%s", target) == expected[1] + "\n"
    assert lookup.resolve(target) == expected
    assert lookup.resolve(target[:12]) == expected
    assert lookup.resolve(tag) == expected  # an annotated tag peels to its commit
    for rev in ("0123456789ab", blob, blob[:12], tree, "zzzz"):
        assert lookup.resolve(rev) is None, rev
    assert lookup.resolve(target[:12]) == expected  # still answered after misses


def test_lookup_memory_is_bounded(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A long range names ever more commits: the answers kept stay bounded, the newest kept.
    monkeypatch.setattr(repo_module, "LOOKUPS_KEPT", 16)
    sha = head(repo)
    lookup = CommitLookup(str(repo))
    names = [sha[:n] for n in range(7, 41)]  # 34 names of one commit
    lookup.prefetch(names)
    assert len(lookup._cache) <= 16
    assert names[-1] in lookup._cache
    assert all(lookup.resolve(name) == (sha, "QCLINUX: root") for name in names)  # forgotten ones asked again
    assert lookup.resolve("zzzz") is None
    assert len(lookup._cache) <= 16
    lookup.close()


def test_lookup_starts_git_on_first_use(tmp_path: Path, repo: Path) -> None:
    sha = head(repo)
    lookup = CommitLookup(str(repo))
    assert lookup._batch._proc is None  # a message without a Fixes: never starts git
    assert lookup.resolve(sha) == (sha, "QCLINUX: root")
    lookup.close()
    plain = tmp_path / "plain"
    plain.mkdir()
    lazy = CommitLookup(str(plain))  # nothing is started yet
    with pytest.raises(UsageError) as exc:
        lazy.resolve(sha)
    assert str(exc.value).startswith("not a git repository")


SUBJECTS = [
    b"a\nb\n\nbody\n",
    b"\n\nleading blank lines\n\nbody",
    b"  leading space\n\tsecond\n",
    b"trailing  \n  next  \n\nx",
    b"crlf\r\nline2\r\n\r\nbody\r\n",
    b"only",
    b"   \n\nafter a line of blanks\n",
    b"tab\t\n \nbody",
    b"x\n \t \ny",
    b"",
    b"\n",
    b"form\x0cfeed\x0c\nkept\n",
    "non-breaking\xa0\n\nbody".encode(),
    b"caf\xe9 \xff\n",
]


@pytest.mark.parametrize("message", SUBJECTS)
def test_subject_is_what_git_prints(repo: Path, message: bytes) -> None:
    sha = write_commit(repo, commit_object(head(repo, "HEAD^{tree}"), message), ref=None)
    out = git_bytes(repo, "log", "-1", "--format=%s", sha)
    expected = out.removesuffix(b"\n").decode("utf-8", "surrogateescape")
    assert CommitLookup(str(repo)).resolve(sha) == (sha, expected)
    raw = git_bytes(repo, "cat-file", "commit", sha)
    assert subject_of(raw) == expected


@pytest.mark.parametrize(
    ("encoding", "message", "subject"),
    [
        (b"ISO-8859-1", b"caf\xe9 \xfc\n\nbody", "café ü"),
        (b"latin1", b"caf\xe9\n", "café"),
        (b"UTF-8", "café\n".encode(), "café"),
        (b"x-no-such-encoding", "café\n".encode(), "café"),
        (b"UTF-16", b"caf\xe9\n", "caf\udce9"),
    ],
)
def test_subject_of_an_encoded_commit(repo: Path, encoding: bytes, message: bytes, subject: str) -> None:
    raw = commit_object(head(repo, "HEAD^{tree}"), message, extra=b"encoding " + encoding + b"\n")
    sha = write_commit(repo, raw, ref=None)
    assert CommitLookup(str(repo)).resolve(sha) == (sha, subject)
