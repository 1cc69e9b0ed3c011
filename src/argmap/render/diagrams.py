"""Diagrams: DOT text from the model (pure), and SVG from Graphviz's `dot` (cached by content hash).

Node classes (``t-<type>``, ``o-<origin>``, ``focus``, ``foreign``) and edge classes (``r-<relation>``)
let the site's CSS recolour everything for Material's light and dark schemes; the colours written into
the DOT are the light-scheme defaults, so an exported SVG reads on its own too.
"""
from __future__ import annotations

import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from argmap.link.graph import Graph
from argmap.model import Essay, Project
from argmap.paths import seal
from argmap.render.labels import wrap
from argmap.validate.limits import NEIGHBOURHOOD_EDGES
from argmap.vocabulary import VERDICT_ICONS, essays_in_order

# Graphviz measures text with the first font it finds (a CJK font must be installed for Chinese: see
# scripts/setup-system.sh); the browser draws with the first the reader has.
FONTS = {"en": "DejaVu Sans,Verdana,Arial,sans-serif",
         "zh-Hans": "WenQuanYi Micro Hei,Noto Sans CJK SC,PingFang SC,Microsoft YaHei,sans-serif",
         "zh-Hant": "WenQuanYi Micro Hei,Noto Sans CJK TC,PingFang TC,Microsoft JhengHei,sans-serif"}
FILL = {"thesis": "#dbe8fb", "premise": "#ffffff", "evidence": "#eef6e8",
        "counterargument": "#fde8e6", "rebuttal": "#f3ebfb"}
STROKE = {"thesis": "#1f5fbf", "premise": "#5b6b7c", "evidence": "#3c7d2a",
          "counterargument": "#c0392b", "rebuttal": "#7b3fb5"}
EDGE = {"supports": "#3c7d2a", "attacks": "#c0392b", "undercuts": "#c0392b"}
# Types told apart without colour: a shape each (the legend draws the same shapes).
SHAPE = {"thesis": ("box", "rounded,filled", 2), "premise": ("box", "rounded,filled", 1),
         "evidence": ("note", "filled", 1), "counterargument": ("box", "filled,diagonals", 1),
         "rebuttal": ("octagon", "filled", 1)}
# Fact-check verdicts: a symbol and a word on the box's first line, and a border colour (class v-<status>).
VERDICT_COLOUR = {"incorrect": "#b3261e", "disputed": "#b85c00"}


@dataclass(frozen=True)
class Diagram:
    key: str        # a stable name, e.g. "node/ad-main-thesis/en"
    title: str      # the accessible title
    dot: str


