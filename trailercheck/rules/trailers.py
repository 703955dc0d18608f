"""T: the trailer block as git sees it."""

from __future__ import annotations

import itertools

from ..findings import OFF, WARNING, Edit, Finding
from ..model.gitblock import accepted_paragraph, find_separator
from ..model.keys import CHANGELOG, PATMAN, KeySet, leftover_key, leftover_text, value_fits
from ..model.message import Message
from ..model.text import GIT_SPACE, Line, excerpt, is_blank
from ..model.trailers import CHERRY_PICK, COMMENT, NOTE, TRAILER, Block, Entry, provenance_paragraph
from .base import IRREGULAR_TRAILERS, SPLIT_BLOCKS, TRAILERS_OUTSIDE, Context, Rule, register
from .examples import BODY, GOOD, SOB, with_link, with_trailers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final


def _label(entry: Entry) -> str:
    if entry.kind == TRAILER:
        return f"{excerpt(entry.key)}:"
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


def _goes_away(block: Block, msg: Message, ctx: Context) -> bool:
    """Whether a last paragraph is only lines another rule that runs says to remove: leftovers
    (T09), or Change-Ids in a tree that takes none (M01)."""
    for e in block.entries:
        if "T09" in ctx.active and _leftover(e.line.text, msg.comment):
            continue
        if "M01" in ctx.active and e.is_trailer and e.low == "change-id":
            continue
        return False
    return True


def _first_rebase_note(chain: list[Block]) -> int:
    """Index of the first paragraph a rebase opens (a ``[note]`` or a ``Conflicts:`` list), else the last."""
    for i, block in enumerate(chain):
        if i and block.entries[0].line.text.startswith(("[", "Conflicts:")):
            return i - 1
    return len(chain) - 1


class TrailerBlockBlankLine(Rule):
    code = "T01"
    name = "trailer-block-blank-line"
    summary = "A blank line splits the trailer block; git ignores everything above it."
    why = (
        "git, b4 and every tool after them read only the last paragraph as trailers. A "
        "blank line between `Link:` and `Signed-off-by:` hides the Link (and anything "
        "else above it) from all of them. A paragraph above the last one is part of the "
        "block when git would read it as a trailer block on its own (all trailers, or a "
        "quarter with a sign-off or cherry-pick line) and it holds a known key or a "
        "cherry-pick line; a paragraph that is only a `[name: note]` is text. Under the "
        "chromeos profile the paragraphs a rebase adds (its `[rebaseNN(who): ...]` note, a "
        "`Conflicts:` list, the new Change-Id) are one block with the trailers above them."
    )
    bad = GOOD.replace("\nSigned-off-by:", "\n\nSigned-off-by:")
    good = GOOD
    howto = "Remove the blank line(s) so that all trailers form one paragraph."
    fixable = True
    profiles = {"android": WARNING}

    only_when = SPLIT_BLOCKS

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        blocks = msg.split_blocks
        final = msg.final
        if not blocks or final is None:
            return []
        chain: list[Block] = [*blocks, final]
        if ctx.profile.rebase_notes:
            chain = chain[: _first_rebase_note(chain) + 1]
        findings: list[Finding] = []
        for upper, lower in itertools.pairwise(chain):
            gap = [ln for ln in msg.lines[upper.end : lower.start] if is_blank(ln.text)]
            if not gap:
                continue
            if lower is final and _goes_away(lower, msg, ctx):
                continue  # removing the last paragraph is the fix (T09, M01), not joining it
            left = upper.entries[-1]
            right = lower.entries[0]
            numbers = [ln.no for ln in gap]
            what = f"blank line between {_label(left)} (line {left.lines[-1].no}) and {_label(right)} (line {right.no})"
            if right.line.text[:1] in GIT_SPACE:
                # Joined, the indented line would continue the trailer above it: no certain fix.
                findings.append(
                    self.finding(numbers[0], what, f"move or remove line {right.no}, then remove {_span(numbers)}", [])
                )
                continue
            findings.append(self.finding(numbers[0], what, f"remove {_span(numbers)}", [Edit.delete(ln) for ln in gap]))
        return findings


