"""Known trailer keys and fuzzy matching of keys and prefixes."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: Known trailer keys in their canonical spelling (RULES.md §3 T).
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
    "Message-Id",
    "Upstream-Status",
    "Git-commit",
    "Git-repo",
)


class KeySet:
    """A case-insensitive set of known keys that remembers canonical spellings."""

    __slots__ = ("_near", "canonical")

    def __init__(self, keys: tuple[str, ...] | list[str] = KNOWN_KEYS) -> None:
        self.canonical: dict[str, str] = {k.lower(): k for k in keys}
        self._near: dict[str, str | None] = {}

    def with_extra(self, extra: list[str] | tuple[str, ...]) -> KeySet:
        merged = KeySet(tuple(self.canonical.values()))
        for key in extra:
            merged.canonical.setdefault(key.lower(), key)
        return merged

    def lookup(self, key: str) -> str | None:
        """The canonical spelling of ``key`` (any case), or None when unknown."""
        return self.canonical.get(key.lower())

    def __contains__(self, key: str) -> bool:
        return key.lower() in self.canonical

    def near_miss(self, key: str) -> str | None:
        """The known key that ``key`` is most likely a misspelling of, or None (remembered per key)."""
        low = key.lower()
        if low in self._near:
            return self._near[low]
        if len(self._near) >= 4096:
            self._near.clear()
        found = self._near[low] = self._near_miss(low)
        return found

    def _near_miss(self, low: str) -> str | None:
        if low in self.canonical or len(low) < 3:
            return None
        # "Acked-off-by", "Reviewed-of-by": a stray "-off" in a "-by" key.
        for stray in ("-off-by", "-of-by"):
            if low.endswith(stray) and low != "signed-off-by":
                stem = low[: -len(stray)] + "-by"
                if stem in self.canonical:
                    return self.canonical[stem]
        limit = 1 if len(low) <= 3 else 2
        best: str | None = None
        best_d = limit + 1
        for cand_low, cand in self.canonical.items():
            if abs(len(cand_low) - len(low)) > limit:
                continue
            d = osa_distance(low, cand_low, limit)
            if d < best_d:
                best, best_d = cand, d
        return best


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
