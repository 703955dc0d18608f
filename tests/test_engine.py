"""The engine's gates: each rule runs on the messages its gates let through, and no other.

On every message of the shared corpora (each under its own profile and under
``upstream``) and on every rule's own examples, the engine reports exactly what
the rules find run one by one where their gates are open. A rule's
``only_when`` gate only saves time: run past it, the rule finds nothing where
the message lacks what it names.
"""

from __future__ import annotations

import pytest

from tests.builders import SHARED
from trailercheck.engine import Layer, RuleSet, check_message
from trailercheck.model.message import Message
from trailercheck.model.person import parse_person
from trailercheck.profiles import PROFILES
from trailercheck.rules import REGISTRY, Context, Rule
from trailercheck.rules.base import (
    IRREGULAR_TRAILERS,
    PREFIX_TOKENS,
    SPLIT_BLOCKS,
    TRAILERS_OUTSIDE,
    WHEN,
    has,
    register,
)
from trailercheck.sources.patch import read_mails

CORPORA = (("corpus", "qcom"), ("corpus-android", "android"), ("corpus-chromeos", "chromeos"))


def messages(corpus: str) -> list[Message]:
    out = []
    for path in sorted((SHARED / corpus / "patches").glob("*.patch")):
        for mail in read_mails(path.read_bytes(), str(path)):
            author = parse_person(mail.author) if mail.author else None
            out.append(Message(mail.lines, source=f"{path.name}:{mail.index}", author=author))
    return out


def examples() -> list[Message]:
    return [Message.from_text(text) for rule in REGISTRY.values() for text in (rule.bad, rule.good) if text]


def every_rule(profile: str) -> RuleSet:
    # Rules that need a repository, the refs or the archive do not run here: they have nothing to ask.
    return RuleSet(profile, [Layer("test", select=sorted({code[0] for code in REGISTRY}))])


def gates_open(rule: Rule, msg: Message) -> bool:
    present = msg.keys_present()
    valid = msg.prefixes.valid
    return (
        (not rule.only_with or any(k in present for k in rule.only_with))
        and (not rule.only_prefixes or any(p in valid for p in rule.only_prefixes))
        and not (rule.without_prefixes and any(p in valid for p in rule.without_prefixes))
        and (not rule.only_when or has(msg, rule.only_when))
    )


def check_gates(msgs: list[Message], profile: str) -> int:
    """Check the engine against the rules run one by one where their gates are open, and the rules
    with ``only_when`` (a gate that only saves time) run past it; how many findings those made."""
    rules = every_rule(profile)
    runnable = [r for r, _ in rules.active if not r.needs]
    timesaving = [r for r in runnable if r.only_when]
    assert {r.only_when for r in timesaving} == WHEN
    found = 0
    for msg in msgs:
        ctx = Context(PROFILES[profile])
        engine = {(f.code, f.line, f.message) for f in check_message(msg, ctx, rules)}
        direct = {(f.code, f.line, f.message) for r in runnable if gates_open(r, msg) for f in r.check(msg, ctx)}
        assert engine == direct, msg.source
        for rule in timesaving:
            if rule.check(msg, ctx):
                assert has(msg, rule.only_when), (rule.code, msg.source)
                found += 1
    return found


@pytest.mark.parametrize(("corpus", "profile"), CORPORA)
def test_gates_hide_no_finding_in_the_corpora(corpus: str, profile: str) -> None:
    if not (SHARED / corpus / "patches").is_dir():
        pytest.skip(f"../shared/{corpus} is not present")
    msgs = messages(corpus)
    assert check_gates(msgs, profile) > 0
    check_gates(msgs, "upstream")


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_gates_hide_no_finding_in_the_examples(profile: str) -> None:
    assert check_gates(examples(), profile) > 0


WHENS = (IRREGULAR_TRAILERS, PREFIX_TOKENS, SPLIT_BLOCKS, TRAILERS_OUTSIDE)


def test_what_a_message_has() -> None:
    plain = Message.from_text("misc: fix\n\nBody.\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n")
    assert [has(plain, when) for when in WHENS] == [False, False, False, False]
    odd = Message.from_text(
        "UPSTREAM: misc: fix\n\nBody.\nCc: Bob <bob@example.com>\n\nLink: https://lore.kernel.org/r/a@b\n\n"
        "Signed-off-by : Ada Lovelace <ada@example.com>\n"
    )
    assert [has(odd, when) for when in WHENS] == [True, True, True, True]
    note = "A note line.\n" * 4
    unseen = Message.from_text(f"misc: fix\n\nBody.\n\n{note}Signed-off-by: Ada <ada@example.com>\n")
    assert unseen.unseen is not None and not unseen.loose() and has(unseen, TRAILERS_OUTSIDE)
    with pytest.raises(ValueError, match="unknown only_when 'anything'"):
        has(plain, "anything")


def test_an_unknown_gate_is_refused_when_the_rule_registers() -> None:
    class Odd(Rule):
        code = "Z99"
        name = "odd-gate"
        only_when = "never-heard-of"

    with pytest.raises(ValueError, match="Z99: unknown only_when 'never-heard-of'"):
        register(Odd)
    assert "Z99" not in REGISTRY
