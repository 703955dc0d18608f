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
def _log_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The expressions of :func:`normalize_log` (compiled on first use: the hook never needs them)."""
    return (
        # Well-formed prefixes right after the NUL of a ``<id>\0<subject>`` line.
        re.compile("\0(?:(?:" + "|".join(KNOWN_PREFIXES) + "): )+"),
        # The NUL of a line whose subject, after its well-formed prefixes, may hold another prefix or a revert.
        re.compile(
            r"\0(?=[ \t]*(?:\[|[A-Z]+(?![A-Za-z])|(?:"
            + _caseless_starts(KNOWN_PREFIXES)
            + r")(?![A-Za-z]))|[^\S\n]*Revert \")"
        ),
        # Whitespace that is not a lone space (folded to one space).
        re.compile(r"[^\S\n]{2,}|[^\S\n ]"),
    )


#: The ASCII whitespace other than space and newline.
_ODD_ASCII_SPACE: Final = ("  ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


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


def normalize_log(text: str) -> list[tuple[str, str]]:
    """``(id, key)`` for every ``<id>\\0<subject>`` line of ``text`` (``git log --format=%H%x00%s``).

    The same keys as :func:`normalize_subject` gives each subject, computed
    for all lines at once: well-formed prefixes, case and whitespace are
    folded over the whole text; lines that may hold more (a malformed prefix,
    a revert) are then normalised one by one. The id is whatever precedes
    the NUL (``%m%H`` works too).
    """
    prefixes_re, hard_re, space_re = _log_patterns()
    text = prefixes_re.sub("\0", text)
    hard: dict[str, str] = {}
    for m in hard_re.finditer(text):
        nul = m.start()
        end = text.find("\n", nul)
        head = text[text.rfind("\n", 0, nul) + 1 : nul]
        hard[head] = normalize_subject(text[nul + 1 : end if end >= 0 else len(text)])
    text = text.casefold()
    if not text.isascii() or any(odd in text for odd in _ODD_ASCII_SPACE):
        text = space_re.sub(" ", text)
    text = text.replace("\0 ", "\0").replace(" \n", "\n").rstrip(" ")
    rows = [line.split("\0", 1) for line in text.split("\n") if "\0" in line]
    if hard:
        return [(head, hard[head]) if head in hard else (head, key) for head, key in rows]
    return [(head, key) for head, key in rows]
