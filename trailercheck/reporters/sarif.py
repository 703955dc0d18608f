"""SARIF 2.1.0 output: one log with one run, for code scanning and other SARIF viewers.

The log validates against the OASIS schema (``sarif-schema-2.1.0.json``). A
run's ``results`` are written as they arrive; its ``tool`` comes after them
(JSON leaves the order of members free), so that the driver lists exactly
the rules that were reported, each once, and nothing but those rules is held
until the end.

- ``tool.driver``: ``trailercheck`` and its version, and every reported rule:
  ``id`` (the code), ``name``, ``shortDescription`` (the summary),
  ``fullDescription`` (why), ``help`` (how to fix it, with the bad and good
  examples in the Markdown form) and ``defaultConfiguration.level``, the
  rule's severity in this run (``error`` or ``warning``).
- A result has ``ruleId``, ``ruleIndex``, ``level``, ``message`` (the fix
  hint in ``properties.fix``), one location and ``partialFingerprints``
  ``trailercheck/v1`` (see :func:`~trailercheck.reporters.fingerprints`:
  the same finding keeps it when lines move).
- The location of a finding in a message file or a patch is the file as
  given on the command line (a relative URI stays relative) and
  ``region.startLine``, the line the text format shows: in a message file
  its line, in a patch the line of the message ``git am`` makes of it (the
  subject is line 1). A commit has no file: its location names the commit
  as a logical location of kind ``object`` (a git object; ``name`` the short
  id, ``fullyQualifiedName`` the full one), with a physical location in the
  virtual artifact ``<full id>.commit-message``, whose line N is line N of
  the commit message.
- A finding about the message as a whole (no line) has no ``region``: it
  is about the whole artifact.
- ``properties`` of the run: the profile and how many messages were checked.

Each result is one line of JSON; the rest is indented.
"""

from __future__ import annotations

import json
import re
from json.encoder import c_encode_basestring, py_encode_basestring  # type: ignore[attr-defined]
from urllib.parse import quote

from .. import __version__
from ..findings import ERROR, Result
from ..model.text import printable
from . import Reporter, artifact_of, fingerprints

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "trailercheck/v1"

#: JSON string literals by the C encoder, non-ASCII kept (as ``json.dumps(..., ensure_ascii=False)``).
_string = c_encode_basestring or py_encode_basestring
_FINGERPRINTS = '], "partialFingerprints": {' + _string(FINGERPRINT) + ": "
#: A path that percent-encoding leaves as it is.
_PLAIN_URI = re.compile(r"[A-Za-z0-9/\-._~]*")


def uri_of(path: str) -> str:
    """A relative (or absolute-path) URI reference for a path as given: percent-encoded, ``:`` too, so
    that no path reads as a scheme."""
    if _PLAIN_URI.fullmatch(path):  # a commit's virtual file, most paths: nothing to encode
        return path
    return quote(printable(path), safe="/-._~!$&'()*+,;=@")


def rule_dict(code: str, name: str, severity: str) -> dict[str, object]:
    from ..rules import REGISTRY

    rule = REGISTRY.get(code)
    out: dict[str, object] = {"id": code, "name": name}
    if rule is not None:
        out["shortDescription"] = {"text": rule.summary}
        out["fullDescription"] = {"text": " ".join(rule.why.split())}
        howto = " ".join(rule.howto.split())
        markdown = f"{howto}\n\nBad:\n\n```\n{rule.bad.rstrip()}\n```\n\nGood:\n\n```\n{rule.good.rstrip()}\n```"
        out["help"] = {"text": howto, "markdown": markdown}
    out["defaultConfiguration"] = {"level": level_of(severity)}
    return out


def level_of(severity: str) -> str:
    return "error" if severity == ERROR else "warning"


class SarifReporter(Reporter):
    """Results as they come, then the driver with the rules they named."""

    wants_clean = False

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        super().__init__(stream, profile, color)
        #: code -> (index, name, severity) of every rule reported so far, in order of first report.
        self.rules: dict[str, tuple[int, str, str]] = {}
        self.results = 0
        stream.write(
            '{\n  "version": "2.1.0",\n  "$schema": ' + json.dumps(SCHEMA) + ',\n  "runs": [\n    {\n      "results": ['
        )

    def render(self, results: list[Result]) -> tuple[str, dict[str, tuple[str, str]]]:
        """The batch's SARIF results, one line each, and the name and severity of each rule they name.

        A result's ``ruleIndex`` depends on the rules reported before it in the whole run: it is
        left as the rule's code between NUL characters (which JSON text never holds raw), for
        :meth:`put` to fill in. The line is what ``json.dumps(entry, ensure_ascii=False)`` writes,
        put together from strings the C encoder quoted.
        """
        lines: list[str] = []
        rules: dict[str, tuple[str, str]] = {}
        for result in results:
            if not result.findings:
                continue
            artifact = '"locations": [{"physicalLocation": {"artifactLocation": {"uri": ' + _string(
                uri_of(artifact_of(result))
            )
            logical = "}"
            if result.commit is not None:
                commit = result.commit
                logical = (
                    ', "logicalLocations": [{"name": '
                    + _string(commit[:12])
                    + ', "fullyQualifiedName": '
                    + _string(commit)
                    + ', "kind": "object"}]}'
                )
            for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True):
                code = finding.code
                if code not in rules:
                    rules[code] = (finding.rule, finding.severity)
                region = "}}" if finding.line is None else f'}}, "region": {{"startLine": {finding.line:d}}}}}'
                parts = [
                    '{"ruleId": ',
                    _string(code),
                    ', "ruleIndex": \0',
                    code,
                    '\0, "level": "',
                    level_of(finding.severity),
                    '", "message": {"text": ',
                    _string(printable(finding.message)),
                    "}, ",
                    artifact,
                    region,
                    logical,
                    _FINGERPRINTS,
                    _string(fingerprint),
                    "}",
                ]
                if finding.fix or finding.evidence:
                    properties = [
                        _string(k) + ": " + _string(printable(v))
                        for k, v in (("fix", finding.fix), ("evidence", finding.evidence))
                        if v
                    ]
                    parts.append(', "properties": {' + ", ".join(properties) + "}")
                parts.append("}")
                lines.append("".join(parts))
        return ",\n        ".join(lines), rules

    def put(self, rendered: object) -> None:
        assert isinstance(rendered, tuple)
        text, rules = rendered
        if not text:
            return
        known = self.rules
        for code, (name, severity) in rules.items():
            if code not in known:
                known[code] = (len(known), name, severity)
        parts = text.split("\0")
        for n in range(1, len(parts), 2):
            parts[n] = str(known[parts[n]][0])
        self.stream.write(("\n        " if not self.results else ",\n        ") + "".join(parts))
        self.results += 1

    def finish(self) -> None:
        rules = [rule_dict(code, name, sev) for code, (_, name, sev) in self.rules.items()]
        tool = {"driver": {"name": "trailercheck", "version": __version__, "rules": rules}}
        properties = {"profile": self.profile, "checked": self.checked}
        self.stream.write(
            ("\n      ]" if self.results else "]")
            + ',\n      "tool": '
            + _indent(json.dumps(tool, indent=2, ensure_ascii=False), 6).lstrip()
            + ',\n      "properties": '
            + _indent(json.dumps(properties, indent=2, ensure_ascii=False), 6).lstrip()
            + "\n    }\n  ]\n}\n"
        )


def _indent(text: str, n: int) -> str:
    pad = " " * n
    return "\n".join(pad + line for line in text.split("\n"))
