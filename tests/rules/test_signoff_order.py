"""O03 signoff-committer-last and O06 reported-without-closes: who signs off last, what follows a report."""

from __future__ import annotations

import pytest

from tests.rules.kernel import (
    ADA,
    BACKPORT_NOTE,
    BJORN,
    BOB,
    CHERRY,
    CRS,
    FASTRPC,
    LINK,
    QCLINUX,
    QCLINUX_BODY,
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

OO = ("O03", "O06")
SYZBOT = "Reported-by: syzbot+b8e7f5d4c3a2b1f0e9d8@syzkaller.appspotmail.com"
SYZBOT_CLOSES = "Closes: https://syzkaller.appspot.com/bug?extid=b8e7f5d4c3a2b1f0e9d8"
REPORTED = f"Reported-by: {BOB}"
CLOSES = "Closes: https://lore.kernel.org/r/20241001-report-1@example.com/"
MAINLINE = "misc: fastrpc: Fix map refcount"


def ufs(*trailers: str, subject: str = UFS) -> str:
    """Bob's upstream patch as Ada picks it; trailers from line 5."""
    return message(subject, *trailers, body=UFS_BODY)


def mainline(*trailers: str) -> str:
    """A patch for a kernel.org tree; trailers from line 9."""
    return message(MAINLINE, *trailers)


# -- O03 signoff-committer-last ------------------------------------------------


def test_o03_picker_did_not_sign_off_last() -> None:
    text = ufs(SOB_BOB, UFS_LINK, SOB, CHERRY, SOB_BJORN)
    f = only(check(text, extra=OO, committer=ADA), "O03")
    assert f.line == 9
    assert f.rule == "signoff-committer-last"
    assert f.severity == "warning"
    assert f.message == f"the last sign-off is not the committer's ({ADA})"
    assert f.fix == f"add 'Signed-off-by: {ADA}' at the end"
    assert f.edits == []


def test_o03_picker_signs_off_last() -> None:
    assert check(ufs(SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, SOB), extra=OO, committer=ADA) == []


@pytest.mark.parametrize(
    "committer",
    [
        ADA,
        "Ada Lovelace <ADA@Example.com>",
        "Ada Lovelace <ada+kernel@example.com>",
        "Ada Lovelace <ada@quicinc.com>",
    ],
)
def test_o03_committer_matched_like_the_author(committer: str) -> None:
    assert check(ufs(SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, SOB), extra=OO, committer=committer) == []


def test_o03_other_committer() -> None:
    text = ufs(SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, SOB)
    f = only(check(text, extra=OO, committer=BJORN), "O03")
    assert (f.line, f.message) == (9, f"the last sign-off is not the committer's ({BJORN})")


def test_o03_needs_a_known_committer() -> None:
    assert check(ufs(SOB_BOB, UFS_LINK, SOB, CHERRY, SOB_BJORN), extra=OO) == []


@pytest.mark.parametrize(
    ("subject", "extra_trailers"),
    [
        (FASTRPC, (LINK,)),
        ("FROMGIT: misc: fastrpc: Fix map refcount", (LINK, CHERRY)),
        ("BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount", (LINK, BACKPORT_NOTE)),
    ],
)
def test_o03_every_kind_of_pick(subject: str, extra_trailers: tuple[str, ...]) -> None:
    text = message(subject, SOB_BOB, *extra_trailers, CRS)
    findings = check(text, extra=OO, author=BOB, committer=ADA)
    assert [(f.code, f.line) for f in findings] == [("O03", 9)]


def test_o03_not_for_downstream_changes() -> None:
    text = message(QCLINUX, SOB, SOB_BOB, CRS, body=QCLINUX_BODY)
    assert check(text, extra=OO, committer=ADA) == []


def test_o03_not_without_sign_offs() -> None:
    assert where(check(ufs(UFS_LINK, CHERRY), extra=OO, committer=ADA)) == [("O01", 5)]


def test_o03_misspelt_last_sign_off_counts() -> None:
    text = ufs(SOB_BOB, UFS_LINK, CHERRY, f"Signed-of-by: {ADA}")
    assert where(check(text, extra=OO, committer=ADA)) == [("T04", 8)]
    text = ufs(SOB, UFS_LINK, CHERRY, f"Signed-of-by: {BOB}")
    assert where(check(text, extra=OO, committer=ADA)) == [("O03", 8), ("T04", 8)]


def test_o03_last_sign_off_above_a_blank_line() -> None:
    text = ufs(SOB_BOB, UFS_LINK, CHERRY, SOB, "", f"Cc: {BJORN}")
    assert where(check(text, extra=OO, committer=ADA)) == [("T01", 9)]


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos", "upstream"])
def test_o03_severity(profile: str) -> None:
    assert rules(profile, extra=OO).severity_of("O03") == "warning"


# -- O06 reported-without-closes -----------------------------------------------


def test_o06_report_without_closes() -> None:
    text = mainline(REPORTED, SOB)
    f = only(check(text, "upstream", extra=OO), "O06")
    assert f.line == 9
    assert f.rule == "reported-without-closes"
    assert f.severity == "warning"
    assert f.message == "Reported-by: is not followed by Closes:"
    assert f.fix == "add 'Closes: <URL of the report>' on the next line"
    assert f.edits == []


@pytest.mark.parametrize(
    "trailers",
    [
        (REPORTED, CLOSES, SOB),
        (SYZBOT, SYZBOT_CLOSES, SOB),
        (REPORTED, CLOSES, SYZBOT, SYZBOT_CLOSES, SOB),
        (f"Reported-and-tested-by: {BOB}", CLOSES, SOB),
        (SOB,),
    ],
)
def test_o06_report_followed_by_closes(trailers: tuple[str, ...]) -> None:
    assert check(mainline(*trailers), "upstream", extra=OO) == []


@pytest.mark.parametrize(
    ("trailers", "line", "key"),
    [
        ((REPORTED, "Link: https://lore.kernel.org/r/20241001-report-1@example.com/", SOB), 9, "Reported-by"),
        ((SOB, REPORTED), 10, "Reported-by"),
        ((f"Reported-and-tested-by: {BOB}", SOB), 9, "Reported-and-tested-by"),
        ((REPORTED, SYZBOT, SYZBOT_CLOSES, SOB), 9, "Reported-by"),
        ((CLOSES, REPORTED, SOB), 10, "Reported-by"),
    ],
)
def test_o06_closes_must_come_right_after(trailers: tuple[str, ...], line: int, key: str) -> None:
    f = only(check(mainline(*trailers), "upstream", extra=OO), "O06")
    assert (f.line, f.message) == (line, f"{key}: is not followed by Closes:")


def test_o06_every_report_is_checked() -> None:
    text = mainline(REPORTED, f"Reported-by: {BJORN}", CLOSES, SYZBOT, SOB)
    assert where(check(text, "upstream", extra=OO)) == [("O06", 9), ("O06", 12)]


def test_o06_key_case() -> None:
    text = mainline(f"Reported-By: {BOB}", "closes: https://lore.kernel.org/r/20241001-report-1@example.com/", SOB)
    assert where(check(text, "upstream", extra=OO)) == [("T02", 9), ("T02", 10)]
    text = mainline(f"Reported-By: {BOB}", SOB)
    assert where(check(text, "upstream", extra=OO)) == [("O06", 9), ("T02", 9)]


def test_o06_report_in_a_split_block() -> None:
    text = mainline(REPORTED, "", CLOSES, SOB)
    assert where(check(text, "upstream", extra=OO)) == [("T01", 10)]


@pytest.mark.parametrize(("profile", "severity"), [("qcom", "off"), ("android", "off"), ("chromeos", "off"),
                                                   ("upstream", "warning")])  # fmt: skip
def test_o06_severity(profile: str, severity: str) -> None:
    assert rules(profile, extra=OO).severity_of("O06") == severity


def test_o06_not_run_under_qcom() -> None:
    assert check(message(FASTRPC, REPORTED, LINK, SOB, CRS), extra=OO) == []
    assert where(check(message(FASTRPC, REPORTED, LINK, SOB, CRS), select=("O06",), extra=OO)) == [("O06", 9)]
