"""Bounded memory for values read from text that repeats across a history.

Every such memory in the package is a plain ``dict``, read with ``get`` and
filled by the functions here, with one policy: first in, first out. A dict keeps its insertion
order, so the front holds the values kept longest; when the memory is full,
its oldest eighth is forgotten at once (dropping one at a time would rescan
the front of the dict on every new value). A value read again is not moved:
a hit costs one lookup, and a value in common use that is forgotten is read
again once, on its next use.

The values are shared between callers, so they cannot be changed: tuples,
or objects whose fields are ``Final`` (mypy refuses an assignment, and the
compiled twin refuses it at run time; tests/test_quality.py holds them to it).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    V = TypeVar("V")


def keep(cache: dict[str, V], limit: int, key: str, value: V) -> V:
    """Keep ``value`` for ``key`` (not kept yet) in ``cache``, which holds at most ``limit`` values."""
    if len(cache) >= limit:
        drop = max(limit >> 3, 1)
        oldest: list[str] = []
        for old in cache:
            oldest.append(old)
            if len(oldest) >= drop:
                break
        for old in oldest:
            del cache[old]
    cache[key] = value
    return value


def remembered(cache: dict[str, V], limit: int, key: str, compute: Callable[[str], V]) -> V:
    """``compute(key)``, kept in ``cache`` (at most ``limit`` values, see above)."""
    found = cache.get(key)
    if found is None:
        found = keep(cache, limit, key, compute(key))
    return found
