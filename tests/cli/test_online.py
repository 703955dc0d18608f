"""``check --online`` and ``patch --online`` against a real public-inbox server on 127.0.0.1.

Debian's public-inbox serves a v2 inbox written by ezpi (``public-inbox-init``,
``public-inbox-index`` for its ``patchid:`` search, ``public-inbox-httpd``).
Without the package the tests skip, except in CI (``CI`` set), where
``.ci/run`` installs it and they must run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import ADA, BOB, commit, git, isolated, run_cli
from tests.sources.inbox import (
    BODY,
    SUBJECT,
    Server,
    change,
    cover_letter,
    diff_of,
    kernel_tree,
    need_public_inbox,
    picked_message,
    posting,
    write_inbox,
)

#: The commits of the tree, newest first, each with the posting it links and the finding expected.
CASES = ("same", "changed", "author", "version", "missing", "cover", "nolink")


class World:
    """The kernel tree, the inbox of its postings and the server, shared by the tests of this module."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = kernel_tree(root / "repo")
        self.commits: dict[str, str] = {}
        mails: list[bytes] = [cover_letter("cover-0@example.com")]
        for n, case in enumerate(CASES):
            msgid = f"2024100{n}-{case}-v2-1-abc@example.com"
            message = picked_message(subject=f"{SUBJECT} ({case})", msgid=msgid)
            if case == "cover":
                message = picked_message(subject=f"{SUBJECT} ({case})", msgid="cover-0@example.com")
            if case == "nolink":
                message = f"FROMLIST: {SUBJECT} ({case})\n\n{BODY}\n\nSigned-off-by: {ADA}\n"
            sha = commit(self.repo, message, change(n + 1, f"static int fastrpc_line_{n + 1}(void) {{ return -1; }}"))
            self.commits[case] = sha
            diff = diff_of(self.repo, sha)
            subject = f"{SUBJECT} ({case})"
            if case == "changed":
                added = f"+static int fastrpc_line_{n + 1}(void) {{ return -"
                diff = diff.replace(f"{added}1; }}", f"{added}EINVAL; }}")
            if case == "version":
                subject = f"{SUBJECT} ({case}) leak"
            if case not in ("missing", "cover"):
                mails.append(posting(msgid, diff, subject=subject, sender=BOB if case == "author" else ADA))
        self.inbox = write_inbox(root / "inbox", mails)
        self.server = Server(root, self.inbox)
        self.server.start()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    need_public_inbox()
    with isolated(tmp_path_factory):
        root = tmp_path_factory.mktemp("online")
        made = World(root)
        try:
            yield made
        finally:
            made.server.stop()


def check(world: World, *args: str) -> tuple[int, dict[str, list[tuple[str, int, str]]]]:
    done = run_cli(
        "check", "--format", "json", "--repo", str(world.repo), "--online", "--lore-url", world.server.url, *args
    )
    assert done.returncode in (0, 1), done.stderr
    by_commit = {sha: case for case, sha in world.commits.items()}
    found: dict[str, list[tuple[str, int, str]]] = {}
    for result in json.loads(done.stdout)["results"]:
        found[by_commit.get(result["commit"], result["commit"])] = [
            (f["code"], f["line"], f["message"]) for f in result["findings"]
        ]
    return done.returncode, found


def expected(world: World) -> dict[str, list[tuple[str, int, str]]]:
    ids = {case: f"2024100{n}-{case}-v2-1-abc@example.com" for n, case in enumerate(CASES)}
    return {
        "same": [],
        "changed": [
            (
                "V02",
                5,
                f"the commit's diff differs from the posting {ids['changed']}: drivers/misc/fastrpc.c: the posting "
                'has "+static int fastrpc_line_2(void) { return -EINVAL; }", the commit '
                '"+static int fastrpc_line_2(void) { return -1; }"',
            )
        ],
        "author": [("V03", 5, f"the posting {ids['author']} is by {BOB}, the commit by {ADA}")],
        "version": [
            ("V04", 5, f'the posting {ids["version"]} is "{SUBJECT} (version) leak", the commit "{SUBJECT} (version)"')
        ],
        "missing": [("V01", 5, f"{world.server.url[7:]} has no message {ids['missing']}")],
        "cover": [("V01", 5, "the posting cover-0@example.com is a cover letter, not a patch")],
        "nolink": [("L01", 1, "FROMLIST: commit has no Link: trailer to the posting")],
    }


def test_each_link_is_compared_with_its_posting(world: World) -> None:
    status, found = check(world, f"{world.commits['nolink']}~{len(CASES)}..{world.commits['nolink']}")
    assert status == 1
    assert found == expected(world)


def test_a_second_run_asks_the_server_nothing(world: World) -> None:
    rev = f"{world.commits['nolink']}~{len(CASES)}..{world.commits['nolink']}"
    check(world, rev)  # whatever the first test left, everything is cached now
    world.server.stop()
    try:
        status, found = check(world, rev)
    finally:
        world.server.start()
    assert status == 1
    assert found == expected(world)


def test_l01_names_the_posting_found_by_patchid_search(world: World) -> None:
    sha = world.commits["nolink"]
    done = run_cli("check", "--repo", str(world.repo), "--online", "--lore-url", world.server.url, f"{sha}^!")
    assert (
        "fix: add 'Link: https://lore.kernel.org/all/20241006-nolink-v2-1-abc@example.com/' (the posting of this patch)"
        in done.stdout
    )


def test_patch_files_are_compared_online(world: World, tmp_path: Path) -> None:
    patch = tmp_path / "0001.patch"
    patch.write_text(git(world.repo, "format-patch", "-1", "--stdout", world.commits["author"]))
    done = run_cli("patch", "--format", "json", "--online", "--lore-url", world.server.url, str(patch), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    assert [(f["code"], f["line"]) for r in doc["results"] for f in r["findings"]] == [("V03", 5)]


def test_online_without_liblore_says_how_to_install_it(world: World, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    (blocker / "liblore").mkdir(parents=True)
    (blocker / "liblore" / "__init__.py").write_text("raise ImportError('No module named liblore')\n")
    import os

    env = {"PYTHONPATH": os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])}
    done = run_cli("check", "--repo", str(world.repo), "--online", "HEAD^!", env=env)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "trailercheck: --online needs liblore: pip install 'trailercheck[lore]'\n"
