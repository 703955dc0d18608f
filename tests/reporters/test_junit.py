"""JUnit XML: exact for a small run, read back by junitparser, counts right, any text escaped."""

from __future__ import annotations

from pathlib import Path

from junitparser import Failure, JUnitXml

from tests.reporters import rendered
from trailercheck.findings import WARNING, Finding, Result

SHA = "0123456789abcdef0123456789abcdef01234567"
BLANK = Finding("T01", "trailer-block-blank-line", 7, "blank line in the trailer block", "remove line 7")
CASE = Finding(
    "T02", "trailer-key-case", 9, "Tested-By: should be written Tested-by:", "write 'Tested-by:'", severity=WARNING
)


def junit(results: list[Result], profile: str = "qcom") -> str:
    return rendered("junit", results, profile)


def test_small_run_exactly() -> None:
    text = junit(
        [Result("aaaaaaaaaaaa", "a" * 40, "QCLINUX: misc: ok", []), Result(SHA[:12], SHA, "misc: x", [BLANK, CASE])]
    )
    assert text == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="trailercheck" tests="2" failures="1" errors="0" skipped="0">\n'
        '  <testsuite name="trailercheck" tests="2" failures="1" errors="0" skipped="0">\n'
        "    <properties>\n"
        '      <property name="profile" value="qcom"/>\n'
        "    </properties>\n"
        '    <testcase classname="qcom" name="aaaaaaaaaaaa QCLINUX: misc: ok"/>\n'
        '    <testcase classname="qcom" name="0123456789ab misc: x">\n'
        '      <failure message="T01 trailer-block-blank-line: blank line in the trailer block" type="T01">'
        "line 7: T01 trailer-block-blank-line: blank line in the trailer block\nfix: remove line 7</failure>\n"
        "      <system-out>warning: line 9: T02 trailer-key-case: Tested-By: should be written Tested-by:\n"
        "fix: write 'Tested-by:'</system-out>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def test_junitparser_reads_every_message_and_every_error(tmp_path: Path) -> None:
    odd = Finding(
        "T03",
        "trailer-malformed",
        4,
        'Reported-by: "Bob <b>" & co\x00\x1b[1m \udce9',
        "write it <so>",
    )
    results = [
        Result("0001-a.patch", None, 'fix <tags> & "quotes"', [BLANK, odd]),
        Result("0002-b.patch", None, "clean", []),
        Result("0003-c.patch", None, "warned", [CASE]),
    ]
    path = tmp_path / "junit.xml"
    path.write_text(junit(results, profile="android"))
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    assert (suite.name, suite.tests, suite.failures, suite.errors) == ("trailercheck", 3, 2, 0)
    cases = list(suite)
    assert [(c.classname, c.name) for c in cases] == [
        ("android", '0001-a.patch fix <tags> & "quotes"'),
        ("android", "0002-b.patch clean"),
        ("android", "0003-c.patch warned"),
    ]
    failures = [r for r in cases[0].result if isinstance(r, Failure)]
    assert [(f.type, f.message) for f in failures] == [
        ("T01", "T01 trailer-block-blank-line: blank line in the trailer block"),
        ("T03", 'T03 trailer-malformed: Reported-by: "Bob <b>" & co[1m \ufffd'),
    ]
    assert failures[1].text == (
        'line 4: T03 trailer-malformed: Reported-by: "Bob <b>" & co[1m \ufffd\nfix: write it <so>'
    )
    assert cases[1].is_passed and cases[2].is_passed
    warned = "warning: line 9: T02 trailer-key-case: Tested-By: should be written Tested-by:\nfix: write 'Tested-by:'"
    assert cases[2].system_out == warned
    suite.update_statistics()
    assert (suite.tests, suite.failures) == (3, 2)  # the counts written are the ones junitparser derives


def test_no_message_is_an_empty_suite(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(junit([]))
    suite = next(iter(JUnitXml.fromfile(str(path))))
    assert (suite.tests, suite.failures) == (0, 0)
    assert list(suite) == []
