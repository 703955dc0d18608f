"""O rules: sign-offs and authorship."""

from __future__ import annotations

import pytest

from tests.rules.kernel import (
    ADA,
    BJORN,
    BOB,
    CHERRY,
    CRS,
    FASTRPC,
    LINK,
    QCLINUX,
    QCLINUX_BODY,
    SOB,
    SOB_BJORN,
    SOB_BOB,
    UFS,
    UFS_BODY,
    UFS_LINK,
    check,
    message,
    only,
    rules,
    where,
)
from trailercheck.model.person import parse_person


def downstream(*trailers: str, body: str = QCLINUX_BODY) -> str:
    """A QCLINUX: change; its first trailer is on line 5."""
    return message(QCLINUX, *trailers, body=body)


def upstream_pick(*trailers: str) -> str:
    return message(UFS, *trailers, body=UFS_BODY)


# -- O01 signoff-missing -------------------------------------------------------


def test_o01_trailers_without_a_sign_off() -> None:
    f = only(check(downstream(CRS, "Reviewed-by: " + BOB)), "O01")
    assert f.line == 5
    assert f.rule == "signoff-missing"
    assert f.severity == "error"
    assert f.message == "no Signed-off-by: trailer"
    assert f.fix == "add your sign-off (git commit -s)"


def test_o01_no_trailer_block_reports_the_subject() -> None:
    assert where(check(downstream())) == [("O01", 1)]
    assert where(check(f"{QCLINUX}\n")) == [("O01", 1)]


def test_o01_fastrpc_pick_without_sign_off() -> None:
    assert where(check(message(FASTRPC, LINK, CRS))) == [("O01", 9)]


def test_o01_sign_off_in_the_body_counts_and_t08_says_where_it_is() -> None:
    # The one problem is where the sign-off stands: T08 says so, O01 does not repeat it.
    body = f"{QCLINUX_BODY}\n{SOB}\n\nThe ids come from the SM8750 TRM."
    findings = check(downstream(CRS, body=body))
    assert where(findings) == [("T08", 4)]


def test_o01_sign_off_above_a_blank_line_counts() -> None:
    # git does not see it, but T01 says so: no second error about the same line.
    assert where(check(downstream(SOB, "", CRS))) == [("T01", 6)]


def test_o01_misspelt_sign_off_is_no_sign_off() -> None:
    # The Android kernel's README: a commit without a (correctly written) sign-off is rejected.
    findings = check(downstream("Signed-of-by: " + ADA))
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("O01", 5, "no Signed-off-by: trailer; line 5 writes it Signed-of-by:"),
        ("T04", 5, "unknown key Signed-of-by: looks like Signed-off-by:"),
    ]


def test_o01_sign_off_key_in_any_case_counts() -> None:
    assert where(check(downstream("SIGNED-OFF-BY: " + ADA))) == [("T02", 5)]


def test_o01_empty_message_is_s05_only() -> None:
    assert where(check("")) == [("S05", 1)]


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos", "upstream"])
def test_o01_in_every_profile(profile: str) -> None:
    text = message("misc: fastrpc: Fix map refcount", "Reviewed-by: " + BOB)
    assert ("O01", 9) in where(check(text, profile))


# -- O02 signoff-author-missing ------------------------------------------------


def test_o02_only_somebody_else_signed_off() -> None:
    f = only(check(downstream(SOB_BOB, CRS)), "O02")
    assert f.line == 5
    assert f.severity == "error"
    assert f.message == f"no Signed-off-by: from the author {ADA}"
    assert f.fix == f"add 'Signed-off-by: {ADA}' or correct the author"


def test_o02_reports_the_last_sign_off() -> None:
    f = only(check(downstream(SOB_BOB, CRS, SOB_BJORN)), "O02")
    assert f.line == 7


@pytest.mark.parametrize(
    "signoff",
    [
        SOB,
        "Signed-off-by: Ada Lovelace <ADA@Example.COM>",
        "Signed-off-by: A. Lovelace <ada+kernel@example.com>",
        "Signed-off-by: Ada Lovelace <ada@quicinc.com>",
        "Signed-off-by: ada  lovelace <quic_ada@quicinc.com>",
        'Signed-off-by: "Ada Lovelace" <alovelace@codeaurora.org>',
    ],
)
def test_o02_author_matches_by_folded_address_or_name(signoff: str) -> None:
    assert check(downstream(SOB_BOB, signoff)) == []


