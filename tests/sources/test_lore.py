"""The archive over HTTP through liblore: retries, timeouts, the cache, message-ids that try to leave the path.

A small server of the tests' own plays the faults (404, 500 then 200, a
stall past the timeout, a malformed message); the real public-inbox server
is in tests/cli/test_online.py.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.builders import git, init_repo
from tests.sources.inbox import posting
from trailercheck.errors import UsageError
from trailercheck.sources.lore import (
    CACHE_NAME,
    MISSING_TTL,
    LoreArchive,
    archive_url,
    check_msgid,
    message_url,
    node_settings,
)
from trailercheck.sources.posting import Unreachable

DIFF = "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"
STALL = 1.5


class Faults(BaseHTTPRequestHandler):
    """Answers by the local part of the message-id: ``missing``, ``flaky`` (500 once), ``broken`` (always 500),
    ``stall``, ``junk``; anything else is a posting."""

    server: FaultServer

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        msgid = urllib.parse.unquote_plus(self.path.split("/")[2]) if self.path.count("/") >= 3 else ""
        local = msgid.split("@")[0]
        if local == "missing":
            self.reply(404, b"not found")
        elif local == "partial" and self.server.upstream:  # a partial mirror naming the archive it mirrors
            self.reply(404, b"not here", {"X-Archive-Coverage": f"partial; updated={int(time.time())}",
                                          "X-Archive-Upstream": self.server.upstream})  # fmt: skip
        elif local == "broken" or (local == "flaky" and self.server.seen.count(self.path) == 1):
            self.reply(500, b"oops")
        elif local == "stall":
            time.sleep(STALL)
            self.reply(200, posting(msgid, DIFF))
        elif local == "junk":
            self.reply(200, b"\x00\x01\x02 binary junk")
        else:
            self.reply(200, posting(msgid, DIFF))

    def reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (the stall)
            pass

    def log_message(self, *args: object) -> None:
        pass


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Faults)
        self.seen: list[str] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        #: The archive this server says it is a partial mirror of.
        self.upstream = ""


@contextmanager
def serving() -> Iterator[FaultServer]:
    srv = FaultServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with serving() as srv:
        yield srv


@pytest.fixture
def repo(tmp_path: Path, server: FaultServer) -> Path:
    """A repository whose git configuration sets liblore's timeout for the server, as its users do."""
    path = init_repo(tmp_path / "repo")
    git(path, "config", f"liblore.{server.url}.requesttimeout", "0.5")
    return path


def archive(server: FaultServer, repo: Path, store: Path) -> LoreArchive:
    return LoreArchive(server.url + "/all", str(repo), str(store), backoff=0.01)


def test_messages_are_fetched_once_and_kept(server: FaultServer, repo: Path, tmp_path: Path) -> None:
    lore = archive(server, repo, tmp_path / "store")
    found = lore.fetch(["a@example.com", "b@example.com", "a@example.com"])
    assert sorted(server.seen) == ["/all/a%40example.com/raw", "/all/b%40example.com/raw"]
    assert isinstance(found["a@example.com"], bytes) and b"Message-ID: <a@example.com>" in found["a@example.com"]
    lore.close()
    again = archive(server, repo, tmp_path / "store")
    assert again.fetch(["a@example.com", "b@example.com"]) == found
    assert (len(server.seen), again.requests) == (2, 0)
    again.close()


def test_a_404_is_no_such_message_and_is_believed_for_a_day(server: FaultServer, repo: Path, tmp_path: Path) -> None:
    lore = archive(server, repo, tmp_path / "store")
    assert lore.fetch(["missing@example.com"]) == {"missing@example.com": None}
    assert lore.fetch(["missing@example.com"]) == {"missing@example.com": None}
    assert len(server.seen) == 1
    lore.close()
    with sqlite3.connect(tmp_path / "store" / CACHE_NAME) as db:
        db.execute("UPDATE answers SET at = at - ?", (MISSING_TTL + 60,))
    again = archive(server, repo, tmp_path / "store")
    assert again.fetch(["missing@example.com"]) == {"missing@example.com": None}
    assert len(server.seen) == 2
    again.close()


def test_a_server_error_is_tried_again(server: FaultServer, repo: Path, tmp_path: Path) -> None:
    lore = archive(server, repo, tmp_path / "store")
    assert isinstance(lore.fetch(["flaky@example.com"])["flaky@example.com"], bytes)
    assert server.seen == ["/all/flaky%40example.com/raw"] * 2
    lore.close()


def test_a_server_that_keeps_failing_is_unreachable_and_not_cached(
    server: FaultServer, repo: Path, tmp_path: Path
) -> None:
    lore = archive(server, repo, tmp_path / "store")
    answer = lore.fetch(["broken@example.com"])["broken@example.com"]
    assert isinstance(answer, Unreachable) and (answer.reason, answer.refused) == ("HTTP 500 after 3 tries", False)
    assert len(server.seen) == 3
    lore.fetch(["broken@example.com"])
    assert len(server.seen) == 6
    lore.close()


def test_a_stall_past_the_configured_timeout_is_unreachable(server: FaultServer, repo: Path, tmp_path: Path) -> None:
    lore = archive(server, repo, tmp_path / "store")
    start = time.monotonic()
    answer = lore.fetch(["stall@example.com"])["stall@example.com"]
    assert isinstance(answer, Unreachable) and answer.reason == "timed out after 3 tries"
    assert time.monotonic() - start < 3 * STALL
    lore.close()


