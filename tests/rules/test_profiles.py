"""One realistic commit per ecosystem: clean under its profile, and each typical mistake caught.

Every rule of the profile runs here (not only one family), with the author and committer of the
``repo`` fixture, so a clean message must pass everything; the severities are the profile's defaults.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.builders import ADA, run_cli
from trailercheck.engine import RuleSet, check_message
from trailercheck.model.message import Message
from trailercheck.model.person import parse_person
from trailercheck.profiles import PROFILES
from trailercheck.rules import Context

SHA = "5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765"
CHAR_MISC = "https://git.kernel.org/pub/scm/linux/kernel/git/gregkh/char-misc.git char-misc-next"
LINUX_NEXT = "https://git.kernel.org/pub/scm/linux/kernel/git/next/linux-next.git master"
CHANGE_ID = "Change-Id: I9f3c1d2e4b5a69788796a5b4c3d2e1f0a9b8c7d6"
MSGID = "20241001-fastrpc-v1-1-abc@example.com"

ANDROID = f"""BACKPORT: FROMGIT: misc: fastrpc: Fix map refcount

fastrpc_map_create() takes a reference on the map it finds, and the
invoke path takes another one when it attaches the map to the context.
Only one of them is ever dropped, so the map and its dma-buf leak.

Drop the extra reference taken in fastrpc_map_create().

Signed-off-by: Bob Example <bob@example.com>
Link: https://lore.kernel.org/r/{MSGID}
Signed-off-by: Greg Kroah-Hartman <gregkh@linuxfoundation.org>
Bug: 354289613
(cherry picked from commit {SHA}
 {CHAR_MISC})
[ada: Resolved a conflict with the map lookup rework of android16-6.12]
{CHANGE_ID}
Signed-off-by: {ADA}
"""

CHROMEOS = f"""FROMLIST: drm/msm/dpu: Fix the CTL flush mask for merge-3d

The flush mask misses the merge-3d bit, so a mode set on a merged
pipe leaves the second mixer unflushed and the panel shows garbage.

BUG=b:351234567
TEST=boot trogdor, run igt kms_flip and kms_cursor_legacy

