"""L rules: the ``Link:`` to the posting on lore."""

from __future__ import annotations

import pytest

from tests.rules.kernel import (
    BACKPORT_NOTE,
    CHERRY,
    CRS,
    FASTRPC,
    LINK,
    LORE,
    MSGID,
    QCLINUX,
    QCLINUX_BODY,
    SOB,
    SOB_BJORN,
    SOB_BOB,
    UFS,
    UFS_BODY,
    UFS_LINK,
    check,
    context,
    fixed,
    message,
    only,
    where,
)
from trailercheck.engine import RuleSet, check_message
from trailercheck.fix import apply_edits
from trailercheck.model.message import Message

HOSTS = "lore.kernel.org, patch.msgid.link, msgid.link"


def fastrpc(*trailers: str, subject: str = FASTRPC) -> str:
    return message(subject, *trailers)


def with_link(value: str) -> str:
    return fastrpc(f"Link: {value}", SOB, CRS)


# -- L01 link-missing ----------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "prefix"),
    [
        (FASTRPC, "FROMLIST"),
        ("FROMGIT: clk: qcom: Add SM8750 GCC driver", "FROMGIT"),
        (UFS, "UPSTREAM"),
        ("BACKPORT: arm64: dts: qcom: sm8650: Add UFS ICE node", "BACKPORT"),
        ("BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount", "BACKPORT"),
    ],
)
def test_l01_qcom_needs_a_link_for_every_pick(subject: str, prefix: str) -> None:
    f = only(check(message(subject, SOB, CRS)), "L01")
    assert f.line == 1
    assert f.rule == "link-missing"
    assert f.severity == "error"
    assert f.message == f"{prefix}: commit has no Link: trailer to the posting"
    assert f.fix == "add 'Link: https://lore.kernel.org/all/<message-id>/'"
    assert f.edits == []


@pytest.mark.parametrize("profile", ["android", "chromeos"])
def test_l01_android_and_chromeos_need_it_for_fromlist_only(profile: str) -> None:
    assert where(check(fastrpc(SOB), profile)) == [("L01", 1)]
    assert check(message(UFS, SOB_BOB, SOB_BJORN, CHERRY, SOB, body=UFS_BODY), profile) == []
    assert check(message("FROMGIT: clk: qcom: Add SM8750 GCC driver", CHERRY, SOB), profile) == []
    backport = message("BACKPORT: FROMLIST: misc: fastrpc: Fix map refcount", BACKPORT_NOTE, SOB)
    f = only(check(backport, profile), "L01")
    assert f.message == "FROMLIST: commit has no Link: trailer to the posting"


def test_l01_upstream_profile_never_needs_a_link() -> None:
    findings = check(fastrpc(SOB), "upstream")
    assert [f.code for f in findings] == ["S03"]


def test_l01_downstream_prefixes_need_no_link() -> None:
    for subject in (QCLINUX, "PENDING: arm64: defconfig: Enable SM8750 pinctrl", "WORKAROUND: usb: dwc3: Skip reset"):
        assert check(message(subject, SOB, CRS, body=QCLINUX_BODY)) == []


def test_l01_malformed_prefix_declares_nothing_yet() -> None:
    assert where(check(fastrpc(SOB, subject="Fromlist: misc: fastrpc: Fix map refcount"))) == [("S02", 1)]


def test_l01_link_above_a_blank_line_still_counts() -> None:
    # The motivating case: the Link: is there, git just does not see it (T01 says so).
    text = fastrpc(LINK, "", SOB, CRS)
    assert where(check(text)) == [("T01", 10)]


def test_l01_link_key_in_any_case_counts() -> None:
    assert where(check(fastrpc(f"link: {LORE}", SOB))) == [("T02", 9)]


def test_l01_derived_from_message_id() -> None:
    text = fastrpc(f"Message-Id: <{MSGID}>", SOB, CRS)
    f = only(check(text), "L01")
    assert f.message == "FROMLIST: commit has no Link: trailer; the posting is named by Message-Id: on line 9"
    assert f.fix == f"add 'Link: https://lore.kernel.org/r/{MSGID}'"
    [edit] = f.edits
    assert (edit.line.no, edit.start, edit.end) == (10, 0, 0)
    assert fixed(text) == fastrpc(f"Message-Id: <{MSGID}>", f"Link: https://lore.kernel.org/r/{MSGID}", SOB, CRS)
    assert check(fixed(text)) == []


