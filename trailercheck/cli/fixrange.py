"""``trailercheck fix [RANGE]``: the certain fixes of every message of a branch, in one rewrite.

What may be rewritten is settled before anything is read: the range ends at
HEAD or at a local branch, holds no merge and no published commit (unless
``--force``), and no operation is in progress. Then the commits are read
(one ``git cat-file``), fixed (:mod:`trailercheck.rewrite`), written (one
``git index-pack``), their notes copied, and the branch moved with its
backup in one checked transaction.
"""

from __future__ import annotations

import os
import sys

from ..errors import UsageError
from ..findings import Finding
from ..model.text import decode, printable
from ..rewrite import Fixed, MessageFixer, RawCommit, Rewrite, copy_notes, move, notes_refs, write_objects
from ..sources.gitcmd import CatFile, GitError, log_comment, read, run, succeeds
from .options import Options
from .run import default_range, settings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: Where the old tips are kept.
BACKUP: Final = "refs/trailercheck/backup/"
#: What is in progress when these exist in the git directory.
OPERATIONS: Final = (
    ("rebase-merge", "a rebase"),
    ("rebase-apply", "a rebase or am"),
    ("MERGE_HEAD", "a merge"),
    ("CHERRY_PICK_HEAD", "a cherry-pick"),
    ("REVERT_HEAD", "a revert"),
)


class Target:
    """What the rewrite moves: HEAD (its branch, or HEAD itself when detached) or another local branch."""

    __slots__ = ("branch", "ref")

    def __init__(self, ref: str, branch: str | None) -> None:
        #: The ref ``git update-ref`` is given (``HEAD`` updates its branch and both reflogs).
        self.ref = ref
        #: The branch's full name (``refs/heads/topic``), None for a detached HEAD.
        self.branch = branch

    @property
    def name(self) -> str:
        return self.branch.removeprefix("refs/heads/") if self.branch else "HEAD"

    @property
    def backup(self) -> str:
        return BACKUP + self.name


def split_range(spec: str) -> tuple[str, str]:
    """``(base, tip)`` of ``BASE..TIP``, ``BASE..`` or ``BASE`` (both mean ``BASE..HEAD``)."""
    if "..." in spec:
        raise UsageError(f"fix takes BASE..TIP, not a symmetric difference: {spec!r}")
    base, sep, tip = spec.partition("..")
    if not base:
        raise UsageError(f"fix needs the base of the range: {spec!r} (e.g. origin/main..HEAD)")
    tip = tip if sep and tip else "HEAD"
    for rev in (base, tip):
        if rev.startswith("-") or any(c in rev for c in " \t\n"):
            raise UsageError(f"not a revision: {rev!r}")
    return base, tip


def target_of(cwd: str, tip: str) -> Target:
    """The ref the rewrite moves for ``tip``; refuses anything but HEAD and local branches not checked out elsewhere."""
    out = read(["symbolic-ref", "-q", "HEAD"], cwd)
    current = decode(out).strip() if out else None
    if tip in ("HEAD", "@"):
        return Target("HEAD", current)
    full = decode(read(["rev-parse", "--symbolic-full-name", tip], cwd) or b"").strip()  # tip: no option
    if full and full == current:
        return Target("HEAD", current)
    if not full.startswith("refs/heads/"):
        raise UsageError(f"fix moves HEAD or a local branch, and {tip!r} is neither")
    listing = decode(run(["worktree", "list", "--porcelain"], cwd))
    if f"branch {full}" in listing.splitlines():
        raise UsageError(f"branch {full.removeprefix('refs/heads/')} is checked out in another worktree: fix it there")
    return Target(full, full)


def refuse_unsettled(cwd: str) -> str:
    """Refuse an operation in progress or a dirty index; the repository's object format."""
    args = ["rev-parse", "--show-object-format"]
    for name, _ in OPERATIONS:
        args += ["--git-path", name]
    lines = decode(run(args, cwd)).splitlines()
    for (_, what), path in zip(OPERATIONS, lines[1:], strict=True):
        if os.path.exists(os.path.join(cwd, path)):
            raise UsageError(f"{what} is in progress: finish or abort it first")
    if not succeeds(["diff-index", "--cached", "--quiet", "HEAD", "--"], cwd):
        raise UsageError("the index has staged changes: commit or unstage them first")
    return lines[0].strip() or "sha1"


