"""Every option of every command, declared once, and the hook's fast argument parser.

:data:`COMMANDS` says which options each command takes; :class:`Spec` says
everything about one option (flags, what it sets, its kind, default and
help). The typer application (:mod:`trailercheck.cli.app`) builds its
commands from these specs, and so does the fast parser below.

``trailercheck msg`` runs on every ``git commit`` and ``check`` on every
push; both parse their options here, without importing the CLI framework
(whose import alone takes longer than checking a short range). Anything
this parser does not understand (``--help``, a typo) falls back to the full
typer application, which reports it properly.
"""

from __future__ import annotations

from ..profiles import DEFAULT_PROFILE
from ..reporters import DEFAULT_FORMAT, FORMATS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


class Options:
    """What the command line said; read-only (the run's resolved settings live in ``run.Settings``)."""

    __slots__ = (
        "archive",
        "baseline",
        "color",
        "config",
        "fix",
        "fmt",
        "ignore",
        "lore_url",
        "online",
        "output",
        "profile",
        "repo",
        "reports",
        "select",
        "strict",
        "target_branch",
        "upstream",
    )

    fmt: str
    output: str | None
    profile: str | None
    config: str | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    strict: bool
    repo: str | None
    fix: bool
    color: bool | None
    target_branch: str | None
    baseline: str | None
    upstream: str | None
    reports: tuple[str, ...]
    online: bool
    lore_url: str | None
    archive: str | None

    def __init__(
        self,
        fmt: str = DEFAULT_FORMAT,
        output: str | None = None,
        profile: str | None = None,
        config: str | None = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        strict: bool = False,
        repo: str | None = None,
        fix: bool = False,
        color: bool | None = None,
        target_branch: str | None = None,
        baseline: str | None = None,
        upstream: str | None = None,
        reports: Iterable[str] | None = None,
        online: bool = False,
        lore_url: str | None = None,
        archive: str | None = None,
    ) -> None:
        values = {
            "fmt": fmt,
            "output": output,
            "profile": profile,
            "config": config,
            "select": tuple(split_list(select or [])),
            "ignore": tuple(split_list(ignore or [])),
            "strict": strict,
            "repo": repo,
            "fix": fix,
            "color": color,
            "target_branch": target_branch,
            "baseline": baseline,
            "upstream": upstream,
            "reports": tuple(reports or ()),
            "online": online,
            "lore_url": lore_url,
            "archive": archive,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Options are read-only (cannot set {name})")

    def replace(self, **changes: object) -> Options:
        """A copy with some values changed."""
        values: dict[str, object] = {s: getattr(self, s) for s in self.__slots__}
        values.update(changes)
        return Options(**values)  # type: ignore[arg-type]

    @property
    def profile_name(self) -> str:
        return self.profile or DEFAULT_PROFILE

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Options) and all(getattr(self, s) == getattr(other, s) for s in self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, s) for s in self.__slots__))

    def __repr__(self) -> str:
        return "Options(" + ", ".join(f"{s}={getattr(self, s)!r}" for s in self.__slots__) + ")"