def test_o02_author_with_subaddress() -> None:
    assert check(downstream(SOB), author="Ada Lovelace <ada+linux@example.com>") == []
    f = only(check(downstream(SOB), author="Charles Babbage <charles@example.com>"), "O02")
    assert f.message == "no Signed-off-by: from the author Charles Babbage <charles@example.com>"


def test_o02_without_a_known_author() -> None:
    assert check(downstream(SOB_BOB), author=None) == []


def test_o02_no_sign_off_at_all_is_o01_only() -> None:
    assert where(check(downstream(CRS))) == [("O01", 5)]


def test_o02_upstream_pick_keeps_the_upstream_author() -> None:
    # The upstream author signs first, the maintainer next, the person who picked it last.
    text = upstream_pick(SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, SOB)
    assert check(text, author=BOB) == []
    assert check(text, author=ADA) == []
    text = upstream_pick(SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY)
    f = only(check(text, author=ADA), "O02")
    assert f.line == 7


def test_o02_misspelt_sign_off_of_the_author_counts() -> None:
    assert where(check(downstream(SOB_BOB, "Signed-off-By: " + ADA))) == [("T02", 6)]
    assert where(check(downstream(SOB_BOB, "Sigend-off-by: " + ADA))) == [("T04", 6)]


def test_o02_sign_off_in_a_split_block_counts() -> None:
    assert where(check(downstream(SOB, "", SOB_BOB))) == [("T01", 6)]


def test_o02_author_sign_off_in_the_body_counts() -> None:
    # A devicetree sync picked from Linux: the upstream trailers are a body paragraph.
    body = (
        "Add device tree bindings for the clock and reset unit of RK3506.\n\n"
        f"{SOB}\n"
        "Reviewed-by: Conor Dooley <conor.dooley@microchip.com>\n"
        "Signed-off-by: Heiko Stuebner <heiko@sntech.de>\n\n"
        "[ upstream commit: 84898f8e9cea06f8178fc5ca53f068180f7bfba0 ]"
    )
    text = message("dt-bindings: clock: rockchip: Add RK3506 clock and reset unit", SOB_BOB, body=body)
    # The quoted upstream trailers stand where a pick keeps them: no T08, and no O02 either.
    assert where(check(text, "upstream")) == []
    f = only(check(text, "upstream", author="Finley Xiao <finley.xiao@rock-chips.com>", ignore=("T08",)), "O02")
    assert (f.line, f.message) == (11, "no Signed-off-by: from the author Finley Xiao <finley.xiao@rock-chips.com>")


def test_o02_quoted_sign_off_does_not_count() -> None:
    body = f"{QCLINUX_BODY}\n\nAda wrote:\n> Fix the ids.\n>\n> {SOB}"
    f = only(check(downstream(SOB_BOB, body=body)), "O02")
    assert f.line == 10


def test_o02_indented_sign_off_counts() -> None:
    # A body indented as a whole when the mail was applied.
    body = f" {QCLINUX_BODY}\n\n {SOB}"
    assert check(downstream(SOB_BOB, body=body)) == []


def test_o02_misspelt_sign_off_in_the_body_counts() -> None:
    body = f"{QCLINUX_BODY}\n\nSigned-off by: Ada Lovelace <ada_at_example.com>\nTested on SM8750 MTP."
    assert check(downstream(SOB_BOB, body=body)) == []


