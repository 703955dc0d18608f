"""Configuration files: discovery, precedence, validation errors (exit 2, one line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.builders import git, run_cli
from trailercheck.config import CACHE_NAME, load
from trailercheck.engine import UsageError

BAD_T01 = (
    "FROMLIST: misc: fastrpc: Fix map refcount\n\nBody.\n\n"
    "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc@example.com/\n\n"
    "Signed-off-by: Ada Lovelace <ada@example.com>\nTracked-On: 12\n"
)


def codes(proc_stdout: str) -> list[str]:
    return [f["code"] for f in json.loads(proc_stdout)["results"][0]["findings"]]


def check(repo: Path, tmp_path: Path, *args: str, text: str = BAD_T01) -> list[str]:
    msg = tmp_path / "m"
    msg.write_text(text)
    proc = run_cli("msg", "--format", "json", *args, str(msg), cwd=repo)
    assert proc.returncode in (0, 1), proc.stderr
    return codes(proc.stdout)


def test_no_file_means_profile_defaults(repo: Path, tmp_path: Path) -> None:
    assert check(repo, tmp_path) == ["T01"]


def test_dedicated_file_at_repository_root(repo: Path, tmp_path: Path) -> None:
    (repo / ".trailercheck.toml").write_text('select = ["T07"]\nignore = ["trailer-block-blank-line"]\n')
    sub = repo / "sub"
    sub.mkdir()
    assert check(sub, tmp_path) == ["T07"]


def test_pyproject_table(repo: Path, tmp_path: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.trailercheck]\nseverity = { T01 = "warning" }\n'
    )
    msg = tmp_path / "m"
    msg.write_text(BAD_T01)
    proc = run_cli("msg", str(msg), cwd=repo)
    assert proc.returncode == 0
    assert "T01 trailer-block-blank-line: blank line between Link: (line 5) and Signed-off-by: (line 7) (warning)" in (
        proc.stdout
    )


def test_pyproject_without_table_is_ignored(repo: Path, tmp_path: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert check(repo, tmp_path) == ["T01"]


def test_command_line_wins_over_file_and_file_over_profile(repo: Path, tmp_path: Path) -> None:
    (repo / ".trailercheck.toml").write_text('profile = "upstream"\nignore = ["T01"]\nstrict = true\n')
    msg = tmp_path / "m"
    msg.write_text(BAD_T01)
    proc = run_cli("msg", "--format", "json", str(msg), cwd=repo)
    doc = json.loads(proc.stdout)
    assert doc["profile"] == "upstream"
    assert codes(proc.stdout) == ["S03"]
    proc = run_cli("msg", "--format", "json", "--profile", "qcom", "--select", "T01", str(msg), cwd=repo)
    assert json.loads(proc.stdout)["profile"] == "qcom"
    assert codes(proc.stdout) == ["T01"]


def test_strict_from_file(repo: Path, tmp_path: Path) -> None:
    (repo / ".trailercheck.toml").write_text('strict = true\nseverity = { T01 = "warning" }\n')
    msg = tmp_path / "m"
    msg.write_text(BAD_T01)
    assert run_cli("msg", str(msg), cwd=repo).returncode == 1


def test_known_trailers_and_lore_hosts(repo: Path, tmp_path: Path) -> None:
    (repo / ".trailercheck.toml").write_text(
        'select = ["T07"]\nknown-trailers = ["Tracked-On"]\nlore-hosts = ["lore.example.org"]\n'
    )
    assert check(repo, tmp_path) == ["L02", "T01"]


def test_explicit_config_option(repo: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('ignore = ["T"]\n')
    assert check(repo, tmp_path, "--config", str(cfg)) == []


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("profile = 'nope'\n", "profile: unknown profile 'nope' (choose from qcom, android, chromeos, upstream)"),
        (
            "selekt = ['T01']\n",
            "selekt: unknown key (known: profile, baseline, upstream, lore-url, archive, select, ignore, "
            "known-trailers, lore-hosts, severity, strict, online, branches)",
        ),
        ("select = 'T01'\n", "select: must be a list of strings"),
        ("select = ['Z99']\n", "select: unknown rule 'Z99'"),
        ("strict = 'yes'\n", "strict: must be true or false, not str"),
        ("online = 1\n", "online: must be true or false, not a number"),
        ("archive = ['/srv/lore']\n", "archive: must be a string, not a list"),
        ("severity = { T01 = 'fatal' }\n", "severity.T01: must be one of error, warning, off, not 'fatal'"),
        ("severity = { Q01 = 'error' }\n", "severity.Q01: unknown rule"),
        ("[[branches]]\nprefixes = ['FROMLIST']\n", "branches[0].match: a glob string is required"),
        (
            "[[branches]]\nmatch = 'qcom-*'\nbaseline-mode = 'maybe'\n",
            "branches[0].baseline-mode: must be one of forbid, require, not 'maybe'",
        ),
        ("[[branches]]\nmatch = 'x'\nprefixes = ['FROMLOST']\n", "branches[0].prefixes: unknown prefix 'FROMLOST'"),
        ("profile = \n", "not valid TOML: "),
    ],
)
def test_bad_configuration_is_one_line_exit_2(repo: Path, tmp_path: Path, content: str, error: str) -> None:
    cfg = repo / ".trailercheck.toml"
    cfg.write_text(content)
    proc = run_cli("msg", "-", input=BAD_T01.encode(), cwd=repo)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"trailercheck: {cfg}: {error}")
    assert proc.stderr.count("\n") == 1


def test_pyproject_errors_name_the_table(repo: Path) -> None:
    cfg = repo / "pyproject.toml"
    cfg.write_text("[tool.trailercheck]\nbogus = 1\n")
    proc = run_cli("msg", "-", input=BAD_T01.encode(), cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"trailercheck: {cfg}: tool.trailercheck.bogus: unknown key")


def test_branch_policy_first_match_wins(repo: Path) -> None:
    (repo / ".trailercheck.toml").write_text(
        "[[branches]]\nmatch = 'qcom-6.*.y'\nbaseline-mode = 'require'\n"
        "[[branches]]\nmatch = 'tech/*'\nbaseline-mode = 'forbid'\nprefixes = ['FROMLIST', 'UPSTREAM:']\n"
        "severity = { T01 = 'off' }\n"
        "[[branches]]\nmatch = '*'\nbaseline-mode = 'forbid'\n"
    )
    config = load(None, str(repo))
    first = config.policy_for("qcom-6.18.y")
    assert first is not None and first.baseline_mode == "require"
    tech = config.policy_for("tech/mm/fastrpc")
    assert tech is not None
    assert (tech.match, tech.prefixes, tech.severity) == ("tech/*", ["FROMLIST", "UPSTREAM"], {"T01": "off"})
    other = config.policy_for("main")
    assert other is not None and other.match == "*"
    assert config.policy_for(None) is None


def test_parsed_configuration_is_cached_and_refreshed(repo: Path) -> None:
    cfg = repo / ".trailercheck.toml"
    cfg.write_text('profile = "android"\n')
    assert load(None, str(repo)).get("profile") == "android"
    assert (repo / ".git" / CACHE_NAME).exists()
    assert load(None, str(repo)).get("profile") == "android"
    cfg.write_text('profile = "chromeos"\n')  # a different size: the cache is stale
    assert load(None, str(repo)).get("profile") == "chromeos"
    (repo / ".git" / CACHE_NAME).write_bytes(b"garbage")
    assert load(None, str(repo)).get("profile") == "chromeos"
    cfg.write_text("profile = [\n")
    with pytest.raises(UsageError):
        load(None, str(repo))


def test_worktree_git_file_is_followed(repo: Path, tmp_path: Path) -> None:
    (repo / ".trailercheck.toml").write_text('ignore = ["T01"]\n')
    git(repo, "add", ".trailercheck.toml")
    git(repo, "commit", "-q", "-m", "QCLINUX: config\n\nSigned-off-by: Ada Lovelace <ada@example.com>")
    wt = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", str(wt))
    assert (wt / ".git").is_file()
    assert check(wt, tmp_path) == []


def test_lore_hosts_compare_without_case(repo: Path, tmp_path: Path) -> None:
    (repo / ".trailercheck.toml").write_text('lore-hosts = ["Lore.Kernel.org"]\nignore = ["T01"]\n')
    assert check(repo, tmp_path) == []
