"""Hostile and careless input: the tool never loses a file, never fails open, and says what is wrong in one line.

Each case runs the real command line and asserts the exit status and the exact
line on standard error. The tests run as root in CI: no test replaces a
device node, and the permission cases check the mode bits, not an error.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import ADA, as_patch, git, run_cli

BAD = f"FROMLIST:misc: fastrpc: Fix map refcount\n\nThe map is freed twice.\n\nSigned-off-by: {ADA}\n"
FIXED = BAD.replace("FROMLIST:misc", "FROMLIST: misc")
#: A patch whose message has the same malformed prefix.
PATCH = (
    "From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\n"
    f"From: {ADA}\n"
    "Date: Tue, 1 Oct 2024 10:00:00 +0200\n"
    "Subject: [PATCH] FROMLIST:misc: fastrpc: Fix map refcount\n\n"
    f"The map is freed twice.\n\nSigned-off-by: {ADA}\n---\n f | 1 +\n"
)


def refused(path: str) -> str:
    return f"trailercheck: {path} is an input: a report there would replace it\n"


# -- files lost or damaged ---------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("msg", "m", "-o", "m"),
        ("msg", "--fix", "m", "-o", "m"),
        ("msg", "m", "--report", "json=m"),
        ("msg", "m", "-o", "./m"),
    ],
)
def test_msg_refuses_a_report_over_its_input(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "m").write_text(BAD)
    proc = run_cli(*args, cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", refused(args[-1].partition("=")[2] or args[-1]))
    assert (tmp_path / "m").read_text() == BAD


def test_patch_refuses_a_report_over_an_input(tmp_path: Path) -> None:
    (tmp_path / "0001.patch").write_text(PATCH)
    proc = run_cli("patch", "0001.patch", "-o", "0001.patch", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", refused("0001.patch"))
    assert (tmp_path / "0001.patch").read_text() == PATCH


def test_a_report_over_a_hard_link_or_a_symlink_of_an_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "m").write_text(BAD)
    os.link(tmp_path / "m", tmp_path / "other")
    (tmp_path / "alias").symlink_to("m")
    for name in ("other", "alias"):
        proc = run_cli("msg", "m", "-o", name, cwd=tmp_path)
        assert (proc.returncode, proc.stderr) == (2, refused(name))
    assert (tmp_path / "m").read_text() == BAD


def test_fix_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "COMMIT_EDITMSG"
    target.write_text(BAD)
    link = tmp_path / "msg"
    link.symlink_to("COMMIT_EDITMSG")
    proc = run_cli("msg", "--fix", "msg", cwd=tmp_path)
    assert proc.stderr == "msg: fixed 1 finding (S02)\n"
    assert link.is_symlink() and os.readlink(link) == "COMMIT_EDITMSG"
    assert target.read_text() == FIXED


def test_fix_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "m"
    path.write_text(BAD)
    path.chmod(0o444)
    proc = run_cli("msg", "--fix", "m", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", "trailercheck: m: the file is read-only: not fixed\n")
    assert path.read_text() == BAD
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_fix_refuses_a_file_with_several_hard_links(tmp_path: Path) -> None:
    path = tmp_path / "m"
    path.write_text(BAD)
    os.link(path, tmp_path / "backup")
    proc = run_cli("msg", "--fix", "m", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, "trailercheck: m: the file has 2 hard links: not fixed\n")
    assert path.read_text() == BAD
    assert path.stat().st_ino == (tmp_path / "backup").stat().st_ino


def test_a_read_only_file_with_nothing_to_fix_is_only_checked(tmp_path: Path) -> None:
    path = tmp_path / "m"
    path.write_text(FIXED)
    path.chmod(0o444)
    proc = run_cli("msg", "--fix", "m", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (1, "")  # L01 only: nothing --fix would write


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_fix_keeps_the_mode_and_the_owner(tmp_path: Path) -> None:
    path = tmp_path / "m"
    path.write_text(BAD)
    os.chown(path, 1234, 2345)
    path.chmod(0o640)
    proc = run_cli("msg", "--fix", "m", cwd=tmp_path)
    assert proc.stderr == "m: fixed 1 finding (S02)\n"
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o640)
    assert path.read_text() == FIXED


# -- output in proportion to the input ------------------------------------------


def test_thousands_of_malformed_prefixes_give_a_report_in_proportion(tmp_path: Path) -> None:
    subject = "FROMLIST " * 3200 + "misc: fastrpc: Fix map refcount"
    (tmp_path / "m").write_text(f"{subject}\n\nThe map is freed twice.\n\nSigned-off-by: {ADA}\n")
    proc = run_cli("msg", "m", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 1
    assert len(proc.stdout) < 400 * 3200  # one finding a prefix, each a few hundred characters
    assert max(len(line) for line in lines) <= 600  # the source, the code and name, a bounded message
    assert lines[0] == (
        f"m:1: S02 prefix-malformed: prefix 'FROMLIST' is malformed (no colon): write '{'FROMLIST: ' * 9}FROMLIST:…'"
    )


# -- configuration -------------------------------------------------------------


def config_error(repo: Path, problem: str) -> str:
    return f"trailercheck: {repo / '.trailercheck.toml'}: {problem}\n"


def check_config(repo: Path) -> subprocess.CompletedProcess[str]:
    (repo / "m").write_text(FIXED)
    return run_cli("msg", "m", cwd=repo)


def test_a_configuration_that_is_not_utf8(repo: Path) -> None:
    (repo / ".trailercheck.toml").write_bytes(b'profile = "qcom\xff"\n')
    proc = check_config(repo)
    assert (proc.returncode, proc.stderr) == (
        2,
        config_error(repo, "not valid TOML: not UTF-8 (byte 0xff at offset 15)"),
    )


def test_a_configuration_nested_too_deeply(repo: Path) -> None:
    (repo / ".trailercheck.toml").write_text("select = " + "[" * 5000 + "]" * 5000 + "\n")
    proc = check_config(repo)
    assert (proc.returncode, proc.stderr) == (
        2,
        config_error(repo, "not valid TOML for trailercheck: nested too deeply"),
    )


def test_tool_that_is_no_table_in_pyproject(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("tool = 3\n")
    proc = check_config(repo)
    assert (proc.returncode, proc.stderr) == (
        2,
        f"trailercheck: {repo / 'pyproject.toml'}: tool: must be a table, not a number\n",
    )


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.symlink_to(p.name), "Too many levels of symbolic links"),
        (lambda p: p.symlink_to("nowhere.toml"), "No such file or directory"),
        (lambda p: p.mkdir(), "a directory"),
        (lambda p: os.mkfifo(p), "not a regular file"),
    ],
    ids=["link-loop", "broken-link", "directory", "fifo"],
)
def test_a_configuration_that_cannot_be_read_fails_closed(repo: Path, make: object, problem: str) -> None:
    make(repo / ".trailercheck.toml")  # type: ignore[operator]
    proc = check_config(repo)  # a FIFO is never opened: this would block
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        config_error(repo, f"cannot read the configuration: {problem}"),
    )


# -- the index -------------------------------------------------------------------


def test_an_index_whose_error_text_is_not_utf8_is_rebuilt(repo: Path) -> None:
    git(repo, "branch", "base")
    index = repo / ".git" / "trailercheck" / "index.sqlite"
    index.parent.mkdir()
    db = sqlite3.connect(index)
    db.execute("CREATE TABLE refs (id INTEGER)")
    db.execute("PRAGMA writable_schema = ON")
    # A schema entry named in bytes that are not UTF-8, whose SQL is cut short.
    db.execute("UPDATE sqlite_master SET name = CAST(x'72ff' AS TEXT), sql = 'CREATE TABLE refs(xx'")
    db.commit()
    db.close()
    warning = (
        f"trailercheck: warning: the index {index} is corrupt (malformed database schema (r\ufffd)); rebuilding it\n"
    )
    proc = run_cli("index", "--baseline", "base", cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, warning)
    proc = run_cli("index", "--baseline", "base", cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, "")


# -- standard output ---------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_standard_output_on_a_full_disk(tmp_path: Path) -> None:
    (tmp_path / "m").write_text(BAD)
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "trailercheck", "msg", "m"], cwd=tmp_path, stdout=full, stderr=subprocess.PIPE
        )
    assert (proc.returncode, proc.stderr) == (
        2,
        b"trailercheck: cannot write standard output: No space left on device\n",
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_output_to_a_full_disk(tmp_path: Path) -> None:
    (tmp_path / "m").write_text(BAD)
    proc = run_cli("msg", "m", "-o", "/dev/full", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, "trailercheck: cannot write /dev/full: No space left on device\n")
    assert os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode)


def read_first_line(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """Run the tool, read one line of its output and close the pipe (``| head -1``)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "trailercheck", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    return proc.wait(), first, err


