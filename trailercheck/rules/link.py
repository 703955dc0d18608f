"""L: the ``Link:`` to the posting on lore."""

from __future__ import annotations

import re

from ..findings import WARNING, Edit, Finding
from ..model.links import Link, lore_form, needless_escapes
from ..model.message import Message
from ..model.patterns import LazyPattern
from ..model.prefixes import KNOWN_PREFIXES
from ..model.text import excerpt
from ..model.trailers import Entry
from .base import Context, Rule, register, subject_no
from .examples import GOOD, LORE, with_link

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

_SUBMITTED_RE: Final = LazyPattern(r"Upstream-Status:\s*Submitted\s*\[\s*(\S+?)\s*\]", re.IGNORECASE)
_AM_FROM_RE: Final = LazyPattern(r"\(am from (\S+?)\)?\s*$")
_MSGID_RE: Final = LazyPattern(r"<?([^<>\s]+@[^<>\s]+?)>?$")
_AM_FROM: Final = "(am from ...)"


def _needs_link(msg: Message, ctx: Context) -> list[str]:
    valid = msg.prefixes.valid  # most subjects have no prefix
    return [n for n in valid if n in ctx.profile.link_required] if valid else []


def _derived_link(msg: Message) -> tuple[int, str, str] | None:
    """Where the message has the posting's URL in another form: ``(line, what, url)``."""
    for entry in msg.all_entries():
        if not entry.is_trailer:
            continue
        key = entry.low
        if key == "message-id":
            m = _MSGID_RE.match(entry.value)
            if m:
                return entry.no, f"{entry.key}:", f"https://lore.kernel.org/r/{m.group(1)}"
        elif key == "list":
            return entry.no, "List:", entry.value
    for line in msg.lines:
        m = _SUBMITTED_RE.search(line.text)
        if m:
            return line.no, "Upstream-Status: Submitted", m.group(1)
        m = _AM_FROM_RE.match(line.content)
        if m:
            return line.no, _AM_FROM, m.group(1)
    return None


class LinkMissing(Rule):
    code = "L01"
    name = "link-missing"
    summary = "The prefix needs a `Link:` trailer to the posting and there is none."
    why = (
        "FROMLIST/FROMGIT/UPSTREAM/BACKPORT commits are only reviewable against what was "
        "posted: the `Link:` is how reviewers, b4 and the rebase tooling find it."
    )
    bad = GOOD.replace(f"Link: {LORE}\n", "Message-Id: <20241001-fastrpc-v1-1-abc@example.com>\n")
    good = GOOD
    howto = "Add `Link: https://lore.kernel.org/all/<message-id>/` to the trailer block."
    fixable = True
    #: Only a prefix asks for a link (``Profile.link_required`` names known prefixes).
    only_prefixes = frozenset(KNOWN_PREFIXES)

    def prepare(self, msgs: list[Message], ctx: Context) -> None:
        """With the archive (--online, --archive): find the posting of each commit that needs a link
        and names none, by the patch id of its diff."""
        from ..postings import Postings

        verify = ctx.verify
        if isinstance(verify, Postings):
            verify.search(
                [
                    m
                    for m in msgs
                    if _needs_link(m, ctx) and not m.find("Link", anywhere=True) and _derived_link(m) is None
                ]
            )

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        needing = _needs_link(msg, ctx)
        if not needing or msg.find("Link", anywhere=True):
            return []
        derived = _derived_link(msg)
        prefix = needing[0]
        if derived is None:
            from ..postings import Postings, link_to

            found = ctx.verify.posting_of(msg) if isinstance(ctx.verify, Postings) else None
            return [
                self.finding(
                    subject_no(msg),
                    f"{prefix}: commit has no Link: trailer to the posting",
                    f"add 'Link: {link_to(found)}' (the posting of this patch)"
                    if found
                    else "add 'Link: https://lore.kernel.org/all/<message-id>/'",
                )
            ]
        no, what, url = derived
        if what == _AM_FROM and ctx.profile.am_from_is_link:
            return []
        edits: list[Edit] = []
        if Link(url).on_hosts(ctx.lore_hosts) and msg.block is not None:
            new = f"Link: {url}"
            signoffs = msg.find("Signed-off-by", split=False)
            if signoffs:
                edits.append(Edit.insert_before(signoffs[-1].line, new))
            else:
                edits.append(Edit.insert_after(msg.block.entries[-1].lines[-1], new))
        return [
            self.finding(
                subject_no(msg),
                f"{prefix}: commit has no Link: trailer; the posting is named by {what} on line {no}",
                f"add 'Link: {excerpt(url)}'",
                edits,
            )
        ]


