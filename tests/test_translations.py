"""Parallel texts of the sources: the warnings, make sync of the converted script, coverage, sentence
alignment and the marking of quotes (the E5xx errors have fixtures in tests/fixtures/cases/)."""
from __future__ import annotations

from argmap import pipeline
from argmap.__main__ import main
from argmap.convert import translations
from argmap.convert.conversion import Converter
from argmap.load import loader
from argmap.validate import rules, validation
from support import ROOT, make_project, undrawn


def formatted(root, code):
    _, problems, _ = pipeline.check(root)
    return [p.format() for p in sorted(set(problems)) if p.code == code]


def test_a_repair_the_conversion_already_makes_is_a_warning(tmp_path):
    root = make_project(tmp_path)
    repairs = root / "sources/mini.repairs.yaml"
    repairs.write_text(repairs.read_text(encoding="utf-8") + (
        "  - {paragraph: 4, converted: 储备货币, repaired: 儲備貨幣, original: 储备货币,\n"
        "    note: {en: a test, zh-Hans: 测试。, zh-Hant: 測試。}}\n"), encoding="utf-8")
    assert formatted(root, "W703") == [
        "sources/mini.repairs.yaml:6: W703 repair of paragraph 4: the conversion already gives '儲備貨幣' — "
        "delete the repair: nothing needs it any more"]
    assert main(["--root", str(root), "check"]) == 0


def test_english_without_the_glossary_term_is_a_warning(tmp_path):
    root = make_project(tmp_path)
    english = root / "sources/mini.en.txt"
    english.write_text(english.read_text(encoding="utf-8").replace("Dollar hegemony", "The dollar's dominance"),
                       encoding="utf-8")
    assert formatted(root, "W704") == [
        "sources/mini.en.txt:2: W704 paragraph 2 has the glossary term 美元霸权 but its English does not say "
        "'dollar hegemony' — use the glossary's rendering (arguments/glossary.yaml), or change the glossary if it "
        "does not fit"]
    english.write_text(english.read_text(encoding="utf-8").replace("The dollar's dominance", "The dollar’s hegemony"),
                       encoding="utf-8")
    assert formatted(root, "W704") == []  # an inflection or possessive still uses the term


def test_glossary_matching_allows_inflections_not_other_words():
    stems = rules._glossary_stems("excessive financialisation")
    assert rules._uses(stems, rules._words("kept from being excessively financialised"))
    assert not rules._uses(stems, rules._words("excessive finance"))
    assert rules._uses(rules._glossary_stems("reshoring (of manufacturing)"),
                            rules._words("to reshore manufacturing"))


def test_sync_writes_the_converted_script_but_never_over_a_hand_edit(tmp_path, capsys):
    root = make_project(tmp_path)
    target = root / "sources/mini.zh-Hant.txt"
    good = target.read_text(encoding="utf-8")
    target.unlink()
    assert main(["--root", str(root), "sync"]) == 0
    assert target.read_text(encoding="utf-8") == good     # conversion plus the recorded repair
    assert "貿易赤字" in good
    edited = good.replace("主要儲備貨幣", "主要的儲備貨幣")
    target.write_text(edited, encoding="utf-8")
    main(["--root", str(root), "sync"])
    assert target.read_text(encoding="utf-8") == edited  # a hand edit is never lost ...
    assert "sources/mini.zh-Hant.txt: differs from the conversion" in capsys.readouterr().err
    main(["--root", str(root), "sync", "--force"])
    assert target.read_text(encoding="utf-8") == good    # ... unless asked for


def test_check_prints_translation_coverage(tmp_path, capsys):
    root = make_project(tmp_path)
    english = root / "sources/mini.en.txt"
    lines = english.read_text(encoding="utf-8").split("\n")
    lines[2] = ""
    english.write_text("\n".join(lines), encoding="utf-8")
    main(["--root", str(root), "check"])
    err = capsys.readouterr().err.splitlines()
    assert "translation: mini: en 3/4 paragraphs (75.0%)" in err
    assert "translation: mini: zh-Hant 4/4 paragraphs (100.0%, 1 repair)" in err


def test_the_real_translations_are_complete_and_consistent():
    project, problems = loader.load_project(ROOT)
    result = validation.validate(project)
    codes = {"E508", "E509", "E510", "E511", "E512", "E513", "E514", "E403", "E404", "E405"}
    assert [p.format() for p in problems + result.problems if p.code in codes and p.path.startswith("sources/")] == []
    for cov in translations.coverage(project):
        assert cov.present == cov.total, cov


