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

On real history instead (a clone of the u-boot bundle, or any repository),
per profile and format, each run of ``check`` paired with one of ``git log
--format=%B`` over the same revisions; prints the median of the pair ratios
and the budget (compiled core / plain install), and with ``--memory`` the
peak RSS of every process of ``check`` (the parent, each worker, each git)
over the last N and over all commits:

    python benchmarks/check_speed.py --bundle ../shared/history/uboot-messages.bundle
    python benchmarks/check_speed.py --real --repo /work/uboot --rev master \\
        --formats text,json,sarif,github --profiles upstream,qcom [--memory]
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
#: The issue's budgets on real history: (profile, compiled core) -> ratio to ``git log --format=%B``.
#: ``qcom`` reports an S01 error on nearly every upstream commit: an output stress test.
REAL_BUDGET = {("upstream", True): 2.5, ("upstream", False): 4.0, ("qcom", True): 4.0, ("qcom", False): 6.0}


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


def is_compiled() -> bool:
    return core() == "compiled twin"


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux: /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return out


def peaks_per_process(argv: list[str], cwd: str, every: float = 0.01) -> tuple[int, list[tuple[str, int, float]]]:
    """Exit status and, per process of the run, its name, peak RSS (VmHWM, KiB) and CPU seconds.

    The tree is sampled every ``every`` seconds; VmHWM is a high-water mark, so a sample
    taken any time before a process ends holds its peak up to then (a process living
    shorter than a sample interval is missed, and the CPU of the last interval too)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    pid = _spawn_in(argv, cwd, devnull)
    seen: dict[int, tuple[str, int, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        for p in descendants(pid):
            try:
                with open(f"/proc/{p}/status") as fh:
                    fields = dict(line.split(":", 1) for line in fh if ":" in line)
                with open(f"/proc/{p}/cmdline", "rb") as fh:
                    cmd = fh.read().split(b"\0")
                with open(f"/proc/{p}/stat") as fh:
                    stat = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            hwm = int(fields.get("VmHWM", "0 kB").split()[0])
            if p == pid:
                name = "parent"
            elif os.path.basename(cmd[0]) == b"git":  # git -C DIR COMMAND ...
                words = [w for w in cmd[1:] if w]
                name = "git " + (words[2] if words[:1] == [b"-C"] and len(words) > 2 else words[0]).decode()
            else:
                name = "worker"  # a forked worker (or a git process not started yet)
            cpu = (int(stat[11]) + int(stat[12])) / tick  # utime, stime
            before = seen.get(p)
            if before is not None:
                if not cmd[0]:  # ended, not reaped yet: keep what it was
                    name = before[0]
                hwm = max(hwm, before[1])
            seen[p] = (name, hwm, cpu)
        time.sleep(every)
    os.close(devnull)
    # (wait4's figures would be the whole tree's: the parent's own are its last sample's)
    return os.waitstatus_to_exitcode(status), [seen[p] for p in sorted(seen)]


def real(args: argparse.Namespace) -> int:
    """Ratios to ``git log --format=%B`` on real history, per profile and format (see the module's help)."""
    tmp = None
    repo = args.repo
    if args.bundle:
        tmp = tempfile.mkdtemp(prefix="trailercheck-real-")
        repo = os.path.join(tmp, "repo")
        subprocess.run(["git", "clone", "-q", args.bundle, repo], check=True)
    if repo is None:
        sys.exit("--real needs --repo DIR (or --bundle FILE)")
    try:
        rev = args.rev or "HEAD"
        count = int(
            subprocess.run(
                ["git", "rev-list", "--count", "--no-merges", rev], cwd=repo, capture_output=True, text=True, check=True
            ).stdout
        )
        compiled = is_compiled()
        # The short range for --memory: from the --short-th commit git log lists (about that many).
        base = subprocess.run(
            ["git", "rev-list", "--no-merges", f"--skip={args.short}", "--max-count=1", rev],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        short = f"{base}..{rev}"
        short_count = subprocess.run(
            ["git", "rev-list", "--count", "--no-merges", short], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        print(f"repository {repo}, {rev}: {count} non-merge commits; check core: {core()}")
        git_log = ["git", "log", "--format=%B", rev]
        run(git_log, repo)  # warm the object cache
        failed = False
        for profile in args.profiles.split(","):
            for fmt in args.formats.split(","):
                check = [*tool(), "check", "--profile", profile, "--format", fmt, rev]
                if args.runs < 1:  # --runs 0 --memory: the memory figures alone
                    ratios, walls, gits = [0.0], [0.0], [0.0]
                else:
                    run(check, repo)  # warm-up, not counted
                    ratios, walls, gits = [], [], []
                for _ in range(args.runs):
                    g = run(git_log, repo)[0]
                    wall, _, status = run(check, repo)
                    if status not in (0, 1):
                        sys.exit(f"{' '.join(check)} exited {status}")
                    ratios.append(wall / g)
                    walls.append(wall)
                    gits.append(g)
                if args.runs >= 1:
                    ratio = statistics.median(ratios)
                    budget = REAL_BUDGET.get((profile, compiled))
                    verdict = ""
                    if budget is not None:
                        verdict = f"  (budget {budget:.1f}x: {'ok' if ratio <= budget else 'OVER'})"
                    failed = failed or (budget is not None and ratio > budget)
                    times = f"check {statistics.median(walls):6.2f} s  git log {statistics.median(gits):5.2f} s"
                    spread = f"[{min(ratios):.2f}-{max(ratios):.2f}]"
                    print(f"{profile:9} {fmt:8} {times}  ratio {ratio:.2f}x {spread}{verdict}")
                if args.memory:
                    for label, revs in ((f"{short_count}", short), (f"{count}", rev)):
                        argv = [*tool(), "check", "--profile", profile, "--format", fmt, revs]
                        _, procs = peaks_per_process(argv, repo)
                        listed = ", ".join(
                            f"{name} {kib / 1024:.0f} MiB {cpu:.1f} s" for name, kib, cpu in procs if kib
                        )
                        print(f"{profile:9} {fmt:8} {label} commits, peak RSS and CPU per process: {listed}")
        return 1 if failed else 0
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--repo", help="reuse (or create) the repository here; with --real, the repository to time")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--parity", action="store_true")
    parser.add_argument("--real", action="store_true", help="time real history in --repo (see the module's help)")
    parser.add_argument("--bundle", help="clone this git bundle and time its history (implies --real)")
    parser.add_argument("--rev", help="with --real: the revisions to check (default HEAD)")
    parser.add_argument("--formats", default="text,json,sarif,github")
    parser.add_argument("--profiles", default="upstream,qcom")
    parser.add_argument("--memory", action="store_true", help="with --real: peak RSS of each process")
    parser.add_argument("--short", type=int, default=10_000, help="with --memory: the short range (last N commits)")
    args = parser.parse_args()
    if args.real or args.bundle:
        return real(args)
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
