"""A warm generator (a memo.Memo kept between runs, as under `mkdocs serve`) writes exactly what a run from
scratch writes, after every kind of edit, and redoes only what an edit touched.

Works on a copy of the real project: its cross-essay relations, linked arguments, undercuts, fact-checks
and sections are what an incomplete memo key would get wrong.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml

from argmap import pipeline
from argmap.convert.sync import NODE_ORDER, canonical_order
from argmap.load import loader
from argmap.memo import Memo
from support import ROOT

OUTPUT = ("nodes", "essays", "map", "downloads")


def snapshot(root: Path) -> dict:
    docs = root / "docs"
    files = {p.relative_to(docs).as_posix(): p.read_bytes() for name in OUTPUT if (docs / name).is_dir()
             for p in (docs / name).rglob("*") if p.is_file()}
    files.update({p.name: p.read_bytes() for pattern in ("index*.md", "glossary*.md", "factchecks*.md") for p in docs.glob(pattern)})
    return files


def clear(root: Path) -> None:
    for name in OUTPUT:
        shutil.rmtree(root / "docs" / name, ignore_errors=True)
    for pattern in ("index*.md", "glossary*.md", "factchecks*.md"):
        for path in (root / "docs").glob(pattern):
            path.unlink()


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    if path.name != "essay.yaml" and path.parent.name != "arguments":  # a node: fields in the canonical order
        data = {key: data[key] for key in canonical_order(list(data), NODE_ORDER)}
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("incremental") / "project"
    for name in ("arguments", "sources", "schema"):
        shutil.copytree(ROOT / name, root / name)
    (root / "docs").mkdir()
    return root


def run(root: Path, memo: Memo | None):
    log = io.StringIO()
    if memo is not None:
        memo.start()
    loaded = loader.load_project(root, memo)
    outcome = pipeline.generate(root, log=log, cache=root.parent / "diagram-cache", loaded=loaded, memo=memo)
    assert outcome.ok, log.getvalue()[-3000:]
    return outcome


def nodes(root: Path) -> dict:
    return {path.stem: path for path in (root / "arguments").rglob("*.yaml") if path.name != "essay.yaml"
            and path.parent.name != "arguments"}


def first(root: Path, essay: str, predicate) -> Path:
    for _stem, path in sorted(nodes(root).items()):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("essay") == essay and predicate(data):
            return path
    raise AssertionError(f"no node of {essay} fits")


def _append(texts: dict, en: str, hans: str, hant: str) -> None:
    texts["en"] += en
    texts["zh-Hans"] += hans
    texts["zh-Hant"] += hant


def edits(root: Path):
    """(name, change) pairs; each change edits the project's files in place."""
    essays = root / "arguments"

    def english_label():
        edit(first(root, "hegemony", lambda d: d.get("supports")), lambda d: _append(d["label"], " (edited)", "", ""))

    def chinese_statement():
        edit(first(root, "ai-dollar", lambda d: d.get("supports")),
             lambda d: _append(d["statement"], "", "（测试）", "（測試）"))

    def retarget_support():
        # A premise now supports its conclusion's conclusion: both neighbourhoods and the section change.
        by_id = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in nodes(root).values()}
        for stem, data in sorted(by_id.items()):
            targets = [t for t in data.get("supports") or [] if isinstance(t, str)]
            if data.get("essay") == "hegemony" and len(data.get("supports") or []) == 1 and targets:
                above = [t for t in by_id.get(targets[0], {}).get("supports") or [] if isinstance(t, str)]
                if above:
                    edit(nodes(root)[stem], lambda d, target=above[0]: d.update(supports=[target]))
                    return
        raise AssertionError("no premise with a grandparent")

    def add_attack():
        target = first(root, "hegemony", lambda d: d.get("type") == "thesis").stem
        edit(first(root, "hegemony", lambda d: d.get("type") == "evidence" and not d.get("attacks")),
             lambda d: d.update(attacks=[target]))

    def move_section():
        with (essays / "hegemony" / "essay.yaml").open(encoding="utf-8") as handle:
            sections = [s["id"] for s in yaml.safe_load(handle)["sections"]]
        path = first(root, "hegemony", lambda d: d.get("type") == "evidence")
        edit(path, lambda d: d.update(section=next(s for s in sections if s != d["section"])))

    def section_title():
        edit(essays / "hegemony" / "essay.yaml", lambda d: _append(d["sections"][1]["title"], " (edited)", "", ""))

    def glossary_term():
        edit(essays / "glossary.yaml", lambda d: _append(d["terms"][0], " (edited)", "", ""))

    def new_node():
        thesis = first(root, "ai-dollar", lambda d: d.get("type") == "thesis")
        data = yaml.safe_load(thesis.read_text(encoding="utf-8"))
        added = {"id": "ad-added-by-test", "type": "counterargument", "essay": "ai-dollar",
                 "section": data["section"], "origin": "editor",
                 "label": {"zh-Hans": "测试反驳", "zh-Hant": "測試反駁", "en": "A test objection"},
                 "statement": {"zh-Hans": "这是一个测试。", "zh-Hant": "這是一個測試。", "en": "This is a test."},
                 "attacks": [data["id"]]}
        (thesis.parent / "ad-added-by-test.yaml").write_text(
            yaml.dump(added, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def delete_node():
        (essays / "ai-dollar" / "ad-added-by-test.yaml").unlink()

    def factcheck_note():
        edit(first(root, "hegemony", lambda d: isinstance(d.get("factcheck"), dict) and d["factcheck"].get("note")),
             lambda d: _append(d["factcheck"]["note"], " (edited)", "", ""))

    def cross_essay_note():
        def change(d):
            for item in d["supports"]:
                if isinstance(item, dict) and item.get("note"):
                    _append(item["note"], " (edited)", "", "")
                    return
        edit(first(root, "hegemony", lambda d: any(isinstance(i, dict) and i.get("note") for i in d.get("supports") or [])),
             change)

    return [english_label, chinese_statement, retarget_support, add_attack, move_section, section_title,
            glossary_term, new_node, delete_node, factcheck_note, cross_essay_note]


@pytest.mark.slow  # renders every diagram of the real maps with Graphviz, from an empty cache
def test_a_warm_run_writes_what_a_run_from_scratch_writes(project):
    memo = Memo()
    run(project, memo)
    for change in edits(project):
        change()
        warm = run(project, memo)
        warm_files = snapshot(project)
        clear(project)
        run(project, None)
        fresh_files = snapshot(project)
        assert sorted(warm_files) == sorted(fresh_files), change.__name__
        differ = [name for name in fresh_files if warm_files[name] != fresh_files[name]]
        assert not differ, f"after {change.__name__}, the warm run wrote different {differ[:5]}"
        assert warm.ok


def test_a_small_edit_recomputes_a_small_part(project):
    memo = Memo()
    run(project, memo)
    computed = memo.misses
    path = first(project, "hegemony", lambda d: d.get("supports"))
    edit(path, lambda d: _append(d["label"], " (again)", "", ""))
    run(project, memo)
    # The edited node's pages, diagrams and downloads in English, and the few pages that show everything.
    assert 0 < memo.misses < computed / 20, (memo.misses, computed)
    assert memo.hits > 10 * memo.misses
