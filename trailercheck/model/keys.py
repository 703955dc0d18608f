"""Known trailer keys and fuzzy matching of keys and prefixes."""

from __future__ import annotations

import re

from .cache import keep
from .patterns import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: Known trailer keys in their canonical spelling, the one the T rules hold keys to.
#: Real keys that look like a misspelling of another one are here so that
#: they are never "corrected": ``Tested-on:`` names a board, not a tester,
#: and ``Reviewed-on:`` is the Gerrit review, not a reviewer.
KNOWN_KEYS: Final[tuple[str, ...]] = (
    "Signed-off-by",
    "Co-developed-by",
    "Acked-by",
    "Reviewed-by",
    "Tested-by",
    "Reported-by",
    "Suggested-by",
    "Requested-by",
    "Originally-by",
    "Debugged-by",
    "Helped-by",
    "Co-authored-by",
    "Cc",
    "Link",
    "Closes",
    "Fixes",
    "BugLink",
    "Change-Id",
    "CRs-Fixed",
    "Bug",
    "Test",
    "Tested-on",
    "Reviewed-on",
    "Commit-Queue",
    "Commit-Ready",
    "Message-Id",
    "Upstream-Status",
    "Git-commit",
    "Git-repo",
)

#: Known keys also written in the body, above a blank line before the trailers
#: (the ath10k/ath11k/ath12k convention for ``Tested-on:``).
BODY_KEYS: Final = frozenset(("tested-on",))

#: How far a key may be from a known one, by the length of the key as written:
#: keys of up to 3 characters are never taken for a misspelling ("Fix:", "To:"),
#: keys of 4-5 characters at one edit ("Lnik:"), or two when the value shows
#: the key meant (a URL after ``List:``, see :func:`value_fits`), longer
#: ones at two edits.
SHORT_KEY: Final = 3
ONE_EDIT_UP_TO: Final = 5
#: From this length on, three dropped or doubled characters ("Codevelop-by:",
#: "Reviewed-by-by:") still show the key that was meant; too far to correct
#: it without asking, so it is reported and left as it is.
FAR_KEY: Final = 11
#: The most edits a misspelt key may be from the key it is taken for.
MAX_EDITS: Final = 3

#: Tags patman reads from a commit message and strips before sending the patch.
PATMAN_TAGS: Final = frozenset(
    k.lower()
    for k in (
        "Series-to",
        "Series-cc",
        "Series-version",
        "Series-prefix",
        "Series-postfix",
        "Series-name",
        "Series-links",
        "Series-patchwork-url",
        "Series-notes",
        "Series-changes",
        "Series-process-log",
        "Cover-letter",
        "Cover-letter-cc",
        "Cover-changes",
        "Commit-notes",
        "Commit-changes",
        "Commit-added-in",
        "Commit-cc",
        "Patch-cc",
    )
)
#: A changelog key: ``V2:``, ``v1-v2:``, ``Changelog:``, ``Version-changes:`` (not ``changes:`` alone:
#: "... with the following / changes:" is a sentence wrapped before its colon).
_CHANGELOG_KEY: Final = LazyPattern(r"v\d+(?:-v?\d+)?|change-?log|changes-.+|.+-changes", re.IGNORECASE)
#: A changelog heading written as text: ``Changes in v2:``, ``Changes for v.3:``, ``changes v7:``, ``v1 -> v2:``.
_CHANGELOG_TEXT: Final = LazyPattern(
    r"(?:(?:changes?|changed|change\s*log)(?:\s+(?:in|for|since|from|after|to|of))?\s+v(?:ersion)?\.?\s*\d+"
    r"|v\d+)(?:\s*(?:->|-|\.\.|to|and|,)\s*v?\.?\d+)*\s*:",
    re.IGNORECASE,
)
#: A patman tag written without its colon (``Series-cc trini``) or with a space (``Series changes: 2``).
_PATMAN_TEXT: Final = LazyPattern(
    r"((?:series|cover|commit|patch)-[a-z]+(?:-[a-z]+)*)\b|((?:series|cover|commit|patch) [a-z]+)\s*\d*:",
    re.IGNORECASE,
)

CHANGELOG: Final = "changelog"
PATMAN: Final = "patman"
FIXUP: Final = "fixup"


