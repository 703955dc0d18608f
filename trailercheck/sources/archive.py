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

A long run of new commits is shared out in equal runs between forked
readers, one per CPU; each answers a part of its run at a time, which this
process writes while the readers read on.
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
    from collections.abc import Iterable, Iterator
    from typing import Final

    from .posting import Unreachable

#: The index's layout and what it holds; a store of another version is built again (4: the patch id of a mail
#: whose body is all diff counts every file of it).
SCHEMA: Final = 4
#: Mails a reader reads per answer (and per ``git patch-id`` process).
BATCH: Final = 4000
#: A long run of new commits is shared out between the readers (one per CPU), none given fewer than this.
SEGMENT_MIN: Final = 5000
#: Mails written per transaction, at least (a transaction's pages are written again by the next one).
COMMIT_MAILS: Final = 25000
#: The index's page cache (KiB): message-ids and patch ids land all over their tables, not at their ends.
CACHE_KIB: Final = 65536


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


class _Reading:
    """A segment being read: ezpi's walk, kept open between the parts a reader is asked for."""

    __slots__ = ("count", "mails")

    def __init__(self, mails: Iterator[tuple[int, str, bytes]] | None) -> None:
        #: None once the segment was read to its end.
        self.mails = mails
        #: Mails read so far.
        self.count = 0


#: The segments this process is reading, by ``(epoch, first position)``.
_reading: dict[tuple[int, int], _Reading] = {}


def _read_part(path: str, seg: Segment, heads: dict[int, str | None], last: bool) -> Found:
    """Read the next part of a segment with ezpi (the commits after ``seg.start``, up to ``seg.stop``): up to
    BATCH mails, all that are left when ``last``; the message-id of each mail and the patch id of each diff.

    A reader reads a segment in parts so that its index rows are written while it reads on; ezpi's walk is
    kept from one part to the next (one ``git rev-list`` and one ``git cat-file`` per segment)."""
    key = (seg.epoch, seg.first)
    state = _reading.pop(key, None)
    if state is None:
        import ezpi

        since = {e: h for e, h in heads.items() if h is not None and e != seg.epoch}
        if seg.start is not None:
            since[seg.epoch] = seg.start
        state = _Reading(ezpi.iter_messages(path, since))
    rows: list[tuple[str, int, str]] = []
    diffs: list[tuple[str, bytes]] = []
    by_commit: dict[str, tuple[str, int]] = {}
    before = count = state.count
    ended = state.mails is None
    try:
        if state.mails is not None:
            for epoch, commit, raw in state.mails:
                if epoch != seg.epoch:  # another epoch grew while this one was read: the next update reads it
                    continue
                pos = seg.first + count
                count += 1
                msgid, diff = mail_keys(raw)
                if msgid is not None:
                    rows.append((msgid, pos, commit))
                    if diff is not None:
                        diffs.append((commit, diff))
                        by_commit[commit] = (msgid, pos)
                if commit == seg.stop:
                    ended = True
                    break
                if not last and count - before >= BATCH:
                    break
            else:
                ended = True
    except BaseException:
        _end(state)
        raise
    if ended or last:  # its git processes end now
        _end(state)
    state.count = count
    if not last:
        _reading[key] = state
    ids: list[tuple[str, str, int]] = []
    for commit, pid in patch_ids_of(diffs, os.path.join(path, "git", f"{seg.epoch}.git")).items():
        if commit in by_commit:
            msgid, pos = by_commit[commit]
            ids.append((pid, msgid, pos))
    return count - before, rows, ids


