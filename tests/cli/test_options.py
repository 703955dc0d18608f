"""The fast argument parsers of ``msg`` and ``check`` (the typer application handles the rest)."""

from __future__ import annotations

import pytest

from trailercheck.cli.options import Options, parse_check_fast, parse_fast


def test_check_options_and_revisions() -> None:
    parsed = parse_check_fast(
        [
            "origin/qcom-next..HEAD",
            "--format=json",
            "-o",
            "out.json",
            "--profile",
            "android",
            "--select",
            "X01,X02",
            "--select=M01",
            "--ignore",
            "S01",
            "--strict",
            "--include-merges",
            "--target-branch",
            "qcom-6.18.y",
            "--baseline=origin/qcom-next",
            "--upstream",
            "torvalds/master",
            "-j",
            "3",
            "--repo",
            "/src/kernel",
            "--config",
            "tc.toml",
            "other",
        ]
    )
    assert parsed is not None
    opts, revisions, include_merges, jobs = parsed
    expected = Options(
        fmt="json",
        output="out.json",
        profile="android",
        config="tc.toml",
        select=["X01", "X02", "M01"],
        ignore=["S01"],
        strict=True,
        repo="/src/kernel",
        target_branch="qcom-6.18.y",
        baseline="origin/qcom-next",
        upstream="torvalds/master",
    )
    assert opts == expected
    assert revisions == ["origin/qcom-next..HEAD", "other"]
    assert include_merges is True
    assert jobs == 3


def test_check_defaults() -> None:
    assert parse_check_fast([]) == (Options(), [], False, None)
    assert parse_check_fast(["--jobs=1", "--", "HEAD"]) == (Options(), ["HEAD"], False, 1)


def test_check_revisions_after_double_dash_stay_revisions() -> None:
    # check_revisions() refuses them later, with one line; they never become options here.
    assert parse_check_fast(["--", "--output=/etc/passwd"]) == (Options(), ["--output=/etc/passwd"], False, None)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--fix"],  # a msg option, not a check option
        ["--jobs", "0"],
        ["-j", "many"],
        ["-j4"],
        ["--format", "sarif"],
        ["--strict=yes"],
        ["--include-merges=1"],
        ["--baseline"],
        ["-x"],
    ],
)
def test_check_leaves_to_the_full_cli(args: list[str]) -> None:
    assert parse_check_fast(args) is None


def test_msg_keeps_one_file() -> None:
    assert parse_fast(["--fix", "MSG"]) == (Options(fix=True), ["MSG"])
    assert parse_fast(["a", "b"]) is None
    assert parse_fast(["--include-merges"]) is None
