"""``trailercheck rules`` / ``explain`` and the generated docs/rules.md."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from trailercheck.catalogue import markdown
from trailercheck.rules import REGISTRY

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_are_generated_from_the_registry() -> None:
    assert DOCS.read_text() == markdown(), (
        "docs/rules.md is stale: trailercheck rules --format markdown > docs/rules.md"
    )


def test_rules_table_follows_profile_and_options() -> None:
    proc = run_cli("rules")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "fix"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert set(rows) == set(REGISTRY)
    assert rows["T01"] == ["trailer-block-blank-line", "error", "yes"]
    assert rows["T07"] == ["trailer-key-unknown", "off"]
    assert rows["S01"] == ["prefix-missing", "error"]
    proc = run_cli("rules", "--format", "json", "--profile", "upstream", "--select", "T07", "--ignore", "T01")
    doc = json.loads(proc.stdout)
    by_code = {r["code"]: r for r in doc["rules"]}
    assert doc["profile"] == "upstream"
    assert by_code["S01"]["severity"] == "off"
    assert by_code["T07"]["severity"] == "warning"
    assert by_code["T01"]["severity"] == "off"
    assert by_code["T01"]["fixable"] is True


def test_explain_by_code_or_name() -> None:
    by_code = run_cli("explain", "T01")
    by_name = run_cli("explain", "trailer-block-blank-line")
    assert by_code.returncode == by_name.returncode == 0
    assert by_code.stdout == by_name.stdout
    text = by_code.stdout
    assert text.startswith("T01 trailer-block-blank-line\n\nA blank line splits the trailer block")
    assert "Severity: error under profile qcom; fixable with --fix: yes." in text
    assert "Bad (authored by Ada Lovelace <ada@example.com>):\n    FROMLIST: misc: fastrpc:" in text
    assert "\nHow to fix:\n    Remove the blank line(s)" in text
    assert "Severity: off under profile upstream" in run_cli("explain", "S01", "--profile", "upstream").stdout


def test_explain_unknown_rule() -> None:
    proc = run_cli("explain", "X99")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "trailercheck: unknown rule 'X99' (see 'trailercheck rules')\n"