def _parts(seg: Segment) -> int:
    """How many parts a reader is asked for to read ``seg`` (its mails are no more than its commits)."""
    return max(1, -(-(seg.end - seg.first) // BATCH))


def _end(state: _Reading) -> None:
    close = getattr(state.mails, "close", None)
    if close is not None:
        close()
    state.mails = None


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
    return _msgid(head, head.lower())


def mail_keys(raw: bytes) -> tuple[str | None, bytes | None]:
    """What a mail is indexed by: its ``Message-ID`` (:func:`header_msgid`) and, when it has one, the diff it
    carries (:func:`diff_text`), reading its header fields once."""
    end = raw.find(b"\n\n")
    head = raw if end < 0 else raw[: end + 1]
    low = head.lower()
    msgid = _msgid(head, low)
    return msgid, (_diff(raw, end, low) if msgid is not None else None)


def _msgid(head: bytes, low: bytes) -> str | None:
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
    return _diff(raw, end, raw[: end + 1].lower() if end >= 0 else raw.lower())


def _diff(raw: bytes, end: int, low: bytes) -> bytes | None:
    """:func:`diff_text` of ``raw``, whose header ends at ``end`` (its ``\\n\\n``), ``low`` being that header in
    lower case."""
    if b"content-transfer-encoding: quoted-printable" in low or b"content-transfer-encoding: base64" in low:
        from .patch import mail_parts

        body = mail_parts(raw)[1].encode("utf-8", "surrogateescape")
    elif b"multipart/" in low:
        return None
    elif end < 0:
        return None
    else:  # the body is read in place: a mail is not copied to be searched
        start = end + 2
        if raw.startswith(b"diff --git ", start):  # a body that is all diff: every file of it counts
            return raw[start:]
        at = raw.find(b"\ndiff --git ", start)
        return None if at < 0 else raw[at + 1 :]
    if body.startswith(b"diff --git "):
        return body
    at = body.find(b"\ndiff --git ")
    return None if at < 0 else body[at + 1 :]


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
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
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
    ) -> list[list[Segment]]:
        """The runs of new commits to read, shared out in equal shares between readers (one per CPU for a long
        history): each reader's share is one segment, or two where it spans the end of an epoch."""
        grown: list[tuple[int, str | None, int, str]] = []
        for epoch, path in sorted(epochs.items()):
            head = heads[epoch]
            tip, seen = stored.get(epoch, (None, 0))
            if head is None or tip == head:
                continue
            if tip is not None and not succeeds(["merge-base", "--is-ancestor", tip, head], path):
                self._forget(self._open(), epoch)  # the epoch was rewritten: read it again from its start
                done.reindexed.append(epoch)
                tip, seen = None, 0
            grown.append((epoch, tip, seen, head))

        def new_commits(run_of: tuple[int, str | None, int, str]) -> list[str]:
            epoch, tip, _, head = run_of
            revs = [f"{tip}..{head}"] if tip else [head]
            return run(["rev-list", "--reverse", *revs], epochs[epoch]).decode("ascii").split()

        if len(grown) > 1:  # the epochs' histories are walked side by side
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(min(len(grown), _cpus())) as pool:
                listed = list(pool.map(new_commits, grown))
        else:
            listed = [new_commits(run_of) for run_of in grown]
        runs = [
            (epoch, tip, commits, seen, head)
            for (epoch, tip, seen, head), commits in zip(grown, listed, strict=True)
            if commits
        ]
        total = sum(len(commits) for _, _, commits, _, _ in runs)
        readers = max(1, min(_cpus(), total // SEGMENT_MIN))
        share = -(-total // readers)
        shares: list[list[Segment]] = [[] for _ in range(readers)]
        offset = 0  # how many new commits the epochs before this one have
        for epoch, tip, commits, seen, head in runs:
            at, begin = 0, tip
            while at < len(commits):
                reader = (offset + at) // share
                cut = min(len(commits), (reader + 1) * share - offset)
                shares[reader].append(Segment(epoch, begin, commits[cut - 1], seen + at, seen + cut, head))
                at, begin = cut, commits[cut - 1]
            offset += len(commits)
        return [segments for segments in shares if segments]

    def _read(self, shares: list[list[Segment]], heads: dict[int, str | None]) -> int:
        """Read and index the segments of ``shares``, then move each epoch's position.

        The shares are read side by side by forked processes (each one ezpi reading, through its own
        ``git cat-file``, and a ``git patch-id`` per part), one share each. A reader answers a part of
        its segment at a time (BATCH mails): this process writes each part while the readers read on.
        """
        segments = [seg for segments in shares for seg in segments]
        if not segments:
            return 0
        db = self._open()
        with self._lock:
            try:
                added = self._read_shares(db, shares, heads)
                last: dict[int, Segment] = {}
                for seg in segments:  # in the order of the epochs and of their commits
                    last[seg.epoch] = seg
                if not db.in_transaction:
                    db.execute("BEGIN IMMEDIATE")
                for seg in last.values():
                    db.execute(
                        "INSERT OR REPLACE INTO epochs (epoch, tip, seen) VALUES (?, ?, ?)",
                        (seg.epoch, seg.head, seg.end),
                    )
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        return added

    def _read_shares(self, db: sqlite3.Connection, shares: list[list[Segment]], heads: dict[int, str | None]) -> int:
        """Read the segments of ``shares`` and write what they hold (the last transaction left open)."""
        pending = 0

        def write(epoch: int, found: Found) -> int:
            nonlocal pending
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
            pending += self._write(db, epoch, found)
            if pending >= COMMIT_MAILS:
                db.execute("COMMIT")
                pending = 0
            return found[0]

        #: What each reader is asked for, in order: the parts of its segments (the last part reads all that is left).
        asks = [[(seg, part == parts - 1) for seg in segments for parts in [_parts(seg)] for part in range(parts)]
                for segments in shares]  # fmt: skip
        added = 0
        if len(shares) < 2:
            try:
                for seg, final in asks[0]:
                    added += write(seg.epoch, _read_part(self.path, seg, heads, final))
            finally:
                for state in _reading.values():
                    _end(state)
                _reading.clear()
        else:
            from ..workers import Workers

            path = self.path

            def read(request: object) -> object:
                assert isinstance(request, tuple)
                if not request:  # a reader with fewer parts than the others: its turn is skipped
                    return None
                segment, final = request
                return _read_part(path, segment, heads, final)

            # Requests go to the readers in turn: each reader's list is padded to the longest.
            rounds = max(len(parts) for parts in asks)
            # (None would tell a reader to stop: a turn skipped is an empty request.)
            requests: list[tuple[Segment, bool] | tuple[()]] = [
                parts[n] if n < len(parts) else () for n in range(rounds) for parts in asks
            ]
            pool = Workers(len(shares), _nothing, read)
            finished = False
            try:
                for request in requests:
                    pool.send(request)
                for request in requests:
                    found: Found = pool.receive()  # type: ignore[assignment]
                    if request:
                        added += write(request[0].epoch, found)
                finished = True
            finally:
                if finished:
                    pool.close()
                else:  # cut short: no reader outlives the run
                    pool.kill()
        return added

    def _forget(self, db: sqlite3.Connection, epoch: int) -> None:
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM messages WHERE epoch = ?", (epoch,))
            db.execute("DELETE FROM patchids WHERE epoch = ?", (epoch,))
            db.execute("DELETE FROM epochs WHERE epoch = ?", (epoch,))
            db.execute("COMMIT")

    @staticmethod
    def _write(db: sqlite3.Connection, epoch: int, found: Found) -> int:
        """Write what was read of a part of a segment of ``epoch`` (in the transaction open); the mails it read."""
        count, rows, ids = found
        # The first mail with a message-id is the one public-inbox serves under it.
        db.executemany(
            "INSERT INTO messages (msgid, epoch, pos, commit_id) VALUES (?, ?, ?, ?) ON CONFLICT (msgid) DO "
            "UPDATE SET epoch = excluded.epoch, pos = excluded.pos, commit_id = excluded.commit_id "
            "WHERE (excluded.epoch, excluded.pos) < (messages.epoch, messages.pos)",
            ((msgid, epoch, pos, commit) for msgid, pos, commit in rows),
        )
        db.executemany(
            "INSERT OR IGNORE INTO patchids (patchid, msgid, epoch, pos) VALUES (?, ?, ?, ?)",
            ((bytes.fromhex(pid), msgid, epoch, pos) for pid, msgid, pos in ids),
        )
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
