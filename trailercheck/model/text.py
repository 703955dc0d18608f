"""Lossless text handling: bytes in, lines with 1-based numbers out, bytes back.

Messages may hold any bytes (Latin-1 history, NUL bytes, CRLF line ends).
They are decoded as UTF-8 with ``surrogateescape`` so that every byte that is
not valid UTF-8 survives a round trip unchanged.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

ENCODING: Final = "utf-8"
ERRORS: Final = "surrogateescape"

# git's own isspace(): space, tab, LF and CR only (not \v or \f).
GIT_SPACE: Final = " \t\n\r"


def decode(data: bytes) -> str:
    """Decode bytes losslessly (undecodable bytes become lone surrogates)."""
    return data.decode(ENCODING, ERRORS)


def encode(text: str) -> bytes:
    """Inverse of :func:`decode`: the original bytes, byte for byte."""
    return text.encode(ENCODING, ERRORS)


def printable(text: str) -> str:
    """Text safe to print: undecodable bytes shown as U+FFFD."""
    if text.isascii():  # nothing undecodable in it: most texts
        return text
    return text.encode(ENCODING, ERRORS).decode(ENCODING, "replace")


#: The most characters of user text a finding quotes (see :func:`excerpt`).
EXCERPT: Final = 100
#: The most characters of a finding's message or fix hint, its quotes included.
FINDING_TEXT: Final = 5 * EXCERPT


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text`` cut to at most ``limit`` characters, the cut marked with an ellipsis.

    A finding quotes the user's text through it, so that a report stays in
    proportion to the input however long a subject or a value is.
    """
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


#: How git's ``quote_c_style`` writes the control characters that have a short escape.
_C_ESCAPES: Final = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"}


#: Whether file names are printed with the bytes from 0x80 on escaped: git's ``core.quotePath``, true
#: unless configured otherwise. The command line sets it once per run (:func:`quote_paths_as`).
_QUOTE_HIGH: Final = [True]


def quote_paths_as(high: bool) -> None:
    """Quote file names from now on as ``core.quotePath = high`` has git quote them."""
    _QUOTE_HIGH[0] = high


def quote_path(path: str, high: bool | None = None) -> str:
    """A file name as git prints it (``high``: bytes from 0x80 on escaped too; by default as
    ``core.quotePath`` says, see :func:`quote_paths_as`).

    A name with a control character, a double quote or a backslash (or,
    with ``high``, a byte that is not ASCII) is written in double quotes,
    C-style: ``\\n``, ``\\t``, ``\\"``, and three octal digits for the other
    bytes; any other name as it is.
    """
    if high is None:
        high = _QUOTE_HIGH[0]
    data = encode(path)
    if not any(b < 0x20 or b in (0x22, 0x5C, 0x7F) or (high and b >= 0x80) for b in data):
        return path
    out: list[str] = []
    for b in data:
        short = _C_ESCAPES.get(b)
        if short is not None:
            out.append(short)
        elif b < 0x20 or b == 0x7F or (high and b >= 0x80):
            out.append(f"\\{b:03o}")
        else:
            out.append(chr(b))
    text = "".join(out)
    if not high:
        text = decode(text.encode("latin-1"))
    return f'"{text}"'


def is_git_space(ch: str) -> bool:
    return ch in GIT_SPACE and ch != ""


def is_blank(text: str) -> bool:
    """git's is_blank_line(): the line holds only whitespace."""
    return not text.strip(GIT_SPACE)


class Line:
    """One line of a source file.

    ``no`` is the 1-based line number as the user sees it in the file;
    ``orig`` is the line's content without its line terminator, as it is in
    the file; ``eol`` is the terminator (``"\\n"``, ``"\\r\\n"`` or ``""``);
    ``text`` is what the message model works on, exactly what git's trailer
    code sees: ``orig`` plus the carriage return of a CRLF line end, or for
    hook input ``orig`` with trailing whitespace removed, as
    ``git commit --cleanup=strip`` stores it. Column offsets into the
    content of ``text`` are valid in ``orig``. ``terminated`` says whether
    git sees a newline after ``text``: false only for a last line without
    one in a message git stores as is (hook input always gets one).
    """

    __slots__ = ("eol", "no", "orig", "terminated", "text")

    def __init__(self, no: int, orig: str, eol: str, text: str | None = None) -> None:
        self.no = no
        self.orig = orig
        self.eol = eol
        self.text = orig if text is None else text
        self.terminated = eol != ""

    @property
    def content(self) -> str:
        """The text without a trailing carriage return or whitespace."""
        return self.text.rstrip(GIT_SPACE)

    def __repr__(self) -> str:
        return f"Line({self.no}, {self.text!r})"


def split_lines(text: str, first_no: int = 1) -> list[Line]:
    """Split text into :class:`Line` objects; ``"\\r\\n"`` and ``"\\n"`` end a line.

    A carriage return before ``\\n`` belongs to ``eol``, not to ``orig``; a
    lone ``\\r`` elsewhere is ordinary content.
    """
    texts = line_texts(text)
    ended = text.endswith("\n")
    last = first_no + len(texts) - 1
    return [make_line(no, raw, ended or no < last) for no, raw in enumerate(texts, first_no)]


def line_texts(text: str) -> list[str]:
    """The ``text`` of each line of ``text`` (what git's trailer code reads): split at each ``\\n``,
    without an empty line after a last ``\\n``."""
    texts = text.split("\n")
    if not texts[-1]:  # what follows the last newline: "" when the text ends with one
        texts.pop()
    return texts


def make_line(no: int, raw: str, terminated: bool) -> Line:
    """Line number ``no`` of a text, ``raw`` its :func:`line_texts` entry; ``terminated``: a newline follows."""
    if not terminated:
        return Line(no, raw, "", raw)
    if raw.endswith("\r"):
        return Line(no, raw[:-1], "\r\n", raw)
    return Line(no, raw, "\n", raw)


def join_lines(lines: list[Line]) -> str:
    """The exact text the lines came from."""
    return "".join(line.orig + line.eol for line in lines)
