"""The pipeline, top to bottom, as one named list of steps (as Argdown core has it):

    load → validate → link → diagrams → pages → write → export

``CHECK`` is the first two steps: `argmap check` (make check) runs them, and the generator runs the same
two before the rest, so what check accepts is exactly what the build accepts. Each step is a function of the
``Run`` (plain data handed from step to step) and lives in the stage package its name says (load/,
validate/, link/, convert/, render/, write/, export/).

Independent of MkDocs: the generator writes Markdown files into docs/ (only those whose content changed) and
the downloads into docs/downloads/, and returns an ``Outcome``. hooks/mkdocs_hooks.py calls it; so can
`argmap generate` or any other engine.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap import messages, paths
from argmap.convert.conversion import Converter
from argmap.export.formats import DOWNLOADS, exports
from argmap.link import graph as graph_stage
from argmap.load import loader, sources
from argmap.memo import Memo, digest, remember
from argmap.model import LANGS
from argmap.problems import problem, report
from argmap.render import keys
from argmap.render.diagrams import Renderer, stack
from argmap.render.figures import diagram_specs, stacks
from argmap.render.pages import STRINGS, parse_strings
from argmap.render.pages import Renderer as PageRenderer
from argmap.render.urls import map_file, nav
from argmap.validate import schema, validation
from argmap.write import docs as docs_stage
from argmap.write.output import write_if_changed


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


@dataclass
class Run:
    """What the steps hand on, as plain data. Inputs first; each step fills the fields it names."""
    root: Path
    memo: Memo | None = None
    seeds: Path | None = None           # check only: compare sources/*.txt with the seeds they come from
    cache: Path | None = None           # the diagram cache (default: .cache/diagrams)
    loaded: tuple | None = None         # (project, problems), when the caller has just loaded the project
    # load, validate
    project: Any = None
    problems: list = field(default_factory=list)
    result: validation.Result | None = None
    # link
    graph: Any = None
    strings: dict = field(default_factory=dict)
    context: str = ""
    # diagrams, pages
    specs: list = field(default_factory=list)
    figures: keys.Figures | None = None
    renderer: Renderer | None = None
    pages: list = field(default_factory=list)
    # write, export
    owned: set = field(default_factory=set)     # what the generator wrote last time (its manifest), in docs/
    written: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    exported: list = field(default_factory=list)
    stopped: bool = False               # a step found that nothing may be written
    timings: dict = field(default_factory=dict)


def load(run: Run) -> None:
    """The argument files, the sources and their translations, into the model (load/)."""
    run.project, problems = run.loaded if run.loaded is not None else loader.load_project(run.root, run.memo)
    run.problems = list(problems)


def validate(run: Run) -> None:
    """Every file against its schema, the cross-file rules, the source checksums and the files in docs/ that
    the generator would replace (validate/, load/sources.py, write/docs.py)."""
    project, memo = run.project, run.memo
    schemas = remember(memo, ("schemas", schema.schema_revision()), schema.load_schemas)
    converter = remember(memo, ("converter", repr(project.overrides), repr(project.standing),
                                repr(project.vocabulary)), Converter.of, project)
    complete = not any(p.is_error for p in run.problems)  # the loader's: a file not read may use an override
    run.result = validation.validate(project, schemas, converter, complete)
    run.problems += run.result.problems
    run.problems += sources.verify_checksums(run.root, project.sources.values())
    run.problems += docs_stage.foreign_outputs(run.root)
    if run.seeds is not None:
        run.problems += sources.compare(run.root, run.seeds, project.sources.values())


def link(run: Run) -> None:
    """The relations both ways, and the interface strings every later step shows (link/)."""
    run.graph = graph_stage.build(run.project)
    strings_text = STRINGS.read_text(encoding="utf-8")
    run.strings = remember(run.memo, ("strings", strings_text), parse_strings, strings_text)
    run.context = digest(run.project.revision, strings_text)


def diagrams(run: Run) -> None:
    """The DOT text of every diagram, then its SVG from Graphviz (cached), then the stacked maps (render/)."""
    run.specs = [d for lang in LANGS for d in diagram_specs(run.project, run.graph, lang, run.strings, run.memo,
                                                             run.context)]
    drawn = [d for d in run.specs if d.dot]
    run.renderer = Renderer(run.cache or run.root / ".cache" / "diagrams", workers=max(2, os.cpu_count() or 2))
    figures = keys.Figures(run.renderer.render(drawn, run.memo), {d.key for d in run.specs})
    for lang in LANGS:
        def title(kind, essay, section, lang=lang):
            if kind == "essay":
                return f"{essay.title(lang)} — {run.strings[lang]['whole_map']}"
            return section.title.get(lang, section.id)
        for key, (name, parts) in stacks(run.project, lang, title).items():
            figures[key] = stack([figures[k] for k in parts], name)
    run.figures = figures


def pages(run: Run) -> None:
    """Every page of every language, as (path, text) (render/pages.py and its templates)."""
    assert run.result is not None and run.figures is not None
    renderer = PageRenderer(run.project, run.graph, run.figures, run.result.coverage, strings=run.strings,
                            memo=run.memo, context=run.context)
    run.pages = renderer.all_pages()


def _refuse_foreign(run: Run, files: dict) -> bool:
    """E810.write for each of ``files`` (docs/-relative path → text) that would replace a file the generator
    did not write (not in its manifest) with other content; True when there was one (the run stops)."""
    docs = run.root / "docs"
    foreign = [path for path, text in files.items() if path not in run.owned and docs_stage.differs(docs / path, text)]
    run.problems += [problem(f"docs/{path}", 1, "E810.write") for path in sorted(foreign)]
    run.stopped = bool(foreign)
    return run.stopped


def _remove_stale(run: Run, made: set, under: str = "") -> list:
    """Remove the files the generator wrote last time (its manifest) and makes no more, under ``under``; never a
    file it did not write, and never through a symlink."""
    stale = sorted(p for p in run.owned - made if p.startswith(under) and (under or not p.startswith(DOWNLOADS + "/")))
    for path in stale:
        target = run.root / "docs" / path
        if paths.refusal(target, run.root) is None:
            target.unlink()
    return stale


def write(run: Run) -> None:
    """The pages into docs/, only those that changed; never over or in place of a file the generator did not
    write: without a manifest (a first build) it owns nothing yet (write/)."""
    manifest = docs_stage.read_manifest(run.root / "docs")
    run.owned = manifest if manifest is not None else set()
    if _refuse_foreign(run, {p.path: p.content for p in run.pages}):
        return
    docs = run.root / "docs"
    run.written = [p.path for p in run.pages if write_if_changed(docs / p.path, p.content, run.memo)]
    run.stale = _remove_stale(run, {p.path for p in run.pages})


def export(run: Run) -> None:
    """The downloads: AIF, Argdown, the JSON dump and its schema, the whole maps as SVG (export/); then the
    manifest of every page and download the generator owns."""
    assert run.figures is not None
    docs = run.root / "docs"
    files = {f"{DOWNLOADS}/{name}": text for name, text in exports(run.project, run.graph, run.strings, run.memo,
                                                                  run.context).items()}
    files.update({map_file(e, lang): run.figures[keys.whole(e, lang)] for e in run.project.essays for lang in LANGS})
    if _refuse_foreign(run, files):
        return
    run.exported = [name[len(DOWNLOADS) + 1:] for name, text in sorted(files.items())
                    if write_if_changed(docs / name, text, run.memo)]
    run.stale += _remove_stale(run, set(files), DOWNLOADS + "/")
    owned = sorted({p.path for p in run.pages} | set(files))
    write_if_changed(run.root / paths.MANIFEST, "# written by argmap generate: the files it owns in docs/; do not "
                     "edit\n" + "".join(f"{p}\n" for p in owned), run.memo)


Step = Callable[[Run], None]
STEPS: tuple[Step, ...] = (load, validate, link, diagrams, pages, write, export)
CHECK: tuple[Step, ...] = STEPS[:2]


def run_steps(run: Run, steps: tuple[Step, ...] = STEPS) -> Run:
    """Run ``steps`` in order, timing each; after validate, any error stops the run (nothing is written)."""
    for step in steps:
        start = time.perf_counter()
        step(run)
        run.timings[step.__name__] = time.perf_counter() - start
        if run.stopped or (step is validate and any(p.is_error for p in run.problems)):
            run.stopped = True
            break
    return run


def check(root: Path, seeds: Path | None = None):
    """What `make check` runs: the CHECK steps. (project, all problems, validation.Result)."""
    run = run_steps(Run(Path(root), seeds=Path(seeds) if seeds is not None else None), CHECK)
    return run.project, run.problems, run.result


def generate(root: Path, log=sys.stderr, cache: Path | None = None, loaded: tuple | None = None,
             memo: Memo | None = None, lang: str | None = None) -> Outcome:
    """Every step. ``loaded``: what loader.load_project(root, memo) returned, when the caller has just loaded
    it (the hook). ``memo``: a memo.Memo the caller keeps between runs (it calls memo.start() before each run's
    loading); the output is the same with or without one, only faster after a small edit."""
    run = run_steps(Run(Path(root), memo=memo, cache=cache, loaded=loaded))
    lang = lang or messages.choose()
    errors = report(run.problems, log, lang)
    if run.stopped:
        print(messages.text("generate.failed", lang, errors=errors), file=log)
        return Outcome(False, run.problems, timings=run.timings)
    assert run.renderer is not None
    print(f"argmap: {len(run.project.nodes)} nodes, {len(run.pages)} pages ({len(run.written)} written, "
          f"{len(run.stale)} removed), {len(run.specs)} diagrams ({run.renderer.rendered} rendered, "
          f"{run.renderer.reused} cached), downloads ({len(run.exported)} written)", file=log)
    written = run.written + [f"{DOWNLOADS}/{name}" for name in run.exported]
    return Outcome(True, run.problems, written, run.stale, len(run.pages), len(run.specs), run.renderer.rendered,
                   run.timings, nav(run.project))
