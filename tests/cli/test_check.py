"""``trailercheck check``: the commits of real repositories, end to end.

Every repository is built with real git in a temporary directory; the
command runs as a separate process (``python -m trailercheck``).
"""

from __future__ import annotations

import json
import os
import pty
import random
import re
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.builders import ADA, BOB, CAROL, commit, git, head, init_repo, run_cli, tracking_clone, write_commit
from trailercheck.model.text import decode, printable
from trailercheck.runner import BATCH

CHERRY = "0123456789abcdef0123456789abcdef01234567"


def good(subject: str, signoff: str = ADA) -> str:
    """A message without findings under the qcom profile."""
    return f"QCLINUX: {subject}\n\nBody.\n\nSigned-off-by: {signoff}\n"


def picked(subject: str, *signoffs: str) -> str:
    """An UPSTREAM: pick with its Link: and cherry-pick line."""
    sobs = "".join(f"Signed-off-by: {s}\n" for s in signoffs)
    return (
        f"UPSTREAM: {subject}\n\nBody.\n\n"
        f"Link: https://lore.kernel.org/all/20240101-{len(subject)}@example.com/\n"
        f"(cherry picked from commit {CHERRY})\n{sobs}"
    )


def check(
    repo: Path, *args: str, code: int = 0, env: dict[str, str] | None = None, cwd: Path | None = None
) -> dict[str, object]:
    """``check --format json ARGS``: the document, after asserting the exit status and a silent stderr."""
    proc = run_cli("check", "--format", "json", *args, cwd=cwd or repo, env=env)
    assert proc.stderr == ""
    assert proc.returncode == code, proc.stdout
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def results(doc: dict[str, object]) -> list[dict[str, object]]:
    return doc["results"]  # type: ignore[return-value]


def checked(doc: dict[str, object]) -> list[str]:
    """The commit ids of the results, in order."""
    return [r["commit"] for r in results(doc)]  # type: ignore[misc]


def codes(doc: dict[str, object]) -> dict[str, list[str]]:
    return {r["commit"]: [f["code"] for f in r["findings"]] for r in results(doc)}  # type: ignore[attr-defined,misc]


def finding(doc: dict[str, object], sha: str, code: str) -> dict[str, object]:
    [result] = [r for r in results(doc) if r["commit"] == sha]
    [found] = [f for f in result["findings"] if f["code"] == code]  # type: ignore[attr-defined]
    return found  # type: ignore[no-any-return]


def git_log(repo: Path, *revs: str, merges: bool = False) -> list[str]:
    args = ["log", "--format=%H", *([] if merges else ["--no-merges"]), "--end-of-options", *revs, "--"]
    return git(repo, *args).split()


# -- revisions and ranges ----------------------------------------------------


def test_range_json_document(repo: Path) -> None:
    base = head(repo)
    clean = commit(repo, good("misc: fastrpc: add maps"))
    broken = commit(repo, "QCLINUX: misc: fastrpc: drop maps\n\nBody.\n")
    doc = check(repo, f"{base}..HEAD", code=1)
    assert doc == {
        "version": 1,
        "profile": "qcom",
        "results": [
            {
                "source": broken[:12],
                "commit": broken,
                "subject": "QCLINUX: misc: fastrpc: drop maps",
                "findings": [
                    {
                        "code": "O01",
                        "rule": "signoff-missing",
                        "severity": "error",
                        "line": 1,
                        "message": "no Signed-off-by: trailer",
                        "fix": "add your sign-off (git commit -s)",
                        "evidence": None,
                    }
                ],
            },
            {"source": clean[:12], "commit": clean, "subject": "QCLINUX: misc: fastrpc: add maps", "findings": []},
        ],
        "summary": {"checked": 2, "errors": 1, "warnings": 0},
    }
    for sha in (clean, broken):
        assert re.fullmatch("[0-9a-f]{40}", sha)


def test_range_text_output(repo: Path) -> None:
    base = head(repo)
    commit(repo, good("misc: fastrpc: add maps"))
    broken = commit(repo, "QCLINUX: misc: fastrpc: drop maps\n")
    proc = run_cli("check", f"{base}..HEAD", cwd=repo)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout == (
        f"{broken[:12]}:1: M06 body-missing: the message has no body (warning)\n"
        "  fix: describe why the change is needed\n"
        f"{broken[:12]}:1: O01 signoff-missing: no Signed-off-by: trailer\n"
        "  fix: add your sign-off (git commit -s)\n"
        "\n"
        "1 error, 1 warning in 2 messages\n"
    )
    clean = run_cli("check", f"{base}..HEAD~1", cwd=repo)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")


