"""The per-language search indexes (src/argmap/render/search.py), from Material-shaped entries, with real jieba
and the project's dictionaries. The browser side is tested in tests/browser/test_search.py."""
from __future__ import annotations

import json

import pytest

from argmap.load import loader
from argmap.render import dictionary, search
from support import ROOT

LANGS = ("en", "zh-Hans", "zh-Hant")


@pytest.fixture(scope="module")
def cut():
    dictionary.ensure_main(ROOT)
    dictionary.ensure_user(ROOT, loader.load_project(ROOT)[0].glossary)
    return search.jieba_cut(ROOT)


def test_plain_text_has_no_markup_or_entities_even_escaped_twice():
    assert search.plain("Ant Group&#x27;s <b>plans</b>") == "Ant Group's plans"
    assert search.plain("AI&amp;#x27;s power") == "AI's power"
    assert search.plain("&lt;p&gt;escaped markup&lt;/p&gt;\u200b and\n space") == "escaped markup and space"


def test_han_runs_are_cut_with_the_projects_words_and_no_invented_ones(cut):
    # jieba's HMM (Material's call) made 对美债 one word; without it, 美债 stays a word of its own
    assert search.segment("加速去美元化", cut) == "加速\u200b去美元化"      # a glossary term stays whole
    assert "对美债" not in search.segment("对美债", cut).split("\u200b")
    assert search.segment("影子銀行", cut) == "影子\u200b銀行" or search.segment("影子銀行", cut) == "影子銀行"
    assert search.segment("AI美元 and 38%", cut) == "AI美元 and 38%"       # only inside a Han run


def test_one_index_per_language_with_clean_titles_leads_and_no_breadcrumbs(cut):
    entries = [
        {"location": "nodes/n/", "title": "Ant Group&#x27;s plans", "text": "Essay › Section"},
        {"location": "nodes/n/#ant", "title": "Ant Group's plans", "text": "Evidence <p>China halted the plans.</p>"},
        {"location": "nodes/n/#source", "title": "Source", "text": "<p>叫停\u200b计划</p>"},
        {"location": "zh-Hans/nodes/n/", "title": "叫停\u200b计划", "text": "文章 › 节"},
        {"location": "zh-Hans/nodes/n/#_1", "title": "叫停计划", "text": "证据 <p>中国叫停了计划。</p>"},
        {"location": "zh-Hant/nodes/n/", "title": "叫停計劃", "text": ""},
    ]
    leads = {"en": {"nodes/n/": "China halted the plans."}, "zh-Hans": {"zh-Hans/nodes/n/": "中国叫停了计划。"}}
    indexes = search.build(entries, LANGS, "en", cut, leads)
    assert set(indexes) == set(LANGS)
    (en,) = indexes["en"]["pages"]
    location, title, lead, own, sections = en
    assert (location, title, lead, own) == ("nodes/n/", "Ant Group's plans", "China halted the plans.", "Evidence")
    assert [row[0] for row in sections] == ["#source"], "the h1 section is the page's own text"
    assert "Essay" not in json.dumps(indexes["en"]), "breadcrumbs are navigation, not content"
    (hans,) = indexes["zh-Hans"]["pages"]
    assert hans[0] == "zh-Hans/nodes/n/" and hans[1] == "叫停\u200b计划" and hans[2].startswith("中国\u200b")
    assert [p[0] for p in indexes["zh-Hant"]["pages"]] == ["zh-Hant/nodes/n/"]
    fold = indexes["zh-Hant"]["fold"]
    assert "計计" in fold and "劃划" in fold, "Traditional characters fold onto Simplified ones"


def test_write_leaves_materials_configuration_and_one_file_per_language(tmp_path, cut):
    material = {"config": {"separator": "[\\s\\u200b]+"}, "docs": [
        {"location": "", "title": "Home", "text": ""}, {"location": "zh-Hant/", "title": "首頁", "text": ""}]}
    sizes = search.write(tmp_path, material, LANGS, "en", cut)
    assert set(sizes) == set(LANGS)
    assert json.loads((tmp_path / "search/search_index.json").read_text()) == {"config": material["config"], "docs": []}
    hant = json.loads((tmp_path / "search/index.zh-Hant.json").read_text(encoding="utf-8"))
    assert [p[0] for p in hant["pages"]] == ["zh-Hant/"] and sizes["zh-Hant"] == len(
        (tmp_path / "search/index.zh-Hant.json").read_bytes())
