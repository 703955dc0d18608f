"""S rules: the subject line and its upstream-status prefix."""

from __future__ import annotations

import pytest

from tests.rules.kernel import (
    BACKPORT_NOTE,
    CHERRY,
    CRS,
    FASTRPC,
    LINK,
    QCLINUX,
    QCLINUX_BODY,
    REVERT_BODY,
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
from trailercheck.engine import RuleSet

QCOM_PREFIXES = "FROMLIST: FROMGIT: UPSTREAM: BACKPORT: QCLINUX: PENDING: WORKAROUND:"
ANDROID_PREFIXES = "UPSTREAM: BACKPORT: FROMGIT: FROMLIST: ANDROID:"
CHROMEOS_PREFIXES = "UPSTREAM: BACKPORT: FROMGIT: FROMLIST: CHROMIUM:"


def fastrpc(subject: str = FASTRPC) -> str:
    return message(subject, LINK, SOB, CRS)


def downstream(subject: str) -> str:
    return message(subject, SOB, CRS, body=QCLINUX_BODY)


def revert(subject: str) -> str:
    return message(subject, SOB, CRS, body=REVERT_BODY)


# -- clean messages ------------------------------------------------------------


GOOD_QCOM = [
    fastrpc(),
    message(UFS, SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, SOB, body=UFS_BODY),
    message(
        "BACKPORT: FROMLIST: soc: qcom: pd-mapper: Add SM8750 support",
        BACKPORT_NOTE,
        LINK,
        SOB,
        CRS,
    ),
    message("BACKPORT: FROMGIT: clk: qcom: Add SM8750 GCC driver", LINK, CHERRY, SOB),
    downstream(QCLINUX),
    downstream("PENDING: arm64: defconfig: Enable the SM8750 pinctrl driver"),
    downstream("WORKAROUND: usb: dwc3: qcom: Skip the PHY reset on resume"),
    revert('QCLINUX: Revert "FROMLIST: misc: fastrpc: Add map"'),
]


@pytest.mark.parametrize("text", GOOD_QCOM, ids=range(len(GOOD_QCOM)))
def test_well_formed_qcom_messages_are_clean(text: str) -> None:
    assert check(text) == []


# -- S01 prefix-missing --------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "allowed"),
    [("qcom", QCOM_PREFIXES), ("android", ANDROID_PREFIXES), ("chromeos", CHROMEOS_PREFIXES)],
)
def test_s01_names_the_prefixes_of_the_profile(profile: str, allowed: str) -> None:
    f = only(check(downstream("soc: qcom: socinfo: Add SM8750 SoC ids"), profile), "S01")
    assert f.line == 1
    assert f.rule == "prefix-missing"
    assert f.severity == "error"
    assert f.message == "subject has no upstream-status prefix"
    assert f.fix == f"start the subject with one of {allowed}"
    assert f.edits == []


def test_s01_is_off_under_upstream() -> None:
    assert check(downstream("soc: qcom: socinfo: Add SM8750 SoC ids"), "upstream") == []
    assert RuleSet("upstream").severity_of("S01") == "off"


@pytest.mark.parametrize(
    "subject",
    [
        "android: binder: Fix UAF in binder_release_work",  # a subsystem tag, not ANDROID:
        "[PATCH] misc: fastrpc: Fix map refcount",
        "FROMLIST",  # no colon and nothing after it: just a word
        "Merge branch 'qcom-next' into tech/mm/fastrpc",
    ],
)
def test_s01_fires_on_subjects_that_only_look_prefixed(subject: str) -> None:
    assert where(check(downstream(subject))) == [("S01", 1)]


def test_s01_reports_the_subject_line_after_leading_blank_lines() -> None:
    text = "\n\n" + downstream("soc: qcom: socinfo: Add SM8750 SoC ids")
    assert where(check(text)) == [("S01", 3)]