#: Keys that are mail header names, whose case mail tools and RFCs write freely.
_MAIL_HEADERS: Final = frozenset({"cc", "message-id"})


class TrailerKeyCase(Rule):
    code = "T02"
    name = "trailer-key-case"
    summary = "A known trailer key in non-canonical case (`Signed-Off-By`, `fixes`)."
    why = (
        "git matches keys case-insensitively, but scripts and reviewers grep for the "
        "canonical spelling (checkpatch asks for it on the `-by:` tags and on `Fixes:`), and "
        "mixed spellings make duplicate detection unreliable. Keys that are mail header names "
        "(`Cc:`, `Message-Id:`) are written in any case by mail tools and the RFCs alike "
        "(`CC:`, `Message-ID:`): their case is not judged."
    )
    bad = GOOD.replace("Signed-off-by:", "Signed-Off-By:")
    good = GOOD
    howto = "Write the key in its canonical spelling."
    fixable = True
    default = WARNING

    only_when = IRREGULAR_TRAILERS

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        for entry in msg.irregular_trailers():
            canonical = ctx.keys.lookup(entry.key)
            if canonical is not None and canonical != entry.key and entry.low not in _MAIL_HEADERS:
                findings.append(
                    self.finding(
                        entry.no,
                        f"{excerpt(entry.key)}: should be written {canonical}:",
                        f"write '{canonical}:'",
                        [Edit(entry.line, 0, len(entry.key), canonical)],
                    )
                )
        return findings


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

    only_when = IRREGULAR_TRAILERS

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        for entry in msg.irregular_trailers():
            text = entry.line.text
            sep = entry.sep
            if entry.low not in ctx.keys.canonical and leftover_key(entry.key) is not None:
                continue  # T09: the line goes, not its spacing
            if sep == len(entry.key) and text[sep + 1 : sep + 2] == " " and text[sep + 2 : sep + 3] not in " \t":
                continue  # "Key: value"
            before = text[len(entry.key) : sep]
            col = sep + 1
            while col < len(text) and text[col] in " \t":
                col += 1
            after = text[sep + 1 : col]
            if not entry.value:
                continue
            problems = []
            if before:
                problems.append("whitespace before ':'")
            doubled = text[col : col + 1] == ":"  # "Cc:: name"
            if doubled:
                while col < len(text) and text[col] in ": \t":
                    col += 1
                problems.append("doubled ':'")
                after = " "
            # "Key:" alone, the value on the continuation lines: nothing belongs after the colon.
            folded = not text[col:].strip(GIT_SPACE)
            if folded:
                pass
            elif after == "":
                problems.append("no space after ':'")
            elif after != " ":
                problems.append("tab after ':'" if "\t" in after else "several spaces after ':'")
            if problems:
                end, new = (col if doubled else sep + 1, ":") if folded else (col, ": ")
                findings.append(
                    self.finding(
                        entry.no,
                        f"{excerpt(entry.key)}: {', '.join(problems)}",
                        f"write '{excerpt(entry.key + new + text[end:])}'",
                        [Edit(entry.line, len(entry.key), end, new)],
                    )
                )
        return findings


def _misspelt(entry: Entry, keys: KeySet) -> tuple[str, bool] | None:
    """``(known key, certain)`` when an unknown key is a misspelling of a known one.

    The value must fit the key meant: ``Line: 42`` is no ``Link:``.
    """
    if entry.low in keys.canonical:
        return None
    near = keys.near_miss(entry.key)
    if near is not None and value_fits(near, entry.value):
        return near, True
    far = keys.far_miss(entry.key)
    if far is not None and value_fits(far, entry.value):
        return far, False
    return None


