"""T rules: the trailer block as git sees it."""

from __future__ import annotations

import subprocess

import pytest

from tests.rules.kernel import (
    ADA,
    BACKPORT_NOTE,
    BOB,
    CHERRY,
    CRS,
    FASTRPC,
    LINK,
    LORE,
    QCLINUX,
    QCLINUX_BODY,
    SHA,
    SOB,
    SOB_BJORN,
    SOB_BOB,
    UFS,
    UFS_BODY,
    UFS_LINK,
    check,
    context,
    fixed,
    message,
    only,
    rules,
    where,
)
from trailercheck.engine import check_message
from trailercheck.model.keys import DEFAULT_KEYS
from trailercheck.model.message import Message

# With FASTRPC_BODY the first trailer is on line 9.
FIRST = 9


def fastrpc(*trailers: str, subject: str = FASTRPC) -> str:
    return message(subject, *trailers)


def git_trailers(text: str) -> str:
    """What git itself parses as the trailer block."""
    proc = subprocess.run(
        ["git", "interpret-trailers", "--parse", "--no-divider"],
        input=text.encode(),
        capture_output=True,
        check=True,
    )
    return proc.stdout.decode()


# -- T01 trailer-block-blank-line ----------------------------------------------


MOTIVATING = (
    "FROMLIST: misc: fastrpc: Fix map refcount\n"
    "\n"
    "fastrpc_map_create() takes a reference on the map it finds, and the\n"
    "invoke path takes another one when it attaches the map to the context.\n"
    "Only one of them is ever dropped, so the map and its dma-buf leak.\n"
    "\n"
    "Drop the extra reference taken in fastrpc_map_create().\n"
    "\n"
    "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/\n"
    "\n"
    "Signed-off-by: Ada Lovelace <ada@example.com>\n"
    "CRs-Fixed: 4564170\n"
)


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos"])
def test_t01_motivating_case(profile: str) -> None:
    assert MOTIVATING == fastrpc(LINK, "", SOB, CRS)
    findings = check(MOTIVATING, profile)
    assert where(findings) == [("T01", 10)]
    [f] = findings
    assert f.rule == "trailer-block-blank-line"
    # A Bug:/Test: paragraph above Change-Id: is Android's own layout: a warning there.
    assert f.severity == ("warning" if profile == "android" else "error")
    assert f.message == "blank line between Link: (line 9) and Signed-off-by: (line 11)"
    assert f.fix == "remove line 10"
    assert [(e.line.no, e.start, e.end) for e in f.edits] == [(10, -1, -1)]


def test_t01_motivating_case_git_ignores_the_link_and_the_fix_restores_it() -> None:
    assert git_trailers(MOTIVATING) == f"{SOB}\n{CRS}\n"
    out = fixed(MOTIVATING)
    assert out == fastrpc(LINK, SOB, CRS)
    assert git_trailers(out) == f"{LINK}\n{SOB}\n{CRS}\n"
    assert check(out) == []


def test_t01_several_blank_lines() -> None:
    text = fastrpc(LINK, "", "", SOB, CRS)
    f = only(check(text), "T01")
    assert f.line == 10
    assert f.message == "blank line between Link: (line 9) and Signed-off-by: (line 12)"
    assert f.fix == "remove lines 10-11"
    assert fixed(text) == fastrpc(LINK, SOB, CRS)


def test_t01_whitespace_only_lines_are_blank() -> None:
    text = fastrpc(LINK, "   ", "\t", SOB)
    f = only(check(text), "T01")
    assert f.fix == "remove lines 10-11"
    assert fixed(text) == fastrpc(LINK, SOB)


def test_t01_three_paragraphs_two_findings() -> None:
    text = fastrpc(LINK, "", CRS, "", SOB)
    findings = check(text)
    assert where(findings) == [("T01", 10), ("T01", 12)]
    assert [f.message for f in findings] == [
        "blank line between Link: (line 9) and CRs-Fixed: (line 11)",
        "blank line between CRs-Fixed: (line 11) and Signed-off-by: (line 13)",
    ]
    assert fixed(text) == fastrpc(LINK, CRS, SOB)


def test_t01_names_notes_and_cherry_pick_lines() -> None:
    text = message(
        "BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount", LINK, SOB_BOB, BACKPORT_NOTE, "", CHERRY, "", SOB
    )
    findings = check(text)
    assert [f.message for f in findings if f.code == "T01"] == [
        "blank line between [note] (line 11) and (cherry picked from commit ...) (line 13)",
        "blank line between (cherry picked from commit ...) (line 13) and Signed-off-by: (line 15)",
    ]


def test_t01_a_paragraph_that_is_only_a_note_is_body_text() -> None:
    text = message("BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount", BACKPORT_NOTE, "", LINK, CHERRY, SOB)
    assert [f.code for f in check(text) if f.code.startswith("T")] == []


def test_t01_pulseaudio_pick_with_part_of_above_the_blank_line() -> None:
    # A real layout from a Yocto layer: the upstream sign-off and an unknown Part-of: key, a blank
    # line, then the picker's Git-commit:/Git-repo: and sign-off. git sees only the last paragraph.
    text = message(
        "UPSTREAM: bluetooth: Only remove cards belonging to the device.",
        "Signed-off-by: Juho H\u00e4m\u00e4l\u00e4inen <juho.hamalainen@jolla.com>",
        "Part-of: <https://gitlab.freedesktop.org/pulseaudio/pulseaudio/-/merge_requests/624>",
        "",
        "Git-commit: b1057f1a37c10ba23855b2a264491cc4a3b45eca",
        "Git-repo: https://gitlab.freedesktop.org/pulseaudio/pulseaudio.git",
        SOB,
    )
    assert [(f.code, f.line, f.message) for f in check(text) if f.code.startswith("T")] == [
        ("T01", 11, "blank line between Part-of: (line 10) and Git-commit: (line 12)")
    ]


