"""The cross-reference index: the subjects of the baseline and upstream refs, kept between runs.

The X rules ask "which commits of ``origin/qcom-next`` have this subject?"
for every commit they check. Reading the whole history of the ref for that
would cost as much as ``git log`` of it on every run; instead the answer is
kept in an SQLite file inside the repository's git directory
(``<git-dir>/trailercheck/index.sqlite``), one table per ref holding the id
and the normalised subject (:func:`~trailercheck.model.subjects.normalize_subject`)
of each of its commits, and the tip it was built for.

When the ref has moved, and also when it was rebuilt and force-pushed (as
qcom-next is on every -rc), the table is brought up to date from what
changed: ``git log --left-right old...new`` lists the commits only the new
tip reaches (added) and those only the old tip reached (removed). Only when
the old tip is gone from the repository does the table start from scratch.

Several processes may use the file at once (two CI jobs in one clone): the
database runs in WAL mode, and every change happens in one ``BEGIN
IMMEDIATE`` transaction that first re-reads the stored tip, so a second
process waits for the first and then finds the work done. A table built
from scratch is written without waiting for the disk: an interrupted run
leaves the file as it was, and only a crash of the whole system could cost
it (it is then found corrupt). A corrupt file is set aside and rebuilt; a
file that cannot be opened or written (a read-only git directory, a lock
held too long) is bypassed: the index then lives in memory for this run and
is built from ``git log``. Either way one warning line goes to standard
error and the run goes on.

In a shallow clone ``git log`` of a ref stops at the shallow boundary (the
commits listed in ``<git-dir>/shallow``, whose parents were not fetched).
The table of such a ref is then incomplete: it records the boundary
commits it ends at (its ``cut``), so that the X rules do not read a commit
missing from it as missing from the ref, and it is rebuilt once the history
is deepened (``git fetch --unshallow``), even when the tip has not moved.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from itertools import chain

from ..errors import UsageError
from ..model.subjects import normalize_log
from ..model.text import printable
from .gitcmd import GitError, read, run, stream, succeeds, whole_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Final

#: Version of the file's layout and of the subject normalisation; a file of another version is emptied.
SCHEMA = 2
DIRECTORY = "trailercheck"
FILE_NAME = "index.sqlite"
LOCK_NAME = "index.lock"
#: Refs kept in the file; the ones updated longest ago make room for new ones.
MAX_REFS = 16
#: Seconds a process waits for another one's update (a cold build of mainline takes a while).
BUSY_TIMEOUT = 300.0
#: Bytes read from ``git log`` at a time.
CHUNK = 1 << 18
#: Page size of a new file: a cold build writes each page twice (to the log, then to the file),
#: and larger pages take fewer system calls for it.
PAGE_SIZE = 16384
#: Pages kept in memory (KiB, as SQLite counts a negative size) while a table is built from scratch:
#: the pages of the rows and of their index are written once, at the commit, instead of spilled and
#: read back as the default two megabytes fill up.
BUILD_CACHE_KIB = 32768

UP_TO_DATE = "up to date"
INCREMENTAL = "incremental"
COLD = "cold"


def warn(message: str) -> None:
    sys.stderr.write(f"trailercheck: warning: {message}\n")


def git_lines(cwd: str | None, args: list[str]) -> Iterator[bytes]:
    """The output of ``git ARGS`` in chunks of whole lines, as it comes (:class:`GitError` when git fails)."""
    return whole_lines(stream(args, cwd, CHUNK))


def log_args(*revs: str, marks: bool = False) -> list[str]:
    """``git log`` printing ``<id> NUL <subject>`` per commit (``%m`` first: ``<``/``>`` sides)."""
    fmt = ("%m" if marks else "") + "%H%x00%s"
    return ["log", "--no-show-signature", "--no-color", f"--format={fmt}", "--end-of-options", *revs, "--"]


def subject_rows(chunks: Iterable[bytes]) -> Iterator[list[str]]:
    """``[id, normalised subject]`` for every line of ``git log --format=%H%x00%s`` (``%m%H``: with the side)."""
    return chain.from_iterable(map(_normalized, chunks))


def _normalized(chunk: bytes) -> list[list[str]]:
    return normalize_log(chunk.decode("utf-8", "replace"))


def resolve_refs(cwd: str | None, refs: list[str]) -> tuple[str, list[str]]:
    """``(common git directory, tips)`` of the repository at ``cwd``, in one git call.

    Each tip is the full id of the commit the ref names now.
    """
    for ref in refs:
        if not ref or ref.startswith("-"):
            raise UsageError(f"not a revision: {ref!r}")
    where = cwd or "."
    if not os.path.isdir(where):
        raise UsageError(f"not a directory: {where}")
    args = ["rev-parse", "--path-format=absolute", "--git-common-dir", *(f"{ref}^{{commit}}" for ref in refs)]
    out = read(args, where)
    if out is None:  # git failed: asked again through the runner that keeps its message, to say why
        try:
            out = run(args, where)
        except GitError as exc:
            if "not a git repository" in str(exc):
                raise UsageError(f"not a git repository: {where}") from None
            for ref in refs:
                if read(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], where) is None:
                    raise UsageError(f"unknown revision {ref!r} (not a commit of the repository)") from None
            raise
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) != len(refs) + 1:
        raise GitError("git rev-parse gave an unexpected answer")
    return lines[0], lines[1:]


def shallow_boundary(git_dir: str) -> frozenset[str]:
    """The commits at the shallow boundary of the repository (empty for a full clone).

    git keeps them, one id a line, in ``<common git directory>/shallow``: the
    file ``git rev-parse --is-shallow-repository`` asks about.
    """
    try:
        with open(os.path.join(git_dir, "shallow"), encoding="ascii", errors="replace") as f:
            return frozenset(line.strip() for line in f if line.strip())
    except OSError:
        return frozenset()


class Update:
    """What :meth:`Index.update` did for one ref."""

    __slots__ = ("added", "commits", "cut", "how", "ref", "removed", "seconds", "stored", "tip")

    def __init__(
        self, ref: str, tip: str, how: str, commits: int, added: int = 0, removed: int = 0, cut: Iterable[str] = ()
    ) -> None:
        self.ref = ref
        self.tip = tip
        self.how = how
        self.commits = commits
        self.added = added
        self.removed = removed
        #: The shallow-boundary commits the ref's history ends at (empty: the table holds all of it).
        self.cut = sorted(cut)
        self.seconds = 0.0
        #: Whether the index is kept in the file (False: bypassed, in memory for this run).
        self.stored = True

    def __repr__(self) -> str:
        return f"Update({self.ref!r}, {self.tip[:12]}, {self.how}, {self.commits})"


#: What a use of the file may raise: SQLite's errors, and the one Python raises instead when the text
#: of SQLite's error is not UTF-8 (a corrupt file whose schema names a table in other bytes).
DB_ERRORS: Final = (sqlite3.Error, UnicodeDecodeError)


def _error_text(exc: BaseException) -> str:
    """What went wrong, as one line (the bytes of an error text that is not UTF-8 shown as they can be)."""
    if isinstance(exc, UnicodeDecodeError):
        return printable(exc.object.decode("utf-8", "surrogateescape"))
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _is_corrupt(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    text = _error_text(exc)
    return "malformed" in text or "not a database" in text


class Index:
    """The subjects of refs, in the file of the repository whose common git directory is ``git_dir``.

    ``cwd`` is where git runs (the work tree, or the git directory of a bare
    repository). Nothing is opened before the first use.
    """

    def __init__(self, git_dir: str, cwd: str | None = None, report: Callable[[str], None] = warn) -> None:
        self.path = os.path.join(git_dir, DIRECTORY, FILE_NAME)
        self.git_dir = git_dir
        self.cwd = cwd
        self.report = report
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        #: False once the file is bypassed: the index lives in memory for this run.
        self.stored = True
        #: The tip each ref was brought to in this run (rebuilt in memory when the file fails later).
        self._tips: dict[str, str] = {}
        #: Connections of the process this one was forked from: never used, never closed here.
        self._inherited: list[sqlite3.Connection] = []
        self._tables: dict[str, str] = {}
        #: Tables given an index on ids in this run (see :meth:`contains`).
        self._sha_indexed: set[str] = set()
        self._boundary: frozenset[str] | None = None
        #: The shallow-boundary commits each ref's history ends at, as of its update in this run.
        self._cuts: dict[str, list[str]] = {}

    # -- the database --------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        if self._conn is not None and self._pid != os.getpid():
            # A forked worker must not use its parent's connection (file locks are per process).
            if self.stored:
                self._inherited.append(self._conn)
                self._conn = None
        if self._conn is None:
            self._conn = self._open()
            self._pid = os.getpid()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        if not self.stored:
            return _connect(":memory:")
        try:
            return self._open_file()
        except (*DB_ERRORS, OSError) as exc:
            if not _is_corrupt(exc):
                return self._bypass(exc)
            self.report(f"the index {self.path} is corrupt ({_error_text(exc)}); rebuilding it")
        try:
            return self._recreate()
        except (*DB_ERRORS, OSError) as exc:
            return self._bypass(exc)

    def _open_file(self, locked: bool = False) -> sqlite3.Connection:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        conn = _connect(self.path)
        try:
            if not _ready(conn):
                # Switching to WAL and creating the tables are not covered by the busy
                # timeout: processes that find a new file set it up one at a time.
                if locked:
                    _set_up(conn)
                else:
                    with self._lock():
                        _set_up(conn)
            conn.execute("SELECT count(*) FROM refs").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """The lock file next to the index, held while the file is set up or replaced."""
        import fcntl

        with open(os.path.join(os.path.dirname(self.path), LOCK_NAME), "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _recreate(self) -> sqlite3.Connection:
        """Set the corrupt file aside and start a fresh one, one process at a time."""
        with self._lock():
            try:
                return self._open_file(locked=True)  # another process may have rebuilt it meanwhile
            except DB_ERRORS as exc:
                if not _is_corrupt(exc):
                    raise
            for suffix in ("-wal", "-shm", ""):
                try:
                    os.unlink(self.path + suffix)
                except FileNotFoundError:
                    pass
            return self._open_file(locked=True)

    def _bypass(self, exc: BaseException) -> sqlite3.Connection:
        reason = _error_text(exc)
        self.report(f"cannot use the index {self.path} ({reason}); reading the refs with git log instead")
        self.stored = False
        return _connect(":memory:")

    def _fail_over(self, exc: sqlite3.Error | UnicodeDecodeError) -> None:
        """The file failed in the middle of the run: go on in memory with the refs used so far."""
        if not self.stored:
            raise exc
        if self._conn is not None and self._pid == os.getpid():
            try:
                self._conn.close()
            except DB_ERRORS:
                pass
        self._conn = None
        self._tables.clear()
        self._sha_indexed.clear()
        self._bypass(exc)
        tips, self._tips = self._tips, {}
        for ref, tip in tips.items():
            self.update(ref, tip)

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    # -- keeping a ref up to date ----------------------------------------------

    @property
    def boundary(self) -> frozenset[str]:
        """The repository's shallow boundary (read once per run)."""
        if self._boundary is None:
            self._boundary = shallow_boundary(self.git_dir)
        return self._boundary

    def cut(self, ref: str) -> list[str]:
        """The shallow-boundary commits the history of ``ref`` ends at; empty when the index has all of it."""
        return self._cuts.get(ref, [])

    def update(self, ref: str, tip: str, rebuild: bool = False) -> Update:
        """Bring the table of ``ref`` to ``tip`` (a full commit id); from scratch with ``rebuild``."""
        start = time.perf_counter()
        try:
            done = self._update(ref, tip, rebuild)
        except DB_ERRORS as exc:
            self._fail_over(exc)
            done = self._update(ref, tip, rebuild=False)
        self._tips[ref] = tip
        self._cuts[ref] = done.cut
        done.seconds = time.perf_counter() - start
        done.stored = self.stored
        return done

    def _current(self, row: tuple[int, str | None, int, str | None] | None, tip: str) -> bool:
        """Whether the stored table ``row`` is the one of ``tip``, built with the history there is now.

        A table that ended at shallow-boundary commits no longer in the
        boundary was built before the history was deepened: it lacks what
        lies beyond them.
        """
        return row is not None and row[1] == tip and set(_split(row[3])) <= self.boundary

    def _update(self, ref: str, tip: str, rebuild: bool) -> Update:
        db = self._db()
        select = "SELECT id, tip, commits, cut FROM refs WHERE name = ?"
        row = db.execute(select, (ref,)).fetchone()
        if self._current(row, tip) and not rebuild:
            self._tables[ref] = f"c{row[0]}"
            return Update(ref, tip, UP_TO_DATE, row[2], cut=_split(row[3]))
        cache = db.execute("PRAGMA cache_size").fetchone()[0]
        if rebuild or row is None or row[1] is None or not set(_split(row[3])) <= self.boundary:
            # A cold build, most likely: its table is written without waiting for the disk (see _settle).
            db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have done it while this one waited for the lock.
            row = db.execute(select, (ref,)).fetchone()
            if self._current(row, tip) and not rebuild:
                done = Update(ref, tip, UP_TO_DATE, row[2], cut=_split(row[3]))
            else:
                if row is None:
                    self._prune(db)
                    db.execute("INSERT INTO refs (name, tip, commits) VALUES (?, NULL, 0)", (ref,))
                    row = db.execute(select, (ref,)).fetchone()
                table = f"c{row[0]}"
                # A table cut at a boundary that has moved since is read again from scratch.
                old = None if rebuild or not set(_split(row[3])) <= self.boundary else row[1]
                done = (
                    self._incremental(db, table, ref, old, tip, row[2], _split(row[3])) if old else None
                ) or self._cold(db, table, ref, tip)
                db.execute(
                    "UPDATE refs SET tip = ?, commits = ?, updated = ?, cut = ? WHERE id = ?",
                    (tip, done.commits, time.time(), " ".join(done.cut) or None, row[0]),
                )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            with contextlib.suppress(*DB_ERRORS):
                _settle(db, cache)
            raise
        _settle(db, cache)
        self._tables[ref] = f"c{row[0]}"
        return done

    def _prune(self, db: sqlite3.Connection) -> None:
        """Make room for one more ref: the ones updated longest ago go (a CI that names its baseline
        by commit id would otherwise add a table on every run)."""
        stale = db.execute("SELECT id FROM refs ORDER BY updated DESC LIMIT -1 OFFSET ?", (MAX_REFS - 1,)).fetchall()
        for (ref_id,) in stale:
            db.execute(f"DROP TABLE IF EXISTS c{ref_id}")
            db.execute("DELETE FROM refs WHERE id = ?", (ref_id,))

    def _cold(self, db: sqlite3.Connection, table: str, ref: str, tip: str) -> Update:
        self._sha_indexed.discard(table)
        boundary = self.boundary
        cut: list[str] = []
        chunks = git_lines(self.cwd, log_args(tip))
        try:
            # git starts first, and fills the pipe while the old table goes.
            first = next(chunks, b"")
            db.execute(f"PRAGMA cache_size = {-BUILD_CACHE_KIB}")
            db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute(f"CREATE TABLE {table} (sha TEXT NOT NULL, norm TEXT NOT NULL)")
            rows = subject_rows(chain((first,), chunks))
            insert = f"INSERT INTO {table} VALUES (?, ?)"
            count = db.executemany(insert, _noting(rows, boundary, cut) if boundary else rows).rowcount
        except GitError as exc:
            raise GitError(f"cannot read {ref}: {exc}") from None
        # The index after the bulk insert: building it once is faster than keeping it up to date.
        db.execute(f"CREATE INDEX {table}_norm ON {table} (norm, sha)")
        return Update(ref, tip, COLD, count, added=count, cut=cut)

    def _incremental(
        self, db: sqlite3.Connection, table: str, ref: str, old: str, tip: str, count: int, cut: list[str]
    ) -> Update | None:
        """Apply ``old...tip`` to the table, which ends at the boundary commits ``cut``;
        None when the old tip is gone (start from scratch)."""
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            return None
        db.execute("DROP TABLE IF EXISTS temp.delta")
        db.execute("CREATE TEMP TABLE delta (side TEXT NOT NULL, sha TEXT NOT NULL, norm TEXT NOT NULL)")

        boundary = self.boundary
        ends = set(cut)

        def rows() -> Iterator[tuple[str, str, str]]:
            for head, norm in subject_rows(git_lines(self.cwd, log_args(f"{old}...{tip}", marks=True))):
                side, sha = head[:1], head[1:]
                if sha in boundary:  # the new part reaches the boundary, or the old part that did goes
                    if side == ">":
                        ends.add(sha)
                    else:
                        ends.discard(sha)
                yield side, sha, norm

        try:
            db.executemany("INSERT INTO temp.delta VALUES (?, ?, ?)", rows())
        except GitError:  # the old tip is gone (gc after a force-push): nothing was read
            db.execute("DROP TABLE temp.delta")
            return None
        # A removed commit is found by its subject, which has not changed since it was added.
        removed = db.execute(
            f"DELETE FROM {table} WHERE rowid IN (SELECT t.rowid FROM temp.delta AS d"
            f" JOIN {table} AS t ON t.norm = d.norm AND t.sha = d.sha WHERE d.side = '<')"
        )
        n_removed = removed.rowcount
        added = db.execute(f"INSERT INTO {table} SELECT sha, norm FROM temp.delta WHERE side = '>'")
        n_added = added.rowcount
        db.execute("DROP TABLE temp.delta")
        return Update(ref, tip, INCREMENTAL, count - n_removed + n_added, n_added, n_removed, ends)

    # -- questions ---------------------------------------------------------------

    def _query(self, ref: str, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        table = self._table(ref)
        try:
            return self._db().execute(sql.format(table=table), params).fetchall()
        except DB_ERRORS as exc:
            self._fail_over(exc)
            return self._db().execute(sql.format(table=self._table(ref)), params).fetchall()

    def _table(self, ref: str) -> str:
        table = self._tables.get(ref)
        if table is None:
            raise KeyError(f"{ref} is not indexed in this run (call update first)")
        return table

    def with_subject(self, ref: str, norm: str, limit: int = 16) -> list[str]:
        """Commits of ``ref`` whose normalised subject is ``norm`` (at most ``limit``, in log order)."""
        rows = self._query(ref, "SELECT sha FROM {table} WHERE norm = ? ORDER BY rowid LIMIT ?", (norm, limit))
        return [str(r[0]) for r in rows]

    def contains(self, ref: str, sha: str, norm: str, ask_git: bool = False) -> bool:
        """Whether the commit ``sha`` (a full id), whose normalised subject is ``norm``, is a commit of ``ref``.

        The index finds commits by subject. For a commit named elsewhere (a
        cherry-pick line) whose subject in the ref may differ from ``norm``,
        ``ask_git`` has git decide when the index does not know it.
        """
        if self._query(ref, "SELECT 1 FROM {table} WHERE norm = ? AND sha = ? LIMIT 1", (norm, sha)):
            return True
        if not ask_git:
            return False
        # The table holds every commit of the ref: look the id up there, through an index
        # on ids made the first time one is needed (not at every cold build). Only when
        # that index cannot be made (a read-only file) does git answer, one process each.
        if self._sha_index(ref):
            return bool(self._query(ref, "SELECT 1 FROM {table} WHERE sha = ? LIMIT 1", (sha,)))
        return succeeds(["merge-base", "--is-ancestor", sha, self._tips[ref]], self.cwd)

    def _sha_index(self, ref: str) -> bool:
        table = self._table(ref)
        if table in self._sha_indexed:
            return True
        try:
            self._db().execute(f"CREATE INDEX IF NOT EXISTS {table}_sha ON {table} (sha)")
        except DB_ERRORS:
            return False
        self._sha_indexed.add(table)
        return True

    def commits(self, ref: str) -> list[tuple[str, str]]:
        """Every ``(id, normalised subject)`` of ``ref``, sorted (for comparing indexes)."""
        return [(str(a), str(b)) for a, b in self._query(ref, "SELECT sha, norm FROM {table} ORDER BY sha", ())]


def _noting(rows: Iterable[list[str]], boundary: frozenset[str], cut: list[str]) -> Iterator[list[str]]:
    """``rows``, noting in ``cut`` the commits of ``boundary`` among them."""
    for row in rows:
        if row[0] in boundary:
            cut.append(row[0])
        yield row


def _settle(db: sqlite3.Connection, cache: int) -> None:
    """The connection's settings back as they were before a cold build (``cache`` pages).

    A cold build writes its table without waiting for the disk: only a
    crash of the whole system before it has written the file out can cost
    the file, which is then found corrupt and rebuilt (the index holds
    nothing git cannot tell again). An interrupted process cannot: SQLite
    keeps the file as it was before the transaction.
    """
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA cache_size = {cache}")


def _split(cut: str | None) -> list[str]:
    """The boundary commits of a ``refs.cut`` column."""
    return cut.split() if cut else []


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA synchronous=NORMAL")
    if path == ":memory:":
        _create_schema(conn)
    return conn


def _ready(conn: sqlite3.Connection) -> bool:
    """Whether the file is in WAL mode and of the current layout."""
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    return bool(mode == "wal" and conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA)


def _set_up(conn: sqlite3.Connection) -> None:
    if not conn.execute("PRAGMA page_count").fetchone()[0]:  # a new file: the size of its pages is still open
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode=WAL")
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
        _create_schema(conn)


def _create_schema(conn: sqlite3.Connection) -> None:
    """An empty index of the current layout (whatever was there goes)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                conn.execute(f'DROP TABLE IF EXISTS "{name}"')
            conn.execute(
                "CREATE TABLE refs (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,"
                " tip TEXT, commits INTEGER NOT NULL DEFAULT 0, updated REAL, cut TEXT)"
            )
            conn.execute(f"PRAGMA user_version = {SCHEMA}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
