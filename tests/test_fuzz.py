"""A fuzzer over the whole command line: messages built from real pieces, checked for what must always hold.

The strategies put together what commit messages are made of (prefixes right
and wrong, trailers and misspelt keys, links, notes, cherry-pick lines) with
what breaks parsers (CRLF, Latin-1, NUL bytes, very long lines, no final
newline). For every message ``msg``, ``patch`` and ``check`` on a real
repository, and ``msg --fix``:

- never raise: no internal error, no traceback, exit status 0, 1 or 2;
- keep their formats: the JSON report parses, the SARIF one validates;
- ``--fix`` changes only lines its findings name, byte for byte, and a
  second ``--fix`` changes nothing.

The runs are derandomized (the same examples every time, so that CI is
reproducible) and bounded: the whole module stays within about two minutes
on a small machine. ``TRAILERCHECK_FUZZ_EXAMPLES`` scales the number of
examples (a longer hunt by hand: ``=2000``).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import ADA, BOB, commit_object, git, init_repo, write_commit
from trailercheck.cli.main import main
from trailercheck.cli.run import HookInput
from trailercheck.engine import RuleSet, check_message
from trailercheck.model.text import decode, split_lines
from trailercheck.profiles import PROFILES
from trailercheck.rules import Context

SCALE = float(os.environ.get("TRAILERCHECK_FUZZ_EXAMPLES", "1"))


def examples(n: int) -> settings:
    return settings(
        max_examples=max(1, int(n * SCALE)),
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
        database=None,
    )


# -- the pieces of a message -----------------------------------------------------

PREFIXES = [
    "FROMLIST: ",
    "FROMGIT: ",
    "UPSTREAM: ",
    "BACKPORT: ",
    "QCLINUX: ",
    "PENDING: ",
    "ANDROID: ",
    "CHROMIUM: ",
    "FROMLIST:",
    "FROMLIST ",
    "[FROMLIST] ",
    "fromlist: ",
    "BACKPORT:UPSTREAM: ",
    'Revert "',
    "UPSTREAM : ",
]
SUBJECTS = ["misc: fastrpc: Fix map refcount", "arm64: dts: qcom: sm8650: Add UFS", "fix it", "", "x" * 120]
PEOPLE = [ADA, BOB, "Carol Kernel <carol@kernel.org>", "no address", "<only@address>", "Zoë Ünïcode <zoe@example.com>"]
KEYS = [
    "Signed-off-by",
    "Reviewed-by",
    "Acked-by",
    "Tested-by",
    "Co-developed-by",
    "Reported-by",
    "Suggested-by",
    "Cc",
    "Sigend-off-by",
    "Reviewed-off-by",
    "signed-off-by",
    "Signed-Off-By",
    "Link",
    "Closes",
    "Fixes",
    "Change-Id",
    "CRs-Fixed",
    "Git-commit",
    "Git-repo",
    "Bug",
    "Lnik",
    "X-Unknown-Key",
    "V2",
    "Series-cc",
]
VALUES = [
    *PEOPLE,
    "https://lore.kernel.org/r/20241001-fastrpc-v1-1-abc@example.com",
    "https://lore.kernel.org/all/20241001-fastrpc-v1-1-abc%40example.com/T/#u",
    "https://patchwork.kernel.org/project/linux-arm-msm/patch/1/",
    '0123456789ab ("misc: fastrpc: Add maps")',
    "0123456789AB misc: fastrpc: Add maps",
    "I" + "0123456789" * 4,
    "12345, 67890",
    "",
    "   ",
    "\t" + ADA,
]
BODY_LINES = [
    "The map is freed twice when the process exits.",
    "",
    "[bob: resolved a conflict in fastrpc_map_create()]",
    "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)",
    "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567",
    " https://git.kernel.org/pub/scm/linux/kernel/git/clk/linux.git clk-next)",
    "Link: https://lore.kernel.org/r/20241001-fastrpc-v1-1-abc@example.com",
    "Message-Id: <20241001-fastrpc-v1-1-abc@example.com>",
    "Changes in v2:",
    "- Drop the extra reference",
    "---",
    "# a comment line",
    "    indented code();",
]


@st.composite
def trailer_lines(draw: st.DrawFn) -> str:
    key = draw(st.sampled_from(KEYS) | st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,30}", fullmatch=True))
    sep = draw(st.sampled_from([": ", ":", " : ", ":  ", ":\t", ":: "]))
    value = draw(st.sampled_from(VALUES) | st.text(max_size=40))
    fold = draw(st.sampled_from(["", "", "\n continued value"]))
    return f"{key}{sep}{value}{fold}"


@st.composite
def long_lines(draw: st.DrawFn) -> str:
    piece = draw(st.sampled_from(["x", "FROMLIST ", "Signed-off-by: ", "a b ", "é", "<>", "https://"]))
    return piece * draw(st.integers(1, 4000 // len(piece)))


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    """The bytes of a commit message: subject, body, trailers, in any order some of the time."""
    subject = "".join(draw(st.lists(st.sampled_from(PREFIXES), max_size=4))) + draw(
        st.sampled_from(SUBJECTS) | st.text(max_size=60)
    )
    body = draw(st.lists(st.sampled_from(BODY_LINES) | long_lines() | st.text(max_size=80), max_size=6))
    trailers = draw(st.lists(trailer_lines() | st.sampled_from(BODY_LINES), max_size=8))
    blocks = [[subject], body, trailers]
    if draw(st.booleans()):
        blocks = [[subject], *draw(st.permutations([body, trailers]))]
    text = "\n\n".join("\n".join(block) for block in blocks if block or draw(st.booleans()))
    text += draw(st.sampled_from(["\n", "", "\n\n", "\n# Please enter the commit message\n"]))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode("latin-1", "replace") if draw(st.booleans()) else text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\0" + data[at:]
    return data.replace(b"\xed", b"\xe9")  # no lone surrogates written as UTF-8


# -- running the command line in the test's process --------------------------------


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    """``trailercheck ARGS`` in ``cwd``: status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(list(args))
    finally:
        os.chdir(old)
    return status, out.getvalue(), err.getvalue()


