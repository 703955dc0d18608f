"""Builders for the V rules' tests: a kernel-like tree with picked commits, their postings, a v2 inbox.

The postings are mails as a developer sends them (``git send-email`` of
``git format-patch`` output): the subject with ``[PATCH vN m/n]``, the
author's ``From:``, the commit message and the diff of the commit. The inbox
is written with ezpi, as public-inbox's own tools lay it out.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.builders import ADA, commit, git, init_repo

FASTRPC = "drivers/misc/fastrpc.c"
BASE_SOURCE = "".join(f"static int fastrpc_line_{i}(void) {{ return {i}; }}\n" for i in range(40))
MSGID = "20241001-fastrpc-v2-1-abc@example.com"
SUBJECT = "misc: fastrpc: Fix map refcount"
BODY = "Drop the extra reference taken in fastrpc_map_create()."


def lore(msgid: str) -> str:
    return f"https://lore.kernel.org/all/{msgid}/"


def picked_message(subject: str = SUBJECT, msgid: str = MSGID, prefix: str = "FROMLIST:", extra: str = "") -> str:
    """A commit message picking the posting ``msgid``."""
    return f"{prefix} {subject}\n\n{BODY}\n\n{extra}Link: {lore(msgid)}\nSigned-off-by: {ADA}\n"


def kernel_tree(path: Path) -> Path:
    """A repository with drivers/misc/fastrpc.c in its root commit."""
    repo = init_repo(path)
    commit(repo, f"QCLINUX: misc: fastrpc: Import the driver\n\nSigned-off-by: {ADA}\n", {FASTRPC: BASE_SOURCE})
    return repo


def change(line: int, new: str) -> dict[str, str]:
    """The files of a commit replacing line ``line`` of fastrpc.c (0-based) with ``new``."""
    lines = BASE_SOURCE.splitlines(keepends=True)
    lines[line] = new + "\n"
    return {FASTRPC: "".join(lines)}


def diff_of(repo: Path, sha: str) -> str:
    return git(repo, "diff-tree", "-p", "--no-commit-id", "--root", sha)


def posting(
    msgid: str,
    diff: str,
    *,
    subject: str = SUBJECT,
    sender: str = ADA,
    counter: str = "[PATCH v2 1/2]",
    in_body_from: str | None = None,
    extra_headers: str = "",
) -> bytes:
    """The mail of a patch as ``git send-email`` sends it."""
    in_body = f"From: {in_body_from}\n\n" if in_body_from else ""
    author = in_body_from or sender
    return (
        f"From: {sender}\n"
        "To: linux-arm-msm@vger.kernel.org\n"
        f"Subject: {counter} {subject}\n"
        "Date: Tue, 01 Oct 2024 10:00:00 +0000\n"
        f"Message-ID: <{msgid}>\n"
        f"{extra_headers}"
        "\n"
        f"{in_body}{BODY}\n\nSigned-off-by: {author}\n---\n"
        f" {FASTRPC} | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n"
        f"{diff}-- \n2.43.0\n"
    ).encode()


def reply(msgid: str, parent: str, subject: str = SUBJECT) -> bytes:
    return (
        "From: Bob Example <bob@example.com>\n"
        f"Subject: Re: [PATCH v2 1/2] {subject}\n"
        f"Message-ID: <{msgid}>\nIn-Reply-To: <{parent}>\n\n"
        "> -static int fastrpc_line_3(void) { return 3; }\n\nReviewed-by: Bob Example <bob@example.com>\n"
    ).encode()


def cover_letter(msgid: str) -> bytes:
    return (
        f"From: {ADA}\nSubject: [PATCH v2 0/2] misc: fastrpc: Map fixes\nMessage-ID: <{msgid}>\n\n"
        "Two fixes for the map handling.\n"
    ).encode()


def write_inbox(path: Path, mails: list[bytes]) -> Path:
    """A public-inbox v2 inbox at ``path`` holding ``mails`` (added to it if it exists)."""
    import ezpi

    for mail in mails:
        ezpi.add_rfc822_v2(str(path), mail)
    return path


def write_raw(inbox: Path, mail: bytes, epoch: int = 0) -> str:
    """Add ``mail`` to an epoch of ``inbox`` as it is, with git's plumbing; the commit's id."""
    repo = inbox / "git" / f"{epoch}.git"
    blob = git(repo, "hash-object", "-w", "--stdin", input=mail).strip()
    tree = git(repo, "mktree", input=f"100644 blob {blob}\tm\n".encode()).strip()
    top = git(repo, "for-each-ref", "--format=%(objectname)", "refs/heads/master").strip()  # none in a new epoch
    made = git(repo, "commit-tree", *(["-p", top] if top else []), "-m", "raw", tree).strip()
    git(repo, "update-ref", "refs/heads/master", made)
    return made


# -- a real public-inbox server --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def public_inbox_missing() -> bool:
    return shutil.which("public-inbox-httpd") is None or shutil.which("public-inbox-index") is None


def need_public_inbox() -> None:
    """Skip without Debian's public-inbox, except in CI, where it must be installed (``.ci/run`` does)."""
    if public_inbox_missing():
        if os.environ.get("CI"):
            pytest.fail("public-inbox is not installed (apt-get install public-inbox); CI must run these tests")
        pytest.skip("public-inbox is not installed (apt-get install public-inbox)")


class Server:
    """``public-inbox-httpd`` serving the inbox ``all`` on 127.0.0.1."""

    def __init__(self, root: Path, inbox: Path) -> None:
        self.root = root
        self.inbox = inbox
        self.config = root / "pi-config"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PI_CONFIG": str(self.config), "HOME": str(root)}
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = root / "httpd.log"

    def index(self) -> None:
        if not self.config.exists():
            subprocess.run(
                ["public-inbox-init", "-V2", "all", str(self.inbox), f"{self.url}/all", "all@example.com"],
                env=self.env, check=True, capture_output=True,
            )  # fmt: skip
        subprocess.run(["public-inbox-index", str(self.inbox)], env=self.env, check=True, capture_output=True)

    def start(self) -> None:
        self.index()
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                ["public-inbox-httpd", "-l", f"http://127.0.0.1:{self.port}"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.root,
            )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"public-inbox-httpd did not start: {self.log.read_text()}")

    def requests(self) -> list[str]:
        """The request lines public-inbox-httpd logged so far."""
        return [ln for ln in self.log.read_text(errors="replace").splitlines() if " /all/" in ln or "GET" in ln]

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            self.proc = None
