"""The downloads (src/argmap/export/formats.py) read by real consumers: arguebuf for AIF, the Argdown CLI for Argdown.

The expected numbers are counted here from the linked graph, independently of export/formats.py: a support is one
inference per linked group (one RA node, one Argdown support or argument), an attack or an undercut one
conflict (one CA node, one Argdown attack or undercut relation).
"""
from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from argmap.export import formats as export
from argmap.link import graph as graph_stage
from argmap.load import loader
from argmap.model import LANGS
from argmap.render.pages import Renderer
from argmap.render.urls import download_url, page_url
from support import ROOT, undrawn

NODE_DIR = ROOT / ".cache" / "node"
ARGDOWN = NODE_DIR / "node_modules" / ".bin" / "argdown"
PACKAGE = ROOT / "tests" / "js"
NASTY = ("Escapes: [title] <argument> {data: 1} #tag @[mention] *bold* _italic_ __b__ // line /* block */ "
         "<!-- html --> === front === e.g. :happy: .v. 10:30 \\ back\nslash (1) + - _> <- -> end.")


def load(root: Path):
    project, problems = loader.load_project(root)
    assert not [p for p in problems if p.code.startswith("E")], problems
    return project, graph_stage.build(project)


def expected(project, graph, ids) -> dict:
    """Counts of the source data, within the given nodes."""
    scope = set(ids)
    supports = {(tuple(sorted(m for m in (e.group or (e.source,)) if m in scope)), e.target) for e in graph.edges
                if e.kind == "supports" and e.source in scope and e.target in scope}
    attacks = {(e.source, e.target) for e in graph.edges
               if e.kind == "attacks" and e.source in scope and e.target in scope}
    undercuts = set()
    for e in graph.edges:
        if e.kind == "undercuts" and {e.source, e.premise, e.target} <= scope:
            group = next(p for p, t in supports if t == e.target and e.premise in p)
            undercuts.add((e.source, group, e.target))
    linked = {s for s in supports if len(s[0]) > 1}
    undercut_inferences = {(g, t) for _, g, t in undercuts}
    arguments = linked | undercut_inferences
    return {"statements": len(scope), "supports": len(supports), "attacks": len(attacks),
            "undercuts": len(undercuts), "arguments": len(arguments),
            "premise_edges": sum(len(g) for g, _ in arguments), "argument_list": arguments}


def scopes(project) -> dict:
    result = {essay_id: [n.id for n in project.essay_nodes(essay_id)] for essay_id in project.essays}
    result[export.COMBINED] = list(project.nodes)
    return result


def statement(project, node_id, lang):
    return " ".join(project.nodes[node_id].text("statement", lang).split())


