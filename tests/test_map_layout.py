"""The maps of the real project, laid out by the real Graphviz: sections in the essay's order, every
fact-checked claim marked with its verdict's symbol and word, editor relations drawn unlike undercuts.

Graphviz does not keep clusters in a given order (hegemony's whole map came out D2, D3, D4, Summary,
D5, D1), so the whole map and the maps of sections with subsections are stacked one part per section
(diagrams.stack), and the overview orders its boxes with flat edges (no clusters)."""
from __future__ import annotations

import html
import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from argmap.link import graph as graph_stage
from argmap.load import loader
from argmap.model import LANGS
from argmap.render.diagrams import VERDICT_ICONS, Renderer, stack
from argmap.render.figures import diagram_specs, stacks
from argmap.render.pages import load_strings

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def real():
    project, _ = loader.load_project(ROOT)
    graph = graph_stage.build(project)
    strings = load_strings()
    specs = {d.key: d for lang in LANGS for d in diagram_specs(project, graph, lang, strings)}
    return project, graph, strings, specs


@pytest.fixture(scope="module")
def svgs(tmp_path_factory):
    project, _, strings, specs = real()
    wanted = [d for k, d in specs.items() if k.startswith(("part/", "overview/", "combined/"))]
    # Graphviz writes "-" in ids as &#45;: read the SVG as a browser's DOM does
    return {k: html.unescape(v) for k, v in Renderer(tmp_path_factory.mktemp("svg")).render(wanted).items()}


def _translate_y(element: str) -> float:
    m = re.search(r'transform="translate\(0 ([-\d.]+)\)"', element)
    return float(m.group(1)) if m else 0.0


def _top_of(svg: str, element_id: str) -> float:
    """The top (smallest y, in the SVG's own units) of the shape in the element with this id, the part's
    offset included."""
    offset = 0.0
    at = svg.index(f'id="{element_id}"')
    part = svg.rfind('<g class="part"', 0, at)
    if part >= 0:
        offset = _translate_y(svg[part:svg.index(">", part)])
    graph = re.search(r'translate\(4 ([-\d.]+)\)', svg[max(part, 0):at])
    shift = float(graph.group(1)) if graph else 0.0
    shape = re.search(r'<(?:path|polygon)[^>]*?(?:d|points)="([^"]+)"', svg[at:])
    ys = [float(y) for y in re.findall(r"[ ,]([-\d.]+)(?=[ CLZ\"]|$)", " " + shape.group(1).replace("M", " ").replace("C", " "))]
    return offset + shift + min(ys)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("essay_id", ["hegemony", "ai-dollar"])
def test_the_whole_map_follows_the_essay_order(svgs, essay_id, lang):
    project, _, _, _ = real()
    essay = project.essays[essay_id]
    parts = stacks(project, lang, lambda *a: "t")[f"essay/{essay_id}/{lang}"][1]
    whole = stack([svgs[k] for k in parts], "t")
    top = [s.id for s in essay.sections if s.parent is None and f'id="c-{s.id}"' in whole]
    assert len(top) >= 5
    tops = [_top_of(whole, f"c-{s}") for s in top]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), list(zip(top, tops))
    # every node of the essay has exactly one box of its own (context boxes have other ids)
    ids = re.findall(r'id="n-([^"]+)"', whole)
    assert sorted(ids) == sorted(n.id for n in project.essay_nodes(essay_id))
    # Graphviz's own ids are unique across the parts
    generated = re.findall(r'id="((?:a_)?(?:p\d+-)?(?:graph|node|edge|clust)\d+)"', whole)
    assert len(generated) == len(set(generated))


@pytest.mark.parametrize("lang", LANGS)
def test_section_maps_with_subsections_follow_the_essay_order(svgs, lang):
    project, _, _, _ = real()
    checked = 0
    for key, (_, parts) in stacks(project, lang, lambda *a: "t").items():
        if not key.startswith("section/"):
            continue
        essay = project.essays[key.split("/")[1]]
        whole = stack([svgs[k] for k in parts if k in svgs], "t")
        order = [s.id for s in essay.sections if f'id="c-{s.id}"' in whole]
        tops = [_top_of(whole, f"c-{s}") for s in order]
        assert tops == sorted(tops), (key, list(zip(order, tops)))
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("essay_id", ["hegemony", "ai-dollar"])
def test_the_overview_lists_the_sections_in_order_with_counts(svgs, essay_id, lang):
    project, _, strings, _ = real()
    essay = project.essays[essay_id]
    svg = svgs[f"overview/{essay_id}/{lang}"]
    boxes = re.findall(r'<g id="ov-s-([^"]+)" class="node', svg)
    top_level = [s.id for s in essay.sections if s.parent is None]
    assert boxes and boxes == [s for s in top_level if s in boxes]
    tops = [_top_of(svg, f"ov-s-{s}") for s in boxes]
    assert tops == sorted(tops), list(zip(boxes, tops))
    assert f'id="ov-n-{essay.thesis}"' in svg
    # each box links to its section page and says how many nodes it holds
    for section in boxes:
        block = svg[svg.index(f'id="ov-s-{section}"'):]
        block = block[:block.index("</g>\n</g>")]
        assert f'href="{section}/"' in block
        members = {s.id for s in essay.sections if s.id == section or s.parent == section}
        count = sum(1 for n in project.essay_nodes(essay_id) if n.section in members and n.id != essay.thesis)
        assert strings[lang]["nodes_count"].format(n=count) in block


