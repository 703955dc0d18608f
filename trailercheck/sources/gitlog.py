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
#: Fields per commit in the stream: the six above and the empty one between commits.
RECORD: Final = FIELDS + 1
CHUNK: Final = 1 << 16


def read_commits(
    cwd: str | None, revisions: list[str], include_merges: bool = True, max_count: int | None = None
) -> Iterator[Record]:
    """Stream the commits ``git log`` lists for ``revisions`` (newest first) in the repository at ``cwd``."""
    for flat in read_batches(cwd, revisions, include_merges, max_count, 1):
        yield commit_of(flat)


def read_batches(
    cwd: str | None,
    revisions: list[str],
    include_merges: bool = True,
    max_count: int | None = None,
    size: int = 1000,
) -> Iterator[list[bytes]]:
    """The commits in batches of up to ``size``, each a flat list of raw fields,
    ``RECORD`` per commit: cut without a Python step per commit."""
    want = size * RECORD
    pending: list[bytes] = []
    for parts in _parts(cwd, revisions, include_merges, max_count):
        pending += parts
        while len(pending) >= want:
            yield pending[:want]
            del pending[:want]
    if pending:
        if len(pending) % RECORD:  # the last commit has no separator after it
            pending.append(b"")
        yield pending


def _parts(cwd: str | None, revisions: list[str], include_merges: bool, max_count: int | None) -> Iterator[list[bytes]]:
    """``git log``'s NUL-separated fields, as many as each read brings."""
    check_revisions(revisions)
    args = ["log", "-z", f"--format={FORMAT}", "--encoding=UTF-8"]
    if not include_merges:
        args.append("--no-merges")
    if max_count is not None:
        args.append(f"--max-count={max_count}")
    args += ["--end-of-options", *revisions, "--"]
    # A field longer than a read (a huge message) is collected piece by piece and
    # joined once, so reading stays linear in its size.
    held: list[bytes] = []
    for chunk in stream(args, cwd, CHUNK):
        parts = chunk.split(b"\0")
        if len(parts) == 1:
            held.append(chunk)
            continue
        if held:
            held.append(parts[0])
            parts[0] = b"".join(held)
            held = []
        held.append(parts.pop())
        yield parts
    if held and any(held):
        yield [b"".join(held)]


def commit_of(fields: list[bytes], at: int = 0) -> Record:
    """The record of the commit whose fields start at ``fields[at]``, named by its short id."""
    sha = decode(fields[at]).lstrip("\n")
    date = fields[at + 4]
    return Record(
        sha[:12],
        text=decode(fields[at + 5]),
        commit=sha,
        parents=decode(fields[at + 1]).split(),
        author=parse_person(decode(fields[at + 2])),
        committer=parse_person(decode(fields[at + 3])),
        author_date=int(date) if date.isdigit() else None,
    )