class TrailerKeyTypo(Rule):
    code = "T04"
    name = "trailer-key-typo"
    summary = "An unknown key that is a misspelling of a known one (`Signed-of-by`, `Reviwed-by`)."
    why = (
        "A misspelt key is just an unknown trailer to every tool: the sign-off or review is lost. "
        "How far a key may be from a known one grows with its length: keys of up to 3 characters "
        "are never taken for a misspelling, keys of 4-5 characters at one edit (two when the value "
        "shows the key: a URL after `List:`), longer keys at two edits. A key of 11 characters or "
        "more with three characters dropped or doubled (`Codevelop-by`, `Reviewed-by-by`) is "
        "reported but left for you to correct. A key is never taken for one that means something "
        "else: `Tested-on:` and `Reviewed-on:` are keys of their own, and changelog or tool lines "
        "(`fixup:`, `V2:`) are T09."
    )
    bad = with_trailers(before_sob="Reviwed-by: Bob Example <bob@example.com>\n")
    good = with_trailers(before_sob="Reviewed-by: Bob Example <bob@example.com>\n")
    howto = "Correct the spelling of the key."
    fixable = True

    only_when = IRREGULAR_TRAILERS

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        for entry in msg.irregular_trailers():
            found = _misspelt(entry, ctx.keys)
            if found is None:
                continue
            near, certain = found
            if certain:
                findings.append(
                    self.finding(
                        entry.no,
                        f"unknown key {excerpt(entry.key)}: looks like {near}:",
                        f"write '{near}:'",
                        [Edit(entry.line, 0, len(entry.key), near)],
                    )
                )
            else:
                findings.append(
                    self.finding(
                        entry.no,
                        f"unknown key {excerpt(entry.key)}: looks like {near}:",
                        f"write '{near}:' if that is the key meant (too far off to be corrected for you)",
                    )
                )
        return findings


class TrailerEmptyValue(Rule):
    code = "T05"
    name = "trailer-empty-value"
    summary = "A trailer with no value."
    why = "An empty `Signed-off-by:` or `Link:` certifies or points at nothing."
    bad = with_link("").replace("Link: \n", "Link:\n")
    good = GOOD
    howto = "Fill in the value or remove the line."

    only_when = IRREGULAR_TRAILERS

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        # Only known keys: an unknown "OpenRISC:" or "Log:" alone on its line is a heading, not a trailer.
        canonical = ctx.keys.canonical
        findings: list[Finding] = []
        for entry in msg.irregular_trailers():
            if not entry.value and entry.low in canonical:
                below = _wrapped_value(msg, entry)
                if below is not None:
                    findings.append(
                        self.finding(
                            entry.no,
                            f"{excerpt(entry.key)}: has its value on the next line ({below.no})",
                            f"join line {below.no} to line {entry.no}",
                        )
                    )
                    continue
                findings.append(
                    self.finding(entry.no, f"{excerpt(entry.key)}: has no value", f"fill in or remove line {entry.no}")
                )
        return findings


def _wrapped_value(msg: Message, entry: Entry) -> Line | None:
    """The line right below an empty trailer that carries its value (a URL, a name), if there is one."""
    last = entry.lines[-1]
    i = msg.lines.index(last) + 1
    if i >= len(msg.lines):
        return None
    below = msg.lines[i]
    text = below.text
    if is_blank(text) or text[0] in GIT_SPACE:
        return None
    sep = find_separator(text)
    if sep >= 1 and not text[sep + 1 :].startswith("//"):
        return None  # another trailer
    return below


def _fold(entry: Entry) -> tuple[str, str]:
    value = entry.value.lower()
    if "  " in value or "\t" in value or "\r" in value:
        value = " ".join(value.split())
    return entry.low, value


def _gives_meaning(low: str, between: list[Entry]) -> bool:
    """Whether what stands between a trailer and its repeat makes the repeat mean something.

    A sign-off repeated after any other line is the signer handling the patch
    again (``git am -s`` adds it on purpose). Any other trailer repeated after
    a sign-off, a ``[note]``, a cherry-pick line or text belongs to a later
    step in the patch's path.
    """
    for entry in between:
        if entry.kind == COMMENT:
            continue
        if low == "signed-off-by" or not entry.is_trailer or entry.low == "signed-off-by":
            return True
    return False


