"""Running the active rules over a message."""

from __future__ import annotations

from .errors import UsageError
from .findings import ERROR, OFF, WARNING, Finding
from .model.message import Message
from .rules import Context, Rule, matching
from .rules.base import REGISTRY, WHEN_TESTS, load_deferred

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Container

    #: What a gate's ``only_when`` reads of a message: false (empty) when the message has none of it.
    Test = Callable[[Message], object]
    #: Rules as their bound ``check`` and their severity.
    Checks = list[tuple[Callable[[Message, Context], list[Finding]], str]]
    #: A gate with what its ``only_when`` reads in place of its name, and its rules' checks.
    FullGate = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], Test | None, Checks]

__all__ = ["Layer", "Plan", "RuleSet", "UsageError", "check_message", "check_messages", "prefetch"]

#: A group of rules that run on the same messages: the trailer keys (lower case) one of which the
#: message must have, the prefixes one of which it must have, the prefixes it must not have (each
#: empty for no such gate; tuples, the quickest to loop over), what else it must have (``Rule.
#: only_when``, "" for nothing), and the rules with their severities.
Gate = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, list[tuple[Rule, str]]]


class Plan:
    """The rules a run can run, arranged so that a message tests each gate once and most gates not at all."""

    __slots__ = ("always", "any_keyed", "gates", "keyed", "prefixed", "when")

    def __init__(self, gates: list[Gate]) -> None:
        # Each rule is held as its bound ``check`` and its severity (:data:`Checks`).
        #: The rules without a gate, run on every message.
        self.always: Checks = []
        #: The rules whose only gate is one trailer key, by that key: a message looks up the keys it has.
        self.keyed: dict[str, Checks] = {}
        #: The rules whose only gate is one of several trailer keys, with those keys.
        self.any_keyed: list[tuple[tuple[str, ...], Checks]] = []
        #: The rules whose only gate is an ``only_when``, with what it reads (:data:`~trailercheck.rules.
        #: base.WHEN_TESTS`).
        self.when: list[tuple[Test, Checks]] = []
        #: The gates that need a prefix (tested only for a subject with one, which most lack), and every
        #: other gate; each with what its ``only_when`` reads, or None.
        self.prefixed: list[FullGate] = []
        self.gates: list[FullGate] = []
        for only_with, only_prefixes, without_prefixes, when, rules in gates:
            members: Checks = [(rule.check, sev) for rule, sev in rules]
            test = WHEN_TESTS[when] if when else None
            if only_prefixes:
                self.prefixed.append((only_with, only_prefixes, without_prefixes, test, members))
            elif len(only_with) > 1 and test is None and not without_prefixes:
                self.any_keyed.append((only_with, members))
            elif without_prefixes or (only_with and test is not None):
                self.gates.append((only_with, only_prefixes, without_prefixes, test, members))
            elif only_with:
                self.keyed.setdefault(only_with[0], []).extend(members)
            elif test is not None:
                self.when.append((test, members))
            else:
                self.always.extend(members)


_NOTHING: frozenset[str] = frozenset()


