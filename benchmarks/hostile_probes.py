#!/usr/bin/env python3
"""The hostile probes of step 9, each run for real, as a Markdown table.

Every case builds its input in a scratch directory, runs the command line
(``python -m trailercheck``, the interpreter running this script) and prints
one row: the input, the command, the exit status, the first line printed
(standard error when it says anything, else standard output; control
characters shown escaped) and what became of the files or the output.

    python benchmarks/hostile_probes.py [--only WORD]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

AUTHOR = "Ada Lovelace <ada@example.com>"
BAD = f"FROMLIST:misc: fastrpc: Fix map refcount\n\nThe map is freed twice.\n\nSigned-off-by: {AUTHOR}\n"
PATCH = (
    "From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\n"
    f"From: {AUTHOR}\nDate: Tue, 1 Oct 2024 10:00:00 +0200\n"
    "Subject: [PATCH] FROMLIST:misc: fastrpc: Fix map refcount\n\n"
    f"The map is freed twice.\n\nSigned-off-by: {AUTHOR}\n---\n f | 1 +\n"
)
ENV = {
    "GIT_AUTHOR_NAME": "Ada Lovelace",
    "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Lovelace",
    "GIT_COMMITTER_EMAIL": "ada@example.com",
}


class Run:
    """One run's outcome."""

    def __init__(self, status: int, out: bytes, err: bytes, seconds: float) -> None:
        self.status = status
        self.out = out
        self.err = err
        self.seconds = seconds

    @property
    def first(self) -> str:
        text = self.err if self.err.strip() else self.out
        line = text.decode("utf-8", "replace").split("\n", 1)[0]
        shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in line)
        stream = "stderr" if self.err.strip() else "stdout" if self.out else "-"
        return f"{stream}: {shown}" if line else stream


def tool(*args: str, cwd: Path, stdout: int | None = None, env: dict[str, str] | None = None) -> Run:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "trailercheck", *args],
        cwd=cwd,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, **ENV, **(env or {})},
    )
    return Run(proc.returncode, proc.stdout or b"", proc.stderr, time.perf_counter() - start)


def git(repo: Path, *args: str, data: bytes | None = None) -> str:
    env = {**os.environ, **ENV}
    return subprocess.run(
        ["git", *args], cwd=repo, input=data, capture_output=True, check=True, env=env
    ).stdout.decode()


def repository(where: Path, *messages: bytes) -> Path:
    """A repository whose history holds ``messages`` byte for byte (oldest first) on main."""
    repo = where / "repo"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    tree = git(repo, "hash-object", "-t", "tree", "-w", "--stdin", data=b"").strip()
    parent = b""
    for n, message in enumerate(messages):
        ident = f"{AUTHOR} {1700000000 + n} +0000".encode()
        raw = b"tree " + tree.encode() + b"\n" + parent + b"author " + ident + b"\ncommitter " + ident + b"\n\n"
        sha = git(repo, "hash-object", "-t", "commit", "-w", "--stdin", data=raw + message).strip()
        parent = b"parent " + sha.encode() + b"\n"
    git(repo, "update-ref", "refs/heads/main", sha)
    git(repo, "symbolic-ref", "HEAD", "refs/heads/main")
    return repo


def size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} KB" if n >= 1e3 else f"{n} bytes"


# -- the cases: each returns (input, command, run, what became of it) ------------------------

Case = Callable[[Path], tuple[str, str, Run, str]]
CASES: list[tuple[str, Case]] = []


