"""Markdown: the exact report of a small run, escaping, folding, the same bytes each time, under 1 MiB."""

from __future__ import annotations

from tests.reporters import rendered
from trailercheck.findings import WARNING, Finding, Result
from trailercheck.reporters import markdown
from trailercheck.reporters.markdown import md

BLANK = Finding("T01", "trailer-block-blank-line", 7, "blank line in the trailer block", "remove line 7")
CASE = Finding(
    "T02", "trailer-key-case", 9, "Tested-By: should be written Tested-by:", "write 'Tested-by:'", severity=WARNING
)


def sha(n: int) -> str:
    return f"{n:040x}"


def commit(n: int, subject: str, findings: list[Finding]) -> Result:
    return Result(sha(n)[:12], sha(n), subject, findings)


def report(results: list[Result], profile: str = "qcom") -> str:
    return rendered("markdown", results, profile)


def test_small_run_exactly() -> None:
    results = [
        commit(1, "QCLINUX: misc: fastrpc: Fix map refcount", []),
        commit(2, "misc: fastrpc: a|b <c> `d` *e*", [BLANK, CASE]),
        commit(3, "FROMLIST: soc: qcom: Add x", [CASE]),
    ]
    assert report(results) == (
        "## trailercheck (qcom)\n"
        "\n"
        "❌ 3 commits checked: 1 error, 2 warnings\n"
        "\n"
        "| Commit | Subject | Result |\n"
        "|---|---|---|\n"
        "| `000000000000` | QCLINUX: misc: fastrpc: Fix map refcount | ✅ |\n"
        "| `000000000000` | misc: fastrpc: a\\|b &lt;c&gt; \\`d\\` \\*e\\* | ❌ 1 error, 1 warning |\n"
        "| `000000000000` | FROMLIST: soc: qcom: Add x | ⚠️ 1 warning |\n"
        "\n"
        "### ❌ `000000000000` misc: fastrpc: a\\|b &lt;c&gt; \\`d\\` \\*e\\*\n"
        "\n"
        "- line 7: **T01** trailer-block-blank-line: blank line in the trailer block\n"
        "  fix: remove line 7\n"
        "- line 9: **T02** trailer-key-case: Tested-By: should be written Tested-by: (warning)\n"
        "  fix: write 'Tested-by:'\n"
        "\n"
        "### ⚠️ `000000000000` FROMLIST: soc: qcom: Add x\n"
        "\n"
        "- line 9: **T02** trailer-key-case: Tested-By: should be written Tested-by: (warning)\n"
        "  fix: write 'Tested-by:'\n"
    )


def test_all_pass() -> None:
    assert report([commit(1, "a", []), commit(2, "b", [])]).split("\n")[2] == "✅ all 2 commits pass"
    assert report([Result("MSG", None, "a", [])]).split("\n")[2] == "✅ the message passes"


def test_user_text_is_escaped() -> None:
    assert md("x|y <script>&amp; [link](u) _a_ ~b~ \\ \n z") == (
        "x\\|y &lt;script&gt;&amp;amp; \\[link\\](u) \\_a\\_ \\~b\\~ \\\\ z"
    )
    assert md("caf\udce9") == "caf\ufffd"


def test_long_parts_are_folded() -> None:
    many = [Finding("T02", "trailer-key-case", n, f"key {n}", severity=WARNING) for n in range(1, 8)]
    text = report([commit(n, f"s {n}", many if n == 0 else []) for n in range(40)])
    assert "<details><summary>40 commits</summary>\n\n| Commit | Subject | Result |\n" in text
    folded = "<details><summary>2 more findings</summary>\n\n- line 6:"
    assert "- line 5: **T02** trailer-key-case: key 5 (warning)\n\n" + folded in text
    assert text.endswith("- line 7: **T02** trailer-key-case: key 7 (warning)\n\n</details>\n")


def test_same_results_same_bytes() -> None:
    results = [commit(n, f"misc: change {n}", [BLANK] if n % 3 else []) for n in range(50)]
    assert report(results) == report(results)


def test_a_huge_run_stops_below_one_mebibyte_at_a_commit_boundary() -> None:
    findings = [BLANK, CASE]
    results = [commit(n, "misc: " + "long subject " * 20, findings) for n in range(6000)]
    text = report(results)
    size = len(text.encode())
    assert 900_000 < size < markdown.LIMIT < 1 << 20
    kept = text.count("\n### ❌ ")
    assert text.count("| ❌ 1 error, 1 warning |") == kept
    assert f"\n… {6000 - kept} more commits are in the full report (`--format json` or `--format sarif`)" in text
    assert "❌ 6000 commits checked: 6000 errors, 6000 warnings\n" in text
    assert text.endswith("fix: write 'Tested-by:'\n")
