"""The repository: finding it, naming revisions, looking up commits.

git itself finds the repository (``git rev-parse``) and names its remotes
(``git remote``), through :mod:`.gitcmd` like every other git process:
checking a range starts no library of its own before its first ``git log``.
Commit lookups for ``Fixes:`` checks go through one persistent
``git cat-file --batch``, never a process per lookup.
"""

from __future__ import annotations

import os

from ..errors import UsageError
from ..model.cache import keep
from ..model.patterns import LazyPattern
from ..model.text import GIT_SPACE, decode
from .gitcmd import CatFile, read

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final


class Repository:
    """A repository as git found it: ``path`` is the directory git runs in (its work tree, or
    the git directory of a bare repository or when asked from inside the git directory)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def remotes(self) -> list[str]:
        """The names of the repository's remotes."""
        return decode(read(["remote"], self.path) or b"").split()


def open_repo(path: str | None) -> Repository:
    """The repository at or above ``path`` (default: the current directory)."""
    where = path or "."
    if not os.path.isdir(where):
        raise UsageError(f"not a directory: {where}")
    out = read(["rev-parse", "--absolute-git-dir", "--is-inside-work-tree"], where)
    found = decode(out or b"").splitlines()
    if len(found) != 2:
        raise UsageError(f"not a git repository: {where}")
    git_dir, inside = found
    if inside == "true":
        top = decode(read(["rev-parse", "--show-toplevel"], where) or b"").rstrip("\n")
        if top:
            return Repository(top)
    return Repository(git_dir)


def check_revisions(revisions: list[str]) -> None:
    """Refuse anything git could take for an option."""
    for rev in revisions:
        if not rev or rev.startswith("-"):
            raise UsageError(f"not a revision: {rev!r}")


def where(repo: Repository) -> str:
    """The directory git runs in for ``repo``: its work tree, or the git directory of a bare one."""
    return repo.path


def upstream_of(repo: Repository) -> str | None:
    """The upstream branch of HEAD (``@{upstream}``), e.g. ``origin/qcom-next``."""
    out = read(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"], where(repo))
    name = out.decode("utf-8", "surrogateescape").strip() if out else ""
    return name or None


_ASK = "\0ask git"


def target_branch(repo: Repository, explicit: str | None, upstream: str | None = _ASK) -> str | None:
    """The branch a change is bound for: the option, the CI's variable, else the upstream's name.

    ``upstream`` is HEAD's upstream when the caller knows it already.
    """
    if explicit:
        return explicit
    for var in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        value = os.environ.get(var)
        if value:
            return value
    if upstream == _ASK:
        upstream = upstream_of(repo)
    if upstream is None:
        return None
    for name in sorted(repo.remotes(), key=len, reverse=True):  # remote names may hold a "/"
        if upstream.startswith(name + "/") and len(upstream) > len(name) + 1:
            return upstream[len(name) + 1 :]
    return upstream


class CommitLookup:
    """Resolve commit ids and read subjects in the repository at ``cwd``, through one
    long-lived ``git cat-file --batch`` started on the first lookup.

    Lookups are pipelined: :meth:`prefetch` sends a whole list of ids and
    reads all the answers, so checking a long range costs one round trip per
    batch of commits, not one per ``Fixes:``; a message without one never
    starts git. The answers are kept in a bounded memory (:mod:`..model.cache`):
    a long range names ever more commits, and the memory must not grow with it.
    """

    def __init__(self, cwd: str | None) -> None:
        self.cwd = cwd
        #: ``(full id, subject)`` per revision, ``()`` for one that names no commit.
        self._cache: dict[str, tuple[str, str] | tuple[()]] = {}
        self._batch = CatFile(cwd)

    def prefetch(self, revs: Iterable[str]) -> None:
        """Resolve every id in ``revs`` not seen yet, in as few round trips as possible."""
        cache = self._cache
        todo = [r for r in dict.fromkeys(revs) if cache.get(r) is None]
        for rev in [r for r in todo if not _REV_RE.fullmatch(r)]:
            keep(cache, LOOKUPS_KEPT, rev, ())
        todo = [r for r in todo if r not in cache]
        if not todo:
            return
        for rev, found in zip(todo, self._batch.objects([f"{rev}^{{commit}}" for rev in todo]), strict=True):
            value = (found[0], subject_of(found[2])) if found is not None and found[1] == "commit" else ()
            keep(cache, LOOKUPS_KEPT, rev, value)

    def resolve(self, rev: str) -> tuple[str, str] | None:
        """``(full id, subject)`` of the commit ``rev`` names, or None when it names none."""
        found = self._cache.get(rev)
        if found is None:
            self.prefetch([rev])
            found = self._cache[rev]
        return found or None

    def close(self) -> None:
        self._batch.close()


#: Revisions whose answers a lookup keeps (a few batches' worth; ``Fixes:`` often name the same commits).
LOOKUPS_KEPT: Final = 512


#: What may be asked of cat-file: object names and simple revision syntax, no blanks.
_REV_RE = LazyPattern(r"[0-9A-Za-z][0-9A-Za-z._/@{}^~-]*")


def subject_of(raw: bytes) -> str:
    """The subject of a raw commit object, as ``%s`` prints it (first paragraph, joined)."""
    _, _, message = raw.partition(b"\n\n")
    encoding = "utf-8"
    for header in raw.split(b"\n\n", 1)[0].split(b"\n"):
        if header.startswith(b"encoding "):
            encoding = header[9:].decode("ascii", "replace").strip()
    try:
        text = message.decode(encoding) if encoding.lower() not in ("utf-8", "utf8") else decode(message)
    except (LookupError, UnicodeDecodeError):
        text = decode(message)
    # git's format_subject(): skip blank lines, then join the lines up to the
    # next blank one, each without its trailing whitespace (blank: only git spaces).
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip(GIT_SPACE)
        if line:
            lines.append(line)
        elif lines:
            break
    return " ".join(lines)


class QuickLookup:
    """Lookups for a single message (the commit-msg hook): one short ``git show`` per id.

    Starting a ``cat-file`` process through :mod:`subprocess` costs more than the
    few ids one message names; nothing but ``os`` is imported.
    """

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._cache: dict[str, tuple[str, str] | None] = {}

    def resolve(self, rev: str) -> tuple[str, str] | None:
        if rev not in self._cache:
            self._cache[rev] = self._show(rev) if _REV_RE.fullmatch(rev) else None
        return self._cache[rev]

    def prefetch(self, revs: Iterable[str]) -> None:
        for rev in revs:
            self.resolve(rev)

    def _show(self, rev: str) -> tuple[str, str] | None:
        out = read(["show", "-s", "--format=%H%x00%s", "--end-of-options", f"{rev}^{{commit}}"], self.path)
        if not out:
            return None
        sha, _, subject = out.decode("utf-8", "surrogateescape").rstrip("\n").partition("\0")
        return (sha, subject) if len(sha) in (40, 64) else None  # SHA-1 or SHA-256
