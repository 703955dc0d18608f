"""Hook input: the file a ``commit-msg`` hook gets, read as ``git commit`` will store it.

The hook files here are made by real ``git commit`` runs: a ``commit-msg``
hook copies the file git hands it, and the model of that copy is compared
with what git stored for the commit.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from tests.builders import git, git_trailers, run_cli, stored_message
from trailercheck.model.message import Message
from trailercheck.model.text import decode, split_lines
from trailercheck.sources.msgfile import hook_lines, resolve_comment

SOB = "Signed-off-by: Ada Lovelace <ada@example.com>"
SCISSORS = " ------------------------ >8 ------------------------"

Trailer = tuple[str, str, int]


# -- helpers ---------------------------------------------------------------


def install_copy_hook(repo: Path) -> Path:
    """A ``commit-msg`` hook that keeps a copy of the file git hands it."""
    copy = repo / ".git" / "hook-copy"
    hook = repo / ".git" / "hooks" / "commit-msg"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(f'#!/bin/sh\ncp "$1" {shlex.quote(str(copy))}\n')
    hook.chmod(0o755)
    return copy


def make_editor(tmp_path: Path, content: bytes, *, replace: bool) -> str:
    """An editor that writes ``content`` into the file: in place of it, or before git's template."""
    src = tmp_path / "editor-input"
    src.write_bytes(content)
    script = tmp_path / "editor.sh"
    s = shlex.quote(str(src))
    if replace:
        script.write_text(f'#!/bin/sh\ncat {s} > "$1"\n')
    else:
        script.write_text(f'#!/bin/sh\ncat {s} "$1" > "$1.new" && mv "$1.new" "$1"\n')
    script.chmod(0o755)
    return shlex.quote(str(script))


def commit(repo: Path, *args: str, editor: str = "true") -> str:
    git(repo, "commit", "-q", *args, env={"GIT_EDITOR": editor})
    return git(repo, "rev-parse", "HEAD").strip()


def hook_model(copy: Path, configured: str | None) -> tuple[str, Message]:
    text = decode(copy.read_bytes())
    comment = resolve_comment(configured, text)
    return comment, Message(hook_lines(split_lines(text), comment), comment=comment)


def trailers(msg: Message) -> list[Trailer]:
    return [(e.key, e.value, e.no) for e in msg.trailers]


def body(msg: Message) -> list[tuple[int, str]]:
    return [(line.no, line.content) for line in msg.body_lines]


def file_line(copy: Path, text: str) -> int:
    """The 1-based number of the line of the hook file that is exactly ``text``."""
    lines = decode(copy.read_bytes()).split("\n")
    assert lines.count(text) == 1, text
    return lines.index(text) + 1


def fold_blank_lines(texts: list[str]) -> list[str]:
    """Runs of empty lines become one; none at the start or the end (as git stripspace does)."""
    out: list[str] = []
    gap = False
    for text in texts:
        if not text:
            gap = bool(out)
            continue
        if gap:
            out.append("")
        gap = False
        out.append(text)
    return out


