#!/usr/bin/env python3
"""The index of a local public-inbox mirror (``--archive``), against reading its epochs with git.

Generates (or reuses) a v2 inbox of kernel-style patch mails with ``git
fast-import`` (one commit per mail adding the blob ``m``, as public-inbox
writes them; epochs of 50,000 mails), then times, alternating:

- ``git cat-file --batch-all-objects --batch`` over every epoch (output discarded): reading everything once;
- a cold index (:meth:`trailercheck.sources.archive.LocalArchive.update` with an empty store):
  message-ids and the patch ids of the diffs;
- an update of an index that is up to date.

Prints the medians and the ratios against the budgets: cold at most 2x
cat-file, up to date at most 0.05x of cold, with the CPU time of each
(user + system, the git processes and forked readers included: a steadier
guide than wall time on a busy machine). Not run in CI (minutes, and a few
hundred MB).

    python benchmarks/archive_index_speed.py [--messages 100000] [--inbox DIR] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

COLD_BUDGET = 2.0
UP_TO_DATE_BUDGET = 0.05
PER_EPOCH = 50_000

WORDS = "map buffer refcount flags session channel context queue probe remove clock reset irq dma".split()
AREAS = ["misc: fastrpc", "soc: qcom: smem", "arm64: dts: qcom: sm8650", "clk: qcom: gcc", "remoteproc: qcom_q6v5"]


def mail(n: int, rng: random.Random) -> bytes:
    area = rng.choice(AREAS)
    words = " ".join(rng.choice(WORDS) for _ in range(4))
    path = f"drivers/{area.split(':')[0].strip()}/file{n % 97}.c"
    context = "".join(f" static int ctx_{n}_{i};\n" for i in range(3))
    body = "\n".join(f"The {rng.choice(WORDS)} {rng.choice(WORDS)} is {rng.choice(WORDS)}." for _ in range(6))
    return (
        f"From: Dev {n % 500} <dev{n % 500}@example.com>\n"
        "To: linux-arm-msm@vger.kernel.org\n"
        f"Subject: [PATCH v{n % 3 + 1} {n % 5 + 1}/5] {area}: Fix {words}\n"
        f"Date: Tue, 01 Oct 2024 10:{n % 60:02d}:00 +0000\n"
        f"Message-ID: <2024-{n}-bench-v1-1-{n:08x}@example.com>\n"
        "\n"
        f"{body}\n\nSigned-off-by: Dev {n % 500} <dev{n % 500}@example.com>\n---\n"
        f" {path} | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n"
        f"diff --git a/{path} b/{path}\nindex 1111111..2222222 100644\n--- a/{path}\n+++ b/{path}\n"
        f"@@ -{n % 900 + 1},7 +{n % 900 + 1},7 @@\n{context}-\tret = {words.split()[0]}_{n}(flags);\n"
        f"+\tret = {words.split()[0]}_{n}();\n{context}-- \n2.43.0\n"
    ).encode()


def build(inbox: str, count: int, seed: int = 1) -> None:
    """A v2 inbox of ``count`` mails, written with git fast-import."""
    rng = random.Random(seed)
    os.makedirs(os.path.join(inbox, "git"))
    open(os.path.join(inbox, "inbox.lock"), "w").close()
    for epoch in range((count + PER_EPOCH - 1) // PER_EPOCH):
        repo = os.path.join(inbox, "git", f"{epoch}.git")
        subprocess.run(["git", "init", "-q", "--bare", repo], check=True)
        proc = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet"], stdin=subprocess.PIPE)
        assert proc.stdin is not None
        first = epoch * PER_EPOCH
        for n in range(first, min(count, first + PER_EPOCH)):
            data = mail(n, rng)
            message = b"bench mail\n"
            proc.stdin.write(
                b"commit refs/heads/master\n"
                + f"committer Bench <bench@example.com> {1700000000 + n} +0000\n".encode()
                + f"data {len(message)}\n".encode() + message
                + f"M 100644 inline m\ndata {len(data)}\n".encode() + data + b"\n"
            )  # fmt: skip
        proc.stdin.close()
        if proc.wait() != 0:
            raise SystemExit("git fast-import failed")
        subprocess.run(["git", "-C", repo, "gc", "-q"], check=True)


def cpu() -> float:
    """CPU seconds (user + system) used so far by this process and the children it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cat_file(inbox: str) -> tuple[float, float]:
    used = cpu()
    start = time.perf_counter()
    for name in sorted(os.listdir(os.path.join(inbox, "git"))):
        subprocess.run(
            ["git", "-C", os.path.join(inbox, "git", name), "cat-file", "--batch-all-objects", "--batch"],
            stdout=subprocess.DEVNULL, check=True,
        )  # fmt: skip
    return time.perf_counter() - start, cpu() - used


def index(inbox: str, store: str) -> tuple[float, float, int]:
    from trailercheck.sources.archive import LocalArchive

    archive = LocalArchive(inbox, store)
    used = cpu()
    start = time.perf_counter()
    done = archive.update()
    seconds = time.perf_counter() - start
    archive.close()
    return seconds, cpu() - used, done.added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--inbox", help="where the generated inbox is kept (default: a temporary directory)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="archive-bench-")
    inbox = args.inbox or os.path.join(tmp, "inbox")
    try:
        if not os.path.isdir(os.path.join(inbox, "git")):
            start = time.perf_counter()
            build(inbox, args.messages)
            print(f"generated {args.messages} mails in {time.perf_counter() - start:.1f} s: {inbox}")
        git_times: list[float] = []
        cold_times: list[float] = []
        warm_times: list[float] = []
        git_cpu: list[float] = []
        cold_cpu: list[float] = []
        for run in range(args.runs):
            seconds, used = cat_file(inbox)
            git_times.append(seconds)
            git_cpu.append(used)
            store = os.path.join(tmp, f"store-{run}")
            seconds, used, added = index(inbox, store)
            cold_times.append(seconds)
            cold_cpu.append(used)
            if added != args.messages:
                raise SystemExit(f"indexed {added} mails, not {args.messages}")
            warm, _, again = index(inbox, store)
            if again:
                raise SystemExit(f"an up-to-date index read {again} mails again")
            warm_times.append(warm)
            shutil.rmtree(store)
            print(f"run {run + 1}: cat-file {git_times[-1]:.3f} s (CPU {git_cpu[-1]:.2f} s), "
                  f"cold {cold_times[-1]:.3f} s (CPU {cold_cpu[-1]:.2f} s), up to date {warm:.3f} s")  # fmt: skip
        git_s, cold, warm, git_used, cold_used = (
            statistics.median(t) for t in (git_times, cold_times, warm_times, git_cpu, cold_cpu)
        )
        print(f"git cat-file --batch-all-objects --batch: {git_s:.3f} s  (CPU {git_used:.2f} s)")
        print(f"cold index:      {cold:.3f} s  ({cold / git_s:.2f}x cat-file, budget {COLD_BUDGET}x; "
              f"CPU {cold_used:.2f} s, {cold_used / git_used:.2f}x)")  # fmt: skip
        print(f"up-to-date index: {warm:.3f} s  ({warm / cold:.4f}x cold, budget {UP_TO_DATE_BUDGET}x)")
        ok = cold <= COLD_BUDGET * git_s and warm <= UP_TO_DATE_BUDGET * cold
        print("within budget" if ok else "OVER BUDGET")
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
