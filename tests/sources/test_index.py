"""The cross-reference index: cold builds, incremental updates, force-pushes, concurrency, damage.

Every repository is real (built with git in a temporary directory); the
index is compared with what ``git log`` says about the ref, and an index
brought up to date step by step with one built from scratch.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from tests.builders import fast_import as import_commits
from tests.builders import git, init_repo
from trailercheck.engine import UsageError
from trailercheck.model.subjects import normalize_subject
from trailercheck.sources import index as index_module
from trailercheck.sources.index import COLD, INCREMENTAL, PAGE_SIZE, UP_TO_DATE, Index, resolve_refs


def fast_import(repo: Path, branch: str, subjects: list[str], parent: str | None = None) -> list[str]:
    """Commit ``subjects`` as a chain on ``branch`` (on top of ``parent``, else of the branch); the ids in order."""
    messages = [f"{subject}\n\nBody {i}.\n".encode() for i, subject in enumerate(subjects, 1)]
    return import_commits(repo, branch, messages, parent, files=True)


def subjects(n: int, start: int = 0) -> list[str]:
    """Realistic subjects, prefixed or not, some repeated."""
    prefixes = ["", "FROMLIST: ", "UPSTREAM: ", "BACKPORT: FROMGIT: ", "Backport: ", "[FROMLIST] "]
    return [
        f"{prefixes[i % len(prefixes)]}misc: fastrpc: Change {i % 50} of {i // 50}" for i in range(start, start + n)
    ]


def expected(repo: Path, rev: str) -> list[tuple[str, str]]:
    """What the index must hold for ``rev``: every commit ``git log`` lists, with its normalised subject."""
    log = git(repo, "log", "--format=%H%x00%s", rev)
    return sorted(
        (sha, normalize_subject(subject)) for sha, subject in (line.split("\0", 1) for line in log.splitlines())
    )


def tip(repo: Path, rev: str = "main") -> str:
    return git(repo, "rev-parse", rev).strip()


def rebuilt(repo: Path, ref: str) -> list[tuple[str, str]]:
    """The index of ``ref`` built from scratch in another file."""
    other = repo / "fresh-index"
    other.mkdir(exist_ok=True)
    index = Index(str(other), str(repo))
    index.update(ref, tip(repo, ref), rebuild=True)
    try:
        return index.commits(ref)
    finally:
        index.close()


@pytest.fixture
def history(tmp_path: Path) -> Path:
    path = init_repo(tmp_path / "repo")
    fast_import(path, "main", subjects(40))
    return path


def open_index(repo: Path, messages: list[str] | None = None) -> Index:
    report = messages.append if messages is not None else _no_warning
    return Index(str(repo / ".git"), str(repo), report)


def _no_warning(message: str) -> None:
    raise AssertionError(f"unexpected warning: {message}")


# -- building and updating -------------------------------------------------------


def test_cold_build_holds_every_commit_of_the_ref(history: Path) -> None:
    index = open_index(history)
    done = index.update("main", tip(history))
    assert (done.how, done.commits, done.added, done.removed, done.stored, done.cut) == (COLD, 40, 40, 0, True, [])
    assert index.commits("main") == expected(history, "main")
    assert (history / ".git" / "trailercheck" / "index.sqlite").is_file()
    index.close()


def test_up_to_date_ref_is_not_read_again(history: Path) -> None:
    open_index(history).update("main", tip(history))
    index = open_index(history)
    done = index.update("main", tip(history))
    assert (done.how, done.commits) == (UP_TO_DATE, 40)
    assert index.commits("main") == expected(history, "main")


def test_subject_lookup_ignores_prefixes_case_and_whitespace(history: Path) -> None:
    index = open_index(history)
    index.update("main", tip(history))
    by_subject = {
        s: sha for sha, s in (line.split(" ", 1) for line in git(history, "log", "--format=%H %s").splitlines())
    }
    two = by_subject["UPSTREAM: misc: fastrpc: Change 2 of 0"]
    three = by_subject["BACKPORT: FROMGIT: misc: fastrpc: Change 3 of 0"]
    five = by_subject["[FROMLIST] misc: fastrpc: Change 5 of 0"]
    assert index.with_subject("main", "misc: fastrpc: change 2 of 0") == [two]
    assert index.with_subject("main", normalize_subject("FROMGIT: misc: fastrpc: Change 3 of 0")) == [three]
    assert index.with_subject("main", normalize_subject("QCLINUX:  MISC: fastrpc:\tchange 5 OF 0 ")) == [five]
    assert index.with_subject("main", "misc: fastrpc: change 99 of 0") == []
    # Subjects shared by several commits: all of them, up to the limit.
    assert len(index.with_subject("main", "misc: fastrpc: change 0 of 0")) == 1
    assert index.with_subject("main", "misc: fastrpc: change 2 of 0", limit=0) == []


def test_fast_forward_is_incremental(history: Path) -> None:
    index = open_index(history)
    index.update("main", tip(history))
    fast_import(history, "main", subjects(5, start=40))
    done = open_index(history).update("main", tip(history))
    assert (done.how, done.added, done.removed, done.commits) == (INCREMENTAL, 5, 0, 45)
    assert index.commits("main") == expected(history, "main") == rebuilt(history, "main")


def test_force_push_is_incremental_and_equals_a_rebuild(history: Path) -> None:
    """qcom-next rebuilt on a new -rc: the old top is dropped, the same subjects come back as new commits."""
    index = open_index(history)
    old = tip(history)
    index.update("main", old)
    base = tip(history, "main~10")
    # The last ten commits again (same subjects, new ids) on top of three new ones, then two more.
    fast_import(history, "main", [*subjects(3, start=100), *subjects(10, start=30), *subjects(2, start=200)], base)
    done = index.update("main", tip(history))
    assert (done.how, done.added, done.removed) == (INCREMENTAL, 15, 10)
    assert done.commits == 45 == len(expected(history, "main"))
    assert index.commits("main") == expected(history, "main") == rebuilt(history, "main")
    # Back to the old tip (it still exists): incremental again.
    git(history, "update-ref", "refs/heads/main", old)
    done = index.update("main", old)
    assert (done.how, done.added, done.removed, done.commits) == (INCREMENTAL, 10, 15, 40)
    assert index.commits("main") == expected(history, "main") == rebuilt(history, "main")


def test_force_push_after_the_old_tip_is_gone_starts_from_scratch(history: Path) -> None:
    index = open_index(history)
    index.update("main", tip(history))
    fast_import(history, "main", subjects(4, start=300), tip(history, "main~5"))
    git(history, "reflog", "expire", "--expire=now", "--all")
    git(history, "gc", "-q", "--prune=now")
    done = index.update("main", tip(history))
    assert (done.how, done.commits) == (COLD, 39)
    assert index.commits("main") == expected(history, "main")


def test_rebuild_starts_from_scratch(history: Path) -> None:
    index = open_index(history)
    index.update("main", tip(history))
    done = index.update("main", tip(history), rebuild=True)
    assert (done.how, done.commits) == (COLD, 40)
    assert index.commits("main") == expected(history, "main")


def test_cold_build_leaves_the_connection_as_it_found_it(history: Path) -> None:
    """A cold build writes without waiting for the disk and with a larger page cache; the questions
    and updates after it are back to the usual settings (pages synced at checkpoints, a small cache)."""
    index = open_index(history)
    db = index._db()
    before = [db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("synchronous", "cache_size")]
    assert index.update("main", tip(history), rebuild=True).how == COLD
    assert (
        [db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("synchronous", "cache_size")] == before == [1, -2000]
    )
    index.close()


def test_interrupted_cold_build_leaves_the_file_as_it_was(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(history)
    real = index_module.subject_rows

    def interrupted(chunks: Iterable[bytes]) -> Iterator[list[str]]:
        yield from itertools.islice(real(chunks), 25)
        raise KeyboardInterrupt

    monkeypatch.setattr(index_module, "subject_rows", interrupted)
    index = open_index(history)
    with pytest.raises(KeyboardInterrupt):
        index.update("main", tip(history), rebuild=True)
    assert index._db().execute("PRAGMA synchronous").fetchone()[0] == 1
    index.close()
    monkeypatch.undo()
    index = open_index(history)
    assert index.update("main", tip(history)).how == UP_TO_DATE
    assert index.commits("main") == expected(history, "main")
    assert index._db().execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_new_file_has_large_pages(history: Path) -> None:
    build(history)
    assert page_size(history / ".git" / "trailercheck" / "index.sqlite") == PAGE_SIZE == 16384


def test_file_of_small_pages_is_kept(history: Path) -> None:
    """A file made before the pages grew is used as it is."""
    path = history / ".git" / "trailercheck" / "index.sqlite"
    path.parent.mkdir()
    sqlite3.connect(path).execute("PRAGMA page_size = 4096").execute("VACUUM").connection.close()
    build(history)
    assert page_size(path) == 4096
    index = open_index(history)
    assert index.update("main", tip(history)).how == UP_TO_DATE
    assert index.commits("main") == expected(history, "main")


def test_several_refs_in_one_file(history: Path) -> None:
    fast_import(history, "other", subjects(3, start=500), tip(history, "main~30"))
    index = open_index(history)
    index.update("main", tip(history))
    index.update("other", tip(history, "other"))
    index.update("main~20", tip(history, "main~20"))
    assert index.commits("other") == expected(history, "other")
    assert len(index.commits("main~20")) == 20
    assert index.commits("main") == expected(history, "main")
    assert index.contains(
        "other", tip(history, "main~30"), normalize_subject(git(history, "log", "-1", "--format=%s", "main~30"))
    )
    assert not index.contains("other", tip(history), "whatever")
    # A commit of the ref found by git when its subject is not the one given.
    assert index.contains("other", tip(history, "main~35"), "another subject", ask_git=True)
    assert not index.contains("other", tip(history), "another subject", ask_git=True)


def test_refs_updated_longest_ago_make_room(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trailercheck.sources.index as module

    monkeypatch.setattr(module, "MAX_REFS", 3)
    index = open_index(history)
    for n in range(1, 6):
        index.update(f"main~{n}", tip(history, f"main~{n}"))
    with sqlite3.connect(history / ".git" / "trailercheck" / "index.sqlite") as conn:
        names = [name for (name,) in conn.execute("SELECT name FROM refs ORDER BY id")]
        tables = sorted(name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    conn.close()
    assert names == ["main~3", "main~4", "main~5"]
    assert tables == ["c3", "c4", "c5", "refs"]
    assert len(index.commits("main~5")) == 35


def test_resolve_refs(history: Path, tmp_path: Path) -> None:
    git_dir, tips = resolve_refs(str(history), ["main", "main~1"])
    assert (Path(git_dir), tips) == (history / ".git", [tip(history), tip(history, "main~1")])
    (history / "sub").mkdir()
    assert resolve_refs(str(history / "sub"), ["main"]) == (git_dir, [tip(history)])
    with pytest.raises(UsageError, match="unknown revision 'nope'"):
        resolve_refs(str(history), ["main", "nope"])
    with pytest.raises(UsageError, match="not a revision"):
        resolve_refs(str(history), ["--all"])
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(UsageError, match="not a git repository"):
        resolve_refs(str(plain), ["main"])
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(history), str(bare))
    git_dir, tips = resolve_refs(str(bare), ["main"])
    assert (Path(git_dir), tips) == (bare, [tip(history)])
    worktree = tmp_path / "worktree"
    git(history, "worktree", "add", "-q", "--detach", str(worktree), "main~3")
    assert resolve_refs(str(worktree), ["HEAD", "main"]) == (
        str(history / ".git"),
        [tip(history, "main~3"), tip(history)],
    )


def test_bare_repository(history: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(history), str(bare))
    index = Index(str(bare), str(bare), _no_warning)
    assert index.update("main", tip(history)).how == COLD
    assert index.commits("main") == expected(history, "main")
    assert (bare / "trailercheck" / "index.sqlite").is_file()


# -- shallow clones --------------------------------------------------------------


def shallow_clone(origin: Path, where: Path, depth: int) -> Path:
    clone = where / "shallow"
    git(where, "clone", "-q", "--no-local", f"--depth={depth}", str(origin), str(clone))
    return clone


def boundary(clone: Path) -> list[str]:
    """The commits git lists as the shallow boundary of ``clone``."""
    path = clone / ".git" / "shallow"
    return sorted(path.read_text().split()) if path.exists() else []


def test_shallow_clone_records_where_the_history_ends(history: Path, tmp_path: Path) -> None:
    clone = shallow_clone(history, tmp_path, depth=5)
    cut = boundary(clone)
    assert cut == [tip(clone, "origin/main~4")]
    index = open_index(clone)
    done = index.update("origin/main", tip(clone, "origin/main"))
    assert (done.how, done.commits, done.cut) == (COLD, 5, cut)
    assert index.cut("origin/main") == cut
    assert index.commits("origin/main") == expected(clone, "origin/main")
    # Kept with the table: the next run knows it without reading the ref.
    again = open_index(clone)
    done = again.update("origin/main", tip(clone, "origin/main"))
    assert (done.how, done.cut) == (UP_TO_DATE, cut)
    assert again.cut("origin/main") == cut
    # Every ref that reaches the boundary ends there; one that does not is whole.
    done = again.update("origin/main~2", tip(clone, "origin/main~2"))
    assert (done.how, done.commits, done.cut) == (COLD, 3, cut)
    fast_import(clone, "local", subjects(2, start=700), tip(clone, "origin/main"))
    assert again.update("local", tip(clone, "local")).cut == cut
    fast_import(clone, "orphan", subjects(2, start=800))
    done = again.update("orphan", tip(clone, "orphan"))
    assert (done.how, done.commits, done.cut) == (COLD, 2, [])


def test_new_commits_fetched_into_a_shallow_clone_keep_the_cut(history: Path, tmp_path: Path) -> None:
    clone = shallow_clone(history, tmp_path, depth=5)
    cut = boundary(clone)
    open_index(clone).update("origin/main", tip(clone, "origin/main"))
    fast_import(history, "main", subjects(3, start=40))
    git(clone, "fetch", "-q")
    index = open_index(clone)
    done = index.update("origin/main", tip(clone, "origin/main"))
    assert (done.how, done.added, done.removed, done.commits, done.cut) == (INCREMENTAL, 3, 0, 8, cut)
    assert index.commits("origin/main") == expected(clone, "origin/main")


def test_deepened_history_is_read_again(history: Path, tmp_path: Path) -> None:
    """The tip has not moved, but the table lacks what lay beyond the old boundary."""
    clone = shallow_clone(history, tmp_path, depth=5)
    open_index(clone).update("origin/main", tip(clone, "origin/main"))
    git(clone, "fetch", "-q", "--deepen=10")
    deeper = boundary(clone)
    assert deeper == [tip(clone, "origin/main~14")]
    index = open_index(clone)
    done = index.update("origin/main", tip(clone, "origin/main"))
    assert (done.how, done.commits, done.cut) == (COLD, 15, deeper)
    git(clone, "fetch", "-q", "--unshallow")
    assert boundary(clone) == []
    index = open_index(clone)
    done = index.update("origin/main", tip(clone, "origin/main"))
    assert (done.how, done.commits, done.cut) == (COLD, 40, [])
    assert index.commits("origin/main") == expected(clone, "origin/main") == expected(history, "main")
    assert open_index(clone).update("origin/main", tip(clone, "origin/main")).how == UP_TO_DATE


# -- two processes at once ---------------------------------------------------------


def _update_in_process(git_dir: str, cwd: str, ref: str, sha: str, rebuild: bool, start: object, out: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    try:
        done = Index(git_dir, cwd, report=lambda m: out.put(("warning", m))).update(ref, sha, rebuild)  # type: ignore[attr-defined]
        out.put(("done", done.how))  # type: ignore[attr-defined]
    except BaseException as exc:  # pragma: no cover - reported to the test
        out.put(("error", repr(exc)))  # type: ignore[attr-defined]


def run_at_once(repo: Path, jobs: list[tuple[str, str, bool]]) -> list[tuple[str, str]]:
    """Run ``Index.update`` for each ``(ref, tip, rebuild)`` in its own process, all released together."""
    mp = multiprocessing.get_context("fork")
    start = mp.Barrier(len(jobs))
    out = mp.Queue()
    procs = [
        mp.Process(target=_update_in_process, args=(str(repo / ".git"), str(repo), ref, sha, rebuild, start, out))
        for ref, sha, rebuild in jobs
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    return results


@pytest.fixture
def long_history(tmp_path: Path) -> Path:
    path = init_repo(tmp_path / "long")
    fast_import(path, "main", subjects(3000))
    return path


def assert_sound(repo: Path, ref: str) -> None:
    """The file is intact, its stored tip is the ref's, and it holds exactly the ref's commits."""
    path = repo / ".git" / "trailercheck" / "index.sqlite"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = conn.execute("SELECT tip, commits FROM refs WHERE name = ?", (ref,)).fetchone()
    index = open_index(repo)
    assert index.update(ref, tip(repo, ref)).how == UP_TO_DATE
    assert stored == (tip(repo, ref), len(expected(repo, ref)))
    assert index.commits(ref) == expected(repo, ref) == rebuilt(repo, ref)


def test_concurrent_cold_builds(long_history: Path) -> None:
    results = run_at_once(long_history, [("main", tip(long_history), False)] * 4)
    assert sorted(results) == [("done", COLD)] + [("done", UP_TO_DATE)] * 3
    assert_sound(long_history, "main")


def test_concurrent_updates_after_a_force_push(long_history: Path) -> None:
    open_index(long_history).update("main", tip(long_history))
    fast_import(long_history, "main", subjects(300, start=5000), tip(long_history, "main~200"))
    results = run_at_once(long_history, [("main", tip(long_history), False)] * 3 + [("main", tip(long_history), True)])
    assert [r for r in results if r[0] != "done"] == []
    assert sorted(how for _, how in results).count(INCREMENTAL) <= 1
    assert_sound(long_history, "main")


def test_concurrent_updates_to_different_tips(long_history: Path) -> None:
    """Two jobs that saw the ref at different moments: whichever commits last, the index matches its tip."""
    older = tip(long_history, "main~100")
    results = run_at_once(long_history, [("main", older, False), ("main", tip(long_history), False)] * 2)
    assert [r for r in results if r[0] != "done"] == []
    path = long_history / ".git" / "trailercheck" / "index.sqlite"
    with sqlite3.connect(path) as conn:
        stored, count = conn.execute("SELECT tip, commits FROM refs WHERE name = 'main'").fetchone()
    assert stored in (older, tip(long_history))
    index = open_index(long_history)
    index.update("main", stored)
    assert index.commits("main") == expected(long_history, stored)
    assert count == len(expected(long_history, stored))
    # And from there to the real tip, incrementally.
    index.update("main", tip(long_history))
    assert index.commits("main") == expected(long_history, "main")


# -- damage --------------------------------------------------------------------


def build(repo: Path, ref: str = "main") -> None:
    """Index ``ref`` in the repository's file, and close it (no WAL left behind)."""
    index = open_index(repo)
    index.update(ref, tip(repo, ref))
    index.close()
    assert sorted(os.listdir(repo / ".git" / "trailercheck")) == ["index.lock", "index.sqlite"]


