"""JUnit XML output: a test case per message, for the test report views of CI systems.

``<testsuites>`` holding one ``<testsuite name="trailercheck">``, with the
profile as a property; one ``<testcase>`` per message file, patch or commit
(also the clean ones): ``classname`` the profile, ``name`` the source and the
subject. Each error is a ``<failure>`` (``message`` ``CODE name: message``,
``type`` the code, the text its line, message and fix hint); the warnings,
which do not fail, are the test case's ``<system-out>``. ``tests`` counts
the test cases, ``failures`` the errors (one ``<failure>`` each).

The counts come first in XML but are known only at the end: the test cases
go to a temporary file as they come (in memory while small) and are copied
after the opening tags. Text is escaped, and the characters XML 1.0 cannot
hold (NUL and the other control characters but tab and newline) are left
out.
"""

from __future__ import annotations

import re
import shutil
import tempfile

from ..findings import ERROR, Finding, Result
from ..model.text import printable
from . import Reporter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

#: What XML 1.0 cannot hold (after undecodable bytes have become U+FFFD).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def text(value: str) -> str:
    """Character data: escaped, without what XML 1.0 forbids."""
    clean = _NOT_XML.sub("", printable(value))
    return clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """An attribute value in double quotes; line breaks and tabs survive the parser's normalisation."""
    escaped = text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{escaped}"'


def detail(finding: Finding) -> str:
    where = f"line {finding.line}: " if finding.line is not None else ""
    fix = f"\nfix: {finding.fix}" if finding.fix else ""
    return f"{where}{finding.code} {finding.rule}: {finding.message}{fix}"


class JunitReporter(Reporter):
    """Test cases to a spool as they come; the counts and the spool at the end."""

    wants_clean = True

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        super().__init__(stream, profile, color)
        self.spool = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
        self.cases = 0
        self.failures = 0

    def render(self, results: list[Result]) -> tuple[str, int, int]:
        """The batch's test cases, how many, and how many failures they hold."""
        parts: list[str] = []
        failures = 0
        classname = attr(self.profile or "trailercheck")
        for result in results:
            name = attr(f"{result.source} {result.subject}")
            head = f"    <testcase classname={classname} name={name}"
            if not result.findings:
                parts.append(head + "/>\n")
                continue
            parts.append(head + ">\n")
            warnings = []
            for f in result.findings:
                if f.severity == ERROR:
                    failures += 1
                    message = attr(f"{f.code} {f.rule}: {f.message}")
                    parts.append(f"      <failure message={message} type={attr(f.code)}>{text(detail(f))}</failure>\n")
                else:
                    warnings.append(f"warning: {detail(f)}")
            if warnings:
                parts.append(f"      <system-out>{text(chr(10).join(warnings))}</system-out>\n")
            parts.append("    </testcase>\n")
        return "".join(parts), len(results), failures

    def put(self, rendered: object) -> None:
        assert isinstance(rendered, tuple)
        cases, count, failures = rendered
        self.cases += count
        self.failures += failures
        self.spool.write(cases)

    def finish(self) -> None:
        counts = f'tests="{self.cases}" failures="{self.failures}" errors="0" skipped="0"'
        self.stream.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="trailercheck" {counts}>\n'
            f'  <testsuite name="trailercheck" {counts}>\n'
            "    <properties>\n"
            f'      <property name="profile" value={attr(self.profile)}/>\n'
            "    </properties>\n"
        )
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()
        self.stream.write("  </testsuite>\n</testsuites>\n")
