"""F: ``Fixes:`` trailers."""

from __future__ import annotations

import re

from ..findings import WARNING, Edit, Finding
from ..model.cache import remembered
from ..model.gitblock import find_separator
from ..model.message import Message
from ..model.patterns import LazyPattern
from ..model.text import GIT_SPACE, Line, excerpt
from ..model.trailers import Entry
from .base import REPO, Context, Rule, register
from .examples import FIXED_SHA, FIXED_SUBJECT, with_trailers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: 12 digits or more, up to a full SHA-1 (40) or SHA-256 (64) id.
CANONICAL_RE: Final = LazyPattern(r'[0-9a-f]{12,64} \("(.+)"\)')
_PARTS_RE: Final = LazyPattern(r"(?:commit\s+)?(?P<sha>[0-9a-fA-F]+)\b\s*(?P<rest>.*)", re.IGNORECASE)
_OPEN_QUOTES: Final = "\"'\u201c"
_CLOSE_QUOTES: Final = "\"'\u201d"
GOOD_FIXES: Final = f'Fixes: {FIXED_SHA[:12]} ("{FIXED_SUBJECT}")'


def fixes_entries(msg: Message) -> list[Entry]:
    return msg.find("Fixes")


class FixesValue:
    """A ``Fixes:`` trailer with the lines it really spans: git's own continuation lines
    and, when its title was wrapped without indenting, the lines that close it."""

    __slots__ = ("cut", "entry", "lines", "value")

    def __init__(self, entry: Entry, lines: list[Line], value: str, cut: bool = False) -> None:
        self.entry = entry
        self.lines = lines
        self.value = value
        #: The title is open and text follows that does not close it: where it ends is not known.
        self.cut = cut

    @property
    def no(self) -> int:
        return self.lines[0].no


def fixes_values(msg: Message) -> list[FixesValue]:
    """Every ``Fixes:`` trailer, its title's unindented continuation lines joined in."""
    return msg.memo("fixes_values", _fixes_values, None)


#: Lines a wrapped title takes at most after the Fixes: line.
_MAX_WRAP: Final = 2


def _fixes_values(msg: Message, _: None) -> list[FixesValue]:
    out = []
    for entry in fixes_entries(msg):
        lines = list(entry.lines)
        value = entry.value
        cut = False
        if _unclosed(value):
            last = entry.lines[-1]
            at = next((i for i, line in enumerate(msg.lines) if line is last), len(msg.lines)) + 1
            for line in msg.lines[at : at + _MAX_WRAP]:
                text = line.content.strip()
                if not text or _is_known_trailer(text, msg) or not _continues(value, text):
                    break
                lines.append(line)
                value = f"{value} {text}"
                if not _unclosed(value):
                    break
            if _unclosed(value):  # not closed after all: not a wrapped title
                cut = len(lines) > len(entry.lines)
                lines, value = list(entry.lines), entry.value
        out.append(FixesValue(entry, lines, value, cut))
    return out


def _unclosed(value: str) -> bool:
    """A title that was opened and not closed (``<sha> ("start of the``), or an id alone."""
    m = _PARTS_RE.fullmatch(value.strip())
    if m is None:
        return False
    rest = m.group("rest").rstrip(".")
    if not rest:
        return True
    return rest.startswith(("(", *_OPEN_QUOTES)) and not rest.endswith((")", *_CLOSE_QUOTES))


def _continues(value: str, text: str) -> bool:
    """Whether ``text`` can be the next part of ``value``'s title."""
    if "picked from" in text.lower():
        return False  # a cherry-pick line
    m = _PARTS_RE.fullmatch(value.strip())
    if m is not None and not m.group("rest"):  # the id alone: the quoted title must come next
        return text.startswith(('("', '"', "(\u201c", "\u201c"))
    return True


def _is_known_trailer(text: str, msg: Message) -> bool:
    sep = find_separator(text)
    return sep >= 1 and text[:sep].strip(GIT_SPACE) in msg.keys


def fixes_revs(msg: Message) -> list[str]:
    """The commit ids the ``Fixes:`` trailers name (what the repository is asked about)."""
    revs = []
    for entry in fixes_entries(msg):
        sha, _, _ = parse_fixes(entry.value)
        if sha is not None and len(sha) >= 4:
            revs.append(sha.lower())
    return revs


#: Values read lately: each is read by the prefetch and by F01-F03.
_PARSED: Final[dict[str, tuple[str | None, str | None, tuple[str, ...]]]] = {}
_PARSED_MAX: Final = 512


