"""The pre-commit hook, through the real ``pre-commit`` and a real ``git commit``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import git

PROJECT = Path(__file__).resolve().parents[1]
BAD = (
    "FROMLIST: misc: fastrpc: Fix map refcount\n\nDrop the extra reference.\n\n"
    "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/\n\n"
    "Signed-off-by: Ada Lovelace <ada@example.com>\nCRs-Fixed: 4564170\n"
)
GOOD = BAD.replace("/\n\nSigned", "/\nSigned")


def pre_commit() -> str:
    found = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    return found


def snapshot_of_project(dest: Path) -> str:
    """A git repository holding the project's current files (what pre-commit clones)."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(PROJECT / name, dest / name)
    shutil.copytree(PROJECT / "trailercheck", dest / "trailercheck", ignore=shutil.ignore_patterns("__pycache__"))
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return git(dest, "rev-parse", "HEAD").strip()


def test_commit_msg_hook_through_pre_commit(tmp_path: Path, repo: Path) -> None:
    tool = pre_commit()
    hooks_repo = tmp_path / "hooks-repo"
    rev = snapshot_of_project(hooks_repo)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks_repo}\n    rev: {rev}\n    hooks:\n      - id: trailercheck\n"
    )
    git(repo, "add", ".pre-commit-config.yaml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    install = subprocess.run([tool, "install", "--hook-type", "commit-msg"], cwd=repo, env=env, capture_output=True)
    assert install.returncode == 0, install.stderr
    assert (repo / ".git" / "hooks" / "commit-msg").exists()

    message = tmp_path / "message"
    message.write_text(BAD)
    bad = subprocess.run(["git", "commit", "-q", "-F", str(message)], cwd=repo, env=env, capture_output=True, text=True)
    assert bad.returncode != 0, bad.stdout
    assert ":6: T01 trailer-block-blank-line: blank line between Link: (line 5) and Signed-off-by: (line 7)" in (
        bad.stdout + bad.stderr
    )
    assert git(repo, "log", "-1", "--format=%s").strip() == "QCLINUX: root"

    message.write_text(GOOD)
    good = subprocess.run(
        ["git", "commit", "-q", "-F", str(message)], cwd=repo, env=env, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert git(repo, "log", "-1", "--format=%s").strip() == "FROMLIST: misc: fastrpc: Fix map refcount"
