"""Patch files and mboxes: real ``git format-patch`` output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.builders import commit, git, run_cli
from trailercheck.errors import UsageError
from trailercheck.sources.patch import clean_subject, is_bare_mail, is_cover_letter, read_mails, split_mbox

LONG_SUBJECT = (
    "FROMLIST: arm64: dts: qcom: qcs615: Add the display subsystem nodes for the RB3 Gen 2 board and the IoT variant"
)


def make_series(repo: Path, author: str = "Jörg Rödel <joerg@example.com>") -> list[Path]:
    messages = [
        f"{LONG_SUBJECT}\n\nAdd nodes.\n\nLink: https://lore.kernel.org/r/1@example.com\nSigned-off-by: {author}\n",
        "UPSTREAM: misc: fastrpc: Fix\n\nFix it.\n\n(cherry picked from commit "
        "0123456789abcdef0123456789abcdef01234567)\nLink: https://lore.kernel.org/r/2@example.com\n\n"
        f"Signed-off-by: {author}\n",
    ]
    for i, message in enumerate(messages):
        commit(repo, message, {f"f{i}": f"{i}\n"}, author=author)
    out = repo / "out"
    git(repo, "format-patch", "-q", "-o", str(out), "-2")
    return sorted(out.glob("*.patch"))


def test_format_patch_files(repo: Path) -> None:
    first, second = make_series(repo)
    assert b"Subject: [PATCH 1/2]" in first.read_bytes()
    assert b"=?UTF-8?q?" in first.read_bytes()  # the author name is RFC 2047 encoded
    [mail] = read_mails(first.read_bytes(), str(first))
    assert mail.subject == LONG_SUBJECT
    assert mail.author == "Jörg Rödel <joerg@example.com>"
    assert [line.text for line in mail.lines[:3]] == [LONG_SUBJECT, "", "Add nodes."]
    proc = run_cli("patch", "--format", "json", str(first), str(second))
    doc = json.loads(proc.stdout)
    assert [r["source"] for r in doc["results"]] == [str(first), str(second)]
    assert doc["results"][0]["findings"] == []
    assert [(f["code"], f["line"]) for f in doc["results"][1]["findings"]] == [("T01", 7)]
    assert proc.returncode == 1


def test_mbox_with_several_messages(repo: Path) -> None:
    make_series(repo)
    mbox = repo / "series.mbox"
    mbox.write_bytes(git(repo, "format-patch", "--stdout", "-2").encode("utf-8", "surrogateescape"))
    assert len(split_mbox(mbox.read_bytes())) == 2
    proc = run_cli("patch", "--format", "json", str(mbox))
    results = json.loads(proc.stdout)["results"]
    assert [r["source"] for r in results] == [f"{mbox}:1", f"{mbox}:2"]
    assert [r["subject"] for r in results] == [LONG_SUBJECT, "UPSTREAM: misc: fastrpc: Fix"]
    text = run_cli("patch", str(mbox)).stdout
    assert text.startswith(f"{mbox}:2:7: T01 trailer-block-blank-line: ")


def test_author_from_header_drives_o02(repo: Path) -> None:
    [first, _] = make_series(repo, author="Bob Example <bob@example.com>")
    data = first.read_text().replace("From: Bob Example <bob@example.com>", "From: Carol <carol@example.com>")
    first.write_text(data)
    proc = run_cli("patch", "--format", "json", str(first))
    findings = json.loads(proc.stdout)["results"][0]["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("O02", 6)]
    assert "Carol <carol@example.com>" in findings[0]["message"]


def test_subject_cleanup_like_mailinfo() -> None:
    assert clean_subject("[PATCH v3 2/7] FROMLIST: foo") == "FROMLIST: foo"
    assert clean_subject("[RFC PATCH] [PATCH 1/2] UPSTREAM: foo") == "UPSTREAM: foo"
    assert clean_subject("Re: [PATCH] foo") == "foo"
    # Other bracket groups are part of the subject (S02 reports "[FROMLIST]").
    assert clean_subject("[PATCH] [FROMLIST] foo") == "[FROMLIST] foo"
    assert clean_subject("[PATCH]  QCLINUX:   folded\n  subject") == "QCLINUX: folded subject"


def test_quoted_printable_body(tmp_path: Path) -> None:
    patch = tmp_path / "qp.patch"
    patch.write_bytes(
        b"From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
        b"From: Ada Lovelace <ada@example.com>\n"
        b"Subject: [PATCH] QCLINUX: soc: fix\n"
        b"Content-Type: text/plain; charset=UTF-8\n"
        b"Content-Transfer-Encoding: quoted-printable\n"
        b"\n"
        b"A long line that was wrapped by the mailer because it is longer than seventy=\n"
        b" six characters, with J=C3=B6rg.\n"
        b"\n"
        b"Signed-off-by: Ada Lovelace <ada@example.com>\n"
        b"---\n"
        b" f | 1 +\n"
    )
    [mail] = read_mails(patch.read_bytes(), str(patch))
    assert mail.lines[2].text == (
        "A long line that was wrapped by the mailer because it is longer than seventy six characters, with Jörg."
    )
    assert run_cli("patch", str(patch)).returncode == 0


def test_in_body_from_overrides_header(tmp_path: Path) -> None:
    patch = tmp_path / "fwd.patch"
    patch.write_text(
        "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
        "From: Maintainer <m@example.com>\n"
        "Subject: [PATCH] QCLINUX: soc: fix\n"
        "\n"
        "From: Ada Lovelace <ada@example.com>\n"
        "\n"
        "Body.\n"
        "\n"
        "Signed-off-by: Ada Lovelace <ada@example.com>\n"
        "---\n"
    )
    [mail] = read_mails(patch.read_bytes(), str(patch))
    assert mail.author == "Ada Lovelace <ada@example.com>"
    assert [line.text for line in mail.lines] == [
        "QCLINUX: soc: fix",
        "",
        "Body.",
        "",
        "Signed-off-by: Ada Lovelace <ada@example.com>",
    ]


def test_unreadable_patch_is_exit_2(tmp_path: Path) -> None:
    proc = run_cli("patch", str(tmp_path / "none.patch"))
    assert proc.returncode == 2
    assert proc.stderr == f"trailercheck: cannot read {tmp_path / 'none.patch'}: No such file or directory\n"


def test_patch_with_repo_that_is_not_a_repository(tmp_path: Path) -> None:
    patch = tmp_path / "x.patch"
    patch.write_text(
        "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] QCLINUX: x\n\nBody.\n"
    )
    proc = run_cli("patch", "--format", "json", "--repo", str(tmp_path), str(patch))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"trailercheck: not a git repository: {tmp_path}\n"


FROM_LINE = b"From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"


def mail(subject: str, body: str = "Body.\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n") -> bytes:
    return FROM_LINE + f"From: Ada Lovelace <ada@example.com>\nSubject: {subject}\n\n{body}---\n f | 1 +\n".encode()


def test_cover_letter_subjects() -> None:
    for subject in (
        "[PATCH 0/2] *** SUBJECT HERE ***",
        "[PATCH v2 0/7] arm64: dts: qcom: sm8550: Add PCIe1",
        "[RFC PATCH 00/12] media: venus: Rework the buffer handling",
        "[PATCH net-next v3 0/4] net: stmmac: qcom-ethqos: Fix the RGMII clocks",
        "[PATCH 5.10 000/123] 5.10.210-rc1 review",
        "Re: [PATCH 0/3] soc: qcom: llcc: Add SM8650",
        "[PATCH RESEND\n 0/2] folded header",
    ):
        assert is_cover_letter(subject), subject
    for subject in (
        "[PATCH 1/2] FROMLIST: soc: qcom: socinfo: Add the SM8550 HDK id",
        "[PATCH v2 10/12] media: venus: Drop the old path",
        "[PATCH] clk: qcom: gcc: Fix the 0/1 divider of the USB clock",
        "QCLINUX: 0/3 is not a counter here",
        "",
    ):
        assert not is_cover_letter(subject), subject


def test_cover_letter_is_skipped_and_indices_count_patches() -> None:
    data = (
        mail("[PATCH v2 0/2] PCIe1 for the SM8550 HDK", "*** BLURB ***\n\n")
        + mail("[PATCH v2 1/2] FROMLIST: one")
        + mail("[PATCH v2 2/2] FROMLIST: two")
    )
    assert len(split_mbox(data)) == 3
    mails = read_mails(data, "s.mbox")
    assert [(m.index, m.subject) for m in mails] == [(1, "FROMLIST: one"), (2, "FROMLIST: two")]


def test_text_before_the_first_from_line_is_no_mail() -> None:
    preamble = b"# SPDX-License-Identifier: MIT\n\nSigned-off-by: Someone Else <else@example.com>\n\n"
    data = preamble + mail("[PATCH] FROMLIST: one")
    assert split_mbox(data) == [mail("[PATCH] FROMLIST: one")]
    [only] = read_mails(data, "x.patch")
    assert (only.index, only.author) == (1, "Ada Lovelace <ada@example.com>")
    assert [line.text for line in only.lines] == [
        "FROMLIST: one",
        "",
        "Body.",
        "",
        "Signed-off-by: Ada Lovelace <ada@example.com>",
    ]
    # A bare mail (lore's /raw) before an mbox is a mail of its own.
    bare = mail("[PATCH 1/2] FROMLIST: one")[len(FROM_LINE) :]
    data = bare + mail("[PATCH 2/2] FROMLIST: two")
    assert split_mbox(data) == [bare, mail("[PATCH 2/2] FROMLIST: two")]
    assert [(m.index, m.subject) for m in read_mails(data, "x.mbox")] == [(1, "FROMLIST: one"), (2, "FROMLIST: two")]


def test_bare_mail_detection() -> None:
    bare = mail("[PATCH] FROMLIST: one")[len(FROM_LINE) :]
    assert is_bare_mail(bare)
    assert split_mbox(bare) == [bare]
    assert is_bare_mail(b"Return-Path: <a@example.com>\r\nReceived: from x\r\n\tby y\r\nSubject: x\r\n\r\nbody\r\n")
    assert is_bare_mail(b"Subject: headers only, no body")
    # A commit message's subject looks like a header field; it is not a mail without Subject:/From:.
    assert not is_bare_mail(b"FROMLIST: soc: qcom: fix\n\nSubject: quoted\n")
    assert not is_bare_mail(b'Fixes: 0123456789ab ("soc: qcom: fix")\nSubject: x\nnot a header\n\n')
    assert not is_bare_mail(b"\tSubject: continuation first\n\n")
    assert not is_bare_mail(b"Some note: Subject: x\n\n")
    assert not is_bare_mail(b"")
    assert split_mbox(b"plain text\n") == []


def test_file_without_mail_raises_usage_error() -> None:
    with pytest.raises(UsageError) as exc:
        read_mails(b"", "empty.patch")
    assert str(exc.value) == "empty.patch: empty file; not a format-patch file or mbox"
    with pytest.raises(UsageError) as exc:
        read_mails(b"\x7fELF\x02\x01\x01\x00\x00", "a.out")
    assert str(exc.value) == "a.out: binary file; not a format-patch file or mbox"


def test_author_date_from_the_date_header() -> None:
    mail = (
        b"From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
        b"From: Ada Lovelace <ada@example.com>\n"
        b"Date: Tue, 4 Jun 2019 14:00:00 +0200\n"
        b"Subject: [PATCH] misc: fastrpc: Fix map refcount\n\n"
        b"Drop the extra reference.\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n---\n"
    )
    [m] = read_mails(mail, "0001.patch")
    assert m.date == 1559649600
    # An in-body Date: is the one git am records.
    inbody = mail.replace(
        b"\n\nDrop", b"\n\nFrom: Bob Example <bob@example.com>\nDate: Mon, 12 Feb 2024 10:00:00 +0000\n\nDrop"
    )
    [m] = read_mails(inbody, "0001.patch")
    assert (m.author, m.date) == ("Bob Example <bob@example.com>", 1707732000)
    [m] = read_mails(mail.replace(b"Tue, 4 Jun 2019 14:00:00 +0200", b"yesterday"), "0001.patch")
    assert m.date is None
    [m] = read_mails(mail.replace(b"Date: Tue, 4 Jun 2019 14:00:00 +0200\n", b""), "0001.patch")
    assert m.date is None
