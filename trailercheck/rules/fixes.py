"""F: ``Fixes:`` trailers."""

from __future__ import annotations

import re

from ..findings import WARNING, Edit, Finding
from ..model.message import Message
from ..model.trailers import Entry
from .base import Context, Rule, register
from .examples import FIXED_SHA, FIXED_SUBJECT, with_trailers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

CANONICAL_RE = re.compile(r'[0-9a-f]{12,40} \("(.+)"\)')
_PARTS_RE = re.compile(r"(?:commit\s+)?(?P<sha>[0-9a-fA-F]+)\b\s*(?P<rest>.*)", re.IGNORECASE)
_TITLE_FORMS = (
    re.compile(r'\(\s*"(?P<t>.*)"\s*\)'),
    re.compile(r"\(\s*'(?P<t>.*)'\s*\)"),
    re.compile(r'"(?P<t>.*)"'),
    re.compile(r"\((?P<t>.*)\)"),
    re.compile(r"(?P<t>.+)"),
)
GOOD_FIXES = f'Fixes: {FIXED_SHA[:12]} ("{FIXED_SUBJECT}")'


def fixes_entries(msg: Message) -> list[Entry]:
    return msg.find("Fixes")


def parse_fixes(value: str) -> tuple[str | None, str | None, list[str]]:
    """``(sha, title, problems)`` of a Fixes: value."""
    m = _PARTS_RE.fullmatch(value.strip())
    if m is None:
        return None, None, ["no commit id"]
    sha, rest = m.group("sha"), m.group("rest").strip()
    problems: list[str] = []
    if value.lower().startswith("commit"):
        problems.append("the word 'commit' before the id")
    if sha != sha.lower():
        problems.append("uppercase commit id")
    if len(sha) < 12:
        problems.append(f"commit id abbreviated to {len(sha)} digits (12 or more)")
    title = None
    for form in _TITLE_FORMS:
        t = form.fullmatch(rest)
        if t:
            title = t.group("t").strip()
            break
    if not title:
        problems.append('no ("title")')
    elif not rest.startswith('("') or not rest.endswith('")') or rest != f'("{title}")':
        problems.append('title not written ("title")')
    if CANONICAL_RE.fullmatch(value) and not problems:
        return sha, title, []
    if not problems:
        problems.append('not <sha> ("title")')
    return sha, title, problems


@register
class FixesMalformed(Rule):
    code = "F01"
    name = "fixes-malformed"
    summary = 'A `Fixes:` trailer that is not `<12+ lowercase hex> ("<subject>")` on one line.'
    why = (
        "Stable maintainers and scripts resolve Fixes: mechanically: a short, uppercase or "
        "unquoted reference, or one wrapped over two lines, is not found."
    )
    bad = with_trailers(before_sob=f"Fixes: {FIXED_SHA[:12].upper()} ({FIXED_SUBJECT})\n")
    good = with_trailers(before_sob=GOOD_FIXES + "\n")
    howto = 'Write `Fixes: <first 12+ digits of the sha> ("<its subject>")` (git log -1 --format="%h (\\"%s\\")").'
    fixable = True

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        for entry in fixes_entries(msg):
            if not entry.value:
                continue  # T05
            sha, title, problems = parse_fixes(entry.value)
            if len(entry.lines) > 1:
                problems.append("split over several lines")
            if not problems:
                continue
            edits: list[Edit] = []
            hint = 'write Fixes: <sha> ("<subject>")'
            if sha and title and len(sha) >= 12:
                fixed = f'{sha.lower()} ("{title}")'
                hint = f"write 'Fixes: {fixed}'"
                first = entry.lines[0]
                col = entry.sep + 1
                while col < len(first.text) and first.text[col] in " \t":
                    col += 1
                edits = [Edit(first, col, len(first.content), fixed)] + [Edit.delete(ln) for ln in entry.lines[1:]]
            yield self.finding(entry.no, f"Fixes: {', '.join(problems)}", hint, edits)


@register
class FixesUnknownCommit(Rule):
    code = "F02"
    name = "fixes-unknown-commit"
    summary = "The `Fixes:` id does not name a commit in the repository."
    why = (
        "A Fixes: tag that points nowhere cannot be followed by stable maintainers or by "
        "the backport tooling; usually the id was copied from another tree or mistyped."
    )
    bad = with_trailers(before_sob=f'Fixes: 0123456789ab ("{FIXED_SUBJECT}")\n')
    good = with_trailers(before_sob=GOOD_FIXES + "\n")
    howto = "Use the id of the commit as it is in the tree being fixed (fetch mainline if needed)."
    needs = "repo"
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        lookup = ctx.lookup
        if lookup is None:
            return
        for entry in fixes_entries(msg):
            sha, _, _ = parse_fixes(entry.value)
            if sha is None or len(sha) < 4:
                continue
            if lookup.resolve(sha.lower()) is None:
                yield self.finding(
                    entry.no,
                    f"Fixes: {sha} does not name a commit in this repository",
                    "check the id (git log --oneline -1 <id>)",
                )


@register
class FixesTitleMismatch(Rule):
    code = "F03"
    name = "fixes-title-mismatch"
    summary = "The title quoted in `Fixes:` differs from the subject of that commit."
    why = "The quoted title is how people check the id by eye; a wrong one hides a wrong id."
    bad = with_trailers(before_sob=f'Fixes: {FIXED_SHA[:12]} ("misc: fastrpc: Add maps")\n')
    good = with_trailers(before_sob=GOOD_FIXES + "\n")
    howto = "Quote the subject exactly: git log -1 --format='%h (\"%s\")' <id>."
    fixable = True
    needs = "repo"
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        lookup = ctx.lookup
        if lookup is None:
            return
        for entry in fixes_entries(msg):
            sha, title, _ = parse_fixes(entry.value)
            if sha is None or title is None or len(sha) < 4:
                continue
            found = lookup.resolve(sha.lower())
            if found is None or found[1] == title:
                continue
            real = found[1]
            edits: list[Edit] = []
            line = entry.lines[0]
            start = line.text.find(title, entry.sep + 1)
            if len(entry.lines) == 1 and start >= 0:
                edits = [Edit(line, start, start + len(title), real)]
            yield self.finding(
                entry.no,
                f"Fixes: {sha} is titled {real!r}, not {title!r}",
                f"write 'Fixes: {sha} (\"{real}\")'",
                edits,
            )