class TrailerDuplicate(Rule):
    code = "T06"
    name = "trailer-duplicate"
    summary = "The same trailer line appears twice with nothing between that gives the repeat a meaning."
    why = (
        "A repeated line is noise at best and at worst hides which line was meant to change. "
        "Only known keys are compared. A repeat is not a duplicate when something between gives "
        "it a meaning: a sign-off after other trailers is its signer handling the patch again "
        "(git adds it on purpose), and any other trailer repeated after a sign-off, a "
        "`[note]` or a cherry-pick line belongs to a later step of the patch's path."
    )
    bad = with_trailers(after_sob=f"\n{SOB}")
    good = GOOD
    howto = "Remove the repeated line."
    fixable = True
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        canonical = ctx.keys.canonical
        findings: list[Finding] = []
        for low, entries in msg.keys_present().items():
            if len(entries) >= 2 and low in canonical:  # a line can only repeat one with the same key
                findings.extend(self._repeats(low, entries, msg.all_entries()))
        return findings

    def _repeats(self, low: str, entries: list[Entry], order: list[Entry]) -> list[Finding]:
        findings: list[Finding] = []
        last: dict[tuple[str, str], Entry] = {}
        for entry in entries:
            if not entry.value:
                continue
            fold = _fold(entry)
            before = last.get(fold)
            last[fold] = entry
            if before is None or _gives_meaning(low, order[order.index(before) + 1 : order.index(entry)]):
                continue
            findings.append(
                self.finding(
                    entry.no,
                    f"{excerpt(entry.key)}: repeats line {before.no}",
                    f"remove {_span([ln.no for ln in entry.lines])}",
                    [Edit.delete(ln) for ln in entry.lines],
                )
            )
        return findings


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

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        keys = ctx.keys
        findings: list[Finding] = []
        for entry in msg.irregular_trailers():
            if entry.low in keys.canonical or leftover_key(entry.key) is not None or _misspelt(entry, keys) is not None:
                continue  # known, T09 or T04
            findings.append(
                self.finding(entry.no, f"unknown trailer key {excerpt(entry.key)}:", "use a known key or configure it")
            )
        return findings


def _body_paragraphs(msg: Message, fields: tuple[str, ...], active: frozenset[str]) -> list[list[Entry]]:
    """Trailers in the body, where git does not read them, a list per paragraph.

    A picked commit keeps the trailers of the commit it copies where they
    were: in the paragraph right above its provenance (a cherry-pick line, an
    ``[ upstream commit: <sha> ]`` note), and where the ecosystem writes
    ``NAME=value`` fields (ChromeOS), anywhere above the fields paragraph.
    Those are quoted, not misplaced.
    """
    loose = [e for e in msg.loose() if e.is_trailer and e.low in _STRONG_KEYS and e.value]
    if not loose:
        return []
    paragraphs = msg.paragraphs(msg.title_end, msg.trailer_start)
    final = msg.final
    if final is not None:
        paragraphs.append((final.start, final.end))
    lines = msg.lines
    last_fields = -1
    if fields:
        for a, _ in paragraphs:
            if lines[a].text.startswith(fields):
                last_fields = lines[a].no
    leftovers_reported = "T09" in active
    out: list[list[Entry]] = []
    for k, (a, b) in enumerate(paragraphs):
        first, last = lines[a].no, lines[b - 1].no
        inside = [e for e in loose if first <= e.no <= last and e.no > last_fields]
        if not inside:
            continue
        below = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        if below is not None and provenance_paragraph(lines[below[0] : below[1]]):
            continue
        if leftovers_reported and _only_leftovers_below(msg, paragraphs[k + 1 :]):
            continue  # what follows was left over from sending the patch (T09): removing it is the fix
        out.append(inside)
    return out


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


