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
import threading
import time

from ..errors import UsageError
from .gitcmd import CatFile, GitError, read, run, succeeds

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final

    from .posting import Unreachable

SCHEMA: Final = 3
#: Mails indexed per transaction (and per ``git patch-id`` process).
BATCH: Final = 4000
#: A long run of new commits is read in up to this many segments side by side, none shorter than SEGMENT_MIN.
SEGMENTS: Final = 4
SEGMENT_MIN: Final = 5000


class Segment:
    """A run of new commits of one epoch: after ``start`` (None: from the first), up to ``stop``."""

    __slots__ = ("end", "epoch", "first", "head", "start", "stop")

    def __init__(self, epoch: int, start: str | None, stop: str, first: int, end: int, head: str) -> None:
        self.epoch = epoch
        self.start = start
        self.stop = stop
        #: The positions in the epoch of the segment's first commit and of the one after its last.
        self.first = first
        self.end = end
        #: The epoch's head when the update started.
        self.head = head


def _head(path: str) -> str | None:
    out = read(["rev-parse", "--verify", "-q", "refs/heads/master"], path)
    return out.decode("ascii").strip() if out else None


#: What a segment's reader found: mails read, ``(message-id, position, commit)``, ``(patch id, message-id, position)``.
Found = tuple[int, list[tuple[str, int, str]], list[tuple[str, str, int]]]


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _nothing() -> None:
    """A reader needs no set-up of its own."""