class Layer:
    """One source of rule choices (the configuration file, a branch policy, the command line)."""

    __slots__ = ("ignore", "name", "select", "severity")

    def __init__(
        self,
        name: str,
        select: list[str] | tuple[str, ...] = (),
        ignore: list[str] | tuple[str, ...] = (),
        severity: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.select = select
        self.ignore = ignore
        self.severity = severity or {}


class RuleSet:
    """The rules that run, each with its severity.

    Starts from the profile's defaults; each layer then enables (``select``),
    re-grades (``severity``) and disables (``ignore``) rules, later layers
    winning: profile < configuration file < branch policy < command line.
    """

    __slots__ = ("active", "codes", "needs", "plans")

    def __init__(self, profile: str, layers: list[Layer] | tuple[Layer, ...] = (), messages_only: bool = False) -> None:
        """``messages_only``: the run checks messages with at most the repository to ask (the commit-msg
        hook), never the refs or the archive; the families that need those (:data:`~trailercheck.rules.
        base.DEFERRED`), which could not run, are then left out unless a layer names one of their rules."""
        if not messages_only:
            load_deferred()
        # Each layer's rules, found before any severity is chosen: naming a rule may register its family.
        named = [
            (
                [_matching(sel, f"{layer.name}select") for sel in layer.select],
                [(_matching(code, f"{layer.name}severity"), sev) for code, sev in layer.severity.items()],
                [_matching(sel, f"{layer.name}ignore") for sel in layer.ignore],
            )
            for layer in layers
        ]
        chosen: dict[str, str] = {code: rule.severity_in(profile) for code, rule in REGISTRY.items()}
        for selected, graded, ignored in named:
            for rules in selected:
                for rule in rules:
                    if chosen[rule.code] == OFF:
                        chosen[rule.code] = rule.enabled_severity()
            for rules, sev in graded:
                for rule in rules:
                    chosen[rule.code] = sev
            for rules in ignored:
                for rule in rules:
                    chosen[rule.code] = OFF
        self.active: list[tuple[Rule, str]] = [
            (REGISTRY[code], sev) for code, sev in sorted(chosen.items()) if sev != OFF
        ]
        self.codes = frozenset(rule.code for rule, _ in self.active)
        #: All that the active rules need beyond their messages (what the run should provide).
        self.needs: frozenset[str] = frozenset().union(*(rule.needs for rule, _ in self.active))
        #: The plan of each set of granted needs (:meth:`plan_for`).
        self.plans: dict[frozenset[str], Plan] = {}

    def plan_for(self, granted: frozenset[str]) -> Plan:
        """The active rules that a run granting ``granted`` can run, grouped by their gates
        (the trailer keys or prefixes they are about), each gate tested once per message."""
        plan = self.plans.get(granted)
        if plan is None:
            groups: dict[tuple[frozenset[str], frozenset[str], frozenset[str], str], list[tuple[Rule, str]]] = {}
            for rule, sev in self.active:
                if rule.needs <= granted:
                    gate = (rule.only_with, rule.only_prefixes, rule.without_prefixes, rule.only_when)
                    groups.setdefault(gate, []).append((rule, sev))
            plan = self.plans[granted] = Plan(
                [
                    (tuple(sorted(keys)), tuple(sorted(only)), tuple(sorted(without)), when, members)
                    for (keys, only, without, when), members in groups.items()
                ]
            )
        return plan

    def severity_of(self, code: str) -> str:
        for rule, sev in self.active:
            if rule.code == code:
                return sev
        return OFF


def _matching(selector: str, where: str) -> list[Rule]:
    rules = matching(selector)
    if not rules:
        raise UsageError(f"{where}: unknown rule {selector!r}")
    return rules


def prefetch(msgs: list[Message], ctx: Context, rules: RuleSet) -> None:
    """Look up, in one go, every revision the active rules will ask the repository about,
    and let the rules that work a batch at a time (``prepare``) do so."""
    lookup = ctx.lookup
    if lookup is not None:
        # Rules sharing one ``wants`` (the Fixes: family) are asked once.
        wanting = {type(rule).wants: rule for rule, _ in rules.active if type(rule).wants is not Rule.wants}
        revs: list[str] = []
        for rule in wanting.values():
            keys = tuple(rule.only_with)  # a message without one of these is never asked about
            for msg in msgs:
                if not keys or _any_in(keys, msg.keys_present()):
                    revs += rule.wants(msg)
        if revs:
            lookup.prefetch(revs)
    granted = ctx.granted()
    for rule, _ in rules.active:
        if type(rule).prepare is not Rule.prepare and rule.needs <= granted:
            rule.prepare(msgs, ctx)


def _any_in(wanted: tuple[str, ...], have: Container[str]) -> bool:
    """Whether one of ``wanted`` is in ``have`` (a gate holds few values: a loop beats a set operation)."""
    for value in wanted:
        if value in have:
            return True
    return False


def check_message(msg: Message, ctx: Context, rules: RuleSet) -> list[Finding]:
    """The findings of the active rules on ``msg``, each rule run only where its gates
    (what it needs, the trailers or prefixes it is about) let it."""
    return check_messages([msg], ctx, rules)[0]


def check_messages(msgs: list[Message], ctx: Context, rules: RuleSet) -> list[list[Finding]]:
    """:func:`check_message` of each of ``msgs``, the run's plan looked up once."""
    ctx.active = rules.codes
    plan = rules.plan_for(ctx.granted() if rules.needs else _NOTHING)
    always = plan.always
    keyed = plan.keyed
    any_keyed = plan.any_keyed
    when = plan.when
    prefixed = plan.prefixed
    gates = plan.gates
    out: list[list[Finding]] = []
    for msg in msgs:
        groups = [always]
        present = msg.keys_present()
        for key in present:  # a message has a few keys: look each up
            members = keyed.get(key)
            if members is not None:
                groups.append(members)
        for keys, members in any_keyed:
            for key in keys:
                if key in present:
                    groups.append(members)
                    break
        for reads, members in when:
            if reads(msg):
                groups.append(members)
        valid = msg.prefixes.valid  # most subjects have none
        for only_with, only_prefixes, without_prefixes, test, members in prefixed if valid else ():
            if _open(msg, present, valid, only_with, only_prefixes, without_prefixes, test):
                groups.append(members)
        for only_with, only_prefixes, without_prefixes, test, members in gates:
            if _open(msg, present, valid, only_with, only_prefixes, without_prefixes, test):
                groups.append(members)
        findings: list[Finding] = []
        for members in groups:
            for check, sev in members:
                found = check(msg, ctx)
                if found:
                    for finding in found:
                        # A finding its rule made a warning (V01's "not verified") stays one at most.
                        finding.severity = WARNING if finding.severity == WARNING and sev == ERROR else sev
                        findings.append(finding)
        if len(findings) > 1:
            findings.sort(key=_finding_order)
        out.append(findings)
    return out


def _open(
    msg: Message,
    present: Container[str],
    valid: list[str],
    only_with: tuple[str, ...],
    only_prefixes: tuple[str, ...],
    without_prefixes: tuple[str, ...],
    test: Test | None,
) -> bool:
    """Whether a gate lets ``msg`` in (``present``: its trailer keys, ``valid``: its prefixes)."""
    if only_with and not _any_in(only_with, present):
        return False
    if only_prefixes and not (valid and _any_in(only_prefixes, valid)):
        return False
    if without_prefixes and valid and _any_in(without_prefixes, valid):
        return False
    return test is None or bool(test(msg))


def _finding_order(finding: Finding) -> tuple[int, str]:
    return (finding.line or 0, finding.code)
