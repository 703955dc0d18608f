"""Every format reports the same findings: one run over a real history, every format as a --report."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from tests.builders import ADA, BOB, fast_import, init_repo, isolated, run_cli

LINK = "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-{n}-abc@example.com/"
#: Good and bad messages in the shapes people write them; each index gives a different mix.
SHAPES = [
    "QCLINUX: misc: fastrpc: Drop the extra map reference {n}\n\nThe unmap path takes a second reference.\n\n"
    f"Signed-off-by: {ADA}\n",
    f"FROMLIST: misc: fastrpc: Fix map refcount {{n}}\n\nDrop the extra reference.\n\nSigned-off-by: {ADA}\n",
    "FROMLIST: soc: qcom: smem: Check the item size {n}\n\nAvoid reading past the end.\n\n"
    f"{LINK}\n\nSigned-off-by: {ADA}\n",
    f"soc: qcom: Fix the probe order {{n}}\n\nProbe the clocks first.\n\nSigned-off-by: {ADA}\n",
    "QCLINUX: arm64: dts: qcom: Add the UFS node {n}\n\nDescribe the controller.\n\n"
    f"Tested-By: {BOB}\nSigned-off-by: {ADA}\n",
    "FROMLIST: misc: fastrpc: Fix a leak {n}\n\nFree the buffer.\n\n"
    f"{LINK}\nReviewed-By: {BOB}\nSigned-off-by: {ADA}\n",
]
COUNT = 300
FORMATS = ("sarif", "gitlab", "github", "junit", "markdown")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Iterator[Path]:
    with isolated(tmp_path_factory):
        repo = init_repo(tmp_path_factory.mktemp("history") / "repo")
        messages = [SHAPES[(n * 7 + n // 5) % len(SHAPES)].format(n=n).encode() for n in range(COUNT)]
        fast_import(repo, "main", messages)
        yield repo


def run_all(repo: Path, out: Path, fmt: str = "json", primary: str = "report.json") -> dict[str, Path]:
    paths = {name: out / f"report.{name}" for name in FORMATS}
    args = ["check", "--repo", str(repo), "--format", fmt, "--output", str(out / primary), "--jobs", "2", "main"]
    for name, path in paths.items():
        if name != fmt:
            args += ["--report", f"{name}={path}"]
    proc = run_cli(*args)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "")
    return {**paths, fmt: out / primary}


Key = tuple[str, str, "int | None"]


def from_json(path: Path) -> tuple[Counter[Key], int, int, int]:
    doc = json.loads(path.read_text())
    found: Counter[Key] = Counter((r["commit"], f["code"], f["line"]) for r in doc["results"] for f in r["findings"])
    s = doc["summary"]
    return found, s["checked"], s["errors"], s["warnings"]


def from_sarif(path: Path) -> tuple[Counter[Key], int]:
    doc = json.loads(path.read_text())
    found: Counter[Key] = Counter()
    errors = 0
    for r in doc["runs"][0]["results"]:
        loc = r["locations"][0]
        commit = loc["logicalLocations"][0]["fullyQualifiedName"]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] == f"{commit}.commit-message"
        found[(commit, r["ruleId"], loc["physicalLocation"].get("region", {}).get("startLine"))] += 1
        errors += r["level"] == "error"
    return found, errors


def from_gitlab(path: Path) -> tuple[Counter[Key], int]:
    found: Counter[Key] = Counter()
    errors = 0
    for issue in json.loads(path.read_text()):
        commit = issue["location"]["path"].removesuffix(".commit-message")
        found[(commit, issue["check_name"], issue["location"]["lines"]["begin"])] += 1
        errors += issue["severity"] == "major"
    return found, errors


def short(found: Counter[Key]) -> Counter[Key]:
    return Counter({(c[:12], code, line): n for (c, code, line), n in found.items()})


def from_junit(path: Path) -> tuple[Counter[Key], int, int]:
    found: Counter[Key] = Counter()
    suite = next(iter(JUnitXml.fromfile(str(path))))
    cases = 0
    for case in suite:
        cases += 1
        commit = case.name.split(" ", 1)[0]
        for r in case.result:
            assert isinstance(r, Failure)
            m = re.match(r"(?:line (\d+): )?(\w+) ", r.text)
            assert m is not None
            found[(commit, m.group(2), int(m.group(1)) if m.group(1) else None)] += 1
        for m in re.finditer(r"^warning: (?:line (\d+): )?(\w+) ", case.system_out or "", re.M):
            found[(commit, m.group(2), int(m.group(1)) if m.group(1) else None)] += 1
    assert suite.failures == sum(1 for case in suite for _ in case.result)
    return found, cases, suite.failures


def from_markdown(path: Path) -> tuple[Counter[Key], str]:
    text = path.read_text()
    found: Counter[Key] = Counter()
    commit = ""
    for line in text.splitlines():
        head = re.match(r"### \S+ `(\w+)`", line)
        if head:
            commit = head.group(1)
        item = re.match(r"- (?:line (\d+)|message): \*\*(\w+)\*\*", line)
        if item:
            found[(commit, item.group(2), int(item.group(1)) if item.group(1) else None)] += 1
    return found, text.split("\n")[2]


def test_every_format_reports_the_same_findings(history: Path, tmp_path: Path) -> None:
    paths = run_all(history, tmp_path)
    expected, checked, errors, warnings = from_json(paths["json"])
    assert checked == COUNT
    assert {code for _, code, _ in expected} >= {"L01", "S01", "T01", "T02"}
    assert errors and warnings and errors + warnings == sum(expected.values())

    sarif, sarif_errors = from_sarif(paths["sarif"])
    gitlab, gitlab_errors = from_gitlab(paths["gitlab"])
    assert (sarif, sarif_errors) == (expected, errors)
    assert gitlab == Counter({(c, code, line or 1): n for (c, code, line), n in expected.items()})
    assert gitlab_errors == errors

    junit, cases, failures = from_junit(paths["junit"])
    assert (junit, cases, failures) == (short(expected), COUNT, errors)

    markdown, summary = from_markdown(paths["markdown"])
    assert markdown == short(expected)
    assert summary == f"❌ {COUNT} commits checked: {errors} errors, {warnings} warnings"

    github = paths["github"].read_text().splitlines()
    assert len(github) == 21  # 10 errors, 10 warnings, the counts
    assert github[-1].startswith(
        f"::notice title=trailercheck::trailercheck: {errors} errors, {warnings} warnings in {COUNT} messages; "
        f"{errors - 10} more errors and {warnings - 10} more warnings are not annotated"
    )


def test_reports_that_skip_clean_commits_say_the_same(history: Path, tmp_path: Path) -> None:
    # No report here wants the clean commits: the workers send back only the ones with findings.
    out = tmp_path
    base = ["check", "--repo", str(history), "--jobs", "2"]
    proc = run_cli(*base, "--format", "json", "--output", str(out / "r.json"), "main")
    assert (proc.returncode, proc.stderr) == (1, "")
    expected, _, errors, warnings = from_json(out / "r.json")
    proc = run_cli(
        *base,
        "--format",
        "sarif",
        "--report",
        f"gitlab={out / 'r.gitlab'}",
        "--report",
        f"github={out / 'r.github'}",
        "main",
    )
    assert (proc.returncode, proc.stderr) == (1, "")
    sarif = json.loads(proc.stdout)
    assert sarif["runs"][0]["properties"]["checked"] == COUNT
    (out / "r.sarif").write_text(json.dumps(sarif))
    assert from_sarif(out / "r.sarif") == (expected, errors)
    assert from_gitlab(out / "r.gitlab")[0] == Counter(
        {(c, code, line or 1): n for (c, code, line), n in expected.items()}
    )
    notice = f"trailercheck: {errors} errors, {warnings} warnings in {COUNT} messages;"
    assert notice in (out / "r.github").read_text()
