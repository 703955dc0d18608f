"""``msg --fix`` over the whole catalogue: every fixable rule that needs no repository, every profile.

The generated messages of tests/test_fix.py, widened with broken provenance lines (C01 derivable
from ``Git-commit:``/``Upstream-Status: Backport``, C02), broken ``Fixes:`` lines (F01), bare
reverts (S07) and malformed prefixes of picks (S02), checked under all four profiles.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_fix import (
    ADA_PERSON,
    BODIES,
    LATIN1,
    PROPERTY_SETTINGS,
    SCISSORS,
    SOB,
    SUBJECTS,
    TEMPLATE,
    TRAILERS,
    _context,
    assert_only_edited_spans_change,
    fix_in_process,
    fix_rounds,
    lines_to_bytes,
)
from trailercheck.cli.run import HookInput
from trailercheck.engine import check_message
from trailercheck.findings import Edit, Finding
from trailercheck.model.text import Line
from trailercheck.rules import REGISTRY

PROFILES = ("qcom", "android", "chromeos", "upstream")
SHA = "5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765"
FIXES_SHA = "c68cfb718c8f"
DMABUF = "misc: fastrpc: Add support for dmabuf"
TREE = "https://git.kernel.org/pub/scm/linux/kernel/git/clk/linux.git clk-next"

PICK_SUBJECTS = [
    "UPSTREAM: arm64: dts: qcom: sm8650: Add UFS ICE node",
    "BACKPORT: arm64: dts: qcom: sm8650: Add UFS ICE node",
    "FROMGIT: clk: qcom: Add SM8750 GCC driver",
    "BACKPORT: FROMGIT: clk: qcom: Add SM8750 GCC driver",
    "Upstream: arm64: dts: qcom: sm8650: Add UFS ICE node",
    "UPSTREAM:arm64: dts: qcom: sm8650: Add UFS ICE node",
    "[FROMGIT] clk: qcom: Add SM8750 GCC driver",
    'Revert "misc: fastrpc: Add map"',
    'Revert "UPSTREAM: arm64: dts: qcom: sm8650: Add UFS ICE node"',
    "ANDROID: GKI: Update the symbol list for fastrpc",
    "CHROMIUM: drm/msm: Keep the panel powered across suspend",
    "misc: fastrpc: Fix map refcount",
]
PROVENANCE = [
    f"Git-commit: {SHA}",
    f"Git-commit: {SHA.upper()}",
    f"Git-commit: {SHA[:12]}",
    "Git-repo: https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git",
    f"Upstream-Status: Backport [https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id={SHA}]",
    f"Upstream-Status: Backport [{SHA}]",
    f"(cherry picked from commit {SHA})",
    f"cherry picked from commit {SHA}",
    f"cherry-picked from commit {SHA}",
    f"(cherry-picked from commit {SHA})",
    f"(Cherry picked from commit {SHA})",
    f"(cherry picked from commit {SHA.upper()})",
    f"(cherry picked from upstream commit {SHA})",
    f"(backported from commit {SHA})",
    f"(cherry picked from commit {SHA}",
    f"(cherry picked from commit {SHA[:12]})",
    f"(cherry picked from commit {SHA} {TREE})",
    f"(cherry picked from commit {SHA}\n {TREE})",
    f"(cherry-picked from commit {SHA}\n {TREE})",
    "[ada: resolved a conflict in fastrpc_map_create()]",
    "Bug: 354289613",
    "Change-Id: I5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765",
]
FIXES = [
    f'Fixes: {FIXES_SHA} ("{DMABUF}")',
    f'Fixes: {FIXES_SHA.upper()} ("{DMABUF}")',
    f"Fixes: {FIXES_SHA} ({DMABUF})",
    f'Fixes: {FIXES_SHA} "{DMABUF}"',
    f"Fixes: {FIXES_SHA} '{DMABUF}'",
    f'Fixes: {FIXES_SHA} ("{DMABUF}"',
    f'Fixes: {FIXES_SHA} ("{DMABUF}").',
    f'Fixes: commit {FIXES_SHA} ("{DMABUF}")',
    f'Fixes: {FIXES_SHA}  ("{DMABUF}")',
    f'Fixes: {FIXES_SHA} ("misc: fastrpc: Add support\n  for dmabuf")',
    f'Fixes: {FIXES_SHA[:8]} ("{DMABUF}")',
    f"Fixes: {FIXES_SHA}",
    f'fixes: {FIXES_SHA} ("{DMABUF}")',
    f"Fixes:{FIXES_SHA} ({DMABUF})",
]


@st.composite
def catalogue_messages(draw: st.DrawFn) -> tuple[str, bytes]:
    """``(profile, message bytes)``: a hook file with any mix of fixable and unfixable lines."""
    profile = draw(st.sampled_from(PROFILES))
    eol = draw(st.sampled_from(["\n", "\r\n"])).encode()
    subject = draw(st.sampled_from(SUBJECTS + PICK_SUBJECTS))
    body = draw(st.sampled_from(BODIES))
    trailers = draw(st.lists(st.sampled_from(TRAILERS), max_size=6))
    for pool in (PROVENANCE, FIXES):
        for line in draw(st.lists(st.sampled_from(pool), max_size=3)):
            trailers.insert(draw(st.integers(0, len(trailers))), line)
    if not trailers:
        trailers = [SOB]
    if draw(st.booleans()):
        trailers.append(draw(st.sampled_from(trailers)))
    out = lines_to_bytes([subject, "", *body], "\n").replace(b"\n", eol)
    if draw(st.booleans()):
        out += LATIN1.replace(b"\n", eol)
    out += eol + lines_to_bytes(trailers, "\n").replace(b"\n", eol)
    if draw(st.booleans()):
        out += lines_to_bytes(["", *TEMPLATE, *SCISSORS], "\n").replace(b"\n", eol)
    if draw(st.booleans()):
        out = out[: -len(eol)]
    return profile, out


#: Codes whose findings come with an edit in every generated message, per profile.
#: Rules whose every finding carries a fix (not T01: none where the line below the blank one is indented).
ALWAYS_FIXABLE = {"S02", "T02", "T03", "T04", "T06"}


def always_fixable(profile: str) -> set[str]:
    return ALWAYS_FIXABLE | ({"S07"} if profile == "qcom" else set())


def recheck(data: bytes, profile: str) -> list:
    ctx, rules = _context(profile)
    return check_message(HookInput("-", data, None, ADA_PERSON, ADA_PERSON).message(ctx.keys), ctx, rules)


@PROPERTY_SETTINGS
@given(catalogue_messages())
def test_property_fixing_twice_equals_fixing_once(case: tuple[str, bytes]) -> None:
    profile, data = case
    once, _, _ = fix_in_process(data, profile)
    twice, remaining, fixed = fix_in_process(once, profile)
    assert twice == once
    assert fixed == []
    assert not any(f.fixable for f in remaining)


@PROPERTY_SETTINGS
@given(catalogue_messages())
def test_property_no_byte_outside_the_edited_lines_changes(case: tuple[str, bytes]) -> None:
    profile, data = case
    last = data
    for lines, after, applied in fix_rounds(data, profile):
        assert applied
        assert_only_edited_spans_change(lines, after, applied)
        last = after.encode("utf-8", "surrogateescape")
    result, _, _ = fix_in_process(data, profile)
    assert result == last


@PROPERTY_SETTINGS
@given(catalogue_messages())
def test_property_fixed_findings_are_gone(case: tuple[str, bytes]) -> None:
    profile, data = case
    result, remaining, fixed = fix_in_process(data, profile)
    assert not any(f.fixable for f in remaining)
    assert {f.code for f in remaining} & always_fixable(profile) == set()
    assert all(f.edits for f in fixed)
    again = recheck(result, profile)
    assert [(f.code, f.line, f.message) for f in again] == [(f.code, f.line, f.message) for f in remaining]
    if result != data:
        assert fixed


def new_line_numbers(lines: list[Line], applied: list[Finding]) -> dict[int, int | None]:
    """Where each line of a round's input is in its output (None: deleted)."""
    edits: dict[int, list[Edit]] = {}
    for f in applied:
        for e in f.edits:
            edits.setdefault(e.line.no, []).append(e)
    out: dict[int, int | None] = {}
    emitted = 0
    for line in lines:
        mine = edits.get(line.no, [])
        if any(e.start < 0 for e in mine):
            out[line.no] = None
            continue
        before = sum(e.new.count("\n") for e in mine if e.start == e.end == 0)
        out[line.no] = emitted + before + 1
        emitted += 1 + sum(e.new.count("\n") for e in mine)
    return out


