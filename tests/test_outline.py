"""The argument outline, the chain of claims, previous/next and the fact-check page, on the real project
and on the small fixture: every node exactly once, in the essay's order, each under the claim it serves."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap.link import graph as graph_stage
from argmap.link import outline
from argmap.load import loader
from argmap.model import LANGS, Essay, Node, Project, Section
from argmap.render.pages import Renderer
from argmap.validate import validation
from argmap.vocabulary import VERDICTS as STATUS_ORDER
from support import ROOT, undrawn

ROW = re.compile(r'<li class="am-o-row" id="o-([^"]+)" data-node="([^"]+)"')


def renderer_for(root: Path) -> Renderer:
    project, _ = loader.load_project(root)
    result = validation.validate(project)
    return Renderer(project, graph_stage.build(project), undrawn(project), result.coverage)


@pytest.fixture(scope="module")
def real() -> Renderer:
    return renderer_for(ROOT)


def rows(page: str) -> list[str]:
    found = ROW.findall(page)
    assert all(a == b for a, b in found)
    return [a for a, _ in found]


@pytest.mark.parametrize("lang", LANGS)
def test_every_node_of_each_essay_once_in_its_outline_in_essay_order(real, lang):
    project = real.project
    for essay_id, essay in project.essays.items():
        page = real.essay(essay_id, lang).content
        ids = rows(page)
        assert sorted(ids) == sorted(n.id for n in project.essay_nodes(essay_id)), essay_id
        assert len(ids) == len(set(ids))
        assert ids[0] == essay.thesis
        assert ids == real.outline(essay_id).order
        # Each section's thesis comes in the order of essay.yaml's sections.
        index = {s.id: i for i, s in enumerate(essay.sections)}
        theses = [i for i in ids if project.nodes[i].type == "thesis" and i != essay.thesis
                  and essay.section(project.nodes[i].section).parent is None]
        assert [index[project.nodes[i].section] for i in theses] == sorted(index[project.nodes[i].section] for i in theses)
        assert len(theses) >= 5


def test_rows_stand_under_their_first_claim_and_others_refer_to_them(real):
    project, graph = real.project, real.graph
    for essay_id in project.essays:
        tree = real.outline(essay_id)
        for node_id, up in tree.parent.items():
            if up is None:
                continue
            assert node_id in tree.children[up[0]]
            assert up == outline.place(project, graph, node_id)
        # A node with several claims in its essay is placed under the first and referred to from the rest.
        several = [i for i in tree.order if len({t for t, _ in outline.relations(graph, i)
                                                 if project.nodes[t].essay == essay_id}) > 1]
        assert several, essay_id
        for node_id in several:
            first = tree.parent[node_id][0]
            for target, kind in outline.relations(graph, node_id):
                if project.nodes[target].essay == essay_id and target != first:
                    assert (node_id, kind) in tree.references[target]


def test_section_outline_has_every_node_of_the_section_once(real):
    essay = real.project.essays["hegemony"]
    for section in essay.sections:
        page = real.section("hegemony", section.id, "en").content
        expected = {n.id for n in real.section_nodes("hegemony", section.id)}
        assert sorted(rows(page)) == sorted(expected), section.id


def test_mini_outline_places_attacks_and_refers_undercuts(mini):
    renderer = renderer_for(mini)
    tree = renderer.outline("mini")
    assert tree.roots == ["mini-thesis"]
    assert tree.children["mini-thesis"] == ["mini-debt", "mini-deficit", "mini-reserve"]  # paragraphs 2, 3, 4
    assert tree.parent["mini-reserve"] == ("mini-thesis", "attacks")
    assert tree.references["mini-debt"] == [("mini-reserve", "undercuts")]
    assert tree.order == ["mini-thesis", "mini-debt", "mini-deficit", "mini-reserve"]


def _node(node_id, section, paragraph, supports=(), kind="premise"):
    data = {"id": node_id, "type": kind, "essay": "e", "section": section, "origin": "essay",
            "label": {"en": node_id}, "supports": list(supports), "source": {"paragraph": paragraph, "quote": "x"}}
    return Node(node_id, f"arguments/e/{node_id}.yaml", data, {})


def test_a_cycle_and_an_unlinked_node_still_appear_once():
    project = Project(root=None)
    project.essays["e"] = Essay("e", "arguments/e/essay.yaml", {"id": "e", "thesis": "t"}, {},
                                [Section("one", "e", {"en": "1"}, None, 0), Section("two", "e", {"en": "2"}, None, 1)])
    for node in (_node("t", "two", 9, kind="thesis"), _node("a", "one", 1, ["b"]), _node("b", "one", 2, ["a"]),
                 _node("c", "two", 3, ["t"]), _node("lone", "one", 5)):
        project.nodes[node.id] = node
    tree = outline.build(project, graph_stage.build(project), "e")
    assert sorted(tree.order) == ["a", "b", "c", "lone", "t"]
    assert tree.order[:2] == ["t", "c"]
    assert tree.roots[0] == "t" and set(tree.roots[1:]) == {"a", "lone"}
    assert tree.references["b"] == [("a", "supports")]  # the cycle is cut where it was entered
    assert outline.chain(project, graph_stage.build(project), "c") == [("t", "supports")]
    assert outline.chain(project, graph_stage.build(project), "a") == [("b", "supports")]


@pytest.mark.parametrize("lang", LANGS)
def test_node_page_walks_to_the_main_thesis_and_to_its_neighbours(real, lang):
    page = real.node("ad-p1-nscai-roots", lang).content
    chain = page[page.index('<nav class="am-chain"'):page.index("</nav>", page.index('<nav class="am-chain"'))]
    links = re.findall(r'href="\.\./([^/"]+)/"', chain)
    assert links == ["ad-main-thesis", "ad-p1-thesis"]
    order = real.outline("ai-dollar").order
    at = order.index("ad-p1-nscai-roots")
    pager = page[page.index('<nav class="am-pager"'):]
    assert f'href="../{order[at - 1]}/" rel="prev"' in pager and f'href="../{order[at + 1]}/" rel="next"' in pager


def test_chain_says_when_a_claim_is_not_linked_to_the_main_thesis(mini, real):
    project, _ = loader.load_project(mini)
    for key in ("attacks", "undercuts"):
        project.nodes["mini-reserve"].data.pop(key)
    renderer = Renderer(project, graph_stage.build(project), undrawn(project), validation.validate(project).coverage)
    page = renderer.node("mini-reserve", "en").content
    assert "This claim is not linked to the essay&#39;s main thesis." in page
    assert renderer.outline("mini").roots == ["mini-thesis", "mini-reserve"]
    assert "Not linked to the main thesis" in renderer.essay("mini", "en").content
    assert "am-chain-note" not in real.node("hg-d1-thesis", "en").content
    assert '<nav class="am-chain"' not in real.node("hg-main-thesis", "en").content


@pytest.mark.parametrize("lang", LANGS)
def test_factcheck_page_lists_every_factcheck_grouped_by_verdict(real, lang):
    page = real.factchecks(lang).content
    expected = {n.id: n.factcheck["status"] for n in real.project.nodes.values() if isinstance(n.factcheck, dict)}
    listed = re.findall(r'<li class="am-fc s-(\w+)" id="fc-([^"]+)"', page)
    assert sorted(i for _, i in listed) == sorted(expected)
    assert all(expected[i] == status for status, i in listed)
    statuses = [status for status, _ in listed]
    assert statuses == sorted(statuses, key=STATUS_ORDER.index)
    assert {"incorrect", "disputed", "unverified", "supported"} <= set(statuses)
    for status in STATUS_ORDER:
        assert f"{{#{status}}}" in page


def test_outline_and_factcheck_page_escape_what_files_say(mini):
    renderer = renderer_for(mini)
    node = renderer.project.nodes["mini-deficit"]
    node.data["label"]["en"] = '<img src=x onerror="alert(1)"> *bold*'
    node.data["factcheck"]["note"]["en"] = "<script>alert(2)</script>"
    essay = renderer.essay("mini", "en").content
    checks = renderer.factchecks("en").content
    assert "<img" not in essay and "&lt;img src=x" in essay
    assert "<script>" not in checks and "&lt;script&gt;alert(2)&lt;/script&gt;" in checks
