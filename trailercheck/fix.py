"""Applying fixes: only the bytes of the fixed spans change, the file is replaced atomically."""

from __future__ import annotations

import bisect
import os
import stat
import tempfile

from .errors import UsageError
from .findings import Edit, Finding
from .model.text import Line, encode, quote_path


class _Taken:
    """The edits already taken on one line: their spans in order, or the deletion of the line."""

    __slots__ = ("deleted", "edits", "spans")

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self.edits: list[Edit] = []
        self.deleted = False

    def clashes(self, edit: Edit) -> bool:
        """Whether ``edit`` overlaps an edit taken (two insertions at one place do too: their order
        would be arbitrary)."""
        if self.deleted or (edit.start < 0 and self.spans):
            return True
        if edit.start < 0:
            return False
        # The spans taken never overlap, so their ends rise with their starts: only the
        # neighbours of the new span's place can overlap it.
        at = bisect.bisect_left(self.spans, (edit.start, edit.end))
        for start, end in self.spans[max(at - 1, 0) : at + 1]:
            if edit.start == edit.end == start == end:
                return True
            if edit.start < end and start < edit.end:
                return True
        return False

    def take(self, edit: Edit) -> None:
        self.edits.append(edit)
        if edit.start < 0:
            self.deleted = True
        else:
            bisect.insort(self.spans, (edit.start, edit.end))


def apply_edits(lines: list[Line], findings: list[Finding]) -> tuple[str, list[Finding]]:
    """The text of ``lines`` with the edits of ``findings`` applied.

    Findings whose edits overlap an edit already taken are left for the next
    round (the caller re-checks and fixes again until nothing changes).
    Returns the new text and the findings that were applied. The time taken
    grows with the size of the text and the number of edits, not their product.
    """
    taken: dict[int, _Taken] = {}
    applied: list[Finding] = []
    for finding in findings:
        if not finding.edits:
            continue
        if any(id(e.line) in taken and taken[id(e.line)].clashes(e) for e in finding.edits):
            continue
        for e in finding.edits:
            taken.setdefault(id(e.line), _Taken()).take(e)
        applied.append(finding)
    parts: list[str] = []
    for line in lines:
        on_line = taken.get(id(line))
        if on_line is None:
            parts.append(line.orig + line.eol)
            continue
        if on_line.deleted:
            continue
        text = line.orig
        at = 0
        for e in sorted(on_line.edits, key=lambda e: (e.start, e.end)):
            parts.append(text[at : e.start])
            parts.append(e.new)
            at = e.end
        parts.append(text[at:] + line.eol)
    return "".join(parts), applied


def fix_target(path: str) -> tuple[str, os.stat_result]:
    """The file ``--fix`` rewrites for ``path`` (a symbolic link's target) and its status.

    Refuses (:class:`UsageError`) a file that is read-only by its mode bits,
    or one with several hard links: replacing it would split them. As root
    no permission error would say so.
    """
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except OSError as exc:
        raise UsageError(f"cannot write {quote_path(path)}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{quote_path(path)}: not a regular file: not fixed")
    if not st.st_mode & 0o222 or (os.geteuid() != 0 and not os.access(target, os.W_OK)):
        raise UsageError(f"{quote_path(path)}: the file is read-only: not fixed")
    if st.st_nlink > 1:
        raise UsageError(f"{quote_path(path)}: the file has {st.st_nlink} hard links: not fixed")
    return target, st


def write_atomic(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` (lossless bytes), keeping its permissions and owner.

    A symbolic link is written through: its target is replaced, the link stays.
    See :func:`fix_target` for the files refused.
    """
    target, st = fix_target(path)
    data = encode(text)
    directory = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".trailercheck-", dir=directory)
    except OSError as exc:
        raise UsageError(f"cannot write {quote_path(path)}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        own = os.stat(tmp)
        if (own.st_uid, own.st_gid) != (st.st_uid, st.st_gid):
            os.chown(tmp, st.st_uid, st.st_gid)
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {quote_path(path)}: {exc.strerror}") from None
        raise
