"""X rules: cross-reference with the baseline (qcom-next) and upstream (mainline), on real repositories.

One repository holds a small mainline (``upstream``), a maintainer tree not
merged into it (``maint``), an integration branch built on mainline
(``qcom-next``), and topic branches whose commits each exercise one case.
``trailercheck check`` runs as a separate process, as in CI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.builders import ADA, commit, git, init_repo, run_cli


def message(subject: str, *trailers: str, note: str | None = None) -> str:
    lines = [*trailers]
    if note:
        lines.append(note)
    lines.append(f"Signed-off-by: {ADA}")
    return (
        f"{subject}\n\nBody.\n\nLink: https://lore.kernel.org/all/{abs(hash(subject))}@example.com/\n"
        + "\n".join(lines)
        + "\n"
    )


def pick(repo: Path, sha: str, subject: str, extra: dict[str, str] | None = None, note: str | None = None) -> str:
    """``git cherry-pick -x`` of ``sha`` with a new subject; ``extra`` changes the patch (a resolved conflict)."""
    git(repo, "cherry-pick", "-x", "--no-commit", sha)
    for name, content in (extra or {}).items():
        (repo / name).write_text(content)
        git(repo, "add", name)
    return commit(repo, message(subject, f"(cherry picked from commit {sha})", note=note), {})


def lines(*words: str) -> str:
    return "".join(f"{w}\n" for w in words)


@dataclass
class Tree:
    path: Path
    up: dict[str, str] = field(default_factory=dict)
    base: dict[str, str] = field(default_factory=dict)
    maint: dict[str, str] = field(default_factory=dict)
    topic: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory, module_git: Path) -> Tree:
    path = init_repo(tmp_path_factory.mktemp("xref") / "kernel", "upstream")
    t = Tree(path)
    files = {
        name: lines("a", "b", "c", "d", "e") for name in ("fastrpc.c", "clk.c", "llcc.c", "dsi.c", "pas.c", "pins.c")
    }
    root = commit(path, "Linux 6.18-rc1\n", files)
    # Mainline.
    t.up["fastrpc"] = commit(path, "misc: fastrpc: Fix map refcount\n", {"fastrpc.c": lines("a", "B", "c", "d", "e")})
    t.up["clk"] = commit(path, "clk: qcom: Add GCC clocks\n", {"clk.c": lines("a", "b", "C", "d", "e")})
    t.up["llcc"] = commit(path, "soc: qcom: llcc: Add slices\n", {"llcc.c": lines("a", "b", "c", "D", "e")})
    t.up["dsi"] = commit(path, "drm/msm: Fix DSI timing\n", {"dsi.c": lines("A", "b", "c", "d", "e")})
    # A maintainer tree, not merged into mainline.
    git(path, "checkout", "-q", "-b", "maint", root)
    t.maint["pins"] = commit(path, "pinctrl: qcom: Add pins\n", {"pins.c": lines("a", "b", "c", "d", "PINS")})
    # The integration branch: mainline plus downstream work.
    git(path, "checkout", "-q", "-b", "qcom-next", "upstream")
    t.base["pas"] = commit(
        path, message("FROMLIST: remoteproc: qcom: Add PAS support"), {"pas.c": lines("PAS", "b", "c", "d", "e")}
    )
    t.base["icc"] = commit(
        path, message("QCLINUX: interconnect: Add paths"), {"pas.c": lines("PAS", "ICC", "c", "d", "e")}
    )

    # Each case on a branch of its own (t/<case>), based on the old mainline.
    def case(name: str) -> None:
        git(path, "checkout", "-q", "-b", f"t/{name}", root)

    case("same-patch")
    t.topic["same-patch"] = pick(path, t.base["pas"], "FROMLIST: remoteproc: qcom: Add PAS support")
    case("same-subject")
    t.topic["same-subject"] = commit(
        path, message("FROMLIST: REMOTEPROC: qcom:  add PAS support"), {"pas.c": lines("a", "b", "PAS v2", "d", "e")}
    )
    case("new")
    t.topic["new"] = commit(
        path, message("FROMLIST: misc: fastrpc: Add DMA-BUF export"), {"fastrpc.c": lines("DMABUF")}
    )
    case("mainline-pick")
    t.topic["mainline-pick"] = pick(path, t.up["llcc"], "UPSTREAM: soc: qcom: llcc: Add slices")
    case("fromlist-landed")
    t.topic["fromlist-landed"] = commit(
        path, message("FROMLIST: misc: fastrpc: Fix map refcount"), {"fastrpc.c": lines("a", "B", "c", "d", "e")}
    )
    case("fromlist-reworked")
    t.topic["fromlist-reworked"] = commit(
        path, message("FROMLIST: clk: qcom: Add GCC clocks"), {"clk.c": lines("a", "b", "C v1", "d", "e")}
    )
    case("fromlist-pending")
    t.topic["fromlist-pending"] = commit(
        path, message("FROMLIST: pinctrl: qcom: Add more pins"), {"pins.c": lines("MORE", "b", "c", "d", "e")}
    )
    case("fromgit-merged")
    t.topic["fromgit-merged"] = pick(path, t.up["llcc"], "FROMGIT: soc: qcom: llcc: Add slices")
    case("upstream-clean")
    t.topic["upstream-clean"] = pick(path, t.up["dsi"], "UPSTREAM: drm/msm: Fix DSI timing")
    case("upstream-from-maint")
    t.topic["upstream-from-maint"] = pick(path, t.maint["pins"], "UPSTREAM: pinctrl: qcom: Add pins")
    case("upstream-wrong-sha")
    t.topic["upstream-wrong-sha"] = commit(
        path,
        message("UPSTREAM: misc: fastrpc: Fix map refcount", f"(cherry picked from commit {t.maint['pins']})"),
        {"fastrpc.c": lines("a", "B", "c", "d", "e")},
    )
    case("upstream-no-line-known")
    t.topic["upstream-no-line-known"] = commit(
        path, message("UPSTREAM: soc: qcom: llcc: Add slices"), {"llcc.c": lines("a", "b", "c", "D", "e")}
    )
    case("upstream-no-line-unknown")
    t.topic["upstream-no-line-unknown"] = commit(
        path, message("UPSTREAM: soc: qcom: llcc: Drop slices"), {"llcc.c": lines("a", "b", "c", "d", "E")}
    )
    case("upstream-retitled")
    t.topic["upstream-retitled"] = pick(path, t.up["dsi"], "UPSTREAM: drm/msm/dsi: Fix the DSI timing on 6.6")
    case("upstream-altered")
    t.topic["upstream-altered"] = pick(
        path, t.up["clk"], "UPSTREAM: clk: qcom: Add GCC clocks", {"clk.c": lines("a", "b", "C", "d", "e", "local")}
    )
    case("backport-clean")
    t.topic["backport-clean"] = pick(
        path, t.up["dsi"], "BACKPORT: drm/msm: Fix DSI timing", note="[ada: nothing changed, really]"
    )
    case("backport-changed")
    t.topic["backport-changed"] = pick(
        path,
        t.up["clk"],
        "BACKPORT: clk: qcom: Add GCC clocks",
        {"clk.c": lines("a", "b", "C", "d", "e", "6.6")},
        note="[ada: adapted to 6.6]",
    )
    case("upstream-clean-2")
    t.topic["upstream-clean-2"] = pick(path, t.up["fastrpc"], "UPSTREAM: misc: fastrpc: Fix map refcount")
    # Found on a built topic branch: the cherry-pick line names a mainline commit with
    # another subject and another patch.
    case("upstream-names-other")
    t.topic["upstream-names-other"] = commit(
        path,
        message("UPSTREAM: misc: fastrpc: Check the map size", f"(cherry picked from commit {t.up['llcc']})"),
        {"fastrpc.c": lines("a", "b", "c", "d", "SIZE")},
    )
    # The patch is llcc's, the cherry-pick line names dsi.
    case("upstream-names-wrong")
    t.topic["upstream-names-wrong"] = commit(
        path,
        message("UPSTREAM: soc: qcom: llcc: Add slices", f"(cherry picked from commit {t.up['dsi']})"),
        {"llcc.c": lines("a", "b", "c", "D", "e")},
    )
    case("backport-retitled")
    t.topic["backport-retitled"] = pick(
        path, t.up["fastrpc"], "BACKPORT: misc: fastrpc: Fix the map refcount on 6.6", note="[ada: context differs]"
    )
    # clk's patch and subject, but the cherry-pick line names dsi: dsi is the reference.
    case("backport-names-other")
    t.topic["backport-names-other"] = commit(
        path,
        message(
            "BACKPORT: clk: qcom: Add GCC clocks",
            f"(cherry picked from commit {t.up['dsi']})",
            note="[ada: adapted to 6.6]",
        ),
        {"clk.c": lines("a", "b", "C", "d", "e")},
    )
    case("upstream-git-commit")
    t.topic["upstream-git-commit"] = commit(
        path,
        message("UPSTREAM: drm/msm/dsi: Drop the timing quirk", f"Git-commit: {t.up['dsi']}"),
        {"dsi.c": lines("a", "b", "c", "d", "QUIRK")},
    )
    case("upstream-git-commit-unknown")
    t.topic["upstream-git-commit-unknown"] = commit(
        path,
        message("UPSTREAM: pinctrl: qcom: Add pins", f"Git-commit: {t.maint['pins']}"),
        {"pins.c": lines("a", "b", "c", "d", "PINS")},
    )
    # Picked from the baseline under another subject, and adapted.
    case("picked-from-baseline")
    t.topic["picked-from-baseline"] = commit(
        path,
        message(
            "FROMLIST: remoteproc: qcom: Add PAS support for SM8750", f"(cherry picked from commit {t.base['pas']})"
        ),
        {"pas.c": lines("PAS", "b", "c", "d", "SM8750")},
    )
    git(path, "checkout", "-q", "qcom-next")
    return t


CONFIG = """\
baseline = "qcom-next"
upstream = "upstream"

