"""The registry of output formats: the command line, the README and every reporter follow it."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import run_cli
from trailercheck.cli.options import Options, parse_check_fast, parse_fast
from trailercheck.errors import UsageError
from trailercheck.findings import WARNING, Finding, Result
from trailercheck.reporters import DEFAULT_FORMAT, FORMATS, Reporter, make_reporter

ROOT = Path(__file__).resolve().parents[2]
#: The commands that report findings.
COMMANDS = ("check", "msg", "patch")

MESSAGE = """\
FROMLIST: misc: fastrpc: Fix map refcount on unmap

fastrpc_map_put() drops the reference taken by fastrpc_map_create(), but the
unmap path takes a second one. Drop the extra reference.

Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/
Signed-off-by: Ada Lovelace <ada@example.com>
"""


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_choices_are_the_registry(command: str) -> None:
    proc = run_cli(command, "--help")
    assert proc.returncode == 0
    shown = " ".join(proc.stdout.split())
    found = re.search(r"--format <str> Output format: ([^.]*)\. \[default: (\w+)\]", shown)
    assert found is not None, shown
    assert found.group(1).split(", ") == list(FORMATS)
    assert found.group(2) == DEFAULT_FORMAT == "text"


def test_fast_parsers_take_the_registry_and_nothing_else() -> None:
    for fmt in FORMATS:
        assert parse_fast(["--format", fmt, "MSG"]) == (Options(fmt=fmt), ["MSG"])
        assert parse_check_fast([f"--format={fmt}", "HEAD"]) == (Options(fmt=fmt), ["HEAD"], False, None)
    for other in ("sarif2", "md", "docs", "TEXT", ""):
        assert parse_fast(["--format", other, "MSG"]) is None
        assert parse_check_fast(["--format", other]) is None


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_runs_from_the_command_line(fmt: str, tmp_path: Path) -> None:
    msg = tmp_path / "MSG"
    msg.write_text(MESSAGE.replace("FROMLIST: ", "").replace("Signed-off-by", "Signed-Off-By"))
    args = ["--format", fmt, "--profile", "upstream", str(msg)]
    proc = run_cli("msg", *args, cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert "T02" in proc.stdout and "Signed-Off-By" in proc.stdout
    strict = run_cli("msg", "--strict", *args, cwd=tmp_path)
    assert (strict.returncode, strict.stdout, strict.stderr) == (1, proc.stdout, "")


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_format_is_one_line_and_exit_2(command: str, tmp_path: Path) -> None:
    msg = tmp_path / "MSG"
    msg.write_text(MESSAGE)
    args = [] if command == "check" else [str(msg)]
    proc = run_cli(command, "--format", "sarif2", *args, cwd=tmp_path)
    choices = ", ".join(FORMATS)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"trailercheck: unknown format 'sarif2' (choose from {choices})\n"


def test_make_reporter_refuses_a_name_outside_the_registry() -> None:
    choices = "text, json, sarif, github, gitlab, junit, markdown"
    with pytest.raises(UsageError, match=rf"^unknown format 'md' \(choose from {choices}\)$"):
        make_reporter("md", io.StringIO(), "qcom", False)


def test_every_entry_is_a_reporter_in_its_own_module() -> None:
    modules = sorted(p.stem for p in (ROOT / "trailercheck" / "reporters").glob("*.py") if p.stem != "__init__")
    assert sorted(entry.module for entry in FORMATS.values()) == modules
    for entry in FORMATS.values():
        cls = entry.load()
        assert issubclass(cls, Reporter) and cls is not Reporter
        assert cls.__module__ == f"trailercheck.reporters.{entry.module}"
        assert entry.summary.endswith(".")


#: A subject with a byte that is not UTF-8 (Latin-1 "é"), kept as a surrogate.
UNDECODABLE = "misc: fastrpc: Fix caf\udce9 map refcount"
RESULTS = [
    Result("0001-fix.patch", None, "misc: fastrpc: Fix map refcount", []),
    Result(
        "a1b2c3d4e5f6",
        "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2",
        UNDECODABLE,
        [
            Finding(
                "O02",
                "signoff-author-missing",
                None,
                "no Signed-off-by: from the author Ada Lovelace <ada@example.com>",
                "add 'Signed-off-by: Ada Lovelace <ada@example.com>' or correct the author",
            ),
            Finding(
                "T02",
                "trailer-key-case",
                6,
                "CC: should be written Cc: (Reported-by: Andr\udce9 <andre@example.com>)",
                "write 'Cc:'",
                severity=WARNING,
            ),
        ],
    ),
]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_keeps_the_reporter_contract(fmt: str) -> None:
    # A clean result, a finding without a line, undecodable bytes, and a run with no result at all.
    out = io.StringIO()
    reporter = make_reporter(fmt, out, "qcom", False)
    for result in RESULTS:
        reporter.add(result)
    reporter.finish()
    text = out.getvalue()
    assert (reporter.checked, reporter.errors, reporter.warnings) == (2, 1, 1)
    assert text.endswith("\n")
    text.encode("utf-8")  # no surrogate left
    assert "\ufffd" in text
    empty = io.StringIO()
    nothing = make_reporter(fmt, empty, "qcom", False)
    nothing.add_clean(3)
    nothing.finish()
    assert nothing.checked == 3
    assert "\x1b" not in text + empty.getvalue()


def test_readme_lists_the_registry() -> None:
    readme = (ROOT / "README.md").read_text()
    head = "Output formats (`--format` of `check`, `msg` and `patch`):\n\n"
    assert head in readme
    block = readme.split(head, 1)[1].split("\n\n", 1)[0]
    items = re.split(r"\n(?=- )", block)
    listed = [" ".join(item.split()) for item in items]
    expected = [
        f"- `{name}`{' (the default)' if name == DEFAULT_FORMAT else ''}: {entry.summary}"
        for name, entry in FORMATS.items()
    ]
    assert listed == expected


def test_the_registry_imports_no_reporter_until_one_is_chosen(tmp_path: Path) -> None:
    # The commit-msg hook pays only for the text reporter: not for json, nor for the modules of other formats.
    msg = tmp_path / "MSG"
    msg.write_text(MESSAGE)
    code = (
        "import sys; from trailercheck.cli.main import main; rc = main(['msg', sys.argv[1]]); "
        "sys.stderr.write(' '.join(sorted(m for m in sys.modules if m.startswith('trailercheck.reporters') "
        "or m == 'json')))"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(msg)], cwd=tmp_path, capture_output=True, text=True)
    assert proc.stderr == "trailercheck.reporters trailercheck.reporters.text"
