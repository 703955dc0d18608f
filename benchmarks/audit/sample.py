#!/usr/bin/env python3
"""Draw the sample of findings for an audit of precision on a real history.

Runs the installed ``trailercheck check`` over a range of a real repository
(by default the u-boot history, ``--profile upstream``), groups the findings
by rule and draws, with a fixed random seed, up to ``--per-rule`` findings of
each rule (all of them where there are fewer). Rules that need the commit ids
to be the published ones (F02, F03 and the X rules: the audited history's ids
are rewritten) are left out. Each sampled finding is written as one JSON line
with the commit's whole message, for a reader to judge as the tree's
maintainer would; ``precision.py`` turns the verdicts into the table.

    git clone ../shared/history/uboot-messages.bundle /tmp/uboot
    python benchmarks/audit/sample.py --repo /tmp/uboot > benchmarks/audit/uboot-sample.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from collections import defaultdict

#: Rules that judge commit ids against the repository: not meaningful where ids were rewritten.
LEFT_OUT = ("F02", "F03", "X")


def findings(repo: str, rev: str, profile: str) -> list[dict[str, object]]:
    tool = shutil.which("trailercheck")
    if tool is None:
        sys.exit("trailercheck is not installed in this environment (pip install .)")
    proc = subprocess.run(
        [tool, "check", "--repo", repo, "--profile", profile, "--format", "json", rev],
        capture_output=True,
        check=False,
    )
    if proc.returncode not in (0, 1):
        sys.exit(proc.stderr.decode(errors="replace").strip())
    out: list[dict[str, object]] = []
    for result in json.loads(proc.stdout)["results"]:
        for f in result["findings"]:
            out.append({"rule": f["code"], "commit": result["commit"], "line": f["line"], **_text(f)})
    return out


def _text(f: dict[str, object]) -> dict[str, object]:
    return {"name": f["rule"], "severity": f["severity"], "message": f["message"], "fix": f.get("fix")}


def message(repo: str, commit: str) -> str:
    proc = subprocess.run(["git", "-C", repo, "show", "-s", "--format=%B", commit], capture_output=True, check=True)
    return proc.stdout.decode("utf-8", "replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", required=True)
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--profile", default="upstream")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--per-rule", type=int, default=20)
    args = parser.parse_args()

    by_rule: dict[str, list[dict[str, object]]] = defaultdict(list)
    for f in findings(args.repo, args.rev, args.profile):
        code = str(f["rule"])
        if not code.startswith(LEFT_OUT):
            by_rule[code].append(f)
    rng = random.Random(args.seed)
    for code in sorted(by_rule):
        pool = by_rule[code]
        picked = pool if len(pool) <= args.per_rule else rng.sample(pool, args.per_rule)
        for f in picked:
            f["found"] = len(pool)
            f["text"] = message(args.repo, str(f["commit"]))
            sys.stdout.write(json.dumps(f, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
