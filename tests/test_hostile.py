"""Hostile and careless input, round two: no hang, no traceback, no file from outside, nothing dropped.

Every E8xx case of tests/fixtures/cases/ is run through the real command line (`argmap check`) in a
subprocess with a time limit, and the lines of its code must equal its ``output`` file, message and fix
included: a FIFO that blocks, a RecursionError or a 4,400-digit integer fails here instead of hanging
the suite.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from argmap import paths, pipeline
from argmap.load import loader
from argmap.render import figures
from argmap.validate import limits, validation
from argmap.write import docs as docs_stage
from support import FIXTURES, make_project

CASES = sorted(p for p in (FIXTURES / "cases").iterdir() if (p / "output").exists() and p.name.startswith("E8"))
TIMEOUT = 60


def run(*args, root: Path, timeout: int = TIMEOUT, **kwargs):
    return subprocess.run([sys.executable, "-m", "argmap", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=timeout, **kwargs)


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith(("coverage:", "translation:", "checked "))]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_reports_exactly_its_output(tmp_path, case):
    root = make_project(tmp_path, case / "overlay")
    result = run("check", "--seeds", str(root / "seeds"), root=root)
    assert "Traceback" not in result.stderr
    code = case.name.split("-")[0]
    lines = [line for line in problem_lines(result.stderr) if f": {code} " in line]
    assert lines == (case / "output").read_text(encoding="utf-8").splitlines()
    assert result.returncode == 1


def hostile_cases() -> list[Path]:
    """The hostile corpus: the fixture cases of malformed files (E1xx) and of attacks on the limits and the
    file system (E8xx), and every other case whose HOSTILE file says what attack it models."""
    return sorted(p for p in (FIXTURES / "cases").iterdir()
                  if p.is_dir() and (p.name[:2] in ("E1", "E8") or (p / "HOSTILE").is_file()))


def test_the_corpus_is_large_and_each_case_asserts_its_complete_output():
    cases = hostile_cases()
    assert len(cases) >= 80
    for case in cases:  # each asserts its exact problems (expected) and its whole output in three languages
        assert (case / "expected").is_file() and all((case / f"output.{lang}").is_file()
                                                      for lang in ("en", "zh-Hans", "zh-Hant")), case.name
        if (case / "HOSTILE").is_file():
            assert (case / "HOSTILE").read_text(encoding="utf-8").strip(), case.name


# ------------------------------------------------------------------ files from outside, FIFOs, devices

def test_a_fifo_under_arguments_does_not_block_check(tmp_path):
    root = make_project(tmp_path)
    os.mkfifo(root / "arguments/mini/mini-pipe.yaml")
    os.mkfifo(root / "arguments/mini/essay-notes.txt")
    result = run("check", root=root, timeout=30)
    assert problem_lines(result.stderr) == [
        "arguments/mini/essay-notes.txt:1: E805 the file is a FIFO, not a regular file — commit the file itself: "
        "symlinks, FIFOs, devices and files outside the project are never read",
        "arguments/mini/mini-pipe.yaml:1: E805 the file is a FIFO, not a regular file — commit the file itself: "
        "symlinks, FIFOs, devices and files outside the project are never read"]


@pytest.mark.parametrize("where", ["arguments/mini/mini-debt.yaml", "arguments/glossary.yaml",
                                   "arguments/zh-overrides.tsv", "arguments/mini/essay.yaml", "sources/mini.yaml",
                                   "sources/mini.txt", "sources/SHA256SUMS"])
def test_a_symlink_is_never_followed(tmp_path, where):
    root = make_project(tmp_path)
    outside = tmp_path / "outside"
    outside.write_bytes((root / where).read_bytes())  # the same bytes: only the link is wrong
    (root / where).unlink()
    (root / where).symlink_to(outside)
    result = run("check", root=root)
    assert f"{where}:1: E805 the file is a symbolic link" in result.stderr
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_a_device_is_refused(tmp_path):
    root = make_project(tmp_path)
    (root / "sources/mini.txt").unlink()
    (root / "sources/mini.txt").symlink_to("/proc/self/environ")
    project, problems = loader.load_project(root)
    assert "mini" not in project.sources
    assert [p.code for p in problems if p.path == "sources/mini.txt"] == ["E805"]
    assert paths.refusal(Path("/dev/null"), None) == "device"
    _, problem = paths.read_bytes(Path("/dev/null"), None, "sources/null.txt")
    assert problem is not None and problem.format() == ("sources/null.txt:1: E805 the file is a device, not a regular "
                                                        "file — commit the file itself: symlinks, FIFOs, devices and "
                                                        "files outside the project are never read")


def test_an_operating_system_error_is_told_in_the_contributors_language(tmp_path):
    folder = tmp_path / "mini-extra.yaml"
    folder.mkdir()
    _, problem = paths.read_bytes(folder, None, "arguments/mini/mini-extra.yaml")
    assert problem is not None
    assert [problem.format(lang).split(" — ")[0] for lang in ("en", "zh-Hans", "zh-Hant")] == [
        "arguments/mini/mini-extra.yaml:1: E109 cannot read the file (it is a folder)",
        "arguments/mini/mini-extra.yaml:1: E109 无法读取文件（这是一个文件夹）",
        "arguments/mini/mini-extra.yaml:1: E109 無法讀取檔案（這是一個資料夾）"]


def test_a_source_linked_to_etc_passwd_is_not_published(tmp_path):
    root = make_project(tmp_path)
    (root / "sources/mini.txt").unlink()
    (root / "sources/mini.txt").symlink_to("/etc/passwd")
    outcome = pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache")
    assert not outcome.ok
    assert not (root / "docs").exists() or "root:" not in "".join(
        p.read_text(encoding="utf-8") for p in (root / "docs").rglob("*.md"))


def test_seed_outside_the_seeds_folder_is_refused_without_an_oracle(tmp_path):
    root = make_project(tmp_path)
    meta = root / "sources/mini.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("seed: mini-seed.txt", "seed: ../../../../etc/passwd")
                    .replace("drop: []", "drop: ['root:x:0:0']"), encoding="utf-8")
    result = run("sources", "--seeds", str(root / "seeds"), root=root)
    assert "E507" not in result.stderr and "occurs" not in result.stderr  # nothing tells what the file holds
    assert "sources/mini.yaml:9: E203 seed:" in result.stderr


def test_a_symlinked_seed_is_refused(tmp_path):
    root = make_project(tmp_path)
    (root / "seeds/mini-seed.txt").unlink()
    (root / "seeds/mini-seed.txt").symlink_to("/etc/passwd")
    result = run("sources", "--seeds", str(root / "seeds"), root=root)
    assert problem_lines(result.stderr) == [
        "sources/mini.yaml:1: E805 seed mini-seed.txt: the file is a symbolic link — the seeds folder holds regular files "
        "only: copy the seed in, no symlinks"]


@pytest.mark.parametrize("change, line", [
    ("script: zh-Hans", "script: fr"),
    ("script: zh-Hans", "script: [zh-Hans]"),
    ("title: 小测验", "title: [小测验]"),
    ("author: tester", "author: {name: tester}"),
    ("lines: [1, 5]", "lines: one to five"),
    ("drop: []", "drop: droppable"),
    ("url: https://example.org/mini", "url: javascript:alert(1)"),
])
def test_source_metadata_has_a_schema(tmp_path, change, line):
    root = make_project(tmp_path)
    meta = root / "sources/mini.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(change, line), encoding="utf-8")
    commands = [["check"], ["sources", "--seeds", str(root / "seeds")]] + ([["generate"]] if "fr" in line else [])
    for command in commands:
        result = run(*command, root=root)
        assert "Traceback" not in result.stderr, command
        assert result.returncode != 0
        assert any(": E20" in line and line.startswith("sources/mini.yaml:")
                   for line in result.stderr.splitlines()), command


# ------------------------------------------------------------------ limits

def test_a_12000_deep_list_is_a_problem_not_a_recursion_error(tmp_path):
    root = make_project(tmp_path)
    node = root / "arguments/mini/mini-debt.yaml"
    node.write_text(node.read_text(encoding="utf-8") + "attacks:\n"
                    + "".join(" " + "[" * 4000 + "\n" for _ in range(3))
                    + "".join(" " + "]" * 4000 + "\n" for _ in range(3)), encoding="utf-8")
    result = run("check", root=root)
    assert "arguments/mini/mini-debt.yaml:20: E801 lists and mappings nested more than 24 levels deep" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_1100_levels_deep_does_not_break_the_hook_fingerprint(tmp_path):
    import importlib.util
    root = make_project(tmp_path)
    folder = root / "arguments/mini"
    for _ in range(1100):  # os.makedirs would recurse too
        folder = folder / "a"
        folder.mkdir()
    (folder / "deep.yaml").write_text("x: 1\n", encoding="utf-8")
    hook_file = Path(__file__).resolve().parents[1] / "hooks/mkdocs_hooks.py"
    spec = importlib.util.spec_from_file_location("hooks", hook_file)
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    try:
        assert len(hooks.fingerprint(root)) == 64
        from types import SimpleNamespace
        seen = hooks.FastServe.inputs(SimpleNamespace(watched=[root / "arguments", root / "sources"]))
        assert str(root / "arguments/mini/mini-debt.yaml") in {path for path, _, _ in seen}
        _, problems = loader.load_project(root)
        assert [p.format() for p in problems if p.code == "E806"] == [
            "arguments/mini/a/:1: E806 a folder inside an essay folder is not read — move its node files up into "
            "arguments/mini/"]
    finally:  # shutil.rmtree recurses too: remove the folders from the bottom up
        (folder / "deep.yaml").unlink()
        while folder != root / "arguments/mini":
            folder.rmdir()
            folder = folder.parent


def test_a_section_cycle_never_hangs_the_pages(tmp_path):
    """crumbs() and the diagrams' section walk are bounded even if a cycle got past check."""
    from argmap.model import Section
    from argmap.render.diagrams import _descendants
    a, b = Section("a", "e", {}, "b", 0), Section("b", "e", {}, "a", 1)
    children = {"b": [a], "a": [b]}
    assert [s.id for s in _descendants(children, "a")] == ["b"]
    deep = {str(i): [Section(str(i + 1), "e", {}, str(i), i)] for i in range(1500)}
    assert len(list(_descendants(deep, "0"))) == 1500

    class Essay:
        sections = [a, b]

        def section(self, wanted):
            return next((s for s in self.sections if s.id == wanted), None)
    assert len(limits.section_chain(Essay(), "a")) == 2


