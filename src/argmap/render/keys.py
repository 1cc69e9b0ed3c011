"""Render stage: the name of every diagram, defined once.

figures.diagram_specs makes the diagrams under these names and the pages ask for them under the same names,
so the two cannot drift apart. ``Figures`` holds the SVG of each: a name that figures.py declared without a
drawing (a section with no nodes) gives an empty figure; a name it never declared is an error
(``UnknownDiagram``), never a silently empty figure.
"""
from __future__ import annotations


class UnknownDiagram(KeyError):
    """A page asked for a diagram that the diagram stage never declared: a bug in the generator."""

    def __str__(self) -> str:
        return (f"diagram {self.args[0]!r} was never declared by figures.diagram_specs: the pages and the "
                "diagrams disagree on what the site shows (render/keys.py names both)")


def node(node_id: str, lang: str) -> str:
    """A node's neighbourhood, on its page."""
    return f"node/{node_id}/{lang}"


def overview(essay_id: str, lang: str) -> str:
    """An essay's sections and how they connect, on its page."""
    return f"overview/{essay_id}/{lang}"


def preview(essay_id: str, lang: str) -> str:
    """The same overview, small, on the home page."""
    return f"preview/{essay_id}/{lang}"


def whole(essay_id: str, lang: str) -> str:
    """An essay's whole map, stacked from one part per top-level section (a file loaded on demand)."""
    return f"essay/{essay_id}/{lang}"


def whole_part(essay_id: str, section_id: str, lang: str) -> str:
    """One top-level section's part of an essay's whole map."""
    return f"part/essay/{essay_id}/{section_id}/{lang}"


def section(essay_id: str, section_id: str, lang: str) -> str:
    """A section's map, on its page (stacked from parts when it has subsections)."""
    return f"section/{essay_id}/{section_id}/{lang}"


def section_part(essay_id: str, section_id: str, sub_id: str | None, lang: str) -> str:
    """A part of a stacked section map: the section's own nodes (``sub_id`` None), then each subsection."""
    return f"part/section/{essay_id}/{section_id}/{sub_id or '-'}/{lang}"


def combined(lang: str) -> str:
    """The relations between the essays, on the map page."""
    return f"combined/{lang}"


class Figures(dict):
    """Diagram name -> SVG text. ``declared``: the names figures.py made or chose to leave empty."""

    def __init__(self, svgs: dict, declared: set):
        super().__init__(svgs)
        self.declared = set(declared) | set(svgs)

    def __missing__(self, key: str) -> str:
        if key in self.declared:
            return ""
        raise UnknownDiagram(key)

    def get(self, key, default=None):  # unknown names raise here too: no silent default
        return self[key]