def test_l01_derived_from_message_id_without_brackets_and_in_git_am_case() -> None:
    text = fastrpc(f"Message-ID: {MSGID}", SOB_BOB, SOB)
    findings = check(text)
    # git am writes Message-ID: as the mail header is spelt: its case is not judged (no T02).
    assert where(findings) == [("L01", 1)]
    assert findings[0].message.endswith("the posting is named by Message-ID: on line 9")
    # The Link: goes in front of the last sign-off (the person who picked the patch).
    assert fixed(text) == fastrpc(f"Message-ID: {MSGID}", SOB_BOB, f"Link: https://lore.kernel.org/r/{MSGID}", SOB)


def test_l01_derived_from_upstream_status_submitted() -> None:
    url = f"https://lore.kernel.org/all/{MSGID}/"
    text = fastrpc(f"Upstream-Status: Submitted [{url}]", SOB)
    f = only(check(text), "L01")
    assert f.message == (
        "FROMLIST: commit has no Link: trailer; the posting is named by Upstream-Status: Submitted on line 9"
    )
    assert f.fix == f"add 'Link: {url}'"
    assert fixed(text) == fastrpc(f"Upstream-Status: Submitted [{url}]", f"Link: {url}", SOB)


def test_l01_submitted_elsewhere_is_reported_but_not_fixed() -> None:
    url = "https://patchwork.kernel.org/project/linux-arm-msm/patch/20241001-fastrpc-v1-1-abc@example.com/"
    text = fastrpc(f"Upstream-Status: Submitted [{url}]", SOB)
    f = only(check(text), "L01")
    assert f.fix == f"add 'Link: {url}'"
    assert f.edits == []
    assert fixed(text) == text


def test_l01_am_from_line() -> None:
    url = f"https://lore.kernel.org/r/{MSGID}"
    text = fastrpc(f"(am from {url})", SOB)
    f = only(check(text), "L01")
    assert f.message == "FROMLIST: commit has no Link: trailer; the posting is named by (am from ...) on line 9"
    assert fixed(text) == fastrpc(f"(am from {url})", f"Link: {url}", SOB)
    assert where(check(text, "android")) == [("L01", 1)]


@pytest.mark.parametrize("url", [f"https://lore.kernel.org/r/{MSGID}", "https://patchwork.kernel.org/patch/13826551/"])
def test_l01_chromeos_accepts_am_from_instead_of_a_link(url: str) -> None:
    text = message(
        "FROMLIST: drm/msm/dpu: Fix the CTL flush mask",
        f"(am from {url})",
        "",
        "BUG=b:351234567",
        "TEST=boot trogdor, run igt kms_flip",
        "",
        SOB,
        body="The flush mask misses the merge-3d bit.",
    )
    assert [f.code for f in check(text, "chromeos")] == []


def test_l01_derived_from_a_list_trailer_also_fixed_by_t04() -> None:
    text = fastrpc(f"List: {LORE}", SOB)
    findings = check(text)
    assert where(findings) == [("L01", 1), ("T04", 9)]
    assert findings[0].message.endswith("the posting is named by List: on line 9")


def test_l01_inserted_after_the_block_without_sign_off() -> None:
    text = fastrpc(f"Message-Id: <{MSGID}>", CRS)
    findings = check(text)
    assert where(findings) == [("L01", 1), ("O01", 9)]
    assert fixed(text) == fastrpc(f"Message-Id: <{MSGID}>", CRS, f"Link: https://lore.kernel.org/r/{MSGID}")


def test_l01_insertion_keeps_crlf() -> None:
    text = fastrpc(f"Message-Id: <{MSGID}>", SOB).replace("\n", "\r\n")
    out = fixed(text)
    assert out == fastrpc(f"Message-Id: <{MSGID}>", f"Link: https://lore.kernel.org/r/{MSGID}", SOB).replace(
        "\n", "\r\n"
    )


