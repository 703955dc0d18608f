"""Every git process trailercheck starts: how it is run, read and understood when it fails.

- :func:`read` runs a short command for its output (None when git fails);
  :func:`run` the same, or raises :class:`GitError` with git's own reason.
- :func:`stream` reads a long output as it comes (``git log`` of a whole
  history), never holding it; stopping early kills git.
- :class:`CatFile` keeps one ``git cat-file --batch`` process and asks it for
  many objects per round trip.
- :func:`pipe` runs two git processes, the first feeding the second.
- :func:`comment_setting` is the one reader of ``core.commentChar`` and
  ``core.commentString``; :func:`git_vars` reads it with the identities, in
  the single process the ``commit-msg`` hook pays for, which it starts
  (:func:`start_git_vars`) before loading the checks.

git always runs as ``git -C <dir>``: the process's own directory never
changes. Nothing here imports :mod:`subprocess` or GitPython at load time: the
hook's short commands are started with ``posix_spawn`` (the ``subprocess``
module alone costs a hook more than the git process it would start), and the
long-lived processes of a range check import :mod:`subprocess` when they start.
"""

from __future__ import annotations

import os

from ..errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterable, Iterator
    from typing import Final

#: Bytes read from a streamed output at a time.
CHUNK: Final = 1 << 18
#: Linux's fcntl to resize a pipe, and the size asked for.
_F_SETPIPE_SZ: Final = 1031
PIPE_SIZE: Final = 1 << 20


class GitError(UsageError):
    """git could not run, or exited with an error; the message is git's first line of complaint."""


def argv(args: Iterable[str], cwd: str | None = None) -> list[str]:
    """The command line that runs ``git ARGS`` in ``cwd``."""
    return ["git", "-C", cwd, *args] if cwd else ["git", *args]


def _reason(err: bytes, args: list[str]) -> str:
    lines = err.decode("utf-8", "replace").strip().splitlines()
    for line in lines:
        if line.startswith(("fatal: ", "error: ")):
            return line.split(": ", 1)[1]
    return lines[0] if lines else f"git {args[0] if args else ''} failed".rstrip()


def _environment(extra: dict[str, str] | None) -> dict[str, str] | os._Environ[str]:
    return {**os.environ, **extra} if extra else os.environ


def read(args: list[str], cwd: str | None = None) -> bytes | None:
    """The standard output of ``git ARGS``, or None when git cannot run or fails.

    Started with ``posix_spawn``: no :mod:`subprocess` on the hook's path.
    """
    return Started(args, cwd).output()