def _only_leftovers_below(msg: Message, below: list[tuple[int, int]]) -> bool:
    """Whether the paragraphs below some trailers are only what was left over from sending the
    patch, so that removing them (T09) leaves those trailers the last paragraph.

    That is everything from a ``---`` (where ``git am`` cuts a mail) on, or paragraphs that each
    start with a changelog or patman tag and hold no known trailer further down, patman's notes
    (``Cover-letter:`` ... ``END``) included.
    """
    if not below:
        return False
    lines, comment = msg.lines, msg.comment
    if lines[below[0][0]].text.rstrip(GIT_SPACE) in ("---", "--"):
        return True
    in_notes = False
    for a, b in below:
        texts = [ln.text for ln in lines[a:b]]
        ends_notes = any(t.strip(GIT_SPACE) == "END" for t in texts)
        if in_notes:
            in_notes = not ends_notes
            continue
        if _leftover(texts[0], comment) is None:
            return False
        for text in texts[1:]:
            sep = find_separator(text)
            if sep >= 1 and text[:sep].strip(GIT_SPACE) in msg.keys and _leftover(text, comment) is None:
                return False  # a trailer added below the changelog: removing it leaves a split (T01)
        in_notes = texts[0].lower().startswith(_PATMAN_NOTES) and not ends_notes
    return True


#: patman tags whose value runs over paragraphs until a line ``END``.
_PATMAN_NOTES: Final = ("cover-letter:", "cover letter:", "series-notes:", "commit-notes:")


def _joined_is_block(msg: Message, unseen: Block) -> bool:
    """Whether removing the blank lines T01 reports would let git read the last paragraph as a block.

    Then the blank line is the one cause, and T01 alone reports it.
    """
    if not msg.split_blocks:
        return False
    start = msg.split_blocks[0].start
    texts = [ln.text for ln in msg.lines[start : unseen.end] if not is_blank(ln.text)]
    return accepted_paragraph(texts, msg.comment)


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
    only_when = TRAILERS_OUTSIDE

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        unseen = msg.unseen
        if (
            unseen is not None
            and not _joined_is_block(msg, unseen)
            and not ("T09" in ctx.active and any(_leftover(e.line.text, msg.comment) for e in unseen.entries))
        ):
            findings.append(self._unseen(msg, unseen, ctx))
        for entries in _body_paragraphs(msg, ctx.profile.fields, ctx.active):
            first = entries[0]
            if len(entries) == 1:
                what = f"{excerpt(first.key)}: is in the body, where git does not read it as a trailer"
            else:
                keys = excerpt(", ".join(dict.fromkeys(f"{excerpt(e.key)}:" for e in entries)))
                what = f"{keys} on {_span([e.no for e in entries])} are in the body, where git does not read them"
            findings.append(self.finding(first.no, what, "move the trailers into the trailer block at the end"))
        return findings

    def _unseen(self, msg: Message, block: Block, ctx: Context) -> Finding:
        trailers = [e for e in block.entries if e.is_trailer]
        known = [e for e in trailers if e.key in msg.keys]  # the keys the model found the paragraph with
        text = sum(1 for e in block.entries if not e.is_trailer) + sum(len(e.lines) - 1 for e in trailers)
        keys = excerpt(", ".join(dict.fromkeys(f"{excerpt(e.key)}:" for e in known)))
        first, last = msg.lines[block.start].no, msg.lines[block.end - 1].no
        return self.finding(
            known[0].no,
            f"git reads no trailer block: the last paragraph (lines {first}-{last}) has {text} line(s) "
            f"that are no trailers, so {keys} there are text to git",
            "put the text above a blank line and leave the trailers in a paragraph of their own",
        )


_LEFTOVER_STARTS: Final = frozenset("vVcCsSpPfF")
#: The usual lines that start like a leftover, read without the key's tests (no key of theirs is one).
_NO_LEFTOVER: Final = ("Signed-off-by:", "Cc:")
_LEFTOVER_FIX: Final = {
    CHANGELOG: "remove it; a changelog goes below the '---' line of the posted patch",
    PATMAN: "remove it; patman strips its tags from the patches it sends",
}


