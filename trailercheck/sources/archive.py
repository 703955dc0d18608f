"""A local public-inbox mirror (``--archive PATH``): postings read from disk, with no network.

The mirror is a public-inbox v2 inbox (``git/0.git``, ``git/1.git``, ...:
one git repository per epoch, each commit adding one mail as the blob
``m``), kept in sync by its user (``git fetch``, grokmirror, ``lei``). It
is only read, and may be read-only: nothing is ever written into it.

To find a posting by its message-id, or by the patch id of its diff, the
mails are indexed once, with :func:`ezpi.iter_messages`, into an SQLite file
next to the cross-reference index (``<git-dir>/trailercheck/``, or the
user's cache directory for ``patch`` outside a repository), one file per
mirror. The index keeps, per epoch, the last commit it has read: a later
run reads only the commits added since. An epoch whose history was
rewritten (the commit is no longer on its branch) is indexed again, the
others are kept.

Each mail is indexed by its ``Message-ID`` (the first mail with an id wins,
as public-inbox serves it) and, when it carries a diff, by the patch id of
that diff (``git patch-id --stable``, computed for a whole batch by one git
process). A mail is read back by the commit that added it (``<commit>:m``).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time

from ..errors import UsageError
from .gitcmd import CatFile, GitError, run

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final

    from .posting import Unreachable

SCHEMA: Final = 1
#: Mails indexed per transaction (and per ``git patch-id`` process).
BATCH: Final = 4000


class ArchiveUpdate:
    """What :meth:`LocalArchive.update` did: mails added, epochs indexed again, seconds."""

    __slots__ = ("added", "epochs", "reindexed", "seconds")

    def __init__(self) -> None:
        self.added = 0
        self.epochs = 0
        self.reindexed: list[int] = []
        self.seconds = 0.0

    def __repr__(self) -> str:
        return f"ArchiveUpdate(added={self.added}, epochs={self.epochs}, reindexed={self.reindexed})"


def is_v2_inbox(path: str) -> bool:
    """Whether ``path`` holds a public-inbox v2 inbox (at least one ``git/N.git`` epoch)."""
    gitdir = os.path.join(path, "git")
    try:
        names = os.listdir(gitdir)
    except OSError:
        return False
    return any(n.endswith(".git") and n[:-4].isdigit() for n in names)


def header_msgid(raw: bytes) -> str | None:
    """The ``Message-ID`` of a mail (without its angle brackets), read from its header fields only."""
    end = raw.find(b"\n\n")
    head = raw if end < 0 else raw[: end + 1]
    low = head.lower()
    at = low.find(b"message-id:")
    while at > 0 and head[at - 1 : at] != b"\n":
        at = low.find(b"message-id:", at + 1)
    if at < 0:
        return None
    stop = head.find(b"\n", at)
    value = head[at + 11 : stop if stop >= 0 else len(head)]
    while stop >= 0 and head[stop + 1 : stop + 2] in (b" ", b"\t"):  # folded onto the next line
        nxt = head.find(b"\n", stop + 1)
        value += head[stop + 1 : nxt if nxt >= 0 else len(head)]
        stop = nxt
    text = value.decode("utf-8", "replace").strip()
    if "<" in text:
        text = text[text.index("<") + 1 :]
        text = text[: text.index(">")] if ">" in text else text
    text = text.strip()
    return text or None


def diff_text(raw: bytes) -> bytes | None:
    """The diff part of a mail as ``git patch-id`` reads it, or None when it carries none.

    A body sent quoted-printable or base64 is decoded first; a multipart mail is not read.
    """
    end = raw.find(b"\n\n")
    head = raw[: end + 1].lower() if end >= 0 else raw.lower()
    if b"content-transfer-encoding: quoted-printable" in head or b"content-transfer-encoding: base64" in head:
        from .patch import mail_parts

        body = mail_parts(raw)[1].encode("utf-8", "surrogateescape")
    elif b"multipart/" in head:
        return None
    else:
        body = raw[end + 2 :] if end >= 0 else b""
    at = body.find(b"\ndiff --git ")
    if at < 0:
        return body if body.startswith(b"diff --git ") else None
    return body[at + 1 :]


def patch_ids_of(diffs: list[tuple[str, bytes]], cwd: str | None) -> dict[str, str]:
    """``{key: patch id}`` of many diffs, one ``git patch-id --stable`` process for all of them.

    Each key must be 40 hex digits (it stands where ``git log`` puts a commit id).
    """
    if not diffs:
        return {}
    feed = b"".join(b"commit " + key.encode("ascii") + b"\n" + diff + (b"" if diff.endswith(b"\n") else b"\n")
                    for key, diff in diffs)  # fmt: skip
    out = run(["patch-id", "--stable"], cwd, feed)
    found: dict[str, str] = {}
    for line in out.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 2:
            found[parts[1]] = parts[0]
    return found


def default_store(git_dir: str | None) -> str:
    """Where index files are kept: ``<git-dir>/trailercheck``, else the user's cache directory."""
    if git_dir is not None:
        return os.path.join(git_dir, "trailercheck")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "trailercheck")


