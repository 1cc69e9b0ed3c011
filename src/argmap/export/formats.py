"""Export stage: the maps in the formats argument tools read, and the whole data model as JSON.

Pure functions from the model and the linked graph to text, plus ``write_exports`` which writes the files
(only those whose content changed) into a folder that MkDocs copies into the site:

- AIF JSON as AIFdb and OVA use it (``<map>-<lang>.aif.json``): I-nodes for statements, one RA node per
  inference (co-premises of a linked argument share one), CA nodes for attacks and for undercuts (an
  undercut's CA points at the RA node it attacks), and AIF+ locutions: an L-node per statement, anchored by
  a YA "Asserting" node, spoken by the essay's author (the quote, in the essay's own script) or by the
  editors; editors' relations are anchored by an "Arguing" / "Disagreeing" YA node of the editors.
- Argdown (``<map>-<lang>.argdown``) for ``argdown map`` of @argdown/cli 1.7: sections as headings (groups),
  statements titled by node id, supports ``+>``, attacks ``->``; a linked argument, or a support that is
  undercut, becomes an argument ``<…>`` with a premise-conclusion structure, undercut with ``_>``.
- The data model (``argmap-data.json``): essays, sources, sections, nodes with all fields, the linked
  relations and the glossary, described by ``schema/export.schema.json`` (shipped beside it).

Every output is deterministic: ids derive from the data (not from counters or the clock), timestamps from
the essays' dates, keys are sorted; two builds of the same data are byte-identical.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from argmap import paths
from argmap.link.graph import Graph
from argmap.memo import remember, shown
from argmap.model import LANGS, Project
from argmap.vocabulary import essays_in_order, pick, reading_order
from argmap.write.output import write_if_changed

SCHEMA_DIR = paths.SCHEMA_DIR
DOWNLOADS = "downloads"          # docs-relative folder; MkDocs copies it into the site as it is
COMBINED = "combined"            # the file stem of the map of both essays
DATA_FILE = "argmap-data.json"
SCHEMA_FILE = "export.schema.json"
SHIPPED_SCHEMAS = ("export", "node", "essay", "glossary")
STRINGS = paths.STRINGS


# ---------------------------------------------------------------- the relations of one map
@dataclass(frozen=True)
class Inference:
    """A support: premises (co-premises of a linked argument, or one node) jointly support a conclusion."""
    premises: tuple
    conclusion: str
    origin: str = "essay"
    note: object = None

    @property
    def key(self) -> str:
        return "+".join(self.premises) + ">" + self.conclusion


@dataclass(frozen=True)
class Conflict:
    """An attack on a statement, or (inference set) an undercut of an inference."""
    source: str
    target: str = ""
    inference: Inference | None = None
    origin: str = "essay"
    note: object = None

    @property
    def key(self) -> str:
        return self.source + ">" + (self.inference.key if self.inference else self.target)


@dataclass
class Map:
    """The statements of one map and the relations among them."""
    name: str
    ids: list            # node ids, sorted
    essays: list         # essay ids, in reading order
    inferences: list
    attacks: list
    undercuts: list

    def undercut(self, inference: Inference) -> list:
        return [u for u in self.undercuts if u.inference == inference]

    def by_source(self) -> tuple[dict, dict, dict]:
        """(single-premise inferences by premise, attacks by source, undercuts by source), each in order:
        what a statement's relation lines need, found in O(1) rather than by scanning every relation."""
        supports: dict = {}
        attacks: dict = {}
        undercuts: dict = {}
        for inference in self.inferences:
            if len(inference.premises) == 1:
                supports.setdefault(inference.premises[0], []).append(inference)
        for conflict in self.attacks:
            attacks.setdefault(conflict.source, []).append(conflict)
        for conflict in self.undercuts:
            undercuts.setdefault(conflict.source, []).append(conflict)
        return supports, attacks, undercuts


def _strongest(origins) -> str:
    """A relation drawn jointly counts as the essay's only when every part of it is."""
    origins = set(origins)
    return next((o for o in ("editor", "contributor") if o in origins), "essay")


