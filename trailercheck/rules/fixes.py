"""F: ``Fixes:`` trailers."""

from __future__ import annotations

import re

from ..findings import Edit, Finding
from ..model.message import Message
from ..model.trailers import Entry
from .base import Context, Rule, register
from .examples import with_trailers

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
GOOD_FIXES = 'Fixes: 0123456789ab ("misc: fastrpc: Add map support")'


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
    bad = with_trailers(before_sob="Fixes: 0123456789AB (misc: fastrpc: Add map support)\n")
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
