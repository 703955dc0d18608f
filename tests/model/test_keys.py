"""Known keys, how far a misspelling may be, and lines left over from writing a patch."""

from __future__ import annotations

import pytest

from trailercheck.model.keys import (
    CHANGELOG,
    DEFAULT_KEYS,
    FIXUP,
    PATMAN,
    leftover_key,
    leftover_text,
    value_fits,
)


@pytest.mark.parametrize(
    ("key", "near"),
    [
        ("Lnik", "Link"),  # 4-5 characters: one edit
        ("Bugs", "Bug"),
        ("List", "Link"),  # two, towards a key whose value tells (value_fits)
        ("Ack-by", "Acked-by"),  # longer: two edits
        ("Signed-off--by", "Signed-off-by"),
        ("Acked-of-by", "Acked-by"),
        ("reviewedby", "Reviewed-by"),
    ],
)
def test_near_miss(key: str, near: str) -> None:
    assert DEFAULT_KEYS.near_miss(key) == near
    assert DEFAULT_KEYS.far_miss(key) is None


@pytest.mark.parametrize(
    ("key", "near"),
    [("Codevelop-by", "Co-developed-by"), ("Reviewed-by-by", "Reviewed-by"), ("Acked-by-by", "Acked-by")],
)
def test_far_miss_only_for_long_keys_with_letters_dropped_or_doubled(key: str, near: str) -> None:
    assert DEFAULT_KEYS.near_miss(key) is None
    assert DEFAULT_KEYS.far_miss(key) == near


@pytest.mark.parametrize(
    "key",
    [
        "Ack",  # three characters or fewer
        "Fix",
        "Tset-by-me",  # too short for three edits
        "Originated-by",  # three letters changed, not dropped
        "Tested-on",  # known
        "Reported-on",  # "on" is no misspelt "by"
        "Acked-for",
        "Git-repo-url",
        "Tests-done",
        "Fixup",  # a fixup note, not Fixes
        "V2",
        "Series-cc",
    ],
)
def test_no_miss(key: str) -> None:
    assert DEFAULT_KEYS.near_miss(key) is None
    assert DEFAULT_KEYS.far_miss(key) is None


def test_body_keys_are_known_but_mark_no_trailer_block() -> None:
    assert DEFAULT_KEYS.lookup("tested-ON") == "Tested-on"
    assert "Tested-on" not in DEFAULT_KEYS
    assert "Reviewed-on" in DEFAULT_KEYS
    assert "Helped-by" in DEFAULT_KEYS


@pytest.mark.parametrize(
    ("canonical", "value", "fits"),
    [
        ("Link", "https://lore.kernel.org/r/20241001-x@example.com", True),
        ("Link", "[1] https://developer.arm.com/architectures", True),
        ("Link", "42", False),
        ("Fixes", 'c68cfb718c8f ("misc: fastrpc: Add support for dmabuf")', True),
        ("Fixes", "commit a6aafce494ab", True),
        ("Fixes", "typo in the comment", False),
        ("Reviewed-by", "", True),
    ],
)
def test_value_fits(canonical: str, value: str, fits: bool) -> None:
    assert value_fits(canonical, value) is fits


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("V2", CHANGELOG),
        ("v1-v2", CHANGELOG),
        ("CHANGELOG", CHANGELOG),
        ("Version-changes", CHANGELOG),
        ("Series-to", PATMAN),
        ("Series-CC", PATMAN),
        ("Cover-letter-cc", PATMAN),
        ("Commit-notes", PATMAN),
        ("Patch-cc", PATMAN),
        ("Serues-cc", PATMAN),
        ("Serial-changes", PATMAN),
        ("fixup", FIXUP),
        ("changes", None),
        ("Commit-Queue", None),
        ("Change-Id", None),
        ("Patch", None),
        ("Vendor", None),
    ],
)
def test_leftover_key(key: str, kind: str | None) -> None:
    assert leftover_key(key) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Changes in v2:", CHANGELOG),
        ("Changes in V2: Switch to pip", CHANGELOG),
        ("Changes for v.2:", CHANGELOG),
        ("Changes for v2-v3:", CHANGELOG),
        ("Changes since v1:", CHANGELOG),
        ("changes v7:", CHANGELOG),
        ("Changed in v2:", CHANGELOG),
        ("v1 -> v2:", CHANGELOG),
        ("Series changes: 2", PATMAN),
        ("Series-cc trini", PATMAN),
        ("Cover Letter:", PATMAN),
        ("fixup! misc: fastrpc: Fix map refcount", FIXUP),
        ("Change the default to version 2 of the protocol.", None),
        ("Change ADR_SPACE_SYSTEM_IO to v2 for x:", None),
        ("v2014.04 release ]", None),
        ("Series of fixes for the map refcount", None),
        ("Series to fix the map refcount", None),
        ("Patch notes and more", None),
    ],
)
def test_leftover_text(text: str, kind: str | None) -> None:
    assert leftover_text(text) == kind


def test_a_sha256_id_fits_fixes() -> None:
    from trailercheck.model.keys import value_fits

    assert value_fits("Fixes", "0123456789abcdef" * 4 + ' ("misc: fastrpc: Fix map refcount")')
