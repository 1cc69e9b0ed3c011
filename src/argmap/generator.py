"""The pipeline, top to bottom: load → validate → link → diagrams → pages → write → exports.

Independent of MkDocs: it writes Markdown files into docs/ (only those whose content changed) and
returns a report. hooks/mkdocs_hooks.py calls it; so can `python -m argmap generate` or any other engine.
The downloads (AIF, Argdown, the JSON dump and its schema; see export.py) go into docs/downloads/, which
MkDocs copies into the site as they are.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import graph as graph_stage
from . import loader, validation
from .export import DOWNLOADS, write_exports
from .diagrams import Diagram, Renderer, dot_source
from .memo import Memo, digest, remember, shown
from .output import write_if_changed
from .model import LANGS
from .conversion import Converter
from .pages import FACTCHECKS_PATH, MAP_PATH, STRINGS, Renderer as PageRenderer, essay_path, node_path, parse_strings, rel, section_path
from .problems import report

GENERATED_DIRS = ("nodes", "essays", "map")
GENERATED_FILES = ("index", "glossary", "factchecks")


@dataclass
class Outcome:
    ok: bool
    problems: list = field(default_factory=list)
    written: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    pages: int = 0
    diagrams: int = 0
    rendered: int = 0
    timings: dict = field(default_factory=dict)
    nav: list = field(default_factory=list)


def diagram_specs(project, graph, lang: str, strings: dict, memo: Memo | None = None, context: str = "") -> list[Diagram]:
    """Every diagram of one language. With a memo, a diagram's DOT is made again only when something it
    shows changed: the language's revision of one of its nodes, a relation from one of them, or ``context``
    (every input but the node files, and the interface strings)."""
    specs = []

    def diagram(name, title, ids, url, **options):
        key = None if memo is None else ("dot", name, lang, context, title, shown(project, graph, ids, lang))
        specs.append(Diagram(name, title, remember(
            memo, key, lambda: dot_source(project, graph, ids, lang, url, title, **options))))

    for node_id in sorted(project.nodes):
        node = project.nodes[node_id]
        here = node_path(node_id)
        diagram(f"node/{node_id}/{lang}", f"{node.text('label', lang)} — {strings[lang]['neighbourhood']}",
                {node_id} | graph.neighbours(node_id), lambda n, h=here: rel(h, node_path(n)),
                focus=node_id, essay_id=node.essay)
    by_essay = project.nodes_by_essay()
    for essay in project.essays.values():
        nodes = by_essay.get(essay.id, [])
        here = essay_path(essay.id)
        url = lambda n, h=here: rel(h, node_path(n))  # noqa: E731
        diagram(f"essay/{essay.id}/{lang}", f"{essay.title(lang)} — {strings[lang]['whole_map']}",
                [n.id for n in nodes], url, clusters="top", essay_id=essay.id)
        diagram(f"essay-theses/{essay.id}/{lang}", f"{essay.title(lang)} — {strings[lang]['overview']}",
                [n.id for n in nodes if n.type == "thesis"], url, clusters="top", essay_id=essay.id, columns=18)
        for section in essay.sections:
            here = section_path(essay.id, section.id)
            members = _section_members(essay, section.id)
            ids = {n.id for n in nodes if n.section in members}
            if not ids:
                continue
            context_ids = {e.target for n in ids for e in graph.outgoing.get(n, ()) if e.kind == "supports"}
            diagram(f"section/{essay.id}/{section.id}/{lang}", section.title.get(lang, section.id),
                    ids | context_ids, lambda n, h=here: rel(h, node_path(n)),
                    clusters="all" if len(members) > 1 else None, essay_id=essay.id)
    cross = [e for e in graph.edges if project.nodes[e.source].essay != project.nodes[e.target].essay]
    ids = {e.source for e in cross} | {e.target for e in cross} | {e.premise for e in cross if e.premise}
    ids |= {essay.thesis for essay in project.essays.values() if essay.thesis in project.nodes}
    diagram(f"combined/{lang}", strings[lang]["combined_map"], ids, lambda n: rel(MAP_PATH, node_path(n)),
            clusters="essay")
    return specs


def _section_members(essay, section_id: str) -> set:
    wanted = {section_id}
    changed = True
    while changed:
        changed = False
        for section in essay.sections:
            if section.parent in wanted and section.id not in wanted:
                wanted.add(section.id)
                changed = True
    return wanted


def generated_files(docs: Path) -> set:
    found = set()
    for name in GENERATED_DIRS:
        folder = docs / name
        if folder.is_dir():
            found |= {p.relative_to(docs).as_posix() for p in folder.rglob("*.md")}
    for name in GENERATED_FILES:
        found |= {p.name for p in docs.glob(f"{name}*.md")}
    return found


def is_generated(name: str) -> bool:
    """Whether a top-level entry of docs/ (a folder or file name) is the generator's output."""
    return (name in GENERATED_DIRS or name == DOWNLOADS
            or any(name == f"{stem}.md" or (name.startswith(f"{stem}.") and name.endswith(".md"))
                   for stem in GENERATED_FILES))


