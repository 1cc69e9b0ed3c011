"""The reading structure of an essay, as plain data: every node placed once in a tree under the claim it
serves, in the essay's order. The outline on essay, section and combined pages, the chain of claims on a
node page and its previous/next links all come from here.

A node's place (its *parent*) is the first claim it relates to in its own essay: the first `supports`
target, else the first `attacks` target, else the premise whose inference it undercuts. Its other
relations become *references*: rows under those other claims that point to the node's place. Children
follow the essay: the order of essay.yaml's sections, then the reading order within a section (paragraph,
then type). Nodes that no path links to the main thesis (or that only reach one another in a cycle) form
further trees after it, in essay order.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from argmap.vocabulary import RELATIONS, reading_order

KINDS = RELATIONS


@dataclass
class Outline:
    essay: str
    roots: list = field(default_factory=list)       # node ids: the main thesis first, then unlinked trees
    children: dict = field(default_factory=dict)    # node id -> [node id], in essay order
    parent: dict = field(default_factory=dict)      # node id -> (parent id, relation kind) or None
    references: dict = field(default_factory=dict)  # claim id -> [(node id, kind)]: relations that are not a place
    order: list = field(default_factory=list)       # every node of the essay once, in outline (reading) order
    depth: dict = field(default_factory=dict)       # node id -> 0 for a root


def relations(graph, node_id: str) -> list:
    """(claim id, kind) of every relation a node states, supports first, then attacks, then undercuts
    (an undercut points at the premise whose inference it attacks), each in the file's order."""
    out = graph.outgoing.get(node_id, [])
    return [(e.premise if kind == "undercuts" else e.target, kind) for kind in KINDS for e in out if e.kind == kind]


def place(project, graph, node_id: str) -> tuple | None:
    """(parent id, kind): the first claim of the node's own essay that it relates to, or None."""
    essay = project.nodes[node_id].essay
    for target, kind in relations(graph, node_id):
        if target != node_id and target in project.nodes and project.nodes[target].essay == essay:
            return target, kind
    return None


def build(project, graph, essay_id: str, nodes=None) -> Outline:
    """The outline of an essay (``nodes``: its nodes, when the caller has them indexed)."""
    essay = project.essays[essay_id]
    nodes = nodes if nodes is not None else project.essay_nodes(essay_id)
    section_index = {s.id: i for i, s in enumerate(essay.sections)}

    def key(node_id):
        node = project.nodes[node_id]
        return (section_index.get(node.section, len(section_index)), reading_order(node))

    ids = sorted((n.id for n in nodes), key=key)
    outline = Outline(essay_id)
    members = set(ids)
    for node_id in ids:
        outline.parent[node_id] = place(project, graph, node_id)
        outline.children[node_id] = []
    for node_id in ids:
        up = outline.parent[node_id]
        if up is not None:
            outline.children[up[0]].append(node_id)
        for target, kind in relations(graph, node_id):
            if target in members and target != node_id and (up is None or (target, kind) != up):
                outline.references.setdefault(target, []).append((node_id, kind))
    # Relations from the other essay's nodes to this one's claims are references too.
    for node_id in ids:
        for edge in graph.incoming.get(node_id, []):
            source = edge.source
            claim = edge.premise if edge.kind == "undercuts" else edge.target
            if claim == node_id and source in project.nodes and project.nodes[source].essay != essay_id:
                outline.references.setdefault(node_id, []).append((source, edge.kind))
    for claim in outline.references:
        outline.references[claim] = sorted(dict.fromkeys(outline.references[claim]), key=lambda r: key(r[0]))

    def walk(root):
        stack = [(root, 0)]
        while stack:
            node_id, depth = stack.pop()
            if node_id in outline.depth:
                continue
            outline.depth[node_id] = depth
            outline.order.append(node_id)
            stack.extend((c, depth + 1) for c in reversed(outline.children[node_id]) if c not in outline.depth)

    main = essay.thesis if essay.thesis in members else None
    starts = ([main] if main else []) + [i for i in ids if outline.parent[i] is None and i != main]
    for root in starts:
        outline.roots.append(root)
        walk(root)
    for node_id in ids:  # in a cycle: no root reaches it; the cycle is cut where it is entered
        if node_id not in outline.depth:
            up = outline.parent[node_id]
            outline.children[up[0]] = [c for c in outline.children[up[0]] if c != node_id]
            outline.references.setdefault(up[0], []).append((node_id, up[1]))
            outline.parent[node_id] = None
            outline.roots.append(node_id)
            walk(node_id)
    return outline


def chain(project, graph, node_id: str) -> list:
    """[(claim id, kind by which the claim below it relates to it)] from the node's parent up to the top
    of its tree (the main thesis when a path leads there): the node's chain of claims."""
    result, seen = [], {node_id}
    up = place(project, graph, node_id)
    while up is not None and up[0] not in seen:
        result.append(up)
        seen.add(up[0])
        up = place(project, graph, up[0])
    return result
