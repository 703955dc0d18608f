#!/usr/bin/env python3
"""Linear time on hostile input: each input doubled, the time ratio per doubling.

For each kind of hostile input (a huge message, one very long line, many
trailers, many malformed prefixes, many distinct unknown keys) and each
command that reads it, the size is doubled from a small one until a run
takes at least ``--floor`` seconds, then doubled ``--doublings`` more times.
The table gives the CPU seconds (user + system of the process and its git
children: steadier than wall time on a shared machine) at each size and the
ratio per doubling: near 2 is linear, 4 quadratic. The budget is 3; a ratio
above it fails the run (exit 1). For distinct keys it also prints the cost
of one more key (the slope, in µs; budget 20).

    python benchmarks/hostile_scaling.py [--floor 1.0] [--doublings 2] [--only keys]
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

RATIO_BUDGET = 3.0
KEY_BUDGET_US = 20.0
AUTHOR = "Ada Lovelace <ada@example.com>"
TAIL = f"\nSigned-off-by: {AUTHOR}\n"
SUBJECT = "FROMLIST: misc: fastrpc: Fix map refcount"


# -- the inputs, by size ----------------------------------------------------------


def message_size(n: int) -> bytes:
    """A message of ``n`` body lines (about 40 bytes each)."""
    body = "".join(f"Line {i} of a very long commit message body.\n" for i in range(n))
    return f"FROMLIST: misc: fastrpc: Fix map refcount\n\n{body}{TAIL}".encode()


def line_length(n: int) -> bytes:
    """One body line of ``n`` characters."""
    return f"FROMLIST: misc: fastrpc: Fix map refcount\n\n{'word ' * (n // 5)}\n{TAIL}".encode()


def trailers(n: int) -> bytes:
    """``n`` Reviewed-by: trailers, each from someone else."""
    lines = "".join(f"Reviewed-by: Reviewer Number{i} <r{i}@example.com>\n" for i in range(n))
    return f"{SUBJECT}\n\nThe map is freed twice.\n\n{lines}Signed-off-by: {AUTHOR}\n".encode()


def prefixes(n: int) -> bytes:
    """A subject of ``n`` malformed prefixes (``FROMLIST`` without its colon)."""
    return f"{'FROMLIST ' * n}misc: fastrpc: Fix map refcount\n\nThe map is freed twice.\n{TAIL}".encode()


def distinct_keys(n: int) -> bytes:
    """``n`` trailers with keys no profile knows, all different."""
    lines = "".join(f"X-Key-{i}: value\n" for i in range(n))
    return f"{SUBJECT}\n\nThe map is freed twice.\n\n{lines}Signed-off-by: {AUTHOR}\n".encode()


#: name, generator, first size, commands (``msg``, ``fix``, ``check``, ``parse``)
INPUTS: list[tuple[str, Callable[[int], bytes], int, tuple[str, ...]]] = [
    ("message size (lines)", message_size, 20_000, ("msg", "check", "parse")),
    ("line length (chars)", line_length, 500_000, ("msg", "check")),
    ("trailers", trailers, 1_000, ("msg", "check")),
    ("prefixes", prefixes, 500, ("msg", "fix")),
    ("distinct keys", distinct_keys, 2_000, ("msg", "check")),
]


# -- running --------------------------------------------------------------------------


def tool() -> list[str]:
    return [sys.executable, "-m", "trailercheck"]


def git(repo: str, *args: str, data: bytes | None = None) -> str:
    return subprocess.run(["git", *args], cwd=repo, input=data, capture_output=True, check=True).stdout.decode().strip()


def repository(where: str, message: bytes) -> str:
    """A repository whose one commit holds ``message``, stored byte for byte."""
    repo = os.path.join(where, "repo")
    shutil.rmtree(repo, ignore_errors=True)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    tree = git(repo, "hash-object", "-t", "tree", "-w", "--stdin", data=b"")
    ident = f"{AUTHOR} 1700000000 +0000".encode()
    raw = b"tree " + tree.encode() + b"\nauthor " + ident + b"\ncommitter " + ident + b"\n\n" + message
    sha = git(repo, "hash-object", "-t", "commit", "-w", "--stdin", data=raw)
    git(repo, "update-ref", "refs/heads/main", sha)
    git(repo, "symbolic-ref", "HEAD", "refs/heads/main")
    return repo


def timed(argv: list[str], cwd: str) -> tuple[float, int]:
    """CPU seconds (the process and its children) and exit status of one run, output discarded."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    before = os.times()
    proc = subprocess.run(argv, cwd=cwd, stdout=devnull, stderr=devnull)
    after = os.times()
    os.close(devnull)
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return cpu, proc.returncode


def measure(command: str, message: bytes, where: str) -> float:
    path = os.path.join(where, "MSG")
    with open(path, "wb") as fh:
        fh.write(message)
    if command == "msg":
        cpu, status = timed([*tool(), "msg", path], where)
    elif command == "fix":
        cpu, status = timed([*tool(), "msg", "--fix", path], where)
    else:
        repo = repository(where, message)
        args = ["check", "--jobs", "1", "main"] if command == "check" else ["parse", "--range", "main"]
        cpu, status = timed([*tool(), *args], repo)
    if status not in (0, 1):
        raise SystemExit(f"{command} exited {status}")
    return cpu


def series(command: str, make: Callable[[int], bytes], first: int, floor: float, doublings: int, where: str):
    """``[(size, seconds), ...]``: from the first size of at least ``floor`` seconds, ``doublings`` more."""
    n = first
    t = measure(command, make(n), where)
    while t < floor:
        n *= 2
        t = measure(command, make(n), where)
    points = [(n, t)]
    for _ in range(doublings):
        n *= 2
        points.append((n, measure(command, make(n), where)))
    return points


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floor", type=float, default=1.0, help="seconds the first measured size takes at least")
    parser.add_argument("--doublings", type=int, default=2)
    parser.add_argument("--only", help="only the inputs whose name contains this")
    args = parser.parse_args()
    failed = False
    print("| input | command | sizes | CPU seconds | ratio per doubling |")
    print("|---|---|---|---|---|")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hostile-scaling-") as where:
        for name, make, first, commands in INPUTS:
            if args.only and args.only not in name:
                continue
            for command in commands:
                points = series(command, make, first, args.floor, args.doublings, where)
                ratios = [b[1] / a[1] for a, b in itertools.pairwise(points)]
                failed |= any(r > RATIO_BUDGET for r in ratios)
                sizes = " → ".join(f"{n:,}" for n, _ in points)
                times = " → ".join(f"{t:.2f}" for _, t in points)
                shown = ", ".join(f"{r:.2f}" for r in ratios)
                print(f"| {name} | {command} | {sizes} | {times} | {shown} |")
                if make is distinct_keys:
                    (n1, t1), (n2, t2) = points[-2], points[-1]
                    per_key = (t2 - t1) / (n2 - n1) * 1e6
                    failed |= per_key > KEY_BUDGET_US
                    print(f"| {name} | {command} | one more key | {per_key:.1f} µs | (budget {KEY_BUDGET_US:.0f} µs) |")
                sys.stdout.flush()
    print(f"\n{time.monotonic() - started:.0f} s in all; ratio budget {RATIO_BUDGET}: {'FAILED' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
