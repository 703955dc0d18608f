"""M rules: Change-Id, CRs-Fixed, bug and test references, the body."""

from __future__ import annotations

import pytest

from tests.rules.kernel import (
    CHERRY,
    CRS,
    FASTRPC,
    FASTRPC_BODY,
    LINK,
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
    message,
    only,
    rules,
    where,
)

M = ("M01", "M02", "M03", "M04", "M05", "M06")
CHANGE_ID = "Change-Id: I5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765"
BUG = "Bug: 354289613"
CROS_BODY = (
    "The flush mask misses the merge-3d bit, so a mode set on a merged\n"
    "pipe leaves the second mixer unflushed.\n"
    "\n"
    "BUG=b:351234567\n"
    "TEST=boot trogdor, run igt kms_flip"
)
DPU = "FROMLIST: drm/msm/dpu: Fix the CTL flush mask"
AM_FROM = "(am from https://lore.kernel.org/r/20241001-dpu-v1-1-abc@example.com)"


def fastrpc(*trailers: str, subject: str = FASTRPC) -> str:
    """A FROMLIST pick; its first trailer is on line 9."""
    return message(subject, *trailers)


def android(*trailers: str, subject: str = FASTRPC) -> str:
    return fastrpc(*trailers, subject=subject)


def cros(*trailers: str, body: str = CROS_BODY) -> str:
    """A ChromeOS FROMLIST pick; its first trailer is on line 9."""
    return message(DPU, *trailers, body=body)


# -- M01 change-id-present -----------------------------------------------------


@pytest.mark.parametrize("profile", ["qcom", "upstream"])
def test_m01_change_id_in_a_kernel_org_bound_commit(profile: str) -> None:
    subject = FASTRPC if profile == "qcom" else "misc: fastrpc: Fix map refcount"
    text = fastrpc(LINK, CHANGE_ID, SOB, subject=subject)
    f = only(check(text, profile, extra=M), "M01")
    assert f.line == 10
    assert f.rule == "change-id-present"
    assert f.severity == "error"
    assert f.message == "Change-Id: does not belong in this tree"
    assert f.fix == "remove line 10"
    assert f.edits == []


def test_m01_every_change_id_is_reported() -> None:
    text = fastrpc(CHANGE_ID, LINK, SOB, "Change-Id: I0123456789abcdef0123456789abcdef01234567", CRS)
    assert where(check(text, extra=M)) == [("M01", 9), ("M01", 12)]


def test_m01_key_in_any_case_and_in_a_split_block() -> None:
    text = fastrpc(LINK, "Change-ID: I5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765", SOB, CRS)
    assert where(check(text, extra=M)) == [("M01", 10), ("T02", 10)]
    text = fastrpc(CHANGE_ID, "", LINK, SOB, CRS)
    assert where(check(text, extra=M)) == [("M01", 9), ("T01", 10)]


def test_m01_change_id_mentioned_in_the_body_is_not_a_trailer() -> None:
    body = f"{FASTRPC_BODY}\n\nThe Gerrit change (Change-Id I5b0e1b2c) is abandoned."
    assert check(message(FASTRPC, LINK, SOB, CRS, body=body), extra=M) == []


@pytest.mark.parametrize("profile", ["android", "chromeos"])
def test_m01_off_where_gerrit_is_the_tree(profile: str) -> None:
    assert rules(profile, extra=M).severity_of("M01") == "off"


# -- M02 change-id-missing -----------------------------------------------------


@pytest.mark.parametrize("profile", ["android", "chromeos"])
def test_m02_no_change_id(profile: str) -> None:
    text = android(BUG, LINK, SOB) if profile == "android" else cros(AM_FROM, SOB)
    f = only(check(text, profile, extra=M), "M02")
    assert f.line == 1
    assert f.rule == "change-id-missing"
    assert f.severity == "error"
    assert f.message == "no Change-Id: trailer"
    assert f.fix == "add 'Change-Id: I<40 hex digits>'"


@pytest.mark.parametrize(
    "value",
    [
        "I5b0e1b2c",
        "i5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765",
        "I5B0E1B2C4F0A6D3E9C8B7A6F5E4D3C2B1A098765",
        "5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765",
        "I5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a0987650",
        "https://android-review.googlesource.com/c/kernel/common/+/3265113",
    ],
)
def test_m02_malformed_change_id(value: str) -> None:
    text = android(BUG, LINK, f"Change-Id: {value}", SOB)
    f = only(check(text, "android", extra=M), "M02")
    assert f.line == 11
    assert f.message == f"Change-Id: {value!r} is not I followed by 40 hex digits"
    assert f.fix == "regenerate it"


def test_m02_empty_change_id_is_t05() -> None:
    assert where(check(android(BUG, LINK, "Change-Id:", SOB), "android", extra=M)) == [("T05", 11)]