def test_an_id_with_a_final_newline_does_not_match_the_schema(tmp_path):
    root = make_project(tmp_path)
    essay = root / "arguments/mini/essay.yaml"
    essay.write_text(essay.read_text(encoding="utf-8").replace("  - id: main\n", '  - id: "main\\n"\n'),
                     encoding="utf-8")
    node = root / "arguments/mini/mini-debt.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("section: main", 'section: "main\\n"'),
                    encoding="utf-8")
    _, problems, _ = pipeline.check(root)
    found = {(p.path, p.line, p.code) for p in problems}
    assert ("arguments/mini/essay.yaml", 11, "E204") in found
    assert ("arguments/mini/mini-debt.yaml", 4, "E203") in found


def test_noncharacters_are_invisible_characters(tmp_path):
    root = make_project(tmp_path)
    node = root / "arguments/mini/mini-debt.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("en: US debt keeps growing.",
                                                             'en: "US debt\\uFFFF keeps \\uFDD0growing."'),
                    encoding="utf-8")
    _, problems, _ = pipeline.check(root)
    assert [p.format() for p in problems if p.code == "E406"] == [
        "arguments/mini/mini-debt.yaml:13: E406 statement.en contains U+FDD0, U+FFFF — delete the invisible "
        "characters (they hide or reorder text)"]