# ---------------------------------------------------------------- the Argdown CLI (npm)
@pytest.fixture(scope="session")
def argdown_cli():
    """The pinned @argdown/cli, as `make argdown` installs it; installed here when missing and npm works."""
    if not ARGDOWN.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: install Node.js 20 + npm, then `make argdown`")
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(PACKAGE / name, NODE_DIR / name)
        result = subprocess.run([npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
                                capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            pytest.skip(f"npm could not install @argdown/cli (registry unreachable?): {result.stderr[-500:]}")
    version = subprocess.run([str(ARGDOWN), "--version"], capture_output=True, text=True, timeout=120)
    assert version.stdout.strip() == "1.7.5", version
    return str(ARGDOWN)


def run_argdown(cli: str, command: list, folder: Path, out: Path) -> dict:
    """Run `argdown <command> <folder>/*.argdown <out>`; returns {stem: output text}."""
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([cli, *command[:1], f"{folder}/*.argdown", str(out), *command[1:]],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "error" not in (result.stderr + result.stdout).lower(), result.stderr + result.stdout
    return {path.name.split(".")[0]: path.read_text(encoding="utf-8") for path in out.iterdir()}


def argdown_statements(data: dict) -> dict:
    texts = {}
    for title, cls in data["statements"].items():
        defined = [m["text"] for m in cls["members"] if m.get("text")]
        assert len(defined) == 1, f"{title} is defined {len(defined)} times"
        texts[title] = defined[0].strip()
    return texts


def check_argdown_json(project, graph, ids, lang, data):
    want = expected(project, graph, ids)
    texts = argdown_statements(data)
    assert len(texts) == want["statements"]
    assert texts == {i: statement(project, i, lang) for i in ids}
    relations = Counter(r["relationType"] for r in data["relations"])
    arguments = data["arguments"]
    assert len(arguments) == want["arguments"]
    assert relations["support"] + len(arguments) == want["supports"]
    assert relations["attack"] == want["attacks"]
    assert relations["undercut"] == want["undercuts"]
    assert set(relations) <= {"support", "attack", "undercut"}
    structures = set()
    for argument in arguments.values():
        roles = [(s["title"], s["role"]) for s in argument["pcs"]]
        assert roles[-1][1] == "main-conclusion" and all(r == "premise" for _, r in roles[:-1])
        structures.add((tuple(sorted(t for t, _ in roles[:-1])), roles[-1][0]))
    assert structures == want["argument_list"]
    for relation in data["relations"]:
        if relation["relationType"] == "undercut":
            assert relation["toType"] in ("argument", "inference") and relation["to"] in arguments


def check_argdown_dot(project, graph, ids, dot: str, sections: int):
    want = expected(project, graph, ids)
    assert dot.count('type="statement-map-node"') == want["statements"]
    assert dot.count('type="argument-map-node"') == want["arguments"]
    edges = Counter(re.findall(r'-> n\d+ \[type="(\w+)"', dot))
    # In the map each argument has an edge from each premise and one to its conclusion.
    assert edges["support"] == want["supports"] - want["arguments"] + want["premise_edges"] + want["arguments"]
    assert edges["attack"] == want["attacks"]
    assert edges["undercut"] == want["undercuts"]
    assert dot.count("subgraph cluster_") >= sections


def test_argdown_cli_reads_every_statement_and_relation(mini, tmp_path, argdown_cli):
    project, graph = load(mini)
    folder = tmp_path / "in"
    export.write_exports(project, graph, folder)
    for path in folder.glob("*.aif.json"):
        path.unlink()
    docs = {k: json.loads(v) for k, v in run_argdown(argdown_cli, ["json"], folder, tmp_path / "json").items()}
    dots = run_argdown(argdown_cli, ["map", "--format", "dot"], folder, tmp_path / "dot")
    for name, ids in scopes(project).items():
        for lang in LANGS:
            check_argdown_json(project, graph, ids, lang, docs[f"{name}-{lang}"])
            check_argdown_dot(project, graph, ids, dots[f"{name}-{lang}"], sections=1)
    data = docs["mini-en"]
    assert data["sections"][0]["title"] == "Body"
    assert data["statements"]["mini-thesis"]["data"]["type"] == "thesis"
    assert {r["from"]: r["to"] for r in data["relations"] if r["relationType"] == "undercut"} == \
        {"mini-reserve": "mini-debt + mini-deficit → mini-thesis"}
    assert docs["mini-zh-Hant"]["statements"]["mini-debt"]["data"]["label"] == "債務不斷增加"


def test_argdown_text_is_escaped(mini, tmp_path, argdown_cli):
    project, graph = load(mini)
    project.nodes["mini-debt"].data["statement"]["en"] = NASTY
    project.nodes["mini-debt"].data["label"]["en"] = "a {label} } with braces"
    project.essays["mini"].sections[0].title["en"] = "Body # [with] *marks* ==="
    folder = tmp_path / "in"
    folder.mkdir()
    graph_map = export.maps(project, graph)[0]
    (folder / "mini-en.argdown").write_text(export.argdown(project, graph_map, "en"), encoding="utf-8")
    data = json.loads(run_argdown(argdown_cli, ["json"], folder, tmp_path / "json")["mini-en"])
    texts = argdown_statements(data)
    assert texts["mini-debt"] == " ".join(NASTY.split())
    assert data["statements"]["mini-debt"]["data"]["label"] == "a {label} } with braces"
    assert data["sections"][0]["title"] == "Body # [with] *marks* ==="
    assert data["statements"]["mini-debt"].get("tags") in (None, [])
    check_argdown_json(project, graph, graph_map.ids, "en", data)


# ---------------------------------------------------------------- AIF (arguebuf from PyPI)
def check_aif(project, graph, ids, lang, text: str, path: Path, caplog):
    import arguebuf
    want = expected(project, graph, ids)
    data = json.loads(text)
    kinds = Counter(n["type"] for n in data["nodes"])
    assert kinds["I"] == want["statements"]
    assert kinds["RA"] == want["supports"]
    assert kinds["CA"] == want["attacks"] + want["undercuts"]
    assert set(data) == {"nodes", "edges", "locutions", "participants"}
    assert all(e["formEdgeID"] is None for e in data["edges"])
    by_id = {n["nodeID"]: n for n in data["nodes"]}
    assert len(by_id) == len(data["nodes"]) and len({e["edgeID"] for e in data["edges"]}) == len(data["edges"])
    assert all(e["fromID"] in by_id and e["toID"] in by_id for e in data["edges"])
    # Every statement is asserted: L-node → YA "Asserting" → I-node, with a locution by a participant.
    people = {p["participantID"] for p in data["participants"]}
    locutions = {loc["nodeID"]: loc for loc in data["locutions"]}
    assert all(loc["personID"] in people for loc in locutions.values())
    asserted = {e["toID"] for e in data["edges"] if by_id[e["fromID"]]["text"] == "Asserting"}
    assert {n["nodeID"] for n in data["nodes"] if n["type"] == "I"} <= asserted
    assert kinds["L"] == len(locutions) and all(n["nodeID"] in locutions for n in data["nodes"] if n["type"] == "L")

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        graph_read = arguebuf.load.file(path)
    # arguebuf models arguments, not dialogue: it drops L and YA nodes (and says so for their edges) only.
    dialogue = {n["nodeID"] for n in data["nodes"] if n["type"] in ("L", "YA")}
    skipped = re.findall(r"Source '(\d+)' or target '(\d+)'", caplog.text)
    assert all(a in dialogue or b in dialogue for a, b in skipped)
    schemes = Counter(type(n.scheme).__name__ for n in graph_read.scheme_nodes.values())
    assert len(graph_read.atom_nodes) == want["statements"]
    assert schemes == Counter({"Support": want["supports"], "Attack": want["attacks"] + want["undercuts"]}) - Counter()
    texts = {n.plain_text for n in graph_read.atom_nodes.values()}
    assert texts == {project.nodes[i].text("statement", lang) for i in ids}
    undercut_targets = [next(iter(graph_read.outgoing_nodes(n))) for n in graph_read.scheme_nodes.values()
                        if type(n.scheme).__name__ == "Attack"
                        and not isinstance(next(iter(graph_read.outgoing_nodes(n))), arguebuf.AtomNode)]
    assert len(undercut_targets) == want["undercuts"]
    assert all(type(t.scheme).__name__ == "Support" for t in undercut_targets)
    return data, graph_read


@pytest.mark.parametrize("lang", LANGS)
def test_arguebuf_reads_the_aif_export(mini, tmp_path, lang, caplog):
    project, graph = load(mini)
    export.write_exports(project, graph, tmp_path)
    for name, ids in scopes(project).items():
        path = tmp_path / export.file_names(name)["aif"][lang]
        check_aif(project, graph, ids, lang, path.read_text(encoding="utf-8"), path, caplog)
    path = tmp_path / f"mini-{lang}.aif.json"
    data, graph_read = check_aif(project, graph, scopes(project)["mini"], lang, path.read_text(encoding="utf-8"),
                                 path, caplog)
    known = {"en": "US debt keeps growing.", "zh-Hans": "美国的债务不断增加。", "zh-Hant": "美國的債務不斷增加。"}[lang]
    assert known in {n.plain_text for n in graph_read.atom_nodes.values()}
    # The linked argument is one RA node with both co-premises.
    debt = next(n for n in graph_read.atom_nodes.values() if n.plain_text == known)
    (ra,) = graph_read.outgoing_nodes(debt)
    import arguebuf
    assert {n.plain_text for n in graph_read.incoming_nodes(ra) if isinstance(n, arguebuf.AtomNode)} == {
        project.nodes[i].text("statement", lang) for i in ("mini-debt", "mini-deficit")}
    # Quotes stay in the essay's script; the author speaks them.
    l_texts = {n["text"] for n in data["nodes"] if n["type"] == "L"}
    assert "tester : 因为债务不断增加" in l_texts
    assert {n["timestamp"] for n in data["nodes"]} == {"2025-01-01 00:00:00"}
    assert data["participants"] == [{"participantID": data["participants"][0]["participantID"],
                                     "firstname": "tester", "surname": ""}]


def test_aif_text_round_trips_through_arguebuf(mini, tmp_path, caplog):
    import arguebuf
    project, graph = load(mini)
    project.nodes["mini-debt"].data["statement"]["en"] = NASTY
    graph_map = export.maps(project, graph)[0]
    path = tmp_path / "nasty.aif.json"
    path.write_text(export.aif(project, graph_map, "en"), encoding="utf-8")
    assert NASTY in {n.plain_text for n in arguebuf.load.file(path).atom_nodes.values()}


# ---------------------------------------------------------------- the data dump and its schema
def dump_validator():
    import jsonschema
    from referencing import Registry, Resource
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "schema").glob("*.schema.json")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    export_schema = json.loads((ROOT / "schema" / "export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(export_schema)
    return jsonschema.Draft202012Validator(export_schema, registry=registry)


def check_dump(project, graph, text: str):
    data = json.loads(text)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in dump_validator().iter_errors(data)]
    assert errors == []
    assert [n["id"] for n in data["nodes"]] == sorted(project.nodes)
    assert data["nodes"] == [project.nodes[i].data for i in sorted(project.nodes)]
    assert Counter(r["kind"] for r in data["relations"]) == Counter(e.kind for e in graph.edges)
    assert {e["id"] for e in data["essays"]} == set(project.essays)
    assert len(data["sections"]) == sum(len(e.sections) for e in project.essays.values())
    assert data["glossary"]["terms"] == project.glossary
    return data


def test_data_dump_follows_its_schema(mini):
    project, graph = load(mini)
    data = check_dump(project, graph, export.data_dump(project, graph))
    linked = [r for r in data["relations"] if r["kind"] == "supports" and len(r["premises"]) > 1]
    assert {tuple(r["premises"]) for r in linked} == {("mini-debt", "mini-deficit")}
    assert data["sources"][0]["date"] == "2025-01-01"


def test_schema_rejects_a_broken_dump(mini):
    project, graph = load(mini)
    data = json.loads(export.data_dump(project, graph))
    data["nodes"][0]["type"] = "opinion"
    data["relations"].append({"kind": "undercuts", "source": "mini-reserve", "target": "mini-thesis", "origin": "essay"})
    messages = [e.message for e in dump_validator().iter_errors(data)]
    assert any("opinion" in m for m in messages) and any("premise" in m for m in messages)


# ---------------------------------------------------------------- files and pages
def test_exports_are_deterministic_and_written_only_when_changed(mini, tmp_path):
    project, graph = load(mini)
    out = tmp_path / "downloads"
    first = export.write_exports(project, graph, out)
    assert sorted(first) == sorted(p.name for p in out.iterdir())
    snapshot = {p.name: p.read_bytes() for p in out.iterdir()}
    stale = out / "old-en.argdown"
    stale.write_text("x", encoding="utf-8")
    project2, graph2 = load(mini)  # a second, independent load
    assert export.write_exports(project2, graph2, out) == []
    assert not stale.exists()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == snapshot
    for name, text in snapshot.items():
        if name.endswith(".json") and not name.endswith(".schema.json"):  # schemas are copied as they are
            data = json.loads(text)
            assert text.decode("utf-8") == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n" \
                or text.decode("utf-8") == json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                      separators=(",", ":")) + "\n"


def test_every_essay_and_the_combined_map_link_their_downloads(mini, tmp_path):
    project, graph = load(mini)
    files = export.exports(project, graph)
    renderer = Renderer(project, graph, undrawn(project, graph), {})
    for lang in LANGS:
        for page, name in ((renderer.essay("mini", lang), "mini"), (renderer.combined(lang), export.COMBINED)):
            assert renderer.s(lang, "downloads") in page.content
            hrefs = re.findall(r'href="([^"]*)"', page.content.split('class="am-downloads"')[1])
            # Resolve each link as a browser does from the page's URL (languages other than English live
            # under /<lang>/, the downloads once at the site root).
            base = "/" + ("" if lang == "en" else lang + "/") + page_url(page.path.replace(f".{lang}.md", ".md"))
            targets = {str(Path(base, href).resolve()) for href in hrefs}
            names = export.file_names(name)
            wanted = {f"/downloads/{names[k][o]}" for k in ("aif", "argdown") for o in LANGS}
            wanted |= {f"/downloads/{export.DATA_FILE}", f"/downloads/{export.SCHEMA_FILE}"}
            assert targets == wanted
            assert {t.rsplit("/", 1)[1] for t in targets} <= set(files)
    assert download_url("map/index.md", "zh-Hant", "x.json") == "../../downloads/x.json"
    assert download_url("essays/mini/index.md", "en", "x.json") == "../../downloads/x.json"


def test_download_names_are_not_taken_for_translations():
    """mkdocs-static-i18n reads a locale suffix (name.<lang>.ext) as a translation; downloads must not have one."""
    from mkdocs_static_i18n.config import RE_LOCALE
    for name in ("mini", export.COMBINED):
        for kind in export.file_names(name).values():
            for file_name in kind.values():
                stem = file_name.rsplit(".", 1)[0]
                assert "." not in stem or not RE_LOCALE.match(stem.rsplit(".", 1)[1]), file_name


# ---------------------------------------------------------------- the real maps
def test_real_maps_read_back_by_both_consumers(tmp_path, argdown_cli, caplog):
    project, graph = load(ROOT)
    folder = tmp_path / "downloads"
    export.write_exports(project, graph, folder)
    check_dump(project, graph, (folder / export.DATA_FILE).read_text(encoding="utf-8"))
    for name, ids in scopes(project).items():
        for lang in LANGS:
            path = folder / export.file_names(name)["aif"][lang]
            check_aif(project, graph, ids, lang, path.read_text(encoding="utf-8"), path, caplog)
    argdown_dir = tmp_path / "argdown"
    argdown_dir.mkdir()
    for path in folder.glob("*.argdown"):
        shutil.copyfile(path, argdown_dir / path.name)
    docs = {k: json.loads(v) for k, v in run_argdown(argdown_cli, ["json"], argdown_dir, tmp_path / "json").items()}
    dots = run_argdown(argdown_cli, ["map", "--format", "dot"], argdown_dir, tmp_path / "dot")
    for name, ids in scopes(project).items():
        essays = set(project.essays) if name == export.COMBINED else {name}
        sections = sum(1 for e in essays for s in project.essays[e].sections
                       if any(project.nodes[i].section == s.id and project.nodes[i].essay == e for i in ids))
        for lang in LANGS:
            check_argdown_json(project, graph, ids, lang, docs[f"{name}-{lang}"])
            check_argdown_dot(project, graph, ids, dots[f"{name}-{lang}"], sections)
    want = expected(project, graph, list(project.nodes))
    assert want["undercuts"] >= 1 and want["arguments"] >= 1 and want["attacks"] > 10