def parse_fixes(value: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """``(sha, title, problems)`` of a Fixes: value (shared between callers, so a tuple)."""
    return remembered(_PARSED, _PARSED_MAX, value, _parse_fixes)


def _parse_fixes(value: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    m = _PARTS_RE.fullmatch(value.strip())
    if m is None:
        return None, None, ("no commit id",)
    sha, rest = m.group("sha"), m.group("rest").strip()
    problems: list[str] = []
    if value.lower().startswith("commit"):
        problems.append("the word 'commit' before the id")
    if sha != sha.lower():
        problems.append("uppercase commit id")
    if len(sha) < 12:
        problems.append(f"commit id abbreviated to {len(sha)} digits (12 or more)")
    title = _title_of(rest) or None
    if not title:
        problems.append('no ("title")')
    elif not rest.startswith('("') or not rest.endswith('")') or rest != f'("{title}")':
        problems.append('title not written ("title")')
    if CANONICAL_RE.fullmatch(value) and not problems:
        return sha, title, ()
    if not problems:
        problems.append('not <sha> ("title")')
    return sha, title, tuple(problems)


def _title_of(rest: str) -> str:
    """The title after the id without the parentheses and quotes around it, also when
    one of them is missing or doubled (``("title"``, ``"title")``, ``'title'``, ``("title").``)."""
    t = rest.strip()
    if t.startswith("("):
        t = t[1:].lstrip()
    if t.endswith(").") and t.count(")") > t.count("("):
        t = t[:-1]
    if t.endswith(")") and t.count(")") > t.count("("):
        t = t[:-1].rstrip()
    if t and t[0] in _OPEN_QUOTES:
        t = t[1:]
    if t and t[-1] in _CLOSE_QUOTES and (t[-1] not in "\"'" or t.count(t[-1]) % 2):
        t = t[:-1]
    return t.strip()


class FixesRule(Rule):
    """The rules about ``Fixes:`` trailers: they run only when there is one, and ask the
    repository about the ids it names (all ids of a batch of commits at once)."""

    only_with = frozenset({"fixes"})

    def wants(self, msg: Message) -> list[str]:
        return fixes_revs(msg)


class FixesMalformed(FixesRule):
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

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        for item in fixes_values(msg):
            entry = item.entry
            if not entry.value:
                continue  # T05
            sha, title, problems = parse_fixes(item.value)
            if len(item.lines) > 1:
                problems = (*problems, "split over several lines")
            if not problems:
                continue
            found = ctx.lookup.resolve(sha.lower()) if sha and len(sha) >= 4 and ctx.lookup is not None else None
            if found is not None:
                # The fix quotes the commit's own subject: F03 leaves a malformed line to this rule.
                sha = sha if sha and len(sha) >= 12 else found[0][:12]
                if title and title != found[1]:
                    problems = (*problems, f"the commit is titled {excerpt(found[1])!r}")
                title = found[1]
            elif item.cut:
                title = None  # the title goes on in text that does not close it: where it ends is not known
            edits: list[Edit] = []
            hint = 'write Fixes: <sha> ("<subject>")'
            fixed = f'{sha.lower()} ("{title}")' if sha and title and len(sha) >= 12 else ""
            if fixed and parse_fixes(fixed)[1:] == (title, ()):
                hint = f"write 'Fixes: {excerpt(fixed.split(' ', 1)[0])} (\"{excerpt(title or '')}\")'"
                first = item.lines[0]
                col = entry.sep + 1
                while col < len(first.text) and first.text[col] in " \t":
                    col += 1
                edits = [Edit(first, col, len(first.content), fixed)] + [Edit.delete(ln) for ln in item.lines[1:]]
            findings.append(self.finding(item.no, f"Fixes: {', '.join(problems)}", hint, edits))
        return findings


class FixesUnknownCommit(FixesRule):
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
    needs = frozenset({REPO})
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        lookup = ctx.lookup
        assert lookup is not None  # needs REPO
        findings: list[Finding] = []
        for item in fixes_values(msg):
            sha, _, _ = parse_fixes(item.value)
            if sha is None or len(sha) < 4:
                continue
            if lookup.resolve(sha.lower()) is None:
                findings.append(
                    self.finding(
                        item.no,
                        f"Fixes: {excerpt(sha)} does not name a commit in this repository",
                        "check the id (git log --oneline -1 <id>)",
                    )
                )
        return findings


class FixesTitleMismatch(FixesRule):
    code = "F03"
    name = "fixes-title-mismatch"
    summary = "The title quoted in `Fixes:` differs from the subject of that commit."
    why = (
        "The quoted title is how people check the id by eye; a wrong one hides a wrong id. "
        "On a malformed Fixes: line F01 reports it, with a fix that quotes the real subject."
    )
    bad = with_trailers(before_sob=f'Fixes: {FIXED_SHA[:12]} ("misc: fastrpc: Add maps")\n')
    good = with_trailers(before_sob=GOOD_FIXES + "\n")
    howto = "Quote the subject exactly: git log -1 --format='%h (\"%s\")' <id>."
    fixable = True
    needs = frozenset({REPO})
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        lookup = ctx.lookup
        assert lookup is not None  # needs REPO
        findings: list[Finding] = []
        for item in fixes_values(msg):
            entry = item.entry
            sha, title, problems = parse_fixes(item.value)
            if sha is None or title is None or len(sha) < 4:
                continue
            if problems or len(item.lines) > 1:
                continue  # malformed: F01's, whose fix quotes the real subject
            found = lookup.resolve(sha.lower())
            if found is None or found[1] == title:
                continue
            real = found[1]
            edits: list[Edit] = []
            line = entry.lines[0]
            after = line.text.find(sha, entry.sep + 1)
            start = line.text.find(title, after + len(sha)) if after >= 0 else -1
            if len(entry.lines) == 1 and start >= 0:
                edits = [Edit(line, start, start + len(title), real)]
            findings.append(
                self.finding(
                    entry.no,
                    f"Fixes: {excerpt(sha)} is titled {excerpt(real)!r}, not {excerpt(title)!r}",
                    f"write 'Fixes: {excerpt(sha.lower())} (\"{excerpt(real)}\")'",
                    edits,
                )
            )
        return findings


register(
    FixesMalformed,
    FixesUnknownCommit,
    FixesTitleMismatch,
)
