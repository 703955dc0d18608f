"""Options shared by every command, and the hook's fast argument parser.

``trailercheck msg`` runs on every ``git commit`` and ``check`` on every
push; both parse their options here, without importing the CLI framework
(whose import alone takes longer than checking a short range). Anything
this parser does not understand (``--help``, a typo) falls back to the full
typer application, which reports it properly.
"""

from __future__ import annotations

from ..profiles import DEFAULT_PROFILE
from ..reporters import DEFAULT_FORMAT, FORMATS


class Options:
    __slots__ = (
        "baseline",
        "color",
        "config",
        "fix",
        "fmt",
        "ignore",
        "output",
        "profile",
        "repo",
        "select",
        "strict",
        "target_branch",
        "upstream",
    )

    def __init__(
        self,
        fmt: str = DEFAULT_FORMAT,
        output: str | None = None,
        profile: str | None = None,
        config: str | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        strict: bool = False,
        repo: str | None = None,
        fix: bool = False,
        color: bool | None = None,
        target_branch: str | None = None,
        baseline: str | None = None,
        upstream: str | None = None,
    ) -> None:
        self.fmt = fmt
        self.output = output
        self.profile = profile
        self.config = config
        self.select = split_list(select or [])
        self.ignore = split_list(ignore or [])
        self.strict = strict
        self.repo = repo
        self.fix = fix
        self.color = color
        self.target_branch = target_branch
        self.baseline = baseline
        self.upstream = upstream

    @property
    def profile_name(self) -> str:
        return self.profile or DEFAULT_PROFILE

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Options) and all(getattr(self, s) == getattr(other, s) for s in self.__slots__)

    def __repr__(self) -> str:
        return "Options(" + ", ".join(f"{s}={getattr(self, s)!r}" for s in self.__slots__) + ")"


def split_list(values: list[str]) -> list[str]:
    """``--select A,B --select C`` gives ``[A, B, C]``."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


#: option -> (attribute, takes a value)
VALUE_OPTIONS = {
    "--format": "fmt",
    "--output": "output",
    "-o": "output",
    "--profile": "profile",
    "--config": "config",
    "--select": "select",
    "--ignore": "ignore",
    "--repo": "repo",
}
FLAG_OPTIONS = {"--strict": "strict", "--fix": "fix"}

#: ``rules --format``: the rule catalogue's own formats (findings have theirs in :data:`FORMATS`).
RULES_FORMATS = {
    "text": "the table",
    "json": "the table as JSON",
    "docs": "the docs/rules.md page, in Markdown",
}


#: ``check`` options beyond the shared ones.
CHECK_VALUE_OPTIONS = {
    **VALUE_OPTIONS,
    "--target-branch": "target_branch",
    "--baseline": "baseline",
    "--upstream": "upstream",
    "--jobs": "jobs",
    "-j": "jobs",
}
CHECK_FLAG_OPTIONS = {"--strict": "strict", "--include-merges": "include_merges"}


def parse_fast(args: list[str]) -> tuple[Options, list[str]] | None:
    """Options and positional arguments of ``msg``; None when only the full CLI can tell."""
    parsed = _parse(args, VALUE_OPTIONS, FLAG_OPTIONS)
    if parsed is None or len(parsed[1]) > 1:
        return None
    return Options(**parsed[0]), parsed[1]  # type: ignore[arg-type]


def parse_check_fast(args: list[str]) -> tuple[Options, list[str], bool, int | None] | None:
    """``(options, revisions, include_merges, jobs)`` of ``check``; None when only the full CLI can tell."""
    parsed = _parse(args, CHECK_VALUE_OPTIONS, CHECK_FLAG_OPTIONS)
    if parsed is None:
        return None
    values, revisions = parsed
    include_merges = bool(values.pop("include_merges", False))
    jobs_text = values.pop("jobs", None)
    jobs: int | None = None
    if jobs_text is not None:
        if not (isinstance(jobs_text, str) and jobs_text.isdigit() and int(jobs_text) >= 1):
            return None
        jobs = int(jobs_text)
    return Options(**values), revisions, include_merges, jobs  # type: ignore[arg-type]


def _parse(
    args: list[str], value_options: dict[str, str], flags: dict[str, str]
) -> tuple[dict[str, object], list[str]] | None:
    values: dict[str, object] = {"select": [], "ignore": []}
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
        if name in flags and not eq:
            values[flags[name]] = True
            continue
        if name not in value_options:
            return None
        if eq:
            value = inline
        elif i < len(args):
            value = args[i]
            i += 1
        else:
            return None
        attr = value_options[name]
        if attr in ("select", "ignore"):
            values[attr].append(value)  # type: ignore[attr-defined]
        else:
            values[attr] = value
    if values.get("fmt", DEFAULT_FORMAT) not in FORMATS:  # the full CLI says why
        return None
    return values, positional


#: ``index`` options: option -> (attribute, takes a value).
INDEX_OPTIONS = {
    "--baseline": ("baseline", True),
    "--upstream": ("upstream", True),
    "--repo": ("repo", True),
    "--config": ("config", True),
    "--rebuild": ("rebuild", False),
    "--stats": ("stats", False),
}


def parse_index_fast(args: list[str]) -> tuple[Options, bool, bool] | None:
    """``(options, rebuild, stats)`` of ``index``; None when only the full CLI can tell (``--help``, a typo)."""
    values: dict[str, object] = {}
    i = 0
    while i < len(args):
        name, eq, inline = args[i].partition("=")
        i += 1
        known = INDEX_OPTIONS.get(name)
        if known is None:
            return None
        attr, takes_value = known
        if not takes_value:
            if eq:
                return None
            values[attr] = True
            continue
        if eq:
            values[attr] = inline
        elif i < len(args):
            values[attr] = args[i]
            i += 1
        else:
            return None
    rebuild = bool(values.pop("rebuild", False))
    stats = bool(values.pop("stats", False))
    return Options(**values), rebuild, stats  # type: ignore[arg-type]
