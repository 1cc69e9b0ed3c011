"""Limits: every bound on what the argument files may hold, in one place, checked before any work starts.

A crafted or careless pull request must not be able to stop the build, exhaust memory or make Graphviz
fail after `make check` passed. Each limit is far above what the real maps use (figures of December 2026
in brackets) and low enough that the work per node, per diagram and per page stays small.
"""
from __future__ import annotations

import os

from argmap.load.yamlfile import line_of
from argmap.problems import Problem, problem

# Text, per field (characters). Graphviz refuses quoted strings over 16,384 characters; pages and the
# search index grow with every character of a label or title far more than with a statement's: a label is
# repeated in every diagram, list and outline that shows its node, an essay or section title in the
# breadcrumbs of every page under it. `bench --only worst` (every limit at once) is what set these.
TEXT = {"label": 120,          # [89]
        "title": 160,          # essay and section titles [133]
        "contributor": 200,
        "summary": 2000,       # [326]
        "statement": 4000,     # [520]
        "note": 4000,          # [933]
        "quote": 800,          # always Chinese [122]
        "url": 2000,           # [211]
        "reason": 300}
TEXT_DEFAULT = 500            # any other text: ids, glossary terms, fields not listed here
REFERENCE_TITLE = 300         # a fact-check reference's title: shown once, on its node's page [195]
# Chinese says in fewer characters what English says: the Chinese texts of the maps are a quarter to a third
# of their English in length (labels 25 against 89 characters at most, notes 393 against 982), and are limited
# to this share of each limit.
CHINESE = 0.4
RELATIONS_PER_NODE = 8        # supports + attacks + undercuts of one node [3]
# Graphviz's layout time grows with the density of a map far more than with its size: 44 nodes with 419
# relations took 12 s a diagram, the 270-node hegemony map (302 relations) 0.3 s.
RELATIONS_PER_ESSAY = (1.5, 20)   # at most 1.5 relations a node, plus 20 [1.12 and 1.04]
NEIGHBOURHOOD_EDGES = 48      # relations drawn in one node's neighbourhood diagram [20]
CO_PREMISES = 8               # `with:` of one support
SECTIONS = 60                 # per essay [31]
SECTION_DEPTH = 4             # levels of sections within sections [3]
FILES_PER_FOLDER = 2000       # entries of one folder under arguments/ [~250]
NEIGHBOURS = 24               # boxes a node's neighbourhood diagram shows beside the node itself
# What bounds a build as a whole. A full build's time grows with the nodes (three pages and a diagram per
# node and language) and with the text the pages carry (MkDocs renders it, the search plugin segments it),
# so these are near twice the real site, not far above it: at all of them at once a clean build stays within
# twice the real site's (`python scripts/bench.py --only worst` builds that project and times it).
NODES = 500                   # nodes in the whole project [373]
ESSAYS = 10                   # essay folders [2]
ARGUMENT_BYTES = 1536 * 1024  # everything under arguments/ together [0.61 MB]
SOURCE_BYTES = 512 * 1024     # everything in sources/ together: texts, translations, metadata [0.17 MB]
NODES_OVERRIDE = "ARGMAP_MAX_NODES"  # the benchmark's synthetic 2,000- and 10,000-node projects only


def node_limit() -> int:
    """NODES, or the benchmark's override (the environment, never a file: no pull request can set it)."""
    value = os.environ.get(NODES_OVERRIDE, "")
    return int(value) if value.isdigit() and len(value) < 9 else NODES