def case(group: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        CASES.append((group, fn))
        return fn

    return register


def unchanged(path: Path, data: str) -> str:
    return f"{path.name} unchanged" if path.read_text() == data else f"{path.name} CHANGED"


@case("files")
def report_over_message(d: Path) -> tuple[str, str, Run, str]:
    (d / "X").write_text(BAD)
    return "message file X", "msg X -o X", tool("msg", "X", "-o", "X", cwd=d), unchanged(d / "X", BAD)


@case("files")
def fix_report_over_message(d: Path) -> tuple[str, str, Run, str]:
    (d / "X").write_text(BAD)
    return "message file X", "msg --fix X -o X", tool("msg", "--fix", "X", "-o", "X", cwd=d), unchanged(d / "X", BAD)


@case("files")
def patch_over_itself(d: Path) -> tuple[str, str, Run, str]:
    (d / "X").write_text(PATCH)
    return "patch file X", "patch X -o X", tool("patch", "X", "-o", "X", cwd=d), unchanged(d / "X", PATCH)


@case("files")
def fix_symlink(d: Path) -> tuple[str, str, Run, str]:
    (d / "T").write_text(BAD)
    (d / "L").symlink_to("T")
    run = tool("msg", "--fix", "L", cwd=d)
    fixed = (d / "T").read_text().startswith("FROMLIST: misc")
    return "L, a symlink to T", "msg --fix L", run, f"L a link: {(d / 'L').is_symlink()}; T fixed: {fixed}"


@case("files")
def fix_read_only(d: Path) -> tuple[str, str, Run, str]:
    (d / "X").write_text(BAD)
    (d / "X").chmod(0o444)
    return "X, mode 0444", "msg --fix X", tool("msg", "--fix", "X", cwd=d), unchanged(d / "X", BAD)


@case("files")
def fix_hard_link(d: Path) -> tuple[str, str, Run, str]:
    (d / "X").write_text(BAD)
    os.link(d / "X", d / "Y")
    run = tool("msg", "--fix", "X", cwd=d)
    return "X, hard-linked as Y", "msg --fix X", run, f"{unchanged(d / 'X', BAD)}; links: {(d / 'X').stat().st_nlink}"


@case("files")
def fix_keeps_owner(d: Path) -> tuple[str, str, Run, str]:
    (d / "X").write_text(BAD)
    if os.geteuid() == 0:
        os.chown(d / "X", 1234, 2345)
    (d / "X").chmod(0o640)
    run = tool("msg", "--fix", "X", cwd=d)
    st = (d / "X").stat()
    return (
        "X, owner 1234:2345, mode 0640",
        "msg --fix X",
        run,
        f"owner {st.st_uid}:{st.st_gid}, mode {st.st_mode & 0o777:04o}",
    )


def prefixes(d: Path, n: int) -> tuple[str, str, Run, str]:
    subject = "FROMLIST " * n + "misc: fastrpc: Fix map refcount"
    (d / "M").write_text(f"{subject}\n\nThe map is freed twice.\n\nSigned-off-by: {AUTHOR}\n")
    run = tool("msg", "M", cwd=d)
    what = f"{n:,} malformed prefixes ({size(len(subject))})"
    return what, "msg M", run, f"report {size(len(run.out))}, {run.seconds:.1f} s"


@case("output")
def prefixes_3200(d: Path) -> tuple[str, str, Run, str]:
    return prefixes(d, 3200)


@case("output")
def prefixes_22000(d: Path) -> tuple[str, str, Run, str]:
    return prefixes(d, 22000)


def huge() -> bytes:
    body = b"".join(b"Line %d of a very long commit message body.\n" % i for i in range(40_000_000 // 44))
    return b"FROMLIST: misc: fastrpc: Fix map refcount\n\n" + body + f"\nSigned-off-by: {AUTHOR}\n".encode()


@case("time")
def huge_check(d: Path) -> tuple[str, str, Run, str]:
    message = huge()
    repo = repository(d, message)
    run = tool("check", "main", cwd=repo)
    return f"a commit message of {size(len(message))}", "check main", run, f"{run.seconds:.1f} s"


@case("time")
def huge_parse(d: Path) -> tuple[str, str, Run, str]:
    message = huge()
    repo = repository(d, message)
    run = tool("parse", "--range", "main", cwd=repo, stdout=subprocess.DEVNULL)
    return f"a commit message of {size(len(message))}", "parse --range main", run, f"{run.seconds:.1f} s"


@case("time")
def distinct_keys(d: Path) -> tuple[str, str, Run, str]:
    lines = "".join(f"X-Key-{i}: value\n" for i in range(20_000))
    (d / "M").write_text(f"FROMLIST: misc: fastrpc: Fix map refcount\n\nBody.\n\n{lines}Signed-off-by: {AUTHOR}\n")
    run = tool("msg", "M", cwd=d)
    return "20,000 distinct unknown trailer keys", "msg M", run, f"{run.seconds:.1f} s"


def config(d: Path, name: str, make: Callable[[Path], None], label: str) -> tuple[str, str, Run, str]:
    repo = repository(d, BAD.encode())
    make(repo / name)
    (d / "M").write_text(BAD)
    return label, "msg M (in the repository)", tool("msg", str(d / "M"), cwd=repo), ""


@case("config")
def config_not_utf8(d: Path) -> tuple[str, str, Run, str]:
    return config(d, ".trailercheck.toml", lambda p: p.write_bytes(b'profile = "qcom\xff"\n'), "config not UTF-8")


@case("config")
def config_nested(d: Path) -> tuple[str, str, Run, str]:
    deep = "select = " + "[" * 5000 + "]" * 5000 + "\n"
    return config(d, ".trailercheck.toml", lambda p: p.write_text(deep), "config nested 5,000 deep")


@case("config")
def config_tool_3(d: Path) -> tuple[str, str, Run, str]:
    return config(d, "pyproject.toml", lambda p: p.write_text("tool = 3\n"), "pyproject.toml: tool = 3")


@case("config")
def config_loop(d: Path) -> tuple[str, str, Run, str]:
    return config(d, ".trailercheck.toml", lambda p: p.symlink_to(p.name), ".trailercheck.toml a symlink loop")


@case("config")
def config_directory(d: Path) -> tuple[str, str, Run, str]:
    return config(d, ".trailercheck.toml", lambda p: p.mkdir(), ".trailercheck.toml a directory")


@case("config")
def config_fifo(d: Path) -> tuple[str, str, Run, str]:
    return config(d, ".trailercheck.toml", lambda p: os.mkfifo(p), ".trailercheck.toml a FIFO")


def bad_index(repo: Path) -> None:
    path = repo / ".git" / "trailercheck" / "index.sqlite"
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE refs (id INTEGER)")
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_master SET name = CAST(x'72ff' AS TEXT), sql = 'CREATE TABLE refs(xx'")
    db.commit()
    db.close()


@case("index")
def index_not_utf8(d: Path) -> tuple[str, str, Run, str]:
    repo = repository(d, BAD.encode())
    bad_index(repo)
    run = tool("index", "--baseline", "main", cwd=repo)
    again = tool("index", "--baseline", "main", cwd=repo)
    return "SQLite index, error text not UTF-8", "index --baseline main", run, f"next run: exit {again.status}"


@case("index")
def index_rebuild_not_utf8(d: Path) -> tuple[str, str, Run, str]:
    repo = repository(d, BAD.encode())
    bad_index(repo)
    run = tool("index", "--baseline", "main", "--rebuild", cwd=repo)
    return "SQLite index, error text not UTF-8", "index --baseline main --rebuild", run, ""


@case("output")
def stdout_full(d: Path) -> tuple[str, str, Run, str]:
    (d / "X").write_text(BAD)
    with open("/dev/full", "wb") as full:
        run = tool("msg", "X", cwd=d, stdout=full.fileno())
    return "stdout on /dev/full", "msg X > /dev/full", run, ""


@case("output")
def output_full(d: Path) -> tuple[str, str, Run, str]:
    (d / "X").write_text(BAD)
    run = tool("msg", "X", "-o", "/dev/full", cwd=d)
    return (
        "--output on /dev/full",
        "msg X -o /dev/full",
        run,
        "/dev/full still a device: " + str(Path("/dev/full").is_char_device()),
    )


@case("small")
def usage_error(d: Path) -> tuple[str, str, Run, str]:
    run = tool("msg", "--bogus", "X", cwd=d)
    lines = run.err.count(b"\n")
    return "unknown option", "msg --bogus X", run, f"{lines} line(s) on stderr"


@case("small")
def name_with_newline(d: Path) -> tuple[str, str, Run, str]:
    name = "a\nb\x1b[31m.txt"
    (d / name).write_text(BAD)
    return "file name with a newline and ESC", "msg $'a\\nb\\e[31m.txt'", tool("msg", name, cwd=d), ""


@case("small")
def head_one(d: Path) -> tuple[str, str, Run, str]:
    repo = repository(d, *(f"fix thing {n}\n".encode() for n in range(400)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "trailercheck", "check", "main"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **ENV},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    run = Run(proc.wait(), first, err, 0.0)
    return "400 commits with errors", "check main | head -1", run, f"stderr: {len(err)} bytes"


@case("small")
def no_identity(d: Path) -> tuple[str, str, Run, str]:
    repo = repository(d, BAD.encode())
    (d / "empty").write_text("")
    (d / "M").write_text(BAD.replace(AUTHOR, "Bob Example <bob@example.com>"))
    env = {"GIT_CONFIG_GLOBAL": str(d / "empty"), "GIT_CONFIG_NOSYSTEM": "1", "EMAIL": ""}
    env |= {k: "" for k in ENV}
    run = tool("msg", str(d / "M"), cwd=repo, env=env)
    return "no git identity, outside a hook", "msg M", run, f"O02 reported: {b'O02' in run.out}"


@case("fuzzer")
def nul_in_history(d: Path) -> tuple[str, str, Run, str]:
    repo = repository(d, b"\0misc: fastrpc: Fix map refcount\n", BAD.encode().replace(b"\n", b"\r\n"))
    return (
        "a NUL-led subject, a CRLF message (fuzzer)",
        "check --format sarif main",
        tool("check", "--format", "sarif", "main", cwd=repo),
        "",
    )


@case("fuzzer")
def latin1_fix(d: Path) -> tuple[str, str, Run, str]:
    data = BAD.replace("twice", "twice (caf\xe9)").encode("latin-1") + b"Lnik: https://lore.kernel.org/r/x@y\n"
    (d / "M").write_bytes(data)
    run = tool("msg", "--fix", "M", cwd=d)
    again = tool("msg", "--fix", "M", cwd=d)
    return (
        "Latin-1 body, misspelt Link: (fuzzer)",
        "msg --fix M (twice)",
        run,
        f"second --fix: {again.err.decode() or 'nothing to fix'}".strip(),
    )


@case("fuzzer")
def duplicated_trailers(d: Path) -> tuple[str, str, Run, str]:
    dup = f"Signed-off-by: {AUTHOR}\n" * 3 + "Link: https://lore.kernel.org/r/20241001-x@example.com\n" * 2
    (d / "M").write_text(f"misc: fastrpc: Fix map refcount\n\nThe map is freed twice.\n\n{dup}\n")
    before = len((d / "M").read_text().splitlines())
    run = tool("msg", "--fix", "M", cwd=d)
    lines = (d / "M").read_text().splitlines()
    return "repeated sign-offs and links (fuzzer)", "msg --fix M", run, f"{len(lines)} lines left (of {before})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the cases whose group or name contains this")
    args = parser.parse_args()
    print("| input | command | exit | first line printed | afterwards |")
    print("|---|---|---|---|---|")
    for group, fn in CASES:
        if args.only and args.only not in group and args.only not in fn.__name__:
            continue
        where = Path(tempfile.mkdtemp(prefix="hostile-probe-"))
        try:
            what, command, run, after = fn(where)
        finally:
            shutil.rmtree(where, ignore_errors=True)
        first = run.first.replace("|", "\\|")
        if len(first) > 140:
            first = first[:139] + "…"
        cells = [what, f"`{command}`", str(run.status), first.replace(str(where), "$D"), after]
        cells = [cell.replace("|", "\\|") if n != 3 else cell for n, cell in enumerate(cells)]
        print("| " + " | ".join(cells) + " |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
