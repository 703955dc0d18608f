"""GitHub annotations: exact lines, the runner's escaping, 10 of each level, errors first."""

from __future__ import annotations

import io
from pathlib import Path

from tests.reporters import rendered
from trailercheck.findings import WARNING, Finding, Result
from trailercheck.reporters.github import GithubReporter, escape_data, escape_property

SHA = "0123456789abcdef0123456789abcdef01234567"


def github(results: list[Result]) -> str:
    return rendered("github", results)


def test_file_and_commit_annotations() -> None:
    results = [
        Result(
            "COMMIT_EDITMSG",
            None,
            "misc: fastrpc: Fix map refcount",
            [
                Finding("S01", "prefix-missing", 1, "subject has no upstream-status prefix", "start with QCLINUX:"),
                Finding("T02", "trailer-key-case", 6, "Tested-By: should be written Tested-by:", severity=WARNING),
            ],
        ),
        Result(SHA[:12], SHA, "x", [Finding("O01", "signoff-missing", None, "no Signed-off-by: trailer")]),
        Result("-", None, "y", [Finding("L01", "link-missing", 1, "no Link: trailer")]),
    ]
    assert github(results) == (
        "::error file=COMMIT_EDITMSG,line=1,title=S01 prefix-missing::"
        "subject has no upstream-status prefix%0Afix: start with QCLINUX:\n"
        "::error title=O01 signoff-missing (commit 0123456789ab)::no Signed-off-by: trailer\n"
        "::error title=L01 link-missing (standard input)::no Link: trailer\n"
        "::warning file=COMMIT_EDITMSG,line=6,title=T02 trailer-key-case::Tested-By: should be written Tested-by:\n"
        "::notice title=trailercheck::trailercheck: 3 errors, 1 warning in 3 messages\n"
    )


def test_escaping_of_data_and_properties() -> None:
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    # Undecodable bytes are shown, never written as surrogates.
    assert escape_data("caf\udce9") == "caf\ufffd"


def test_a_message_cannot_start_a_command_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "odd, name: 50%.patch"
    path.write_text("")
    text = github(
        [
            Result(
                str(path),
                None,
                "s",
                [Finding("T03", "trailer-malformed", 4, "line reads\n::set-output name=x::y", "fix: it, now")],
            )
        ]
    )
    lines = text.splitlines()
    assert len(lines) == 2
    where = str(tmp_path)
    assert not set(where) & set(":,%\n")
    assert lines[0] == (
        f"::error file={where}/odd%2C name%3A 50%25.patch,line=4,title=T03 trailer-malformed::"
        "line reads%0A::set-output name=x::y%0Afix: fix: it, now"
    )


def test_the_nth_patch_of_a_file_points_at_the_file(tmp_path: Path) -> None:
    mbox = tmp_path / "series.mbox"
    mbox.write_text("")
    text = github([Result(f"{mbox}:2", None, "s", [Finding("L01", "link-missing", 1, "no Link: trailer")])])
    assert text.splitlines()[0] == f"::error file={mbox},line=1,title=L01 link-missing ({mbox}%3A2)::no Link: trailer"


def test_ten_of_each_level_errors_first_and_the_rest_counted() -> None:
    results = []
    for n in range(15):
        sha = f"{n:040x}"
        results.append(
            Result(
                sha[:12],
                sha,
                f"subject {n}",
                [
                    Finding("T02", "trailer-key-case", 5, f"warning {n}", severity=WARNING),
                    Finding("L01", "link-missing", 1, f"error {n}"),
                ],
            )
        )
    lines = github(results).splitlines()
    assert len(lines) == 21
    assert [line.split("::")[2] for line in lines[:10]] == [f"error {n}" for n in range(10)]
    assert [line.split("::")[2] for line in lines[10:20]] == [f"warning {n}" for n in range(10)]
    assert all(line.startswith("::error ") for line in lines[:10])
    assert all(line.startswith("::warning ") for line in lines[10:20])
    assert lines[20] == (
        "::notice title=trailercheck::trailercheck: 15 errors, 15 warnings in 15 messages; "
        "5 more errors and 5 more warnings are not annotated (GitHub shows 10 of each): "
        "the full list is in the step summary or the full report"
    )


def test_a_clean_run_is_one_notice() -> None:
    out = io.StringIO()
    reporter = GithubReporter(out, "qcom", False)
    reporter.add_clean(7)
    reporter.finish()
    assert out.getvalue() == "::notice title=trailercheck::trailercheck: 0 errors, 0 warnings in 7 messages\n"