@pytest.mark.parametrize(
    ("author", "signoff"),
    [
        ("Enric Balletbò i Serra <eballetbo@gmail.com>", "Enric Balletbo i Serra <enric.balletbo@collabora.com>"),
        ("Tudor Laurentiu <b10716@freescale.com>", "Laurentiu Tudor <Laurentiu.Tudor@freescale.com>"),
        ("richardretanubun <richardretanubun@ruggedcom.com>", "Richard Retanubun <RichardRetanubun@RugggedCom.com>"),
        ("Ada Lovelace via B4 Relay <devnull+ada.example.com@kernel.org>", ADA),
        ("Ada Lovelace <ada@example.com>", "A. Lovelace <ada at example.com>"),
        ("Leonidas P. Papadakos <papadakospan@gmail.com>", "Leo Papadakos <papadakospan at gmail.com>"),
        ("Kristian Otnes <kotnes@cisco.com>", "Kristian Otnes <kotnes <at> cisco <dot> com>"),
        ("Marek Vasut <marek.vasut+renesas@mailbox.org>", "Marek Vasut <marek.vasut+renesas@mailbox.org> # Upport"),
        ("Jens Scharsig <js_at_ng@scharsoft.de>", "Jens Scharsig (BuS Elektronik) <esw@bus-elektronik.de>"),
    ],
)
def test_o02_the_same_person_written_another_way(author: str, signoff: str) -> None:
    findings = check(downstream(f"Signed-off-by: {signoff}"), author=author)
    assert "O02" not in [f.code for f in findings]


@pytest.mark.parametrize(
    ("author", "signoff"),
    [
        ("michael <michael@panicking.retis>", "Michael Trimarchi <trimarchimichael@yahoo.it>"),
        ("jk.kernel@gmail.com <jk.kernel@gmail.com>", "Ziyuan Xu <xzy.xu@rock-chips.com>"),
        ("Wang Huan <b18965@freescale.com>", "Alison Wang <alison.wang@freescale.com>"),
        ("Ada Lovelace <ada@example.com>", "Ada Byron <ada.byron@example.org>"),
        ("Ada Lovelace <ada@example.com>", "Ada Lovelace-King <ada@example.org>"),
    ],
)
def test_o02_somebody_else(author: str, signoff: str) -> None:
    f = only(check(downstream(f"Signed-off-by: {signoff}"), author=author), "O02")
    assert f.message == f"no Signed-off-by: from the author {parse_person(author)}"


def test_o02_only_a_body_sign_off_of_somebody_else() -> None:
    body = f"{QCLINUX_BODY}\n\n{SOB_BOB}\n\nThe ids come from the SM8750 TRM."
    findings = check(downstream(CRS, body=body))
    assert where(findings) == [("O02", 5), ("T08", 5)]


# -- O04 signoff-malformed -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        ("Ada Lovelace", "missing address"),
        ("ada@example.com", "missing name, address not in <...>"),
        ("<ada@example.com>", "missing name"),
        ("Ada Lovelace <ada>", "bad address 'ada'"),
        ("Ada Lovelace <ada@@example.com>", "bad address 'ada@@example.com'"),
        ("Ada Lovelace <>", "empty address"),
        ("Ada Lovelace <ada@example.com> [for the DT part]", "text after '>': '[for the DT part]'"),
        ("Ada Lovelace <ada@example.com>.", "text after '>': '.'"),
        ("Ada Lovelace <ada@example.com>a # rebased on -next", "text after '>': 'a # rebased on -next'"),
        ("Ada Lovelace <ada@example.com> #", "text after '>': '#'"),
        ("Ada Lovelace <ada at example.com>", "bad address 'ada at example.com'"),
        ("Ada Lovelace <ada <at> example.com>", "bad address 'ada <at> example.com'"),
        (
            "Ada Lovelace <ada@example.com<mailto:ada@example.com>>",
            "a '<mailto:...>' inside the address 'ada@example.com<mailto:ada@example.com>'",
        ),
    ],
)
def test_o04_not_name_and_address(value: str, problems: str) -> None:
    f = only(check(downstream(f"Signed-off-by: {value}")), "O04")
    assert f.line == 5
    assert f.severity == "error"
    assert f.message == f"sign-off {value!r} is not 'Name <address>': {problems}"
    assert f.fix == "write 'Signed-off-by: Full Name <address>'"


