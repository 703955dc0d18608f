"""GitLab Code Quality output: the JSON array a ``codequality`` report artifact holds.

One object per finding, written as it arrives: ``description`` (``CODE
name: message``, and the fix hint), ``check_name`` (the code),
``fingerprint`` (see :func:`~trailercheck.reporters.fingerprints`),
``severity`` (``major`` for an error, ``minor`` for a warning, from GitLab's
``info``, ``minor``, ``major``, ``critical``, ``blocker``) and ``location``:
``path``, the message file or the patch as given, or for a commit the
virtual file ``<full id>.commit-message`` (as in SARIF), and
``lines.begin``, the finding's line; GitLab needs one, so a finding about
the whole message points at line 1, its subject. One issue per line.
"""

from __future__ import annotations

import json

from ..findings import ERROR, Result
from ..model.text import printable
from . import Reporter, artifact_of, fingerprints

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

SEVERITY = {"error": "major", "warning": "minor"}


class GitlabReporter(Reporter):
    """An array of issues, one per finding."""

    wants_clean = False

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        super().__init__(stream, profile, color)
        self.issues = 0
        stream.write("[")

    def render(self, results: list[Result]) -> str:
        lines: list[str] = []
        for result in results:
            if not result.findings:
                continue
            path = printable(artifact_of(result))
            for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True):
                description = f"{finding.code} {finding.rule}: {finding.message}"
                if finding.fix:
                    description += f" (fix: {finding.fix})"
                issue = {
                    "description": printable(description),
                    "check_name": finding.code,
                    "fingerprint": fingerprint,
                    "severity": SEVERITY["error" if finding.severity == ERROR else "warning"],
                    "location": {"path": path, "lines": {"begin": finding.line or 1}},
                }
                # One line per issue: json.dumps with indent makes reference cycles, which ``check``
                # (the cycle collector off) would keep for every issue.
                lines.append(json.dumps(issue, ensure_ascii=False))
        return ",\n  ".join(lines)

    def put(self, rendered: object) -> None:
        assert isinstance(rendered, str)
        if rendered:
            self.stream.write(("\n  " if not self.issues else ",\n  ") + rendered)
            self.issues += 1

    def finish(self) -> None:
        self.stream.write("\n]\n" if self.issues else "]\n")