# -- L02 link-not-lore ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://patchwork.kernel.org/project/linux-arm-msm/patch/20241001-fastrpc-v1-1-abc@example.com/",
         "patchwork.kernel.org"),
        ("https://lkml.org/lkml/2024/10/1/512", "lkml.org"),
        ("https://marc.info/?l=linux-arm-msm&m=172779453012345", "marc.info"),
        ("https://www.spinics.net/lists/linux-arm-msm/msg123456.html", "www.spinics.net"),
        ("https://github.com/qualcomm-linux/kernel/pull/42", "github.com"),
        ("https://lore.kernel.org.example.com/r/20241001-fastrpc-v1-1-abc@example.com", "lore.kernel.org.example.com"),
    ],
)  # fmt: skip
def test_l02_not_an_accepted_archive(url: str, host: str) -> None:
    f = only(check(with_link(url)), "L02")
    assert f.line == 9
    assert f.severity == "error"
    assert f.message == f"Link: points at {host!r}, not at an accepted archive ({HOSTS})"
    assert f.fix == "link the posting on lore: https://lore.kernel.org/all/<message-id>/"


@pytest.mark.parametrize(
    "url",
    [
        LORE,
        f"https://lore.kernel.org/r/{MSGID}",
        f"https://lore.kernel.org/linux-arm-msm/{MSGID}/",
        f"https://lore.kernel.org/{MSGID}",
        f"https://patch.msgid.link/{MSGID}",
        f"https://msgid.link/{MSGID}",
        f"https://LORE.kernel.org/r/{MSGID}",
    ],
)
def test_l02_accepted_archives(url: str) -> None:
    assert check(with_link(url)) == []


def test_l02_one_lore_link_is_enough() -> None:
    text = fastrpc("Link: https://patchwork.kernel.org/patch/13826551/", LINK, SOB)
    assert check(text) == []


def test_l02_reports_the_first_link() -> None:
    text = fastrpc("Link: https://lkml.org/lkml/2024/10/1/512", "Link: https://marc.info/?l=linux-arm-msm&m=1", SOB)
    f = only(check(text), "L02")
    assert f.line == 9
    assert "'lkml.org'" in f.message


def test_l02_only_where_the_prefix_needs_a_link() -> None:
    text = message(QCLINUX, "Link: https://github.com/qualcomm-linux/kernel/issues/17", SOB, body=QCLINUX_BODY)
    assert check(text) == []
    assert [f.code for f in check(with_link("https://lkml.org/lkml/2024/10/1/512"), "upstream")] == ["S03"]


def test_l02_configured_hosts() -> None:
    text = with_link("https://lists.linaro.org/archives/list/linux-arm-msm/message/20241001-x@example.com/")
    ctx = context()
    ctx.lore_hosts = ("lists.linaro.org",)
    findings = check_message(Message.from_text(text), ctx, RuleSet("qcom"))
    assert findings == []
    lore = check_message(Message.from_text(with_link(LORE)), ctx, RuleSet("qcom"))
    assert where(lore) == [("L02", 9)]
    assert lore[0].message == "Link: points at 'lore.kernel.org', not at an accepted archive (lists.linaro.org)"


def test_l02_leaves_an_empty_link_to_t05() -> None:
    text = fastrpc("Link:", SOB)
    f = only(check(text), "T05")
    assert f.line == 9


# -- L03 link-malformed --------------------------------------------------------


FIXABLE_L03 = [
    (f"http://lore.kernel.org/r/{MSGID}", "http:// instead of https://", f"https://lore.kernel.org/r/{MSGID}"),
    (f"<https://lore.kernel.org/r/{MSGID}>", "angle brackets around the URL", f"https://lore.kernel.org/r/{MSGID}"),
    (
        f"https://lore.kernel.org/r/<{MSGID}>",
        "angle brackets around the message-id",
        f"https://lore.kernel.org/r/{MSGID}",
    ),
    (
        f"https://lore.kernel.org/r/%3C{MSGID}%3E",
        "angle brackets around the message-id",
        f"https://lore.kernel.org/r/{MSGID}",
    ),
    (
        f"<http://lore.kernel.org/all/{MSGID}/>",
        "angle brackets around the URL; http:// instead of https://",
        f"https://lore.kernel.org/all/{MSGID}/",
    ),
    (f"lore.kernel.org/r/{MSGID}", "no https:// in front of the URL", f"https://lore.kernel.org/r/{MSGID}"),
]


