"""Subjects as the X rules compare them: prefixes removed, case and whitespace folded."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import CORPUS
from trailercheck.model.prefixes import parse_prefixes
from trailercheck.model.subjects import may_have_prefix, normalize_log, normalize_subject, strip_prefixes


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        ("misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("FROMLIST: misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("UPSTREAM: BACKPORT: QCLINUX: misc:  fastrpc:\tFix  map refcount ", "misc: fastrpc: fix map refcount"),
        # Malformed prefixes go too (S02 reports them).
        ("Backport: misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("[FROMLIST] misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("FROM LIST: misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("FROMLOST: misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("QCLINUX : misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("UPSTREAM:misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("PENDING-misc: fastrpc: Fix map refcount", "misc: fastrpc: fix map refcount"),
        ("FROMGIT: [BACKPORT] Fromlist: misc: fastrpc: Fix", "misc: fastrpc: fix"),
        # Subsystem tags are not prefixes.
        ("android: binder: Fix a race", "android: binder: fix a race"),
        ("ASoC: qcom: Fix DAI links", "asoc: qcom: fix dai links"),
        ("ARM: dts: qcom: Add a node", "arm: dts: qcom: add a node"),
        # Android's and ChromeOS's markers go, and an unknown word in capitals before a prefix.
        ("NOUPSTREAM: ANDROID: GKI: add android_vendor.h", "gki: add android_vendor.h"),
        ("FIXUP: FROMLIST: scsi: ufs: Add configfs support", "scsi: ufs: add configfs support"),
        ("HACK: CHROMIUM: platform: mtk-isp: AAO/AFO support", "platform: mtk-isp: aao/afo support"),
        ("TOSUBMIT: ANDROID: ARM: Bump command line size", "arm: bump command line size"),
        ("NOUPSTREAM-ANDROID-Add vendor hooks", "add vendor hooks"),
        ("GKI: enable CONFIG_DUMMY=y", "gki: enable config_dummy=y"),
        # A revert stays a revert; the prefixes of what it reverts go.
        ('Revert "FROMLIST: misc: fastrpc: Fix map refcount"', 'revert "misc: fastrpc: fix map refcount"'),
        ('QCLINUX: Revert "FROMLIST: misc: fastrpc: Fix"', 'revert "misc: fastrpc: fix"'),
        ('Revert "Revert "UPSTREAM: x""', 'revert "revert "x""'),
        ('Revert "unterminated', 'revert "unterminated'),
        # Case folding beyond ASCII, other whitespace.
        ("FROMLIST: Straße:\u00a0Fix\u3000it", "strasse: fix it"),
        ("", ""),
        ("FROMLIST: ", ""),
        ("   ", ""),
    ],
)
def test_normalize_subject(subject: str, key: str) -> None:
    assert normalize_subject(subject) == key
    assert normalize_log(f"{'0' * 40}\0{subject}\n") == [["0" * 40, key]]


def test_undecodable_bytes_become_replacement_characters() -> None:
    subject = b"FROMLIST: caf\xe9: Fix".decode("utf-8", "surrogateescape")
    assert normalize_subject(subject) == "caf\ufffd: fix"
    assert normalize_subject(subject).encode("utf-8")  # storable


ATOMS = [
    "FROMLIST: ", "UPSTREAM: ", "BACKPORT: ", "FROMGIT: ", "QCLINUX: ", "ANDROID: ", "CHROMIUM: ", "WORKAROUND: ",
    "Backport: ", "[FROMLIST] ", "[ FROMGIT ]: ", "FROM LIST: ", "From list: ", "FROMLOST: ", "PEDNING: ", "QCLINUX : ",
    "PENDING-", "UPSTREAM:", "UPSTREAM", "android: ", "ASoC: ", "misc: ", "fastrpc: ", "Fix ", "A ", "up ", "Up: ",
    "Revert \"", "\"", " ", "  ", "\t", "\u00a0", "\u3000", "\x0b", "\r", "\x1c", "\u2028", "\x85", "ß", "İ", "Ǆ",
    "FOO: ", "LINUX: ", "X", "b", "NOUPSTREAM: ", "FIXUP: ", "HACK: ", "ANDROID-", "ANDROID-s", "Hack-",
    # Capitalised subsystem tags and what follows them (u-boot's ARM: dts: ..., OMAP3: ...).
    "ARM: ", "ARM:", "ARM", "ARM64: ", "OMAP3", "I2C: ", "TI ", "A: ", "HACK:", "MIPS-", "ST ", "DM: ", "FROMLSIT",
    "dts: ", "Add ", "fix ", "From ", "FROM ", "UPSTREM: ", "/", "3", "Back port: ", "upstream: ", "Up",
]  # fmt: skip
subjects = st.lists(
    st.one_of(st.sampled_from(ATOMS), st.text(max_size=6).filter(lambda t: "\n" not in t and "\0" not in t)), max_size=8
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(subjects, max_size=30), st.booleans())
def test_normalize_log_is_normalize_subject_line_by_line(batch: list[str], final_newline: bool) -> None:
    text = "\n".join(f"{i:040x}\0{s}" for i, s in enumerate(batch)) + ("\n" if final_newline and batch else "")
    assert normalize_log(text) == [[f"{i:040x}", normalize_subject(s)] for i, s in enumerate(batch)]


@settings(max_examples=400, deadline=None)
@given(subjects)
def test_may_have_prefix_misses_no_prefix(subject: str) -> None:
    if not may_have_prefix(subject):
        assert parse_prefixes(subject).tokens == []
        assert strip_prefixes(subject) == parse_prefixes(subject).rest.strip()


def test_marks_of_left_right_logs_are_kept() -> None:
    text = f"<{'a' * 40}\0FROMLIST: x\n>{'b' * 40}\0[FROMGIT] Y\n"
    assert normalize_log(text) == [[f"<{'a' * 40}", "x"], [f">{'b' * 40}", "y"]]


def test_corpus_subjects() -> None:
    patches = sorted((CORPUS / "patches").glob("*.patch")) if CORPUS.exists() else []
    if not patches:
        pytest.skip("../shared/corpus is not present")
    found = []
    for path in patches:
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("Subject:"):
                found.append(line[8:].strip())
    assert found
    text = "".join(f"{i:040x}\0{s}\n" for i, s in enumerate(found))
    assert normalize_log(text) == [[f"{i:040x}", normalize_subject(s)] for i, s in enumerate(found)]
    for subject in found:
        if not may_have_prefix(subject):
            assert parse_prefixes(subject).tokens == []


# -- the prefix tokens of Android and ChromeOS subjects ---------------------------------


@pytest.mark.parametrize(
    ("subject", "names", "valid", "rest"),
    [
        (
            "NOUPSTREAM: ANDROID: sched: Add vendor hooks",
            ["NOUPSTREAM", "ANDROID"],
            ["NOUPSTREAM", "ANDROID"],
            "sched: Add vendor hooks",
        ),
        ("FIXUP: FROMLIST: scsi: ufs: Fix", ["FIXUP", "FROMLIST"], ["FIXUP", "FROMLIST"], "scsi: ufs: Fix"),
        ("HACK: CHROMIUM: drm: Keep it on", ["HACK", "CHROMIUM"], ["HACK", "CHROMIUM"], "drm: Keep it on"),
        # A capitalised word is a prefix (an unknown one, for S03) only before a known prefix.
        ("TOSUBMIT: ANDROID: ARM: Bump", ["TOSUBMIT", "ANDROID"], ["TOSUBMIT", "ANDROID"], "ARM: Bump"),
        ("WIP: [FROMLIST] misc: Fix", ["WIP", "FROMLIST"], ["WIP"], "misc: Fix"),
        ("GKI: enable CONFIG_DUMMY=y", [], [], "GKI: enable CONFIG_DUMMY=y"),
        ("ARM: dts: qcom: Add a node", [], [], "ARM: dts: qcom: Add a node"),
        ("TOSUBMIT:ANDROID: ARM: Bump", [], [], "TOSUBMIT:ANDROID: ARM: Bump"),
        # A dash stands for a colon only after a prefix written in capitals.
        ("NOUPSTREAM-ANDROID-Add hooks", ["NOUPSTREAM", "ANDROID"], [], "Add hooks"),
        ("Android-specific fixes", [], [], "Android-specific fixes"),
        ("Hack-around for the BIOS", [], [], "Hack-around for the BIOS"),
    ],
)
def test_prefix_tokens(subject: str, names: list[str], valid: list[str], rest: str) -> None:
    for quick in (True, False):
        p = parse_prefixes(subject, quick)
        assert (p.names, p.valid, p.rest) == (names, valid, rest)


@pytest.mark.parametrize(
    ("subject", "certain"),
    [
        ("ANDROID-Four-part-revert-of-asm-goto-usage-1-4", [True]),
        ("PENDING-Add Docker related policies", [True]),
        ("UPSTREAM fix the semantics of of_is_ancestor_of()", [True]),
        ("ANDROID - binder: Fix a race", [True]),
        # The word may go on after the dash: where the subject proper starts is not certain.
        ("ANDROID-specific fixes for binder", [False]),
        ("UPSTREAM-friendly rework of the map lookup", [False]),
        # A subsystem tag after the dash starts the subject proper.
        ("PENDING-arm64: defconfig: Enable SM8750 pinctrl", [True]),
        ("ANDROID-dm-user: Fix the list walk", [True]),
        ("NOUPSTREAM-ANDROID-vendor hooks", [True, False]),
    ],
)
def test_a_dash_before_a_word_is_an_uncertain_end(subject: str, certain: list[bool]) -> None:
    assert [t.certain for t in parse_prefixes(subject).tokens] == certain
