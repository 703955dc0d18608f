"""People in trailers: comments after the address, and who is the same person."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trailercheck.model.person import _ident, _valid_address, ident_time, parse_person


@pytest.mark.parametrize(
    ("value", "name", "email", "comment"),
    [
        ("Ada Lovelace <ada@example.com> # for the DT part", "Ada Lovelace", "ada@example.com", "# for the DT part"),
        ("Bjorn Andersson <andersson@kernel.org> # v5.10", "Bjorn Andersson", "andersson@kernel.org", "# v5.10"),
        ("Greg Kroah-Hartman <gregkh@linuxfoundation.org> # 6.1.x", "Greg Kroah-Hartman",
         "gregkh@linuxfoundation.org", "# 6.1.x"),
        ("Hai Pham <hai.pham.ud@renesas.com> #Fix License-Identifier", "Hai Pham", "hai.pham.ud@renesas.com",
         "#Fix License-Identifier"),
        ("Frieder Schrempf <frieder.schrempf@kontron.de> (U-Boot port)", "Frieder Schrempf",
         "frieder.schrempf@kontron.de", "(U-Boot port)"),
        ("Ada Lovelace <ada@example.com>", "Ada Lovelace", "ada@example.com", ""),
    ],
)  # fmt: skip
def test_comment_after_the_address(value: str, name: str, email: str, comment: str) -> None:
    person = parse_person(value)
    assert (person.name, person.email, person.comment, person.problems) == (name, email, comment, ())
    assert str(person) == (f"{name} <{email}>" if name else f"<{email}>")


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        ("Laurentiu Tudor <laurentiu.tudor@nxp.com> [Merged part 1 and part 2]",
         ["text after '>': '[Merged part 1 and part 2]'"]),
        ("Yuantian Tang <andy.tang@nxp.com>.", ["text after '>': '.'"]),
        ("Simon Glass <sjg@chromium.org>base", ["text after '>': 'base'"]),
        ("Ada Lovelace <ada@example.com> #", ["text after '>': '#'"]),
        ("Ada Lovelace <ada@example.com> ()", ["text after '>': '()'"]),
    ],
)  # fmt: skip
def test_other_text_after_the_address(value: str, problems: list[str]) -> None:
    person = parse_person(value)
    assert (person.comment, list(person.problems)) == ("", problems)


def test_name_of_an_address_with_brackets_inside() -> None:
    person = parse_person("Kristian Otnes <kotnes <at> cisco <dot> com>")
    assert (person.name, person.email, person.problems) == (
        "Kristian Otnes",
        "",
        ("bad address 'kotnes <at> cisco <dot> com'",),
    )


@pytest.mark.parametrize(
    ("email", "key"),
    [
        ("Ada+Kernel@Example.COM", "ada@example.com"),
        ("ada at example.com", "ada@example.com"),
        ("raul.benet_at_kaptivo.com", "raul.benet@kaptivo.com"),
        ("ada [at] example.com", "ada@example.com"),
        ("plagnioj at", "plagnioj at"),
        ("steve.sakomanlinaro.org", "steve.sakomanlinaro.org"),
    ],
)
def test_address_key(email: str, key: str) -> None:
    assert parse_person(f"Ada <{email}>").email_key == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Enric Balletbò i Serra <eballetbo@gmail.com>", "Enric Balletbo i Serra <enric.balletbo@collabora.com>"),
        ("Tudor Laurentiu <b10716@freescale.com>", "Laurentiu Tudor <Laurentiu.Tudor@freescale.com>"),
        ('"Lovelace, Ada" <ada@example.org>', "Ada Lovelace <ada@example.com>"),
        ("richardretanubun <richardretanubun@ruggedcom.com>", "Richard Retanubun <rr@example.com>"),
        ("Jean-Christophe PLAGNIOL-VILLARD <plagnioj at>", "Jean-Christophe Plagniol-Villard <plagnioj@jcrosoft.com>"),
        ("Ada Lovelace via B4 Relay <devnull+ada.example.com@kernel.org>", "Ada Lovelace <ada@example.com>"),
        ("Ada Lovelace <ada@example.com> # v6.6", "A. Lovelace <ADA@example.com>"),
        ("Ada Lovelace (Analytical Engines) <ada@example.org>", "Ada Lovelace <ada@example.com>"),
        ("benoit.thebaudeau@advans <benoit.thebaudeau@advans>", "Benoît Thébaudeau <benoit.thebaudeau@advansee.com>"),
        ("kevin_morfitt@example.co.uk <kevin_morfitt@example.co.uk>", "Kevin Morfitt <kmorfitt@laptop.localdomain>"),
    ],
)
def test_same_person(a: str, b: str) -> None:
    assert parse_person(a).same(parse_person(b))
    assert parse_person(b).same(parse_person(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ada Lovelace <ada@example.com>", "Ada Byron <ada.byron@example.com>"),
        ("Ada Lovelace <ada@example.com>", "Ada Lovelace-King <ada@example.org>"),
        ("michael <michael@panicking.retis>", "Michael Trimarchi <trimarchimichael@yahoo.it>"),
        ("Stephen Arnold <sarnold@vctlabs.com>", "Steve Arnold <stephen.arnold42@gmail.com>"),
        ("<ada@example.com>", "<bob@example.com>"),
        ("macro.wave.z@gmail.com <macro.wave.z@gmail.com>", "Hongbo Zhang <hongbo.zhang@nxp.com>"),
        ("... <ada@example.com>", "--- <bob@example.com>"),
    ],
)
def test_other_person(a: str, b: str) -> None:
    assert not parse_person(a).same(parse_person(b))


def test_ident_time() -> None:
    assert ident_time("Ada Lovelace <ada@example.com> 1700000000 +0100") == 1700000000
    assert ident_time("Ada Lovelace <ada@example.com>") is None
    assert ident_time("Ada Lovelace <ada@example.com> soon") is None


# ``Name <address> tail`` and the address are read without patterns (the hook compiles none for them);
# these patterns say what is accepted, and the readers must agree with them on anything.
IDENT = re.compile(r"\s*(?P<name>[^<>]*?)\s*<(?P<addr>[^<>]*)>(?P<tail>.*)$")
ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+|[^@\s<>]+@[^@\s<>.]+")

ident_piece = st.sampled_from(
    ["Ada", "Lovelace", " ", "\t", "\n", "\r", "\u00a0", "\u2003", "<", ">", "ada@example.com", "@", ".", "#",
     "(x)", "(", ")", "[", "]", ",", ";", ":", '"', "\u00e9", "x", "-"]
)  # fmt: skip
idents = st.lists(ident_piece, max_size=10).map("".join)


@settings(max_examples=3000)
@given(idents)
def test_ident_is_read_as_the_pattern_reads_it(value: str) -> None:
    m = IDENT.match(value)
    assert _ident(value) == (m.group("name", "addr", "tail") if m else None)


@settings(max_examples=3000)
@given(idents)
def test_address_is_valid_as_the_pattern_says(value: str) -> None:
    assert _valid_address(value) == bool(ADDRESS.fullmatch(value))


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("Ada Lovelace <ada@example.com>", ("Ada Lovelace", "ada@example.com", "")),
        ("  Ada \u00a0<ada@example.com> # 6.1+\n", ("Ada", "ada@example.com", " # 6.1+")),
        ("<ada@example.com>", ("", "ada@example.com", "")),
        ("Ada <ada@example.com> x\ny", None),
        ("Ada > <ada@example.com>", None),
        ("Ada <ada <at> example.com>", None),
        ("ada@example.com", None),
    ],
)
def test_ident_parts(value: str, parts: tuple[str, str, str] | None) -> None:
    assert _ident(value) == parts


@pytest.mark.parametrize(
    ("addr", "valid"),
    [
        ("ada@example.com", True),
        ("ada@localhost", True),
        ("ada(x)@localhost", True),
        ("ada(x)@example.com", False),
        ("ada@example.", False),
        ("ada@.com", False),
        ("ada@@example.com", False),
        ("ada lovelace@example.com", False),
        ("@example.com", False),
    ],
)
def test_valid_address(addr: str, valid: bool) -> None:
    assert _valid_address(addr) is valid
