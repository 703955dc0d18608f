"""S: the subject line and its upstream-status prefix."""

from __future__ import annotations

from ..findings import OFF, WARNING, Edit, Finding
from ..model.message import Message
from ..model.prefixes import Prefixes, parse_prefixes
from ..model.text import excerpt
from .base import PREFIX_TOKENS, Context, Rule, register, subject_no
from .examples import GOOD, with_subject

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final


def _needs_prefix(msg: Message, ctx: Context) -> bool:
    return bool(ctx.profile.prefixes)


def _is_prefix_here(raw: str, ctx: Context) -> bool:
    """Whether a word that spells a prefix is one in this tree.

    Where the profile has no prefixes (kernel.org trees), a lower- or mixed-case
    ``chromium:`` or ``android:`` is a subsystem tag; only capitals make a prefix.
    """
    return bool(ctx.profile.prefixes) or all(c.isupper() for c in raw if c.isalpha())


class PrefixMissing(Rule):
    code = "S01"
    name = "prefix-missing"
    summary = "The subject has no upstream-status prefix."
    why = (
        "Every commit in a downstream tree must say where it comes from (FROMLIST:, "
        "UPSTREAM:, QCLINUX: ...): reviewers, the automerge tool and the next rebase "
        "all decide by it what to do with the commit."
    )
    bad = with_subject("misc: fastrpc: Fix map refcount")
    good = GOOD
    howto = "Start the subject with the prefix that says where the change comes from."
    profiles = {"upstream": OFF}

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        p = msg.prefixes
        if not _needs_prefix(msg, ctx) or p.tokens or not msg.subject or p.revert is not None:
            return []
        # A marker (NOUPSTREAM:, FIXUP:) says what is done with a commit, not where it comes from.
        provenance = [x for x in ctx.prefixes if x not in ctx.profile.markers] or ctx.prefixes
        allowed = " ".join(f"{x}:" for x in provenance)
        return [
            self.finding(
                subject_no(msg),
                "subject has no upstream-status prefix",
                f"start the subject with one of {allowed}",
            )
        ]


class PrefixMalformed(Rule):
    code = "S02"
    name = "prefix-malformed"
    summary = "A known prefix is written wrongly (case, spacing, dash, brackets, spelling)."
    why = (
        "Tools match prefixes exactly: `Backport:`, `UPSTREAM:obexctl` or `[FROMLIST]` "
        "are invisible to the scripts that sort commits by provenance."
    )
    bad = with_subject("FROMLIST:misc: fastrpc: Fix map refcount")
    good = GOOD
    howto = "Write the prefix in capitals, directly followed by a colon and one space."
    fixable = True

    only_when = PREFIX_TOKENS

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        p = msg.prefixes
        line = msg.subject_line
        if line is None:
            return []
        malformed = [tok for tok in p.malformed if _is_prefix_here(tok.raw, ctx)]
        if not malformed:
            return []
        # Where one prefix may run on into the subject proper, no corrected subject is certain.
        corrected = f": write {excerpt(p.corrected())!r}" if all(t.certain for t in malformed) else ""
        found: list[Finding] = []
        for tok in malformed:
            problems = ", ".join(tok.problems)
            if not tok.certain:
                word = msg.subject[tok.start :].split(maxsplit=1)[0]
                found.append(
                    self.finding(
                        line.no,
                        f"prefix {excerpt(tok.raw)!r} is malformed ({problems}){corrected}",
                        f"start the subject with '{tok.name}: ' "
                        f"({excerpt(word)!r} may be a word of the subject: not fixed)",
                    )
                )
                continue
            replacement = tok.name + (": " if tok.end < len(msg.subject) else ":")
            found.append(
                self.finding(
                    line.no,
                    f"prefix {excerpt(tok.raw)!r} is malformed ({problems}){corrected}",
                    f"write the prefix as '{tok.name}: '",
                    [Edit(line, tok.start, tok.end, replacement)],
                )
            )
        return found


class PrefixNotAllowed(Rule):
    code = "S03"
    name = "prefix-not-allowed"
    summary = "A prefix the active profile or branch policy does not allow."
    why = (
        "Each tree has its own vocabulary: `CHROMIUM:` means nothing in a Qualcomm "
        "tree, and a product branch may refuse `PENDING:` work."
    )
    bad = with_subject("CHROMIUM: misc: fastrpc: Fix map refcount")
    good = GOOD
    howto = "Use one of the prefixes allowed here, or retarget the change."

    only_when = PREFIX_TOKENS

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        tokens = msg.prefixes.tokens
        if not tokens:
            return []
        allowed = ctx.prefixes
        found: list[Finding] = []
        for tok in tokens:
            if tok.name not in allowed and _is_prefix_here(tok.raw, ctx):
                where = (
                    f"under profile {ctx.profile.name}"
                    if allowed == ctx.profile.prefixes
                    else "by the branch policy of the target branch"
                )
                names = " ".join(f"{x}:" for x in allowed) or "none"
                found.append(
                    self.finding(
                        subject_no(msg),
                        f"prefix {tok.name}: is not allowed {where} (allowed: {names})",
                        "use an allowed prefix" if allowed else "remove the prefix",
                    )
                )
        return found


