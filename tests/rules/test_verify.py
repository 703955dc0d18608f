"""V rules: each Link: compared with its posting, read from a local public-inbox mirror (``--archive``).

The commits are picked into a kernel-like tree, their postings written into
a v2 inbox with ezpi, and the real command line checks them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.builders import ADA, BOB, commit, git, run_cli
from tests.sources.inbox import (
    MSGID,
    SUBJECT,
    change,
    cover_letter,
    diff_of,
    kernel_tree,
    picked_message,
    posting,
    reply,
    write_inbox,
    write_raw,
)
from trailercheck.model.links import DEFAULT_LORE_HOSTS
from trailercheck.model.message import Message
from trailercheck.postings import Postings
from trailercheck.sources.posting import Posting, Unreachable


def findings(repo: Path, *args: str, rev: str = "HEAD^!") -> tuple[int, list[tuple[str, int, str]]]:
    """The exit status and ``(code, line, message)`` of every finding of ``check --format json``."""
    done = run_cli("check", "--format", "json", "--repo", str(repo), *args, rev)
    assert done.returncode in (0, 1), done.stderr
    doc = json.loads(done.stdout)
    return done.returncode, [(f["code"], f["line"], f["message"]) for r in doc["results"] for f in r["findings"]]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return kernel_tree(tmp_path / "repo")


def pick(repo: Path, message: str = "", line: int = 3, author: str | None = None) -> tuple[str, str]:
    """Commit a change of line ``line``; ``(commit, its diff)``."""
    sha = commit(
        repo, message or picked_message(), change(line, f"static int fastrpc_line_{line}(void) {{ return -1; }}"),
        author=author,
    )  # fmt: skip
    return sha, diff_of(repo, sha)


def test_the_same_patch_passes(tree: Path, tmp_path: Path) -> None:
    _, diff = pick(tree)
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, diff)])
    assert findings(tree, "--archive", str(inbox)) == (0, [])


def test_a_changed_line_is_v02_with_the_first_differing_lines(tree: Path, tmp_path: Path) -> None:
    _, diff = pick(tree)
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, diff.replace("return -1", "return -EINVAL"))])
    assert findings(tree, "--archive", str(inbox)) == (
        1,
        [
            (
                "V02",
                5,
                f"the commit's diff differs from the posting {MSGID}: drivers/misc/fastrpc.c: the posting has "
                '"+static int fastrpc_line_3(void) { return -EINVAL; }", the commit '
                '"+static int fastrpc_line_3(void) { return -1; }"',
            )
        ],
    )


def test_context_offsets_and_index_lines_do_not_count(tree: Path, tmp_path: Path) -> None:
    _, diff = pick(tree)
    shifted = diff.replace("@@ -1,6 +1,6 @@", "@@ -11,6 +11,6 @@").replace("index ", "index 0000000..1111111 ~")
    shifted = shifted.replace(" static int fastrpc_line_0(void) { return 0; }\n", " static int old_context(void);\n")
    assert shifted != diff
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, shifted)])
    assert findings(tree, "--archive", str(inbox)) == (0, [])


def test_a_file_the_posting_does_not_change_is_v02(tree: Path, tmp_path: Path) -> None:
    sha = commit(tree, picked_message(), {**change(3, "int x;"), "drivers/misc/Kconfig": "config FASTRPC\n"})
    diff = diff_of(tree, sha)
    only_fastrpc = diff[diff.index("diff --git a/drivers/misc/fastrpc.c") :]
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, only_fastrpc)])
    assert findings(tree, "--archive", str(inbox))[1] == [
        ("V02", 5, f"the commit's diff differs from the posting {MSGID}: the commit changes drivers/misc/Kconfig, "
         "the posting does not"),
    ]  # fmt: skip


def test_backport_is_not_compared_by_diff(tree: Path, tmp_path: Path) -> None:
    message = picked_message(prefix="BACKPORT: FROMLIST:", extra="[ada: return -1 here, not -EINVAL]\n")
    _, diff = pick(tree, message)
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, diff.replace("return -1", "return -EINVAL"))])
    assert findings(tree, "--archive", str(inbox)) == (0, [])


def test_another_author_is_v03(tree: Path, tmp_path: Path) -> None:
    _, diff = pick(tree)
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, diff, sender=BOB)])
    assert findings(tree, "--archive", str(inbox)) == (
        1,
        [("V03", 5, f"the posting {MSGID} is by {BOB}, the commit by {ADA}")],
    )


def test_the_in_body_from_is_the_author(tree: Path, tmp_path: Path) -> None:
    _, diff = pick(tree, picked_message(extra=f"Signed-off-by: {BOB}\n"), author=BOB)
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, diff, sender=ADA, in_body_from=BOB)])
    assert findings(tree, "--archive", str(inbox)) == (0, [])


def test_rfc2047_names_quotes_and_the_case_of_the_address_are_the_same_author(tree: Path, tmp_path: Path) -> None:
    enric = "Enric Balletbò i Serra <Enric.Balletbo@Collabora.com>"
    _, diff = pick(tree, picked_message(extra=f"Signed-off-by: {enric}\n"), author=enric)
    sender = '"=?UTF-8?q?Enric_Balletb=C3=B2_i_Serra?=" <enric.balletbo@collabora.com>'
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, diff, sender=sender)])
    assert findings(tree, "--archive", str(inbox)) == (0, [])


def test_another_version_is_v04_and_not_v02(tree: Path, tmp_path: Path) -> None:
    _, diff = pick(tree)
    v1 = posting(MSGID, diff.replace("return -1", "return 1"), subject=f"{SUBJECT} leak", counter="[PATCH 1/3]")
    inbox = write_inbox(tmp_path / "inbox", [v1])
    assert findings(tree, "--archive", str(inbox)) == (
        0,
        [("V04", 5, f'the posting {MSGID} is "{SUBJECT} leak", the commit "{SUBJECT}"')],
    )


def test_a_missing_message_is_v01(tree: Path, tmp_path: Path) -> None:
    pick(tree)
    inbox = write_inbox(tmp_path / "inbox", [cover_letter("other@example.com")])
    assert findings(tree, "--archive", str(inbox)) == (
        1,
        [("V01", 5, f"the archive {inbox} has no message {MSGID}")],
    )


@pytest.mark.parametrize(
    ("mail", "problem"),
    [
        (cover_letter(MSGID), "is a cover letter, not a patch"),
        (reply(MSGID, "parent@example.com"), "is a reply, not a patch"),
        (f"Message-ID: <{MSGID}>\n\x00\x01 not a mail at all\n".encode(), "is not a mail (no header fields)"),
    ],
    ids=["cover-letter", "reply", "malformed"],
)
def test_a_posting_without_a_patch_is_v01(tree: Path, tmp_path: Path, mail: bytes, problem: str) -> None:
    pick(tree)
    inbox = tmp_path / "inbox"
    if b"Subject:" not in mail:  # ezpi takes no mail without headers: store the blob as public-inbox keeps it
        write_raw(write_inbox(inbox, [cover_letter("first@example.com")]), mail)
    else:
        write_inbox(inbox, [mail])
    assert findings(tree, "--archive", str(inbox)) == (1, [("V01", 5, f"the posting {MSGID} {problem}")])


class CountingSource:
    """An archive that has every posting asked for and counts what it is asked."""

    name = "the counting archive"

    def __init__(self, mail: bytes) -> None:
        self.mail = mail
        self.asked: list[list[str]] = []

    def fetch(self, msgids: Iterable[str]) -> dict[str, bytes | Unreachable | None]:
        self.asked.append(list(msgids))
        return {m: self.mail for m in self.asked[-1]}

    def by_patch_id(self, patch_ids: Iterable[str]) -> dict[str, str | None]:
        return {}

    def close(self) -> None:
        pass


def test_a_posting_linked_by_several_commits_is_fetched_once(tree: Path) -> None:
    first, diff = pick(tree)
    second = commit(
        tree, picked_message(prefix="FROMLIST:"), change(3, "static int fastrpc_line_3(void) { return -1; }")
    )
    source = CountingSource(posting(MSGID, diff))
    postings = Postings(source, str(tree), DEFAULT_LORE_HOSTS)
    msgs = [Message.from_text(picked_message(), commit=sha) for sha in (first, second)]
    postings.prepare(msgs[:1])
    postings.prepare(msgs)
    assert source.asked == [[MSGID]]
    assert isinstance(postings.answer(MSGID), Posting)


def test_the_configuration_turns_the_archive_on(tree: Path, tmp_path: Path) -> None:
    _, diff = pick(tree)
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, diff, sender=BOB)])
    (tree / ".trailercheck.toml").write_text(f'archive = "{inbox}"\n')
    assert [f[0] for f in findings(tree)[1]] == ["V03"]


def test_patch_files_are_compared_by_their_own_diff(tree: Path, tmp_path: Path) -> None:
    sha, diff = pick(tree)
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, diff.replace("return -1", "return -2"))])
    patch = tmp_path / "0001.patch"
    patch.write_text(git(tree, "format-patch", "-1", "--stdout", sha))
    done = run_cli("patch", "--format", "json", "--repo", str(tree), "--archive", str(inbox), str(patch))
    doc = json.loads(done.stdout)
    assert [(f["code"], f["line"]) for r in doc["results"] for f in r["findings"]] == [("V02", 5)]


def test_l01_names_the_posting_found_by_patch_id(tree: Path, tmp_path: Path) -> None:
    message = f"FROMLIST: {SUBJECT}\n\n{BODY_TEXT}\n\nSigned-off-by: {ADA}\n"
    _, diff = pick(tree, message)
    inbox = write_inbox(tmp_path / "inbox", [posting(MSGID, diff)])
    assert findings(tree, "--archive", str(inbox))[1] == [
        ("L01", 1, "FROMLIST: commit has no Link: trailer to the posting")
    ]
    done = run_cli("check", "--repo", str(tree), "--archive", str(inbox), "HEAD^!")
    assert f"fix: add 'Link: https://lore.kernel.org/all/{MSGID}/' (the posting of this patch)" in done.stdout


BODY_TEXT = "Drop the extra reference taken in fastrpc_map_create()."
