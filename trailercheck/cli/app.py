"""The full command line, built with typer.

Every command turns its arguments into :class:`Options` and hands them to
:mod:`trailercheck.cli.run`; the ``msg`` fast path builds the same Options
without this module.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from ..errors import UsageError
from ..reporters import DEFAULT_FORMAT, FORMATS, unknown_format
from .options import RULES_FORMATS, Options

app = typer.Typer(
    name="trailercheck",
    help="Check commit messages and their trailers for downstream Linux kernel trees.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FormatOpt = Annotated[str, typer.Option("--format", help=f"Output format: {', '.join(FORMATS)}.")]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", help="Write the report to FILE.")]
ProfileOpt = Annotated[str | None, typer.Option("--profile", help="qcom (default), android, chromeos or upstream.")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="Configuration file to use.")]
SelectOpt = Annotated[
    list[str] | None, typer.Option("--select", help="Enable rules (codes, names or prefixes; comma-separated).")
]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Disable rules (codes, names or prefixes).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail too.")]
RepoOpt = Annotated[str | None, typer.Option("--repo", help="The repository (default: the current directory).")]


def _options(
    fmt: str,
    output: str | None,
    profile: str | None,
    config: str | None,
    select: list[str] | None,
    ignore: list[str] | None,
    strict: bool,
    repo: str | None,
    fix: bool = False,
) -> Options:
    if fmt not in FORMATS:
        raise unknown_format(fmt)
    return Options(fmt, output, profile, config, select, ignore, strict, repo, fix)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"trailercheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check commit messages and their trailers for downstream Linux kernel trees."""


@app.command("msg")
def msg_cmd(
    file: Annotated[
        str, typer.Argument(help="The message file (the commit-msg hook's argument), or - for stdin.")
    ] = "-",
    fix: Annotated[bool, typer.Option("--fix", help="Rewrite what is mechanical, in place.")] = False,
    fmt: FormatOpt = DEFAULT_FORMAT,
    output: OutputOpt = None,
    profile: ProfileOpt = None,
    config: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
) -> None:
    """Check one commit message (the commit-msg hook)."""
    from .run import run_msg

    raise typer.Exit(run_msg(_options(fmt, output, profile, config, select, ignore, strict, repo, fix), file))


@app.command("check")
def check_cmd(
    revisions: Annotated[
        list[str] | None,
        typer.Argument(help="Revisions and ranges as git rev-list takes them (default: @{upstream}..HEAD, else HEAD)."),
    ] = None,
    include_merges: Annotated[bool, typer.Option("--include-merges", help="Check merge commits too.")] = False,
    target: Annotated[
        str | None,
        typer.Option(
            "--target-branch",
            help="Branch the commits are bound for; picks the branch policy "
            "(default: $GITHUB_BASE_REF, $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the upstream's name).",
        ),
    ] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="The integration branch, e.g. origin/qcom-next.")
    ] = None,
    upstream: Annotated[str | None, typer.Option("--upstream", help="Mainline, e.g. torvalds/master.")] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes for long ranges (default: one per CPU).")
    ] = None,
    fmt: FormatOpt = DEFAULT_FORMAT,
    output: OutputOpt = None,
    profile: ProfileOpt = None,
    config: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
) -> None:
    """Check the commits of a repository (the CI gate)."""
    from .run import run_check

    opts = _options(fmt, output, profile, config, select, ignore, strict, repo)
    opts.target_branch, opts.baseline, opts.upstream = target, baseline, upstream
    raise typer.Exit(run_check(opts, revisions or [], include_merges, jobs))


@app.command("index")
def index_cmd(
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="The integration branch, e.g. origin/qcom-next.")
    ] = None,
    upstream: Annotated[str | None, typer.Option("--upstream", help="Mainline, e.g. torvalds/master.")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start from scratch.")] = False,
    stats: Annotated[
        bool, typer.Option("--stats", help="Print per ref: tip, commits, how it was updated, time.")
    ] = False,
    config: ConfigOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Build or update the cross-reference index of the baseline and upstream refs (kept in the git directory)."""
    from .run import run_index

    opts = Options(config=config, repo=repo, baseline=baseline, upstream=upstream)
    raise typer.Exit(run_index(opts, rebuild, stats))


@app.command("patch")
def patch_cmd(
    files: Annotated[list[str], typer.Argument(help="format-patch files or mboxes.")],
    fmt: FormatOpt = DEFAULT_FORMAT,
    output: OutputOpt = None,
    profile: ProfileOpt = None,
    config: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
) -> None:
    """Check git format-patch files and mboxes (each mail of an mbox).

    Text before the first "From <commit> <date>" line (a licence header) and
    cover letters ([PATCH 0/N]) are skipped. A file with several patches is
    reported as FILE:1, FILE:2, ... counting only its patches: in a series
    mbox FILE:2 is [PATCH 2/N], with or without a cover letter before it.
    """
    from .run import run_patch

    raise typer.Exit(run_patch(_options(fmt, output, profile, config, select, ignore, strict, repo), files))


@app.command("parse")
def parse_cmd(
    files: Annotated[list[str] | None, typer.Argument(help="Message files, patches or mboxes; - for stdin.")] = None,
    rev_range: Annotated[
        list[str] | None, typer.Option("--range", help="Parse the commits of a revision range instead.")
    ] = None,
    repo: RepoOpt = None,
) -> None:
    """Print the parsed model as JSON, one line per message."""
    from .run import run_parse

    opts = Options(repo=repo)
    raise typer.Exit(run_parse(opts, files or [], rev_range or []))


@app.command("rules")
def rules_cmd(
    fmt: Annotated[
        str, typer.Option("--format", help="; ".join(f"{name}: {what}" for name, what in RULES_FORMATS.items()) + ".")
    ] = "text",
    profile: ProfileOpt = None,
    config: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    repo: RepoOpt = None,
) -> None:
    """List the rules: code, name, severity under the active profile and configuration, fixable."""
    from .run import run_rules

    if fmt not in RULES_FORMATS:
        raise UsageError(f"unknown format {fmt!r} for rules (choose from {', '.join(RULES_FORMATS)})")
    opts = Options(profile=profile, config=config, select=select, ignore=ignore, repo=repo)
    raise typer.Exit(run_rules(opts, fmt))


@app.command("explain")
def explain_cmd(
    rule: Annotated[str, typer.Argument(help="A rule code (T01) or name (trailer-block-blank-line).")],
    profile: ProfileOpt = None,
    config: ConfigOpt = None,
    repo: RepoOpt = None,
) -> None:
    """Explain one rule: what it checks, why, a bad and a good example, how to fix it."""
    from .run import run_explain

    raise typer.Exit(run_explain(Options(profile=profile, config=config, repo=repo), rule))


def run_app(args: list[str]) -> int:
    try:
        app(args=args, prog_name="trailercheck", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    return 0