def test_m02_change_id_present() -> None:
    assert check(android(BUG, LINK, CHANGE_ID, SOB), "android", extra=M) == []
    assert check(cros(AM_FROM, CHANGE_ID, SOB), "chromeos", extra=M) == []


@pytest.mark.parametrize("profile", ["qcom", "upstream"])
def test_m02_off_for_kernel_org_trees(profile: str) -> None:
    assert rules(profile, extra=M).severity_of("M02") == "off"


# -- M03 crs-fixed-malformed ---------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["CR#4564170", "4564170 4564171", "4564170; 4564171", "4564170,", "CR-4564170", "none", "4564170 (camera)"],
)
def test_m03_not_a_list_of_numbers(value: str) -> None:
    text = fastrpc(LINK, SOB, f"CRs-Fixed: {value}")
    f = only(check(text, extra=M), "M03")
    assert f.line == 11
    assert f.rule == "crs-fixed-malformed"
    assert f.severity == "error"
    assert f.message == f"CRs-Fixed: {value!r} is not a comma-separated list of numbers"
    assert f.fix == "write 'CRs-Fixed: <number>[, <number>...]'"
    assert f.edits == []


@pytest.mark.parametrize("value", ["4564170", "4564170, 4564171", "4564170,4564171", "4564170 , 4564171, 3998102"])
def test_m03_list_of_numbers(value: str) -> None:
    assert check(fastrpc(LINK, SOB, f"CRs-Fixed: {value}"), extra=M) == []


def test_m03_misspelt_key_is_still_read() -> None:
    text = fastrpc(LINK, SOB, "Crs-Fixed: CR#4564170")
    assert where(check(text, extra=M)) == [("M03", 11), ("T02", 11)]


@pytest.mark.parametrize("profile", ["android", "chromeos", "upstream"])
def test_m03_only_under_qcom(profile: str) -> None:
    assert rules(profile, extra=M).severity_of("M03") == "off"
    assert rules("qcom", extra=M).severity_of("M03") == "error"


# -- M04 bug-missing -----------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        FASTRPC,
        "BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount",
        "NOUPSTREAM: FROMLIST: scsi: ufs: Export query request interfaces",
    ],
)
@pytest.mark.parametrize("fixes", [(), (f'Fixes: {SHA[:12]} ("misc: fastrpc: Add map support")',)])
def test_m04_android_posting_needs_a_bug(subject: str, fixes: tuple[str, ...]) -> None:
    text = android(*fixes, LINK, CHANGE_ID, SOB, subject=subject)
    f = only(check(text, "android", extra=M), "M04")
    assert f.line == 1
    assert f.rule == "bug-missing"
    assert f.severity == "error"
    assert f.message == "FROMLIST: commit has no Bug: trailer"
    assert f.fix == "add 'Bug: <number>'"


@pytest.mark.parametrize(
    "subject",
    ["ANDROID: GKI: Update the symbol list for fastrpc", "NOUPSTREAM: ANDROID: GKI: add android_vendor.h"],
)
def test_m04_android_feature_needs_a_bug_or_a_fix_names_what_it_fixes(subject: str) -> None:
    text = android(CHANGE_ID, SOB, subject=subject)
    f = only(check(text, "android", extra=M), "M04")
    assert f.line == 1
    assert f.message == "ANDROID: commit has neither a Bug: nor a Fixes: trailer"
    assert f.fix == "add 'Bug: <number>' for a feature, or 'Fixes: <sha> (\"<subject>\")' for a fix"
    fixes = f'Fixes: {SHA[:12]} ("ANDROID: GKI: Add the fastrpc symbols")'
    assert check(android(fixes, CHANGE_ID, SOB, subject=subject), "android", extra=M) == []
    assert check(android(BUG, CHANGE_ID, SOB, subject=subject), "android", extra=M) == []


def test_m04_android_bug_in_the_body_counts() -> None:
    body = "Bug: 354289613\n\nExport the symbols fastrpc needs from the GKI, so that it loads as a module."
    text = message("ANDROID: GKI: Update the symbol list for fastrpc", CHANGE_ID, SOB, body=body)
    assert "M04" not in [f.code for f in check(text, "android", extra=M)]


def test_m04_android_picks_of_commits_need_no_bug() -> None:
    text = message(UFS, SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, CHANGE_ID, SOB, body=UFS_BODY)
    assert check(text, "android", extra=M) == []


def test_m04_android_bug_in_a_split_block_counts() -> None:
    text = android(BUG, "", LINK, CHANGE_ID, SOB)
    assert where(check(text, "android", extra=M)) == [("T01", 10)]


def test_m04_chromeos_needs_a_bug_line() -> None:
    body = CROS_BODY.replace("BUG=b:351234567\n", "")
    text = cros(AM_FROM, CHANGE_ID, SOB, body=body)
    f = only(check(text, "chromeos", extra=M), "M04")
    assert f.line == 1
    assert f.severity == "error"
    assert f.message == "no BUG= line"
    assert f.fix == "add 'BUG=b:<number>' (or BUG=None)"


