"""C rules: provenance of picked commits (cherry-pick lines, FROMGIT sources, backport notes)."""

from __future__ import annotations

import pytest

from tests.rules.kernel import (
    BACKPORT_NOTE,
    BOB,
    CHERRY,
    CRS,
    FASTRPC,
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
    fixed,
    message,
    only,
    rules,
    where,
)
from trailercheck.model.message import Message
from trailercheck.model.provenance import cherry_picks, derived_commit
from trailercheck.rules import REGISTRY

C = ("C01", "C02", "C03", "C04", "C05")
UFS_BACKPORT = "BACKPORT: arm64: dts: qcom: sm8650: Add UFS ICE node"
GCC = "FROMGIT: clk: qcom: Add SM8750 GCC driver"
GCC_BODY = "Add the driver for the global clock controller of SM8750."
TREE = "https://git.kernel.org/pub/scm/linux/kernel/git/clk/linux.git clk-next"
NEXT = "https://git.kernel.org/pub/scm/linux/kernel/git/next/linux-next.git master"
BUG = "Bug: 354289613"
CHANGE_ID = "Change-Id: I5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765"
GIT_COMMIT = f"Git-commit: {SHA}"
GIT_REPO = "Git-repo: https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git"
STATUS = (
    f"Upstream-Status: Backport [https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id={SHA}]"
)


def ufs(*trailers: str, subject: str = UFS) -> str:
    """An UPSTREAM pick of Bob's patch, applied by Bjorn upstream and picked by Ada; trailers from line 5."""
    return message(subject, *trailers, body=UFS_BODY)


def picked(*extra: str, subject: str = UFS) -> str:
    """``ufs()`` with the usual trailers and ``extra`` (the provenance lines) before Ada's sign-off."""
    return ufs(SOB_BOB, UFS_LINK, SOB_BJORN, *extra, SOB, subject=subject)


def gcc(*picks: str, subject: str = GCC) -> str:
    """An Android FROMGIT pick; the cherry-pick line starts on line 6."""
    return message(subject, BUG, *picks, CHANGE_ID, SOB, body=GCC_BODY)


def wrapped(sha: str = SHA, tree: str = TREE) -> tuple[str, str]:
    return f"(cherry picked from commit {sha}", f" {tree})"


# -- C01 cherry-pick-missing ---------------------------------------------------


@pytest.mark.parametrize(("profile", "severity"), [("qcom", "warning"), ("android", "error"), ("chromeos", "error")])
def test_c01_upstream_pick_without_the_line(profile: str, severity: str) -> None:
    text = picked()
    f = only(check(text, profile, extra=C), "C01")
    assert f.line == 1
    assert f.rule == "cherry-pick-missing"
    assert f.severity == severity
    assert f.message == "UPSTREAM: commit has no (cherry picked from commit <sha>) line"
    assert f.fix == "add '(cherry picked from commit <40-hex sha>)' (git cherry-pick -x)"
    assert f.edits == []
    assert fixed(text, profile, extra=C) == text


def test_c01_is_off_under_upstream() -> None:
    assert where(check(picked(), "upstream", extra=C)) == [("S03", 1)]
    assert rules("upstream", extra=C).severity_of("C01") == "off"


def test_c01_fromgit_and_backport() -> None:
    text = message(GCC, LINK, SOB, CRS, body=GCC_BODY)
    f = only(check(text, extra=C), "C01")
    assert f.message == "FROMGIT: commit has no (cherry picked from commit <sha>) line"
    findings = check(picked(BACKPORT_NOTE, subject=UFS_BACKPORT), extra=C)
    assert [(f.code, f.message) for f in findings] == [
        ("C01", "BACKPORT: commit has no (cherry picked from commit <sha>) line")
    ]
    text = message(f"BACKPORT: {GCC}", BUG, BACKPORT_NOTE, CHANGE_ID, SOB, body=GCC_BODY)
    f = only(check(text, "android", extra=C), "C01")
    assert f.message == "BACKPORT: commit has no (cherry picked from commit <sha>) line"


