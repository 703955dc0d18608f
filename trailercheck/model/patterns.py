"""Regular expressions compiled when they are first used.

Every ``git commit`` starts the hook afresh, and compiling a pattern costs
about as much as checking a short message with it. Patterns that most
messages never reach (misspellings, unusual links, provenance notes, the
cross-reference) are declared with :class:`LazyPattern`, so a hook run
compiles only what it runs.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


class LazyPattern:
    """A ``re.Pattern`` that is compiled on its first match."""

    __slots__ = ("_compiled", "flags", "source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        found = self._compiled
        if found is None:
            found = self._compiled = re.compile(self.source, self.flags)
        return found

    def match(self, string: str, pos: int = 0) -> re.Match[str] | None:
        found = self._compiled
        return (self.compiled if found is None else found).match(string, pos)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(string)

    def search(self, string: str) -> re.Match[str] | None:
        return self.compiled.search(string)

    def sub(self, repl: Callable[[re.Match[str]], str], string: str) -> str:
        return self.compiled.sub(repl, string)
