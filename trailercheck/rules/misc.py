"""M: other trailers and lines (Change-Id, CRs-Fixed, bug and test references, the body)."""

from __future__ import annotations

from ..findings import OFF, WARNING, Finding
from ..model.message import Message
from ..model.patterns import LazyPattern
from ..model.text import GIT_SPACE, excerpt
from ..model.trailers import is_trailer_like
from .base import Context, Rule, register, subject_no
from .examples import BODY, CHANGE_ID, CHROMEOS_FROMLIST, GOOD, LORE, SOB, with_trailers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

CHANGE_ID_RE: Final = LazyPattern(r"I[0-9a-f]{40}")
CRS_FIXED_RE: Final = LazyPattern(r"\d+(?:\s*,\s*\d+)*")

ANDROID_FROMLIST: Final = f"""FROMLIST: misc: fastrpc: Fix map refcount

{BODY}

Bug: 123456789
Link: {LORE}
{CHANGE_ID}
{SOB}
"""


def lines_starting(msg: Message, text: str) -> list[int]:
    """Line numbers of lines starting with ``text`` (ChromeOS ``BUG=``/``TEST=`` fields)."""
    return [line.no for line in msg.lines[msg.title_end :] if line.text.startswith(text)]


class ChangeIdPresent(Rule):
    code = "M01"
    name = "change-id-present"
    summary = "A Gerrit `Change-Id:` in a commit bound for a kernel.org-style tree."
    why = "Change-Ids are Gerrit bookkeeping; checkpatch and kernel.org maintainers reject them."
    bad = with_trailers(after_sob=f"\n{CHANGE_ID}")
    good = GOOD
    howto = "Remove the Change-Id: line (and the Gerrit commit-msg hook that adds it)."
    profiles = {"android": OFF, "chromeos": OFF}

    only_with = frozenset({"change-id"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        return [
            self.finding(entry.no, "Change-Id: does not belong in this tree", f"remove line {entry.no}")
            for entry in msg.find("Change-Id")
        ]


class ChangeIdMissing(Rule):
    code = "M02"
    name = "change-id-missing"
    summary = "The profile requires a `Change-Id: I<40-hex>` and there is none (or it is malformed)."
    why = "Android and ChromeOS Gerrit instances track every change by its Change-Id."
    bad = ANDROID_FROMLIST.replace(f"{CHANGE_ID}\n", "")
    good = ANDROID_FROMLIST
    howto = "Install Gerrit's commit-msg hook and amend, or add `Change-Id: I<40 hex digits>`."
    profiles = {"qcom": OFF, "upstream": OFF}

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        if msg.subject_index is None:
            return []
        entries = msg.find("Change-Id", anywhere=True)
        if not entries:
            return [self.finding(subject_no(msg), "no Change-Id: trailer", "add 'Change-Id: I<40 hex digits>'")]
        return [
            self.finding(
                entry.no, f"Change-Id: {excerpt(entry.value)!r} is not I followed by 40 hex digits", "regenerate it"
            )
            for entry in entries
            if entry.value and not CHANGE_ID_RE.fullmatch(entry.value)
        ]


class CrsFixedMalformed(Rule):
    code = "M03"
    name = "crs-fixed-malformed"
    summary = "A `CRs-Fixed:` value that is not a comma-separated list of numbers."
    why = "Qualcomm's tracking tools parse CRs-Fixed: to close change requests; anything else is lost."
    bad = with_trailers(after_sob="\nCRs-Fixed: CR#4564170")
    good = with_trailers(after_sob="\nCRs-Fixed: 4564170, 4564171")
    howto = "Write `CRs-Fixed: 4564170` or `CRs-Fixed: 4564170, 4564171`."
    profiles = {"android": OFF, "chromeos": OFF, "upstream": OFF}

    only_with = frozenset({"crs-fixed"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        # One number (``\d`` is a decimal digit, as isdecimal() says) needs no pattern.
        return [
            self.finding(
                entry.no,
                f"CRs-Fixed: {excerpt(entry.value)!r} is not a comma-separated list of numbers",
                "write 'CRs-Fixed: <number>[, <number>...]'",
            )
            for entry in msg.find("CRs-Fixed")
            if entry.value and not (entry.value.isdecimal() or CRS_FIXED_RE.fullmatch(entry.value))
        ]


class BugMissing(Rule):
    code = "M04"
    name = "bug-missing"
    summary = (
        "The profile requires a bug reference (android: `Bug:` for FROMLIST, `Bug:` or `Fixes:` "
        "for ANDROID; chromeos: `BUG=`)."
    )
    why = (
        "Android and ChromeOS accept out-of-tree changes only against a tracked bug; an "
        "Android fix of Android code may name the commit it fixes instead."
    )
    bad = ANDROID_FROMLIST.replace("Bug: 123456789\n", "")
    good = ANDROID_FROMLIST
    howto = (
        "Add `Bug: <number>` (Android; `Fixes:` also does for an ANDROID: fix) or a `BUG=b:<number>` line (ChromeOS)."
    )
    profiles = {"qcom": OFF, "upstream": OFF}

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        if msg.subject_index is None:
            return []
        if "BUG=" in ctx.profile.fields:  # the ecosystem writes the bug as a field (ChromeOS)
            if not lines_starting(msg, "BUG="):
                return [self.finding(subject_no(msg), "no BUG= line", "add 'BUG=b:<number>' (or BUG=None)")]
            return []
        valid = msg.prefixes.valid
        if "FROMLIST" in valid:
            # A posting not accepted into any maintainer tree is taken only against a bug.
            if not msg.find("Bug", anywhere=True):
                return [self.finding(subject_no(msg), "FROMLIST: commit has no Bug: trailer", "add 'Bug: <number>'")]
        elif "ANDROID" in valid:
            # An Android feature names its bug; a fix of Android code names the commit it fixes.
            if not msg.find("Bug", anywhere=True) and not msg.find("Fixes", anywhere=True):
                return [
                    self.finding(
                        subject_no(msg),
                        "ANDROID: commit has neither a Bug: nor a Fixes: trailer",
                        "add 'Bug: <number>' for a feature, or 'Fixes: <sha> (\"<subject>\")' for a fix",
                    )
                ]
        return []


class TestMissing(Rule):
    code = "M05"
    name = "test-missing"
    summary = "ChromeOS: no `TEST=` line."
    why = "ChromeOS reviewers need to know how the change was verified."
    bad = CHROMEOS_FROMLIST.replace("TEST=fastrpc_test passes on trogdor\n", "")
    good = CHROMEOS_FROMLIST
    howto = "Add a `TEST=` line saying how you tested the change."
    profiles = {"qcom": OFF, "android": OFF, "upstream": OFF}

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        if msg.subject_index is not None and not lines_starting(msg, "TEST="):
            return [self.finding(subject_no(msg), "no TEST= line", "add 'TEST=<how it was tested>'")]
        return []


class BodyMissing(Rule):
    code = "M06"
    name = "body-missing"
    summary = "No description: nothing between the subject and the trailers."
    why = "The subject says what; the body must say why. Reviewers and bisecters read it years later."
    bad = GOOD.replace(f"{BODY}\n\n", "")
    good = GOOD
    howto = "Describe the problem and why this is the fix."
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        if msg.subject_index is None or msg.title_end - msg.subject_index > 1:
            return []  # no message, or the description runs on under the subject without a blank line
        fields = ctx.profile.fields
        if fields:  # BUG=/TEST= lines and the upstream trailers above them describe nothing
            described = any(
                line.text.strip(GIT_SPACE)
                and not line.text.startswith(fields)
                and not is_trailer_like(line.text, msg.keys, msg.comment)
                for line in msg.body_lines
            )
        else:
            described = msg.has_body()
        if not described:
            return [self.finding(subject_no(msg), "the message has no body", "describe why the change is needed")]
        return []


register(
    ChangeIdPresent,
    ChangeIdMissing,
    CrsFixedMalformed,
    BugMissing,
    TestMissing,
    BodyMissing,
)
