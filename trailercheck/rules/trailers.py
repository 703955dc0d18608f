"""T: the trailer block as git sees it."""

from __future__ import annotations

import itertools

from ..findings import OFF, WARNING, Edit, Finding
from ..model.message import Message
from ..model.text import GIT_SPACE, is_blank
from ..model.trailers import CHERRY_PICK, NOTE, TRAILER, Block, Entry
from .base import Context, Rule, register
from .examples import BODY, GOOD, SOB, with_link, with_trailers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Final


def _label(entry: Entry) -> str:
    if entry.kind == TRAILER:
        return f"{entry.key}:"
    if entry.kind == CHERRY_PICK:
        return "(cherry picked from commit ...)"
    if entry.kind == NOTE:
        return "[note]"
    return repr(entry.line.content[:30])


def _span(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    if numbers[-1] - numbers[0] != len(numbers) - 1:
        # Not contiguous: comment lines (kept by the fix) sit between them.
        return "lines " + ", ".join(str(n) for n in numbers)
    return f"lines {numbers[0]}-{numbers[-1]}"


class TrailerBlockBlankLine(Rule):
    code = "T01"
    name = "trailer-block-blank-line"
    summary = "A blank line splits the trailer block; git ignores everything above it."
    why = (
        "git, b4 and every tool after them read only the last paragraph as trailers. A "
        "blank line between `Link:` and `Signed-off-by:` hides the Link (and anything "
        "else above it) from all of them."
    )
    bad = GOOD.replace("\nSigned-off-by:", "\n\nSigned-off-by:")
    good = GOOD
    howto = "Remove the blank line(s) so that all trailers form one paragraph."
    fixable = True
    profiles = {"android": WARNING}

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        blocks = msg.split_blocks
        final = msg.final
        if not blocks or final is None:
            return
        chain: list[Block] = [*blocks, final]
        for upper, lower in itertools.pairwise(chain):
            gap = [ln for ln in msg.lines[upper.end : lower.start] if is_blank(ln.text)]
            if not gap:
                continue
            left = upper.entries[-1]
            right = lower.entries[0]
            numbers = [ln.no for ln in gap]
            yield self.finding(
                numbers[0],
                f"blank line between {_label(left)} (line {left.lines[-1].no}) and {_label(right)} (line {right.no})",
                f"remove {_span(numbers)}",
                [Edit.delete(ln) for ln in gap],
            )


class TrailerKeyCase(Rule):
    code = "T02"
    name = "trailer-key-case"
    summary = "A known trailer key in non-canonical case (`Signed-Off-By`, `CC`)."
    why = (
        "git matches keys case-insensitively, but scripts, b4 and reviewers grep for the "
        "canonical spelling, and mixed spellings make duplicate detection unreliable."
    )
    bad = GOOD.replace("Signed-off-by:", "Signed-Off-By:")
    good = GOOD
    howto = "Write the key in its canonical spelling."
    fixable = True
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        for entry in msg.irregular_trailers():
            canonical = ctx.keys.lookup(entry.key)
            if canonical is not None and canonical != entry.key:
                yield self.finding(
                    entry.no,
                    f"{entry.key}: should be written {canonical}:",
                    f"write '{canonical}:'",
                    [Edit(entry.line, 0, len(entry.key), canonical)],
                )


class TrailerSeparator(Rule):
    code = "T03"
    name = "trailer-separator"
    summary = "Whitespace before the colon, no space after it, or several spaces/a tab."
    why = "`Key: value` with one space is the form every tool writes and most tools parse."
    bad = GOOD.replace("Link: ", "Link:")
    good = GOOD
    howto = "Write `Key: value`: no blank before the colon, one space after it."
    fixable = True
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        for entry in msg.irregular_trailers():
            text = entry.line.text
            sep = entry.sep
            if sep == len(entry.key) and text[sep + 1 : sep + 2] == " " and text[sep + 2 : sep + 3] not in " \t":
                continue  # "Key: value"
            before = text[len(entry.key) : sep]
            col = sep + 1
            while col < len(text) and text[col] in " \t":
                col += 1
            after = text[sep + 1 : col]
            if not entry.value:
                continue
            # "Key:" alone, the value on the continuation lines: nothing belongs after the colon.
            folded = not text[col:].strip(GIT_SPACE)
            problems = []
            if before:
                problems.append("whitespace before ':'")
            if folded:
                pass
            elif after == "":
                problems.append("no space after ':'")
            elif after != " ":
                problems.append("tab after ':'" if "\t" in after else "several spaces after ':'")
            if problems:
                end, new = (sep + 1, ":") if folded else (col, ": ")
                yield self.finding(
                    entry.no,
                    f"{entry.key}: {', '.join(problems)}",
                    f"write '{entry.key}: {entry.value[:40]}'",
                    [Edit(entry.line, len(entry.key), end, new)],
                )


class TrailerKeyTypo(Rule):
    code = "T04"
    name = "trailer-key-typo"
    summary = "An unknown key that is a misspelling of a known one (`Signed-of-by`, `Reviwed-by`)."
    why = "A misspelt key is just an unknown trailer to every tool: the sign-off or review is lost."
    bad = GOOD.replace("Signed-off-by:", "Signed-of-by:")
    good = GOOD
    howto = "Correct the spelling of the key."
    fixable = True

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        for entry in msg.irregular_trailers():
            if entry.key in ctx.keys:
                continue
            near = ctx.keys.near_miss(entry.key)
            if near is not None:
                yield self.finding(
                    entry.no,
                    f"unknown key {entry.key}: looks like {near}:",
                    f"write '{near}:'",
                    [Edit(entry.line, 0, len(entry.key), near)],
                )


class TrailerEmptyValue(Rule):
    code = "T05"
    name = "trailer-empty-value"
    summary = "A trailer with no value."
    why = "An empty `Signed-off-by:` or `Link:` certifies or points at nothing."
    bad = with_link("").replace("Link: \n", "Link:\n")
    good = GOOD
    howto = "Fill in the value or remove the line."

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        for entry in msg.irregular_trailers():
            if not entry.value:
                yield self.finding(entry.no, f"{entry.key}: has no value", f"fill in or remove line {entry.no}")


def _fold(entry: Entry) -> tuple[str, str]:
    value = entry.value.lower()
    if "  " in value or "\t" in value or "\r" in value:
        value = " ".join(value.split())
    return entry.low, value


class TrailerDuplicate(Rule):
    code = "T06"
    name = "trailer-duplicate"
    summary = "The same trailer line appears twice."
    why = "A repeated line is noise at best and at worst hides which line was meant to change."
    bad = with_trailers(after_sob=f"\n{SOB}")
    good = GOOD
    howto = "Remove the repeated line."
    fixable = True
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        for entries in msg.keys_present().values():
            if len(entries) < 2:  # a line can only repeat one with the same key
                continue
            yield from self._repeats(entries)

    def _repeats(self, entries: list[Entry]) -> Iterator[Finding]:
        seen: dict[tuple[str, str], Entry] = {}
        for entry in entries:
            first = seen.setdefault(_fold(entry), entry)
            if first is not entry and entry.value:
                yield self.finding(
                    entry.no,
                    f"{entry.key}: repeats line {first.no}",
                    f"remove {_span([ln.no for ln in entry.lines])}",
                    [Edit.delete(ln) for ln in entry.lines],
                )


class TrailerKeyUnknown(Rule):
    code = "T07"
    name = "trailer-key-unknown"
    summary = "A trailer key that is not known (off by default; extend with `known-trailers`)."
    why = "Trees that want a closed vocabulary of trailers catch made-up keys with this rule."
    bad = with_trailers(before_sob="Tracked-On: 1234\n")
    good = GOOD
    howto = "Use a known key, or add yours to `known-trailers`."
    default = WARNING
    profiles = {"qcom": OFF, "android": OFF, "chromeos": OFF, "upstream": OFF}

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        for entry in msg.irregular_trailers():
            if entry.key not in ctx.keys and ctx.keys.near_miss(entry.key) is None:
                yield self.finding(entry.no, f"unknown trailer key {entry.key}:", "use a known key or configure it")


def _body_candidates(msg: Message, fields: tuple[str, ...]) -> list[Entry]:
    """Trailers in the body, where git does not read them.

    Where the ecosystem writes ``NAME=value`` fields (ChromeOS), the upstream
    trailers stand in the paragraphs above the fields paragraph: that is
    their place, not a mistake.
    """
    loose = [e for e in msg.loose() if e.is_trailer and e.low in _STRONG_KEYS and e.value]
    if not loose or not fields:
        return loose
    last_fields = -1
    for a, _ in msg.paragraphs(msg.title_end, msg.trailer_start):
        if msg.lines[a].text.startswith(fields):
            last_fields = msg.lines[a].no
    return [e for e in loose if e.no > last_fields]


#: Keys that only ever appear as trailers; seen in the body they are misplaced.
_STRONG_KEYS: Final = frozenset(
    k.lower()
    for k in (
        "Signed-off-by",
        "Co-developed-by",
        "Acked-by",
        "Reviewed-by",
        "Tested-by",
        "Reported-by",
        "Suggested-by",
        "Link",
        "Closes",
        "Fixes",
        "Cc",
        "Change-Id",
        "CRs-Fixed",
        "Message-Id",
        "Git-commit",
    )
)


class TrailerOutsideBlock(Rule):
    code = "T08"
    name = "trailer-outside-block"
    summary = "A trailer where git does not read it: in the body, or in a last paragraph git takes for text."
    why = (
        "git reads trailers only from the last paragraph, and only when it is mostly trailers: a "
        "Signed-off-by: in the middle of the body, or under a long note in the last paragraph, is text to "
        "git, b4 and every tool after them."
    )
    bad = GOOD.replace(BODY, f"{BODY}\nTested-by: Bob Example <bob@example.com>")
    good = GOOD
    howto = (
        "Move the line into the trailer block at the end of the message; in a last paragraph that git does "
        "not read as trailers, put the text above a blank line and leave the trailers on their own."
    )
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> Iterator[Finding]:
        unseen = msg.unseen
        if unseen is not None:
            yield self._unseen(msg, unseen, ctx)
        for entry in _body_candidates(msg, ctx.profile.fields):
            yield self.finding(
                entry.no,
                f"{entry.key}: is in the body, where git does not read it as a trailer",
                "move it into the trailer block at the end",
            )

    def _unseen(self, msg: Message, block: Block, ctx: Context) -> Finding:
        trailers = [e for e in block.entries if e.is_trailer]
        known = [e for e in trailers if e.key in ctx.keys]
        text = sum(1 for e in block.entries if not e.is_trailer) + sum(len(e.lines) - 1 for e in trailers)
        keys = ", ".join(dict.fromkeys(f"{e.key}:" for e in known))
        first, last = msg.lines[block.start].no, msg.lines[block.end - 1].no
        return self.finding(
            known[0].no,
            f"git reads no trailer block: the last paragraph (lines {first}-{last}) has {text} line(s) "
            f"that are no trailers, so {keys} there are text to git",
            "put the text above a blank line and leave the trailers in a paragraph of their own",
        )


register(
    TrailerBlockBlankLine,
    TrailerKeyCase,
    TrailerSeparator,
    TrailerKeyTypo,
    TrailerEmptyValue,
    TrailerDuplicate,
    TrailerKeyUnknown,
    TrailerOutsideBlock,
)