def test_corrupt_file_is_rebuilt_with_a_warning(history: Path) -> None:
    build(history)
    path = history / ".git" / "trailercheck" / "index.sqlite"
    path.write_bytes(b"this is not a database, it is garbage\n" * 200)
    messages: list[str] = []
    index = open_index(history, messages)
    done = index.update("main", tip(history))
    assert (done.how, done.stored) == (COLD, True)
    assert index.commits("main") == expected(history, "main")
    assert len(messages) == 1 and "is corrupt" in messages[0] and "rebuilding it" in messages[0], messages
    index.close()
    assert open_index(history).update("main", tip(history)).how == UP_TO_DATE


def page_size(path: Path) -> int:
    """The size of the pages of the SQLite file at ``path``, from its header."""
    return int.from_bytes(path.read_bytes()[16:18], "big")


def damage(repo: Path, first_page: int) -> None:
    """Overwrite the start of every page from ``first_page`` (1-based) on."""
    path = repo / ".git" / "trailercheck" / "index.sqlite"
    data = bytearray(path.read_bytes())
    page = page_size(path)
    for offset in range((first_page - 1) * page, len(data), page):
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def test_damaged_file_is_rebuilt_with_a_warning(history: Path) -> None:
    fast_import(history, "main", subjects(2000, start=1000))
    build(history)
    damage(history, 2)
    messages: list[str] = []
    index = open_index(history, messages)
    assert index.update("main", tip(history)).how == COLD
    assert index.commits("main") == expected(history, "main")
    assert len(messages) == 1 and "is corrupt (database disk image is malformed); rebuilding it" in messages[0]


