"""The compiled twin ``check`` runs when the build made one (setup.py, trailercheck/native.py).

It must be what an installed ``trailercheck check`` uses, and it must find
exactly what the plain modules find: the two are compared, finding for
finding, over a benchmark-style history with every profile.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import build_history, run_cli
from trailercheck.native import COMPILED, LEFT_PLAIN

PROBE = "from trailercheck.native import compiled_main; print(compiled_main() is not None)"


def installed_twin(cwd: Path) -> bool:
    """Whether ``trailercheck check`` run from ``cwd`` (outside the source tree) goes to the compiled twin."""
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout.strip() == "True"


@pytest.fixture(scope="module")
def kernel_history(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("native") / "history"
    build_history(path, 1500, seed=11)
    yield path


def test_ci_installs_the_compiled_twin(kernel_history: Path) -> None:
    # .ci/run installs with the compiler at hand and says so; a plain install elsewhere is allowed.
    if not os.environ.get("TRAILERCHECK_EXPECT_COMPILED"):
        pytest.skip("only where the build is expected to compile (TRAILERCHECK_EXPECT_COMPILED=1)")
    assert installed_twin(kernel_history)


def test_the_twin_is_off_with_trailercheck_pure(kernel_history: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=kernel_history,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TRAILERCHECK_PURE": "1"},
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos", "upstream"])
def test_compiled_and_plain_find_the_same(kernel_history: Path, profile: str) -> None:
    if not installed_twin(kernel_history):
        pytest.skip("no compiled twin installed (an editable or plain install)")
    args = ["check", "--format", "json", "--profile", profile, "--select", "S,L,T,O,F,C,M", "main"]
    plain = run_cli(*args, cwd=kernel_history, env={"TRAILERCHECK_PURE": "1"})
    compiled = run_cli(*args, cwd=kernel_history)
    assert plain.returncode == 1, plain.stderr
    assert (compiled.returncode, compiled.stderr) == (plain.returncode, plain.stderr)
    assert compiled.stdout == plain.stdout
    assert plain.stdout.count('"code": ') > 200  # the history is broken on purpose in many ways


PACKAGE = Path(__file__).resolve().parents[1] / "trailercheck"


def runtime_imports(rel: str) -> set[str]:
    """The package's modules that module ``rel`` imports when it runs (anywhere in it, not for type checking)."""
    tree = ast.parse((PACKAGE / rel).read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    here = Path(rel).parent.parts
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.level or id(node) in typing_only:
            continue
        base = here[: len(here) - node.level + 1] + tuple(node.module.split(".") if node.module else ())
        for target in [base, *((*base, alias.name) for alias in node.names)]:
            for candidate in ("/".join(target) + ".py", "/".join((*target, "__init__.py"))):
                if (PACKAGE / candidate).is_file():
                    found.add(candidate)
    return found


def check_path() -> set[str]:
    """Every module ``check`` imports from the runner and the reporters on (the workers render their
    batches; a format module is loaded by its name), following the imports of each."""
    seen: set[str] = set()
    todo = ["runner.py", *(str(p.relative_to(PACKAGE)) for p in sorted((PACKAGE / "reporters").glob("*.py")))]
    while todo:
        rel = todo.pop()
        if rel not in seen:
            seen.add(rel)
            todo.extend(runtime_imports(rel))
    return seen


def test_the_compiled_modules_are_on_the_check_path_and_nothing_on_it_is_forgotten() -> None:
    assert len(set(COMPILED)) == len(COMPILED)
    assert set(COMPILED).isdisjoint(LEFT_PLAIN)
    assert all((PACKAGE / rel).is_file() for rel in (*COMPILED, *LEFT_PLAIN))
    # Each module check imports is compiled or declared plain; each declared module is one it imports.
    assert set(COMPILED) | set(LEFT_PLAIN) == check_path()
    assert {"engine.py", "model/message.py", "model/cache.py", "rules/trailers.py"} <= set(COMPILED)


def test_the_build_reads_the_compiled_modules_from_the_package() -> None:
    setup = Path(__file__).resolve().parents[1] / "setup.py"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import runpy, sys; sys.argv = ['setup.py', '--name']; print(runpy.run_path('setup.py')['COMPILED'])",
        ],
        cwd=setup.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines()[-1] == repr(list(COMPILED))
