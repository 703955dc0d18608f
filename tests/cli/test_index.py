"""``trailercheck index``: building and updating the cross-reference index from the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import git, init_repo, run_cli
from tests.sources.test_index import expected, fast_import, subjects
from trailercheck.sources.index import Index

STATS = re.compile(
    r"(?P<ref>\S+): tip (?P<tip>[0-9a-f]{12}), (?P<commits>\d+) commits?, (?P<how>[^,]+)"
    r"(?P<where>, in memory only)?, \d+\.\d{3} s"
)


@pytest.fixture
def kernel(tmp_path: Path) -> Path:
    path = init_repo(tmp_path / "kernel")
    fast_import(path, "main", subjects(30))
    fast_import(path, "qcom-next", subjects(5, start=100), git(path, "rev-parse", "main~10").strip())
    return path


def stats(proc: subprocess.CompletedProcess[str]) -> list[dict[str, str | None]]:
    assert proc.returncode == 0, proc.stderr
    rows = []
    for line in proc.stdout.splitlines():
        m = STATS.fullmatch(line)
        assert m, line
        rows.append(m.groupdict())
    return rows


def tip(repo: Path, rev: str) -> str:
    return git(repo, "rev-parse", rev).strip()[:12]


def test_cold_then_up_to_date_then_incremental(kernel: Path) -> None:
    args = ["index", "--baseline", "qcom-next", "--upstream", "main", "--stats"]
    first = stats(run_cli(*args, cwd=kernel))
    assert [(r["ref"], r["tip"], r["commits"], r["how"]) for r in first] == [
        ("qcom-next", tip(kernel, "qcom-next"), "25", "cold"),
        ("main", tip(kernel, "main"), "30", "cold"),
    ]
    assert [r["how"] for r in stats(run_cli(*args, cwd=kernel))] == ["up to date", "up to date"]
    fast_import(kernel, "qcom-next", subjects(2, start=200))
    fast_import(kernel, "main", subjects(3, start=300), tip(kernel, "main~1"))  # a force-push
    again = stats(run_cli(*args, cwd=kernel))
    assert [(r["commits"], r["how"]) for r in again] == [("27", "incremental (+2 -0)"), ("32", "incremental (+3 -1)")]
    rebuilt = stats(run_cli(*args, "--rebuild", cwd=kernel))
    assert [(r["commits"], r["how"]) for r in rebuilt] == [("27", "cold"), ("32", "cold")]
    index = Index(str(kernel / ".git"), str(kernel))
    for ref in ("qcom-next", "main"):
        index.update(ref, git(kernel, "rev-parse", ref).strip())
        assert index.commits(ref) == expected(kernel, ref)


def test_silent_without_stats(kernel: Path) -> None:
    proc = run_cli("index", "--baseline", "qcom-next", cwd=kernel)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert (kernel / ".git" / "trailercheck" / "index.sqlite").is_file()


def test_refs_from_the_configuration(kernel: Path) -> None:
    (kernel / ".trailercheck.toml").write_text('baseline = "qcom-next"\nupstream = "main"\n')
    assert [r["ref"] for r in stats(run_cli("index", "--stats", cwd=kernel))] == ["qcom-next", "main"]
    # The command line wins.
    assert [r["ref"] for r in stats(run_cli("index", "--stats", "--upstream", "main~3", cwd=kernel))] == [
        "qcom-next",
        "main~3",
    ]


def test_repo_option_and_equals_forms(kernel: Path, tmp_path: Path) -> None:
    rows = stats(run_cli("index", f"--repo={kernel}", "--baseline=qcom-next", "--stats", cwd=tmp_path))
    assert [(r["ref"], r["how"]) for r in rows] == [("qcom-next", "cold")]


def test_same_ref_twice_is_indexed_once(kernel: Path) -> None:
    rows = stats(run_cli("index", "--baseline", "main", "--upstream", "main", "--stats", cwd=kernel))
    assert [r["ref"] for r in rows] == ["main"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [],
            "trailercheck: nothing to index: give --baseline/--upstream, or set baseline/upstream in the "
            "configuration\n",
        ),
        (
            ["--baseline", "origin/qcom-next"],
            "trailercheck: unknown revision 'origin/qcom-next' (not a commit of the repository)\n",
        ),
        (["--baseline", "-x"], "trailercheck: not a revision: '-x'\n"),
    ],
)
def test_usage_errors(kernel: Path, args: list[str], message: str) -> None:
    proc = run_cli("index", *args, cwd=kernel)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", message)


def test_outside_a_repository(tmp_path: Path) -> None:
    proc = run_cli("index", "--baseline", "main", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, "trailercheck: not a git repository: .\n")


def test_help_and_bad_options_go_through_the_full_command_line(kernel: Path) -> None:
    proc = run_cli("index", "--help", cwd=kernel)
    assert proc.returncode == 0
    for option in ("--baseline", "--upstream", "--rebuild", "--stats", "--repo", "--config"):
        assert option in proc.stdout
    proc = run_cli("index", "--bogus", cwd=kernel)
    assert proc.returncode == 2 and "--bogus" in proc.stderr
    proc = run_cli("index", "--stats=yes", "--baseline", "main", cwd=kernel)
    assert proc.returncode == 2


def test_corrupt_index_is_rebuilt_with_one_warning(kernel: Path) -> None:
    run_cli("index", "--baseline", "main", cwd=kernel)
    path = kernel / ".git" / "trailercheck" / "index.sqlite"
    path.write_bytes(b"\0garbage" * 1000)
    proc = run_cli("index", "--baseline", "main", "--stats", cwd=kernel)
    assert proc.returncode == 0
    assert proc.stderr == (
        f"trailercheck: warning: the index {path} is corrupt (file is not a database); rebuilding it\n"
    )
    assert [(r["how"], r["where"]) for r in stats(proc)] == [("cold", None)]
    proc = run_cli("index", "--baseline", "main", "--stats", cwd=kernel)
    assert proc.stderr == "" and [r["how"] for r in stats(proc)] == ["up to date"]


def test_unusable_index_is_bypassed_with_one_warning(kernel: Path) -> None:
    (kernel / ".git" / "trailercheck").write_text("not a directory\n")
    proc = run_cli("index", "--baseline", "main", "--upstream", "qcom-next", "--stats", cwd=kernel)
    assert proc.returncode == 0
    [warning] = proc.stderr.splitlines()
    assert warning.startswith("trailercheck: warning: cannot use the index ")
    assert warning.endswith("; reading the refs with git log instead")
    assert [(r["how"], r["where"]) for r in stats(proc)] == [("cold", ", in memory only")] * 2


def test_check_with_an_unusable_index_still_finds_everything(kernel: Path) -> None:
    """The X rules work from git log when the index cannot be kept: same findings, one warning."""
    (kernel / ".trailercheck.toml").write_text(
        'baseline = "qcom-next"\n[[branches]]\nmatch = "tech/*"\nbaseline-mode = "forbid"\n'
    )
    git(kernel, "checkout", "-q", "-b", "topic", "main~12")
    git(kernel, "cherry-pick", "-x", "-X", "theirs", "qcom-next")
    args = ["check", "--format", "json", "--select", "X01", "--target-branch", "tech/t", "main~12..topic"]
    good = run_cli(*args, cwd=kernel)
    assert good.stderr == ""
    (kernel / ".git" / "trailercheck" / "index.sqlite").unlink()
    (kernel / ".git" / "trailercheck" / "index.sqlite").mkdir()
    bad = run_cli(*args, cwd=kernel)
    assert bad.returncode == good.returncode == 1
    assert bad.stdout == good.stdout
    assert len(bad.stderr.splitlines()) == 1 and "cannot use the index" in bad.stderr
    [result] = json.loads(good.stdout)["results"]
    assert [f["code"] for f in result["findings"] if f["code"] == "X01"] == ["X01"]


def test_two_checks_at_once(kernel: Path) -> None:
    """Two CI jobs in one clone, both finding the index stale: both succeed, the index stays sound."""
    fast_import(kernel, "main", subjects(3000, start=1000))
    (kernel / ".trailercheck.toml").write_text(
        'baseline = "qcom-next"\nupstream = "main"\n[[branches]]\nmatch = "*"\nbaseline-mode = "require"\n'
    )
    args = [sys.executable, "-m", "trailercheck", "check", "--format", "json", "--select", "X"]
    args += ["--target-branch", "qcom-6.18.y", "main~20..main"]
    procs = [subprocess.Popen(args, cwd=kernel, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert len({p.returncode for p in procs}) == 1 and procs[0].returncode in (0, 1)
    assert [err for _, err in outs] == [b""] * 3
    assert len({out for out, _ in outs}) == 1
    rows = stats(run_cli("index", "--stats", cwd=kernel))
    assert [r["how"] for r in rows] == ["up to date", "up to date"]
    index = Index(str(kernel / ".git"), str(kernel))
    index.update("main", git(kernel, "rev-parse", "main").strip())
    assert index.commits("main") == expected(kernel, "main")
