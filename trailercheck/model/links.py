"""Reading a ``Link:`` value: URL parts, message-id, thread-view suffixes."""

from __future__ import annotations

import re

from .patterns import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

DEFAULT_LORE_HOSTS: Final[tuple[str, ...]] = ("lore.kernel.org", "patch.msgid.link", "msgid.link")

_URL_RE: Final = LazyPattern(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?(#\S*)?")
_PCT_RE: Final = LazyPattern(r"%[0-9A-Fa-f]{2}")
#: The common well-formed link, read in one step: https, a host, maybe a list name, a
#: message-id with ``@`` and nothing to decode or unwrap, maybe a closing slash.
_SIMPLE_RE: Final = re.compile(r"https://([^/?#\s<>\[\]%]+)/(?:([^/?#\s<>@%]+)/)?([^/?#\s<>%@]+@[^/?#\s<>%]+)/?")
#: Path segments after the message-id that show something else than the message.
VIEW_SUFFIXES: Final = frozenset({"T", "t", "raw", "t.mbox.gz", "mbox.gz", "t.atom"})
_LIST_SELECTORS: Final = frozenset({"r", "all"})
#: Brackets people put around a URL or a message-id, and what they are called.
WRAPPERS: Final = {"<": (">", "angle brackets"), "[": ("]", "square brackets")}
_ID_WRAPPERS: Final = (("<", ">"), ("%3C", "%3E"), ("%3c", "%3e"))


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

    Columns are offsets into ``value``: the URL proper spans
    ``url_start:url_end`` (without brackets around it); the message-id spans
    ``msgid_start:msgid_end`` (without brackets around it, maybe
    percent-encoded); ``suffix_start`` is where a thread view, raw view or
    fragment after the message-id begins (-1 when there is none).
    ``problems`` lists what is structurally wrong (rule L03).
    """

    __slots__ = (
        "host",
        "msgid",
        "msgid_end",
        "msgid_start",
        "path",
        "problems",
        "scheme",
        "suffix_start",
        "url_end",
        "url_start",
        "value",
    )

    def __init__(self, value: str, quick: bool = True) -> None:
        self.value = value
        self.scheme = ""
        self.host = ""
        self.path = ""
        self.msgid: str | None = None
        self.msgid_start = self.msgid_end = self.suffix_start = -1
        self.url_start, self.url_end = 0, len(value)
        self.problems: list[str] = []
        if not (quick and self._parse_simple()):
            self._parse()

    @property
    def decoded_msgid(self) -> str | None:
        return None if self.msgid is None else unquote(self.msgid)

    @property
    def encoded(self) -> bool:
        return self.msgid is not None and bool(_PCT_RE.search(self.msgid))

    @property
    def suffix(self) -> str:
        return "" if self.suffix_start < 0 else self.value[self.suffix_start : self.url_end]

    def on_hosts(self, hosts: tuple[str, ...] | list[str]) -> bool:
        return self.host.lower() in hosts

    def _parse_simple(self) -> bool:
        """Read the common well-formed link in one step (what ``_parse`` would find); False if it is not one."""
        value = self.value
        simple = _SIMPLE_RE.fullmatch(value)
        if simple is None:
            return False
        self.scheme = "https"
        self.host = simple.group(1)
        self.path = value[simple.end(1) :]
        self.msgid = simple.group(3)
        self.msgid_start, self.msgid_end = simple.span(3)
        return True

    def _parse(self) -> None:
        value = self.value
        if len(value) >= 2 and value[0] in WRAPPERS and value[-1] == WRAPPERS[value[0]][0]:
            self.problems.append(f"{WRAPPERS[value[0]][1]} around the URL")
            self.url_start, self.url_end = 1, len(value) - 1
        url = value[self.url_start : self.url_end]
        if " " in url or "\t" in url:
            self.problems.append("whitespace in the URL")
        m = _URL_RE.match(url)
        if not m:
            self.problems.append("not a URL")
            return
        self.scheme = m.group(1).lower()
        self.host = m.group(2)
        self.path = m.group(3)
        if self.scheme == "http":
            self.problems.append("http:// instead of https://")
        elif self.scheme != "https":
            self.problems.append(f"{self.scheme}:// is not a web link")
        base = self.url_start + m.start(3)
        segs: list[tuple[int, str]] = []
        pos = 0
        for part in self.path.split("/"):
            if part:
                segs.append((base + pos, part))
            pos += len(part) + 1
        idx = self._msgid_index([s for _, s in segs])
        if idx is None:
            self.problems.append("no message-id in the path")
            return
        col, seg = segs[idx]
        end = col + len(seg)
        for left, right in _ID_WRAPPERS:
            if seg.startswith(left) and seg.endswith(right) and len(seg) > len(left) + len(right):
                self.problems.append("angle brackets around the message-id")
                seg = seg[len(left) : -len(right)]
                col += len(left)
                break
        self.msgid, self.msgid_start, self.msgid_end = seg, col, col + len(seg)
        if "@" not in unquote(seg):
            self.problems.append("message-id without @")
        rest = [s for _, s in segs[idx + 1 :]]
        if rest or m.group(4) or m.group(5):
            if not rest or rest[0] in VIEW_SUFFIXES or m.group(5):
                self.suffix_start = end
            else:
                self.problems.append(f"unexpected {'/'.join(rest)!r} after the message-id")

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

    def without_brackets(self) -> str:
        """The value without brackets around the URL or the message-id, and with https://."""
        out = self.value[self.url_start : self.url_end]
        if self.msgid is not None:
            shift = self.url_start
            out = (
                out[: self.msgid_start - shift].rstrip("<").removesuffix("%3C").removesuffix("%3c")
                + (self.msgid)
                + _strip_id_close(out[self.msgid_end - shift :])
            )
        if out.lower().startswith("http://"):
            out = "https://" + out[7:]
        return out


def _strip_id_close(tail: str) -> str:
    for right in (">", "%3E", "%3e"):
        if tail.startswith(right):
            return tail[len(right) :]
    return tail