@PROPERTY_SETTINGS
@given(catalogue_messages())
def test_property_each_round_removes_what_it_fixed(case: tuple[str, bytes]) -> None:
    """No rule fires again on the line of a finding of it that a round fixed."""
    profile, data = case
    for lines, after, applied in fix_rounds(data, profile):
        moved = new_line_numbers(lines, applied)
        assert len(after.splitlines()) == len([no for no in moved.values() if no is not None]) + sum(
            e.new.count("\n") for f in applied for e in f.edits
        )
        fixed_at = {(f.code, moved.get(f.line or 0)) for f in applied}
        now = {(f.code, f.line) for f in recheck(after.encode("utf-8", "surrogateescape"), profile)}
        assert fixed_at & now == set(), (applied, now)


# -- every fixable rule is in the catalogue, and its fix is exact --------------

BODY = ["Drop the extra reference taken in fastrpc_map_create()."]
UFS = PICK_SUBJECTS[0]
LORE = "https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/"
LINK = f"Link: {LORE}"
CHERRY = f"(cherry picked from commit {SHA})"

#: code -> (profile, message lines, fixed message lines): one fix of each rule, in the generator's words.
EXAMPLES: dict[str, tuple[str, list[str], list[str]]] = {
    "S02": (
        "qcom",
        ["Upstream: arm64: dts: qcom: sm8650: Add UFS ICE node", "", *BODY, "", LINK, CHERRY, SOB],
        [UFS, "", *BODY, "", LINK, CHERRY, SOB],
    ),
    "S07": (
        "qcom",
        ['Revert "misc: fastrpc: Add map"', "", *BODY, "", SOB],
        ['QCLINUX: Revert "misc: fastrpc: Add map"', "", *BODY, "", SOB],
    ),
    "L01": (
        "qcom",
        [SUBJECTS[0], "", *BODY, "", f"Upstream-Status: Submitted [{LORE}]", SOB],
        [SUBJECTS[0], "", *BODY, "", f"Upstream-Status: Submitted [{LORE}]", LINK, SOB],
    ),
    "L03": ("qcom", [SUBJECTS[0], "", *BODY, "", f"Link: <{LORE}>", SOB], [SUBJECTS[0], "", *BODY, "", LINK, SOB]),
    "L04": (
        "qcom",
        [SUBJECTS[0], "", *BODY, "", "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc%40example.com/", SOB],
        [SUBJECTS[0], "", *BODY, "", LINK, SOB],
    ),
    "L05": ("qcom", [SUBJECTS[0], "", *BODY, "", f"Link: {LORE}T/#u", SOB], [SUBJECTS[0], "", *BODY, "", LINK, SOB]),
    "T01": ("qcom", [SUBJECTS[0], "", *BODY, "", LINK, "", SOB], [SUBJECTS[0], "", *BODY, "", LINK, SOB]),
    "T02": ("qcom", [SUBJECTS[0], "", *BODY, "", LINK, "signed-off-by: " + SOB[15:]],
            [SUBJECTS[0], "", *BODY, "", LINK, SOB]),
    "T03": ("qcom", [SUBJECTS[0], "", *BODY, "", "Link:" + LORE, SOB], [SUBJECTS[0], "", *BODY, "", LINK, SOB]),
    "T04": ("qcom", [SUBJECTS[0], "", *BODY, "", LINK, "Signed-of-by: " + SOB[15:]],
            [SUBJECTS[0], "", *BODY, "", LINK, SOB]),
    "T06": ("qcom", [SUBJECTS[0], "", *BODY, "", LINK, SOB, SOB], [SUBJECTS[0], "", *BODY, "", LINK, SOB]),
    "F01": (
        "upstream",
        ["misc: fastrpc: Fix map refcount", "", *BODY, "", f"Fixes: {FIXES_SHA} '{DMABUF}'", SOB],
        ["misc: fastrpc: Fix map refcount", "", *BODY, "", f'Fixes: {FIXES_SHA} ("{DMABUF}")', SOB],
    ),
    "C01": (
        "android",
        [UFS, "", *BODY, "", f"Git-commit: {SHA.upper()}", LINK, SOB],
        [UFS, "", *BODY, "", f"Git-commit: {SHA.upper()}", LINK, SOB, f"(cherry picked from commit {SHA})"],
    ),
    "C02": (
        "chromeos",
        [UFS, "", *BODY, "", "BUG=b:1", "TEST=none", "", LINK, f"(cherry-picked from commit {SHA})",
         "Change-Id: I5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765", SOB],
        [UFS, "", *BODY, "", "BUG=b:1", "TEST=none", "", LINK, f"(cherry picked from commit {SHA})",
         "Change-Id: I5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765", SOB],
    ),
}  # fmt: skip


