"""``trailercheck patch`` on files as people have them: series with cover letters, licence headers, bare mails,
and files that hold no mail at all."""

from __future__ import annotations

import json
from pathlib import Path

from tests.builders import commit, git, run_cli

FIRST = (
    "FROMLIST: arm64: dts: qcom: sm8550: Add the PCIe1 PHY nodes\n\n"
    "Add the PCIe1 PHY so the second slot works on the HDK.\n\n"
    "Link: https://lore.kernel.org/r/20240101-pcie1-v2-1-abc@linaro.org\n"
    "Signed-off-by: Ada Lovelace <ada@example.com>\n"
)
SECOND = (
    "FROMLIST: soc: qcom: socinfo: Add the SM8550 HDK id\n\n"
    "The HDK reports its own platform id; name it.\n\n"
    "Link: https://lore.kernel.org/r/20240101-pcie1-v2-2-abc@linaro.org\n\n"
    "Signed-off-by: Ada Lovelace <ada@example.com>\n"
)
T01_SECOND = "6: T01 trailer-block-blank-line: blank line between Link: (line 5) and Signed-off-by: (line 7)\n"

LICENCE = (
    "# SPDX-License-Identifier: BSD-3-Clause-Clear\n"
    "# Copyright (c) 2024 Qualcomm Innovation Center, Inc. All rights reserved.\n"
    "\n"
    "Upstream-Status: Submitted [https://lore.kernel.org/r/20240101-pcie1-v2-1-abc@linaro.org]\n"
    "\n"
)


def commit_series(repo: Path) -> None:
    for i, message in enumerate((FIRST, SECOND)):
        commit(repo, message, {f"f{i}": f"{i}\n"})


def results(proc_stdout: str) -> list[tuple[str, str, list[tuple[str, int]]]]:
    doc = json.loads(proc_stdout)
    return [(r["source"], r["subject"], [(f["code"], f["line"]) for f in r["findings"]]) for r in doc["results"]]


def test_cover_letter_file_of_a_series_is_skipped(repo: Path) -> None:
    commit_series(repo)
    git(repo, "format-patch", "-q", "-v2", "--cover-letter", "-o", "out", "-2")
    files = sorted((repo / "out").glob("*.patch"))
    assert [f.name[:9] for f in files] == ["v2-0000-c", "v2-0001-F", "v2-0002-F"]
    assert b"Subject: [PATCH v2 0/2] *** SUBJECT HERE ***" in files[0].read_bytes()
    paths = [str(f) for f in files]
    proc = run_cli("patch", "--format", "json", *paths)
    assert results(proc.stdout) == [
        (paths[1], FIRST.split("\n")[0], []),
        (paths[2], SECOND.split("\n")[0], [("T01", 6)]),
    ]
    assert json.loads(proc.stdout)["summary"] == {"checked": 2, "errors": 1, "warnings": 0}
    assert proc.returncode == 1
    # The cover letter alone: nothing to check, nothing wrong.
    alone = run_cli("patch", "--format", "json", paths[0])
    assert (alone.returncode, alone.stderr, json.loads(alone.stdout)["results"]) == (0, "", [])


def test_mbox_numbering_counts_only_the_patches(repo: Path) -> None:
    commit_series(repo)
    mbox = repo / "series.mbox"
    mbox.write_text(git(repo, "format-patch", "--rfc", "--cover-letter", "--stdout", "-2"))
    assert mbox.read_text().count("Subject: [RFC PATCH 0/2] *** SUBJECT HERE ***") == 1
    proc = run_cli("patch", "--format", "json", str(mbox))
    assert results(proc.stdout) == [
        (f"{mbox}:1", FIRST.split("\n")[0], []),
        (f"{mbox}:2", SECOND.split("\n")[0], [("T01", 6)]),
    ]
    text = run_cli("patch", str(mbox))
    assert text.stdout.splitlines()[0] == f"{mbox}:2:{T01_SECOND.rstrip()}"
    assert text.returncode == 1


def test_mbox_of_a_cover_letter_and_one_patch_is_named_as_the_file(repo: Path) -> None:
    commit_series(repo)
    mbox = repo / "one.mbox"
    mbox.write_text(git(repo, "format-patch", "--cover-letter", "--stdout", "-1"))
    assert "Subject: [PATCH 0/1] *** SUBJECT HERE ***" in mbox.read_text()
    proc = run_cli("patch", "--format", "json", str(mbox))
    assert results(proc.stdout) == [(str(mbox), SECOND.split("\n")[0], [("T01", 6)])]


