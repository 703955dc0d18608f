"""``trailercheck parse``: the model as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

from tests.builders import ADA, as_patch, commit_raw, run_cli, tracked_on

MESSAGE = (
    "BACKPORT: FROMLIST: misc: fastrpc: Fix map\n"
    "\n"
    "Body line one.\n"
    "Body line two.\n"
    "\n"
    "Link: https://lore.kernel.org/all/1@example.com/\n"
    "\n"
    "Signed-off-by: Ada Lovelace <ada@example.com>\n"
    "[ada: resolved conflict in\n"
    "  fastrpc.c]\n"
    "Reviewed-by: Bob\n"
    "  Example <bob@example.com>\n"
)


def test_parse_file() -> None:
    proc = run_cli("parse", "-", input=MESSAGE.encode())
    assert proc.returncode == 0
    [line] = proc.stdout.splitlines()
    assert json.loads(line) == {
        "source": "-",
        "commit": None,
        "subject": "BACKPORT: FROMLIST: misc: fastrpc: Fix map",
        "prefixes": ["BACKPORT", "FROMLIST"],
        "trailers": [
            {"key": "Signed-off-by", "value": "Ada Lovelace <ada@example.com>", "line": 8},
            {"key": "Reviewed-by", "value": "Bob Example <bob@example.com>", "line": 11},
        ],
        "split_blocks": [
            {
                "start": 6,
                "end": 6,
                "trailers": [{"key": "Link", "value": "https://lore.kernel.org/all/1@example.com/", "line": 6}],
            }
        ],
        "unseen_block": None,
        "body_lines": ["Body line one.", "Body line two."],
    }


def test_parse_range(repo: Path) -> None:
    sha = commit_raw(repo, MESSAGE.encode())
    proc = run_cli("parse", "--range", "HEAD~1..HEAD", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stdout.splitlines()
    doc = json.loads(line)
    assert doc["commit"] == sha
    assert doc["source"] == sha[:12]  # named as check names it
    assert [t["key"] for t in doc["trailers"]] == ["Signed-off-by", "Reviewed-by"]


def test_parse_range_errors(repo: Path, tmp_path: Path) -> None:
    proc = run_cli("parse", "--range", "--all", cwd=repo)
    assert (proc.returncode, proc.stderr) == (2, "trailercheck: not a revision: '--all'\n")
    proc = run_cli("parse", "--range", "nosuch..HEAD", cwd=repo)
    assert (proc.returncode, proc.stderr) == (2, "trailercheck: bad revision 'nosuch..HEAD'\n")
    proc = run_cli("parse", "--range", "HEAD", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, "trailercheck: not a git repository: .\n")


TRACKED = tracked_on(ADA)


def test_parse_shows_the_model_msg_checks(repo: Path, tmp_path: Path) -> None:
    """With the configuration's known trailers, ``parse`` shows the split block ``msg`` reports as T01."""
    (repo / ".trailercheck.toml").write_text('known-trailers = ["Tracked-On"]\n')
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(TRACKED)
    proc = run_cli("msg", "--format", "json", "--select", "T01", str(path), cwd=repo)
    [result] = json.loads(proc.stdout)["results"]
    assert [(f["code"], f["line"]) for f in result["findings"] if f["code"] == "T01"] == [("T01", 6)]
    proc = run_cli("parse", str(path), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["split_blocks"] == [
        {"start": 5, "end": 5, "trailers": [{"key": "Tracked-On", "value": "PROJ-1234", "line": 5}]}
    ]
    commit_raw(repo, TRACKED.encode())
    proc = run_cli("parse", "--range", "HEAD~1..HEAD", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["split_blocks"] == doc["split_blocks"]
    patch = tmp_path / "0001.patch"
    patch.write_text(as_patch(TRACKED, ADA))
    proc = run_cli("parse", str(patch), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["split_blocks"] == doc["split_blocks"]
