"""O: sign-offs and authorship."""

from __future__ import annotations

import re

from ..findings import OFF, WARNING, Finding
from ..model.message import Message
from ..model.patterns import LazyPattern
from ..model.person import parse_person
from ..model.text import GIT_SPACE, excerpt
from ..model.trailers import Entry
from .base import Context, Rule, register, subject_no
from .examples import BODY, GOOD, QCOM_UPSTREAM, SOB, with_subject, with_trailers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

SIGNED_OFF_BY: Final = "signed-off-by"
BOB: Final = "Signed-off-by: Bob Example <bob@example.com>"


def signoffs(msg: Message, ctx: Context) -> list[Entry]:
    """Sign-offs anywhere in the message (T01/T08 say where git misses one); a misspelt key (T04) still counts."""
    return msg.memo("signoffs", _signoffs, ctx)


def _signoffs(msg: Message, ctx: Context) -> list[Entry]:
    found = msg.find(SIGNED_OFF_BY, anywhere=True)
    irregular = msg.irregular_trailers()
    if not irregular:  # a misspelt key is never written the regular way
        return found
    keys = ctx.keys
    misspelt = [
        e
        for e in irregular
        if e.low != SIGNED_OFF_BY
        and e.low not in keys.canonical
        and (keys.near_miss(e.key) or "").lower() == SIGNED_OFF_BY
    ]
    if not misspelt:
        return found
    return sorted([*found, *misspelt], key=_line_no)


def _line_no(entry: Entry) -> int:
    return entry.no


class SignoffMissing(Rule):
    code = "O01"
    name = "signoff-missing"
    summary = "No `Signed-off-by:` trailer."
    why = (
        "The sign-off is the Developer's Certificate of Origin: without it the change "
        "cannot be accepted into any kernel tree."
    )
    bad = GOOD.replace(f"{SOB}\n", "")
    good = GOOD
    howto = "Commit with `git commit -s`, or add `Signed-off-by: Your Name <you@example.com>`."

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        if msg.subject_index is None or msg.find(SIGNED_OFF_BY, anywhere=True):
            return []
        # A misspelt key certifies nothing to the tools that look for a sign-off: it is named here, T04 fixes it.
        misspelt = signoffs(msg, ctx)
        if misspelt:
            e = misspelt[0]
            return [
                self.finding(
                    e.no,
                    f"no Signed-off-by: trailer; line {e.no} writes it {e.key}:",
                    f"write 'Signed-off-by:' on line {e.no}",
                )
            ]
        line = msg.block.start if msg.block is not None else None
        no = msg.lines[line].no if line is not None else subject_no(msg)
        return [self.finding(no, "no Signed-off-by: trailer", "add your sign-off (git commit -s)")]


class SignoffAuthorMissing(Rule):
    code = "O02"
    name = "signoff-author-missing"
    summary = "None of the sign-offs is the author's."
    why = (
        "The author certifies the origin first. A missing author sign-off usually means "
        "the authorship was lost when the patch was applied (`git am` without the "
        "original `From:`). The author's sign-off counts wherever it is in the message (one "
        "outside the trailer block is T08's); people compare by address or by name, "
        "without case, accents, punctuation or word order."
    )
    bad = with_subject("QCLINUX: misc: fastrpc: Fix map refcount").replace(SOB, BOB)
    good = with_subject("QCLINUX: misc: fastrpc: Fix map refcount")
    howto = "Restore the original author (`git commit --amend --author=...`) or add the author's sign-off."

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        author = msg.author
        if author is None:
            return []
        found = signoffs(msg, ctx)
        for e in found:  # the usual message: the author's sign-off is there
            if e.value and parse_person(e.value).same(author):
                return []
        sobs = [e for e in found if e.value]  # an empty one is T05's
        # The author's sign-off anywhere in the message counts: one outside the
        # trailer block is misplaced (T08, T01), not missing.
        seen = {e.no for e in sobs}
        lines = [(no, value) for no, value in signoff_lines(msg) if no not in seen]
        if any(parse_person(value).same(author) for _, value in lines):
            return []
        last = max([e.no for e in sobs] + [no for no, _ in lines], default=None)
        if last is None:
            return []  # no sign-off at all: O01's
        return [
            self.finding(
                last,
                f"no Signed-off-by: from the author {excerpt(str(author))}",
                f"add 'Signed-off-by: {excerpt(str(author))}' or correct the author",
            )
        ]


