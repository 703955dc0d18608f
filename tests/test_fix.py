"""``trailercheck msg --fix``: only the bytes of the fixed spans change."""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import ADA, BOB, git, run_cli
from tests.rules.kernel import IMPLEMENTED
from trailercheck.cli.run import HookInput, fix_file
from trailercheck.engine import Layer, RuleSet, UsageError, check_message
from trailercheck.findings import Edit, Finding
from trailercheck.fix import apply_edits
from trailercheck.model.person import parse_person
from trailercheck.model.text import Line
from trailercheck.profiles import PROFILES
from trailercheck.rules import REGISTRY, Context

SOB = f"Signed-off-by: {ADA}"
MSGID = "20241001-fastrpc-v1-1-abc@example.com"
LORE = f"https://lore.kernel.org/all/{MSGID}/"
LINK = f"Link: {LORE}"
CRS = "CRs-Fixed: 4564170"
SUBJECT = "FROMLIST: misc: fastrpc: Fix map refcount"
BODY = [
    "fastrpc_map_create() takes a reference on the map it finds, and the",
    "invoke path takes another one when it attaches the map to the context.",
    "Only one of them is ever dropped, so the map and its dma-buf leak.",
    "",
    "Drop the extra reference taken in fastrpc_map_create().",
]
TEMPLATE = [
    "# Please enter the commit message for your changes. Lines starting",
    "# with '#' will be ignored, and an empty message aborts the commit.",
    "#",
    "# On branch tech/mm/fastrpc",
    "# Changes to be committed:",
    "#\tmodified:   drivers/misc/fastrpc.c",
    "#",
]
SCISSORS = [
    "# ------------------------ >8 ------------------------",
    "# Do not modify or remove the line above.",
    "# Everything below it will be ignored.",
    "diff --git a/drivers/misc/fastrpc.c b/drivers/misc/fastrpc.c",
    "--- a/drivers/misc/fastrpc.c",
    "+++ b/drivers/misc/fastrpc.c",
    "@@ -1,3 +1,3 @@",
    "-Link:http://lore.kernel.org/r/<x@y>",
    "+signed-off-by: Nobody",
    "",
    "Signed-off-by: Ada Lovelace <ada@example.com>",
    "Signed-off-by: Ada Lovelace <ada@example.com>",
]


def lines_to_bytes(lines: list[str], eol: str = "\n") -> bytes:
    return "".join(line + eol for line in lines).encode()


def commit_msg(*trailers: str, subject: str = SUBJECT) -> list[str]:
    """The lines of a message; the first trailer is on line 9."""
    return [subject, "", *BODY, "", *trailers]


def changes(before: bytes, after: bytes) -> list[tuple[str, int, int, list[bytes]]]:
    """What changed, line by line: ``(tag, first, last, new lines)`` with 1-based line numbers of ``before``.

    ``first..last`` are the replaced or deleted lines; an insertion before line N is ``("insert", N, N - 1, ...)``.
    """
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append((tag, i1 + 1, i2, b[j1:j2]))
    return out


