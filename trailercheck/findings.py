"""Findings and the edits that fix them."""

from __future__ import annotations

from .model.text import Line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

ERROR: Final = "error"
WARNING: Final = "warning"
OFF: Final = "off"
SEVERITIES: Final = (ERROR, WARNING, OFF)


class Edit:
    """Replace columns ``start:end`` of a line's original text with ``new``.

    ``start == -1`` deletes the whole line, terminator included. Inserting a
    line is replacing ``0:0`` with the new line and the line's terminator.
    """

    __slots__ = ("end", "line", "new", "start")

    def __init__(self, line: Line, start: int, end: int, new: str) -> None:
        self.line = line
        self.start = start
        self.end = end
        self.new = new

    @classmethod
    def delete(cls, line: Line) -> Edit:
        return cls(line, -1, -1, "")

    @classmethod
    def insert_before(cls, line: Line, text: str) -> Edit:
        return cls(line, 0, 0, text + (line.eol or "\n"))

    @classmethod
    def insert_after(cls, line: Line, text: str) -> Edit:
        end = len(line.orig)
        return cls(line, end, end, (line.eol or "\n") + text)

    def __repr__(self) -> str:
        return f"Edit({self.line.no}, {self.start}, {self.end}, {self.new!r})"


class Finding:
    """One problem in one message.

    ``line`` is 1-based within the source as the user sees it (None when the
    finding is about the message as a whole and it is empty); ``fix`` is the
    hint shown to the user; ``edits`` is what ``--fix`` applies.
    """

    __slots__ = ("code", "edits", "evidence", "fix", "line", "message", "rule", "severity")

    def __init__(
        self,
        code: str,
        rule: str,
        line: int | None,
        message: str,
        fix: str | None = None,
        edits: list[Edit] | None = None,
        severity: str = ERROR,
        evidence: str | None = None,
    ) -> None:
        self.code = code
        self.rule = rule
        self.severity = severity
        self.line = line
        self.message = message
        self.fix = fix
        self.edits = edits or []
        self.evidence = evidence

    @property
    def fixable(self) -> bool:
        return bool(self.edits)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
            "evidence": self.evidence,
        }

    def __repr__(self) -> str:
        return f"Finding({self.code}, {self.line}, {self.message!r})"


class Result:
    """The findings for one message of one source."""

    __slots__ = ("commit", "findings", "source", "subject")

    def __init__(self, source: str, commit: str | None, subject: str, findings: list[Finding]) -> None:
        self.source = source
        self.commit = commit
        self.subject = subject
        self.findings = findings

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)
