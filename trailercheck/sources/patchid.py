"""Patch ids of commits, as ``git patch-id --stable`` computes them, many at a time.

Two commits carry the same change when their patch ids are equal: the id
hashes the diff without whitespace and line numbers, so a clean
cherry-pick onto another base keeps it. Ids are computed only for the
commits the X rules compare (the checked commits and their candidates),
never for a whole ref: a batch of ids is one ``git log --no-walk --stdin -p``
process piped into one ``git patch-id --stable`` process.

The diff is made as git itself makes it for patch ids (``git cherry``,
``git rebase``): no rename detection, and none of the user's diff settings
that would change its text (context size, algorithm, prefixes, colour,
external diff drivers). A merge has no patch id, nor has a commit without
changes, nor has a commit at the shallow boundary of a shallow clone: its
parents were not fetched, and git would diff it against an empty tree.
"""

from __future__ import annotations

import re

from .gitcmd import CatFile, diffs_of, pipe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

#: The diff as git makes it for patch ids: no rename detection, git's default algorithm and context.
DIFF_ARGS = diffs_of("--no-renames", "--diff-algorithm=myers", "--unified=3", "--inter-hunk-context=0")
_SHA_RE = re.compile(r"[0-9a-f]{40}")


def patch_ids(cwd: str | None, shas: Iterable[str]) -> dict[str, str]:
    """``{commit: patch id}`` for the commits ``shas`` (full ids) that have one."""
    wanted = [s for s in dict.fromkeys(shas) if _SHA_RE.fullmatch(s)]
    if not wanted:
        return {}
    found, ok = _run(cwd, wanted)
    if not ok:  # a commit that is not in the repository spoils the batch: leave it out
        existing = _existing(cwd, wanted)
        found = _run(cwd, existing)[0] if existing else {}  # no input at all would mean HEAD
    return found


def _existing(cwd: str | None, shas: list[str]) -> list[str]:
    batch = CatFile(cwd)
    try:
        return [s for s, found in zip(shas, batch.objects(shas), strict=True) if found and found[1] == "commit"]
    finally:
        batch.close()


def _run(cwd: str | None, wanted: list[str]) -> tuple[dict[str, str], bool]:
    # git log reads all of its standard input before it writes anything: no deadlock.
    out, ok = pipe(DIFF_ARGS, ["patch-id", "--stable"], cwd, "".join(f"{s}\n" for s in wanted).encode("ascii"))
    found: dict[str, str] = {}
    for line in out.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 2:
            found[parts[1]] = parts[0]
    return found, ok


class PatchIds:
    """Patch ids of commits, computed in batches and remembered.

    :meth:`want` queues commits; the first :meth:`get` of a commit not known
    yet computes it together with everything queued, in one batch.
    """

    def __init__(self, cwd: str | None, boundary: frozenset[str] = frozenset()) -> None:
        self.cwd = cwd
        #: The commits at the shallow boundary of the repository (they have no patch id).
        self.boundary = boundary
        self._known: dict[str, str | None] = {}
        self._queued: dict[str, None] = {}
        #: Batches computed so far (each one pair of git processes).
        self.batches = 0

    def want(self, shas: Iterable[str]) -> None:
        for sha in shas:
            if sha not in self._known:
                self._queued[sha] = None

    def get(self, sha: str) -> str | None:
        """The patch id of commit ``sha``; None for a merge, a commit without changes, a commit at the
        shallow boundary, or an unknown id."""
        if sha not in self._known:
            self._queued[sha] = None
            self.flush()
        return self._known.get(sha)

    def flush(self) -> None:
        todo = list(self._queued)
        self._queued.clear()
        if not todo:
            return
        found = patch_ids(self.cwd, [s for s in todo if s not in self.boundary])
        self.batches += 1
        for sha in todo:
            self._known[sha] = found.get(sha)
