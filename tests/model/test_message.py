"""The message model: subject, body, trailer block, split blocks, prefixes, links, people."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trailercheck.model.keys import KeySet
from trailercheck.model.links import Link
from trailercheck.model.message import Message
from trailercheck.model.person import parse_ident, parse_person
from trailercheck.model.prefixes import (
    BRACKETS,
    CASE,
    DASH,
    EXTRA_SPACE,
    NO_COLON,
    NO_SPACE,
    SPACE_BEFORE_COLON,
    SPELLING,
    parse_prefixes,
)
from trailercheck.model.serialize import message_dict
from trailercheck.model.text import split_lines
from trailercheck.model.trailers import CHERRY_PICK, COMMENT, NOTE, TEXT, TRAILER

SHA = "0123456789abcdef0123456789abcdef01234567"
SOB = "Signed-off-by: Ada Lovelace <ada@example.com>"


def trailers(msg: Message) -> list[tuple[str, str, int]]:
    return [(e.key, e.value, e.no) for e in msg.trailers]


def split(msg: Message) -> list[tuple[int, int, list[tuple[str, int]]]]:
    """Split blocks as (first line, last line, [(kind or key, line)])."""
    return [
        (
            msg.lines[b.start].no,
            msg.lines[b.end - 1].no,
            [(e.key if e.kind == TRAILER else e.kind, e.no) for e in b.entries],
        )
        for b in msg.split_blocks
    ]


def body(msg: Message) -> list[tuple[int, str]]:
    return [(line.no, line.content) for line in msg.body_lines]


# -- split blocks (T01 material) ---------------------------------------------


def test_split_block_link_blank_signoff() -> None:
    msg = Message.from_text(f"FROMLIST: foo: bar\n\nBody.\n\nLink: https://lore.kernel.org/r/1@example.com\n\n{SOB}\n")
    assert split(msg) == [(5, 5, [("Link", 5)])]
    assert trailers(msg) == [("Signed-off-by", "Ada Lovelace <ada@example.com>", 7)]
    assert body(msg) == [(3, "Body.")]
    assert [e.no for e in msg.all_entries()] == [5, 7]
    assert [e.no for e in msg.find("link")] == [5]
    assert msg.find("link", split=False) == []
    assert message_dict(msg)["split_blocks"] == [
        {
            "start": 5,
            "end": 5,
            "trailers": [{"key": "Link", "value": "https://lore.kernel.org/r/1@example.com", "line": 5}],
        }
    ]


def test_several_split_paragraphs() -> None:
    msg = Message.from_text(
        "s\n\nBody.\n\n"
        "Link: https://lore.kernel.org/r/1@example.com\n"  # 5
        "\n"
        "Reviewed-by: Bob\n"  # 7
        "  Example <bob@example.com>\n"
        "[ada: fixed conflict]\n"  # 9
        f"{SOB}\n"  # 10
        "\n"
        "\n"
        f"(cherry picked from commit {SHA})\n"  # 13
        "\n"
        f"{SOB}\n"  # 15
    )
    assert split(msg) == [
        (5, 5, [("Link", 5)]),
        (7, 10, [("Reviewed-by", 7), (NOTE, 9), ("Signed-off-by", 10)]),
        (13, 13, [(CHERRY_PICK, 13)]),
    ]
    assert msg.split_blocks[1].entries[0].value == "Bob Example <bob@example.com>"
    assert trailers(msg) == [("Signed-off-by", "Ada Lovelace <ada@example.com>", 15)]
    assert body(msg) == [(3, "Body.")]
    assert msg.trailer_start == 4


def test_split_block_right_after_the_title() -> None:
    msg = Message.from_text(f"s\n\nLink: https://lore.kernel.org/r/1@example.com\n\n{SOB}\n")
    assert split(msg) == [(3, 3, [("Link", 3)])]
    assert body(msg) == []


def test_split_keys_in_any_case() -> None:
    msg = Message.from_text(f"s\n\nBody.\n\nsigned-off-by: Bob <bob@example.com>\nCC: c@example.com\n\n{SOB}\n")
    assert split(msg) == [(5, 6, [("signed-off-by", 5), ("CC", 6)])]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Some text that ends the body.",
        "Foo-bar: an unknown key",
        "Link: https://lore.kernel.org/r/1@example.com\nand a sentence",
        "text\n  indented",
        "[    1.234] foo: bar",
        "[    1.234] foo: bar\n[    1.235] baz",
        "[12.5] dmesg: x",
        "[ 12.5]: x",
    ],
)
def test_body_paragraph_is_not_a_split_block(paragraph: str) -> None:
    msg = Message.from_text(f"s\n\nBody.\n\n{paragraph}\n\n{SOB}\n")
    assert msg.split_blocks == []
    lines = paragraph.split("\n")
    assert body(msg) == [(3, "Body."), (4, ""), *[(5 + i, text) for i, text in enumerate(lines)]]
    assert trailers(msg) == [("Signed-off-by", "Ada Lovelace <ada@example.com>", 6 + len(lines))]


def test_kernel_log_line_with_subsystem_tag_is_not_a_note() -> None:
    log = "[drm:dpu_encoder_phys_vid_wait_for_commit_done:495] [dpu error]vblank timeout"
    msg = Message.from_text(f"s\n\nThe log shows:\n\n{log}\n\n{SOB}\n")
    assert msg.split_blocks == []
    assert body(msg) == [(3, "The log shows:"), (4, ""), (5, log)]


def test_non_trailer_paragraph_stops_the_search() -> None:
    msg = Message.from_text(
        f"s\n\nLink: https://lore.kernel.org/r/1@example.com\n\nA sentence.\n\nCc: c@example.com\n\n{SOB}\n"
    )
    assert split(msg) == [(7, 7, [("Cc", 7)])]
    assert body(msg) == [(3, "Link: https://lore.kernel.org/r/1@example.com"), (4, ""), (5, "A sentence.")]


def test_no_split_blocks_without_a_final_block() -> None:
    msg = Message.from_text("s\n\nLink: https://lore.kernel.org/r/1@example.com\n\nA last sentence.\n")
    assert msg.block is None
    assert msg.split_blocks == []
    assert body(msg) == [(3, "Link: https://lore.kernel.org/r/1@example.com"), (4, ""), (5, "A last sentence.")]


def test_whitespace_only_line_splits_too() -> None:
    msg = Message.from_text(f"s\n\nBody.\n\nLink: https://lore.kernel.org/r/1@example.com\n \t\n{SOB}\n")
    assert split(msg) == [(5, 5, [("Link", 5)])]
    assert trailers(msg) == [("Signed-off-by", "Ada Lovelace <ada@example.com>", 7)]


def test_split_block_with_custom_keys() -> None:
    text = f"s\n\nBody.\n\nTracked-On: 42\n\n{SOB}\n"
    assert Message.from_text(text).split_blocks == []
    msg = Message.from_text(text, keys=KeySet().with_extra(["Tracked-On"]))
    assert split(msg) == [(5, 5, [("Tracked-On", 5)])]


def test_signoff_under_a_long_paragraph_is_not_a_trailer() -> None:
    # One trailer in five lines: git would not take this paragraph for a block (under 25%).
    text = "Body text\nthat runs\nover four\nlines.\n"
    msg = Message.from_text(f"s\n\n{text}{SOB}\n\nCc: c@example.com\n")
    assert trailers(msg) == [("Cc", "c@example.com", 9)]
    assert msg.split_blocks == []
    assert [no for no, _ in body(msg)] == [3, 4, 5, 6, 7]


def test_signoff_under_a_short_paragraph_is_a_split_block() -> None:
    # git would take "Body text." + Signed-off-by: for a block (a sign-off and 25% trailers).
    msg = Message.from_text(f"s\n\nBody text.\n{SOB}\n\nCc: c@example.com\n")
    assert trailers(msg) == [("Cc", "c@example.com", 6)]
    assert split(msg) == [(3, 4, [(TEXT, 3), ("Signed-off-by", 4)])]


def test_paragraph_that_is_only_a_note_is_body_text() -> None:
    msg = Message.from_text(f"s\n\nBody.\n\n[ada: resolved a conflict]\n\n{SOB}\n")
    assert msg.split_blocks == []
    assert body(msg) == [(3, "Body."), (4, ""), (5, "[ada: resolved a conflict]")]


@pytest.mark.parametrize(
    "paragraph",
    [
        # a note wrapped over two lines
        "[ada: resolved a conflict with\n the map rework]\nSigned-off-by: Bob Example <bob@example.com>",
        # an unknown key beside a known one
        "Part-of: <https://gitlab.freedesktop.org/pulseaudio/pulseaudio/-/merge_requests/624>\n"
        "Signed-off-by: Bob Example <bob@example.com>",
        # a mistyped key (git stops at the space) beside a sign-off
        "Co-developed by: Bob Example <bob@example.com>\nSigned-off-by: Bob Example <bob@example.com>",
        # a wrapped Upstream-Status with its URL on the next line
        "Upstream-Status: Backport\n[https://gitlab.freedesktop.org/pulseaudio/pulseaudio/-/commit/b1057f1]\n"
        "Signed-off-by: Bob Example <bob@example.com>",
    ],
)
def test_split_block_as_git_would_accept_it(paragraph: str) -> None:
    msg = Message.from_text(f"s\n\nBody.\n\n{paragraph}\n\n{SOB}\n")
    assert [(b.start + 1, b.end) for b in msg.split_blocks] == [(5, 4 + paragraph.count("\n") + 1)]
    assert body(msg) == [(3, "Body.")]


def test_paragraph_of_unknown_keys_is_body_text() -> None:
    msg = Message.from_text(f"s\n\nBody.\n\nNote: the map is freed twice.\n\n{SOB}\n")
    assert msg.split_blocks == []


# -- entries of the final block -----------------------------------------------


def test_entry_kinds_in_the_block() -> None:
    msg = Message.from_text(
        "UPSTREAM: s\n\nBody.\n\n"
        "Signed-off-by: U <u@example.com>\n"  # 5
        f"(cherry picked from commit {SHA})\n"  # 6
        "[ada: resolved conflict in\n"  # 7
        "  foo.c]\n"  # 8
        "# comment\n"  # 9
        "Key x: not a trailer\n"  # 10
        "Cc: a@example.com,\n"  # 11
        "\tb@example.com\n"  # 12
        f"{SOB}\n"  # 13
    )
    assert [(e.kind, e.no, len(e.lines)) for e in msg.entries] == [
        (TRAILER, 5, 1),
        (CHERRY_PICK, 6, 1),
        (NOTE, 7, 1),
        (TEXT, 8, 1),
        (COMMENT, 9, 1),
        (TEXT, 10, 1),
        (TRAILER, 11, 2),
        (TRAILER, 13, 1),
    ]
    assert trailers(msg) == [
        ("Signed-off-by", "U <u@example.com>", 5),
        ("Cc", "a@example.com, b@example.com", 11),
        ("Signed-off-by", "Ada Lovelace <ada@example.com>", 13),
    ]
    assert (msg.block.start, msg.block.end) == (4, 13)  # type: ignore[union-attr]


def test_entry_columns() -> None:
    msg = Message.from_text("s\n\nKey :  value\nCc:x\nLink: a\n  b\n")
    key, cc, link = msg.entries
    assert (key.key, key.sep, key.value_col, key.line.text[key.value_col :]) == ("Key", 4, 7, "value")
    assert (cc.sep, cc.value_col) == (2, 3)
    assert link.value_col == -1


def test_url_is_a_git_trailer_but_not_ours() -> None:
    msg = Message.from_text(f"s\n\nBody.\n\nLink: http://x.org/a\nhttps://example.org/a\n{SOB}\n")
    assert trailers(msg) == [
        ("Link", "http://x.org/a", 5),
        ("https", "//example.org/a", 6),
        ("Signed-off-by", "Ada Lovelace <ada@example.com>", 7),
    ]
    assert [(e.is_url, e.is_trailer) for e in msg.trailers] == [(False, True), (True, False), (False, True)]
    assert msg.find("https") == []
    [(entry, link)] = msg.links()
    assert (entry.no, link.scheme, link.host) == (5, "http", "x.org")


def test_links_from_split_blocks_too() -> None:
    msg = Message.from_text(
        "s\n\nBody.\n\nlink: https://lore.kernel.org/r/1@example.com\n\n"
        f"Link: https://lore.kernel.org/all/2@example.com/\n{SOB}\n"
    )
    assert [(e.no, link.msgid) for e, link in msg.links()] == [(5, "1@example.com"), (7, "2@example.com")]


# -- subject, body, line numbers ----------------------------------------------


def test_subject_and_body() -> None:
    msg = Message.from_text("FROMLIST: foo: bar  \r\n\r\nFirst.\r\n\r\nSecond.\r\n\r\nSigned-off-by: A <a@x.org>\r\n")
    assert msg.subject == "FROMLIST: foo: bar"
    assert msg.subject_line is not None and msg.subject_line.no == 1
    assert body(msg) == [(3, "First."), (4, ""), (5, "Second.")]
    assert trailers(msg) == [("Signed-off-by", "A <a@x.org>", 7)]


def test_title_paragraph_of_several_lines() -> None:
    msg = Message.from_text(f"First line of title\nsecond line\n\nBody.\n\n{SOB}\n")
    assert msg.subject == "First line of title"
    assert msg.title_end == 2
    assert body(msg) == [(4, "Body.")]
    assert trailers(msg) == [("Signed-off-by", "Ada Lovelace <ada@example.com>", 6)]


def test_title_paragraph_is_never_the_block() -> None:
    msg = Message.from_text(f"Subject\n{SOB}\n")
    assert msg.subject == "Subject"
    assert msg.block is None
    assert body(msg) == []


def test_leading_blank_lines() -> None:
    msg = Message.from_text(f"\n \nFROMLIST: s\n\nBody.\n\n{SOB}\n")
    assert msg.subject == "FROMLIST: s"
    assert msg.subject_index == 2
    assert msg.prefixes.names == ["FROMLIST"]
    assert body(msg) == [(5, "Body.")]
    assert trailers(msg) == [("Signed-off-by", "Ada Lovelace <ada@example.com>", 7)]
    # A title after blank lines is still the title, even when it looks like a trailer.
    assert Message.from_text(f"\n\n{SOB}\n").block is None


@pytest.mark.parametrize("text", ["", "\n", "\n \n\t\n"])
def test_empty_message(text: str) -> None:
    msg = Message.from_text(text)
    assert (msg.subject, msg.subject_line, msg.block, msg.split_blocks, msg.body_lines) == ("", None, None, [], [])
    assert message_dict(msg)["trailers"] == []


def test_only_a_subject() -> None:
    for text in ("QCLINUX: subject", "QCLINUX: subject\n"):
        msg = Message.from_text(text)
        assert (msg.subject, msg.title_end, msg.block, body(msg)) == ("QCLINUX: subject", 1, None, [])


def test_line_numbers_are_those_of_the_lines() -> None:
    # As for hook input: comment lines removed, the numbers of the file stay.
    lines = split_lines("s\n# comment\n\nBody.\n# comment\n\nCc: c@example.com\n" + SOB + "\n")
    kept = [line for line in lines if not line.text.startswith("#")]
    msg = Message(kept)
    assert body(msg) == [(4, "Body.")]
    assert trailers(msg) == [("Cc", "c@example.com", 7), ("Signed-off-by", "Ada Lovelace <ada@example.com>", 8)]


def test_message_dict() -> None:
    msg = Message(split_lines(f"BACKPORT: FROMLIST: s\n\nBody \xe9.\n\nLink: x\n\n{SOB}\n"), source="abc", commit="abc")
    assert message_dict(msg) == {
        "source": "abc",
        "commit": "abc",
        "subject": "BACKPORT: FROMLIST: s",
        "prefixes": ["BACKPORT", "FROMLIST"],
        "trailers": [{"key": "Signed-off-by", "value": "Ada Lovelace <ada@example.com>", "line": 7}],
        "split_blocks": [{"start": 5, "end": 5, "trailers": [{"key": "Link", "value": "x", "line": 5}]}],
        "unseen_block": None,
        "body_lines": ["Body \xe9."],
    }


def test_message_dict_undecodable_bytes() -> None:
    msg = Message.from_text("Caf\udce9\n\nSigned-off-by: Jos\udce9 <j@example.com>\n")
    doc = message_dict(msg)
    assert doc["subject"] == "Caf\ufffd"
    assert doc["trailers"] == [{"key": "Signed-off-by", "value": "Jos\ufffd <j@example.com>", "line": 3}]


# -- prefixes -----------------------------------------------------------------

PREFIXES = [
    # subject, [(name, raw, problems)], rest, corrected
    ("FROMLIST: misc: fastrpc: fix", [("FROMLIST", "FROMLIST:", [])], "misc: fastrpc: fix", None),
    (
        "BACKPORT: FROMLIST: foo",
        [("BACKPORT", "BACKPORT:", []), ("FROMLIST", "FROMLIST:", [])],
        "foo",
        None,
    ),
    (
        "BACKPORT: FROMGIT: foo",
        [("BACKPORT", "BACKPORT:", []), ("FROMGIT", "FROMGIT:", [])],
        "foo",
        None,
    ),
    ("Backport: foo", [("BACKPORT", "Backport:", [CASE])], "foo", "BACKPORT: foo"),
    ("Fromlist: foo", [("FROMLIST", "Fromlist:", [CASE])], "foo", "FROMLIST: foo"),
    ("QCLINUX : x", [("QCLINUX", "QCLINUX :", [SPACE_BEFORE_COLON])], "x", "QCLINUX: x"),
    ("PENDING-Add x", [("PENDING", "PENDING-", [DASH])], "Add x", "PENDING: Add x"),
    ("PENDING - x", [("PENDING", "PENDING -", [DASH])], "x", "PENDING: x"),
    ("UPSTREAM:obexctl: fix", [("UPSTREAM", "UPSTREAM:", [NO_SPACE])], "obexctl: fix", "UPSTREAM: obexctl: fix"),
    ("UPSTREAM:  two", [("UPSTREAM", "UPSTREAM:", [EXTRA_SPACE])], "two", "UPSTREAM: two"),
    ("FROMGIT foo", [("FROMGIT", "FROMGIT", [NO_COLON])], "foo", "FROMGIT: foo"),
    ("[FROMLIST] x", [("FROMLIST", "[FROMLIST]", [BRACKETS])], "x", "FROMLIST: x"),
    ("[BACKPORT]: x", [("BACKPORT", "[BACKPORT]:", [BRACKETS])], "x", "BACKPORT: x"),
    ("FROMLOST: x", [("FROMLIST", "FROMLOST:", [SPELLING])], "x", "FROMLIST: x"),
    ("PEDNING: x", [("PENDING", "PEDNING:", [SPELLING])], "x", "PENDING: x"),
    ("FROM LIST: x", [("FROMLIST", "FROM LIST:", [SPELLING])], "x", "FROMLIST: x"),
    ("WORKAROUNDS: x", [("WORKAROUND", "WORKAROUNDS:", [SPELLING])], "x", "WORKAROUND: x"),
    (
        "BACKPORT:FROMLIST: x",
        [("BACKPORT", "BACKPORT:", [NO_SPACE]), ("FROMLIST", "FROMLIST:", [])],
        "x",
        "BACKPORT: FROMLIST: x",
    ),
    ("ANDROID: binder: fix", [("ANDROID", "ANDROID:", [])], "binder: fix", None),
    ("CHROMIUM: x", [("CHROMIUM", "CHROMIUM:", [])], "x", None),
    ("ASoC: codecs: fix", [], "ASoC: codecs: fix", None),
    ("arm64: dts: qcom: add", [], "arm64: dts: qcom: add", None),
    ("android: binder: fix", [], "android: binder: fix", None),
    ("usb: UPSTREAM: x", [], "usb: UPSTREAM: x", None),
    ("FIXUP: x", [("FIXUP", "FIXUP:", [])], "x", None),  # ChromeOS's marker
    ("WIP: FROMLIST: x", [("WIP", "WIP:", []), ("FROMLIST", "FROMLIST:", [])], "x", None),
    ("WIP: x", [], "WIP: x", None),
    ("PATCH: x", [], "PATCH: x", None),
    ("UPSTREAM", [], "UPSTREAM", None),
    ('Revert "FROMLIST: foo: bar"', [], 'Revert "FROMLIST: foo: bar"', None),
]


@pytest.mark.parametrize(("subject", "tokens", "rest", "corrected"), PREFIXES, ids=[p[0] for p in PREFIXES])
def test_prefixes(subject: str, tokens: list[tuple[str, str, list[str]]], rest: str, corrected: str | None) -> None:
    p = parse_prefixes(subject)
    assert [(t.name, t.raw, list(t.problems)) for t in p.tokens] == tokens
    assert p.rest == rest
    assert subject[p.rest_col :] == rest
    assert p.names == [t[0] for t in tokens]
    assert p.valid == [t[0] for t in tokens if not t[2]]
    assert [t.name for t in p.malformed] == [t[0] for t in tokens if t[2]]
    assert p.corrected() == (corrected or subject)


def test_prefix_columns() -> None:
    p = parse_prefixes("  BACKPORT: FROMLIST: foo")
    assert [(t.start, t.end) for t in p.tokens] == [(2, 12), (12, 22)]
    assert (p.rest, p.rest_col) == ("foo", 22)


def test_empty_after_prefix() -> None:
    p = parse_prefixes("FROMLIST: ")
    assert (p.names, p.valid, p.rest) == (["FROMLIST"], ["FROMLIST"], "")
    p = parse_prefixes("FROMLIST:")
    assert (p.names, p.valid, p.rest) == (["FROMLIST"], ["FROMLIST"], "")


def test_revert() -> None:
    p = parse_prefixes('Revert "FROMLIST: foo: bar"')
    assert (p.names, p.revert) == ([], "FROMLIST: foo: bar")
    p = parse_prefixes('QCLINUX: Revert "FROMLIST: foo: bar"')
    assert (p.names, p.rest, p.revert) == (["QCLINUX"], 'Revert "FROMLIST: foo: bar"', "FROMLIST: foo: bar")
    assert parse_prefixes('Revert "foo" and more').revert is None
    assert parse_prefixes("FROMLIST: foo").revert is None


def test_message_prefixes_from_subject() -> None:
    msg = Message.from_text("BACKPORT: FROMLIST: foo\r\n\r\nBody.\r\n")
    assert msg.prefixes.names == ["BACKPORT", "FROMLIST"]
    assert msg.prefixes.rest == "foo"


# -- links --------------------------------------------------------------------

MSGID = "20240101-foo-v2-1-abc@example.com"
LINKS = [
    # value, msgid, decoded message-id, suffix, problems, without_brackets() (None: the value)
    (f"https://lore.kernel.org/r/{MSGID}", MSGID, MSGID, "", [], None),
    (f"https://lore.kernel.org/r/{MSGID}/", MSGID, MSGID, "", [], None),
    (f"https://lore.kernel.org/all/{MSGID}/", MSGID, MSGID, "", [], None),
    (f"https://lore.kernel.org/linux-arm-msm/{MSGID}/", MSGID, MSGID, "", [], None),
    (f"https://lore.kernel.org/{MSGID}", MSGID, MSGID, "", [], None),
    (f"https://patch.msgid.link/{MSGID}", MSGID, MSGID, "", [], None),
    (f"https://lore.kernel.org/r/{MSGID}/T/", MSGID, MSGID, "/T/", [], None),
    (f"https://lore.kernel.org/r/{MSGID}/t/", MSGID, MSGID, "/t/", [], None),
    (f"https://lore.kernel.org/r/{MSGID}/T/#u", MSGID, MSGID, "/T/#u", [], None),
    (f"https://lore.kernel.org/all/{MSGID}/raw", MSGID, MSGID, "/raw", [], None),
    (f"https://lore.kernel.org/all/{MSGID}/t.mbox.gz", MSGID, MSGID, "/t.mbox.gz", [], None),
    (f"https://lore.kernel.org/r/{MSGID}#r", MSGID, MSGID, "#r", [], None),
    (f"https://lore.kernel.org/all/{MSGID}?x=1", MSGID, MSGID, "?x=1", [], None),
    (
        "https://lore.kernel.org/r/20240101-foo-abc%40example.com",
        "20240101-foo-abc%40example.com",
        "20240101-foo-abc@example.com",
        "",
        [],
        None,
    ),
    ("https://lore.kernel.org/r/a%2Bb%40example.com/", "a%2Bb%40example.com", "a+b@example.com", "", [], None),
    (
        f"<https://lore.kernel.org/r/{MSGID}>",
        MSGID,
        MSGID,
        "",
        ["angle brackets around the URL"],
        f"https://lore.kernel.org/r/{MSGID}",
    ),
    (
        f"[https://lore.kernel.org/r/{MSGID}]",
        MSGID,
        MSGID,
        "",
        ["square brackets around the URL"],
        f"https://lore.kernel.org/r/{MSGID}",
    ),
    (
        f"https://lore.kernel.org/r/<{MSGID}>",
        MSGID,
        MSGID,
        "",
        ["angle brackets around the message-id"],
        f"https://lore.kernel.org/r/{MSGID}",
    ),
    (
        f"https://lore.kernel.org/r/%3C{MSGID}%3E/",
        MSGID,
        MSGID,
        "",
        ["angle brackets around the message-id"],
        f"https://lore.kernel.org/r/{MSGID}/",
    ),
    (
        f"<http://lore.kernel.org/r/<{MSGID}>>",
        MSGID,
        MSGID,
        "",
        ["angle brackets around the URL", "http:// instead of https://", "angle brackets around the message-id"],
        f"https://lore.kernel.org/r/{MSGID}",
    ),
    (
        f"http://lore.kernel.org/r/{MSGID}",
        MSGID,
        MSGID,
        "",
        ["http:// instead of https://"],
        f"https://lore.kernel.org/r/{MSGID}",
    ),
    ("https://lore.kernel.org/r/abcdef", "abcdef", "abcdef", "", ["message-id without @"], None),
    ("https://lore.kernel.org/linux-arm-msm/", None, None, "", ["no message-id in the path"], None),
    ("https://lore.kernel.org/r/", None, None, "", ["no message-id in the path"], None),
    ("not a url", None, None, "", ["whitespace in the URL", "not a URL"], "not"),
    (
        "lore.kernel.org/r/a@example.com",
        "a@example.com",
        "a@example.com",
        "",
        ["no https:// in front of the URL"],
        "https://lore.kernel.org/r/a@example.com",
    ),
    (f"ftp://lore.kernel.org/r/{MSGID}", MSGID, MSGID, "", ["ftp:// is not a web link"], None),
    (f"https://lore.kernel.org/r/{MSGID} (v2)", MSGID, MSGID, "", [], f"https://lore.kernel.org/r/{MSGID}"),
    (f"https://lore.kernel.org/r/{MSGID}/ # [1]", MSGID, MSGID, "", [], f"https://lore.kernel.org/r/{MSGID}/"),
    (f"[2]: https://lore.kernel.org/r/{MSGID}/T/", MSGID, MSGID, "/T/", [], f"https://lore.kernel.org/r/{MSGID}/T/"),
    (f"https://lore.kernel.org/r/{MSGID}/T/#m0123abcd", MSGID, MSGID, "", [], None),
    (
        "https://lore.kernel.org/all/YNsm%2F0dmpBgO8mqr@lunn.ch/",
        "YNsm%2F0dmpBgO8mqr@lunn.ch",
        "YNsm/0dmpBgO8mqr@lunn.ch",
        "",
        [],
        None,
    ),
    (
        f"https://lore.kernel.org/r/ {MSGID}",
        None,
        None,
        "",
        ["whitespace in the URL", "no message-id in the path"],
        "https://lore.kernel.org/r/",
    ),
]


@pytest.mark.parametrize(
    ("value", "msgid", "decoded", "suffix", "problems", "unbracketed"), LINKS, ids=[v[0] for v in LINKS]
)
def test_links(
    value: str, msgid: str | None, decoded: str | None, suffix: str, problems: list[str], unbracketed: str | None
) -> None:
    link = Link(value)
    assert link.msgid == msgid
    assert link.decoded_msgid == decoded
    assert link.suffix == suffix
    assert link.problems == problems
    assert link.without_brackets() == (unbracketed or value)
    if msgid is not None:
        assert value[link.msgid_start : link.msgid_end] == msgid
        assert link.encoded == ("%" in msgid)
        if suffix:
            assert link.suffix_start >= link.msgid_end
    else:
        assert (link.msgid_start, link.msgid_end) == (-1, -1)
        assert not link.encoded


def test_link_hosts() -> None:
    hosts = ("lore.kernel.org", "patch.msgid.link", "msgid.link")
    assert Link(f"https://lore.kernel.org/r/{MSGID}").on_hosts(hosts)
    assert Link(f"https://LORE.kernel.org/r/{MSGID}").on_hosts(hosts)
    assert Link(f"https://msgid.link/{MSGID}").on_hosts(hosts)
    assert not Link(f"https://patchwork.kernel.org/project/linux-arm-msm/patch/{MSGID}/").on_hosts(hosts)
    assert not Link(f"https://lkml.org/lkml/2024/1/1/{MSGID}").on_hosts(hosts)
    link = Link(f"https://lore.kernel.org/linux-arm-msm/{MSGID}/")
    assert (link.scheme, link.host, link.path) == ("https", "lore.kernel.org", f"/linux-arm-msm/{MSGID}/")


def test_same_message_id_in_different_forms() -> None:
    forms = [
        f"https://lore.kernel.org/r/{MSGID}",
        f"https://lore.kernel.org/all/{MSGID}/",
        f"https://lore.kernel.org/linux-arm-msm/{MSGID}/T/#u",
        "https://lore.kernel.org/r/" + MSGID.replace("@", "%40"),
        f"https://patch.msgid.link/{MSGID}",
    ]
    assert {Link(v).decoded_msgid for v in forms} == {MSGID}


# -- people -------------------------------------------------------------------

PEOPLE = [
    # value, name, email, problems
    ("Ada Lovelace <ada@example.com>", "Ada Lovelace", "ada@example.com", []),
    ("  Ada   Lovelace   <ada@example.com>  ", "Ada   Lovelace", "ada@example.com", []),
    ('"Lovelace, Ada" <ada@example.com>', "Lovelace, Ada", "ada@example.com", []),
    ("Jörg Rödel <joerg@example.com>", "Jörg Rödel", "joerg@example.com", []),
    ("Ada <ada+kernel@Example.COM>", "Ada", "ada+kernel@Example.COM", []),
    ("<ada@example.com>", "", "ada@example.com", ["missing name"]),
    ("ada@example.com", "", "ada@example.com", ["missing name", "address not in <...>"]),
    ("Ada Lovelace", "Ada Lovelace", "", ["missing address"]),
    ("", "", "", ["missing address"]),
    ("Ada <>", "Ada", "", ["empty address"]),
    ("Ada <ada example.com>", "Ada", "ada example.com", ["bad address 'ada example.com'"]),
    ("Ada <ada@@example.com>", "Ada", "ada@@example.com", ["bad address 'ada@@example.com'"]),
    ("Ada <ada@example.com> # 6.1", "Ada", "ada@example.com", []),
    ("Ada <ada@example.com> 6.1", "Ada", "ada@example.com", ["text after '>': '6.1'"]),
    ("Ada <ada@example.com", "Ada", "ada@example.com", ["address not in <...>"]),
]


@pytest.mark.parametrize(("value", "name", "email", "problems"), PEOPLE, ids=[p[0] or "empty" for p in PEOPLE])
def test_person(value: str, name: str, email: str, problems: list[str]) -> None:
    person = parse_person(value)
    assert (person.name, person.email, list(person.problems)) == (name, email, problems)


def test_person_keys_and_same() -> None:
    a = parse_person("Ada Lovelace <ADA+kernel@Example.com>")
    assert (a.email_key, a.name_key) == ("ada@example.com", "ada lovelace")
    assert a.same(parse_person("Someone Else <ada@example.COM>"))
    assert a.same(parse_person('"ada  LOVELACE" <other@example.org>'))
    assert not a.same(parse_person("Bob <bob@example.com>"))
    assert not parse_person("<a@example.com>").same(parse_person("<b@example.com>"))
    assert str(a) == "Ada Lovelace <ADA+kernel@Example.com>"
    assert str(parse_person("<a@example.com>")) == "<a@example.com>"


def test_parse_ident() -> None:
    person = parse_ident("Ada Lovelace <ada@example.com> 1700000000 +0100")
    assert person is not None
    assert (person.name, person.email, person.problems) == ("Ada Lovelace", "ada@example.com", ())
    assert parse_ident("Ada Lovelace <ada@example.com>") is not None
    assert parse_ident("no address at all") is None
    assert parse_ident("<> 1700000000 +0000") is None


@settings(max_examples=500)
@given(st.text(alphabet="ab \t\r\n:#", max_size=40))
def test_text_of_a_message_read_from_text_is_its_lines_joined(text: str) -> None:
    # from_text knows the joined text without joining the lines again.
    assert Message.from_text(text).text == "\n".join(line.text for line in split_lines(text))


def test_last_paragraph_git_takes_for_text_is_still_read() -> None:
    # Under a quarter of the lines are trailers: git sees no block; the model keeps the paragraph apart.
    note = "[ada: squashed the follow-up fixes:\n  one\n  two\n  three\n  four\n  five\n]\n"
    msg = Message.from_text(f"s\n\nBody.\n\nLink: https://lore.kernel.org/r/1@example.com\n{SOB}\n{note}")
    assert msg.block is None and trailers(msg) == []
    assert message_dict(msg)["unseen_block"] == {
        "start": 5,
        "end": 13,
        "trailers": [
            {"key": "Link", "value": "https://lore.kernel.org/r/1@example.com", "line": 5},
            {"key": "Signed-off-by", "value": "Ada Lovelace <ada@example.com>", "line": 6},
        ],
    }
    assert [e.no for e in msg.find("Signed-off-by")] == [6]
    assert body(msg) == [(3, "Body.")]


def test_lines_mentioning() -> None:
    msg = Message.from_text(
        "Signed-Off: a title\n\nCherry Picked From x, picked from y\nnothing\n(backported from z)\nsigned OFF\n"
    )
    assert msg.lines_mentioning(("picked from", "backported from")) == [2, 4]
    assert msg.lines_mentioning(("off",)) == [0, 5]
    assert msg.lines_mentioning(("absent",)) == []
    # "İ" lower-cases to two characters: no offset of the lower-case text names a line any more.
    assert Message.from_text("\u0130\npicked from\nx\n").lines_mentioning(("picked from",)) == [0, 1, 2]


mention_lines = st.lists(st.sampled_from(["picked from", "PICKED FROM x", "off", "x", "", "offoff off"]), max_size=8)


@given(mention_lines)
def test_lines_mentioning_is_every_line_that_mentions(lines: list[str]) -> None:
    msg = Message.from_text("".join(line + "\n" for line in lines))
    needles = ("picked from", "off")
    want = [i for i, line in enumerate(msg.lines) if any(n in line.text.lower() for n in needles)]
    assert msg.lines_mentioning(needles) == want


body_shapes = st.lists(st.sampled_from(["s", "", " ", "\t", "Body.", SOB, "Link: x", "# c", "x: y"]), max_size=9)


@given(body_shapes)
def test_has_body_is_whether_there_are_body_lines(lines: list[str]) -> None:
    msg = Message.from_text("".join(line + "\n" for line in lines))
    assert msg.has_body() == bool(msg.body_lines)


def test_has_body() -> None:
    assert Message.from_text(f"s\n\n \nBody.\n\n{SOB}\n").has_body()
    assert not Message.from_text(f"s\n\n \n\n{SOB}\n").has_body()
    assert not Message.from_text(f"s\n{SOB}\n").has_body()


def test_lines_are_made_once_and_on_demand() -> None:
    msg = Message.from_text(f"s\n\nBody.\nLink: x\n\n{SOB}\n")
    block_line = msg.entries[0].line
    assert msg.line(5) is block_line
    assert msg.lines[5] is block_line
    assert msg.line(3) is msg.lines[3]
    assert [(ln.no, ln.orig, ln.eol) for ln in msg.lines] == [
        (ln.no, ln.orig, ln.eol) for ln in split_lines(f"s\n\nBody.\nLink: x\n\n{SOB}\n")
    ]
    assert [e.no for e in msg.loose()] == [4]