# ------------------------------------------------------------------ nothing committed feeds the build

def git(root: Path, *args):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root,
                          capture_output=True, text=True, timeout=60, check=True)


@pytest.mark.parametrize("name", [".cache/diagrams/ab/ab12.svg", ".cache/argmap/charsets-1.4.2-0.42.1.json",
                                  ".cache/jieba/dict.txt", "docs/nodes/mini-debt.md", "docs/index.zh-Hans.md",
                                  "site/index.html", "docs/.argmap-manifest"])
def test_the_pull_request_check_fails_on_a_tracked_generated_file(tmp_path, name):
    root = make_project(tmp_path)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    assert run("tracked", root=root).returncode == 0
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text("x\n", encoding="utf-8")
    git(root, "add", "-f", name)
    result = run("tracked", root=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(f"{name}:1: E810 ")


def test_hand_written_pages_beside_generated_ones_are_not_generated():
    for name in ("docs/glossary-notes.md", "docs/index-draft.md", "docs/about.md", "docs/assets/x.css"):
        assert not paths.is_generated(name), name
    for name in ("docs/index.md", "docs/glossary.zh-Hant.md", "docs/nodes/x.md", ".cache/diagrams/a.svg", "site"):
        assert paths.is_generated(name), name


def test_a_committed_diagram_cache_file_is_never_inlined(tmp_path):
    """The cache name is keyed with the machine's secret: the name a PR could compute (a hash of `dot -V`,
    the cleaning version and the DOT text) is never looked up."""
    import hashlib

    from argmap.render.diagrams import CLEANING, Diagram, Renderer
    cache = tmp_path / "cache"
    renderer = Renderer(cache, workers=1)
    dot = 'digraph "t" { a -> b; }\n'
    guessed = hashlib.sha256((renderer.version + "\0" + CLEANING + "\0" + dot).encode("utf-8")).hexdigest()
    planted = cache / guessed[:2] / f"{guessed}.svg"
    planted.parent.mkdir(parents=True)
    planted.write_text('<svg><image href="x" onerror="window.__pwned=6"/></svg>\n', encoding="utf-8")
    svg = renderer.render([Diagram("t", "t", dot)])["t"]
    assert "onerror" not in svg and "<svg" in svg and renderer.rendered == 1


def test_a_committed_jieba_dictionary_is_rebuilt(tmp_path):
    from argmap.render import dictionary
    planted = tmp_path / dictionary.MAIN
    planted.parent.mkdir(parents=True)
    planted.write_text("恶意 99999 n\n", encoding="utf-8")
    (tmp_path / ".cache/jieba/dict.txt.seal").write_text("0" * 64 + "\n", encoding="ascii")
    dictionary.ensure_main(tmp_path)
    assert planted.read_text(encoding="utf-8") != "恶意 99999 n\n"
    assert len(planted.read_text(encoding="utf-8").splitlines()) > 100000


def test_a_committed_charset_cache_is_not_read():
    """A charset cache with the old, computable name (which would silence E403) is never read."""
    import jieba
    import opencc

    from argmap.convert import conversion
    planted = Path(conversion.__file__).resolve().parents[2] / ".cache" / "argmap" / \
        f"charsets-{opencc.__version__}-{jieba.__version__}.json"
    original = planted.read_bytes() if planted.exists() else None
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text('{"zh-Hant": "头发", "zh-Hans": ""}', encoding="utf-8")
    try:
        conversion._charsets.cache_clear()
        assert conversion.foreign_characters("头发", "zh-Hant") == [("头", "頭"), ("发", "發")]
    finally:
        conversion._charsets.cache_clear()
        if original is None:
            planted.unlink()
        else:
            planted.write_bytes(original)


# ------------------------------------------------------------------ the generator owns only what it wrote

def test_hand_written_docs_survive_the_generator(tmp_path):
    root = make_project(tmp_path)
    docs = root / "docs"
    docs.mkdir()
    for name in ("glossary-notes.md", "index-draft.md"):
        (docs / name).write_text("# mine\n", encoding="utf-8")
    log = io.StringIO()
    assert pipeline.generate(root, log=log, cache=tmp_path / "cache").ok
    assert pipeline.generate(root, log=log, cache=tmp_path / "cache").ok
    for name in ("glossary-notes.md", "index-draft.md"):
        assert (docs / name).read_text(encoding="utf-8") == "# mine\n"
    assert "nodes/mini-debt.md" in docs_stage.read_manifest(docs)


def test_the_generator_does_not_replace_a_file_it_did_not_write(tmp_path):
    root = make_project(tmp_path)
    log = io.StringIO()
    assert pipeline.generate(root, log=log, cache=tmp_path / "cache").ok
    (root / "docs/nodes/mini-debt.md").unlink()
    (root / "docs/nodes/mini-debt.md").write_text("# my own notes\n", encoding="utf-8")
    manifest = root / paths.MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("nodes/mini-debt.md\n", ""), encoding="utf-8")
    _, problems, _ = pipeline.check(root)
    assert [p.format() for p in problems] == [
        "docs/nodes/mini-debt.md:1: E810 the generator writes its pages here, and it did not write this file: a "
        "build would replace or delete it — rename or move your file (e.g. docs/notes.md), or delete it if it is "
        "an old generated page"]
    outcome = pipeline.generate(root, log=log, cache=tmp_path / "cache")
    assert not outcome.ok and [p.code for p in outcome.problems][-1] == "E810"
    assert (root / "docs/nodes/mini-debt.md").read_text(encoding="utf-8") == "# my own notes\n"


