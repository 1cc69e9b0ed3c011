"""The GitHub workflows lint clean, and run the project's own commands with the least permissions."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from support import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_workflows_match_the_github_schema():
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_the_security_audit():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_request_check_is_read_only_and_runs_the_same_checks():
    check = load(ROOT / ".github/workflows/check.yml")
    assert "pull_request" in check["on"]
    assert check["permissions"] == {"contents": "read"}
    runs = " ".join(step.get("run", "") for step in check["jobs"]["check"]["steps"])
    assert "make check" in runs and "make build" in runs and "make fmt" in runs
    assert "argmap tracked" in runs, "hand-edits of generated or cached files are rejected"
    assert "secrets." not in (ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8")


def test_deploy_publishes_on_pushes_to_main():
    deploy = load(ROOT / ".github/workflows/deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["jobs"]["deploy"]["steps"])


def test_pre_commit_runs_existing_make_targets():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert hooks
    for hook in hooks:
        target = hook["entry"].split()[-1]
        assert f"\n{target}:" in makefile, f"pre-commit runs make {target}, which the Makefile lacks"


def test_editor_settings_point_at_the_schemas():
    import json
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).exists()
    modeline = "# yaml-language-server: $schema=../../schema/node.schema.json"
    files = [p for p in (ROOT / "arguments").glob("*/*.yaml") if p.name != "essay.yaml"]
    assert all(p.read_text(encoding="utf-8").startswith(modeline) for p in files)


def test_no_generated_file_is_committed():
    result = subprocess.run(["git", "ls-files", "docs/nodes", "docs/essays", "docs/map", "docs/downloads",
                             "docs/index.md", "site"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        import pytest
        pytest.skip("not a git checkout")
    assert result.stdout == ""
