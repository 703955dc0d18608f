#!/usr/bin/env python3
"""How long ``trailercheck msg`` takes per commit, against a bare interpreter start.

The ``commit-msg`` hook runs ``trailercheck msg`` on every ``git commit``.
This script times it end to end (process start to exit, inside a real
repository, on a typical hook file with git's comment block) and, in the same
run and alternating with it, ``python -c pass`` from the same environment.
It prints both medians and their ratio; the budget is 2.5x.

    python benchmarks/hook_speed.py [--runs N]
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

MESSAGE = """FROMLIST: misc: fastrpc: Fix map refcount on unmap

fastrpc_map_put() drops the reference taken by fastrpc_map_create(), but the
unmap path takes a second one. Drop the extra reference so that the map is
freed when the last user goes away.

Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/
Signed-off-by: Ada Lovelace <ada@example.com>
CRs-Fixed: 4564170
# Please enter the commit message for your changes. Lines starting
# with '#' will be ignored, and an empty message aborts the commit.
#
# On branch tech/mm/fastrpc
# Changes to be committed:
#\tmodified:   drivers/misc/fastrpc.c
#
"""

BUDGET = 2.5


def find_script() -> str:
    here = os.path.join(os.path.dirname(sys.executable), "trailercheck")
    found = here if os.path.exists(here) else shutil.which("trailercheck")
    if not found:
        sys.exit("trailercheck is not installed in this environment (pip install .)")
    return found


def timed(argv: list[str], cwd: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{argv[0]} exited {proc.returncode}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=41, help="runs of each command (default 41)")
    args = parser.parse_args()
    script = find_script()
    with tempfile.TemporaryDirectory() as tmp:
        env_repo = os.path.join(tmp, "repo")
        subprocess.run(["git", "init", "-q", env_repo], check=True)
        for key, value in (("user.name", "Ada Lovelace"), ("user.email", "ada@example.com")):
            subprocess.run(["git", "-C", env_repo, "config", key, value], check=True)
        msg = os.path.join(env_repo, ".git", "COMMIT_EDITMSG")
        with open(msg, "w") as fh:
            fh.write(MESSAGE)
        bare = [sys.executable, "-c", "pass"]
        hook = [script, "msg", msg]
        check = subprocess.run(hook, cwd=env_repo, capture_output=True, text=True)
        if check.returncode != 0:
            sys.exit(f"the benchmark message should pass: {check.stdout}{check.stderr}")
        for _ in range(3):  # warm caches and .pyc files
            timed(bare, env_repo)
            timed(hook, env_repo)
        bare_times: list[float] = []
        hook_times: list[float] = []
        for _ in range(args.runs):
            bare_times.append(timed(bare, env_repo))
            hook_times.append(timed(hook, env_repo))
    bare_med = statistics.median(bare_times)
    hook_med = statistics.median(hook_times)
    ratio = hook_med / bare_med
    print(f"python -c pass          median {bare_med * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"trailercheck msg FILE   median {hook_med * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"ratio                   {ratio:.2f}x  (budget {BUDGET:.1f}x: {'ok' if ratio <= BUDGET else 'OVER'})")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
