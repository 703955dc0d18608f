"""--fix over every real message of the shared corpora loses no information.

For each message (each corpus under its own profile, every rule enabled), the
fixes are applied round after round as ``msg --fix`` applies them. No word may
disappear from a line that no finding named, a deleted line must be blank or
stand again in the result (an exact repeat), and ``msg --fix`` on the file
writes exactly that result.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.builders import SHARED
from trailercheck.cli.run import HookInput, fix_file
from trailercheck.engine import Layer, RuleSet, check_message
from trailercheck.findings import Finding
from trailercheck.fix import apply_edits
from trailercheck.model.message import Message
from trailercheck.model.person import Person, parse_person
from trailercheck.model.text import encode, join_lines, split_lines
from trailercheck.profiles import PROFILES
from trailercheck.rules import REGISTRY, Context
from trailercheck.sources.patch import read_mails

CORPORA = (("corpus", "qcom"), ("corpus-android", "android"), ("corpus-chromeos", "chromeos"))
WORD = re.compile(r"\w+")
ROUNDS = 10


def corpus_messages(name: str) -> list[tuple[str, str, str | None]]:
    out = []
    for path in sorted((SHARED / name / "patches").glob("*.patch")):
        for mail in read_mails(path.read_bytes(), str(path)):
            out.append((f"{path.name}:{mail.index}", join_lines(mail.lines), mail.author))
    return out


def every_rule(profile: str) -> RuleSet:
    # Rules that need a repository or the network do not run here: they have nothing to look up.
    return RuleSet(profile, [Layer("test", select=sorted({code[0] for code in REGISTRY}))])


def fix_rounds(
    text: str, ctx: Context, rules: RuleSet, author: Person | None
) -> tuple[str, list[tuple[Finding, list[str]]]]:
    """The fixed text and, per applied finding, the original texts of the lines its edits name."""
    named: list[tuple[Finding, list[str]]] = []
    for _ in range(ROUNDS):
        lines = split_lines(text)
        findings = check_message(Message(lines, author=author), ctx, rules)
        new, applied = apply_edits(lines, findings)
        if not applied:
            break
        named += [(f, [e.line.orig if e.start >= 0 else f"\0{e.line.orig}" for e in f.edits]) for f in applied]
        text = new
    return text, named


@pytest.mark.parametrize(("corpus", "profile"), CORPORA)
def test_fix_loses_no_word(corpus: str, profile: str, tmp_path: Path) -> None:
    if not (SHARED / corpus / "patches").is_dir():
        pytest.skip(f"../shared/{corpus} is not present")
    rules = every_rule(profile)
    problems: list[str] = []
    fixed_messages = 0
    for source, text, author in corpus_messages(corpus):
        ctx = Context(PROFILES[profile])
        person = parse_person(author) if author else None
        result, named = fix_rounds(text, ctx, rules, person)
        if result == text:
            continue
        fixed_messages += 1
        touched: Counter[str] = Counter()
        for finding, texts in named:
            for orig in texts:
                touched.update(WORD.findall(orig))
                if orig.startswith("\0") and orig[1:].strip() and orig[1:] not in result:
                    problems.append(f"{source}: {finding.code} deleted {orig[1:]!r}, which is nowhere else")
        lost = Counter(WORD.findall(text)) - Counter(WORD.findall(result)) - touched
        if lost:
            problems.append(f"{source}: words lost outside the named lines: {sorted(lost)}")
        # msg --fix writes the same result to the file.
        path = tmp_path / "COMMIT_EDITMSG"
        path.write_bytes(encode(text))
        hook = HookInput(str(path), path.read_bytes(), None, person)
        fix_file(hook, ctx, rules, check_message(hook.message(), ctx, rules))
        if path.read_bytes() != encode(result):
            problems.append(f"{source}: msg --fix wrote something else than the fix rounds")
    assert problems == []
    assert fixed_messages > 0  # the corpus exercises the fixes at all
