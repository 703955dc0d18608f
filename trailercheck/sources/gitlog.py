"""Commits of a repository, streamed from one ``git log`` process per call.

git re-encodes every message from its ``encoding`` header to UTF-8; bytes
that are still not UTF-8 survive through ``surrogateescape``. Commits are
handed on as they arrive: the history is never held in memory.
"""

from __future__ import annotations

from ..model.person import parse_person
from ..model.text import decode
from .gitcmd import stream
from .record import Record
from .repo import check_revisions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Final

#: Fields per commit, each ended by NUL; ``-z`` ends each commit with one more NUL.
FORMAT: Final = "%H%x00%P%x00%an <%ae>%x00%cn <%ce>%x00%at%x00%B%x00"
FIELDS: Final = 6
#: Fields per commit in the stream: the six above and the empty one before ``-z``'s terminator.
RECORD: Final = FIELDS + 1
CHUNK: Final = 1 << 16


def read_commits(
    cwd: str | None, revisions: list[str], include_merges: bool = True, max_count: int | None = None
) -> Iterator[Record]:
    """Stream the commits ``git log`` lists for ``revisions`` (newest first) in the repository at ``cwd``."""
    for batch in read_batches(cwd, revisions, include_merges, max_count, 1):
        yield commit_of(fields_of(batch))


def read_batches(
    cwd: str | None,
    revisions: list[str],
    include_merges: bool = True,
    max_count: int | None = None,
    size: int = 1000,
) -> Iterator[bytes]:
    """The commits in batches of up to ``size``, each the raw bytes ``git log`` wrote for them.

    A batch is cut where a commit ends (git writes no NUL inside a field, and ``RECORD`` NULs per
    commit): only NULs are counted here, and whoever checks the batch splits it (:func:`fields_of`),
    so that this process builds no object per commit or field.
    """
    want = size * RECORD
    held: list[bytes] = []
    count = 0  # NULs in ``held``
    for chunk in _chunks(cwd, revisions, include_merges, max_count):
        n = chunk.count(b"\0")
        at = 0
        while count + n >= want:
            pos = at - 1
            for _ in range(want - count):
                pos = chunk.index(b"\0", pos + 1)
            held.append(chunk[at : pos + 1])
            yield b"".join(held)
            held = []
            n -= want - count
            count = 0
            at = pos + 1
        if at < len(chunk):
            held.append(chunk[at:] if at else chunk)
            count += n
    rest = b"".join(held)
    if rest.strip(b"\0\n"):
        yield rest


def fields_of(batch: bytes) -> list[str]:
    """A batch of :func:`read_batches` as a flat list of decoded fields, ``RECORD`` per commit.

    The batch is decoded at once: NUL is a character of its own in UTF-8 and never part of another,
    so each field decodes as it would alone, undecodable bytes kept (see :func:`~trailercheck.model.
    text.decode`)."""
    fields = decode(batch).split("\0")
    extra = len(fields) % RECORD
    if extra == 1:  # what follows the last commit's terminator
        fields.pop()
    elif extra:  # a stream cut short
        fields += [""] * (RECORD - extra)
    return fields


def _chunks(cwd: str | None, revisions: list[str], include_merges: bool, max_count: int | None) -> Iterator[bytes]:
    """``git log``'s output as it comes."""
    check_revisions(revisions)
    args = ["log", "-z", f"--format={FORMAT}", "--encoding=UTF-8"]
    if not include_merges:
        args.append("--no-merges")
    if max_count is not None:
        args.append(f"--max-count={max_count}")
    args += ["--end-of-options", *revisions, "--"]
    return stream(args, cwd, CHUNK)


def commit_of(fields: list[str], at: int = 0) -> Record:
    """The record of the commit whose fields start at ``fields[at]``, named by its short id."""
    sha = fields[at].lstrip("\n")
    date = fields[at + 4]
    return Record(
        sha[:12],
        text=fields[at + 5],
        commit=sha,
        parents=fields[at + 1].split(),
        author=parse_person(fields[at + 2]),
        committer=fields[at + 3],
        author_date=int(date) if date.isdigit() and date.isascii() else None,
    )