def test_t01_upstream_pick_with_blank_before_the_picker_sign_off() -> None:
    text = message(UFS, SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, "", SOB, body=UFS_BODY)
    f = only(check(text), "T01")
    assert f.line == 9
    assert f.message == "blank line between (cherry picked from commit ...) (line 8) and Signed-off-by: (line 10)"


def test_t01_last_line_of_a_folded_trailer_is_the_neighbour() -> None:
    text = fastrpc("Cc: Srinivas Kandagatla", " <srini@kernel.org>", LINK, "", SOB)
    f = only(check(text), "T01")
    assert f.message == "blank line between Link: (line 11) and Signed-off-by: (line 13)"
    text = fastrpc(LINK, "Cc: Srinivas Kandagatla", " <srini@kernel.org>", "", SOB)
    assert only(check(text), "T01").message == "blank line between Cc: (line 11) and Signed-off-by: (line 13)"


def test_t01_key_case_does_not_hide_a_split_block() -> None:
    text = fastrpc("link: " + LORE, "", SOB)
    assert where(check(text)) == [("T02", 9), ("T01", 10)]


@pytest.mark.parametrize(
    "above",
    [
        ["This is not a trailer paragraph."],
        [LINK, "More prose after the link."],
        ["Tracked-On: 1234"],  # unknown key: could be prose like "Note: ..."
        ["Note: the map is refcounted twice."],
    ],
)
def test_t01_not_for_prose_above_the_trailers(above: list[str]) -> None:
    text = fastrpc(*above, "", LINK, SOB)
    assert [f.code for f in check(text) if f.code == "T01"] == []


def test_t01_split_block_right_after_the_subject() -> None:
    text = f"{FASTRPC}\n\n{LINK}\n\n{SOB}\n"
    f = only(check(text), "T01")
    assert (f.line, f.message) == (4, "blank line between Link: (line 3) and Signed-off-by: (line 5)")


def test_t01_crlf_message() -> None:
    text = fastrpc(LINK, "", SOB, CRS).replace("\n", "\r\n")
    f = only(check(text), "T01")
    assert f.line == 10
    assert fixed(text) == fastrpc(LINK, SOB, CRS).replace("\n", "\r\n")


# -- T02 trailer-key-case ------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "key", "canonical"),
    [
        ("Signed-Off-By: " + "Ada Lovelace <ada@example.com>", "Signed-Off-By", "Signed-off-by"),
        ("signed-off-by: " + "Ada Lovelace <ada@example.com>", "signed-off-by", "Signed-off-by"),
        ("Reviewed-By: " + BOB, "Reviewed-By", "Reviewed-by"),
        ("Crs-Fixed: 4564170", "Crs-Fixed", "CRs-Fixed"),
        ("CRS-FIXED: 4564170", "CRS-FIXED", "CRs-Fixed"),
        ("Change-ID: I0123456789abcdef0123456789abcdef01234567", "Change-ID", "Change-Id"),
    ],
)
def test_t02_non_canonical_case(line: str, key: str, canonical: str) -> None:
    """Keys checkpatch and scripts match in one spelling."""
    text = fastrpc(LINK, line) if key.lower() == "signed-off-by" else fastrpc(LINK, line, SOB)
    findings = [f for f in check(text) if f.code == "T02"]
    assert where(findings) == [("T02", 10)]
    [f] = findings
    assert f.severity == "warning"
    assert f.message == f"{key}: should be written {canonical}:"
    assert f.fix == f"write '{canonical}:'"
    [edit] = f.edits
    assert (edit.start, edit.end, edit.new) == (0, len(key), canonical)
    assert fixed(text).splitlines()[9] == canonical + line[len(key) :]


def test_t02_in_a_split_block_too() -> None:
    text = fastrpc("LINK: " + LORE, "", SOB)
    assert where(check(text)) == [("T02", 9), ("T01", 10)]


def test_t02_unknown_keys_are_left_alone() -> None:
    assert check(fastrpc(LINK, "Tracked-ON: 1234", SOB)) == []


def test_t02_canonical_keys_are_clean() -> None:
    text = fastrpc(
        "Reported-by: Carol Example <carol@example.com>",
        "Closes: https://lore.kernel.org/r/20240930-carol@example.com",
        'Fixes: c68cfb718c8f ("misc: fastrpc: Add support for dmabuf")',
        "Cc: stable@vger.kernel.org",
        LINK,
        "Reviewed-by: " + BOB,
        SOB,
        CRS,
    )
    assert check(text) == []


@pytest.mark.parametrize(
    "line",
    [
        "CC: linux-arm-msm@vger.kernel.org",
        "cc: u-boot@lists.denx.de",
        "Message-ID: <20241001-fastrpc-v1-1-abc@example.com>",
    ],
)
def test_t02_mail_header_keys_in_any_case(line: str) -> None:
    # Cc:, To: and Message-Id: are mail header names: mail tools and RFCs write them in any case.
    assert [f.code for f in check(fastrpc(LINK, line, SOB)) if f.code == "T02"] == []


# -- T03 trailer-separator -----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "problems", "good"),
    [
        (f"Link:{LORE}", "no space after ':'", LINK),
        (f"Link:\t{LORE}", "tab after ':'", LINK),
        (f"Link:  {LORE}", "several spaces after ':'", LINK),
        (f"Link :{LORE}", "whitespace before ':', no space after ':'", LINK),
        (f"Link\t: {LORE}", "whitespace before ':'", LINK),
        ("CRs-Fixed :  4564170", "whitespace before ':', several spaces after ':'", CRS),
    ],
)
def test_t03_separator(line: str, problems: str, good: str) -> None:
    key = good.split(":")[0]
    before = () if key == "Link" else (LINK,)
    text = fastrpc(*before, line, SOB)
    f = only(check(text), "T03")
    assert f.line == 9 + len(before)
    assert f.severity == "warning"
    assert f.message == f"{key}: {problems}"
    assert f.fix == f"write '{good}'"
    assert fixed(text) == fastrpc(*before, good, SOB)


