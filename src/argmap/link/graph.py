"""Link stage: the relations in both directions, as plain data, for pages, diagrams and exports."""
from __future__ import annotations

from dataclasses import dataclass, field

from argmap.model import Project


@dataclass(frozen=True, eq=False)
class Edge:
    source: str            # the node that states the relation
    target: str            # the node it supports or attacks; for undercuts, the conclusion
    kind: str              # supports | attacks | undercuts
    premise: str = ""      # undercuts only: the premise whose inference is attacked
    group: tuple = ()      # supports only: all co-premises of a linked argument, sorted (incl. source)
    origin: str = "essay"  # who drew the relation
    note: object = None    # why it holds (a dict of texts), for editors' relations


@dataclass
class Graph:
    edges: list = field(default_factory=list)
    outgoing: dict = field(default_factory=dict)   # node id -> [Edge]
    incoming: dict = field(default_factory=dict)   # node id -> [Edge] (undercuts: on premise and conclusion)

    def neighbours(self, node_id: str) -> set:
        result = set()
        for edge in self.outgoing.get(node_id, []) + self.incoming.get(node_id, []):
            result.update({edge.source, edge.target} | ({edge.premise} if edge.premise else set()))
            result.update(edge.group)
        result.discard(node_id)
        return result


def build(project: Project) -> Graph:
    graph = Graph()
    nodes = project.nodes
    for node_id in sorted(nodes):
        node = nodes[node_id]
        for support in node.supports:
            if support.target not in nodes:
                continue
            group = tuple(sorted({node.id, *[c for c in support.with_ if c in nodes]}))
            graph.edges.append(Edge(node.id, support.target, "supports", group=group if len(group) > 1 else (),
                                    origin=support.origin, note=support.note))
        for attack in node.attack_list:
            if attack.target in nodes:
                graph.edges.append(Edge(node.id, attack.target, "attacks", origin=attack.origin, note=attack.note))
        for undercut in node.undercuts:
            if undercut.premise in nodes and undercut.conclusion in nodes:
                graph.edges.append(Edge(node.id, undercut.conclusion, "undercuts", premise=undercut.premise,
                                        origin=undercut.origin, note=undercut.note))
    # Co-premises: a linked argument is one group even if only some members list the others.
    groups: dict = {}
    for edge in graph.edges:
        if edge.kind == "supports" and edge.group:
            groups.setdefault(edge.target, []).append(set(edge.group))
    merged = {}
    for target, sets in groups.items():
        result: list = []
        for members in sets:
            for other in result:
                if other & members:
                    other |= members
                    break
            else:
                result.append(set(members))
        merged[target] = result
    final = []
    for edge in graph.edges:
        if edge.kind == "supports" and edge.target in merged:
            for members in merged[edge.target]:
                if edge.source in members:
                    edge = Edge(edge.source, edge.target, "supports", group=tuple(sorted(members)),
                                origin=edge.origin, note=edge.note)
        final.append(edge)
    graph.edges = final
    for edge in graph.edges:
        graph.outgoing.setdefault(edge.source, []).append(edge)
        graph.incoming.setdefault(edge.target, []).append(edge)
        if edge.premise:
            graph.incoming.setdefault(edge.premise, []).append(edge)
    return graph
