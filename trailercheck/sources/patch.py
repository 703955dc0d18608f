"""``git format-patch`` files and mboxes: one commit message per mail.

What ``git am`` would make the commit message of: the ``Subject:`` header
(unfolded, RFC 2047 decoded, ``[PATCH ...]``/``[RFC ...]`` groups removed),
a blank line, and the body up to the ``---`` line. Line numbers are within
that message: the subject is line 1, the first body line line 3.

What a file holds, as people have them:

- mails separated by ``From <sha> Mon Sep 17 00:00:00 2001`` lines (mbox
  ``From_`` lines); text before the first of them (a licence header, as Yocto
  layers put on their ``.patch`` files, or any note) is not a mail, unless
  it is a bare mail itself;
- a bare mail, without such a line: header fields from the first line up to
  a blank line, with a ``Subject:`` or ``From:`` among them (what lore's
  ``/raw`` returns);
- anything else (plain text, a binary file, an empty file) holds no mail:
  :func:`read_mails` refuses it with a :class:`~trailercheck.errors.UsageError`.

A cover letter (``[PATCH 0/N]``, ``[PATCH v2 00/12]``, ``[RFC PATCH 0/3]``)
is not a commit and is skipped. :attr:`Mail.index` counts only the mails that
carry a commit: in a series mbox ``:1`` is ``[PATCH 1/N]``, whether a cover
letter comes first or not.
"""

from __future__ import annotations

import itertools
import re

from ..errors import UsageError
from ..model.text import Line, decode, split_lines

_FROM_LINE_RE = re.compile(rb"^From \S+ +\w{3} \w{3} +\d+ \d+:\d+:\d+ \d{4}\s*$")
#: A header field's name (RFC 5322: printable ASCII but ``:``), then the colon.
_HEADER_FIELD_RE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+[ \t]*:")
_PATCH_GROUP_RE = re.compile(r"^\s*\[[^\]]*\b(PATCH|RFC)\b[^\]]*\]\s*", re.IGNORECASE)
#: The ``0/N`` (``00/12``) counter of a cover letter inside a ``[PATCH ...]`` group.
_COVER_COUNTER_RE = re.compile(r"(?<![\w/])0+/\d+(?![\w/])")
_RE_PREFIX_RE = re.compile(r"^\s*(re|aw|fwd?)\s*:\s*", re.IGNORECASE)


class Mail:
    """One mail of a patch file: the commit message it carries and its author."""

    __slots__ = ("author", "cover_letter", "date", "index", "lines", "message_id", "source", "subject")

    def __init__(
        self,
        source: str,
        index: int,
        subject: str,
        author: str | None,
        lines: list[Line],
        message_id: str | None,
        cover_letter: bool = False,
        date: int | None = None,
    ) -> None:
        self.source = source
        #: 1-based, among the mails of the file that carry a commit (cover letters do not count).
        self.index = index
        self.subject = subject
        #: The ``From:`` header (or in-body ``From:``), decoded.
        self.author = author
        #: The commit message: subject, blank line, body.
        self.lines = lines
        self.message_id = message_id
        #: A ``[PATCH 0/N]`` mail: it introduces a series and carries no commit.
        self.cover_letter = cover_letter
        #: The ``Date:`` header (or in-body ``Date:``), the author date ``git am`` records, in seconds since the epoch.
        self.date = date


def is_bare_mail(data: bytes) -> bool:
    """Whether ``data`` starts with a mail's header block (no ``From_`` line needed).

    Every line up to the first blank one (or the end) is a header field or the
    continuation of one, and ``Subject:`` or ``From:`` is among them.
    """
    named = False
    seen = False
    for line in data.splitlines():
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            if not seen:
                return False
            continue
        if not _HEADER_FIELD_RE.match(line):
            return False
        seen = True
        name = line.split(b":", 1)[0].rstrip(b" \t").lower()
        named = named or name in (b"subject", b"from")
    return named


def split_mbox(data: bytes) -> list[bytes]:
    """The mails of an mbox or patch file; ``[]`` when it holds none.

    Each ``From_`` line starts a mail. Text before the first one (all of the
    file when there is none) is a mail only if it starts with mail headers
    (:func:`is_bare_mail`); a licence header or a note is not.
    """
    lines = data.splitlines(keepends=True)
    starts = [i for i, ln in enumerate(lines) if ln.startswith(b"From ") and _FROM_LINE_RE.match(ln)]
    head = b"".join(lines[: starts[0]]) if starts else data
    mails = [head] if is_bare_mail(head) else []
    bounds = [*starts, len(lines)]
    return mails + [b"".join(lines[a:b]) for a, b in itertools.pairwise(bounds)]


def no_mail_reason(data: bytes) -> str:
    """Why a file that holds no mail is refused, in a few words for the user."""
    what = "not a format-patch file or mbox"
    if not data.strip():
        return f"empty file; {what}"
    if data.startswith(b"\x1f\x8b"):
        return "gzip-compressed; decompress it first (gunzip)"
    if b"\0" in data[:8000]:  # git's own test for binary content
        return f"binary file; {what}"
    return f"no mail in it (no 'From <commit> <date>' line, no mail headers); {what}"


def decode_header(value: str) -> str:
    """Decode RFC 2047 encoded words (``=?UTF-8?q?...?=``)."""
    if "=?" not in value:
        return value
    from email.header import decode_header as _decode
    from email.header import make_header

    try:
        return str(make_header(_decode(value)))
    except (LookupError, ValueError):
        return value


