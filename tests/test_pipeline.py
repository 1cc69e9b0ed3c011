"""The pipeline as one named list of steps: check and generate run the same first steps, so they accept and
refuse the same projects; diagram names come from one module, and a name nobody declared is an error."""
from __future__ import annotations

import io

import pytest

from argmap import pipeline
from argmap.convert.conversion import Converter
from argmap.link import graph as graph_stage
from argmap.load import loader
from argmap.render import keys
from argmap.render.pages import Renderer
from argmap.validate import validation
from support import make_project, undrawn


def test_generate_runs_the_named_steps_in_order_and_check_runs_the_first_of_them(tmp_path):
    root = make_project(tmp_path)
    outcome = pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache", lang="en")
    assert outcome.ok
    assert list(outcome.timings) == ["load", "validate", "link", "diagrams", "pages", "write", "export"]
    assert [step.__name__ for step in pipeline.CHECK] == ["load", "validate"]


def test_what_check_refuses_the_build_refuses_too(tmp_path):
    """A file in a generated folder that the generator did not write (no manifest entry): `make check` said
    E810 while the build went on and left it in the site. Both refuse it now."""
    root = make_project(tmp_path)
    assert pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache", lang="en").ok
    stray = root / "docs" / "nodes" / "notes.md"
    stray.write_text("my notes\n", encoding="utf-8")
    _, problems, _ = pipeline.check(root)
    assert [(p.path, p.code) for p in problems if p.is_error] == [("docs/nodes/notes.md", "E810")]
    log = io.StringIO()
    outcome = pipeline.generate(root, log=log, cache=tmp_path / "cache", lang="en")
    assert not outcome.ok
    assert "docs/nodes/notes.md:1: E810" in log.getvalue()
    assert stray.read_text(encoding="utf-8") == "my notes\n"


def test_an_undeclared_diagram_is_an_error_not_an_empty_figure(tmp_path):
    project, _ = loader.load_project(make_project(tmp_path))
    graph = graph_stage.build(project)
    result = validation.validate(project)
    figures = undrawn(project, graph)
    assert figures[keys.node("mini-thesis", "en")] == ""           # declared, drawn or not
    with pytest.raises(keys.UnknownDiagram, match="node/mini-nowhere/en"):
        figures[keys.node("mini-nowhere", "en")]
    declared = set(figures.declared)
    declared.discard(keys.node("mini-thesis", "en"))
    renderer = Renderer(project, graph, keys.Figures({}, declared), result.coverage)
    with pytest.raises(keys.UnknownDiagram):
        renderer.node("mini-thesis", "en")
    assert renderer.node("mini-debt", "en").content


def test_validation_leaves_a_kept_converter_as_it_was(tmp_path):
    """The memo keeps one Converter between serve's runs; validate() used to clear its record of the
    overrides used. It keeps its own record now, and two runs give the same problems."""
    project, _ = loader.load_project(make_project(tmp_path))
    converter = Converter(project.overrides, project.vocabulary)
    converter.convert("债务1.2万亿", "zh-Hant")  # uses the fixture's override 万亿 → 兆 (line 2)
    before = set(converter.used)
    assert before == {("万亿", "兆", 2)}
    first = validation.validate(project, converter=converter)
    assert converter.used == before
    second = validation.validate(project, converter=converter)
    assert [p.format() for p in first.problems] == [p.format() for p in second.problems]
