"""The rule registry: identities, documentation, and the examples each rule ships with."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import EMPTY_TREE, git, identity, init_repo
from tests.rules.kernel import IMPLEMENTED
from trailercheck.engine import Layer, RuleSet, check_message
from trailercheck.findings import OFF
from trailercheck.fix import apply_edits
from trailercheck.model.message import Message
from trailercheck.model.person import parse_person
from trailercheck.profiles import DEFAULT_PROFILE, PROFILES
from trailercheck.rules import REGISTRY, Context, Rule, lookup, matching
from trailercheck.rules.base import DEFERRED, FAMILIES, NEEDS, REPO
from trailercheck.rules.examples import AUTHOR, FIXED_DATE, FIXED_SHA, FIXED_SUBJECT, GOOD
from trailercheck.sources.repo import CommitLookup

ADA = parse_person("Ada Lovelace <ada@example.com>")
RULES = sorted(REGISTRY.values(), key=lambda r: r.code)
#: Rules that judge the message alone; ``repo``/``xref``/``online`` rules are not run by check_message
#: without what they need (the X rules are tested on real repositories in tests/rules/test_xref.py).
MESSAGE_RULES = [r for r in RULES if not r.needs]
FIXABLE = [r for r in MESSAGE_RULES if r.fixable]

#: The first catalogue: code -> (name, whether ``--fix`` rewrites it). Codes and names are stable
#: (configurations and CI scripts use them), so these never change; later rules take the next free number.
CATALOGUE: dict[str, tuple[str, bool]] = {
    "S01": ("prefix-missing", False),
    "S02": ("prefix-malformed", True),
    "S03": ("prefix-not-allowed", False),
    "S04": ("prefix-combination", False),
    "S05": ("subject-empty", False),
    "S06": ("subject-too-long", False),
    "S07": ("revert-unprefixed", True),
    "L01": ("link-missing", True),
    "L02": ("link-not-lore", False),
    "L03": ("link-malformed", True),
    "L04": ("link-msgid-encoded", True),
    "L05": ("link-not-message", True),
    "L06": ("link-duplicate", False),
    "T01": ("trailer-block-blank-line", True),
    "T02": ("trailer-key-case", True),
    "T03": ("trailer-separator", True),
    "T04": ("trailer-key-typo", True),
    "T05": ("trailer-empty-value", False),
    "T06": ("trailer-duplicate", True),
    "T07": ("trailer-key-unknown", False),
    "T08": ("trailer-outside-block", False),
    "O01": ("signoff-missing", False),
    "O02": ("signoff-author-missing", False),
    "O03": ("signoff-committer-last", False),
    "O04": ("signoff-malformed", False),
    "O05": ("codeveloped-without-signoff", False),
    "O06": ("reported-without-closes", False),
    "F01": ("fixes-malformed", True),
    "F02": ("fixes-unknown-commit", False),
    "F03": ("fixes-title-mismatch", True),
    "C01": ("cherry-pick-missing", True),
    "C02": ("cherry-pick-malformed", True),
    "C03": ("fromgit-source-missing", False),
    "C04": ("fromgit-linux-next", False),
    "C05": ("backport-note-missing", False),
    "X01": ("in-baseline", False),
    "X02": ("not-in-baseline", False),
    "X03": ("now-upstream", False),
    "X04": ("upstream-commit-unknown", False),
    "X05": ("upstream-altered", False),
    "X06": ("backport-clean", False),
    "V01": ("link-unreachable", False),
    "V02": ("link-diff-mismatch", False),
    "V03": ("link-author-mismatch", False),
    "M01": ("change-id-present", False),
    "M02": ("change-id-missing", False),
    "M03": ("crs-fixed-malformed", False),
    "M04": ("bug-missing", False),
    "M05": ("test-missing", False),
    "M06": ("body-missing", False),
}

#: Severities of the S, L, T and O rules under qcom, android, chromeos, upstream.
SEVERITIES: dict[str, tuple[str, str, str, str]] = {
    "S01": ("error", "error", "error", "off"),
    "S02": ("error", "error", "error", "error"),
    "S03": ("error", "error", "error", "error"),
    "S04": ("error", "error", "error", "error"),
    "S05": ("error", "error", "error", "error"),
    "S06": ("off", "off", "off", "off"),
    # Under upstream no prefixes exist, so a bare revert is what everybody writes.
    "S07": ("error", "error", "error", "off"),
    "L01": ("error", "error", "error", "error"),
    "L02": ("error", "error", "error", "error"),
    "L03": ("error", "error", "error", "error"),
    "L04": ("warning", "warning", "warning", "warning"),
    "L05": ("warning", "warning", "warning", "warning"),
    "L06": ("warning", "warning", "warning", "warning"),
    "T01": ("error", "warning", "error", "error"),
    "T02": ("warning", "warning", "warning", "warning"),
    "T03": ("warning", "warning", "warning", "warning"),
    "T04": ("error", "error", "error", "error"),
    "T05": ("error", "error", "error", "error"),
    "T06": ("warning", "warning", "warning", "warning"),
    "T07": ("off", "off", "off", "off"),
    "T08": ("warning", "warning", "warning", "warning"),
    "O01": ("error", "error", "error", "error"),
    "O02": ("error", "error", "error", "error"),
    "O03": ("warning", "warning", "warning", "warning"),
    "O04": ("error", "error", "error", "error"),
    "O05": ("error", "error", "error", "error"),
    "O06": ("off", "off", "off", "warning"),
}


def first_profile(rule: Rule) -> tuple[str, list[str]]:
    """The first profile that runs the rule, and what must be selected to run it there."""
    for name in PROFILES:
        if rule.severity_in(name) != OFF:
            return name, []
    return DEFAULT_PROFILE, [rule.code]


def run_on(msg: Message, profile: str, select: list[str]) -> list:
    """Findings as the examples are checked: author and committer are the examples' author."""
    msg.author = msg.committer = ADA
    return check_message(msg, Context(PROFILES[profile]), RuleSet(profile, [Layer("--", select)]))