def leftover_key(key: str) -> str | None:
    """What a trailer key left over from writing the patch is: a changelog, a patman tag, a fixup note.

    None for every other key.
    """
    low = key.lower()
    if low in PATMAN_TAGS or _near_patman(low):
        return PATMAN
    if low in ("fixup", "squash"):
        return FIXUP
    if low[:1] in "vc" or low.endswith("-changes"):
        # Each branch of the pattern starts with "v" or "change", or ends with "-changes" (ignoring case,
        # where "s" is also the long "\u017f"): ``CRs-Fixed``, ``Cc`` and the like are not compared with it.
        if low.startswith(("v", "change")) or low.endswith(("-changes", "-change\u017f")):
            if _CHANGELOG_KEY.fullmatch(low):
                return CHANGELOG
    return None


def leftover_text(text: str) -> str | None:
    """What a line that is not a trailer left over from writing the patch is (see :func:`leftover_key`)."""
    first = text[:1].lower()
    if first in "cv" and _CHANGELOG_TEXT.match(text):
        return CHANGELOG
    if first in "scp":
        m = _PATMAN_TEXT.match(text)
        if m is not None and leftover_key((m.group(1) or m.group(2)).replace(" ", "-")) == PATMAN:
            return PATMAN
    if text.startswith(("fixup! ", "squash! ")):
        return FIXUP
    return None


def _near_patman(low: str) -> bool:
    """A misspelt patman tag (``Serie-cc``, ``Serues-cc``, ``Serial-changes``)."""
    if not low.startswith(("ser", "cov", "com", "pat")) or len(low) < 8:
        return False
    limit = 1 if len(low) < 10 else 2
    return any(osa_distance(low, tag, limit) <= limit for tag in PATMAN_TAGS)


