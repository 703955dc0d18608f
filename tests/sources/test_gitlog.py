"""Commits streamed from ``git log``: every field as git stores it, in git's order."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import ADA, BOB, CAROL, commit, commit_bytes, commit_raw, git, head
from trailercheck.engine import UsageError
from trailercheck.model.keys import DEFAULT_KEYS
from trailercheck.model.person import Person
from trailercheck.model.text import decode
from trailercheck.sources import gitlog
from trailercheck.sources.gitlog import CHUNK, read_commits
from trailercheck.sources.record import Record, message_of


def read(repo: Path, *revisions: str, **kwargs: object) -> list[Record]:
    return list(read_commits(str(repo), list(revisions), **kwargs))


def test_fields(repo: Path) -> None:
    root = head(repo)
    message = "QCLINUX: misc: fastrpc: add maps  \r\n\r\nBody,\twith a tab.\n\n\nSigned-off-by: X <x@example.com>\n \n"
    sha = commit(repo, message, author=BOB, committer=CAROL)
    [c] = read(repo, f"{sha}^!")
    assert (c.commit, c.parents, str(c.author), str(c.committer), c.text) == (
        sha,
        [root],
        "Bob Example <bob@example.com>",
        "Carol Kernel <carol@kernel.org>",
        message,
    )
    [r] = read(repo, root)
    assert (r.commit, r.parents, str(r.author), str(r.committer)) == (root, [], ADA, ADA)
    assert r.text == "QCLINUX: root\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n"
    # The committer (one rule reads it) is the ident git wrote, read into a person when a rule asks.
    assert c.committer == "Carol Kernel <carol@kernel.org>"
    msg = message_of(c, DEFAULT_KEYS)
    assert isinstance(msg.committer, Person)
    assert (msg.committer.name, msg.committer.email) == ("Carol Kernel", "carol@kernel.org")
    assert msg.committer is msg.committer


@pytest.mark.parametrize("message", [b"no newline", b"", b"two\n\n\n", b"\n\nleading blank lines\n"])
def test_messages_are_kept_as_stored(repo: Path, message: bytes) -> None:
    sha = commit_bytes(repo, message)
    after = commit_raw(repo, b"QCLINUX: after\n")
    assert [(c.commit, c.text) for c in read(repo, "HEAD~2..HEAD")] == [
        (after, "QCLINUX: after\n"),
        (sha, message.decode()),
    ]


def test_order_merges_and_max_count(repo: Path) -> None:
    root = head(repo)
    git(repo, "checkout", "-q", "-b", "topic")
    t = commit_raw(repo, b"topic\n")
    git(repo, "checkout", "-q", "main")
    m = commit_raw(repo, b"main\n")
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "topic")
    merge = head(repo)
    expected = git(repo, "log", "--format=%H", "HEAD").split()
    everything = read(repo, "HEAD")
    assert [c.commit for c in everything] == expected
    assert set(expected) == {merge, m, t, root}
    assert everything[0].parents == [m, t]
    assert [c.commit for c in read(repo, "HEAD", include_merges=False)] == [s for s in expected if s != merge]
    assert [c.commit for c in read(repo, "HEAD", max_count=1)] == [merge]
    assert [c.commit for c in read(repo, "HEAD", include_merges=False, max_count=1)] == [expected[1]]
    assert read(repo, "HEAD..HEAD") == []


def test_encoding_header_is_honoured_and_bad_bytes_survive(repo: Path) -> None:
    latin = commit_bytes(
        repo,
        b"QCLINUX: caf\xe9\n\nReviewed-by: J\xf6rg R\xf6del <joro@example.com>\n",
        ident=b"J\xf6rg R\xf6del <joro@example.com>",
        extra=b"encoding ISO-8859-1\n",
    )
    raw = commit_bytes(repo, b"QCLINUX: caf\xe9 \xff\n", ident=b"J\xf6rg <joro@example.com>")
    utf8 = commit_bytes(repo, "QCLINUX: café\n".encode(), ident="Jörg <joro@example.com>".encode())
    commits = {c.commit: c for c in read(repo, "HEAD~3..HEAD")}
    assert commits[latin].text == "QCLINUX: café\n\nReviewed-by: Jörg Rödel <joro@example.com>\n"
    assert str(commits[latin].author) == str(commits[latin].committer) == "Jörg Rödel <joro@example.com>"
    assert commits[raw].text == "QCLINUX: caf\udce9 \udcff\n"
    assert str(commits[raw].author) == "J\udcf6rg <joro@example.com>"
    assert commits[utf8].text == "QCLINUX: café\n"
    assert str(commits[utf8].author) == "Jörg <joro@example.com>"


def test_nul_in_a_message_does_not_shift_the_fields(repo: Path) -> None:
    # git stops a message at a NUL byte; the fields of the commits around it stay in place.
    before = commit_raw(repo, b"QCLINUX: before\n")
    nul = commit_bytes(repo, b"QCLINUX: nul\0Signed-off-by: X <x@example.com>\n")
    after = commit_raw(repo, b"QCLINUX: after\n")
    commits = read(repo, "HEAD~3..HEAD")
    assert [(c.commit, c.parents, c.text) for c in commits] == [
        (after, [nul], "QCLINUX: after\n"),
        (nul, [before], "QCLINUX: nul"),
        (before, [head(repo, "HEAD~3")], "QCLINUX: before\n"),
    ]


def test_messages_longer_than_a_chunk(repo: Path) -> None:
    long_body = "".join(f"line {i} of a very long body\n" for i in range(CHUNK // 10))
    assert len(long_body) > 2 * CHUNK
    shas = []
    for i in range(40):
        body = long_body if i in (3, 4, 20) else f"short body {i}\n" * (i * 50)
        shas.append(commit_raw(repo, f"QCLINUX: commit {i}\n\n{body}".encode()))
    commits = read(repo, f"HEAD~{len(shas)}..HEAD")
    assert [c.commit for c in commits] == shas[::-1]
    for i, c in zip(range(len(shas) - 1, -1, -1), commits, strict=True):
        body = long_body if i in (3, 4, 20) else f"short body {i}\n" * (i * 50)
        assert c.text == f"QCLINUX: commit {i}\n\n{body}"
        assert str(c.author) == str(c.committer) == ADA


def test_stopping_early_does_not_wait_for_the_whole_history(repo: Path) -> None:
    stream = b"".join(
        b"commit refs/heads/long\ncommitter A <a@example.com> %d +0000\ndata 13\nQCLINUX: %03d\n\n" % (i, i % 1000)
        for i in range(20000)
    )
    git(repo, "fast-import", "--quiet", input=stream)
    commits = read_commits(str(repo), ["long"])
    first = next(commits)
    assert first.text == "QCLINUX: 999\n"
    # git is blocked on a full pipe: closing must end it, not wait for it (or for its stderr).
    closer = threading.Thread(target=commits.close, daemon=True)  # type: ignore[attr-defined]
    closer.start()
    closer.join(10)
    assert not closer.is_alive()
    assert len(read(repo, "long")) == 20000


def test_bad_revisions(repo: Path) -> None:
    with pytest.raises(UsageError, match=r"^bad revision 'nosuch'$"):
        read(repo, "nosuch")
    with pytest.raises(UsageError, match=r"^bad revision 'HEAD\.\.nosuch'$"):
        read(repo, "HEAD", "HEAD..nosuch")
    for rev in ("--all", "-n1", "-", ""):
        with pytest.raises(UsageError) as exc:
            read(repo, "HEAD", rev)
        assert str(exc.value) == f"not a revision: {rev!r}"


def test_bad_revision_is_reported_on_first_use(repo: Path) -> None:
    commits = read_commits(str(repo), ["nosuch"])
    with pytest.raises(UsageError, match=r"^bad revision 'nosuch'$"):
        next(commits)


def test_author_date(repo: Path) -> None:
    sha = commit_bytes(repo, b"QCLINUX: misc: fastrpc: add maps\n")
    [c] = read(repo, f"{sha}^!")
    assert c.author_date == 1700000000
    commit(repo, "x\n", author_date="2019-06-04T12:00:00+0200")
    [c] = read(repo, "HEAD^!")
    assert c.author_date == 1559642400


@pytest.mark.parametrize("chunk", [1, 7, 64, CHUNK])
@pytest.mark.parametrize("size", [1, 3, 50])
def test_batches_are_cut_where_a_commit_ends(
    repo: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, size: int
) -> None:
    # However git's output arrives, each batch holds `size` whole commits (the last one the rest),
    # and its fields are those read_commits gives one commit at a time.
    body = "body line\n"
    shas = [commit_raw(repo, f"QCLINUX: commit {i}\n\n{body * i}Signed-off-by: A <a@example.com>\n".encode())
            for i in range(11)]  # fmt: skip
    expected = [(c.commit, c.parents, c.text) for c in read(repo, "HEAD~11..HEAD")]
    monkeypatch.setattr(gitlog, "CHUNK", chunk)
    batches = list(gitlog.read_batches(str(repo), ["HEAD~11..HEAD"], size=size))
    flat = [gitlog.fields_of(b) for b in batches]
    assert [len(f) // gitlog.RECORD for f in flat] == [size] * (11 // size) + ([11 % size] if 11 % size else [])
    assert all(len(f) % gitlog.RECORD == 0 for f in flat)
    got = [gitlog.commit_of(f, at) for f in flat for at in range(0, len(f), gitlog.RECORD)]
    assert [(c.commit, c.parents, c.text) for c in got] == expected
    assert [c.commit for c in got] == shas[::-1]


#: Bytes that end or break UTF-8 sequences: lead bytes, continuation bytes, invalid ones, and text.
_ODD_BYTES = st.binary(max_size=12) | st.sampled_from(
    [b"\xe2\x82", b"\xe2", b"\x82\xac", b"\xc3", b"\xff", b"caf\xc3\xa9"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_ODD_BYTES, max_size=3).map(b"".join).map(lambda b: b.replace(b"\0", b"")), min_size=1))
def test_a_batch_decoded_at_once_gives_each_field_as_decoded_alone(fields: list[bytes]) -> None:
    # A sequence cut short by a field's end stays the same escaped bytes when the next field follows.
    fields += [b""] * (-len(fields) % gitlog.RECORD)
    batch = b"".join(f + b"\0" for f in fields)
    assert gitlog.fields_of(batch) == [decode(f) for f in fields]


def test_a_field_cut_inside_a_character_keeps_its_bytes() -> None:
    fields = [b"\xe2\x82", b"\xac", b"\xc3", b"x", b"12", b"caf\xc3", b""]
    got = gitlog.fields_of(b"".join(f + b"\0" for f in fields))
    assert got == ["\udce2\udc82", "\udcac", "\udcc3", "x", "12", "caf\udcc3", ""]
    assert [f.encode("utf-8", "surrogateescape") for f in got] == fields
