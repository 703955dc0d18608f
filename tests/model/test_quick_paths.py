"""The one-step readings of common values agree with the full readers.

``Link`` reads a plain ``https://host/list/<id@host>/`` and ``parse_prefixes``
a leading run of well-formed prefixes in one step; on anything, they must
give what the token-by-token readers give. ``find_separator`` reads a line
with string methods; it must agree with git's definition as a pattern.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from trailercheck.model.gitblock import block_range, find_separator
from trailercheck.model.links import Link
from trailercheck.model.prefixes import _CAPITALS, _MAYBE, _NO_TOKEN, _WORDS, KNOWN_PREFIXES, parse_prefixes

LINK_FIELDS = ("scheme", "host", "path", "msgid", "msgid_start", "msgid_end", "suffix_start", "url_start", "url_end")

link_piece = st.sampled_from(
    ["https://", "http://", "lore.kernel.org", "patch.msgid.link", "/", "all", "r", "linux-arm-msm",
     "20241001-x-v1-1-abc", "@", "example.com", "%40", "%3C", "<", ">", "[", "]", "T", "raw", "#m", "?q=1",
     " ", "\t", "a", ".", "-", "%2F", "t.mbox.gz"]
)  # fmt: skip
links = st.lists(link_piece, max_size=12).map("".join)


def same_link(value: str) -> None:
    quick, full = Link(value), Link(value, quick=False)
    assert [getattr(quick, f) for f in LINK_FIELDS] == [getattr(full, f) for f in LINK_FIELDS], value
    assert quick.problems == full.problems, value


@settings(max_examples=3000)
@given(links)
def test_link_quick_reading_is_the_full_one(value: str) -> None:
    same_link(value)


def test_link_quick_reading_on_typical_values() -> None:
    for value in (
        "https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/",
        "https://lore.kernel.org/r/20241001.1234-1-a@b.c",
        "https://patch.msgid.link/20241001-1-a@b.c",
        "https://lore.kernel.org/linux-arm-msm/20241001-1-a@b.c/T/",
        "https://lore.kernel.org/all/a@b/raw",
        "https://lore.kernel.org/all/%3Ca@b%3E/",
        "https://lore.kernel.org/all/<a@b>/",
        "https://lore.kernel.org//a@b",
        "https://lore.kernel.org/all/x/a@b/",
    ):
        same_link(value)
    assert Link("https://lore.kernel.org/all/20241001-1-a@b.c/").msgid == "20241001-1-a@b.c"


def same_prefixes(subject: str) -> None:
    quick, full = parse_prefixes(subject), parse_prefixes(subject, quick=False)
    assert [(t.name, t.raw, t.start, t.end, t.problems) for t in quick.tokens] == [
        (t.name, t.raw, t.start, t.end, t.problems) for t in full.tokens
    ], subject
    parts = ("rest", "rest_col", "revert", "valid")
    assert [getattr(quick, p) for p in parts] == [getattr(full, p) for p in parts], subject


prefix_piece = st.sampled_from(
    [*KNOWN_PREFIXES, "FROM LIST", "Upstream", "UPSTRAEM", "[FROMLIST]", ":", ": ", ":  ", " :", "-", " ", "\t",
     "misc", "clk: qcom", "Revert \"", "\"", "x", "from", "list", "fROMLIST", "upstream", "android", "arm64",
     "drm/msm", "qcomFoo", "ARM", "TOSUBMIT", "Merge ", "Fix", "up", "[", "]"]
)  # fmt: skip
subjects = st.lists(prefix_piece, max_size=10).map("".join)


@settings(max_examples=3000)
@given(subjects)
def test_prefix_quick_reading_is_the_full_one(subject: str) -> None:
    same_prefixes(subject)


def test_prefix_quick_reading_on_typical_subjects() -> None:
    # Twice over: the second reading of each subject's first word is the memory's (_WORDS).
    for subject in 2 * (
        "BACKPORT: FROMLIST: clk: qcom: gcc-sa8775p: Avoid power domains",
        "UPSTREAM: misc: fastrpc: Fix map refcount",
        "UPSTREAM:  misc: two spaces",
        "UPSTREAM: ",
        "UPSTREAM:",
        "  FROMGIT: leading blanks",
        "FROMLIST: UPSTREAM:x",
        'UPSTREAM: Revert "misc: fastrpc: Fix map refcount"',
        "UPSTREAM: from list: x",
        "UPSTREAM: fROMLIST: x",
        "UPSTREAM: upstream: x",
        "FROMLIST: android: x",
        "FROMLIST: arm64: dts: qcom: x",
        "upstream: x",
        "arm64: dts: x",
        "Arm: dts: x",
        "dt-bindings: x",
        "ARM: x",
        "ARM: FROMLIST: x",
        "ARM: ARM: x",
        "ARM:  x",
        "UPSTRAEM: x",
        "from list: x",
        "x: y",
        "Merge branch 'next'",
        "[FROMLIST] x",
        "TOSUBMIT: ANDROID: x",
        "ANDROID-specific fixes",
        "Fix up: x",
    ):
        same_prefixes(subject)
    words = ("misc", "upstream", "Arm", "arm64", "dt-bindings", "ARM", "UPSTRAEM", "from list", "x")
    assert [_WORDS[w] for w in words] == [
        _NO_TOKEN,
        _MAYBE,
        _NO_TOKEN,
        _NO_TOKEN,
        _NO_TOKEN,
        _CAPITALS,
        _MAYBE,
        _MAYBE,
        _NO_TOKEN,
    ]
    assert parse_prefixes("upstream: x").tokens[0].name == "UPSTREAM"
    assert parse_prefixes("BACKPORT: FROMLIST: clk: x").valid == ["BACKPORT", "FROMLIST"]


SHA = "0123456789abcdef0123456789abcdef01234567"
ABBREVIATED = "abbreviated commit id (12 digits, not 40)"
NOT_WORDED = "not worded 'cherry picked from commit'"


def picks(text: str) -> list[tuple[int, str, str | None, str | None, list[str]]]:
    from trailercheck.model.message import Message
    from trailercheck.model.provenance import cherry_picks

    return [(p.no, p.sha, p.url, p.branch, p.problems) for p in cherry_picks(Message.from_text(text))]


def test_cherry_pick_lines_are_found_wherever_they_are() -> None:
    text = (
        f"UPSTREAM: x: cherry picked from commit {SHA} in the title\n\nBody.\n\n"
        f"(cherry picked from commit {SHA})\n"
        f"(cherry picked from commit {SHA[:12]}\n https://git.kernel.org/pub/scm/a.git for-next)\n"
        f"Backported from commit {SHA.upper()}\n"
        f"(Cherry-picked from commit {SHA})\n"
        "Signed-off-by: A <a@b.c>\n"
    )
    assert picks(text) == [
        (5, SHA, None, None, []),
        (6, SHA[:12], "https://git.kernel.org/pub/scm/a.git", "for-next", [ABBREVIATED]),
        (8, SHA.upper(), None, None, [NOT_WORDED, "missing parentheses", "uppercase commit id"]),
        (9, SHA, None, None, [NOT_WORDED]),
    ]


def test_cherry_pick_lines_after_text_that_lower_case_lengthens() -> None:
    # "İ".lower() is two characters: offsets into the lower-cased text are not line offsets.
    text = f"x: İİİ\n\nİ body\n\n(cherry picked from commit {SHA})\nSigned-off-by: A <a@b.c>\n"
    assert picks(text) == [(5, SHA, None, None, [])]
    assert picks(text.replace("\n", "\r\n")) == [(5, SHA, None, None, [])]


#: git's find_separator() as a pattern: a key of [A-Za-z0-9-], optional blanks, then ':'.
SEPARATOR = re.compile(r"(?:[A-Za-z0-9-]+[ \t]*)?:")

separator_lines = st.lists(
    st.sampled_from(["Signed-off-by", "Cc", "a", "Z", "0", "-", " ", "\t", ":", "é", "K", "_", ".", "x y", "\r", "\n"]),
    max_size=8,
).map("".join)


@settings(max_examples=3000)
@given(separator_lines)
def test_find_separator_is_gits_definition(line: str) -> None:
    m = SEPARATOR.match(line)
    assert find_separator(line) == (m.end() - 1 if m else -1), line


def test_find_separator_on_typical_lines() -> None:
    assert find_separator("Signed-off-by: A <a@b>") == 13
    assert find_separator("Link : https://x") == 5
    assert find_separator("Fixes\t: abc") == 6
    assert find_separator(": no key") == 0
    assert find_separator(" Cc: indented") == -1
    assert find_separator("Two words: no") == -1
    assert find_separator("Schlüssel: no") == -1
    assert find_separator("--: dashes") == 2
    assert find_separator("no separator") == -1


def test_no_known_prefix_has_a_lower_case_letter() -> None:
    # The quick reading ends at a first word with a lower-case letter: no prefix can be spelt so.
    assert all(name == name.upper() for name in KNOWN_PREFIXES)
    assert parse_prefixes("arm: FROMLIST: x").tokens == []
    assert parse_prefixes("  arm: x").rest == "arm: x"


block_lines = st.lists(
    st.sampled_from(["s", "", " ", "\t", "Body.", "# c", "#", " # c", "; c", "// c", "Cc: x", "Conflicts:", "\tx"]),
    max_size=10,
)


def title_end(lines: list[str]) -> int:
    """Where :class:`~trailercheck.model.message.Message` ends the title: the first blank line after
    the first line that is not."""
    first = next((i for i, line in enumerate(lines) if line.strip(" \t\r\n")), len(lines))
    return next((i for i in range(first, len(lines)) if not lines[i].strip(" \t\r\n")), len(lines))


@settings(max_examples=1000)
@given(block_lines, st.sampled_from(["#", ";", "//", "", " ", " #", "\t"]), st.booleans())
def test_block_range_with_the_title_known_is_the_full_one(lines: list[str], comment: str, terminated: bool) -> None:
    assert block_range(lines, comment, terminated, title_end(lines)) == block_range(lines, comment, terminated)
