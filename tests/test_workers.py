"""Forked workers: answers in the order of the requests, errors said, and nothing left behind."""

from __future__ import annotations

import os

import pytest

from trailercheck.workers import WorkerDied, Workers

_started: list[int] = []


def _init() -> None:
    _started.append(os.getpid())


def _square(request: object) -> object:
    assert isinstance(request, int)
    if request < 0:
        raise ValueError(f"negative: {request}")
    return (os.getpid(), request * request)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_answers_come_back_in_the_order_sent() -> None:
    pool = Workers(3, _init, _square)
    pids = [w.pid for w in pool._workers]
    for n in range(50):
        pool.send(n)
    answers = [pool.receive() for _ in range(50)]
    assert [a[1] for a in answers] == [n * n for n in range(50)]  # type: ignore[index]
    assert {a[0] for a in answers} == set(pids)  # type: ignore[index]
    assert pool.pending == 0
    pool.close()
    assert not any(_alive(pid) for pid in pids)
    assert _started == []  # init ran in the workers, not here


def test_large_requests_and_answers_do_not_deadlock() -> None:
    pool = Workers(2, _init, lambda request: request)
    big = b"x" * (3 << 20)
    for _ in range(6):
        pool.send(big)
    assert all(pool.receive() == big for _ in range(6))
    pool.close()


def test_a_failing_request_is_said() -> None:
    pool = Workers(2, _init, _square)
    pool.send(2)
    pool.send(-1)
    assert pool.receive() == (pool._workers[0].pid, 4)
    with pytest.raises(WorkerDied, match="failed: ValueError: negative: -1"):
        pool.receive()
    pool.close()


def test_kill_ends_busy_and_idle_workers_at_once() -> None:
    pool = Workers(2, _init, lambda request: os.pause())  # type: ignore[arg-type,func-returns-value]
    pids = [w.pid for w in pool._workers]
    pool.send(1)
    pool.kill()
    assert not any(_alive(pid) for pid in pids)
