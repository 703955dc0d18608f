"""``trailercheck msg``: the commit-msg hook command, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from tests.builders import git, run_cli

MOTIVATING = (
    "FROMLIST: misc: fastrpc: Fix map refcount\n"
    "\n"
    "Drop the extra reference taken in fastrpc_map_create().\n"
    "\n"
    "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/\n"
    "\n"
    "Signed-off-by: Ada Lovelace <ada@example.com>\n"
    "CRs-Fixed: 4564170\n"
)


def test_motivating_case_text_output(tmp_path: Path, repo: Path) -> None:
    msg = tmp_path / "COMMIT_EDITMSG"
    msg.write_text(MOTIVATING)
    proc = run_cli("msg", str(msg), cwd=repo)
    assert proc.returncode == 1
    assert proc.stdout == (
        f"{msg}:6: T01 trailer-block-blank-line: blank line between Link: (line 5) and Signed-off-by: (line 7)\n"
        "  fix: remove line 6\n"
        "\n"
        "1 error, 0 warnings in 1 message\n"
    )
    assert proc.stderr == ""


def test_motivating_case_json(tmp_path: Path, repo: Path) -> None:
    msg = tmp_path / "m"
    msg.write_text(MOTIVATING)
    proc = run_cli("msg", "--format", "json", str(msg), cwd=repo)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["version"] == 1
    assert doc["profile"] == "qcom"
    assert doc["summary"] == {"checked": 1, "errors": 1, "warnings": 0}
    [result] = doc["results"]
    assert result["source"] == str(msg)
    assert result["commit"] is None
    assert result["subject"] == "FROMLIST: misc: fastrpc: Fix map refcount"
    assert result["findings"] == [
        {
            "code": "T01",
            "rule": "trailer-block-blank-line",
            "severity": "error",
            "line": 6,
            "message": "blank line between Link: (line 5) and Signed-off-by: (line 7)",
            "fix": "remove line 6",
            "evidence": None,
        }
    ]


def test_motivating_case_fix(tmp_path: Path, repo: Path) -> None:
    msg = tmp_path / "m"
    msg.write_bytes(MOTIVATING.encode())
    proc = run_cli("msg", "--fix", str(msg), cwd=repo)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == ""
    assert proc.stderr == f"{msg}: fixed 1 finding (T01)\n"
    assert msg.read_bytes() == MOTIVATING.replace("/\n\nSigned", "/\nSigned").encode()
    assert run_cli("msg", str(msg), cwd=repo).returncode == 0


def test_stdin_and_clean_message_is_silent(repo: Path) -> None:
    good = MOTIVATING.replace("/\n\nSigned", "/\nSigned")
    proc = run_cli("msg", "-", input=good.encode(), cwd=repo)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    proc = run_cli("msg", input=good.encode(), cwd=repo)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_author_from_git_var(tmp_path: Path, repo: Path) -> None:
    msg = tmp_path / "m"
    msg.write_text(MOTIVATING.replace("/\n\nSigned", "/\nSigned"))
    proc = run_cli(
        "msg", str(msg), cwd=repo, env={"GIT_AUTHOR_NAME": "Bob Example", "GIT_AUTHOR_EMAIL": "bob@example.com"}
    )
    assert proc.returncode == 1
    assert (
        f"{msg}:6: O02 signoff-author-missing: no Signed-off-by: from the author Bob Example <bob@example.com>"
        in proc.stdout
    )
    # A +tag subaddress and a different case still match the author.
    proc = run_cli(
        "msg", str(msg), cwd=repo, env={"GIT_AUTHOR_NAME": "A. L.", "GIT_AUTHOR_EMAIL": "Ada+kernel@Example.com"}
    )
    assert proc.returncode == 0, proc.stdout


def test_outside_a_repository_there_is_no_author(tmp_path: Path) -> None:
    msg = tmp_path / "m"
    msg.write_text(MOTIVATING.replace("/\n\nSigned", "/\nSigned").replace("Ada Lovelace <ada", "Bob Example <bob"))
    proc = run_cli("msg", str(msg), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout


def test_comment_lines_and_scissors_are_ignored_but_numbers_kept(tmp_path: Path, repo: Path) -> None:
    text = (
        "# leading comment\n"
        "FROMLIST: misc: fastrpc: Fix map refcount\n"
        "\n"
        "Body.\n"
        "\n"
        "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/\n"
        "# Please enter the commit message for your changes.\n"
        "signed-off-by: Ada Lovelace <ada@example.com>\n"
        "# ------------------------ >8 ------------------------\n"
        "diff --git a/x b/x\n"
        "Signed-Off-By: nobody\n"
    )
    msg = tmp_path / "m"
    msg.write_text(text)
    proc = run_cli("msg", "--format", "json", str(msg), cwd=repo)
    findings = json.loads(proc.stdout)["results"][0]["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("T02", 8)]
    assert proc.returncode == 0  # T02 is a warning
    assert run_cli("msg", "--strict", str(msg), cwd=repo).returncode == 1


def test_comment_char_from_config(tmp_path: Path, repo: Path) -> None:
    git(repo, "config", "core.commentChar", ";")
    msg = tmp_path / "m"
    msg.write_text(MOTIVATING.replace("/\n\nSigned", "/\n; a comment\nSigned"))
    assert run_cli("msg", str(msg), cwd=repo).returncode == 0
    git(repo, "config", "core.commentChar", "#")
    proc = run_cli("msg", str(msg), cwd=repo)
    assert proc.returncode == 0  # "; a comment" is now a continuation-free text line in the block
    assert proc.stdout == ""


def test_select_ignore_and_profile(tmp_path: Path, repo: Path) -> None:
    msg = tmp_path / "m"
    msg.write_text(MOTIVATING)
    assert run_cli("msg", "--ignore", "T01", str(msg), cwd=repo).returncode == 0
    assert run_cli("msg", "--ignore=trailer-block-blank-line", str(msg), cwd=repo).returncode == 0
    assert run_cli("msg", "--ignore", "T", str(msg), cwd=repo).returncode == 0
    proc = run_cli("msg", "--select", "T07", "--format", "json", str(msg), cwd=repo)
    codes = [f["code"] for f in json.loads(proc.stdout)["results"][0]["findings"]]
    assert codes == ["T01"]
    proc = run_cli("msg", "--profile", "upstream", "--format", "json", str(msg), cwd=repo)
    doc = json.loads(proc.stdout)
    assert doc["profile"] == "upstream"
    assert [f["code"] for f in doc["results"][0]["findings"]] == ["S03", "T01"]


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, repo: Path) -> None:
    proc = run_cli("msg", str(tmp_path / "missing"), cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr == f"trailercheck: cannot read {tmp_path / 'missing'}: No such file or directory\n"
    assert proc.stdout == ""
    proc = run_cli("msg", "--profile", "nope", "-", input=b"x\n", cwd=repo)
    assert (proc.returncode, proc.stderr) == (
        2,
        "trailercheck: unknown profile 'nope' (choose from qcom, android, chromeos, upstream)\n",
    )
    proc = run_cli("msg", "--select", "Z99", "-", input=b"x\n", cwd=repo)
    assert (proc.returncode, proc.stderr) == (2, "trailercheck: --select: unknown rule 'Z99'\n")
    proc = run_cli("msg", "--fix", "-", input=b"x\n", cwd=repo)
    assert (proc.returncode, proc.stderr) == (2, "trailercheck: --fix needs a file, not standard input\n")
    directory = tmp_path / "dir"
    directory.mkdir()
    proc = run_cli("msg", str(directory), cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"trailercheck: cannot read {directory}: ")
    assert proc.stderr.count("\n") == 1


def test_unknown_option_goes_to_full_cli(tmp_path: Path) -> None:
    proc = run_cli("msg", "--no-such-option", "x")
    assert proc.returncode == 2
    assert "No such option" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_binary_and_crlf_input_does_not_crash(tmp_path: Path, repo: Path) -> None:
    msg = tmp_path / "m"
    data = MOTIVATING.replace("\n", "\r\n").encode() + b"Tested-by: J\xf6rg \x00<j@example.com>\r\n"
    msg.write_bytes(data)
    proc = run_cli("msg", "--format", "json", str(msg), cwd=repo)
    assert proc.returncode == 1
    findings = json.loads(proc.stdout)["results"][0]["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("T01", 6)]
    proc = run_cli("msg", "--fix", str(msg), cwd=repo)
    assert proc.returncode == 0
    assert msg.read_bytes() == data.replace(b"/\r\n\r\nSigned", b"/\r\nSigned")


def test_output_file_and_no_color(tmp_path: Path, repo: Path) -> None:
    msg = tmp_path / "m"
    msg.write_text(MOTIVATING)
    out = tmp_path / "report.txt"
    proc = run_cli("msg", "-o", str(out), str(msg), cwd=repo)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "\033[" not in out.read_text()
    assert out.read_text().startswith(f"{msg}:6: T01 ")


def test_repo_option_must_be_a_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    for args in (["msg", "--repo", str(missing), "-"], ["parse", "--repo", str(missing), "-"]):
        proc = run_cli(*args, input=b"QCLINUX: x\n")
        assert (proc.returncode, proc.stdout) == (2, "")
        assert proc.stderr == f"trailercheck: not a directory: {missing}\n"


def test_fix_reports_the_fixed_subject(tmp_path: Path, repo: Path) -> None:
    msg = tmp_path / "m"
    msg.write_text(MOTIVATING.replace("FROMLIST: misc", "FROMLIST:misc"))
    proc = run_cli("msg", "--fix", "--format", "json", str(msg), cwd=repo)
    assert json.loads(proc.stdout)["results"][0]["subject"] == "FROMLIST: misc: fastrpc: Fix map refcount"


def test_fixes_in_the_hook_are_looked_up_without_gitpython_or_subprocess(tmp_path: Path, repo: Path) -> None:
    sha = git(repo, "rev-parse", "HEAD").strip()
    msg = tmp_path / "m"
    msg.write_text(
        MOTIVATING.replace("/\n\nSigned", "/\nSigned").replace(
            "Signed-off-by:", f'Fixes: {sha[:12]} ("QCLINUX: wrong title")\nSigned-off-by:'
        )
    )
    code = (
        "import sys; from trailercheck.cli.main import main; rc = main(['msg', '--format', 'json', sys.argv[1]]); "
        "sys.stderr.write(' '.join(m for m in ('git', 'subprocess') if m in sys.modules) or 'neither'); sys.exit(rc)"
    )
    import subprocess
    import sys as _sys

    proc = subprocess.run([_sys.executable, "-c", code, str(msg)], cwd=repo, capture_output=True, text=True)
    findings = json.loads(proc.stdout)["results"][0]["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("F03", 6)]
    assert "'QCLINUX: root'" in findings[0]["message"]
    assert proc.stderr == "neither"  # no GitPython, no subprocess on the hook's path


HOOK_LOADS = """
import sys
before = set(sys.modules)  # what the interpreter's start-up loaded (an editable install's finder loads fnmatch)
from trailercheck.cli.main import main
rc = main(["msg", sys.argv[1]])
from trailercheck.model import keys, prefixes, trailers
from trailercheck.rules import misc
from trailercheck.sources import msgfile
watched = ("fnmatch", "gc", "git", "subprocess", "trailercheck.xref", "trailercheck.rules.xref",
           "trailercheck.rules.verify", "trailercheck.sources.repo", "trailercheck.config",
           "trailercheck.sources.msgfile")