class LinkNotLore(Rule):
    code = "L02"
    name = "link-not-lore"
    summary = "The provenance link is not on an accepted archive (lore.kernel.org, msgid.link)."
    why = (
        "Patchwork instances, lkml.org, marc.info and mirrors come and go, and none of "
        "them is what b4 can fetch; lore keeps every message by its message-id."
    )
    bad = with_link("https://patchwork.kernel.org/project/linux-arm-msm/patch/20241001-fastrpc-v1-1-abc@example.com/")
    good = GOOD
    howto = "Point the Link: at https://lore.kernel.org/all/<message-id>/."

    only_with = frozenset({"link"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        links = [(entry, link) for entry, link in msg.links() if entry.value]
        if not links or not _needs_link(msg, ctx):
            return []
        if any(link.on_hosts(ctx.lore_hosts) for _, link in links):
            return []
        entry, link = links[0]
        hosts = ", ".join(ctx.lore_hosts)
        return [
            self.finding(
                entry.no,
                f"Link: points at {excerpt(link.host or link.value)!r}, not at an accepted archive ({hosts})",
                "link the posting on lore: https://lore.kernel.org/all/<message-id>/",
            )
        ]


def _value_edit(entry: Entry, start: int, end: int, new: str) -> list[Edit]:
    col = entry.value_col
    if col < 0:
        return []
    return [Edit(entry.line, col + start, col + end, new)]


class LinkMalformed(Rule):
    code = "L03"
    name = "link-malformed"
    summary = "A Link: to the archive is not a well-formed https URL naming a message-id."
    why = (
        "A link with angle brackets, http://, blanks or without a message-id cannot be "
        "opened or fetched by b4; reviewers have to guess. Only links on the archive hosts "
        "(`lore-hosts`) are judged: a bug tracker or a datasheet is linked as its site wants. "
        "A reference number or comment around the URL (`Link: URL [1]`, `Link: URL # [1]`, "
        "`Link: [1] URL`) is a convention, not an error."
    )
    bad = with_link("<https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/>")
    good = GOOD
    howto = "Write `Link: https://lore.kernel.org/all/<message-id>/` with the bare message-id."
    fixable = True

    only_with = frozenset({"link"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        for entry, link in msg.links():
            problems = link.problems
            if not problems or not entry.value or not link.on_hosts(ctx.lore_hosts):
                continue
            edits: list[Edit] = []
            if all(p.startswith(_FIXABLE_PROBLEMS) for p in problems):
                url = link.without_brackets()
                value = link.value
                edits = _value_edit(entry, link.span_start, link.span_end, url)
                hint = f"write 'Link: {excerpt(value[: link.span_start] + url + value[link.span_end :])}'"
            else:
                hint = "write 'Link: https://lore.kernel.org/all/<message-id>/'"
            found.append(self.finding(entry.no, f"Link: {'; '.join(problems)}", hint, edits))
        return found


#: The L03 problems the fix can mend without guessing.
_FIXABLE_PROBLEMS: Final = ("angle brackets", "square brackets", "http://", "no https://")


class LinkMsgidEncoded(Rule):
    code = "L04"
    name = "link-msgid-encoded"
    summary = "The message-id in the Link: percent-encodes a character lore writes as it is (%40 for @)."
    why = (
        "lore resolves it, but it is not the form lore prints and defeats comparison by message-id. "
        "Characters lore itself encodes in a link (`/` as `%2F`, `%` as `%25`) are part of the "
        "message-id as written and stay."
    )
    bad = with_link("https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc%40example.com/")
    good = GOOD
    howto = "Write the message-id as lore prints it: `@`, not `%40`."
    fixable = True
    default = WARNING

    only_with = frozenset({"link"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        for entry, link in msg.links():
            msgid = link.msgid
            if msgid is None or "%" not in msgid or not link.on_hosts(ctx.lore_hosts):
                continue
            escapes = dict(needless_escapes(msgid))
            if not escapes:
                continue
            printed = lore_form(msgid)
            what = ", ".join(f"{char!r} as {escape!r}" for escape, char in escapes.items())
            found.append(
                self.finding(
                    entry.no,
                    f"message-id {excerpt(msgid)!r} writes {excerpt(what)}",
                    f"write it as {excerpt(printed)!r}",
                    _value_edit(entry, link.msgid_start, link.msgid_end, printed),
                )
            )
        return found


class LinkNotMessage(Rule):
    code = "L05"
    name = "link-not-message"
    summary = "The Link: to the archive points at a thread view, raw or mbox instead of the message."
    why = (
        "The Link: names one message; `/T/`, `/raw` and the one-letter anchors `#u`, `#t`, `#r` "
        "are views that age badly. A longer anchor names something on the page, such as one "
        "message of a thread (`/T/#m<hash>`, how lore links a reply): that is a link to it and fine."
    )
    bad = with_link("https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/T/#u")
    good = GOOD
    howto = "Cut the URL after the message-id and its slash."
    fixable = True
    default = WARNING

    only_with = frozenset({"link"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        for entry, link in msg.links():
            if link.suffix_start < 0 or not link.on_hosts(ctx.lore_hosts):
                continue
            suffix = link.suffix
            found.append(
                self.finding(
                    entry.no,
                    f"Link: points at {excerpt(suffix)!r}, not at the message",
                    f"remove {excerpt(suffix)!r} after the message-id (keep one '/')",
                    _value_edit(entry, link.suffix_start, link.url_end, "/"),
                )
            )
        return found


class LinkDuplicate(Rule):
    code = "L06"
    name = "link-duplicate"
    summary = "Two Link: trailers name the same message-id."
    why = "The second link adds nothing; usually one was pasted twice in different forms."
    bad = GOOD.replace(
        f"Link: {LORE}\n",
        f"Link: {LORE}\nLink: https://lore.kernel.org/r/20241001-fastrpc-v1-1-abc@example.com\n",
    )
    good = GOOD
    howto = "Keep one Link: per message."
    default = WARNING

    only_with = frozenset({"link"})

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        seen: dict[str, Entry] = {}
        for entry, link in msg.links():
            msgid = link.decoded_msgid
            if not msgid:
                continue
            first = seen.get(msgid)
            if first is None:
                seen[msgid] = entry
            elif " ".join(first.value.split()) != " ".join(entry.value.split()):
                found.append(
                    self.finding(
                        entry.no,
                        f"Link: names message-id {excerpt(msgid)!r} again (first on line {first.no})",
                        f"remove line {entry.no}",
                    )
                )
        return found


register(
    LinkMissing,
    LinkNotLore,
    LinkMalformed,
    LinkMsgidEncoded,
    LinkNotMessage,
    LinkDuplicate,
)