@pytest.mark.parametrize(
    "text",
    [
        message(FASTRPC, LINK, SOB, CRS),
        message("BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount", LINK, BACKPORT_NOTE, SOB, CRS),
        message(QCLINUX, SOB, CRS, body=QCLINUX_BODY),
        message("Fromgit: clk: qcom: Add SM8750 GCC driver", LINK, SOB, CRS, body=GCC_BODY),
    ],
)
def test_c01_only_for_picks_of_a_commit(text: str) -> None:
    assert "C01" not in {f.code for f in check(text, extra=C)}


def test_c01_pick_line_anywhere_after_the_subject_counts() -> None:
    assert check(picked(CHERRY), extra=C) == []
    assert check(ufs(SOB_BOB, UFS_LINK, SOB_BJORN, SOB, CHERRY), extra=C) == []


@pytest.mark.parametrize(
    ("line", "what", "no"),
    [
        (GIT_COMMIT, "Git-commit:", 5),
        (f"Git-commit: {SHA.upper()}", "Git-commit:", 5),
        (STATUS, "Upstream-Status: Backport", 5),
        (f"Upstream-Status: Backport [{SHA}]", "Upstream-Status: Backport", 5),
    ],
)
def test_c01_derived_from_git_commit_or_upstream_status(line: str, what: str, no: int) -> None:
    text = ufs(line, SOB_BOB, UFS_LINK, SOB_BJORN, SOB)
    f = only(check(text, extra=C), "C01")
    assert f.line == 1
    assert f.message == f"UPSTREAM: commit has no cherry-pick line; {what} on line {no} names {SHA[:12]}"
    assert f.fix == f"add '{CHERRY}'"
    [edit] = f.edits
    assert (edit.line.no, edit.start, edit.end) == (9, len(SOB), len(SOB))
    out = fixed(text, extra=C)
    assert out == ufs(line, SOB_BOB, UFS_LINK, SOB_BJORN, SOB, CHERRY)
    assert check(out, extra=C) == []


def test_c01_derived_in_a_suse_style_block() -> None:
    text = ufs(GIT_COMMIT, GIT_REPO, SOB_BOB, UFS_LINK, SOB_BJORN, SOB)
    f = only(check(text, "android", extra=C), "C01")
    assert f.severity == "error"
    assert f.message.endswith(f"Git-commit: on line 5 names {SHA[:12]}")
    assert fixed(text, "android", extra=C) == ufs(GIT_COMMIT, GIT_REPO, SOB_BOB, UFS_LINK, SOB_BJORN, SOB, CHERRY)


def test_c01_derived_keeps_crlf() -> None:
    text = ufs(GIT_COMMIT, SOB_BOB, UFS_LINK, SOB).replace("\n", "\r\n")
    assert fixed(text, extra=C) == ufs(GIT_COMMIT, SOB_BOB, UFS_LINK, SOB, CHERRY).replace("\n", "\r\n")


def test_c01_abbreviated_git_commit_is_not_derived() -> None:
    text = ufs(f"Git-commit: {SHA[:12]}", SOB_BOB, UFS_LINK, SOB)
    f = only(check(text, extra=C), "C01")
    assert f.message == "UPSTREAM: commit has no (cherry picked from commit <sha>) line"
    assert f.edits == []
    assert derived_commit(Message.from_text(text)) is None


def test_c01_fixes_its_registry_example() -> None:
    rule = REGISTRY["C01"]
    assert fixed(rule.bad, extra=C) == rule.good


def test_c01_malformed_line_is_c02_not_c01() -> None:
    text = picked(f"cherry-picked from commit {SHA}")
    assert where(check(text, extra=C)) == [("C02", 8)]


# -- C02 cherry-pick-malformed -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "problems"),
    [
        (f"cherry-picked from commit {SHA}", "not worded 'cherry picked from commit', missing parentheses"),
        (f"(cherry-picked from commit {SHA})", "not worded 'cherry picked from commit'"),
        (f"(Cherry picked from commit {SHA})", "not worded 'cherry picked from commit'"),
        (f"(cherry picked from upstream commit {SHA})", "not worded 'cherry picked from commit'"),
        (f"(backported from commit {SHA})", "not worded 'cherry picked from commit'"),
        (f"cherry picked from commit {SHA}", "missing parentheses"),
        (f"(cherry picked from commit {SHA}", "missing parentheses"),
        (f"(cherry picked from commit {SHA.upper()})", "uppercase commit id"),
    ],
)
def test_c02_malformed_and_fixed(line: str, problems: str) -> None:
    text = picked(line)
    f = only(check(text, extra=C), "C02")
    assert f.line == 8
    assert f.rule == "cherry-pick-malformed"
    assert f.severity == "warning"
    assert f.message == f"cherry-pick line: {problems}"
    assert f.fix == f"write '{CHERRY}'"
    [edit] = f.edits
    assert (edit.line.no, edit.start, edit.end, edit.new) == (8, 0, len(line), CHERRY)
    assert fixed(text, extra=C) == picked(CHERRY)


