"""Root cause once: presence rules read the whole message; T01 or T08 say where a line stands."""

from __future__ import annotations

from tests.rules.kernel import BOB, CHERRY, LINK, SOB, check, message

UBOOT_SUBJECT = "arm64: dts: freescale: Add i.MX952 EVK basic device tree"
UBOOT_BODY = "Add i.MX952 EVK basic device tree, with UART1, SDHC[1,2] supported."


def found(text: str, profile: str = "upstream", extra: tuple[str, ...] = ()) -> list[tuple[str, int | None, str]]:
    return [(f.code, f.line, f.message) for f in check(text, profile, extra=extra)]


def test_trailers_quoted_above_the_provenance_of_a_pick_are_in_place() -> None:
    # A devicetree sync: the upstream commit's sign-offs, a "[ upstream commit: ... ]" paragraph, then the
    # cherry-pick line. The upstream trailers are kept as they were: no T08, and no O01 either.
    text = message(
        UBOOT_SUBJECT,
        SOB,
        f"Signed-off-by: {BOB}",
        "",
        "[ upstream commit: a5aa8551d0046ec701e8962f83361165ccf640a4 ]",
        "",
        CHERRY,
        body=UBOOT_BODY,
    )
    assert found(text) == []


def test_trailers_above_prose_are_one_t08_per_paragraph() -> None:
    text = message(
        UBOOT_SUBJECT,
        SOB,
        "Link: https://lore.kernel.org/r/20240408225109.128953-7-ada@example.com",
        f"Signed-off-by: {BOB}",
        "",
        "Rebased on the current tree.",
        "",
        f"Signed-off-by: {BOB}",
        body=UBOOT_BODY,
    )
    assert found(text) == [
        (
            "T08",
            5,
            "Signed-off-by:, Link: on lines 5-7 are in the body, where git does not read them",
        ),
    ]


def test_signoff_above_a_changelog_is_no_o01_and_no_t08() -> None:
    # The sign-off is there (no O01); the changelog under it is the cause (T09), not its place (no T08).
    text = message(
        "env: Make more use of the ENV_SAVE_PTR macro",
        SOB,
        "",
        "Changes in v2:",
        "- Reduce the number of conversions",
        body="Convert the remaining easy cases to the new macro.",
    )
    assert [(code, line) for code, line, _ in found(text, extra=("T09",))] == [("T09", 7)]


def test_change_id_and_bug_in_the_body_satisfy_the_android_profile() -> None:
    text = message(
        "ANDROID: sched: Add vendor hooks for task placement",
        "Bug: 155241766",
        "Change-Id: I926458b0a911d564e5932e200125b12406c2deee",
        "",
        "[lee: squashed the follow-up hooks into this commit]",
        "",
        SOB,
        body="Add vendor hooks for vendor-specific scheduling.",
    )
    codes = [code for code, _, _ in found(text, "android", extra=("M02", "M04"))]
    assert "M02" not in codes and "M04" not in codes
    assert codes == ["T08"]  # Change-Id: (a Bug: line may be prose too)


def test_link_in_the_body_is_no_l01() -> None:
    text = message(
        "FROMLIST: misc: fastrpc: Fix map refcount",
        LINK,
        "[ada: dropped the debugfs part, it is not in this tree]",
        "",
        SOB,
    )
    assert [(code, line) for code, line, _ in found(text, "qcom")] == [("T08", 9)]


def test_no_t08_above_what_was_left_over_from_sending_the_patch() -> None:
    # patman's changelog under the sign-off: the leftover (T09) is the one cause.
    text = message(
        "arm: socfpga: Move the environment after the MBR",
        SOB,
        f"Acked-by: {BOB}",
        "",
        "Changes in v2:",
        " - Remove unneeded CONFIG_BOOTFILE",
        body="Keep the environment right after the MBR.",
    )
    assert [code for code, _, _ in found(text, extra=("T09",))] == ["T09"]
    # The same behind the "---" that git am cuts a mail at.
    text = text.replace("Changes in v2:", "---\n\nv1 -> v2:")
    assert [code for code, _, _ in found(text, extra=("T09",))] == ["T09"]


def test_t08_for_trailers_above_a_leftover_and_a_real_block() -> None:
    # Removing "v2-Changes: None" would still leave the Cc: split from the block below it.
    text = message(
        "imx: mx6ul: Enable the SPL MISC driver",
        "Cc: sbabic@denx.de",
        "",
        "v2-Changes: None",
        "",
        SOB,
        body="The SPL MISC driver checks whether HAB is enabled.",
    )
    assert [(code, line) for code, line, _ in found(text, extra=("T09",))] == [("T08", 5), ("T09", 7)]