#: What the value of some keys looks like; a key is only taken for one of these when its value fits.
_URL: Final = LazyPattern(r"<?[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_COMMIT: Final = LazyPattern(r"(?:commit\s+)?[0-9a-f]{7,64}\b", re.IGNORECASE)
_SHAPED: Final = frozenset(("link", "buglink", "fixes"))


def value_fits(canonical: str, value: str) -> bool:
    """Whether ``value`` has the shape ``canonical``'s values have (a URL for ``Link:``, a commit for ``Fixes:``)."""
    low = canonical.lower()
    if low in ("link", "buglink"):
        return _URL.search(value) is not None
    if low == "fixes":
        return _COMMIT.match(value) is not None
    return True


#: How many keys a :class:`KeySet` remembers the near miss of, and what it keeps for a key that is
#: none (no known key is empty).
_NEAR_LIMIT: Final = 1 << 12
_NO_MISS: Final = ("", False)
_NO_CHARS: Final[frozenset[str]] = frozenset()
#: A stray "-off" in a "-by" key ("Acked-off-by").
_STRAYS: Final = ("-off-by", "-of-by")


class KeySet:
    """A case-insensitive set of known keys that remembers canonical spellings."""

    __slots__ = ("_by_length", "_near", "canonical")

    def __init__(self, keys: tuple[str, ...] | list[str] = KNOWN_KEYS) -> None:
        canonical: dict[str, str] = {}
        for key in keys:
            canonical.setdefault(key.lower(), key)
        #: The spelling of each key by its lower-case form (the first spelling given wins).
        self.canonical: Final = canonical
        #: Near misses worked out so far (a memo: the set itself never changes).
        self._near: dict[str, tuple[str, bool]] = {}
        #: What :meth:`_near_miss` compares, made when the first unknown key is asked about (most
        #: runs never ask: the hook does not pay for it).
        self._by_length: tuple[dict[int, tuple[tuple[str, str, frozenset[str]], ...]], dict[int, frozenset[str]]] | None
        self._by_length = None

    def _lengths(
        self,
    ) -> tuple[dict[int, tuple[tuple[str, str, frozenset[str]], ...]], dict[int, frozenset[str]]]:
        """By a length: ``(lower-case key, spelling, characters)`` of the keys at most :data:`MAX_EDITS`
        longer or shorter, in the set's order; and every character of those keys."""
        if self._by_length is None:
            shapes: dict[int, list[tuple[str, str, frozenset[str]]]] = {}
            for low, key in self.canonical.items():
                for size in range(max(len(low) - MAX_EDITS, 0), len(low) + MAX_EDITS + 1):
                    shapes.setdefault(size, []).append((low, key, frozenset(low)))
            chars = {size: frozenset().union(*(c for _, _, c in near)) for size, near in shapes.items()}
            self._by_length = ({size: tuple(near) for size, near in shapes.items()}, chars)
        return self._by_length

    def with_extra(self, extra: list[str] | tuple[str, ...]) -> KeySet:
        """A new set with ``extra`` keys added (a key already known keeps its spelling)."""
        return KeySet((*self.canonical.values(), *extra))

    def lookup(self, key: str) -> str | None:
        """The canonical spelling of ``key`` (any case), or None when unknown."""
        return self.canonical.get(key.lower())

    def __contains__(self, key: str) -> bool:
        """Whether ``key`` (any case) is a known key that only trailers use.

        A key also written in the body (:data:`BODY_KEYS`) is known to
        :meth:`lookup` but not here: a line with it tells nothing about where
        the trailer block is.
        """
        low = key.lower()
        return low in self.canonical and low not in BODY_KEYS

    def near_miss(self, key: str) -> str | None:
        """The known key that ``key`` is certainly a misspelling of (safe to correct), or None.

        For ``Link:`` and ``Fixes:`` the value must tell as well: see :func:`value_fits`.
        """
        found = self._match(key)
        return found[0] if found is not None and found[1] else None

    def far_miss(self, key: str) -> str | None:
        """The known key that a long ``key`` three edits away probably meant (too far to correct), or None."""
        found = self._match(key)
        return found[0] if found is not None and not found[1] else None

    def _match(self, key: str) -> tuple[str, bool] | None:
        """``(known key, certain)`` for a misspelt ``key`` (remembered per key)."""
        low = key.lower()
        found = self._near.get(low)
        if found is None:
            found = keep(self._near, _NEAR_LIMIT, low, self._near_miss(low) or _NO_MISS)
        return found if found[0] else None

    def _near_miss(self, low: str) -> tuple[str, bool] | None:
        if low in self.canonical or len(low) <= SHORT_KEY:
            return None
        best_d = 4 if len(low) >= FAR_KEY else 3
        # Each edit takes away at most one kind of character: a key with more kinds of characters
        # than edits allowed that the other lacks is farther (no distance to work out). First
        # against all keys of about its length at once: most unknown keys are no misspelling.
        chars = frozenset(low)
        stray = low.endswith(_STRAYS)
        by_length, chars_by_length = self._lengths()
        if not stray and len(chars - chars_by_length.get(len(low), _NO_CHARS)) >= best_d:
            return None
        if leftover_key(low) is not None:
            return None
        # "Acked-off-by", "Reviewed-of-by": a stray "-off" in a "-by" key.
        for end in _STRAYS if stray else ():
            if low.endswith(end) and low != "signed-off-by":
                stem = low[: -len(end)] + "-by"
                if stem in self.canonical:
                    return self.canonical[stem], True
        short = len(low) <= ONE_EDIT_UP_TO
        limit = 2
        best: str | None = None
        for cand_low, cand, cand_chars in by_length.get(len(low), ()):
            if abs(len(cand_low) - len(low)) >= best_d:
                continue
            if len(chars - cand_chars) >= best_d or len(cand_chars - chars) >= best_d:
                continue
            d = osa_distance(low, cand_low, best_d - 1)
            if d >= best_d or not _same_sense(low, cand_low):
                continue
            if short and d > 1 and cand_low not in _SHAPED:
                continue
            if d <= limit or _dropped_or_doubled(low, cand_low):
                best, best_d = cand, d
        if best is None:
            return None
        return best, best_d <= limit


def _same_sense(low: str, cand_low: str) -> bool:
    """Whether a key may be a misspelling of ``cand_low`` without meaning something else.

    Both made of words, the last word must be the same word misspelt, not
    another one: ``Tested-on:`` is no ``Tested-by:``.
    """
    if "-" not in low or "-" not in cand_low:
        return True
    last = low.rsplit("-", 1)[1]
    want = cand_low.rsplit("-", 1)[1]
    return osa_distance(last, want, len(want)) < len(want)


def _dropped_or_doubled(a: str, b: str) -> bool:
    """Whether the shorter of two keys is the longer with characters left out."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    it = iter(long)
    return len(short) < len(long) and all(ch in it for ch in short)


DEFAULT_KEYS: Final = KeySet()


def osa_distance(a: str, b: str, limit: int = 1 << 30) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent swaps).

    Returns ``limit + 1`` as soon as the distance is known to exceed ``limit``.
    """
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        row_min = i
        ai = a[i - 1]
        for j in range(1, lb + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < row_min:
                row_min = v
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb]
