"""A report file that is whole or absent: written beside, then put in place.

:func:`open_report` opens one of three kinds of destination for text:

- a regular file (or one that does not exist yet): the text goes to a
  temporary file in the same directory, which :meth:`ReportFile.commit`
  moves over the path with ``os.replace``; :meth:`ReportFile.discard` (an
  error, Ctrl-C) removes it, and the path keeps what it held before. A file
  that is replaced keeps its permissions, and its owner when the run may
  give it (as root); a new one gets the usual ones (``0666`` less the
  umask). A symbolic link is written through: its target is replaced;
- an append target (GitHub's ``$GITHUB_STEP_SUMMARY``, which each step of a
  job adds to): the text is kept aside and appended in one write on commit,
  nothing on discard;
- anything else (a device such as ``/dev/stdout``, a FIFO, any path under
  ``/dev/`` or ``/proc/``): opened and written directly, as a shell's ``>``
  would; such a file cannot be replaced.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

#: Paths under these directories name a process's streams or devices, never a file to replace.
SPECIAL_DIRS = ("/dev/", "/proc/")


def is_special(path: str) -> bool:
    """Whether ``path`` is a device, a FIFO or a socket (or a name for one) rather than a regular file."""
    if os.path.abspath(path).startswith(SPECIAL_DIRS):
        return True
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return not stat.S_ISREG(mode)


class ReportFile:
    """Where one report is written: :attr:`stream`, then :meth:`commit` or :meth:`discard`, exactly once."""

    def __init__(self, path: str, stream: IO[str], temp: str | None = None, append: bool = False) -> None:
        self.path = path
        self.stream = stream
        #: The temporary file that becomes ``path`` (a regular file), else None.
        self.temp = temp
        self.append = append
        self.done = False

    def commit(self) -> None:
        """Put the report in place: replace the file, append it, or just close the stream."""
        if self.done:
            return
        self.done = True
        try:
            if self.append:
                self._append()
            elif self.temp is not None:
                self.stream.flush()
                os.fsync(self.stream.fileno())
                self.stream.close()
                _keep_owner(self.temp, self.path)
                os.chmod(self.temp, _mode_for(self.path))
                os.replace(self.temp, self.path)
                self.temp = None
            else:
                self.stream.close()
        finally:
            self._cleanup()

    def discard(self) -> None:
        """Leave the destination as it was (what a direct stream already received stays there)."""
        if self.done:
            return
        self.done = True
        self._cleanup()

    def _append(self) -> None:
        self.stream.seek(0)
        data = self.stream.read().encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            view = memoryview(data)
            while view:  # one write() call unless the kernel takes less
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def _cleanup(self) -> None:
        if not self.stream.closed:
            try:
                self.stream.close()
            except OSError:
                pass
        if self.temp is not None:
            try:
                os.unlink(self.temp)
            except OSError:
                pass
            self.temp = None


def _keep_owner(temp: str, path: str) -> None:
    """Give ``temp`` the owner and group of the file it replaces (as root; others own what they write)."""
    try:
        old = os.stat(path)
    except FileNotFoundError:
        return
    new = os.stat(temp)
    if (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid):
        try:
            os.chown(temp, old.st_uid, old.st_gid)
        except PermissionError:
            pass  # not root: the report is the user's own


def _mode_for(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def open_report(path: str, append: bool = False) -> ReportFile:
    """A destination for a report at ``path`` (see the module's documentation); raises OSError."""
    if append:
        import tempfile  # only for files: the hook writes to standard output

        buffer = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
        return ReportFile(path, buffer, append=True)  # type: ignore[arg-type]
    if is_special(path):
        return ReportFile(path, open(path, "w", encoding="utf-8"))
    if os.path.islink(path):  # written through, as a shell's > would: the link stays
        path = os.path.realpath(path)
    directory = os.path.dirname(os.path.abspath(path))
    import tempfile

    fd, temp = tempfile.mkstemp(prefix=".trailercheck-", suffix=".tmp", dir=directory)
    try:
        stream = os.fdopen(fd, "w", encoding="utf-8")
    except BaseException:
        os.close(fd)
        os.unlink(temp)
        raise
    return ReportFile(path, stream, temp)