def build_map(project: Project, graph: Graph, name: str, ids) -> Map:
    scope = set(ids)
    essays = [e.id for e in essays_in_order(project)
              if any(project.nodes[i].essay == e.id for i in scope)]
    grouped: dict = {}
    for edge in graph.edges:
        if edge.kind != "supports" or edge.source not in scope or edge.target not in scope:
            continue
        premises = tuple(sorted(m for m in (edge.group or (edge.source,)) if m in scope))
        grouped.setdefault((premises, edge.target), []).append(edge)
    inferences = {}
    for (premises, target), edges in sorted(grouped.items()):
        notes = [e.note for e in edges if e.note]
        inferences[(premises, target)] = Inference(premises, target, _strongest(e.origin for e in edges),
                                                   notes[0] if notes else None)
    by_target: dict = {}  # conclusion -> its inferences, in order: the undercut lookup below is then O(1)
    for (premises, target), inference in inferences.items():
        by_target.setdefault(target, []).append((premises, inference))
    attacks: dict = {}
    undercuts: dict = {}
    for edge in graph.edges:
        if edge.kind == "attacks" and edge.source in scope and edge.target in scope:
            attacks.setdefault((edge.source, edge.target), Conflict(edge.source, edge.target, None, edge.origin,
                                                                    edge.note))
        elif edge.kind == "undercuts" and {edge.source, edge.premise, edge.target} <= scope:
            undercut = next((i for premises, i in by_target.get(edge.target, ()) if edge.premise in premises),
                            None)
            if undercut is not None:
                undercuts.setdefault((edge.source, undercut.key), Conflict(edge.source, edge.target, undercut,
                                                                           edge.origin, edge.note))
    return Map(name, sorted(scope), essays, list(inferences.values()),
               [attacks[k] for k in sorted(attacks)], [undercuts[k] for k in sorted(undercuts)])


def maps(project: Project, graph: Graph) -> list[Map]:
    """Each essay's map, then the map of both essays (every node and every relation, across essays too)."""
    by_essay = project.nodes_by_essay()
    result = [build_map(project, graph, essay.id, [n.id for n in by_essay.get(essay.id, [])])
              for essay in essays_in_order(project)]
    result.append(build_map(project, graph, COMBINED, list(project.nodes)))
    return result


def file_names(name: str) -> dict:
    """The download files of one map: {format: {lang: file name}}. The language is never the last suffix
    before the extension, so mkdocs-static-i18n treats the files as plain assets of the default language."""
    return {"aif": {lang: f"{name}-{lang}.aif.json" for lang in LANGS},
            "argdown": {lang: f"{name}-{lang}.argdown" for lang in LANGS}}


# ---------------------------------------------------------------- shared helpers
def _source_meta(project: Project, essay_id: str) -> dict:
    essay = project.essays[essay_id]
    source = project.sources.get(essay.data.get("source"))
    return source.meta if source else {}


def _timestamp(date) -> str:
    """'2025-11-08' → '2025-11-08 00:00:00'; a month or a year alone starts at its first day."""
    parts = re.findall(r"\d+", str(date or ""))
    year, month, day = (parts + ["1", "1", "1"])[:3] if parts else ("1970", "1", "1")
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d} 00:00:00"


def _strings(strings: dict | None) -> dict:
    if strings is None:
        import yaml
        strings = yaml.safe_load(STRINGS.read_text(encoding="utf-8"))
    return strings


def _dumps(data, compact: bool = False) -> str:
    """JSON, never NaN or Infinity (not JSON: check refuses them in the files, E802, and this refuses them here)."""
    if compact:  # machine formats: one line, a third of the size
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str,
                          allow_nan=False) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str, allow_nan=False) + "\n"


# ---------------------------------------------------------------- AIF
def _aif_id(key: str) -> str:
    """A numeric id (as AIFdb and OVA expect) derived from what the element is, so it stays the same when
    other parts of the map change."""
    return str(int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:13], 16))


