"""The message model: the single source of truth every rule reads.

A :class:`Message` is built from the lines of a commit message (as git
stores it, as a ``commit-msg`` hook receives it after comment stripping, or
as extracted from a patch file). It knows the subject and its prefixes, the
body, git's trailer block (exactly as ``git interpret-trailers`` finds it)
and the *split* blocks: trailer paragraphs above the final one that git
ignores because a blank line cuts them off.
"""

from __future__ import annotations

from .gitblock import block_range
from .keys import DEFAULT_KEYS, KeySet
from .links import Link
from .person import parse_person
from .prefixes import Prefixes, parse_prefixes
from .text import GIT_SPACE, Line, is_blank, line_texts, make_line
from .trailers import Block, Entry, parse_entries, parse_trailers, split_paragraph

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Final, TypeVar

    from .person import Person

    A = TypeVar("A")
    T = TypeVar("T")


class Message:
    """A parsed commit message.

    ``lines`` are the lines the model works on, each carrying its line number
    in the source as the user sees it, and ``texts`` their ``text``, what git's
    trailer code reads. ``subject_index`` is the index of the subject line
    (None for an empty message).

    A message read from a text (a commit) makes a line's :class:`Line` only when
    something asks for it (:meth:`line`, :attr:`lines`): most lines of a clean
    message are read as text alone. A line is made once, so a line handed out
    is the one :attr:`lines` holds.
    """

    __slots__ = (
        "_all",
        "_by_key",
        "_committer",
        "_irregular",
        "_lines",
        "_links",
        "_loose",
        "_low",
        "_made",
        "_memo",
        "_text",
        "author",
        "author_date",
        "block",
        "comment",
        "commit",
        "final",
        "keys",
        "prefixes",
        "source",
        "split_blocks",
        "subject",
        "subject_index",
        "terminated",
        "texts",
        "title_end",
        "trailer_start",
        "unseen",
    )

    def __init__(
        self,
        lines: list[Line] | None,
        *,
        source: str = "-",
        commit: str | None = None,
        comment: str = "#",
        keys: KeySet = DEFAULT_KEYS,
        author: Person | None = None,
        committer: Person | str | None = None,
        author_date: int | None = None,
        text: str | None = None,
    ) -> None:
        """``lines`` None: the lines of ``text`` as git stores it, numbered from 1 and made when asked for.
        Else ``text``, when given, is what ``lines`` were split from (it saves joining them again).
        ``committer`` may be the ``Name <address>`` git wrote, read when a rule asks for it."""
        self.source = source
        self.commit = commit
        #: The commit's author and committer, when known (a hook file: the commit being made).
        self.author = author
        self._committer = committer
        #: When the author wrote the change (seconds since the epoch), when known.
        self.author_date = author_date
        self.comment = comment
        self.keys = keys
        self._links: list[tuple[Entry, Link]] | None = None
        self._memo: dict[str, object] = {}
        # The lines' texts joined with newlines are the text itself, without its last newline.
        self._text: str | None = None if text is None else (text[:-1] if text.endswith("\n") else text)
        self._low: str | None = None

        self._lines = lines
        self._made: list[Line | None] | None = None
        if lines is None:
            if text is None:
                raise ValueError("a message without lines needs its text")
            texts = line_texts(text)
            self._made = [None] * len(texts)
            #: Whether git sees a newline after the last line (false only for a commit message without one).
            self.terminated = text.endswith("\n") or not texts
        else:
            texts = [line.text for line in lines]
            self.terminated = not lines or lines[-1].terminated
        self.texts: list[str] = texts
        self.subject_index: int | None = None
        # The title paragraph ends at the first blank line after the subject.
        self.title_end = len(texts)
        subject = -1
        for i, text in enumerate(texts):
            if text.strip(GIT_SPACE):
                if subject < 0:
                    subject = i
            elif subject >= 0:
                self.title_end = i
                break
        #: The subject line's content ("" for an empty message).
        self.subject = ""
        if subject >= 0:
            self.subject_index = subject
            self.subject = texts[subject].rstrip(GIT_SPACE)
        #: The subject's prefixes (every run of the rules reads them).
        self.prefixes: Prefixes = parse_prefixes(self.subject)

        start, end = block_range(texts, comment, self.terminated, self.title_end)
        self.block: Block | None = None
        #: The last paragraph when git takes it for no trailer block although it holds trailers
        #: (a sign-off under a long note fails git's 25% test): the rules still read it.
        self.unseen: Block | None = None
        if start < end:
            self.block = Block(start, end, parse_entries(self.line_range(start, end), comment))
        else:
            self.unseen = self._find_unseen(end)
        #: The last trailer paragraph: git's block, else the paragraph git does not see as one.
        self.final: Block | None = self.block if self.block is not None else self.unseen
        self.split_blocks: list[Block] = self._find_split_blocks(texts)
        #: Index of the first line of the first (split or final) trailer paragraph.
        self.trailer_start = (
            self.split_blocks[0].start if self.split_blocks else len(texts) if self.final is None else self.final.start
        )
        self._index_entries()
        self._loose: list[Entry] = parse_trailers(texts, self.title_end, self.trailer_start, self.line, comment)

    def _index_entries(self) -> None:
        """Every entry top to bottom, the trailers by key and the irregular ones, in one pass: every rule
        run asks for them."""
        entries: list[Entry] = []
        for block in self.split_blocks:
            entries.extend(block.entries)
        if self.final is not None:
            entries.extend(self.final.entries)
        self._all = entries
        by_key: dict[str, list[Entry]] = {}
        irregular: list[Entry] = []
        canonical = self.keys.canonical
        for e in entries:
            if e.is_trailer:
                low = e.low
                same = by_key.get(low)
                if same is None:
                    by_key[low] = [e]
                else:
                    same.append(e)
                if not (e.plain and canonical.get(low) == e.key):
                    irregular.append(e)
        self._by_key = by_key
        self._irregular = irregular

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        source: str = "-",
        commit: str | None = None,
        comment: str = "#",
        keys: KeySet = DEFAULT_KEYS,
        author: Person | None = None,
        committer: Person | str | None = None,
        author_date: int | None = None,
    ) -> Message:
        """The message of ``text`` as git stores it (lines numbered from 1)."""
        return cls(
            None,
            source=source,
            commit=commit,
            comment=comment,
            keys=keys,
            text=text,
            author=author,
            committer=committer,
            author_date=author_date,
        )

    @property
    def committer(self) -> Person | None:
        committer = self._committer
        if isinstance(committer, str):  # one rule reads it, on a few commits
            committer = self._committer = parse_person(committer)
        return committer

    @committer.setter
    def committer(self, committer: Person | None) -> None:
        self._committer = committer

    @property
    def text(self) -> str:
        """The modelled lines joined with newlines (for quick "does it mention ..." tests)."""
        if self._text is None:
            self._text = "\n".join(self.texts)
        return self._text

    @property
    def low_text(self) -> str:
        """:attr:`text` in lower case (for "does it mention ..." tests without case)."""
        if self._low is None:
            self._low = self.text.lower()
        return self._low

    def lines_mentioning(self, needles: tuple[str, ...]) -> list[int]:
        """Indices of the lines whose text mentions one of ``needles`` (lower case) in any case, top to
        bottom; every line's index when lower-casing changed the text's length (an offset in
        :attr:`low_text` then names no line)."""
        low = self.low_text
        if len(low) != len(self.text):
            return list(range(len(self.texts)))
        found: list[int] = []
        for needle in needles:
            at = low.find(needle)
            while at >= 0:
                found.append(at)
                end = low.find("\n", at)  # one offset per line is enough
                at = -1 if end < 0 else low.find(needle, end + 1)
        if len(needles) > 1:
            found.sort()
        out: list[int] = []
        no = 0  # the index of the line at ``seen``
        seen = 0
        for at in found:
            no += low.count("\n", seen, at)
            seen = at
            if not out or out[-1] != no:
                out.append(no)
        return out

    # -- lines ---------------------------------------------------------
    @property
    def lines(self) -> list[Line]:
        """Every line, made now if it was not yet."""
        lines = self._lines
        if lines is None:
            lines = [self.line(i) for i in range(len(self.texts))]
            self._lines = lines
            self._made = None
        return lines

    def line(self, index: int) -> Line:
        """The line at ``index`` (not negative), made on first use."""
        lines = self._lines
        if lines is not None:
            return lines[index]
        made = self._made
        assert made is not None
        line = made[index]
        if line is None:
            line = made[index] = make_line(index + 1, self.texts[index], index + 1 < len(self.texts) or self.terminated)
        return line

    def line_range(self, start: int, end: int) -> list[Line]:
        """``lines[start:end]``, making only those lines."""
        lines = self._lines
        if lines is not None:
            return lines[start:end]
        made = self._made
        assert made is not None
        texts = self.texts
        last = len(texts) - 1
        out: list[Line] = []
        for i in range(start, end):
            line = made[i]
            if line is None:
                line = made[i] = make_line(i + 1, texts[i], i < last or self.terminated)
            out.append(line)
        return out

    # -- subject -------------------------------------------------------
    @property
    def subject_line(self) -> Line | None:
        return None if self.subject_index is None else self.line(self.subject_index)

    # -- body ----------------------------------------------------------
    @property
    def body_lines(self) -> list[Line]:
        """The description: lines between the title paragraph and the trailers,
        without surrounding blank lines."""
        start = self.title_end
        end = self.trailer_start
        texts = self.texts
        while start < end and is_blank(texts[start]):
            start += 1
        while end > start and is_blank(texts[end - 1]):
            end -= 1
        return self.line_range(start, end)

    def has_body(self) -> bool:
        """Whether there is a description: :attr:`body_lines` would hold a line."""
        texts = self.texts
        for i in range(self.title_end, self.trailer_start):
            if texts[i].strip(GIT_SPACE):
                return True
        return False

    def paragraphs(self, start: int, end: int) -> list[tuple[int, int]]:
        """``(start, end)`` line indices of the paragraphs of ``lines[start:end]``."""
        out: list[tuple[int, int]] = []
        first = -1
        texts = self.texts
        for i in range(start, end):
            if texts[i].strip(GIT_SPACE):
                if first < 0:
                    first = i
            elif first >= 0:
                out.append((first, i))
                first = -1
        if first >= 0:
            out.append((first, end))
        return out

    # -- trailers ------------------------------------------------------
    @property
    def trailers(self) -> list[Entry]:
        """git's trailers (``key: value`` entries of the final block), in order."""
        return [] if self.block is None else self.block.trailers

    @property
    def entries(self) -> list[Entry]:
        return [] if self.block is None else self.block.entries

    def all_entries(self) -> list[Entry]:
        """Entries of the split blocks and the final (or unseen final) block, top to bottom."""
        return self._all

    def loose(self) -> list[Entry]:
        """``Key: value`` trailers and cherry-pick lines in the body, where git reads no trailer."""
        return self._loose

    def find(self, key: str, *, split: bool = True, anywhere: bool = False) -> list[Entry]:
        """Trailers with this key (any case), also from split blocks unless ``split=False``.

        ``anywhere`` adds ``key: value`` lines of the body: whether a message *has* a sign-off,
        a Link: or a Change-Id: is answered from the whole message, and where the line
        stands is judged once, by T01 (a split block) or T08 (in the body).
        """
        low = _LOWER_KEYS.get(key)
        if low is None:
            low = key.lower()
            if len(_LOWER_KEYS) < _LOWER_KEYS_MAX:
                _LOWER_KEYS[key] = low
        if not split:
            return [e for e in self.entries if e.is_trailer and e.low == low]
        found = self._by_key.get(low, _NONE)
        if anywhere:
            loose = self._loose  # most bodies have none
            body = [e for e in loose if e.is_trailer and e.low == low] if loose else None
            if body:
                return sorted([*body, *found], key=_entry_no)
        return found if found else []

    def keys_present(self) -> dict[str, list[Entry]]:
        """Trailers by lower-case key, split blocks included."""
        return self._by_key

    def irregular_trailers(self) -> list[Entry]:
        """Trailers not written exactly ``Key: value`` on one line with a known key in its canonical spelling.

        Most messages have none; the rules about how a trailer is written look only at these.
        """
        return self._irregular

    def memo(self, name: str, compute: Callable[[Message, A], T], arg: A) -> T:
        """``compute(self, arg)``, computed once per message (for rules that share it).

        ``arg`` is the same on every call for a given ``name`` (the run's settings).
        """
        cache = self._memo
        value = cache.get(name, _MISSING)
        if value is _MISSING:
            value = cache[name] = compute(self, arg)
        return value  # type: ignore[return-value]

    def links(self) -> list[tuple[Entry, Link]]:
        """Every ``Link:`` trailer (any case, split blocks included) with its parsed value."""
        if self._links is None:
            self._links = [(e, Link(e.value)) for e in self.find("Link")]
        return self._links

    def _find_unseen(self, end: int) -> Block | None:
        texts = self.texts
        start = end
        while start > self.title_end and not is_blank(texts[start - 1]):
            start -= 1
        if start <= self.title_end or start == end:
            return None
        entries = parse_entries(self.line_range(start, end), self.comment)
        if any(e.is_trailer and e.key in self.keys for e in entries):
            return Block(start, end, entries)
        return None

    def _find_split_blocks(self, texts: list[str]) -> list[Block]:
        """The paragraphs right above the final block that a blank line cut off from it (``texts``: the lines)."""
        final = self.final
        if final is None:
            return []
        blocks: list[Block] = []
        floor = self.title_end
        above = final.start
        while True:
            end = above
            while end > floor and not texts[end - 1].strip(GIT_SPACE):
                end -= 1
            if end == above or end <= floor:
                break
            start = end
            shaped = False  # a line with a colon, or one that starts like a cherry-pick line
            while start > floor:
                text = texts[start - 1]
                if not text.strip(GIT_SPACE):
                    break
                if ":" in text or text[:1] == "(":
                    shaped = True
                start -= 1
            # A paragraph of prose with neither (the usual one) holds no trailer.
            if start <= floor or not shaped or not split_paragraph(texts[start:end], self.keys, self.comment):
                break
            blocks.append(Block(start, end, parse_entries(self.line_range(start, end), self.comment)))
            above = start
        blocks.reverse()
        return blocks

    def __repr__(self) -> str:
        return f"Message({self.source!r}, {self.subject!r})"


#: What :meth:`Message.memo` finds for a value not computed yet.
_MISSING: Final = object()

#: The keys rules ask :meth:`Message.find` about, in lower case (a few constants).
_LOWER_KEYS: Final[dict[str, str]] = {}
_LOWER_KEYS_MAX: Final = 64
#: What :meth:`Message.find` reads for a key the message lacks (never handed out).
_NONE: Final[list[Entry]] = []


def _entry_no(entry: Entry) -> int:
    return entry.no