def range_commits(cwd: str, base: str, tip: str) -> list[tuple[str, list[str]]]:
    """``(commit, parents)`` of ``base..tip``, oldest first; refuses a merge."""
    out = run(["rev-list", "--reverse", "--topo-order", "--parents", "--end-of-options", f"{base}..{tip}", "--"], cwd)
    commits = []
    for line in decode(out).splitlines():
        sha, *parents = line.split()
        if len(parents) > 1:
            raise UsageError(f"{sha[:12]} is a merge: fix rewrites a line of commits without merges")
        commits.append((sha, parents))
    return commits


def _full_ref(cwd: str, rev: str) -> str | None:
    """The full ref name ``rev`` names, or None (a commit id, an expression); ``rev`` is no option."""
    if rev.startswith("-"):
        return None
    out = read(["rev-parse", "--symbolic-full-name", rev], cwd)
    name = decode(out).strip() if out else ""
    return name if name.startswith("refs/") else None


def published_refs(cwd: str, own: str | None, named: list[str]) -> tuple[list[str], dict[str, str]]:
    """The revisions that make a commit published, and what to call the refs among them.

    Every remote-tracking branch but ``own`` (the branch's upstream, e.g. its pull
    request), and ``named`` (the baseline and upstream).
    """
    out = decode(run(["for-each-ref", "--format=%(refname)%00%(symref)", "refs/remotes/"], cwd))
    names: dict[str, str] = {}
    for line in out.splitlines():
        ref, _, symref = line.partition("\0")
        if not symref and ref != own:
            names[ref] = ref.removeprefix("refs/remotes/")
    revs = list(names)
    for rev in named:
        if rev.startswith("-") or read(["rev-parse", "--verify", "-q", f"{rev}^{{commit}}"], cwd) is None:
            raise UsageError(f"{rev!r} names no commit (the baseline or upstream)")
        full = _full_ref(cwd, rev)
        if full is not None:
            names[full] = rev
        revs.append(full or rev)
    return list(dict.fromkeys(revs)), names


def outside(cwd: str, base: str, tip: str, excluded: list[str]) -> set[str]:
    """The commits of ``base..tip`` that no revision of ``excluded`` reaches."""
    script = "".join(f"{line}\n" for line in [tip, f"^{base}", *(f"^{rev}" for rev in excluded)])
    return set(decode(run(["rev-list", "--stdin"], cwd, script.encode("utf-8", "surrogateescape"))).split())


def refuse_published(cwd: str, base: str, tip: str, commits: list[str], own: str | None, named: list[str]) -> None:
    revs, names = published_refs(cwd, own, named)
    if not revs:
        return
    free = outside(cwd, base, tip, revs)
    published = [sha for sha in commits if sha not in free]
    if not published:
        return
    newest = published[-1]
    holding = decode(run(["for-each-ref", "--contains", newest, "--format=%(refname)"], cwd)).split()
    where = [names[ref] for ref in holding if ref in names]
    where += [
        rev
        for rev in named
        if rev not in where
        and _full_ref(cwd, rev) is None
        and succeeds(["merge-base", "--is-ancestor", newest, rev], cwd)
    ]
    count = f"{len(published)} commit{'s' if len(published) != 1 else ''} of the range"
    raise UsageError(
        f"{count} published: {newest[:12]} is on {', '.join(where) or 'a published ref'}; "
        "rewriting would fork it from what others have (--force rewrites anyway)"
    )


def push_hint(cwd: str, target: Target) -> str | None:
    """The ``git push --force-with-lease`` that updates the branch's upstream, when it has one on a remote."""
    if target.branch is None:
        return None
    fields = ["%(upstream)", "%(upstream:remotename)", "%(upstream:remoteref)"]
    out = decode(run(["for-each-ref", "--format=" + "%00".join(fields), target.branch], cwd)).strip()
    upstream, remote, remote_ref = [*out.split("\0"), "", ""][:3]
    if not upstream.startswith("refs/remotes/") or not remote or not remote_ref:
        return None
    tip = decode(read(["rev-parse", "--verify", "-q", upstream], cwd) or b"").strip()
    dest = remote_ref.removeprefix("refs/heads/")
    lease = f"--force-with-lease={dest}:{tip}" if tip else "--force-with-lease"
    return f"git push {lease} {remote} {target.name}:{dest}"


def read_commits(cwd: str, ids: list[str]) -> list[RawCommit]:
    cat = CatFile(cwd)
    try:
        found = cat.objects(ids)
    finally:
        cat.close()
    commits = []
    for sha, obj in zip(ids, found, strict=True):
        if obj is None or obj[1] != "commit":
            raise UsageError(f"cannot read commit {sha}")
        commits.append(RawCommit(sha, obj[2]))
    return commits


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def left_lines(done: Fixed) -> list[str]:
    short = done.commit.sha[:12]
    return [f"  {short}:{f.line or 0}: {f.code} {f.rule}: left for the author: {f.message}\n" for f in done.left]


