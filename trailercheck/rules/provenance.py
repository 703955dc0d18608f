"""C: provenance of picked commits (cherry-pick lines, FROMGIT sources, backport notes)."""

from __future__ import annotations

import re

from ..findings import OFF, WARNING, Edit, Finding
from ..model.message import Message
from ..model.patterns import LazyPattern
from ..model.provenance import FULL_ID_LENGTHS, CherryPick, cherry_picks, derived_commit
from ..model.text import EXCERPT, excerpt
from ..model.trailers import NOTE_RE
from .base import Context, Rule, register, subject_no
from .examples import ANDROID_FROMGIT, FROMGIT_TREE, QCOM_UPSTREAM, SHA

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

PICKED: Final = ("UPSTREAM", "BACKPORT", "FROMGIT")
#: C01's examples: the same pick with and without its cherry-pick line (a Git-commit: names the commit).
C01_GOOD: Final = QCOM_UPSTREAM.replace(f"(cherry picked from commit {SHA})\n", f"Git-commit: {SHA}\n") + (
    f"(cherry picked from commit {SHA})\n"
)
C01_BAD: Final = C01_GOOD.replace(f"(cherry picked from commit {SHA})\n", "")


def _picked_from(msg: Message) -> str | None:
    """The prefix that makes this a pick of an existing commit (not BACKPORT: FROMLIST:)."""
    valid = msg.prefixes.valid
    if "FROMLIST" in valid:
        return None
    for name in PICKED:
        if name in valid:
            return name
    return None


_COMMIT_WORD: Final = LazyPattern(r"\bcommit\b", re.IGNORECASE)


def _names_the_commit(pick: CherryPick) -> bool:
    """Whether a cherry-pick line still says it names a commit (``... commit <id>``), however it is
    spelt otherwise: then C02 reports its form; ``(cherry-picked from <id>)`` names no commit."""
    return not pick.problems or any(_COMMIT_WORD.search(line.content) for line in pick.lines)


