"""The message model against real git: the trailers must be what git prints.

Every message is stored byte for byte in a real repository; for each commit
``git log --format='%(trailers:only,unfold)'`` is compared with the model
(``Message`` built from the stored bytes) and with ``trailercheck parse
--range`` over the whole range. git compares bytes; its output is decoded
with UTF-8/surrogateescape as the model decodes its input.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import (
    commit_bytes,
    commit_raw,
    fast_import,
    git,
    git_bytes,
    git_trailers,
    head,
    init_repo,
    parse_git_trailers,
    run_cli,
    stored_message,
)
from trailercheck.model.message import Message
from trailercheck.model.text import decode, printable

SHA = "0123456789abcdef0123456789abcdef01234567"
SOB = "Signed-off-by: A <a@example.com>"
SCISSORS = "# ------------------------ >8 ------------------------"

Trailer = tuple[str, str, int]


@dataclass
class Case:
    id: str
    message: bytes
    #: (key, value, line) of every trailer git prints, in order.
    expected: list[Trailer]
    #: How the message is stored: ``raw`` (no encoding header) or an encoding name.
    encoding: str | None = None


def _c(id: str, message: str | bytes, expected: list[Trailer], encoding: str | None = None) -> Case:
    data = message.encode() if isinstance(message, str) else message
    return Case(id, data, expected, encoding)


CASES = [
    _c(
        "basic",
        f"FROMLIST: misc: fastrpc: fix map\n\nBody line.\n\nLink: https://lore.kernel.org/r/1@example.com\n{SOB}\n",
        [("Link", "https://lore.kernel.org/r/1@example.com", 5), ("Signed-off-by", "A <a@example.com>", 6)],
    ),
    _c(
        "continuation-space",
        f"s\n\nbody\n\nReviewed-by: Bob\n  Example <bob@example.com>\n{SOB}\n",
        [("Reviewed-by", "Bob Example <bob@example.com>", 5), ("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c(
        "continuation-tab",
        "s\n\nbody\n\nCc: a@example.com,\n\tb@example.com,\n\t c@example.com\nAcked-by: B <b@example.com>\n",
        [("Cc", "a@example.com, b@example.com, c@example.com", 5), ("Acked-by", "B <b@example.com>", 8)],
    ),
    _c(
        # git keeps the trailing blanks of the first line and adds one space for the fold.
        "trailing-whitespace-before-continuation",
        f"s\n\nbody\n\nCc: a   \n  b\n{SOB}\n",
        [("Cc", "a    b", 5), ("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c(
        "value-only-on-continuation",
        f'Fixes: in the title\n\nbody\n\nFixes:\n  0123456789ab ("foo")\n{SOB}\n',
        [("Fixes", '0123456789ab ("foo")', 5), ("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c(
        "cherry-pick",
        f"UPSTREAM: foo: bar\n\nbody\n\n(cherry picked from commit {SHA})\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 6)],
    ),
    _c(
        "backport-note",
        "BACKPORT: foo\n\nbody\n\nSigned-off-by: U <u@example.com>\n"
        f"(cherry picked from commit {SHA})\n[ada: fixed conflict in foo.c]\n{SOB}\n",
        [("Signed-off-by", "U <u@example.com>", 5), ("Signed-off-by", "A <a@example.com>", 8)],
    ),
    _c(
        "backport-note-with-continuation",
        f"BACKPORT: foo\n\nbody\n\nSigned-off-by: U <u@example.com>\n[ada: resolved conflict in\n  foo.c]\n{SOB}\n",
        [("Signed-off-by", "U <u@example.com>", 5), ("Signed-off-by", "A <a@example.com>", 8)],
    ),
    _c(
        "quarter-rule-met",
        f"s\n\nbody\n\nsome text\nmore text\nthird text\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 8)],
    ),
    _c(
        "quarter-rule-met-with-other-key",
        f"s\n\nbody\n\ntext one\nFoo: bar\ntext two\ntext three\ntext four\ntext five\ntext six\n{SOB}\n",
        [("Foo", "bar", 6), ("Signed-off-by", "A <a@example.com>", 12)],
    ),
    _c("quarter-rule-missed", f"s\n\nbody\n\none\ntwo\nthree\nfour\n{SOB}\n", []),
    _c(
        "quarter-rule-counts-continuations",
        f"s\n\nbody\n\ntext\n  indented\n  more\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 8)],
    ),
    _c("quarter-rule-continuations-tip-over", f"s\n\nbody\n\ntext\ntext\n  indented\n  more\n{SOB}\n", []),
    _c("no-signoff-mixed-paragraph", "s\n\nbody\n\nsome text\nKey: value\n", []),
    _c(
        "all-trailers-without-signoff",
        "s\n\nbody\n\nKey: value\nOther-Key: other\n",
        [("Key", "value", 5), ("Other-Key", "other", 6)],
    ),
    _c("signoff-without-space-is-not-git-generated", "s\n\nbody\n\none\ntwo\nthree\nSigned-off-by:A\n", []),
    _c("signoff-lowercase-is-not-git-generated", "s\n\nbody\n\none\ntwo\nsigned-off-by: a\n", []),
    _c(
        "cherry-pick-line-is-git-generated",
        f"s\n\nbody\n\ntext\nKey: v\ntext\ntext\ntext\ntext\n(cherry picked from commit {SHA})\n",
        [("Key", "v", 6)],
    ),
    _c("same-without-cherry-pick-line", "s\n\nbody\n\ntext\nKey: v\ntext\ntext\ntext\ntext\n", []),
    _c(
        "url-is-key-https",
        f"s\n\nbody\n\nLink: https://lore.kernel.org/r/1@example.com\nhttps://example.org/bug/1\n{SOB}\n",
        [
            ("Link", "https://lore.kernel.org/r/1@example.com", 5),
            ("https", "//example.org/bug/1", 6),
            ("Signed-off-by", "A <a@example.com>", 7),
        ],
    ),
    _c("url-paragraph", "s\n\nSee the bug:\n\nhttp://example.org/x\n", [("http", "//example.org/x", 5)]),
    _c(
        "url-after-text-is-not-trailer",
        f"s\n\nbody\n\nsee https://example.org/x\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 6)],
    ),
    _c(
        "space-before-colon",
        "s\n\nbody\n\nKey : value\nOther\t: tab\nSigned-off-by : A <a@example.com>\n",
        [("Key", "value", 5), ("Other", "tab", 6), ("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c(
        "key-with-space-is-not-trailer",
        f"s\n\nbody\n\nKey x: value\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 6)],
    ),
    _c("key-with-space-breaks-block", "s\n\nbody\n\nKey x: value\nAcked-by: B <b@example.com>\n", []),
    _c("colon-first", "s\n\nbody\n\n:value\nAcked-by: B\n", []),
    _c(
        "empty-values",
        f"s\n\nbody\n\nCc:\nAcked-by:   \n{SOB}\n",
        [("Cc", "", 5), ("Acked-by", "", 6), ("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c("empty-value-no-newline", "s\n\nAcked-by:", [("Acked-by", "", 3)]),
    _c(
        "key-characters",
        's\n\nbody\n\nCRs-Fixed: 123, 456\nX-1: y\n-: dash\nFixes: 0123456789ab ("a: b")\n',
        [("CRs-Fixed", "123, 456", 5), ("X-1", "y", 6), ("-", "dash", 7), ("Fixes", '0123456789ab ("a: b")', 8)],
    ),
    _c(
        "separator-whitespace",
        "s\n\nbody\n\nKey:value\nTab:\tvalue\nMany:    value   \n",
        [("Key", "value", 5), ("Tab", "value", 6), ("Many", "value", 7)],
    ),
    _c(
        "trailing-comment-lines",
        f"s\n\nbody\n\nAcked-by: B <b@example.com>\n{SOB}\n# a comment\n#another\n\n",
        [("Acked-by", "B <b@example.com>", 5), ("Signed-off-by", "A <a@example.com>", 6)],
    ),
    _c(
        "comment-inside-block",
        f"s\n\nbody\n\nAcked-by: B <b@example.com>\n# note\n{SOB}\n",
        [("Acked-by", "B <b@example.com>", 5), ("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c(
        "comment-ends-continuation",
        f"s\n\nbody\n\n{SOB}\n# note\n  not continued\n",
        [("Signed-off-by", "A <a@example.com>", 5)],
    ),
    _c(
        "conflicts-block",
        f"s\n\nbody\n\n{SOB}\n\nConflicts:\n\tdrivers/foo.c\n\tdrivers/bar.c\n",
        [("Signed-off-by", "A <a@example.com>", 5)],
    ),
    _c(
        "conflicts-right-after-trailers",
        "s\n\nbody\n\nAcked-by: B\nConflicts:\n\tfoo.c\n",
        [("Acked-by", "B", 5)],
    ),
    _c(
        # git only takes "Conflicts:\n" as the start of a conflicts block.
        "conflicts-without-final-newline",
        "s\n\nbody\n\nAcked-by: B\nConflicts:",
        [("Acked-by", "B", 5), ("Conflicts", "", 6)],
    ),
    _c(
        "conflicts-crlf-is-a-trailer",
        "s\r\n\r\nbody\r\n\r\nAcked-by: B\r\nConflicts:\r\n\tfoo.c\r\n",
        [("Acked-by", "B", 5), ("Conflicts", "foo.c", 6)],
    ),
    _c(
        # %(trailers) reads the whole message: "---" is no patch divider here.
        "dashes-in-body",
        f"s\n\nbody\n---\nKey: in the patch part\n\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c(
        "dashes-in-block",
        f"s\n\nbody\n\nLink: https://lore.kernel.org/r/1@example.com\n---\n{SOB}\n",
        [("Link", "https://lore.kernel.org/r/1@example.com", 5), ("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c(
        "crlf",
        "FROMLIST: s\r\n\r\nbody\r\n\r\nLink: https://lore.kernel.org/r/1@example.com\r\n"
        f"Cc: a@example.com,\r\n b@example.com\r\n{SOB}\r\n",
        [
            ("Link", "https://lore.kernel.org/r/1@example.com", 5),
            ("Cc", "a@example.com,\r b@example.com", 6),
            ("Signed-off-by", "A <a@example.com>", 8),
        ],
    ),
    _c(
        "crlf-trailing-blank-lines",
        f"s\r\n\r\nbody\r\n\r\n{SOB}\r\n\r\n\r\n",
        [("Signed-off-by", "A <a@example.com>", 5)],
    ),
    _c(
        "crlf-subject-only",
        "FROMLIST: s\r\nSigned-off-by: A <a@example.com>\r\n",
        [],
    ),
    _c(
        "lone-carriage-return",
        f"s\n\nbody\n\nKey: a\rb\n{SOB}\n",
        [("Key", "a\rb", 5), ("Signed-off-by", "A <a@example.com>", 6)],
    ),
    _c(
        "vertical-tab-is-not-space",
        f"s\n\nbody\n\nKey: v\x0b\n{SOB}\n\x0bnot a continuation\n",
        [("Key", "v\x0b", 5), ("Signed-off-by", "A <a@example.com>", 6)],
    ),
    _c(
        "latin1",
        b"s\n\nCaf\xe9 au lait.\n\nReported-by: Jos\xe9 <jose@example.com>\nCaf\xe9: not a key\n"
        b"Signed-off-by: Ren\xe9 <rene@example.com>\n",
        [("Reported-by", "Jos\udce9 <jose@example.com>", 5), ("Signed-off-by", "Ren\udce9 <rene@example.com>", 7)],
    ),
    _c(
        "latin1-crlf-continuation",
        b"s\r\n\r\nbody\r\n\r\nCc: Fran\xe7ois\r\n\t<f@example.com>\r\n",
        [("Cc", "Fran\udce7ois\r <f@example.com>", 5)],
    ),
    _c(
        "latin1-with-encoding-header",
        b"s\n\nSigned-off-by: Jos\xe9 <jose@example.com>\n",
        [("Signed-off-by", "José <jose@example.com>", 3)],
        encoding="ISO-8859-1",
    ),
    _c(
        "utf8",
        "s\n\nSigned-off-by: José 张 <jose@example.com>\n",
        [("Signed-off-by", "José 张 <jose@example.com>", 3)],
    ),
    _c("subject-only", "FROMLIST: just a subject\n", []),
    _c("subject-only-no-newline", "QCLINUX: subject", []),
    _c("subject-is-a-trailer", f"{SOB}\n", []),
    _c("no-body", f"s\n\n{SOB}\n", [("Signed-off-by", "A <a@example.com>", 3)]),
    _c("no-body-no-newline", f"s\n\n{SOB}", [("Signed-off-by", "A <a@example.com>", 3)]),
    _c(
        "title-paragraph-of-several-lines",
        f"first title line\nsecond: title line\n\nbody\n\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 6)],
    ),
    _c("title-paragraph-only", f"s\nKey: v\n{SOB}\n", []),
    _c("comment-in-title", f"# c\ns\n\n{SOB}\n", [("Signed-off-by", "A <a@example.com>", 4)]),
    _c("leading-blank-lines", f"\n\n{SOB}\n", []),
    _c("leading-blank-lines-then-title", f"\n \t\ns\n\n{SOB}\n", [("Signed-off-by", "A <a@example.com>", 5)]),
    _c("leading-blank-line-then-comment", "\n# c\nAcked-by: B\n", []),
    _c(
        "whitespace-only-line-separates",
        f"s\n\nbody\n \t\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 5)],
    ),
    _c(
        "trailing-whitespace-only-lines",
        f"s\n\nbody\n\n{SOB}\n \n\t\n",
        [("Signed-off-by", "A <a@example.com>", 5)],
    ),
    _c(
        "trailing-blank-then-whitespace-line",
        "s\n\nbody\n\nKey: v\n\n \n",
        [("Key", "v", 5)],
    ),
    _c(
        "split-block",
        f"s\n\nbody\n\nLink: https://lore.kernel.org/r/1@example.com\n\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c(
        "indented-first-line",
        f"s\n\nbody\n\n  indented\n{SOB}\n",
        [("Signed-off-by", "A <a@example.com>", 6)],
    ),
    _c(
        "scissors",
        f"s\n\nbody\n\nAcked-by: B <b@example.com>\n{SCISSORS}\n{SOB}\n",
        [("Acked-by", "B <b@example.com>", 5)],
    ),
    _c(
        "scissors-crlf-is-a-comment",
        f"s\r\n\r\nbody\r\n\r\nAcked-by: B <b@example.com>\r\n{SCISSORS}\r\n{SOB}\r\n",
        [("Acked-by", "B <b@example.com>", 5), ("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c(
        "scissors-with-suffix-is-a-comment",
        f"s\n\nbody\n\nAcked-by: B <b@example.com>\n{SCISSORS} x\n{SOB}\n",
        [("Acked-by", "B <b@example.com>", 5), ("Signed-off-by", "A <a@example.com>", 7)],
    ),
    _c("scissors-first-line", f"{SCISSORS}\n\n{SOB}\n", []),
    _c(
        "long-line",
        "s\n\nbody\n\nLink: https://lore.kernel.org/r/" + "x" * 5000 + "@example.com\n",
        [("Link", "https://lore.kernel.org/r/" + "x" * 5000 + "@example.com", 5)],
    ),
]


def test_case_ids_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


# -- helpers ---------------------------------------------------------------


def logged_message(repo: Path, sha: str) -> bytes:
    """The message as ``git log`` hands it out (re-encoded to UTF-8)."""
    out = git_bytes(repo, "log", "-z", "-1", "--encoding=UTF-8", "--format=%B", sha)
    assert out.endswith(b"\0")
    return out[:-1]


def model_trailers(msg: Message) -> list[Trailer]:
    return [(e.key, e.value, e.no) for e in msg.trailers]


def cli_trailers(doc: dict[str, object]) -> list[Trailer]:
    return [(t["key"], t["value"], t["line"]) for t in doc["trailers"]]  # type: ignore[attr-defined]


def printable_trailers(trailers: list[Trailer]) -> list[Trailer]:
    return [(printable(k), printable(v), n) for k, v, n in trailers]


def parse_range(repo: Path, rev_range: str) -> dict[str, dict[str, object]]:
    proc = run_cli("parse", "--range", rev_range, cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    by_sha = {doc["commit"]: doc for doc in docs}
    assert len(by_sha) == len(docs)
    return by_sha


# -- the fixed cases -------------------------------------------------------


@dataclass
class ParityRepo:
    path: Path
    shas: dict[str, str] = field(default_factory=dict)
    cli: dict[str, dict[str, object]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def parity_repo(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Iterator[ParityRepo]:
    path = init_repo(tmp_path_factory.mktemp("parity") / "repo")
    git(path, "commit", "-q", "--allow-empty", "-m", "root")
    root = head(path)
    result = ParityRepo(path)
    for case in CASES:
        if case.encoding:
            sha = commit_raw(path, case.message, encoding=case.encoding)
        else:
            try:
                case.message.decode("utf-8")
                sha = commit_raw(path, case.message)
            except UnicodeDecodeError:
                sha = commit_bytes(path, case.message)
        result.shas[case.id] = sha
    result.cli = parse_range(path, f"{root}..HEAD")
    yield result


def test_range_has_every_commit(parity_repo: ParityRepo) -> None:
    assert set(parity_repo.cli) == set(parity_repo.shas.values())
    assert len(set(parity_repo.shas.values())) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_model_matches_git(case: Case, parity_repo: ParityRepo) -> None:
    repo, sha = parity_repo.path, parity_repo.shas[case.id]
    stored = stored_message(repo, sha)
    if case.encoding:
        assert b"\nencoding " + case.encoding.encode() + b"\n" in git_bytes(repo, "cat-file", "commit", sha)
        data = logged_message(repo, sha)
    else:
        assert stored == case.message  # stored byte for byte
        data = stored
    from_git = git_trailers(repo, sha)
    assert from_git == [(k, v) for k, v, _ in case.expected]
    msg = Message.from_text(decode(data))
    assert model_trailers(msg) == case.expected


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_parse_range_matches_git(case: Case, parity_repo: ParityRepo) -> None:
    sha = parity_repo.shas[case.id]
    doc = parity_repo.cli[sha]
    assert doc["commit"] == sha
    assert cli_trailers(doc) == printable_trailers(case.expected)
    from_git = git_trailers(parity_repo.path, sha)
    assert [(k, v) for k, v, _ in cli_trailers(doc)] == [(printable(k), printable(v)) for k, v in from_git]


# -- core.commentChar ------------------------------------------------------

COMMENT_MESSAGE = b"s\n\nbody\n\nAcked-by: B <b@example.com>\n; note\n"


def test_model_follows_configured_comment_char(repo: Path) -> None:
    sha = commit_raw(repo, COMMENT_MESSAGE)
    # With ";" as comment character the last line is a comment and the block qualifies.
    assert git_trailers(repo, sha, "-c", "core.commentChar=;") == [("Acked-by", "B <b@example.com>")]
    assert git_trailers(repo, sha) == []
    assert git_trailers(repo, sha, "-c", "core.commentChar=auto") == []
    text = decode(COMMENT_MESSAGE)
    assert model_trailers(Message.from_text(text, comment=";")) == [("Acked-by", "B <b@example.com>", 5)]
    assert model_trailers(Message.from_text(text)) == []


def test_parse_range_follows_configured_comment_char(repo: Path) -> None:
    git(repo, "config", "core.commentChar", ";")
    sha = commit_raw(repo, COMMENT_MESSAGE)
    assert git_trailers(repo, sha) == [("Acked-by", "B <b@example.com>")]
    doc = parse_range(repo, "HEAD~1..HEAD")[sha]
    assert cli_trailers(doc) == [("Acked-by", "B <b@example.com>", 5)]


# -- random messages -------------------------------------------------------

SHAPES = [
    b"",
    b"",
    b" ",
    b"\t",
    b"\r",
    b"body text",
    b"Signed-off-by: A <a@example.com>",
    b"Signed-off-by:A",
    b"Signed-off-by: ",
    b"signed-off-by: a",
    b"(cherry picked from commit " + SHA.encode() + b")",
    b"(cherry picked from commit ",
    b"[ada: fixed conflict]",
    b"[    1.234] foo: bar",
    b"Link: https://lore.kernel.org/r/1@example.com",
    b"https://example.org/x",
    b"Key : value",
    b"Key x: value",
    b"Key\t: v",
    b":x",
    b"-: x",
    b"A:",
    b" continued",
    b"\tcontinued",
    b"  \t",
    b"#comment",
    b"# c: x",
    SCISSORS.encode(),
    b"Conflicts:",
    b"\tpath/file.c",
    b"---",
    b"--- a",
    b'Fixes: 0123456789ab ("x: y")',
    b"Cc: x   ",
    b"Caf\xe9: v",
    b"Reported-by: Jos\xe9",
    b"Acked-by: \xc3\xa9",
    b"\xff\xfe",
    b"x\ry: z",
    b"Key: v\x0b",
    b"\x0b",
]

KEYS = st.text(alphabet="Ab9-", min_size=1, max_size=4).map(str.encode)
VALUES = st.binary(max_size=6).map(lambda b: b.replace(b"\n", b"").replace(b"\0", b""))
GENERATED_TRAILER = st.builds(
    lambda key, before, after, value: key + before + b":" + after + value,
    KEYS,
    st.sampled_from([b"", b" ", b"\t"]),
    st.sampled_from([b" ", b"", b"\t", b"  "]),
    VALUES,
)
CONTINUATION = st.builds(lambda lead, value: lead + value, st.sampled_from([b" ", b"\t", b"  "]), VALUES)
LINE = st.one_of(st.sampled_from(SHAPES), GENERATED_TRAILER, CONTINUATION, VALUES)
TRAILER_SHAPES = [
    b"Signed-off-by: A <a@example.com>",
    b"(cherry picked from commit " + SHA.encode() + b")",
    b"[ada: fixed conflict]",
    b"Link: https://lore.kernel.org/r/1@example.com",
    b"https://example.org/x",
    b"Cc:",
    b"Reviewed-by: Bob",
    b"  Example <bob@example.com>",
    b"#comment",
]
TRAILERISH = st.one_of(st.sampled_from(TRAILER_SHAPES), GENERATED_TRAILER, CONTINUATION)
PARAGRAPH = st.one_of(
    st.lists(TRAILERISH, min_size=1, max_size=6),
    st.lists(st.one_of(TRAILERISH, TRAILERISH, LINE), min_size=1, max_size=6),
)
SEPARATORS = [b"", b" ", b"\t", b"\r", b"#comment"]
TAILS = [
    b"",
    b" ",
    b"#comment",
    SCISSORS.encode(),
    b"Conflicts:",
    b"\tpath/file.c",
    b"Signed-off-by: A <a@example.com>",
]
EOL = st.sampled_from([b"\n", b"\r\n"])


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        # Any sequence of tricky lines.
        lines = draw(st.lists(LINE, max_size=14))
    else:
        # A title, paragraphs rich in trailers, and some tail.
        lines = [draw(LINE)]
        for paragraph in draw(st.lists(PARAGRAPH, max_size=4)):
            lines += draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=2))
            lines += paragraph
        lines += draw(st.lists(st.sampled_from(TAILS), max_size=3))
    style = draw(st.sampled_from(["lf", "crlf", "mixed"]))
    out = b""
    for line in lines:
        if style == "mixed":
            eol = draw(EOL)
        else:
            eol = b"\r\n" if style == "crlf" else b"\n"
        out += line + eol
    if out and draw(st.booleans()):
        out = out[:-1]  # no final newline (a dangling CR stays content)
    return out


@pytest.fixture
def fuzz_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return init_repo(tmp_path_factory.mktemp("fuzz") / "repo")


_batches = itertools.count()


@given(st.lists(messages(), min_size=20, max_size=30))
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_random_messages_match_git(fuzz_repo: Path, msgs: list[bytes]) -> None:
    branch = f"batch{next(_batches)}"
    shas = fast_import(fuzz_repo, branch, msgs)
    # What git stored, what git prints, for the whole batch at once.
    batch = git_bytes(fuzz_repo, "cat-file", "--batch", input="".join(s + "\n" for s in shas).encode())
    stored: list[bytes] = []
    pos = 0
    for sha in shas:
        header_end = batch.index(b"\n", pos)
        got_sha, kind, size = batch[pos:header_end].split(b" ")
        assert (got_sha.decode(), kind) == (sha, b"commit")
        body = batch[header_end + 1 : header_end + 1 + int(size)]
        stored.append(body.split(b"\n\n", 1)[1])
        pos = header_end + 1 + int(size) + 1
    assert stored == msgs
    out = git_bytes(fuzz_repo, "log", "-z", "--format=%H%x00%(trailers:only,unfold)", branch)
    assert out.endswith(b"\0")
    parts = out[:-1].split(b"\0")
    from_git = {decode(parts[i]): parse_git_trailers(decode(parts[i + 1])) for i in range(0, len(parts), 2)}
    assert set(from_git) == set(shas)
    cli = parse_range(fuzz_repo, branch)
    assert set(cli) == set(shas)
    for sha, msg in zip(shas, msgs, strict=True):
        model = model_trailers(Message.from_text(decode(msg)))
        assert [(k, v) for k, v, _ in model] == from_git[sha], msg
        assert cli_trailers(cli[sha]) == printable_trailers(model), msg
