"""The repository: opening it, naming revisions, looking up commits.

GitPython gives us the repository and its long-lived ``git cat-file``
processes: commit lookups for ``Fixes:`` checks go through one persistent
``--batch-check``/``--batch`` process each, never a process per lookup.
"""

from __future__ import annotations

import os

from ..engine import UsageError
from ..model.text import GIT_SPACE, decode

TYPE_CHECKING = False
if TYPE_CHECKING:
    import git


def open_repo(path: str | None) -> git.Repo:
    """The repository at or above ``path`` (default: the current directory)."""
    import git

    where = path or "."
    if not os.path.isdir(where):
        raise UsageError(f"not a directory: {where}")
    try:
        return git.Repo(where, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(f"not a git repository: {where}") from None


def check_revisions(revisions: list[str]) -> None:
    """Refuse anything git could take for an option."""
    for rev in revisions:
        if not rev or rev.startswith("-"):
            raise UsageError(f"not a revision: {rev!r}")


def _git(repo: git.Repo, *args: str) -> str | None:
    import git

    try:
        return repo.git.execute(["git", *args], stdout_as_string=True, with_extended_output=False)  # type: ignore[return-value]
    except git.GitCommandError:
        return None


def upstream_of(repo: git.Repo) -> str | None:
    """The upstream branch of HEAD (``@{upstream}``), e.g. ``origin/qcom-next``."""
    out = _git(repo, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    return out.strip() if out and out.strip() else None


def target_branch(repo: git.Repo, explicit: str | None) -> str | None:
    """The branch a change is bound for: the option, the CI's variable, else the upstream's name."""
    if explicit:
        return explicit
    for var in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        value = os.environ.get(var)
        if value:
            return value
    upstream = upstream_of(repo)
    if upstream is None:
        return None
    for name in sorted((r.name for r in repo.remotes), key=len, reverse=True):  # remote names may hold a "/"
        if upstream.startswith(name + "/") and len(upstream) > len(name) + 1:
            return upstream[len(name) + 1 :]
    return upstream


def comment_char(repo: git.Repo) -> str:
    """``core.commentChar`` as ``git log`` uses it when it reads trailers (``auto`` means ``#``)."""
    out = _git(repo, "config", "--get", "core.commentChar")
    value = out.strip() if out else ""
    return value if value and value != "auto" else "#"


def verify(repo: git.Repo, rev: str) -> bool:
    return _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}") is not None


class CommitLookup:
    """Resolve commit ids and read subjects through GitPython's persistent cat-file processes."""

    def __init__(self, repo: git.Repo) -> None:
        self.repo = repo
        self._cache: dict[str, tuple[str, str] | None] = {}

    def resolve(self, rev: str) -> tuple[str, str] | None:
        """``(full id, subject)`` of the commit ``rev`` names, or None when it names none."""
        if rev in self._cache:
            return self._cache[rev]
        result: tuple[str, str] | None = None
        try:
            sha, kind, _ = self.repo.git.get_object_header(f"{rev}^{{commit}}")
            if kind == b"commit" or kind == "commit":
                _, _, _, data = self.repo.git.get_object_data(sha)
                result = (sha.decode() if isinstance(sha, bytes) else sha, subject_of(data))
        except ValueError:
            result = None
        self._cache[rev] = result
        return result


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


class LazyLookup:
    """A :class:`CommitLookup` opened on first use, so that a message without a
    ``Fixes:`` trailer never pays for starting git (the commit-msg hook)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._inner: CommitLookup | None = None

    def resolve(self, rev: str) -> tuple[str, str] | None:
        if self._inner is None:
            self._inner = CommitLookup(open_repo(self.path))
        return self._inner.resolve(rev)
