"""Markdown output: the report for a pull request or a GitHub step summary.

A heading and one summary line (``N commits checked: E errors, W
warnings``, or ``all N commits pass``); a table of the commits (or message
files, or patches) with a verdict each, ✅ clean, ❌ with errors, ⚠️ with
warnings only; then, per message with findings, its findings with line,
code, name, message and fix hint. A table of more than
:data:`FOLD_ROWS` rows, and the findings of a message beyond the first
:data:`FOLD_FINDINGS`, are folded in ``<details>``.

Text from messages is escaped: HTML (``<``, ``>``, ``&``), the Markdown
characters that would change the rendering (``|``, `````, ``*``, ``_``,
``[``, ``]``, ``~``, ``\\``) and line breaks. There is no
time stamp: the same results give the same bytes.

GitHub refuses a step summary of more than 1 MiB, so the report stays below
:data:`LIMIT` bytes of UTF-8 whatever it is written to: when the next
message would not fit, it and all after it are only counted, and a note
says how many are left to the full report (``--format json`` or
``sarif``). What is kept is bounded the same way.
"""

from __future__ import annotations

import re

from ..findings import ERROR, Finding, Result
from ..model.text import printable
from . import Reporter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

#: The most the report may take (GitHub takes at most 1 MiB = 1 048 576 bytes per step summary).
LIMIT = 1_000_000
#: Room kept for what is written around the rows and details (heading, summary, notes).
RESERVE = 4_096
FOLD_ROWS = 30
FOLD_FINDINGS = 5

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(value: str) -> str:
    """User text for a line of Markdown: one line, HTML and Markdown escaped."""
    one = " ".join(printable(value).split())
    one = one.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", one)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def mark(result: Result) -> str:
    return "❌" if result.errors else "⚠️" if result.warnings else "✅"


def verdict(result: Result) -> str:
    errors, warnings = result.errors, result.warnings
    if errors:
        return f"❌ {plural(errors, 'error')}" + (f", {plural(warnings, 'warning')}" if warnings else "")
    if warnings:
        return f"⚠️ {plural(warnings, 'warning')}"
    return "✅"


def finding_item(f: Finding) -> str:
    where = f"line {f.line}" if f.line is not None else "message"
    level = "" if f.severity == ERROR else " (warning)"
    item = f"- {where}: **{f.code}** {f.rule}: {md(f.message)}{level}\n"
    if f.fix:
        item += f"  fix: {md(f.fix)}\n"
    return item


class MarkdownReporter(Reporter):
    """Rows and details kept up to :data:`LIMIT`, written at the end with the summary first."""

    wants_clean = True

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        super().__init__(stream, profile, color)
        self.rows: list[str] = []
        self.details: list[str] = []
        self.size = 0
        #: Messages neither in the table nor in the details (over the limit).
        self.left_out = 0
        self.commits = False

    def name_of(self, result: Result) -> str:
        return f"`{result.source}`" if result.commit is not None else md(result.source)

    def render(self, results: list[Result]) -> tuple[bool, list[tuple[str, str, int]]]:
        """Whether the batch holds commits, and per result its row, its details and their size in UTF-8."""
        entries: list[tuple[str, str, int]] = []
        for result in results:
            name = self.name_of(result)
            row = f"| {name} | {md(result.subject)} | {verdict(result)} |\n"
            detail = ""
            if result.findings:
                items = [finding_item(f) for f in result.findings]
                detail = f"### {mark(result)} {name} {md(result.subject)}\n\n" + "".join(items[:FOLD_FINDINGS])
                if len(items) > FOLD_FINDINGS:
                    more = plural(len(items) - FOLD_FINDINGS, "more finding")
                    detail += (
                        f"\n<details><summary>{more}</summary>\n\n" + "".join(items[FOLD_FINDINGS:]) + "\n</details>\n"
                    )
                detail += "\n"
            entries.append((row, detail, len(row.encode()) + len(detail.encode())))
        return any(r.commit is not None for r in results), entries

    def put(self, rendered: object) -> None:
        assert isinstance(rendered, tuple)
        commits, entries = rendered
        self.commits = self.commits or commits
        for row, detail, size in entries:
            if self.left_out:
                self.left_out += 1
                continue
            if self.size + size > LIMIT - RESERVE:
                self.left_out = 1
                continue
            self.size += size
            self.rows.append(row)
            if detail:
                self.details.append(detail)

    def finish(self) -> None:
        noun = "commit" if self.commits else "message"
        head = f"## trailercheck ({md(self.profile)})\n\n"
        if self.errors or self.warnings:
            mark = "❌" if self.errors else "⚠️"
            summary = (
                f"{mark} {plural(self.checked, noun)} checked: "
                f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}\n"
            )
        else:
            if self.checked == 1:
                summary = f"✅ the {noun} passes\n"
            elif self.checked:
                summary = f"✅ all {plural(self.checked, noun)} pass\n"
            else:
                summary = f"✅ no {noun}s to check\n"
        out = [head, summary]
        if self.rows:
            table = [f"\n| {noun.capitalize()} | Subject | Result |\n", "|---|---|---|\n", *self.rows]
            if len(self.rows) > FOLD_ROWS:
                table = [f"\n<details><summary>{plural(len(self.rows), noun)}</summary>\n", *table, "\n</details>\n"]
            out += table
        if self.left_out:
            verb = "is" if self.left_out == 1 else "are"
            out.append(
                f"\n… {plural(self.left_out, 'more ' + noun)} {verb} in the full report "
                "(`--format json` or `--format sarif`): this one stops below GitHub's 1 MiB.\n"
            )
        if self.details:
            out.append("\n")
            out += self.details
        self.stream.write("".join(out).rstrip("\n") + "\n")