def sane(status: int, err: str) -> None:
    """No internal error, no traceback; a status the documentation names."""
    assert status in (0, 1, 2), err
    assert "internal error" not in err and "Traceback" not in err, err


def sarif_ok(text: str) -> None:
    doc = json.loads(text)
    assert doc["version"] == "2.1.0"
    from tests.reporters.test_sarif import SCHEMA

    if SCHEMA.exists():
        import jsonschema

        schema = json.loads(SCHEMA.read_text())
        jsonschema.validators.validator_for(schema)(schema).validate(doc)


# -- the properties --------------------------------------------------------------


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Path:
    """A repository to run in, with a commit for the lookups of Fixes: and cherry-pick lines."""
    path = init_repo(tmp_path_factory.mktemp("fuzz") / "repo")
    git(path, "commit", "-q", "--allow-empty", "-m", f"QCLINUX: root\n\nSigned-off-by: {ADA}")
    return path


@examples(800)
@given(data=messages(), fmt=st.sampled_from(["text", "json", "sarif"]), profile=st.sampled_from(list(PROFILES)))
def test_msg_never_breaks(work: Path, data: bytes, fmt: str, profile: str) -> None:
    (work / "MSG").write_bytes(data)
    status, out, err = run("msg", "--profile", profile, "--format", fmt, "MSG", cwd=work)
    sane(status, err)
    assert status in (0, 1), err
    if fmt == "json":
        json.loads(out)
    elif fmt == "sarif":
        sarif_ok(out)


def named_lines(data: bytes, work: Path, profile: str) -> set[int]:
    """The lines the findings on ``data`` name (their own, and those their edits change)."""
    hook = HookInput("MSG", data, None)
    ctx = Context(PROFILES[profile])
    findings = check_message(hook.message(ctx.keys), ctx, RuleSet(profile, []))
    lines: set[int] = set()
    for f in findings:
        if f.line is not None:
            lines.add(f.line)
        lines.update(e.line.no for e in f.edits)
    return lines


