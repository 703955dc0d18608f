"""The fixtures every test shares; the builders behind them are in ``tests/builders.py``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import ADA, git, init_repo, isolate, isolated


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test sees the same git identity and no user or system configuration."""
    return isolate(monkeypatch, tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def module_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The same isolation for the fixtures that the tests of a module share (set up before any test's)."""
    with isolated(tmp_path_factory) as home:
        yield home


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository with one empty root commit on ``main``."""
    path = init_repo(tmp_path / "repo")
    git(path, "commit", "-q", "--allow-empty", "-m", f"QCLINUX: root\n\nSigned-off-by: {ADA}")
    return path
