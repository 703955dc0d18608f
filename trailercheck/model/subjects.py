"""Subjects as the X rules compare them with the baseline and upstream histories.

Two commits carry "the same subject" when their subjects are equal after
every upstream-status prefix is removed (well-formed or malformed, in any
combination: ``BACKPORT: FROMLIST:``, ``[FROMLIST]``, ``Fromlist:``), case
is folded and runs of whitespace become one space. A ``Revert "..."``
wrapper is kept (a revert is not the change it reverts), but the prefixes of
the subject it quotes are removed too, so that ``QCLINUX: Revert "FROMLIST:
foo"`` and mainline's ``Revert "foo"`` compare equal.

Indexing a ref normalises every subject of its history, so the common cases
(well-formed prefixes, then a subject that cannot start with another one) are
decided by regular expressions, for a whole ``git log`` output at once in
:func:`normalize_log`; only what might be a malformed prefix or a revert goes
through :func:`~trailercheck.model.prefixes.parse_prefixes`.
"""

from __future__ import annotations

import functools
import re

from .prefixes import KNOWN_PREFIXES, parse_prefixes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: Every leading part of a known prefix name (``F``, ``FR``, ... ``FROMLIST``).
_PREFIX_STARTS: Final = frozenset(name[:i] for name in KNOWN_PREFIXES for i in range(1, len(name) + 1))
#: Well-formed prefixes, then the first word of what follows them.
_HEAD_RE: Final = re.compile("((?:(?:" + "|".join(KNOWN_PREFIXES) + r"): )*)[ \t]*(\[?)([A-Za-z]*)")
_REVERT: Final = 'Revert "'


def _caseless_starts(names: tuple[str, ...]) -> str:
    """A pattern matching any leading part of any of ``names``, in any case (a trie, so it fails fast)."""
    branches = []
    for first in sorted({n[0] for n in names if n}):
        rests = tuple(n[1:] for n in names if n and n[0] == first)
        inner = _caseless_starts(rests)
        branches.append(f"[{first.upper()}{first.lower()}]" + (f"(?:{inner})?" if inner else ""))
    return "|".join(branches)