#: A sign-off line anywhere in the message, also a misspelt or indented one; not a ``> `` quoted one,
#: which is part of a mail quoted in this one.
_SIGNOFF_LINE_RE: Final = LazyPattern(r"[ \t]*signed[-_ ]?off[-_ ]?by[ \t]*:[ \t]*(\S.*)", re.IGNORECASE)


def signoff_lines(msg: Message) -> list[tuple[int, str]]:
    """``(line number, value)`` of every line below the subject that reads as a sign-off."""
    return msg.memo("signoff_lines", _signoff_lines, None)


def _signoff_lines(msg: Message, _: None) -> list[tuple[int, str]]:
    if "off" not in msg.low_text:
        return []
    texts = msg.texts
    out = []
    for i in msg.lines_mentioning(("off",)):
        if i >= msg.title_end:
            m = _SIGNOFF_LINE_RE.match(texts[i].rstrip(GIT_SPACE))
            if m is not None:
                out.append((msg.line(i).no, m.group(1)))
    return out


class SignoffMalformed(Rule):
    code = "O04"
    name = "signoff-malformed"
    summary = "A sign-off that is not `Name <address>`."
    why = "A sign-off must identify a person who can be reached: a name and a mail address."
    bad = GOOD.replace(SOB, "Signed-off-by: ada@example.com")
    good = GOOD
    howto = "Write `Signed-off-by: Full Name <address@example.com>`."

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        for entry in signoffs(msg, ctx):
            if not entry.value:
                continue  # T05
            person = parse_person(entry.value)
            if person.problems:
                found.append(
                    self.finding(
                        entry.no,
                        f"sign-off {excerpt(entry.value)!r} is not 'Name <address>': {', '.join(person.problems)}",
                        "write 'Signed-off-by: Full Name <address>'",
                    )
                )
        return found