def run(rule: Rule, text: str) -> list:
    return run_on(Message.from_text(text), *first_profile(rule))


def test_registry_holds_the_implemented_rules() -> None:
    assert IMPLEMENTED <= set(REGISTRY)


@pytest.mark.parametrize("rule", [r for r in RULES if r.code in CATALOGUE], ids=lambda r: r.code)
def test_rule_matches_the_catalogue(rule: Rule) -> None:
    name, fixable = CATALOGUE[rule.code]
    assert rule.name == name
    assert rule.fixable is fixable


@pytest.mark.parametrize("code", sorted(SEVERITIES))
def test_profile_severities(code: str) -> None:
    if code not in REGISTRY:
        pytest.skip(f"{code} is not implemented")
    rule = REGISTRY[code]
    assert tuple(rule.severity_in(p) for p in ("qcom", "android", "chromeos", "upstream")) == SEVERITIES[code]


def test_what_rules_need_is_declared_from_one_vocabulary() -> None:
    for rule in RULES:
        assert rule.needs <= NEEDS, rule.code
    assert {r.code: sorted(r.needs) for r in RULES if r.needs} == {
        "F02": ["repo"],
        "F03": ["repo"],
        "X01": ["baseline-forbid"],
        "X02": ["baseline-history", "baseline-require"],
        "X03": ["upstream"],
        "X04": ["upstream", "upstream-history"],
        "X05": ["upstream"],
        "X06": ["upstream"],
        "V01": ["archive"],
        "V02": ["archive"],
        "V03": ["archive"],
        "V04": ["archive"],
    }
    assert {r.code for r in MESSAGE_RULES} >= IMPLEMENTED


def test_deferred_families_could_never_run_on_a_message_alone() -> None:
    # The hook (RuleSet(messages_only=True)) leaves these families out: none of their rules may run
    # with at most the repository, so no finding can depend on it.
    assert DEFERRED == {"X": "xref", "V": "verify"}
    for rule in RULES:
        if rule.code[0] in DEFERRED:
            assert rule.needs and not rule.needs <= {REPO}, rule.code
            assert type(rule).__module__ == f"trailercheck.rules.{DEFERRED[rule.code[0]]}", rule.code
        else:
            assert rule.needs <= {REPO}, rule.code


MESSAGES_ONLY = """
import sys
from trailercheck.engine import Layer, RuleSet
select, ignore = ([arg] if arg else [] for arg in sys.argv[1:])
rules = RuleSet("qcom", [Layer("--", select, ignore)], messages_only=True)
loaded = [name for name in ("trailercheck.rules.xref", "trailercheck.rules.verify") if name in sys.modules]
print("".join(sorted({code[0] for code in rules.codes})), rules.severity_of("X02"), rules.severity_of("V01"), *loaded)
"""


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        ("", "", "CFLMOST off off"),
        ("T07", "", "CFLMOST off off"),
        ("", "T01", "CFLMOST off off"),
        # Naming one of their rules (a code, a name, or anything but a loaded code or name) loads them.
        ("X02", "", "CFLMOSTVX error error trailercheck.rules.xref trailercheck.rules.verify"),
        ("", "link-unreachable", "CFLMOSTVX error off trailercheck.rules.xref trailercheck.rules.verify"),
        ("F", "", "CFLMOSTVX error error trailercheck.rules.xref trailercheck.rules.verify"),
        ("", "T", "CFLMOSVX error error trailercheck.rules.xref trailercheck.rules.verify"),
    ],
)
def test_a_messages_only_rule_set_loads_the_deferred_families_only_when_named(
    select: str, ignore: str, expected: str
) -> None:
    args = [sys.executable, "-c", MESSAGES_ONLY, select, ignore]
    proc = subprocess.run(args, capture_output=True, text=True, check=True)
    assert proc.stdout == expected + "\n"


