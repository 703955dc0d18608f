"""Entries of a trailer block: trailers, cherry-pick lines, backport notes."""

from __future__ import annotations

import re

from .cache import keep
from .gitblock import CHERRY_PICKED, accepted_paragraph, find_separator, unfold
from .keys import KeySet
from .patterns import LazyPattern
from .text import GIT_SPACE, Line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Final

# Lines that look like a provenance line (well-formed or not).
PROVENANCE_RE: Final = LazyPattern(r"\(?(cherry[- ]?picked|backported|am) from\b", re.IGNORECASE)
#: A note naming the upstream commit a sync picked (``[ upstream commit: <sha> ]``), or the stable
#: kernel's ``commit <sha> upstream.`` line.
UPSTREAM_NOTE_RE: Final = LazyPattern(
    r"(?:\[\s*upstream commit:?\s*[0-9a-f]{7,64}\s*\]|commit [0-9a-f]{12,64} upstream\.?)\s*$", re.IGNORECASE
)
#: ``[name: what changed]``; ``[drm:foo:495] ...`` (a kernel log line) is not a note.
NOTE_RE: Final = LazyPattern(r"\[[A-Za-z][\w.@+-]*: ")
#: The characters a provenance line can start with (no other character folds to these letters).
_PROVENANCE_STARTS: Final = "(cCbBaA"

TRAILER: Final = "trailer"
CHERRY_PICK: Final = "cherry-pick"
NOTE: Final = "note"
COMMENT: Final = "comment"
TEXT: Final = "text"


class Entry:
    """One member of a trailer block, with its continuation lines.

    ``kind`` is ``trailer`` (a ``key: value`` line as git sees it),
    ``cherry-pick``, ``note`` (``[name: what changed]``), ``comment`` or
    ``text``. For trailers ``key`` is the key as written (trimmed) and
    ``value`` the value unfolded exactly as ``%(trailers:unfold)`` prints it;
    ``sep`` is the column of the separator in the first line.
    """

    __slots__ = ("is_trailer", "is_url", "key", "kind", "lines", "low", "plain", "sep", "value")

    def __init__(
        self,
        kind: str,
        lines: list[Line],
        key: str = "",
        value: str = "",
        sep: int = -1,
        low: str | None = None,
        plain: bool | None = None,
    ) -> None:
        self.kind = kind
        self.lines = lines
        self.key = key
        #: The key in lower case (keys compare without case).
        self.low = key.lower() if low is None else low
        self.sep = sep
        self.set_value(value)
        #: Written exactly ``Key: value`` on its one line, with a value.
        self.plain = (
            (kind == TRAILER and bool(value) and lines[0].text == f"{key}: {value}") if plain is None else plain
        )

    def set_value(self, value: str) -> None:
        self.value = value
        #: git reads ``https://host/...`` as key ``https``; we know better.
        self.is_url = self.kind == TRAILER and value.startswith("//")
        #: A ``key: value`` trailer (not a URL that git takes for one).
        self.is_trailer = self.kind == TRAILER and not self.is_url

    @property
    def line(self) -> Line:
        return self.lines[0]

    @property
    def no(self) -> int:
        return self.lines[0].no

    @property
    def value_col(self) -> int:
        """Column of the value in the first line, or -1 when it spans lines."""
        if self.kind != TRAILER or len(self.lines) != 1:
            return -1
        text = self.lines[0].text
        col = self.sep + 1
        while col < len(text) and text[col] in GIT_SPACE:
            col += 1
        return col

    def __repr__(self) -> str:
        if self.kind == TRAILER:
            return f"Entry({self.no}, {self.key!r}: {self.value!r})"
        return f"Entry({self.no}, {self.kind}, {self.lines[0].text!r})"


class Block:
    """A paragraph of trailer-block lines: ``lines[start:end]`` of the message."""

    __slots__ = ("end", "entries", "start")

    def __init__(self, start: int, end: int, entries: list[Entry]) -> None:
        self.start = start
        self.end = end
        self.entries = entries

    @property
    def trailers(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == TRAILER]

    def __repr__(self) -> str:
        return f"Block({self.start}, {self.end}, {self.entries!r})"


def classify(text: str, comment: str, sep: int | None = None) -> str:
    """What a block line is; ``sep`` is its separator column when the caller has it."""
    if comment and text.startswith(comment):
        return COMMENT
    if (find_separator(text) if sep is None else sep) >= 1:
        return TRAILER
    if text.startswith(CHERRY_PICKED):
        return CHERRY_PICK
    if text.startswith("[") and NOTE_RE.match(text):
        return NOTE
    return TEXT


#: What a block line is, by comment string and text: (kind, key, separator column, value if alone,
#: key in lower case, whether it is written exactly ``Key: value``).
#: Trailer lines repeat across a history (the same reviewers and sign-offs): read each shape once.
_SHAPES: Final[dict[str, dict[str, tuple[str, str, int, str, str, bool]]]] = {}
_SHAPES_LIMIT: Final = 1 << 11


def _shapes_for(comment: str) -> dict[str, tuple[str, str, int, str, str, bool]]:
    shapes = _SHAPES.get(comment)
    if shapes is None:
        shapes = _SHAPES[comment] = {}
    return shapes


def _shape(
    shapes: dict[str, tuple[str, str, int, str, str, bool]], text: str, comment: str
) -> tuple[str, str, int, str, str, bool]:
    shape = shapes.get(text)
    if shape is None:
        sep = find_separator(text)
        kind = classify(text, comment, sep)
        if kind == TRAILER:
            key = text[:sep].strip(GIT_SPACE)
            value = text[sep + 1 :].strip(GIT_SPACE)
            shape = (kind, key, sep, value, key.lower(), bool(value) and text == f"{key}: {value}")
        else:
            shape = (kind, "", -1, "", "", False)
        keep(shapes, _SHAPES_LIMIT, text, shape)
    return shape


