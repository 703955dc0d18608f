#!/usr/bin/env python3
"""How long ``trailercheck fix`` takes to rewrite a 1,000-commit range, against ``git rebase``.

Builds a history (benchmarks/history.py: a share of its messages is broken on
purpose) and times, alternately and from the same starting point each time,
``trailercheck fix BASE..`` and ``git rebase --force-rebase --exec true BASE``
over the same range: the rebase rewrites every commit too (it checks each
one out, and runs the shell for ``--exec``). Prints both medians, their
ratio and how many commits ``fix`` rewrote.

    python benchmarks/fix_speed.py [--commits N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from history import build
from hook_speed import find_script


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def timed(argv: list[str], cwd: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr}")
    return elapsed, proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000, help="commits in the range (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args()
    script = find_script()
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "repo")
        tip = build(repo, args.commits + 1, seed=7)
        for key, value in (("user.name", "Ada Lovelace"), ("user.email", "ada@example.com")):
            git(repo, "config", key, value)
        base = git(repo, "rev-parse", f"{tip}~{args.commits}")
        git(repo, "checkout", "-q", "-b", "work", tip)
        fix = [script, "fix", f"{base}.."]
        rebase = ["git", "rebase", "-q", "--force-rebase", "--exec", "true", base]
        fix_times: list[float] = []
        rebase_times: list[float] = []
        summary = ""
        for _ in range(args.runs):
            git(repo, "reset", "-q", "--hard", tip)
            elapsed, out = timed(fix, repo)
            fix_times.append(elapsed)
            summary = out.splitlines()[-1] if out else ""
            git(repo, "reset", "-q", "--hard", tip)
            rebase_times.append(timed(rebase, repo)[0])
        fixed = statistics.median(fix_times)
        rebased = statistics.median(rebase_times)
        print(f"range: {args.commits} commits; fix: {summary}")
        print(f"trailercheck fix:                         median {fixed:.3f} s over {args.runs} runs")
        print(f"git rebase --force-rebase --exec true:    median {rebased:.3f} s over {args.runs} runs")
        print(f"ratio fix / rebase: {fixed / rebased:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