def diff_of(done: Fixed) -> str:
    import difflib

    short = done.commit.sha[:12]
    old = printable(done.text).splitlines(keepends=True)
    new = printable(done.new_text).splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(old, new, f"a/{short}", f"b/{short}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of message\n")
    return "".join(lines)


def codes(findings: list[Finding]) -> str:
    return ", ".join(sorted({f.code for f in findings}))


def run_fix(opts: Options, spec: str | None, dry_run: bool, force: bool) -> int:
    from ..sources.repo import CommitLookup, open_repo, target_branch, upstream_of, where

    repo = open_repo(opts.repo)
    cwd = where(repo)
    tracked = upstream_of(repo)
    run_settings = settings(opts.replace(repo=cwd, target_branch=target_branch(repo, opts.target_branch, tracked)))
    ctx = run_settings.ctx
    if spec is None:
        revisions, tip_only = default_range(tracked, ctx.baseline)
        if tip_only:
            raise UsageError("no upstream or baseline to start from: give the range (e.g. origin/main..)")
        spec = revisions[0]
    base, tip = split_range(spec)
    object_format = refuse_unsettled(cwd)
    target = target_of(cwd, tip)
    listed = range_commits(cwd, base, tip)
    ids = [sha for sha, _ in listed]
    out = sys.stdout
    if not ids:
        out.write(f"nothing to fix: {base}..{tip} is empty\n")
        return 0
    own = _full_ref(cwd, f"{target.name}@{{upstream}}") if target.branch else None
    if not force:
        named = [rev for rev in (ctx.baseline, ctx.upstream) if rev]
        refuse_published(cwd, base, tip, ids, own, named)
    old_tip = ids[-1]
    ctx.lookup = lookup = CommitLookup(cwd)
    try:
        fixed = MessageFixer(run_settings.rules, ctx, log_comment(cwd)).fix_all(read_commits(cwd, ids))
    finally:
        lookup.close()
    changed = [done for done in fixed if done.message is not None]
    for done in fixed:
        if done.warning is not None:
            sys.stderr.write(f"trailercheck: {done.commit.sha[:12]}: {done.warning}\n")
    if dry_run:
        for done in fixed:
            if done.message is None and not done.left:
                continue
            out.write(f"{done.commit.sha[:12]} {printable(done.subject)}\n")
            if done.message is not None:
                out.write(diff_of(done))
            out.writelines(printable(line) for line in left_lines(done))
        out.write(f"would fix {_plural(len(changed), 'message')} of {_plural(len(ids), 'commit')}\n")
        return 0
    if not changed:
        for done in fixed:
            out.writelines(printable(line) for line in left_lines(done))
        out.write(f"nothing to fix in {_plural(len(ids), 'commit')}\n")
        return 0
    rewrite = Rewrite(fixed, object_format)
    write_objects(cwd, rewrite.objects, object_format)
    pairs = [(old, new) for old, new, _ in rewrite.objects]
    copy_notes(cwd, pairs, notes_refs(cwd))
    new_tip = rewrite.tip(old_tip)
    all_codes = codes([f for done in changed for f in done.fixed])
    reason = f"trailercheck fix {base}..{tip}: fixed {_plural(len(changed), 'message')} ({all_codes})"
    try:
        move(cwd, target.ref, new_tip, old_tip, target.backup, reason)
    except GitError as exc:
        raise UsageError(f"{target.name} was not moved: {exc}") from None
    for done in fixed:
        new = rewrite.renamed.get(done.commit.sha)
        if done.message is not None and new is not None:
            out.write(f"{done.commit.sha[:12]} -> {new[:12]} {printable(done.subject)}: fixed {codes(done.fixed)}\n")
        out.writelines(printable(line) for line in left_lines(done))
    for sha in rewrite.unsigned:
        sys.stderr.write(f"trailercheck: {sha[:12]}: its signature no longer matches and was dropped\n")
    moved = len(rewrite.objects) - len(changed)
    also = f", {_plural(moved, 'commit')} re-parented" if moved else ""
    out.write(
        f"fixed {_plural(len(changed), 'message')} of {_plural(len(ids), 'commit')}{also}; "
        f"{target.name} is {new_tip[:12]}, it was {old_tip[:12]} (kept as {target.backup})\n"
    )
    if own is not None and set(ids) - outside(cwd, base, old_tip, [own]):
        hint = push_hint(cwd, target)
        if hint:
            out.write(f"to update {own.removeprefix('refs/remotes/')}: {hint}\n")
    return 0