def test_m04_chromeos_wants_bug_equals_not_a_bug_trailer() -> None:
    body = CROS_BODY.replace("BUG=b:351234567\n", "")
    text = cros(AM_FROM, BUG, CHANGE_ID, SOB, body=body)
    assert where(check(text, "chromeos", extra=M)) == [("M04", 1)]


@pytest.mark.parametrize("bug", ["BUG=None", "BUG=b:351234567, b:351234568", "BUG=chromium:1234567"])
def test_m04_chromeos_bug_lines(bug: str) -> None:
    body = CROS_BODY.replace("BUG=b:351234567", bug)
    assert check(cros(AM_FROM, CHANGE_ID, SOB, body=body), "chromeos", extra=M) == []


def test_m04_chromeos_every_prefix_needs_a_bug() -> None:
    body = "Keep the panel powered across suspend on trogdor.\n\nTEST=suspend_stress_test -c 10"
    text = message("CHROMIUM: drm/panel: Keep the panel powered", CHANGE_ID, SOB, body=body)
    assert where(check(text, "chromeos", extra=M)) == [("M04", 1)]


@pytest.mark.parametrize("profile", ["qcom", "upstream"])
def test_m04_m05_off_for_kernel_org_trees(profile: str) -> None:
    ruleset = rules(profile, extra=M)
    assert (ruleset.severity_of("M04"), ruleset.severity_of("M05")) == ("off", "off")


# -- M05 test-missing ----------------------------------------------------------


def test_m05_chromeos_needs_a_test_line() -> None:
    body = CROS_BODY.replace("\nTEST=boot trogdor, run igt kms_flip", "")
    text = cros(AM_FROM, CHANGE_ID, SOB, body=body)
    f = only(check(text, "chromeos", extra=M), "M05")
    assert f.line == 1
    assert f.rule == "test-missing"
    assert f.severity == "error"
    assert f.message == "no TEST= line"
    assert f.fix == "add 'TEST=<how it was tested>'"


def test_m05_test_line_must_start_the_line() -> None:
    body = CROS_BODY.replace("TEST=", "Tested with TEST=")
    assert where(check(cros(AM_FROM, CHANGE_ID, SOB, body=body), "chromeos", extra=M)) == [("M05", 1)]


def test_m05_off_under_android() -> None:
    assert rules("android", extra=M).severity_of("M05") == "off"
    assert check(android(BUG, LINK, CHANGE_ID, SOB), "android", extra=M) == []


def test_m04_m05_both_missing() -> None:
    body = "The flush mask misses the merge-3d bit."
    assert where(check(cros(AM_FROM, CHANGE_ID, SOB, body=body), "chromeos", extra=M)) == [("M04", 1), ("M05", 1)]


# -- M06 body-missing ----------------------------------------------------------


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos", "upstream"])
def test_m06_severity(profile: str) -> None:
    assert rules(profile, extra=M).severity_of("M06") == "warning"


def test_m06_subject_and_trailers_only() -> None:
    text = f"{QCLINUX}\n\n{SOB}\n{CRS}\n"
    f = only(check(text, extra=M), "M06")
    assert f.line == 1
    assert f.rule == "body-missing"
    assert f.severity == "warning"
    assert f.message == "the message has no body"
    assert f.fix == "describe why the change is needed"


def test_m06_subject_only() -> None:
    assert where(check(f"{QCLINUX}\n", extra=M)) == [("M06", 1), ("O01", 1)]


def test_m06_split_trailer_blocks_are_not_a_body() -> None:
    text = f"{QCLINUX}\n\nCc: linux-arm-msm@vger.kernel.org\n\n{SOB}\n{CRS}\n"
    assert where(check(text, extra=M)) == [("M06", 1), ("T01", 4)]


def test_m06_leading_blank_lines_and_subject_line_number() -> None:
    text = f"\n\n{QCLINUX}\n\n{SOB}\n{CRS}\n"
    assert where(check(text, extra=M)) == [("M06", 3)]


def test_m06_one_line_of_body_is_enough() -> None:
    assert check(message(QCLINUX, SOB, CRS, body=QCLINUX_BODY), extra=M) == []
    assert where(check(f"{QCLINUX}\n\n{QCLINUX_BODY}\n", extra=M)) == [("O01", 1)]


def test_m06_empty_message_is_s05_only() -> None:
    assert where(check("", extra=M)) == [("S05", 1)]


def test_m06_description_run_on_under_the_subject_is_a_body() -> None:
    # No blank line after the subject: the description is there, in the title paragraph.
    text = (
        "spi: cadence-qspi: Fix the read delay for the slow flashes\n"
        "The read delay is counted in reference clock cycles, not in\n"
        "SPI clock cycles, so slow flashes got too short a delay.\n"
        f"\n{SOB}\n"
    )
    assert where(check(text, "upstream", extra=M)) == []