def clean_subject(subject: str) -> str:
    """Remove ``Re:`` and leading ``[PATCH ...]``/``[RFC ...]`` groups, like ``git mailinfo``."""
    subject = " ".join(subject.split())
    while True:
        m = _PATCH_GROUP_RE.match(subject) or _RE_PREFIX_RE.match(subject)
        if not m:
            return subject.strip()
        subject = subject[m.end() :]


def is_cover_letter(subject: str) -> bool:
    """Whether a ``Subject:`` is a cover letter's: a ``0/N`` counter in a leading ``[PATCH ...]`` group.

    ``[PATCH v2 0/7]``, ``[RFC PATCH 00/12]``, ``Re: [PATCH 0/3]``; not ``[PATCH 10/12]``.
    """
    subject = " ".join(subject.split())
    while True:
        m = _PATCH_GROUP_RE.match(subject)
        if m:
            if _COVER_COUNTER_RE.search(m.group()):
                return True
        else:
            m = _RE_PREFIX_RE.match(subject)
            if not m:
                return False
        subject = subject[m.end() :]


def parse_date(value: str) -> int | None:
    """Seconds since the epoch of an RFC 2822 ``Date:`` value, or None when it is not one."""
    from email.utils import mktime_tz, parsedate_tz

    parsed = parsedate_tz(value)
    if parsed is None:
        return None
    try:
        return mktime_tz(parsed)
    except (OverflowError, ValueError):
        return None


def _parse_headers(lines: list[str]) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    key = ""
    i = 0
    if lines and lines[0].startswith("From ") and _FROM_LINE_RE.match(lines[0].encode("utf-8", "surrogateescape")):
        i = 1
    while i < len(lines):
        line = lines[i].rstrip("\r\n")
        if line == "":
            i += 1
            break
        if line[0] in " \t" and key:
            headers[key] += " " + line.strip()
        else:
            name, sep, value = line.partition(":")
            if not sep:
                break
            key = name.strip().lower()
            headers[key] = value.strip()
        i += 1
    return headers, i


def _decode_body(raw: list[str], headers: dict[str, str]) -> str:
    cte = headers.get("content-transfer-encoding", "").lower()
    text = "".join(raw)
    if cte not in ("quoted-printable", "base64"):
        return text
    import binascii

    data = text.encode("utf-8", "surrogateescape")
    try:
        body = binascii.a2b_qp(data) if cte == "quoted-printable" else binascii.a2b_base64(data)
    except (binascii.Error, ValueError):
        return text
    charset = re.search(r"charset=\"?([\w.-]+)", headers.get("content-type", ""), re.IGNORECASE)
    name = charset.group(1) if charset else "utf-8"
    try:
        return body.decode(name, "surrogateescape") if name.lower() in ("utf-8", "utf8") else body.decode(name)
    except (LookupError, UnicodeDecodeError):
        return decode(body)


def mail_parts(data: bytes) -> tuple[dict[str, str], str]:
    """A mail's header fields (lower-case names, unfolded, not decoded) and its body, transfer encoding undone."""
    raw_lines = decode(data).splitlines(keepends=True)
    headers, body_start = _parse_headers(raw_lines)
    return headers, _decode_body(raw_lines[body_start:], headers)


def _is_patch_start(line: str) -> bool:
    stripped = line.rstrip("\r\n")
    return stripped.rstrip() == "---" or stripped.startswith(("diff --git ", "Index: "))


def parse_mail(data: bytes, source: str, index: int) -> Mail:
    text = decode(data)
    raw_lines = text.splitlines(keepends=True)
    headers, body_start = _parse_headers(raw_lines)
    body_lines = _decode_body(raw_lines[body_start:], headers).splitlines(keepends=True)
    raw_subject = decode_header(headers.get("subject", ""))
    subject = clean_subject(raw_subject)
    author = decode_header(headers["from"]) if "from" in headers else None
    date = headers.get("date")
    # In-body headers (From:/Subject:/Date: before a blank line) override the mail's.
    i = 0
    while i < len(body_lines) and not body_lines[i].strip():
        i += 1
    j = i
    inbody: dict[str, str] = {}
    while j < len(body_lines):
        name, sep, value = body_lines[j].partition(":")
        if sep and name in ("From", "Subject", "Date") and value.startswith(" "):
            inbody[name.lower()] = value.strip()
            j += 1
            continue
        break
    if inbody and (j == len(body_lines) or not body_lines[j].strip()):
        author = decode_header(inbody.get("from", author or "")) or author
        if "subject" in inbody:
            subject = clean_subject(decode_header(inbody["subject"]))
        date = inbody.get("date", date)
        i = j
    body: list[str] = []
    for line in body_lines[i:]:
        if _is_patch_start(line):
            break
        body.append(line)
    while body and not body[0].strip():
        body.pop(0)
    message = subject + "\n\n" + "".join(body) if body else subject + "\n"
    lines = split_lines(message)
    return Mail(
        source,
        index,
        subject,
        author,
        lines,
        headers.get("message-id"),
        is_cover_letter(raw_subject),
        parse_date(date) if date else None,
    )


def read_mails(data: bytes, source: str) -> list[Mail]:
    """The mails of a file that carry a commit, numbered from 1 (cover letters skipped).

    Raises :class:`UsageError` (``SOURCE: why``) when the file holds no mail at all.
    """
    chunks = split_mbox(data)
    if not chunks:
        raise UsageError(f"{source}: {no_mail_reason(data)}")
    mails: list[Mail] = []
    for chunk in chunks:
        mail = parse_mail(chunk, source, len(mails) + 1)
        if not mail.cover_letter:
            mails.append(mail)
    return mails
