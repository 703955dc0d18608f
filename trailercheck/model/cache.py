"""Bounded memory for values read from text that repeats across a history."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    V = TypeVar("V")


def remembered(cache: dict[str, V], limit: int, key: str, compute: Callable[[str], V]) -> V:
    """``compute(key)``, kept in ``cache``; the cache starts over when it holds ``limit`` values.

    The values are shared between callers: nobody may change one.
    """
    found = cache.get(key)
    if found is None:
        if len(cache) >= limit:
            cache.clear()
        found = cache[key] = compute(key)
    return found
