"""Shared test fixtures: isolated git configuration, real repositories, the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"

AUTHOR_NAME = "Ada Lovelace"
AUTHOR_EMAIL = "ada@example.com"


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test sees the same git identity and no user or system configuration."""
    home = tmp_path_factory.mktemp("home")
    config = home / ".gitconfig"
    config.write_text(
        f"[user]\n\tname = {AUTHOR_NAME}\n\temail = {AUTHOR_EMAIL}\n[init]\n\tdefaultBranch = main\n"
        "[advice]\n\tdetachedHead = false\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "NO_COLOR",
        "GITHUB_BASE_REF",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    ):
        monkeypatch.delenv(var, raising=False)
    return home


def git(repo: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
    """Run git in ``repo``; fail the test on a non-zero exit. Returns stdout (UTF-8, surrogateescape)."""
    proc = subprocess.run(
        ["git", *args],
        cwd=repo,
        input=input,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )
    if proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace')}")
    return proc.stdout.decode("utf-8", "surrogateescape")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository with one empty root commit on ``main``."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q")
    git(path, "commit", "-q", "--allow-empty", "-m", "QCLINUX: root\n\nSigned-off-by: Ada Lovelace <ada@example.com>")
    return path


def commit_raw(repo: Path, message: bytes, parent: str = "HEAD", encoding: str | None = None) -> str:
    """Create a commit whose message is exactly ``message`` (no clean-up) and move HEAD to it."""
    tree = git(repo, "rev-parse", f"{parent}^{{tree}}").strip()
    head = git(repo, "rev-parse", parent).strip()
    args = ["commit-tree", tree, "-p", head]
    env = {"GIT_AUTHOR_NAME": AUTHOR_NAME, "GIT_AUTHOR_EMAIL": AUTHOR_EMAIL}
    if encoding:
        args = ["-c", f"i18n.commitEncoding={encoding}", *args]
    sha = git(repo, *args, input=message, env=env).strip()
    git(repo, "update-ref", "HEAD", sha)
    return sha


def run_cli(
    *args: str, input: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line (``python -m trailercheck``) and capture its output as text."""
    proc = subprocess.run(
        [sys.executable, "-m", "trailercheck", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )


def build_history(path: Path, count: int, seed: int) -> None:
    """A benchmark-style history of ``count`` commits on ``main`` (benchmarks/history.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_history", ROOT / "benchmarks" / "history.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(str(path), count, seed=seed)