def nav(project) -> list:
    """The site navigation as MkDocs-style plain data (page titles come from the pages)."""
    essays = sorted(project.essays.values(), key=lambda e: (e.order, e.id))
    return (["index.md"] + [essay_path(e.id) for e in essays]
            + [MAP_PATH, FACTCHECKS_PATH, "glossary.md", "about.md"])


def generate(root: Path, log=sys.stderr, cache: Path | None = None, loaded: tuple | None = None,
             memo: Memo | None = None) -> Outcome:
    """``loaded``: what loader.load_project(root, memo) returned, when the caller has just loaded it (the
    hook). ``memo``: a memo.Memo the caller keeps between runs (it calls memo.start() before each run's
    loading); the output is the same with or without one, only faster after a small edit."""
    root = Path(root)
    timings = {}
    step = time.perf_counter()
    project, problems = loaded if loaded is not None else loader.load_project(root, memo)
    problems = list(problems)
    timings["load"] = time.perf_counter() - step
    step = time.perf_counter()
    schemas = remember(memo, ("schemas", validation.schema_revision()), validation.load_schemas)
    converter = remember(memo, ("converter", repr(project.overrides)), lambda: Converter(project.overrides))
    result = validation.validate(project, schemas, converter)
    problems += result.problems
    timings["validate"] = time.perf_counter() - step
    errors = report(problems, log)
    if errors:
        print(f"argmap: {errors} error(s) in the argument files; pages were not regenerated", file=log)
        return Outcome(False, problems, timings=timings)
    step = time.perf_counter()
    graph = graph_stage.build(project)
    strings_text = STRINGS.read_text(encoding="utf-8")
    strings = remember(memo, ("strings", strings_text), lambda: parse_strings(strings_text))
    context = digest(project.revision, strings_text)
    pages_renderer = PageRenderer(project, graph, {}, result.coverage, strings=strings, memo=memo, context=context)
    specs = [d for lang in LANGS for d in diagram_specs(project, graph, lang, strings, memo, context)]
    timings["link+dot"] = time.perf_counter() - step
    step = time.perf_counter()
    renderer = Renderer(cache or root / ".cache" / "diagrams", workers=max(2, os.cpu_count() or 2))
    svgs = renderer.render(specs, memo)
    timings["diagrams"] = time.perf_counter() - step
    step = time.perf_counter()
    pages_renderer.svgs = svgs
    pages = pages_renderer.all_pages()
    docs = root / "docs"
    before = generated_files(docs)
    written = [p.path for p in pages if write_if_changed(docs / p.path, p.content, memo)]
    stale = before - {p.path for p in pages}
    for path in sorted(stale):
        (docs / path).unlink()
    timings["pages"] = time.perf_counter() - step
    step = time.perf_counter()
    exported = write_exports(project, graph, docs / DOWNLOADS, strings, memo, context)
    timings["exports"] = time.perf_counter() - step
    print(f"argmap: {len(project.nodes)} nodes, {len(pages)} pages ({len(written)} written, {len(stale)} removed), "
          f"{len(specs)} diagrams ({renderer.rendered} rendered, {renderer.reused} cached), "
          f"downloads ({len(exported)} written)", file=log)
    written += [f"{DOWNLOADS}/{name}" for name in exported]
    return Outcome(True, problems, written, sorted(stale), len(pages), len(specs), renderer.rendered, timings,
                   nav(project))