@functools.cache
def _log_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The expressions of :func:`normalize_log` (compiled on first use: the hook never needs them)."""
    # A whole word that is a leading part of a known prefix name, in any case (``Fix``, ``up``, ``FROM``).
    starts = _caseless_starts(KNOWN_PREFIXES)
    # Where no prefix token can start (see parse_prefixes), so that the subject proper starts there: a
    # lower-case or mixed-case word that is no leading part of a known name in any case (``dts``, ``Add``;
    # a misspelling in two words such as ``From list:`` starts with one), a capitalised one of at most
    # four letters that is none either and is not followed by a space (short of the five letters of a
    # misspelling, and no second word joins it), or anything but a letter or a bracket.
    plain_rest = (
        rf"(?!(?:{starts})(?![A-Za-z]))(?:[A-Za-z]*[a-z][A-Za-z]*(?![A-Za-z])|[A-Z]{{1,4}}(?![A-Za-z \t]))"
        r"|[^\[A-Za-z]"
    )
    # A capitalised subsystem tag that plainly starts no prefix: a capitalised word run into anything but
    # a blank, a colon or a dash (``ARM64``, ``OMAP3``, ``I2C``, ``ARM/``: no separator makes it a prefix),
    # or one of at most four letters other than ``HACK`` (no known name is that short, nor is a
    # misspelling of one) with its colon, followed by no space, or by a space and a plain start
    # (``ARM: dts``, ``SPL: Add``: not an unknown prefix before a known one).
    plain_tag = rf"[A-Z]+(?![A-Za-z \t:-])|(?!HACK:)[A-Z]{{1,4}}:(?: (?:{plain_rest})|(?! ))"
    return (
        # Well-formed prefixes right after the NUL of a ``<id>\0<subject>`` line.
        re.compile("\0(?:(?:" + "|".join(KNOWN_PREFIXES) + "): )+"),
        # The NUL of a line whose subject, after its well-formed prefixes, may hold another prefix or a
        # revert; not one that starts with a plain subsystem tag.
        re.compile(rf"\0(?!{plain_tag})(?=[ \t]*(?:\[|[A-Z]+(?![A-Za-z])|(?:{starts})(?![A-Za-z]))|[^\S\n]*Revert \")"),
    )


#: The whitespace other than space and newline (what ``\\s`` matches, as :meth:`str.split` splits at),
#: and two spaces: a text without any of them has no whitespace to fold.
_ODD_SPACE: Final = (
    "  ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u1680",
    *map(chr, range(0x2000, 0x200B)), "\u2028", "\u2029", "\u202f", "\u205f", "\u3000",
)  # fmt: skip


def may_have_prefix(subject: str) -> bool:
    """False when :func:`parse_prefixes` certainly finds no prefix token in ``subject``."""
    m = _HEAD_RE.match(subject)
    return m is None or m.end(1) > 0 or _starts_token(m.group(2), m.group(3))


def _starts_token(bracket: str, word: str) -> bool:
    """Whether a prefix token may start here.

    A token is a bracket group, or a word (or two words) that is a known name
    in any case, or an all-capitals word (a misspelling). A word with a
    lower-case letter can only start a token when it is the start of a known
    name: alone in another case (``Backport``), or joined with the next word
    (``From list``).
    """
    return bool(bracket) or (bool(word) and (word.isupper() or word.upper() in _PREFIX_STARTS))


def strip_prefixes(subject: str) -> str:
    """The subject without its leading prefixes (and surrounding blanks)."""
    m = _HEAD_RE.match(subject)
    if m is None:  # pragma: no cover - the expression matches every string
        return subject.strip()
    rest = subject[m.end(1) :]
    if _starts_token(m.group(2), m.group(3)):
        rest = parse_prefixes(rest).rest
    return rest.strip()


def normalize_subject(subject: str) -> str:
    """The comparison key of a subject: no prefixes, case and whitespace folded.

    Text that is not valid UTF-8 (bytes git could not decode, kept as
    surrogate escapes) becomes U+FFFD, as when the bytes are decoded with
    ``errors="replace"``, so that the key can always be stored.
    """
    rest = strip_prefixes(subject)
    if rest.startswith(_REVERT) and rest.endswith('"') and len(rest) > len(_REVERT):
        return f'revert "{normalize_subject(rest[len(_REVERT) : -1])}"'
    key = " ".join(rest.casefold().split())
    if not key.isascii():
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:
            try:
                key = key.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            except UnicodeEncodeError:  # a surrogate that is no escaped byte
                key = key.encode("utf-8", "replace").decode("utf-8")
    return key


def normalize_log(text: str) -> list[list[str]]:
    """``[id, key]`` for every ``<id>\\0<subject>`` line of ``text`` (``git log --format=%H%x00%s``).

    The same keys as :func:`normalize_subject` gives each subject, computed
    for all lines at once: well-formed prefixes, case and whitespace are
    folded over the whole text; lines that may hold more (a malformed prefix,
    a revert) are then normalised one by one. The id is whatever precedes
    the NUL (``%m%H`` works too). Lines without a NUL are left out.
    """
    prefixes_re, hard_re = _log_patterns()
    text = prefixes_re.sub("\0", text)
    # The lines that need more, by number, with their keys (the folding below keeps the lines as they are).
    hard: list[tuple[int, str]] = []
    line = 0
    last = 0
    for m in hard_re.finditer(text):
        nul = m.start()
        start = text.rfind("\n", 0, nul) + 1
        if "\0" in text[start:nul]:  # a NUL in the subject itself: the line's own NUL came first
            continue
        line += text.count("\n", last, nul)
        last = nul
        end = text.find("\n", nul)
        hard.append((line, normalize_subject(text[nul + 1 : end if end >= 0 else len(text)])))
    text = text.casefold()
    if any(odd in text for odd in _ODD_SPACE):
        text = _fold_spaces(text)
    lines = text.replace("\0 ", "\0").replace(" \n", "\n").rstrip(" ").split("\n")
    for n, key in hard:
        lines[n] = lines[n][: lines[n].index("\0") + 1] + key
    return [line.split("\0", 1) for line in lines if "\0" in line]


def _fold_spaces(text: str) -> str:
    """``text`` with every run of whitespace but newlines made one space."""
    for odd in _ODD_SPACE[1:]:
        if odd in text:
            text = text.replace(odd, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text