def test_c02_abbreviated_id_cannot_be_fixed() -> None:
    text = picked(f"(cherry picked from commit {SHA[:12]})")
    f = only(check(text, extra=C), "C02")
    assert f.message == "cherry-pick line: abbreviated commit id (12 digits, not 40)"
    assert f.fix == "write the full 40-digit commit id"
    assert f.edits == []
    # Without the word "commit" the line does not say it names one: C01 too.
    findings = check(picked(f"cherry-picked from {SHA[:7].upper()}"), extra=C)
    assert where(findings) == [("C01", 1), ("C02", 8)]
    f = findings[1]
    assert f.message == (
        "cherry-pick line: not worded 'cherry picked from commit', missing parentheses, "
        "abbreviated commit id (7 digits, not 40), uppercase commit id"
    )


def test_c02_keeps_the_source_of_a_fromgit_pick() -> None:
    line = f"(cherry-picked from commit {SHA} {TREE})"
    text = gcc(line)
    f = only(check(text, "android", extra=C), "C02")
    assert f.line == 6
    canonical = f"(cherry picked from commit {SHA} {TREE})"
    assert f.fix == f"write '{canonical}'"
    assert fixed(text, "android", extra=C) == gcc(canonical)


def test_c02_wrapped_line_is_reported_not_rewritten() -> None:
    first, second = wrapped(SHA.upper())
    text = gcc(first.replace("cherry picked", "cherry-picked"), second)
    f = only(check(text, "android", extra=C), "C02")
    assert f.line == 6
    assert f.message == "cherry-pick line: not worded 'cherry picked from commit', uppercase commit id"
    assert f.fix == f"write '(cherry picked from commit {SHA} {TREE})'"
    assert f.edits == []


def test_c02_in_any_commit_that_carries_one() -> None:
    text = message(QCLINUX, f"cherry picked from commit {SHA}", SOB, CRS, body=QCLINUX_BODY)
    f = only(check(text, extra=C), "C02")
    assert f.line == 5
    assert fixed(text, extra=C) == message(QCLINUX, CHERRY, SOB, CRS, body=QCLINUX_BODY)


def test_c02_fixes_its_registry_example() -> None:
    rule = REGISTRY["C02"]
    assert fixed(rule.bad, extra=C) == rule.good


@pytest.mark.parametrize(
    "line",
    [
        f"Cherry-picked the fix from commit {SHA[:12]} of the vendor tree.",
        "The map was cherry picked from the free list twice.",
        f"[ada: cherry picked from commit {SHA[:12]} with conflicts]",
    ],
)
def test_c02_prose_is_not_a_cherry_pick_line(line: str) -> None:
    text = ufs(SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, SOB).replace(UFS_BODY, f"{UFS_BODY}\n{line}")
    assert check(text, extra=C) == []


#: A commit id of a SHA-256 repository.
SHA256 = "4f1c2d0e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d"


def test_c02_git_1_4_wording_is_gits_own() -> None:
    # git cherry-pick before 1.4.3 wrote the id before the word "commit".
    old = f"(cherry picked from {SHA} commit)"
    text = message("[PATCH] Fix the MPC8641 DDR setup", SOB_BOB, old, body=UFS_BODY)
    assert check(text, "upstream", extra=C, author=BOB) == []
    assert check(picked(old), extra=C) == []
    [pick] = cherry_picks(Message.from_text(picked(old)))
    assert (pick.sha, pick.problems) == (SHA, [])