def test_without_a_manifest_the_generator_owns_nothing(tmp_path):
    """A first build (no docs/.argmap-manifest) deletes nothing and overwrites nothing that is there: a
    contributor's docs/nodes/my-notes.md stays, a docs/glossary.md of their own is refused (E810.write), and a
    file of theirs in docs/downloads/ stays too."""
    root = make_project(tmp_path)
    docs = root / "docs"
    (docs / "nodes").mkdir(parents=True)
    (docs / "downloads").mkdir()
    mine = {"nodes/my-notes.md": "# my notes\n", "downloads/my-table.csv": "a,b\n", "glossary.md": "# my glossary\n"}
    for name, text in mine.items():
        (docs / name).write_text(text, encoding="utf-8")
    outcome = pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache")
    assert not outcome.ok
    assert [p.format() for p in outcome.problems if p.is_error] == [
        "docs/glossary.md:1: E810 this file is not the generator's, and a page would replace it — rename or "
        "move your file, or delete it if it is an old generated page"]
    for name, text in mine.items():
        assert (docs / name).read_text(encoding="utf-8") == text, name
    (docs / "glossary.md").rename(docs / "my-glossary.md")
    assert pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache").ok
    for name in ("nodes/my-notes.md", "downloads/my-table.csv"):
        assert (docs / name).read_text(encoding="utf-8") == mine[name], name
    owned = docs_stage.read_manifest(docs)
    assert "nodes/mini-debt.md" in owned and "downloads/argmap-data.json" in owned
    assert "nodes/my-notes.md" not in owned and "downloads/my-table.csv" not in owned
    # from now on check and build name both (they do not belong there), and still leave them
    _, problems, _ = pipeline.check(root)
    assert [p.format().split(" E810")[0] for p in problems] == ["docs/downloads/my-table.csv:1:",
                                                                "docs/nodes/my-notes.md:1:"]
    assert not pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache").ok
    for name in ("nodes/my-notes.md", "downloads/my-table.csv"):
        assert (docs / name).read_text(encoding="utf-8") == mine[name], name


