"""A small stand-in for the GitHub runner: runs the ``run:`` steps of a composite action with bash.

It does what the runner does for them and no more: the action's inputs (with
their defaults) and the earlier steps' outputs reach a step only through its
``env:`` mapping, whose ``${{ }}`` expressions are the only ones evaluated;
each step gets its own ``$GITHUB_OUTPUT`` file; the script runs as
``bash --noprofile --norc -eo pipefail FILE`` in the workspace; a failing step
ends the action; the action's outputs are evaluated last. Steps that ``uses:``
another action are skipped. An expression it does not know fails the test.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
TOKEN = "ghs_test-token-not-used"


@dataclass
class StepRun:
    id: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@dataclass
class ActionRun:
    steps: list[StepRun] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def returncode(self) -> int:
        return self.steps[-1].returncode

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self.steps)

    @property
    def stderr(self) -> str:
        return "".join(s.stderr for s in self.steps)

    def step(self, id: str) -> StepRun:
        return next(s for s in self.steps if s.id == id)


def load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        action = yaml.safe_load(fh)
    assert isinstance(action, dict)
    return action


def read_outputs(path: Path) -> dict[str, str]:
    """``name=value`` lines and ``name<<DELIM`` blocks, as the runner reads ``$GITHUB_OUTPUT``."""
    outputs: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").split("\n") if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            value = []
            while lines[i] != delim:
                value.append(lines[i])
                i += 1
            i += 1
            outputs[name] = "\n".join(value)
        else:
            name, value_ = line.split("=", 1)
            outputs[name] = value_
    return outputs


def evaluate(text: str, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
    def value(match: re.Match[str]) -> str:
        expr = match.group(1)
        parts = expr.split(".")
        if len(parts) == 2 and parts[0] == "inputs":
            return inputs[parts[1]]
        if len(parts) == 4 and parts[0] == "steps" and parts[2] == "outputs":
            return steps.get(parts[1], {}).get(parts[3], "")
        if expr == "github.token":
            return TOKEN
        raise AssertionError(f"the stand-in runner does not know ${{{{ {expr} }}}}")

    return EXPRESSION.sub(value, text)


def run_action(action_dir: Path, inputs: dict[str, str], env: dict[str, str], workspace: Path, temp: Path) -> ActionRun:
    """Run the action of ``action_dir`` with ``inputs`` in ``workspace``; ``env`` is the runner's environment."""
    action = load(action_dir / "action.yml")
    declared = action.get("inputs") or {}
    unknown = set(inputs) - set(declared)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values |= inputs
    values = {name: evaluate(v, values, {}) for name, v in values.items()}
    assert action["runs"]["using"] == "composite"
    run = ActionRun()
    outputs: dict[str, dict[str, str]] = {}
    for n, step in enumerate(action["runs"]["steps"]):
        if "uses" in step:
            continue
        script = step["run"]
        assert "${{" not in script, f"step {n} puts an expression in its script"
        assert step["shell"] == "bash"
        step_id = step.get("id", f"step{n}")
        output_file = temp / f"output-{step_id}"
        script_file = temp / f"script-{step_id}.sh"
        script_file.write_text(script)
        step_env = {**env, "GITHUB_ACTION_PATH": str(action_dir), "GITHUB_OUTPUT": str(output_file)}
        for name, raw in (step.get("env") or {}).items():
            step_env[name] = evaluate(str(raw), values, outputs)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
            cwd=workspace,
            env=step_env,
            capture_output=True,
            text=True,
        )
        step_outputs = read_outputs(output_file)
        outputs[step_id] = step_outputs
        run.steps.append(StepRun(step_id, proc.returncode, proc.stdout, proc.stderr, step_outputs))
        if proc.returncode != 0:
            break
    for name, spec in (action.get("outputs") or {}).items():
        run.outputs[name] = evaluate(str(spec["value"]), values, outputs)
    return run


def runner_env(tmp: Path, workspace: Path, event_name: str, event_path: Path) -> dict[str, str]:
    """The variables the runner sets for a step, on top of the test's environment."""
    temp = tmp / "runner-temp"
    temp.mkdir(exist_ok=True)
    summary = tmp / "step-summary.md"
    summary.touch()
    return {
        **os.environ,
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "example/kernel",
        "RUNNER_TEMP": str(temp),
    }