@pytest.mark.parametrize(("value", "problems", "canonical"), FIXABLE_L03, ids=range(len(FIXABLE_L03)))
def test_l03_brackets_and_http_are_fixed(value: str, problems: str, canonical: str) -> None:
    text = with_link(value)
    f = only(check(text), "L03")
    assert f.line == 9
    assert f.severity == "error"
    assert f.message == f"Link: {problems}"
    assert f.fix == f"write 'Link: {canonical}'"
    [edit] = f.edits
    assert (edit.line.no, edit.start, edit.end, edit.new) == (9, 6, 6 + len(value), canonical)
    out = fixed(text)
    assert out == with_link(canonical)
    assert check(out) == []


UNFIXABLE_L03 = [
    (f"https://lore.kernel.org/r/ {MSGID}", "whitespace in the URL; no message-id in the path"),
    ("https://lore.kernel.org/linux-arm-msm/", "no message-id in the path"),
    ("https://lore.kernel.org/r/20241001-fastrpc-v1-1-abc", "message-id without @"),
    (f"ftp://lore.kernel.org/r/{MSGID}", "ftp:// is not a web link"),
    ("https://lore.kernel.org/linux-arm-msm/20241001/fastrpc", "no message-id in the path"),
    ("https://lore.kernel.org/linux-arm-msm/ [1]", "no message-id in the path"),
]


@pytest.mark.parametrize(("value", "problem"), UNFIXABLE_L03, ids=range(len(UNFIXABLE_L03)))
def test_l03_other_problems_are_reported_only(value: str, problem: str) -> None:
    text = with_link(value)
    f = only(check(text), "L03")
    assert f.line == 9
    assert f.message == f"Link: {problem}"
    assert f.fix == "write 'Link: https://lore.kernel.org/all/<message-id>/'"
    assert f.edits == []
    assert fixed(text) == text


def test_l03_message_id_not_required_off_lore() -> None:
    # Off lore only L02 speaks: a patchwork URL has no message-id and that is not L03's business.
    assert [f.code for f in check(with_link("https://patchwork.kernel.org/patch/13826551/"))] == ["L02"]


def test_l03_applies_to_every_link_even_when_not_required() -> None:
    text = message(QCLINUX, f"Link: http://lore.kernel.org/r/{MSGID}", SOB, body=QCLINUX_BODY)
    assert where(check(text)) == [("L03", 5)]


def test_l03_folded_link_is_reported_without_an_edit() -> None:
    text = fastrpc(f"Link: <https://lore.kernel.org/r/{MSGID}", " >", SOB)
    findings = [f for f in check(text) if f.code == "L03"]
    assert [(f.line, f.message, f.edits) for f in findings] == [
        (9, "Link: angle brackets around the URL; whitespace in the URL", [])
    ]


# u-boot and kernel commits link datasheets, specifications, bug trackers and commits with
# Link: too; only the links to the mail archive are about a posting.
UB_SUBJECT = "mtd: spi-nor-ids: Add Infineon S28HS256T and S28HL256T"
UB_BODY = "Add the 256Mb members of the SEMPER Flash family; they share the octal DTR setup of the 512Mb parts."
UB_MSGID = "38f5d078-3328-4bdb-9c95-4fb5fe89ddc2@gmx.de"
UB_ANCHOR = "#m59f3a23e675daa992c28d12236de71cae2ca2bb9"
NOT_ARCHIVE = [
    "https://www.infineon.com/dgdl/Infineon-S28HS256T_S28HL256T_256Mb_SEMPER_Flash_Octal_interface_1_8V_3-DataSheet-"
    "v02_00-EN.pdf?fileId=8ac78c8c8fc2dd9c018fc66787aa0657",
    "https://gcc.gnu.org/bugzilla/show_bug.cgi?id=108915",
    "http://downloads.ti.com/tisci/esd/latest/5_soc_doc/am62px/clocks.html#clocks-for-board0-device",
    "http://patchwork.ozlabs.org/patch/664025/",
    "https://github.com/OP-TEE/optee_os/commit/a7f2d4bd8632 [1]",
    "https://github.com/riscv/riscv-zaamo-zalrsc/commit/d94c64c63e9120d56bdeb540caf2e5dae60a8126 # [1]",
    "[2] https://patchwork.ozlabs.org/project/uboot/list/?series=305766",
    "[1]: https://pypi.org/project/b4/",
    '[1] commit 43df0a159df6 ("stm32mp1: dynamically detect op-tee presence")',
    "https://www.ti.com/lit/pdf/spruj28 (Section 5.2.3.3.2.5 AVS-Class0)",
    "[1] https://lkml.kernel.org/lkml/1731551.Q6cHK6n5ZM@phil/T/",
    "<https://github.com/u-boot/u-boot/issues/17>",
    "https://lists.denx.de/pipermail/u-boot/2016-May/255812.html%40x/T/#u",
]


