"""Running the active rules over a message."""

from __future__ import annotations

from .findings import OFF, Finding
from .model.message import Message
from .rules import REGISTRY, Context, Rule, matching


class UsageError(Exception):
    """Bad input or configuration: reported as one line, exit status 2."""


class RuleSet:
    """The rules that run, each with its severity under the active profile and options."""

    __slots__ = ("active",)

    def __init__(
        self,
        profile: str,
        select: list[str] | tuple[str, ...] = (),
        ignore: list[str] | tuple[str, ...] = (),
        severity: dict[str, str] | None = None,
    ) -> None:
        chosen: dict[str, str] = {code: rule.severity_in(profile) for code, rule in REGISTRY.items()}
        for sel in select:
            rules = matching(sel)
            if not rules:
                raise UsageError(f"--select: unknown rule {sel!r}")
            for rule in rules:
                if chosen[rule.code] == OFF:
                    chosen[rule.code] = rule.enabled_severity()
        for code, sev in (severity or {}).items():
            rules = matching(code)
            if not rules:
                raise UsageError(f"severity: unknown rule {code!r}")
            for rule in rules:
                chosen[rule.code] = sev
        for sel in ignore:
            rules = matching(sel)
            if not rules:
                raise UsageError(f"--ignore: unknown rule {sel!r}")
            for rule in rules:
                chosen[rule.code] = OFF
        self.active: list[tuple[Rule, str]] = [
            (REGISTRY[code], sev) for code, sev in sorted(chosen.items()) if sev != OFF
        ]

    def severity_of(self, code: str) -> str:
        for rule, sev in self.active:
            if rule.code == code:
                return sev
        return OFF


def check_message(msg: Message, ctx: Context, rules: RuleSet) -> list[Finding]:
    findings: list[Finding] = []
    for rule, sev in rules.active:
        if rule.needs:
            continue
        for finding in rule.check(msg, ctx):
            finding.severity = sev
            findings.append(finding)
    findings.sort(key=lambda f: (f.line or 0, f.code))
    return findings