class PrefixCombination(Rule):
    code = "S04"
    name = "prefix-combination"
    summary = (
        "More than one prefix, other than a combination the profile allows "
        "(BACKPORT: FROMLIST:, BACKPORT: FROMGIT:; android NOUPSTREAM: ANDROID:, chromeos FIXUP:/HACK: ...)."
    )
    why = (
        "Only a backport of a list or maintainer-tree patch has two provenances; any "
        "other pair (`UPSTREAM: FROMLIST:`) contradicts itself. Android's NOUPSTREAM: and "
        "ChromeOS's FIXUP: and HACK: say what happens to a commit, and lead its prefix."
    )
    bad = with_subject("QCLINUX: FROMLIST: misc: fastrpc: Fix map refcount")
    good = GOOD
    howto = "Keep the one prefix that is true, or use a combination the profile allows (BACKPORT: FROMLIST:)."

    only_when = PREFIX_TOKENS

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        names = tuple(msg.prefixes.names)
        if len(names) < 2 or ctx.profile.combination_allowed(names):
            return []
        if any(n not in ctx.prefixes for n in names):
            return []  # S03 names the prefix that does not belong here
        combo = " ".join(f"{n}:" for n in names)
        return [
            self.finding(
                subject_no(msg),
                f"prefixes {combo} cannot be combined (allowed: {ctx.profile.combinations()})",
                "keep a single prefix",
            )
        ]


class SubjectEmpty(Rule):
    code = "S05"
    name = "subject-empty"
    summary = "The subject is empty, or nothing follows the prefix."
    why = "A subject is the one line everybody reads; a bare prefix says nothing."
    bad = with_subject("FROMLIST:")
    good = GOOD
    howto = "Write a summary of the change after the prefix."

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        if not msg.subject:
            return [self.finding(subject_no(msg), "the subject is empty", "write a subject line")]
        if not msg.prefixes.rest:
            return [self.finding(subject_no(msg), "nothing follows the prefix", "describe the change after the prefix")]
        return []


SUBJECT_LIMIT: Final = 75


class SubjectTooLong(Rule):
    code = "S06"
    name = "subject-too-long"
    summary = f"The subject is longer than {SUBJECT_LIMIT} characters (the prefix not counted)."
    why = "Long subjects are cut in `git log --oneline`, in mail clients and in review tools."
    bad = with_subject(
        "FROMLIST: misc: fastrpc: Fix the reference count of maps when the last user unmaps the buffer early"
    )
    good = GOOD
    howto = "Say what changed in fewer words; details go into the body."
    default = WARNING
    profiles = {"qcom": OFF, "android": OFF, "chromeos": OFF, "upstream": OFF}

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        rest = msg.prefixes.rest
        if len(rest) <= SUBJECT_LIMIT:
            return []
        return [
            self.finding(
                subject_no(msg),
                f"subject is {len(rest)} characters long (limit {SUBJECT_LIMIT}, prefix not counted)",
                "shorten the subject",
            )
        ]


def _reverted_prefixes(p: Prefixes) -> Prefixes:
    """The prefixes of the commit a revert undoes; through ``Revert "Revert "..."``, of the
    commit the chain restores or undoes in the end."""
    reverted = p
    while reverted.revert is not None and not reverted.tokens:
        reverted = parse_prefixes(reverted.revert)
    return reverted


class RevertUnprefixed(Rule):
    code = "S07"
    name = "revert-unprefixed"
    summary = 'A bare `Revert "..."` subject without a prefix of its own.'
    why = (
        "A revert is itself a change with a provenance. Qualcomm trees write a downstream "
        'revert as `QCLINUX: Revert "FROMLIST: ..."`; Android and ChromeOS accept a revert '
        "of a prefixed commit as inheriting its prefix."
    )
    bad = with_subject('Revert "FROMLIST: misc: fastrpc: Add map"')
    good = with_subject('QCLINUX: Revert "FROMLIST: misc: fastrpc: Add map"')
    howto = "Prefix the revert (qcom: QCLINUX:)."
    fixable = True
    # QCLINUX: is a choice of provenance: a revert picked from mainline is UPSTREAM:.
    fix_certain = False
    profiles = {"upstream": OFF}

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        p = msg.prefixes
        line = msg.subject_line
        if p.tokens or p.revert is None or line is None:
            return []
        if ctx.profile.revert_inherits:
            if _reverted_prefixes(p).tokens:
                return []
            return [
                self.finding(
                    line.no,
                    "revert of an unprefixed commit has no provenance",
                    "prefix the revert with the prefix of a downstream change",
                )
            ]
        fixed = "QCLINUX: " + p.rest
        return [
            self.finding(
                line.no,
                f"a revert is a downstream change: write {excerpt(fixed)!r}",
                "prefix the revert with 'QCLINUX: '",
                [Edit(line, p.rest_col, p.rest_col, "QCLINUX: ")],
            )
        ]


register(
    PrefixMissing,
    PrefixMalformed,
    PrefixNotAllowed,
    PrefixCombination,
    SubjectEmpty,
    SubjectTooLong,
    RevertUnprefixed,
)