[[branches]]
match = "qcom-6.*.y"
baseline-mode = "require"

[[branches]]
match = "tech/*"
baseline-mode = "forbid"
"""


BASE_RANGE = ["^upstream", *(f"t/{c}" for c in ("same-patch", "same-subject", "new", "mainline-pick"))]


def everything(tree: Tree) -> list[str]:
    return ["^upstream", *(f"t/{name}" for name in tree.topic)]


def check(tree: Tree, *args: str) -> dict[str, list[tuple[str, str, str]]]:
    """``check --format json ARGS``: per commit id, its X findings as ``(code, evidence, message)``."""
    proc = run_cli("check", "--format", "json", *args, cwd=tree.path)
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stderr == ""
    doc = json.loads(proc.stdout)
    return {
        r["commit"]: [(f["code"], f["evidence"], f["message"]) for f in r["findings"] if f["code"].startswith("X")]
        for r in doc["results"]
    }


@pytest.fixture(scope="module")
def configured(tree: Tree) -> Path:
    config = tree.path.parent / "trailercheck.toml"
    config.write_text(CONFIG)
    return config


def short(sha: str) -> str:
    return sha[:12]


# -- X01 / X02: the baseline and the branch policy ----------------------------------


def test_x01_topic_branch_must_not_re_add_what_the_baseline_has(tree: Tree, configured: Path) -> None:
    t = tree
    found = check(t, "--config", str(configured), "--target-branch", "tech/mproc", "--select", "X", *BASE_RANGE)
    assert found[t.topic["same-patch"]] == [
        (
            "X01",
            "patch-id",
            f'already in qcom-next as {short(t.base["pas"])} ("FROMLIST: remoteproc: qcom: Add PAS support") '
            "(same patch id)",
        )
    ]
    [(code, evidence, text)] = found[t.topic["same-subject"]]
    assert (code, evidence) == ("X01", "subject")
    assert text.startswith(f"already in qcom-next as {short(t.base['pas'])} ") and text.endswith("(same subject)")
    # qcom-next is built on mainline: a mainline pick it already has is in the baseline too.
    [(code, evidence, text)] = found[t.topic["mainline-pick"]]
    assert (code, evidence) == ("X01", "patch-id")
    assert short(t.up["llcc"]) in text
    assert found[t.topic["new"]] == []


def test_x02_product_branch_takes_only_what_the_baseline_has(tree: Tree, configured: Path) -> None:
    t = tree
    found = check(
        t,
        "--config",
        str(configured),
        "--target-branch",
        "qcom-6.18.y",
        "--ignore",
        "X03,X04,X05,X06",
        *BASE_RANGE,
    )
    assert found[t.topic["new"]] == [
        (
            "X02",
            "none",
            "not in qcom-next: no commit there has the same patch id or subject",
        )
    ]
    for name in ("same-patch", "same-subject", "mainline-pick"):
        assert found[t.topic[name]] == [], name
    # Its cherry-pick line names a commit of the baseline, whatever its subject and patch.
    found = check(
        t, "--config", str(configured), "--target-branch", "qcom-6.18.y", "--select", "X", "^upstream",
        "t/picked-from-baseline", "t/new",
    )  # fmt: skip
    assert found[t.topic["picked-from-baseline"]] == []
    assert [code for code, _, _ in found[t.topic["new"]]] == ["X02"]


def test_x02_commits_of_the_baseline_itself_are_in_it(tree: Tree, configured: Path) -> None:
    found = check(
        tree, "--config", str(configured), "--target-branch", "qcom-6.18.y", "--select", "X", "qcom-next~2..qcom-next"
    )
    assert found == {tree.base["icc"]: [], tree.base["pas"]: []}


def test_no_branch_policy_no_baseline_rules(tree: Tree, configured: Path) -> None:
    t = tree
    for target in ([], ["--target-branch", "feature/other"]):
        found = check(t, "--config", str(configured), *target, *BASE_RANGE)
        assert {code for findings in found.values() for code, _, _ in findings} <= {"X03", "X04", "X05", "X06"}
        assert not any(code in ("X01", "X02") for f in found.values() for code, _, _ in f)


def test_baseline_and_upstream_from_the_command_line(tree: Tree, tmp_path: Path) -> None:
    """--baseline/--upstream win over the configuration file; the branch policy still comes from it."""
    t = tree
    config = tmp_path / "other.toml"
    config.write_text(CONFIG.replace('baseline = "qcom-next"', 'baseline = "maint"'))
    found = check(t, "--config", str(config), "--target-branch", "tech/x", *BASE_RANGE)
    assert found[t.topic["same-patch"]] == []  # maint does not have it
    found = check(t, "--config", str(config), "--baseline", "qcom-next", "--target-branch", "tech/x", *BASE_RANGE)
    assert [c for c, _, _ in found[t.topic["same-patch"]]] == ["X01"]


def test_target_branch_from_the_ci_environment(tree: Tree, configured: Path) -> None:
    proc = run_cli(
        "check", "--format", "json", "--config", str(configured), *BASE_RANGE,
        cwd=tree.path, env={"GITHUB_BASE_REF": "qcom-6.18.y"},
    )  # fmt: skip
    doc = json.loads(proc.stdout)
    codes = {r["commit"]: [f["code"] for f in r["findings"] if f["code"][0] == "X"] for r in doc["results"]}
    assert codes[tree.topic["new"]] == ["X02"]


# -- X03: FROMLIST/FROMGIT that landed in mainline -----------------------------------


def test_x03_fromlist_now_upstream(tree: Tree, configured: Path) -> None:
    t = tree
    found = check(t, "--config", str(configured), *everything(t))
    assert found[t.topic["fromlist-landed"]] == [
        (
            "X03",
            "patch-id",
            f'in upstream now as {short(t.up["fastrpc"])} ("misc: fastrpc: Fix map refcount") (same patch id)',
        )
    ]
    [(code, evidence, text)] = found[t.topic["fromlist-reworked"]]
    assert (code, evidence) == ("X03", "subject")
    assert short(t.up["clk"]) in text
    # FROMGIT picked from a maintainer tree that mainline has merged since (the same commit).
    [(code, evidence, _)] = found[t.topic["fromgit-merged"]]
    assert (code, evidence) == ("X03", "patch-id")
    assert found[t.topic["fromlist-pending"]] == []


def test_x03_names_the_commit_to_pick(tree: Tree, configured: Path) -> None:
    proc = run_cli(
        "check", "--config", str(configured), "--select", "X03", f"{tree.topic['fromlist-landed']}^!", cwd=tree.path
    )
    assert f"re-pick it as UPSTREAM from {tree.up['fastrpc']}" in proc.stdout
    assert "X03 now-upstream" in proc.stdout


# -- X04: UPSTREAM/BACKPORT that mainline does not have ------------------------------


def test_x04_upstream_commit_unknown(tree: Tree, configured: Path) -> None:
    t = tree
    found = check(t, "--config", str(configured), *everything(t))
    assert found[t.topic["upstream-from-maint"]] == [
        ("X04", "none", f"the cherry-picked commit {short(t.maint['pins'])} is not in upstream")
    ]
    [x04] = [f for f in found[t.topic["upstream-wrong-sha"]] if f[0] == "X04"]
    assert x04[:2] == ("X04", "subject")
    assert x04[2].startswith(f"the cherry-picked commit {short(t.maint['pins'])} is not in upstream; ")
    assert short(t.up["fastrpc"]) in x04[2]
    assert found[t.topic["upstream-no-line-unknown"]] == [
        ("X04", "none", "no commit of upstream has this subject (and there is no cherry-pick line)")
    ]
    assert found[t.topic["upstream-no-line-known"]] == []
    assert found[t.topic["upstream-clean"]] == []
    # Picked from mainline under another subject: git says the commit is there.
    assert found[t.topic["upstream-retitled"]] == []


def test_x04_line_points_at_the_cherry_pick_line(tree: Tree, configured: Path) -> None:
    proc = run_cli(
        "check", "--format", "json", "--config", str(configured), "--select", "X04",
        f"{tree.topic['upstream-from-maint']}^!", cwd=tree.path,
    )  # fmt: skip
    [result] = json.loads(proc.stdout)["results"]
    [x04] = [f for f in result["findings"] if f["code"] == "X04"]
    body = git(tree.path, "log", "-1", "--format=%B", tree.topic["upstream-from-maint"]).splitlines()
    assert body[x04["line"] - 1].startswith("(cherry picked from commit ")
    proc = run_cli(
        "check", "--format", "json", "--config", str(configured), "--select", "X04",
        f"{tree.topic['upstream-git-commit-unknown']}^!", cwd=tree.path,
    )  # fmt: skip
    [result] = json.loads(proc.stdout)["results"]
    [x04] = [f for f in result["findings"] if f["code"] == "X04"]
    body = git(tree.path, "log", "-1", "--format=%B", tree.topic["upstream-git-commit-unknown"]).splitlines()
    assert body[x04["line"] - 1] == f"Git-commit: {tree.maint['pins']}"


# -- X05 / X06: is the pick really clean? --------------------------------------------


def test_x05_upstream_altered(tree: Tree, configured: Path) -> None:
    t = tree
    found = check(t, "--config", str(configured), *everything(t))
    assert found[t.topic["upstream-altered"]] == [
        (
            "X05",
            "subject",
            f'the patch differs from the cherry-picked commit {short(t.up["clk"])} ("clk: qcom: Add GCC clocks") '
            "in upstream",
        )
    ]
    for name in ("upstream-clean", "upstream-no-line-known", "upstream-retitled"):
        assert found[t.topic[name]] == [], name


def test_x05_judges_by_the_commit_the_cherry_pick_line_names(tree: Tree, configured: Path) -> None:
    """The named commit is the reference whatever its subject; the subject is only the fallback."""
    t = tree
    found = check(t, "--config", str(configured), *everything(t))
    assert found[t.topic["upstream-names-other"]] == [
        (
            "X05",
            "none",
            f'the patch differs from the cherry-picked commit {short(t.up["llcc"])} ("soc: qcom: llcc: Add slices") '
            "in upstream",
        )
    ]
    # The patch is the one of the mainline commit with its subject: the line may name the wrong commit.
    assert found[t.topic["upstream-names-wrong"]] == [
        (
            "X05",
            "none",
            f'the patch differs from the cherry-picked commit {short(t.up["dsi"])} ("drm/msm: Fix DSI timing") '
            f'in upstream; {short(t.up["llcc"])} ("soc: qcom: llcc: Add slices") there has the same subject and patch',
        )
    ]
    assert found[t.topic["upstream-git-commit"]] == [
        (
            "X05",
            "none",
            f'the patch differs from the commit {short(t.up["dsi"])} ("drm/msm: Fix DSI timing") (Git-commit:) '
            "in upstream",
        )
    ]


def test_x05_fix_names_the_commit_with_the_same_patch(tree: Tree, configured: Path) -> None:
    proc = run_cli(
        "check", "--format", "json", "--config", str(configured), "--select", "X05",
        f"{tree.topic['upstream-names-wrong']}^!", cwd=tree.path,
    )  # fmt: skip
    [result] = json.loads(proc.stdout)["results"]
    [x05] = [f for f in result["findings"] if f["code"] == "X05"]
    assert x05["line"] == 1
    assert x05["fix"] == (
        f"if this is a pick of {short(tree.up['llcc'])}, name that commit; "
        "else prefix it BACKPORT: and add a [name: what changed] note"
    )


def test_x04_reads_git_commit_as_the_named_commit(tree: Tree, configured: Path) -> None:
    t = tree
    found = check(t, "--config", str(configured), *everything(t))
    assert found[t.topic["upstream-git-commit-unknown"]] == [
        ("X04", "none", f"the commit {short(t.maint['pins'])} (Git-commit:) is not in upstream")
    ]
    # Another subject and another patch, but the named commit is in mainline: X05's business, not X04's.
    for name in ("upstream-git-commit", "upstream-names-other", "upstream-names-wrong"):
        assert [code for code, _, _ in found[t.topic[name]]] == ["X05"], name


def test_x06_backport_clean(tree: Tree, configured: Path) -> None:
    t = tree
    found = check(t, "--config", str(configured), *everything(t))
    assert found[t.topic["backport-clean"]] == [
        (
            "X06",
            "patch-id",
            f'the patch equals the cherry-picked commit {short(t.up["dsi"])} ("drm/msm: Fix DSI timing") in upstream '
            "(same patch id)",
        )
    ]
    # Retitled, but its cherry-pick line names the commit whose patch it carries unchanged.
    assert found[t.topic["backport-retitled"]] == [
        (
            "X06",
            "patch-id",
            f'the patch equals the cherry-picked commit {short(t.up["fastrpc"])} ("misc: fastrpc: Fix map refcount") '
            "in upstream (same patch id)",
        )
    ]
    assert found[t.topic["backport-changed"]] == []
    assert found[t.topic["upstream-clean-2"]] == []
    # The commit it names is the reference: that clk has the same subject and patch does not make it clean.
    assert found[t.topic["backport-names-other"]] == []


# -- a shallow clone ---------------------------------------------------------------

SHALLOW_WARNING = (
    "trailercheck: warning: the history of {refs} ends at the shallow boundary of this clone: "
    "{codes} not reported and commits beyond it are not compared (git fetch --unshallow for a full check)\n"
)


def shallow_clone(tree: Tree, where: Path, depth: int) -> Path:
    """A clone of every branch with only the last ``depth`` commits of each (local branches as in the tree)."""
    clone = where / "shallow"
    git(where, "clone", "-q", "--no-local", f"--depth={depth}", "--no-single-branch", str(tree.path), str(clone))
    for branch in ("upstream", "qcom-next", "maint", *(f"t/{name}" for name in tree.topic)):
        git(clone, "update-ref", f"refs/heads/{branch}", f"refs/remotes/origin/{branch}")
    return clone


def check_in(clone: Path, *args: str, code: int = 1) -> tuple[dict[str, list[tuple[str, str, str]]], str]:
    """``check --format json`` in ``clone``: the X findings of the commits that have some, and standard error."""
    proc = run_cli("check", "--format", "json", *args, cwd=clone)
    assert proc.returncode == code, proc.stderr
    found = {
        r["commit"]: [(f["code"], f["evidence"], f["message"]) for f in r["findings"] if f["code"].startswith("X")]
        for r in json.loads(proc.stdout)["results"]
    }
    return {sha: f for sha, f in found.items() if f}, proc.stderr


def test_shallow_clone_never_reads_missing_history_as_not_in_mainline(
    tree: Tree, configured: Path, tmp_path: Path
) -> None:
    """Two commits of each branch: upstream ends at llcc (its parent clk was not fetched).

    Nothing is reported missing from upstream (X04), llcc's patch id (its
    parent is not there) is not compared, one warning says so; what the
    clone does hold is still checked.
    """
    t = tree
    clone = shallow_clone(t, tmp_path, depth=2)
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true\n"
    assert t.up["llcc"] in (clone / ".git" / "shallow").read_text().split()
    found, stderr = check_in(clone, "--config", str(configured), *everything(t))
    assert stderr == SHALLOW_WARNING.format(refs="upstream", codes="X04 is")
    dsi = f'{short(t.up["dsi"])} ("drm/msm: Fix DSI timing")'
    assert found == {
        t.topic["backport-clean"]: [
            ("X06", "patch-id", f"the patch equals the cherry-picked commit {dsi} in upstream (same patch id)")
        ],
        t.topic["upstream-names-wrong"]: [
            ("X05", "none", f"the patch differs from the cherry-picked commit {dsi} in upstream")
        ],
        t.topic["upstream-git-commit"]: [
            ("X05", "none", f"the patch differs from the commit {dsi} (Git-commit:) in upstream")
        ],
        t.topic["fromgit-merged"]: [
            (
                "X03",
                "subject",
                f'in upstream now as {short(t.up["llcc"])} ("soc: qcom: llcc: Add slices") (same subject)',
            )
        ],
    }
    # A product branch: qcom-next is cut short too, and X02 is not reported either.
    found, stderr = check_in(clone, "--config", str(configured), "--target-branch", "qcom-6.18.y", *everything(t))
    assert stderr == SHALLOW_WARNING.format(refs="qcom-next and upstream", codes="X02/X04 are")
    assert not any(code in ("X02", "X04") for f in found.values() for code, _, _ in f)

    # The whole history fetched, the same tips: the index is read again and everything is checked.
    git(clone, "fetch", "-q", "--unshallow")
    found, stderr = check_in(clone, "--config", str(configured), *everything(t))
    assert stderr == ""
    assert found[t.topic["upstream-from-maint"]] == [
        ("X04", "none", f"the cherry-picked commit {short(t.maint['pins'])} is not in upstream")
    ]
    assert [code for code, _, _ in found[t.topic["upstream-altered"]]] == ["X05"]
    assert t.topic["mainline-pick"] not in found


def test_shallow_clone_of_one_commit(tree: Tree, configured: Path, tmp_path: Path) -> None:
    """Only the tips, each at the boundary: no patch id can be computed (git would diff each tip with an
    empty tree), nothing is reported missing, and the run ends normally."""
    t = tree
    clone = shallow_clone(t, tmp_path, depth=1)
    # The tips are all clean: without a finding the run exits 0.
    found, stderr = check_in(
        clone, "--config", str(configured), "--target-branch", "qcom-6.18.y", *everything(t), code=0
    )
    assert stderr == SHALLOW_WARNING.format(refs="qcom-next and upstream", codes="X02/X04 are")
    assert found == {}


# -- how the X rules run -------------------------------------------------------------


def test_baseline_is_not_read_without_a_branch_policy(tree: Tree, configured: Path) -> None:
    """Only X01/X02 compare with the baseline, and only under a branch policy: without one it is not even resolved."""
    args = ["--config", str(configured), "--baseline", "origin/nope", "--select", "X"]
    proc = run_cli("check", *args, *everything(tree), cwd=tree.path)
    assert proc.returncode == 1 and proc.stderr == ""
    assert "X03" in proc.stdout and "X01" not in proc.stdout


def test_x_rules_need_the_refs(tree: Tree) -> None:
    """Without baseline and upstream the X rules do not run, and no index is made."""
    index = tree.path / ".git" / "trailercheck"
    before = index.exists()
    found = check(tree, "--target-branch", "tech/x", *everything(tree))
    assert all(f == [] for f in found.values())
    assert index.exists() == before


def test_check_keeps_the_index_up_to_date(tree: Tree, configured: Path) -> None:
    check(tree, "--config", str(configured), "--select", "X", *everything(tree))
    proc = run_cli("index", "--config", str(configured), "--stats", cwd=tree.path)
    assert proc.returncode == 0, proc.stderr
    assert [line.split(", ")[2] for line in proc.stdout.splitlines()] == ["up to date", "up to date"]


def test_unknown_baseline_is_a_usage_error(tree: Tree, configured: Path) -> None:
    args = ["--config", str(configured), "--baseline", "origin/nope", "--target-branch", "tech/x"]
    proc = run_cli("check", *args, *everything(tree), cwd=tree.path)
    assert proc.returncode == 2
    assert proc.stderr == "trailercheck: unknown revision 'origin/nope' (not a commit of the repository)\n"


def test_ignoring_the_x_rules_skips_the_cross_reference(tree: Tree, configured: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-local", str(tree.path), str(clone))
    for branch in ("upstream", "qcom-next", *(f"t/{name}" for name in tree.topic)):
        git(clone, "update-ref", f"refs/heads/{branch}", f"refs/remotes/origin/{branch}")
    proc = run_cli("check", "--config", str(configured), "--ignore", "X", *everything(tree), cwd=clone)
    # Without the X rules only warnings are left: the run exits 0.
    assert proc.returncode == 0 and "X0" not in proc.stdout
    assert not (clone / ".git" / "trailercheck").exists()


def test_worker_processes_see_the_same_findings(tmp_path: Path) -> None:
    """A range long enough to be spread over worker processes: each opens the index itself."""
    repo = init_repo(tmp_path / "repo", "upstream")
    stream = b""
    for i in range(1, 2601):
        if i <= 1300:
            subject = f"misc: fastrpc: Change {i}"
        elif i % 10 == 0:  # posted, and merged since
            subject = f"FROMLIST: misc: fastrpc: Change {i - 1300}"
        else:
            subject = f"FROMLIST: misc: fastrpc: Topic change {i}"
        msg = message(subject).encode()
        if i == 1301:
            stream += b"reset refs/heads/topic\nfrom :650\n"
        ref = b"topic" if i > 1300 else b"upstream"
        stream += b"commit refs/heads/%s\nmark :%d\ncommitter A <ada@example.com> %d +0000\ndata %d\n%s\n" % (
            ref,
            i,
            1700000000 + i,
            len(msg),
            msg,
        )
        stream += b"M 644 inline f%d\ndata %d\n%d\n" % (i, len(str(i)) + 1, i)
    git(repo, "fast-import", "--quiet", input=stream)
    args = ["--upstream", "upstream", "--select", "X03", "upstream..topic"]
    one = check(Tree(repo), "-j1", *args)
    two = check(Tree(repo), "-j2", *args)
    assert one == two
    assert len(one) == 1300
    found = {sha: f for sha, f in one.items() if f}
    assert len(found) == 130
    assert {evidence for f in found.values() for _, evidence, _ in f} == {"subject"}