def test_damage_found_in_the_middle_of_a_run_is_survived_with_a_warning(history: Path) -> None:
    """The header and the list of refs are fine, the commits are not: the run goes on from git log, in memory."""
    fast_import(history, "main", subjects(2000, start=1000))
    build(history)
    path = history / ".git" / "trailercheck" / "index.sqlite"
    damage(history, path.stat().st_size // page_size(path) // 2)
    messages: list[str] = []
    index = open_index(history, messages)
    assert index.update("main", tip(history)).how == UP_TO_DATE
    assert messages == []
    assert index.commits("main") == expected(history, "main")
    assert index.with_subject("main", "misc: fastrpc: change 7 of 30") != []
    assert len(messages) == 1, messages
    assert "cannot use the index" in messages[0] and "malformed" in messages[0]
    assert not index.stored


def test_unusable_directory_is_bypassed_with_a_warning(history: Path) -> None:
    (history / ".git" / "trailercheck").write_text("a file where the directory should be\n")
    messages: list[str] = []
    index = open_index(history, messages)
    done = index.update("main", tip(history))
    assert (done.how, done.stored) == (COLD, False)
    assert index.commits("main") == expected(history, "main")
    assert index.with_subject("main", "misc: fastrpc: change 2 of 0") != []
    assert len(messages) == 1 and "cannot use the index" in messages[0], messages
    # The next run bypasses it again, and again says so once.
    index.update("main", tip(history))
    assert len(messages) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_read_only_git_directory_is_bypassed_with_a_warning(history: Path) -> None:
    git_dir = history / ".git"
    mode = git_dir.stat().st_mode
    git_dir.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        messages: list[str] = []
        index = open_index(history, messages)
        done = index.update("main", tip(history))
        assert (done.how, done.stored) == (COLD, False)
        assert index.commits("main") == expected(history, "main")
        assert len(messages) == 1 and "cannot use the index" in messages[0]
    finally:
        git_dir.chmod(mode)


def test_index_of_another_layout_is_replaced(history: Path) -> None:
    build(history)
    path = history / ".git" / "trailercheck" / "index.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    index = open_index(history)
    assert index.update("main", tip(history)).how == COLD
    assert index.commits("main") == expected(history, "main")


def test_forked_process_opens_its_own_connection(history: Path) -> None:
    index = open_index(history)
    index.update("main", tip(history))
    mp = multiprocessing.get_context("fork")
    out = mp.Queue()

    def child() -> None:
        out.put(index.with_subject("main", "misc: fastrpc: change 2 of 0"))

    proc = mp.Process(target=child)
    proc.start()
    found = out.get(timeout=60)
    proc.join(timeout=60)
    assert proc.exitcode == 0
    assert found == index.with_subject("main", "misc: fastrpc: change 2 of 0") != []
    # The parent's connection still works.
    assert index.commits("main") == expected(history, "main")