def test_t03_sign_off_with_space_before_colon() -> None:
    text = fastrpc(LINK, "Signed-off-by : " + "Ada Lovelace <ada@example.com>")
    f = only(check(text), "T03")
    assert (f.line, f.message) == (10, "Signed-off-by: whitespace before ':'")
    assert fixed(text) == fastrpc(LINK, SOB)


def test_t03_value_on_the_continuation_line() -> None:
    # git folds "Cc:" + "  Srinivas ..." into one trailer; no space is missing after the colon.
    text = fastrpc(LINK, "Cc:", "  Srinivas Kandagatla <srini@kernel.org>", SOB)
    assert check(text) == []
    text = fastrpc(LINK, "Cc :", "  Srinivas Kandagatla <srini@kernel.org>", SOB)
    f = only(check(text), "T03")
    assert (f.line, f.message) == (10, "Cc: whitespace before ':'")
    [edit] = f.edits
    assert (edit.start, edit.end, edit.new) == (2, 4, ":")
    out = fixed(text)
    assert out == fastrpc(LINK, "Cc:", "  Srinivas Kandagatla <srini@kernel.org>", SOB)
    assert fixed(out) == out


def test_t03_empty_value_is_t05() -> None:
    assert where(check(fastrpc(LINK, "Cc:", SOB))) == [("T05", 10)]
    assert where(check(fastrpc(LINK, "Cc :", SOB))) == [("T05", 10)]


def test_t03_url_lines_are_not_trailers() -> None:
    text = fastrpc("https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/", LINK, SOB)
    assert check(text) == []


# -- T04 trailer-key-typo ------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "near"),
    [
        ("Signed-of-by", ADA, "Signed-off-by"),
        ("Sigend-off-by", ADA, "Signed-off-by"),
        ("Signed-off-yb", ADA, "Signed-off-by"),
        ("Sign-off-by", ADA, "Signed-off-by"),
        ("Reviwed-by", BOB, "Reviewed-by"),
        ("Review-by", BOB, "Reviewed-by"),
        ("eviewed-by", BOB, "Reviewed-by"),
        ("Acked-off-by", BOB, "Acked-by"),
        ("Ack-by", BOB, "Acked-by"),
        ("Reviewed-off-by", BOB, "Reviewed-by"),
        ("Tested-of-by", BOB, "Tested-by"),
        ("Test-by", BOB, "Tested-by"),
        ("Co-develop-by", BOB, "Co-developed-by"),
        ("Co-developped-by", BOB, "Co-developed-by"),
        ("Lnik", LORE, "Link"),
        ("Links", f"[1] {LORE}", "Link"),
        ("CRs-Fxed", "4564170", "CRs-Fixed"),
        ("Fixed", 'c68cfb718c8f ("misc: fastrpc: Add support for dmabuf")', "Fixes"),
        ("Fixess", 'c68cfb718c8f ("misc: fastrpc: Add support for dmabuf")', "Fixes"),
        ("Fixed", 'commit c68cfb718c8f ("misc: fastrpc: Add support for dmabuf")', "Fixes"),
    ],
)
def test_t04_misspelt_key(key: str, value: str, near: str) -> None:
    line = f"{key}: {value}"
    text = fastrpc(LINK, line, SOB) if near != "Signed-off-by" else fastrpc(LINK, line)
    findings = [f for f in check(text) if f.code == "T04"]
    assert where(findings) == [("T04", 10)]
    [f] = findings
    assert f.severity == "error"
    assert f.message == f"unknown key {key}: looks like {near}:"
    assert f.fix == f"write '{near}:'"
    assert fixed(text).splitlines()[9] == f"{near}: {value}"


def test_t04_list_for_link() -> None:
    text = fastrpc(f"List: {LORE}", SOB)
    findings = check(text)
    assert where(findings) == [("L01", 1), ("T04", 9)]
    assert findings[1].message == "unknown key List: looks like Link:"


@pytest.mark.parametrize(
    ("key", "near"),
    [
        ("Codevelop-by", "Co-developed-by"),
        ("Reviewed-by-by", "Reviewed-by"),
        ("Acked-by-by", "Acked-by"),
    ],
)
def test_t04_three_letters_off_a_long_key_is_reported_not_fixed(key: str, near: str) -> None:
    text = fastrpc(LINK, f"{key}: {BOB}", SOB)
    f = only(check(text), "T04")
    assert (f.line, f.severity) == (10, "error")
    assert f.message == f"unknown key {key}: looks like {near}:"
    assert f.fix == f"write '{near}:' if that is the key meant (too far off to be corrected for you)"
    assert f.edits == []
    assert fixed(text) == text


@pytest.mark.parametrize(
    "line",
    [
        "Tested-on: sm8750-mtp",  # the board, not a tester
        "Reviewed-on: https://chromium-review.googlesource.com/c/chromiumos/third_party/kernel/+/5123456",
        "Helped-by: " + BOB,
        "Commit-Queue: " + BOB,
        "Commit-Ready: " + BOB,
    ],
)
def test_t04_real_keys_that_look_like_others_are_known(line: str) -> None:
    text = fastrpc(LINK, line, SOB)
    assert check(text) == []
    assert fixed(text) == text