class CodevelopedWithoutSignoff(Rule):
    code = "O05"
    name = "codeveloped-without-signoff"
    summary = "`Co-developed-by:` not immediately followed by the same person's sign-off."
    why = (
        "Documentation/process/submitting-patches.rst: every co-developer signs off, "
        "directly after their Co-developed-by: line."
    )
    bad = with_trailers(before_sob="Co-developed-by: Bob Example <bob@example.com>\n")
    good = with_trailers(
        before_sob="Co-developed-by: Bob Example <bob@example.com>\nSigned-off-by: Bob Example <bob@example.com>\n"
    )
    howto = "Put the co-developer's `Signed-off-by:` on the line after `Co-developed-by:`."

    only_with = frozenset({"co-developed-by"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        entries = msg.all_entries()
        for i, entry in enumerate(entries):
            if not entry.is_trailer or entry.low != "co-developed-by":
                continue
            who = parse_person(entry.value)
            nxt = entries[i + 1] if i + 1 < len(entries) else None  # immediately: nothing in between
            if nxt is not None and nxt.is_trailer and nxt.low == SIGNED_OFF_BY and parse_person(nxt.value).same(who):
                continue
            theirs = [e for e in signoffs(msg, ctx) if parse_person(e.value).same(who)]
            if theirs:
                found.append(
                    self.finding(
                        entry.no,
                        f"Co-developed-by: {excerpt(str(who))} is not directly followed by their Signed-off-by: "
                        f"(line {theirs[0].no})",
                        f"move line {entry.no} to just above line {theirs[0].no}",
                    )
                )
                continue
            found.append(
                self.finding(
                    entry.no,
                    f"Co-developed-by: {excerpt(str(who))} is not followed by their Signed-off-by:",
                    f"add 'Signed-off-by: {excerpt(str(who))}' on the next line",
                )
            )
        return found


PICKED: Final = ("UPSTREAM", "BACKPORT", "FROMGIT", "FROMLIST")


class SignoffCommitterLast(Rule):
    code = "O03"
    name = "signoff-committer-last"
    summary = "For a picked commit, the last sign-off is not the committer's."
    why = (
        "Whoever picks a patch into the tree certifies it again, after everyone before: "
        "their Signed-off-by: comes last."
    )
    bad = QCOM_UPSTREAM.replace(f"{BOB}\n", "").replace(f"{SOB}\n", f"{SOB}\n{BOB}\n")
    good = QCOM_UPSTREAM
    howto = "Add your own Signed-off-by: at the end (git commit -s / git cherry-pick -s)."
    default = WARNING

    only_prefixes = frozenset({"UPSTREAM", "BACKPORT", "FROMGIT", "FROMLIST"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        committer = msg.committer
        if committer is None:
            return []
        sobs = signoffs(msg, ctx)
        if not sobs or parse_person(sobs[-1].value).same(committer):
            return []
        return [
            self.finding(
                sobs[-1].no,
                f"the last sign-off is not the committer's ({excerpt(str(committer))})",
                f"add 'Signed-off-by: {excerpt(str(committer))}' at the end",
            )
        ]


UPSTREAM_STYLE: Final = f"""misc: fastrpc: Fix map refcount

{BODY}

Reported-by: Bob Example <bob@example.com>
Closes: https://lore.kernel.org/r/20241001-report-1@example.com/
{SOB}
"""


class ReportedWithoutCloses(Rule):
    code = "O06"
    name = "reported-without-closes"
    summary = "`Reported-by:` not followed by `Closes:` (or `Link:`) to the report."
    why = (
        "The report is part of the history: Closes: links it so that it can be found and closed. "
        "checkpatch asks for it since Linux 6.4; submitting-patches.rst also accepts a Link: "
        "to the report (not b4's patch.msgid.link to the patch itself) when the change fixes "
        "only part of it. Several reporters of one report share the Closes: after the last of "
        "them. Commits written before checkpatch asked for it are not held to it."
    )
    bad = UPSTREAM_STYLE.replace("Closes: https://lore.kernel.org/r/20241001-report-1@example.com/\n", "")
    good = UPSTREAM_STYLE
    howto = "Put `Closes: <URL of the report>` directly after `Reported-by:`."
    default = WARNING
    profiles = {"qcom": OFF, "android": OFF, "chromeos": OFF}

    only_with = frozenset({"reported-by", "reported-and-tested-by"})

    #: The day the rule starts: v6.4-rc1, the first mainline release whose checkpatch asks for
    #: Closes: after Reported-by: (BAD_REPORTED_BY_LINK). Commits the author wrote before it are
    #: not checked.
    since: Final = "2023-05-07"

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        if msg.author_date is not None and msg.author_date < _since_timestamp(self.since):
            return []
        found: list[Finding] = []
        entries = [e for e in msg.all_entries() if e.is_trailer]
        for i, entry in enumerate(entries):
            if entry.low not in REPORTED:
                continue
            nxt = entries[i + 1] if i + 1 < len(entries) else None
            if nxt is not None and nxt.low in REPORTED:
                continue  # one report, several reporters: the Closes: follows the last of them
            if nxt is None or not (nxt.low == "closes" or (nxt.low == "link" and _names_a_report(nxt.value))):
                found.append(
                    self.finding(
                        entry.no,
                        f"{entry.key}: is not followed by Closes:",
                        "add 'Closes: <URL of the report>' on the next line",
                    )
                )
        return found


REPORTED: Final = ("reported-by", "reported-and-tested-by")


def _names_a_report(url: str) -> bool:
    """A Link: that can be the report's: not b4's link to the patch posting itself."""
    return "//patch.msgid.link/" not in url


_DAYS: Final[dict[str, int]] = {}


def _since_timestamp(day: str) -> int:
    """Seconds since the epoch at the start of ``day`` (``YYYY-MM-DD``, UTC)."""
    found = _DAYS.get(day)
    if found is None:
        import calendar
        import time

        found = _DAYS[day] = calendar.timegm(time.strptime(day, "%Y-%m-%d"))
    return found


register(
    SignoffMissing,
    SignoffAuthorMissing,
    SignoffMalformed,
    CodevelopedWithoutSignoff,
    SignoffCommitterLast,
    ReportedWithoutCloses,
)