def scaled(limit: int) -> int:
    """A project-wide limit, grown with the benchmark's node override (its large synthetic projects)."""
    return limit * max(1, -(-node_limit() // NODES))

# Ids that would make a page collide with a page the generator writes itself.
RESERVED_SECTIONS = frozenset({"index", "source", "nodes"})   # essays/<essay>/<section>.md
RESERVED_NODES = frozenset({"index"})                         # nodes/<id>.md
RESERVED_ESSAYS = frozenset({"index"})                        # essays/<essay>/


def text_limit(key: str, lang: str | None = None) -> int:
    """The limit of a text field ``key`` (TEXT) in ``lang`` (a Chinese text gets the CHINESE share)."""
    limit = TEXT.get(key, TEXT_DEFAULT)
    return int(limit * CHINESE) if lang in ("zh-Hans", "zh-Hant") else limit


def _limit(where: tuple) -> int:
    lang = where[-1] if where and where[-1] in ("en", "zh-Hans", "zh-Hant") else None
    if "references" in where and where[-1] == "title":
        return REFERENCE_TITLE
    for key in reversed(where):
        if isinstance(key, str) and key in TEXT:
            return text_limit(key, lang)
    return TEXT_DEFAULT


def strings_of(data, path=()):
    """(key path, text) of every string in a file's data (validation's rules and the limits read the same)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings_of(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings_of(value, path + (index,))
    elif isinstance(data, str):
        yield path, data


def text_problems(path: str, data, lines: dict) -> list[Problem]:
    problems = []
    for where, value in strings_of(data):
        limit = _limit(where)
        if len(value) > limit:
            name = ".".join(map(str, where)) or "the file"
            problems.append(problem(path, line_of(lines, where), "E803", name=name, size=len(value), limit=limit))
    return problems


def rule_lengths(project, ctx) -> list[Problem]:
    problems = []
    for essay in project.essays.values():
        problems += text_problems(essay.path, essay.data, essay.lines)
    for node in list(project.nodes.values()) + project.duplicates:
        problems += text_problems(node.path, node.data, node.lines)
    if project.glossary_data is not None:
        problems += text_problems("arguments/glossary.yaml", project.glossary_data, project.glossary_lines)
    return problems


def rule_relation_counts(project, ctx) -> list[Problem]:
    problems = []
    for node in project.nodes.values():
        count = sum(len(node.data.get(key) or []) if isinstance(node.data.get(key), list) else 0
                    for key in ("supports", "attacks", "undercuts"))
        if count > RELATIONS_PER_NODE:
            problems.append(problem(node.path, 1, "E808", count=count, limit=RELATIONS_PER_NODE))
        for index, item in enumerate(node.data.get("supports") or [] if isinstance(node.data.get("supports"), list)
                                     else []):
            if isinstance(item, dict) and isinstance(item.get("with"), list) and len(item["with"]) > CO_PREMISES:
                problems.append(problem(node.path, node.line("supports", index, "with"), "E808.premises",
                                        count=len(item["with"]), limit=CO_PREMISES))
    return problems


def rule_density(project, ctx) -> list[Problem]:
    problems = []
    factor, extra = RELATIONS_PER_ESSAY
    for essay_id, nodes in sorted(project.nodes_by_essay().items()):
        essay = project.essays.get(essay_id)
        if essay is None:
            continue
        count = sum(len(n.data.get(k)) for n in nodes for k in ("supports", "attacks", "undercuts")
                    if isinstance(n.data.get(k), list))
        allowed = int(factor * len(nodes) + extra)
        if count > allowed:
            problems.append(problem(essay.path, 1, "E808.essay", count=count, nodes=len(nodes), limit=allowed,
                                    factor=factor, extra=extra))
    return problems


def rule_sections(project, ctx) -> list[Problem]:
    """Sections form a tree: no section is its own ancestor, no chain is deeper than SECTION_DEPTH, no id
    names a page the generator writes."""
    problems = []
    for essay in project.essays.values():
        if len(essay.sections) > SECTIONS:
            problems.append(problem(essay.path, essay.line("sections"), "E808.sections", count=len(essay.sections),
                                    limit=SECTIONS))
        parents: dict = {}
        for section in essay.sections:
            parents.setdefault(section.id, section.parent)
        for index, section in enumerate(essay.sections):
            if section.id in RESERVED_SECTIONS:
                problems.append(problem(essay.path, essay.line("sections", index, "id"), "E807", id=section.id,
                                        reserved=", ".join(sorted(RESERVED_SECTIONS))))
            seen, current, depth = [section.id], section.parent, 1
            while isinstance(current, str) and current in parents:
                if current in seen:
                    chain = " → ".join(seen + [current])
                    problems.append(problem(essay.path, essay.line("sections", index, "parent"), "E804",
                                            section=section.id, chain=chain))
                    break
                seen.append(current)
                depth += 1
                if depth > SECTION_DEPTH:
                    problems.append(problem(essay.path, essay.line("sections", index, "parent"), "E804.deep",
                                            section=section.id, limit=SECTION_DEPTH))
                    break
                current = parents[current]
    return problems


def rule_reserved(project, ctx) -> list[Problem]:
    problems = []
    for node in project.nodes.values():
        if node.id in RESERVED_NODES:
            problems.append(problem(node.path, node.line("id"), "E807.node", id=node.id))
    for essay in project.essays.values():
        if essay.id in RESERVED_ESSAYS:
            problems.append(problem(essay.path, 1, "E807.essay", id=essay.id))
    return problems


def rule_node_count(project, ctx) -> list[Problem]:
    count, limit = len(project.nodes) + len(project.duplicates), node_limit()
    return [problem("arguments/", 1, "E808.nodes", count=count, limit=limit)] if count > limit else []


RULES = (rule_node_count, rule_lengths, rule_relation_counts, rule_density, rule_sections, rule_reserved)


def section_chain(essay, section_id):
    """The sections from the top down to ``section_id``, never looping (a cycle is E804)."""
    chain: list = []
    seen: set = set()
    section = essay.section(section_id) if section_id else None
    while section is not None and section.id not in seen and len(chain) <= SECTION_DEPTH:
        seen.add(section.id)
        chain.insert(0, section)
        section = essay.section(section.parent) if section.parent else None
    return chain
