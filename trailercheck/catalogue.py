"""The rule catalogue as people read it: the ``rules`` table, ``explain``, docs/rules.md.

Everything here is generated from the registry, so the documentation and the
code cannot drift apart (a test compares docs/rules.md with :func:`docs_page`).
"""

from __future__ import annotations

from .engine import RuleSet
from .profiles import PROFILES
from .rules import REGISTRY, Rule
from .rules.base import ARCHIVE, FAMILIES, REPO
from .rules.examples import AUTHOR


def table(rules: RuleSet) -> list[tuple[str, str, str, str]]:
    """``(code, name, severity, fixable)`` for every rule, ``off`` where it does not run."""
    active = {rule.code: sev for rule, sev in rules.active}
    return [
        (code, rule.name, active.get(code, "off"), "yes" if rule.fixable else "")
        for code, rule in sorted(REGISTRY.items(), key=lambda kv: _order(kv[0]))
    ]


#: What is said of a fix that ``trailercheck fix RANGE`` leaves to the author.
_NOT_CERTAIN = ", but not `trailercheck fix RANGE`: the fix makes a choice the author has to confirm"


def _order(code: str) -> tuple[int, str]:
    return list(FAMILIES).index(code[0]), code


def render_table(rows: list[tuple[str, str, str, str]]) -> str:
    head = ("code", "name", "severity", "fix")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    lines = ["  ".join(col.ljust(w) for col, w in zip(row, widths, strict=True)).rstrip() for row in [head, *rows]]
    return "\n".join(lines) + "\n"


def _indent(text: str, wrap: bool = False) -> str:
    if wrap:
        import textwrap

        text = textwrap.fill(text, 76)
    return "".join(f"    {line}\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


def _needs(rule: Rule, code: str = "") -> str:
    """What the rule needs beyond the message, in words (``code`` quotes the names of settings)."""
    if not rule.needs:
        return ""
    if rule.needs == {REPO}:
        return "needs a repository"
    if rule.needs == {ARCHIVE}:
        return f"needs the archive: {code}--online{code} or {code}--archive{code}"
    return f"needs a repository and the {code}baseline{code}/{code}upstream{code} refs"


def explain(rule: Rule, severity: str, profile: str) -> str:
    needs = f" ({_needs(rule)})" if rule.needs else ""
    parts = [
        f"{rule.code} {rule.name}{needs}",
        "",
        rule.summary,
        "",
        f"Severity: {severity} under profile {profile}; fixable with --fix: {'yes' if rule.fixable else 'no'}"
        + (f"{_NOT_CERTAIN}." if rule.fixable and not rule.certain_fix else "."),
        "",
        "Why:",
        _indent(rule.why, wrap=True).rstrip("\n"),
        "",
        f"Bad (authored by {AUTHOR}):",
        _indent(rule.bad).rstrip("\n"),
        "",
        "Good:",
        _indent(rule.good).rstrip("\n"),
        "",
        "How to fix:",
        _indent(rule.howto, wrap=True).rstrip("\n"),
    ]
    return "\n".join(parts) + "\n"


def docs_page() -> str:
    """docs/rules.md, in Markdown (``trailercheck rules --format docs``)."""
    profiles = list(PROFILES)
    out = [
        "# Rules",
        "",
        "<!-- Generated from the rule registry by `trailercheck rules --format docs`. Do not edit. -->",
        "",
        "Codes and names are stable: use either in `select`, `ignore` and `severity`.",
        "Severity per profile: `error` fails the check, `warning` fails only with `--strict`, `off` does not run",
        "(enable it with `select`). *Fix* means `trailercheck msg --fix` rewrites it; `trailercheck fix RANGE`",
        "applies the same fixes to commits, except those that make a choice the author has to confirm.",
        "",
        "| code | name | " + " | ".join(profiles) + " | fix | summary |",
        "|---|---|" + "---|" * len(profiles) + "---|---|",
    ]
    rules = sorted(REGISTRY.values(), key=lambda r: _order(r.code))
    for rule in rules:
        sevs = " | ".join(rule.severity_in(p) for p in profiles)
        summary = rule.summary.replace("|", "\\|")
        out.append(
            f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) | {rule.name} | {sevs} | "
            f"{'yes' if rule.fixable else ''} | {summary} |"
        )
    family = ""
    for rule in rules:
        if rule.family != family:
            family = rule.family
            out += ["", f"## {family}: {FAMILIES[family]}"]
        needs = f" *({_needs(rule, '`')})*" if rule.needs else ""
        out += [
            "",
            f"### {rule.code} {rule.name}",
            "",
            f"{rule.summary}{needs}",
            "",
            f"**Why.** {rule.why}",
            "",
            f"**Bad** (authored by {AUTHOR}):",
            "",
            "```",
            rule.bad.rstrip("\n"),
            "```",
            "",
            "**Good:**",
            "",
            "```",
            rule.good.rstrip("\n"),
            "```",
            "",
            f"**Fix.** {rule.howto}"
            + (" `--fix` does it" + (f"{_NOT_CERTAIN}." if not rule.certain_fix else ".") if rule.fixable else ""),
        ]
    return "\n".join(out) + "\n"