def uboot(*trailers: str) -> str:
    return message(UB_SUBJECT, *trailers, SOB, body=UB_BODY)


@pytest.mark.parametrize("url", NOT_ARCHIVE, ids=range(len(NOT_ARCHIVE)))
def test_l03_to_l05_leave_links_off_the_archive_alone(url: str) -> None:
    text = uboot(f"Link: {url}")
    assert check(text, "upstream") == []
    assert fixed(text, "upstream") == text
    codes = [f.code for f in check(message(QCLINUX, f"Link: {url}", SOB, body=QCLINUX_BODY))]
    assert codes == []


def test_l03_to_l05_judge_the_configured_archive() -> None:
    ctx = context("upstream")
    ctx.lore_hosts = ("lists.linaro.org",)
    text = uboot(
        f"Link: http://lore.kernel.org/u-boot/{UB_MSGID}/T/#u",
        "Link: http://lists.linaro.org/archives/list/linux-arm-msm/message/20241001-x@example.com/",
    )
    findings = check_message(Message.from_text(text), ctx, RuleSet("upstream"))
    assert [(f.code, f.line, f.message) for f in findings] == [("L03", 6, "Link: http:// instead of https://")]


ARCHIVE_CONVENTIONS = [
    "https://lore.kernel.org/linux-mediatek/20251203-mt8189-add-mmc-support-v1-1-f5ce43212fe9@collabora.com/ [1]",
    "https://lore.kernel.org/u-boot/20250729162035.209849-9-uros.stajic@htecgroup.com/ # [2]",
    "https://lore.kernel.org/all/Y4dgBTGNWpM6SQXI@francesco-nb.int.toradex.com/ [0]",
    "[1] https://lore.kernel.org/all/20211028191222.v3.4.Ib2e58ee67f4d023823d8b5404332dc4d7e847277@changeid/",
    f"[3]: https://lore.kernel.org/u-boot/{UB_MSGID}/",
    f"https://lore.kernel.org/r/{UB_MSGID} (v2)",
    f"https://lore.kernel.org/r/{UB_MSGID} # v2 of the series",
]


@pytest.mark.parametrize("value", ARCHIVE_CONVENTIONS, ids=range(len(ARCHIVE_CONVENTIONS)))
def test_l03_reference_numbers_and_comments_are_conventions(value: str) -> None:
    text = uboot(f"Link: {value}")
    assert check(text, "upstream") == []
    assert fixed(text, "upstream") == text


@pytest.mark.parametrize(
    ("value", "problem", "start", "end", "new", "canonical"),
    [
        (
            f"http://lore.kernel.org/u-boot/{UB_MSGID}/ # [2]",
            "http:// instead of https://",
            6,
            6 + len(f"http://lore.kernel.org/u-boot/{UB_MSGID}/"),
            f"https://lore.kernel.org/u-boot/{UB_MSGID}/",
            f"https://lore.kernel.org/u-boot/{UB_MSGID}/ # [2]",
        ),
        (
            f"[1] <https://lore.kernel.org/all/{UB_MSGID}/>",
            "angle brackets around the URL",
            10,
            10 + len(f"<https://lore.kernel.org/all/{UB_MSGID}/>"),
            f"https://lore.kernel.org/all/{UB_MSGID}/",
            f"[1] https://lore.kernel.org/all/{UB_MSGID}/",
        ),
        (
            f"lore.kernel.org/r/{UB_MSGID} [1]",
            "no https:// in front of the URL",
            6,
            6 + len(f"lore.kernel.org/r/{UB_MSGID}"),
            f"https://lore.kernel.org/r/{UB_MSGID}",
            f"https://lore.kernel.org/r/{UB_MSGID} [1]",
        ),
    ],
)
def test_l03_fix_keeps_reference_numbers_and_comments(
    value: str, problem: str, start: int, end: int, new: str, canonical: str
) -> None:
    text = uboot(f"Link: {value}")
    f = only(check(text, "upstream"), "L03")
    assert f.line == 5
    assert f.message == f"Link: {problem}"
    assert f.fix == f"write 'Link: {canonical}'"
    [edit] = f.edits
    assert (edit.line.no, edit.start, edit.end, edit.new) == (5, start, end, new)
    assert fixed(text, "upstream") == uboot(f"Link: {canonical}")