@pytest.mark.parametrize(
    "msgid",
    [
        "../../../etc/passwd@x",
        "a/../../b@example.com",
        "a/b@example.com",
        "a%2F..%2F..%2Fb@example.com",
        "a?q=all@example.com",
        "a#top@example.com",
        "..@example.com",
        "a@example.com/../../admin",
        "a b@example.com",
    ],
)
def test_a_message_id_cannot_leave_the_archive_path(
    server: FaultServer, repo: Path, tmp_path: Path, msgid: str
) -> None:
    lore = archive(server, repo, tmp_path / "store")
    answer = lore.fetch([msgid])[msgid]
    for path in server.seen:
        assert path.startswith("/all/") and path.endswith("/raw") and path.count("/") == 3, path
        assert urllib.parse.unquote_plus(path.split("/")[2]) == msgid
    if not server.seen:
        assert isinstance(answer, Unreachable) and answer.refused
    lore.close()


@pytest.mark.parametrize(
    ("msgid", "problem"),
    [
        ("20241001-fastrpc-v1-1-abc@example.com", None),
        ("a/b+c=d@[127.0.0.1]", None),
        ("a..b@example.com", "is not a message-id (RFC 5322 local@domain, no blanks or empty dot-atoms)"),
        ("no-at-sign", "is not a message-id (RFC 5322 local@domain, no blanks or empty dot-atoms)"),
        ("x" * 600 + "@example.com", "is too long to be a message-id"),
    ],
)
def test_check_msgid(msgid: str, problem: str | None) -> None:
    assert check_msgid(msgid) == problem


def test_message_url_stays_under_the_inbox() -> None:
    assert (
        message_url("https://lore.kernel.org/all", "a/b?c#d@x") == "https://lore.kernel.org/all/a%2Fb%3Fc%23d%40x/raw"
    )


@pytest.mark.parametrize(
    ("given", "url"),
    [
        (None, "https://lore.kernel.org/all"),
        ("https://lore.kernel.org/", "https://lore.kernel.org/all"),
        ("http://127.0.0.1:8080/linux-arm-msm", "http://127.0.0.1:8080/linux-arm-msm"),
    ],
)
def test_archive_url(given: str | None, url: str) -> None:
    assert archive_url(given) == url


@pytest.mark.parametrize("given", ["ftp://lore.kernel.org", "https://lore.kernel.org/all?x=1", "lore.kernel.org"])
def test_archive_url_refuses(given: str) -> None:
    with pytest.raises(UsageError, match="--lore-url"):
        archive_url(given)


def test_node_settings_read_the_lore_section_for_lore_kernel_org(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    git(repo, "config", "lore.requesttimeout", "2,20")
    git(repo, "config", "--add", "lore.fallback", "https://tor.lore.kernel.org")
    git(repo, "config", "--add", "lore.fallback", "https://sea.lore.kernel.org")
    kwargs, plus = node_settings(str(repo), "https://lore.kernel.org/all")
    assert kwargs == {
        "follow_upstream": False,
        "cache_dir": None,
        "fallback_urls": ["https://tor.lore.kernel.org", "https://sea.lore.kernel.org"],
        "request_timeout": (2.0, 20.0),
    }
    assert plus is None
    # Another archive reads only its own section; following a mirror's upstream is asked for there.
    git(repo, "config", "liblore.http://mirror.example:8080.followupstream", "true")
    assert node_settings(str(repo), "http://mirror.example:8080/all")[0] == {"follow_upstream": True, "cache_dir": None}


def test_an_unreachable_archive_is_a_warning_and_the_check_goes_on(server: FaultServer, repo: Path) -> None:
    from tests.builders import ADA, commit, run_cli

    link = "Link: https://lore.kernel.org/all/{}@example.com/"
    first = commit(
        repo, f"FROMLIST: misc: fastrpc: Fix refcount\n\nFix it.\n\n{link.format('broken')}\nSigned-off-by: {ADA}\n"
    )
    second = commit(repo, f"FROMLIST: misc: fastrpc: Fix the flags\n\nFix them.\n\n{link.format('missing')}\n")
    done = run_cli("check", "--repo", str(repo), "--online", "--lore-url", server.url, "HEAD")
    host = server.url[len("http://") :]
    assert (done.returncode, done.stderr) == (1, "")
    assert [line for line in done.stdout.splitlines() if ": " in line and not line.startswith(" ")] == [
        f"{second[:12]}:5: O01 signoff-missing: no Signed-off-by: trailer",
        f"{second[:12]}:5: V01 link-unreachable: {host} has no message missing@example.com",
        f"{first[:12]}:5: V01 link-unreachable: not verified: {host} could not be reached (HTTP 500 after 3 tries) "
        "(warning)",
    ]


def test_the_upstream_a_partial_mirror_names_is_asked_only_when_configured(
    server: FaultServer, repo: Path, tmp_path: Path
) -> None:
    with serving() as upstream:
        server.upstream = upstream.url + "/all"
        git(repo, "config", f"liblore.{server.url}.allowupstream", upstream.url)
        lore = archive(server, repo, tmp_path / "store")
        assert lore.fetch(["partial@example.com"]) == {"partial@example.com": None}
        assert (server.seen, upstream.seen) == (["/all/partial%40example.com/raw"], [])
        lore.close()
        git(repo, "config", f"liblore.{server.url}.followupstream", "true")
        following = archive(server, repo, tmp_path / "other-store")
        assert isinstance(following.fetch(["partial@example.com"])["partial@example.com"], bytes)
        assert upstream.seen == ["/all/partial%40example.com/raw"]
        following.close()
