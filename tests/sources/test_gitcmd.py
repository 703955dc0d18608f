"""The one module that runs git: short reads, errors, streams, cat-file, pipes and the comment setting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.builders import commit, git, head
from trailercheck.sources import gitcmd
from trailercheck.sources.gitcmd import (
    COMMENT_STRING_SINCE,
    CatFile,
    GitError,
    comment_setting,
    git_vars,
    log_comment,
    pipe,
    read,
    run,
    stream,
    succeeds,
    whole_lines,
)


def test_git_runs_in_the_named_directory_without_moving_the_process(repo: Path, tmp_path: Path) -> None:
    here = os.getcwd()
    assert read(["rev-parse", "--show-toplevel"], str(repo)) == (str(repo.resolve()) + "\n").encode()
    assert run(["rev-parse", "HEAD"], str(repo)).decode().strip() == head(repo)
    assert os.getcwd() == here
    assert gitcmd.argv(["log"], "/x") == ["git", "-C", "/x", "log"]
    assert gitcmd.argv(["log"]) == ["git", "log"]


def test_failures_say_gits_reason_in_one_line(repo: Path, tmp_path: Path) -> None:
    assert read(["rev-parse", "--verify", "nosuch"], str(repo)) is None
    with pytest.raises(GitError) as exc:
        run(["log", "nosuch", "--"], str(repo))
    assert str(exc.value) == "bad revision 'nosuch'"
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GitError) as exc:
        run(["log"], str(plain))
    assert str(exc.value).startswith("not a git repository")
    assert "\n" not in str(exc.value)
    assert succeeds(["merge-base", "--is-ancestor", head(repo), head(repo)], str(repo))
    assert not succeeds(["rev-parse", "--verify", "nosuch"], str(repo))


def test_run_feeds_its_input(repo: Path) -> None:
    sha = head(repo)
    out = run(["cat-file", "--batch-check=%(objecttype)"], str(repo), input=f"{sha}\nnosuch\n".encode())
    assert out == b"commit\nnosuch missing\n"


def test_stream_reads_in_pieces_and_reports_failure_at_the_end(repo: Path) -> None:
    for i in range(40):
        commit(repo, f"QCLINUX: commit {i}")
    chunks = list(stream(["log", "--format=%s"], str(repo), size=64))
    assert len(chunks) > 10 and all(len(c) <= 64 for c in chunks)
    assert b"".join(chunks).decode().splitlines()[:2] == ["QCLINUX: commit 39", "QCLINUX: commit 38"]
    lines = list(whole_lines(chunks))
    assert all(c.endswith(b"\n") for c in lines)
    assert b"".join(lines) == b"".join(chunks)
    with pytest.raises(GitError) as exc:
        list(stream(["log", "nosuch", "--"], str(repo)))
    assert str(exc.value) == "bad revision 'nosuch'"


def test_stopping_a_stream_early_stops_git(repo: Path) -> None:
    for i in range(30):
        commit(repo, f"QCLINUX: commit {i}")
    reader = stream(["log", "--format=%s%n%b"], str(repo), size=16)
    assert next(reader)
    reader.close()  # the generator's clean-up kills git and reaps it: no error, no zombie
    assert not [p for p in os.listdir("/proc") if p.isdigit() and _zombie_child(int(p))]


def _zombie_child(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] == "Z" and int(fields[1]) == os.getpid()


def test_cat_file_answers_a_batch_and_says_what_is_missing(repo: Path) -> None:
    first = head(repo)
    second = commit(repo, "QCLINUX: second")
    batch = CatFile(str(repo))
    names = [first, "nosuch", f"{second}^{{commit}}", *[first] * 130]
    found = batch.objects(names)
    assert [f[1] if f else None for f in found[:3]] == ["commit", None, "commit"]
    assert found[2] is not None and found[2][0] == second
    assert found[2][2].endswith(b"\n\nQCLINUX: second")
    assert len(found) == len(names)
    batch.close()
    assert batch.objects([first])[0] is not None  # started again after close
    batch.close()


def test_pipe_feeds_one_git_into_another(repo: Path) -> None:
    sha = head(repo)
    out, ok = pipe(
        ["rev-list", "--stdin", "--no-walk"], ["name-rev", "--stdin", "--name-only"], str(repo), f"{sha}\n".encode()
    )
    assert ok and out == b"main\n"
    out, ok = pipe(["rev-list", "--stdin", "--no-walk"], ["name-rev", "--stdin"], str(repo), b"nosuch\n")
    assert not ok and out == b""


def test_comment_char_and_comment_string_are_one_setting() -> None:
    supported = gitcmd.version() >= COMMENT_STRING_SINCE
    assert comment_setting([]) is None
    assert comment_setting([("core.commentchar", ";")]) == ";"
    assert comment_setting([("core.commentchar", ";"), ("core.commentchar", "auto")]) == "auto"
    # The later one wins, where the running git reads core.commentString at all (2.45 and later).
    assert comment_setting([("core.commentchar", ";"), ("core.commentstring", "//")]) == ("//" if supported else ";")
    assert comment_setting([("core.commentstring", "//"), ("core.commentchar", ";")]) == ";"


def test_comment_setting_as_git_log_and_the_hook_read_it(repo: Path) -> None:
    supported = gitcmd.version() >= COMMENT_STRING_SINCE
    assert log_comment(str(repo)) == "#"
    assert git_vars(str(repo)).comment is None
    git(repo, "config", "core.commentChar", ";")
    assert log_comment(str(repo)) == ";"
    assert git_vars(str(repo)).comment == ";"
    git(repo, "config", "core.commentString", "%")
    assert log_comment(str(repo)) == ("%" if supported else ";")
    assert git_vars(str(repo)).comment == ("%" if supported else ";")
    git(repo, "config", "--unset", "core.commentString")
    git(repo, "config", "core.commentChar", "auto")
    assert log_comment(str(repo)) == "#"  # git log reads "auto" as "#"
    assert git_vars(str(repo)).comment == "auto"  # the hook finds the character in the file


def test_version_is_the_running_gits() -> None:
    out = git(Path("."), "version").split()[2]
    assert gitcmd.version() == tuple(int(n) for n in out.split(".")[:3] if n.isdigit())