Signed-off-by: Bob Example <bob@example.com>
(am from https://lore.kernel.org/r/20241001-dpu-merge3d-v2-1-abc@example.com)
{CHANGE_ID}
Signed-off-by: {ADA}
"""

UPSTREAM = f"""misc: fastrpc: Fix map refcount

fastrpc_map_create() takes a reference on the map it finds, and the
invoke path takes another one when it attaches the map to the context.
Only one of them is ever dropped, so the map and its dma-buf leak.

Drop the extra reference taken in fastrpc_map_create().

Reported-by: Bob Example <bob@example.com>
Closes: https://lore.kernel.org/r/20240930-fastrpc-leak-report-1@example.com/
Signed-off-by: {ADA}
"""

QCOM = f"""FROMLIST: misc: fastrpc: Fix map refcount

fastrpc_map_create() takes a reference on the map it finds, and the
invoke path takes another one when it attaches the map to the context.
Only one of them is ever dropped, so the map and its dma-buf leak.

Drop the extra reference taken in fastrpc_map_create().

Link: https://lore.kernel.org/all/{MSGID}/
Signed-off-by: {ADA}
CRs-Fixed: 4564170, 4564171
"""

CLEAN = {"android": ANDROID, "chromeos": CHROMEOS, "upstream": UPSTREAM, "qcom": QCOM}


def findings(text: str, profile: str) -> list[tuple[str, int | None, str]]:
    """``(code, line, severity)`` of every finding of every rule of ``profile``."""
    ada = parse_person(ADA)
    msg = Message.from_text(text, author=ada, committer=ada)
    return [(f.code, f.line, f.severity) for f in check_message(msg, Context(PROFILES[profile]), RuleSet(profile))]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize("profile", sorted(CLEAN))
def test_clean_message_passes_its_profile(profile: str) -> None:
    assert findings(CLEAN[profile], profile) == []


@pytest.mark.parametrize(
    ("profile", "other", "expected"),
    [
        ("android", "qcom", [("M01", 16, "error")]),
        ("chromeos", "qcom", [("L01", 1, "error"), ("M01", 11, "error")]),
        ("chromeos", "android", [("L01", 1, "error"), ("M04", 1, "error")]),
        ("qcom", "android", [("M02", 1, "error"), ("M04", 1, "error")]),
        ("upstream", "qcom", [("S01", 1, "error")]),
        ("qcom", "upstream", [("S03", 1, "error")]),
    ],
)
def test_clean_message_of_another_ecosystem(profile: str, other: str, expected: list) -> None:
    assert findings(CLEAN[profile], other) == expected


# -- Android: BACKPORT: FROMGIT: with the wrapped source, Bug:, Change-Id: -------------

SOURCE = f"(cherry picked from commit {SHA}\n {CHAR_MISC})\n"
NOTE = "[ada: Resolved a conflict with the map lookup rework of android16-6.12]\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (f"{CHANGE_ID}\n", "", [("M02", 1, "error")]),
        (CHANGE_ID, "Change-Id: I9f3c1d2e", [("M02", 16, "error")]),
        (SOURCE, f"(cherry picked from commit {SHA})\n", [("C03", 13, "error")]),
        (CHAR_MISC, LINUX_NEXT, [("C04", 13, "error")]),
        (SOURCE, "", [("C01", 1, "error")]),
        ("(cherry picked from", "(cherry-picked from", [("C02", 13, "warning")]),
        (NOTE, "", [("C05", 1, "warning")]),
        ("BACKPORT: FROMGIT:", "BACKPORT: FromGit:", [("S02", 1, "error")]),
        ("BACKPORT: FROMGIT:", "BACKPORT: UPSTREAM:", [("S04", 1, "error")]),
        ("BACKPORT: FROMGIT:", "BACKPORT: FROMLIST:", []),
        # A Bug:/Test: paragraph above the final block is Android's own layout: a warning there.
        ("Bug: 354289613\n", "Bug: 354289613\n\n", [("T01", 13, "warning")]),
        ("BACKPORT: FROMGIT:", "NOUPSTREAM: BACKPORT: FROMGIT:", []),
        ("BACKPORT: FROMGIT:", "BACKPORT: NOUPSTREAM: FROMGIT:", [("S04", 1, "error")]),
        (f"Signed-off-by: {ADA}\n", "", [("O02", 11, "error"), ("O03", 11, "warning")]),
        (
            "Signed-off-by: Greg Kroah-Hartman <gregkh@linuxfoundation.org>\n",
            "",
            [],
        ),
        ("Bug: 354289613\n", "", []),
    ],
)
def test_android_backport_fromgit(old: str, new: str, expected: list) -> None:
    assert findings(edit(ANDROID, old, new), "android") == expected


ANDROID_FIX = f"""ANDROID: dm-user: Fix the list walk and delete code

The list walk in dm_user_message_work() deletes the entry it stands on
and then reads its next pointer; use the safe iterator.

Fixes: 1c4a8d8b3f5e ("ANDROID: dm-user: Add the dm-user target")
{CHANGE_ID}
Signed-off-by: {ADA}
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "", []),
        # A fix of Android code names the commit it fixes, a feature its bug: either will do.
        ('Fixes: 1c4a8d8b3f5e ("ANDROID: dm-user: Add the dm-user target")', "Bug: 180559834", []),
        ('Fixes: 1c4a8d8b3f5e ("ANDROID: dm-user: Add the dm-user target")\n', "", [("M04", 1, "error")]),
        ("ANDROID: dm-user: Fix", "NOUPSTREAM: ANDROID: dm-user: Fix", []),
        ("ANDROID: dm-user: Fix", "TOSUBMIT: ANDROID: dm-user: Fix", [("S03", 1, "error")]),
        ("ANDROID: dm-user: Fix", "ANDROID-Fix", [("S02", 1, "error")]),
        # A posting needs its bug: Fixes: does not stand in for it.
        ("ANDROID: dm-user: Fix", "FROMLIST: dm-user: Fix", [("L01", 1, "error"), ("M04", 1, "error")]),
    ],
)
def test_android_fix_of_android_code(old: str, new: str, expected: list) -> None:
    text = edit(ANDROID_FIX, old, new) if old else ANDROID_FIX
    assert findings(text, "android") == expected