@examples(500)
@given(data=messages(), profile=st.sampled_from(list(PROFILES)))
def test_fix_changes_only_what_it_names_and_is_idempotent(work: Path, data: bytes, profile: str) -> None:
    path = work / "MSG"
    path.write_bytes(data)
    status, _, err = run("msg", "--profile", profile, "--fix", "MSG", cwd=work)
    sane(status, err)
    assert status in (0, 1), err
    fixed = path.read_bytes()
    # Byte for byte outside the lines named: every line of the file that changed is one of them.
    before = [line.orig + line.eol for line in split_lines(decode(data))]
    after = [line.orig + line.eol for line in split_lines(decode(fixed))]
    # Identical lines are alike to a diff (which of two equal sign-offs went?): the lines that
    # changed are compared by their bytes, as many of each as the findings name.
    allowed = Counter(before[no - 1] for no in named_lines(data, work, profile) if no <= len(before))
    changed: Counter[str] = Counter()
    for op, i1, i2, _, _ in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            changed.update(before[i1:i2])
    assert not changed - allowed, sorted(changed - allowed)
    # A second --fix finds nothing more to do.
    status, _, err = run("msg", "--profile", profile, "--fix", "MSG", cwd=work)
    sane(status, err)
    assert path.read_bytes() == fixed, err


def as_patch(data: bytes, n: int) -> bytes:
    subject, _, rest = data.partition(b"\n")
    return (
        b"From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\n"
        + f"From: {ADA}\nDate: Tue, 1 Oct 2024 10:00:00 +0200\n".encode()
        + b"Subject: [PATCH "
        + str(n).encode()
        + b"/3] "
        + subject.replace(b"\r", b"")
        + b"\n\n"
        + rest
        + b"\n---\n drivers/misc/fastrpc.c | 1 +\n\ndiff --git a/f b/f\n"
    )


@examples(250)
@given(mails=st.lists(messages(), min_size=1, max_size=3), fmt=st.sampled_from(["text", "json", "sarif"]))
def test_patch_never_breaks(work: Path, mails: list[bytes], fmt: str) -> None:
    (work / "series.mbox").write_bytes(b"\n".join(as_patch(m, n) for n, m in enumerate(mails, 1)))
    status, out, err = run("patch", "--format", fmt, "series.mbox", cwd=work)
    sane(status, err)
    if status == 2:  # a mail the generator made unreadable as one: said in one line
        assert out == "" and err.count("\n") == 1 and err.startswith("trailercheck: "), err
        return
    if fmt == "json":
        json.loads(out)
    elif fmt == "sarif":
        sarif_ok(out)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Path:
    path = init_repo(tmp_path_factory.mktemp("fuzz-history") / "repo")
    git(path, "commit", "-q", "--allow-empty", "-m", f"QCLINUX: root\n\nSigned-off-by: {ADA}")
    return path


def commit_messages(repo: Path, messages: list[bytes]) -> str:
    """Commits of ``messages`` on top of main, stored byte for byte (NUL bytes too); the new tip."""
    tip = git(repo, "rev-parse", "main").strip()
    tree = git(repo, "rev-parse", "main^{tree}").strip()
    for data in messages:
        tip = write_commit(repo, commit_object(tree, data, parent=tip), ref=None)
    return tip


@examples(150)
@given(batch=st.lists(messages(), min_size=1, max_size=4), fmt=st.sampled_from(["text", "json", "sarif"]))
def test_check_never_breaks(history: Path, batch: list[bytes], fmt: str) -> None:
    tip = commit_messages(history, batch)
    status, out, err = run("check", "--jobs", "1", "--format", fmt, f"main..{tip}", cwd=history)
    sane(status, err)
    assert status in (0, 1), err
    if fmt == "json":
        doc = json.loads(out)
        assert len(doc["results"]) <= len(batch)
    elif fmt == "sarif":
        sarif_ok(out)


def test_the_generator_makes_what_it_says(work: Path) -> None:
    """The strategies reach the pieces they are for (a fuzzer that never makes CRLF tests nothing)."""
    seen: set[str] = set()

    @examples(200)
    @given(data=messages())
    def collect(data: bytes) -> None:
        if b"\r\n" in data:
            seen.add("crlf")
        if b"\0" in data:
            seen.add("nul")
        if any(len(line) > 1000 for line in data.split(b"\n")):
            seen.add("long")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            seen.add("latin-1")
        if b"Signed-off-by: " in data:
            seen.add("sign-off")

    collect()
    assert seen == {"crlf", "nul", "long", "latin-1", "sign-off"}