def _leftover_start(msg: Message, keys: KeySet) -> int:
    """Index of the first line in or below the trailers.

    That is the first paragraph after the title that holds a trailer with a
    known key (or git's trailer block, if it comes first): the sign-offs with
    the ``Changes in v2:`` paragraphs below and between them, which can leave
    git no trailer block at all. A changelog in the description above every
    trailer is the description's business.
    """
    floor = msg.title_end
    for entry in msg.loose():
        if entry.kind == CHERRY_PICK or keys.lookup(entry.key) is not None or keys.near_miss(entry.key) is not None:
            texts = msg.texts
            i = msg.lines.index(entry.line, floor)
            while i > floor and not is_blank(texts[i - 1]):
                i -= 1
            return min(i, msg.trailer_start)
    return msg.trailer_start


def _leftover(text: str, comment: str) -> tuple[str, str] | None:
    """``(what, kind)`` when a line is a changelog, a patman tag or a fixup note."""
    if text[:1] not in _LEFTOVER_STARTS or text.startswith(_NO_LEFTOVER) or (comment and text.startswith(comment)):
        return None
    sep = find_separator(text)
    if sep >= 1:
        key = text[:sep].strip(GIT_SPACE)
        kind = leftover_key(key)
        return None if kind is None else (f"{excerpt(key)}:", kind)
    kind = leftover_text(text)
    if kind is None:
        return None
    head = text.split(":", 1)[0] + ":" if ":" in text[:40] else " ".join(text.split()[:2])
    return f"'{excerpt(head)}'", kind


class TrailerLeftover(Rule):
    code = "T09"
    name = "trailer-leftover"
    summary = (
        "A changelog or tool line (`V2:`, `Changes in v2:`, patman's `Series-cc:`, `fixup:`) in or below the trailers."
    )
    why = (
        "git takes `V2: ...` or `Series-cc: ...` in the trailer block for a trailer like any "
        "other, and a changelog below the sign-offs for part of the message. A changelog "
        "belongs below the `---` line of the posted patch, patman's tags (`Series-*`, "
        "`Cover-*`, `Commit-notes`, `Patch-cc`, ...) are for patman alone, and a `fixup:` "
        "note belongs squashed into the commit it fixes. None of them is a misspelt key "
        "(T04) or an unknown one (T07): they are left as they are for you to remove."
    )
    bad = with_trailers(after_sob="\nV2: Drop the extra reference instead of taking none")
    good = GOOD
    howto = "Remove the line and the changelog under it."
    default = WARNING

    def check(self, msg: Message, ctx: Context) -> list[Finding]:
        comment = msg.comment
        findings: list[Finding] = []
        texts = msg.texts
        for i in range(_leftover_start(msg, ctx.keys), len(texts)):
            text = texts[i]
            if text[:1] not in _LEFTOVER_STARTS or text.startswith(_NO_LEFTOVER):
                continue  # no leftover starts so (_leftover's first test): most lines, read without a call
            found = _leftover(text, comment)
            if found is None:
                continue
            what, kind = found
            findings.append(
                self.finding(
                    msg.line(i).no,
                    f"{what} is {_KIND_TEXT[kind]} left in the message, not a trailer",
                    _LEFTOVER_FIX.get(kind, "squash it into the commit it fixes, or remove the line"),
                )
            )
        return findings


_KIND_TEXT: Final = {CHANGELOG: "a changelog", PATMAN: "a patman tag", "fixup": "a fixup note"}


register(
    TrailerBlockBlankLine,
    TrailerKeyCase,
    TrailerSeparator,
    TrailerKeyTypo,
    TrailerEmptyValue,
    TrailerDuplicate,
    TrailerKeyUnknown,
    TrailerOutsideBlock,
    TrailerLeftover,
)