def test_android_m04_says_what_an_android_commit_lacks() -> None:
    text = edit(ANDROID_FIX, 'Fixes: 1c4a8d8b3f5e ("ANDROID: dm-user: Add the dm-user target")\n', "")
    ada = parse_person(ADA)
    msg = Message.from_text(text, author=ada, committer=ada)
    [f] = check_message(msg, Context(PROFILES["android"]), RuleSet("android"))
    assert (f.code, f.line, f.message) == (
        "M04",
        1,
        "ANDROID: commit has neither a Bug: nor a Fixes: trailer",
    )
    assert f.fix == "add 'Bug: <number>' for a feature, or 'Fixes: <sha> (\"<subject>\")' for a fix"


def test_android_a_posting_needs_a_bug_and_a_link() -> None:
    fromlist = edit(ANDROID, "BACKPORT: FROMGIT:", "BACKPORT: FROMLIST:")
    assert findings(edit(fromlist, "Bug: 354289613\n", ""), "android") == [("M04", 1, "error")]
    no_link = edit(fromlist, f"Link: https://lore.kernel.org/r/{MSGID}\n", "")
    assert findings(no_link, "android") == [("L01", 1, "error")]
    assert findings(edit(no_link, "Bug: 354289613\n", ""), "android") == [("L01", 1, "error"), ("M04", 1, "error")]


# -- ChromeOS: FROMLIST: with (am from), BUG=/TEST= and Change-Id: ----------------------

AM_FROM = "(am from https://lore.kernel.org/r/20241001-dpu-merge3d-v2-1-abc@example.com)"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("BUG=b:351234567\n", "", [("M04", 1, "error")]),
        ("TEST=boot trogdor, run igt kms_flip and kms_cursor_legacy\n", "", [("M05", 1, "error")]),
        (f"{AM_FROM}\n", "", [("L01", 1, "error")]),
        (f"{CHANGE_ID}\n", "", [("M02", 1, "error")]),
        ("FROMLIST:", "QCLINUX:", [("S03", 1, "error")]),
        ("FROMLIST:", "FROMLIST :", [("S02", 1, "error")]),
        (AM_FROM, f"{AM_FROM}\nLink: https://patchwork.freedesktop.org/patch/617384/", [("L02", 11, "error")]),
        ("(am from https://lore.kernel.org/r/", "(am from https://patchwork.kernel.org/patch/", []),
        ("BUG=b:351234567", "BUG=None", []),
        # FIXUP:/HACK: lead the prefix; a fixup of a posting still names the posting.
        ("FROMLIST:", "FIXUP: FROMLIST:", []),
        ("FROMLIST:", "HACK: CHROMIUM:", []),
        ("FROMLIST:", "NOUPSTREAM: FROMLIST:", [("S03", 1, "error")]),
    ],
)
def test_chromeos_fromlist(old: str, new: str, expected: list) -> None:
    assert findings(edit(CHROMEOS, old, new), "chromeos") == expected


def test_chromeos_fixup_of_a_posting_without_its_posting() -> None:
    text = edit(edit(CHROMEOS, "FROMLIST:", "FIXUP: FROMLIST:"), f"{AM_FROM}\n", "")
    assert findings(text, "chromeos") == [("L01", 1, "error")]


# -- upstream: a patch for a kernel.org tree -------------------------------------------

CLOSES = "Closes: https://lore.kernel.org/r/20240930-fastrpc-leak-report-1@example.com/\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (CLOSES, "", [("O06", 9, "warning")]),
        # submitting-patches.rst: a Link: to the report may stand in for Closes:
        (CLOSES, CLOSES.replace("Closes:", "Link:"), []),
        (f"Signed-off-by: {ADA}\n", f"Signed-off-by: {ADA}\n{CHANGE_ID}\n", [("M01", 12, "error")]),
        (CLOSES, f"{CHANGE_ID}\n", [("O06", 9, "warning"), ("M01", 10, "error")]),
        ("misc: fastrpc:", "FROMLIST: misc: fastrpc:", [("S03", 1, "error")]),
        ("Drop the extra", "Tested-by: Bob Example <bob@example.com>\nDrop the extra", [("T08", 7, "warning")]),
    ],
)
def test_upstream_patch(old: str, new: str, expected: list) -> None:
    assert findings(edit(UPSTREAM, old, new), "upstream") == expected