@pytest.mark.parametrize(
    ("line", "problems"),
    [
        (f"(cherry picked from {SHA[:12]} commit)", "not worded 'cherry picked from commit', abbreviated commit id "
         "(12 digits, not 40)"),
        (f"(cherry picked from {SHA.upper()} commit)", "not worded 'cherry picked from commit', uppercase commit id"),
        (f"cherry picked from {SHA} commit", "not worded 'cherry picked from commit', missing parentheses"),
    ],
)  # fmt: skip
def test_c02_git_1_4_wording_otherwise_malformed(line: str, problems: str) -> None:
    f = only(check(picked(line), extra=C), "C02")
    assert f.message == f"cherry-pick line: {problems}"


def test_c02_sha256_id_is_full() -> None:
    line = f"(cherry picked from commit {SHA256})"
    assert check(picked(line), extra=C) == []
    f = only(check(picked(f"(cherry-picked from commit {SHA256.upper()})"), extra=C), "C02")
    assert f.message == "cherry-pick line: not worded 'cherry picked from commit', uppercase commit id"
    assert f.fix == f"write '{line}'"
    assert fixed(picked(f"(cherry-picked from commit {SHA256})"), extra=C) == picked(line)


@pytest.mark.parametrize("line", [f"Git-commit: {SHA256}", f"Upstream-Status: Backport [{SHA256}]"])
def test_c01_derived_from_a_sha256_id(line: str) -> None:
    text = ufs(line, SOB_BOB, UFS_LINK, SOB_BJORN, SOB)
    f = only(check(text, extra=C), "C01")
    assert f.fix == f"add '(cherry picked from commit {SHA256})'"
    assert fixed(text, extra=C) == ufs(line, SOB_BOB, UFS_LINK, SOB_BJORN, SOB, f"(cherry picked from commit {SHA256})")


# -- C03 fromgit-source-missing ------------------------------------------------


def test_c03_fromgit_pick_without_its_tree() -> None:
    text = gcc(f"(cherry picked from commit {SHA})")
    f = only(check(text, "android", extra=C), "C03")
    assert f.line == 6
    assert f.rule == "fromgit-source-missing"
    assert f.severity == "error"
    assert f.message == "FROMGIT cherry-pick line does not name the source tree and branch"
    assert f.fix == f"write '(cherry picked from commit {SHA} <tree URL> <branch>)'"
    assert f.edits == []


def test_c03_url_without_a_branch() -> None:
    text = gcc(f"(cherry picked from commit {SHA}", " https://git.kernel.org/pub/scm/linux/kernel/git/clk/linux.git)")
    assert where(check(text, "chromeos", extra=C)) == [("C03", 6)]


@pytest.mark.parametrize(
    "pick",
    [
        wrapped(),
        (f"(cherry picked from commit {SHA} {TREE})",),
        wrapped(tree="git://git.kernel.org/pub/scm/linux/kernel/git/broonie/sound.git for-next"),
    ],
)
@pytest.mark.parametrize("profile", ["android", "chromeos"])
def test_c03_source_named(pick: tuple[str, ...], profile: str) -> None:
    assert check(gcc(*pick), profile, extra=C) == []


def test_c03_backport_of_a_fromgit_pick() -> None:
    text = gcc(f"(cherry picked from commit {SHA})", BACKPORT_NOTE, subject=f"BACKPORT: {GCC}")
    assert where(check(text, "android", extra=C)) == [("C03", 6)]


def test_c03_only_for_fromgit() -> None:
    assert check(picked(CHERRY), "android", extra=C) == []


def test_c03_c04_off_under_qcom() -> None:
    text = message(GCC, LINK, f"(cherry picked from commit {SHA})", SOB, CRS, body=GCC_BODY)
    assert check(text, extra=C) == []
    text = message(GCC, LINK, *wrapped(tree=NEXT), SOB, CRS, body=GCC_BODY)
    assert check(text, extra=C) == []


# -- C04 fromgit-linux-next ----------------------------------------------------


@pytest.mark.parametrize("profile", ["android", "chromeos"])
def test_c04_picked_from_linux_next(profile: str) -> None:
    text = gcc(*wrapped(tree=NEXT))
    f = only(check(text, profile, extra=C), "C04")
    assert f.line == 6
    assert f.rule == "fromgit-linux-next"
    assert f.severity == "error"
    assert f.message == (
        "FROMGIT commit picked from linux-next (https://git.kernel.org/pub/scm/linux/kernel/git/next/linux-next.git)"
    )
    assert f.fix == "pick the commit from the maintainer tree instead"
    assert f.edits == []


