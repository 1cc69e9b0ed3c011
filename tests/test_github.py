"""The pull-request check talks to the contributor: annotations on the file and line, a job summary, and no
text of a pull request can start a workflow command."""
from __future__ import annotations

import re

import yaml

from argmap import github
from argmap.__main__ import main
from argmap.problems import Problem, problem
from support import FIXTURES, ROOT, make_project


def test_messages_and_properties_are_escaped_as_the_runner_unescapes_them():
    assert github.escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_no_data_can_start_a_workflow_command():
    hostile = "x\n::error file=README.md,line=1::fake\n::stop-commands::tok\r\n::add-mask::y"
    found = problem("arguments/mini/mini-debt.yaml", 3, "E303", what="target", target=hostile, guess="")
    line = github.annotation(found)
    assert line == ("::error file=arguments/mini/mini-debt.yaml,line=3,title=E303::target 'x\\n::error file=README.md"
                    ",line=1::fake\\n::stop-commands::tok\\r\\n::add-mask::y' does not exist — check the id, or create "
                    "the node (make new)")
    assert "\n" not in line and "\r" not in line
    # a file name is a property: its colon and comma are escaped too, and control characters shown
    legacy = Problem("arguments/a,b:c\n::warning::d.yaml", 1, "E806", "100% wrong\n::stop-commands::x", "")
    assert github.annotation(legacy) == ("::error file=arguments/a%2Cb%3Ac\\n%3A%3Awarning%3A%3Ad.yaml,line=1,"
                                         "title=E806::100%25 wrong\\n::stop-commands::x")


def test_check_prints_annotations_and_a_job_summary(tmp_path, capsys):
    root = make_project(tmp_path, FIXTURES / "cases" / "E303-unknown-target" / "overlay")
    summary = tmp_path / "summary.md"
    assert main(["--root", str(root), "--lang", "en", "check", "--format", "github", "--summary", str(summary)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "::error file=arguments/mini/mini-debt.yaml,line=16,title=E303::target 'mini-nowhere' does not exist — did "
        "you mean 'mini-thesis'? (or create the node: make new)",
    ]
    assert summary.read_text(encoding="utf-8").splitlines() == [
        "## Argument files",
        "",
        "checked 4 nodes in 1 essays: 1 errors, 0 warnings",
        "",
        "| Essay | Argumentative paragraphs quoted | Coverage |",
        "| --- | ---: | ---: |",
        "| mini | 3/3 | 100.0% |",
        "",
        "| File and line | Code | Problem and how to fix it |",
        "| --- | --- | --- |",
        "| arguments/mini/mini-debt.yaml:16 | E303 | target 'mini-nowhere' does not exist — did you mean "
        "'mini-thesis'? (or create the node: make new) |",
    ]


def test_job_summary_cells_cannot_break_the_table_or_inject_html():
    found = Problem("arguments/a|b.yaml", 1, "E806", "<img src=x onerror=alert(1)> | x\ny", "")
    text = github.job_summary([found], [], 1, 1)
    assert "<img" not in text and "&lt;img" in text
    assert "a\\|b.yaml" in text and "\\| x\\ny" in text


def test_summary_in_chinese(tmp_path, capsys):
    root = make_project(tmp_path)
    summary = tmp_path / "summary.md"
    assert main(["--root", str(root), "--lang", "zh-Hant", "check", "--format", "github", "--summary", str(summary)]) == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## 論證檔案\n\n已檢查 1 篇文章的 4 個節點：0 個錯誤，0 個警告\n")
    assert "| 文章 | 已引用的論證段落 | 涵蓋率 |" in text


def load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_the_workflow_annotates_tests_builds_and_uploads_the_site():
    check = load(ROOT / ".github/workflows/check.yml")
    steps = check["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "make check FORMAT=github" in runs
    assert "make test-fast" in runs
    assert "sh scripts/setup-system.sh" in runs, "one list of system packages (requirements/system.txt)"
    assert not any("apt-get" in run for run in runs)
    upload = [step for step in steps if "upload-artifact" in step.get("uses", "")]
    assert len(upload) == 1 and re.fullmatch(r"actions/upload-artifact@[0-9a-f]{40}", upload[0]["uses"])
    assert upload[0]["with"]["path"] == "site/"
    assert runs.index("make build") < steps.index(upload[0])
    assert "scripts/setup-system.sh" in (ROOT / ".ci/run").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(ARGMAP) check $(if $(FORMAT),--format $(FORMAT))" in makefile
