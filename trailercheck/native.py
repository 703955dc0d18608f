"""The compiled twin of the package, when the build made one (see setup.py).

``trailercheck check`` hands its whole run to ``trailercheck._native``: the
same sources, with the model, the rules, the engine and the reporters compiled. Every other
command, the ``commit-msg`` hook first of all, stays on the plain modules,
which start faster. ``TRAILERCHECK_PURE=1`` keeps ``check`` on them too.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

#: The package this module belongs to; inside the twin it is ``trailercheck._native``.
PLAIN = "trailercheck"

#: The modules the twin compiles (paths in the package): the model, the rules, the engine, the
#: commit stream and the reporters. setup.py reads this tuple from the source, without importing
#: the package.
COMPILED = (
    "findings.py",
    "engine.py",
    "runner.py",
    "sources/gitlog.py",
    "sources/record.py",
    "profiles.py",
    "model/cache.py",
    "model/patterns.py",
    "model/text.py",
    "model/gitblock.py",
    "model/keys.py",
    "model/trailers.py",
    "model/prefixes.py",
    "model/links.py",
    "model/person.py",
    "model/message.py",
    "model/provenance.py",
    "model/subjects.py",
    "rules/base.py",
    "rules/examples.py",
    "rules/subject.py",
    "rules/link.py",
    "rules/trailers.py",
    "rules/signoff.py",
    "rules/fixes.py",
    "rules/provenance.py",
    "rules/misc.py",
    "rules/xref.py",
    "rules/verify.py",
    "reporters/__init__.py",
    "reporters/text.py",
    "reporters/json.py",
    "reporters/sarif.py",
    "reporters/github.py",
    "reporters/gitlab.py",
    "reporters/junit.py",
    "reporters/markdown.py",
)
#: The other modules ``check`` imports from :mod:`runner` and the reporters on (tests/test_native.py
#: follows the imports): the package's version, the errors, the rule catalogue's registration, and
#: the parts that wait on git, on the index or on the archive of postings.
LEFT_PLAIN = (
    "__init__.py",
    "errors.py",
    "rules/__init__.py",
    "sources/index.py",
    "sources/patchid.py",
    "sources/repo.py",
    "sources/gitcmd.py",
    "workers.py",
    "xref.py",
    "postings.py",
    "sources/posting.py",
    "sources/patch.py",
    "sources/archive.py",
)


def compiled_main() -> Callable[[list[str]], int] | None:
    """The twin's ``main``, if it is installed and compiled and not turned off."""
    if __package__ != PLAIN or os.environ.get("TRAILERCHECK_PURE"):
        return None
    if not is_compiled():
        return None
    try:
        from ._native.cli.main import main  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:  # a partial build (an extension without its shared library): stay plain
        return None
    return main  # type: ignore[no-any-return, unused-ignore]


def is_compiled() -> bool:
    """Whether the twin's engine is an extension module (not the plain copy a failed compile leaves)."""
    from importlib.machinery import EXTENSION_SUFFIXES
    from importlib.util import find_spec

    try:
        spec = find_spec(f"{PLAIN}._native.engine")
    except ImportError:
        return False
    origin = spec.origin if spec is not None else None
    return origin is not None and origin.endswith(tuple(EXTENSION_SUFFIXES))
