"""Every validation rule: one failing fixture per error code, asserting the code and the line."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap import pipeline
from argmap.__main__ import main
from argmap.problems import CODES
from argmap.validate import schema
from support import FIXTURES, make_project

CASES = sorted(p for p in (FIXTURES / "cases").iterdir() if p.is_dir())


def problems_of(root: Path):
    _, problems, _ = pipeline.check(root, root / "seeds")
    return problems


def test_base_fixture_is_valid(mini):
    assert [p.format() for p in problems_of(mini)] == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_reports_its_code_at_its_line(tmp_path, case):
    root = make_project(tmp_path, case / "overlay")
    expected = (case / "expected").read_text(encoding="utf-8")
    path, line, code = re.match(r"(.*?):(\d+): (\S+)", expected).groups()
    problems = problems_of(root)
    found = [(p.path, p.line, p.code) for p in problems]
    assert (path, int(line), code) in found, f"expected {path}:{line}: {code}, got {found}"
    assert case.name.startswith(code)
    if " — " in expected:  # the complete output: every line, message and fix included
        assert [p.format() for p in sorted(set(problems))] == expected.splitlines()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_command_line_reports_without_traceback(tmp_path, case, capsys):
    root = make_project(tmp_path, case / "overlay")
    status = main(["--root", str(root), "check", "--seeds", str(root / "seeds")])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    code = case.name.split("-")[0]
    line = next(found for found in err.splitlines() if f": {code} " in found)
    assert " — " in line, "every message ends with how to fix it"


def test_every_error_code_has_a_fixture():
    covered = {case.name.split("-")[0] for case in CASES}
    errors = {code for code in CODES if code.startswith("E")}
    assert errors - covered == set()


def test_all_errors_are_collected_not_just_the_first(tmp_path):
    root = make_project(tmp_path)
    node = root / "arguments/mini/mini-debt.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("  - mini-thesis", "  - mini-nowhere")
                    .replace("quote: 因为债务不断增加", "quote: 不在原文里"), encoding="utf-8")
    codes = {p.code for p in problems_of(root)}
    assert {"E303", "E501"} <= codes


def test_in_progress_essay_reports_uncovered_paragraphs_as_warnings(tmp_path):
    root = make_project(tmp_path, FIXTURES / "cases" / "E505-uncovered" / "overlay")
    essay = root / "arguments/mini/essay.yaml"
    essay.write_text(essay.read_text(encoding="utf-8").replace("mapping: complete", "mapping: in-progress"),
                     encoding="utf-8")
    found = {(p.code, p.line) for p in problems_of(root)}
    assert ("W702", 1) in found and not any(code == "E505" for code, _ in found)


def test_unused_override_is_a_warning(tmp_path):
    root = make_project(tmp_path)
    with open(root / "arguments/zh-overrides.tsv", "a", encoding="utf-8") as stream:
        stream.write("进程\t進程\tcourse of events\n")
    found = [(p.code, p.line) for p in problems_of(root)]
    assert ("W701", 3) in found
    assert main(["--root", str(root), "check"]) == 0   # warnings do not fail the check


def test_the_glossary_may_outgrow_a_node_file(mini):
    """A node file is limited to 64 KiB (E108); the project-wide glossary grows with the maps (1 MiB)."""
    glossary = mini / "arguments" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    extra = "".join(f"  - {{id: term-{i}, zh-Hans: 术语{i}, zh-Hant: 術語{i}, en: term {i}}}\n" for i in range(2500))
    glossary.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")
    assert glossary.stat().st_size > 64 * 1024
    assert [p.format() for p in problems_of(mini) if p.code == "E108"] == []


@pytest.mark.parametrize("case", CASES + [FIXTURES / "hostile"], ids=[c.name for c in CASES] + ["hostile"])
def test_quick_schema_check_agrees_with_jsonschema(tmp_path, case):
    """schema.Schema answers yes/no with fastjsonschema and asks jsonschema for details only on "no":
    on every fixture both must agree, or a broken file could slip through."""
    from argmap.load import loader
    from support import ROOT
    root = make_project(tmp_path, case / "overlay")
    project, _ = loader.load_project(root)
    schemas = schema.load_schemas()
    items = [("essay", e.data) for e in project.essays.values()]
    items += [("node", n.data) for n in list(project.nodes.values()) + project.duplicates]
    if project.glossary_data is not None:
        items.append(("glossary", project.glossary_data))
    if case.name == "hostile":  # and the real maps
        real, _ = loader.load_project(ROOT)
        items += [("node", n.data) for n in real.nodes.values()] + [("essay", e.data) for e in real.essays.values()]
    for name, data in items:
        detailed = not list(schemas[name].detailed.iter_errors(data))
        assert schemas[name].is_valid(data) == detailed, (name, data.get("id") if isinstance(data, dict) else data)


OUTPUT_CASES = [c for c in CASES if (c / "output").exists()]


@pytest.mark.parametrize("case", OUTPUT_CASES, ids=[c.name for c in OUTPUT_CASES])
def test_case_reports_its_complete_output(tmp_path, case):
    """Cases with an `output` file: every line the case's code prints, message and fix included."""
    root = make_project(tmp_path, case / "overlay")
    code = case.name.split("-")[0]
    lines = [p.format() for p in sorted(set(problems_of(root))) if p.code == code]
    assert lines == (case / "output").read_text(encoding="utf-8").splitlines()


def test_taiwan_vocabulary_in_conversion(tmp_path):
    """make sync's converter: vocabulary after OpenCC both ways, longest term first, quotes untouched."""
    from argmap.convert.conversion import Converter
    from argmap.load import loader
    root = make_project(tmp_path, FIXTURES / "cases" / "E410-mainland-term" / "overlay")
    project, _ = loader.load_project(root)
    converter = Converter(project.overrides, project.vocabulary)
    hant = converter.convert("美联储担心通胀率；沙特阿拉伯与沙特；原话是“美联储”。", "zh-Hant")
    assert hant == "聯準會擔心通膨率；沙烏地阿拉伯與沙烏地阿拉伯；原話是「美聯儲」。"
    assert converter.convert("聯準會擔心通膨；沙烏地阿拉伯。", "zh-Hans") == "美联储担心通胀；沙特阿拉伯。"
    assert Converter(project.overrides).convert("美联储", "zh-Hant") == "美聯儲"  # OpenCC alone keeps it


def test_real_vocabulary_lines_are_reviewed_and_distinct():
    """arguments/zh-Hant-vocabulary.tsv: no line repeats a mainland term, and each Taiwan term
    converts back to its first mainland term (what make sync writes in zh-Hans)."""
    from argmap.convert.conversion import Converter
    from argmap.load import loader
    from support import ROOT
    project, problems = loader.load_project(ROOT)
    assert [p for p in problems if p.path.endswith("vocabulary.tsv")] == []
    mainland = [m for m, _, _ in project.vocabulary]
    assert len(mainland) == len(set(mainland))
    converter = Converter(project.overrides, project.vocabulary)
    first = {}
    for m, t, _ in project.vocabulary:
        first.setdefault(t, m)
    for m, t, _ in project.vocabulary:
        assert converter.convert(m, "zh-Hant") == t, m
        assert converter.convert(t, "zh-Hans") == first[t], t