def cli_parse(repo: Path, copy: Path) -> dict[str, object]:
    proc = run_cli("parse", str(copy), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stdout.splitlines()
    return json.loads(line)


def assert_same_as_git(repo: Path, sha: str, msg: Message, expected: list[Trailer]) -> None:
    assert git_trailers(repo, sha) == [(k, v) for k, v, _ in expected]
    assert trailers(msg) == expected
    stored = decode(stored_message(repo, sha))
    assert msg.subject == stored.split("\n", 1)[0]


# -- resolve_comment / hook_lines ------------------------------------------


@pytest.mark.parametrize(
    ("configured", "text", "expected"),
    [
        (None, "s\n\n; x\n", "#"),
        ("#", "s\n", "#"),
        (";", "s\n# x\n", ";"),
        ("auto", "s\n\n#include\n\n; Please enter the commit message\n;\tnew file:   f\n", ";"),
        ("auto", "s\n\n#x\n;y\n\n@ Please enter the commit message\n@\n\n", "@"),
        ("auto", "s\n\n#x\n\n;" + SCISSORS + "\n; Do not modify\ndiff --git a/f b/f\n+x\n", ";"),
        ("auto", "s\n\nbody\n", "#"),
        ("auto", "", "#"),
    ],
)
def test_resolve_comment(configured: str | None, text: str, expected: str) -> None:
    assert resolve_comment(configured, text) == expected


def test_hook_lines() -> None:
    text = (
        "\n"  # 1: leading blank, dropped
        " \t\n"  # 2: leading blank, dropped
        "FROMLIST: foo  \r\n"  # 3
        "# comment\n"  # 4: dropped
        "\n"  # 5
        "Body.\t\n"  # 6
        "\n"  # 7
        f"{SOB}   \n"  # 8
        "#" + SCISSORS + "\n"  # 9: cut from here on
        "Signed-off-by: Not Me <x@example.com>\n"
    )
    lines = split_lines(text)
    kept = hook_lines(lines, "#")
    assert [(ln.no, ln.text) for ln in kept] == [(3, "FROMLIST: foo"), (5, ""), (6, "Body."), (7, ""), (8, SOB)]
    assert all(ln.terminated for ln in kept)
    assert kept[0] is lines[2]  # the same lines: fixes edit the file through them
    assert lines[2].orig == "FROMLIST: foo  "
    msg = Message(kept)
    assert trailers(msg) == [("Signed-off-by", "Ada Lovelace <ada@example.com>", 8)]
    assert body(msg) == [(6, "Body.")]


def test_hook_lines_other_comment_char() -> None:
    lines = split_lines("s\n#include <x.h>\n; note\n\n;" + SCISSORS + "\n+x\n")
    assert [(ln.no, ln.text) for ln in hook_lines(lines, ";")] == [(1, "s"), (2, "#include <x.h>"), (4, "")]


def test_hook_lines_last_line_without_newline() -> None:
    lines = split_lines("s\n\nAcked-by: B\nConflicts:")
    assert lines[-1].terminated is False
    msg = Message(hook_lines(lines, "#"))
    # git stores the line with a newline, which makes it the start of a conflicts block.
    assert trailers(msg) == [("Acked-by", "B", 3)]
    assert trailers(Message.from_text("s\n\nAcked-by: B\nConflicts:")) == [("Acked-by", "B", 3), ("Conflicts", "", 4)]


# -- real git commit runs --------------------------------------------------


def test_default_comment_char(repo: Path, tmp_path: Path) -> None:
    copy = install_copy_hook(repo)
    raw = (
        "\n"  # 1
        "FROMLIST: foo: bar  \n"  # 2
        "# a note to myself\n"  # 3
        "\n"  # 4
        "Body line.\t\n"  # 5
        "#include <linux/foo.h>\n"  # 6
        "\n"  # 7
        "Link: https://lore.kernel.org/r/1@example.com\n"  # 8
        "# Cc: stable@vger.kernel.org\n"  # 9
        "Cc: a@example.com,   \n"  # 10
        "  b@example.com\n"  # 11
        f"{SOB}\n"  # 12
    )
    sha = commit(repo, "--allow-empty", editor=make_editor(tmp_path, raw.encode(), replace=False))
    data = copy.read_bytes()
    assert data.startswith(raw.encode() + b"\n# Please enter the commit message")
    assert (
        stored_message(repo, sha)
        == (
            "FROMLIST: foo: bar\n\nBody line.\n\nLink: https://lore.kernel.org/r/1@example.com\n"
            f"Cc: a@example.com,\n  b@example.com\n{SOB}\n"
        ).encode()
    )
    comment, msg = hook_model(copy, None)
    assert comment == "#"
    expected = [
        ("Link", "https://lore.kernel.org/r/1@example.com", 8),
        ("Cc", "a@example.com, b@example.com", 10),
        ("Signed-off-by", "Ada Lovelace <ada@example.com>", 12),
    ]
    assert_same_as_git(repo, sha, msg, expected)
    assert msg.subject_line is not None and msg.subject_line.no == 2
    assert body(msg) == [(5, "Body line.")]
    doc = cli_parse(repo, copy)
    assert doc["subject"] == "FROMLIST: foo: bar"
    assert [(t["key"], t["value"], t["line"]) for t in doc["trailers"]] == expected  # type: ignore[attr-defined]


def test_configured_comment_char(repo: Path, tmp_path: Path) -> None:
    git(repo, "config", "core.commentChar", ";")
    copy = install_copy_hook(repo)
    raw = (
        "QCLINUX: foo\n"  # 1
        "\n"  # 2
        "#include <linux/foo.h> is kept\n"  # 3
        "; a note\n"  # 4
        "\n"  # 5
        "Cc: c@example.com\n"  # 6
        "; Cc: hidden@example.com\n"  # 7
        f"{SOB}\n"  # 8
    )
    sha = commit(repo, "--allow-empty", editor=make_editor(tmp_path, raw.encode(), replace=False))
    assert b"\n; Please enter the commit message" in copy.read_bytes()
    assert (
        stored_message(repo, sha)
        == f"QCLINUX: foo\n\n#include <linux/foo.h> is kept\n\nCc: c@example.com\n{SOB}\n".encode()
    )
    comment, msg = hook_model(copy, ";")
    assert comment == ";"
    assert_same_as_git(
        repo, sha, msg, [("Cc", "c@example.com", 6), ("Signed-off-by", "Ada Lovelace <ada@example.com>", 8)]
    )
    assert body(msg) == [(3, "#include <linux/foo.h> is kept")]
    # With the default character the '#' line would be a comment and the ';' lines would stay.
    _, wrong = hook_model(copy, None)
    assert body(wrong) != body(msg)


AUTO_MESSAGES = [
    pytest.param(
        f"FROMLIST: foo\n\n#include <linux/foo.h> is needed\n\nLink: https://lore.kernel.org/r/1@example.com\n{SOB}\n",
        ";",
        [(3, "#include <linux/foo.h> is needed")],
        id="hash-used",
    ),
    pytest.param(
        "FROMLIST: foo\n\n#include <linux/foo.h>\n;; an asm comment\n\n"
        f"Link: https://lore.kernel.org/r/1@example.com\n{SOB}\n",
        "@",
        [(3, "#include <linux/foo.h>"), (4, ";; an asm comment")],
        id="hash-and-semicolon-used",
    ),
    pytest.param(
        f"FROMLIST: fix C# parsing\n\nMore C#.\n\nLink: https://lore.kernel.org/r/1@example.com\n{SOB}\n",
        "#",
        [(3, "More C#.")],
        id="hash-not-at-line-start",
    ),
]


@pytest.mark.parametrize(("message", "char", "expected_body"), AUTO_MESSAGES)
def test_auto_comment_char(
    repo: Path, tmp_path: Path, message: str, char: str, expected_body: list[tuple[int, str]]
) -> None:
    git(repo, "config", "core.commentChar", "auto")
    copy = install_copy_hook(repo)
    source = tmp_path / "message"
    source.write_text(message)
    sha = commit(repo, "--allow-empty", "-e", "-F", str(source))
    text = decode(copy.read_bytes())
    assert text.startswith(message)
    assert f"\n{char} Please enter the commit message" in text
    assert stored_message(repo, sha) == message.encode()
    comment, msg = hook_model(copy, "auto")
    assert comment == char
    n = message.count("\n")
    expected = [
        ("Link", "https://lore.kernel.org/r/1@example.com", n - 1),
        ("Signed-off-by", "Ada Lovelace <ada@example.com>", n),
    ]
    assert_same_as_git(repo, sha, msg, expected)
    assert body(msg) == expected_body
    doc = cli_parse(repo, copy)
    assert [(t["key"], t["value"], t["line"]) for t in doc["trailers"]] == expected  # type: ignore[attr-defined]
    assert doc["body_lines"] == [text for _, text in expected_body]


@pytest.mark.parametrize(("configured", "char"), [(None, "#"), ("auto", ";")])
def test_scissors_of_commit_verbose(repo: Path, tmp_path: Path, configured: str | None, char: str) -> None:
    if configured:
        git(repo, "config", "core.commentChar", configured)
    copy = install_copy_hook(repo)
    (repo / "f.txt").write_text("Signed-off-by: Not In The Message <x@example.com>\n")
    git(repo, "add", "f.txt")
    message = (
        f"FROMLIST: foo\n\nBody.\n#include <linux/foo.h>\n\nLink: https://lore.kernel.org/r/1@example.com\n{SOB}\n"
    )
    source = tmp_path / "message"
    source.write_text(message)
    sha = commit(repo, "-v", "-e", "-F", str(source))
    text = decode(copy.read_bytes())
    cut = file_line(copy, char + SCISSORS)
    assert "\n+Signed-off-by: Not In The Message <x@example.com>\n" in text.split(char + SCISSORS)[1]
    comment, msg = hook_model(copy, configured)
    assert comment == char
    assert all(line.no < cut for line in msg.lines)
    assert_same_as_git(
        repo,
        sha,
        msg,
        [
            ("Link", "https://lore.kernel.org/r/1@example.com", 6),
            ("Signed-off-by", "Ada Lovelace <ada@example.com>", 7),
        ],
    )
    if char == "#":
        assert body(msg) == [(3, "Body.")]
    else:
        assert body(msg) == [(3, "Body."), (4, "#include <linux/foo.h>")]
    # Without the cut, the diff would be the last paragraph: no trailers at all.
    lines = split_lines(text)
    uncut = Message([ln for ln in lines if not ln.orig.startswith(char)], comment=char)
    assert uncut.trailers == []


RAW_EDITOR_OUTPUT = [
    pytest.param(
        b"FROMLIST: foo\r\n\r\nBody.\r\n\r\nCc: a@example.com,\r\n b@example.com\r\n"
        b"Signed-off-by: Ada <ada@example.com>\r\n",
        [("Cc", "a@example.com, b@example.com", 5), ("Signed-off-by", "Ada <ada@example.com>", 7)],
        id="crlf",
    ),
    pytest.param(
        b"FROMLIST: foo\n\nBody.\n\nAcked-by: Bob <bob@example.com>\nConflicts:",
        [("Acked-by", "Bob <bob@example.com>", 5)],
        id="no-final-newline-conflicts",
    ),
    pytest.param(
        b"FROMLIST: foo\n\nBody.\n\nCc: a   \n  b\n",
        [("Cc", "a b", 5)],
        id="trailing-whitespace-before-continuation",
    ),
    pytest.param(
        b"FROMLIST: foo\n\nBody.\n\nLink: https://lore.kernel.org/r/1@example.com\n   \n"
        b"Signed-off-by: Ada <ada@example.com>\n",
        [("Signed-off-by", "Ada <ada@example.com>", 7)],
        id="whitespace-only-line-splits",
    ),
    pytest.param(
        b"FROMLIST: foo\n\nBody.\n\nCc: a\n# note\n  b\nSigned-off-by: Ada <ada@example.com>\n",
        [("Cc", "a b", 5), ("Signed-off-by", "Ada <ada@example.com>", 8)],
        id="comment-inside-continuation",
    ),
    pytest.param(
        b"\n\n\nFROMLIST: foo\n\n\n\nBody.\n\n\n\nSigned-off-by: Ada <ada@example.com>\n\n\n",
        [("Signed-off-by", "Ada <ada@example.com>", 12)],
        id="many-blank-lines",
    ),
    pytest.param(
        b"FROMLIST: foo\n\nBody.\n\n# comment\nSigned-off-by: Ada <ada@example.com>\n# trailing comment",
        [("Signed-off-by", "Ada <ada@example.com>", 6)],
        id="comments-around-block",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), RAW_EDITOR_OUTPUT)
def test_editor_output(repo: Path, tmp_path: Path, raw: bytes, expected: list[Trailer]) -> None:
    copy = install_copy_hook(repo)
    sha = commit(repo, "--allow-empty", editor=make_editor(tmp_path, raw, replace=True))
    assert copy.read_bytes() == raw
    stored = stored_message(repo, sha)
    assert b"\r" not in stored and stored.endswith(b"\n")
    _, msg = hook_model(copy, None)
    assert_same_as_git(repo, sha, msg, expected)
    # The lines the model keeps are the lines git keeps, up to blank-line folding.
    assert "".join(t + "\n" for t in fold_blank_lines([ln.text for ln in msg.lines])) == decode(stored)
