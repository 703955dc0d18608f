"""``git format-patch`` files and mboxes: one commit message per mail.

What ``git am`` would make the commit message of: the ``Subject:`` header
(unfolded, RFC 2047 decoded, ``[PATCH ...]``/``[RFC ...]`` groups removed),
a blank line, and the body up to the ``---`` line. Line numbers are within
that message: the subject is line 1, the first body line line 3.
"""

from __future__ import annotations

import itertools
import re

from ..model.text import Line, decode, split_lines

_FROM_LINE_RE = re.compile(rb"^From \S+ +\w{3} \w{3} +\d+ \d+:\d+:\d+ \d{4}\s*$")
_PATCH_GROUP_RE = re.compile(r"^\s*\[[^\]]*\b(PATCH|RFC)\b[^\]]*\]\s*", re.IGNORECASE)
_RE_PREFIX_RE = re.compile(r"^\s*(re|aw|fwd?)\s*:\s*", re.IGNORECASE)


class Mail:
    """One mail of a patch file: the commit message it carries and its author."""

    __slots__ = ("author", "date", "index", "lines", "message_id", "source", "subject")

    def __init__(
        self,
        source: str,
        index: int,
        subject: str,
        author: str | None,
        lines: list[Line],
        message_id: str | None,
        date: int | None = None,
    ) -> None:
        self.source = source
        self.index = index
        self.subject = subject
        #: The ``From:`` header (or in-body ``From:``), decoded.
        self.author = author
        #: The commit message: subject, blank line, body.
        self.lines = lines
        self.message_id = message_id
        #: The ``Date:`` header (or in-body ``Date:``), the author date ``git am`` records, in seconds since the epoch.
        self.date = date


def split_mbox(data: bytes) -> list[bytes]:
    """The mails of an mbox (a single mail when there is no ``From `` separator)."""
    lines = data.splitlines(keepends=True)
    starts = [i for i, ln in enumerate(lines) if ln.startswith(b"From ") and _FROM_LINE_RE.match(ln)]
    if not starts:
        return [data]
    if starts[0] != 0 and any(ln.strip() for ln in lines[: starts[0]]):
        starts.insert(0, 0)  # text before the first separator is a mail of its own
    bounds = [*starts, len(lines)]
    return [b"".join(lines[a:b]) for a, b in itertools.pairwise(bounds)]


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


def _is_patch_start(line: str) -> bool:
    stripped = line.rstrip("\r\n")
    return stripped.rstrip() == "---" or stripped.startswith(("diff --git ", "Index: "))


def parse_mail(data: bytes, source: str, index: int) -> Mail:
    text = decode(data)
    raw_lines = text.splitlines(keepends=True)
    headers, body_start = _parse_headers(raw_lines)
    body_lines = _decode_body(raw_lines[body_start:], headers).splitlines(keepends=True)
    subject = clean_subject(decode_header(headers.get("subject", "")))
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
    return Mail(
        source,
        index,
        subject,
        author,
        split_lines(message),
        headers.get("message-id"),
        parse_date(date) if date else None,
    )


def read_mails(data: bytes, source: str) -> list[Mail]:
    return [parse_mail(chunk, source, i + 1) for i, chunk in enumerate(split_mbox(data))]
