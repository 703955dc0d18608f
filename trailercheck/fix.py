"""Applying fixes: only the bytes of the fixed spans change, the file is replaced atomically."""

from __future__ import annotations

import os
import tempfile

from .findings import Edit, Finding
from .model.text import Line, encode


def apply_edits(lines: list[Line], findings: list[Finding]) -> tuple[str, list[Finding]]:
    """The text of ``lines`` with the edits of ``findings`` applied.

    Findings whose edits overlap an edit already taken are left for the next
    round (the caller re-checks and fixes again until nothing changes).
    Returns the new text and the findings that were applied.
    """
    by_line: dict[int, list[Edit]] = {}
    applied: list[Finding] = []
    for finding in findings:
        if not finding.edits:
            continue
        if any(_overlaps(e, by_line.get(id(e.line), [])) for e in finding.edits):
            continue
        for e in finding.edits:
            by_line.setdefault(id(e.line), []).append(e)
        applied.append(finding)
    parts: list[str] = []
    for line in lines:
        edits = by_line.get(id(line))
        if not edits:
            parts.append(line.orig + line.eol)
            continue
        if any(e.start < 0 for e in edits):
            continue  # deleted
        text = line.orig
        for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
            text = text[: e.start] + e.new + text[e.end :]
        parts.append(text + line.eol)
    return "".join(parts), applied


def _overlaps(edit: Edit, taken: list[Edit]) -> bool:
    for other in taken:
        if edit.start < 0 or other.start < 0:
            return True
        if edit.start == edit.end == other.start == other.end:
            return True  # two insertions at one place: order would be arbitrary
        if edit.start < other.end and other.start < edit.end:
            return True
        if edit.start == edit.end and other.start < edit.start < other.end:
            return True
    return False


def write_atomic(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` (lossless bytes), keeping its permissions."""
    data = encode(text)
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=".trailercheck-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
