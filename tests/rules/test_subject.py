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
#: What S01 suggests: the prefixes that say where a change comes from.
ANDROID_PREFIXES = "UPSTREAM: BACKPORT: FROMGIT: FROMLIST: ANDROID:"
CHROMEOS_PREFIXES = "UPSTREAM: BACKPORT: FROMGIT: FROMLIST: CHROMIUM: ANDROID:"
#: What S03 allows: those and the markers that lead them (NOUPSTREAM:, FIXUP:, HACK:).
ANDROID_ALLOWED = f"{ANDROID_PREFIXES} NOUPSTREAM:"
CHROMEOS_ALLOWED = f"{CHROMEOS_PREFIXES} FIXUP: HACK:"


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
        ("QCLINUX: soc: qcom: socinfo: Add SM8750 SoC ids", "android", ANDROID_ALLOWED),
        ("HACK: drm/msm: Keep the panel powered across suspend", "android", ANDROID_ALLOWED),
        ("NOUPSTREAM: drm/msm: Keep the panel powered across suspend", "chromeos", CHROMEOS_ALLOWED),
        ("PENDING: arm64: defconfig: Enable SM8750 pinctrl", "chromeos", CHROMEOS_ALLOWED),
        ("FIXUP: soc: qcom: socinfo: Add SM8750 SoC ids", "qcom", QCOM_PREFIXES),
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


@pytest.mark.parametrize("profile", ["android", "chromeos"])
def test_s07_a_revert_of_a_revert_inherits_what_the_chain_comes_back_to(profile: str) -> None:
    restored = revert('Revert "Revert "FROMLIST: scsi: ufs: Flush exception event before suspend""')
    assert check(restored, profile) == []
    f = only(check(revert('Revert "Revert "tty: serial: samsung_tty: build it for any platform""'), profile), "S07")
    assert f.message == "revert of an unprefixed commit has no provenance"


# -- Android and ChromeOS: their own prefixes, markers and combinations --------


@pytest.mark.parametrize(
    "subject",
    [
        "NOUPSTREAM: ANDROID: sched: Add vendor hooks to the scheduler",
        "NOUPSTREAM: ANDROID: GKI: add android_vendor.h",
        "NOUPSTREAM: FROMGIT: iommu/arm-smmu: Don't bypass pinned stream mappings",
        "NOUPSTREAM: FROMLIST: scsi: ufs: Export query request interfaces",
        "NOUPSTREAM: BACKPORT: FROMGIT: irqchip/gic-v3: Describe the SGI range",
        "NOUPSTREAM: Makefile: append BUILD_NUMBER to version string when defined",
    ],
)
def test_android_noupstream_leads_a_prefix_or_stands_alone(subject: str) -> None:
    assert check(message(subject, LINK, SOB), "android") == []


@pytest.mark.parametrize(
    "subject",
    [
        "FIXUP: FROMLIST: scsi: ufs: set the device reference clock setting",
        "FIXUP: CHROMIUM: i915: intel_dp_aux_backlight: Fix max backlight calculations",
        "HACK: CHROMIUM: platform: mtk-isp: AAO/AFO non-request support",
        "FIXUP: Update some EAS patches to newer versions used by Android",
        "FIXUP: BACKPORT: FROMGIT: mfd: cros_ec: Fix event processing API",
        "FIXUP: HACK: CHROMIUM: drm/msm: Keep the panel powered across suspend",
        "BACKPORT: UPSTREAM: ALSA: hda/realtek - Enable headset button support for new codec",
        "ANDROID: binder: improve priority inheritance",
    ],
)
def test_chromeos_fixup_hack_android_and_backport_upstream(subject: str) -> None:
    assert check(message(subject, LINK, SOB), "chromeos") == []