def _read_segment(path: str, seg: Segment, heads: dict[int, str | None]) -> Found:
    """Read one segment with ezpi (the commits after ``seg.start``, up to ``seg.stop``): the message-id of each
    mail and the patch id of each diff."""
    import ezpi

    since = {e: h for e, h in heads.items() if h is not None and e != seg.epoch}
    if seg.start is not None:
        since[seg.epoch] = seg.start
    rows: list[tuple[str, int, str]] = []
    ids: list[tuple[str, str, int]] = []
    diffs: list[tuple[str, bytes]] = []
    by_commit: dict[str, tuple[str, int]] = {}
    count = 0
    cwd = os.path.join(path, "git", f"{seg.epoch}.git")

    def flush() -> None:
        for commit, pid in patch_ids_of(diffs, cwd).items():
            if commit in by_commit:
                msgid, pos = by_commit[commit]
                ids.append((pid, msgid, pos))
        diffs.clear()
        by_commit.clear()

    for epoch, commit, raw in ezpi.iter_messages(path, since):
        if epoch != seg.epoch:  # another epoch grew while this one was read: the next update reads it
            continue
        pos = seg.first + count
        count += 1
        msgid = header_msgid(raw)
        if msgid is not None:
            rows.append((msgid, pos, commit))
            diff = diff_text(raw)
            if diff is not None:
                diffs.append((commit, diff))
                by_commit[commit] = (msgid, pos)
                if len(diffs) >= BATCH:
                    flush()
        if commit == seg.stop:
            break
    flush()
    return count, rows, ids


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
        #: One writer at a time on the connection (segments are read by several threads).
        self._lock = threading.Lock()
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
            db.execute("PRAGMA synchronous=NORMAL")  # an index rebuilt from the mirror: no fsync per update
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
        while True:
            epochs = dict(ezpi.get_all_epochs(self.path))
            done.epochs = len(epochs)
            stored = {int(e): (str(t), int(n)) for e, t, n in db.execute("SELECT epoch, tip, seen FROM epochs")}
            for gone in [e for e in stored if e not in epochs]:
                self._forget(db, gone)
                del stored[gone]
            heads = {e: _head(path) for e, path in epochs.items()}
            try:
                segments = self._plan(epochs, heads, stored, done)
                done.added += self._read(segments, heads)
            except ezpi.StaleCommitError as exc:  # rewritten while we read: read that epoch again
                self._forget(db, exc.epoch)
                done.reindexed.append(exc.epoch)
                continue
            except ezpi.CursorError as exc:
                raise UsageError(f"--archive: cannot read {self.path}: {exc}") from None
            break
        done.seconds = time.monotonic() - start
        self.last = done
        return done

    def _plan(
        self,
        epochs: dict[int, str],
        heads: dict[int, str | None],
        stored: dict[int, tuple[str, int]],
        done: ArchiveUpdate,
    ) -> list[Segment]:
        """The runs of new commits to read, a few per epoch for a long history (read side by side)."""
        segments: list[Segment] = []
        for epoch, path in sorted(epochs.items()):
            head = heads[epoch]
            tip, seen = stored.get(epoch, (None, 0))
            if head is None or tip == head:
                continue
            if tip is not None and not succeeds(["merge-base", "--is-ancestor", tip, head], path):
                self._forget(self._open(), epoch)  # the epoch was rewritten: read it again from its start
                done.reindexed.append(epoch)
                tip, seen = None, 0
            revs = [f"{tip}..{head}"] if tip else [head]
            commits = run(["rev-list", "--reverse", *revs], path).decode("ascii").split()
            if not commits:
                continue
            parts = max(1, min(SEGMENTS, len(commits) // SEGMENT_MIN))
            size = -(-len(commits) // parts)
            begin = tip
            for at in range(0, len(commits), size):
                stop = commits[min(at + size, len(commits)) - 1]
                segments.append(Segment(epoch, begin, stop, seen + at, seen + min(at + size, len(commits)), head))
                begin = stop
        return segments

    def _read(self, segments: list[Segment], heads: dict[int, str | None]) -> int:
        """Read and index ``segments``, then move each epoch's position.

        Several segments are read side by side by forked processes (each one ezpi reading, through its
        own ``git cat-file``, and one ``git patch-id``); this process writes what they found.
        """
        if not segments:
            return 0
        workers = min(len(segments), _cpus())
        if workers < 2:
            results = (_read_segment(self.path, seg, heads) for seg in segments)
            added = sum(self._store(seg.epoch, found) for seg, found in zip(segments, results, strict=True))
        else:
            from ..workers import Workers

            path = self.path

            def read(request: object) -> object:
                assert isinstance(request, Segment)
                return _read_segment(path, request, heads)

            pool = Workers(workers, _nothing, read)
            finished = False
            try:
                for seg in segments:
                    pool.send(seg)
                added = 0
                for seg in segments:
                    found: Found = pool.receive()  # type: ignore[assignment]
                    added += self._store(seg.epoch, found)
                finished = True
            finally:
                if finished:
                    pool.close()
                else:  # cut short: no reader outlives the run
                    pool.kill()
        db = self._open()
        last: dict[int, Segment] = {}
        for seg in segments:
            last[seg.epoch] = seg
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            for seg in last.values():
                db.execute(
                    "INSERT OR REPLACE INTO epochs (epoch, tip, seen) VALUES (?, ?, ?)", (seg.epoch, seg.head, seg.end)
                )
            db.execute("COMMIT")
        return added

    def _forget(self, db: sqlite3.Connection, epoch: int) -> None:
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM messages WHERE epoch = ?", (epoch,))
            db.execute("DELETE FROM patchids WHERE epoch = ?", (epoch,))
            db.execute("DELETE FROM epochs WHERE epoch = ?", (epoch,))
            db.execute("COMMIT")

    def _store(self, epoch: int, found: Found) -> int:
        """Write what was read of a segment of ``epoch``; the number of mails it read."""
        count, rows, ids = found
        db = self._open()
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                # The first mail with a message-id is the one public-inbox serves under it.
                db.executemany(
                    "INSERT INTO messages (msgid, epoch, pos, commit_id) VALUES (?, ?, ?, ?) ON CONFLICT (msgid) DO "
                    "UPDATE SET epoch = excluded.epoch, pos = excluded.pos, commit_id = excluded.commit_id "
                    "WHERE (excluded.epoch, excluded.pos) < (messages.epoch, messages.pos)",
                    [(msgid, epoch, pos, commit) for msgid, pos, commit in rows],
                )
                db.executemany(
                    "INSERT OR IGNORE INTO patchids (patchid, msgid, epoch, pos) VALUES (?, ?, ?, ?)",
                    [(bytes.fromhex(pid), msgid, epoch, pos) for pid, msgid, pos in ids],
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return count

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
            try:
                key = bytes.fromhex(pid)
            except ValueError:
                found[pid] = None
                continue
            row = db.execute(
                "SELECT msgid FROM patchids WHERE patchid = ? ORDER BY epoch, pos LIMIT 1", (key,)
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
    db.execute("CREATE TABLE epochs (epoch INTEGER PRIMARY KEY, tip TEXT NOT NULL, seen INTEGER NOT NULL)")
    db.execute(
        "CREATE TABLE messages (msgid TEXT PRIMARY KEY, epoch INTEGER NOT NULL, pos INTEGER NOT NULL, "
        "commit_id TEXT NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE patchids (patchid BLOB NOT NULL, msgid TEXT NOT NULL, epoch INTEGER NOT NULL, "
        "pos INTEGER NOT NULL, PRIMARY KEY (patchid, epoch, pos)) WITHOUT ROWID"
    )
    db.execute(f"PRAGMA user_version = {SCHEMA}")
    db.execute("COMMIT")