@pytest.fixture
def long_history(repo: Path) -> Path:
    """400 commits whose subjects have no prefix (S01, an error): more output than a pipe holds."""
    script = "".join(
        f"commit refs/heads/main\ncommitter {ADA} {1700000000 + n} +0000\ndata <<EOF\nfix thing {n}\nEOF\n"
        + ("from main^0\n" if n == 0 else "")
        for n in range(400)
    )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=script.encode(), check=True)
    return repo


def test_a_closed_standard_output_ends_check_with_its_status(long_history: Path) -> None:
    status, first, err = read_first_line(["check", "--format", "json", "main~400..main"], long_history)
    assert (status, first, err) == (1, b"{\n", b"")


def test_a_closed_standard_output_ends_parse_quietly(long_history: Path) -> None:
    status, first, err = read_first_line(["parse", "--range", "main~400..main"], long_history)
    assert (status, err) == (0, b"")
    assert json.loads(first)["subject"] == "fix thing 399"


# -- small things --------------------------------------------------------------------


def test_a_usage_error_is_one_line(tmp_path: Path) -> None:
    proc = run_cli("msg", "--no-such-option", "m", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        "trailercheck: No such option: --no-such-option (see 'trailercheck msg -h')\n",
    )


def test_file_names_are_quoted_as_git_quotes_them(tmp_path: Path) -> None:
    name = "a\nb\x1b[31m\u00e4.txt"
    (tmp_path / name).write_text(BAD)
    proc = run_cli("msg", name, cwd=tmp_path)
    assert proc.stdout.splitlines()[0].startswith('"a\\nb\\033[31m\\303\\244.txt":1: S02 prefix-malformed: ')
    proc = run_cli("msg", "--fix", name, cwd=tmp_path)
    assert proc.stderr == '"a\\nb\\033[31m\\303\\244.txt": fixed 1 finding (S02)\n'


