"""Build of trailercheck: the package as it is, and on request a compiled twin of its checking core.

``trailercheck check`` spends its time in the message model and the rules,
once per commit. Asked to (``TRAILERCHECK_COMPILE=1``, the switch of
build_backend.py), the build compiles a copy of the package, installed as
``trailercheck._native``, with mypyc: ``check`` runs that copy (see
``trailercheck/native.py``). The ``commit-msg`` hook keeps importing the
plain modules, which start faster than compiled ones.

By default the package is built as it is, in seconds. The copy is made from
the same sources at build time; nothing is kept twice in the repository. A
build asked to compile fails when mypyc or a C compiler is missing, rather
than install plain Python in its place.
"""

from __future__ import annotations

import ast
import os
import shutil
import sys

from setuptools import find_packages, setup

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_backend import SWITCH, compile_requested  # the backend beside this file

#: Where the copy to compile is staged (under the build directory, never in the sources).
STAGE = os.path.join("build", "native")
TWIN = "trailercheck._native"


def declared(name: str) -> list[str]:
    """The tuple ``name`` of trailercheck/native.py, read from its source (the build imports nothing of the package)."""
    with open(os.path.join("trailercheck", "native.py"), encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise LookupError(f"trailercheck/native.py declares no {name}")


#: The modules compiled: the model, the rules, the engine, the commit stream and the reporters (the rest stays plain).
COMPILED = declared("COMPILED")
#: Commands that build or install code (metadata queries do not compile anything).
BUILDING = {"build", "build_ext", "bdist_wheel", "install"}


PACKAGES = find_packages(include=["trailercheck", "trailercheck.*"], exclude=[f"{TWIN}*"])


def stage_twin() -> str:
    """Copy the package to ``STAGE/trailercheck/_native``.

    Its imports are all relative, so the copy imports only itself.
    """
    root = os.path.join(STAGE, "trailercheck")
    shutil.rmtree(STAGE, ignore_errors=True)
    shutil.copytree(
        "trailercheck",
        os.path.join(root, "_native"),
        ignore=shutil.ignore_patterns("__pycache__", "*.so", "_native", "__main__.py"),
    )
    with open(os.path.join(root, "__init__.py"), "w") as fh:
        fh.write("")
    return os.path.join(root, "_native")


def twin_packages(twin_dir: str) -> list[str]:
    out = []
    for dirpath, _, files in os.walk(twin_dir):
        if "__init__.py" in files:
            rel = os.path.relpath(dirpath, twin_dir)
            out.append(TWIN if rel == "." else f"{TWIN}.{rel.replace(os.sep, '.')}")
    return sorted(out)


def native() -> dict[str, object]:
    """The extra ``setup()`` arguments for the compiled twin when it is asked for, else none.

    An editable install (``editable_wheel``) and metadata queries never compile. Asked to compile,
    a missing mypyc, a type error or a compiler failure stops the build.
    """
    if not compile_requested() or not BUILDING.intersection(sys.argv[1:]):
        return {}
    try:
        from mypyc.build import mypycify
    except ImportError:
        sys.exit(f"trailercheck: {SWITCH}=1 needs mypyc (pip install mypy), which is not installed")
    twin_dir = stage_twin()
    paths = [os.path.join(twin_dir, rel) for rel in COMPILED]
    return {
        "packages": PACKAGES + twin_packages(twin_dir),
        "package_dir": {TWIN: twin_dir},
        "ext_modules": mypycify(["--ignore-missing-imports", *paths], opt_level="3"),
    }


setup(**{"packages": PACKAGES, **native()})  # type: ignore[arg-type]