class LocalArchive:
    """The postings of a local public-inbox v2 mirror, found through an index kept in ``store``."""

    name = "the local archive"

    def __init__(self, path: str, store: str) -> None:
        if not is_v2_inbox(path):
            raise UsageError(f"--archive: not a public-inbox v2 inbox (no git/N.git epochs): {path}")
        self.path = os.path.realpath(path)
        self.name = f"the archive {path}"
        key = hashlib.sha1(self.path.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self.db_path = os.path.join(store, f"archive-{key}.sqlite")
        self._db: sqlite3.Connection | None = None
        self._readers: dict[int, CatFile] = {}
        self.stored = True
        #: What the last update did.
        self.last: ArchiveUpdate | None = None

    # -- the index ---------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        try:
            os.makedirs(os.path.dirname(self.db_path), exist_ok=True)
            db = sqlite3.connect(self.db_path, timeout=300.0, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            _set_up(db)
        except (OSError, sqlite3.Error) as exc:
            import sys

            sys.stderr.write(f"trailercheck: warning: cannot keep the archive index in {self.db_path} ({exc}): "
                             "indexing in memory for this run\n")  # fmt: skip
            self.stored = False
            db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            _set_up(db)
        self._db = db
        return db

    def update(self) -> ArchiveUpdate:
        """Index the mails added to the mirror since the last update (all of them the first time)."""
        import ezpi

        start = time.monotonic()
        db = self._open()
        done = ArchiveUpdate()
        epochs = dict(ezpi.get_all_epochs(self.path))
        done.epochs = len(epochs)
        since = {int(e): str(c) for e, c in db.execute("SELECT epoch, tip FROM epochs")}
        for gone in [e for e in since if e not in epochs]:
            self._forget(db, gone)
            del since[gone]
        while True:
            pending: list[tuple[int, str, bytes]] = []
            try:
                for epoch, commit, raw in ezpi.iter_messages(self.path, since):
                    if pending and (len(pending) >= BATCH or pending[-1][0] != epoch):
                        done.added += self._store(db, pending, since)
                        pending = []
                    pending.append((epoch, commit, raw))
            except ezpi.StaleCommitError as exc:
                # The epoch was rewritten: what was read of the epochs before it is kept,
                # the rewritten one is read again from its start.
                done.added += self._store(db, pending, since)
                self._forget(db, exc.epoch)
                since.pop(exc.epoch, None)
                done.reindexed.append(exc.epoch)
                continue
            except ezpi.CursorError as exc:
                raise UsageError(f"--archive: cannot read {self.path}: {exc}") from None
            done.added += self._store(db, pending, since)
            break
        done.seconds = time.monotonic() - start
        self.last = done
        return done

    def _forget(self, db: sqlite3.Connection, epoch: int) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM messages WHERE epoch = ?", (epoch,))
        db.execute("DELETE FROM patchids WHERE epoch = ?", (epoch,))
        db.execute("DELETE FROM epochs WHERE epoch = ?", (epoch,))
        db.execute("COMMIT")

    def _store(self, db: sqlite3.Connection, batch: list[tuple[int, str, bytes]], since: dict[int, str]) -> int:
        """Index one batch of mails of one epoch, and move the epoch's position past them."""
        if not batch:
            return 0
        epoch = batch[0][0]
        rows = []
        diffs = []
        for _, commit, raw in batch:
            msgid = header_msgid(raw)
            if msgid is not None:
                rows.append((msgid, epoch, commit))
                diff = diff_text(raw)
                if diff is not None:
                    diffs.append((commit, diff))
        ids = patch_ids_of(diffs, os.path.join(self.path, "git", f"{epoch}.git"))
        by_commit = {commit: msgid for msgid, _, commit in rows}
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT OR IGNORE INTO messages (msgid, epoch, commit_id) VALUES (?, ?, ?)", rows)
            db.executemany(
                "INSERT INTO patchids (patchid, msgid, epoch) VALUES (?, ?, ?)",
                [(pid, by_commit[commit], epoch) for commit, pid in ids.items() if commit in by_commit],
            )
            db.execute("INSERT OR REPLACE INTO epochs (epoch, tip) VALUES (?, ?)", (epoch, batch[-1][1]))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        since[epoch] = batch[-1][1]
        return len(batch)

    # -- questions -----------------------------------------------------------------

    def fetch(self, msgids: Iterable[str]) -> dict[str, bytes | Unreachable | None]:
        """The mails of ``msgids`` (None for one the mirror does not have; never unreachable)."""
        db = self._open()
        found: dict[str, bytes | Unreachable | None] = {}
        where: dict[int, list[tuple[str, str]]] = {}
        for msgid in dict.fromkeys(msgids):
            row = db.execute("SELECT epoch, commit_id FROM messages WHERE msgid = ?", (msgid,)).fetchone()
            found[msgid] = None
            if row is not None:
                where.setdefault(int(row[0]), []).append((msgid, str(row[1])))
        for epoch, wanted in where.items():
            reader = self._readers.get(epoch)
            if reader is None:
                reader = self._readers[epoch] = CatFile(os.path.join(self.path, "git", f"{epoch}.git"))
            try:
                blobs = reader.objects([f"{commit}:m" for _, commit in wanted])
            except GitError as exc:
                raise UsageError(f"--archive: cannot read {self.path}: {exc}") from None
            for (msgid, _), blob in zip(wanted, blobs, strict=True):
                found[msgid] = blob[2] if blob is not None else None
        return found

    def by_patch_id(self, patch_ids: Iterable[str]) -> dict[str, str | None]:
        """``{patch id: message-id}`` of the first mail posting each diff (None where none does)."""
        db = self._open()
        found: dict[str, str | None] = {}
        for pid in dict.fromkeys(patch_ids):
            row = db.execute(
                "SELECT msgid FROM patchids WHERE patchid = ? ORDER BY epoch, rowid LIMIT 1", (pid,)
            ).fetchone()
            found[pid] = str(row[0]) if row is not None else None
        return found

    def count(self) -> int:
        return int(self._open().execute("SELECT count(*) FROM messages").fetchone()[0])

    def close(self) -> None:
        for reader in self._readers.values():
            reader.close()
        self._readers.clear()
        if self._db is not None:
            self._db.close()
            self._db = None


def _set_up(db: sqlite3.Connection) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA:
        return
    db.execute("BEGIN IMMEDIATE")
    for table in ("messages", "patchids", "epochs"):
        db.execute(f"DROP TABLE IF EXISTS {table}")
    db.execute("CREATE TABLE epochs (epoch INTEGER PRIMARY KEY, tip TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE messages (msgid TEXT PRIMARY KEY, epoch INTEGER NOT NULL, commit_id TEXT NOT NULL) WITHOUT ROWID"
    )
    db.execute("CREATE TABLE patchids (patchid TEXT NOT NULL, msgid TEXT NOT NULL, epoch INTEGER NOT NULL)")
    db.execute("CREATE INDEX patchids_by_id ON patchids (patchid)")
    db.execute(f"PRAGMA user_version = {SCHEMA}")
    db.execute("COMMIT")