def test_chromeos_fixup_of_a_posting_needs_the_link_of_the_posting() -> None:
    text = message("FIXUP: FROMLIST: scsi: ufs: Add configfs support for UFS provisioning", SOB)
    f = only(check(text, "chromeos"), "L01")
    assert f.line == 1
    assert f.message == "FROMLIST: commit has no Link: trailer to the posting"
    am_from = "(am from https://patchwork.kernel.org/patch/10784871/)"
    assert check(message(text.split("\n", 1)[0], am_from, SOB), "chromeos") == []


ANDROID_COMBOS = "BACKPORT: FROMLIST:, BACKPORT: FROMGIT:, NOUPSTREAM: before another prefix"
CHROMEOS_COMBOS = (
    "BACKPORT: FROMLIST:, BACKPORT: FROMGIT:, BACKPORT: UPSTREAM:, "
    "FIXUP: before another prefix, HACK: before another prefix"
)


@pytest.mark.parametrize(
    ("subject", "profile", "combo", "allowed"),
    [
        ("ANDROID: NOUPSTREAM: sched: Add vendor hooks", "android", "ANDROID: NOUPSTREAM:", ANDROID_COMBOS),
        ("NOUPSTREAM: NOUPSTREAM: sched: Add vendor hooks", "android", "NOUPSTREAM: NOUPSTREAM:", ANDROID_COMBOS),
        ("BACKPORT: UPSTREAM: ALSA: hda/realtek: Fix the mic", "android", "BACKPORT: UPSTREAM:", ANDROID_COMBOS),
        ("CHROMIUM: FIXUP: drm/msm: Keep the panel powered", "chromeos", "CHROMIUM: FIXUP:", CHROMEOS_COMBOS),
        ("UPSTREAM: FROMLIST: drm/msm: Keep the panel powered", "chromeos", "UPSTREAM: FROMLIST:", CHROMEOS_COMBOS),
        ("HACK: FIXUP: HACK: drm/msm: Keep the panel powered", "chromeos", "HACK: FIXUP: HACK:", CHROMEOS_COMBOS),
    ],
)
def test_s04_combinations_of_android_and_chromeos(subject: str, profile: str, combo: str, allowed: str) -> None:
    f = only(check(message(subject, LINK, SOB), profile), "S04")
    assert f.line == 1
    assert f.message == f"prefixes {combo} cannot be combined (allowed: {allowed})"


def test_s04_leaves_a_prefix_that_does_not_belong_to_s03() -> None:
    text = message("NOUPSTREAM: FROMLIST: scsi: ufs: Export query request interfaces", LINK, SOB)
    f = only(check(text, "chromeos"), "S03")
    assert f.message == f"prefix NOUPSTREAM: is not allowed under profile chromeos (allowed: {CHROMEOS_ALLOWED})"


@pytest.mark.parametrize(
    ("subject", "profile", "word", "allowed"),
    [
        ("TOSUBMIT: ANDROID: ARM: Bump command line size", "android", "TOSUBMIT", ANDROID_ALLOWED),
        ("WIP: FROMLIST: misc: fastrpc: Fix map refcount", "qcom", "WIP", QCOM_PREFIXES),
    ],
)
def test_an_unknown_word_before_a_known_prefix_is_s03_not_s01(
    subject: str, profile: str, word: str, allowed: str
) -> None:
    f = only(check(message(subject, LINK, SOB), profile), "S03")
    assert f.line == 1
    assert f.message == f"prefix {word}: is not allowed under profile {profile} (allowed: {allowed})"


@pytest.mark.parametrize(
    "subject",
    [
        "GKI: enable CONFIG_DUMMY=y",  # a capitalised tag with no prefix after it
        "ARM: dts: qcom: Add the SM8750 pinctrl node",
        "Android-specific fixes for the binder allocator",  # a word, not a prefix with a dash
    ],
)
def test_s01_on_capitalised_words_that_are_no_prefix(subject: str) -> None:
    assert where(check(message(subject, SOB), "android")) == [("S01", 1)]


