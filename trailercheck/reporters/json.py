"""JSON output (RULES.md §7)."""

from __future__ import annotations

import json

from ..findings import Result
from ..model.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO


def document(results: list[Result], profile: str) -> dict[str, object]:
    return {
        "version": 1,
        "profile": profile,
        "results": [
            {
                "source": printable(r.source),
                "commit": r.commit,
                "subject": printable(r.subject),
                "findings": [
                    {k: printable(v) if isinstance(v, str) else v for k, v in f.as_dict().items()} for f in r.findings
                ],
            }
            for r in results
        ],
        "summary": {
            "checked": len(results),
            "errors": sum(r.errors for r in results),
            "warnings": sum(r.warnings for r in results),
        },
    }


def render(results: list[Result], profile: str, stream: IO[str]) -> None:
    json.dump(document(results, profile), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