def test_licence_header_before_the_patch_is_not_a_message(repo: Path) -> None:
    commit_series(repo)
    git(repo, "format-patch", "-q", "-o", "out", "-1")
    [patch] = (repo / "out").glob("*.patch")
    plain = patch.read_text()
    patch.write_text(LICENCE + plain)
    proc = run_cli("patch", str(patch))
    assert proc.stdout.splitlines()[0] == f"{patch}:{T01_SECOND.rstrip()}"
    assert proc.stdout.splitlines()[-1] == "1 error, 0 warnings in 1 message"
    assert (proc.returncode, proc.stderr) == (1, "")
    # Free text above an mbox of two: still two messages, numbered from 1.
    mbox = repo / "series.mbox"
    mbox.write_text(
        "Picked from the v2 posting, rebased on qcom-next.\n\n" + git(repo, "format-patch", "--stdout", "-2")
    )
    proc = run_cli("patch", "--format", "json", str(mbox))
    assert [(source, findings) for source, _, findings in results(proc.stdout)] == [
        (f"{mbox}:1", []),
        (f"{mbox}:2", [("T01", 6)]),
    ]


def test_bare_mail_as_lore_raw_returns_it(tmp_path: Path) -> None:
    mail = tmp_path / "raw"
    mail.write_text(
        "From: Ada Lovelace <ada@example.com>\n"
        "To: linux-arm-msm@vger.kernel.org\n"
        "Cc: Bjorn Andersson <andersson@kernel.org>,\n"
        "\tKonrad Dybcio <konradybcio@kernel.org>\n"
        "Subject: [PATCH v2 2/2] soc: qcom: socinfo: Add the SM8550 HDK id\n"
        "Date: Mon, 01 Jan 2024 10:00:00 +0100\n"
        "Message-ID: <20240101-pcie1-v2-2-abc@linaro.org>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n"
        "The HDK reports its own platform id; name it.\n"
        "\n"
        "Signed-off-by: Grace Hopper <grace@example.com>\n"
        "---\n"
        " drivers/soc/qcom/socinfo.c | 1 +\n"
        " 1 file changed, 1 insertion(+)\n"
        "\n"
        "diff --git a/drivers/soc/qcom/socinfo.c b/drivers/soc/qcom/socinfo.c\n"
    )
    proc = run_cli("patch", "--format", "json", "--profile", "upstream", str(mail))
    doc = json.loads(proc.stdout)
    assert results(proc.stdout) == [(str(mail), "soc: qcom: socinfo: Add the SM8550 HDK id", [("O02", 5)])]
    assert "Ada Lovelace <ada@example.com>" in doc["results"][0]["findings"][0]["message"]


def test_file_without_mail_is_refused_before_anything_is_reported(repo: Path) -> None:
    commit_series(repo)
    git(repo, "format-patch", "-q", "-o", "out", "-1")
    [good] = (repo / "out").glob("*.patch")
    empty = repo / "empty.patch"
    empty.write_bytes(b"")
    blank = repo / "blank.patch"
    blank.write_bytes(b"\n  \n")
    notes = repo / "README.patches"
    notes.write_text("The patches here come from the v2 posting.\nApply them with git am.\n")
    plain_message = repo / "COMMIT_EDITMSG"
    plain_message.write_text(SECOND)
    binary = repo / "logo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    gz = repo / "t.mbox.gz"
    gz.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03+I-.\x01\x00")
    what = "not a format-patch file or mbox"
    cases = [
        (empty, f"empty file; {what}"),
        (blank, f"empty file; {what}"),
        (notes, f"no mail in it (no 'From <commit> <date>' line, no mail headers); {what}"),
        (plain_message, f"no mail in it (no 'From <commit> <date>' line, no mail headers); {what}"),
        (binary, f"binary file; {what}"),
        (gz, "gzip-compressed; decompress it first (gunzip)"),
    ]
    for bad, reason in cases:
        for fmt in ("text", "json"):
            proc = run_cli("patch", "--format", fmt, str(good), str(bad))
            assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"trailercheck: {bad}: {reason}\n"), bad


def test_no_mail_on_standard_input(repo: Path) -> None:
    proc = run_cli("patch", "-", input=b"just some text\n")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "trailercheck: -: no mail in it (no 'From <commit> <date>' line, no mail headers); "
        "not a format-patch file or mbox\n"
    )


def test_parse_reads_a_patch_with_a_licence_header_as_a_mail(repo: Path) -> None:
    commit_series(repo)
    git(repo, "format-patch", "-q", "-o", "out", "-1")
    [patch] = (repo / "out").glob("*.patch")
    patch.write_text(LICENCE + patch.read_text())
    proc = run_cli("parse", str(patch))
    [line] = proc.stdout.splitlines()
    doc = json.loads(line)
    assert (doc["source"], doc["subject"]) == (str(patch), SECOND.split("\n")[0])
    assert [(t["key"], t["line"]) for t in doc["trailers"]] == [("Signed-off-by", 7)]
