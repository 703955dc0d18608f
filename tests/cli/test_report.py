"""--report FORMAT=PATH: several reports from one run, each file whole or untouched."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from tests.builders import ADA, commit, run_cli
from trailercheck.cli.options import Options
from trailercheck.cli.run import Output, settings
from trailercheck.errors import UsageError
from trailercheck.findings import Finding, Result
from trailercheck.outfile import is_special, open_report
from trailercheck.reporters import FORMATS

MESSAGE = f"""\
misc: fastrpc: Fix map refcount

Drop the extra reference taken in fastrpc_map_create().

Tested-By: Bob Example <bob@example.com>
Signed-off-by: {ADA}
"""
COMMANDS = ("check", "msg", "patch")


def args_for(command: str, tmp_path: Path, repo: Path) -> list[str]:
    msg = tmp_path / "MSG"
    msg.write_text(MESSAGE)
    if command == "check":
        return ["--repo", str(repo), "HEAD"]
    if command == "patch":
        patch = tmp_path / "0001-fix.patch"
        patch.write_text(f"From: {ADA}\nSubject: [PATCH] {MESSAGE}---\n")
        return [str(patch)]
    return [str(msg)]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_report_command_writes_every_report(command: str, tmp_path: Path, repo: Path) -> None:
    commit(repo, MESSAGE)
    args = args_for(command, tmp_path, repo)
    sarif, md = tmp_path / "out.sarif", tmp_path / "out.md"
    proc = run_cli(command, "--format", "json", "--report", f"sarif={sarif}", "--report", f"markdown={md}", *args)
    assert (proc.returncode, proc.stderr) == (1, "")
    doc = json.loads(proc.stdout)
    codes = sorted(f["code"] for r in doc["results"] for f in r["findings"])
    assert {"S01", "T02"} <= set(codes)
    assert sorted(r["ruleId"] for r in json.loads(sarif.read_text())["runs"][0]["results"]) == codes
    errors, warnings = doc["summary"]["errors"], doc["summary"]["warnings"]
    assert f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n" in md.read_text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".trailercheck-")) == []


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ("sarif", "--report takes FORMAT=PATH (- for standard output), not 'sarif'"),
        ("=out.sarif", "--report takes FORMAT=PATH (- for standard output), not '=out.sarif'"),
        ("sarif=", "--report takes FORMAT=PATH (- for standard output), not 'sarif='"),
        ("sarif2=out.sarif", f"unknown format 'sarif2' (choose from {', '.join(FORMATS)})"),
        ("json=-", "two reports to standard output"),
    ],
)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_report_is_one_line_and_exit_2(command: str, spec: str, error: str, tmp_path: Path, repo: Path) -> None:
    args = args_for(command, tmp_path, repo)
    proc = run_cli(command, "--report", spec, *args, cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"trailercheck: {error}\n")
    assert not (tmp_path / "out.sarif").exists()


def test_two_reports_to_one_file_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    msg = tmp_path / "MSG"
    msg.write_text(MESSAGE)
    proc = run_cli("msg", "-o", str(out), "--report", f"sarif={out}", str(msg))
    assert (proc.returncode, proc.stderr) == (2, f"trailercheck: two reports to {out}\n")


def test_a_report_replaces_the_file_keeping_its_mode(tmp_path: Path) -> None:
    msg = tmp_path / "MSG"
    msg.write_text(MESSAGE)
    out, report = tmp_path / "out.txt", tmp_path / "report.json"
    for path in (out, report):
        path.write_text("old\n")
        path.chmod(0o640)
    proc = run_cli("msg", "--output", str(out), "--report", f"json={report}", str(msg))
    assert proc.returncode == 1
    assert out.read_text().startswith(f"{msg}:1: S01 prefix-missing: ")
    assert json.loads(report.read_text())["summary"] == {"checked": 1, "errors": 1, "warnings": 1}
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(report.stat().st_mode) == 0o640
    fresh = tmp_path / "new.json"
    run_cli("msg", "--report", f"json={fresh}", str(msg))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["MSG", "new.json", "out.txt", "report.json"]


RESULT = Result("MSG", None, "misc: x", [Finding("S01", "prefix-missing", 1, "subject has no prefix")])


def test_an_interrupted_run_leaves_every_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, report, summary = tmp_path / "out.json", tmp_path / "r.sarif", tmp_path / "summary.md"
    out.write_text("old report\n")
    summary.write_text("# earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    opts = Options(fmt="json", output=str(out), reports=[f"sarif={report}", f"markdown={summary}"])
    with pytest.raises(KeyboardInterrupt), Output(settings(opts)) as output:
        output.add(RESULT)
        assert len(list(tmp_path.glob(".trailercheck-*"))) == 2  # the json and the sarif, beside their files
        raise KeyboardInterrupt
    assert out.read_text() == "old report\n"
    assert not report.exists()
    assert summary.read_text() == "# earlier step\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "summary.md"]


def test_the_step_summary_is_appended_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    with Output(settings(Options(fmt="json", output=str(tmp_path / "o.json"), reports=[f"markdown={summary}"]))) as out:
        out.add(RESULT)
        assert summary.read_text() == "# earlier step\n"  # nothing until the end
        assert out.close() == 1
    text = summary.read_text()
    assert text.startswith("# earlier step\n## trailercheck (qcom)\n\n❌ 1 message checked: 1 error, 0 warnings\n")
    # A markdown report anywhere else replaces its file.
    other = tmp_path / "other.md"
    other.write_text("old\n")
    with Output(settings(Options(fmt="markdown", output=str(other)))) as out:
        out.add(RESULT)
        out.close()
    assert other.read_text() == text.removeprefix("# earlier step\n")


def test_a_fifo_is_written_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert is_special(str(fifo)) and is_special("/dev/stdout") and not is_special(str(tmp_path / "new"))
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    msg = tmp_path / "MSG"
    msg.write_text(MESSAGE)
    proc = run_cli("msg", "--report", f"json={fifo}", str(msg))
    reader.join(10)
    assert proc.returncode == 1
    assert json.loads(got[0])["summary"]["errors"] == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dev_stdout_is_standard_output(tmp_path: Path) -> None:
    msg = tmp_path / "MSG"
    msg.write_text(MESSAGE)
    proc = run_cli("msg", "--format", "sarif", "--output", "/dev/stdout", "--report", "json=-", str(msg))
    assert proc.returncode == 1
    assert '  "version": 1,' in proc.stdout and '  "version": "2.1.0",' in proc.stdout


def test_a_file_that_cannot_be_written_is_refused_before_the_run(tmp_path: Path) -> None:
    msg = tmp_path / "MSG"
    msg.write_text(MESSAGE)
    proc = run_cli("msg", "--report", f"json={tmp_path}/missing/r.json", str(msg))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"trailercheck: cannot write {tmp_path}/missing/r.json: No such file or directory\n"


def test_open_report_commit_and_discard(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    kept = open_report(str(path))
    kept.stream.write("whole\n")
    assert not path.exists()
    kept.commit()
    assert path.read_text() == "whole\n"
    dropped = open_report(str(path))
    dropped.stream.write("half")
    dropped.discard()
    assert path.read_text() == "whole\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]
    with pytest.raises(UsageError, match="two reports to standard output"):
        Output(settings(Options(reports=["json=-"])))
