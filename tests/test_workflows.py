"""The GitHub workflows the repository ships, and the docs page that shows them."""

from __future__ import annotations

import re

import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as a boolean
    return data


def steps_using(data: dict, action: str) -> list[dict]:
    return [
        step
        for job in data["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith(action + "@")
    ]


def test_registry_check_runs_on_pull_requests_pushes_to_main_and_every_day():
    on = workflow("registry-check.yml")["on"]
    assert on["pull_request"] == {"paths": ["registry/**"]}
    assert on["push"] == {"branches": ["main"]}
    assert len(on["schedule"]) == 1 and "cron" in on["schedule"][0]


def test_registry_check_uploads_sarif_with_v4_and_the_permissions_it_needs():
    data = workflow("registry-check.yml")
    assert data["permissions"] == {
        "contents": "read",
        "actions": "read",
        "security-events": "write",
        "pull-requests": "write",
    }
    uploads = steps_using(data, "github/codeql-action/upload-sarif")
    assert [step["uses"] for step in uploads] == ["github/codeql-action/upload-sarif@v4"]


def test_the_pull_request_gate_is_limited_to_pull_requests_and_main_is_judged_whole():
    steps = workflow("registry-check.yml")["jobs"]["check"]["steps"]
    gates = {step["if"]: step["run"] for step in steps if step.get("name", "").startswith("Gate")}
    assert "--changed-since" in gates["${{ github.event_name == 'pull_request' }}"]
    assert "--changed-since" not in gates["${{ github.event_name != 'pull_request' }}"]


def test_pages_rebuilds_on_a_schedule_so_the_as_of_date_never_goes_stale():
    on = workflow("pages.yml")["on"]
    assert on["push"] == {"branches": ["main"]}
    assert len(on["schedule"]) == 1 and "cron" in on["schedule"][0]


def test_the_ci_docs_show_the_workflow_as_it_is():
    page = (REPO / "docs" / "usar-en-ci.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", page, re.DOTALL)
    shown = [b for b in blocks if b.startswith("# The CI gate") or "name: registry-check" in b]
    assert shown == [(WORKFLOWS / "registry-check.yml").read_text("utf-8")]