def test_upstream_revert_needs_no_prefix() -> None:
    text = edit(UPSTREAM, "misc: fastrpc: Fix map refcount", 'Revert "misc: fastrpc: Add map support"')
    assert findings(text, "upstream") == []


# -- Qualcomm: FROMLIST: with CRs-Fixed: ------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("CRs-Fixed: 4564170, 4564171", "CRs-Fixed: CR#4564170", [("M03", 11, "error")]),
        (f"Signed-off-by: {ADA}\n", f"Signed-off-by: {ADA}\n{CHANGE_ID}\n", [("M01", 11, "error")]),
        (f"Link: https://lore.kernel.org/all/{MSGID}/\n", "", [("L01", 1, "error")]),
        (f"{MSGID}/\n", f"{MSGID}/\n\n", [("T01", 10, "error")]),
        (
            f"https://lore.kernel.org/all/{MSGID}/",
            "https://patchwork.kernel.org/project/linux-arm-msm/patch/" + MSGID + "/",
            [("L02", 9, "error")],
        ),
        ("FROMLIST:", "CHROMIUM:", [("S03", 1, "error")]),
        ("FROMLIST: misc", "misc", [("S01", 1, "error")]),
        ("FROMLIST:", "UPSTREAM:", [("C01", 1, "warning")]),
        ("FROMLIST:", "BACKPORT: FROMLIST:", [("C05", 1, "warning")]),
        ("CRs-Fixed: 4564170, 4564171\n", "", []),
    ],
)
def test_qcom_fromlist(old: str, new: str, expected: list) -> None:
    assert findings(edit(QCOM, old, new), "qcom") == expected


# -- end to end through the command line, inside a repository ---------------------------

BROKEN = {
    "android": (edit(ANDROID, f"{CHANGE_ID}\n", ""), "M02", 1, "error", "no Change-Id: trailer"),
    "chromeos": (
        edit(CHROMEOS, "TEST=boot trogdor, run igt kms_flip and kms_cursor_legacy\n", ""),
        "M05",
        1,
        "error",
        "no TEST= line",
    ),
    "upstream": (edit(UPSTREAM, CLOSES, ""), "O06", 9, "warning", "Reported-by: is not followed by Closes:"),
    "qcom": (
        edit(QCOM, "CRs-Fixed: 4564170, 4564171", "CRs-Fixed: CR#4564170"),
        "M03",
        11,
        "error",
        "CRs-Fixed: 'CR#4564170' is not a comma-separated list of numbers",
    ),
}


def run_json(repo: Path, path: Path, profile: str, *extra: str) -> tuple[int, dict]:
    proc = run_cli("msg", "--profile", profile, "--format", "json", *extra, str(path), cwd=repo)
    assert proc.stderr == ""
    return proc.returncode, json.loads(proc.stdout)


