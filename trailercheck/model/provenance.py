"""Provenance lines of picked commits: cherry-pick lines, Git-commit:, Upstream-Status:.

``git cherry-pick -x`` writes ``(cherry picked from commit <40-hex>)`` (64 hex
digits in a SHA-256 repository); git before 1.4.3 wrote ``(cherry picked from
<40-hex> commit)``;
Android and ChromeOS add the source tree and branch for FROMGIT picks,
often wrapped onto the next line::

    (cherry picked from commit 0123...cdef
     https://git.kernel.org/pub/scm/linux/kernel/git/foo/bar.git for-next)
"""

from __future__ import annotations

import re

from .gitblock import CHERRY_PICKED
from .message import Message
from .patterns import LazyPattern
from .text import GIT_SPACE, Line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: Digits of a full commit id: 40 (SHA-1) or 64 (a SHA-256 repository).
FULL_ID_LENGTHS: Final = (40, 64)

_PICK_RE: Final = LazyPattern(
    r"(?P<open>\(?)\s*(?P<verb>cherry[- ]?picked|backported)\s+from\s+(?:commit\s+|upstream\s+commit\s+)?"
    r"(?P<sha>[0-9a-fA-F]{6,64})\b(?P<rest>[^)]*)(?P<close>\)?)\s*$",
    re.IGNORECASE,
)
_GIT_COMMIT_RE: Final = LazyPattern(r"Git-commit:\s*([0-9a-fA-F]{64}|[0-9a-fA-F]{40})\b", re.IGNORECASE)
_BACKPORT_STATUS_RE: Final = LazyPattern(
    r"Upstream-Status:\s*Backport\b.*?\b([0-9a-fA-F]{64}|[0-9a-fA-F]{40})\b", re.IGNORECASE
)
WELL_FORMED_PREFIX: Final = CHERRY_PICKED
#: The line as ``git cherry-pick -x`` writes it, read without the general pattern.
_CANONICAL_RE: Final = LazyPattern(r"\(cherry picked from commit (?:[0-9a-f]{40}|[0-9a-f]{64})\)")
#: The line as git wrote it before 1.4.3 (git-cherry-pick.sh): ``(cherry picked from <sha> commit)``.
_GIT_1_4_RE: Final = LazyPattern(r"\(cherry picked from [0-9a-f]{40} commit\)")


class CherryPick:
    """A cherry-pick line (possibly wrapped) and what it says.

    ``problems`` is empty for the canonical form; ``url``/``branch`` are the
    source tree of a FROMGIT pick when given.
    """

    __slots__ = ("branch", "lines", "problems", "sha", "url")

    def __init__(self, lines: list[Line], sha: str, url: str | None, branch: str | None, problems: list[str]) -> None:
        self.lines = lines
        self.sha = sha
        self.url = url
        self.branch = branch
        self.problems = problems

    @property
    def no(self) -> int:
        return self.lines[0].no

    @property
    def canonical(self) -> str:
        """The line as ``git cherry-pick -x`` writes it (with the source when known)."""
        source = f" {self.url} {self.branch}" if self.url and self.branch else ""
        return f"{WELL_FORMED_PREFIX}{self.sha.lower()}{source})"


def cherry_picks(msg: Message) -> list[CherryPick]:
    """Every cherry-pick line of the message, well-formed or not, top to bottom."""
    return msg.memo("cherry_picks", _cherry_picks, msg.low_text)


#: What every cherry-pick line mentions, in lower case.
_MENTIONS: Final = ("picked from", "backported from")
_MENTIONED: Final = "ed from"


def _cherry_picks(msg: Message, low: str) -> list[CherryPick]:
    """``low``: the message's text in lower case."""
    # Both mentions (_MENTIONS) end in "ed from", which most messages lack: one search finds both.
    at = low.find(_MENTIONED)
    while at >= 0 and not (low.endswith("pick", 0, at) or low.endswith("backport", 0, at)):
        at = low.find(_MENTIONED, at + 1)
    if at < 0:
        return []
    lines = msg.lines
    out: list[CherryPick] = []
    done = msg.title_end  # lines before this are read (the title, or a pick's continuation lines)
    for i in msg.lines_mentioning(_MENTIONS):
        if i < done:
            continue
        line = lines[i]
        text = line.content
        if text.startswith(WELL_FORMED_PREFIX) and _CANONICAL_RE.fullmatch(text):
            out.append(CherryPick([line], text[len(WELL_FORMED_PREFIX) : -1], None, None, []))
            done = i + 1
            continue
        low = text.lower()
        if "picked from" not in low and "backported from" not in low:
            continue
        group = [line]
        j = i + 1
        joined = text
        if ")" not in text:
            while j < len(lines) and lines[j].text[:1] in (" ", "\t") and lines[j].content:
                group.append(lines[j])
                joined += " " + lines[j].content.strip(GIT_SPACE)
                j += 1
                if ")" in joined:
                    break
        m = _PICK_RE.match(joined)
        if m is None:
            continue
        out.append(_make(group, joined, m))
        done = j
    return out


def _make(group: list[Line], joined: str, m: re.Match[str]) -> CherryPick:
    sha = m.group("sha")
    rest = m.group("rest").split()
    url = rest[0] if rest and "/" in rest[0] else None
    branch = rest[1] if url and len(rest) > 1 else None
    problems: list[str] = []
    if _GIT_1_4_RE.fullmatch(joined.strip()):
        return CherryPick(group, sha, None, None, problems)  # git's own words before 1.4.3
    if not joined.lstrip("(").startswith("cherry picked from commit "):
        problems.append("not worded 'cherry picked from commit'")
    if not (m.group("open") and m.group("close")):
        problems.append("missing parentheses")
    if len(sha) not in FULL_ID_LENGTHS:
        problems.append(f"abbreviated commit id ({len(sha)} digits, not 40)")
    if sha != sha.lower():
        problems.append("uppercase commit id")
    return CherryPick(group, sha, url, branch, problems)


def derived_commit(msg: Message) -> tuple[int, str, str] | None:
    """A commit id the message names elsewhere: ``(line, what, sha)``."""
    for line in msg.lines:
        m = _GIT_COMMIT_RE.match(line.content)
        if m:
            return line.no, "Git-commit:", m.group(1).lower()
        m = _BACKPORT_STATUS_RE.match(line.content)
        if m:
            return line.no, "Upstream-Status: Backport", m.group(1).lower()
    return None