@pytest.mark.parametrize(
    "value",
    [
        ADA,
        '"Lovelace, Ada" <ada@example.com>',
        "Ada Lovelace <ada@localhost>",
        "Ada Lovelace <quic_ada+msm@quicinc.com>",
        "Ada Lovelace (Qualcomm) <ada@example.com>",
        "Ada Lovelace <ada@example.com> # for the DT part",
        "Ada Lovelace <ada@example.com> #U-Boot port",
        "Ada Lovelace <ada@example.com> (U-Boot port)",
        'Ada Lovelace <ada@example.com> # Pick from Linux 854a4766ac12 ("arm64: dts: imx8mm: Add the pcie support")',
    ],
)
def test_o04_well_formed(value: str) -> None:
    assert check(downstream(f"Signed-off-by: {value}")) == []


def test_o04_each_bad_sign_off_once() -> None:
    findings = check(downstream("Signed-off-by: Bob Example", SOB, "Signed-off-by: <bjorn@kernel.org>"))
    assert where(findings) == [("O04", 5), ("O04", 7)]


def test_o04_only_sign_offs_are_checked() -> None:
    assert check(downstream("Reviewed-by: Bob Example", "Cc: stable@vger.kernel.org", SOB)) == []


def test_o04_misspelt_key_still_checked() -> None:
    findings = check(downstream("Signed-of-by: Ada Lovelace"))
    assert where(findings) == [("O01", 5), ("O04", 5), ("T04", 5)]


def test_o04_empty_sign_off_is_t05() -> None:
    assert where(check(downstream("Signed-off-by:", SOB))) == [("T05", 5)]


# -- O05 codeveloped-without-signoff -------------------------------------------


def test_o05_co_developer_did_not_sign_off() -> None:
    f = only(check(downstream(f"Co-developed-by: {BOB}", SOB)), "O05")
    assert f.line == 5
    assert f.severity == "error"
    assert f.message == f"Co-developed-by: {BOB} is not followed by their Signed-off-by:"
    assert f.fix == f"add 'Signed-off-by: {BOB}' on the next line"


def test_o05_sign_off_of_somebody_else_next() -> None:
    f = only(check(downstream(f"Co-developed-by: {BOB}", SOB_BJORN, SOB)), "O05")
    assert f.line == 5
    f = only(check(downstream(SOB_BOB, f"Co-developed-by: {BJORN}", SOB)), "O05")
    assert (f.line, f.message) == (6, f"Co-developed-by: {BJORN} is not followed by their Signed-off-by:")


def test_o05_co_developed_by_last() -> None:
    f = only(check(downstream(SOB, f"Co-developed-by: {BOB}")), "O05")
    assert f.line == 6


def test_o05_sign_off_elsewhere_is_not_enough() -> None:
    f = only(check(downstream(SOB_BOB, f"Co-developed-by: {BOB}", SOB)), "O05")
    assert f.line == 6


@pytest.mark.parametrize(
    "trailers",
    [
        (f"Co-developed-by: {BOB}", SOB_BOB, SOB),
        (f"Co-developed-by: {BOB}", SOB_BOB, f"Co-developed-by: {BJORN}", SOB_BJORN, SOB),
        (f"Co-developed-by: {BOB}", "Signed-off-by: Robert Example <bob+lkml@example.com>", SOB),
        (f"Co-developed-by: {BOB}", "Signed-off-by: Bob Example <bob@codeaurora.org>", SOB),
        (f"Co-developed-by: {BOB} # the DT part", f"{SOB_BOB} # the DT part", SOB),
    ],
)
def test_o05_co_developer_signs_off_next(trailers: tuple[str, ...]) -> None:
    assert check(downstream(*trailers)) == []


def test_o05_across_a_split_block_is_only_t01() -> None:
    assert where(check(downstream(f"Co-developed-by: {BOB}", "", SOB_BOB, SOB))) == [("T01", 6)]


def test_o05_two_co_developers_one_missing() -> None:
    findings = check(downstream(f"Co-developed-by: {BOB}", f"Co-developed-by: {BJORN}", SOB_BJORN, SOB))
    assert where(findings) == [("O05", 5)]


# -- all together --------------------------------------------------------------


def test_signoff_severities() -> None:
    for profile in ("qcom", "android", "chromeos", "upstream"):
        assert {c: rules(profile).severity_of(c) for c in ("O01", "O02", "O04", "O05")} == dict.fromkeys(
            ("O01", "O02", "O04", "O05"), "error"
        )


