"""The full command line, built with typer.

Every command's options come from :data:`trailercheck.cli.options.COMMANDS`,
the same table the fast parser of ``msg``, ``check`` and ``index`` reads; each
command turns them into :class:`Options` and hands them to
:mod:`trailercheck.cli.run`.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from .. import __version__
from ..errors import OutputClosed, UsageError
from ..reporters import DEFAULT_FORMAT, FORMATS, unknown_format
from .options import COMMANDS, COUNT, FLAG, LIST, RULES_FORMATS, Options, Spec, options_of

app = typer.Typer(
    name="trailercheck",
    help="Check commit messages and their trailers for downstream Linux kernel trees.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Values = dict[str, object]


def _annotation(spec: Spec) -> object:
    """The typer declaration of one option of :mod:`trailercheck.cli.options`."""
    if spec.kind == FLAG:
        return Annotated[bool, typer.Option(*spec.flags, help=spec.help)]
    if spec.kind == LIST:
        return Annotated[list[str] | None, typer.Option(*spec.flags, help=spec.help)]
    if spec.kind == COUNT:
        return Annotated[int | None, typer.Option(*spec.flags, min=1, help=spec.help)]
    if spec.default is None:
        return Annotated[str | None, typer.Option(*spec.flags, help=spec.help)]
    return Annotated[str, typer.Option(*spec.flags, help=spec.help)]


def command(name: str) -> Callable[[Callable[..., int]], Callable[..., None]]:
    """Register ``fn`` as command ``name``, with the options :data:`COMMANDS` gives it.

    ``fn`` declares only the command's arguments and a keyword ``values``: the
    options' values by attribute, as the fast parser gives them.
    """

    def register(fn: Callable[..., int]) -> Callable[..., None]:
        arguments = [p for p in inspect.signature(fn, eval_str=True).parameters.values() if p.name != "values"]
        keyword = inspect.Parameter.KEYWORD_ONLY
        options = [
            inspect.Parameter(spec.attr, keyword, default=spec.default, annotation=_annotation(spec))
            for spec in COMMANDS[name]
        ]

        def run(**given: object) -> None:
            args = {p.name: given.pop(p.name) for p in arguments}
            try:
                status = fn(**args, values=given)
            except BrokenPipeError:  # not typer's (exit 1): the command line's, with the status of the run
                raise OutputClosed(0) from None
            raise typer.Exit(status)

        params = arguments + options
        setattr(run, "__signature__", inspect.Signature(params))  # noqa: B010
        run.__annotations__ = {p.name: p.annotation for p in params}
        run.__doc__ = fn.__doc__
        run.__name__ = fn.__name__
        app.command(name)(run)
        return run

    return register


def _options(values: Values) -> Options:
    fmt = values["fmt"]
    if fmt not in FORMATS:
        raise unknown_format(str(fmt))
    return options_of(values)


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


@command("msg")
def msg_cmd(
    file: Annotated[
        str, typer.Argument(help="The message file (the commit-msg hook's argument), or - for stdin.")
    ] = "-",
    *,
    values: Values,
) -> int:
    """Check one commit message (the commit-msg hook)."""
    from .run import run_msg

    return run_msg(_options(values), file)


@command("check")
def check_cmd(
    revisions: Annotated[
        list[str] | None,
        typer.Argument(help="Revisions and ranges as git rev-list takes them (default: @{upstream}..HEAD, else HEAD)."),
    ] = None,
    *,
    values: Values,
) -> int:
    """Check the commits of a repository (the CI gate)."""
    from .run import run_check

    jobs = values["jobs"]
    return run_check(_options(values), revisions or [], bool(values["include_merges"]), jobs)  # type: ignore[arg-type]


@command("index")
def index_cmd(*, values: Values) -> int:
    """Build or update the cross-reference index of the baseline and upstream refs (kept in the git directory)."""
    from .indexing import run_index

    return run_index(options_of(values), bool(values["rebuild"]), bool(values["stats"]))


@command("patch")
def patch_cmd(
    files: Annotated[list[str], typer.Argument(help="format-patch files or mboxes.")],
    *,
    values: Values,
) -> int:
    """Check git format-patch files and mboxes (each mail of an mbox).

    Text before the first "From <commit> <date>" line (a licence header) and
    cover letters ([PATCH 0/N]) are skipped. A file with several patches is
    reported as FILE:1, FILE:2, ... counting only its patches: in a series
    mbox FILE:2 is [PATCH 2/N], with or without a cover letter before it.
    """
    from .run import run_patch

    return run_patch(_options(values), files)


@command("parse")
def parse_cmd(
    files: Annotated[list[str] | None, typer.Argument(help="Message files, patches or mboxes; - for stdin.")] = None,
    *,
    values: Values,
) -> int:
    """Print the parsed model as JSON, one line per message."""
    from .run import run_parse

    ranges = values["rev_range"] or []
    return run_parse(options_of(values), files or [], ranges)  # type: ignore[arg-type]


@command("rules")
def rules_cmd(*, values: Values) -> int:
    """List the rules: code, name, severity under the active profile and configuration, fixable."""
    from .run import run_rules

    fmt = str(values["fmt"])
    if fmt not in RULES_FORMATS:
        raise UsageError(f"unknown format {fmt!r} for rules (choose from {', '.join(RULES_FORMATS)})")
    return run_rules(options_of({**values, "fmt": DEFAULT_FORMAT}), fmt)


@command("explain")
def explain_cmd(
    rule: Annotated[str, typer.Argument(help="A rule code (T01) or name (trailer-block-blank-line).")],
    *,
    values: Values,
) -> int:
    """Explain one rule: what it checks, why, a bad and a good example, how to fix it."""
    from .run import run_explain

    return run_explain(options_of(values), rule)


@command("pre-push")
def pre_push_cmd(
    remote: Annotated[str | None, typer.Argument(help="The remote's name or URL (git gives it to the hook).")] = None,
    url: Annotated[str | None, typer.Argument(help="The remote's URL (git gives it to the hook).")] = None,
    *,
    values: Values,
) -> int:
    """Check the commits a push sends (the pre-push hook); exit 1 refuses the push.

    Reads git's ref lines on standard input: a deleted ref is skipped, an
    updated one is checked from the remote's tip, a new branch from where the
    remote's tracking refs leave off. With --pre-commit, checks
    $PRE_COMMIT_FROM_REF..$PRE_COMMIT_TO_REF instead.
    """
    from .prepush import run_pre_push

    args = [a for a in (remote, url) if a is not None]
    jobs = values["jobs"]
    return run_pre_push(
        options_of(values),
        args,
        bool(values["pre_commit"]),
        bool(values["include_merges"]),
        jobs,  # type: ignore[arg-type]
    )


@command("install-hook")
def install_hook_cmd(*, values: Values) -> int:
    """Install trailercheck as the repository's commit-msg hook (--pre-push: its pre-push hook).

    The hook goes where git runs hooks from (core.hooksPath, worktrees and
    submodules included). A hook trailercheck did not write is kept: without
    --force nothing is changed; with --force it is moved aside and chained
    (it runs first, with the same arguments and input).
    """
    from .hooks import COMMIT_MSG, PRE_PUSH, install

    hook = PRE_PUSH if values["pre_push"] else COMMIT_MSG
    typer.echo(install(values["repo"], hook, bool(values["force"])))  # type: ignore[arg-type]
    return 0


@command("uninstall-hook")
def uninstall_hook_cmd(*, values: Values) -> int:
    """Remove trailercheck's commit-msg hook (--pre-push: its pre-push hook) and restore the hook it chained."""
    from .hooks import COMMIT_MSG, PRE_PUSH, uninstall

    hook = PRE_PUSH if values["pre_push"] else COMMIT_MSG
    typer.echo(uninstall(values["repo"], hook))  # type: ignore[arg-type]
    return 0