@pytest.mark.parametrize("lang", LANGS)
def test_the_combined_map_keeps_the_essays_in_order(svgs, lang):
    project, _, _, specs = real()
    out = subprocess.run(["dot", "-Tdot"], input=specs[f"combined/{lang}"].dot.encode(), capture_output=True,
                         check=True).stdout.decode()
    tops = {m.group(1): float(m.group(2)) for m in re.finditer(
        r'subgraph "?cluster_([^" ]+)"? \{\s*graph \[[^\]]*?bb="[-\d.]+,[-\d.]+,[-\d.]+,([-\d.]+)"', out, re.S)}
    order = [e.id for e in sorted(project.essays.values(), key=lambda e: (e.order, e.id))]
    assert [tops[e] for e in order] == sorted((tops[e] for e in order), reverse=True)  # dot's y grows upwards


def test_every_fact_checked_box_carries_its_verdict_mark():
    project, _, strings, specs = real()
    marked = 0
    for key, diagram in specs.items():
        lang = key.rsplit("/", 1)[1]
        if key.startswith(("overview/", "preview/")):
            continue
        for node_id, attrs in re.findall(r'^\s*"([^"~]+)" \[(label=.*)\];$', diagram.dot, re.M):
            node = project.nodes.get(node_id)
            if node is None:
                continue
            status = (node.factcheck or {}).get("status") if isinstance(node.factcheck, dict) else None
            label = re.match(r'label="((?:[^"\\]|\\.)*)"', attrs).group(1)
            if status:
                word = strings[lang]["statuses"][status]
                assert label.startswith(f"{VERDICT_ICONS[status]} {word}\\n"), (key, node_id, label)
                assert f"v-{status}" in attrs
                marked += 1
            else:
                assert not label.startswith(tuple(VERDICT_ICONS.values())), (key, node_id)
    assert marked > 300
    swap = specs["node/hg-d1-china-saudi-swap/zh-Hans"].dot
    assert 'label="✗ 有误\\n' in swap and "v-incorrect" in swap


def test_editor_relations_and_undercuts_look_different():
    project, graph, _, specs = real()
    combined = specs["combined/en"].dot
    editor = [line for line in combined.splitlines() if "o-editor" in line and "->" in line]
    assert editor and all("style=dotted" in line for line in editor)
    undercuts = [line for d in specs.values() for line in d.dot.splitlines() if 'class="r-undercuts' in line]
    assert undercuts and all("style=dashed" in line and "arrowhead=tee" in line for line in undercuts)
    # nodes: an editor's addition dashed, a node of the other essay dotted
    styles = {}
    for d in specs.values():
        if d.key.startswith("node/"):
            for origin, foreign, style in re.findall(
                    r'class="t-\w+ o-(\w+)(?: focus)?( foreign)?[^"]*"[^\]]*style="([^"]+)"', d.dot):
                styles.setdefault((origin, bool(foreign)), set()).add(style.rsplit(",", 1)[-1])
    assert styles[("essay", True)] == {"dotted"}   # from the other essay
    assert "dotted" not in styles[("essay", False)] and "dashed" not in styles[("essay", False)]
    assert all(s == {"dashed"} for (origin, _), s in styles.items() if origin != "essay")


def test_types_have_shapes():
    _, _, _, specs = real()
    dot = "\n".join(d.dot for k, d in specs.items() if k.startswith("part/essay/") and k.endswith("/en"))
    seen = dict(re.findall(r'class="t-(\w+)[^"]*"[^\]]*?shape="(\w+)"', dot))
    assert seen["evidence"] == "note" and seen["counterargument"] == "box" and seen["thesis"] == "box"
    assert re.search(r'class="t-thesis[^\]]*peripheries=2', dot)
    assert re.search(r'class="t-counterargument[^\]]*style="filled,diagonals', dot)
