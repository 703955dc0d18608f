#!/usr/bin/env python3
"""``trailercheck check --online`` of 500 linked commits against a local HTTP archive, beside curl.

Builds a repository of 500 picked commits (``git fast-import``), each with a
``Link:`` to its posting; some postings are linked by two commits (a patch
picked twice; the second commit changes other lines, so it gets V02). A
small threaded HTTP server on 127.0.0.1 serves each posting as
``/all/<message-id>/raw`` (the first linking commit's own patch), waiting
``--latency`` ms per request like a distant archive, and counts the
requests. Then:

- a first check (empty cache): exactly one request per distinct posting;
- a second check: no request at all;
- ``curl --parallel --parallel-max 8`` fetching the same URLs once, for comparison.

    python benchmarks/verify_speed.py [--commits 500] [--distinct 450] [--latency 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ADA = ("Ada Lovelace", "ada@example.com")


def build(repo: str, commits: int, distinct: int) -> list[str]:
    """The repository, and the message-id each commit links (newest last)."""
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    msgids = [f"20241001-bench-v1-{n % distinct}-abc@example.com" for n in range(commits)]
    stream = []
    when = 1700000000
    root = (
        "QCLINUX: misc: fastrpc: Import the driver\n\nThe driver as it is.\n\n"
        "Signed-off-by: Ada Lovelace <ada@example.com>\n"
    )
    files = "".join(f"M 100644 inline drivers/misc/f{f}.c\ndata <<EOF\nstatic int f{f}_0;\nEOF\n" for f in range(50))
    stream.append(_commit(root, when, files))
    for n in range(commits):
        subject = f"misc: fastrpc: Fix map handling {n % distinct}"
        message = (
            f"FROMLIST: {subject}\n\nThe map of case {n % distinct} leaked.\n\n"
            f"Link: https://lore.kernel.org/all/{msgids[n]}/\nSigned-off-by: Ada Lovelace <ada@example.com>\n"
        )
        body = f"static int f{n % 50}_0;\nstatic int case_{n % distinct}_{n};\n"
        stream.append(
            _commit(message, when + n + 1, f"M 100644 inline drivers/misc/f{n % 50}.c\ndata <<EOF\n{body}EOF\n")
        )
    subprocess.run(["git", "-C", repo, "fast-import", "--quiet"], input="".join(stream).encode(), check=True)
    subprocess.run(["git", "-C", repo, "reset", "-q", "--hard", "main"], check=True)
    return msgids


def _commit(message: str, when: int, changes: str) -> str:
    data = message.encode()
    return (
        f"commit refs/heads/main\nauthor {ADA[0]} <{ADA[1]}> {when} +0000\n"
        f"committer {ADA[0]} <{ADA[1]}> {when} +0000\ndata {len(data)}\n{message}{changes}\n"
    )


def postings(repo: str, msgids: list[str], commits: int) -> dict[str, bytes]:
    """Each distinct message-id's mail: the patch of the first commit linking it."""
    shas = subprocess.run(
        ["git", "-C", repo, "rev-list", "--reverse", f"main~{commits}..main"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    mails: dict[str, bytes] = {}
    for sha, msgid in zip(shas, msgids, strict=True):
        if msgid in mails:
            continue
        subject = subprocess.run(["git", "-C", repo, "log", "-1", "--format=%s", sha], capture_output=True, text=True,
                                 check=True).stdout.strip().removeprefix("FROMLIST: ")  # fmt: skip
        diff = subprocess.run(["git", "-C", repo, "diff-tree", "-p", "--no-commit-id", sha], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        mails[msgid] = (
            f"From: Ada Lovelace <ada@example.com>\nSubject: [PATCH] {subject}\nMessage-ID: <{msgid}>\n\n"
            f"The fix.\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n---\n{diff}-- \n2.43.0\n"
        ).encode()
    return mails


class Archive(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, mails: dict[str, bytes], latency: float) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.mails = mails
        self.latency = latency
        self.count = 0
        self.lock = threading.Lock()
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Archive
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.count += 1
        time.sleep(self.server.latency)
        parts = self.path.split("/")
        mail = self.server.mails.get(urllib.parse.unquote_plus(parts[2])) if len(parts) == 4 else None
        body = mail or b"not found"
        self.send_response(200 if mail else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def check(repo: str, url: str, commits: int) -> tuple[float, dict[str, int]]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "trailercheck", "check", "--format", "json", "--online", "--lore-url", url,
         f"main~{commits}..main"],
        cwd=repo, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"check failed: {done.stderr}")
    codes: dict[str, int] = {}
    for result in json.loads(done.stdout)["results"]:
        for f in result["findings"]:
            codes[f["code"]] = codes.get(f["code"], 0) + 1
    return wall, codes


def curl(url: str, msgids: list[str], workdir: str) -> float:
    config = os.path.join(workdir, "curl.cfg")
    with open(config, "w") as fh:
        for msgid in dict.fromkeys(msgids):
            fh.write(f'url = "{url}/all/{urllib.parse.quote_plus(msgid)}/raw"\noutput = "/dev/null"\n')
    start = time.perf_counter()
    subprocess.run(["curl", "-s", "--parallel", "--parallel-max", "8", "-K", config], check=True,
                   stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--distinct", type=int, default=450)
    parser.add_argument("--latency", type=float, default=20.0, help="ms the server waits per request")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="verify-bench-")
    server: Archive | None = None
    try:
        repo = os.path.join(tmp, "repo")
        msgids = build(repo, args.commits, args.distinct)
        server = Archive(postings(repo, msgids, args.commits), args.latency / 1000)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        distinct = len(set(msgids))
        first, codes = check(repo, server.url, args.commits)
        first_requests = server.count
        second, codes2 = check(repo, server.url, args.commits)
        second_requests = server.count - first_requests
        before = server.count
        curl_s = curl(server.url, msgids, tmp)
        print(f"{args.commits} linked commits, {distinct} distinct postings, {args.latency:.0f} ms per request")
        print(f"first check:  {first:.3f} s, {first_requests} requests, findings {codes or 'none'}")
        print(f"second check: {second:.3f} s, {second_requests} requests, findings {codes2 or 'none'}")
        print(f"curl --parallel-max 8: {curl_s:.3f} s, {server.count - before} requests")
        # A commit linking the posting of another commit's patch changes other lines: V02, nothing else.
        expected = {"V02": args.commits - distinct} if args.commits > distinct else {}
        ok = first_requests == distinct and second_requests == 0 and codes == expected == codes2
        print("one request per posting, none on the second run" if ok else "UNEXPECTED REQUESTS OR FINDINGS")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
