#!/usr/bin/env python3
"""``trailercheck index`` of a long ref, against ``git log --format=%H%x00%s`` of it.

Builds (or reuses) a repository of kernel-style commits (see history.py),
then times, alternating, ``git log --format=%H%x00%s main`` and a cold
``trailercheck index --rebuild --baseline main`` (all output discarded),
then ``trailercheck index --baseline main`` when the index is up to date,
and an incremental update after the ref moved by a few hundred commits and
lost a few (a force-push). Prints the medians and the ratios against the
budgets: cold at most 1.5x git log, up to date at most a tenth of cold.

    python benchmarks/index_speed.py [--commits 100000] [--repo DIR] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_speed import run, tool
from history import build

COLD_BUDGET = 1.5
UP_TO_DATE_BUDGET = 0.1


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def timed(argv: list[str], repo: str) -> float:
    wall, _, status = run(argv, repo)
    if status != 0:
        sys.exit(f"{' '.join(argv)} exited {status}")
    return wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--repo", help="reuse (or create) the repository here")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = None
    repo = args.repo
    if repo is None:
        tmp = tempfile.mkdtemp(prefix="trailercheck-bench-")
        repo = os.path.join(tmp, "history")
    try:
        if not os.path.exists(repo):
            start = time.perf_counter()
            build(repo, args.commits)
            print(f"built {args.commits} commits in {time.perf_counter() - start:.1f} s")
        count = int(git(repo, "rev-list", "--count", "main"))
        git_log = ["git", "log", "--format=%H%x00%s", "main"]
        cold = [*tool(), "index", "--rebuild", "--baseline", "main"]
        warm = [*tool(), "index", "--baseline", "main"]
        run(git_log, repo)  # warm the object cache
        git_times, cold_times, warm_times = [], [], []
        for _ in range(args.runs):
            git_times.append(timed(git_log, repo))
            cold_times.append(timed(cold, repo))
            warm_times.append(timed(warm, repo))
        # The ref moves: 500 commits dropped (a force-push), 700 new ones on top.
        tip = git(repo, "rev-parse", "main").strip()
        git(repo, "branch", "-f", "bench-moved", "main~500")
        git(repo, "checkout", "-q", "bench-moved")
        try:
            for i in range(700):
                git(repo, "commit", "-q", "--allow-empty", "-m", f"FROMLIST: bench: moved {i}")
            moved = git(repo, "rev-parse", "HEAD").strip()
            git(repo, "update-ref", "refs/heads/main", moved)
            incremental = timed(warm, repo)
            git(repo, "update-ref", "refs/heads/main", tip)
            back = timed(warm, repo)
        finally:
            git(repo, "checkout", "-q", "--detach", tip)
            git(repo, "update-ref", "refs/heads/main", tip)
            git(repo, "checkout", "-q", "main")
            git(repo, "branch", "-q", "-D", "bench-moved")
        g, c, w = statistics.median(git_times), statistics.median(cold_times), statistics.median(warm_times)
        size = os.path.getsize(os.path.join(repo, ".git", "trailercheck", "index.sqlite"))
        print(f"commits                                 {count}")
        print(f"git log --format=%H%x00%s main          median {g:6.3f} s  ({args.runs} runs)")
        print(f"trailercheck index --rebuild (cold)     median {c:6.3f} s  ({args.runs} runs)")
        print(f"trailercheck index (up to date)         median {w:6.3f} s  ({args.runs} runs)")
        print(f"trailercheck index (-500 +700 commits)         {incremental:6.3f} s")
        print(f"trailercheck index (back again)                {back:6.3f} s")
        print(f"index file                              {size / 1048576:.1f} MiB")
        cold_ok = c / g <= COLD_BUDGET
        warm_ok = w / c <= UP_TO_DATE_BUDGET
        print(
            f"cold / git log                          {c / g:.2f}x  "
            f"(budget {COLD_BUDGET}x: {'ok' if cold_ok else 'OVER'})"
        )
        print(
            f"up to date / cold                       {w / c:.3f}x (budget {UP_TO_DATE_BUDGET}x: "
            f"{'ok' if warm_ok else 'OVER'})"
        )
        return 0 if cold_ok and warm_ok else 1
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