@command("fix")
def fix_cmd(
    revision_range: Annotated[
        str | None,
        typer.Argument(
            metavar="RANGE",
            help="BASE..TIP (TIP: HEAD or a branch; BASE alone means BASE..HEAD); "
            "default: @{upstream}..HEAD, else <baseline>..HEAD.",
        ),
    ] = None,
    *,
    values: Values,
) -> int:
    """Rewrite the messages of a range of commits with every certain fix; trees, people and dates stay.

    The branch (or a detached HEAD) is moved only if it still points where it
    did, and its old tip is kept as refs/trailercheck/backup/<branch>. Refuses
    merges, published commits (unless --force), a dirty index and a rebase,
    merge or cherry-pick in progress.
    """
    from .fixrange import run_fix

    return run_fix(options_of(values), revision_range, bool(values["dry_run"]), bool(values["force"]))


def run_app(args: list[str]) -> int:
    """Run the command line ``args``; its exit status. A usage error is one line on standard error."""
    try:
        status = app(args=args, prog_name="trailercheck", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    except Exception as exc:
        # click's exceptions (typer may bring its own copy of click: known by name, not by class)
        kinds = {cls.__name__ for cls in type(exc).__mro__}
        if "NoArgsIsHelpError" in kinds:  # no command, or none of its arguments: the help, as before
            exc.show()  # type: ignore[attr-defined]
            return int(exc.exit_code)  # type: ignore[attr-defined]
        if "Abort" in kinds:
            sys.stderr.write("Aborted!\n")
            return 1
        if "ClickException" not in kinds:
            raise
        message = exc.format_message()  # type: ignore[attr-defined]
        ctx = getattr(exc, "ctx", None)
        if "UsageError" in kinds and ctx is not None:
            message = f"{message} (see '{ctx.command_path} -h')"
        raise UsageError(message) from None
    return status if isinstance(status, int) else 0