@pytest.mark.parametrize(
    "line",
    [
        "Reported-on: 2024-10-01",  # another word, not a misspelt "by"
        "Acked-for: drivers/misc",
        "Reviewed-by-me: " + BOB,  # three letters off, but the last word changes
        "Ack: " + BOB,  # three characters or fewer: never a misspelling
        "Fix: the map refcount",
        "Line: 42",  # a Link: is a URL
        "Fixed: typo in the comment above fastrpc_map_create()",  # a Fixes: names a commit
        "Fixme: drop the second reference too",
        "Originated-by: " + BOB,
        "Tracked-On: 1234",
        "Reported-and-tested-by: " + BOB,
        "Bug: 1234",
        "Test: 1234",
        "X: 1234",
    ],
)
def test_t04_other_keys_are_no_typos(line: str) -> None:
    assert [f for f in check(fastrpc(LINK, line, SOB)) if f.code == "T04"] == []


def test_t04_empty_line_of_a_short_key_is_prose() -> None:
    # u-boot: "... which has the following Signed-off-by\nline:" wrapped before its colon.
    text = fastrpc(LINK, "line:", SOB)
    assert check(text) == []


def test_t04_configured_keys_are_not_typos() -> None:
    text = fastrpc(LINK, f"Links: [1] {LORE}", SOB)
    assert where(check(text)) == [("T04", 10)]
    ctx = context()
    ctx.keys = DEFAULT_KEYS.with_extra(["Links"])
    assert check_message(Message.from_text(text), ctx, rules()) == []


@pytest.mark.parametrize("line", ["fixup: comments", "V2: Drop the extra reference instead", "Serie-cc: " + BOB])
def test_t04_leftovers_are_never_corrected(line: str) -> None:
    text = fastrpc(LINK, SOB, line)
    findings = check(text, select=("T07",), extra=("T09",))
    assert where(findings) == [("T09", 11)]
    assert fixed(text, select=("T07",), extra=("T09",)) == text


# -- T05 trailer-empty-value ---------------------------------------------------


@pytest.mark.parametrize("key", ["Reviewed-by", "Cc", "Link", "CRs-Fixed", "Fixes"])
def test_t05_empty_value(key: str) -> None:
    text = fastrpc(LINK, f"{key}:", SOB)
    f = only(check(text), "T05")
    assert f.line == 10
    assert f.severity == "error"
    assert f.message == f"{key}: has no value"
    assert f.fix == "fill in or remove line 10"
    assert f.edits == []


def test_t05_whitespace_only_value() -> None:
    assert where(check(fastrpc(LINK, "Cc:   ", SOB))) == [("T05", 10)]


def test_t05_empty_duplicates_are_not_t06() -> None:
    assert where(check(fastrpc(LINK, "Reviewed-by:", "Reviewed-by:", SOB))) == [("T05", 10), ("T05", 11)]


def test_t05_empty_sign_off_next_to_a_real_one() -> None:
    assert where(check(fastrpc(LINK, "Signed-off-by:", SOB))) == [("T05", 10)]


def test_t05_unknown_key_alone_is_a_heading() -> None:
    # u-boot: "OpenRISC:" above the Tested-by: of the one who tested it there.
    text = fastrpc(LINK, "OpenRISC:", "Tested-by: " + BOB, SOB)
    assert check(text) == []


# -- T06 trailer-duplicate -----------------------------------------------------


def test_t06_repeated_sign_off() -> None:
    text = fastrpc(LINK, CRS, SOB, SOB)
    f = only(check(text), "T06")
    assert f.line == 12
    assert f.severity == "warning"
    assert f.message == "Signed-off-by: repeats line 11"
    assert f.fix == "remove line 12"
    assert fixed(text) == fastrpc(LINK, CRS, SOB)


def test_t06_sign_off_again_after_other_trailers_is_the_signer_applying_it() -> None:
    # b4/git am -s: the author posted it with a review, then applied it as maintainer.
    text = fastrpc(SOB, "Reviewed-by: " + BOB, LINK, SOB)
    assert check(text) == []
    text = fastrpc(LINK, SOB, CRS, SOB)
    assert check(text) == []


def test_t06_sign_off_chain_through_others_is_kept() -> None:
    text = fastrpc(LINK, SOB, SOB_BOB, BACKPORT_NOTE, SOB)
    assert check(text) == []


def test_t06_review_collected_twice_by_the_same_person() -> None:
    # u-boot: the same reviewer's two tags collected twice over.
    review, test = "Reviewed-by: " + BOB, "Tested-by: " + BOB + " # sm8750-mtp"
    text = fastrpc(LINK, SOB, review, test, review, test)
    findings = check(text)
    assert [(f.code, f.line, f.message, f.fix) for f in findings] == [
        ("T06", 13, "Reviewed-by: repeats line 11", "remove line 13"),
        ("T06", 14, "Tested-by: repeats line 12", "remove line 14"),
    ]
    assert fixed(text) == fastrpc(LINK, SOB, review, test)


def test_t06_repeated_among_other_reviewers_and_cc() -> None:
    text = fastrpc(
        LINK,
        "Cc: Srinivas Kandagatla <srini@kernel.org>",
        "Cc: linux-arm-msm@vger.kernel.org",
        "Cc: Srinivas Kandagatla <srini@kernel.org>",
        SOB,
    )
    f = only(check(text), "T06")
    assert (f.line, f.message) == (12, "Cc: repeats line 10")


@pytest.mark.parametrize("between", [SOB_BOB, BACKPORT_NOTE, CHERRY])
def test_t06_review_repeated_after_a_later_step_is_kept(between: str) -> None:
    review = "Reviewed-by: " + BOB
    text = fastrpc(LINK, review, SOB, between, review, SOB_BJORN)
    assert [f.code for f in check(text) if f.code == "T06"] == []