def test_clean_picks() -> None:
    assert check(message(FASTRPC, LINK, SOB, CRS)) == []
    text = upstream_pick(SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, SOB)
    assert check(text) == []


def test_o05_nothing_may_stand_between_co_developed_by_and_the_sign_off() -> None:
    from trailercheck.engine import RuleSet, check_message
    from trailercheck.model.message import Message
    from trailercheck.model.person import parse_person
    from trailercheck.rules import Context

    text = (
        "QCLINUX: soc: qcom: Fix\n\nBody.\n\n"
        "Co-developed-by: Bob Example <bob@example.com>\n"
        "[bob: rebased]\n"
        "Signed-off-by: Bob Example <bob@example.com>\n"
        "Signed-off-by: Ada Lovelace <ada@example.com>\n"
    )
    ada = parse_person("Ada Lovelace <ada@example.com>")
    findings = check_message(Message.from_text(text, author=ada), Context(), RuleSet("qcom"))
    assert [(f.code, f.line) for f in findings] == [("O05", 5)]


def test_o02_reads_a_bare_address_and_leaves_empty_sign_offs_to_t05() -> None:
    from trailercheck.engine import RuleSet, check_message
    from trailercheck.model.message import Message
    from trailercheck.model.person import parse_person
    from trailercheck.rules import Context

    ada = parse_person("Ada Lovelace <ada@example.com>")
    bare = "QCLINUX: soc: qcom: Fix\n\nBody.\n\nSigned-off-by: Ada Lovelace ada@example.com\n"
    findings = check_message(Message.from_text(bare, author=ada), Context(), RuleSet("qcom"))
    assert [(f.code, f.line) for f in findings] == [("O04", 5)]
    empty = "QCLINUX: soc: qcom: Fix\n\nBody.\n\nSigned-off-by:\n"
    findings = check_message(Message.from_text(empty, author=ada), Context(), RuleSet("qcom"))
    assert [(f.code, f.line) for f in findings] == [("T05", 5)]


def test_o05_co_developer_signed_off_further_down_is_an_order_problem() -> None:
    # The co-developer applied the patch too: their sign-off is the last one, not the next line.
    text = downstream(
        "Co-developed-by: Bob Example <bob@example.com>",
        SOB,
        "Reviewed-by: Bjorn Andersson <andersson@kernel.org>",
        SOB_BOB,
    )
    f = only(check(text), "O05")
    assert (f.line, f.message, f.fix, f.edits) == (
        5,
        "Co-developed-by: Bob Example <bob@example.com> is not directly followed by their Signed-off-by: (line 8)",
        "move line 5 to just above line 8",
        [],
    )


def test_signoff_lines_are_every_line_that_reads_as_one() -> None:
    from trailercheck.model.message import Message
    from trailercheck.rules.signoff import _SIGNOFF_LINE_RE, signoff_lines

    texts = [
        "Signed-off-by: A <a@b>\n\nbody\n  signed off by: Bob <b@c>\nSIGNED_OFF_BY: C <c@d>\n",
        "subject\n\nturn it off\nSigned-off-by: A <a@b>\noff\nSigned-Off-By:   D <d@e>  \n",
        "subject\n\n\u0130 is wider in lower case\nSigned-off-by: A <a@b>\n",
        "subject\n\noffset\r\nsigned-of-by: typo\r\nSigned-off-by: E <e@f>\r\n",
        "subject\n\nno sign-off here\n",
        "subject\n\n> Signed-off-by: quoted <q@r>\nSigned-off-by: F <f@g>",
    ]
    for text in texts:
        msg = Message.from_text(text)
        expected = []
        for line in msg.lines[msg.title_end :]:
            m = _SIGNOFF_LINE_RE.match(line.content)
            if m is not None:
                expected.append((line.no, m.group(1)))
        assert signoff_lines(msg) == expected, text
    assert signoff_lines(Message.from_text(texts[0])) == [(4, "Bob <b@c>"), (5, "C <c@d>")]
