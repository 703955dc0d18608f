"""Upstream-status prefixes at the start of a subject (``FROMLIST:``, ``BACKPORT:`` ...).

The subject is read token by token from the left. A token is a known prefix
(``FROMLIST``, ``UPSTREAM`` ...) written correctly (capitals, ``:``, one
space) or a recognisable misspelling of one; scanning stops at the first
thing that is neither, which is where the subject proper begins. Kernel
subsystem tags (``ASoC:``, ``arm64: dts:``) are not prefixes.
"""

from __future__ import annotations

import re

from .cache import keep, remembered
from .keys import osa_distance
from .patterns import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

KNOWN_PREFIXES: Final[tuple[str, ...]] = (
    "UPSTREAM",
    "BACKPORT",
    "FROMGIT",
    "FROMLIST",
    "QCLINUX",
    "PENDING",
    "WORKAROUND",
    "ANDROID",
    "NOUPSTREAM",
    "CHROMIUM",
    "FIXUP",
    "HACK",
)
#: Lower-case words that are kernel subsystem tags, not misspelt prefixes.
SUBSYSTEM_WORDS: Final = frozenset({"android"})

# Problems a prefix token can have (S02 reports them).
CASE: Final = "wrong case"
SPACE_BEFORE_COLON: Final = "space before the colon"
DASH: Final = "dash instead of a colon"
NO_COLON: Final = "no colon"
NO_SPACE: Final = "no space after the colon"
EXTRA_SPACE: Final = "more than one space after the colon"
BRACKETS: Final = "brackets"
SPELLING: Final = "misspelt"

_BRACKET_RE: Final = LazyPattern(r"\[\s*([A-Za-z][A-Za-z ]*?)\s*\]([ \t]*:)?[ \t]*")
_LETTERS_RE: Final = re.compile(r"[A-Za-z]+")
_WORD_RE: Final = LazyPattern(r"([A-Za-z]+)()([ \t]*)([:-]?)([ \t]*)")
_TWO_WORDS_RE: Final = LazyPattern(r"([A-Za-z]+) ([A-Za-z]+)([ \t]*)(:)([ \t]*)")
#: A capitalised word written as a prefix (``TOSUBMIT: ``); a prefix only when a known one follows.
_UNKNOWN_RE: Final = LazyPattern(r"([A-Z]{2,}): (?![ \t])")
REVERT_RE: Final = LazyPattern(r'Revert "(.*)"\s*$')


#: Words asked about lately: the capitalised subsystem tags of a history (``ARM``, ``MIPS``,
#: ``SPL``) are asked about on every commit they start.
_CANONICAL: Final[dict[str, tuple[str | None, str | None]]] = {}
_CANONICAL_MAX: Final = 128


def canonical_prefix(word: str) -> tuple[str | None, str | None]:
    """``(prefix, problem)`` for a word: the known prefix it stands for, if any."""
    return remembered(_CANONICAL, _CANONICAL_MAX, word, _canonical_prefix)


def _canonical_prefix(word: str) -> tuple[str | None, str | None]:
    upper = word.upper()
    if upper in KNOWN_PREFIXES:
        if word == upper:
            return upper, None
        if word in SUBSYSTEM_WORDS:
            return None, None
        return upper, CASE
    if not word.isupper() or len(word) < 5:
        return None, None
    best: str | None = None
    best_d = 3
    for known in KNOWN_PREFIXES:
        # Two edits only for a word that starts like the prefix ("LINUX" is not "QCLINUX").
        limit = 2 if len(known) > 6 and upper[0] == known[0] else 1
        d = osa_distance(upper, known, limit)
        if d <= limit and d < best_d:
            best, best_d = known, d
    return (best, SPELLING) if best else (None, None)


class PrefixToken:
    """One prefix at the start of the subject.

    ``start``/``end`` are columns in the subject line (``end`` is where the
    next token or the subject proper begins); ``problems`` is empty for a
    well-formed prefix. ``certain`` is false where the corrected prefix is
    not certain to end at ``end``: ``ANDROID-specific`` may be a prefix
    whose dash stands for a colon or a word of the subject proper.
    """

    __slots__ = ("certain", "end", "name", "problems", "raw", "start")

    def __init__(
        self, name: str, raw: str, start: int, end: int, problems: tuple[str, ...] = (), certain: bool = True
    ) -> None:
        self.name: Final = name
        self.raw: Final = raw
        self.start: Final = start
        self.end: Final = end
        self.problems: Final = problems
        self.certain: Final = certain

    @property
    def ok(self) -> bool:
        return not self.problems

    def __repr__(self) -> str:
        return f"PrefixToken({self.name!r}, {self.raw!r}, {self.problems})"