@lru_cache(maxsize=1 << 17)  # pure; the same labels and tooltips recur in every diagram a node is in
def _q(text: str) -> str:
    """A DOT double-quoted string: escape backslash and quote; newlines become centred line breaks."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _label(node, lang: str, columns: int) -> str:
    return _wrapped(node.text("label", lang) or node.id, columns)


@lru_cache(maxsize=1 << 16)
def _wrapped(text: str, columns: int) -> str:
    # A node's label is drawn in its own diagram and in each neighbour's: wrap it once.
    return "\n".join(wrap(text, columns, max_lines=4))


def dot_source(project: Project, graph: Graph, node_ids, lang: str, url, title: str,
               focus: str | None = None, clusters: str | None = None, essay_id: str | None = None,
               columns: int = 22, verdicts: dict | None = None, part: dict | None = None,
               more: str | None = None) -> str:
    """DOT for the nodes ``node_ids`` and every relation among them.

    ``url(node_id)`` gives each box's link; ``clusters`` = "top" groups nodes by top-level section,
    "all" by section within section; ``essay_id`` marks nodes of other essays as foreign; ``verdicts``
    (fact-check status -> its name) writes a checked claim's verdict on its box, after its symbol.
    ``part`` = {"id", "title", "url", "members"}: one part of a map stacked section by section (see
    stack): the members are drawn in one cluster titled and linked to their section; the other nodes are
    context, with ids of their own so that a node's id names its box in its own section only.
    """
    ids = sorted(set(node_ids))
    present = set(ids)
    font = FONTS.get(lang, FONTS["en"])
    lines = [
        f"digraph {_q(title)} {{",
        f"  graph [rankdir=LR, bgcolor=transparent, fontname={_q(font)}, fontsize=12, nodesep=0.25, "
        f"ranksep=0.45, tooltip={_q(title)}, label=\"\", newrank=true];",
        f"  node [shape=box, style=\"rounded,filled\", fontname={_q(font)}, fontsize=12, margin=\"0.12,0.06\", "
        "penwidth=1.2];",
        "  edge [penwidth=1.3, arrowsize=0.7];",
    ]

    node_line = partial(_node_line, project, lang=lang, url=url, columns=columns, focus=focus, essay_id=essay_id,
                        verdicts=verdicts, part=part)

    # The essay's main thesis stays outside the section clusters, at the end of every argument: kept in a
    # cluster, it pulls its section out of the essay's order.
    root = project.essays[essay_id].thesis if clusters in ("top", "all") and essay_id in project.essays else None
    root = root if root in present else None
    orders: list = []   # sibling clusters, in the essay's order: [(anchor ids, sink)]

    if part:
        lines.append(f"  subgraph {_q('cluster_' + part['id'])} {{")
        lines.append(f"    graph [label={_bold(part['title'], 48)}, class=\"cluster part\", style=\"rounded,dashed\", "
                     f"color=\"#8a9bb0\", fontcolor=\"#44546a\", labeljust=l, margin=12, fontsize=14, "
                     f"id={_q('c-' + part['id'])}, URL={_q(part['url'])}, target=\"_top\", tooltip={_q(part['title'])}];")
        for node_id in ids:
            if node_id in part["members"]:
                lines.append(node_line(node_id, "    "))
        lines.append("  }")
        for node_id in ids:
            if node_id not in part["members"]:
                lines.append(node_line(node_id, "  "))
    elif clusters == "essay":
        order: list = []
        orders.append((order, None))
        for essay in essays_in_order(project):
            own = [n for n in ids if project.nodes[n].essay == essay.id]
            if not own:
                continue
            lines.append(f"  subgraph {_q('cluster_' + essay.id)} {{")
            lines.append(f"    graph [label={_bold(essay.title(lang), 44)}, class=\"cluster\", style=\"rounded,dashed\", "
                         f"color=\"#8a9bb0\", fontcolor=\"#44546a\", labeljust=l, margin=12, id={_q('c-' + essay.id)}];")
            lines.append(_anchor(essay.id, "    "))
            order.append(essay.id)
            for node_id in own:
                lines.append(node_line(node_id, "    "))
            lines.append("  }")
    elif clusters and essay_id in project.essays:
        _section_clusters(project, graph, project.essays[essay_id], ids, clusters, root, lang, node_line, lines,
                          orders)
    else:
        for node_id in ids:
            lines.append(node_line(node_id, "  "))

    lines += _order_lines(orders)
    lines += _relation_lines(graph, ids, present, focus)
    if more:  # a bounded neighbourhood says what it leaves out (figures.neighbourhood)
        lines.append(f"  \"+more\" [shape=plaintext, style=\"\", class=\"more\", label={_q(more)}];")
        if focus:
            lines.append(f"  {_q(focus)} -> \"+more\" [style=invis];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _anchor(cluster_id: str, indent: str) -> str:
    return (f"{indent}{_q('~' + cluster_id)} [style=invis, shape=point, width=0, height=0, label=\"\", "
            "class=\"anchor\"];")


def _node_line(project: Project, node_id: str, indent: str, *, lang: str, url, columns: int, focus: str | None,
               essay_id: str | None, verdicts: dict | None, part: dict | None) -> str:
    """One node's DOT line (see dot_source for the arguments)."""
    node = project.nodes[node_id]
    classes = [f"t-{node.type}", f"o-{node.origin}"]
    if node_id == focus:
        classes.append("focus")
    foreign = bool(essay_id and node.essay != essay_id)
    if foreign:
        classes.append("foreign")
    status = _status(node)
    label = _label(node, lang, columns)
    if status and status in VERDICT_ICONS:
        classes.append(f"v-{status}")
        word = (verdicts or {}).get(status, status)
        label = f"{VERDICT_ICONS[status]} {word}\n{label}"
    shape, style, peripheries = SHAPE.get(node.type, SHAPE["premise"])
    # Added by an editor: dashed; from the other essay (stated there): dotted.
    if node.origin != "essay":
        style += ",dashed"
    elif foreign:
        style += ",dotted"
    attrs = {
        "label": label,
        "URL": url(node_id), "target": "_top",
        "tooltip": node.text("statement", lang)[:300] or node_id,
        "class": " ".join(classes), "id": f"n-{node_id}",
        "fillcolor": FILL.get(node.type, "#ffffff"),
        "color": VERDICT_COLOUR.get(status or "", STROKE.get(node.type, "#5b6b7c")),
        "shape": shape, "style": style,
    }
    extra = f", peripheries={peripheries}" if peripheries != 1 else ""
    if node_id == focus:
        extra += ", penwidth=2.6"
    elif status in VERDICT_COLOUR:
        extra += ", penwidth=2"
    if part and node_id not in part["members"]:
        attrs["id"] = f"x-{part['id']}-{node_id}"
        attrs["class"] += " context"
    body = ", ".join(f"{k}={_q(v)}" for k, v in attrs.items())
    return f"{indent}{_q(node_id)} [{body}{extra}];"


