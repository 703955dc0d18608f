"""The pre-commit hook, through the real ``pre-commit`` and a real ``git commit``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import commit, git, head, init_repo, isolated

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
    for name in (
        "pyproject.toml",
        "setup.py",
        "build_backend.py",
        "MANIFEST.in",
        "README.md",
        ".pre-commit-hooks.yaml",
    ):
        shutil.copy(PROJECT / name, dest / name)
    shutil.copytree(PROJECT / "trailercheck", dest / "trailercheck", ignore=shutil.ignore_patterns("__pycache__"))
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return git(dest, "rev-parse", "HEAD").strip()


class HookSource:
    """The project as pre-commit's hook repository, and the cache its environment is built in once."""

    def __init__(self, path: Path, rev: str, cache: Path) -> None:
        self.path = path
        self.rev = rev
        self.cache = cache

    def config(self, hook_id: str) -> str:
        return f"repos:\n  - repo: {self.path}\n    rev: {self.rev}\n    hooks:\n      - id: {hook_id}\n"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HookSource]:
    pre_commit()
    with isolated(tmp_path_factory):
        where = tmp_path_factory.mktemp("pre-commit")
        yield HookSource(where / "hooks-repo", snapshot_of_project(where / "hooks-repo"), where / "cache")


def test_commit_msg_hook_through_pre_commit(tmp_path: Path, repo: Path, source: HookSource) -> None:
    tool = pre_commit()
    (repo / ".pre-commit-config.yaml").write_text(source.config("trailercheck"))
    git(repo, "add", ".pre-commit-config.yaml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(source.cache)}
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


def push(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "push", "-q", *args], cwd=repo, env=env, capture_output=True, text=True)


def test_push_hook_through_pre_commit(tmp_path: Path, repo: Path, source: HookSource) -> None:
    tool = pre_commit()
    origin = init_repo(tmp_path / "origin.git", bare=True)
    commit(repo, GOOD, {".pre-commit-config.yaml": source.config("trailercheck-push")})
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "-u", "origin", "main")
    env = {**os.environ, "PRE_COMMIT_HOME": str(source.cache)}
    install = subprocess.run([tool, "install", "--hook-type", "pre-push"], cwd=repo, env=env, capture_output=True)
    assert install.returncode == 0, install.stderr
    published = head(repo)

    # An update: pre-commit's from-ref is the remote's tip.
    bad = commit(repo, BAD)
    refused = push(repo, "origin", "main", env=env)
    assert refused.returncode != 0
    assert (
        f"{bad[:12]}:6: T01 trailer-block-blank-line: blank line between Link: (line 5) and Signed-off-by: (line 7)"
        in (refused.stdout + refused.stderr)
    )
    assert head(origin, "main") == published

    # The same range by hand: --hook-stage manual without refs checks check's default range (@{upstream}..HEAD).
    manual = subprocess.run(
        [tool, "run", "--hook-stage", "manual", "trailercheck-push"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert manual.returncode == 1
    assert f"{bad[:12]}:6: T01 trailer-block-blank-line:" in manual.stdout

    git(repo, "reset", "-q", "--hard", published)
    good = commit(repo, GOOD)
    accepted = push(repo, "origin", "main", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert head(origin, "main") == good

    # A new branch: pre-commit's from-ref is the parent of its first new commit.
    git(repo, "checkout", "-q", "-b", "topic")
    tip = commit(repo, GOOD.replace("Fix map refcount", "Drop the stale map"))
    new = push(repo, "origin", "topic", env=env)
    assert new.returncode == 0, new.stdout + new.stderr
    assert head(origin, "topic") == tip

    git(repo, "checkout", "-q", "-b", "feature", good)
    bad = commit(repo, BAD)
    commit(repo, GOOD.replace("Fix map refcount", "Drop the stale map"))
    refused = push(repo, "origin", "feature", env=env)
    assert refused.returncode != 0
    assert f"{bad[:12]}:6: T01 trailer-block-blank-line:" in refused.stdout + refused.stderr
    assert "feature" not in git(origin, "branch", "--format=%(refname:short)").split()
