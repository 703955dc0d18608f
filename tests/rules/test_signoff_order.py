"""O03 signoff-committer-last and O06 reported-without-closes: who signs off last, what follows a report."""

from __future__ import annotations

import calendar
import json
import time
from pathlib import Path

import pytest

from tests.builders import commit, git, run_cli
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
    context,
    message,
    only,
    rules,
    where,
)
from trailercheck.engine import check_message
from trailercheck.model.message import Message
from trailercheck.rules import REGISTRY

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
        (REPORTED, "Link: https://lore.kernel.org/r/20241001-report-1@example.com/", SOB),
        (REPORTED, SYZBOT, SYZBOT_CLOSES, SOB),
        (REPORTED, f"Reported-by: {BJORN}", CLOSES, SOB),
    ],
)
def test_o06_report_followed_by_closes(trailers: tuple[str, ...]) -> None:
    assert check(mainline(*trailers), "upstream", extra=OO) == []


@pytest.mark.parametrize(
    ("trailers", "line", "key"),
    [
        ((REPORTED, "Link: https://patch.msgid.link/20241001-fastrpc-v2-1-abc@example.com", SOB), 9, "Reported-by"),
        ((SOB, REPORTED), 10, "Reported-by"),
        ((f"Reported-and-tested-by: {BOB}", SOB), 9, "Reported-and-tested-by"),
        ((REPORTED, SYZBOT, SOB), 10, "Reported-by"),
        ((CLOSES, REPORTED, SOB), 10, "Reported-by"),
    ],
)
def test_o06_closes_must_come_right_after(trailers: tuple[str, ...], line: int, key: str) -> None:
    f = only(check(mainline(*trailers), "upstream", extra=OO), "O06")
    assert (f.line, f.message) == (line, f"{key}: is not followed by Closes:")


def test_o06_every_report_is_checked() -> None:
    text = mainline(REPORTED, CLOSES, SYZBOT, SOB, f"Reported-by: {BJORN}", f"Tested-by: {BJORN}")
    assert where(check(text, "upstream", extra=OO)) == [("O06", 11), ("O06", 13)]


def test_o06_several_reporters_share_one_report() -> None:
    # Each of them is not followed by Closes:, but the run of reports is: one finding, at its end.
    text = mainline(REPORTED, f"Reported-by: {BJORN}", SYZBOT, f"Tested-by: {BJORN}", SOB)
    f = only(check(text, "upstream", extra=OO), "O06")
    assert (f.line, f.message) == (11, "Reported-by: is not followed by Closes:")


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
    assert check(message(FASTRPC, LINK, REPORTED, SOB, CRS), extra=OO) == []
    assert where(check(message(FASTRPC, LINK, REPORTED, SOB, CRS), select=("O06",), extra=OO)) == [("O06", 10)]


# -- O06: only for changes written since checkpatch asks for Closes: -------------


def _day(day: str) -> int:
    return calendar.timegm(time.strptime(day, "%Y-%m-%d"))


def check_written_on(text: str, day: str) -> list[tuple[str, int | None]]:
    msg = Message.from_text(text, author_date=_day(day) + 12 * 3600)
    return where(check_message(msg, context("upstream"), rules("upstream", extra=OO)))


def test_o06_starts_with_linux_6_4() -> None:
    assert REGISTRY["O06"].since == "2023-05-07"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2014-09-23", []),
        ("2023-05-06", []),
        ("2023-05-07", [("O06", 9)]),
        ("2025-11-20", [("O06", 9)]),
    ],
)
def test_o06_only_for_changes_written_since(day: str, expected: list[tuple[str, int]]) -> None:
    assert check_written_on(mainline(REPORTED, SOB), day) == expected


def test_o06_date_unknown_is_checked() -> None:
    assert where(check(mainline(REPORTED, SOB), "upstream", extra=OO)) == [("O06", 9)]


REPORT_FIX = f"misc: fastrpc: Fix map refcount\n\nDrop the extra reference.\n\n{REPORTED}\n{SOB}\n"


def _commit_on(repo: Path, day: str, name: str) -> None:
    commit(repo, REPORT_FIX, {name: day}, author_date=f"{day}T12:00:00+0000")


def _o06(doc: dict[str, list[dict[str, object]]]) -> list[str]:
    return [str(r["source"]) for r in doc["results"] for f in r["findings"] if f["code"] == "O06"]  # type: ignore[index]


def test_o06_author_date_of_commits_and_patches(repo: Path) -> None:
    _commit_on(repo, "2019-06-04", "old")
    _commit_on(repo, "2024-02-12", "new")
    new = git(repo, "rev-parse", "--short=12", "HEAD").strip()
    proc = run_cli("check", "--profile", "upstream", "--format", "json", "HEAD~2..HEAD", cwd=repo)
    assert _o06(json.loads(proc.stdout)) == [new]
    git(repo, "format-patch", "-q", "-o", "out", "-2")
    old_patch, new_patch = sorted((repo / "out").glob("*.patch"))
    proc = run_cli("patch", "--profile", "upstream", "--format", "json", str(old_patch), str(new_patch), cwd=repo)
    assert _o06(json.loads(proc.stdout)) == [str(new_patch)]


def test_o06_the_hook_reads_the_date_of_the_commit_being_made(repo: Path) -> None:
    path = repo / "COMMIT_EDITMSG"
    path.write_text(REPORT_FIX)
    proc = run_cli("msg", "--profile", "upstream", "--format", "json", str(path), cwd=repo)
    assert _o06(json.loads(proc.stdout)) == [str(path)]
    # git commit --amend of an older commit hands its author date to the hook.
    amend = {"GIT_AUTHOR_DATE": "@1559649600 +0000"}
    proc = run_cli("msg", "--profile", "upstream", "--format", "json", str(path), cwd=repo, env=amend)
    assert _o06(json.loads(proc.stdout)) == []