# -- L04 link-msgid-encoded ----------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "decoded", "what"),
    [
        ("20241001-fastrpc-v1-1-abc%40example.com", MSGID, "'@' as '%40'"),
        ("20241001-fastrpc-v1-1-abc%40EXAMPLE.com", "20241001-fastrpc-v1-1-abc@EXAMPLE.com", "'@' as '%40'"),
        (
            "1727794530-12345-1-git-send-email-quic_ada%2Bmsm%40quicinc.com",
            "1727794530-12345-1-git-send-email-quic_ada+msm@quicinc.com",
            "'+' as '%2B', '@' as '%40'",
        ),
        ("YNsm%2F0dmpBgO8mqr%40lunn.ch", "YNsm%2F0dmpBgO8mqr@lunn.ch", "'@' as '%40'"),
        (
            "CAHk-%3DwhX2%2Bq%40mail.gmail.com",
            "CAHk-=whX2+q@mail.gmail.com",
            "'=' as '%3D', '+' as '%2B', '@' as '%40'",
        ),
    ],
)
def test_l04_percent_encoded_message_id(encoded: str, decoded: str, what: str) -> None:
    text = with_link(f"https://lore.kernel.org/all/{encoded}/")
    f = only(check(text), "L04")
    assert f.line == 9
    assert f.severity == "warning"
    assert f.message == f"message-id {encoded!r} writes {what}"
    assert f.fix == f"write it as {decoded!r}"
    [edit] = f.edits
    start = len("Link: https://lore.kernel.org/all/")
    assert (edit.start, edit.end, edit.new) == (start, start + len(encoded), decoded)
    assert fixed(text) == with_link(f"https://lore.kernel.org/all/{decoded}/")


@pytest.mark.parametrize(
    "msgid",
    [
        "YNsm%2F0dmpBgO8mqr@lunn.ch",  # lore writes '/' in a message-id as %2F
        "YNsm%2f0dmpBgO8mqr@lunn.ch",
        "20100101.a%25b@example.com",
        "what%3Fnow@example.com",
        "1234%23x@example.com",
        "r%C3%A9sum%C3%A9@example.com",
    ],
)
def test_l04_what_lore_itself_encodes_is_part_of_the_message_id(msgid: str) -> None:
    text = uboot(f"Link: https://lore.kernel.org/all/{msgid}/")
    assert check(text, "upstream") == []
    assert fixed(text, "upstream") == text


def test_l04_and_l05_on_one_link_are_fixed_together() -> None:
    text = with_link("https://lore.kernel.org/r/20241001-fastrpc-v1-1-abc%40example.com/T/#u")
    assert where(check(text)) == [("L04", 9), ("L05", 9)]
    assert fixed(text) == with_link(f"https://lore.kernel.org/r/{MSGID}/")


def test_l04_encoding_outside_the_message_id_is_fine() -> None:
    assert check(with_link(f"https://lore.kernel.org/linux-arm-msm/{MSGID}/")) == []


# -- L05 link-not-message ------------------------------------------------------


@pytest.mark.parametrize(
    "suffix",
    ["/T/#u", "/T/#t", "/T/", "/t/", "/t.mbox.gz", "/raw", "#r", "/T/?q=fastrpc"],
)
def test_l05_thread_views_and_raw(suffix: str) -> None:
    text = with_link(f"https://lore.kernel.org/all/{MSGID}{suffix}")
    f = only(check(text), "L05")
    assert f.line == 9
    assert f.severity == "warning"
    assert f.message == f"Link: points at {suffix!r}, not at the message"
    assert f.fix == f"remove {suffix!r} after the message-id (keep one '/')"
    assert fixed(text) == with_link(LORE)


def test_l05_bare_message_urls_are_fine() -> None:
    assert check(with_link(f"https://lore.kernel.org/all/{MSGID}")) == []
    assert check(with_link(f"https://lore.kernel.org/all/{MSGID}/")) == []