def test_empty_range_checks_nothing(repo: Path) -> None:
    doc = check(repo, "HEAD..HEAD")
    summary = {"checked": 0, "errors": 0, "warnings": 0}
    assert doc == {"version": 1, "profile": "qcom", "results": [], "summary": summary}
    proc = run_cli("check", "HEAD..HEAD", cwd=repo)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


@dataclass
class Forked:
    """``root`` -- ``t1`` -- ``t2`` on topic, ``root`` -- ``m1`` on main (dates: t1 < t2 < m1)."""

    path: Path
    root: str
    t1: str
    t2: str
    m1: str


@pytest.fixture
def forked(repo: Path) -> Forked:
    root = head(repo)
    git(repo, "checkout", "-q", "-b", "topic")
    t1 = commit(repo, good("topic one"))
    t2 = commit(repo, good("topic two"))
    git(repo, "checkout", "-q", "main")
    m1 = commit(repo, good("main one"))
    return Forked(repo, root, t1, t2, m1)


def test_two_and_three_dot_ranges(forked: Forked) -> None:
    f = forked
    assert checked(check(f.path, "main..topic")) == [f.t2, f.t1]
    assert checked(check(f.path, "topic..main")) == [f.m1]
    doc = check(f.path, "main...topic")
    assert checked(doc) == [f.m1, f.t2, f.t1]
    assert checked(doc) == git_log(f.path, "main...topic")
    assert doc["summary"] == {"checked": 3, "errors": 0, "warnings": 0}
    assert [r["source"] for r in results(doc)] == [f.m1[:12], f.t2[:12], f.t1[:12]]
    assert [r["subject"] for r in results(doc)] == ["QCLINUX: main one", "QCLINUX: topic two", "QCLINUX: topic one"]


def test_several_arguments_and_negations(forked: Forked) -> None:
    f = forked
    assert checked(check(f.path, "topic", "^main")) == [f.t2, f.t1]
    assert checked(check(f.path, "^main", "topic")) == [f.t2, f.t1]
    assert checked(check(f.path, f"^{f.root}", "main", "topic")) == [f.m1, f.t2, f.t1]
    # Two ranges are one rev-list: both tips, minus everything reachable from either bottom.
    assert checked(check(f.path, f"{f.root}..{f.t1}", f"{f.root}..{f.m1}")) == [f.m1, f.t1]
    assert checked(check(f.path, f"{f.t1}..topic", "main", f"^{f.root}")) == [f.m1, f.t2]
    # A commit named twice is checked once.
    doc = check(f.path, "topic", "topic", f.t2, "^main")
    assert checked(doc) == [f.t2, f.t1]
    assert doc["summary"] == {"checked": 2, "errors": 0, "warnings": 0}


def test_single_commit_and_tags(repo: Path) -> None:
    root = head(repo)
    c1 = commit(repo, good("one"))
    c2 = commit(repo, good("two"))
    c3 = commit(repo, good("three"))
    git(repo, "tag", "-a", "v1", "-m", "v1", c2)
    git(repo, "tag", "light", c1)
    # A single revision means it and its ancestors, as git rev-list takes it.
    doc = check(repo, c2)
    assert checked(doc) == [c2, c1, root]
    assert codes(doc) == {c2: [], c1: [], root: ["M06"]}  # the fixture's root commit has no body
    assert checked(check(repo, f"{c2}^!")) == [c2]
    assert checked(check(repo, f"{c2[:7]}^!")) == [c2]
    assert checked(check(repo, "v1")) == [c2, c1, root]
    assert checked(check(repo, "v1^!")) == [c2]
    assert checked(check(repo, "v1..HEAD")) == [c3]
    assert checked(check(repo, "light..v1")) == [c2]
    assert checked(check(repo, "refs/tags/light..main")) == [c3, c2]
    assert checked(check(repo, "HEAD~2..HEAD")) == [c3, c2]


