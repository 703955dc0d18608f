"""Commits of a repository, streamed from one ``git log`` process per call.

git re-encodes every message from its ``encoding`` header to UTF-8; bytes
that are still not UTF-8 survive through ``surrogateescape``.
"""

from __future__ import annotations

import subprocess

from ..engine import UsageError
from ..model.text import decode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

#: Fields per commit; each ends with NUL, and ``-z`` adds one NUL per commit.
FORMAT = "%H%x00%P%x00%an <%ae>%x00%cn <%ce>%x00%B%x00"
FIELDS = 5


class Commit:
    __slots__ = ("author", "committer", "message", "parents", "sha")

    def __init__(self, sha: str, parents: list[str], author: str, committer: str, message: str) -> None:
        self.sha = sha
        self.parents = parents
        self.author = author
        self.committer = committer
        self.message = message


def check_revisions(revisions: list[str]) -> None:
    for rev in revisions:
        if rev.startswith("-") or not rev:
            raise UsageError(f"not a revision: {rev!r}")


def git_dir_of(repo: str | None) -> str:
    out = subprocess.run(["git", "rev-parse", "--absolute-git-dir"], cwd=repo or ".", capture_output=True)
    if out.returncode != 0:
        raise UsageError(f"not a git repository: {repo or '.'}")
    return out.stdout.decode().strip()


def upstream_of(repo: str | None) -> str | None:
    """The upstream branch of HEAD (``@{upstream}``), if it has one."""
    git_dir_of(repo)
    out = subprocess.run(
        ["git", "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"],
        cwd=repo or ".",
        capture_output=True,
    )
    name = out.stdout.decode("utf-8", "surrogateescape").strip()
    return name if out.returncode == 0 and name else None


def read_commits(
    repo: str | None, revisions: list[str], include_merges: bool = True, max_count: int | None = None
) -> Iterator[Commit]:
    check_revisions(revisions)
    git_dir_of(repo)
    argv = ["git", "log", "-z", f"--format={FORMAT}", "--encoding=UTF-8"]
    if not include_merges:
        argv.append("--no-merges")
    if max_count is not None:
        argv.append(f"--max-count={max_count}")
    argv += ["--end-of-options", *revisions, "--"]
    proc = subprocess.Popen(argv, cwd=repo or ".", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    buf = b""
    fields: list[bytes] = []
    while True:
        chunk = proc.stdout.read(1 << 16)
        if not chunk:
            break
        buf += chunk
        parts = buf.split(b"\0")
        buf = parts.pop()
        for part in parts:
            fields.append(part)
            if len(fields) == FIELDS + 1:
                yield _commit(fields)
                fields = []
    if len(fields) == FIELDS:
        fields.append(b"")
        yield _commit(fields)
    err = proc.stderr.read() if proc.stderr else b""
    if proc.wait() != 0:
        line = decode(err).strip().splitlines()
        raise UsageError(line[0].removeprefix("fatal: ") if line else "git log failed")


def _commit(fields: list[bytes]) -> Commit:
    sha, parents, author, committer, message = (decode(f) for f in fields[:FIELDS])
    sha = sha.lstrip("\n")
    return Commit(sha, parents.split(), author, committer, message)
