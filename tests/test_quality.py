"""The code base itself: type hints hold (mypy) and the linter is satisfied (ruff)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return found


def test_mypy_finds_no_type_errors() -> None:
    proc = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("Success: no issues found")


def test_ruff_is_clean() -> None:
    proc = subprocess.run(
        [_tool("ruff"), "check", "trailercheck", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


#: Model objects shared between messages (remembered by the caches, or one per run): none may change.
SHARED_MUTATIONS = """
from trailercheck.model.keys import KeySet
from trailercheck.model.person import parse_person
from trailercheck.model.prefixes import PrefixToken
from trailercheck.profiles import PROFILES

person = parse_person("Ada Lovelace <ada@example.com>")
person.email = "eve@example.com"
person.problems = ()
token = PrefixToken("FROMLIST", "FROMLIST:", 0, 10)
token.end = 3
PROFILES["qcom"].prefixes = ()
KeySet().canonical = {}
"""


def test_shared_model_objects_are_final(tmp_path: Path) -> None:
    snippet = tmp_path / "mutate.py"
    snippet.write_text(SHARED_MUTATIONS)
    proc = subprocess.run(
        [_tool("mypy"), "--no-incremental", "--follow-imports=silent", str(snippet)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    errors = [line.split(": error: ")[1] for line in proc.stdout.splitlines() if ": error: " in line]
    assert errors == [
        'Cannot assign to final attribute "email"  [misc]',
        'Cannot assign to final attribute "problems"  [misc]',
        'Cannot assign to final attribute "end"  [misc]',
        'Cannot assign to final attribute "prefixes"  [misc]',
        'Cannot assign to final attribute "canonical"  [misc]',
    ]
