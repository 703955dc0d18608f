"""Reading a ``Link:`` value: URL parts, message-id, thread-view suffixes."""

from __future__ import annotations

import re

from .patterns import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

DEFAULT_LORE_HOSTS: Final[tuple[str, ...]] = ("lore.kernel.org", "patch.msgid.link", "msgid.link")

_URL_RE: Final = LazyPattern(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?(#\S*)?")
#: A URL written without its scheme (``lore.kernel.org/r/<id>``): the same groups, the first one empty.
_BARE_URL_RE: Final = LazyPattern(r"()([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(/[^?#\s]*)(\?[^#\s]*)?(#\S*)?")
_PCT_RE: Final = LazyPattern(r"%[0-9A-Fa-f]{2}")
_SPACE_RE: Final = LazyPattern(r"\s")
#: A reference number in front of the URL: ``Link: [1] https://...``, ``Link: [2]: https://...``.
_REF_RE: Final = LazyPattern(r"\[[^\]\s/:]{1,8}\]:?\s+")
#: The common well-formed link is read in one step (:meth:`Link._parse_simple`): https, a host, maybe a
#: list name, a message-id with ``@`` and nothing to decode or unwrap, maybe a closing slash. Besides
#: blanks and ``/``, what each of the three parts cannot hold.
_HOST_STOPS: Final = "?#<>[]%"
_LIST_STOPS: Final = "?#<>@%"
_ID_STOPS: Final = "?#<>%"
#: Path segments after the message-id that show something else than the message.
VIEW_SUFFIXES: Final = frozenset({"T", "t", "raw", "t.mbox.gz", "mbox.gz", "t.atom"})
#: What may stand between the message-id and an anchor that names something on the page:
#: nothing (the message) or a thread view (``/T/#m<hash>``).
_ANCHORED_VIEWS: Final[tuple[list[str], ...]] = ([], ["T"], ["t"])
_LIST_SELECTORS: Final = frozenset({"r", "all"})
#: Brackets people put around a URL or a message-id, and what they are called.
WRAPPERS: Final = {"<": (">", "angle brackets"), "[": ("]", "square brackets")}
_ID_WRAPPERS: Final = (("<", ">"), ("%3C", "%3E"), ("%3c", "%3e"))
#: What a comment after the URL starts with: ``# [1]``, ``[1]``, ``(TRM)``.
_COMMENT_STARTS: Final = "#[("
#: The characters lore (public-inbox) writes as they are in a message-id URL (RFC 3986
#: ``pchar`` without ``%``); it percent-encodes every other one, ``/`` included.
LORE_LITERAL: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@")


def unquote(text: str) -> str:
    """Decode ``%XX`` escapes of ASCII characters (others stay escaped)."""
    if "%" not in text:
        return text
    return _PCT_RE.sub(_unescape, text)


def _unescape(m: re.Match[str]) -> str:
    code = int(m.group(0)[1:], 16)
    return chr(code) if code < 0x80 else m.group(0)


def needless_escapes(text: str) -> list[tuple[str, str]]:
    """The ``%XX`` escapes in ``text`` of characters lore writes as they are: ``(escape, character)``."""
    if "%" not in text:
        return []
    found: list[tuple[str, str]] = []
    for m in _PCT_RE.compiled.finditer(text):
        char = chr(int(m.group(0)[1:], 16))
        if char in LORE_LITERAL:
            found.append((m.group(0), char))
    return found


def lore_form(text: str) -> str:
    """``text`` with the escapes of :func:`needless_escapes` decoded; every other escape kept as written."""
    if "%" not in text:
        return text
    return _PCT_RE.sub(_unescape_literal, text)


def _unescape_literal(m: re.Match[str]) -> str:
    char = chr(int(m.group(0)[1:], 16))
    return char if char in LORE_LITERAL else m.group(0)


def _plain(part: str, stops: str) -> bool:
    """Whether ``part`` is not empty and holds no blank and none of the characters of ``stops``."""
    if not part:
        return False
    for stop in stops:  # a few characters, each looked for at C speed
        if stop in part:
            return False
    return part.split() == [part]


class Link:
    """What a link value says.

    Columns are offsets into ``value``. ``span_start:span_end`` is the URL
    with any brackets around it; what is before it (a reference number such
    as ``[1]``) and after it (a comment such as ``# [1]`` or ``(TRM)``) is
    not part of the link. The URL proper spans ``url_start:url_end``
    (without brackets around it); the message-id spans
    ``msgid_start:msgid_end`` (without brackets around it, maybe
    percent-encoded); ``suffix_start`` is where a thread view, raw view or
    fragment after the message-id begins (-1 when there is none, or when an
    anchor longer than one letter names something on the message or thread
    page, as ``/T/#m<hash>`` names one message of the thread).
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
        "span_end",
        "span_start",
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
        self.span_start, self.span_end = 0, len(value)
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
        if not value.startswith("https://"):
            return False
        parts = value[8:].split("/")
        if parts[-1] == "" and len(parts) > 2:  # the closing slash
            parts.pop()
        if len(parts) == 3:
            host, listed, msgid = parts
            if not _plain(listed, _LIST_STOPS):
                return False
        elif len(parts) == 2:
            host, listed, msgid = parts[0], "", parts[1]
        else:
            return False
        at = msgid.find("@")
        if not (0 < at < len(msgid) - 1 and _plain(host, _HOST_STOPS) and _plain(msgid, _ID_STOPS)):
            return False
        self.scheme = "https"
        self.host = host
        self.path = value[8 + len(host) :]
        self.msgid = msgid
        self.msgid_start = 8 + len(host) + 1 + (len(listed) + 1 if listed else 0)
        self.msgid_end = self.msgid_start + len(msgid)
        return True

    def _parse(self) -> None:
        value = self.value
        ref = _REF_RE.match(value)
        start = ref.end() if ref else 0
        space = _SPACE_RE.compiled.search(value, start)
        end = space.start() if space else len(value)
        self.span_start, self.span_end = start, end
        self.url_start, self.url_end = start, end
        token = value[start:end]
        wrapper = WRAPPERS.get(token[:1])
        if wrapper is not None:
            close, name = wrapper
            if len(token) >= 2 and token.endswith(close):
                self.url_start, self.url_end = start + 1, end - 1
            elif value.rstrip().endswith(close):
                # Blanks inside the brackets: the whole rest is the URL.
                self.span_end = len(value.rstrip())
                self.url_start, self.url_end = start + 1, self.span_end - 1
            else:
                wrapper = None
            if wrapper is not None:
                self.problems.append(f"{name} around the URL")
        self._parse_url()
        url = value[self.url_start : self.url_end]
        comment = value[self.span_end :].strip()
        if _SPACE_RE.search(url) or (comment and comment[0] not in _COMMENT_STARTS and not self._names_message()):
            self.problems.insert(1 if wrapper else 0, "whitespace in the URL")

    def _names_message(self) -> bool:
        return self.msgid is not None and "@" in unquote(self.msgid)

    def _parse_url(self) -> None:
        url = self.value[self.url_start : self.url_end]
        m = _URL_RE.match(url) or _BARE_URL_RE.match(url)
        if not m:
            self.problems.append("not a URL")
            return
        self.scheme = m.group(1).lower()
        self.host = m.group(2)
        self.path = m.group(3)
        if not self.scheme:
            self.problems.append("no https:// in front of the URL")
        elif self.scheme == "http":
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
        query, fragment = m.group(4), m.group(5)
        if not (rest or query or fragment):
            return
        if fragment and len(fragment) > 2 and not query and rest in _ANCHORED_VIEWS:
            # ``/T/#m<hash>``: the anchor names one message of the thread (``#u``, ``#t`` only scroll).
            return
        if not rest or rest[0] in VIEW_SUFFIXES or fragment:
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
        """The URL (``span_start:span_end``) without brackets around it or the message-id, and with https://."""
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
        elif self.host and not self.scheme:
            out = "https://" + out
        return out


def _strip_id_close(tail: str) -> str:
    for right in (">", "%3E", "%3e"):
        if tail.startswith(right):
            return tail[len(right) :]
    return tail
