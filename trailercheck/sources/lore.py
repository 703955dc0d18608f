"""The archive over HTTP (``--online``): single messages from a public-inbox server, through liblore.

Messages are fetched as ``<archive>/<message-id>/raw`` by liblore's
:class:`~liblore.LoreNode` (the library b4 builds on), from the archive
``--lore-url`` or the configuration's ``lore-url`` names
(https://lore.kernel.org and its ``/all`` inbox by default; a URL with a
path names one inbox). The node is set up from the git configuration as
liblore's own ``LoreNode.from_git_config`` reads it (``[liblore
"<origin>"]``, else ``[lore]`` for lore.kernel.org): the fallback origins
and the request timeout (``requesttimeout``) its users already have. The
configuration is read by git in the checked repository, not wherever the
process happens to run. Only the archive and the configured fallbacks are
contacted: the upstream a partial mirror names in its answers is followed
only when ``followupstream`` says so.

liblore tries each origin once; here a request that timed out or got a
server error (5xx) is tried again, a few times, waiting longer each time.
A message-id is checked before it is put in a URL (:func:`check_msgid`),
and the URL built is checked to stay under the archive's path. Many
messages are fetched at once by a bounded pool of threads, each distinct
message once per run.

Answers are kept in an SQLite cache (``<git-dir>/trailercheck/lore-cache.sqlite``,
or the user's cache directory for ``patch`` outside a repository): a
message never changes, and is kept for good; "no such message" is kept for
a day. A second run asks nothing it asked before.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import time
import urllib.parse

from ..errors import UsageError
from .gitcmd import read
from .posting import Unreachable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Final

    from liblore import LoreNode

DEFAULT_URL: Final = "https://lore.kernel.org"
#: How long "no such message" is believed.
MISSING_TTL: Final = 86400.0
#: Requests in flight at once.
WORKERS: Final = 8
#: Tries per message when the archive times out or fails (5xx), and the first wait between them.
ATTEMPTS: Final = 3
BACKOFF: Final = 0.5
CACHE_NAME: Final = "lore-cache.sqlite"
INSTALL_HINT: Final = "--online needs liblore: pip install 'trailercheck[lore]'"

#: RFC 5322 ``atext``: what a message-id's dot-atoms are made of.
_ATEXT: Final = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM: Final = rf"{_ATEXT}(?:\.{_ATEXT})*"
_MSGID_RE: Final = re.compile(rf"{_DOT_ATOM}@(?:{_DOT_ATOM}|\[[\x21-\x5a\x5e-\x7e]*\])")
_PATCH_ID_RE: Final = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
MAX_MSGID: Final = 512


def check_msgid(msgid: str) -> str | None:
    """Why ``msgid`` cannot be asked for (None when it can): not ``local@domain`` of RFC 5322
    atoms (no blanks, no ``..``, no leading or trailing dot), or too long."""
    if len(msgid) > MAX_MSGID:
        return "is too long to be a message-id"
    if not _MSGID_RE.fullmatch(msgid):
        return "is not a message-id (RFC 5322 local@domain, no blanks or empty dot-atoms)"
    return None


def archive_url(lore_url: str | None) -> str:
    """The inbox URL messages are fetched under: ``<lore-url>/all``, or the URL itself when it has a path."""
    url = (lore_url or DEFAULT_URL).strip().rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--lore-url: not an http(s) URL: {lore_url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise UsageError(f"--lore-url: a URL without query, fragment or user, not {lore_url!r}")
    return url if parts.path else f"{url}/all"


def message_url(base: str, msgid: str) -> str:
    """The ``/raw`` URL of ``msgid`` as liblore makes it, checked to stay under ``base``."""
    url = f"{base}/{urllib.parse.quote_plus(msgid)}/raw"
    parts, home = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base)
    segment = parts.path[len(home.path) :]
    if (
        parts.netloc != home.netloc
        or not parts.path.startswith(home.path + "/")
        or segment.count("/") != 2
        or parts.query
        or parts.fragment
        or segment.split("/")[1] in (".", "..")
    ):
        raise ValueError(f"message-id {msgid!r} would leave the archive's path")
    return url


# -- the git configuration ------------------------------------------------------------


def node_settings(cwd: str | None, url: str) -> tuple[dict[str, object], str | None]:
    """LoreNode's keyword arguments and the ``useragentplus`` for ``url``, from the git configuration at ``cwd``.

    The same sections and keys as ``LoreNode.from_git_config``; the upstream a partial mirror
    names is not followed unless ``followupstream`` is set.
    """
    parts = urllib.parse.urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    config = _section(cwd, "liblore." + origin + ".")
    if not config and parts.hostname == "lore.kernel.org":
        config = _section(cwd, "lore.")
    kwargs: dict[str, object] = {"follow_upstream": False, "cache_dir": None}
    if config.get("fallback"):
        kwargs["fallback_urls"] = config["fallback"]
    for value in config.get("requesttimeout", [])[-1:]:
        try:
            if "," in value:
                connect, readto = value.split(",", 1)
                kwargs["request_timeout"] = (float(connect), float(readto))
            else:
                kwargs["request_timeout"] = float(value)
        except ValueError:
            pass
    for value in config.get("followupstream", [])[-1:]:
        kwargs["follow_upstream"] = value.strip().lower() in ("true", "yes", "on", "1")
    if config.get("allowupstream"):
        kwargs["allowed_upstreams"] = config["allowupstream"]
    plus = config.get("useragentplus", [None])[-1]
    return kwargs, plus


def _section(cwd: str | None, prefix: str) -> dict[str, list[str]]:
    out = read(["config", "-z", "--get-regexp", "^" + re.escape(prefix)], cwd) or b""
    found: dict[str, list[str]] = {}
    for entry in out.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        key, _, value = entry.partition("\n")
        if key.lower().startswith(prefix.lower()):
            found.setdefault(key[len(prefix) :].lower(), []).append(value if "\n" in entry else "true")
    return found


# -- the cache ---------------------------------------------------------------------------


class Cache:
    """Fetched messages (kept for good) and misses (kept a day), per archive URL, in an SQLite file."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            db = None
            if self.path is not None:
                try:
                    os.makedirs(os.path.dirname(self.path), exist_ok=True)
                    db = sqlite3.connect(self.path, timeout=60.0, isolation_level=None, check_same_thread=False)
                    db.execute("PRAGMA journal_mode=WAL")
                    _create(db)
                except (OSError, sqlite3.Error) as exc:
                    import sys

                    sys.stderr.write(f"trailercheck: warning: cannot keep fetched postings in {self.path} ({exc})\n")
                    db = None
            if db is None:
                db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                _create(db)
            self._db = db
        return self._db

    def get(self, kind: str, base: str, key: str) -> tuple[bool, bytes | None]:
        """``(known, value)``: value None for a miss still believed."""
        with self._lock:
            row = (
                self._open()
                .execute("SELECT value, at FROM answers WHERE kind = ? AND base = ? AND key = ?", (kind, base, key))
                .fetchone()
            )
        if row is None:
            return False, None
        value, at = row
        if value is None and time.time() - float(at) > MISSING_TTL:
            return False, None
        return True, bytes(value) if value is not None else None

    def put(self, kind: str, base: str, key: str, value: bytes | None) -> None:
        with self._lock:
            try:
                self._open().execute(
                    "INSERT OR REPLACE INTO answers (kind, base, key, value, at) VALUES (?, ?, ?, ?, ?)",
                    (kind, base, key, value, time.time()),
                )
            except sqlite3.Error:  # a cache that cannot be written only costs a request next time
                pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _create(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS answers (kind TEXT NOT NULL, base TEXT NOT NULL, key TEXT NOT NULL, "
        "value BLOB, at REAL NOT NULL, PRIMARY KEY (kind, base, key)) WITHOUT ROWID"
    )


# -- the archive -----------------------------------------------------------------------------


def _reason(exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    if status is not None:
        return f"HTTP {status}"
    cause = exc.__cause__
    name = type(cause).__name__ if cause is not None else type(exc).__name__
    if "Timeout" in name:
        return "timed out"
    return "no answer" if "Connection" in name else name


class LoreArchive:
    """The postings of a public-inbox archive over HTTP, cached in ``store``."""

    def __init__(
        self,
        lore_url: str | None,
        cwd: str | None,
        store: str | None,
        workers: int = WORKERS,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF,
    ) -> None:
        try:
            import liblore  # noqa: F401
        except ImportError:
            raise UsageError(INSTALL_HINT) from None
        self.base = archive_url(lore_url)
        self.name = urllib.parse.urlsplit(self.base).netloc
        self.cwd = cwd
        self.cache = Cache(os.path.join(store, CACHE_NAME) if store is not None else None)
        self.workers = workers
        self.attempts = attempts
        self.backoff = backoff
        #: HTTP requests made (tries included).
        self.requests = 0
        self._count = threading.Lock()
        self._node: LoreNode | None = None

    def node(self) -> LoreNode:
        if self._node is None:
            from liblore import LibloreError, LoreNode

            from .. import __version__

            # What liblore logs (each origin that failed) is reported as findings here, once.
            logging.getLogger("liblore").addHandler(logging.NullHandler())
            logging.getLogger("liblore").propagate = False
            kwargs, plus = node_settings(self.cwd, self.base)
            try:
                node = LoreNode(self.base, **kwargs)  # type: ignore[arg-type]
            except LibloreError as exc:
                raise UsageError(f"--lore-url: {exc}") from None
            node.set_user_agent("trailercheck", __version__, plus)
            self._node = node
        return self._node

    def _tried(self, ask: Callable[[], bytes]) -> bytes | Unreachable | None:
        """``ask()`` with retries: the answer, None for a 404, or why there is none."""
        from liblore import LibloreError, RemoteError

        reason = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            with self._count:
                self.requests += 1
            try:
                return ask()
            except RemoteError as exc:
                status = exc.status_code
                if status == 404:
                    return None
                reason = _reason(exc)
                if status is not None and status < 500:
                    return Unreachable(reason)
            except LibloreError as exc:
                return Unreachable(str(exc))
            except Exception as exc:  # an answer liblore could not read (a broken gzip stream, ...)
                return Unreachable(f"unreadable answer: {type(exc).__name__}")
        return Unreachable(f"{reason} after {self.attempts} tries")

    def _many(self, keys: list[str], one: Callable[[str], bytes | Unreachable | None]) -> dict[str, object]:
        if len(keys) <= 1 or self.workers <= 1:
            return {k: one(k) for k in keys}
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(self.workers, len(keys))) as pool:
            return dict(zip(keys, pool.map(one, keys), strict=True))

    def fetch(self, msgids: Iterable[str]) -> dict[str, bytes | Unreachable | None]:
        """The mail of each message-id: its bytes, None (the archive has none), or why there is no answer."""
        found: dict[str, bytes | Unreachable | None] = {}
        todo = []
        for msgid in dict.fromkeys(msgids):
            problem = check_msgid(msgid)
            if problem is not None:
                found[msgid] = Unreachable(problem, refused=True)
                continue
            try:
                message_url(self.base, msgid)
            except ValueError as exc:
                found[msgid] = Unreachable(str(exc), refused=True)
                continue
            known, value = self.cache.get("message", self.base, msgid)
            if known:
                found[msgid] = value
            else:
                todo.append(msgid)

        def one(msgid: str) -> bytes | Unreachable | None:
            return self._tried(lambda: self.node().get_message_by_msgid(msgid, nocache=True))

        for msgid, answer in self._many(todo, one).items():
            assert answer is None or isinstance(answer, (bytes, Unreachable))
            found[msgid] = answer
            if not isinstance(answer, Unreachable):
                self.cache.put("message", self.base, msgid, answer)
        return found

    def by_patch_id(self, patch_ids: Iterable[str]) -> dict[str, str | None]:
        """``{patch id: message-id}`` of a posting of each diff (public-inbox's ``patchid:`` search)."""
        from .archive import header_msgid
        from .patch import is_cover_letter, split_mbox

        found: dict[str, str | None] = {}
        todo = []
        for pid in dict.fromkeys(patch_ids):
            if not _PATCH_ID_RE.fullmatch(pid):
                found[pid] = None
                continue
            known, value = self.cache.get("patchid", self.base, pid)
            if known:
                found[pid] = value.decode("utf-8", "surrogateescape") if value is not None else None
            else:
                todo.append(pid)

        def one(pid: str) -> bytes | Unreachable | None:
            return self._tried(lambda: self.node().get_mbox_by_query(f"patchid:{pid}", nocache=True))

        for pid, answer in self._many(todo, one).items():
            if isinstance(answer, Unreachable):
                found[pid] = None
                continue
            msgid = None
            for mail in split_mbox(answer) if isinstance(answer, bytes) else []:
                head = mail.split(b"\n\n", 1)[0]
                subject = next((ln for ln in head.split(b"\n") if ln.lower().startswith(b"subject:")), b"")
                if not is_cover_letter(subject.decode("utf-8", "replace")[8:]):
                    msgid = header_msgid(mail.split(b"\n", 1)[1] if mail.startswith(b"From ") else mail)
                    if msgid:
                        break
            found[pid] = msgid
            self.cache.put("patchid", self.base, pid, msgid.encode("utf-8", "surrogateescape") if msgid else None)
        return found

    def close(self) -> None:
        if self._node is not None:
            self._node.close()
            self._node = None
        self.cache.close()
