"""JSON output: one document, written as results arrive.

``{"version": 1, "profile": ..., "results": [{"source", "commit", "subject",
"findings": [{"code", "rule", "severity", "line", "message", "fix",
"evidence"}]}], "summary": {"checked", "errors", "warnings"}}``.
"""

from __future__ import annotations

import json
from json.encoder import c_encode_basestring, py_encode_basestring  # type: ignore[attr-defined]

from ..findings import Result
from ..model.text import printable
from . import Reporter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO


def result_dict(r: Result) -> dict[str, object]:
    return {
        "source": printable(r.source),
        "commit": r.commit,
        "subject": printable(r.subject),
        "findings": [
            {k: printable(v) if isinstance(v, str) else v for k, v in f.as_dict().items()} for f in r.findings
        ],
    }


def pretty(value: object, pad: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, without the reference cycles its Python
    encoder makes on every call (``check`` runs with the cycle collector off)."""
    inner = pad + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {pretty(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + pretty(v, inner) for v in value) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


#: JSON string literals by the C encoder, non-ASCII kept (as ``json.dumps(..., ensure_ascii=False)``).
_string = c_encode_basestring or py_encode_basestring

#: The keys of a finding, in the document's order, each with its line's opening at the depth of a
#: finding in the document.
_FINDING_KEYS = ("code", "rule", "severity", "line", "message", "fix", "evidence")
_PAD = "\n" + " " * 10
_FINDING_HEADS = tuple(("        {" if n == 0 else ",") + _PAD + _string(k) + ": " for n, k in enumerate(_FINDING_KEYS))


def _value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return _string(printable(value))
    if type(value) is int:  # a line number (not a bool, which json writes differently)
        return str(value)
    return json.dumps(value)


def render_result(r: Result) -> str:
    """One result as the document holds it (at its depth, without the separator before it): the same
    text as ``pretty(result_dict(r))`` indented by four spaces, built directly."""
    commit = "null" if r.commit is None else _string(r.commit)
    head = (
        '    {\n      "source": '
        + _string(printable(r.source))
        + ',\n      "commit": '
        + commit
        + ',\n      "subject": '
        + _string(printable(r.subject))
        + ',\n      "findings": '
    )
    if not r.findings:
        return head + "[]\n    }"
    parts = [head, "["]
    for n, f in enumerate(r.findings):
        parts.append("\n" if n == 0 else ",\n")
        values = (f.code, f.rule, f.severity, f.line, f.message, f.fix, f.evidence)
        for opening, value in zip(_FINDING_HEADS, values, strict=True):
            parts.append(opening)
            parts.append(_value(value))
        parts.append("\n        }")
    parts.append("\n      ]\n    }")
    return "".join(parts)


class JsonReporter(Reporter):
    """The document, the same as ``json.dump(doc, indent=2)`` would write it."""

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        super().__init__(stream, profile, color)
        self.started = False
        stream.write('{\n  "version": 1,\n  "profile": ' + json.dumps(profile) + ',\n  "results": [')

    def render(self, results: list[Result]) -> str:
        return ",\n".join([render_result(r) for r in results])

    def put(self, rendered: object) -> None:
        assert isinstance(rendered, str)
        if rendered:
            self.stream.write((",\n" if self.started else "\n") + rendered)
            self.started = True

    def finish(self) -> None:
        summary = {"checked": self.checked, "errors": self.errors, "warnings": self.warnings}
        body = json.dumps(summary, indent=2).replace("\n", "\n  ")
        self.stream.write(("\n  ]" if self.started else "]") + ',\n  "summary": ' + body + "\n}\n")
