"""Build a repository with a long, realistic kernel-style history (git fast-import).

Used by the benchmarks: subjects with upstream-status prefixes, bodies of a
few lines, 3-10 trailers, and a share of messages broken on purpose (blank
line in the trailer block, wrong key case, missing Link:, malformed prefix,
percent-encoded message-ids, missing sign-off). Deterministic for a seed.
"""

from __future__ import annotations

import os
import random
import subprocess

PREFIXES = ["FROMLIST: ", "UPSTREAM: ", "BACKPORT: ", "FROMGIT: ", "QCLINUX: ", "PENDING: ", "BACKPORT: FROMLIST: "]
SUBSYSTEMS = [
    "misc: fastrpc: ",
    "arm64: dts: qcom: sm8650: ",
    "clk: qcom: gcc-sa8775p: ",
    "drm/msm/dpu: ",
    "remoteproc: qcom: pas: ",
    "soc: qcom: llcc: ",
    "interconnect: qcom: ",
    "pinctrl: qcom: ",
]
VERBS = ["Fix", "Add", "Drop", "Handle", "Enable", "Document", "Rework", "Avoid"]
OBJECTS = ["map refcount", "clock gating", "ICE node", "UFS support", "power domains", "LLCC slices", "DSI timing"]
WORDS = "the driver now takes the lock before it walks the list of buffers so that a racing unmap cannot free".split()
PEOPLE = [
    ("Ada Lovelace", "ada@example.com"),
    ("Bob Example", "bob@example.com"),
    ("Carol Kernel", "carol@kernel.org"),
    ("Dan Qualcomm", "quic_dan@quicinc.com"),
    ("Eve Linaro", "eve@linaro.org"),
]


def message(rng: random.Random, i: int, author: tuple[str, str], fixed: list[tuple[str, str]] | None = None) -> str:
    prefix = rng.choice(PREFIXES)
    subject = f"{prefix}{rng.choice(SUBSYSTEMS)}{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    body = []
    for _ in range(rng.randint(1, 3)):
        body.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 13))))
    msgid = f"20241{i:06d}.{rng.randint(1000, 9999)}-1-{author[1].split('@')[0]}@{author[1].split('@')[1]}"
    trailers = []
    if prefix != "QCLINUX: " and prefix != "PENDING: ":
        trailers.append(f"Link: https://lore.kernel.org/all/{msgid}/")
    for name, email in rng.sample(PEOPLE, rng.randint(1, 4)):
        trailers.append(f"{rng.choice(['Reviewed-by', 'Acked-by', 'Tested-by'])}: {name} <{email}>")
    if fixed and rng.random() < 0.15:  # a Fixes: naming a commit of the upstream history
        sha, title = rng.choice(fixed)
        trailers.append(f'Fixes: {sha[:12]} ("{title}")')
    if "UPSTREAM" in prefix or ("BACKPORT" in prefix and "FROMLIST" not in prefix) or "FROMGIT" in prefix:
        trailers.append(f"(cherry picked from commit {rng.getrandbits(160):040x})")
    if "BACKPORT" in prefix:
        trailers.append(f"[{author[1].split('@')[0]}: resolved a conflict in the probe path]")
    trailers.append(f"Signed-off-by: {author[0]} <{author[1]}>")
    if rng.random() < 0.5:
        trailers.append(f"CRs-Fixed: {rng.randint(1000000, 9999999)}")
    broken = rng.random()
    if broken < 0.03:  # blank line between Link: and the rest
        trailers.insert(1, "")
    elif broken < 0.06:
        trailers[-1] = trailers[-1].replace("Signed-off-by", "Signed-Off-By")
    elif broken < 0.08:
        trailers = [t for t in trailers if not t.startswith("Link:")]
    elif broken < 0.09:
        subject = subject.replace(": ", ":", 1)
    elif broken < 0.10:
        trailers = [t.replace("@", "%40", 1) if t.startswith("Link:") else t for t in trailers]
    elif broken < 0.11:
        trailers = [t for t in trailers if not t.startswith("Signed-off-by")]
    elif broken < 0.115:  # a Fixes: naming nothing
        trailers.insert(0, f'Fixes: {rng.getrandbits(48):012x} ("misc: fastrpc: Add map support")')
    return subject + "\n\n" + "\n".join(body) + "\n\n" + "\n".join(trailers) + "\n"


UPSTREAM_COMMITS = 500


def build(path: str, count: int, seed: int = 1) -> str:
    """Create ``path`` with ``count`` commits on ``main``; returns the tip's id.

    A separate history of mainline commits on ``upstream`` comes first, so
    that the ``Fixes:`` trailers of ``main`` can name real commits.
    """
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True)
    _import(path, "refs/heads/upstream", UPSTREAM_COMMITS, rng, None)
    log = subprocess.run(
        ["git", "log", "--format=%H%x00%s", "upstream"], cwd=path, check=True, capture_output=True, text=True
    ).stdout
    fixed = [tuple(line.split("\0", 1)) for line in log.splitlines()]
    _import(path, "refs/heads/main", count, rng, fixed)  # type: ignore[arg-type]
    return subprocess.run(
        ["git", "rev-parse", "main"], cwd=path, check=True, capture_output=True, text=True
    ).stdout.strip()


def _import(path: str, ref: str, count: int, rng: random.Random, fixed: list[tuple[str, str]] | None) -> None:
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=path, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    out = proc.stdin
    when = 1_700_000_000
    for i in range(count):
        author = rng.choice(PEOPLE)
        if fixed is None:  # mainline: no prefixes, unique subjects
            subject = f"{rng.choice(SUBSYSTEMS)}{rng.choice(VERBS)} {rng.choice(OBJECTS)} #{i}"
            data = f"{subject}\n\nMainline change {i}.\n\nSigned-off-by: {author[0]} <{author[1]}>\n".encode()
        else:
            data = message(rng, i, author, fixed).encode()
        when += 60
        out.write(f"commit {ref}\n".encode())
        out.write(f"mark :{i + 1}\n".encode())
        out.write(f"author {author[0]} <{author[1]}> {when} +0000\n".encode())
        out.write(f"committer {author[0]} <{author[1]}> {when} +0000\n".encode())
        out.write(f"data {len(data)}\n".encode() + data + b"\n")
        if i == 0:
            out.write(b"deleteall\n")
        out.write(f"M 644 inline f{i % 97}\ndata {len(str(i))}\n{i}\n".encode())
    out.close()
    if proc.wait() != 0:
        raise RuntimeError("git fast-import failed")


if __name__ == "__main__":
    import sys

    target = sys.argv[1] if len(sys.argv) > 1 else "history"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    if os.path.exists(target):
        sys.exit(f"{target} exists")
    print(build(target, n))
