"""The one bounded memory of the package: first in, first out."""

from __future__ import annotations

import ast
from pathlib import Path

import trailercheck.model.person as person_module
from trailercheck.model.cache import keep, remembered
from trailercheck.model.keys import KeySet
from trailercheck.model.person import parse_person

PACKAGE = Path(__file__).resolve().parents[2] / "trailercheck"

SIGNOFFS = [f"Signed-off-by: Maintainer {n} <maint{n}@kernel.org>" for n in range(20)]


def test_a_value_read_again_keeps_its_place() -> None:
    cache: dict[str, str] = {}
    for line in SIGNOFFS[:16]:
        keep(cache, 16, line, line.lower())
    assert cache.get(SIGNOFFS[0]) == SIGNOFFS[0].lower()
    keep(cache, 16, SIGNOFFS[16], "one-off")  # full: the two kept first go, read again or not
    assert list(cache) == [*SIGNOFFS[2:16], SIGNOFFS[16]]
    assert cache.get(SIGNOFFS[0]) is None
    assert cache.get(SIGNOFFS[1]) is None


def test_a_full_memory_forgets_its_oldest_eighth_at_once() -> None:
    cache: dict[str, int] = {}
    for n, line in enumerate(SIGNOFFS[:8]):
        keep(cache, 8, line, n)
    keep(cache, 8, SIGNOFFS[8], 8)
    assert list(cache.values()) == [1, 2, 3, 4, 5, 6, 7, 8]
    cache = {line: n for n, line in enumerate(SIGNOFFS[:16])}
    keep(cache, 16, SIGNOFFS[16], 16)
    assert list(cache.values()) == list(range(2, 17))


def test_remembered_computes_once_per_kept_value() -> None:
    calls: list[str] = []

    def read(value: str) -> tuple[str, int]:
        calls.append(value)
        return value.upper(), len(value)

    cache: dict[str, tuple[str, int]] = {}
    first = remembered(cache, 2, "Acked-by", read)
    assert remembered(cache, 2, "Acked-by", read) is first
    remembered(cache, 2, "Tested-by", read)
    remembered(cache, 2, "Acked-by", read)  # kept: not read again
    remembered(cache, 2, "Reported-by", read)  # full: "Acked-by", kept first, goes
    remembered(cache, 2, "Tested-by", read)
    remembered(cache, 2, "Acked-by", read)
    assert calls == ["Acked-by", "Tested-by", "Reported-by", "Acked-by"]


def test_a_common_signoff_is_read_once_per_turn_of_the_memory() -> None:
    common = "Tom Rini <trini@konsulko.com>"
    parse_person(common)
    reads = 0
    kept = parse_person(common)
    for n in range(3 * person_module._CACHE_LIMIT):
        parse_person(f"Contributor {n} <dev{n}@example.org>")
        again = parse_person(common)
        if again is not kept:
            reads += 1
            kept = again
    assert reads == 3  # once per turn of the memory


def test_a_keyset_remembers_that_a_key_is_no_misspelling() -> None:
    keys = KeySet()
    assert keys.near_miss("Signed-of-by") == "Signed-off-by"
    assert keys.near_miss("Change-Id") is None
    assert keys.near_miss("Change-Id") is None
    assert keys.far_miss("Change-Id") is None
    assert keys.near_miss("Signed-of-by") == "Signed-off-by"


def test_no_other_module_of_the_model_or_the_rules_forgets_values_itself() -> None:
    forgetting = []
    for path in sorted([*PACKAGE.glob("model/*.py"), *PACKAGE.glob("rules/*.py")]):
        if path.name == "cache.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in ("clear", "popitem"):
                    forgetting.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert forgetting == []
