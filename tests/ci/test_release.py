""".github/workflows/release.yml: valid, quiet under zizmor, and building what the README promises.

Compiled wheels come from cibuildwheel with the build's one switch set; the sdist
and a plain wheel beside them; PyPI gets them through trusted publishing, the
only job with an OIDC token.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from build_backend import SWITCH
from tests.builders import ROOT
from tests.ci.tools import schema_check, zizmor

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text())
    return loaded


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(f"{action}@")]


def test_the_workflow_is_valid(tmp_path: Path) -> None:
    schema_check("vendor.github-workflows", WORKFLOW)


def test_zizmor_finds_nothing() -> None:
    zizmor(WORKFLOW)


def test_every_action_is_pinned_by_full_sha_with_its_version() -> None:
    uses = [line for line in WORKFLOW.read_text().splitlines() if re.match(r"^\s*(- )?uses:", line)]
    assert len(uses) == 7
    assert [line for line in uses if not PINNED.match(line)] == []


def test_permissions_are_minimal_and_the_token_is_only_for_publishing() -> None:
    flow = workflow()
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "wheels": {"contents": "read"},
        "plain": {"contents": "read"},
        "publish": {"id-token": "write"},
    }
    for name in ("wheels", "plain"):
        [checkout] = steps_using(jobs[name], "actions/checkout")
        assert checkout["with"] == {"persist-credentials": False}


def test_compiled_wheels_for_the_usual_platforms_with_the_switch() -> None:
    wheels = workflow()["jobs"]["wheels"]
    assert wheels["runs-on"] == "${{ matrix.os }}"
    assert wheels["strategy"]["matrix"]["os"] == ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-14", "windows-2022"]
    [build] = steps_using(wheels, "pypa/cibuildwheel")
    env = build["env"]
    assert env["CIBW_ENVIRONMENT"] == f"{SWITCH}=1"
    assert env["CIBW_BUILD"] == "cp310-* cp311-* cp312-* cp313-*"
    assert env["CIBW_ARCHS_MACOS"] == "arm64 x86_64"
    # Each wheel is installed and must hold the compiled core.
    assert "is_compiled()" in env["CIBW_TEST_COMMAND"]


def test_the_sdist_and_plain_wheel_are_built_without_the_switch() -> None:
    plain = workflow()["jobs"]["plain"]
    assert [step["run"] for step in plain["steps"] if "run" in step] == ["pipx run build"]
    assert SWITCH not in yaml.safe_dump(plain)


def test_publishing_is_trusted_and_only_for_a_release() -> None:
    publish = workflow()["jobs"]["publish"]
    assert publish["needs"] == ["wheels", "plain"]
    assert publish["if"] == "github.event_name == 'release'"
    assert publish["environment"]["name"] == "pypi"
    [download] = steps_using(publish, "actions/download-artifact")
    assert download["with"] == {"path": "dist", "merge-multiple": True}
    [upload] = steps_using(publish, "pypa/gh-action-pypi-publish")
    assert "with" not in upload  # no password: PyPI trusts the OIDC token