def test_every_fixable_rule_without_a_repository_has_an_example() -> None:
    fixable = {code for code, rule in REGISTRY.items() if rule.fixable and not rule.needs}
    assert set(EXAMPLES) == fixable


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_catalogue_example_is_fixed_exactly(code: str) -> None:
    profile, before, after = EXAMPLES[code]
    data = lines_to_bytes(before)
    assert [f.code for f in recheck(data, profile) if f.edits] == [code]
    result, remaining, fixed = fix_in_process(data, profile)
    assert [f.code for f in fixed] == [code]
    assert result == lines_to_bytes(after)
    assert code not in {f.code for f in remaining}


#: The broken line of each example, as the generator draws it.
BROKEN = {
    "S02": "Upstream: arm64: dts: qcom: sm8650: Add UFS ICE node",
    "S07": 'Revert "misc: fastrpc: Add map"',
    "L01": f"Upstream-Status: Submitted [{LORE}]",
    "L03": f"Link: <{LORE}>",
    "L04": "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc%40example.com/",
    "L05": f"Link: {LORE}T/#u",
    "T01": "",
    "T02": "signed-off-by: " + SOB[15:],
    "T03": "Link:" + LORE,
    "T04": "Signed-of-by: " + SOB[15:],
    "T06": SOB,
    "F01": f"Fixes: {FIXES_SHA} '{DMABUF}'",
    "C01": f"Git-commit: {SHA.upper()}",
    "C02": f"(cherry-picked from commit {SHA})",
}


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_catalogue_example_is_drawn_by_the_generator(code: str) -> None:
    assert BROKEN[code] in EXAMPLES[code][1]
    assert BROKEN[code] in SUBJECTS + PICK_SUBJECTS + TRAILERS + PROVENANCE + FIXES