def test_repairs_are_located_in_the_made_text():
    project, _ = loader.load_project(ROOT)
    for source in project.sources.values():
        made = translations.make(source, source.parallel, Converter(project.overrides))
        for number, spans in made.spans.items():
            for start, end, repair in spans:
                assert made.paragraphs[number - 1][start:end] == repair.repaired


def test_sentences_and_alignment():
    zh = "美元霸权正在衰落。债务不断增加!“这是必然的。”最后一句"
    assert [zh[s:e] for s, e in translations.sentences(zh, "zh-Hans")] == [
        "美元霸权正在衰落。", "债务不断增加!", "“这是必然的。”", "最后一句"]
    en = "Dollar hegemony is in decline. Debt keeps growing, e.g. in the U.S. by 2.5% a year! “It is inevitable.” A last one"
    assert len(translations.sentences(en, "en")) == 4
    assert translations.aligned(zh, "zh-Hans", en, "en", "债务不断") == "Debt keeps growing, e.g. in the U.S. by 2.5% a year!"
    assert translations.aligned(zh, "zh-Hans", en, "en", "衰落。债务") == (
        "Dollar hegemony is in decline. Debt keeps growing, e.g. in the U.S. by 2.5% a year!")
    assert translations.aligned(zh, "zh-Hans", "One sentence only.", "en", "债务") is None


def test_quote_marks_nest_and_skip_crossing_quotes():
    text = "甲乙丙丁戊己庚"
    marks = translations.quote_marks(text, [("a", "甲乙丙丁"), ("b", "乙丙"), ("c", "丁戊"), ("d", "庚")])
    assert [(m.node, m.start, m.end, [i.node for i in m.inner]) for m in marks] == [
        ("a", 0, 4, ["b"]), ("d", 6, 7, [])]


class _Marks:
    """Reads a rendered source page: for each paragraph's original text, its plain text and the
    (start, end, node) of every <mark class="am-q"> in it (type glyphs and screen-reader words left out)."""

    def __init__(self, page: str):
        from html.parser import HTMLParser
        marks = self

        class Parser(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.para = None
                self.stack = []    # open elements inside the original: (tag, node id or None, skip)
                self.text = {}
                self.found = {}
                self.skip = 0

            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                classes = (attrs.get("class") or "").split()
                if tag == "div" and "am-para" in classes:
                    self.para = int(attrs["id"][2:])
                    self.text[self.para] = ""
                    self.found[self.para] = []
                    self.in_orig = False
                    return
                if tag == "p" and "am-orig" in classes:
                    self.in_orig = True
                    self.stack = [("p", None, False)]
                    return
                if self.para is None or not getattr(self, "in_orig", False) or not self.stack:
                    return
                skip = "am-qg" in classes or "am-sr" in classes
                node = attrs.get("data-node") if tag == "mark" else None
                self.stack.append((tag, node, skip))
                self.skip += skip
                if node:
                    self.found[self.para].append([node, len(self.text[self.para]), None])

            def handle_endtag(self, tag):
                if not self.stack:
                    return
                name, node, skip = self.stack.pop()
                self.skip -= skip
                if node:
                    entry = next(e for e in reversed(self.found[self.para]) if e[0] == node and e[2] is None)
                    entry[2] = len(self.text[self.para])
                if name == "p" and not self.stack:
                    self.in_orig = False

            def handle_data(self, data):
                if self.stack and not self.skip:
                    self.text[self.para] += data

        parser = Parser()
        parser.feed(page)
        marks.text, marks.found = parser.text, parser.found


def test_the_rendered_source_page_marks_each_quote_once_where_it_is():
    """The marking and the rule E514 come from the same data: here the page itself is read back, in every
    language, and each node's quote must be marked exactly once, at its offset in its paragraph."""
    from argmap.link import graph as graph_stage
    from argmap.model import LANGS
    from argmap.render.pages import Renderer
    project, _ = loader.load_project(ROOT)
    result = validation.validate(project)
    renderer = Renderer(project, graph_stage.build(project), undrawn(project), result.coverage)
    for essay_id, essay in project.essays.items():
        source = project.sources[essay.data["source"]]
        expected = sorted((n.source["paragraph"], source.paragraph(n.source["paragraph"]).find(n.source["quote"]),
                           n.id) for n in project.essay_nodes(essay_id) if isinstance(n.source, dict))
        for lang in LANGS:
            page = _Marks(renderer.source(essay_id, lang).content)
            assert [page.text[n] for n in range(1, len(source.paragraphs) + 1)] == source.paragraphs, lang
            found = []
            for number, entries in page.found.items():
                for node_id, start, end in entries:
                    quote = project.nodes[node_id].source["quote"]
                    assert page.text[number][start:end] == quote, (lang, node_id)
                    found.append((number, start, node_id))
            assert sorted(found) == expected, lang
