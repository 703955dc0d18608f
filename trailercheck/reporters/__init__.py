"""Reporters: findings rendered for people (text) and machines (json, ...).

A reporter takes results one at a time as they are produced (a range of
100 000 commits is never held in memory) and writes the closing summary at
the end.
"""

from __future__ import annotations

from ..findings import ERROR, WARNING, Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO


class Reporter:
    """Counts what it is given; subclasses write it."""

    #: Whether results without findings are written (else they are only counted).
    wants_clean = True

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        self.stream = stream
        self.profile = profile
        self.color = color
        self.checked = 0
        self.errors = 0
        self.warnings = 0

    def add(self, result: Result) -> None:
        self.checked += 1
        for f in result.findings:
            if f.severity == ERROR:
                self.errors += 1
            elif f.severity == WARNING:
                self.warnings += 1
        self.write(result)

    def add_clean(self, count: int) -> None:
        """Count results without findings that were not handed over one by one."""
        self.checked += count

    def write(self, result: Result) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError


def make_reporter(fmt: str, stream: IO[str], profile: str, color: bool) -> Reporter:
    if fmt == "json":
        from .json import JsonReporter

        return JsonReporter(stream, profile, color)
    from .text import TextReporter

    return TextReporter(stream, profile, color)