def test_a_download_the_project_no_longer_makes_is_removed_only_if_the_generator_wrote_it(tmp_path):
    root = make_project(tmp_path)
    assert pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache").ok
    docs = root / "docs"
    old = docs / "downloads" / "maps" / "gone-en.svg"
    old.write_text("<svg/>\n", encoding="utf-8")
    manifest = root / paths.MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8") + "downloads/maps/gone-en.svg\n", encoding="utf-8")
    assert pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache").ok
    assert not old.exists()


def test_make_clean_keeps_a_file_the_generator_did_not_write(tmp_path, capsys):
    from argmap.__main__ import main
    root = make_project(tmp_path)
    assert pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache").ok
    docs = root / "docs"
    (docs / "nodes" / "my-notes.md").write_text("# mine\n", encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("x", encoding="utf-8")
    assert main(["--root", str(root), "clean"]) == 0
    err = capsys.readouterr().err
    assert (docs / "nodes" / "my-notes.md").read_text(encoding="utf-8") == "# mine\n"
    assert not (docs / "nodes" / "mini-debt.md").exists() and not (root / "site").exists()
    assert not (docs / "downloads").exists() and not (root / paths.MANIFEST).exists()
    assert ("kept docs/nodes/my-notes.md: the generator did not write it (not in docs/.argmap-manifest); move it out "
            "of the generated folders, or delete it yourself if it is an old page") in err.splitlines()


# ------------------------------------------------------------------ relations: bounded work per diagram

DIGITS = "零一二三四五六七八九"


def crowd(root: Path, count: int, supports) -> None:
    """``count`` small contributor nodes; node i supports the thesis and the nodes ``supports(i)``."""
    for i in range(count):
        number = "".join(DIGITS[int(d)] for d in str(i))
        targets = ["mini-thesis"] + [f"mini-c{j}" for j in supports(i)]
        (root / f"arguments/mini/mini-c{i}.yaml").write_text(
            f"id: mini-c{i}\ntype: premise\nessay: mini\nsection: main\norigin: contributor\ncontributor: x\n"
            f"label:\n  zh-Hans: 论点{number}\n  zh-Hant: 論點{number}\n  en: Claim {i}\n"
            f"statement:\n  zh-Hans: 论点{number}。\n  zh-Hant: 論點{number}。\n  en: Claim {i}.\n"
            "supports:\n" + "".join(f"  - {t}\n" for t in targets), encoding="utf-8")


def test_forty_nodes_each_supporting_every_earlier_one_are_refused_by_check(tmp_path):
    """Once check-clean, they took 803 s to build (every neighbourhood drew all 820 edges)."""
    root = make_project(tmp_path)
    crowd(root, 40, range)
    result = run("check", root=root, timeout=60)
    lines = problem_lines(result.stderr)
    assert "arguments/mini/essay.yaml:1: E808 824 relations among 44 nodes, more than 86 (1.5 a node, plus 20): " \
           "the maps could not be laid out in time — keep the relations the essay draws; a node that supports " \
           "many others usually makes several claims: split it" in lines
    assert "arguments/mini/mini-c39.yaml:1: E808 40 relations, more than 8 — a node makes one claim: split it, " \
           "or keep the relations the essay draws" in lines
    outcome = pipeline.generate(root, log=io.StringIO(), cache=tmp_path / "cache")
    assert not outcome.ok


def test_a_node_many_others_support_gets_a_bounded_neighbourhood(tmp_path):
    from argmap.link import graph as graph_stage
    from argmap.render.pages import STRINGS, parse_strings
    root = make_project(tmp_path)
    crowd(root, 100, lambda i: [])
    project, _ = loader.load_project(root)
    assert [p.format() for p in validation.validate(project).problems if p.is_error] == []
    graph = graph_stage.build(project)
    ids, hidden = figures.neighbourhood(graph, "mini-thesis")
    assert len(ids) == limits.NEIGHBOURS + 1 and hidden == len(graph.neighbours("mini-thesis")) - limits.NEIGHBOURS
    strings = parse_strings(STRINGS.read_text(encoding="utf-8"))
    dots = {d.key: d.dot for d in figures.diagram_specs(project, graph, "en", strings)}
    thesis = dots["node/mini-thesis/en"]
    assert thesis.count(" [label=") == limits.NEIGHBOURS + 1
    assert f'"+more" [shape=plaintext, style="", class="more", label="+{hidden} more: see the node\'s page"]' in thesis
    zh = {d.key: d.dot for d in figures.diagram_specs(project, graph, "zh-Hant", strings)}
    assert f"另有 {hidden} 個相鄰節點" in zh["node/mini-thesis/zh-Hant"]


def test_a_dense_but_check_clean_project_builds_in_bounded_time(tmp_path):
    """44 nodes at the density limit: generated in a subprocess with a time limit (base: ~3 s)."""
    root = make_project(tmp_path)
    crowd(root, 40, lambda i: [i - 1] if i else [])
    result = run("check", root=root)
    assert result.returncode == 0, result.stderr
    result = run("generate", root=root, timeout=120, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert result.returncode == 0, result.stderr


# ------------------------------------------------------------------ make fmt and make sync: keep or refuse

def _unordered(root: Path) -> Path:
    """mini-debt.yaml with two fields swapped, so that make fmt has work to do."""
    node = root / "arguments/mini/mini-debt.yaml"
    text = node.read_text(encoding="utf-8")
    node.write_text(text.replace("type: premise\nessay: mini\n", "essay: mini\ntype: premise\n"), encoding="utf-8")
    return node


def test_fmt_keeps_a_comment_inside_a_flow_sequence(tmp_path):
    root = make_project(tmp_path)
    node = _unordered(root)
    text = node.read_text(encoding="utf-8").replace("supports:\n  - mini-thesis\n",
                                                    "supports: [mini-thesis,  # the essay's own words\n  ]\n")
    node.write_text(text, encoding="utf-8")
    result = run("fmt", root=root)
    assert node.read_text(encoding="utf-8") == text  # untouched rather than losing the comment
    assert "arguments/mini/mini-debt.yaml:1: left as it is: rewriting it would lose the comment " \
           "\"# the essay's own words\"" in result.stderr or \
           "arguments/mini/mini-debt.yaml:1: left as it is: rewriting it would lose the comment " \
           "'# the essay's own words'" in result.stderr


@pytest.mark.parametrize("mode", [0o644, 0o444, 0o640])
def test_fmt_keeps_the_file_mode(tmp_path, mode):
    root = make_project(tmp_path)
    node = _unordered(root)
    node.chmod(mode)
    assert run("fmt", root=root).returncode == 0
    assert node.read_text(encoding="utf-8").startswith("id: mini-debt\ntype: premise\nessay: mini\n")
    assert node.stat().st_mode & 0o777 == mode


def test_fmt_never_replaces_a_symlinked_glossary_with_a_copy(tmp_path):
    root = make_project(tmp_path)
    glossary = root / "arguments/glossary.yaml"
    real = root / "glossary-real.yaml"
    real.write_text(glossary.read_text(encoding="utf-8").replace("zh-Hans", "zh-Hans", 1), encoding="utf-8")
    glossary.unlink()
    glossary.symlink_to(real)
    result = run("fmt", root=root)
    assert glossary.is_symlink()
    assert "arguments/glossary.yaml:1: left as it is: the file is a symbolic link" in result.stderr


def test_fmt_does_not_expand_a_billion_laughs_glossary(tmp_path):
    root = make_project(tmp_path)
    glossary = root / "arguments/glossary.yaml"
    laughs = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, 10)]
    glossary.write_text("\n".join(laughs) + "\nterms: *a9\n", encoding="utf-8")
    before = glossary.read_bytes()
    result = run("fmt", root=root, timeout=60)
    assert glossary.read_bytes() == before
    assert "arguments/glossary.yaml:1: left as it is: E103 (see make check)" in result.stderr


def test_sync_and_fmt_do_not_overwrite_an_edit_saved_while_they_run(tmp_path):
    from argmap.convert import sync
    from argmap.convert.conversion import Converter
    root = make_project(tmp_path)
    node = root / "arguments/mini/mini-debt.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("  zh-Hant: 美國的債務不斷增加。\n", ""),
                    encoding="utf-8")
    saved = node.read_text(encoding="utf-8").replace("美国的债务不断增加。", "美国的债务一直在增加。")

    class Editor(Converter):  # the contributor saves the file while sync converts it
        def convert(self, text, target, config=None):
            node.write_text(saved, encoding="utf-8")
            return super().convert(text, target, config)
    with pytest.raises(sync.Refused) as refused:
        sync.sync_file(node, "zh-Hans", Editor())
    assert refused.value.key == "sync.changed-on-disk"
    assert node.read_text(encoding="utf-8") == saved