def test_t06_compares_case_insensitively_with_whitespace_folded() -> None:
    text = fastrpc(LINK, SOB, "Signed-off-by: ada  lovelace <ADA@example.com>")
    f = only(check(text), "T06")
    assert (f.line, f.message) == (11, "Signed-off-by: repeats line 10")
    assert fixed(text) == fastrpc(LINK, SOB)


def test_t06_key_case_differs() -> None:
    text = fastrpc(LINK, CRS, "CRS-FIXED: 4564170", SOB)
    findings = check(text)
    assert where(findings) == [("T02", 11), ("T06", 11)]
    assert findings[1].message == "CRS-FIXED: repeats line 10"


def test_t06_folded_duplicate_removes_all_its_lines() -> None:
    text = fastrpc(
        "Cc: Srinivas Kandagatla", "  <srini@kernel.org>", LINK, "Cc: Srinivas Kandagatla", "  <srini@kernel.org>", SOB
    )
    f = only(check(text), "T06")
    assert (f.line, f.message, f.fix) == (12, "Cc: repeats line 9", "remove lines 12-13")
    assert fixed(text) == fastrpc("Cc: Srinivas Kandagatla", "  <srini@kernel.org>", LINK, SOB)


def test_t06_across_a_split_block() -> None:
    text = fastrpc(LINK, "", LINK, SOB)
    assert where(check(text)) == [("T01", 10), ("T06", 11)]


def test_t06_different_values_are_fine() -> None:
    assert check(fastrpc(LINK, "CRs-Fixed: 4564170", "CRs-Fixed: 4564171", SOB)) == []


def test_t06_only_known_keys() -> None:
    # u-boot: compiler output quoted below the sign-off, one warning twice.
    warning = "warning: comparison between signed and unsigned integer expressions [-Wsign-compare]"
    text = fastrpc(LINK, SOB, warning, warning)
    assert [f.code for f in check(text) if f.code == "T06"] == []


# -- T07 trailer-key-unknown ---------------------------------------------------


def test_t07_off_by_default() -> None:
    text = fastrpc(LINK, "Tracked-On: 1234", SOB)
    assert check(text) == []
    for profile in ("qcom", "android", "chromeos", "upstream"):
        assert rules(profile).severity_of("T07") == "off"


def test_t07_selected() -> None:
    text = fastrpc(LINK, "Tracked-On: 1234", "Signed-of-by: " + "Ada Lovelace <ada@example.com>", SOB)
    findings = check(text, select=("T07",))
    assert where(findings) == [("T07", 10), ("T04", 11)]
    t07 = next(f for f in findings if f.code == "T07")
    assert t07.severity == "warning"
    assert t07.message == "unknown trailer key Tracked-On:"
    assert t07.fix == "use a known key or configure it"


def test_t07_not_for_keys_t04_reports() -> None:
    text = fastrpc(LINK, "Codevelop-by: " + BOB, "Signed-off-by: " + BOB, SOB)
    assert where(check(text, select=("T07",))) == [("T04", 10)]


def test_t07_a_value_that_does_not_fit_leaves_the_key_unknown() -> None:
    text = fastrpc(LINK, "Line: 42", SOB)
    f = only(check(text, select=("T07",)), "T07")
    assert (f.line, f.message) == (10, "unknown trailer key Line:")


def test_t07_known_keys_are_configurable() -> None:
    text = fastrpc(LINK, "Tracked-On: 1234", SOB)
    ctx = context()
    ctx.keys = DEFAULT_KEYS.with_extra(["Tracked-On"])
    assert check_message(Message.from_text(text), ctx, rules(select=("T07",))) == []


# -- T08 trailer-outside-block -------------------------------------------------


def test_t08_sign_off_in_the_middle_of_the_body() -> None:
    body = (
        "Drop the extra reference taken in fastrpc_map_create().\n"
        f"{SOB_BOB}\n"
        "\n"
        "The second reference was added by the dmabuf rework."
    )
    text = message(FASTRPC, LINK, SOB, body=body)
    f = only(check(text), "T08")
    assert f.line == 4
    assert f.severity == "warning"
    assert f.message == "Signed-off-by: is in the body, where git does not read it as a trailer"
    assert f.fix == "move the trailers into the trailer block at the end"
    assert git_trailers(text) == f"{LINK}\n{SOB}\n"


def test_t08_link_above_prose_makes_it_invisible() -> None:
    # The Link: is there (no L01): where it stands is the one problem, said once.
    text = fastrpc(LINK, "See the thread for the measurements.", "", SOB)
    assert where(check(text)) == [("T08", 9)]


def test_t08_fixes_and_closes_in_the_body() -> None:
    body = (
        "Drop the extra reference taken in fastrpc_map_create().\n\n"
        'Fixes: c68cfb718c8f ("misc: fastrpc: Add support for dmabuf")\n'
        "Closes: https://lore.kernel.org/r/20240930-fastrpc-leak-report-1@example.com/\n\n"
        "The map is now released on the error path as well."
    )
    text = message(FASTRPC, LINK, SOB, body=body)
    assert [(f.code, f.line, f.message) for f in check(text) if f.code == "T08"] == [
        ("T08", 5, "Fixes:, Closes: on lines 5-6 are in the body, where git does not read them"),
    ]


def test_t08_one_finding_when_git_reads_no_final_block() -> None:
    # A long note under the sign-offs: under a quarter of the lines are trailers, so git sees none.
    text = message(
        FASTRPC,
        LINK,
        SOB,
        "[ada: squashed the follow-up fixes into this commit:",
        "    misc: fastrpc: Take the map lock in fastrpc_map_put()",
        "    misc: fastrpc: Drop the stale map on invoke failure",
        "    misc: fastrpc: Keep the dma-buf reference with the map",
        "    misc: fastrpc: Release the map on the error path",
        "    misc: fastrpc: Check the map's length before use",
        "    misc: fastrpc: Fix the map lookup with offsets",
        "]",
    )
    findings = check(text)
    assert [(f.code, f.line, f.message) for f in findings] == [
        (
            "T08",
            9,
            "git reads no trailer block: the last paragraph (lines 9-18) has 8 line(s) that are no trailers, "
            "so Link:, Signed-off-by: there are text to git",
        )
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Note: the map is refcounted twice.",
        "  Signed-off-by: indented, part of a quote",
        "Link:",
    ],
)
def test_t08_ignores_weak_keys_and_indented_lines(line: str) -> None:
    body = f"Drop the extra reference.\n{line}\n\nMore prose."
    assert [f.code for f in check(message(FASTRPC, LINK, SOB, body=body)) if f.code == "T08"] == []