def _section_clusters(project: Project, graph: Graph, essay: Essay, ids: list, clusters: str, root, lang: str,
                      node_line, lines: list, orders: list) -> None:
    """The clusters of an essay's sections ("top": top-level sections, "all": section within section),
    appended to ``lines``; each level's sibling clusters, in the essay's order, appended to ``orders``."""
    present = set(ids)
    members: dict = {}
    for node_id in ids:
        node = project.nodes[node_id]
        if node.essay == essay.id:
            members.setdefault(node.section, []).append(node_id)
    children: dict = {}
    for section in essay.sections:
        children.setdefault(section.parent, []).append(section)

    def emit(section, indent, order):
        inner = [s for s in children.get(section.id, []) if clusters == "all"]
        own = members.get(section.id, [])
        if clusters == "top":
            for sub in _descendants(children, section.id):
                own = own + members.get(sub.id, [])
        own = [n for n in own if n != root]
        if not own and not any(_has_members(members, children, s) for s in inner):
            return
        lines.append(f"{indent}subgraph {_q('cluster_' + section.id)} {{")
        lines.append(f"{indent}  graph [label={_bold(section.title.get(lang, section.id), 40)}, class={_q('cluster')}, style=\"rounded,dashed\", "
                     f"color=\"#8a9bb0\", fontcolor=\"#44546a\", labeljust=l, margin=12, "
                     f"id={_q('c-' + section.id)}];")
        lines.append(_anchor(section.id, indent + "  "))
        order.append(section.id)
        for node_id in own:
            lines.append(node_line(node_id, indent + "  "))
        inner_order: list = []
        for sub in inner:
            emit(sub, indent + "  ", inner_order)
        if len(inner_order) > 1:
            orders.append((inner_order, _sink(graph, own, members, children, inner, present)))
        lines.append(f"{indent}}}")

    top: list = []
    for section in children.get(None, []):
        emit(section, "  ", top)
    orders.append((top, root))


def _order_lines(orders: list) -> list[str]:
    """DOT that keeps sibling clusters in the essay's order (``orders``: [(cluster ids, sink)])."""
    lines: list[str] = []
    # Sibling clusters in the essay's order: an invisible anchor in each, all in one rank, chained by
    # invisible edges (a flat edge puts its tail above its head in a left-to-right layout), and joined to
    # the node the clusters lead to, so that the anchors sit in the last column rather than the first.
    for order, sink in orders:
        if len(order) < 2:
            continue
        names = [_q("~" + c) for c in order]
        lines.append("  {rank=same; " + "; ".join(names) + "}")
        lines.append("  " + " -> ".join(names) + " [style=invis];")
        if sink:
            for name in names:
                lines.append(f"  {name} -> {_q(sink)} [style=invis];")
    return lines