def test_s01_follows_the_branch_policy_prefixes() -> None:
    text = downstream("soc: qcom: socinfo: Add SM8750 SoC ids")
    f = only(check(text, prefixes=("FROMLIST", "UPSTREAM")), "S01")
    assert f.fix == "start the subject with one of FROMLIST: UPSTREAM:"


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos"])
def test_s01_never_fires_on_a_bare_revert(profile: str) -> None:
    codes = [f.code for f in check(revert('Revert "misc: fastrpc: Add map"'), profile)]
    assert "S01" not in codes
    assert codes == ["S07"]


# -- S02 prefix-malformed ------------------------------------------------------


MALFORMED = [
    # subject, token as written, problems, corrected subject
    ("Backport: soc: qcom: Add SM8750", "Backport:", "wrong case", "BACKPORT: soc: qcom: Add SM8750"),
    ("fromlist: misc: fastrpc: Fix map", "fromlist:", "wrong case", "FROMLIST: misc: fastrpc: Fix map"),
    ("QCLINUX : soc: qcom: Add SM8750", "QCLINUX :", "space before the colon", "QCLINUX: soc: qcom: Add SM8750"),
    ("PENDING-Add SM8750 pinctrl", "PENDING-", "dash instead of a colon", "PENDING: Add SM8750 pinctrl"),
    ("PENDING arm64: dts: Add SM8750", "PENDING", "no colon", "PENDING: arm64: dts: Add SM8750"),
    ("UPSTREAM:obexctl: Fix typo", "UPSTREAM:", "no space after the colon", "UPSTREAM: obexctl: Fix typo"),
    (
        "FROMLIST:  misc: fastrpc: Fix map",
        "FROMLIST:",
        "more than one space after the colon",
        "FROMLIST: misc: fastrpc: Fix map",
    ),
    ("[FROMLIST] misc: fastrpc: Fix map", "[FROMLIST]", "brackets", "FROMLIST: misc: fastrpc: Fix map"),
    ("FROMLOST: misc: fastrpc: Fix map", "FROMLOST:", "misspelt", "FROMLIST: misc: fastrpc: Fix map"),
    ("PEDNING: arm64: dts: Add SM8750", "PEDNING:", "misspelt", "PENDING: arm64: dts: Add SM8750"),
    ("FROM LIST: misc: fastrpc: Fix map", "FROM LIST:", "misspelt", "FROMLIST: misc: fastrpc: Fix map"),
    ("[QCLINUX]: soc: qcom: Add SM8750", "[QCLINUX]:", "brackets", "QCLINUX: soc: qcom: Add SM8750"),
]


@pytest.mark.parametrize(("subject", "raw", "problem", "corrected"), MALFORMED, ids=[m[1] for m in MALFORMED])
def test_s02_reports_and_fixes_a_malformed_prefix(subject: str, raw: str, problem: str, corrected: str) -> None:
    # A malformed prefix declares nothing yet: no Link: is required, so this is S02 alone.
    text = downstream(subject)
    f = only(check(text), "S02")
    assert f.line == 1
    assert f.message == f"prefix {raw!r} is malformed ({problem}): write {corrected!r}"
    name = corrected.split(":")[0]
    assert f.fix == f"write the prefix as '{name}: '"
    out = fixed(text)
    assert out == downstream(corrected)
    # Now the prefix is real, and FROMLIST/UPSTREAM need their Link: (not fixable here).
    needs_link = name in ("FROMLIST", "UPSTREAM", "BACKPORT", "FROMGIT")
    assert where(check(out)) == ([("L01", 1)] if needs_link else [])


def test_s02_several_problems_in_one_token() -> None:
    text = downstream("FROMLOST :misc: fastrpc: Fix map")
    f = only(check(text), "S02")
    assert f.message == (
        "prefix 'FROMLOST :' is malformed (misspelt, space before the colon, no space after the colon): "
        "write 'FROMLIST: misc: fastrpc: Fix map'"
    )
    assert fixed(text) == downstream("FROMLIST: misc: fastrpc: Fix map")


def test_s02_mixed_case_misspelling_is_not_a_prefix() -> None:
    assert where(check(downstream("Fromlost: misc: fastrpc: Fix map"))) == [("S01", 1)]