class CherryPickMissing(Rule):
    code = "C01"
    name = "cherry-pick-missing"
    summary = "UPSTREAM/BACKPORT/FROMGIT without a `(cherry picked from commit <sha>)` line."
    why = (
        "The cherry-pick line is the one exact reference to the commit this one copies: "
        "rebases, backport audits and `git log --grep` depend on it."
    )
    good = C01_GOOD
    bad = C01_BAD
    howto = "Pick with `git cherry-pick -x`, or add `(cherry picked from commit <40-hex sha>)`."
    fixable = True
    profiles = {"qcom": WARNING, "upstream": OFF}

    only_prefixes = frozenset({"UPSTREAM", "BACKPORT", "FROMGIT"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        prefix = _picked_from(msg)
        if prefix is None or any(_names_the_commit(pick) for pick in cherry_picks(msg)):
            return []
        derived = derived_commit(msg)
        if derived is None:
            return [
                self.finding(
                    subject_no(msg),
                    f"{prefix}: commit has no (cherry picked from commit <sha>) line",
                    "add '(cherry picked from commit <40-hex sha>)' (git cherry-pick -x)",
                )
            ]
        no, what, sha = derived
        new = f"(cherry picked from commit {sha})"
        edits = [Edit.insert_after(msg.block.entries[-1].lines[-1], new)] if msg.block is not None else []
        return [
            self.finding(
                subject_no(msg),
                f"{prefix}: commit has no cherry-pick line; {what} on line {no} names {sha[:12]}",
                f"add '{new}'",
                edits,
            )
        ]


class CherryPickMalformed(Rule):
    code = "C02"
    name = "cherry-pick-malformed"
    summary = "A cherry-pick line not written as `(cherry picked from commit <40-hex>)`."
    why = (
        "Tools find the source commit by the exact words git writes: `cherry-picked`, a "
        "missing parenthesis or an abbreviated or uppercase id defeat them. What git itself "
        "wrote is fine: `(cherry picked from <sha> commit)` before git 1.4.3, and a 64-digit "
        "id in a SHA-256 repository."
    )
    bad = QCOM_UPSTREAM.replace(f"(cherry picked from commit {SHA})", f"cherry-picked from commit {SHA}")
    good = QCOM_UPSTREAM
    howto = "Write `(cherry picked from commit <full lowercase sha>)`."
    fixable = True
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        for pick in cherry_picks(msg):
            if not pick.problems:
                continue
            edits: list[Edit] = []
            full = len(pick.sha) in FULL_ID_LENGTHS
            if full and len(pick.lines) == 1:
                line = pick.lines[0]
                edits = [Edit(line, 0, len(line.content), pick.canonical)]
            found.append(
                self.finding(
                    pick.no,
                    f"cherry-pick line: {', '.join(pick.problems)}",
                    f"write '{excerpt(pick.canonical, 3 * EXCERPT)}'" if full else "write the full 40-digit commit id",
                    edits,
                )
            )
        return found


class FromgitSourceMissing(Rule):
    code = "C03"
    name = "fromgit-source-missing"
    summary = "A FROMGIT cherry-pick line without the tree URL and branch."
    why = (
        "A FROMGIT commit is not in mainline yet: only the maintainer tree and branch tell "
        "where to find it, and when to re-pick it as UPSTREAM."
    )
    bad = ANDROID_FROMGIT.replace(f"\n {FROMGIT_TREE})", ")")
    good = ANDROID_FROMGIT
    howto = "Write `(cherry picked from commit <sha> <tree URL> <branch>)`."
    profiles = {"qcom": OFF, "upstream": OFF}

    only_prefixes = frozenset({"FROMGIT"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        return [
            self.finding(
                pick.no,
                "FROMGIT cherry-pick line does not name the source tree and branch",
                f"write '(cherry picked from commit {pick.sha.lower()} <tree URL> <branch>)'",
            )
            for pick in cherry_picks(msg)
            if not (pick.url and pick.branch)
        ]


class FromgitLinuxNext(Rule):
    code = "C04"
    name = "fromgit-linux-next"
    summary = "A FROMGIT commit picked from linux-next."
    why = "linux-next is rebuilt every day: its commit ids do not last. Pick from the maintainer tree that feeds it."
    bad = ANDROID_FROMGIT.replace(
        FROMGIT_TREE, "https://git.kernel.org/pub/scm/linux/kernel/git/next/linux-next.git master"
    )
    good = ANDROID_FROMGIT
    howto = "Cherry-pick from the maintainer's tree and name that tree and branch."
    profiles = {"qcom": OFF, "upstream": OFF}

    only_prefixes = frozenset({"FROMGIT"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        return [
            self.finding(
                pick.no,
                f"FROMGIT commit picked from linux-next ({excerpt(pick.url)})",
                "pick the commit from the maintainer tree instead",
            )
            for pick in cherry_picks(msg)
            if pick.url and "linux-next" in pick.url
        ]


class BackportNoteMissing(Rule):
    code = "C05"
    name = "backport-note-missing"
    summary = "A BACKPORT without a `[name: what changed]` note."
    why = "A backport differs from its source; the note says how, so the next rebase can redo it."
    bad = QCOM_UPSTREAM.replace("UPSTREAM:", "BACKPORT:")
    good = QCOM_UPSTREAM.replace("UPSTREAM:", "BACKPORT:").replace(
        f"{SHA})\n", f"{SHA})\n[bob: resolved a conflict in fastrpc_map_create()]\n"
    )
    howto = "Add `[your-name: what you changed]` to the trailer block."
    default = WARNING

    only_prefixes = frozenset({"BACKPORT"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        if any(line.text.startswith("[") and NOTE_RE.match(line.content) for line in msg.lines[msg.title_end :]):
            return []
        return [
            self.finding(
                subject_no(msg),
                "BACKPORT: commit has no [name: what changed] note",
                "add '[your-name: what changed]' to the trailer block",
            )
        ]


register(
    CherryPickMissing,
    CherryPickMalformed,
    FromgitSourceMissing,
    FromgitLinuxNext,
    BackportNoteMissing,
)