def _relation_lines(graph: Graph, ids: list, present: set, focus: str | None) -> list[str]:
    """DOT for every relation among ``present`` (a bounded neighbourhood keeps the focus's own first)."""
    lines: list[str] = []
    joints: set = set()

    def joint_for(premise: str, conclusion: str) -> str:
        for other in graph.outgoing.get(premise, []):
            if other.kind == "supports" and other.target == conclusion and other.group \
                    and all(m in present for m in other.group):
                return "j-" + "+".join(other.group) + "--" + conclusion
        return f"j-{premise}--{conclusion}"

    # graph.edges is ordered by source id (graph.build), so the outgoing edges of the sorted ids are the
    # edges whose source is present, in graph.edges order: O(edges drawn), not O(all edges), per diagram.
    drawn = [e for node_id in ids for e in graph.outgoing.get(node_id, ())]
    if focus and len(drawn) > NEIGHBOURHOOD_EDGES:  # a bounded neighbourhood: the focus's own relations first
        own = [e for e in drawn if focus in (e.source, e.target, e.premise)]
        rest = [e for e in drawn if focus not in (e.source, e.target, e.premise)]
        keep = {id(e) for e in own + rest[:max(0, NEIGHBOURHOOD_EDGES - len(own))]}
        drawn = [e for e in drawn if id(e) in keep]
    for edge in drawn:
        colour = EDGE[edge.kind]
        if edge.kind == "undercuts":
            if edge.target not in present or edge.premise not in present:
                continue
            joint = joint_for(edge.premise, edge.target)
            joints.add(joint)
            lines.append(f"  {_q(edge.source)} -> {_q(joint)} [class=\"r-undercuts\", color=\"{colour}\", "
                         "style=dashed, arrowhead=tee];")
            continue
        if edge.target not in present:
            continue
        if edge.kind == "supports" and edge.group and all(m in present for m in edge.group):
            joint = "j-" + "+".join(edge.group) + "--" + edge.target
            joints.add(joint)
            lines.append(f"  {_q(edge.source)} -> {_q(joint)} [class=\"r-supports r-linked\", color=\"{colour}\", "
                         "arrowhead=none];")
            continue
        joint = f"j-{edge.source}--{edge.target}"
        if edge.kind == "supports" and any(e.kind == "undercuts" and e.premise == edge.source
                                           and e.target == edge.target and e.source in present
                                           for e in graph.incoming.get(edge.source, ())):
            joints.add(joint)
            lines.append(f"  {_q(edge.source)} -> {_q(joint)} [class=\"r-supports\", color=\"{colour}\", "
                         "arrowhead=none];")
            continue
        arrow = "normal" if edge.kind == "supports" else "tee"
        style = ", style=dotted, penwidth=1.8" if edge.origin != "essay" else ""
        editor = " o-editor" if edge.origin != "essay" else ""
        lines.append(f"  {_q(edge.source)} -> {_q(edge.target)} [class=\"r-{edge.kind}{editor}\", color=\"{colour}\", "
                     f"arrowhead={arrow}{style}];")
    for joint in sorted(joints):
        target = joint.rsplit("--", 1)[1]
        lines.append(f"  {_q(joint)} [shape=point, width=0.09, class=\"joint\", color=\"#3c7d2a\", label=\"\"];")
        lines.append(f"  {_q(joint)} -> {_q(target)} [class=\"r-supports\", color=\"#3c7d2a\", arrowhead=normal];")
    return lines