class Prefixes:
    """The prefixes of a subject and what follows them."""

    __slots__ = ("rest", "rest_col", "revert", "tokens", "valid")

    def __init__(self, tokens: list[PrefixToken], rest: str, rest_col: int) -> None:
        self.tokens = tokens
        self.rest = rest
        self.rest_col = rest_col
        #: Names of the well-formed prefixes: what the subject really declares. Requirements that follow
        #: from a prefix (a Link:, a cherry-pick line) follow from these; a malformed prefix is reported by
        #: S02 first.
        self.valid: list[str] = [t.name for t in tokens if not t.problems] if tokens else []
        m = REVERT_RE.match(rest) if rest.startswith('Revert "') else None
        #: The reverted subject for ``Revert "..."``, else None.
        self.revert: str | None = m.group(1) if m else None

    @property
    def names(self) -> list[str]:
        """Canonical names of all prefixes, well-formed or not, in order."""
        return [t.name for t in self.tokens]

    @property
    def malformed(self) -> list[PrefixToken]:
        return [t for t in self.tokens if t.problems]

    def corrected(self) -> str:
        """The subject with every prefix written correctly."""
        return "".join(t.name + ": " for t in self.tokens) + self.rest

    def __repr__(self) -> str:
        return f"Prefixes({self.tokens!r}, {self.rest!r})"


_KNOWN: Final = frozenset(KNOWN_PREFIXES)


def _well_formed_end(subject: str, pos: int) -> int:
    """The end of the run of well-formed prefixes (the common case) at ``pos``, each ``NAME:`` and exactly
    one space before what follows; ``pos`` when there is none. The token scanner takes over after it."""
    end = pos
    while True:
        colon = subject.find(": ", end)
        if colon < 0 or subject[end:colon] not in _KNOWN or subject[colon + 2 : colon + 3] in (" ", "\t"):
            return end
        end = colon + 2


def parse_prefixes(subject: str, quick: bool = True) -> Prefixes:
    """The prefixes of ``subject``; ``quick`` reads a leading run of well-formed ones in one step."""
    tokens: list[PrefixToken] = []
    pos = len(subject) - len(subject.lstrip(" \t"))
    if quick and _no_token(subject, pos):
        # The usual subject ("arm: dts: ..."): its first word is no prefix in any spelling.
        return Prefixes(tokens, subject[pos:].rstrip(), pos)
    n = len(subject)
    run = _well_formed_end(subject, pos) if quick else pos
    if run > pos:
        tokens = list(_well_formed_run(subject[pos:run], pos))
        pos = run
    while pos < n:
        if quick and _no_token(subject, pos):
            break
        tok = _known_token(subject, pos) or _unknown_token(subject, pos)
        if tok is None:
            break
        tokens.append(tok)
        pos = tok.end
    return Prefixes(tokens, subject[pos:].rstrip(), pos)


#: Runs of well-formed prefixes seen at the start of a subject, read into tokens once (a
#: history uses a handful); the tokens are shared, and nobody changes a token.
_RUNS: Final[dict[str, tuple[PrefixToken, ...]]] = {}
_RUNS_MAX: Final = 256


def _well_formed_run(run: str, pos: int) -> tuple[PrefixToken, ...]:
    found = _RUNS.get(run) if pos == 0 else None
    if found is None:
        out = []
        start = pos
        for word in run.split(": ")[:-1]:
            end = start + len(word) + 2
            out.append(PrefixToken(word, word + ":", start, end))
            start = end
        found = tuple(out)
        if pos == 0:
            keep(_RUNS, _RUNS_MAX, run, found)
    return found


#: What can start at the first word of what is left of a subject (the text up to its next colon, see
#: :func:`_verdict`): no token, a token only when a known prefix follows (a word in capitals), or maybe one.
_NO_TOKEN: Final = 0
_CAPITALS: Final = 1
_MAYBE: Final = 2


def _no_token(subject: str, pos: int) -> bool:
    """Whether no token can start at ``pos``, told without the token scanner for the usual subject
    (``arm: dts: ...``, ``ARM: ...``, ``Merge branch ...``): the subject proper starts there."""
    colon = subject.find(":", pos)
    verdict = _verdict(subject, pos, colon)
    if verdict == _CAPITALS:
        # "ARM: ...": a word in capitals is a token only before a known prefix (_unknown_token).
        after = colon + 2
        return (
            not subject.startswith(" ", after - 1)
            or subject[after : after + 1] in (" ", "\t")
            or _verdict(subject, after, subject.find(":", after)) != _MAYBE
        )
    return verdict == _NO_TOKEN


def _verdict(subject: str, pos: int, colon: int) -> int:
    """What can start at ``pos``, where the next colon is at ``colon`` (-1 for none): :data:`_NO_TOKEN`,
    :data:`_CAPITALS` or :data:`_MAYBE`."""
    if colon < 0:
        # No colon (the rest of the subject, which does not come again): only a bracket, or a prefix
        # written bare or with a dash, starts a token.
        if subject.startswith("[", pos):
            return _MAYBE
        m = _LETTERS_RE.match(subject, pos)
        return _NO_TOKEN if m is None or canonical_prefix(m.group())[0] is None else _MAYBE
    word = subject[pos:colon]
    verdict = _WORDS.get(word)
    if verdict is None:
        verdict = keep(_WORDS, _WORDS_MAX, word, _word_verdict(subject, pos, colon))
    return verdict


