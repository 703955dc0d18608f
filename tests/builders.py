"""The builders every test shares: people, an isolated git, repositories, commits, the real CLI.

Tests build real repositories with real git. Everything here runs git with no
user or system configuration (see :func:`isolate`, applied to every test by
the autouse fixture in ``conftest.py`` and by :func:`isolated` to fixtures
that outlive one test), as :data:`ADA`, with dates that are fixed or taken
from one clock that only moves forward.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"

# -- people ----------------------------------------------------------------

AUTHOR_NAME = "Ada Lovelace"
AUTHOR_EMAIL = "ada@example.com"
ADA = f"{AUTHOR_NAME} <{AUTHOR_EMAIL}>"
BOB = "Bob Example <bob@example.com>"
CAROL = "Carol Kernel <carol@kernel.org>"
BJORN = "Bjorn Andersson <andersson@kernel.org>"


def identity(person: str, date: str | None = None) -> dict[str, str]:
    """The environment that makes ``person`` (``Name <email>``) author and committer, at ``date`` if given."""
    name, _, email = person.partition(" <")
    email = email.removesuffix(">")
    env = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
    if date is not None:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return env


# -- an isolated git -------------------------------------------------------

#: What of the caller's environment would change what git does or what the tool reads.
_UNSET = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_AUTHOR_DATE",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "GIT_COMMITTER_DATE",
    "NO_COLOR",
    "GITHUB_BASE_REF",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
)


def isolate(mp: pytest.MonkeyPatch, home: Path) -> Path:
    """Make ``home`` the home of git: :data:`ADA` as identity, ``main`` as first branch, no other configuration."""
    config = home / ".gitconfig"
    config.write_text(
        f"[user]\n\tname = {AUTHOR_NAME}\n\temail = {AUTHOR_EMAIL}\n[init]\n\tdefaultBranch = main\n"
        "[advice]\n\tdetachedHead = false\n"
    )
    mp.setenv("HOME", str(home))
    mp.setenv("GIT_CONFIG_GLOBAL", str(config))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in _UNSET:
        mp.delenv(var, raising=False)
    return home


@contextmanager
def isolated(factory: pytest.TempPathFactory) -> Iterator[Path]:
    """:func:`isolate` for as long as the block runs: for fixtures shared by the tests of a module."""
    with pytest.MonkeyPatch.context() as mp:
        yield isolate(mp, factory.mktemp("home"))


# -- running git and the tool ------------------------------------------------


def git_bytes(repo: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    """Run git in ``repo``; fail the test on a non-zero exit. Returns stdout as bytes."""
    proc = subprocess.run(
        ["git", *args],
        cwd=repo,
        input=input,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )
    if proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace')}")
    return proc.stdout


def git(repo: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
    """Run git in ``repo``; fail the test on a non-zero exit. Returns stdout (UTF-8, surrogateescape)."""
    return git_bytes(repo, *args, input=input, env=env).decode("utf-8", "surrogateescape")


def head(repo: Path, rev: str = "HEAD") -> str:
    """The full id ``rev`` names."""
    return git(repo, "rev-parse", "--verify", rev).strip()


def run_cli(
    *args: str, input: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line (``python -m trailercheck``) and capture its output as text."""
    proc = subprocess.run(
        [sys.executable, "-m", "trailercheck", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )


# -- repositories ------------------------------------------------------------


def init_repo(path: Path, branch: str = "main", *, bare: bool = False) -> Path:
    """A new empty repository at ``path`` (made if missing) whose first branch is ``branch``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    git(path.parent, "init", "-q", *(["--bare"] if bare else []), "-b", branch, str(path))
    return path


def tracking_clone(tmp_path: Path, repo: Path) -> Path:
    """A clone (``tmp_path/work``) of a bare origin (``tmp_path/origin.git``) that holds ``repo``'s ``main`` as
    ``qcom-next``, on a new branch ``topic`` of it."""
    origin = init_repo(tmp_path / "origin.git", bare=True)
    git(repo, "push", "-q", str(origin), "main:qcom-next")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", "-b", "qcom-next", str(origin), str(work))
    git(work, "checkout", "-q", "-b", "topic")
    return work


def build_history(path: Path, count: int, seed: int) -> None:
    """A benchmark-style history of ``count`` commits on ``main`` (benchmarks/history.py)."""
    spec = importlib.util.spec_from_file_location("bench_history", ROOT / "benchmarks" / "history.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(str(path), count, seed=seed)


# -- commits -------------------------------------------------------------------

#: The id of the empty tree, which every repository has.
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

#: Commit dates one minute apart, later than any commit made at the wall-clock time,
#: so that ``git log`` orders the commits of different branches predictably.
_clock = itertools.count(int(time.time()) + 3600, 60)


def tick() -> str:
    """The next date of the clock, as git takes it."""
    return f"@{next(_clock)} +0000"


def commit(
    repo: Path,
    message: str,
    files: Mapping[str, str | None] | None = None,
    *,
    author: str | None = None,
    committer: str | None = None,
    date: str | None = None,
    author_date: str | None = None,
) -> str:
    """Commit ``message`` verbatim on HEAD and return the new id.

    ``files`` are written (or removed, for ``None``) and added first. The
    commit is dated ``date`` (else the next :func:`tick`); ``author_date``
    dates the author alone. ``author`` and ``committer`` are ``Name <email>``.
    """
    for name, content in (files or {}).items():
        if content is None:
            git(repo, "rm", "-q", name)
            continue
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
        git(repo, "add", name)
    when = date or tick()
    env = {"GIT_AUTHOR_DATE": author_date or when, "GIT_COMMITTER_DATE": when}
    if committer is not None:
        env |= {k: v for k, v in identity(committer).items() if k.startswith("GIT_COMMITTER")}
    args = ["commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", "-"]
    if author is not None:
        args.append(f"--author={author}")
    git(repo, *args, input=message.encode(), env=env)
    return head(repo)


def commit_raw(repo: Path, message: bytes, parent: str = "HEAD", encoding: str | None = None) -> str:
    """Create a commit whose message is exactly ``message`` (no clean-up) and move HEAD to it."""
    tree = git(repo, "rev-parse", f"{parent}^{{tree}}").strip()
    args = ["commit-tree", tree, "-p", head(repo, parent)]
    if encoding:
        args = ["-c", f"i18n.commitEncoding={encoding}", *args]
    sha = git(repo, *args, input=message, env=identity(ADA)).strip()
    git(repo, "update-ref", "HEAD", sha)
    return sha


def commit_object(
    tree: str,
    message: bytes,
    *,
    parent: str | None = None,
    ident: bytes = ADA.encode(),
    date: int = 1_700_000_000,
    extra: bytes = b"",
) -> bytes:
    """The bytes of a commit object, headers and message exactly as given (``extra``: more header lines)."""
    stamp = b" %d +0000" % date
    parents = f"parent {parent}\n" if parent else ""
    return (
        f"tree {tree}\n{parents}".encode()
        + b"author "
        + ident
        + stamp
        + b"\ncommitter "
        + ident
        + stamp
        + b"\n"
        + extra
        + b"\n"
        + message
    )


def write_commit(repo: Path, raw: bytes, ref: str | None = "HEAD") -> str:
    """Store the commit object ``raw`` byte for byte (``git commit`` would re-encode); point ``ref`` at it."""
    sha = git(repo, "hash-object", "-t", "commit", "-w", "--stdin", input=raw).strip()
    if ref is not None:
        git(repo, "update-ref", ref, sha)
    return sha


def commit_bytes(repo: Path, message: bytes, *, ident: bytes = ADA.encode(), extra: bytes = b"") -> str:
    """A commit on HEAD holding ``message`` byte for byte, without an encoding header unless ``extra`` has one."""
    raw = commit_object(head(repo, "HEAD^{tree}"), message, parent=head(repo), ident=ident, extra=extra)
    return write_commit(repo, raw)


def fast_import(
    repo: Path, branch: str, messages: list[bytes], parent: str | None = None, *, files: bool = False
) -> list[str]:
    """Commit ``messages`` byte for byte as a chain on ``branch``, one second apart; the ids in order.

    The chain goes on top of ``parent``, else of the branch if it exists;
    with ``files`` each commit also changes a file.
    """
    if parent is None:
        existing = subprocess.run(
            ["git", "rev-parse", "--verify", "-q", branch], cwd=repo, capture_output=True, text=True
        )
        parent = existing.stdout.strip() or None
    stream = b""
    for i, msg in enumerate(messages, 1):
        stream += b"commit refs/heads/%s\nmark :%d\ncommitter %s %d +0000\ndata %d\n%s\n" % (
            branch.encode(),
            i,
            ADA.encode(),
            1700000000 + i,
            len(msg),
            msg,
        )
        if i == 1 and parent is not None:
            stream += b"from %s\n" % parent.encode()
        if files:
            stream += b"M 644 inline f%d\ndata %d\n%d\n" % (i % 7, len(str(i)) + 1, i)
    marks = repo / f"{branch.replace('/', '-')}.marks"
    git(repo, "fast-import", "--quiet", "--force", f"--export-marks={marks}", input=stream)
    by_mark = dict(line.split(" ") for line in marks.read_text().splitlines())
    return [by_mark[f":{i}"] for i in range(1, len(messages) + 1)]


# -- a message with a configured trailer key ------------------------------------------


def tracked_on(signer: str) -> str:
    """A message whose ``Tracked-On:`` paragraph is a trailer block only for a run that knows the key."""
    return (
        "mmc: sdhci-msm: Keep the clock on during tuning\n"
        "\n"
        "Tuning fails on SM8550 when the core clock is gated between commands.\n"
        "\n"
        "Tracked-On: PROJ-1234\n"
        "\n"
        f"Signed-off-by: {signer}\n"
    )


def as_patch(message: str, sender: str) -> str:
    """``message`` mailed as ``git format-patch`` writes it (one file changed)."""
    subject, _, body = message.partition("\n\n")
    return (
        "From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
        f"From: {sender}\n"
        "Date: Tue, 4 Jun 2019 12:00:00 +0200\n"
        f"Subject: [PATCH] {subject}\n"
        "\n" + body + "---\n drivers/mmc/host/sdhci-msm.c | 1 +\n"
    )


# -- what git says about a commit ------------------------------------------------


def stored_message(repo: Path, sha: str) -> bytes:
    """The message of commit ``sha`` as stored, byte for byte."""
    return git_bytes(repo, "cat-file", "commit", sha).split(b"\n\n", 1)[1]


def parse_git_trailers(out: str) -> list[tuple[str, str]]:
    """``key: value`` lines as ``%(trailers:only,unfold)`` prints them."""
    assert out == "" or out.endswith("\n"), repr(out)
    pairs = []
    for line in out.split("\n")[:-1]:
        key, sep, value = line.partition(": ")
        assert sep, repr(line)
        pairs.append((key, value))
    return pairs


def git_trailers(repo: Path, sha: str, *config: str) -> list[tuple[str, str]]:
    """The trailers git reads in commit ``sha`` (``config``: ``-c`` options for that git run)."""
    out = git(repo, *config, "log", "-1", "--format=%(trailers:only,unfold)", sha)
    # The tformat terminator is one more newline.
    assert out.endswith("\n")
    return parse_git_trailers(out[:-1])