def fix(path: Path, cwd: Path, *args: str) -> tuple[int, str, str]:
    proc = run_cli("msg", "--fix", *args, str(path), cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


# -- the motivating case -------------------------------------------------------


MOTIVATING = commit_msg(LINK, "", SOB, CRS)


def test_motivating_case_removes_exactly_the_empty_line(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    before = lines_to_bytes(MOTIVATING)
    path.write_bytes(before)
    proc = run_cli("msg", str(path), cwd=repo)
    assert proc.returncode == 1
    assert (
        f"{path}:10: T01 trailer-block-blank-line: blank line between Link: (line 9) and Signed-off-by: (line 11)"
        in (proc.stdout)
    )
    assert fix(path, repo) == (0, "", f"{path}: fixed 1 finding (T01)\n")
    after = path.read_bytes()
    assert changes(before, after) == [("delete", 10, 10, [])]
    assert after == lines_to_bytes(commit_msg(LINK, SOB, CRS))
    assert run_cli("msg", str(path), cwd=repo).returncode == 0
    assert git(repo, "interpret-trailers", "--parse", str(path)) == f"{LINK}\n{SOB}\n{CRS}\n"


def test_motivating_case_in_a_hook_file(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    before = lines_to_bytes([*MOTIVATING, *TEMPLATE, *SCISSORS])
    path.write_bytes(before)
    assert fix(path, repo) == (0, "", f"{path}: fixed 1 finding (T01)\n")
    assert changes(before, path.read_bytes()) == [("delete", 10, 10, [])]


# -- one fix per rule ----------------------------------------------------------


CASES = [
    # id, trailers or (subject, trailers) before, after, the changes
    ("T01", commit_msg(LINK, "", "", SOB), commit_msg(LINK, SOB), [("delete", 10, 11, [])]),
    (
        "T02",
        commit_msg(LINK, "signed-off-by: " + ADA, CRS),
        commit_msg(LINK, SOB, CRS),
        [("replace", 10, 10, [SOB])],
    ),
    (
        "T02",
        commit_msg(LINK, "Reviewed-By: " + BOB, SOB),
        commit_msg(LINK, "Reviewed-by: " + BOB, SOB),
        [("replace", 10, 10, ["Reviewed-by: " + BOB])],
    ),
    ("T03", commit_msg("Link:" + LORE, SOB), commit_msg(LINK, SOB), [("replace", 9, 9, [LINK])]),
    ("T03", commit_msg("Link :\t" + LORE, SOB), commit_msg(LINK, SOB), [("replace", 9, 9, [LINK])]),
    (
        "T04",
        commit_msg(LINK, "Reviwed-by: " + BOB, SOB),
        commit_msg(LINK, "Reviewed-by: " + BOB, SOB),
        [("replace", 10, 10, ["Reviewed-by: " + BOB])],
    ),
    (
        "T04",
        commit_msg(LINK, "Signed-of-by: " + ADA),
        commit_msg(LINK, SOB),
        [("replace", 10, 10, [SOB])],
    ),
    ("T06", commit_msg(LINK, CRS, SOB, SOB), commit_msg(LINK, CRS, SOB), [("delete", 12, 12, [])]),
    (
        "S02",
        commit_msg(LINK, SOB, subject="Fromlist: misc: fastrpc: Fix map refcount"),
        commit_msg(LINK, SOB),
        [("replace", 1, 1, [SUBJECT])],
    ),
    (
        "S02",
        commit_msg(LINK, SOB, subject="[FROMLIST] misc: fastrpc: Fix map refcount"),
        commit_msg(LINK, SOB),
        [("replace", 1, 1, [SUBJECT])],
    ),
    (
        "S07",
        commit_msg(SOB, CRS, subject='Revert "FROMLIST: misc: fastrpc: Add map"'),
        commit_msg(SOB, CRS, subject='QCLINUX: Revert "FROMLIST: misc: fastrpc: Add map"'),
        [("replace", 1, 1, ['QCLINUX: Revert "FROMLIST: misc: fastrpc: Add map"'])],
    ),
    (
        "L03",
        commit_msg(f"Link: <{LORE}>", SOB),
        commit_msg(LINK, SOB),
        [("replace", 9, 9, [LINK])],
    ),
    (
        "L03",
        commit_msg(f"Link: https://lore.kernel.org/r/<{MSGID}>", SOB),
        commit_msg(f"Link: https://lore.kernel.org/r/{MSGID}", SOB),
        [("replace", 9, 9, [f"Link: https://lore.kernel.org/r/{MSGID}"])],
    ),
    (
        "L03",
        commit_msg(f"Link: http://lore.kernel.org/all/{MSGID}/", SOB),
        commit_msg(LINK, SOB),
        [("replace", 9, 9, [LINK])],
    ),
    (
        "L04",
        commit_msg("Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc%40example.com/", SOB),
        commit_msg(LINK, SOB),
        [("replace", 9, 9, [LINK])],
    ),
    (
        "L05",
        commit_msg(f"Link: {LORE}T/#u", SOB),
        commit_msg(LINK, SOB),
        [("replace", 9, 9, [LINK])],
    ),
    (
        "L01",
        commit_msg(f"Upstream-Status: Submitted [{LORE}]", SOB, CRS),
        commit_msg(f"Upstream-Status: Submitted [{LORE}]", LINK, SOB, CRS),
        [("insert", 10, 9, [LINK])],
    ),
    (
        "L01",
        commit_msg(f"Message-Id: <{MSGID}>", SOB),
        commit_msg(f"Message-Id: <{MSGID}>", f"Link: https://lore.kernel.org/r/{MSGID}", SOB),
        [("insert", 10, 9, [f"Link: https://lore.kernel.org/r/{MSGID}"])],
    ),
]


@pytest.mark.parametrize(("code", "before", "after", "diff"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_fix_one_rule(
    tmp_path: Path, repo: Path, code: str, before: list[str], after: list[str], diff: list[tuple]
) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    data = lines_to_bytes(before)
    path.write_bytes(data)
    first = run_cli("msg", str(path), cwd=repo)
    assert f" {code} " in first.stdout
    assert fix(path, repo) == (0, "", f"{path}: fixed 1 finding ({code})\n")
    result = path.read_bytes()
    assert result == lines_to_bytes(after)
    assert changes(data, result) == [(t, a, b, [(ln + "\n").encode() for ln in new]) for t, a, b, new in diff]
    assert fix(path, repo) == (0, "", "")
    assert path.read_bytes() == result


def test_several_fixes_in_one_run(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    data = lines_to_bytes(
        commit_msg(
            f"Link:{LORE}T/",
            "",
            "Reviwed-By: " + BOB,
            "signed-off-by: " + ADA,
            SOB,
            CRS,
            subject="Fromlist: misc: fastrpc: Fix map refcount",
        )
    )
    path.write_bytes(data)
    code, out, err = fix(path, repo)
    assert (code, out) == (0, "")
    assert err == f"{path}: fixed 7 findings (L05, S02, T01, T02, T03, T04, T06)\n"
    result = path.read_bytes()
    assert result == lines_to_bytes(commit_msg(LINK, "Reviewed-by: " + BOB, SOB, CRS))
    assert changes(data, result) == [
        ("replace", 1, 1, [(SUBJECT + "\n").encode()]),
        ("replace", 9, 12, [(LINK + "\n").encode(), ("Reviewed-by: " + BOB + "\n").encode()]),
    ]


def test_unfixable_findings_leave_the_file_alone(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    data = lines_to_bytes(commit_msg("Link: https://lkml.org/lkml/2024/10/1/512", "Reviewed-by:", SOB))
    path.write_bytes(data)
    inode = path.stat().st_ino
    code, out, err = fix(path, repo)
    assert code == 1
    assert err == ""
    assert f"{path}:9: L02 " in out and f"{path}:10: T05 " in out
    assert path.read_bytes() == data
    assert path.stat().st_ino == inode


def test_remaining_findings_are_reported_after_fixing(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_bytes(lines_to_bytes(commit_msg("Link:https://lkml.org/lkml/2024/10/1/512", SOB)))
    code, out, err = fix(path, repo)
    assert code == 1
    assert err == f"{path}: fixed 1 finding (T03)\n"
    assert out.splitlines()[0].startswith(f"{path}:9: L02 link-not-lore: Link: points at 'lkml.org'")
    assert path.read_bytes() == lines_to_bytes(commit_msg("Link: https://lkml.org/lkml/2024/10/1/512", SOB))


def test_fix_needs_a_file(repo: Path) -> None:
    proc = run_cli("msg", "--fix", "-", input=lines_to_bytes(MOTIVATING), cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr == "trailercheck: --fix needs a file, not standard input\n"


# -- byte exactness ------------------------------------------------------------


def test_crlf_stays_crlf(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    before = commit_msg(f"Link:{LORE}T/#u", "", "Signed-Off-By: " + ADA, CRS, CRS)
    data = lines_to_bytes(before, "\r\n")
    path.write_bytes(data)
    code, out, err = fix(path, repo)
    assert (code, out) == (0, "")
    assert err == f"{path}: fixed 5 findings (L05, T01, T02, T03, T06)\n"
    result = path.read_bytes()
    assert result == lines_to_bytes(commit_msg(LINK, SOB, CRS), "\r\n")
    assert changes(data, result) == [
        ("replace", 9, 11, [(LINK + "\r\n").encode(), (SOB + "\r\n").encode()]),
        ("delete", 13, 13, []),
    ]
    assert all(line.endswith(b"\r\n") for line in result.splitlines(keepends=True))


def test_mixed_line_ends_are_kept_line_by_line(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    data = (
        lines_to_bytes(commit_msg(), "\n")
        + b"Link:" + LORE.encode() + b"\r\n"
        + b"\n"
        + SOB.encode() + b"\r\n"
        + CRS.encode()
    )  # fmt: skip
    path.write_bytes(data)
    assert fix(path, repo)[0] == 0
    assert path.read_bytes() == lines_to_bytes(commit_msg(), "\n") + (
        LINK.encode() + b"\r\n" + SOB.encode() + b"\r\n" + CRS.encode()
    )


def test_no_newline_at_the_end_stays_so(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    data = lines_to_bytes(commit_msg(LINK, "", SOB)) + CRS.encode()
    path.write_bytes(data)
    assert fix(path, repo) == (0, "", f"{path}: fixed 1 finding (T01)\n")
    assert path.read_bytes() == lines_to_bytes(commit_msg(LINK, SOB)) + CRS.encode()


def test_latin1_bytes_elsewhere_survive(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    data = (
        lines_to_bytes([SUBJECT, "", *BODY])
        + b"\nTested on the SM8750 MTP of Jos\xe9 M\xfcller, thanks Fran\xe7ois.\n\n"
        + lines_to_bytes(["Link:" + LORE])
        + b"Reported-By: Jos\xe9 M\xfcller <jose@example.com>\n"
        + b"Closes: https://lore.kernel.org/r/20240930-jose@example.com\n"
        + b"\n"
        + lines_to_bytes([SOB, CRS])
    )
    path.write_bytes(data)
    code, out, err = fix(path, repo)
    assert (code, out) == (0, "")
    assert err == f"{path}: fixed 3 findings (T01, T02, T03)\n"
    result = path.read_bytes()
    assert b"Tested on the SM8750 MTP of Jos\xe9 M\xfcller, thanks Fran\xe7ois.\n" in result
    assert b"Reported-by: Jos\xe9 M\xfcller <jose@example.com>\n" in result
    assert changes(data, result) == [
        ("replace", 11, 12, [(LINK + "\n").encode(), b"Reported-by: Jos\xe9 M\xfcller <jose@example.com>\n"]),
        ("delete", 14, 14, []),
    ]


def test_comments_and_scissors_section_survive(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    message = commit_msg(
        f"Link:{LORE}",
        "# the Link: above is for v1 of the series",
        "",
        "signed-off-by: " + ADA,
        CRS,
        subject="Fromlist: misc: fastrpc: Fix map refcount",
    )
    data = lines_to_bytes([*message, "", *TEMPLATE, *SCISSORS])
    path.write_bytes(data)
    code, out, err = fix(path, repo)
    assert (code, out) == (0, "")
    assert err == f"{path}: fixed 4 findings (S02, T01, T02, T03)\n"
    result = path.read_bytes()
    assert changes(data, result) == [
        ("replace", 1, 1, [(SUBJECT + "\n").encode()]),
        ("replace", 9, 9, [(LINK + "\n").encode()]),
        ("replace", 11, 12, [(SOB + "\n").encode()]),
    ]
    tail = lines_to_bytes(["", *TEMPLATE, *SCISSORS])
    assert result.endswith(tail)
    assert b"# the Link: above is for v1 of the series\n" in result


def test_comment_between_trailers_is_not_a_blank_line(tmp_path: Path, repo: Path) -> None:
    # git commit --cleanup=strip drops the comment: git sees one block, nothing to fix.
    path = tmp_path / "COMMIT_EDITMSG"
    data = lines_to_bytes(commit_msg(LINK, "# Link: is v2", SOB, CRS))
    path.write_bytes(data)
    assert fix(path, repo) == (0, "", "")
    assert path.read_bytes() == data


def test_blank_lines_around_a_comment_are_removed_the_comment_stays(tmp_path: Path, repo: Path) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    data = lines_to_bytes(commit_msg(LINK, "", "# the Link: is v1", "", SOB, CRS))
    path.write_bytes(data)
    proc = run_cli("msg", str(path), cwd=repo)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[:2] == [
        f"{path}:10: T01 trailer-block-blank-line: blank line between Link: (line 9) and Signed-off-by: (line 13)",
        "  fix: remove lines 10, 12",
    ]
    assert fix(path, repo) == (0, "", f"{path}: fixed 1 finding (T01)\n")
    assert changes(data, path.read_bytes()) == [("delete", 10, 10, []), ("delete", 12, 12, [])]


def test_comment_char_from_git_config(tmp_path: Path, repo: Path) -> None:
    git(repo, "config", "core.commentChar", ";")
    path = tmp_path / "COMMIT_EDITMSG"
    scissors = [";" + line[1:] if line.startswith("#") else line for line in SCISSORS]
    template = [";" + line[1:] for line in TEMPLATE]
    data = lines_to_bytes([*commit_msg(LINK, "", "; internal note", SOB), *template, *scissors])
    path.write_bytes(data)
    assert fix(path, repo) == (0, "", f"{path}: fixed 1 finding (T01)\n")
    assert changes(data, path.read_bytes()) == [("delete", 10, 10, [])]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_file_mode_is_kept(tmp_path: Path, repo: Path, mode: int) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_bytes(lines_to_bytes(MOTIVATING))
    path.chmod(mode)
    assert fix(path, repo)[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_bytes() == lines_to_bytes(commit_msg(LINK, SOB, CRS))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["COMMIT_EDITMSG", "repo"]


def test_write_failure_is_a_usage_error(tmp_path: Path) -> None:
    data = lines_to_bytes(MOTIVATING)
    gone = tmp_path / "gone" / "COMMIT_EDITMSG"
    ctx, rules = _context("qcom")
    hook = HookInput(str(gone), data, None, ADA_PERSON, ADA_PERSON)
    findings = check_message(hook.message(ctx.keys), ctx, rules)
    with pytest.raises(UsageError, match=r"^cannot write .*/gone/COMMIT_EDITMSG: No such file or directory$"):
        fix_file(hook, ctx, rules, findings)
    assert not gone.parent.exists()


# -- in-process fixer: properties ----------------------------------------------


ADA_PERSON = parse_person(ADA)


def _context(profile: str, only: frozenset[str] | None = None) -> tuple[Context, RuleSet]:
    """Every registered rule of ``profile``, or only those in ``only``."""
    others = [] if only is None else sorted(set(REGISTRY) - only)
    return Context(PROFILES[profile]), RuleSet(profile, [Layer("--", ignore=others)])


@contextmanager
def _message_file(data: bytes) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "COMMIT_EDITMSG")
        with open(path, "wb") as fh:
            fh.write(data)
        yield path


def fix_in_process(
    data: bytes, profile: str = "qcom", only: frozenset[str] | None = None
) -> tuple[bytes, list[Finding], list[Finding]]:
    """What ``msg --fix`` makes of ``data``: (new bytes, remaining findings, fixed findings)."""
    ctx, rules = _context(profile, only)
    with _message_file(data) as path:
        hook = HookInput(path, data, None, ADA_PERSON, ADA_PERSON)
        findings = check_message(hook.message(ctx.keys), ctx, rules)
        remaining, fixed = fix_file(hook, ctx, rules, findings)
        with open(path, "rb") as fh:
            return fh.read(), remaining, fixed


def fix_rounds(data: bytes, profile: str = "qcom") -> Iterator[tuple[list[Line], str, list[Finding]]]:
    """Each round of fixing: (the lines before, the text after, the findings applied)."""
    ctx, rules = _context(profile)
    for _ in range(8):
        hook = HookInput("-", data, None, ADA_PERSON, ADA_PERSON)
        findings = check_message(hook.message(ctx.keys), ctx, rules)
        new, applied = apply_edits(hook.lines, findings)
        if not applied:
            return
        yield hook.lines, new, applied
        data = new.encode("utf-8", "surrogateescape")


def assert_only_edited_spans_change(lines: list[Line], after: str, applied: list[Finding]) -> None:
    """Every line without an edit is in ``after`` verbatim, in order; an edited line keeps
    its text before the first and after the last edited column, and its line end."""
    edits: dict[int, list[Edit]] = {}
    for f in applied:
        for e in f.edits:
            edits.setdefault(e.line.no, []).append(e)
    assert set(edits) <= {ln.no for ln in lines}
    pos = 0
    for line in lines:
        mine = edits.get(line.no)
        if not mine:
            chunk = line.orig + line.eol
            assert after[pos : pos + len(chunk)] == chunk, (line.no, chunk, after[pos : pos + len(chunk)])
            pos += len(chunk)
            continue
        if any(e.start < 0 for e in mine):
            assert len(mine) == 1
            continue
        size = len(line.orig) + sum(len(e.new) - (e.end - e.start) for e in mine) + len(line.eol)
        chunk = after[pos : pos + size]
        first = min(e.start for e in mine)
        last = max(e.end for e in mine)
        assert chunk.startswith(line.orig[:first]), (line.no, chunk)
        assert chunk.endswith(line.orig[last:] + line.eol), (line.no, chunk)
        pos += size
    assert pos == len(after)


SUBJECTS = [
    SUBJECT,
    "Fromlist: misc: fastrpc: Fix map refcount",
    "FROMLIST:misc: fastrpc: Fix map refcount",
    "[FROMLIST] misc: fastrpc: Fix map refcount",
    "FROMLOST: misc: fastrpc: Fix map refcount",
    "FROM LIST: misc: fastrpc: Fix map refcount",
    "QCLINUX : soc: qcom: socinfo: Add SM8750 SoC ids",
    "PENDING-arm64: defconfig: Enable SM8750 pinctrl",
    "Backport: FROMLIST: soc: qcom: pd-mapper: Add SM8750",
    'Revert "FROMLIST: misc: fastrpc: Add map"',
    'QCLINUX: Revert "FROMLIST: misc: fastrpc: Add map"',
    "UPSTREAM: arm64: dts: qcom: sm8650: Add UFS ICE node",
]
TRAILERS = [
    LINK,
    "Link:" + LORE,
    "Link:\t" + LORE,
    "link: " + LORE,
    "Link : " + LORE,
    f"Link: <{LORE}>",
    f"Link: http://lore.kernel.org/r/{MSGID}",
    f"Link: https://lore.kernel.org/r/<{MSGID}>",
    f"Link: https://lore.kernel.org/r/%3C{MSGID}%3E",
    "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc%40example.com/",
    "Link: https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc%40example.com/T/#u",
    f"Link: {LORE}T/#u",
    f"Link: {LORE}raw",
    f"Link: https://lore.kernel.org/r/{MSGID}",
    "Link: https://patchwork.kernel.org/project/linux-arm-msm/patch/20241001-x@example.com/",
    "List: " + LORE,
    f"Message-Id: <{MSGID}>",
    f"Message-ID: <{MSGID}>",
    f"Upstream-Status: Submitted [{LORE}]",
    SOB,
    "signed-off-by: " + ADA,
    "Signed-Off-By: " + ADA,
    "Signed-of-by: " + ADA,
    "Signed-off-by :" + ADA,
    "Signed-off-by:  ada lovelace <ADA@example.com>",
    "Signed-off-by: " + BOB,
    "Reviewed-by: " + BOB,
    "Reviewed-By: " + BOB,
    "Reviwed-by: " + BOB,
    "Acked-off-by: " + BOB,
    "CC: linux-arm-msm@vger.kernel.org",
    "Cc:linux-arm-msm@vger.kernel.org",
    "Cc: Srinivas Kandagatla",
    "  <srini@kernel.org>",
    CRS,
    "Crs-Fixed: 4564170",
    "CRs-Fixed:4564171",
    "Reviewed-by:",
    "Reviewed-by :",
    "Link:",
    "Link:  " + LORE + "   ",
    "Signed-off-by: " + ADA + "  ",
    "CC:\tlinux-arm-msm@vger.kernel.org\t",
    f"Link: [{LORE}]",
    f"(am from https://lore.kernel.org/r/{MSGID})",
    "Co-developed-by: " + BOB,
    'Fixes: c68cfb718c8f ("misc: fastrpc: Add support for dmabuf")',
    "fixes: c68cfb718c8f",
    "cherry-picked from commit 5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765",
    "[ada: resolved a conflict in fastrpc_map_create()]",
    "(cherry picked from commit 5b0e1b2c4f0a6d3e9c8b7a6f5e4d3c2b1a098765)",
    "",
    "",
    "   ",
    "# a comment line between the trailers",
]
BODIES = [
    BODY,
    ["Drop the extra reference."],
    ["Drop the extra reference.", "Signed-off-by: " + BOB, "", "More prose after it."],
]
LATIN1 = b"Tested on the board of Jos\xe9 M\xfcller.\n"


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    eol = draw(st.sampled_from(["\n", "\r\n"])).encode()
    subject = draw(st.sampled_from(SUBJECTS))
    body = draw(st.sampled_from(BODIES))
    trailers = draw(st.lists(st.sampled_from(TRAILERS), min_size=1, max_size=9))
    if draw(st.booleans()) and trailers:
        # an exact duplicate of one of the lines already drawn
        trailers.append(draw(st.sampled_from(trailers)))
    out = lines_to_bytes([subject, "", *body], "\n").replace(b"\n", eol)
    if draw(st.booleans()):
        out = eol + out
    if draw(st.booleans()):
        out += LATIN1.replace(b"\n", eol)
    out += eol
    out += lines_to_bytes(trailers, "\n").replace(b"\n", eol)
    if draw(st.booleans()):
        out += lines_to_bytes(["", *TEMPLATE, *SCISSORS], "\n").replace(b"\n", eol)
    if draw(st.booleans()):
        out = out[: -len(eol)]
    return out


PROPERTY_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Codes whose findings always come with an edit in the generated messages.
#: Rules whose every finding carries a fix (T01 has none where the line below the blank one is
#: indented: joined, it would continue the trailer above it).
ALWAYS_FIXABLE = {"S02", "S07", "T02", "T03", "T04", "T06"}


@PROPERTY_SETTINGS
@given(messages())
def test_property_fixing_twice_equals_fixing_once(data: bytes) -> None:
    once, _, _ = fix_in_process(data)
    twice, remaining, fixed = fix_in_process(once)
    assert twice == once
    assert fixed == []
    assert not any(f.fixable for f in remaining)


@PROPERTY_SETTINGS
@given(messages())
def test_property_no_byte_outside_the_edited_lines_changes(data: bytes) -> None:
    last = data
    for lines, after, applied in fix_rounds(data):
        assert applied
        assert_only_edited_spans_change(lines, after, applied)
        last = after.encode("utf-8", "surrogateescape")
    result, _, _ = fix_in_process(data)
    assert result == last


@PROPERTY_SETTINGS
@given(messages())
def test_property_fixed_findings_are_gone(data: bytes) -> None:
    result, remaining, fixed = fix_in_process(data)
    assert not any(f.fixable for f in remaining)
    assert {f.code for f in remaining} & ALWAYS_FIXABLE == set()
    assert all(f.edits for f in fixed)
    ctx, rules = _context("qcom")
    again = check_message(HookInput("-", result, None, ADA_PERSON, ADA_PERSON).message(ctx.keys), ctx, rules)
    assert [(f.code, f.line, f.message) for f in again] == [(f.code, f.line, f.message) for f in remaining]
    if result != data:
        assert fixed


@PROPERTY_SETTINGS
@given(messages())
def test_property_line_ends_comments_and_latin1_survive(data: bytes) -> None:
    result, _, _ = fix_in_process(data)
    before = data.splitlines(keepends=True)
    after = result.splitlines(keepends=True)
    if all(line.endswith(b"\r\n") for line in before):
        assert all(line.endswith(b"\r\n") for line in after)
    if b"\r\n" not in data:
        assert b"\r" not in result
    if data.endswith(b"\n"):
        assert result.endswith(b"\n")
    assert result.count(LATIN1.rstrip(b"\n")) == data.count(LATIN1.rstrip(b"\n"))
    comments = [line for line in before if line.startswith(b"#")]
    assert [line for line in after if line.startswith(b"#")] == comments
    cut = data.find(b"# ------------------------ >8")
    if cut >= 0:
        assert result.endswith(data[cut:])


@PROPERTY_SETTINGS
@given(messages())
def test_property_body_is_never_touched(data: bytes) -> None:
    """The S, L, T and O fixers edit the subject and the trailer paragraphs only."""
    msg = HookInput("-", data, None, ADA_PERSON, ADA_PERSON).message()
    kept = msg.lines
    subject = msg.subject_line.no if msg.subject_line is not None else 1
    first_trailer = kept[msg.trailer_start].no if msg.trailer_start < len(kept) else len(kept) + 1
    result, _, _ = fix_in_process(data, only=IMPLEMENTED)
    before = data.splitlines(keepends=True)
    after = result.splitlines(keepends=True)
    assert len(after) >= subject
    assert after[: subject - 1] == before[: subject - 1]
    assert after[subject : first_trailer - 1] == before[subject : first_trailer - 1]