def parse_entries(lines: list[Line], comment: str = "#") -> list[Entry]:
    """Split block lines into entries the way git's trailer_info_get() does.

    A line starting with whitespace continues the previous entry when that
    entry is a ``key: value`` trailer; otherwise it stands alone.
    """
    entries: list[Entry] = []
    last: Entry | None = None
    folded = False
    shapes = _SHAPES.get(comment) or _shapes_for(comment)
    for line in lines:
        text = line.text
        if last is not None and text and text[0] in GIT_SPACE:
            last.lines.append(line)
            folded = True
            continue
        shape = shapes.get(text)  # most block lines: a sign-off or a review read before
        kind, key, sep, value, low, plain = _shape(shapes, text, comment) if shape is None else shape
        entry = Entry(kind, [line], key, value, sep, low, plain)
        last = entry if kind == TRAILER else None
        entries.append(entry)
    if folded:
        _unfold_values(entries)
    return entries


def _unfold_values(entries: list[Entry]) -> None:
    """Give each trailer with continuation lines its value unfolded as git unfolds it."""
    for entry in entries:
        if entry.kind == TRAILER and len(entry.lines) > 1:
            first = entry.lines[0].text[entry.sep + 1 :]
            joined = "\n".join([first] + [ln.text for ln in entry.lines[1:]])
            entry.set_value(unfold(joined.strip(GIT_SPACE)))
            entry.plain = False


def parse_trailers(
    texts: list[str], start: int, end: int, line: Callable[[int], Line], comment: str = "#"
) -> list[Entry]:
    """The ``key: value`` trailers and cherry-pick lines among lines ``start`` to ``end`` (the body), with
    their continuation lines, as :func:`parse_entries` would give them; other lines make no entry.
    ``texts`` are the lines' texts, and ``line(i)`` gives line ``i``, asked only for the lines of an entry."""
    body = "\n".join(texts[start:end])
    if ":" not in body and CHERRY_PICKED not in body:  # most bodies: no line of them is either
        return []
    entries: list[Entry] = []
    last: Entry | None = None
    folded = False
    shapes = _shapes_for(comment)
    for i in range(start, end):
        text = texts[i]
        if not text:
            last = None
            continue
        if text[0] in GIT_SPACE:
            if last is not None:
                last.lines.append(line(i))
                folded = True
            continue
        last = None
        # Only lines of a trailer's or a cherry-pick line's shape are looked up: the body's prose would
        # fill the memory of shapes with lines that never come again.
        if ":" in text:
            if find_separator(text) < 1 and not text.startswith(CHERRY_PICKED):
                continue
        elif text[0] != "(" or not text.startswith(CHERRY_PICKED):  # the usual line of prose
            continue
        kind, key, sep, value, low, plain = _shape(shapes, text, comment)
        if kind == TRAILER:
            last = Entry(kind, [line(i)], key, value, sep, low, plain)
            entries.append(last)
        elif kind == CHERRY_PICK:
            entries.append(Entry(kind, [line(i)]))
    if folded:
        _unfold_values(entries)
    return [e for e in entries if e.is_trailer or e.kind == CHERRY_PICK] if entries else entries


def is_trailer_like(text: str, keys: KeySet, comment: str) -> bool:
    """Whether a line could only be a member of a trailer block.

    Known keys in any case, backport notes and provenance lines (M06 leaves
    such lines of the ChromeOS layout out of the description).
    """
    if comment and text.startswith(comment):
        return False
    sep = find_separator(text)
    if sep >= 1:
        return text[:sep].strip(GIT_SPACE) in keys
    first = text[:1]
    if first == "[":
        return bool(NOTE_RE.match(text))
    return first in _PROVENANCE_STARTS and bool(PROVENANCE_RE.match(text))


def provenance_paragraph(lines: list[Line]) -> bool:
    """A paragraph of provenance lines only (cherry-pick lines, upstream commit notes) and their continuations."""
    for line in lines:
        text = line.text
        if text[:1] in GIT_SPACE and text.strip(GIT_SPACE):
            continue
        if not (PROVENANCE_RE.match(text) or UPSTREAM_NOTE_RE.match(text)):
            return False
    return bool(lines)


def split_paragraph(texts: list[str], keys: KeySet, comment: str) -> bool:
    """Whether a paragraph above the final trailer block is a part of it that a blank line cut off.

    It is when git would accept it as a trailer block on its own (every line a
    trailer or a continuation, or a quarter of them with a ``Signed-off-by:``
    or cherry-pick line among them) and at least one of its trailers has a
    known key: ``Part-of:`` or a wrapped ``[note`` does not hide a split, and
    a paragraph of unknown ``Word: text`` lines stays body text.
    """
    for text in texts:  # a known key or a cherry-pick line first: most paragraphs of prose have neither
        if ":" in text and text[:1] not in GIT_SPACE and not (comment and text.startswith(comment)):
            sep = find_separator(text)
            if sep >= 1:
                if text[:sep].strip(GIT_SPACE) in keys and not text[sep + 1 :].strip(GIT_SPACE).startswith("//"):
                    break
                continue
        if text[:1] == "(" and text.startswith(CHERRY_PICKED) and not (comment and text.startswith(comment)):
            break
    else:
        return False
    return accepted_paragraph(texts, comment)