#: What :func:`_word_verdict` says of a word before a colon: the first words of subjects repeat
#: (``arm``, ``ARM``, ``dm``), so each is read once (a long history has some 8,000 of them).
_WORDS: Final[dict[str, int]] = {}
_WORDS_MAX: Final = 1 << 12


def _word_verdict(subject: str, pos: int, colon: int) -> int:
    """:func:`_verdict` where the next colon is at ``colon``. The token patterns read no further than
    that colon, so the answer depends on the word before it alone."""
    if subject.startswith("[", pos):
        return _MAYBE
    two = _TWO_WORDS_RE.match(subject, pos)  # "FROM LIST:"
    if two is not None and canonical_prefix(two.group(1) + two.group(2))[0] is not None:
        return _MAYBE
    m = _LETTERS_RE.match(subject, pos)
    if m is None:
        return _NO_TOKEN
    if canonical_prefix(m.group())[0] is not None:
        return _MAYBE
    if m.end() == colon and colon - pos >= 2 and m.group().isupper():
        return _CAPITALS  # _UNKNOWN_RE's word
    return _NO_TOKEN


def _known_token(subject: str, pos: int) -> PrefixToken | None:
    return _bracket_token(subject, pos) or _word_token(subject, pos)


def _unknown_token(subject: str, pos: int) -> PrefixToken | None:
    """A capitalised word that is no known prefix but stands where one does: before a known
    prefix (``TOSUBMIT: ANDROID: ...``). It is read as a prefix (S03 judges it), so that the
    known prefix after it still counts."""
    two = subject[pos : pos + 2]  # the pattern's first two characters: capitals, which most subjects lack
    if not (len(two) == 2 and two.isascii() and two.isalpha() and two.isupper()):
        return None
    m = _UNKNOWN_RE.match(subject, pos)
    if m is None:
        return None
    end = m.end()
    if _well_formed_end(subject, end) == end and _known_token(subject, end) is None:
        return None
    return PrefixToken(m.group(1), m.group(1) + ":", pos, end)


def _runs_on(subject: str, pos: int) -> bool:
    """Whether the text after a dash at ``pos`` may be the rest of a word (``specific fixes``)
    rather than the subject proper (``Add ...``, or a subsystem tag such as ``arm64: ...``)."""
    if pos >= len(subject) or not (subject[pos].islower() or subject[pos].isdigit()):
        return False
    word = subject[pos:].split(maxsplit=1)[0]
    return not word.endswith(":")


def _bracket_token(subject: str, pos: int) -> PrefixToken | None:
    if not subject.startswith("[", pos):  # the pattern's first character
        return None
    m = _BRACKET_RE.match(subject, pos)
    if not m:
        return None
    inner = m.group(1)
    name, problem = canonical_prefix(inner.replace(" ", ""))
    if name is None:
        return None
    problems = [BRACKETS]
    if problem:
        problems.append(problem)
    return PrefixToken(name, m.group(0).rstrip(), pos, m.end(), tuple(problems))


def _word_token(subject: str, pos: int) -> PrefixToken | None:
    # "FROM LIST:" is one misspelt prefix.
    name: str | None = None
    problem: str | None = None
    m = _TWO_WORDS_RE.match(subject, pos)
    if m is not None:
        name, _ = canonical_prefix(m.group(1) + m.group(2))
        problem = SPELLING
    if name is None:
        m = _WORD_RE.match(subject, pos)
        if m is None:
            return None
        name, problem = canonical_prefix(m.group(1))
    if name is None or m is None:
        return None
    _, _, before, sep, after = m.groups()
    problems: list[str] = []
    if problem:
        problems.append(problem)
    end = m.end()
    if sep == ":":
        if before:
            problems.append(SPACE_BEFORE_COLON)
        if end < len(subject):
            if not after:
                problems.append(NO_SPACE)
            elif after != " ":
                problems.append(EXTRA_SPACE)
    elif sep == "-":
        # Only a prefix in capitals: "Android-specific", "Backport-friendly" are words.
        if problem:
            return None
        problems.append(DASH)
        # "ANDROID-specific": the word may go on after the dash ("PENDING-arm64:" starts a tag).
        if not before and not after and _runs_on(subject, end):
            return PrefixToken(name, subject[pos:end].rstrip(), pos, end, tuple(problems), certain=False)
    else:
        # A bare word: only an exact capitalised prefix followed by text.
        if problem or not before or end >= len(subject):
            return None
        problems.append(NO_COLON)
    return PrefixToken(name, subject[pos:end].rstrip(), pos, end, tuple(problems))
