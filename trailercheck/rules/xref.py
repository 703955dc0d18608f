"""X: cross-reference with the integration branch (baseline) and mainline (upstream).

These rules need the repository and the refs: ``baseline`` (e.g.
``origin/qcom-next``) and ``upstream`` (e.g. ``torvalds/master``), from the
configuration or ``--baseline``/``--upstream``. ``trailercheck check`` opens
the cross-reference (:class:`~trailercheck.xref.CrossRef`) and keeps its
index up to date; the rules only ask it questions. Every finding names the
commit it is about and carries its evidence: ``patch-id``, ``subject`` or
``none``.

A commit the message names as its source (its cherry-pick line) is the
reference for X04-X06 whatever its subject; the subject is only looked at
when no commit is named. A ref whose history ends at the shallow boundary of
a shallow clone gets no "not there" verdict (X02, X04): what it lacks may be
beyond the boundary.
"""

from __future__ import annotations

from ..findings import WARNING, Finding
from ..model.message import Message
from ..xref import BASELINE, NONE, PATCH_ID, SUBJECT, UPSTREAM, CrossRef
from .base import (
    BASELINE_FORBID,
    BASELINE_HISTORY,
    BASELINE_REQUIRE,
    UPSTREAM_HISTORY,
    UPSTREAM_REF,
    Context,
    Rule,
    register,
    subject_no,
)
from .examples import GOOD, QCOM_UPSTREAM, SHA, with_subject

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from ..lookups import Lookup

#: A clean BACKPORT of the upstream commit of QCOM_UPSTREAM.
BACKPORT: Final = QCOM_UPSTREAM.replace("UPSTREAM:", "BACKPORT:").replace(
    f"{SHA})\n", f"{SHA})\n[ada: fastrpc_map_create() takes no flags in this tree]\n"
)
#: The commit id of the examples' cherry-pick lines, as a commit no mainline has.
NOT_UPSTREAM_SHA: Final = "fedcba9876543210fedcba9876543210fedcba98"
EVIDENCE_WORDS: Final = {PATCH_ID: "same patch id", SUBJECT: "same subject"}


def _xref(ctx: Context) -> CrossRef:
    xref = ctx.xref
    assert isinstance(xref, CrossRef)
    return xref


def describe(sha: str, lookup: Lookup | None) -> str:
    """``0123456789ab ("subject")``, the subject when the repository knows the commit."""
    found = lookup.resolve(sha) if lookup is not None else None
    return f'{sha[:12]} ("{found[1]}")' if found is not None else sha[:12]


#: A pick of a posting or of a maintainer tree (``BACKPORT: FROMLIST:``) has no mainline commit to compare.
NOT_MAINLINE: Final = frozenset({"FROMLIST", "FROMGIT"})


class XrefRule(Rule):
    """A rule that compares the commit with one of the refs; ``side`` says which."""

    side = BASELINE

    def prepare(self, msgs: list[Message], ctx: Context) -> None:
        _xref(ctx).prepare(msgs, self.side, ctx.lookup)

    def evidence_finding(self, line: int, message: str, fix: str, evidence: str) -> Finding:
        finding = self.finding(line, message, fix)
        finding.evidence = evidence
        return finding


class InBaseline(XrefRule):
    code = "X01"
    name = "in-baseline"
    summary = 'The change is already in the baseline (branch policy `baseline-mode = "forbid"`, topic branches).'
    why = (
        "A topic branch is merged into the integration branch (qcom-next); a commit the baseline "
        "already has (the same patch, or the same subject) would be applied twice, or conflict with "
        "itself. Usually the topic branch is based on an old baseline, or the fix was picked twice."
    )
    bad = GOOD
    good = with_subject("FROMLIST: misc: fastrpc: Drop unused map flags")
    howto = "Drop the commit and rebase the topic branch onto the current baseline."
    needs = frozenset({BASELINE_FORBID})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        xref = _xref(ctx)
        found = xref.match(msg, BASELINE, ctx.lookup)
        if found is None:
            return []
        return [
            self.evidence_finding(
                subject_no(msg),
                f"already in {xref.baseline} as {describe(found.sha, ctx.lookup)} ({EVIDENCE_WORDS[found.evidence]})",
                f"drop this commit: {xref.baseline} has it",
                found.evidence,
            )
        ]


