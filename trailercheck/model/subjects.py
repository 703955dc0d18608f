"""Subjects as the X rules compare them (RULES.md §3 X).

Two commits carry "the same subject" when their subjects are equal after
every upstream-status prefix is removed (well-formed or malformed, in any
combination: ``BACKPORT: FROMLIST:``, ``[FROMLIST]``, ``Fromlist:``), case
is folded and runs of whitespace become one space. A ``Revert "..."``
wrapper is kept (a revert is not the change it reverts), but the prefixes of
the subject it quotes are removed too, so that ``QCLINUX: Revert "FROMLIST:
foo"`` and mainline's ``Revert "foo"`` compare equal.

Indexing a ref normalises every subject of its history, so the common cases
(well-formed prefixes, then a subject that cannot start with another one) are
decided by one regular expression; only what might be a malformed prefix goes
through :func:`~trailercheck.model.prefixes.parse_prefixes`.
"""

from __future__ import annotations

import re

from .prefixes import KNOWN_PREFIXES, parse_prefixes

#: Every leading part of a known prefix name (``F``, ``FR``, ... ``FROMLIST``).
_PREFIX_STARTS = frozenset(name[:i] for name in KNOWN_PREFIXES for i in range(1, len(name) + 1))
#: Well-formed prefixes, then the first word of what follows them.
_HEAD_RE = re.compile("((?:(?:" + "|".join(KNOWN_PREFIXES) + r"): )*)[ \t]*(\[?)([A-Za-z]*)")
_REVERT = 'Revert "'


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