def test_file_names_follow_core_quote_path(repo: Path, tmp_path: Path) -> None:
    name = "caf\u00e9\tbad.txt"
    (repo / name).write_text(BAD)
    patch = repo / "caf\u00e9.patch"
    patch.write_text(as_patch(BAD, ADA))
    quoted = run_cli("msg", name, cwd=repo).stdout.splitlines()[0]
    assert quoted.startswith('"caf\\303\\251\\tbad.txt":1: S02 prefix-malformed: ')
    git(repo, "config", "core.quotePath", "false")
    assert run_cli("msg", name, cwd=repo).stdout.splitlines()[0].startswith('"caf\u00e9\\tbad.txt":1: S02 ')
    assert run_cli("patch", patch.name, cwd=repo).stdout.startswith("caf\u00e9.patch:")
    git(repo, "config", "core.quotePath", "true")
    assert run_cli("patch", patch.name, cwd=repo).stdout.startswith('"caf\\303\\251.patch":')


def test_msg_without_a_git_identity_skips_the_sign_off_rules(repo: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("")
    (repo / "m").write_text(FIXED.replace(ADA, "Bob Example <bob@example.com>"))
    proc = run_cli("msg", "m", cwd=repo, env={"GIT_CONFIG_GLOBAL": str(empty), "EMAIL": ""})
    assert "O02" not in proc.stdout
    assert proc.stderr == (
        "trailercheck: note: no git identity (user.name, user.email): "
        "the author's and the committer's sign-offs are not checked\n"
    )
    with_identity = run_cli("msg", "m", cwd=repo)
    assert "O02 signoff-author-missing: no Signed-off-by: from the author Ada Lovelace" in with_identity.stdout
    assert with_identity.stderr == ""


# -- the helpers behind them -------------------------------------------------------


def test_quote_path_is_what_git_prints(repo: Path) -> None:
    from trailercheck.model.text import decode, quote_path

    names = [b"plain.txt", b"tab\there", b"nl\nx", b"esc\x1b[0m", b'quote"back\\slash', b"caf\xc3\xa9", b"del\x7f"]
    for raw in names:
        (repo / decode(raw)).write_bytes(b"x\n")
    git(repo, "add", ".")
    listed = subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, check=True).stdout.decode()
    shown = [quote_path(decode(raw)) for raw in names]
    assert sorted(shown) == sorted(line for line in listed.splitlines() if line != ".trailercheck.toml")


def test_excerpt_bounds_the_text_it_quotes() -> None:
    from trailercheck.model.text import EXCERPT, excerpt

    assert excerpt("misc: fastrpc: Fix map refcount") == "misc: fastrpc: Fix map refcount"
    assert excerpt("x" * 500) == "x" * (EXCERPT - 1) + "…"
    assert len(excerpt("x" * 500)) == EXCERPT


def test_many_edits_on_one_line_are_applied_in_order() -> None:
    from trailercheck.findings import Edit, Finding
    from trailercheck.fix import apply_edits
    from trailercheck.model.text import split_lines

    lines = split_lines("a-b-c-d\nrest\n")
    line = lines[0]
    findings = [Finding("S02", "prefix-malformed", 1, "m", edits=[Edit(line, i, i + 1, "+")]) for i in (5, 1, 3)]
    findings.append(Finding("S02", "prefix-malformed", 1, "clash", edits=[Edit(line, 2, 4, "?")]))
    findings.append(Finding("S02", "prefix-malformed", 1, "insert", edits=[Edit(line, 0, 0, ">")]))
    text, applied = apply_edits(lines, findings)
    assert text == ">a+b+c+d\nrest\n"
    assert [f.message for f in applied] == ["m", "m", "m", "insert"]