@pytest.mark.parametrize(
    "suffix",
    [f"/T/{UB_ANCHOR}", f"/t/{UB_ANCHOR}", f"/{UB_ANCHOR}", "/T/#mf5e1b2", "/#Z31drivers:mtd:spi:spi-nor-ids.c"],
)
def test_l05_anchor_naming_one_message_is_a_link_to_it(suffix: str) -> None:
    text = uboot(f"Link: https://lore.kernel.org/u-boot/{UB_MSGID}{suffix}")
    assert check(text, "upstream") == []
    assert fixed(text, "upstream") == text


def test_l05_fix_keeps_reference_numbers_and_comments() -> None:
    text = uboot(
        "Link: [1] https://lore.kernel.org/linux-arm-kernel/20211029102118.GG6526@e120937-lin/T/",
        "Link: https://lore.kernel.org/u-boot/b698ec3e-d857-6512-8cc9-4edcab0a41b9@denx.de/T/#t # [2]",
    )
    findings = check(text, "upstream")
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("L05", 5, "Link: points at '/T/', not at the message"),
        ("L05", 6, "Link: points at '/T/#t', not at the message"),
    ]
    assert fixed(text, "upstream") == uboot(
        "Link: [1] https://lore.kernel.org/linux-arm-kernel/20211029102118.GG6526@e120937-lin/",
        "Link: https://lore.kernel.org/u-boot/b698ec3e-d857-6512-8cc9-4edcab0a41b9@denx.de/ # [2]",
    )


# -- L06 link-duplicate --------------------------------------------------------


@pytest.mark.parametrize(
    "second",
    [
        f"https://lore.kernel.org/r/{MSGID}",
        f"https://patch.msgid.link/{MSGID}",
        f"https://lore.kernel.org/linux-arm-msm/{MSGID}/",
    ],
)
def test_l06_same_message_id_in_another_form(second: str) -> None:
    text = fastrpc(LINK, f"Link: {second}", SOB)
    f = only(check(text), "L06")
    assert f.line == 10
    assert f.severity == "warning"
    assert f.message == f"Link: names message-id {MSGID!r} again (first on line 9)"
    assert f.fix == "remove line 10"
    assert f.edits == []


def test_l06_encoded_duplicate_is_compared_decoded() -> None:
    text = fastrpc(LINK, "Link: https://lore.kernel.org/r/20241001-fastrpc-v1-1-abc%40example.com", SOB)
    assert where(check(text)) == [("L04", 10), ("L06", 10)]


def test_l06_identical_lines_are_t06() -> None:
    assert where(check(fastrpc(LINK, LINK, SOB))) == [("T06", 10)]


def test_l06_different_messages_of_a_series_are_fine() -> None:
    text = fastrpc(LINK, "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-2-abc@example.com/", SOB)
    assert check(text) == []


def test_l06_across_a_split_block() -> None:
    text = fastrpc(LINK, "", f"Link: https://lore.kernel.org/r/{MSGID}", SOB)
    assert where(check(text)) == [("T01", 10), ("L06", 11)]


# -- realistic picks -----------------------------------------------------------


def test_upstream_pick_with_maintainer_link_is_clean() -> None:
    text = message(UFS, SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, SOB, body=UFS_BODY)
    assert check(text) == []


def test_link_severities() -> None:
    expected = {"L01": "error", "L02": "error", "L03": "error", "L04": "warning", "L05": "warning", "L06": "warning"}
    for profile in ("qcom", "android", "chromeos", "upstream"):
        assert {code: RuleSet(profile).severity_of(code) for code in expected} == expected


def test_apply_all_link_fixes_in_one_message() -> None:
    text = fastrpc(
        f"Link: <http://lore.kernel.org/r/{MSGID}>",
        "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-2-abc%40example.com/T/#u",
        SOB,
    )
    msg = Message.from_text(text)
    findings = check_message(msg, context(), RuleSet("qcom"))
    assert where(findings) == [("L03", 9), ("L04", 10), ("L05", 10)]
    out, applied = apply_edits(msg.lines, findings)
    assert [f.code for f in applied] == ["L03", "L04", "L05"]
    assert out == fastrpc(
        f"Link: https://lore.kernel.org/r/{MSGID}",
        "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-2-abc@example.com/",
        SOB,
    )