def test_s02_fixes_only_the_prefix_columns() -> None:
    text = fastrpc("BACKPORT:FROMLIST: misc: fastrpc: Fix map refcount")
    f = only(check(text), "S02")
    assert f.message == (
        "prefix 'BACKPORT:' is malformed (no space after the colon): "
        "write 'BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount'"
    )
    [edit] = f.edits
    assert (edit.line.no, edit.start, edit.end, edit.new) == (1, 0, 9, "BACKPORT: ")
    assert fixed(text) == fastrpc("BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount")


def test_s02_prefix_alone_keeps_no_trailing_space() -> None:
    text = downstream("Qclinux:")
    codes = where(check(text))
    assert codes == [("S02", 1), ("S05", 1)]
    assert fixed(text).splitlines()[0] == "QCLINUX:"


def test_s02_one_finding_per_malformed_token() -> None:
    text = fastrpc("Backport: fromlist: misc: fastrpc: Fix map refcount")
    findings = check(text)
    assert where(findings) == [("S02", 1), ("S02", 1)]
    corrected = "BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount"
    assert [f.message for f in findings] == [
        f"prefix 'Backport:' is malformed (wrong case): write {corrected!r}",
        f"prefix 'fromlist:' is malformed (wrong case): write {corrected!r}",
    ]
    assert fixed(text) == fastrpc(corrected)


@pytest.mark.parametrize(
    "subject",
    [
        "ASoC: qcom: q6apm: Fix the DAI format",
        "arm64: dts: qcom: sm8650: Add UFS ICE node",
        "drm/msm/dpu: Fix the CTL flush mask",
        "Upstreaming: notes on the fastrpc series",
    ],
)
def test_s02_ignores_subsystem_tags(subject: str) -> None:
    assert [f.code for f in check(downstream(subject))] == ["S01"]


# -- S03 prefix-not-allowed ----------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "profile", "allowed"),
    [
        ("CHROMIUM: misc: fastrpc: Fix map refcount", "qcom", QCOM_PREFIXES),
        ("ANDROID: GKI: Update the symbol list for fastrpc", "qcom", QCOM_PREFIXES),
        ("QCLINUX: soc: qcom: socinfo: Add SM8750 SoC ids", "android", ANDROID_PREFIXES),
        ("ANDROID: GKI: Update the symbol list for fastrpc", "chromeos", CHROMEOS_PREFIXES),
        ("PENDING: arm64: defconfig: Enable SM8750 pinctrl", "chromeos", CHROMEOS_PREFIXES),
    ],
)
def test_s03_prefix_of_another_ecosystem(subject: str, profile: str, allowed: str) -> None:
    f = only(check(downstream(subject), profile), "S03")
    name = subject.split(":")[0]
    assert f.line == 1
    assert f.message == f"prefix {name}: is not allowed under profile {profile} (allowed: {allowed})"
    assert f.fix == "use an allowed prefix"


@pytest.mark.parametrize(
    ("subject", "profile"),
    [
        ("ANDROID: GKI: Update the symbol list for fastrpc", "android"),
        ("CHROMIUM: drm/msm: Add a quirk for the trogdor panel", "chromeos"),
        ("QCLINUX: soc: qcom: socinfo: Add SM8750 SoC ids", "qcom"),
    ],
)
def test_s03_own_prefix_is_allowed(subject: str, profile: str) -> None:
    assert check(downstream(subject), profile) == []


def test_s03_under_upstream_any_prefix_must_go() -> None:
    findings = check(fastrpc("BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount"), "upstream")
    assert where(findings) == [("S03", 1), ("S03", 1)]
    assert [f.message for f in findings] == [
        "prefix BACKPORT: is not allowed under profile upstream (allowed: none)",
        "prefix FROMLIST: is not allowed under profile upstream (allowed: none)",
    ]
    assert {f.fix for f in findings} == {"remove the prefix"}


def test_s03_branch_policy_forbids_pending() -> None:
    policy = ("FROMLIST", "FROMGIT", "UPSTREAM", "BACKPORT", "QCLINUX")
    text = downstream("PENDING: arm64: defconfig: Enable SM8750 pinctrl")
    f = only(check(text, prefixes=policy), "S03")
    assert f.message == (
        "prefix PENDING: is not allowed by the branch policy of the target branch "
        "(allowed: FROMLIST: FROMGIT: UPSTREAM: BACKPORT: QCLINUX:)"
    )
    assert check(text) == []