@pytest.mark.parametrize("profile", sorted(CLEAN))
def test_cli_clean_message(profile: str, repo: Path, tmp_path: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(CLEAN[profile])
    code, doc = run_json(repo, path, profile)
    assert code == 0
    assert doc["profile"] == profile
    assert doc["summary"] == {"checked": 1, "errors": 0, "warnings": 0}
    [result] = doc["results"]
    assert result["source"] == str(path)
    assert result["subject"] == CLEAN[profile].split("\n", 1)[0]
    assert result["findings"] == []


@pytest.mark.parametrize("profile", sorted(BROKEN))
def test_cli_broken_message(profile: str, repo: Path, tmp_path: Path) -> None:
    text, code, line, severity, message = BROKEN[profile]
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(text)
    status, doc = run_json(repo, path, profile)
    assert status == (1 if severity == "error" else 0)
    errors = int(severity == "error")
    assert doc["summary"] == {"checked": 1, "errors": errors, "warnings": 1 - errors}
    [result] = doc["results"]
    [finding] = result["findings"]
    assert (finding["code"], finding["line"], finding["severity"], finding["message"]) == (
        code,
        line,
        severity,
        message,
    )
    assert path.read_text() == text
    if severity == "warning":
        assert run_json(repo, path, profile, "--strict")[0] == 1


def test_cli_committer_is_the_repository_identity(repo: Path, tmp_path: Path) -> None:
    text = edit(
        ANDROID,
        f"{CHANGE_ID}\nSigned-off-by: {ADA}\n",
        f"Signed-off-by: {ADA}\n{CHANGE_ID}\nSigned-off-by: Bjorn Andersson <andersson@kernel.org>\n",
    )
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(text)
    status, doc = run_json(repo, path, "android")
    assert status == 0
    assert [(f["code"], f["line"], f["severity"]) for f in doc["results"][0]["findings"]] == [("O03", 18, "warning")]
    assert doc["results"][0]["findings"][0]["message"] == f"the last sign-off is not the committer's ({ADA})"


# -- the severities of the rules added after the S, L, T and O families -------------------

#: qcom, android, chromeos, upstream
LATER_SEVERITIES: dict[str, tuple[str, str, str, str]] = {
    "S06": ("off", "off", "off", "off"),
    "O03": ("warning", "warning", "warning", "warning"),
    "O06": ("off", "off", "off", "warning"),
    "F01": ("error", "error", "error", "error"),
    "F02": ("warning", "warning", "warning", "warning"),
    "F03": ("warning", "warning", "warning", "warning"),
    "C01": ("warning", "error", "error", "off"),
    "C02": ("warning", "warning", "warning", "warning"),
    "C03": ("off", "error", "error", "off"),
    "C04": ("off", "error", "error", "off"),
    # Off under upstream, where no prefix exists and S03 already rejects BACKPORT: (as S07 there).
    "C05": ("warning", "warning", "warning", "warning"),
    "M01": ("error", "off", "off", "error"),
    "M02": ("off", "error", "error", "off"),
    "M03": ("error", "off", "off", "off"),
    "M04": ("off", "error", "error", "off"),
    "M05": ("off", "off", "error", "off"),
    "M06": ("warning", "warning", "warning", "warning"),
}


@pytest.mark.parametrize(
    ("code", "profile"),
    [
        pytest.param(code, profile)
        for code in sorted(LATER_SEVERITIES)
        for profile in ("qcom", "android", "chromeos", "upstream")
    ],
)
def test_severity_of_later_rules(code: str, profile: str) -> None:
    expected = LATER_SEVERITIES[code][("qcom", "android", "chromeos", "upstream").index(profile)]
    assert RuleSet(profile).severity_of(code) == expected


CHROMEOS_USUAL = """FROMLIST: misc: fastrpc: Fix map refcount

Drop the extra reference taken in fastrpc_map_create().

Signed-off-by: Bob Example <bob@example.com>
(am from https://lore.kernel.org/r/20241001-fastrpc-v1-1-abc@example.com)

BUG=b:123456789
TEST=fastrpc_test passes on trogdor

Change-Id: I0123456789abcdef0123456789abcdef01234567
Signed-off-by: Ada Lovelace <ada@example.com>
"""


def test_chromeos_usual_layout_keeps_upstream_trailers_above_the_fields() -> None:
    # The upstream sign-off and (am from) stand above BUG=/TEST=: ChromeOS's own layout.
    assert findings(CHROMEOS_USUAL, "chromeos") == []
    # Elsewhere, a sign-off above a text paragraph is misplaced (T08).
    assert [f[:2] for f in findings(CHROMEOS_USUAL, "qcom") if f[0] == "T08"] == [("T08", 5)]


def test_chromeos_fields_and_upstream_trailers_are_no_description() -> None:
    text = CHROMEOS_USUAL.replace("Drop the extra reference taken in fastrpc_map_create().\n\n", "")
    assert findings(text, "chromeos") == [("M06", 1, "warning")]
