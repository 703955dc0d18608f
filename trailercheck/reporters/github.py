"""GitHub Actions output: workflow commands that annotate the run, errors first.

``::error file=PATH,line=N,title=CODE name::message`` (``::warning`` for a
warning), the fix hint on a second line of the message. A commit has no
file: its title names it, ``title=T01 trailer-block-blank-line (commit
0123456789ab)``; so does a message read from standard input; a patch of a
file with several gets ``(FILE:N)``. Values are escaped as the runner wants
them: in the message ``%``, CR and LF become ``%25``, ``%0D`` and ``%0A``; in
a property ``:`` and ``,`` also become ``%3A`` and ``%2C``. No line of a
message can thus start a command of its own.

GitHub shows only the first 10 error and 10 warning annotations of a step.
The first 10 of each are kept (nothing else is) and written at the end,
errors first; then one ``::notice`` line gives the counts and, when some
were left out, how many, pointing at the full report (``--report``, the
step summary).
"""

from __future__ import annotations

from ..findings import ERROR, Finding, Result
from ..model.text import printable
from . import Reporter, file_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

#: Annotations of each level GitHub shows per step.
SHOWN = 10


def escape_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def annotation(result: Result, finding: Finding) -> str:
    path, part = file_of(result)
    title = f"{finding.code} {finding.rule}"
    props: list[str] = []
    if path is None:
        title += f" (commit {part[:12]})"
    elif path == "-":
        title += " (standard input)"
    else:
        if part:
            title += f" ({result.source})"
        props.append("file=" + escape_property(path))
        if finding.line is not None:
            props.append(f"line={finding.line}")
    props.append("title=" + escape_property(title))
    text = finding.message + (f"\nfix: {finding.fix}" if finding.fix else "")
    level = "error" if finding.severity == ERROR else "warning"
    return f"::{level} {','.join(props)}::{escape_data(text)}\n"


class GithubReporter(Reporter):
    """At most :data:`SHOWN` annotations of each level, errors first, then a notice with the counts."""

    wants_clean = False

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        super().__init__(stream, profile, color)
        self.shown: dict[str, list[str]] = {"error": [], "warning": []}

    def render(self, results: list[Result]) -> tuple[list[str], list[str]]:
        """The batch's first :data:`SHOWN` error and :data:`SHOWN` warning annotations (no more can be shown)."""
        errors: list[str] = []
        warnings: list[str] = []
        for result in results:
            for finding in result.findings:
                kept = errors if finding.severity == ERROR else warnings
                if len(kept) < SHOWN:
                    kept.append(annotation(result, finding))
            if len(errors) >= SHOWN and len(warnings) >= SHOWN:
                break
        return errors, warnings

    def put(self, rendered: object) -> None:
        assert isinstance(rendered, tuple)
        errors, warnings = rendered
        for level, new in (("error", errors), ("warning", warnings)):
            kept = self.shown[level]
            kept += new[: SHOWN - len(kept)]

    def finish(self) -> None:
        self.stream.write("".join(self.shown["error"] + self.shown["warning"]))
        notice = (
            f"trailercheck: {plural(self.errors, 'error')}, {plural(self.warnings, 'warning')} "
            f"in {plural(self.checked, 'message')}"
        )
        errors_left = self.errors - len(self.shown["error"])
        warnings_left = self.warnings - len(self.shown["warning"])
        if errors_left or warnings_left:
            notice += (
                f"; {plural(errors_left, 'more error')} and {plural(warnings_left, 'more warning')} are not annotated"
                f" (GitHub shows {SHOWN} of each): the full list is in the step summary or the full report"
            )
        self.stream.write(f"::notice title=trailercheck::{escape_data(notice)}\n")
