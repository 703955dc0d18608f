"""F rules: ``Fixes:`` trailers, on their own and against a real repository."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.builders import (
    ADA,
    EMPTY_TREE,
    commit,
    commit_object,
    git,
    identity,
    init_repo,
    run_cli,
    write_commit,
)
from tests.rules.kernel import (
    CHERRY,
    CRS,
    FASTRPC,
    LINK,
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
    rules,
    where,
)
from trailercheck.engine import check_message
from trailercheck.fix import apply_edits
from trailercheck.model.message import Message
from trailercheck.sources.repo import CommitLookup

F = ("F01", "F02", "F03")

#: Subjects of the commits the Fixes: lines point at (as ``git log --format=%s`` prints them).
DMABUF = "misc: fastrpc: Add dma-buf support"
INVOKE = "misc: fastrpc: Reference count the maps of an invoke"
REVERT = f'Revert "{DMABUF}"'
WRAPPED = ("misc: fastrpc: Take the map lock", "around the lookup in fastrpc_map_create()")
SIDE = "arm64: dts: qcom: sm8650: Add the ADSP fastrpc node"
AMBIGUOUS = "misc: fastrpc: Fix the session leak"
DANGLING = "misc: fastrpc: Drop the unused map flags"
#: Well-formed, but names nothing in the repository.
UNKNOWN = "c0ffee15dead"


def fastrpc(*trailers: str) -> str:
    """A qcom FROMLIST pick; its first trailer is on line 9."""
    return message(FASTRPC, *trailers)


def with_fixes(*fixes: str) -> str:
    """``fastrpc()`` with the Fixes: lines on line 10 and after."""
    return fastrpc(LINK, *fixes, SOB, CRS)


def fixes_line(sha: str, title: str) -> str:
    return f'Fixes: {sha} ("{title}")'


# -- a repository with the commits to point at ----------------------------------


@dataclass
class History:
    path: Path
    lookup: CommitLookup
    dmabuf: str
    invoke: str
    revert: str
    wrapped: str
    side: str
    ambiguous: tuple[str, str]
    dangling: str
    blob: str

    def check(self, text: str, profile: str = "qcom") -> list:
        return check(text, profile, extra=F, lookup=self.lookup)

    def fixed(self, text: str) -> str:
        return fixed(text, extra=F, lookup=self.lookup)

    def fixed_fully(self, text: str) -> str:
        """Fix and re-check until nothing changes, as ``msg --fix`` does."""
        for _ in range(8):
            msg = Message.from_text(text)
            findings = check_message(msg, context(lookup=self.lookup), rules(extra=F))
            new, applied = apply_edits(msg.lines, findings)
            if not applied:
                return text
            text = new
        raise AssertionError("fixing does not converge")


def _commit(path: Path, date: int, *paragraphs: str) -> str:
    return commit(path, "\n\n".join(paragraphs) + "\n", date=f"@{date} +0000")


def _commit_object(parent: str, date: int, subject: str) -> bytes:
    return commit_object(EMPTY_TREE, f"{subject}\n\nSigned-off-by: {ADA}\n".encode(), parent=parent, date=date)


def _sha1(obj: bytes) -> str:
    return hashlib.sha1(b"commit %d\0" % len(obj) + obj).hexdigest()


def _ambiguous_pair(parent: str, start: int) -> tuple[bytes, bytes]:
    """Two commits (same subject, different dates) whose ids share their first 7 digits."""
    seen: dict[str, bytes] = {}
    for date in range(start, start + 400_000):
        obj = _commit_object(parent, date, AMBIGUOUS)
        head = _sha1(obj)[:7]
        if head in seen:
            return seen[head], obj
        seen[head] = obj
    raise AssertionError("no 7-digit collision found")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Iterator[History]:
    path = init_repo(tmp_path_factory.mktemp("history"))
    t = 1_700_000_000
    _commit(path, t, "QCLINUX: Initial commit", f"Signed-off-by: {ADA}")
    dmabuf = _commit(path, t + 60, DMABUF, "Export the buffers of a session as dma-bufs.")
    invoke = _commit(path, t + 120, INVOKE, "Take a reference on each map an invoke uses.")
    wrapped = _commit(path, t + 180, "\n".join(WRAPPED), "The lookup races with the unmap.")
    revert = _commit(path, t + 240, REVERT, f"This reverts commit {dmabuf}.")
    git(path, "checkout", "-q", "-b", "topic/dts")
    side = _commit(path, t + 300, SIDE, "Describe the ADSP fastrpc compute banks.")
    git(path, "checkout", "-q", "main")
    first, second = _ambiguous_pair(revert, t + 1_000)
    ambiguous = []
    for i, obj in enumerate((first, second)):
        sha = write_commit(path, obj, f"refs/heads/session-{i}")
        assert sha == _sha1(obj)
        ambiguous.append(sha)
    dangling = git(path, "commit-tree", EMPTY_TREE, "-p", revert, "-m", DANGLING, env=identity(ADA, f"{t + 900} +0000"))
    blob = git(path, "hash-object", "-w", "--stdin", input=b"fastrpc\n").strip()
    lookup = CommitLookup(str(path))
    try:
        pair = (ambiguous[0], ambiguous[1])
        yield History(path, lookup, dmabuf, invoke, revert, wrapped, side, pair, dangling.strip(), blob)
    finally:
        lookup.close()


def test_history_is_what_the_tests_think(history: History) -> None:
    log = git(history.path, "log", "--all", "--format=%H %s").splitlines()
    subjects = dict(line.split(" ", 1) for line in log)
    assert subjects[history.dmabuf] == DMABUF
    assert subjects[history.wrapped] == " ".join(WRAPPED)
    assert subjects[history.revert] == REVERT
    assert subjects[history.side] == SIDE
    a, b = history.ambiguous
    assert a[:7] == b[:7] and a[:12] != b[:12]
    assert history.dangling not in subjects
    assert history.lookup.resolve(a[:7]) is None
    assert history.lookup.resolve(a[:12]) == (a, AMBIGUOUS)


# -- F01 fixes-malformed -------------------------------------------------------

SHA = "c68cfb718c8f97b7f7a50ed66aa5c7d3a08a2de2"
TITLE = "misc: fastrpc: Add support for dmabuf exporter"
GOOD = fixes_line(SHA[:12], TITLE)


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        (f"{SHA[:12].upper()} (\"{TITLE}\")", "uppercase commit id"),
        (f"{SHA[:12]} ({TITLE})", 'title not written ("title")'),
        (f'{SHA[:12]} "{TITLE}"', 'title not written ("title")'),
        (f"{SHA[:12]} ('{TITLE}')", 'title not written ("title")'),
        (f"{SHA[:12]} '{TITLE}'", 'title not written ("title")'),
        (f'{SHA[:12]} ("{TITLE}"', 'title not written ("title")'),
        (f'{SHA[:12]} "{TITLE}")', 'title not written ("title")'),
        (f'{SHA[:12]} ("{TITLE})', 'title not written ("title")'),
        (f'{SHA[:12]} ("{TITLE}").', 'title not written ("title")'),
        (f"{SHA[:12]} (\u201c{TITLE}\u201d)", 'title not written ("title")'),
        (f'{SHA[:12]} ( "{TITLE}" )', 'title not written ("title")'),
        (f'{SHA[:12]}  ("{TITLE}")', 'not <sha> ("title")'),
        (f'commit {SHA[:12]} ("{TITLE}")', "the word 'commit' before the id"),
        (f"commit {SHA[:12].upper()} ({TITLE})",
         "the word 'commit' before the id, uppercase commit id, title not written (\"title\")"),
    ],
)  # fmt: skip
def test_f01_malformed_and_fixed(value: str, problems: str) -> None:
    text = with_fixes(f"Fixes: {value}")
    f = only(check(text, extra=F), "F01")
    assert f.line == 10
    assert f.rule == "fixes-malformed"
    assert f.severity == "error"
    assert f.message == f"Fixes: {problems}"
    assert f.fix == f"write '{GOOD}'"
    [edit] = f.edits
    assert (edit.line.no, edit.start, edit.new) == (10, 7, f'{SHA[:12]} ("{TITLE}")')
    assert fixed(text, extra=F) == with_fixes(GOOD)
    assert check(with_fixes(GOOD), extra=F) == []


def test_f01_title_with_quotes_of_its_own() -> None:
    title = 'Revert "misc: fastrpc: Add support for dmabuf exporter"'
    assert check(with_fixes(fixes_line(SHA[:12], title)), extra=F) == []
    text = with_fixes(f"Fixes: {SHA[:12]} ({title})")
    f = only(check(text, extra=F), "F01")
    assert f.message == 'Fixes: title not written ("title")'
    assert fixed(text, extra=F) == with_fixes(fixes_line(SHA[:12], title))


def test_f01_title_ending_in_parentheses() -> None:
    title = "misc: fastrpc: Fix the use after free in fastrpc_map_put()"
    assert check(with_fixes(fixes_line(SHA[:12], title)), extra=F) == []
    text = with_fixes(f"Fixes: {SHA[:12]} ({title})")
    assert fixed(text, extra=F) == with_fixes(fixes_line(SHA[:12], title))
    text = with_fixes(f'Fixes: {SHA[:12]} ("{title}"')
    assert fixed(text, extra=F) == with_fixes(fixes_line(SHA[:12], title))


@pytest.mark.parametrize(
    ("lines", "problems"),
    [
        ((f'Fixes: {SHA[:12]} ("{TITLE}")', "  <srini@kernel.org>"),
         'title not written ("title"), split over several lines'),
        ((f'Fixes: {SHA[:12]} ("{TITLE}") # 6.1',), 'title not written ("title")'),
        ((f'Fixes: {SHA[:12]} ("{TITLE}" and {SHA[:12]} ("{TITLE}")',), 'title not written ("title")'),
    ],
)  # fmt: skip
def test_f01_text_after_the_title_is_reported_not_rewritten(lines: tuple[str, ...], problems: str) -> None:
    text = with_fixes(*lines)
    f = only(check(text, extra=F), "F01")
    assert (f.line, f.message) == (10, f"Fixes: {problems}")
    assert f.fix == 'write Fixes: <sha> ("<subject>")'
    assert f.edits == []


@pytest.mark.parametrize(
    ("lines", "problems"),
    [
        # The title wrapped without indenting: git reads the second line as text of its own.
        ((f'Fixes: {SHA[:12]} ("misc: fastrpc: Add support for dmabuf', 'exporter")'),
         "split over several lines"),
        ((f'Fixes: {SHA[:12]} (misc: fastrpc: Add support for dmabuf', "exporter)"),
         'title not written ("title"), split over several lines'),
        ((f"Fixes: {SHA[:12]}", f'("{TITLE}")'), "split over several lines"),
        ((f"Fixes: commit {SHA[:12]}", f' ("{TITLE}")'), "the word 'commit' before the id, split over several lines"),
        ((f'Fixes: {SHA[:12]} ("misc: fastrpc: Add', "support for dmabuf", 'exporter")'), "split over several lines"),
    ],
)  # fmt: skip
def test_f01_wrapped_title_is_one_finding_that_joins_it(lines: tuple[str, ...], problems: str) -> None:
    text = with_fixes(*lines)
    f = only(check(text, extra=F), "F01")
    assert (f.line, f.message, f.fix) == (10, f"Fixes: {problems}", f"write '{GOOD}'")
    assert [e.line.no for e in f.edits] == list(range(10, 10 + len(lines)))
    assert fixed(text, extra=F) == with_fixes(GOOD)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        # Not the rest of a title: the lines stay as they are.
        ((f"Fixes: {SHA[:12]}", f"(cherry picked from commit {SHA})"), 'Fixes: no ("title")'),
        ((f'Fixes: {SHA[:12]} ("misc: fastrpc: Add', "support for", "dmabuf", 'exporter")'),
         'Fixes: title not written ("title")'),
    ],
)  # fmt: skip
def test_f01_what_does_not_close_the_title_is_not_joined(lines: tuple[str, ...], message: str) -> None:
    f = only(check(with_fixes(*lines), extra=F), "F01")
    assert (f.line, f.message, f.edits) == (10, message, [])


def test_f01_title_left_open_before_the_next_trailer_is_closed() -> None:
    text = with_fixes(f'Fixes: {SHA[:12]} ("{TITLE}', SOB_BOB)
    f = only(check(text, extra=F), "F01")
    assert (f.line, f.message, f.fix) == (10, 'Fixes: title not written ("title")', f"write '{GOOD}'")
    assert fixed(text, extra=F) == with_fixes(GOOD, SOB_BOB)


def test_f01_sha256_id_is_well_formed() -> None:
    sha256 = "4f1c2d0e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d"
    assert check(with_fixes(fixes_line(sha256, TITLE)), extra=F) == []
    assert check(with_fixes(fixes_line(sha256[:12], TITLE)), extra=F) == []


def test_f01_split_over_two_lines_is_joined() -> None:
    text = with_fixes(f'Fixes: {SHA[:12]} ("misc: fastrpc: Add support', '  for dmabuf exporter")')
    f = only(check(text, extra=F), "F01")
    assert f.line == 10
    assert f.message == "Fixes: split over several lines"
    assert [(e.line.no, e.start) for e in f.edits] == [(10, 7), (11, -1)]
    assert fixed(text, extra=F) == with_fixes(GOOD)


@pytest.mark.parametrize(
    ("value", "message", "fix"),
    [
        (f'{SHA[:8]} ("{TITLE}")', "Fixes: commit id abbreviated to 8 digits (12 or more)",
         'write Fixes: <sha> ("<subject>")'),
        (SHA[:12], 'Fixes: no ("title")', 'write Fixes: <sha> ("<subject>")'),
        (f'{SHA[:12]} ("")', 'Fixes: no ("title")', 'write Fixes: <sha> ("<subject>")'),
        ("https://bugzilla.kernel.org/show_bug.cgi?id=219001", "Fixes: no commit id",
         'write Fixes: <sha> ("<subject>")'),
        (f'g{SHA[:12]} ("{TITLE}")', "Fixes: no commit id", 'write Fixes: <sha> ("<subject>")'),
    ],
)  # fmt: skip
def test_f01_without_a_repository_some_are_not_fixable(value: str, message: str, fix: str) -> None:
    text = with_fixes(f"Fixes: {value}")
    f = only(check(text, extra=F), "F01")
    assert (f.line, f.message, f.fix, f.edits) == (10, message, fix, [])
    assert fixed(text, extra=F) == text


@pytest.mark.parametrize(
    "value",
    [
        GOOD,
        fixes_line(SHA, TITLE),
        fixes_line(SHA[:16], TITLE),
        fixes_line(SHA[:12], "drm/msm/dpu: Fix the CTL flush mask (merge-3d)"),
    ],
)
def test_f01_well_formed(value: str) -> None:
    assert check(with_fixes(value), extra=F) == []


def test_f01_several_fixes_lines_each_judged() -> None:
    text = with_fixes(GOOD, f"Fixes: {SHA[:12]} (misc: fastrpc: Fix map refcount)", GOOD.replace(SHA[:12], SHA[:7]))
    findings = check(text, extra=F)
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("F01", 11, 'Fixes: title not written ("title")'),
        ("F01", 12, "Fixes: commit id abbreviated to 7 digits (12 or more)"),
    ]


def test_f01_empty_value_is_t05_only() -> None:
    assert where(check(with_fixes("Fixes:"), extra=F)) == [("T05", 10)]


def test_f01_in_a_split_block_is_still_checked() -> None:
    text = fastrpc(LINK, f"Fixes: {SHA[:12]} ({TITLE})", "", SOB, CRS)
    assert where(check(text, extra=F)) == [("F01", 10), ("T01", 11)]


def test_f01_key_case_and_value_fixed_together() -> None:
    text = with_fixes(f"fixes: {SHA[:12].upper()} ({TITLE})")
    assert where(check(text, extra=F)) == [("F01", 10), ("T02", 10)]
    assert fixed(text, extra=F) == with_fixes(GOOD)


def test_f01_crlf_kept() -> None:
    text = with_fixes(f"Fixes: {SHA[:12]} ({TITLE})").replace("\n", "\r\n")
    assert fixed(text, extra=F) == with_fixes(GOOD).replace("\n", "\r\n")


@pytest.mark.parametrize("profile", ["qcom", "android", "chromeos", "upstream"])
def test_f_severities(profile: str) -> None:
    ruleset = rules(profile, extra=F)
    assert [ruleset.severity_of(c) for c in F] == ["error", "warning", "warning"]


# -- F01 with a repository: the title (and a full id) filled in ----------------


def test_f01_repository_fills_in_the_missing_title(history: History) -> None:
    text = with_fixes(f"Fixes: {history.dmabuf[:12]}")
    f = only(history.check(text), "F01")
    assert f.message == 'Fixes: no ("title")'
    assert f.fix == f"write '{fixes_line(history.dmabuf[:12], DMABUF)}'"
    assert history.fixed(text) == with_fixes(fixes_line(history.dmabuf[:12], DMABUF))


def test_f01_repository_expands_a_short_id(history: History) -> None:
    text = with_fixes(f"Fixes: {history.invoke[:7]}")
    f = only(history.check(text), "F01")
    assert f.message == 'Fixes: commit id abbreviated to 7 digits (12 or more), no ("title")'
    assert history.fixed(text) == with_fixes(fixes_line(history.invoke[:12], INVOKE))
    text = with_fixes(fixes_line(history.invoke[:7].upper(), INVOKE))
    assert history.fixed(text) == with_fixes(fixes_line(history.invoke[:12], INVOKE))


def test_f01_repository_cannot_fill_in_what_it_does_not_know(history: History) -> None:
    text = with_fixes(f"Fixes: {UNKNOWN}")
    findings = history.check(text)
    assert where(findings) == [("F01", 10), ("F02", 10)]
    assert findings[0].edits == []
    text = with_fixes(f"Fixes: {history.ambiguous[0][:7]}")
    findings = history.check(text)
    assert where(findings) == [("F01", 10), ("F02", 10)]
    assert findings[0].edits == []


# -- F02 fixes-unknown-commit --------------------------------------------------


def test_f02_right_ids_are_quiet(history: History) -> None:
    for sha, title in ((history.dmabuf, DMABUF), (history.invoke, INVOKE), (history.side, SIDE)):
        assert history.check(with_fixes(fixes_line(sha[:12], title))) == []
        assert history.check(with_fixes(fixes_line(sha, title))) == []


@pytest.mark.parametrize("sha", [UNKNOWN, "0" * 40, "4564170ab12c"])
def test_f02_id_names_no_commit(history: History, sha: str) -> None:
    text = with_fixes(fixes_line(sha, DMABUF))
    f = only(history.check(text), "F02")
    assert f.line == 10
    assert f.rule == "fixes-unknown-commit"
    assert f.severity == "warning"
    assert f.message == f"Fixes: {sha} does not name a commit in this repository"
    assert f.fix == "check the id (git log --oneline -1 <id>)"
    assert f.edits == []
    assert history.fixed(text) == text


def test_f02_id_of_a_blob_is_not_a_commit(history: History) -> None:
    text = with_fixes(fixes_line(history.blob[:12], DMABUF))
    f = only(history.check(text), "F02")
    assert f.message == f"Fixes: {history.blob[:12]} does not name a commit in this repository"


def test_f02_short_id_that_resolves_is_only_f01(history: History) -> None:
    text = with_fixes(fixes_line(history.dmabuf[:7], DMABUF))
    f = only(history.check(text), "F01")
    assert f.message == "Fixes: commit id abbreviated to 7 digits (12 or more)"
    assert history.fixed(text) == with_fixes(fixes_line(history.dmabuf[:12], DMABUF))


def test_f02_ambiguous_short_id(history: History) -> None:
    first, second = history.ambiguous
    text = with_fixes(fixes_line(first[:7], AMBIGUOUS))
    findings = history.check(text)
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("F01", 10, "Fixes: commit id abbreviated to 7 digits (12 or more)"),
        ("F02", 10, f"Fixes: {first[:7]} does not name a commit in this repository"),
    ]
    for sha in (first, second):
        assert history.check(with_fixes(fixes_line(sha[:12], AMBIGUOUS))) == []


def test_f02_uppercase_id_is_looked_up_in_lower_case(history: History) -> None:
    text = with_fixes(fixes_line(history.dmabuf[:12].upper(), DMABUF))
    assert where(history.check(text)) == [("F01", 10)]


def test_f02_only_the_unknown_of_several(history: History) -> None:
    text = with_fixes(fixes_line(history.dmabuf[:12], DMABUF), fixes_line(UNKNOWN, INVOKE))
    f = only(history.check(text), "F02")
    assert f.line == 11


def test_f02_very_short_ids_are_left_to_f01(history: History) -> None:
    assert where(history.check(with_fixes(f'Fixes: abc ("{DMABUF}")'))) == [("F01", 10)]


def test_f02_f03_need_a_repository() -> None:
    text = with_fixes(fixes_line(UNKNOWN, DMABUF))
    assert check(text, extra=F) == []


@pytest.mark.xfail(
    strict=True,
    reason="F02 should also report an id that names only an unreachable (dangling) commit, one no ref "
    "carries; CommitLookup (trailercheck/sources/repo.py) asks git cat-file, which finds those too",
)
def test_f02_unreachable_commit_is_unknown(history: History) -> None:
    text = with_fixes(fixes_line(history.dangling[:12], DANGLING))
    assert where(history.check(text)) == [("F02", 10)]


def test_f02_in_an_upstream_pick(history: History) -> None:
    text = message(UFS, fixes_line(UNKNOWN, DMABUF), SOB_BOB, UFS_LINK, SOB_BJORN, CHERRY, SOB, body=UFS_BODY)
    assert where(history.check(text)) == [("F02", 5)]


# -- F03 fixes-title-mismatch --------------------------------------------------


def test_f03_wrong_title(history: History) -> None:
    sha = history.dmabuf[:12]
    text = with_fixes(fixes_line(sha, "misc: fastrpc: Add dmabuf support"))
    f = only(history.check(text), "F03")
    assert f.line == 10
    assert f.rule == "fixes-title-mismatch"
    assert f.severity == "warning"
    assert f.message == f"Fixes: {sha} is titled {DMABUF!r}, not 'misc: fastrpc: Add dmabuf support'"
    assert f.fix == f"write '{fixes_line(sha, DMABUF)}'"
    [edit] = f.edits
    col = len(f'Fixes: {sha} ("')
    assert (edit.line.no, edit.start, edit.end) == (10, col, col + len("misc: fastrpc: Add dmabuf support"))
    assert history.fixed(text) == with_fixes(fixes_line(sha, DMABUF))
    assert history.check(history.fixed(text)) == []


def test_f03_title_of_another_commit(history: History) -> None:
    text = with_fixes(fixes_line(history.invoke[:12], DMABUF))
    f = only(history.check(text), "F03")
    assert f.message == f"Fixes: {history.invoke[:12]} is titled {INVOKE!r}, not {DMABUF!r}"
    assert history.fixed(text) == with_fixes(fixes_line(history.invoke[:12], INVOKE))


def test_f03_title_with_quotes_of_its_own(history: History) -> None:
    sha = history.revert[:12]
    assert history.check(with_fixes(fixes_line(sha, REVERT))) == []
    text = with_fixes(fixes_line(sha, DMABUF))
    f = only(history.check(text), "F03")
    assert f.message == f"Fixes: {sha} is titled {REVERT!r}, not {DMABUF!r}"
    assert history.fixed(text) == with_fixes(fixes_line(sha, REVERT))


def test_f03_subject_over_two_lines_is_compared_joined(history: History) -> None:
    sha = history.wrapped[:12]
    assert history.check(with_fixes(fixes_line(sha, " ".join(WRAPPED)))) == []
    text = with_fixes(fixes_line(sha, WRAPPED[0]))
    only(history.check(text), "F03")
    assert history.fixed(text) == with_fixes(fixes_line(sha, " ".join(WRAPPED)))


def test_f03_malformed_line_is_f01s_whose_fix_quotes_the_subject(history: History) -> None:
    # One finding for the line, with one fix: never an F01 and an F03 that rewrite it differently.
    sha = history.dmabuf[:12]
    text = with_fixes(fixes_line(sha.upper(), "misc: fastrpc: Add dmabuf support"))
    f = only(history.check(text), "F01")
    assert f.message == f"Fixes: uppercase commit id, the commit is titled {DMABUF!r}"
    assert f.fix == f"write '{fixes_line(sha, DMABUF)}'"
    assert history.fixed(text) == with_fixes(fixes_line(sha, DMABUF))


def test_f03_empty_title_is_f01s_to_fill_in(history: History) -> None:
    sha = history.dmabuf[:12]
    text = with_fixes(f'Fixes: {sha} ("")')
    f = only(history.check(text), "F01")
    assert f.message == 'Fixes: no ("title")'
    assert history.fixed(text) == with_fixes(fixes_line(sha, DMABUF))


def test_f03_id_pasted_as_the_title(history: History) -> None:
    sha = history.dmabuf[:12]
    text = with_fixes(fixes_line(sha, sha))
    f = only(history.check(text), "F03")
    [edit] = f.edits
    assert edit.start == len(f'Fixes: {sha} ("')
    assert history.fixed(text) == with_fixes(fixes_line(sha, DMABUF))


def test_f03_and_f01_on_one_line_are_one_finding(history: History) -> None:
    text = with_fixes(f"Fixes: {history.invoke[:7]} (misc: fastrpc: Refcount maps)")
    findings = history.check(text)
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("F01", 10, 'Fixes: commit id abbreviated to 7 digits (12 or more), title not written ("title"), '
         f"the commit is titled {INVOKE!r}"),
    ]  # fmt: skip
    assert findings[0].fix == f"write '{fixes_line(history.invoke[:12], INVOKE)}'"
    assert history.fixed(text) == with_fixes(fixes_line(history.invoke[:12], INVOKE))


def test_f03_split_value_is_joined_with_the_subject_by_f01(history: History) -> None:
    sha = history.dmabuf[:12]
    text = with_fixes(f'Fixes: {sha} ("misc: fastrpc:', ' Add dmabuf support")')
    f = only(history.check(text), "F01")
    assert f.message == f"Fixes: split over several lines, the commit is titled {DMABUF!r}"
    assert [(e.line.no, e.start) for e in f.edits] == [(10, 7), (11, -1)]
    assert history.fixed(text) == with_fixes(fixes_line(sha, DMABUF))


@pytest.mark.parametrize(
    "lines",
    [
        (f'Fixes: {{sha}} ("{WRAPPED[0]}', f'{WRAPPED[1]}")'),
        (f'Fixes: {{sha}} ("{WRAPPED[0]}', f'\t{WRAPPED[1]}")'),
        ("Fixes: {sha}", f'("{" ".join(WRAPPED)}")'),
        ("Fixes: commit {sha}", f'       ("{" ".join(WRAPPED)}")'),
    ],
)
def test_f01_wrapped_title_with_the_repository(history: History, lines: tuple[str, str]) -> None:
    sha = history.wrapped[:12]
    text = with_fixes(*(line.format(sha=sha) for line in lines))
    f = only(history.check(text), "F01")
    assert f.line == 10
    assert f.fix == f"write '{fixes_line(sha, ' '.join(WRAPPED))}'"
    assert history.fixed(text) == with_fixes(fixes_line(sha, " ".join(WRAPPED)))


def test_f03_unknown_or_ambiguous_ids_are_f02s(history: History) -> None:
    assert where(history.check(with_fixes(fixes_line(UNKNOWN, "misc: x")))) == [("F02", 10)]
    ambiguous = history.ambiguous[0][:7]
    assert where(history.check(with_fixes(fixes_line(ambiguous, "misc: x")))) == [("F01", 10), ("F02", 10)]


def test_f03_case_and_spacing_matter(history: History) -> None:
    sha = history.dmabuf[:12]
    for title in (DMABUF.lower(), DMABUF.replace(": ", ":  "), DMABUF + "."):
        assert where(history.check(with_fixes(fixes_line(sha, title)))) == [("F03", 10)]


def test_f_rules_clean_against_the_repository(history: History) -> None:
    text = with_fixes(fixes_line(history.dmabuf[:12], DMABUF), fixes_line(history.side, SIDE))
    assert history.check(text) == []
    assert history.check(text, "android") == []


# -- end to end: the commit-msg hook fills in and corrects Fixes: lines ----------


def test_msg_fix_fills_in_and_corrects_fixes_lines(repo: Path, tmp_path: Path) -> None:
    git(repo, "commit", "-q", "--allow-empty", "-m", DMABUF)
    dmabuf = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "commit", "-q", "--allow-empty", "-m", INVOKE)
    invoke = git(repo, "rev-parse", "HEAD").strip()
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(with_fixes(f"Fixes: {dmabuf[:7]}", fixes_line(invoke[:12], DMABUF), fixes_line(UNKNOWN, DMABUF)))
    proc = run_cli("msg", "--fix", str(path), cwd=repo)
    assert proc.stderr == f"{path}: fixed 2 findings (F01, F03)\n"
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0] == (
        f"{path}:12: F02 fixes-unknown-commit: Fixes: {UNKNOWN} does not name a commit in this repository (warning)"
    )
    assert path.read_text() == with_fixes(
        fixes_line(dmabuf[:12], DMABUF), fixes_line(invoke[:12], INVOKE), fixes_line(UNKNOWN, DMABUF)
    )


def test_msg_accepts_the_ids_of_a_sha256_repository(tmp_path: Path) -> None:
    repo = tmp_path / "sha256"
    repo.mkdir()
    git(repo, "init", "-q", "--object-format=sha256")
    shas = []
    for subject in (DMABUF, INVOKE, SIDE):
        git(repo, "commit", "-q", "--allow-empty", "-m", subject)
        shas.append(git(repo, "rev-parse", "HEAD").strip())
    dmabuf, invoke, side = shas
    assert len(dmabuf) == 64
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(with_fixes(fixes_line(dmabuf, DMABUF), fixes_line(invoke[:12], INVOKE), f"Fixes: {side[:7]}"))
    proc = run_cli("msg", "--fix", str(path), cwd=repo)
    assert (proc.stdout, proc.stderr, proc.returncode) == ("", f"{path}: fixed 1 finding (F01)\n", 0)
    assert path.read_text() == with_fixes(
        fixes_line(dmabuf, DMABUF), fixes_line(invoke[:12], INVOKE), fixes_line(side[:12], SIDE)
    )
