"""Validate stage: two layers, as simple-icons has them.

1. Shape: each file against its JSON Schema (schema.py).
2. Named cross-file rules (rules.py, listed in RULES), each a small function that yields problems whose fix
   says what to do.

``validate`` runs every rule and returns all problems plus the coverage figures; nothing raises.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from argmap.convert.conversion import Converter
from argmap.link.coverage import coverage
from argmap.model import Project
from argmap.problems import problem
from argmap.validate import limits
from argmap.validate.rules import (
    rule_connected,
    rule_coverage,
    rule_cross_essay,
    rule_cycles,
    rule_factchecks,
    rule_glossary,
    rule_glossary_terms,
    rule_identity,
    rule_invisible,
    rule_languages,
    rule_membership,
    rule_order,
    rule_placeholders,
    rule_quote_marks,
    rule_quotes,
    rule_relations,
    rule_shape,
    rule_translations,
    rule_vocabulary,
)
from argmap.validate.schema import load_schemas


@dataclass
class Result:
    problems: list
    coverage: dict           # essay id -> Coverage
    converter: Converter


RULES = (rule_shape, rule_identity, rule_membership, rule_relations, rule_cross_essay, rule_cycles, rule_connected,
         rule_placeholders, rule_order, rule_languages, rule_invisible, rule_quotes, rule_coverage, rule_factchecks, rule_glossary,
         rule_vocabulary, rule_glossary_terms, rule_translations, rule_quote_marks, *limits.RULES)


@dataclass
class Context:
    schemas: dict
    converter: Converter
    coverage: dict
    elsewhere: set = field(default_factory=set)      # ids of nodes whose file is unreadable or malformed
    broken_essays: set = field(default_factory=set)  # essays with such a file
    malformed_essays: set = field(default_factory=set)  # essays whose essay.yaml has a shape error
    all_nodes: dict = field(default_factory=dict)    # every loaded node, malformed ones too
    known_ids: list = field(default_factory=list)    # for did-you-mean
    _strings: dict = field(default_factory=dict)

    def strings(self, data) -> list:
        """(key path, text) of every string in a file's data, listed once per validation for all rules."""
        if id(data) not in self._strings:
            self._strings[id(data)] = list(limits.strings_of(data))
        return self._strings[id(data)]


def validate(project: Project, schemas: dict | None = None, converter: Converter | None = None,
             complete: bool = True) -> Result:
    """Every rule over the loaded project. ``complete``: every argument file was read (the loader found no
    error), so that an override no text uses is known to be unused (W701)."""
    schemas = schemas or load_schemas()
    converter = converter or Converter.of(project)
    converter = converter.session()  # its own record of the overrides used; the memo's converter stays as it is
    ctx = Context(schemas, converter, coverage(project))
    # One mistake, one problem: a file whose shape is wrong (E2xx) is left out of every other rule, and a
    # node whose file is unreadable or malformed is known to exist, so that no other file reports it missing.
    problems = rule_shape(project, ctx)
    malformed = {p.path for p in problems if p.is_error and p.key != "E201.converted"}  # make sync fills that
    unreadable = getattr(project, "unreadable", {}) or {}
    ctx.all_nodes = project.nodes
    ctx.elsewhere = {n.id for n in project.nodes.values() if n.path in malformed} | set(unreadable)
    ctx.elsewhere |= {n.stem for n in project.nodes.values() if n.stem != n.id}  # E301: either name is meant
    ctx.malformed_essays = {e.id for e in project.essays.values() if e.path in malformed}  # essay.yaml itself
    ctx.broken_essays = ({n.folder for n in list(project.nodes.values()) + project.duplicates if n.path in malformed}
                         | {e.id for e in project.essays.values() if e.path in malformed}
                         | {path.split("/")[1] for path in unreadable.values() if path.count("/") >= 2})
    ctx.known_ids = sorted(set(project.nodes) | set(unreadable))
    view = replace(project, nodes={k: n for k, n in project.nodes.items() if n.path not in malformed},
                   duplicates=[n for n in project.duplicates if n.path not in malformed],
                   glossary=[] if "arguments/glossary.yaml" in malformed else project.glossary)
    for rule in RULES:
        if rule is not rule_shape:
            problems += rule(view, ctx)
    if complete and not any(p.is_error for p in problems):
        used = converter.used
        for hans, hant, line in project.overrides:
            if (hans, hant, line) not in used:
                problems.append(problem("arguments/zh-overrides.tsv", line, "W701", hans=hans, hant=hant))
    return Result(problems, ctx.coverage, converter)


def check(root: Path, seeds: Path | None = None):
    """Load and validate a project: (project, all problems, Result). What `make check` runs."""
    from argmap.load import loader, sources
    project, problems = loader.load_project(root)
    result = validate(project)
    from argmap.write.docs import foreign_outputs
    problems = problems + result.problems + sources.verify_checksums(Path(root), project.sources.values())
    problems += foreign_outputs(Path(root))
    if seeds is not None:
        problems += sources.compare(Path(root), Path(seeds), project.sources.values())
    return project, problems, result
