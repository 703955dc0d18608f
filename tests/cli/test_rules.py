"""``trailercheck rules`` / ``explain`` and the generated docs/rules.md."""

from __future__ import annotations

import json
from pathlib import Path

from tests.builders import run_cli
from trailercheck.catalogue import docs_page
from trailercheck.rules import REGISTRY

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_are_generated_from_the_registry() -> None:
    assert DOCS.read_text() == docs_page(), "docs/rules.md is stale: trailercheck rules --format docs > docs/rules.md"


def test_rules_format_docs_writes_the_page() -> None:
    proc = run_cli("rules", "--format", "docs")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, DOCS.read_text(), "")
    assert proc.stdout.startswith(
        "# Rules\n\n<!-- Generated from the rule registry by `trailercheck rules --format docs`. Do not edit. -->\n"
    )


def test_rules_formats_are_not_the_findings_formats() -> None:
    # "markdown" is kept free for a report of findings; the page is "docs".
    proc = run_cli("rules", "--format", "markdown")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "trailercheck: unknown format 'markdown' for rules (choose from text, json, docs)\n"
    shown = " ".join(run_cli("rules", "--help").stdout.split())
    page = "docs: the docs/rules.md page, in Markdown."
    assert f"--format <str> text: the table; json: the table as JSON; {page}" in shown


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
