"""git's definition of the trailer block, line for line.

This is a faithful port of the block detection in git's ``trailer.c`` and
``ignore_non_trailer()`` (``commit.c``), expressed over a list of line
strings instead of a C buffer. Each string is a line without its ``\\n``
(a CRLF line keeps its ``\\r``, as git sees it). Every consumer in
trailercheck gets the block from here; nothing else decides what a trailer is.
"""

from __future__ import annotations

from .cache import keep
from .text import GIT_SPACE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: Lines starting with these make a block count even at only 25% trailers.
#: How ``git cherry-pick -x`` starts the line it adds.
CHERRY_PICKED: Final = "(cherry picked from commit "
GIT_GENERATED_PREFIXES: Final = ("Signed-off-by: ", CHERRY_PICKED)

SCISSORS_BODY: Final = " ------------------------ >8 ------------------------"


def find_separator(line: str) -> int:
    """Position of the ``:`` separator in a trailer line, or -1 (git's find_separator).

    The key is ``[A-Za-z0-9-]+``, optionally followed by blanks; anything
    else before the separator means the line is not a trailer. (A leading
    ``:`` is position 0, which callers reject as "not a trailer".)
    """
    sep = line.find(":")
    if sep <= 0:
        return sep
    key = line[:sep].rstrip(" \t")
    if not key or " " in key or "\t" in key:  # no key, or words of prose
        return -1
    if key in _DASHED:
        return sep
    if not key.isascii():
        return -1
    if key.isalnum():
        return sep
    bare = key.replace("-", "")
    if bare and not bare.isalnum():
        return -1
    keep(_DASHED, _DASHED_LIMIT, key, True)
    return sep


#: Keys with a dash found well-formed (``Signed-off-by``): most trailers have one, and it is read again at
#: one lookup.
_DASHED: Final[dict[str, bool]] = {}
_DASHED_LIMIT: Final = 1 << 8


def trailer_end(lines: list[str], comment: str = "#", terminated: bool = True) -> int:
    """Index one past the last line that may belong to the trailer block.

    Trailing comment lines, empty lines and an old-style ``Conflicts:``
    block are skipped, and nothing from a scissors line on counts.
    ``terminated`` is false when the last line has no newline: git only
    takes ``Conflicts:`` followed by a newline as the start of that block.
    """
    cut = comment + SCISSORS_BODY
    cutoff = lines.index(cut) if cut in lines else len(lines)
    # Only the trailing run of lines that could be skipped matters: any other
    # line resets git's scan, so start it where that run begins.
    first = cutoff
    while first > 0:
        line = lines[first - 1]
        if line and not line.startswith("\t") and line != "Conflicts:" and not (comment and line.startswith(comment)):
            break
        first -= 1
    boc = -1
    in_conflicts = False
    for i in range(first, cutoff):
        line = lines[i]
        if line == "" or (comment and line.startswith(comment)):
            if boc < 0:
                boc = i
        elif line == "Conflicts:" and (terminated or i < len(lines) - 1):
            in_conflicts = True
            if boc < 0:
                boc = i
        elif in_conflicts and line.startswith("\t"):
            pass
        elif boc >= 0:
            boc = -1
            in_conflicts = False
    return boc if boc >= 0 else cutoff


def end_of_title(lines: list[str], end: int, comment: str = "#") -> int:
    """Index of the first blank line after the title paragraph, or ``end``.

    Leading blank lines are not the title: ``git log`` hands its trailer
    code the message from the first non-blank line on (``skip_blank_lines``).
    """
    first = 0
    while first < end and not lines[first].strip(GIT_SPACE):
        first += 1
    for i in range(first, end):
        line = lines[i]
        if comment and line.startswith(comment):
            continue
        if not line.strip(GIT_SPACE):
            return i
    return end


def trailer_start(lines: list[str], end: int, comment: str = "#", title_end: int | None = None) -> int:
    """Index of the first line of the trailer block, or ``end`` when there is none.

    Scanning upwards from ``end``: the last paragraph is the block when all
    its lines are trailers, or when one of them is git-generated and at least
    a quarter are trailers. Lines starting with whitespace are continuations.
    ``title_end``, when the caller has it, is the first blank line after the
    first line that is not (``len(lines)`` for none).
    """
    if title_end is None or (comment and comment[0] in GIT_SPACE):
        # A comment line is skipped in the title; one that starts with a blank may be blank.
        title = end_of_title(lines, end, comment)
    else:  # a comment line is no blank line: the title ends where the caller found it
        title = min(title_end, end)
    return _scan(lines, title, end, comment)


def accepted_paragraph(lines: list[str], comment: str = "#") -> bool:
    """Whether git would take this paragraph (no blank line inside) as a trailer block of its own."""
    return bool(lines) and _scan(lines, 0, len(lines), comment, floor_blank=True) == 0


def _scan(lines: list[str], floor: int, end: int, comment: str, floor_blank: bool = False) -> int:
    """git's upward scan from ``end`` down to ``floor`` (a blank line below ``floor`` when ``floor_blank``)."""
    only_spaces = True
    recognized_prefix = False
    trailer_lines = 0
    non_trailer_lines = 0
    possible_continuation = 0
    low = floor - 1 if floor_blank else floor
    i = end - 1
    while i >= low:
        line = lines[i] if i >= floor else ""
        if comment and line.startswith(comment):
            non_trailer_lines += possible_continuation
            possible_continuation = 0
            i -= 1
            continue
        if not line.strip(GIT_SPACE):
            if only_spaces:
                i -= 1
                continue
            non_trailer_lines += possible_continuation
            if recognized_prefix and trailer_lines * 3 >= non_trailer_lines:
                return i + 1
            if trailer_lines and not non_trailer_lines:
                return i + 1
            return end
        only_spaces = False
        if line.startswith(GIT_GENERATED_PREFIXES):
            trailer_lines += 1
            possible_continuation = 0
            recognized_prefix = True
        elif line[0] in GIT_SPACE:
            possible_continuation += 1
        else:
            if ":" in line and find_separator(line) >= 1:  # most lines of prose have no colon
                trailer_lines += 1
                possible_continuation = 0
            else:
                non_trailer_lines += 1 + possible_continuation
                possible_continuation = 0
        i -= 1
    return end


def block_range(
    lines: list[str], comment: str = "#", terminated: bool = True, title_end: int | None = None
) -> tuple[int, int]:
    """``(start, end)`` line indices of git's trailer block; empty when start == end (``title_end``: see
    :func:`trailer_start`)."""
    end = trailer_end(lines, comment, terminated)
    start = trailer_start(lines, end, comment, title_end)
    if start >= end:
        return end, end
    return start, end


def unfold(value: str) -> str:
    """git's unfold_value(): each newline and the whitespace after it become one space."""
    out: list[str] = []
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        i += 1
        if ch == "\n":
            while i < n and value[i] in GIT_SPACE:
                i += 1
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out).strip(GIT_SPACE)
