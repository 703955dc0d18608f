"""SARIF: valid against the OASIS schema, the reported rules once each, locations for files and commits."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.builders import SHARED
from tests.reporters import rendered
from trailercheck.findings import WARNING, Finding, Result
from trailercheck.reporters import fingerprints
from trailercheck.reporters.sarif import SarifReporter, uri_of

SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
SHA = "0123456789abcdef0123456789abcdef01234567"

BLANK = Finding(
    "T01",
    "trailer-block-blank-line",
    7,
    "blank line between Link: (line 6) and Signed-off-by: (line 8)",
    "remove line 7",
)
CASE = Finding(
    "T02", "trailer-key-case", 9, "Tested-By: should be written Tested-by:", "write 'Tested-by:'", severity=WARNING
)
NO_SIGNOFF = Finding("O01", "signoff-missing", None, "no Signed-off-by: trailer", "add 'Signed-off-by: ...'")


def sarif(results: list[Result], profile: str = "qcom") -> tuple[str, dict]:  # type: ignore[type-arg]
    text = rendered("sarif", results, profile)
    return text, json.loads(text)


def validate(doc: object) -> None:
    if not SCHEMA.exists():
        pytest.skip("../shared/schemas is not present")
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(doc)


def test_commit_findings_name_the_commit_and_its_virtual_message() -> None:
    text, doc = sarif([Result(SHA[:12], SHA, "misc: fastrpc: Fix map refcount", [BLANK, CASE])])
    validate(doc)
    run = doc["runs"][0]
    assert list(run) == ["results", "tool", "properties"]  # the results are streamed before the driver
    first = run["results"][0]
    assert first == {
        "ruleId": "T01",
        "ruleIndex": 0,
        "level": "error",
        "message": {"text": "blank line between Link: (line 6) and Signed-off-by: (line 8)"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": f"{SHA}.commit-message"},
                    "region": {"startLine": 7},
                },
                "logicalLocations": [{"name": SHA[:12], "fullyQualifiedName": SHA, "kind": "object"}],
            }
        ],
        "partialFingerprints": {"trailercheck/v1": fingerprints(Result("", SHA, "", [BLANK]))[0]},
        "properties": {"fix": "remove line 7"},
    }
    assert run["results"][1]["level"] == "warning"
    assert run["results"][1]["ruleIndex"] == 1
    assert run["properties"] == {"profile": "qcom", "checked": 1}
    assert text.endswith("}\n")


def test_the_driver_lists_each_reported_rule_once_with_its_documentation() -> None:
    results = [
        Result("0001-a.patch", None, "a", [BLANK]),
        Result("0002-b.patch", None, "b", []),
        Result("0003-c.patch", None, "c", [CASE, BLANK]),
    ]
    _, doc = sarif(results)
    validate(doc)
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("trailercheck", "0.1.0")
    assert [r["id"] for r in driver["rules"]] == ["T01", "T02"]
    assert [(r["ruleId"], r["ruleIndex"]) for r in run["results"]] == [("T01", 0), ("T02", 1), ("T01", 0)]
    t01 = driver["rules"][0]
    assert t01["name"] == "trailer-block-blank-line"
    assert t01["shortDescription"]["text"].startswith("A blank line")
    assert t01["defaultConfiguration"] == {"level": "error"}
    assert driver["rules"][1]["defaultConfiguration"] == {"level": "warning"}
    assert t01["help"]["text"] in t01["help"]["markdown"]
    assert "```" in t01["help"]["markdown"]
    assert t01["fullDescription"]["text"]


def test_files_are_relative_uris_with_the_line_and_a_whole_message_finding_has_no_region(tmp_path: Path) -> None:
    mbox = tmp_path / "series.mbox"
    mbox.write_text("")
    results = [
        Result("patches/0001-fix map.patch", None, "a", [NO_SIGNOFF, BLANK]),
        Result(f"{mbox}:2", None, "b", [CASE]),
    ]
    _, doc = sarif(results)
    validate(doc)
    locations = [r["locations"][0] for r in doc["runs"][0]["results"]]
    assert locations == [
        {"physicalLocation": {"artifactLocation": {"uri": "patches/0001-fix%20map.patch"}}},
        {"physicalLocation": {"artifactLocation": {"uri": "patches/0001-fix%20map.patch"}, "region": {"startLine": 7}}},
        {"physicalLocation": {"artifactLocation": {"uri": str(mbox)}, "region": {"startLine": 9}}},
    ]


def test_uris_never_look_like_a_scheme() -> None:
    assert uri_of("COMMIT_EDITMSG") == "COMMIT_EDITMSG"
    assert uri_of("c:msg") == "c%3Amsg"
    assert uri_of("/tmp/a b#1.patch") == "/tmp/a%20b%231.patch"
    assert uri_of("-") == "-"


def test_fingerprints_survive_moved_lines_and_tell_repeats_apart() -> None:
    moved = Finding(
        "T01",
        "trailer-block-blank-line",
        9,
        "blank line between Link: (line 8) and Signed-off-by: (line 10)",
        "remove line 9",
    )
    a = fingerprints(Result(SHA[:12], SHA, "s", [BLANK]))
    b = fingerprints(Result(SHA[:12], SHA, "s", [moved]))
    assert a == b
    other = fingerprints(Result("f" * 12, "f" * 40, "s", [BLANK]))
    assert other != a
    twice = fingerprints(Result(SHA[:12], SHA, "s", [BLANK, BLANK]))
    assert twice == [a[0], a[0] + ":2"]
    assert fingerprints(Result("MSG", None, "s", [BLANK])) != a


def test_an_empty_run_is_a_valid_log() -> None:
    out = io.StringIO()
    reporter = SarifReporter(out, "upstream", False)
    reporter.add_clean(4)
    reporter.finish()
    doc = json.loads(out.getvalue())
    validate(doc)
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["tool"]["driver"]["rules"] == []
    assert doc["runs"][0]["properties"] == {"profile": "upstream", "checked": 4}
