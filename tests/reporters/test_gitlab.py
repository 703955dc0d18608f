"""GitLab Code Quality: exact for a small run, GitLab's severities, a line for every issue."""

from __future__ import annotations

import json

from tests.reporters import rendered
from trailercheck.findings import WARNING, Finding, Result
from trailercheck.reporters import fingerprints

SHA = "0123456789abcdef0123456789abcdef01234567"
BLANK = Finding("T01", "trailer-block-blank-line", 7, "blank line in the trailer block", "remove line 7")
CASE = Finding("T02", "trailer-key-case", 9, "Tested-By: should be written Tested-by:", severity=WARNING)
NO_SIGNOFF = Finding("O01", "signoff-missing", None, "no Signed-off-by: trailer")


def gitlab(results: list[Result]) -> str:
    return rendered("gitlab", results)


def test_small_run_exactly() -> None:
    commit = Result(SHA[:12], SHA, "misc: x", [BLANK])
    text = gitlab([Result("0001-a.patch", None, "clean", []), commit])
    fingerprint = fingerprints(commit)[0]
    assert text == (
        "[\n"
        '  {"description": "T01 trailer-block-blank-line: blank line in the trailer block (fix: remove line 7)", '
        f'"check_name": "T01", "fingerprint": "{fingerprint}", "severity": "major", '
        f'"location": {{"path": "{SHA}.commit-message", "lines": {{"begin": 7}}}}}}\n'
        "]\n"
    )


def test_files_warnings_and_findings_without_a_line() -> None:
    issues = json.loads(gitlab([Result("patches/0001-a.patch", None, "s", [NO_SIGNOFF, CASE, CASE])]))
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("O01", "major", {"path": "patches/0001-a.patch", "lines": {"begin": 1}}),
        ("T02", "minor", {"path": "patches/0001-a.patch", "lines": {"begin": 9}}),
        ("T02", "minor", {"path": "patches/0001-a.patch", "lines": {"begin": 9}}),
    ]
    assert len({i["fingerprint"] for i in issues}) == 3  # a repeated finding is still its own issue


def test_nothing_found_is_an_empty_array() -> None:
    assert gitlab([Result("MSG", None, "s", [])]) == "[]\n"
    assert json.loads(gitlab([])) == []