@pytest.mark.parametrize(
    ("profile", "subject", "raw", "problem", "corrected"),
    [
        (
            "android",
            "ANDROID-Four-part-revert-of-asm-goto-usage-1-4",
            "ANDROID-",
            "dash instead of a colon",
            "ANDROID: Four-part-revert-of-asm-goto-usage-1-4",
        ),
        (
            "android",
            "UPSTREAM fix the semantics of of_is_ancestor_of()",
            "UPSTREAM",
            "no colon",
            "UPSTREAM: fix the semantics of of_is_ancestor_of()",
        ),
        (
            "chromeos",
            "HACK Keep the eDP panel powered across suspend",
            "HACK",
            "no colon",
            "HACK: Keep the eDP panel powered across suspend",
        ),
        ("chromeos", "PENDING-Add Docker related policies", "PENDING-", "dash instead of a colon", None),
    ],
)
def test_s02_a_prefix_with_a_dash_or_a_space_is_malformed_never_missing(
    profile: str, subject: str, raw: str, problem: str, corrected: str | None
) -> None:
    text = message(subject, SOB)
    findings = check(text, profile)
    assert "S01" not in [f.code for f in findings]
    f = findings[0]
    assert (f.code, f.line) == ("S02", 1)
    name = raw.rstrip("-")
    if corrected is None:  # a prefix of another tree: S03 follows
        corrected = f"{name}: " + subject[len(raw) :]
        assert where(findings) == [("S02", 1), ("S03", 1)]
    else:
        assert where(findings) == [("S02", 1)]
    assert f.message == f"prefix {raw!r} is malformed ({problem}): write {corrected!r}"
    assert f.fix == f"write the prefix as '{name}: '"
    assert fixed(text, profile) == message(corrected, SOB)


def test_s02_both_prefixes_of_a_dashed_android_subject() -> None:
    text = message("NOUPSTREAM-ANDROID-Add vendor hooks to the scheduler", SOB)
    findings = check(text, "android")
    corrected = "NOUPSTREAM: ANDROID: Add vendor hooks to the scheduler"
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("S02", 1, f"prefix 'NOUPSTREAM-' is malformed (dash instead of a colon): write {corrected!r}"),
        ("S02", 1, f"prefix 'ANDROID-' is malformed (dash instead of a colon): write {corrected!r}"),
    ]
    assert fixed(text, "android") == message(corrected, SOB)


@pytest.mark.parametrize(
    ("subject", "raw", "word"),
    [
        ("ANDROID-specific fixes for the binder allocator", "ANDROID-", "ANDROID-specific"),
        ("UPSTREAM-friendly rework of the fastrpc map lookup", "UPSTREAM-", "UPSTREAM-friendly"),
    ],
)
def test_s02_a_dash_that_may_join_a_word_is_reported_but_not_fixed(subject: str, raw: str, word: str) -> None:
    text = message(subject, SOB)
    f = only(check(text, "android"), "S02")
    assert f.message == f"prefix {raw!r} is malformed (dash instead of a colon)"
    name = raw.rstrip("-")
    assert f.fix == f"start the subject with '{name}: ' ({word!r} may be a word of the subject: not fixed)"
    assert f.edits == []
    assert fixed(text, "android") == text


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


def test_lower_case_subsystem_tags_are_no_prefixes_in_kernel_org_trees() -> None:
    # U-Boot's "chromium:" area tag: in a tree without prefixes only capitals make a prefix.
    text = message("chromium: Update docs for the Chromebook boards", SOB, body="Describe the boards.")
    assert [f.code for f in check(text, "upstream") if f.code.startswith("S")] == []
    capitals = text.replace("chromium:", "CHROMIUM:")
    assert [(f.code, f.message) for f in check(capitals, "upstream") if f.code.startswith("S")] == [
        ("S03", "prefix CHROMIUM: is not allowed under profile upstream (allowed: none)")
    ]
