"""The pull-request comment step of ``registry-check.yml``, run for real by Node.js against a
stand-in for GitHub's API (the same ``github``, ``context`` and ``core`` objects that
``actions/github-script`` hands the script)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from lifecycle_report.formats.markdown import MARKER

WORKFLOW = REPO / ".github" / "workflows" / "registry-check.yml"

HARNESS = """
const fs = require("fs");
const scenario = JSON.parse(fs.readFileSync("scenario.json", "utf8"));
const calls = [];
const github = {
  paginate: async (method, params) => { calls.push(["list", params.issue_number]); return scenario.comments; },
  rest: { issues: {
    listComments: "listComments",
    createComment: async (p) => {
      if (scenario.forbidden) { const e = new Error("Resource not accessible by integration"); e.status = 403; throw e; }
      calls.push(["create", p.issue_number, p.body]);
    },
    updateComment: async (p) => { calls.push(["update", p.comment_id, p.body]); },
  } },
};
const context = { repo: { owner: "org", repo: "models" }, payload: scenario.payload };
const core = { notice: (m) => calls.push(["notice", m]), warning: (m) => calls.push(["warning", m]) };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction("require", "github", "context", "core", fs.readFileSync("script.js", "utf8"))(
  require, github, context, core,
).then(() => console.log(JSON.stringify(calls)), (e) => { console.error(e); process.exit(3); });
"""


def comment_script() -> str:
    steps = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["check"]["steps"]
    (step,) = [s for s in steps if s.get("uses", "").startswith("actions/github-script@")]
    return step["with"]["script"]


def payload(head: str = "org/models") -> dict:
    return {"pull_request": {"number": 7, "head": {"repo": {"full_name": head}},
                             "base": {"repo": {"full_name": "org/models"}}}}  # fmt: skip


def run(tmp_path: Path, comments: list[dict], **scenario: object) -> list[list]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (apt-get install nodejs)")
    (tmp_path / "script.js").write_text(comment_script(), "utf-8")
    (tmp_path / "harness.js").write_text(HARNESS, "utf-8")
    (tmp_path / "lifecycle-report.md").write_text(f"{MARKER}\n## Informe\n", "utf-8")
    data = {"payload": payload(), "comments": comments, **scenario}
    (tmp_path / "scenario.json").write_text(json.dumps(data), "utf-8")
    done = subprocess.run(
        [node, "harness.js"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


BODY = f"{MARKER}\n## Informe\n"


def test_the_first_push_creates_one_comment(tmp_path: Path) -> None:
    others = [{"id": 1, "user": {"type": "User"}, "body": "LGTM"}]
    assert run(tmp_path, others) == [["list", 7], ["create", 7, BODY]]


def test_later_pushes_update_the_same_comment_found_by_its_marker(tmp_path: Path) -> None:
    comments = [
        {"id": 1, "user": {"type": "User"}, "body": f"{MARKER} quoted by a person"},
        {"id": 2, "user": {"type": "Bot"}, "body": f"{MARKER}\nold report"},
        {"id": 3, "user": {"type": "Bot"}, "body": "another bot"},
    ]
    assert run(tmp_path, comments) == [["list", 7], ["update", 2, BODY]]


def test_a_fork_gets_a_log_line_instead_of_a_failing_step(tmp_path: Path) -> None:
    calls = run(tmp_path, [], payload=payload(head="someone/models"))
    assert len(calls) == 1 and calls[0][0] == "notice" and "fork" in calls[0][1]


def test_a_token_that_may_not_comment_is_logged_not_fatal(tmp_path: Path) -> None:
    calls = run(tmp_path, [], forbidden=True)
    assert calls[-1][0] == "notice" and "may not comment" in calls[-1][1]


def test_the_comment_is_written_by_check_base_on_pull_requests_only() -> None:
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert data["permissions"]["pull-requests"] == "write"
    steps = data["jobs"]["check"]["steps"]
    (step,) = [s for s in steps if "--format markdown" in s.get("run", "")]
    assert '--base "origin/$BASE_REF"' in step["run"]
    assert "github.event_name == 'pull_request'" in step["if"] and "!cancelled()" in step["if"]
    assert "GITHUB_STEP_SUMMARY" in step["run"]  # forks see the report in the job summary