def test_c04_only_the_url_counts() -> None:
    # A maintainer branch named for-linux-next is fine; linux-next the tree is not.
    tree = "https://git.kernel.org/pub/scm/linux/kernel/git/qcom/linux.git for-linux-next"
    assert check(gcc(*wrapped(tree=tree)), "android", extra=C) == []


# -- C05 backport-note-missing -------------------------------------------------


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos"])
def test_c05_backport_without_a_note(profile: str) -> None:
    text = picked(CHERRY, subject=UFS_BACKPORT)
    f = only(check(text, profile, extra=C), "C05")
    assert f.line == 1
    assert f.rule == "backport-note-missing"
    assert f.severity == "warning"
    assert f.message == "BACKPORT: commit has no [name: what changed] note"
    assert f.fix == "add '[your-name: what changed]' to the trailer block"
    assert f.edits == []


@pytest.mark.parametrize(
    "note",
    [
        BACKPORT_NOTE,
        "[bjorn.andersson@oss.qualcomm.com: dropped the sm8750 hunk]",
        "[Ada: moved the node under soc@0]",
    ],
)
def test_c05_note_present(note: str) -> None:
    assert check(picked(CHERRY, note, subject=UFS_BACKPORT), extra=C) == []


def test_c05_kernel_log_line_is_not_a_note() -> None:
    text = picked(CHERRY, "[drm:dpu_kms_hw_init:1234] failed to init", subject=UFS_BACKPORT)
    assert where(check(text, extra=C)) == [("C05", 1)]


def test_c05_backport_of_a_posting() -> None:
    text = message("BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount", LINK, SOB, CRS)
    assert where(check(text, extra=C)) == [("C05", 1)]


def test_c05_malformed_prefix_declares_nothing() -> None:
    text = picked(CHERRY, subject="Backport: arm64: dts: qcom: sm8650: Add UFS ICE node")
    assert where(check(text, extra=C)) == [("S02", 1)]


# -- the model underneath ------------------------------------------------------


def test_cherry_picks_reads_the_wrapped_android_form() -> None:
    msg = Message.from_text(gcc(*wrapped()))
    [pick] = cherry_picks(msg)
    assert (pick.no, pick.sha, pick.url, pick.branch, pick.problems) == (
        6,
        SHA,
        "https://git.kernel.org/pub/scm/linux/kernel/git/clk/linux.git",
        "clk-next",
        [],
    )
    assert [ln.no for ln in pick.lines] == [6, 7]
    assert pick.canonical == f"(cherry picked from commit {SHA} {TREE})"


def test_cherry_picks_finds_every_line() -> None:
    other = "0d3a2b1c4e5f60718293a4b5c6d7e8f901234567"
    msg = Message.from_text(picked(CHERRY, f"(cherry picked from commit {other})"))
    assert [(p.no, p.sha) for p in cherry_picks(msg)] == [(8, SHA), (9, other)]


# -- severities per profile ----------------------------------------------------


SEVERITIES = {
    "C01": ("warning", "error", "error", "off"),
    "C02": ("warning", "warning", "warning", "warning"),
    "C03": ("off", "error", "error", "off"),
    "C04": ("off", "error", "error", "off"),
    "C05": ("warning", "warning", "warning", "warning"),
}
PROFILES = ("qcom", "android", "chromeos", "upstream")


@pytest.mark.parametrize("code", ["C01", "C02", "C03", "C04", "C05"])
def test_c_severities(code: str) -> None:
    assert tuple(rules(p, extra=C).severity_of(code) for p in PROFILES) == SEVERITIES[code]


def test_c02_is_a_warning_under_upstream() -> None:
    assert rules("upstream", extra=C).severity_of("C02") == "warning"
    text = ufs(SOB_BOB, "cherry picked from commit " + SHA, SOB, subject="arm64: dts: qcom: sm8650: Add UFS ICE node")
    assert where(check(text, "upstream", extra=C)) == [("C02", 6)]
