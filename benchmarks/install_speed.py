#!/usr/bin/env python3
"""How long installing trailercheck takes: ``pip install .``, and a first commit through pre-commit.

Two measurements, against the budgets of the plain default build:

- ``pip install .`` into a fresh virtualenv, against ``pip install gitpython
  typer regex`` (its dependencies alone) into another fresh one; alternating,
  the median of each and their ratio (budget 1.5x). Both use pip's usual cache
  and index, and only the ``pip install`` is timed, not making the virtualenv.
- the first ``git commit`` through the ``commit-msg`` hook of pre-commit, in a
  fresh ``PRE_COMMIT_HOME``: pre-commit clones this repository at its ``HEAD``
  commit (``repo: <path>``, ``rev: <sha>``) and installs the hook's
  environment, then runs the hook (budget 30 s). Uncommitted changes are not in
  what it installs.

    python benchmarks/install_speed.py [--runs N] [--no-pre-commit]

The build's switch (``TRAILERCHECK_COMPILE``) is removed from the environment:
this measures the default build.
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
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from build_backend import SWITCH  # noqa: E402 (the build's switch, removed from the environment)

DEPENDENCIES = ["gitpython", "typer", "regex"]
RATIO_BUDGET = 1.5
COMMIT_BUDGET = 30.0

MESSAGE = """QCLINUX: arm64: dts: qcom: sa8775p-ride: Enable the second PCIe port

The second PCIe port of the ride board carries the NVMe slot; describe its
regulators and enable it.

Signed-off-by: Ada Lovelace <ada@example.com>
"""

IDENTITY = {
    "GIT_AUTHOR_NAME": "Ada Lovelace",
    "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Lovelace",
    "GIT_COMMITTER_EMAIL": "ada@example.com",
}


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != SWITCH and k != "PYTHONPATH"}
    return {**env, **extra}


def timed_install(packages: list[str], tmp: str) -> float:
    """Seconds ``pip install PACKAGES`` takes in a new virtualenv (made beforehand, untimed)."""
    where = tempfile.mkdtemp(dir=tmp)
    venv.create(where, with_pip=True)
    python = os.path.join(where, "Scripts" if os.name == "nt" else "bin", "python")
    start = time.perf_counter()
    proc = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *packages],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"pip install {' '.join(packages)} failed:\n{proc.stdout}{proc.stderr}")
    shutil.rmtree(where, ignore_errors=True)
    return elapsed


def pre_commit() -> str:
    found = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if not found:
        sys.exit("pre-commit is not installed in this environment (pip install '.[test]')")
    return found


def git(cwd: str, *args: str) -> str:
    out = subprocess.run(["git", "-C", cwd, *args], check=True, capture_output=True, text=True, env=environment())
    return out.stdout.strip()


def first_commit(tmp: str) -> tuple[float, float]:
    """Seconds of ``pre-commit install`` and of the first commit through the hook, in a fresh cache."""
    tool = pre_commit()
    rev = git(ROOT, "rev-parse", "HEAD")
    repo = os.path.join(tmp, "kernel")
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    with open(os.path.join(repo, ".pre-commit-config.yaml"), "w") as fh:
        fh.write(f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n      - id: trailercheck\n")
    git(repo, "add", ".pre-commit-config.yaml")
    env = environment(PRE_COMMIT_HOME=os.path.join(tmp, "pre-commit-home"), **IDENTITY)
    start = time.perf_counter()
    subprocess.run([tool, "install", "--hook-type", "commit-msg"], cwd=repo, env=env, check=True, capture_output=True)
    installed = time.perf_counter()
    proc = subprocess.run(["git", "commit", "-q", "-m", MESSAGE], cwd=repo, env=env, capture_output=True, text=True)
    done = time.perf_counter()
    if proc.returncode != 0:
        sys.exit(f"the first commit failed:\n{proc.stdout}{proc.stderr}")
    if git(repo, "log", "-1", "--format=%s") != MESSAGE.splitlines()[0]:
        sys.exit("the first commit was not made")
    return installed - start, done - installed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="installs of each kind (default 3)")
    parser.add_argument("--no-pre-commit", action="store_true", help="time only the installs")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        ours: list[float] = []
        theirs: list[float] = []
        for n in range(args.runs):
            # Alternate which goes first, so that neither always meets a colder cache or a busier machine.
            order = [(ours, ["."]), (theirs, DEPENDENCIES)]
            for times, packages in order if n % 2 == 0 else reversed(order):
                times.append(timed_install(packages, tmp))
        ours_med = statistics.median(ours)
        theirs_med = statistics.median(theirs)
        ratio = ours_med / theirs_med
        ok = ratio <= RATIO_BUDGET
        runs = ", ".join(f"{t:.1f}" for t in ours)
        print(f"pip install .                      median {ours_med:6.1f} s  ({runs})")
        runs = ", ".join(f"{t:.1f}" for t in theirs)
        print(f"pip install {' '.join(DEPENDENCIES):22} median {theirs_med:6.1f} s  ({runs})")
        print(
            f"ratio                              {ratio:.2f}x  (budget {RATIO_BUDGET:.1f}x: {'ok' if ok else 'OVER'})"
        )
        if not args.no_pre_commit:
            install, commit = first_commit(tmp)
            fits = commit <= COMMIT_BUDGET
            print(f"pre-commit install                        {install:6.1f} s")
            print(
                f"first commit through pre-commit           {commit:6.1f} s  "
                f"(fresh PRE_COMMIT_HOME; budget {COMMIT_BUDGET:.0f} s: {'ok' if fits else 'OVER'})"
            )
            ok = ok and fits
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
