"""Checking a stream of commits, in this process or spread over worker processes.

Long ranges (a whole history) are cut into batches that worker processes
check while this process keeps reading ``git log``; results come back in
order, and only a bounded number of batches is ever in flight, so memory
does not grow with the range. Short ranges never start a worker.
"""

from __future__ import annotations

import os

from .engine import RuleSet, check_messages, prefetch
from .findings import Finding, Result
from .rules.base import Context
from .sources.gitlog import RECORD, commit_of, fields_of
from .sources.record import message_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Final, TypeVar

    from .lookups import Lookup
    from .sources.record import Record
    from .workers import Workers

    T = TypeVar("T")

#: Commits per batch handed to a worker.
BATCH: Final = 400
#: Batches in flight per worker.
AHEAD: Final = 3
#: Commits decoded, looked up in the repository and checked together.
LOOKUP_BATCH: Final = 64


class CommitChecker:
    """Checks one commit: the rules and context of the run, the comment character."""

    def __init__(self, rules: RuleSet, ctx: Context, comment: str) -> None:
        self.rules = rules
        self.ctx = ctx
        self.comment = comment

    def check_flat(self, batch: bytes) -> list[Result]:
        """Results for a batch of raw ``git log`` output (see ``read_batches``).

        The fields are decoded a few dozen commits at a time, just before their
        check: what the rules read is still in the processor's caches then.
        """
        flat = fields_of(batch)
        results: list[Result] = []
        step = LOOKUP_BATCH * RECORD
        for at in range(0, len(flat), step):
            self._check_part(commits_of(flat[at : at + step]), results)
        return results

    def _check_part(self, commits: list[Record], results: list[Result]) -> None:
        """Check ``commits``, their repository lookups first in one round trip; append the results."""
        ctx = self.ctx
        keys = ctx.keys
        comment = self.comment
        msgs = [message_of(c, keys, comment) for c in commits]
        prefetch(msgs, ctx, self.rules)
        for msg, findings in zip(msgs, check_messages(msgs, ctx, self.rules), strict=True):
            results.append(Result(msg.source, msg.commit, msg.subject, findings))


def commits_of(flat: list[str]) -> list[Record]:
    return [commit_of(flat, at) for at in range(0, len(flat), RECORD)]


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


def check_batches(
    checker: CommitChecker,
    batches: Iterable[bytes],
    workers: int,
    fresh_lookup: Callable[[], Lookup | None] | None = None,
    keep_clean: bool = True,
) -> Iterator[tuple[int, list[Result]]]:
    """For each batch of raw ``git log`` output (see ``read_batches``), in order:
    how many commits it held and their results (only those with findings
    unless ``keep_clean``). See :func:`render_batches`."""
    task = _packed_all if keep_clean else _packed_found
    for count, packed in render_batches(checker, batches, workers, task, fresh_lookup):
        yield count, [unpack(p) for p in packed]


def render_batches(
    checker: CommitChecker,
    batches: Iterable[bytes],
    workers: int,
    render: Callable[[list[Result]], T],
    fresh_lookup: Callable[[], Lookup | None] | None = None,
) -> Iterator[tuple[int, T]]:
    """For each batch of raw ``git log`` output (see ``read_batches``), in order:
    how many commits it held and what ``render`` made of their results.

    The first batch is checked here. When there are more, and ``workers > 1``,
    the rest goes to a pool of forked workers, which check and render their
    batches: only what ``render`` returns (it must pickle) comes back. ``render``
    is the one this process had when the workers were forked, so it must not
    depend on state that changes afterwards. Each worker opens its own repository
    lookups (``fresh_lookup``) rather than sharing this process's git processes.
    """
    it = iter(batches)
    batch = next(it, None)
    if batch is None:
        return
    results = checker.check_flat(batch)
    yield len(results), render(results)
    del results
    batch = next(it, None)
    pool = _workers(checker, workers, render, fresh_lookup) if batch is not None else None
    if pool is None:
        while batch is not None:
            results = checker.check_flat(batch)
            yield len(results), render(results)
            del results
            batch = next(it, None)
        return
    finished = False
    try:
        limit = len(pool) * AHEAD
        while batch is not None:
            pool.send(batch)
            del batch
            while pool.pending >= limit:
                yield pool.receive()  # type: ignore[misc]
            batch = next(it, None)
        while pool.pending:
            yield pool.receive()  # type: ignore[misc]
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # cut short (an interruption, a consumer that stopped): no worker outlives the run
            pool.kill()


def _packed_all(results: list[Result]) -> list[Packed]:
    return [pack(r) for r in results]


def _packed_found(results: list[Result]) -> list[Packed]:
    return [pack(r) for r in results if r.findings]


_CHECKER: CommitChecker | None = None
_FRESH: Callable[[], Lookup | None] | None = None
_RENDER: Callable[[list[Result]], object] | None = None


def _workers(
    checker: CommitChecker,
    workers: int,
    render: Callable[[list[Result]], object],
    fresh_lookup: Callable[[], Lookup | None] | None,
) -> Workers | None:
    if workers < 2 or not hasattr(os, "fork"):
        return None
    from .workers import Workers

    global _CHECKER, _FRESH, _RENDER
    _CHECKER, _FRESH, _RENDER = checker, fresh_lookup, render
    return Workers(workers, _init_worker, _check_request)


def _init_worker() -> None:
    assert _CHECKER is not None
    _CHECKER.ctx.lookup = _FRESH() if _FRESH is not None else None


def _check_request(request: object) -> tuple[int, object]:
    """A worker's task: a batch of raw ``git log`` output; the number of commits, and what the run's
    ``render`` makes of their results."""
    assert _CHECKER is not None and _RENDER is not None
    results = _CHECKER.check_flat(request)  # type: ignore[arg-type]
    return len(results), _RENDER(results)
