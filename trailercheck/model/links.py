"""Reading a ``Link:`` value: URL parts, message-id, thread-view suffixes."""

from __future__ import annotations

import re

DEFAULT_LORE_HOSTS: tuple[str, ...] = ("lore.kernel.org", "patch.msgid.link", "msgid.link")

_URL_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?(#\S*)?")
_PCT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
#: Path segments after the message-id that show something else than the message.
VIEW_SUFFIXES = frozenset({"T", "t", "raw", "t.mbox.gz", "mbox.gz", "t.atom"})
_LIST_SELECTORS = frozenset({"r", "all"})


def unquote(text: str) -> str:
    """Decode ``%XX`` escapes of ASCII characters (others stay escaped)."""
    if "%" not in text:
        return text
    return _PCT_RE.sub(_unescape, text)


def _unescape(m: re.Match[str]) -> str:
    code = int(m.group(0)[1:], 16)
    return chr(code) if code < 0x80 else m.group(0)


class Link:
    """What a link value says.

    ``problems`` lists structural problems (L03 material); ``msgid`` is the
    message-id as written in the path (maybe percent-encoded), ``msgid_col``
    its column within the value; ``suffix`` is what follows it (a thread view,
    raw, a fragment), ``canonical`` the value as it should be written.
    """

    __slots__ = (
        "brackets",
        "host",
        "msgid",
        "msgid_start",
        "path",
        "problems",
        "scheme",
        "suffix_start",
        "value",
    )

    def __init__(self, value: str) -> None:
        self.value = value
        self.scheme = ""
        self.host = ""
        self.path = ""
        self.msgid: str | None = None
        self.msgid_start = -1
        self.suffix_start = -1
        self.brackets = False
        self.problems: list[str] = []
        self._parse()

    @property
    def decoded_msgid(self) -> str | None:
        return None if self.msgid is None else unquote(self.msgid)

    @property
    def encoded(self) -> bool:
        return self.msgid is not None and bool(_PCT_RE.search(self.msgid))

    @property
    def suffix(self) -> str:
        return "" if self.suffix_start < 0 else self.value[self.suffix_start :]

    def on_hosts(self, hosts: tuple[str, ...] | list[str]) -> bool:
        return self.host.lower() in hosts

    def _parse(self) -> None:
        value = self.value
        stripped = value
        if stripped.startswith("<") and stripped.endswith(">"):
            self.brackets = True
            stripped = stripped[1:-1]
        if any(ch in stripped for ch in " \t"):
            self.problems.append("whitespace in the URL")
        offset = value.find(stripped)
        m = _URL_RE.match(stripped)
        if not m:
            self.problems.append("not a URL")
            return
        self.scheme = m.group(1).lower()
        self.host = m.group(2)
        self.path = m.group(3)
        if self.brackets:
            self.problems.append("angle brackets around the URL")
        if self.scheme == "http":
            self.problems.append("http:// instead of https://")
        elif self.scheme != "https":
            self.problems.append(f"{self.scheme}:// is not a web link")
        path_start = offset + m.start(3)
        segs: list[tuple[int, str]] = []
        pos = 0
        for part in self.path.split("/"):
            if part:
                segs.append((path_start + pos, part))
            pos += len(part) + 1
        idx = self._msgid_index([s for _, s in segs])
        if idx is None:
            self.problems.append("no message-id in the path")
            return
        col, seg = segs[idx]
        if (seg.startswith("<") and seg.endswith(">")) or seg.startswith("%3C") or seg.startswith("%3c"):
            self.problems.append("angle brackets around the message-id")
            self.brackets = True
            inner = seg[1:-1] if seg.startswith("<") else seg[3:]
            if inner.lower().endswith("%3e"):
                inner = inner[:-3]
            col += seg.find(inner)
            seg = inner
        self.msgid = seg
        self.msgid_start = col
        if "@" not in unquote(seg):
            self.problems.append("message-id without @")
        rest = [s for _, s in segs[idx + 1 :]]
        end_of_id = col + len(seg) + (1 if seg != segs[idx][1] and segs[idx][1].endswith(">") else 0)
        if rest or m.group(4) or m.group(5):
            if not rest or rest[0] in VIEW_SUFFIXES or m.group(5):
                self.suffix_start = end_of_id
            else:
                self.problems.append("no message-id in the path")

    @staticmethod
    def _msgid_index(segs: list[str]) -> int | None:
        for i, seg in enumerate(segs):
            if "@" in seg or "%40" in seg.lower():
                return i
        if len(segs) >= 2 and segs[0] in _LIST_SELECTORS:
            return 1
        if len(segs) == 2 and segs[1] not in VIEW_SUFFIXES:
            return 1
        return None

    def canonical(self) -> str:
        """The value written as it should be: https, no brackets, no view suffix, decoded id."""
        if self.msgid is None or not self.host:
            return self.value
        stripped = self.value
        if stripped.startswith("<") and stripped.endswith(">"):
            stripped = stripped[1:-1]
        head = self.value[: self.msgid_start]
        if head.startswith("<"):
            head = head[1:]
        if head.endswith("<"):
            head = head[:-1]
        if head.endswith("%3C") or head.endswith("%3c"):
            head = head[:-3]
        if head.lower().startswith("http://"):
            head = "https://" + head[7:]
        url = head + (self.decoded_msgid or "")
        if self.suffix_start >= 0 or self.value.rstrip(">").endswith("/"):
            url += "/"
        return url