def aif(project: Project, graph_map: Map, lang: str, strings: dict | None = None) -> str:
    """The map as AIF JSON (AIFdb/OVA): nodes, edges, locutions, participants."""
    editors = _strings(strings)[lang]["editors"]
    stamp = max(_timestamp(_source_meta(project, e).get("date")) for e in graph_map.essays) \
        if graph_map.essays else _timestamp(None)
    nodes: dict = {}
    edges: dict = {}
    locutions: list = []
    participants: dict = {}

    def node(key: str, text: str, kind: str) -> str:
        node_id = _aif_id(key)
        if node_id in nodes and nodes[node_id][0] != key:
            raise ValueError(f"AIF id collision between {key!r} and {nodes[node_id][0]!r}")
        nodes[node_id] = (key, {"nodeID": node_id, "text": text, "type": kind, "timestamp": stamp})
        return node_id

    def edge(from_id: str, to_id: str):
        edge_id = _aif_id(f"edge:{from_id}>{to_id}")
        edges[edge_id] = {"edgeID": edge_id, "fromID": from_id, "toID": to_id, "formEdgeID": None}

    def participant(key: str, name: str) -> str:
        person_id = _aif_id(f"participant:{key}")
        participants[person_id] = {"participantID": person_id, "firstname": name, "surname": ""}
        return person_id

    def speaker(origin: str, item, essay_id: str = "") -> tuple[str, str]:
        """(participant id, name) of who states something: the essay's author, a contributor, the editors."""
        if origin == "essay":
            name = pick(_source_meta(project, essay_id).get("author"), lang) or essay_id
            return participant(f"author:{essay_id}", name), name
        if origin == "contributor" and item.data.get("contributor"):
            name = str(item.data["contributor"])
            return participant(f"contributor:{name}", name), name
        return participant("editors", editors), editors

    def locution(key: str, person: tuple, text: str, target: str, anchor: str, essay_id: str = ""):
        person_id, name = person
        l_id = node(f"L:{key}", f"{name} : {text}" if text else name, "L")
        ya_id = node(f"YA:{key}", anchor, "YA")
        edge(l_id, ya_id)
        edge(ya_id, target)
        url = _source_meta(project, essay_id).get("url") if essay_id else None
        locutions.append({"nodeID": l_id, "personID": person_id, "timestamp": stamp, "start": None, "end": None,
                          "source": url if isinstance(url, str) and url.startswith(("http://", "https://"))
                          else None})

    statement = {}
    for node_id in graph_map.ids:
        item = project.nodes[node_id]
        statement[node_id] = node(f"I:{node_id}", item.text("statement", lang), "I")
        anchor = item.source if isinstance(item.source, dict) else None
        if item.origin == "essay" and anchor:
            locution(node_id, speaker("essay", item, item.essay), str(anchor.get("quote", "")), statement[node_id],
                     "Asserting", item.essay)
        else:
            locution(node_id, speaker(item.origin, item, item.essay), item.text("statement", lang),
                     statement[node_id], "Asserting")
    inference_ids = {}
    for inference in graph_map.inferences:
        ra = node(f"RA:{inference.key}", "Default Inference", "RA")
        inference_ids[inference.key] = ra
        for premise in inference.premises:
            edge(statement[premise], ra)
        edge(ra, statement[inference.conclusion])
        if inference.origin != "essay":
            first = project.nodes[inference.premises[0]]
            locution(f"RA:{inference.key}", speaker(inference.origin, first, first.essay),
                     pick(inference.note, lang), ra, "Arguing")
    for conflict in graph_map.attacks + graph_map.undercuts:
        ca = node(f"CA:{conflict.key}", "Default Conflict", "CA")
        edge(statement[conflict.source], ca)
        edge(ca, inference_ids[conflict.inference.key] if conflict.inference else statement[conflict.target])
        if conflict.origin != "essay":
            source = project.nodes[conflict.source]
            locution(f"CA:{conflict.key}", speaker(conflict.origin, source, source.essay),
                     pick(conflict.note, lang), ca, "Disagreeing")
    rank = {"I": 0, "RA": 1, "CA": 2, "YA": 3, "L": 4}
    ordered = sorted(nodes.values(), key=lambda kv: (rank[kv[1]["type"]], kv[0]))
    return _dumps({
        "nodes": [data for _, data in ordered],
        "edges": sorted(edges.values(), key=lambda e: (e["fromID"], e["toID"])),
        "locutions": sorted(locutions, key=lambda loc: loc["nodeID"]),
        "participants": sorted(participants.values(), key=lambda p: p["participantID"]),
    }, compact=True)