def test_merges_are_skipped_unless_asked_for(repo: Path) -> None:
    root = head(repo)
    git(repo, "checkout", "-q", "-b", "topic")
    t = commit(repo, good("topic"))
    git(repo, "checkout", "-q", "main")
    m = commit(repo, good("main"))
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "topic")
    merge = head(repo)
    assert git(repo, "rev-list", "--parents", "-n1", merge).split() == [merge, m, t]
    doc = check(repo, f"{root}..HEAD")
    assert checked(doc) == [m, t]
    assert doc["summary"] == {"checked": 2, "errors": 0, "warnings": 0}
    doc = check(repo, "--include-merges", f"{root}..HEAD", code=1)
    assert checked(doc) == [merge, m, t]
    assert checked(doc) == git_log(repo, f"{root}..HEAD", merges=True)
    assert results(doc)[0]["subject"] == "Merge branch 'topic'"
    assert codes(doc) == {merge: ["M06", "O01", "S01"], m: [], t: []}
    assert doc["summary"] == {"checked": 3, "errors": 2, "warnings": 1}


# -- the default range ---------------------------------------------------------


@dataclass
class Clone:
    """A clone of a bare "origin"; ``topic`` tracks ``origin/qcom-next`` and has ``a`` and ``b`` on top."""

    path: Path
    a: str
    b: str
    moved: str


@pytest.fixture
def clone(tmp_path: Path, repo: Path) -> Clone:
    work = tracking_clone(tmp_path, repo)
    a = commit(work, good("topic one"))
    b = commit(work, "QCLINUX: topic two\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n")
    git(work, "branch", "-q", "-u", "origin/qcom-next")
    # The upstream moves on: its new commit is not part of the topic.
    moved = commit(repo, "not prefixed, not signed\n")
    git(repo, "push", "-q", str(tmp_path / "origin.git"), "main:qcom-next")
    git(work, "fetch", "-q")
    return Clone(work, a, b, moved)


