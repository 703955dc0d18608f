"""The interface rules use to ask the repository about commits (implemented in sources/repo.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Lookup(Protocol):
    def resolve(self, rev: str) -> tuple[str, str] | None:
        """``(full id, subject)`` of the commit ``rev`` names, or None.

        The full id has 40 hex digits, or 64 in a SHA-256 repository.
        """

    def prefetch(self, revs: Iterable[str]) -> None:
        """Resolve many revisions at once, ahead of :meth:`resolve`."""
