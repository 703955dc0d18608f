#!/usr/bin/env python3
"""``trailercheck check`` over a whole long history, against ``git log --format=%B``.

Builds (or reuses) a repository of kernel-style commits (see history.py),
then times, alternating, ``git log --format=%B main`` and
``trailercheck check main`` (all output discarded), and prints the medians,
their ratio (budget 3x) and the peak memory of ``check`` over a short and the
whole range (it must not grow with the range). With ``--parity`` it also
compares ``trailercheck parse --range main`` with git's own
``%(trailers:only,unfold)`` for every commit.

    python benchmarks/check_speed.py [--commits 100000] [--repo DIR] [--runs 3] [--parity]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from history import build

BUDGET = 3.0


def tool() -> list[str]:
    here = os.path.join(os.path.dirname(sys.executable), "trailercheck")
    found = here if os.path.exists(here) else shutil.which("trailercheck")
    if not found:
        sys.exit("trailercheck is not installed in this environment (pip install .)")
    return [found]


def run(argv: list[str], cwd: str) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit status of one run, output discarded."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    pid = _spawn_in(argv, cwd, devnull)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    os.close(devnull)
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def _spawn_in(argv: list[str], cwd: str, devnull: int) -> int:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return os.posix_spawnp(
            argv[0],
            argv,
            dict(os.environ),
            file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)],
        )
    finally:
        os.chdir(old)


WRAPPER = (
    "import resource, sys\n"
    "from trailercheck.cli.main import main\n"
    "status = main(sys.argv[1:])\n"
    "sys.stderr.write(f'maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
    "sys.exit(status)\n"
)


def core() -> str:
    """Which modules ``check`` runs in this environment (see trailercheck/native.py)."""
    probe = "from trailercheck.native import compiled_main; print(compiled_main() is not None)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tempfile.gettempdir())
    if out.returncode != 0:
        return "unknown"
    compiled = out.stdout.strip() == "True"
    return "compiled twin" if compiled else "plain Python (no compiled twin installed, or TRAILERCHECK_PURE set)"


def own_peak(args: list[str], repo: str) -> int:
    """Peak RSS (KiB) of the trailercheck process alone, without the git processes it runs."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *args], cwd=repo, capture_output=True, text=True)
    return int(proc.stderr.rsplit("maxrss ", 1)[1])


def parity(repo: str) -> int:
    """Commits where ``parse --range`` and git disagree on the trailers."""
    git = subprocess.run(
        ["git", "log", "-z", "--format=%H%x00%(trailers:only,unfold)", "main"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    theirs = {}
    for i in range(0, len(git) - 1, 2):
        theirs[git[i].decode().strip()] = git[i + 1].decode("utf-8", "surrogateescape")
    proc = subprocess.run([*tool(), "parse", "--range", "main"], cwd=repo, capture_output=True, check=True)
    mismatches = 0
    seen = 0
    for line in proc.stdout.decode().splitlines():
        doc = json.loads(line)
        mine = "".join(f"{t['key']}: {t['value']}\n" for t in doc["trailers"])
        seen += 1
        if theirs.get(doc["commit"]) != mine:
            mismatches += 1
    print(f"parity: {seen} commits compared with %(trailers:only,unfold), {mismatches} differ")
    return mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--repo", help="reuse (or create) the repository here")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--parity", action="store_true")
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
        count = int(
            subprocess.run(
                ["git", "rev-list", "--count", "main"], cwd=repo, capture_output=True, text=True, check=True
            ).stdout
        )
        git_log = ["git", "log", "--format=%B", "main"]
        check = [*tool(), "check", "main"]
        run(git_log, repo)  # warm the object cache
        git_times, check_times, peaks = [], [], []
        for _ in range(args.runs):
            git_times.append(run(git_log, repo)[0])
            wall, peak, status = run(check, repo)
            if status not in (0, 1):
                sys.exit(f"trailercheck check exited {status}")
            check_times.append(wall)
            peaks.append(peak)
        short = max(1, count // 10)
        short_peak = own_peak(["check", "-j1", f"main~{short}..main"], repo)
        full_peak = own_peak(["check", "-j1", "main"], repo)
        g, c = statistics.median(git_times), statistics.median(check_times)
        print(f"commits                       {count}")
        print(f"check core                    {core()}")
        print(f"git log --format=%B main      median {g:6.2f} s  ({args.runs} runs)")
        print(f"trailercheck check main       median {c:6.2f} s  ({args.runs} runs)  {count / c:,.0f} commits/s")
        print(
            f"ratio                         {c / g:.2f}x  (budget {BUDGET:.1f}x: {'ok' if c / g <= BUDGET else 'OVER'})"
        )
        print(f"peak memory of trailercheck itself, {short:>6} commits  {short_peak / 1024:6.1f} MiB")
        print(f"peak memory of trailercheck itself, {count:>6} commits  {full_peak / 1024:6.1f} MiB")
        print(f"peak memory with its git processes, {count:>6} commits  {max(peaks) / 1024:6.1f} MiB")
        bad = parity(repo) if args.parity else 0
        return 0 if c / g <= BUDGET and not bad else 1
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