def test_s03_judges_a_malformed_prefix_by_its_name() -> None:
    findings = check(downstream("Chromium: drm/msm: Add a quirk"))
    assert where(findings) == [("S02", 1), ("S03", 1)]
    assert findings[1].message.startswith("prefix CHROMIUM: is not allowed under profile qcom")


# -- S04 prefix-combination ----------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "combo"),
    [
        ("UPSTREAM: FROMLIST: misc: fastrpc: Fix map refcount", "UPSTREAM: FROMLIST:"),
        ("QCLINUX: FROMLIST: misc: fastrpc: Fix map refcount", "QCLINUX: FROMLIST:"),
        ("FROMLIST: BACKPORT: misc: fastrpc: Fix map refcount", "FROMLIST: BACKPORT:"),
        ("FROMGIT: FROMLIST: misc: fastrpc: Fix map refcount", "FROMGIT: FROMLIST:"),
        ("BACKPORT: UPSTREAM: misc: fastrpc: Fix map refcount", "BACKPORT: UPSTREAM:"),
        ("UPSTREAM: UPSTREAM: misc: fastrpc: Fix map refcount", "UPSTREAM: UPSTREAM:"),
    ],
)
def test_s04_contradicting_prefixes(subject: str, combo: str) -> None:
    f = only(check(fastrpc(subject)), "S04")
    assert f.line == 1
    assert f.message == f"prefixes {combo} cannot be combined (allowed: BACKPORT: FROMLIST:, BACKPORT: FROMGIT:)"
    assert f.fix == "keep a single prefix"


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos"])
@pytest.mark.parametrize("second", ["FROMLIST", "FROMGIT"])
def test_s04_allowed_combinations(profile: str, second: str) -> None:
    text = message(f"BACKPORT: {second}: misc: fastrpc: Fix map refcount", BACKPORT_NOTE, LINK, CHERRY, SOB)
    assert check(text, profile) == []


def test_s04_counts_malformed_prefixes_too() -> None:
    findings = check(fastrpc("Upstream: FROMLIST: misc: fastrpc: Fix map refcount"))
    assert where(findings) == [("S02", 1), ("S04", 1)]


# -- S05 subject-empty ---------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n", "\n\n\n", "   \n\t\n"])
def test_s05_empty_message(text: str) -> None:
    f = only(check(text), "S05")
    assert f.line == 1
    assert f.message == "the subject is empty"
    assert f.fix == "write a subject line"


@pytest.mark.parametrize(
    "subject",
    ["FROMLIST:", "FROMLIST: ", "BACKPORT: FROMLIST:", "QCLINUX:   "],
)
def test_s05_nothing_after_the_prefix(subject: str) -> None:
    text = message(subject, LINK, SOB, CRS)
    f = only(check(text), "S05")
    assert f.line == 1
    assert f.message == "nothing follows the prefix"
    assert f.fix == "describe the change after the prefix"


def test_s05_subject_only_message() -> None:
    findings = check("QCLINUX:\n")
    assert where(findings) == [("O01", 1), ("S05", 1)]


# -- S07 revert-unprefixed -----------------------------------------------------


@pytest.mark.parametrize(
    "reverted",
    [
        "FROMLIST: misc: fastrpc: Add map",
        "misc: fastrpc: Add map",
        "UPSTREAM: arm64: dts: qcom: sm8650: Add UFS ICE node",
    ],
)
def test_s07_qcom_wants_a_qclinux_revert(reverted: str) -> None:
    subject = f'Revert "{reverted}"'
    text = revert(subject)
    f = only(check(text), "S07")
    assert f.line == 1
    assert f.severity == "error"
    assert f.message == f"a revert is a downstream change: write {'QCLINUX: ' + subject!r}"
    assert f.fix == "prefix the revert with 'QCLINUX: '"
    [edit] = f.edits
    assert (edit.line.no, edit.start, edit.end, edit.new) == (1, 0, 0, "QCLINUX: ")
    out = fixed(text)
    assert out == revert(f"QCLINUX: {subject}")
    assert check(out) == []


