"""Commits of a repository, streamed from one ``git log`` process per call.

git re-encodes every message from its ``encoding`` header to UTF-8; bytes
that are still not UTF-8 survive through ``surrogateescape``. Commits are
handed on as they arrive: the history is never held in memory.
"""

from __future__ import annotations

from ..errors import UsageError
from ..model.person import parse_person
from ..model.text import decode
from .record import Record
from .repo import check_revisions
from .spawn import widen_pipe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Final

    import git

#: Fields per commit, each ended by NUL; ``-z`` ends each commit with one more NUL.
FORMAT: Final = "%H%x00%P%x00%an <%ae>%x00%cn <%ce>%x00%at%x00%B%x00"
FIELDS: Final = 6
#: Fields per commit in the stream: the six above and the empty one between commits.
RECORD: Final = FIELDS + 1
CHUNK: Final = 1 << 16


def read_commits(
    repo: git.Repo, revisions: list[str], include_merges: bool = True, max_count: int | None = None
) -> Iterator[Record]:
    """Stream the commits ``git log`` lists for ``revisions`` (newest first)."""
    for flat in read_batches(repo, revisions, include_merges, max_count, 1):
        yield commit_of(flat)


def read_batches(
    repo: git.Repo,
    revisions: list[str],
    include_merges: bool = True,
    max_count: int | None = None,
    size: int = 1000,
) -> Iterator[list[bytes]]:
    """The commits in batches of up to ``size``, each a flat list of raw fields,
    ``RECORD`` per commit: cut without a Python step per commit."""
    want = size * RECORD
    pending: list[bytes] = []
    for parts in _parts(repo, revisions, include_merges, max_count):
        pending += parts
        while len(pending) >= want:
            yield pending[:want]
            del pending[:want]
    if pending:
        if len(pending) % RECORD:  # the last commit has no separator after it
            pending.append(b"")
        yield pending


def _parts(repo: git.Repo, revisions: list[str], include_merges: bool, max_count: int | None) -> Iterator[list[bytes]]:
    """``git log``'s NUL-separated fields, as many as each read brings."""
    import git as gitmodule

    check_revisions(revisions)
    args = ["git", "log", "-z", f"--format={FORMAT}", "--encoding=UTF-8"]
    if not include_merges:
        args.append("--no-merges")
    if max_count is not None:
        args.append(f"--max-count={max_count}")
    args += ["--end-of-options", *revisions, "--"]
    try:
        # git flushes after every commit when it writes to a pipe, unless told not to.
        proc = repo.git.execute(args, as_process=True, env={"GIT_FLUSH": "0"})
    except gitmodule.GitCommandError as exc:  # pragma: no cover - spawn failure
        raise UsageError(f"cannot run git log: {exc}") from None
    stdout = proc.proc.stdout  # type: ignore[union-attr]
    assert stdout is not None
    widen_pipe(stdout.fileno())
    pending = b""
    complete = False
    try:
        while True:
            chunk = stdout.read(CHUNK)
            if not chunk:
                break
            parts = (pending + chunk).split(b"\0")
            pending = parts.pop()
            yield parts
        complete = True
    finally:
        if not complete:  # the consumer stopped early: do not wait for the rest
            proc.proc.kill()  # type: ignore[union-attr]
        err = proc.proc.stderr.read() if proc.proc.stderr else b""  # type: ignore[union-attr]
        status = proc.proc.wait()  # type: ignore[union-attr]
    if status != 0:
        lines = decode(err).strip().splitlines()
        raise UsageError(lines[0].removeprefix("fatal: ") if lines else "git log failed")


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
