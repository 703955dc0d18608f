"""Lossless text handling: any bytes in, the same bytes out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trailercheck.model.text import (
    Line,
    decode,
    encode,
    is_blank,
    is_git_space,
    join_lines,
    line_texts,
    printable,
    split_lines,
)

ROUND_TRIP = {
    "empty": b"",
    "lf": b"FROMLIST: x\n\nbody\n\nSigned-off-by: A <a@example.com>\n",
    "crlf": b"FROMLIST: x\r\n\r\nbody\r\n\r\nSigned-off-by: A <a@example.com>\r\n",
    "mixed-eol": b"a\r\nb\nc\r\n\r\n\nd",
    "latin1": b"s\n\nCaf\xe9 cr\xe8me\n\nSigned-off-by: Jos\xe9 <jose@example.com>\n",
    "latin1-crlf": b"Caf\xe9\r\n\xff\xfe\r\n",
    "nul": b"s\x00ubject\n\n\x00\n\x00body\x00\n",
    "long-line": b"s\n\n" + b"x" * 100_000 + b"\n" + b"\xe9" * 70_000,
    "no-final-newline": b"s\n\nSigned-off-by: A <a@example.com>",
    "only-newlines": b"\n\n\n",
    "only-crlf": b"\r\n",
    "lone-cr": b"a\rb\r\n\r",
    "cr-before-crlf": b"a\r\r\nb\r",
    "utf8-and-broken": b"J\xc3\xb6rg \xc3 \xe2\x82 \xe2\x82\xac\n",
    "surrogate-bytes": b"\xed\xa0\x80\n",
    "unicode-line-separators": "a\u2028b\x85c\x1cd\x0be\x0cf\n".encode(),
}


@pytest.mark.parametrize("data", ROUND_TRIP.values(), ids=ROUND_TRIP.keys())
def test_round_trip(data: bytes) -> None:
    text = decode(data)
    lines = split_lines(text)
    assert encode(join_lines(lines)) == data
    assert encode(text) == data


@given(st.binary(max_size=400))
@settings(max_examples=300, deadline=None)
def test_round_trip_any_bytes(data: bytes) -> None:
    lines = split_lines(decode(data))
    assert encode(join_lines(lines)) == data
    assert [line.no for line in lines] == list(range(1, len(lines) + 1))
    # Only LF ends a line; every line but the last has a terminator.
    assert all(line.eol in ("\n", "\r\n") for line in lines[:-1])
    assert len(lines) == data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


def test_split_lines_fields() -> None:
    lines = split_lines(decode(b"one\r\ntwo\nthr\ree\r\r\n\nlast"))
    assert [(ln.no, ln.orig, ln.eol, ln.text, ln.terminated) for ln in lines] == [
        (1, "one", "\r\n", "one\r", True),
        (2, "two", "\n", "two", True),
        (3, "thr\ree\r", "\r\n", "thr\ree\r\r", True),
        (4, "", "\n", "", True),
        (5, "last", "", "last", False),
    ]
    assert [ln.content for ln in lines] == ["one", "two", "thr\ree", "", "last"]


def test_split_lines_first_number() -> None:
    lines = split_lines("a\nb\n", first_no=7)
    assert [(ln.no, ln.text) for ln in lines] == [(7, "a"), (8, "b")]
    assert split_lines("") == []
    assert [(ln.no, ln.orig, ln.eol) for ln in split_lines("\n")] == [(1, "", "\n")]


def test_latin1_is_kept_as_surrogates() -> None:
    [line] = split_lines(decode(b"Jos\xe9 \xc3\xa9\n"))
    assert line.text == "Jos\udce9 é"
    assert encode(line.orig + line.eol) == b"Jos\xe9 \xc3\xa9\n"
    assert printable(line.text) == "Jos\ufffd é"


def test_nul_bytes_are_content() -> None:
    lines = split_lines(decode(b"a\x00b\n\x00\n"))
    assert [ln.text for ln in lines] == ["a\x00b", "\x00"]
    assert not is_blank("\x00")


def test_long_line_is_one_line() -> None:
    data = b"Link: https://lore.kernel.org/r/" + b"y" * 200_000 + b"@example.com"
    [line] = split_lines(decode(data))
    assert len(line.text) == len(data)
    assert line.eol == ""


def test_git_space() -> None:
    # git's isspace(): space, tab, LF, CR; not vertical tab or form feed.
    assert [is_git_space(ch) for ch in " \t\n\r\x0b\x0c\xa0"] == [True, True, True, True, False, False, False]
    assert not is_git_space("")
    assert [is_blank(s) for s in ["", " ", "\t \r", "\x0b", "\x0c", "\xa0", " x "]] == [
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]


def test_line_repr_and_default_text() -> None:
    line = Line(3, "Cc: x", "\n")
    assert line.text == "Cc: x"
    assert repr(line) == "Line(3, 'Cc: x')"


@settings(max_examples=300)
@given(st.text(alphabet="a \t\r\n", max_size=30), st.integers(1, 5))
def test_line_texts_are_the_texts_of_the_lines(text: str, first_no: int) -> None:
    lines = split_lines(text, first_no)
    assert line_texts(text) == [ln.text for ln in lines]
    assert [ln.no for ln in lines] == list(range(first_no, first_no + len(lines)))
    assert join_lines(lines) == text


def test_lines_keep_a_carriage_return_in_the_text() -> None:
    assert line_texts("a\r\nb\rc\nd") == ["a\r", "b\rc", "d"]
    assert [(ln.orig, ln.eol, ln.terminated) for ln in split_lines("a\r\nb\rc\nd")] == [
        ("a", "\r\n", True),
        ("b\rc", "\n", True),
        ("d", "", False),
    ]
