"""The local public-inbox mirror: indexed with ezpi into our own SQLite file, incrementally, read-only."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.builders import git
from tests.sources.inbox import cover_letter, posting, write_inbox, write_raw
from trailercheck.errors import UsageError
from trailercheck.sources import archive
from trailercheck.sources.archive import LocalArchive, diff_text, header_msgid, patch_ids_of

DIFF = """diff --git a/drivers/misc/fastrpc.c b/drivers/misc/fastrpc.c
index 1111111..2222222 100644
--- a/drivers/misc/fastrpc.c
+++ b/drivers/misc/fastrpc.c
@@ -1,3 +1,3 @@
 static int a;
-static int b;
+static int b = 1;
 static int c;
"""


def mail(n: int) -> bytes:
    return posting(f"2024100{n}-fastrpc-v1-1-abc@example.com", DIFF.replace("b = 1", f"b = {n}"))


def listing(path: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(path)), p.stat().st_mtime_ns) for p in path.rglob("*"))


def test_mails_are_found_by_message_id_and_by_patch_id(tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", [mail(1), mail(2), cover_letter("cover@example.com")])
    archive = LocalArchive(str(inbox), str(tmp_path / "store"))
    assert archive.update().added == 3
    found = archive.fetch(["20241002-fastrpc-v1-1-abc@example.com", "nope@example.com"])
    got = found["20241002-fastrpc-v1-1-abc@example.com"]
    assert isinstance(got, bytes) and header_msgid(got) == "20241002-fastrpc-v1-1-abc@example.com"
    assert b"\n+static int b = 2;\n" in got
    assert found["nope@example.com"] is None
    diff = diff_text(mail(2))
    assert diff is not None
    pid = patch_ids_of([("0" * 40, diff)], None)["0" * 40]
    assert archive.by_patch_id([pid, "f" * 40]) == {pid: "20241002-fastrpc-v1-1-abc@example.com", "f" * 40: None}
    archive.close()


def test_an_update_reads_only_the_new_mails(tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", [mail(1), mail(2)])
    store = str(tmp_path / "store")
    first = LocalArchive(str(inbox), store)
    assert first.update().added == 2
    first.close()
    write_inbox(inbox, [mail(3)])
    again = LocalArchive(str(inbox), store)
    done = again.update()
    assert (done.added, done.reindexed) == (1, [])
    assert again.update().added == 0
    assert again.count() == 3
    again.close()


def test_a_rewritten_epoch_is_indexed_again(tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", [mail(1), mail(2)])
    store = str(tmp_path / "store")
    archive = LocalArchive(str(inbox), store)
    archive.update()
    epoch = inbox / "git" / "0.git"
    git(epoch, "update-ref", "refs/heads/master", "refs/heads/master~1")  # mail 2 purged, as public-inbox-purge does
    write_raw(inbox, mail(3))
    done = archive.update()
    assert (done.added, done.reindexed) == (2, [0])
    found = archive.fetch(["20241002-fastrpc-v1-1-abc@example.com", "20241003-fastrpc-v1-1-abc@example.com"])
    assert found == {"20241002-fastrpc-v1-1-abc@example.com": None, "20241003-fastrpc-v1-1-abc@example.com": mail(3)}
    assert archive.fetch(["20241001-fastrpc-v1-1-abc@example.com"])["20241001-fastrpc-v1-1-abc@example.com"]
    archive.close()


def test_a_read_only_mirror_is_read_and_never_written(tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path / "inbox", [mail(1)])
    before = listing(inbox)
    modes = [(p, p.stat().st_mode) for p in [inbox, *inbox.rglob("*")]]
    for p, mode in modes:
        p.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        archive = LocalArchive(str(inbox), str(tmp_path / "store"))
        assert archive.update().added == 1
        assert archive.fetch(["20241001-fastrpc-v1-1-abc@example.com"])["20241001-fastrpc-v1-1-abc@example.com"]
        archive.close()
    finally:
        for p, mode in modes:
            p.chmod(mode)
    assert listing(inbox) == before
    assert not [p for p in inbox.rglob("*") if "cursor" in p.name]


def test_a_directory_that_is_no_v2_inbox_is_refused(tmp_path: Path) -> None:
    (tmp_path / "not-an-inbox").mkdir()
    with pytest.raises(UsageError, match="not a public-inbox v2 inbox"):
        LocalArchive(str(tmp_path / "not-an-inbox"), str(tmp_path / "store"))


def test_an_index_that_cannot_be_written_lives_in_memory(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    inbox = write_inbox(tmp_path / "inbox", [mail(1)])
    store = tmp_path / "store"
    store.mkdir()
    store.chmod(0o500)
    try:
        if os.access(store, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        archive = LocalArchive(str(inbox), str(store))
        assert archive.update().added == 1
        assert not archive.stored
        archive.close()
    finally:
        store.chmod(0o700)
    assert "indexing in memory for this run" in capfd.readouterr().err


@pytest.mark.parametrize(
    ("head", "msgid"),
    [
        (b"Message-ID: <a@b>\n\nbody", "a@b"),
        (b"message-id:\n <folded@example.com>\nSubject: x\n\n", "folded@example.com"),
        (b"Subject: x\nX-Message-ID: <no@x>\n\nMessage-ID: <in-body@x>\n", None),
    ],
)
def test_header_msgid(head: bytes, msgid: str | None) -> None:
    assert header_msgid(head) == msgid


def rows(archive: LocalArchive) -> tuple[list[tuple[object, ...]], ...]:
    """Every row of the index, in key order."""
    db = archive._open()
    return tuple(
        db.execute(query).fetchall()
        for query in (
            "SELECT msgid, epoch, pos, commit_id FROM messages ORDER BY msgid",
            "SELECT patchid, msgid, epoch, pos FROM patchids ORDER BY patchid, epoch, pos",
            "SELECT epoch, tip, seen FROM epochs ORDER BY epoch",
        )
    )


def test_segments_read_side_by_side_index_what_one_reader_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mails = [mail(n) for n in range(1, 9)]
    inbox = write_inbox(tmp_path / "inbox", mails)
    alone = LocalArchive(str(inbox), str(tmp_path / "alone"))
    assert alone.update().added == 8
    from trailercheck.sources import archive as module

    monkeypatch.setattr(module, "SEGMENT_MIN", 2)  # two readers of four mails each, forked
    monkeypatch.setattr(module, "_cpus", lambda: 2)
    monkeypatch.setattr(module, "BATCH", 3)  # each answering in parts of three mails and one
    split = LocalArchive(str(inbox), str(tmp_path / "split"))
    assert split.update().added == 8
    ids = [f"2024100{n}-fastrpc-v1-1-abc@example.com" for n in range(1, 9)]
    assert split.fetch(ids) == alone.fetch(ids)
    pids = [patch_ids_of([("0" * 40, diff)], None)["0" * 40] for diff in map(diff_text, mails) if diff is not None]
    assert split.by_patch_id(pids) == alone.by_patch_id(pids) == dict(zip(pids, ids, strict=True))
    assert rows(split) == rows(alone)
    assert [[pos for _, _, pos, _ in rows(split)[0]]] == [list(range(8))]
    alone.close()
    split.close()


def two_epochs(inbox: Path, first: int, second: int) -> list[bytes]:
    """``first`` mails in epoch 0 of ``inbox`` and ``second`` in epoch 1, as public-inbox rolls over to a new epoch."""
    mails = [mail(n) for n in range(1, first + second + 1)]
    write_inbox(inbox, mails[:first])
    git(inbox / "git", "init", "-q", "--bare", "1.git")
    for raw in mails[first:]:
        write_raw(inbox, raw, epoch=1)
    return mails


def test_a_reader_s_share_may_span_two_epochs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "inbox"
    two_epochs(inbox, 5, 3)
    alone = LocalArchive(str(inbox), str(tmp_path / "alone"))
    assert alone.update().added == 8
    from trailercheck.sources import archive as module

    monkeypatch.setattr(module, "SEGMENT_MIN", 2)
    monkeypatch.setattr(module, "_cpus", lambda: 2)
    monkeypatch.setattr(module, "BATCH", 2)
    split = LocalArchive(str(inbox), str(tmp_path / "split"))
    import ezpi

    epochs = dict(ezpi.get_all_epochs(split.path))
    heads = {e: module._head(path) for e, path in epochs.items()}
    shares = split._plan(epochs, heads, {}, module.ArchiveUpdate())
    # Four commits each: the first four of epoch 0; the last one of epoch 0 and the three of epoch 1.
    assert [[(seg.epoch, seg.first, seg.end) for seg in share] for share in shares] == [
        [(0, 0, 4)],
        [(0, 4, 5), (1, 0, 3)],
    ]
    assert shares[1][0].start == shares[0][0].stop and shares[1][1].start is None
    done = split.update()
    assert (done.added, done.epochs) == (8, 2)
    assert rows(split) == rows(alone)
    assert split.update().added == 0
    alone.close()
    split.close()


def test_readers_side_by_side_index_only_what_was_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "inbox"
    two_epochs(inbox, 6, 6)
    whole = LocalArchive(str(inbox), str(tmp_path / "whole"))
    assert whole.update().added == 12
    epochs = [inbox / "git" / f"{epoch}.git" for epoch in (0, 1)]
    heads = [git(epoch, "rev-parse", "refs/heads/master").strip() for epoch in epochs]
    for epoch, back in zip(epochs, (3, 5), strict=True):  # the mirror as it was with 3 + 1 mails
        git(epoch, "update-ref", "refs/heads/master", f"refs/heads/master~{back}")
    store = str(tmp_path / "store")
    before = LocalArchive(str(inbox), store)
    assert before.update().added == 4
    before.close()
    for epoch, head in zip(epochs, heads, strict=True):  # and once it fetched the 3 + 5 others
        git(epoch, "update-ref", "refs/heads/master", head)
    from trailercheck.sources import archive as module

    monkeypatch.setattr(module, "SEGMENT_MIN", 2)
    monkeypatch.setattr(module, "_cpus", lambda: 2)
    monkeypatch.setattr(module, "BATCH", 2)
    after = LocalArchive(str(inbox), store)
    done = after.update()
    assert (done.added, done.reindexed) == (8, [])
    assert rows(after) == rows(whole)
    assert rows(after)[2] == [(0, heads[0], 6), (1, heads[1], 6)]
    whole.close()
    after.close()


def test_a_body_that_is_all_diff_keeps_every_file() -> None:
    two_files = (
        b"diff --git a/drivers/misc/fastrpc.c b/drivers/misc/fastrpc.c\n--- a/drivers/misc/fastrpc.c\n"
        b"+++ b/drivers/misc/fastrpc.c\n@@ -1 +1 @@\n-int a;\n+int a = 1;\n"
        b"diff --git a/include/misc/fastrpc.h b/include/misc/fastrpc.h\n--- a/include/misc/fastrpc.h\n"
        b"+++ b/include/misc/fastrpc.h\n@@ -1 +1 @@\n-int b;\n+int b = 2;\n"
    )
    head = b"From: Ada Lovelace <ada@example.com>\nSubject: [PATCH] misc: fastrpc: x\nMessage-ID: <d@example.com>\n\n"
    assert diff_text(head + two_files) == two_files
    assert diff_text(head + b"The change.\n---\n" + two_files) == two_files
    assert diff_text(head + b"No patch here.\n") is None


def test_a_store_of_an_older_version_is_built_again(tmp_path: Path) -> None:
    # What an older version indexed may be wrong (a patch id of only some files of a diff): it is read again.
    inbox = write_inbox(tmp_path / "inbox", [mail(1), mail(2)])
    store = str(tmp_path / "store")
    first = LocalArchive(str(inbox), store)
    assert first.update().added == 2
    first.close()
    with sqlite3.connect(first.db_path) as db:
        db.execute(f"PRAGMA user_version = {archive.SCHEMA - 1}")
    db.close()
    again = LocalArchive(str(inbox), store)
    assert again.update().added == 2
    assert again.update().added == 0
    again.close()
