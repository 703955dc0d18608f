#!/usr/bin/env python3
"""The table of precision per rule from an audit's sample and its verdicts.

``SAMPLE`` is what ``sample.py`` wrote; ``VERDICTS`` has one JSON line per
judged finding: ``{"rule", "commit", "line", "verdict": "right"|"wrong",
"why"}``. Every sampled finding must have a verdict.

    python benchmarks/audit/precision.py benchmarks/audit/uboot-sample.jsonl benchmarks/audit/uboot-verdicts.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import Counter


def load(path: str) -> list[dict[str, object]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def key(item: dict[str, object]) -> tuple[str, str, object]:
    return str(item["rule"]), str(item["commit"]), item["line"]


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sample = load(sys.argv[1])
    verdicts = {key(v): v for v in load(sys.argv[2])}
    missing = [key(s) for s in sample if key(s) not in verdicts]
    if missing:
        sys.exit(f"{len(missing)} sampled findings have no verdict, e.g. {missing[0]}")
    found: dict[str, int] = {}
    right: Counter[str] = Counter()
    judged: Counter[str] = Counter()
    for s in sample:
        rule = str(s["rule"])
        found[rule] = int(str(s["found"]))
        judged[rule] += 1
        right[rule] += verdicts[key(s)]["verdict"] == "right"
    print("| rule | findings in the history | judged | right | precision |")
    print("|---|---:|---:|---:|---:|")
    for rule in sorted(judged):
        print(f"| {rule} | {found[rule]} | {judged[rule]} | {right[rule]} | {right[rule] / judged[rule]:.2f} |")
    total_right, total = sum(right.values()), sum(judged.values())
    print(f"| all | {sum(found.values())} | {total} | {total_right} | {total_right / total:.2f} |")


if __name__ == "__main__":
    main()
