"""The postings behind the links of a run: fetched a batch at a time, compared by the V rules.

A run with ``--online`` (the archive over HTTP, :mod:`trailercheck.sources.lore`)
or ``--archive PATH`` (a local public-inbox mirror, :mod:`trailercheck.sources.archive`)
has one :class:`Postings`. Before the rules check a batch of commits, it
gathers (:meth:`Postings.prepare`):

- the message-ids of their ``Link:`` trailers to an archive host, and gets
  each distinct posting once for the whole run (the source asks for many at
  a time);
- the diffs of the commits that have such a link (one ``git log -p`` for the
  batch), or of the patch files for ``patch``;
- for commits whose prefix needs a link and that have none (L01), their
  patch ids, and the posting of each diff the archive can find by it.

The rules then only read what was gathered.
"""

from __future__ import annotations

from .model.links import LORE_LITERAL
from .sources.gitcmd import diffs_of
from .sources.posting import Diff, Posting, Unreachable, parse_diff, read_posting

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final, Protocol

    from .model.message import Message
    from .model.trailers import Entry

    class Source(Protocol):
        name: str

        def fetch(self, msgids: Iterable[str]) -> dict[str, bytes | Unreachable | None]: ...

        def by_patch_id(self, patch_ids: Iterable[str]) -> dict[str, str | None]: ...

        def close(self) -> None: ...


#: Where the L01 hint points a commit without a link.
LINK_BASE: Final = "https://lore.kernel.org/all/"
#: How a commit's diff is made for the comparison: as ``git format-patch`` makes it by default.
DIFF_ARGS: Final = diffs_of("-M")


def link_to(msgid: str) -> str:
    """The lore link of a message-id (characters lore escapes, escaped)."""
    quoted = "".join(c if c in LORE_LITERAL and c != "/" else "".join(f"%{b:02X}" for b in c.encode()) for c in msgid)
    return f"{LINK_BASE}{quoted}/"


def key_of(msg: Message) -> str:
    """What names a message within a run: its commit, else its source (``FILE``, ``FILE:2``)."""
    return msg.commit or msg.source


class Postings:
    """A run's postings, their commits' diffs and the postings found by patch id."""

    def __init__(self, source: Source, cwd: str | None, hosts: tuple[str, ...]) -> None:
        self.source = source
        self.cwd = cwd
        self.hosts = hosts
        #: message-id -> the posting, None (the archive has no such message), or no answer.
        self.postings: dict[str, Posting | Unreachable | None] = {}
        #: message key -> the diff it makes.
        self.diffs: dict[str, Diff] = {}
        #: message key -> the diff text of a patch file's mail (``patch``), given by the run.
        self.patch_texts: dict[str, bytes] = {}
        #: message key -> the message-id of the posting of its diff, found by patch id (None: not found).
        self.found: dict[str, str | None] = {}
        self._linked: set[str] = set()

    def add_patch(self, key: str, diff: bytes) -> None:
        """The diff of a patch file's mail (``patch``: there is no commit to ask git about)."""
        self.patch_texts[key] = diff
        self.diffs[key] = parse_diff(diff.decode("utf-8", "surrogateescape"))

    def links(self, msg: Message) -> list[tuple[Entry, str]]:
        """The ``Link:`` trailers of ``msg`` to an archive host, with the message-id each names."""
        out = []
        for entry, link in msg.links():
            msgid = link.decoded_msgid
            if msgid and link.on_hosts(self.hosts):
                out.append((entry, msgid))
        return out

    # -- gathering, a batch at a time --------------------------------------------------

    def prepare(self, msgs: list[Message]) -> None:
        """Get the postings the links of ``msgs`` name, and the diffs of the commits to compare them with."""
        todo = [m for m in msgs if key_of(m) not in self._linked]
        wanted: dict[str, None] = {}
        commits: list[str] = []
        for msg in todo:
            key = key_of(msg)
            self._linked.add(key)
            links = self.links(msg)
            if not links:
                continue
            for _, msgid in links:
                if msgid not in self.postings:
                    wanted[msgid] = None
            if msg.commit is not None and key not in self.diffs:
                commits.append(msg.commit)
        if wanted:
            for msgid, answer in self.source.fetch(list(wanted)).items():
                self.postings[msgid] = read_posting(msgid, answer) if isinstance(answer, bytes) else answer
        if commits:
            self.diffs.update(commit_diffs(self.cwd, commits))

    def search(self, msgs: list[Message]) -> None:
        """Find by patch id the postings of ``msgs`` (commits without a link their prefix needs)."""
        todo = [m for m in msgs if key_of(m) not in self.found]
        if not todo:
            return
        ids = self.patch_ids(todo)
        answers = self.source.by_patch_id([pid for pid in ids.values() if pid])
        for msg in todo:
            pid = ids.get(key_of(msg))
            self.found[key_of(msg)] = answers.get(pid) if pid else None

    def patch_ids(self, msgs: list[Message]) -> dict[str, str]:
        """``{message key: patch id}`` of the messages that make a diff."""
        from .sources.archive import patch_ids_of
        from .sources.patchid import patch_ids

        ids: dict[str, str] = {}
        commits = [m.commit for m in msgs if m.commit is not None]
        if commits:
            ids.update(patch_ids(self.cwd, commits))
        import hashlib

        texts = {}
        for msg in msgs:
            text = self.patch_texts.get(key_of(msg))
            if msg.commit is None and text:
                texts[hashlib.sha1(key_of(msg).encode("utf-8", "surrogateescape")).hexdigest()] = (key_of(msg), text)
        if texts:
            found = patch_ids_of([(k, text) for k, (_, text) in texts.items()], self.cwd)
            for k, (key, _) in texts.items():
                if k in found:
                    ids[key] = found[k]
        return ids

    # -- what the rules read ---------------------------------------------------------------

    def answer(self, msgid: str) -> Posting | Unreachable | None:
        return self.postings.get(msgid, Unreachable("not asked"))

    def diff_of(self, msg: Message) -> Diff | None:
        return self.diffs.get(key_of(msg))

    def posting_of(self, msg: Message) -> str | None:
        """The message-id of the posting of the message's diff, found by its patch id."""
        return self.found.get(key_of(msg))

    def close(self) -> None:
        self.source.close()


def commit_diffs(cwd: str | None, shas: list[str]) -> dict[str, Diff]:
    """``{commit: its diff}`` for many commits, one ``git log -p`` for all of them."""
    from .sources.gitcmd import run

    out = run(DIFF_ARGS, cwd, "".join(f"{s}\n" for s in dict.fromkeys(shas)).encode("ascii"))
    text = out.decode("utf-8", "surrogateescape")
    diffs: dict[str, Diff] = {}
    for part in ("\n" + text).split("\ncommit ")[1:]:
        sha, _, body = part.partition("\n")
        diffs[sha.strip()] = parse_diff(body)
    return diffs
