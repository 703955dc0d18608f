"""Checking a stream of commits, in this process or spread over worker processes.

Long ranges (a whole history) are cut into batches that worker processes
check while this process keeps reading ``git log``; results come back in
order, and only a bounded number of batches is ever in flight, so memory
does not grow with the range. Short ranges never start a worker.
"""

from __future__ import annotations

import os
from collections import deque

from .engine import RuleSet, check_message, prefetch
from .findings import Finding, Result
from .model.message import Message
from .model.person import parse_person
from .model.text import split_lines
from .rules.base import Context
from .sources.gitlog import commit_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from multiprocessing.pool import AsyncResult, Pool

    from .lookups import Lookup
    from .sources.gitlog import Commit

#: Commits per batch handed to a worker.
BATCH = 1000
#: Batches in flight per worker.
AHEAD = 3


class CommitChecker:
    """Checks one commit: the rules and context of the run, the comment character."""

    def __init__(self, rules: RuleSet, ctx: Context, comment: str) -> None:
        self.rules = rules
        self.ctx = ctx
        self.comment = comment

    def check(self, commit: Commit) -> Result:
        return self.check_many([commit])[0]

    def check_many(self, commits: list[Commit]) -> list[Result]:
        """Results for a batch: repository lookups for the whole batch go first, in one go."""
        ctx = self.ctx
        msgs = [
            Message(split_lines(c.message), source=c.sha[:12], commit=c.sha, comment=self.comment, keys=ctx.keys)
            for c in commits
        ]
        prefetch(msgs, ctx, self.rules)
        results = []
        for commit, msg in zip(commits, msgs, strict=True):
            ctx.author = parse_person(commit.author)
            ctx.committer = parse_person(commit.committer)
            results.append(Result(msg.source, commit.sha, msg.subject, check_message(msg, ctx, self.rules)))
        return results

    def check_batch(self, batch: list[list[bytes]]) -> list[Packed]:
        """Check raw ``git log`` records; results packed as plain tuples for the trip back."""
        return [pack(r) for r in self.check_many([commit_of(fields) for fields in batch])]


Packed = tuple[str, "str | None", str, list[tuple[object, ...]]]


def pack(result: Result) -> Packed:
    return (
        result.source,
        result.commit,
        result.subject,
        [(f.code, f.rule, f.line, f.message, f.fix, f.severity, f.evidence) for f in result.findings],
    )


def unpack(packed: Packed) -> Result:
    source, commit, subject, findings = packed
    return Result(
        source,
        commit,
        subject,
        [
            Finding(code, rule, line, message, fix, None, severity, evidence)  # type: ignore[arg-type]
            for code, rule, line, message, fix, severity, evidence in findings
        ],
    )


def workers_available() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_records(
    checker: CommitChecker,
    records: Iterable[list[bytes]],
    workers: int,
    fresh_lookup: Callable[[], Lookup | None] | None = None,
) -> Iterator[Result]:
    """Results for the raw ``git log`` records, in their order.

    The first batch is checked here. When there are more, and ``workers > 1``,
    the rest goes to a pool of forked workers; each opens its own repository
    lookups (``fresh_lookup``) rather than sharing this process's git processes.
    """
    it = iter(records)
    batch = _take(it, BATCH)
    yield from checker.check_many([commit_of(fields) for fields in batch])
    if len(batch) < BATCH:
        return
    batch = _take(it, BATCH)
    pool = _pool(checker, workers, fresh_lookup) if batch else None
    if pool is None:
        while batch:
            yield from checker.check_many([commit_of(fields) for fields in batch])
            batch = _take(it, BATCH)
        return
    try:
        pending: deque[AsyncResult[list[Packed]]] = deque()
        limit = workers * AHEAD
        while batch:
            pending.append(pool.apply_async(_check_batch, (batch,)))
            while len(pending) >= limit:
                yield from map(unpack, pending.popleft().get())
            batch = _take(it, BATCH)
        while pending:
            yield from map(unpack, pending.popleft().get())
    finally:
        pool.terminate()
        pool.join()


def _take(it: Iterator[list[bytes]], n: int) -> list[list[bytes]]:
    out = []
    for fields in it:
        out.append(fields)
        if len(out) == n:
            break
    return out


_CHECKER: CommitChecker | None = None
_FRESH: Callable[[], Lookup | None] | None = None


def _pool(checker: CommitChecker, workers: int, fresh_lookup: Callable[[], Lookup | None] | None) -> Pool | None:
    if workers < 2:
        return None
    import multiprocessing

    try:
        mp = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - no fork on this platform
        return None
    global _CHECKER, _FRESH
    _CHECKER, _FRESH = checker, fresh_lookup
    return mp.Pool(workers, initializer=_init_worker)


def _init_worker() -> None:
    assert _CHECKER is not None
    _CHECKER.ctx.lookup = _FRESH() if _FRESH is not None else None


def _check_batch(batch: list[list[bytes]]) -> list[Packed]:
    assert _CHECKER is not None
    return _CHECKER.check_batch(batch)