# ---------------------------------------------------------------- Argdown
@lru_cache(maxsize=1 << 16)  # pure; each statement is in its essay's map and in the combined one
def argdown_text(text: str) -> str:
    """Statement or heading text as Argdown reads it literally: white space collapsed to one line, and a
    backslash before every character Argdown would interpret (titles, mentions, tags, data, emphasis,
    comments, front matter, shortcodes such as .v. or :happy:)."""
    text = " ".join(str(text).split())
    out = []
    for index, char in enumerate(text):
        following = text[index + 1:index + 2]
        if char in "\\[]<>{}#*_@=" or (char in ".:" and following and not following.isspace()) \
                or (char == "/" and following in ("/", "*")):
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _argdown_data(data: dict) -> str:
    """Inline YAML data (JSON is YAML) of flat values. Braces inside strings are written as JSON escapes so
    that Argdown's data token ends at the closing brace."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return "{" + text[1:-1].replace("{", "\\u007b").replace("}", "\\u007d") + "}"


def _yaml_string(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False).replace("=", "\\u003d")


def argument_title(inference: Inference) -> str:
    return " + ".join(inference.premises) + " → " + inference.conclusion


def argdown(project: Project, graph_map: Map, lang: str, strings: dict | None = None) -> str:
    """The map in Argdown: one heading per section, statements titled by node id, relations beneath."""
    undercut = {u.inference.key for u in graph_map.undercuts}
    as_argument = [i for i in graph_map.inferences if len(i.premises) > 1 or i.key in undercut]
    arguments = {i.key for i in as_argument}
    supports, attacks, undercuts = graph_map.by_source()
    relations = ({premise: [i for i in found if i.key not in arguments] for premise, found in supports.items()},
                 attacks, undercuts)
    if len(graph_map.essays) == 1:
        essay = project.essays[graph_map.essays[0]]
        meta = _source_meta(project, essay.id)
        title, author, date = essay.title(lang), pick(meta.get("author"), lang), str(meta.get("date", ""))
    else:
        title = _strings(strings)[lang]["combined_map"]
        author = " · ".join(pick(_source_meta(project, e).get("author"), lang) for e in graph_map.essays)
        date = max((str(_source_meta(project, e).get("date", "")) for e in graph_map.essays), default="")
    out = ["===", f"title: {_yaml_string(title)}", f"author: {_yaml_string(author)}", f"date: {_yaml_string(date)}",
           f"lang: {_yaml_string(lang)}", "===", "",
           "// Generated from the argument files by src/argmap/export/formats.py. Maps: CC BY-SA 4.0.", ""]
    scope = set(graph_map.ids)
    combined = len(graph_map.essays) > 1
    members_of: dict = {}   # (essay, section) -> its nodes in scope, grouped once
    for node_id in sorted(scope):
        item = project.nodes[node_id]
        members_of.setdefault((item.essay, item.section), []).append(item)
    arguments_at: dict = {}  # conclusion -> the inferences drawn as arguments
    for inference in as_argument:
        arguments_at.setdefault(inference.conclusion, []).append(inference)
    position = {inference.key: index for index, inference in enumerate(as_argument)}
    base = 2 if combined else 1

    def section_block(essay, section, depth: int, placed: set) -> None:
        """A section's heading, its statements and arguments, then its subsections (ids written: ``placed``)."""
        out.extend([f"{'#' * (base + depth)} {argdown_text(section.title.get(lang, section.id))}", ""])
        members = sorted(members_of.get((essay.id, section.id), ()), key=reading_order)
        for item in members:
            placed.add(item.id)
            out.extend(_argdown_statement(item, lang, relations))
        # the arguments concluding in this section, in the order of as_argument
        for inference in sorted((i for m in members for i in arguments_at.get(m.id, ())),
                                key=lambda i: position[i.key]):
            out.extend(_argdown_argument(inference))
        for child in essay.sections:
            if child.parent == section.id:
                section_block(essay, child, depth + 1, placed)

    for essay_id in graph_map.essays:
        essay = project.essays[essay_id]
        if combined:
            out += [f"# {argdown_text(essay.title(lang))}", ""]
        placed: set = set()
        for section in essay.sections:
            if section.parent is None or essay.section(section.parent) is None:
                section_block(essay, section, 0, placed)
        rest = sorted((item for (owner, _), items in members_of.items() if owner == essay_id
                       for item in items if item.id not in placed), key=reading_order)
        for item in rest:  # a node whose section is not listed (validation forbids it; kept for safety)
            out.extend(_argdown_statement(item, lang, relations))
            out.extend(a for inference in arguments_at.get(item.id, ()) for a in _argdown_argument(inference))
    return "\n".join(out).rstrip("\n") + "\n"


def _argdown_statement(item, lang: str, relations: tuple) -> list:
    """A statement and its relation lines; ``relations``: (plain supports by premise, attacks by source,
    undercuts by source)."""
    supports, attacks, undercuts = relations
    data = {"type": item.type, "origin": item.origin, "label": item.text("label", lang)}
    anchor = item.source if isinstance(item.source, dict) else None
    if anchor and isinstance(anchor.get("paragraph"), int):
        data["paragraph"] = anchor["paragraph"]
    lines = [f"[{item.id}]: {argdown_text(item.text('statement', lang))} {_argdown_data(data)}"]
    for inference in supports.get(item.id, ()):
        lines.append(f"    +> [{inference.conclusion}]")
    for conflict in attacks.get(item.id, ()):
        lines.append(f"    -> [{conflict.target}]")
    for conflict in undercuts.get(item.id, ()):
        lines.append(f"    _> <{argument_title(conflict.inference)}>")
    return lines + [""]