class Started:
    """A short git command, running from the moment it is made; :meth:`output` waits for what it writes.

    The ``commit-msg`` hook starts its one git process (:func:`start_git_vars`) before it loads the
    checks, and git runs meanwhile. Started with ``posix_spawn``, as :func:`read`.
    """

    __slots__ = ("_fd", "_pid")

    def __init__(self, args: list[str], cwd: str | None = None) -> None:
        read_fd, write_fd = os.pipe()
        devnull = os.open(os.devnull, os.O_RDWR)
        actions = [
            (os.POSIX_SPAWN_DUP2, devnull, 0),
            (os.POSIX_SPAWN_DUP2, write_fd, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
            (os.POSIX_SPAWN_CLOSE, read_fd),
        ]
        self._fd: int | None = read_fd
        self._pid: int | None = None
        try:
            self._pid = os.posix_spawnp("git", argv(args, cwd), os.environ, file_actions=actions)
        except OSError:
            os.close(read_fd)
            self._fd = None
        finally:
            os.close(write_fd)
            os.close(devnull)

    def output(self) -> bytes | None:
        """git's standard output once it has exited, or None when it could not run or failed (or was read)."""
        fd, pid = self._fd, self._pid
        self._fd = self._pid = None
        if fd is None or pid is None:
            return None
        chunks = []
        with os.fdopen(fd, "rb") as out:
            while chunk := out.read(65536):
                chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
        return b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None

    def close(self) -> None:
        """Wait for git if its output was not read (a run that failed before it needed the answer)."""
        self.output()


def run(args: list[str], cwd: str | None = None, input: bytes | None = None) -> bytes:
    """The standard output of ``git ARGS`` (fed ``input``); :class:`GitError` when it fails."""
    import subprocess

    try:
        done = subprocess.run(
            argv(args, cwd),
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        raise GitError(_reason(done.stderr, args))
    return done.stdout


def succeeds(args: list[str], cwd: str | None = None) -> bool:
    """Whether ``git ARGS`` exits 0 (a question asked by exit status, e.g. ``merge-base --is-ancestor``)."""
    try:
        run(args, cwd)
    except GitError:
        return False
    return True


def _start(
    args: list[str], cwd: str | None, stdin: int | None, env: dict[str, str] | None = None, stderr: int | None = None
) -> subprocess.Popen[bytes]:
    import subprocess

    try:
        return subprocess.Popen(
            argv(args, cwd),
            env=_environment(env),
            stdin=subprocess.DEVNULL if stdin is None else stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if stderr is None else stderr,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None


#: git flushes its output after every commit when it writes to a pipe, unless told not to.
_NO_FLUSH: Final = {"GIT_FLUSH": "0"}


def stream(args: list[str], cwd: str | None = None, size: int = CHUNK) -> Iterator[bytes]:
    """The output of ``git ARGS`` as it comes, ``size`` bytes at a time at most.

    Raises :class:`GitError` after the last chunk when git failed. A consumer
    that stops early stops git: it is killed, not waited for.
    """
    proc = _start(args, cwd, None, _NO_FLUSH)
    assert proc.stdout is not None and proc.stderr is not None
    widen_pipe(proc.stdout.fileno())
    complete = False
    try:
        while chunk := proc.stdout.read(size):
            yield chunk
        complete = True
    finally:
        if not complete:
            proc.kill()
        proc.stdout.close()
        err = proc.stderr.read()
        proc.stderr.close()
        status = proc.wait()
    if status != 0:
        raise GitError(_reason(err, args))


def diffs_of(*how: str) -> list[str]:
    """``git log`` arguments that print ``commit <id>`` and the diff of each commit named on standard
    input, made as ``how`` says (``-M``, ``--no-renames`` ...) and without the user's diff settings
    that would change its text (prefixes, colour, external drivers, text conversions, a relative root)."""
    return [
        "log",
        "--no-walk=unsorted",
        "--stdin",
        "--ignore-missing",
        "--no-show-signature",
        "--format=commit %H",
        "-p",
        "--root",
        *how,
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--no-relative",
    ]


def whole_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` re-cut so that each one ends at the end of a line (the last one may not).

    A line longer than a chunk is collected piece by piece and joined once: linear in its length.
    """
    pending: list[bytes] = []
    for chunk in chunks:
        cut = chunk.rfind(b"\n") + 1
        if cut:
            pending.append(chunk[:cut])
            yield b"".join(pending)
            pending = [chunk[cut:]]
        else:
            pending.append(chunk)
    tail = b"".join(pending)
    if tail:
        yield tail


def pipe(first: list[str], second: list[str], cwd: str | None, input: bytes) -> tuple[bytes, bool]:
    """``git FIRST < input | git SECOND``: the second's output, and whether the first succeeded.

    The first must read all of its input before it writes (``--stdin``
    commands do): the input is written whole, then the output read.
    """
    import subprocess

    head = _start(first, cwd, subprocess.PIPE, _NO_FLUSH, subprocess.DEVNULL)
    assert head.stdin is not None and head.stdout is not None
    try:
        tail = subprocess.Popen(
            argv(second, cwd), env=_environment(_NO_FLUSH), stdin=head.stdout, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except OSError as exc:
        head.kill()
        head.wait()
        raise GitError(f"cannot run git: {exc.strerror}") from None
    head.stdout.close()  # the second process holds it now: the first sees a closed pipe if it dies
    try:
        head.stdin.write(input)
        head.stdin.close()
    except BrokenPipeError:  # pragma: no cover - the first process died
        pass
    out, _ = tail.communicate()
    return out, head.wait() == 0


class CatFile:
    """One long-lived ``git cat-file --batch`` process, started on first use.

    :meth:`objects` writes a chunk of names before it reads their answers,
    so that many lookups cost one round trip.
    """

    #: Names written before the answers are read (the answers must fit a pipe, not the names).
    CHUNK = 64

    def __init__(self, cwd: str | None) -> None:
        self.cwd = cwd
        self._proc: subprocess.Popen[bytes] | None = None

    def _process(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            import subprocess

            self._proc = _start(["cat-file", "--batch"], self.cwd, subprocess.PIPE)
        return self._proc

    def objects(self, names: list[str]) -> list[tuple[str, str, bytes] | None]:
        """``(id, type, content)`` of the object each name names, or None (missing, ambiguous).

        A name must not hold a newline.
        """
        found: list[tuple[str, str, bytes] | None] = []
        for i in range(0, len(names), self.CHUNK):
            chunk = names[i : i + self.CHUNK]
            proc = self._process()
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write("".join(f"{name}\n" for name in chunk).encode("utf-8", "surrogateescape"))
                proc.stdin.flush()
            except BrokenPipeError:
                raise self._stopped() from None
            for _ in chunk:
                header = proc.stdout.readline().split()
                if len(header) == 3 and header[2].isdigit():
                    data = proc.stdout.read(int(header[2]) + 1)[:-1]
                    found.append((header[0].decode("ascii"), header[1].decode("ascii"), data))
                elif header:  # "<name> missing", "<name> ambiguous"
                    found.append(None)
                else:
                    raise self._stopped()
        return found

    def _stopped(self) -> GitError:
        """The error of a process that ended (it is not waited for otherwise)."""
        proc = self._process()
        assert proc.stderr is not None
        proc.kill()
        reason = _reason(proc.stderr.read(), ["cat-file"])
        proc.wait()
        self._proc = None
        return GitError(reason)

    def close(self) -> None:
        if self._proc is not None:
            for end in (self._proc.stdin, self._proc.stdout, self._proc.stderr):
                if end is not None:
                    end.close()
            self._proc.wait()
            self._proc = None


def widen_pipe(fd: int) -> None:
    """Give the pipe of ``fd`` room for a megabyte, so a fast writer runs ahead instead of
    waiting for each read (a no-op where pipes cannot be resized)."""
    try:
        import fcntl

        fcntl.fcntl(fd, _F_SETPIPE_SZ, PIPE_SIZE)
    except (ImportError, OSError):  # not Linux, or over the system's limit: the default pipe works too
        pass


# -- configuration -------------------------------------------------------------

_version: tuple[int, ...] | None = None


def version() -> tuple[int, ...]:
    """The running git's version, e.g. ``(2, 45, 1)``; ``()`` when it cannot tell."""
    global _version
    if _version is None:
        out = read(["version"]) or b""
        words = out.decode("ascii", "replace").split()
        numbers = words[2].split(".") if len(words) > 2 else []
        _version = tuple(int(n) for n in numbers[:3] if n.isdigit())
    return _version


#: The first git that reads ``core.commentString`` (and comment strings of several characters).
COMMENT_STRING_SINCE: Final = (2, 45)


def comment_setting(entries: Iterable[tuple[str, str]]) -> str | None:
    """The comment string configured in ``entries`` (lower-case keys, in configuration order), or None.

    ``core.commentChar`` and ``core.commentString`` set the same thing, the
    last one winning; a git older than 2.45 knows only the first. The value
    may be ``auto`` (the ``commit-msg`` hook's file shows which character git
    chose).
    """
    value: str | None = None
    for key, setting in entries:
        if key == "core.commentchar" or (key == "core.commentstring" and version() >= COMMENT_STRING_SINCE):
            value = setting
    return value


def log_comment(cwd: str | None) -> str:
    """The comment string ``git log`` uses when it reads trailers (``auto`` means ``#`` there)."""
    out = read(["config", "--get-regexp", r"^core\.comment(char|string)$"], cwd) or b""
    entries = [line.partition(" ")[::2] for line in out.decode("utf-8", "surrogateescape").splitlines()]
    setting = comment_setting(entries)
    return setting if setting and setting != "auto" else "#"


class GitVars:
    """What ``git var -l`` says about the commit being made."""

    __slots__ = ("author_ident", "comment", "committer_ident", "emails", "quote_path")

    def __init__(
        self,
        author_ident: str | None,
        committer_ident: str | None,
        comment: str | None,
        emails: frozenset[str] = frozenset(),
        quote_path: bool = True,
    ) -> None:
        self.author_ident = author_ident
        self.committer_ident = committer_ident
        #: The configured comment string (``auto`` possible), or None.
        self.comment = comment
        #: ``core.quotePath``: whether file names are printed with bytes from 0x80 on escaped.
        self.quote_path = quote_path
        #: Which of ``user.email``, ``author.email`` and ``committer.email`` are configured.
        self.emails = emails


def start_git_vars(cwd: str | None = None) -> Started:
    """Start the ``git var -l`` that :func:`git_vars` reads."""
    return Started(["var", "-l"], cwd)


def git_vars(cwd: str | None = None, started: Started | None = None) -> GitVars:
    """The author and committer idents and the comment setting, from one ``git var -l`` (it lists the
    configuration too); ``started`` is the one :func:`start_git_vars` started for ``cwd`` already."""
    out = (started if started is not None else start_git_vars(cwd)).output()
    author = committer = None
    entries: list[tuple[str, str]] = []
    emails: set[str] = set()
    quote = True
    for raw in (out or b"").decode("utf-8", "surrogateescape").splitlines():
        key, sep, value = raw.partition("=")
        if not sep:
            continue
        if key == "GIT_AUTHOR_IDENT":
            author = value
        elif key == "GIT_COMMITTER_IDENT":
            committer = value
        elif key.startswith("core.comment"):
            entries.append((key, value))
        elif key in ("user.email", "author.email", "committer.email") and value:
            emails.add(key)
        elif key == "core.quotepath":
            quote = value.lower() not in _FALSE
    return GitVars(author, committer, comment_setting(entries), frozenset(emails), quote)


#: How git writes false in its configuration.
_FALSE: Final = ("false", "no", "off", "0")


def quote_path_setting(cwd: str | None = None) -> bool:
    """``core.quotePath`` (true unless configured otherwise)."""
    out = read(["config", "--type=bool", "--get", "core.quotePath"], cwd)
    return out is None or out.strip() != b"false"


def in_repository(start: str = ".") -> bool:
    """Whether ``start`` lies in a git repository (by the files alone: no process)."""
    if os.environ.get("GIT_DIR"):
        return True
    path = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(path, ".git")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent
