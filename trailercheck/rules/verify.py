"""V: the posting behind each ``Link:``, compared with the commit.

These rules run with ``--online`` (the archive over HTTP) or ``--archive
PATH`` (a local public-inbox mirror): the run gets every posting its
commits link once (:class:`trailercheck.postings.Postings`), and the rules
compare each ``Link:`` to an archive host with the commit: the posting
exists and carries a patch (V01), it changes the same lines (V02), by the
same author (V03), under the same subject (V04).
"""

from __future__ import annotations

from ..findings import WARNING, Finding
from ..model.message import Message
from ..model.person import Person
from .base import ARCHIVE, Context, Rule, register
from .examples import GOOD, LORE, with_subject

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, TypeGuard

    from ..model.trailers import Entry
    from ..postings import Postings
    from ..sources.posting import Posting, Unreachable

#: The message-id of the examples' link.
MSGID: Final = LORE.rstrip("/").rsplit("/", 1)[1]


def _postings(ctx: Context) -> Postings:
    """The run's postings (granted with ``archive``: imported only by a run that verifies links)."""
    from ..postings import Postings

    verify = ctx.verify
    assert isinstance(verify, Postings)
    return verify


def _posting(answer: Posting | Unreachable | None) -> TypeGuard[Posting]:
    """Whether the archive answered with a posting (the posting model loads only in runs that verify)."""
    from ..sources.posting import Posting

    return isinstance(answer, Posting)


def _unreachable(answer: Posting | Unreachable | None) -> TypeGuard[Unreachable]:
    from ..sources.posting import Unreachable

    return isinstance(answer, Unreachable)


def title(msg: Message) -> str:
    """The commit's subject without its upstream-status prefixes, blanks folded."""
    return " ".join(msg.prefixes.rest.split())


def same_author(posted: Person, author: Person) -> bool:
    """Whether the posting's author is the commit's: the same address, whatever its case."""
    return posted.email.strip().lower() == author.email.strip().lower()


class VerifyRule(Rule):
    """A rule that compares each archive ``Link:`` of a commit with its posting."""

    needs = frozenset({ARCHIVE})
    only_with = frozenset({"link"})

    def prepare(self, msgs: list[Message], ctx: Context) -> None:
        _postings(ctx).prepare(msgs)  # once per batch: the postings skip what they have

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        postings = _postings(ctx)
        findings: list[Finding] = []
        for entry, msgid in postings.links(msg):
            answer = postings.answer(msgid)
            findings.extend(self.compare(msg, ctx, entry, msgid, answer))
        return findings

    def compare(
        self, msg: Message, ctx: Context, entry: Entry, msgid: str, answer: Posting | Unreachable | None
    ) -> list[Finding]:
        raise NotImplementedError


class LinkUnreachable(VerifyRule):
    code = "V01"
    name = "link-unreachable"
    summary = "The `Link:` names no posting of a patch: no such message, or a cover letter or reply."
    why = (
        "The link is how reviewers and b4 find what was posted. A message-id the archive does not "
        "have, or one of a cover letter or a reply, sends them nowhere useful. When the archive cannot "
        "be reached (timeouts, server errors after retries) the link is not verified: a warning, and the "
        "rest of the check goes on."
    )
    bad = GOOD.replace(MSGID, "20241001-fastrpc-v1-0-abc@example.com")
    good = GOOD
    howto = "Point the Link: at the posting of this patch itself (`[PATCH n/m]`), not at its cover letter."

    def compare(
        self, msg: Message, ctx: Context, entry: Entry, msgid: str, answer: Posting | Unreachable | None
    ) -> list[Finding]:
        source = _postings(ctx).source.name
        if answer is None:
            return [
                self.finding(
                    entry.no, f"{source} has no message {msgid}", "link the posting of this patch (b4 am prints it)"
                )
            ]
        if _unreachable(answer):
            if answer.refused:
                return [
                    self.finding(entry.no, f"message-id {msgid!r} {answer.reason}", "fix the message-id in the link")
                ]
            finding = self.finding(
                entry.no, f"not verified: {source} could not be reached ({answer.reason})", "run the check again"
            )
            finding.severity = WARNING
            return [finding]
        if _posting(answer) and answer.problem is not None:
            return [
                self.finding(entry.no, f"the posting {msgid} {answer.problem}", "link the posting of this patch itself")
            ]
        return []


class LinkDiffMismatch(VerifyRule):
    code = "V02"
    name = "link-diff-mismatch"
    summary = "The posting's patch adds or removes other lines than the commit."
    why = (
        "A commit that says it is the posting must carry the posted patch: a changed line that was "
        "never reviewed on the list hides behind the link. Context lines, hunk offsets and `index` "
        "lines do not count, so a patch applied with an offset still matches. BACKPORT commits differ "
        "by definition and are not compared; nor is a commit whose link names another version of the "
        "series (V04)."
    )
    bad = GOOD.replace(f"Link: {LORE}", f"[ada: also drop the flags argument of fastrpc_map_create()]\nLink: {LORE}")
    good = GOOD.replace("FROMLIST:", "BACKPORT: FROMLIST:", 1).replace(
        f"Link: {LORE}", f"Link: {LORE}\n[ada: also drop the flags argument of fastrpc_map_create()]"
    )
    howto = (
        "Pick the posted patch as it is (`b4 am`), or mark the commit BACKPORT: and say what changed in a "
        "`[name: what changed]` note."
    )
    without_prefixes = frozenset({"BACKPORT"})

    def compare(
        self, msg: Message, ctx: Context, entry: Entry, msgid: str, answer: Posting | Unreachable | None
    ) -> list[Finding]:
        if not _posting(answer) or answer.problem is not None:
            return []
        if "V04" in ctx.active and answer.subject and answer.subject != title(msg):
            return []
        diff = _postings(ctx).diff_of(msg)
        if diff is None:
            return []
        from ..sources.posting import first_difference

        where = first_difference(answer.diff, diff)
        if where is None:
            return []
        return [
            self.finding(
                entry.no,
                f"the commit's diff differs from the posting {msgid}: {where}",
                "pick the posted patch as it is, or mark the commit BACKPORT: with a note on the change",
            )
        ]


class LinkAuthorMismatch(VerifyRule):
    code = "V03"
    name = "link-author-mismatch"
    summary = "The posting's author (its `From:`, or the in-body `From:` line) is not the commit's author."
    why = (
        "Authorship is kept when a patch is picked: `git am` takes the author from the posting's "
        "`From:` (or the in-body `From:` line a sender puts for someone else). A commit authored by "
        "someone else claims the work of another person, or lost theirs."
    )
    bad = GOOD.replace(f"Link: {LORE}\n", f"Link: {LORE}\nSigned-off-by: Grace Hopper <grace@example.com>\n")
    good = GOOD
    howto = "Restore the author: `git commit --amend --author='Name <address>'` with the posting's author."

    def compare(
        self, msg: Message, ctx: Context, entry: Entry, msgid: str, answer: Posting | Unreachable | None
    ) -> list[Finding]:
        if not _posting(answer) or answer.problem is not None:
            return []
        author = msg.author
        if answer.author is None or author is None or same_author(answer.author, author):
            return []
        return [
            self.finding(
                entry.no,
                f"the posting {msgid} is by {answer.author}, the commit by {author}",
                f"git commit --amend --author='{answer.author}'",
            )
        ]


class LinkSubjectMismatch(VerifyRule):
    code = "V04"
    name = "link-subject-mismatch"
    summary = "The posting's subject (without `[PATCH vN m/n]`) is not the commit's (without its prefixes)."
    why = (
        "A commit picked from a posting keeps its subject. Another subject usually means the link "
        "names another version of the series, or another patch of it."
    )
    bad = with_subject("FROMLIST: misc: fastrpc: Fix map refcount leak on error")
    good = GOOD
    howto = "Link the version of the patch that was picked (`b4 am -v N`), or restore the posted subject."
    default = WARNING

    def compare(
        self, msg: Message, ctx: Context, entry: Entry, msgid: str, answer: Posting | Unreachable | None
    ) -> list[Finding]:
        if not _posting(answer) or answer.problem is not None or not answer.subject:
            return []
        if answer.subject == title(msg):
            return []
        return [
            self.finding(
                entry.no,
                f'the posting {msgid} is "{answer.subject}", the commit "{title(msg)}"',
                "link the version of the patch that was picked",
            )
        ]


register(LinkUnreachable, LinkDiffMismatch, LinkAuthorMismatch, LinkSubjectMismatch)