def _argdown_argument(inference: Inference) -> list:
    head = f"<{argument_title(inference)}>"
    if inference.origin != "essay":
        head += " " + _argdown_data({"origin": inference.origin})
    lines = [head, ""]
    lines += [f"({n}) [{premise}]" for n, premise in enumerate(inference.premises, 1)]
    lines += ["----", f"({len(inference.premises) + 1}) [{inference.conclusion}]", ""]
    return lines


# ---------------------------------------------------------------- the data model
def data_dump(project: Project, graph: Graph) -> str:
    """Everything the maps are made of, as one JSON document (see schema/export.schema.json)."""
    essays = essays_in_order(project)
    sources = []
    for essay in essays:
        meta = _source_meta(project, essay.id)
        sources.append({key: meta.get(key) for key in ("id", "title", "script", "author", "publisher", "date", "url",
                                                       "attribution")})
    sections = [{"essay": essay.id, "id": s.id, "parent": s.parent, "order": s.order, "title": s.title}
                for essay in essays for s in essay.sections]
    relations = []
    for edge in graph.edges:
        item = {"kind": edge.kind, "source": edge.source, "target": edge.target, "origin": edge.origin}
        if edge.kind == "undercuts":
            item["premise"] = edge.premise
        if edge.kind == "supports":
            item["premises"] = list(edge.group or (edge.source,))
        if edge.note:
            item["note"] = edge.note
        relations.append(item)
    relations.sort(key=lambda r: (r["source"], r["kind"], r["target"], r.get("premise", "")))
    glossary = project.glossary_data if isinstance(project.glossary_data, dict) else {"terms": project.glossary}
    return _dumps({
        "$schema": SCHEMA_FILE,
        "format": "argmap-export",
        "version": 1,
        "languages": list(LANGS),
        "licence": "Maps (essays' structure, nodes, relations, glossary): CC BY-SA 4.0. "
                   "Quotes and source texts remain their authors'.",
        "essays": [essay.data for essay in essays],
        "sources": sources,
        "sections": sections,
        "nodes": [project.nodes[i].data for i in sorted(project.nodes)],
        "relations": relations,
        "glossary": glossary,
    })


# ---------------------------------------------------------------- files
def exports(project: Project, graph: Graph, strings: dict | None = None, memo=None, context: str = "") -> dict:
    """{file name: content} of every download. ``memo``, ``context``: see pipeline.generate; a file is
    made again only when its language's revision of a node in its map, or a relation, changed."""
    files = {}
    strings = _strings(strings)
    for graph_map in maps(project, graph):
        names = file_names(graph_map.name)
        for lang in LANGS:
            seen = () if memo is None else (graph_map.name, lang, context, shown(project, graph, graph_map.ids, lang))
            files[names["aif"][lang]] = remember(memo, ("aif",) + seen, aif, project, graph_map, lang, strings)
            files[names["argdown"][lang]] = remember(memo, ("argdown",) + seen,
                                                     argdown, project, graph_map, lang, strings)
    whole = () if memo is None else (context, shown(project, graph, project.nodes, None))
    files[DATA_FILE] = remember(memo, ("dump",) + whole, data_dump, project, graph)
    for name in SHIPPED_SCHEMAS:
        files[f"{name}.schema.json"] = (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
    return files


def write_exports(project: Project, graph: Graph, out_dir: Path, strings: dict | None = None, memo=None,
                  context: str = "") -> list[str]:
    """Write the downloads into out_dir, a folder this call owns wholly (an export elsewhere, the tests): only
    files whose content changed; files no longer produced are removed. Returns the names written. The site's
    docs/downloads/ is written by pipeline.export instead, which removes only what its manifest says it wrote."""
    out_dir = Path(out_dir)
    files = exports(project, graph, strings, memo, context)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [name for name, text in sorted(files.items()) if write_if_changed(out_dir / name, text, memo)]
    for path in sorted(out_dir.iterdir()):
        if path.is_file() and path.name not in files:
            path.unlink()
    return written