def test_t08_not_for_the_subject_paragraph() -> None:
    text = f"{QCLINUX}\nSigned-off-by: {BOB}\n\n{QCLINUX_BODY}\n\n{SOB}\n"
    assert [f.code for f in check(text) if f.code == "T08"] == []


def test_t08_not_for_split_blocks() -> None:
    assert where(check(fastrpc(LINK, "", SOB))) == [("T01", 10)]


# -- T09 trailer-leftover ------------------------------------------------------

UBOOT = "arm: ti: am3517_evm: Migrate to OF_UPSTREAM"
UBOOT_BODY = "The board's device tree is in dts/upstream now; drop the U-Boot copy and point the defconfig there."
SOB_ADAM = "Signed-off-by: Adam Ford <aford173@gmail.com>"


def uboot(*trailers: str) -> str:
    return message(UBOOT, *trailers, body=UBOOT_BODY)


def leftovers(text: str) -> list[tuple[str, int | None, str]]:
    """T findings under upstream, T07 selected, T09 included."""
    found = check(text, "upstream", select=("T07",), extra=("T09",))
    return [(f.code, f.line, f.message) for f in found if f.code.startswith("T")]


@pytest.mark.parametrize(
    ("trailers", "line", "message"),
    [
        ((SOB_ADAM, "", "V2:  Remove DT from Makefile"), 7, "V2: is a changelog left in the message, not a trailer"),
        ((SOB_ADAM, "v3: Rebase on master"), 6, "v3: is a changelog left in the message, not a trailer"),
        (
            (SOB_ADAM, "", "Changes in v2:", "- Drop the U-Boot copy of the DT"),
            7,
            "'Changes in v2:' is a changelog left in the message, not a trailer",
        ),
        (
            (SOB_ADAM, "---", "Changes for v2:", "   - Remove unneeded CONFIG_BOOTFILE"),
            7,
            "'Changes for v2:' is a changelog left in the message, not a trailer",
        ),
        (
            (SOB_ADAM, "", "Version-changes: 2", "- use dev_read_addr_ptr()"),
            7,
            "Version-changes: is a changelog left in the message, not a trailer",
        ),
        (
            (SOB_ADAM, "Series-changes: 2", "- Enable DISTRO_DEFAULT"),
            6,
            "Series-changes: is a patman tag left in the message, not a trailer",
        ),
        (("Series-to: u-boot", SOB_ADAM), 5, "Series-to: is a patman tag left in the message, not a trailer"),
        (
            ("Patch-cc: Tom Rini <trini@konsulko.com>", SOB_ADAM),
            5,
            "Patch-cc: is a patman tag left in the message, not a trailer",
        ),
        ((SOB_ADAM, "Cover-letter:"), 6, "Cover-letter: is a patman tag left in the message, not a trailer"),
        ((SOB_ADAM, "Commit-notes:"), 6, "Commit-notes: is a patman tag left in the message, not a trailer"),
        ((SOB_ADAM, "Serie-cc: trini"), 6, "Serie-cc: is a patman tag left in the message, not a trailer"),
        ((SOB_ADAM, "Series-cc trini"), 6, "'Series-cc trini' is a patman tag left in the message, not a trailer"),
        ((SOB_ADAM, "", "fixup: comments"), 7, "fixup: is a fixup note left in the message, not a trailer"),
    ],
)
def test_t09_leftover(trailers: tuple[str, ...], line: int, message: str) -> None:
    text = uboot(*trailers)
    found = [f for f in check(text, "upstream", extra=("T09",)) if f.code == "T09"]
    assert [(f.line, f.message) for f in found] == [(line, message)]
    [f] = found
    assert f.severity == "warning"
    assert f.edits == []
    # --fix leaves every line as it is (T01 may still remove a blank line above it).
    out = fixed(text, "upstream", extra=("T09",)).splitlines()
    assert [t for t in trailers if t] == [t for t in out[4:] if t]


def test_t09_fix_hints() -> None:
    found = leftovers(uboot(SOB_ADAM, "V2: Remove DT from Makefile", "Series-cc: trini", "squash: x"))
    assert [line for _, line, _ in found] == [6, 7, 8]
    text = uboot(SOB_ADAM, "V2: Remove DT from Makefile", "Series-cc: trini", "squash: x")
    hints = [f.fix for f in check(text, "upstream", extra=("T09",)) if f.code == "T09"]
    assert hints == [
        "remove it; a changelog goes below the '---' line of the posted patch",
        "remove it; patman strips its tags from the patches it sends",
        "squash it into the commit it fixes, or remove the line",
    ]


def test_t09_is_the_only_finding_on_a_leftover() -> None:
    # Not T04 (fixup: -> Fixes:), T07 (unknown key), T03 (two spaces) or T05 (no value).
    text = uboot(SOB_ADAM, "fixup: comments", "V2:  Remove DT from Makefile", "Changelog:", "Series-CC: marex")
    assert leftovers(text) == [
        ("T09", 6, "fixup: is a fixup note left in the message, not a trailer"),
        ("T09", 7, "V2: is a changelog left in the message, not a trailer"),
        ("T09", 8, "Changelog: is a changelog left in the message, not a trailer"),
        ("T09", 9, "Series-CC: is a patman tag left in the message, not a trailer"),
    ]