patterns = {"NOTE_RE": trailers.NOTE_RE, "_WORD_RE": prefixes._WORD_RE, "_CHANGELOG_KEY": keys._CHANGELOG_KEY,
            "CRS_FIXED_RE": misc.CRS_FIXED_RE, "_AUTO_SCISSORS_RE": msgfile._AUTO_SCISSORS_RE}
print(rc, *(name for name in watched if name in sys.modules and name not in before))
print(*[name for name, pattern in patterns.items() if pattern._compiled is not None] or ["none"])
"""


def test_the_hook_loads_and_compiles_only_what_a_typical_message_needs(tmp_path: Path, repo: Path) -> None:
    # Each of these costs the commit-msg hook start-up time; a message like this one needs none of them:
    # no [[branches]] glob, no cross-reference or posting (X, V), no Fixes: to look up, no note, no
    # misspelt prefix, no changelog key, one CRs-Fixed number, no core.commentChar=auto.
    msg = tmp_path / "COMMIT_EDITMSG"
    msg.write_text(MOTIVATING.replace("/\n\nSigned", "/\nSigned") + "# Please enter the commit message.\n")
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", HOOK_LOADS, str(msg)], cwd=repo, capture_output=True, text=True)
    assert proc.stdout.splitlines() == ["0 trailercheck.config trailercheck.sources.msgfile", "none"]


def test_the_hook_process_exits_with_the_check_s_status_when_a_stream_was_closed(tmp_path: Path, repo: Path) -> None:
    # The process of the hook ends without the interpreter's teardown: it flushes what is open, and
    # a standard stream closed from the start is none of its business.
    import shlex
    import subprocess
    import sys

    clean, failing = tmp_path / "clean", tmp_path / "failing"
    clean.write_text(MOTIVATING.replace("/\n\nSigned", "/\nSigned"))
    failing.write_text(MOTIVATING)
    for path, status in ((clean, 0), (failing, 1)):
        run = f"{shlex.quote(sys.executable)} -m trailercheck msg {shlex.quote(str(path))}"
        out = tmp_path / "out"
        closed_stderr = subprocess.run(["sh", "-c", f"{run} 2>&- >{shlex.quote(str(out))}"], cwd=repo)
        assert closed_stderr.returncode == status
        assert out.read_text() == ("" if status == 0 else run_cli("msg", str(path), cwd=repo).stdout)
        closed_stdin = subprocess.run(["sh", "-c", f"{run} <&-"], cwd=repo, capture_output=True, text=True)
        assert (closed_stdin.returncode, closed_stdin.stdout, closed_stdin.stderr) == (status, out.read_text(), "")