def test_a_full_rule_set_has_every_family() -> None:
    assert {code[0] for code in RuleSet("qcom").codes} == set("CFLMOSTVX")


def test_an_unknown_rule_is_refused_with_the_deferred_families_loaded() -> None:
    code = "from trailercheck.engine import Layer, RuleSet; RuleSet('qcom', [Layer('--', select=['X99'])], True)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == "trailercheck.errors.UsageError: --select: unknown rule 'X99'"


def test_archive_rule_examples_need_the_archive() -> None:
    verify_rules = [r for r in RULES if r.needs == {"archive"}]
    assert [r.code for r in verify_rules] == ["V01", "V02", "V03", "V04"]
    for rule in verify_rules:
        assert run(rule, rule.bad) == []


def test_rules_added_beyond_the_catalogue_take_the_next_free_number() -> None:
    for code in set(REGISTRY) - set(CATALOGUE):
        family = sorted(c for c in CATALOGUE if c[0] == code[0])
        assert family and int(code[1:]) > int(family[-1][1:]), code


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_identity_and_documentation(rule: Rule) -> None:
    assert re.fullmatch(r"[A-Z]\d\d", rule.code)
    assert rule.code[0] in FAMILIES
    assert rule.family == rule.code[0]
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)+", rule.name), rule.name
    for attr in ("summary", "why", "bad", "good", "howto"):
        value = getattr(rule, attr)
        assert isinstance(value, str) and value.strip(), f"{rule.code} has no {attr}"
    assert rule.bad != rule.good
    assert rule.summary.rstrip().endswith(".")
    assert lookup(rule.code) is rule
    assert lookup(rule.code.lower()) is rule
    assert lookup(rule.name) is rule
    assert matching(rule.name) == [rule]
    assert rule.default in ("error", "warning", "off")
    assert set(rule.profiles) <= set(PROFILES)
    assert set(rule.profiles.values()) <= {"error", "warning", "off"}


def test_codes_and_names_are_unique() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    assert all(code == rule.code for code, rule in REGISTRY.items())


def test_registering_a_duplicate_code_fails() -> None:
    from trailercheck.rules.base import register

    class Again(Rule):
        code = "T01"
        name = "trailer-block-blank-line-again"

    with pytest.raises(ValueError, match="duplicate rule T01"):
        register(Again)
    assert REGISTRY["T01"].name == "trailer-block-blank-line"


def test_rules_off_everywhere_are_run_by_selecting_them() -> None:
    off_everywhere = {r.code for r in RULES if all(r.severity_in(p) == OFF for p in PROFILES)}
    assert "T07" in off_everywhere
    assert off_everywhere <= {"S06", "T07"}
    assert first_profile(REGISTRY["T07"]) == ("qcom", ["T07"])
    assert first_profile(REGISTRY["S01"]) == ("qcom", [])


def test_examples_use_the_documented_author() -> None:
    assert parse_person(AUTHOR).same(ADA)
    msg = Message.from_text(GOOD, author=ADA, committer=ADA)
    assert check_message(msg, Context(PROFILES["qcom"]), RuleSet("qcom")) == []


@pytest.mark.parametrize("rule", MESSAGE_RULES, ids=lambda r: r.code)
def test_bad_example_triggers_exactly_its_rule(rule: Rule) -> None:
    findings = run(rule, rule.bad)
    assert findings, f"{rule.code}: bad example finds nothing"
    assert {f.code for f in findings} == {rule.code}, [(f.code, f.message) for f in findings]
    for f in findings:
        assert f.rule == rule.name
        assert f.line is not None and 1 <= f.line <= len(rule.bad.splitlines())
        assert f.message


@pytest.mark.parametrize("rule", MESSAGE_RULES, ids=lambda r: r.code)
def test_good_example_does_not_trigger_its_rule(rule: Rule) -> None:
    findings = run(rule, rule.good)
    assert [f for f in findings if f.code == rule.code] == []


@pytest.mark.parametrize("rule", MESSAGE_RULES, ids=lambda r: r.code)
def test_check_returns_a_list(rule: Rule) -> None:
    """``check`` hands its findings back as one list, an empty one when there are none."""
    profile, _ = first_profile(rule)
    for text, fires in ((rule.bad, True), (rule.good, False)):
        msg = Message.from_text(text)
        msg.author = msg.committer = ADA
        found = rule.check(msg, Context(PROFILES[profile]))
        assert type(found) is list
        assert bool(found) is fires, (rule.code, [(f.code, f.message) for f in found])
        assert {f.code for f in found} <= {rule.code}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_good_example_is_clean(rule: Rule) -> None:
    assert run(rule, rule.good) == []