def test_t09_changelog_between_the_sign_off_and_later_reviews() -> None:
    # The author's sign-off, the changelog, and the reviews the maintainer added when applying it;
    # git reads only the last paragraph as trailers.
    text = uboot(
        SOB_ADAM,
        "",
        "V2: Remove ifdef completely and reference offset from the omap_hsmmc_ids table.",
        "",
        "V1: Change ifdef to ignore OMAP3",
        "Reviewed-by: Tom Rini <trini@konsulko.com>",
    )
    assert leftovers(text) == [
        ("T08", 5, "Signed-off-by: is in the body, where git does not read it as a trailer"),
        ("T09", 7, "V2: is a changelog left in the message, not a trailer"),
        ("T09", 9, "V1: is a changelog left in the message, not a trailer"),
    ]


def test_t09_changelog_below_the_sign_offs_with_prose_after_it() -> None:
    text = uboot(SOB_ADAM, "", "Changes for v2:", "- Split the DT from the board", "", "regards,", "Adam")
    assert leftovers(text) == [
        ("T08", 5, "Signed-off-by: is in the body, where git does not read it as a trailer"),
        ("T09", 7, "'Changes for v2:' is a changelog left in the message, not a trailer"),
    ]


@pytest.mark.parametrize(
    "trailers",
    [
        # "adapted with the following\nchanges:" is a sentence wrapped before its colon.
        (SOB_ADAM, "", "Code taken from the vendor tree and adapted with the following", "changes:", "- drop ETH"),
        ("Change-Id: I0123456789abcdef0123456789abcdef01234567", SOB_ADAM),
        ("Commit-Queue: Tom Rini <trini@konsulko.com>", SOB_ADAM),
        ("Patchwork: https://patchwork.ozlabs.org/patch/306640/", SOB_ADAM),
        (SOB_ADAM, "", "Change the default to version 2 of the protocol."),
    ],
)
def test_t09_not_leftovers(trailers: tuple[str, ...]) -> None:
    assert [f for f in check(uboot(*trailers), "upstream", extra=("T09",)) if f.code == "T09"] == []


def test_t09_changelog_in_the_body_above_the_trailers_is_left_alone() -> None:
    body = f"{UBOOT_BODY}\n\nChanges in v2:\n- Drop the U-Boot copy of the DT"
    text = message(UBOOT, SOB_ADAM, body=body)
    assert [f for f in check(text, "upstream", extra=("T09",)) if f.code == "T09"] == []


# -- the whole block -----------------------------------------------------------


def test_trailer_severities() -> None:
    expected = {
        "T01": "error",
        "T02": "warning",
        "T03": "warning",
        "T04": "error",
        "T05": "error",
        "T06": "warning",
        "T07": "off",
        "T08": "warning",
        "T09": "warning",
    }
    for profile in ("qcom", "android", "chromeos", "upstream"):
        ruleset = rules(profile, extra=("T09",))
        severities = {**expected, "T01": "warning"} if profile == "android" else expected
        assert {code: ruleset.severity_of(code) for code in expected} == severities


def test_every_trailer_problem_at_once() -> None:
    text = message(
        "BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount",
        BACKPORT_NOTE,
        f"Link:{LORE}",
        SOB_BOB,
        "",
        "Reviwed-by: " + BOB,
        "Acked-By: Bjorn Andersson <andersson@kernel.org>",
        "Cc:",
        f"(cherry picked from commit {SHA})",
        SOB,
        "signed-off-by: Ada Lovelace <ada@example.com>",
    )
    assert where(check(text)) == [
        ("T03", 10),
        ("T01", 12),
        ("T04", 13),
        ("T02", 14),
        ("T05", 15),
        ("T02", 18),
        ("T06", 18),
    ]
    # One round: the T06 deletion overlaps the T02 edit of the same line and waits for the next round.
    once = fixed(text)
    assert once == message(
        "BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount",
        BACKPORT_NOTE,
        LINK,
        SOB_BOB,
        "Reviewed-by: " + BOB,
        "Acked-by: Bjorn Andersson <andersson@kernel.org>",
        "Cc:",
        f"(cherry picked from commit {SHA})",
        SOB,
        SOB,
    )
    assert where(check(once)) == [("T05", 14), ("T06", 17)]
    assert fixed(once) == once.replace(f"{SOB}\n{SOB}\n", f"{SOB}\n")


def test_t08_not_when_the_blank_line_t01_reports_is_the_one_cause() -> None:
    # A reviewer's note above their Reviewed-by:, a blank line under the sign-off. git reads no block
    # (the last paragraph has no sign-off and one line of text), but without the blank line it would:
    # T01 alone reports it.
    text = message(
        "doc: Update the devicetree documentation",
        SOB,
        "",
        "Fix typos.",
        "Reviewed-by: Heinrich Schuchardt <xypron.glpk@gmx.de>",
        body="Update the information and add mention of the u-boot.dtsi files.",
    )
    assert [(f.code, f.line) for f in check(text, "upstream")] == [("T01", 6)]


