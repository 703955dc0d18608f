#!/usr/bin/env python3
"""``trailercheck index`` of a long ref, against ``git log --format=%H%x00%s`` of it.

Builds (or reuses) a repository of kernel-style commits (see history.py),
then times, alternating, ``git log --format=%H%x00%s main`` and a cold
``trailercheck index --rebuild --baseline main`` (all output discarded),
then ``trailercheck index --baseline main`` when the index is up to date,
and an incremental update after the ref moved by a few hundred commits and
lost a few (a force-push). Prints the medians of the wall times and of the
CPU times (user + system, git's included: steadier on a busy machine) and
the ratios against the budgets: cold at most 1.3x git log, up to date at
most 0.05x cold.

    python benchmarks/index_speed.py [--commits 100000] [--repo DIR] [--runs 5]

On real history (a clone: the index is written into its git directory), the
ref as it is, without the incremental part (which would move the ref);
``--against`` times another installation's ``trailercheck`` in the same
alternation (an A/B comparison of two builds):

    python benchmarks/index_speed.py --real --repo /tmp/uboot --rev master \\
        [--against /tmp/other-venv/bin/trailercheck]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_speed import run, tool
from history import build

COLD_BUDGET = 1.3
UP_TO_DATE_BUDGET = 0.05


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def children_cpu() -> float:
    """User + system seconds of the waited-for child processes so far (their own children included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Timings:
    """Wall and CPU seconds of the runs of one command."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, repo: str) -> float:
        before = children_cpu()
        wall, _, status = run(self.argv, repo)
        if status != 0:
            sys.exit(f"{' '.join(self.argv)} exited {status}")
        self.wall.append(wall)
        self.cpu.append(children_cpu() - before)
        return wall

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    def line(self, label: str) -> str:
        return (
            f"{label:<40}median {self.median:6.3f} s  cpu {self.cpu_median:6.3f} s  "
            f"({len(self.wall)} runs: {' '.join(f'{w:.2f}' for w in self.wall)})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--repo", help="reuse (or create) the repository here")
    parser.add_argument("--rev", default="main", help="the ref to index (default: main)")
    parser.add_argument("--real", action="store_true", help="an existing repository: do not move its ref")
    parser.add_argument("--against", help="another trailercheck executable, timed in the same alternation")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.real and (args.repo is None or not os.path.isdir(args.repo)):
        sys.exit("--real needs --repo naming an existing repository")
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
        rev = args.rev
        count = int(git(repo, "rev-list", "--count", rev))
        git_log = Timings(["git", "log", "--format=%H%x00%s", rev])
        cold = Timings([*tool(), "index", "--rebuild", "--baseline", rev])
        warm = Timings([*tool(), "index", "--baseline", rev])
        other = Timings([args.against, "index", "--rebuild", "--baseline", rev]) if args.against else None
        run(git_log.argv, repo)  # warm the object cache
        for _ in range(args.runs):
            git_log.time(repo)
            cold.time(repo)
            warm.time(repo)
            if other is not None:
                other.time(repo)
        if not args.real:
            incremental, back = moved(repo, rev, warm.argv)
        g, c, w = git_log.median, cold.median, warm.median
        dot_git = git(repo, "rev-parse", "--git-common-dir").strip()
        size = os.path.getsize(os.path.join(repo, dot_git, "trailercheck", "index.sqlite"))
        print(f"commits                                 {count}")
        print(git_log.line(f"git log --format=%H%x00%s {rev}"))
        print(cold.line("trailercheck index --rebuild (cold)"))
        print(warm.line("trailercheck index (up to date)"))
        if other is not None:
            print(other.line("--against: index --rebuild (cold)"))
        if not args.real:
            print(f"trailercheck index (-500 +700 commits)         {incremental:6.3f} s")
            print(f"trailercheck index (back again)                {back:6.3f} s")
        print(f"index file                              {size / 1048576:.1f} MiB")
        cold_ok = c / g <= COLD_BUDGET
        warm_ok = w / c <= UP_TO_DATE_BUDGET
        print(
            f"cold / git log                          {c / g:.2f}x  "
            f"(budget {COLD_BUDGET}x: {'ok' if cold_ok else 'OVER'}; cpu {cold.cpu_median / git_log.cpu_median:.2f}x)"
        )
        print(
            f"up to date / cold                       {w / c:.3f}x (budget {UP_TO_DATE_BUDGET}x: "
            f"{'ok' if warm_ok else 'OVER'})"
        )
        if other is not None:
            print(
                f"--against / git log                     {other.median / g:.2f}x  "
                f"(cpu {other.cpu_median / git_log.cpu_median:.2f}x)"
            )
        return 0 if cold_ok and warm_ok else 1
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def moved(repo: str, rev: str, warm: list[str]) -> tuple[float, float]:
    """Seconds of an update after ``rev`` lost 500 commits and gained 700 (a force-push), and back again."""
    tip = git(repo, "rev-parse", rev).strip()
    git(repo, "branch", "-f", "bench-moved", f"{rev}~500")
    git(repo, "checkout", "-q", "bench-moved")
    try:
        for i in range(700):
            git(repo, "commit", "-q", "--allow-empty", "-m", f"FROMLIST: bench: moved {i}")
        new = git(repo, "rev-parse", "HEAD").strip()
        git(repo, "update-ref", f"refs/heads/{rev}", new)
        incremental = Timings(warm)
        incremental.time(repo)
        git(repo, "update-ref", f"refs/heads/{rev}", tip)
        back = Timings(warm)
        back.time(repo)
    finally:
        git(repo, "checkout", "-q", "--detach", tip)
        git(repo, "update-ref", f"refs/heads/{rev}", tip)
        git(repo, "checkout", "-q", rev)
        git(repo, "branch", "-q", "-D", "bench-moved")
    return incremental.median, back.median


if __name__ == "__main__":
    sys.exit(main())
