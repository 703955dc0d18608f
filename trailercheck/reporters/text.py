"""Text output: ``source:line: CODE name: message`` and the fix hint, per source."""

from __future__ import annotations

from ..findings import ERROR, Result
from ..model.text import printable

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
    for f in result.findings:
        where = f"{result.source}:{f.line}:" if f.line is not None else f"{result.source}:"
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


def summary(results: list[Result]) -> str:
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(len(results), 'message')}"


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render(results: list[Result], stream: IO[str], color: bool) -> None:
    groups = [format_result(r, color) for r in results if r.findings]
    for i, lines in enumerate(groups):
        if i:
            stream.write("\n")
        stream.write("\n".join(lines) + "\n")
    if groups:
        stream.write("\n" + summary(results) + "\n")
