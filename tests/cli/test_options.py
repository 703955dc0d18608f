"""The option table, the fast argument parsers built from it, and the typer commands built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from trailercheck.cli.options import (
    COMMANDS,
    FLAG,
    Options,
    options_of,
    parse_args,
    parse_check_fast,
    parse_fast,
    parse_index_fast,
)
from trailercheck.cli.run import settings
from trailercheck.profiles import PROFILES


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
        ["--format", "sarif2"],
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


# -- one definition of every option ----------------------------------------------------------------

#: A valid value for each option that takes one (the fast parser refuses a bad --format or --jobs).
SAMPLES = {"fmt": "json", "jobs": "2", "rev_range": "v6.6..v6.7"}
#: Positional arguments each command needs.
ARGUMENTS = {"patch": ["0001-fix.patch"], "explain": ["T01"]}


def _typer_options(command: str) -> dict[str, bool]:
    """Every flag the typer command takes, and whether it is an on/off flag (no value)."""
    import typer.main

    from trailercheck.cli.app import app

    cmd = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    return {
        flag: bool(param.is_flag)
        for param in cmd.params
        if param.param_type_name == "option"
        for flag in (*param.opts, *param.secondary_opts)
    }


def _typer_values(command: str, args: list[str]) -> dict[str, object]:
    import typer.main

    from trailercheck.cli.app import app

    cmd = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    params = dict(cmd.make_context(command, [*args, *ARGUMENTS.get(command, [])]).params)
    for name in ("file", "files", "revisions", "rule", "remote", "url"):
        params.pop(name, None)
    return {k: list(v) if isinstance(v, tuple | list) else v for k, v in params.items()}


def _every_option(command: str) -> list[str]:
    args: list[str] = []
    for spec in COMMANDS[command]:
        args += [spec.flags[-1]] if spec.kind == FLAG else [spec.flags[-1], SAMPLES.get(spec.attr, f"<{spec.attr}>")]
    return args


ALL_FLAGS = sorted({flag for specs in COMMANDS.values() for spec in specs for flag in spec.flags})


@pytest.mark.parametrize(
    "command", ["msg", "check", "patch", "index", "parse", "pre-push", "install-hook", "uninstall-hook"]
)
def test_fast_parser_and_typer_take_the_same_options(command: str) -> None:
    typer_options = _typer_options(command)
    assert "--help" not in typer_options  # click adds it at parse time; the fast parser leaves it to typer
    accepted = {}
    for flag in ALL_FLAGS:
        if parse_args(command, [flag]) is not None:
            accepted[flag] = True
        elif parse_args(command, [flag, "2" if flag in ("-j", "--jobs") else "json"]) is not None:
            accepted[flag] = False
    # The same flags, each taking a value in both or in neither.
    assert accepted == typer_options
    assert parse_args(command, ["--help"]) is None
    assert parse_args(command, ["--no-such-option"]) is None


@pytest.mark.parametrize(
    "command",
    ["msg", "check", "patch", "index", "parse", "rules", "explain", "pre-push", "install-hook", "uninstall-hook"],
)
def test_fast_parser_and_typer_give_the_same_values(command: str) -> None:
    args = _every_option(command)
    parsed = parse_args(command, args)
    assert parsed is not None
    values, positional = parsed
    assert positional == []
    assert values == _typer_values(command, args)
    assert values.keys() == {spec.attr for spec in COMMANDS[command]}
    # ... and the same defaults.
    defaults = parse_args(command, [])
    assert defaults is not None
    assert defaults[0] == _typer_values(command, [])


def test_the_fast_commands_read_the_table() -> None:
    assert parse_fast(["--format", "json", "MSG"]) == (Options(fmt="json"), ["MSG"])
    assert parse_index_fast(["--stats", "--baseline=origin/qcom-next"]) == (
        Options(baseline="origin/qcom-next"),
        False,
        True,
    )
    assert parse_index_fast(["HEAD"]) is None  # index takes no arguments
    assert parse_index_fast(["--stats=1"]) is None


def test_pre_push_takes_the_remote_and_its_url() -> None:
    parsed = parse_args("pre-push", ["--pre-commit", "origin", "ssh://review.example.com/kernel"])
    assert parsed is not None
    values, positional = parsed
    assert positional == ["origin", "ssh://review.example.com/kernel"]
    assert values["pre_commit"] is True
    assert options_of(values) == Options()
    assert parse_args("pre-push", ["origin", "url", "more"]) is None
    assert parse_args("pre-push", ["--format", "json"]) is None  # the report goes to the terminal
    assert parse_args("install-hook", ["--pre-push", "--force"]) == (
        {"pre_push": True, "force": True, "repo": None},
        [],
    )


# -- options are read, never written -------------------------------------------------------------


def test_options_are_read_only() -> None:
    opts = Options(select=["X01,X02"])
    with pytest.raises(AttributeError, match="read-only"):
        opts.profile = "android"  # type: ignore[misc]
    assert opts.select == ("X01", "X02")
    assert opts.replace(profile="android") == Options(profile="android", select=["X01", "X02"])
    assert opts.profile is None


def test_settings_resolve_the_configuration_without_touching_the_options(tmp_path: Path) -> None:
    config = tmp_path / "tc.toml"
    config.write_text('profile = "upstream"\nstrict = true\n')
    opts = Options(config=str(config), repo=str(tmp_path))
    run = settings(opts)
    assert (run.profile, run.strict, run.repo, run.fmt) == ("upstream", True, str(tmp_path), "text")
    assert run.ctx.profile is PROFILES["upstream"]
    assert opts == Options(config=str(config), repo=str(tmp_path))  # profile still None, strict still False
    with pytest.raises(AttributeError, match="read-only"):
        run.strict = False  # type: ignore[misc]
    # The command line wins over the configuration.
    assert settings(opts.replace(profile="android")).profile == "android"


def test_check_and_patch_take_the_archive_options() -> None:
    args = ["--online", "--lore-url", "http://127.0.0.1:8080/linux-arm-msm", "--archive=/srv/lore/linux-arm-msm"]
    parsed = parse_check_fast([*args, "HEAD^!"])
    assert parsed is not None
    opts = parsed[0]
    assert (opts.online, opts.lore_url, opts.archive) == (
        True,
        "http://127.0.0.1:8080/linux-arm-msm",
        "/srv/lore/linux-arm-msm",
    )
    patch = parse_args("patch", [*args, "0001.patch"])
    assert patch is not None and options_of(patch[0]) == opts.replace(fmt=opts.fmt)
    assert patch[1] == ["0001.patch"]
