"""The real-world corpus beside the repository, scored with the installed command line."""

from __future__ import annotations

import json
import sys

import pytest

from tests.builders import CORPUS, run_cli

SCORED = (
    "prefix-missing",
    "prefix-malformed",
    "link-missing",
    "trailer-block-blank-line",
    "signoff-missing",
    "signoff-author-missing",
)

pytestmark = pytest.mark.skipif(not (CORPUS / "expected.jsonl").exists(), reason="../shared/corpus is not present")


def test_corpus_labels_are_met_exactly() -> None:
    expected = {}
    for line in (CORPUS / "expected.jsonl").read_text().splitlines():
        item = json.loads(line)
        expected[item["file"]] = set(item["expect"])
    patches = sorted(str(p) for p in (CORPUS / "patches").glob("*.patch"))
    proc = run_cli("patch", "--format", "json", *patches)
    assert proc.returncode in (0, 1), proc.stderr
    got = {}
    for result in json.loads(proc.stdout)["results"]:
        got[result["source"].rsplit("/", 1)[-1]] = {f["rule"] for f in result["findings"]} & set(SCORED)
    assert set(got) == set(expected)
    disagreements = {
        name: (sorted(expected[name]), sorted(got[name])) for name in expected if expected[name] != got[name]
    }
    assert disagreements == {}


def test_corpus_check_script_passes() -> None:
    import subprocess

    proc = subprocess.run(
        ["bash", str(CORPUS / "check")],
        capture_output=True,
        text=True,
        env={"TRAILERCHECK": f"{sys.executable} -m trailercheck", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASS: worst precision/recall 1.000" in proc.stdout
