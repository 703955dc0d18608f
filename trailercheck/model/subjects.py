"""Subjects as the X rules compare them (RULES.md §3 X).

Two commits carry "the same subject" when their subjects are equal after
every upstream-status prefix is removed (well-formed or malformed, in any
combination: ``BACKPORT: FROMLIST:``, ``[FROMLIST]``, ``Fromlist:``), case
is folded and runs of whitespace become one space. A ``Revert "..."``
wrapper is kept (a revert is not the change it reverts), but the prefixes of
the subject it quotes are removed too, so that ``QCLINUX: Revert "FROMLIST:
foo"`` and mainline's ``Revert "foo"`` compare equal.

Indexing a ref normalises every subject of its history, so the common case,
a subject that cannot start with a prefix, is decided without the full
prefix parser (:func:`may_have_prefix` is exact about what it lets through).
"""

from __future__ import annotations

import re

from .prefixes import KNOWN_PREFIXES, parse_prefixes

#: Every leading part of a known prefix name (``F``, ``FR``, ... ``FROMLIST``).
_PREFIX_STARTS = frozenset(name[:i] for name in KNOWN_PREFIXES for i in range(1, len(name) + 1))
_FIRST_WORD_RE = re.compile(r"[ \t]*(\[?)([A-Za-z]*)")
_REVERT = 'Revert "'


def may_have_prefix(subject: str) -> bool:
    """False when :func:`parse_prefixes` certainly finds no prefix token in ``subject``.

    A token is a bracket group, or a word (or two words) that is a known name
    in any case, or an all-capitals word (a misspelling). A word with a
    lower-case letter can only start a token when it is the start of a known
    name: alone in another case (``Backport``), or joined with the next word
    (``From list``).
    """
    m = _FIRST_WORD_RE.match(subject)
    assert m is not None
    if m.group(1):
        return True
    word = m.group(2)
    return bool(word) and (word.isupper() or word.upper() in _PREFIX_STARTS)


def strip_prefixes(subject: str) -> str:
    """The subject without its leading prefixes (and surrounding blanks)."""
    if may_have_prefix(subject):
        return parse_prefixes(subject).rest.strip()
    return subject.strip()


def normalize_subject(subject: str) -> str:
    """The comparison key of a subject: no prefixes, case and whitespace folded."""
    rest = strip_prefixes(subject)
    if rest.startswith(_REVERT) and rest.endswith('"'):
        inner = normalize_subject(rest[len(_REVERT) : -1])
        return f'revert "{inner}"'
    return " ".join(rest.casefold().split())
