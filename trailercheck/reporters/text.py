"""Text output: ``source:line: CODE name: message`` and the fix hint, per source."""

from __future__ import annotations

from ..findings import ERROR, Result
from ..model.text import printable, quote_path
from . import Reporter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

RED = "\033[1;31m"
YELLOW = "\033[1;33m"
BOLD = "\033[1m"
DIM = "\033[2m"
RESET = "\033[0m"


def format_result(result: Result, color: bool) -> list[str]:
    out: list[str] = []
    source = quote_path(result.source)  # a name with a newline or an escape cannot break the line
    for f in result.findings:
        where = f"{source}:{f.line}:" if f.line is not None else f"{source}:"
        tail = "" if f.severity == ERROR else f" ({f.severity})"
        if color:
            tone = RED if f.severity == ERROR else YELLOW
            head = f"{BOLD}{where}{RESET} {tone}{f.code}{RESET} {f.rule}: {f.message}{tail}"
        else:
            head = f"{where} {f.code} {f.rule}: {f.message}{tail}"
        out.append(printable(head))
        if f.fix:
            hint = f"  fix: {f.fix}"
            out.append(printable(f"{DIM}{hint}{RESET}" if color else hint))
    return out


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class TextReporter(Reporter):
    """Findings grouped per source, a blank line between groups, a summary when anything was found."""

    wants_clean = False

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        super().__init__(stream, profile, color)
        self.groups = 0

    def render(self, results: list[Result]) -> str:
        color = self.color
        groups = ["\n".join(format_result(r, color)) + "\n" for r in results if r.findings]
        return "\n".join(groups)

    def put(self, rendered: object) -> None:
        assert isinstance(rendered, str)
        if not rendered:
            return
        if self.groups:
            self.stream.write("\n")
        self.stream.write(rendered)
        self.groups += 1

    def finish(self) -> None:
        if self.groups:
            self.stream.write(
                f"\n{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')} "
                f"in {plural(self.checked, 'message')}\n"
            )


def render(results: list[Result], stream: IO[str], color: bool) -> None:
    reporter = TextReporter(stream, "", color)
    for result in results:
        reporter.add(result)
    reporter.finish()