def split_list(values: Iterable[str]) -> list[str]:
    """``--select A,B --select C`` gives ``[A, B, C]``."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


#: ``rules --format``: the rule catalogue's own formats (findings have theirs in :data:`FORMATS`).
RULES_FORMATS = {
    "text": "the table",
    "json": "the table as JSON",
    "docs": "the docs/rules.md page, in Markdown",
}

#: Kinds of option: a string, a repeatable string, an integer of at least 1, an on/off flag.
TEXT, LIST, COUNT, FLAG = "text", "list", "count", "flag"


class Spec:
    """One option: its flags, the attribute it sets, its kind, default and help."""

    __slots__ = ("attr", "choices", "default", "flags", "help", "kind")

    def __init__(
        self,
        attr: str,
        flags: tuple[str, ...],
        help: str,
        kind: str = TEXT,
        default: object = None,
        choices: Iterable[str] | None = None,
    ) -> None:
        self.attr = attr
        self.flags = flags
        self.help = help
        self.kind = kind
        self.default = False if kind == FLAG else default
        #: The values the option accepts, when it names one of a few; the commands report any other.
        self.choices = tuple(choices) if choices is not None else None


FORMAT = Spec("fmt", ("--format",), f"Output format: {', '.join(FORMATS)}.", default=DEFAULT_FORMAT, choices=FORMATS)
OUTPUT = Spec("output", ("--output", "-o"), "Write the report to FILE.")
REPORT = Spec(
    "reports",
    ("--report",),
    "Also write FORMAT to PATH (FORMAT=PATH, - for standard output); repeatable.",
    LIST,
)
PROFILE = Spec("profile", ("--profile",), "qcom (default), android, chromeos or upstream.")
CONFIG = Spec("config", ("--config",), "Configuration file to use.")
SELECT = Spec("select", ("--select",), "Enable rules (codes, names or prefixes; comma-separated).", LIST)
IGNORE = Spec("ignore", ("--ignore",), "Disable rules (codes, names or prefixes; comma-separated).", LIST)
STRICT = Spec("strict", ("--strict",), "Warnings fail too.", FLAG)
REPO = Spec("repo", ("--repo",), "The repository (default: the current directory).")
FIX = Spec("fix", ("--fix",), "Rewrite what is mechanical, in place.", FLAG)
INCLUDE_MERGES = Spec("include_merges", ("--include-merges",), "Check merge commits too.", FLAG)
TARGET_BRANCH = Spec(
    "target_branch",
    ("--target-branch",),
    "Branch the commits are bound for; picks the branch policy "
    "(default: $GITHUB_BASE_REF, $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the upstream's name).",
)
BASELINE = Spec("baseline", ("--baseline",), "The integration branch, e.g. origin/qcom-next.")
UPSTREAM = Spec("upstream", ("--upstream",), "Mainline, e.g. torvalds/master.")
JOBS = Spec("jobs", ("--jobs", "-j"), "Worker processes for long ranges (default: one per CPU).", COUNT)
REBUILD = Spec("rebuild", ("--rebuild",), "Start from scratch.", FLAG)
STATS = Spec("stats", ("--stats",), "Print per ref: tip, commits, how it was updated, time.", FLAG)
RANGE = Spec("rev_range", ("--range",), "Parse the commits of a revision range instead.", LIST)
PRE_COMMIT = Spec(
    "pre_commit",
    ("--pre-commit",),
    "Check $PRE_COMMIT_FROM_REF..$PRE_COMMIT_TO_REF as pre-commit sets them (else check's default range), "
    "not the ref lines git gives on standard input.",
    FLAG,
)
PRE_PUSH = Spec("pre_push", ("--pre-push",), "The pre-push hook instead of the commit-msg hook.", FLAG)
FORCE = Spec(
    "force",
    ("--force",),
    "Chain an existing hook trailercheck did not write (it is moved aside and runs first); "
    "allow a core.hooksPath outside the repository.",
    FLAG,
)
DRY_RUN = Spec("dry_run", ("--dry-run",), "Print the message diff of each commit; change nothing.", FLAG)
FORCE_PUBLISHED = Spec(
    "force",
    ("--force",),
    "Rewrite commits that are published too (in the baseline or upstream, or on another remote-tracking branch).",
    FLAG,
)
ONLINE = Spec(
    "online", ("--online",), "Fetch the posting of each Link: and compare it with the commit (V rules).", FLAG
)
LORE_URL = Spec(
    "lore_url",
    ("--lore-url",),
    "The archive --online asks (default: https://lore.kernel.org, its /all inbox; a URL with a path is one inbox).",
)
ARCHIVE = Spec(
    "archive",
    ("--archive",),
    "A local public-inbox v2 mirror to read the postings from, with no network (turns the V rules on).",
)
RULES_FORMAT = Spec(
    "fmt",
    ("--format",),
    "; ".join(f"{name}: {what}" for name, what in RULES_FORMATS.items()) + ".",
    default="text",
    choices=RULES_FORMATS,
)

#: What a hook's check reads from the configuration and the command line (the report goes to the terminal).
HOOK_CHECKING = (PROFILE, CONFIG, SELECT, IGNORE, STRICT, REPO)

#: What the report commands share.
REPORTING = (FORMAT, OUTPUT, REPORT, PROFILE, CONFIG, SELECT, IGNORE, STRICT, REPO)

#: Where the postings behind the links come from (``check`` and ``patch``).
VERIFYING = (ONLINE, LORE_URL, ARCHIVE)

#: command -> its options, in the order ``--help`` lists them.
COMMANDS: dict[str, tuple[Spec, ...]] = {
    "msg": (FIX, *REPORTING),
    "check": (INCLUDE_MERGES, TARGET_BRANCH, BASELINE, UPSTREAM, JOBS, *REPORTING, *VERIFYING),
    "index": (BASELINE, UPSTREAM, REBUILD, STATS, CONFIG, REPO),
    "patch": (*REPORTING, *VERIFYING),
    "parse": (RANGE, REPO),
    "rules": (RULES_FORMAT, PROFILE, CONFIG, SELECT, IGNORE, REPO),
    "explain": (PROFILE, CONFIG, REPO),
    "pre-push": (PRE_COMMIT, INCLUDE_MERGES, TARGET_BRANCH, BASELINE, UPSTREAM, JOBS, *HOOK_CHECKING),
    "install-hook": (PRE_PUSH, FORCE, REPO),
    "uninstall-hook": (PRE_PUSH, REPO),
    "fix": (DRY_RUN, FORCE_PUBLISHED, TARGET_BRANCH, BASELINE, UPSTREAM, PROFILE, CONFIG, SELECT, IGNORE, REPO),
}

#: command -> how many positional arguments the fast parser takes (None: any number).
POSITIONAL: dict[str, int | None] = {"msg": 1, "check": None, "index": 0, "pre-push": 2}


def options_of(values: dict[str, object]) -> Options:
    """The :class:`Options` among parsed values (the rest are the command's own, e.g. ``--jobs``)."""
    return Options(**{k: v for k, v in values.items() if k in Options.__slots__})  # type: ignore[arg-type]


def parse_args(command: str, args: list[str]) -> tuple[dict[str, object], list[str]] | None:
    """The values of ``command``'s options (every one, defaults included) and its positional arguments.

    None when only the full CLI can tell: ``--help``, an unknown option, a bad value.
    """
    specs = COMMANDS[command]
    by_flag = {flag: spec for spec in specs for flag in spec.flags}
    values: dict[str, object] = {spec.attr: [] if spec.kind == LIST else spec.default for spec in specs}
    positional: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            positional.extend(args[i:])
            break
        if arg == "-" or not arg.startswith("-"):
            positional.append(arg)
            continue
        name, eq, inline = arg.partition("=")
        spec = by_flag.get(name)
        if spec is None:
            return None
        if spec.kind == FLAG:
            if eq:
                return None
            values[spec.attr] = True
            continue
        if eq:
            value = inline
        elif i < len(args):
            value = args[i]
            i += 1
        else:
            return None
        if spec.choices is not None and value not in spec.choices:  # the full CLI says why
            return None
        if spec.kind == LIST:
            values[spec.attr].append(value)  # type: ignore[attr-defined]
        elif spec.kind == COUNT:
            if not (value.isdigit() and int(value) >= 1):
                return None
            values[spec.attr] = int(value)
        else:
            values[spec.attr] = value
    most = POSITIONAL.get(command)
    if most is not None and len(positional) > most:
        return None
    return values, positional


def parse_fast(args: list[str]) -> tuple[Options, list[str]] | None:
    """Options and positional arguments of ``msg``; None when only the full CLI can tell."""
    parsed = parse_args("msg", args)
    if parsed is None:
        return None
    return options_of(parsed[0]), parsed[1]


def parse_check_fast(args: list[str]) -> tuple[Options, list[str], bool, int | None] | None:
    """``(options, revisions, include_merges, jobs)`` of ``check``; None when only the full CLI can tell."""
    parsed = parse_args("check", args)
    if parsed is None:
        return None
    values, revisions = parsed
    return options_of(values), revisions, bool(values["include_merges"]), values["jobs"]  # type: ignore[return-value]


def parse_index_fast(args: list[str]) -> tuple[Options, bool, bool] | None:
    """``(options, rebuild, stats)`` of ``index``; None when only the full CLI can tell (``--help``, a typo)."""
    parsed = parse_args("index", args)
    if parsed is None:
        return None
    values = parsed[0]
    return options_of(values), bool(values["rebuild"]), bool(values["stats"])
