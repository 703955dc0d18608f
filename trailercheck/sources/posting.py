"""A posting as the archive keeps it, and the diffs the V rules compare.

A posting is one mail of a mailing-list archive (lore's ``/raw``, a blob of a
public-inbox mirror). What the V rules need of it is what ``git am`` would
take from it: the subject without its ``[PATCH vN m/n]`` groups, the author
(the ``From:`` header, or the in-body ``From:`` line that overrides it) and
the diff. The mail is read by :func:`trailercheck.sources.patch.parse_mail`,
as the ``patch`` command reads a format-patch file.

A diff is compared by what it changes: the files, and in each of them the
added and removed lines in order. Context lines, hunk offsets and ``index``
lines are left out, so a patch applied with an offset, or to a tree whose
blobs differ, compares equal to its posting.
"""

from __future__ import annotations

import re

from ..model.patterns import LazyPattern
from ..model.person import Person, parse_person

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

_HUNK_RE: Final = LazyPattern(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
_REPLY_RE: Final = LazyPattern(r"^\s*(re|aw)\s*:", re.IGNORECASE)
#: Longest line a finding quotes.
QUOTE_MAX: Final = 72


class FileChange:
    """The changed lines of one file: ``+text`` and ``-text`` in the order of the diff."""

    __slots__ = ("lines", "path")

    def __init__(self, path: str, lines: tuple[str, ...]) -> None:
        self.path: Final = path
        self.lines: Final = lines

    def __repr__(self) -> str:
        return f"FileChange({self.path!r}, {len(self.lines)} lines)"


class Diff:
    """What a patch changes: its files, each with its added and removed lines."""

    __slots__ = ("files",)

    def __init__(self, files: tuple[FileChange, ...]) -> None:
        self.files: Final = files

    def __bool__(self) -> bool:
        return bool(self.files)

    def __repr__(self) -> str:
        return f"Diff({list(self.files)!r})"


def _path_of(header: str) -> str:
    """The file a ``diff --git a/X b/Y`` line is about (its new name)."""
    rest = header[len("diff --git ") :]
    cut = rest.rfind(" b/")
    return rest[cut + 3 :] if cut >= 0 else rest


def parse_diff(text: str) -> Diff:
    """The changes of the unified diffs in ``text`` (a mail body, ``git log -p`` output)."""
    files: list[FileChange] = []
    path: str | None = None
    lines: list[str] = []
    old_left = new_left = 0

    def close() -> None:
        if path is not None:
            files.append(FileChange(path, tuple(lines)))

    for raw in text.split("\n"):
        line = raw[:-1] if raw.endswith("\r") else raw
        if old_left > 0 or new_left > 0:
            tag = line[:1]
            if tag == "-":
                lines.append(line)
                old_left -= 1
                continue
            if tag == "+":
                lines.append(line)
                new_left -= 1
                continue
            if tag == " " or line == "":  # a context line (its blank may have been lost in transit)
                old_left -= 1
                new_left -= 1
                continue
            if tag == "\\":  # "\ No newline at end of file"
                continue
            old_left = new_left = 0
        if line.startswith("diff --git "):
            close()
            path, lines = _path_of(line), []
        elif line.startswith("+++ ") and path is None:
            name = line[4:].split("\t")[0]
            path, lines = (name[2:] if name.startswith("b/") else name), []
        elif line.startswith("@@ ") and path is not None:
            m = _HUNK_RE.match(line)
            if m is not None:
                old_left = int(m.group(1)) if m.group(1) is not None else 1
                new_left = int(m.group(2)) if m.group(2) is not None else 1
        elif path is not None and line.startswith(("Binary files ", "GIT binary patch")):
            lines.append(line)
    close()
    return Diff(tuple(files))


def _quote(line: str) -> str:
    shown = line if len(line) <= QUOTE_MAX else line[: QUOTE_MAX - 3] + "..."
    return '"' + shown.replace("\t", "\\t") + '"'


def first_difference(posted: Diff, committed: Diff) -> str | None:
    """Where the commit's changes first differ from the posting's, in words; None when they are the same."""
    theirs = {f.path: f for f in posted.files}
    ours = {f.path: f for f in committed.files}
    for f in committed.files:
        if f.path not in theirs:
            return f"the commit changes {f.path}, the posting does not"
    for f in posted.files:
        if f.path not in ours:
            return f"the posting changes {f.path}, the commit does not"
    for f in committed.files:
        mine, other = f.lines, theirs[f.path].lines
        if mine == other:
            continue
        for i in range(max(len(mine), len(other))):
            a = other[i] if i < len(other) else None
            b = mine[i] if i < len(mine) else None
            if a == b:
                continue
            if a is None:
                return f"{f.path}: the commit has {_quote(b or '')}, the posting ends before it"
            if b is None:
                return f"{f.path}: the posting has {_quote(a)}, the commit ends before it"
            return f"{f.path}: the posting has {_quote(a)}, the commit {_quote(b)}"
    return None


class Posting:
    """One archived mail, as the V rules read it.

    ``problem`` says why it carries no patch (a cover letter, a reply, no
    diff, not a mail at all); None when it does.
    """

    __slots__ = ("author", "diff", "msgid", "problem", "subject")

    def __init__(self, msgid: str, subject: str, author: Person | None, diff: Diff, problem: str | None = None) -> None:
        self.msgid: Final = msgid
        #: The subject without ``Re:`` and ``[PATCH vN m/n]`` groups.
        self.subject: Final = subject
        #: The ``From:`` header, or the in-body ``From:`` line that overrides it.
        self.author: Final = author
        self.diff: Final = diff
        self.problem: Final = problem

    def __repr__(self) -> str:
        return f"Posting({self.msgid!r}, {self.subject!r}, {self.problem!r})"


def read_posting(msgid: str, raw: bytes) -> Posting:
    """The posting of ``msgid`` from the mail's bytes (an mbox with one mail, or a bare mail)."""
    # The mail reader only when a posting is read: the rules that hold postings load with every run.
    from .patch import clean_subject, decode_header, is_cover_letter, mail_parts, parse_mail, split_mbox

    chunks = split_mbox(raw)
    if not chunks:
        return Posting(msgid, "", None, Diff(()), "is not a mail (no header fields)")
    data = chunks[0]
    mail = parse_mail(data, msgid, 1)
    headers, body = mail_parts(data)
    raw_subject = decode_header(headers.get("subject", ""))
    author = parse_person(mail.author) if mail.author else None
    if author is not None and not author.email:
        author = None
    diff = parse_diff(body)
    problem = None
    if is_cover_letter(raw_subject):
        problem = "is a cover letter, not a patch"
    elif not diff:
        problem = "is a reply, not a patch" if _REPLY_RE.match(raw_subject) else "carries no patch"
    return Posting(msgid, clean_subject(mail.subject), author, diff, problem)


class Unreachable:
    """The archive gave no answer about a posting: ``reason`` says why.

    ``refused`` when it was never asked (a message-id that cannot be sent safely): that is
    the link's fault, not the archive's.
    """

    __slots__ = ("reason", "refused")

    def __init__(self, reason: str, refused: bool = False) -> None:
        self.reason: Final = reason
        self.refused: Final = refused

    def __repr__(self) -> str:
        return f"Unreachable({self.reason!r}, refused={self.refused})"
