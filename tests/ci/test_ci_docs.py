"""docs/ci.md: its workflows and CI configuration are valid and pass zizmor; its shell gate runs.

Each fenced block of the page whose first line is a comment naming a file
(``# .github/workflows/NAME.yml``, ``# .gitlab-ci.yml``) is that file; the
``sh`` block is the shell gate.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.builders import ROOT, commit, git, init_repo, tracking_clone
from tests.ci.test_action import GOOD, SPLIT, dev_tool
from tests.ci.tools import schema_check, zizmor

DOC = ROOT / "docs" / "ci.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)


def blocks(language: str) -> dict[str, str]:
    """The page's ``language`` blocks, by the file their first line names (else by their position)."""
    found: dict[str, str] = {}
    for n, match in enumerate(FENCE.finditer(DOC.read_text())):
        if match.group(1) != language:
            continue
        body = match.group(2)
        first = body.split("\n", 1)[0]
        name = first[2:].strip() if first.startswith("# ") and language == "yaml" else f"block {n}"
        found[name] = body
    return found


def write_blocks(tmp_path: Path, prefix: str) -> list[Path]:
    paths = []
    for name, body in blocks("yaml").items():
        if name.startswith(prefix):
            path = tmp_path / Path(name).name
            path.write_text(body)
            paths.append(path)
    return paths


def test_the_page_has_the_files_the_tests_check() -> None:
    assert sorted(blocks("yaml")) == [
        ".github/workflows/trailercheck-xref.yml",
        ".github/workflows/trailercheck.yml",
        ".gitlab-ci.yml",
    ]
    assert len(blocks("sh")) == 1


@pytest.mark.parametrize("name", ["trailercheck.yml", "trailercheck-xref.yml"])
def test_github_workflow_is_valid(tmp_path: Path, name: str) -> None:
    [path] = [p for p in write_blocks(tmp_path, ".github/workflows/") if p.name == name]
    schema_check("vendor.github-workflows", path)


def test_github_workflows_and_the_action_have_no_zizmor_findings(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    for path in write_blocks(tmp_path, ".github/workflows/"):
        path.rename(workflows / path.name)
    zizmor(*sorted(workflows.iterdir()), ROOT / "action.yml")


def test_github_workflow_uses_the_action_as_documented() -> None:
    workflow = yaml.safe_load(blocks("yaml")[".github/workflows/trailercheck.yml"])
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    [job] = workflow["jobs"].values()
    checkout, check, upload = job["steps"]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["persist-credentials"] is False
    assert re.fullmatch(r"[\w.-]+/trailercheck@[0-9a-f]{40}", check["uses"])
    assert set(check["with"]) <= set(action["inputs"])
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == check["with"]["sarif"]
    assert workflow["permissions"] == {}
    assert job["permissions"] == {"contents": "read", "security-events": "write"}
    documented = set(re.findall(r"^\| `(\w+)` \|", DOC.read_text(), re.M))
    assert documented == set(action["inputs"])


def test_gitlab_ci_is_valid(tmp_path: Path) -> None:
    [path] = write_blocks(tmp_path, ".gitlab-ci.yml")
    schema_check("vendor.gitlab-ci", path)
    config = yaml.safe_load(path.read_text())
    job = config["trailercheck"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert any("--report gitlab=gl-code-quality-report.json" in line for line in job["script"])
    assert any('"$CI_MERGE_REQUEST_DIFF_BASE_SHA..' in line for line in job["script"])


def gate(work: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    [script] = blocks("sh").values()
    path = tmp_path / "gate.sh"
    path.write_text(script)
    env = {**os.environ, "PATH": f"{dev_tool(tmp_path)}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["sh", str(path)], cwd=work, env=env, capture_output=True, text=True)


def test_the_shell_gate_fails_on_a_split_trailer_block_and_passes_once_fixed(tmp_path: Path) -> None:
    seed = init_repo(tmp_path / "seed")
    commit(seed, GOOD, {"drivers/misc/fastrpc.c": "map\n"})
    work = tracking_clone(tmp_path, seed)
    split = commit(work, SPLIT, {"drivers/misc/fastrpc.c": "map\nunmap\n"})

    failed = gate(work, tmp_path)
    assert failed.returncode == 1, failed.stderr
    assert failed.stdout.startswith(
        f"{split[:12]}:7: T01 trailer-block-blank-line: blank line between Link: (line 6) and Signed-off-by: (line 8)\n"
    )

    git(work, "commit", "-q", "--amend", "--cleanup=verbatim", "-m", SPLIT.replace("/\n\nSigned", "/\nSigned"))
    passed = gate(work, tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout == ""
