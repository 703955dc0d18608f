"""A commit message file as the ``commit-msg`` hook receives it.

git hands the hook the file before its own clean-up, comments and all.
We read it as ``git commit --cleanup=strip`` would: comment lines go,
everything from the scissors line on goes, leading blank lines go and
trailing whitespace does not count. Line numbers stay those of the file.
"""

from __future__ import annotations

import re

from ..model.gitblock import SCISSORS_BODY
from ..model.patterns import LazyPattern
from ..model.text import GIT_SPACE, Line, is_blank

#: The characters ``core.commentChar=auto`` chooses from, in git's order.
AUTO_CANDIDATES = "#;@!$%^&|:"
#: A scissors line with one of them (``core.commentChar=auto`` only).
_AUTO_SCISSORS_RE = LazyPattern(
    "^([" + re.escape(AUTO_CANDIDATES) + "])" + re.escape(SCISSORS_BODY) + "$", re.MULTILINE
)


def resolve_comment(configured: str | None, text: str) -> str:
    """The comment string in effect for a hook file.

    With ``auto`` git picked a character the message did not use and wrote
    its help text with it; we find it from the scissors line, else from the
    help block at the end of the file (the last non-blank line), else ``#``.
    """
    if configured and configured != "auto":
        return configured
    if configured != "auto":
        return "#"
    m = _AUTO_SCISSORS_RE.search(text)
    if m:
        return m.group(1)
    for line in reversed(text.splitlines()):
        if line.strip():
            return line[0] if line[0] in AUTO_CANDIDATES else "#"
    return "#"


def hook_lines(lines: list[Line], comment: str) -> list[Line]:
    """The lines git would keep, with trailing whitespace cut from ``text``.

    git stores each kept line with a newline, also the last one.
    """
    kept: list[Line] = []
    cut = comment + SCISSORS_BODY
    for line in lines:
        if line.orig == cut:
            break
        if comment and line.orig.startswith(comment):
            continue
        if not kept and is_blank(line.orig):
            continue
        line.text = line.orig.rstrip(GIT_SPACE)
        line.terminated = True
        kept.append(line)
    return kept