def test_t01_chromeos_rebase_notes_are_one_block() -> None:
    # ChromeOS rebases put their note and the re-signer's sign-off in a paragraph of their own,
    # and the new Change-Id: in another: one block to the tree's own tooling.
    text = message(
        "ANDROID: arm64: Make Image.gz-dtb depend on Image.gz",
        "Signed-off-by: Amit Pundir <amit.pundir@linaro.org>",
        "(cherry picked from commit 612360dfb0b954f93644b347e79436e68e91b9d6)",
        "Signed-off-by: Guenter Roeck <groeck@chromium.org>",
        "",
        "[rebase52(rrangel): Context conflict]",
        "Signed-off-by: Raul E Rangel <rrangel@chromium.org>",
        "",
        "Change-Id: I2b2da8d3a90fbc7c09ebf4a257e8696e508d6735",
        body="Let's make the Image.gz-dtb build target depend on Image.gz explicitly.",
    )
    assert [f.code for f in check(text, "chromeos") if f.code == "T01"] == []
    # Elsewhere the same blank lines hide the sign-offs from git.
    assert [(f.code, f.line) for f in check(text, "android") if f.code == "T01"] == [("T01", 8), ("T01", 11)]
    # Above the first rebase note a blank line still splits the block.
    split = text.replace("(cherry picked from commit", "\n(cherry picked from commit")
    assert [(f.code, f.line) for f in check(split, "chromeos") if f.code == "T01"] == [("T01", 6)]


def test_t05_value_wrapped_onto_the_next_line() -> None:
    # b4 glitch seen on real history: the URL of a Link: on the line below its key.
    text = message(
        "board: ti: am62x: Fix the DDR size",
        SOB,
        "Link:",
        "https://lore.kernel.org/r/20240101120000.1234-1-ada@example.com",
        body="The EVM has 2 GiB of DDR, not 4.",
    )
    assert [(f.code, f.line, f.message, f.fix, f.edits) for f in check(text, "upstream")] == [
        ("T05", 6, "Link: has its value on the next line (7)", "join line 7 to line 6", [])
    ]
    # An empty key above another trailer has no value at all.
    text = message("board: ti: am62x: Fix the DDR size", "Reviewed-by:", SOB, body="The EVM has 2 GiB.")
    assert [(f.code, f.message) for f in check(text, "upstream")] == [("T05", "Reviewed-by: has no value")]


def test_t01_not_above_a_last_paragraph_that_is_only_a_leftover() -> None:
    # git reads "fixup: comments" as the block; the sign-off above it is not cut off by a mistake
    # of the blank line but by the leftover, which T09 reports.
    text = message("spi: cadence-qspi: Fix the read delay", SOB, "", "fixup: comments", body="The delay is short.")
    assert [(f.code, f.line) for f in check(text, "upstream", extra=("T09",))] == [("T09", 7)]


def test_t03_doubled_colon() -> None:
    text = fastrpc(LINK, "cc:: Andreas Bie\u00dfmann <andreas@biessmann.org>", SOB)
    f = only(check(text), "T03")
    assert (f.line, f.message, f.fix) == (
        10,
        "cc: doubled ':'",
        "write 'cc: Andreas Bie\u00dfmann <andreas@biessmann.org>'",
    )
    assert fixed(text) == fastrpc(LINK, "cc: Andreas Bie\u00dfmann <andreas@biessmann.org>", SOB)


def test_t01_indented_line_below_the_blank_line_gets_no_fix() -> None:
    # A changelog indented by one space: joined, it would continue the sign-off above it.
    text = message(
        "ARM: sheevaplug: redefine MTDPARTS",
        "Signed-off-by: Gerald Kerma <drEagle@doukki.net>",
        "",
        " Changes in v1:",
        " - redefine MTDPARTS",
        "Signed-off-by: Prafulla Wadaskar <prafulla@marvell.com>",
        body="This patch redefines MTDPARTS.",
    )
    [f] = [f for f in check(text, "upstream") if f.code == "T01"]
    assert (f.line, f.fix, f.edits) == (6, "move or remove line 7, then remove line 6", [])


def test_t01_not_above_a_change_id_where_the_tree_takes_none() -> None:
    # M01 says the Change-Id: goes; joining it into the block is no fix.
    text = message(
        "rockchip: dts: rk3288: correct sdram setting for miniarm",
        "Signed-off-by: Jacob Chen <jacob2.chen@rock-chips.com>",
        "",
        "Change-Id: I84c3679dab2dbd8d01c1ebfd22220946d07c03cd",
        body="miniarm board use lpddr3",
    )
    assert [f.code for f in check(text, "upstream", extra=("M01",), author=None)] == ["M01"]
    assert [f.code for f in check(text, "android") if f.code == "T01"] == ["T01"]


def test_t01_and_t08_leave_a_cause_to_another_rule_only_when_it_runs() -> None:
    # With T09 (or M01) off, nothing else says that git reads no sign-off: T01 and T08 do.
    leftover = message("spi: cadence-qspi: Fix the read delay", SOB, "", "fixup: comments", body="The delay is short.")
    assert [f.code for f in check(leftover, "upstream", extra=("T09",))] == ["T09"]
    assert [f.code for f in check(leftover, "upstream")] == ["T01"]
    change_id = message(
        "rockchip: dts: rk3288: correct sdram setting for miniarm",
        SOB,
        "",
        "Change-Id: I84c3679dab2dbd8d01c1ebfd22220946d07c03cd",
        body="miniarm board use lpddr3",
    )
    assert [f.code for f in check(change_id, "upstream")] == ["T01"]
    changelog = message("env: Use the ENV_SAVE_PTR macro", SOB, "", "Changes in v2:", "- Finish UBI", body="Convert.")
    assert [f.code for f in check(changelog, "upstream", extra=("T09",))] == ["T09"]
    assert [f.code for f in check(changelog, "upstream")] == ["T08"]


def test_t03_doubled_colon_with_the_value_on_the_next_line() -> None:
    text = fastrpc(LINK, "Cc::", "  Srinivas Kandagatla <srini@kernel.org>", SOB)
    f = only(check(text), "T03")
    assert (f.message, f.fix) == ("Cc: doubled ':'", "write 'Cc:'")
    assert fixed(text) == fastrpc(LINK, "Cc:", "  Srinivas Kandagatla <srini@kernel.org>", SOB)