class NotInBaseline(XrefRule):
    code = "X02"
    name = "not-in-baseline"
    summary = 'The change is not in the baseline yet (branch policy `baseline-mode = "require"`, product branches).'
    why = (
        "Product branches (qcom-6.18.y) take only what the integration branch already has: a "
        "change lands in qcom-next first, so that no fix exists in a product and not in the next one. "
        "A commit whose cherry-pick line names a baseline commit is there; in a shallow clone whose "
        "baseline history is cut short the rule does not report (with a warning)."
    )
    bad = with_subject("FROMLIST: misc: fastrpc: Drop unused map flags")
    good = GOOD
    howto = "Get the change into the baseline first, then pick it from there (git cherry-pick -x)."
    needs = frozenset({BASELINE_REQUIRE, BASELINE_HISTORY})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        xref = _xref(ctx)
        found = xref.side(msg, BASELINE, ctx.lookup)
        if found.own or found.picked or xref.match(msg, BASELINE, ctx.lookup) is not None:
            return []
        return [
            self.evidence_finding(
                subject_no(msg),
                f"not in {xref.baseline}: no commit there has the same patch id or subject",
                f"land it in {xref.baseline} first, then pick it from there",
                NONE,
            )
        ]


class NowUpstream(XrefRule):
    code = "X03"
    name = "now-upstream"
    summary = "A FROMLIST/FROMGIT commit whose change is in upstream now: re-pick it as UPSTREAM."
    why = (
        "Once a posted patch is merged, the mainline commit is the reference: re-picking it as "
        "UPSTREAM (with its cherry-pick line) takes the version that was finally applied and lets "
        "the next rebase drop it cleanly."
    )
    bad = GOOD
    good = QCOM_UPSTREAM
    howto = "Replace the commit with `git cherry-pick -x <upstream commit>` and prefix it `UPSTREAM:`."
    default = WARNING
    side = UPSTREAM
    needs = frozenset({UPSTREAM_REF})
    only_prefixes = NOT_MAINLINE

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        xref = _xref(ctx)
        found = xref.match(msg, UPSTREAM, ctx.lookup)
        if found is None:
            return []
        return [
            self.evidence_finding(
                subject_no(msg),
                f"in {xref.upstream} now as {describe(found.sha, ctx.lookup)} ({EVIDENCE_WORDS[found.evidence]})",
                f"re-pick it as UPSTREAM from {found.sha} (git cherry-pick -x {found.sha[:12]})",
                found.evidence,
            )
        ]


class UpstreamCommitUnknown(XrefRule):
    code = "X04"
    name = "upstream-commit-unknown"
    summary = "An UPSTREAM/BACKPORT whose cherry-picked commit (or, without one, its subject) is not in upstream."
    why = (
        "UPSTREAM and BACKPORT promise a mainline commit. A cherry-pick line that names a commit "
        "mainline does not have (one from linux-next or a maintainer tree, or a mistyped id) breaks "
        "that promise: the pick is really FROMGIT, or the id is wrong. Without a cherry-pick line, a "
        "`Git-commit:` line names the commit. In a shallow clone whose upstream history is cut short "
        "the rule does not report (with a warning): the commit may lie beyond the boundary."
    )
    bad = QCOM_UPSTREAM.replace(SHA, NOT_UPSTREAM_SHA)
    good = QCOM_UPSTREAM
    howto = (
        "Name the mainline commit in the cherry-pick line; if the change is not in mainline yet, "
        "prefix it FROMGIT: (from a maintainer tree) or FROMLIST: (from the list)."
    )
    side = UPSTREAM
    needs = frozenset({UPSTREAM_REF, UPSTREAM_HISTORY})
    only_prefixes = frozenset({"UPSTREAM", "BACKPORT"})
    without_prefixes = NOT_MAINLINE

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        xref = _xref(ctx)
        found = xref.side(msg, UPSTREAM, ctx.lookup)
        if found.own:
            return []
        facts = xref.facts(msg, ctx.lookup)
        if facts.named:
            if found.picked:
                return []
            named = facts.named[0]
            message = f"{named.phrase()} is not in {xref.upstream}"
            if found.subject:
                same = describe(found.subject[0], ctx.lookup)
                return [
                    self.evidence_finding(
                        named.line, f"{message}; {same} there has the same subject", f"name {found.subject[0]}", SUBJECT
                    )
                ]
            return [self.evidence_finding(named.line, message, "name the mainline commit, or use FROMGIT:", NONE)]
        if found.subject:
            return []
        return [
            self.evidence_finding(
                subject_no(msg),
                f"no commit of {xref.upstream} has this subject (and there is no cherry-pick line)",
                "add the mainline commit's cherry-pick line, or use FROMGIT:/FROMLIST:",
                NONE,
            )
        ]