def overview_source(project: Project, graph: Graph, essay_id: str, lang: str, node_url, section_url,
                    title: str, texts: dict, id_prefix: str = "") -> str:
    """DOT for an essay's overview: the main thesis and one box per top-level section, in the essay's order
    top to bottom, each with the section's title, its thesis, how many nodes it holds and how many of its
    claims a fact-check found incorrect or disputed. A section's box links to its page.

    ``texts``: "nodes" (a format string with {n}) and "statuses" (status -> name). ``id_prefix`` keeps
    element ids unique when two overviews share a page (the home page)."""
    essay = project.essays[essay_id]
    font = FONTS.get(lang, FONTS["en"])
    root = essay.thesis if essay.thesis in project.nodes else None
    children: dict = {}
    for section in essay.sections:
        children.setdefault(section.parent, []).append(section)
    by_section: dict = {}
    for node in project.nodes.values():
        if node.essay == essay_id:
            by_section.setdefault(node.section, []).append(node)
    lines = [
        f"digraph {_q(title)} {{",
        f"  graph [rankdir=LR, bgcolor=transparent, fontname={_q(font)}, fontsize=12, nodesep=0.18, "
        f"ranksep=0.5, tooltip={_q(title)}, label=\"\"];",
        f"  node [shape=box, style=\"rounded,filled\", fontname={_q(font)}, fontsize=12, margin=\"0.14,0.07\", "
        "penwidth=1.2];",
        "  edge [penwidth=1.3, arrowsize=0.7];",
    ]
    boxes = []
    for section in children.get(None, []):
        nodes = [n for s in [section] + list(_descendants(children, section.id)) for n in by_section.get(s.id, [])]
        nodes = [n for n in nodes if n.id != root]
        if not nodes:
            continue
        theses = sorted((n for n in nodes if n.type == "thesis" and n.section == section.id), key=lambda n: n.id) \
            or sorted((n for n in nodes if n.type == "thesis"), key=lambda n: n.id)
        head = theses[0] if theses else None
        statuses = [_status(n) for n in nodes]
        counts = [texts["nodes"].format(n=len(nodes))]
        for status in ("incorrect", "disputed"):
            if statuses.count(status):
                counts.append(f"{VERDICT_ICONS[status]} {statuses.count(status)} {texts['statuses'][status]}")
        name = _html(section.title.get(lang, section.id), 30)
        thesis = _html(head.text("label", lang) or head.id, 30) if head else ""
        label = (f'<<B>{name}</B>' + (f'<BR/><BR/>{thesis}' if thesis else "")
                 + f'<BR/><BR/><FONT POINT-SIZE="11">{_html(" · ".join(counts), 40)}</FONT>>')
        box = f"{id_prefix}s-{section.id}"
        tooltip = (head.text("statement", lang) if head else "")[:300] or section.title.get(lang, section.id)
        lines.append(f"  {_q(box)} [label={label}, URL={_q(section_url(section.id))}, target=\"_top\", "
                     f"tooltip={_q(tooltip)}, id={_q(box)}, class=\"section\", "
                     f"fillcolor=\"#ffffff\", color=\"#5b6b7c\"];")
        boxes.append((box, nodes))
    if root:
        node = project.nodes[root]
        lines.append(f"  {_q(id_prefix + 'n-' + root)} [label={_q(_label(node, lang, 22))}, URL={_q(node_url(root))}, "
                     f"target=\"_top\", tooltip={_q(node.text('statement', lang)[:300] or root)}, "
                     f"id={_q(id_prefix + 'n-' + root)}, class=\"t-thesis o-{node.origin}\", peripheries=2, "
                     f"fillcolor={_q(FILL['thesis'])}, color={_q(STROKE['thesis'])}];")
        for box, nodes in boxes:
            ids = {n.id for n in nodes}
            kinds = {e.kind for n in ids for e in graph.outgoing.get(n, ()) if e.target == root}
            kind = "supports" if "supports" in kinds or not kinds else sorted(kinds)[0]
            style = "" if kinds else ", style=invis"
            arrow = "normal" if kind == "supports" else "tee"
            lines.append(f"  {_q(box)} -> {_q(id_prefix + 'n-' + root)} [class=\"r-{kind}\", color={_q(EDGE[kind])}, "
                         f"arrowhead={arrow}{style}];")
    if len(boxes) > 1:  # top to bottom in the essay's order (a flat edge puts its tail first)
        lines.append("  {rank=same; " + "; ".join(_q(b) for b, _ in boxes) + "}")
        lines.append("  " + " -> ".join(_q(b) for b, _ in boxes) + " [style=invis];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _bold(text: str, columns: int) -> str:
    """A cluster's title as an HTML-like label in bold: Graphviz then measures the bold text the page draws."""
    return "<<B>" + _html(text, columns, align='<BR ALIGN="LEFT"/>') + '<BR ALIGN="LEFT"/></B>>'


def _html(text: str, columns: int, align: str = "<BR/>") -> str:
    """Text for a Graphviz HTML-like label: wrapped, escaped, lines joined by <BR/>."""
    import html
    return align.join(html.escape(line, quote=False) for line in wrap(text, columns, max_lines=4))


def _status(node) -> str | None:
    factcheck = node.factcheck if isinstance(node.factcheck, dict) else None
    return factcheck.get("status", "unverified") if factcheck else None


def _sink(graph: Graph, own, members, children, inner, present) -> str | None:
    """The node sibling clusters lead to: of the parent's own nodes, the one most of their relations point
    at (a section's thesis, supported by its subsections)."""
    inside = {n for sub in inner for d in [sub] + list(_descendants(children, sub.id)) for n in members.get(d.id, [])}
    counts: dict = {}
    for node_id in inside:
        for edge in graph.outgoing.get(node_id, ()):
            if edge.target in own and edge.target in present:
                counts[edge.target] = counts.get(edge.target, 0) + 1
    return max(sorted(counts), key=lambda n: counts[n]) if counts else None


def _descendants(children, section_id):
    """Every section below ``section_id``, depth first, each once: no recursion, no loop on a cycle."""
    seen, stack = {section_id}, list(reversed(children.get(section_id, [])))
    while stack:
        sub = stack.pop()
        if sub.id in seen:
            continue
        seen.add(sub.id)
        yield sub
        stack.extend(reversed(children.get(sub.id, [])))


def _has_members(members, children, section) -> bool:
    return bool(members.get(section.id)) or any(members.get(s.id) for s in _descendants(children, section.id))


# --------------------------------------------------------------------------- rendering

_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_SPLIT = re.compile(r"^(?=<\?xml )", re.M)
# In a batch, Graphviz 2.x prefixes the generated ids of every graph after the first with its "page"
# ("page0,1_graph0"); dropping the prefix makes each SVG identical to a separate run's.
_BATCH_ID = re.compile(r'(\sid="(?:a_)?)page\d+,\d+_')
BATCH = 48                 # graphs per `dot` process
BATCH_BYTES = 256 * 1024   # ... unless they are big
_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
CLEANING = "2"             # bump when _clean changes: it is part of the cache key


def _clean(svg: str, title: str) -> str:
    svg = _PROLOG.sub("", svg, count=1)
    svg = _COMMENT.sub("", svg)
    # Accessible name for the whole diagram (the graph's own <title> would be the DOT name). A group, not
    # an image: an image's children are hidden from screen readers, and the boxes are links to reach.
    svg = svg.replace("<svg ", f'<svg role="group" aria-label={_attr(title)} ', 1)
    # SVG 2 links: Chromium (156) no longer exposes <a xlink:href> as a link to assistive technology.
    svg = svg.replace(' xlink:href="', ' href="')
    return svg.strip() + "\n"


def _attr(text: str) -> str:
    import html
    return '"' + html.escape(text, quote=True) + '"'


_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.S)
_SIZE = re.compile(r'\bviewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')
_GENERATED_ID = re.compile(r'(\sid=")((?:a_)?(?:graph|node|edge|clust)\d+")')
GAP = 18  # points between two stacked parts