def test_default_range_is_the_upstream(clone: Clone) -> None:
    assert git(clone.path, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == "origin/qcom-next"
    assert checked(check(clone.path, "HEAD..@{upstream}", code=1)) == [clone.moved]
    doc = check(clone.path)
    assert checked(doc) == [clone.b, clone.a]
    assert codes(doc) == {clone.b: ["M06"], clone.a: []}
    proc = run_cli("check", cwd=clone.path)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == (
        f"{clone.b[:12]}:1: M06 body-missing: the message has no body (warning)\n"
        "  fix: describe why the change is needed\n"
        "\n"
        "0 errors, 1 warning in 2 messages\n"
    )


def test_upstream_wins_over_the_configured_baseline(clone: Clone) -> None:
    (clone.path / ".trailercheck.toml").write_text(f'baseline = "{clone.a}"\n')
    assert checked(check(clone.path)) == [clone.b, clone.a]
    git(clone.path, "branch", "-q", "--unset-upstream")
    assert checked(check(clone.path)) == [clone.b]


def test_default_range_is_the_baseline(repo: Path) -> None:
    commit(repo, good("one"))
    git(repo, "tag", "base")
    c2 = commit(repo, good("two"))
    c3 = commit(repo, good("three"))
    (repo / ".trailercheck.toml").write_text('baseline = "base"\n')
    assert checked(check(repo)) == [c3, c2]
    assert checked(check(repo, "--baseline", c2)) == [c3]  # the option wins over the file
    # Explicit revisions win over both.
    assert checked(check(repo, "--baseline", c2, "base^!")) == [head(repo, "base")]


def test_default_range_is_head_alone(repo: Path) -> None:
    commit(repo, good("one"))
    c2 = commit(repo, good("two"))
    doc = check(repo)
    assert checked(doc) == [c2]
    assert doc["summary"] == {"checked": 1, "errors": 0, "warnings": 0}


def test_default_head_that_is_a_merge_is_skipped_not_replaced_by_a_parent(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "topic")
    commit(repo, good("topic"))
    git(repo, "checkout", "-q", "main")
    commit(repo, "not prefixed\n")
    git(repo, "merge", "-q", "--no-ff", "-m", good("merge topic"), "topic")
    merge = head(repo)
    assert checked(check(repo)) == []
    assert checked(check(repo, "--include-merges")) == [merge]


# -- branch policies -------------------------------------------------------------

POLICIES = """\
[[branches]]
match = "tech/*"
prefixes = ["FROMLIST", "UPSTREAM"]

[[branches]]
match = "tech/audio"
prefixes = ["QCLINUX"]

[[branches]]
match = "qcom-next"
severity = { M06 = "error" }
"""

CI_VAR = "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"


@pytest.mark.parametrize(
    ("args", "env", "fires"),
    [
        ([], {}, False),
        (["--target-branch", "tech/display"], {}, True),
        (["--target-branch", "tech/audio"], {}, True),  # the first matching entry wins
        (["--target-branch", "tech"], {}, False),
        (["--target-branch", "main"], {}, False),
        ([], {"GITHUB_BASE_REF": "tech/display"}, True),
        ([], {CI_VAR: "tech/display"}, True),
        (["--target-branch", "main"], {"GITHUB_BASE_REF": "tech/display", CI_VAR: "tech/display"}, False),
        ([], {"GITHUB_BASE_REF": "main", CI_VAR: "tech/display"}, False),
        ([], {"GITHUB_BASE_REF": "", CI_VAR: "tech/display"}, True),  # GitHub sets it empty on push events
    ],
)
def test_target_branch_selects_the_prefix_policy(repo: Path, args: list[str], env: dict[str, str], fires: bool) -> None:
    (repo / ".trailercheck.toml").write_text(POLICIES)
    sha = commit(repo, good("misc: fastrpc: add maps"))
    doc = check(repo, *args, code=1 if fires else 0, env=env)
    assert codes(doc) == {sha: ["S03"] if fires else []}
    if fires:
        f = finding(doc, sha, "S03")
        assert (f["severity"], f["line"]) == ("error", 1)
        assert (
            f["message"]
            == "prefix QCLINUX: is not allowed by the branch policy of the target branch (allowed: FROMLIST: UPSTREAM:)"
        )


def test_branch_policy_severity(repo: Path) -> None:
    (repo / ".trailercheck.toml").write_text(POLICIES)
    sha = commit(repo, "QCLINUX: misc: fastrpc: add maps\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n")
    assert finding(check(repo), sha, "M06")["severity"] == "warning"
    doc = check(repo, "--target-branch", "qcom-next", code=1)
    assert finding(doc, sha, "M06")["severity"] == "error"
    assert doc["summary"] == {"checked": 1, "errors": 1, "warnings": 0}
    # The command line still wins over the branch policy.
    assert codes(check(repo, "--target-branch", "qcom-next", "--ignore", "M06")) == {sha: []}


def test_target_branch_defaults_to_the_upstreams_name(clone: Clone) -> None:
    (clone.path / ".trailercheck.toml").write_text(POLICIES)
    doc = check(clone.path, code=1)  # origin/qcom-next -> qcom-next
    assert finding(doc, clone.b, "M06")["severity"] == "error"
    assert codes(doc) == {clone.b: ["M06"], clone.a: []}
    doc = check(clone.path, "--target-branch", "tech/display", code=1)
    assert codes(doc) == {clone.b: ["M06", "S03"], clone.a: ["S03"]}
    assert finding(doc, clone.b, "M06")["severity"] == "warning"
    doc = check(clone.path, env={"GITHUB_BASE_REF": "main"})
    assert finding(doc, clone.b, "M06")["severity"] == "warning"


def test_target_branch_from_a_remote_whose_name_has_a_slash(clone: Clone) -> None:
    (clone.path / ".trailercheck.toml").write_text(POLICIES)
    git(clone.path, "remote", "rename", "origin", "team/kernel")
    assert git(clone.path, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == "team/kernel/qcom-next"
    doc = check(clone.path, code=1)
    assert checked(doc) == [clone.b, clone.a]
    assert finding(doc, clone.b, "M06")["severity"] == "error"


# -- authorship --------------------------------------------------------------------


def test_author_signoff_uses_each_commits_author(repo: Path) -> None:
    base = head(repo)
    by_bob = commit(repo, good("signed by bob", signoff=BOB), author=BOB)
    not_by_bob = commit(repo, good("signed by ada"), author=BOB)
    by_ada = commit(repo, good("signed by ada"))
    for env in ({}, {"GIT_AUTHOR_NAME": "Eve Other", "GIT_AUTHOR_EMAIL": "eve@example.com"}):
        doc = check(repo, f"{base}..HEAD", code=1, env=env)
        assert codes(doc) == {by_ada: [], not_by_bob: ["O02"], by_bob: []}
        f = finding(doc, not_by_bob, "O02")
        assert (f["severity"], f["line"]) == ("error", 5)
        assert f["message"] == f"no Signed-off-by: from the author {BOB}"


def test_committer_signs_off_last_on_picked_commits(repo: Path) -> None:
    base = head(repo)
    picked_by_carol = commit(repo, picked("foo: one", ADA), committer=CAROL)
    signed_by_carol = commit(repo, picked("foo: two", ADA, CAROL), committer=CAROL)
    picked_by_ada = commit(repo, picked("foo: three", ADA))
    downstream = commit(repo, good("not picked"), committer=CAROL)
    env = {"GIT_COMMITTER_NAME": "Carol Kernel", "GIT_COMMITTER_EMAIL": "carol@kernel.org"}
    doc = check(repo, f"{base}..HEAD", env=env)
    assert codes(doc) == {downstream: [], picked_by_ada: [], signed_by_carol: [], picked_by_carol: ["O03"]}
    f = finding(doc, picked_by_carol, "O03")
    assert (f["severity"], f["line"]) == ("warning", 7)
    assert f["message"] == f"the last sign-off is not the committer's ({CAROL})"
    assert f["fix"] == f"add 'Signed-off-by: {CAROL}' at the end"
    assert check(repo, "--strict", f"{base}..HEAD", code=1)["summary"] == {"checked": 4, "errors": 0, "warnings": 1}


# -- encodings ------------------------------------------------------------------------


def test_latin1_commits_are_decoded(tmp_path: Path, repo: Path) -> None:
    base = head(repo)
    target = tmp_path / "target"
    target.write_bytes(
        "QCLINUX: misc: café driver\n\nBody.\n\n"
        "Reviewed-by: Jörg Rödel <joro@example.com>\n"
        "Signed-off-by: Ada Lovelace <ada@example.com>\n".encode("latin-1")
    )
    git(repo, "-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "--allow-empty", "-F", str(target))
    latin = head(repo)
    raw = git(repo, "cat-file", "commit", latin).encode("utf-8", "surrogateescape")
    assert b"\nencoding ISO-8859-1\n" in raw
    assert b"Reviewed-by: J\xf6rg R\xf6del <joro@example.com>\n" in raw
    fixer = tmp_path / "fixer"
    fixer.write_bytes(
        "QCLINUX: misc: fix the café driver\n\nBody.\n\n"
        f'Fixes: {latin[:12]} ("QCLINUX: misc: café drivers")\n'
        "Signed-off-by: Ada Lovelace <ada@example.com>\n".encode("latin-1")
    )
    git(repo, "-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "--allow-empty", "-F", str(fixer))
    latin_fixer = head(repo)
    utf8_fixer = commit(
        repo,
        f'QCLINUX: misc: fix it again\n\nBody.\n\nFixes: {latin[:12]} ("QCLINUX: misc: café driver")\n'
        "Signed-off-by: Ada Lovelace <ada@example.com>\n",
    )
    doc = check(repo, f"{base}..HEAD")
    assert [r["subject"] for r in results(doc)] == [
        "QCLINUX: misc: fix it again",
        "QCLINUX: misc: fix the café driver",
        "QCLINUX: misc: café driver",
    ]
    assert codes(doc) == {utf8_fixer: [], latin_fixer: ["F03"], latin: []}
    assert finding(doc, latin_fixer, "F03")["message"] == (
        f"Fixes: {latin[:12]} is titled 'QCLINUX: misc: café driver', not 'QCLINUX: misc: café drivers'"
    )
    proc = run_cli("parse", "--range", f"{latin}^!", cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert json.loads(proc.stdout)["trailers"] == [
        {"key": "Reviewed-by", "value": "Jörg Rödel <joro@example.com>", "line": 5},
        {"key": "Signed-off-by", "value": "Ada Lovelace <ada@example.com>", "line": 6},
    ]


def test_invalid_bytes_without_an_encoding_do_not_crash(tmp_path: Path, repo: Path) -> None:
    parent = head(repo)
    tree = head(repo, "HEAD^{tree}")
    ident = b"J\xf6rg R\xf6del <joro@example.com> 1700000000 +0000"
    raw = (
        f"tree {tree}\nparent {parent}\n".encode()
        + b"author "
        + ident
        + b"\ncommitter "
        + ident
        + b"\n\nQCLINUX: caf\xe9 \xff driver\n\nBody \x80.\n\n"
        b"Reviewed-by: J\xf6rg <joro@example.com>\nSigned-off-by: Ada Lovelace <ada@example.com>\n"
    )
    sha = write_commit(repo, raw)
    assert git(repo, "cat-file", "commit", sha).encode("utf-8", "surrogateescape") == raw
    doc = check(repo, f"{sha}^!", code=1)
    [result] = results(doc)
    assert result["subject"] == "QCLINUX: caf\ufffd \ufffd driver"
    assert codes(doc) == {sha: ["O02"]}
    no_signoff = "no Signed-off-by: from the author J\ufffdrg R\ufffddel <joro@example.com>"
    assert finding(doc, sha, "O02")["message"] == no_signoff
    proc = run_cli("check", f"{sha}^!", cwd=repo)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.splitlines()[0] == f"{sha[:12]}:6: O02 signoff-author-missing: {no_signoff}"
    report = tmp_path / "report.txt"
    proc = run_cli("check", "--output", str(report), f"{sha}^!", cwd=repo)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "")
    assert report.read_text(encoding="utf-8").splitlines()[0].endswith("J\ufffdrg R\ufffddel <joro@example.com>")
    proc = run_cli("parse", "--range", f"{sha}^!", cwd=repo)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert json.loads(proc.stdout)["trailers"][0] == {
        "key": "Reviewed-by",
        "value": "J\ufffdrg <joro@example.com>",
        "line": 5,
    }


# -- Fixes: against the repository ---------------------------------------------------


def test_fixes_are_checked_through_the_repository(tmp_path: Path, repo: Path) -> None:
    target = commit(repo, good("misc: fastrpc: add maps"))
    title = "QCLINUX: misc: fastrpc: add maps"
    blob = git(repo, "hash-object", "-w", "--stdin", input=b"not a commit\n").strip()

    def fixes(subject: str, value: str) -> str:
        return commit(repo, f"QCLINUX: {subject}\n\nBody.\n\nFixes: {value}\nSigned-off-by: {ADA}\n")

    right = fixes("right", f'{target[:12]} ("{title}")')
    full = fixes("full id", f'{target} ("{title}")')
    wrong = fixes("wrong title", f'{target[:12]} ("misc: fastrpc: add maps")')
    unknown = fixes("unknown", f'0123456789ab ("{title}")')
    not_commit = fixes("not a commit", f'{blob[:12]} ("{title}")')
    doc = check(repo, f"{target}..HEAD")
    assert codes(doc) == {not_commit: ["F02"], unknown: ["F02"], wrong: ["F03"], full: [], right: []}
    assert doc["summary"] == {"checked": 5, "errors": 0, "warnings": 3}
    f = finding(doc, wrong, "F03")
    assert (f["severity"], f["line"], f["message"], f["fix"]) == (
        "warning",
        5,
        f"Fixes: {target[:12]} is titled '{title}', not 'misc: fastrpc: add maps'",
        f"write 'Fixes: {target[:12]} (\"{title}\")'",
    )
    f = finding(doc, unknown, "F02")
    assert (f["severity"], f["line"], f["message"]) == (
        "warning",
        5,
        "Fixes: 0123456789ab does not name a commit in this repository",
    )
    assert check(repo, "--strict", f"{target}..HEAD", code=1)["summary"] == {
        "checked": 5,
        "errors": 0,
        "warnings": 3,
    }
    assert codes(check(repo, "--strict", f"{wrong}^!", code=1)) == {wrong: ["F03"]}
    assert codes(check(repo, "--strict", f"{unknown}^!", code=1)) == {unknown: ["F02"]}
    check(repo, "--strict", f"{right}^!")
    (repo / ".trailercheck.toml").write_text("strict = true\n")
    check(repo, f"{unknown}^!", code=1)


def test_fixes_title_is_the_subject_as_git_prints_it(repo: Path) -> None:
    # A subject spread over two lines, ended by a line of blanks, with CRLF line ends.
    target = commit(repo, "QCLINUX: misc: fastrpc:\r\n  add maps \r\n \r\nBody.\r\n")
    title = git(repo, "log", "-1", "--format=%s", target).rstrip("\n")
    assert title == "QCLINUX: misc: fastrpc:   add maps"
    sha = commit(repo, f'QCLINUX: fix\n\nBody.\n\nFixes: {target[:12]} ("{title}")\nSigned-off-by: {ADA}\n')
    assert codes(check(repo, f"{sha}^!")) == {sha: []}


# -- refusing what is not a revision ---------------------------------------------------


@pytest.mark.parametrize("rev", ["--output={out}", "-n1", "--all", "-", "--format=json", ""])
def test_option_like_revisions_are_refused(tmp_path: Path, repo: Path, rev: str) -> None:
    out = tmp_path / "x"
    rev = rev.format(out=out)
    report = tmp_path / "report.json"
    for args in (["--", rev], ["--output", str(report), "HEAD", "--", rev], ["--format", "json", "--", "HEAD", rev]):
        proc = run_cli("check", *args, cwd=repo)
        assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"trailercheck: not a revision: {rev!r}\n")
        assert not out.exists()
        assert not report.exists()


def test_option_like_revisions_before_the_double_dash_are_options(repo: Path) -> None:
    proc = run_cli("check", "-n1", cwd=repo)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        "trailercheck: No such option: -n (see 'trailercheck check -h')\n",
    )


@pytest.mark.parametrize("rev", ["nosuch", "nosuch..HEAD", "HEAD...nosuch", "^nosuch", "HEAD~5", "file.txt"])
def test_unknown_revisions(tmp_path: Path, repo: Path, rev: str) -> None:
    (repo / "file.txt").write_text("a path, not a revision\n")
    report = tmp_path / "report.json"
    for args in ([rev], ["--format", "json", rev], ["--output", str(report), "HEAD", rev]):
        proc = run_cli("check", *args, cwd=repo)
        assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"trailercheck: bad revision '{rev}'\n")
        assert not report.exists()


def test_repository_without_commits(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    git(tmp_path, "init", "-q", str(path))
    proc = run_cli("check", "--format", "json", cwd=path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", "trailercheck: bad revision 'HEAD'\n")


def test_repo_option(tmp_path: Path, repo: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    missing = tmp_path / "missing"
    a_file = tmp_path / "file"
    a_file.write_text("")
    for where, problem in ((plain, "not a git repository"), (missing, "not a directory"), (a_file, "not a directory")):
        for args in (["--repo", str(where)], ["--repo", str(where), "--format", "json", "HEAD"]):
            proc = run_cli("check", *args, cwd=tmp_path)
            assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"trailercheck: {problem}: {where}\n")
    assert not missing.exists()
    # A subdirectory of a repository names the repository, and its configuration applies.
    (repo / "sub").mkdir()
    (repo / ".trailercheck.toml").write_text('profile = "upstream"\n')
    sha = commit(repo, "misc: fastrpc: add maps\n\nBody.\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n")
    doc = check(tmp_path, "--repo", str(repo / "sub"), "HEAD^!", cwd=tmp_path)
    assert (doc["profile"], checked(doc), codes(doc)) == ("upstream", [sha], {sha: []})


def test_bare_repository(tmp_path: Path, repo: Path) -> None:
    sha = commit(repo, good("in a mirror"))
    bare = tmp_path / "mirror.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    doc = check(bare, "main^!")
    assert (checked(doc), codes(doc)) == ([sha], {sha: []})
    doc = check(tmp_path, "--repo", str(bare), "main^!", cwd=tmp_path)
    assert checked(doc) == [sha]


# -- a long history: progress and parity with git ---------------------------------------

#: Trailer lines to draw from, including ones git takes apart in special ways.
TRAILER_LINES = [
    "Signed-off-by: Ada Lovelace <ada@example.com>",
    "Reviewed-by: Bob Example <bob@example.com>",
    "Acked-by: Carol Kernel\n  <carol@kernel.org>",
    "Cc: a@example.com,\n\tb@example.com",
    "Link: https://lore.kernel.org/all/20240101-1@example.com/",
    f"(cherry picked from commit {CHERRY})",
    "[ada: resolved a conflict in\n  the probe path]",
    'Fixes: 0123456789ab ("misc: fastrpc: add maps")',
    "CRs-Fixed: 4564170",
    "Key : spaced key",
    "Change-Id: I0123456789abcdef0123456789abcdef01234567",
    "not a trailer at all",
    "https://example.com/x",
    "Reviewed-by: J\xf6rg R\xf6del <joro@example.com>",
]


@dataclass
class History:
    path: Path
    shas: list[str]


def history_message(rng: random.Random, i: int) -> bytes:
    subject = f"{rng.choice(['QCLINUX: ', 'FROMLIST: ', 'UPSTREAM: ', ''])}misc: change {i}"
    paragraphs = [subject, "Body line.\nSecond line."]
    for _ in range(rng.randint(1, 3)):
        paragraphs.append("\n".join(rng.choice(TRAILER_LINES) for _ in range(rng.randint(1, 5))))
    text = "\n\n".join(paragraphs) + "\n"
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    return text.encode("latin-1") if "\xf6" in text and rng.random() < 0.5 else text.encode("utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Iterator[History]:
    """3000 commits on ``main``, written by ``git fast-import``; some Latin-1 with an encoding header, some not."""
    path = init_repo(tmp_path_factory.mktemp("history") / "repo")
    rng = random.Random(7)
    stream = []
    for i in range(3000):
        message = history_message(rng, i)
        when = f"{1700000000 + i} +0000"
        stream.append(f"commit refs/heads/main\nauthor {ADA} {when}\ncommitter {ADA} {when}\n".encode())
        try:
            message.decode("utf-8")
        except UnicodeDecodeError:
            if rng.random() < 0.5:
                stream.append(b"encoding ISO-8859-1\n")
        stream.append(b"data %d\n" % len(message) + message + b"\n")
    git(path, "fast-import", "--quiet", input=b"".join(stream))
    shas = git(path, "rev-list", "main").split()
    assert len(shas) == 3000
    yield History(path, shas)


def _drain(fd: int, sink: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            return
        if not data:
            return
        sink.append(data)


def _slow_check(repo: Path, stderr_tty: bool) -> tuple[int, bytes, bytes]:
    """``check --format json main`` with a reader that stalls: the run blocks on its output
    for a while, so it takes long enough to report progress."""
    leader, follower = pty.openpty() if stderr_tty else (-1, -1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "trailercheck", "check", "--format", "json", "main"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=follower if stderr_tty else subprocess.PIPE,
    )
    err: list[bytes] = []
    reader = None
    if stderr_tty:
        os.close(follower)
        reader = threading.Thread(target=_drain, args=(leader, err))
        reader.start()
    assert proc.stdout is not None
    select.select([proc.stdout], [], [], 60)  # the report has started: the checks are running
    time.sleep(1.5)  # ... and are held up by the full pipe
    out = proc.stdout.read()
    if reader is not None:
        proc.wait(60)
        reader.join(60)
        os.close(leader)
    else:
        assert proc.stderr is not None
        err.append(proc.stderr.read())
        proc.wait(60)
    return proc.returncode, out, b"".join(err)


def test_progress_on_a_terminal(history: History) -> None:
    code, out, err = _slow_check(history.path, stderr_tty=True)
    doc = json.loads(out)
    assert code == (1 if doc["summary"]["errors"] else 0)
    assert checked(doc) == history.shas
    text = err.decode()
    assert re.fullmatch(r"(\rtrailercheck: checked \d+ commits)+\r\x1b\[K", text), repr(text)
    counts = [int(n) for n in re.findall(r"checked (\d+) commits", text)]
    assert counts == sorted(set(counts))
    # Counts grow a batch at a time; the last batch is partial (3000 is no multiple of the batch size).
    assert all((n % BATCH == 0 and n < 3000) or n == 3000 for n in counts)


def test_no_progress_when_piped(history: History) -> None:
    code, out, err = _slow_check(history.path, stderr_tty=False)
    assert err == b""
    doc = json.loads(out)
    assert code == (1 if doc["summary"]["errors"] else 0)
    assert checked(doc) == history.shas
    assert doc["summary"]["checked"] == 3000


def test_parse_range_matches_git_trailers(history: History) -> None:
    out = subprocess.run(
        ["git", "log", "-z", "--format=%H%x00%(trailers:only,unfold)", "main"],
        cwd=history.path,
        capture_output=True,
        check=True,
    ).stdout
    fields = out.split(b"\0")
    assert fields.pop() == b""  # each commit ends with a NUL
    from_git = {decode(sha): printable(decode(text)) for sha, text in zip(fields[::2], fields[1::2], strict=True)}
    assert list(from_git) == history.shas
    proc = run_cli("parse", "--range", "main", cwd=history.path)
    assert (proc.returncode, proc.stderr) == (0, "")
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["commit"] for d in docs] == history.shas
    with_trailers = 0
    for doc in docs:
        mine = "".join(f"{t['key']}: {t['value']}\n" for t in doc["trailers"])
        assert mine == from_git[doc["commit"]], doc["commit"]
        with_trailers += bool(doc["trailers"])
    assert with_trailers > 1000


def test_check_finds_the_repository_and_its_remotes_without_gitpython(tmp_path: Path, repo: Path) -> None:
    # A clone whose branch tracks origin/qcom-next: the target branch comes from the remote's name.
    clone = tracking_clone(tmp_path, repo)
    git(clone, "branch", "-q", "-u", "origin/qcom-next")
    code = (
        "import sys; from trailercheck.cli.main import main; rc = main(['check', '--format', 'json', 'HEAD']); "
        "sys.stderr.write('git' if 'git' in sys.modules else 'no git'); sys.exit(rc)"
    )
    (clone / "sub").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=clone / "sub", env=env, capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["summary"]["checked"] == 1, proc.stdout
    assert proc.stderr == "no git"  # GitPython takes longer to import than checking a short range