def _reference(xref: CrossRef, msg: Message, lookup: Lookup | None) -> tuple[list[str], str | None]:
    """The upstream commits an UPSTREAM/BACKPORT copies, and the one whose patch id equals its own.

    The commits the message names are the reference, whatever their subject
    (none when they are not in upstream: X04 says so); the commits with the
    same subject only when it names none.
    """
    found = xref.side(msg, UPSTREAM, lookup)
    if found.own:
        return [], None
    references = found.picked if xref.facts(msg, lookup).named else found.subject
    return references, xref.same_patch(msg, references)


def _reference_phrase(xref: CrossRef, msg: Message, sha: str, lookup: Lookup | None) -> str:
    """How the findings name the reference: as the message names it, else by the commit alone."""
    named = xref.facts(msg, lookup).naming(sha)
    return named.phrase(describe(sha, lookup)) if named is not None else describe(sha, lookup)


class UpstreamAltered(XrefRule):
    code = "X05"
    name = "upstream-altered"
    summary = "An UPSTREAM whose patch differs from the upstream commit: it should be BACKPORT."
    why = (
        "UPSTREAM means a clean cherry-pick; reviewers and rebases trust that the patch is the "
        "mainline one. A changed patch (a resolved conflict, an adaptation) is a BACKPORT, and the "
        "note says what changed. The upstream commit is the one the cherry-pick line names, whatever "
        "its subject; the one with the same subject when there is no such line."
    )
    bad = QCOM_UPSTREAM
    good = BACKPORT
    howto = "Prefix it `BACKPORT:` and add a `[name: what changed]` note, or pick the commit again cleanly."
    side = UPSTREAM
    needs = frozenset({UPSTREAM_REF})
    only_prefixes = frozenset({"UPSTREAM"})
    without_prefixes = NOT_MAINLINE

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        xref = _xref(ctx)
        if msg.commit is None or xref.patch_id(msg.commit) is None:
            return []
        references, same = _reference(xref, msg, ctx.lookup)
        # A reference without a patch id (a merge, or at the shallow boundary) cannot be compared.
        compared = [sha for sha in references if xref.patch_id(sha) is not None]
        if not compared or same is not None:
            return []
        ref = compared[0]
        found = xref.side(msg, UPSTREAM, ctx.lookup)
        message = f"the patch differs from {_reference_phrase(xref, msg, ref, ctx.lookup)} in {xref.upstream}"
        fix = "prefix it BACKPORT: and add a [name: what changed] note"
        other = xref.same_patch(msg, [sha for sha in found.subject if sha not in references])
        if other is not None:  # the cherry-pick line may name the wrong commit
            message += f"; {describe(other, ctx.lookup)} there has the same subject and patch"
            fix = f"if this is a pick of {other[:12]}, name that commit; else {fix}"
        return [self.evidence_finding(subject_no(msg), message, fix, SUBJECT if ref in found.subject else NONE)]


class BackportClean(XrefRule):
    code = "X06"
    name = "backport-clean"
    summary = "A BACKPORT identical to the upstream commit: it can be UPSTREAM."
    why = (
        "BACKPORT tells reviewers and the next rebase to look for changes; when the patch is "
        "exactly the mainline one, UPSTREAM says so and the note is not needed. The upstream commit "
        "is the one the cherry-pick line names, whatever its subject; the one with the same subject "
        "when there is no such line."
    )
    bad = BACKPORT
    good = QCOM_UPSTREAM
    howto = "Prefix it `UPSTREAM:` and drop the backport note."
    default = WARNING
    side = UPSTREAM
    needs = frozenset({UPSTREAM_REF})
    only_prefixes = frozenset({"BACKPORT"})
    without_prefixes = NOT_MAINLINE

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        xref = _xref(ctx)
        _, same = _reference(xref, msg, ctx.lookup)
        if same is None:
            return []
        return [
            self.evidence_finding(
                subject_no(msg),
                f"the patch equals {_reference_phrase(xref, msg, same, ctx.lookup)} in {xref.upstream} (same patch id)",
                "prefix it UPSTREAM: and drop the backport note",
                PATCH_ID,
            )
        ]


register(
    InBaseline,
    NotInBaseline,
    NowUpstream,
    UpstreamCommitUnknown,
    UpstreamAltered,
    BackportClean,
)
