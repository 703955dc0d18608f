"""S06 subject-too-long: off by default, a warning when selected."""

from __future__ import annotations

import pytest

from tests.rules.kernel import (
    CRS,
    LINK,
    QCLINUX_BODY,
    SOB,
    check,
    message,
    only,
    rules,
    where,
)
from trailercheck.rules import REGISTRY

S06 = ("S06",)
#: Exactly 75 characters: the longest subject that passes.
LONGEST = "misc: fastrpc: Fix the map refcount when an invoke fails before the copy-in"


def long_pick(subject: str) -> str:
    return message(subject, LINK, SOB, CRS)


def test_the_longest_subject_is_75_characters() -> None:
    assert len(LONGEST) == 75


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos", "upstream"])
def test_s06_is_off_unless_selected(profile: str) -> None:
    assert rules(profile, extra=S06).severity_of("S06") == "off"
    assert rules(profile, select=S06, extra=S06).severity_of("S06") == "warning"
    assert rules(profile, select=("subject-too-long",), extra=S06).severity_of("S06") == "warning"


def test_s06_not_run_by_default() -> None:
    assert check(long_pick(f"FROMLIST: {LONGEST} and leaks"), extra=S06) == []


@pytest.mark.parametrize(
    ("rest", "length"),
    [
        (LONGEST + "s", 76),
        (LONGEST + ", and drop the stale dma-buf attachment", 114),
    ],
)
def test_s06_too_long(rest: str, length: int) -> None:
    text = long_pick(f"FROMLIST: {rest}")
    f = only(check(text, select=S06, extra=S06), "S06")
    assert f.line == 1
    assert f.rule == "subject-too-long"
    assert f.severity == "warning"
    assert f.message == f"subject is {length} characters long (limit 75, prefix not counted)"
    assert f.fix == "shorten the subject"
    assert f.edits == []


@pytest.mark.parametrize(
    "subject",
    [
        f"FROMLIST: {LONGEST}",
        f"BACKPORT: FROMLIST: {LONGEST}",
        "FROMLIST: misc: fastrpc: Fix map refcount",
        f"FROMLIST: {LONGEST}   ",
    ],
)
def test_s06_prefixes_and_trailing_blanks_not_counted(subject: str) -> None:
    assert check(long_pick(subject), select=S06, extra=S06, ignore=("T",)) == []


def test_s06_malformed_prefix_is_not_counted_either() -> None:
    text = long_pick(f"Fromlist: {LONGEST}")
    assert where(check(text, select=S06, extra=S06)) == [("S02", 1)]
    text = long_pick(f"Fromlist: {LONGEST}s")
    assert where(check(text, select=S06, extra=S06)) == [("S02", 1), ("S06", 1)]


def test_s06_counts_characters_not_bytes() -> None:
    subject = "soc: qcom: socinfo: Add the SM8750 SoC ids seen on Jos\u00e9 M\u00fcller\u2019s lab boards"
    assert len(subject) == 75 and len(subject.encode()) > 75
    text = message(f"QCLINUX: {subject}", SOB, CRS, body=QCLINUX_BODY)
    assert check(text, select=S06, extra=S06) == []
    text = message(f"QCLINUX: {subject}!", SOB, CRS, body=QCLINUX_BODY)
    assert where(check(text, select=S06, extra=S06)) == [("S06", 1)]


def test_s06_upstream_counts_the_whole_subject() -> None:
    text = message(LONGEST + "s", SOB)
    f = only(check(text, "upstream", select=S06, extra=S06), "S06")
    assert f.message == "subject is 76 characters long (limit 75, prefix not counted)"


def test_s06_revert_counts_what_follows_the_prefix() -> None:
    reverted = "FROMLIST: misc: fastrpc: Fix the map refcount when an invoke fails"
    body = f"This reverts the v1 posting.\n\n{QCLINUX_BODY}"
    assert check(message(f'QCLINUX: Revert "{reverted}"', SOB, CRS, body=body), select=S06, extra=S06) == []
    text = message(f'QCLINUX: Revert "{reverted} early"', SOB, CRS, body=body)
    f = only(check(text, select=S06, extra=S06), "S06")
    assert f.message == "subject is 81 characters long (limit 75, prefix not counted)"


def test_s06_registry_example_is_long_and_good_is_not() -> None:
    rule = REGISTRY["S06"]
    assert where(check(rule.bad, select=S06, extra=S06, ignore=("O",))) == [("S06", 1)]
    assert check(rule.good, select=S06, extra=S06, ignore=("O", "L")) == []
