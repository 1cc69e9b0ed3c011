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
from functools import lru_cache
from pathlib import Path

from .graph import Graph
from .labels import wrap
from .limits import NEIGHBOURHOOD_EDGES
from .paths import seal
from .model import Project
from .vocabulary import essays_in_order

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
               columns: int = 22, more: str | None = None) -> str:
    """DOT for the nodes ``node_ids`` and every relation among them.

    ``url(node_id)`` gives each box's link; ``clusters`` = "top" groups nodes by top-level section,
    "all" by section within section; ``essay_id`` marks nodes of other essays as foreign.
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

    def node_line(node_id: str, indent: str) -> str:
        node = project.nodes[node_id]
        classes = [f"t-{node.type}", f"o-{node.origin}"]
        if node_id == focus:
            classes.append("focus")
        if essay_id and node.essay != essay_id:
            classes.append("foreign")
        attrs = {
            "label": _label(node, lang, columns),
            "URL": url(node_id), "target": "_top",
            "tooltip": node.text("statement", lang)[:300] or node_id,
            "class": " ".join(classes), "id": f"n-{node_id}",
            "fillcolor": FILL.get(node.type, "#ffffff"), "color": STROKE.get(node.type, "#5b6b7c"),
        }
        extra = ""
        if node_id == focus:
            extra += ", penwidth=2.6"
        if node.origin != "essay" or (essay_id and node.essay != essay_id):
            extra += ", style=\"rounded,filled,dashed\""
        body = ", ".join(f"{k}={_q(v)}" for k, v in attrs.items())
        return f"{indent}{_q(node_id)} [{body}{extra}];"

    if clusters == "essay":
        for essay in essays_in_order(project):
            own = [n for n in ids if project.nodes[n].essay == essay.id]
            if not own:
                continue
            title_lines = "\n".join(wrap(essay.title(lang), 44))
            lines.append(f"  subgraph {_q('cluster_' + essay.id)} {{")
            lines.append(f"    graph [label={_q(title_lines)}, class=\"cluster\", style=\"rounded,dashed\", "
                         f"color=\"#8a9bb0\", fontcolor=\"#44546a\", labeljust=l, margin=12, id={_q('c-' + essay.id)}];")
            for node_id in own:
                lines.append(node_line(node_id, "    "))
            lines.append("  }")
    elif clusters and essay_id in project.essays:
        essay = project.essays[essay_id]
        members: dict = {}
        for node_id in ids:
            node = project.nodes[node_id]
            if node.essay == essay_id:
                members.setdefault(node.section, []).append(node_id)
        children: dict = {}
        for section in essay.sections:
            children.setdefault(section.parent, []).append(section)
        placed = set()

        def emit(section, indent):
            inner = [s for s in children.get(section.id, []) if clusters == "all"]
            own = members.get(section.id, [])
            if clusters == "top":
                for sub in _descendants(children, section.id):
                    own = own + members.get(sub.id, [])
            if not own and not any(_has_members(members, children, s) for s in inner):
                return
            title_lines = "\n".join(wrap(section.title.get(lang, section.id), 40))
            lines.append(f"{indent}subgraph {_q('cluster_' + section.id)} {{")
            lines.append(f"{indent}  graph [label={_q(title_lines)}, class={_q('cluster')}, style=\"rounded,dashed\", "
                         f"color=\"#8a9bb0\", fontcolor=\"#44546a\", labeljust=l, margin=12, "
                         f"id={_q('c-' + section.id)}];")
            for node_id in own:
                lines.append(node_line(node_id, indent + "  "))
                placed.add(node_id)
            for sub in inner:
                emit(sub, indent + "  ")
            lines.append(f"{indent}}}")

        for section in children.get(None, []):
            emit(section, "  ")
        for node_id in ids:
            if node_id not in placed:
                lines.append(node_line(node_id, "  "))
    else:
        for node_id in ids:
            lines.append(node_line(node_id, "  "))

    joints = set()

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
        style = ", style=dashed" if edge.origin != "essay" else ""
        editor = " o-editor" if edge.origin != "essay" else ""
        lines.append(f"  {_q(edge.source)} -> {_q(edge.target)} [class=\"r-{edge.kind}{editor}\", color=\"{colour}\", "
                     f"arrowhead={arrow}{style}];")
    for joint in sorted(joints):
        target = joint.rsplit("--", 1)[1]
        lines.append(f"  {_q(joint)} [shape=point, width=0.09, class=\"joint\", color=\"#3c7d2a\", label=\"\"];")
        lines.append(f"  {_q(joint)} -> {_q(target)} [class=\"r-supports\", color=\"#3c7d2a\", arrowhead=normal];")
    if more:  # a bounded neighbourhood says what it leaves out (generator.neighbourhood)
        lines.append(f"  \"+more\" [shape=plaintext, style=\"\", class=\"more\", label={_q(more)}];")
        if focus:
            lines.append(f"  {_q(focus)} -> \"+more\" [style=invis];")
    lines.append("}")
    return "\n".join(lines) + "\n"


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
        by_path, todo = {}, []
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
        batches, current, weight = [], [], 0
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
        fresh = {path for _, path in todo}
        reads = [path for path in by_path if path not in fresh]
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for batch, svgs in zip(batches, pool.map(self._render_batch, batches)):
                for (_, path), svg in zip(batch, svgs):
                    by_path[path] = svg
            for path, svg in zip(reads, pool.map(_read_cached, reads)):
                by_path[path] = svg
        return {d.key: by_path[path] for d, path in zip(diagrams, paths)}