@pytest.mark.parametrize("rule", FIXABLE, ids=lambda r: r.code)
def test_fixable_rule_fixes_its_bad_example(rule: Rule) -> None:
    msg = Message.from_text(rule.bad)
    findings = run(rule, rule.bad)
    assert all(f.edits for f in findings), findings
    profile, select = first_profile(rule)
    fixed, applied = apply_edits(msg.lines, run_on(msg, profile, select))
    assert [f.code for f in applied] == [rule.code] * len(findings)
    assert [f.code for f in run(rule, fixed) if f.code == rule.code] == []
    if rule.code == "L01":
        link = "Link: https://lore.kernel.org/r/20241001-fastrpc-v1-1-abc@example.com\n"
        assert fixed == rule.bad.replace("Signed-off-by:", link + "Signed-off-by:")
    else:
        assert fixed == rule.good


@pytest.mark.parametrize("rule", [r for r in MESSAGE_RULES if not r.fixable], ids=lambda r: r.code)
def test_unfixable_rules_offer_no_edits(rule: Rule) -> None:
    assert all(not f.edits for f in run(rule, rule.bad))


# -- the examples of the repository rules, against the commit they point at -----


REPO_RULES = [r for r in RULES if r.needs == {REPO} and r.code[0] == "F"]


@pytest.fixture(scope="module")
def fixed_commit_repo(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Iterator[CommitLookup]:
    """A repository holding the commit the ``Fixes:`` examples name, made as examples.py documents."""
    path = init_repo(tmp_path_factory.mktemp("examples"))
    env = identity(AUTHOR, FIXED_DATE)
    sha = git(path, "commit-tree", EMPTY_TREE, "-m", FIXED_SUBJECT, env=env).strip()
    assert sha == FIXED_SHA
    git(path, "update-ref", "refs/heads/main", sha)
    assert git(path, "log", "-1", "--format=%H %s").strip() == f"{FIXED_SHA} {FIXED_SUBJECT}"
    lookup = CommitLookup(str(path))
    try:
        yield lookup
    finally:
        lookup.close()


def run_with_repo(rule: Rule, text: str | Message, lookup: CommitLookup) -> list:
    profile, select = first_profile(rule)
    ctx = Context(PROFILES[profile])
    ctx.lookup = lookup
    msg = Message.from_text(text) if isinstance(text, str) else text
    msg.author = msg.committer = ADA
    return check_message(msg, ctx, RuleSet(profile, [Layer("--", select)]))


def test_repo_rules_are_the_fixes_rules() -> None:
    assert [r.code for r in RULES if r.needs == {REPO}] == ["F02", "F03"]
    assert [r.code for r in REPO_RULES] == ["F02", "F03"]


@pytest.mark.parametrize("rule", REPO_RULES, ids=lambda r: r.code)
def test_repo_rule_bad_example_triggers_exactly_its_rule(rule: Rule, fixed_commit_repo: CommitLookup) -> None:
    findings = run_with_repo(rule, rule.bad, fixed_commit_repo)
    assert [(f.code, f.rule, f.line) for f in findings] == [(rule.code, rule.name, 6)]
    assert findings[0].severity == "warning"


@pytest.mark.parametrize("rule", REPO_RULES, ids=lambda r: r.code)
def test_repo_rule_good_example_is_clean(rule: Rule, fixed_commit_repo: CommitLookup) -> None:
    assert run_with_repo(rule, rule.good, fixed_commit_repo) == []


def test_repo_rule_examples_need_the_repository() -> None:
    for rule in REPO_RULES:
        assert run(rule, rule.bad) == []


def test_xref_rule_examples_need_the_refs() -> None:
    xref_rules = [r for r in RULES if r.needs and r.needs != {REPO} and r.family == "X"]
    assert [r.code for r in xref_rules] == ["X01", "X02", "X03", "X04", "X05", "X06"]
    for rule in xref_rules:
        assert run(rule, rule.bad) == []


def test_f03_fixes_its_bad_example_into_its_good_one(fixed_commit_repo: CommitLookup) -> None:
    rule = REGISTRY["F03"]
    msg = Message.from_text(rule.bad)
    findings = run_with_repo(rule, msg, fixed_commit_repo)
    assert all(f.edits for f in findings)
    fixed, applied = apply_edits(msg.lines, findings)
    assert [f.code for f in applied] == ["F03"]
    assert fixed == rule.good
    assert run_with_repo(rule, fixed, fixed_commit_repo) == []


def test_f02_bad_example_cannot_be_fixed(fixed_commit_repo: CommitLookup) -> None:
    rule = REGISTRY["F02"]
    assert [f.edits for f in run_with_repo(rule, rule.bad, fixed_commit_repo)] == [[]]
