"""JSON output: one document, written as results arrive.

``{"version": 1, "profile": ..., "results": [{"source", "commit", "subject",
"findings": [{"code", "rule", "severity", "line", "message", "fix",
"evidence"}]}], "summary": {"checked", "errors", "warnings"}}``.
"""

from __future__ import annotations

import json

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


class JsonReporter(Reporter):
    """The document, the same as ``json.dump(doc, indent=2)`` would write it."""

    def __init__(self, stream: IO[str], profile: str, color: bool) -> None:
        super().__init__(stream, profile, color)
        stream.write('{\n  "version": 1,\n  "profile": ' + json.dumps(profile) + ',\n  "results": [')

    def write(self, result: Result) -> None:
        text = pretty(result_dict(result))
        sep = "\n" if self.checked == 1 else ",\n"
        self.stream.write(sep + "\n".join("    " + line for line in text.split("\n")))

    def finish(self) -> None:
        summary = {"checked": self.checked, "errors": self.errors, "warnings": self.warnings}
        body = json.dumps(summary, indent=2).replace("\n", "\n  ")
        self.stream.write(("\n  ]" if self.checked else "]") + ',\n  "summary": ' + body + "\n}\n")
