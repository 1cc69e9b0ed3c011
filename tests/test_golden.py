"""Golden files of rendered output in each language: node pages (with their chain of claims and previous /
next), the essay page with its outline, the fact-check page, the source page and a DOT file.

Regenerate after an intended change with `pytest tests/test_golden.py --update-goldens`, then review
the diff of tests/golden/ like any other change.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from argmap.link import graph as graph_stage
from argmap.load import loader
from argmap.model import LANGS
from argmap.render.figures import diagram_specs
from argmap.render.pages import Renderer
from argmap.validate import validation
from support import undrawn

GOLDEN = Path(__file__).resolve().parent / "golden"


def rendered(root):
    project, _ = loader.load_project(root)
    result = validation.validate(project)
    graph = graph_stage.build(project)
    renderer = Renderer(project, graph, undrawn(project, graph), result.coverage)
    specs = {d.key: d for lang in LANGS for d in diagram_specs(project, graph, lang, renderer.strings)}
    # Pages are compared with a placeholder for each SVG: Graphviz's own output is not ours to pin.
    renderer.svgs = {key: f"<svg><!-- {key} --></svg>" for key in specs}
    return renderer, specs


def check(name: str, text: str, update: bool):
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {name}: run pytest --update-goldens"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: review, then pytest --update-goldens"


@pytest.mark.parametrize("lang", LANGS)
def test_node_page(mini, lang, update_goldens):
    renderer, _ = rendered(mini)
    page = renderer.node("mini-debt", lang)
    check(f"node-mini-debt.{lang}.md", page.content, update_goldens)


@pytest.mark.parametrize("lang", LANGS)
def test_node_diagram_dot(mini, lang, update_goldens):
    _, specs = rendered(mini)
    check(f"node-mini-thesis.{lang}.dot", specs[f"node/mini-thesis/{lang}"].dot, update_goldens)


@pytest.mark.parametrize("lang", LANGS)
def test_source_page(mini, lang, update_goldens):
    renderer, _ = rendered(mini)
    check(f"source-mini.{lang}.md", renderer.source("mini", lang).content, update_goldens)


@pytest.mark.parametrize("lang", LANGS)
def test_essay_page_with_outline(mini, lang, update_goldens):
    renderer, _ = rendered(mini)
    check(f"essay-mini.{lang}.md", renderer.essay("mini", lang).content, update_goldens)


@pytest.mark.parametrize("lang", LANGS)
def test_factcheck_page(mini, lang, update_goldens):
    renderer, _ = rendered(mini)
    check(f"factchecks-mini.{lang}.md", renderer.factchecks(lang).content, update_goldens)


@pytest.mark.parametrize("lang", LANGS)
def test_node_page_of_an_attack_with_its_chain(mini, lang, update_goldens):
    renderer, _ = rendered(mini)
    check(f"node-mini-reserve.{lang}.md", renderer.node("mini-reserve", lang).content, update_goldens)
