"""Forked worker processes that answer, in order, what they are sent.

:class:`Workers` forks its processes once; each reads requests from a pipe of
its own and writes its answers to another, one pickled frame each. Answers
are read back in the order the requests were sent, so results stay in
``git log`` order. A request is written by a thread per worker, so that a
worker whose pipe is full never holds up the others.

The processes share no lock: when the run is cut short (Ctrl-C, SIGTERM from
a CI runner), :meth:`Workers.kill` ends them at once and nothing can wait on
a lock a killed process held. A worker ignores SIGINT (the terminal sends it
to the whole process group: the parent decides) and dies on SIGTERM.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import threading
from collections import deque

from .sources.gitcmd import widen_pipe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from queue import SimpleQueue
    from typing import Final

#: A frame: its length (8 bytes, big-endian), then that many bytes of pickle.
_HEAD: Final = struct.Struct(">Q")
#: The length that tells a worker to stop.
_STOP: Final = 0


def _read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd``, or None at the end of the stream."""
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _frame(value: object) -> bytes:
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return _HEAD.pack(len(data)) + data


def _read_frame(fd: int) -> tuple[bool, object] | None:
    head = _read_exactly(fd, _HEAD.size)
    if head is None:
        return None
    (size,) = _HEAD.unpack(head)
    if size == _STOP:
        return None
    data = _read_exactly(fd, size)
    if data is None:
        return None
    answer: tuple[bool, object] = pickle.loads(data)
    return answer


class WorkerDied(Exception):
    """A worker ended without answering (killed, out of memory) or raised an error."""


class _Worker:
    __slots__ = ("answers", "pid", "queue", "requests", "thread")

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        from queue import SimpleQueue

        self.pid = pid
        #: The parent's ends: requests are written to one, answers read from the other.
        self.requests = requests
        self.answers = answers
        self.queue: SimpleQueue[bytes | None] = SimpleQueue()
        self.thread = threading.Thread(target=_feed, args=(requests, self.queue), daemon=True)


def _feed(fd: int, queue: SimpleQueue[bytes | None]) -> None:
    """Write the frames queued for one worker, until told to stop or the worker is gone."""
    try:
        while True:
            frame = queue.get()
            if frame is None:
                _write_all(fd, _HEAD.pack(_STOP))
                return
            _write_all(fd, frame)
    except OSError:  # the worker is gone: the reader finds out
        return


class Workers:
    """``count`` forked processes, each running ``init()`` once and then ``task(request)``
    for every request sent to it."""

    def __init__(self, count: int, init: Callable[[], None], task: Callable[[object], object]) -> None:
        self._workers: list[_Worker] = []
        #: The workers whose answers are awaited, in the order of the requests.
        self._waiting: deque[_Worker] = deque()
        self._next = 0
        inherited: list[int] = []  # the parent's ends of the pipes made so far
        try:
            for _ in range(count):
                req_read, req_write = os.pipe()
                ans_read, ans_write = os.pipe()
                # A batch and its answer (a few hundred kilobytes of a report) fit whole: a worker
                # that finished writes its answer and goes on, though the parent reads an older one.
                widen_pipe(req_write)
                widen_pipe(ans_write)
                pid = os.fork()
                if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
                    for fd in (*inherited, req_write, ans_read):
                        os.close(fd)
                    _serve(req_read, ans_write, init, task)
                os.close(req_read)
                os.close(ans_write)
                inherited += [req_write, ans_read]
                self._workers.append(_Worker(pid, req_write, ans_read))
        except BaseException:
            self.kill()
            raise
        for worker in self._workers:
            worker.thread.start()

    def __len__(self) -> int:
        return len(self._workers)

    @property
    def pending(self) -> int:
        """Requests sent whose answers have not been read."""
        return len(self._waiting)

    def send(self, request: object) -> None:
        worker = self._workers[self._next]
        self._next = (self._next + 1) % len(self._workers)
        worker.queue.put(_frame(request))
        self._waiting.append(worker)

    def receive(self) -> object:
        """The answer to the oldest request not answered yet."""
        worker = self._waiting.popleft()
        answer = _read_frame(worker.answers)
        if answer is None:
            raise WorkerDied(f"worker {worker.pid} ended without an answer")
        ok, value = answer
        if not ok:
            raise WorkerDied(f"worker {worker.pid} failed: {value}")
        return value

    def close(self) -> None:
        """Let the workers finish and wait for them (after the last answer was read)."""
        for worker in self._workers:
            worker.queue.put(None)
        for worker in self._workers:
            worker.thread.join()
        self._reap()

    def kill(self) -> None:
        """End the workers now (the run was cut short)."""
        for worker in self._workers:
            try:
                os.kill(worker.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._reap()

    def _reap(self) -> None:
        for worker in self._workers:
            for fd in (worker.requests, worker.answers):
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                os.waitpid(worker.pid, 0)
            except ChildProcessError:
                pass
        self._workers = []
        self._waiting.clear()


def _serve(requests: int, answers: int, init: Callable[[], None], task: Callable[[object], object]) -> None:
    """A worker's life: answer every request, then leave without running the parent's exit handlers."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        init()
        while True:
            request = _read_frame(requests)
            if request is None:
                break
            try:
                reply = _frame((True, task(request)))
            except Exception as exc:  # a bug: the parent reports it
                reply = _frame((False, f"{type(exc).__name__}: {exc}"))
            _write_all(answers, reply)
    except BaseException:
        status = 1
    finally:
        os._exit(status)
