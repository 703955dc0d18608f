"""Text output: exact lines, colour only on a terminal and never with NO_COLOR."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.builders import run_cli
from trailercheck.findings import ERROR, WARNING, Finding, Result
from trailercheck.reporters.text import render

RESULTS = [
    Result("a.patch", None, "x", [Finding("T01", "trailer-block-blank-line", 6, "blank line", "remove line 6")]),
    Result("b.patch", None, "y", []),
    Result(
        "c.patch",
        None,
        "z",
        [Finding("T02", "trailer-key-case", 3, "CC: should be written Cc:", "write 'Cc:'", severity=WARNING)],
    ),
]


def test_plain_text_groups_per_source() -> None:
    out = io.StringIO()
    render(RESULTS, out, color=False)
    assert out.getvalue() == (
        "a.patch:6: T01 trailer-block-blank-line: blank line\n"
        "  fix: remove line 6\n"
        "\n"
        "c.patch:3: T02 trailer-key-case: CC: should be written Cc: (warning)\n"
        "  fix: write 'Cc:'\n"
        "\n"
        "1 error, 1 warning in 3 messages\n"
    )


def test_nothing_printed_without_findings() -> None:
    out = io.StringIO()
    render([RESULTS[1]], out, color=False)
    assert out.getvalue() == ""


def test_colour_codes() -> None:
    out = io.StringIO()
    render(RESULTS[:1], out, color=True)
    assert out.getvalue().startswith("\033[1ma.patch:6:\033[0m \033[1;31mT01\033[0m trailer-block-blank-line: ")
    assert RESULTS[0].findings[0].severity == ERROR


def _run_on_tty(args: list[str], env: dict[str, str]) -> str:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "trailercheck", *args], stdout=follower, stderr=follower, env={**os.environ, **env}
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(leader)
    return b"".join(chunks).decode()


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path: Path) -> None:
    msg = tmp_path / "m"
    msg.write_text(
        "QCLINUX: x\n\nBody.\n\nSigned-off-by: Ada Lovelace <ada@example.com>\nTested-By: Bob <bob@example.com>\n"
    )
    piped = run_cli("msg", str(msg))
    assert "\033[" not in piped.stdout
    assert "T02 trailer-key-case" in piped.stdout
    on_tty = _run_on_tty(["msg", str(msg)], {})
    assert "\033[1;33mT02\033[0m" in on_tty
    no_color = _run_on_tty(["msg", str(msg)], {"NO_COLOR": "1"})
    assert "T02 trailer-key-case" in no_color
    assert "\033[" not in no_color