@pytest.mark.parametrize("profile", ["android", "chromeos"])
@pytest.mark.parametrize(
    "reverted",
    [
        "FROMLIST: misc: fastrpc: Add map",
        "UPSTREAM: arm64: dts: qcom: sm8650: Add UFS ICE node",
        "BACKPORT: FROMGIT: clk: qcom: Add SM8750 GCC driver",
    ],
)
def test_s07_android_and_chromeos_inherit_the_reverted_prefix(profile: str, reverted: str) -> None:
    assert check(revert(f'Revert "{reverted}"'), profile) == []


@pytest.mark.parametrize("profile", ["android", "chromeos"])
def test_s07_android_and_chromeos_revert_of_an_unprefixed_commit(profile: str) -> None:
    f = only(check(revert('Revert "misc: fastrpc: Add map"'), profile), "S07")
    assert f.line == 1
    assert f.message == "revert of an unprefixed commit has no provenance"
    assert f.fix == "prefix the revert with the prefix of a downstream change"
    assert f.edits == []


def test_s07_inherited_prefix_must_itself_be_allowed_for_its_own_ecosystem() -> None:
    assert check(revert('Revert "ANDROID: GKI: Update the symbol list"'), "android") == []
    assert check(revert('Revert "CHROMIUM: drm/msm: Add a quirk"'), "chromeos") == []


def test_s07_is_off_under_upstream() -> None:
    assert check(revert('Revert "misc: fastrpc: Add map"'), "upstream") == []
    assert RuleSet("upstream").severity_of("S07") == "off"


@pytest.mark.parametrize(
    ("subject", "profile"),
    [
        ('QCLINUX: Revert "FROMLIST: misc: fastrpc: Add map"', "qcom"),
        ('QCLINUX: Revert "misc: fastrpc: Add map"', "qcom"),
        ('ANDROID: Revert "misc: fastrpc: Add map"', "android"),
        ('CHROMIUM: Revert "misc: fastrpc: Add map"', "chromeos"),
    ],
)
def test_s07_a_prefixed_revert_is_an_ordinary_subject(subject: str, profile: str) -> None:
    assert check(revert(subject), profile) == []


def test_s07_prefixed_revert_with_a_foreign_prefix_is_s03() -> None:
    f = only(check(revert('QCLINUX: Revert "FROMLIST: misc: fastrpc: Add map"'), "android"), "S03")
    assert f.message.startswith("prefix QCLINUX: is not allowed under profile android")


def test_s07_not_a_revert_subject() -> None:
    # Only the git-generated form counts as a revert.
    assert where(check(revert("Revert misc: fastrpc: Add map"))) == [("S01", 1)]
    assert where(check(revert('revert "FROMLIST: misc: fastrpc: Add map"'))) == [("S01", 1)]


# -- severities per profile ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "severities"),
    [
        ("S01", {"qcom": "error", "android": "error", "chromeos": "error", "upstream": "off"}),
        ("S02", {"qcom": "error", "android": "error", "chromeos": "error", "upstream": "error"}),
        ("S03", {"qcom": "error", "android": "error", "chromeos": "error", "upstream": "error"}),
        ("S04", {"qcom": "error", "android": "error", "chromeos": "error", "upstream": "error"}),
        ("S05", {"qcom": "error", "android": "error", "chromeos": "error", "upstream": "error"}),
        ("S07", {"qcom": "error", "android": "error", "chromeos": "error", "upstream": "off"}),
    ],
)
def test_subject_rule_severities(code: str, severities: dict[str, str]) -> None:
    assert {p: RuleSet(p).severity_of(code) for p in severities} == severities


def test_ignore_and_select_subject_rules() -> None:
    text = downstream("soc: qcom: socinfo: Add SM8750 SoC ids")
    assert check(text, ignore=("S01",)) == []
    assert check(text, ignore=("S",)) == []
    assert check(text, ignore=("prefix-missing",)) == []
    assert rules("qcom", ignore=("S01",)).severity_of("S01") == "off"
    assert rules("upstream", select=("S01",)).severity_of("S01") == "error"