def stack(svgs: list[str], title: str) -> str:
    """One SVG made of several, one under the other in the given order (a map drawn section by section:
    Graphviz does not keep clusters in a given order). Graphviz's generated ids (graph0, edge3, ...) are
    made unique per part; the node ids (n-<id>) are unique already (see dot_source's ``part``)."""
    parts, width, y = [], 0.0, 0.0
    for index, svg in enumerate(s for s in svgs if s):
        opening = _SVG_OPEN.search(svg)
        size = _SIZE.search(opening.group(0)) if opening else None
        if opening is None or size is None:
            continue
        w, h = float(size.group(3)), float(size.group(4))
        body = svg[opening.end():svg.rindex("</svg>")]
        body = _GENERATED_ID.sub(rf"\g<1>p{index}-\g<2>", body)
        parts.append(f'<g class="part" transform="translate(0 {y:g})">{body}</g>')
        width = max(width, w)
        y += h + GAP
    height = max(0.0, y - GAP)
    return (f'<svg role="group" aria-label={_attr(title)} width="{width:g}pt" height="{height:g}pt" '
            f'viewBox="0 0 {width:g} {height:g}" xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink">\n'
            + "\n".join(parts) + "\n</svg>\n")


def dot_version() -> str:
    try:
        result = subprocess.run(["dot", "-V"], capture_output=True, text=True, timeout=30)
        return (result.stderr or result.stdout).strip()
    except (OSError, subprocess.SubprocessError):
        return ""


@lru_cache(maxsize=1 << 15)
def _read_cached(path: Path) -> str:
    """A cached SVG: its file name is the hash of what made it, so its text never changes and can be kept
    in memory (mkdocs serve then reads each file once, not at every rebuild)."""
    return path.read_text(encoding="utf-8")


