"""The shared model: plain data passed from stage to stage (load → validate → link → render → export)."""
from __future__ import annotations

from dataclasses import dataclass, field

from argmap.load.yamlfile import line_of
from argmap.vocabulary import CHINESE, LANGS, NODE_TYPES, ORIGINS, RELATIONS  # noqa: F401  (re-exported)


@dataclass
class Support:
    target: str
    with_: tuple[str, ...] = ()
    origin: str = "essay"
    note: dict | None = None


@dataclass
class Attack:
    target: str
    origin: str = "essay"
    note: dict | None = None


@dataclass
class Undercut:
    premise: str
    conclusion: str
    origin: str = "essay"
    note: dict | None = None


def _listed(value) -> list:
    """A relation field's entries; a string or mapping where a list belongs is one wrong value (E203), not
    a list of its characters or keys."""
    return value if isinstance(value, list) else []


def _meta(item: dict) -> dict:
    origin = item.get("origin") if item.get("origin") in ORIGINS else "essay"
    note = item.get("note") if isinstance(item.get("note"), dict) else None
    return {"origin": origin, "note": note}


@dataclass
class Node:
    id: str
    path: str                     # shown path, relative to the project root
    data: dict                    # the file's data as loaded
    lines: dict                   # key path -> line
    folder: str = ""              # the essay folder the file is in
    stem: str = ""                # the file name without .yaml
    revision: str = ""            # a hash of the file's bytes
    revisions: dict = field(default_factory=dict)  # lang -> hash of what that language's output shows

    @property
    def type(self) -> str:
        return self.data.get("type", "")

    @property
    def essay(self) -> str:
        return self.data.get("essay", "")

    @property
    def section(self) -> str:
        return self.data.get("section", "")

    @property
    def origin(self) -> str:
        return self.data.get("origin", "")

    def text(self, key: str, lang: str) -> str:
        value = self.data.get(key) or {}
        return value.get(lang, "") if isinstance(value, dict) else ""

    @property
    def supports(self) -> list[Support]:
        result = []
        for item in _listed(self.data.get("supports")):
            if isinstance(item, str):
                result.append(Support(item))
            elif isinstance(item, dict):
                result.append(Support(str(item.get("target", "")), tuple(_listed(item.get("with"))), **_meta(item)))
        return result

    @property
    def attack_list(self) -> list[Attack]:
        result = []
        for item in _listed(self.data.get("attacks")):
            if isinstance(item, str):
                result.append(Attack(item))
            elif isinstance(item, dict):
                result.append(Attack(str(item.get("target", "")), **_meta(item)))
        return result

    @property
    def attacks(self) -> list[str]:
        return [a.target for a in self.attack_list]

    @property
    def undercuts(self) -> list[Undercut]:
        return [Undercut(str(u.get("premise", "")), str(u.get("conclusion", "")), **_meta(u))
                for u in _listed(self.data.get("undercuts")) if isinstance(u, dict)]

    @property
    def source(self) -> dict | None:
        return self.data.get("source")

    @property
    def factcheck(self) -> dict | None:
        return self.data.get("factcheck")

    def line(self, *path) -> int:
        return line_of(self.lines, tuple(path))


@dataclass
class Section:
    id: str
    essay: str
    title: dict
    parent: str | None
    order: int


@dataclass
class Essay:
    id: str
    path: str
    data: dict
    lines: dict
    sections: list[Section] = field(default_factory=list)

    @property
    def thesis(self) -> str:
        return self.data.get("thesis", "")

    @property
    def order(self) -> int:
        return self.data.get("order", 0)

    def title(self, lang: str) -> str:
        return (self.data.get("title") or {}).get(lang, self.id)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def line(self, *path) -> int:
        return line_of(self.lines, tuple(path))


@dataclass
class Project:
    """Everything loaded from arguments/ and sources/."""
    root: object
    essays: dict = field(default_factory=dict)     # id -> Essay
    nodes: dict = field(default_factory=dict)      # id -> Node
    sources: dict = field(default_factory=dict)    # id -> sources.Source
    glossary: list = field(default_factory=list)   # list of term dicts
    glossary_lines: dict = field(default_factory=dict)
    overrides: list = field(default_factory=list)  # list of (zh-Hans, zh-Hant, line)
    standing: list = field(default_factory=list)   # standing overrides (zh-standing-overrides.tsv), the same shape
    conversion_unknown: bool = False  # a conversion table could not be read: no text can be checked against OpenCC
    vocabulary: list = field(default_factory=list)  # Taiwan vocabulary: list of (mainland, Taiwan, line)
    duplicates: list = field(default_factory=list) # nodes whose id was already taken
    glossary_data: object = None
    unreadable: dict = field(default_factory=dict)  # file name stem -> path of node files that could not be read
    revision: str = ""     # a hash of every input but the node files: essays, sources, glossary, overrides

    def essay_nodes(self, essay_id: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.essay == essay_id]

    def nodes_by_essay(self) -> dict:
        """essay id -> its nodes, in load order: one pass over the nodes (essay_nodes in a loop over the
        essays would be one pass per essay)."""
        result: dict = {}
        for node in self.nodes.values():
            result.setdefault(node.essay, []).append(node)
        return result


def section_members(essay, section_id: str) -> set:
    """A section's id and those of all the sections below it (parent chains are acyclic: E804)."""
    wanted = {section_id}
    changed = True
    while changed:
        changed = False
        for section in essay.sections:
            if section.parent in wanted and section.id not in wanted:
                wanted.add(section.id)
                changed = True
    return wanted
