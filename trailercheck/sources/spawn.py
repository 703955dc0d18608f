"""Run a short git command cheaply (no ``subprocess`` import on the hook path); widen a pipe."""

from __future__ import annotations

import os


def capture(argv: list[str], cwd: str | None = None) -> bytes | None:
    """Standard output of ``argv``, or None when it cannot run or fails."""
    read_fd, write_fd = os.pipe()
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [
        (os.POSIX_SPAWN_DUP2, devnull, 0),
        (os.POSIX_SPAWN_DUP2, write_fd, 1),
        (os.POSIX_SPAWN_DUP2, devnull, 2),
        (os.POSIX_SPAWN_CLOSE, read_fd),
    ]
    old_cwd = None
    try:
        try:
            if cwd is not None:
                old_cwd = os.getcwd()
                os.chdir(cwd)
            pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
        except OSError:
            os.close(read_fd)
            return None
    finally:
        if old_cwd is not None:
            os.chdir(old_cwd)
        os.close(write_fd)
        os.close(devnull)
    chunks = []
    with os.fdopen(read_fd, "rb") as pipe:
        while True:
            chunk = pipe.read(65536)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return b"".join(chunks)


#: Linux's fcntl to resize a pipe.
_F_SETPIPE_SZ = 1031
PIPE_SIZE = 1 << 20


def widen_pipe(fd: int) -> None:
    """Give the pipe of ``fd`` room for a megabyte, so a fast writer runs ahead instead of
    waiting for each read (a no-op where pipes cannot be resized)."""
    try:
        import fcntl

        fcntl.fcntl(fd, _F_SETPIPE_SZ, PIPE_SIZE)
    except (ImportError, OSError):  # not Linux, or over the system's limit: the default pipe works too
        pass