class Renderer:
    """Runs `dot -Tsvg`, caching SVGs by the hash of the DOT text and the Graphviz version."""

    def __init__(self, cache: Path, workers: int = 4):
        self.cache = Path(cache)
        self.workers = workers
        self.version = dot_version()
        self.rendered = 0
        self.reused = 0

    def _path(self, dot: str) -> Path:
        # Keyed with the machine's secret (paths.seal): a file committed under .cache/diagrams/ with a name
        # computed from the DOT text is never taken for this machine's rendering.
        digest = seal((self.version + "\0" + CLEANING + "\0" + dot).encode("utf-8"))
        return self.cache / digest[:2] / f"{digest}.svg"

    def _render_one(self, diagram: Diagram, path: Path) -> str:
        result = subprocess.run(["dot", "-Tsvg"], input=diagram.dot.encode("utf-8"), capture_output=True,
                                timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"dot failed for {diagram.key}: {result.stderr.decode('utf-8', 'replace')[:500]}")
        return self._store(path, _clean(result.stdout.decode("utf-8"), diagram.title))

    def _render_batch(self, batch: list) -> list[str]:
        """One `dot` process for several graphs: starting `dot` costs far more than laying out a small graph.
        Falls back to one process per graph when the batch fails, so an error names its diagram."""
        if len(batch) > 1:
            result = subprocess.run(["dot", "-Tsvg"], input="".join(d.dot for d, _ in batch).encode("utf-8"),
                                    capture_output=True, timeout=300 + 10 * len(batch))
            parts = _SPLIT.split(result.stdout.decode("utf-8")) if result.returncode == 0 else []
            parts = [p for p in parts if p.strip()]
            if len(parts) == len(batch):
                return [self._store(path, _clean(_BATCH_ID.sub(r"\1", part), d.title))
                        for (d, path), part in zip(batch, parts)]
        return [self._render_one(d, path) for d, path in batch]

    def _store(self, path: Path, svg: str) -> str:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.stem}.{threading.get_ident()}.tmp")
        temp.write_text(svg, encoding="utf-8")
        temp.replace(path)
        return svg

    def render(self, diagrams: list[Diagram], memo=None) -> dict:
        """key -> SVG text, rendering the uncached ones in batches, in parallel. With a memo.Memo, the SVG
        of a DOT text seen in the last run is taken from it, without hashing or reading the cache."""
        if not self.version:
            raise RuntimeError("Graphviz `dot` was not found: install it (Debian: apt-get install graphviz), "
                               "or run make setup")
        if memo is not None:
            known = {d.key: memo.find(("svg", self.version, d.dot)) for d in diagrams}
            missing = [d for d in diagrams if known[d.key] is None]
            fresh = self.render(missing) if missing else {}
            for diagram in missing:
                memo.store(("svg", self.version, diagram.dot), fresh[diagram.key])
            self.reused += len(diagrams) - len(missing)
            return {d.key: known[d.key] if known[d.key] is not None else fresh[d.key] for d in diagrams}
        paths = [self._path(d.dot) for d in diagrams]
        by_path: dict = {}
        todo: list = []
        for diagram, path in zip(diagrams, paths):
            if path in by_path:
                continue
            by_path[path] = None
            if path.exists():
                self.reused += 1
            else:
                todo.append((diagram, path))
        self.reused += len(diagrams) - len(by_path)
        self.rendered += len(todo)
        # Batches small enough to keep every worker busy. A graph with clusters leaves state behind in
        # Graphviz that changes the layout of the next clustered graph, so each batch holds at most one,
        # first; big graphs (whole maps) end a batch early.
        size = max(1, min(BATCH, -(-len(todo) // self.workers)))
        leaders = [item for item in todo if "subgraph" in item[0].dot]
        batches: list = []
        current: list = []
        weight = 0
        for item in (item for item in todo if "subgraph" not in item[0].dot):
            if current and (len(current) >= size or weight + len(item[0].dot) > BATCH_BYTES):
                batches.append(current)
                current, weight = [], 0
            current.append(item)
            weight += len(item[0].dot)
        if current:
            batches.append(current)
        batches = [[leader] + (batches[i] if i < len(batches) else []) for i, leader in enumerate(leaders)] \
            + batches[len(leaders):]
        rendering = {path for _, path in todo}
        reads = [path for path in by_path if path not in rendering]
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for batch, svgs in zip(batches, pool.map(self._render_batch, batches)):
                for (_, path), svg in zip(batch, svgs):
                    by_path[path] = svg
            for path, svg in zip(reads, pool.map(_read_cached, reads)):
                by_path[path] = svg
        return {d.key: by_path[path] for d, path in zip(diagrams, paths)}
