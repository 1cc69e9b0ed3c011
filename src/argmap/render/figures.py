"""Render stage: which diagrams the site shows, as plain data (name, title, DOT text), and the stacked
diagrams made of parts. The diagrams are named by render/keys.py, the one place the pages and this module
both take them from."""
from __future__ import annotations

from argmap.memo import Memo, remember, shown
from argmap.model import LANGS, section_members
from argmap.render import keys
from argmap.render.diagrams import Diagram, dot_source, overview_source
from argmap.render.urls import HOME_PATH, MAP_PATH, essay_path, map_file_link, node_path, rel, section_path
from argmap.validate import limits


def diagram_specs(project, graph, lang: str, strings: dict, memo: Memo | None = None, context: str = "") -> list[Diagram]:
    """Every diagram of one language. With a memo, a diagram's DOT is made again only when something it
    shows changed: the language's revision of one of its nodes, a relation from one of them, or ``context``
    (every input but the node files, and the interface strings)."""
    specs = []
    verdicts = strings[lang]["statuses"]
    by_essay = project.nodes_by_essay()

    def diagram(name, title, ids, url, **options):
        key = None if memo is None else ("dot", name, lang, context, title, options.get("more"),
                                          shown(project, graph, ids, lang))
        specs.append(Diagram(name, title, remember(
            memo, key, dot_source, project, graph, ids, lang, url, title, verdicts=verdicts, **options)))

    def part(name, essay, section, nodes, link, deep=True):
        members = section_members(essay, section.id) if deep else {section.id}
        own = {n.id for n in nodes if n.section in members}
        if not own:
            specs.append(Diagram(name, section.title.get(lang, section.id), ""))  # declared, nothing to draw
            return
        context = {e.target for n in own for e in graph.outgoing.get(n, ())} \
            | {e.premise for n in own for e in graph.outgoing.get(n, ()) if e.premise}
        title = section.title.get(lang, section.id)
        info = {"id": section.id, "title": title, "url": link(section_path(essay.id, section.id)), "members": own}
        diagram(name, title, own | context, lambda n: link(node_path(n)), essay_id=essay.id, part=info)

    def overview(name, title, essay, here, prefix=""):
        ids = [n.id for n in by_essay.get(essay.id, [])]
        key = None if memo is None else ("dot", name, lang, context, title, shown(project, graph, ids, lang))
        texts = {"nodes": strings[lang]["nodes_count"], "statuses": verdicts}
        specs.append(Diagram(name, title, remember(
            memo, key, overview_source, project, graph, essay.id, lang, lambda n: rel(here, node_path(n)),
            lambda s: rel(here, section_path(essay.id, s)), title, texts, prefix)))

    for node_id in sorted(project.nodes):
        node = project.nodes[node_id]
        here = node_path(node_id)
        shown_ids, hidden = neighbourhood(graph, node_id)
        diagram(keys.node(node_id, lang), f"{node.text('label', lang)} — {strings[lang]['neighbourhood']}",
                shown_ids, lambda n, h=here: rel(h, node_path(n)),
                more=strings[lang]["more_neighbours"].format(n=hidden) if hidden else None,
                focus=node_id, essay_id=node.essay)
    for essay in project.essays.values():
        nodes = by_essay.get(essay.id, [])
        here = essay_path(essay.id)
        # ids prefixed: the whole map, once loaded into the same page, has the boxes n-<id>
        overview(keys.overview(essay.id, lang), f"{essay.title(lang)} — {strings[lang]['overview']}", essay, here,
                 prefix="ov-")
        overview(keys.preview(essay.id, lang), f"{essay.title(lang)} — {strings[lang]['overview']}", essay,
                 HOME_PATH, prefix=f"{essay.id}-")
        # The whole map, one part per top-level section in the essay's order (see STACKS), in a file of its
        # own that the essay page loads when the reader asks for it: its links are relative to that file.
        whole = lambda path: map_file_link(lang, path)  # noqa: E731
        for section in essay.sections:
            if section.parent is None:
                part(keys.whole_part(essay.id, section.id, lang), essay, section, nodes, whole)
        for section in essay.sections:
            here = section_path(essay.id, section.id)
            members = section_members(essay, section.id)
            ids = {n.id for n in nodes if n.section in members}
            if not ids:
                specs.append(Diagram(keys.section(essay.id, section.id, lang), section.title.get(lang, section.id), ""))
                continue
            subs = [s for s in essay.sections if s.parent == section.id]
            link = lambda path, h=here: rel(h, path)  # noqa: E731
            if subs:  # stacked: the section's own nodes, then each subsection, in order
                part(keys.section_part(essay.id, section.id, None, lang), essay, section, nodes, link, deep=False)
                for sub in subs:
                    part(keys.section_part(essay.id, section.id, sub.id, lang), essay, sub, nodes, link)
                continue
            context_ids = {e.target for n in ids for e in graph.outgoing.get(n, ()) if e.kind == "supports"}
            diagram(keys.section(essay.id, section.id, lang), section.title.get(lang, section.id),
                    ids | context_ids, lambda n, h=here: rel(h, node_path(n)), essay_id=essay.id)
    cross = [e for e in graph.edges if project.nodes[e.source].essay != project.nodes[e.target].essay]
    ids = {e.source for e in cross} | {e.target for e in cross} | {e.premise for e in cross if e.premise}
    ids |= {essay.thesis for essay in project.essays.values() if essay.thesis in project.nodes}
    diagram(keys.combined(lang), strings[lang]["combined_map"], ids, lambda n: rel(MAP_PATH, node_path(n)),
            clusters="essay")
    return specs


def neighbourhood(graph, node_id: str, limit: int = limits.NEIGHBOURS) -> tuple[set, int]:
    """(the ids a node's neighbourhood diagram shows, how many neighbours it leaves out): the node, what it
    supports, attacks or undercuts, then the nodes that relate to it, at most ``limit`` besides itself, so
    that a node many others point at still gets a diagram of bounded size (the node's page lists them all)."""
    everything = graph.neighbours(node_id)
    if len(everything) <= limit:
        return {node_id} | everything, 0
    outgoing = {n for e in graph.outgoing.get(node_id, []) for n in (e.target, e.premise, *e.group) if n}
    ordered = sorted(everything, key=lambda n: (n not in outgoing, n))
    return {node_id, *ordered[:limit]}, len(everything) - limit


def stacks(project, lang: str, title) -> dict:
    """Diagrams made of parts (keys of the parts, in order): the whole map of each essay, and the map of
    each section with subsections. ``title(kind, essay, section)`` names each."""
    out = {}
    for essay in project.essays.values():
        out[keys.whole(essay.id, lang)] = (title("essay", essay, None), [
            keys.whole_part(essay.id, s.id, lang) for s in essay.sections if s.parent is None])
        for section in essay.sections:
            subs = [s for s in essay.sections if s.parent == section.id]
            if subs:
                out[keys.section(essay.id, section.id, lang)] = (title("section", essay, section), [
                    keys.section_part(essay.id, section.id, None, lang)]
                    + [keys.section_part(essay.id, section.id, s.id, lang) for s in subs])
    return out


def undrawn(project, graph, strings: dict) -> keys.Figures:
    """Every diagram the site declares, each without a drawing: pages rendered without Graphviz (the page
    tests) ask for exactly the names the real build declares, and an unknown name is still an error."""
    declared = {d.key for lang in LANGS for d in diagram_specs(project, graph, lang, strings)}
    for lang in LANGS:
        declared |= set(stacks(project, lang, lambda kind, essay, section: ""))
    return keys.Figures({}, declared)
