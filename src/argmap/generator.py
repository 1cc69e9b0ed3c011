"""The pipeline, top to bottom: load → validate → link → diagrams → pages → write → exports.

Independent of MkDocs: it writes Markdown files into docs/ (only those whose content changed) and
returns a report. hooks/mkdocs_hooks.py calls it; so can `python -m argmap generate` or any other engine.
The downloads (AIF, Argdown, the JSON dump and its schema; see export.py) go into docs/downloads/, which
MkDocs copies into the site as they are.
"""
from __future__ import annotations

import os
import posixpath
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import graph as graph_stage
from . import limits, loader, messages, paths, sources, validation
from .conversion import Converter
from .diagrams import Diagram, Renderer, dot_source, overview_source, stack
from .export import DOWNLOADS, write_exports
from .memo import Memo, digest, remember, shown
from .model import LANGS, section_members
from .output import write_if_changed
from .pages import (
    FACTCHECKS_PATH,
    HOME_PATH,
    MAP_PATH,
    STRINGS,
    essay_path,
    node_path,
    page_url,
    parse_strings,
    rel,
    section_path,
)
from .pages import Renderer as PageRenderer
from .problems import report
from .vocabulary import essays_in_order

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
        diagram(f"node/{node_id}/{lang}", f"{node.text('label', lang)} — {strings[lang]['neighbourhood']}",
                shown_ids, lambda n, h=here: rel(h, node_path(n)),
                more=strings[lang]["more_neighbours"].format(n=hidden) if hidden else None,
                focus=node_id, essay_id=node.essay)
    for essay in project.essays.values():
        nodes = by_essay.get(essay.id, [])
        here = essay_path(essay.id)
        # ids prefixed: the whole map, once loaded into the same page, has the boxes n-<id>
        overview(f"overview/{essay.id}/{lang}", f"{essay.title(lang)} — {strings[lang]['overview']}", essay, here,
                 prefix="ov-")
        overview(f"preview/{essay.id}/{lang}", f"{essay.title(lang)} — {strings[lang]['overview']}", essay,
                 HOME_PATH, prefix=f"{essay.id}-")
        # The whole map, one part per top-level section in the essay's order (see STACKS), in a file of its
        # own that the essay page loads when the reader asks for it: its links are relative to that file.
        whole = lambda path: map_file_link(lang, path)  # noqa: E731
        for section in essay.sections:
            if section.parent is None:
                part(f"part/essay/{essay.id}/{section.id}/{lang}", essay, section, nodes, whole)
        for section in essay.sections:
            here = section_path(essay.id, section.id)
            members = section_members(essay, section.id)
            ids = {n.id for n in nodes if n.section in members}
            if not ids:
                continue
            subs = [s for s in essay.sections if s.parent == section.id]
            link = lambda path, h=here: rel(h, path)  # noqa: E731
            if subs:  # stacked: the section's own nodes, then each subsection, in order
                part(f"part/section/{essay.id}/{section.id}/-/{lang}", essay, section, nodes, link, deep=False)
                for sub in subs:
                    part(f"part/section/{essay.id}/{section.id}/{sub.id}/{lang}", essay, sub, nodes, link)
                continue
            context_ids = {e.target for n in ids for e in graph.outgoing.get(n, ()) if e.kind == "supports"}
            diagram(f"section/{essay.id}/{section.id}/{lang}", section.title.get(lang, section.id),
                    ids | context_ids, lambda n, h=here: rel(h, node_path(n)), essay_id=essay.id)
    cross = [e for e in graph.edges if project.nodes[e.source].essay != project.nodes[e.target].essay]
    ids = {e.source for e in cross} | {e.target for e in cross} | {e.premise for e in cross if e.premise}
    ids |= {essay.thesis for essay in project.essays.values() if essay.thesis in project.nodes}
    diagram(f"combined/{lang}", strings[lang]["combined_map"], ids, lambda n: rel(MAP_PATH, node_path(n)),
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


def map_file(essay_id: str, lang: str) -> str:
    """The whole map of an essay, loaded on demand (docs-relative)."""
    return f"{DOWNLOADS}/maps/{essay_id}-{lang}.svg"


def map_file_link(lang: str, path: str) -> str:
    """A link inside a map file to a page (a docs-relative Markdown path) of the language."""
    target = "/" + ("" if lang == LANGS[0] else f"{lang}/") + page_url(path)
    return posixpath.relpath(target, "/" + posixpath.dirname(map_file("x", lang))) + "/"


def stacks(project, lang: str, title) -> dict:
    """Diagrams made of parts (keys of the parts, in order): the whole map of each essay, and the map of
    each section with subsections. ``title(kind, essay, section)`` names each."""
    out = {}
    for essay in project.essays.values():
        out[f"essay/{essay.id}/{lang}"] = (title("essay", essay, None), [
            f"part/essay/{essay.id}/{s.id}/{lang}" for s in essay.sections if s.parent is None])
        for section in essay.sections:
            subs = [s for s in essay.sections if s.parent == section.id]
            if subs:
                out[f"section/{essay.id}/{section.id}/{lang}"] = (title("section", essay, section), [
                    f"part/section/{essay.id}/{section.id}/-/{lang}"]
                    + [f"part/section/{essay.id}/{section.id}/{s.id}/{lang}" for s in subs])
    return out




def generated_files(docs: Path) -> set:
    """The generator's pages found in docs/ when it has no manifest yet: exact generated names only
    (docs/index-draft.md or docs/glossary-notes.md are hand-written and stay)."""
    found = set()
    for name in GENERATED_DIRS:
        folder = docs / name
        if folder.is_dir() and not folder.is_symlink():
            found |= {p.relative_to(docs).as_posix() for p in paths.walk(folder) if p.suffix == ".md"}
    found |= {p.name for p in docs.glob("*.md")
              if paths.is_generated(f"docs/{p.name}") and p.is_file() and not p.is_symlink()}
    return found


def read_manifest(docs: Path) -> set | None:
    """The pages the generator wrote last time (docs/.argmap-manifest), None when there is no manifest."""
    raw, problem = paths.read_bytes(docs.parent / paths.MANIFEST, docs.parent, paths.MANIFEST)
    if raw is None:
        return None
    return {line for line in raw.decode("utf-8", "replace").splitlines() if line and not line.startswith("#")}


def foreign_outputs(root: Path) -> list:
    """E810 for each file where the generator writes that it did not write (known from its manifest): the
    next build would replace or delete a contributor's file. Nothing without a manifest (no build yet)."""
    from .problems import problem
    docs = Path(root) / "docs"
    manifest = read_manifest(docs)
    if manifest is None:
        return []
    problems = []
    for path in sorted(paths.walk(docs)):
        relative = path.relative_to(root).as_posix()
        inside = relative[len("docs/"):]
        if (paths.is_generated(relative) and relative != paths.MANIFEST and not inside.startswith(DOWNLOADS + "/")
                and inside not in manifest):
            problems.append(problem(relative, 1, "E810"))
    return problems


def is_generated(name: str) -> bool:
    """Whether a top-level entry of docs/ (a folder or file name) is the generator's output."""
    return paths.is_generated(f"docs/{name}")


def _differs(path: Path, text: str) -> bool:
    """Whether a file exists at ``path`` with other content than ``text`` (a symlink or FIFO always differs)."""
    if not path.exists() and not path.is_symlink():
        return False
    raw, problem = paths.read_bytes(path, None, str(path))
    return raw is None or raw != text.encode("utf-8")


def nav(project) -> list:
    """The site navigation as MkDocs-style plain data (page titles come from the pages)."""
    essays = essays_in_order(project)
    return (["index.md"] + [essay_path(e.id) for e in essays]
            + [MAP_PATH, FACTCHECKS_PATH, "glossary.md", "about.md"])


def generate(root: Path, log=sys.stderr, cache: Path | None = None, loaded: tuple | None = None,
             memo: Memo | None = None, lang: str | None = None) -> Outcome:
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
    converter = remember(memo, ("converter", repr(project.overrides), repr(project.vocabulary)),
                         Converter, project.overrides, project.vocabulary)
    result = validation.validate(project, schemas, converter)
    problems += result.problems
    # the same checks as `make check`: a hand-edited sources/*.txt fails the build too
    problems += sources.verify_checksums(root, project.sources.values())
    timings["validate"] = time.perf_counter() - step
    lang = lang or messages.choose()
    errors = report(problems, log, lang)
    if errors:
        print(messages.text("generate.failed", lang, errors=errors), file=log)
        return Outcome(False, problems, timings=timings)
    step = time.perf_counter()
    graph = graph_stage.build(project)
    strings_text = STRINGS.read_text(encoding="utf-8")
    strings = remember(memo, ("strings", strings_text), parse_strings, strings_text)
    context = digest(project.revision, strings_text)
    pages_renderer = PageRenderer(project, graph, {}, result.coverage, strings=strings, memo=memo, context=context)
    specs = [d for lang in LANGS for d in diagram_specs(project, graph, lang, strings, memo, context)]
    timings["link+dot"] = time.perf_counter() - step
    step = time.perf_counter()
    renderer = Renderer(cache or root / ".cache" / "diagrams", workers=max(2, os.cpu_count() or 2))
    svgs = renderer.render(specs, memo)
    for lang in LANGS:
        def title(kind, essay, section, lang=lang):
            if kind == "essay":
                return f"{essay.title(lang)} — {strings[lang]['whole_map']}"
            return section.title.get(lang, section.id)
        for key, (name, parts) in stacks(project, lang, title).items():
            svgs[key] = stack([svgs.get(k, "") for k in parts], name)
    timings["diagrams"] = time.perf_counter() - step
    step = time.perf_counter()
    pages_renderer.svgs = svgs
    pages = pages_renderer.all_pages()
    docs = root / "docs"
    manifest = read_manifest(docs)
    before = manifest if manifest is not None else generated_files(docs)
    foreign = [p for p in pages if p.path not in before and _differs(docs / p.path, p.content)]
    if foreign:  # never replace a file the generator did not write
        from .problems import problem
        problems = [problem(f"docs/{p.path}", 1, "E810.write") for p in foreign]
        report(problems, log)
        print(f"argmap: {len(foreign)} file(s) in docs/ would be replaced; pages were not regenerated", file=log)
        return Outcome(False, problems, timings=timings)
    written = [p.path for p in pages if write_if_changed(docs / p.path, p.content, memo)]
    stale = before - {p.path for p in pages}
    for path in sorted(stale):  # only pages this generator wrote (its manifest), never a hand-written file
        target = docs / path
        if paths.refusal(target, root) is None:
            target.unlink()
    write_if_changed(root / paths.MANIFEST, "# written by argmap generate: the pages it owns; do not edit\n"
                     + "".join(f"{p}\n" for p in sorted(p.path for p in pages)), memo)
    timings["pages"] = time.perf_counter() - step
    step = time.perf_counter()
    exported = write_exports(project, graph, docs / DOWNLOADS, strings, memo, context)
    maps = {map_file(e, lang): svgs[f"essay/{e}/{lang}"] for e in project.essays for lang in LANGS}
    exported += [name[len(DOWNLOADS) + 1:] for name, svg in sorted(maps.items())
                 if write_if_changed(docs / name, svg, memo)]
    for path in sorted((docs / DOWNLOADS / "maps").glob("*.svg")):
        if path.relative_to(docs).as_posix() not in maps:
            path.unlink()
    timings["exports"] = time.perf_counter() - step
    print(f"argmap: {len(project.nodes)} nodes, {len(pages)} pages ({len(written)} written, {len(stale)} removed), "
          f"{len(specs)} diagrams ({renderer.rendered} rendered, {renderer.reused} cached), "
          f"downloads ({len(exported)} written)", file=log)
    written += [f"{DOWNLOADS}/{name}" for name in exported]
    return Outcome(True, problems, written, sorted(stale), len(pages), len(specs), renderer.rendered, timings,
                   nav(project))
