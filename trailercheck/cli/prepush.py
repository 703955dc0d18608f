"""What a push sends: git's pre-push ref lines, or pre-commit's range, as revisions to check.

git gives the pre-push hook one line per ref on standard input::

    <local ref> <local sha> <remote ref> <remote sha>

* an all-zero local sha deletes the remote ref: nothing is sent, nothing checked;
* a remote sha the repository holds is the remote's tip: ``<remote sha>..<local sha>``;
* an all-zero remote sha (a new branch), or one this repository has never fetched:
  the commits of ``<local sha>`` that no remote-tracking ref of that remote holds
  (``git rev-list <local sha> --not --remotes=<remote>``), what git itself would
  send when the remote-tracking refs are current. When the push goes to a URL, or
  to a remote never fetched, there are no such refs: then the commits already on
  any remote-tracking ref count as published, and with none at all every commit
  of the branch is new to the remote.

The revisions are grouped by the branch they are pushed to, which is the
target branch of the branch policies (``--target-branch`` wins), and each
group is one ``git log``: every commit a line excludes (a remote tip, a
remote-tracking ref) is on the remote already, so excluding it from the other
lines' commits too loses nothing.
"""

from __future__ import annotations

import os
import sys

from ..errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .options import Options

#: The target of the refs that are not branches (tags): the run's own default.
NO_BRANCH: str | None = None


class PushedRef:
    """One ref line of git's pre-push input."""

    __slots__ = ("local_ref", "local_sha", "remote_ref", "remote_sha")

    def __init__(self, local_ref: str, local_sha: str, remote_ref: str, remote_sha: str) -> None:
        self.local_ref = local_ref
        self.local_sha = local_sha
        self.remote_ref = remote_ref
        self.remote_sha = remote_sha

    @property
    def deletes(self) -> bool:
        return is_zero(self.local_sha)

    @property
    def creates(self) -> bool:
        return is_zero(self.remote_sha)

    @property
    def branch(self) -> str | None:
        """The branch pushed to (``refs/heads/qcom-6.18.y`` is ``qcom-6.18.y``); None for a tag."""
        return branch_of(self.remote_ref)


def is_zero(sha: str) -> bool:
    """git's null id (40 zeros, 64 with SHA-256)."""
    return not sha.strip("0")


def branch_of(ref: str | None) -> str | None:
    if ref and ref.startswith("refs/heads/") and len(ref) > len("refs/heads/"):
        return ref[len("refs/heads/") :]
    return None


def read_ref_lines(text: str) -> list[PushedRef]:
    """The ref lines of a pre-push hook's standard input (blank lines skipped)."""
    refs: list[PushedRef] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        # A local ref may be an expression with spaces (git push origin 'HEAD~1:main' is not, but be safe).
        parts = line.rsplit(None, 3)
        if len(parts) != 4 or not all(_is_hex(p) for p in (parts[1], parts[3])):
            raise UsageError(f"pre-push: not a ref line: {line!r} (expected '<local ref> <sha> <remote ref> <sha>')")
        refs.append(PushedRef(*parts))
    return refs


def _is_hex(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


class Git:
    """git run in one directory (``git -C``), for the few questions a push asks."""

    def __init__(self, where: str) -> None:
        self.where = where

    def run(self, *args: str) -> str | None:
        from ..sources.gitcmd import read

        out = read(list(args), self.where)
        return out.decode("utf-8", "replace") if out is not None else None

    def has_commit(self, sha: str) -> bool:
        return self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{sha}^{{commit}}") is not None

    def tips(self, prefix: str) -> list[str]:
        """The commits the refs under ``prefix`` point to."""
        out = self.run("for-each-ref", "--format=%(objectname)", prefix)
        return list(dict.fromkeys(out.split())) if out else []


def published(git: Git, remote: str | None) -> list[str]:
    """The tips the remote is known to hold: its remote-tracking refs, else every remote-tracking ref."""
    if remote:
        tips = git.tips(f"refs/remotes/{remote}/")
        if tips:
            return tips
    return git.tips("refs/remotes/")


def revisions_of(ref: PushedRef, git: Git, remote: str | None) -> list[str]:
    """What ``ref`` sends, as revisions for git log; empty when it sends nothing."""
    if ref.deletes or not git.has_commit(ref.local_sha):
        return []
    if not ref.creates and git.has_commit(ref.remote_sha):
        return [f"{ref.remote_sha}..{ref.local_sha}"]
    return [ref.local_sha, *(f"^{tip}" for tip in published(git, remote))]


def push_ranges(refs: list[PushedRef], where: str, remote: str | None) -> dict[str | None, list[str]]:
    """The revisions to check, by the branch they are pushed to (None: a tag), in the order of the lines."""
    git = Git(where)
    groups: dict[str | None, list[str]] = {}
    for ref in refs:
        revisions = revisions_of(ref, git, remote)
        if revisions:
            groups.setdefault(ref.branch, []).extend(revisions)
    return groups


def pre_commit_range(environ: os._Environ[str] | dict[str, str]) -> tuple[list[str], str | None]:
    """pre-commit's ``FROM..TO`` (empty: check's default range) and the branch pushed to.

    pre-commit sets ``PRE_COMMIT_FROM_REF`` to the remote's tip, or for a new
    branch to the parent of its first new commit; both refs are absent when the
    push starts from a root commit, and under ``--hook-stage manual`` unless given.
    """
    source = environ.get("PRE_COMMIT_FROM_REF") or ""
    target = environ.get("PRE_COMMIT_TO_REF") or ""
    branch = branch_of(environ.get("PRE_COMMIT_REMOTE_BRANCH"))
    if source and target:
        return [f"{source}..{target}"], branch
    return [], branch


def run_pre_push(
    opts: Options,
    args: list[str],
    pre_commit: bool = False,
    include_merges: bool = False,
    jobs: int | None = None,
) -> int:
    """Check what a push sends; 1 (the push is refused) when ``check`` finds errors.

    ``args`` are the hook's: the remote's name (or URL) and its URL. With
    ``pre_commit`` the range is pre-commit's, else git's ref lines on standard input.
    """
    from .run import run_check

    if len(args) > 2:
        raise UsageError("pre-push takes the remote and its URL, as git gives them to the hook")
    if pre_commit:
        revisions, branch = pre_commit_range(os.environ)
        groups: dict[str | None, list[str]] = {branch: revisions}
    else:
        if sys.stdin.isatty():
            raise UsageError("pre-push reads git's ref lines on standard input (run it as git's pre-push hook)")
        text = sys.stdin.buffer.read().decode("utf-8", "replace")
        groups = push_ranges(read_ref_lines(text), opts.repo or ".", args[0] if args else None)
    if opts.target_branch and len(groups) > 1:  # one target: one run
        groups = {opts.target_branch: [rev for revisions in groups.values() for rev in revisions]}
    status = 0
    for branch, revisions in groups.items():
        target = opts.target_branch or branch
        status = max(status, run_check(opts.replace(target_branch=target), revisions, include_merges, jobs))
    if status == 1 and not pre_commit:
        sys.stderr.write(
            "trailercheck: push refused: fix the commit messages (git rebase -i, git commit --amend) and push again\n"
        )
    return status
