"""Search, as a reader uses it: queries typed into the real search box of the built site, results read back.

Each language has its own index (search/index.<lang>.json, written by src/argmap/render/search.py after the
build) and the page's language is in the search worker's URL (docs/assets/argmap-search-worker.js), so a
page can only list pages of its language. Chinese queries are cut as the index is cut (jieba's words,
both scripts), so compounds, names and figures find the pages that contain them."""
from __future__ import annotations

import json
import re

import pytest

from conftest import LANGS, PREFIX, url

# (page language, query, node page that must come among the first three results). Each node was chosen
# because its label or statement holds the query.
CASES = [
    ("zh-Hans", "去美元化", "hg-d1-brics-double-edged"),
    ("zh-Hans", "美债", "hg-d3-treasury-confidence"),
    ("zh-Hans", "石油美元", "ad-p2-heritage"),
    ("zh-Hans", "特里芬悖论", "hg-d1-1-thesis"),
    ("zh-Hans", "影子银行", "hg-d3-volatility-last-straw"),
    ("zh-Hans", "算力", "ad-intro-cloud-big-four"),
    ("zh-Hans", "芯片", "ad-ed-h200-export"),
    ("zh-Hans", "川普", "ad-ed-h200-export"),
    ("zh-Hans", "黄仁勋", "hg-d5-huang-remarks"),
    ("zh-Hans", "1.2万亿", "hg-d1-us-trade-deficit-2024"),
    ("zh-Hans", "38%", "hg-d3-trade-deficit-up-38"),
    ("zh-Hans", "稳定币", "ad-p3-gop-stablecoin-plan"),
    ("zh-Hant", "去美元化", "hg-d1-brics-double-edged"),
    ("zh-Hant", "美債", "hg-d3-treasury-confidence"),
    ("zh-Hant", "石油美元", "ad-p2-heritage"),
    ("zh-Hant", "特里芬悖論", "hg-d1-1-thesis"),
    ("zh-Hant", "影子銀行", "hg-d3-volatility-last-straw"),
    ("zh-Hant", "算力", "ad-intro-cloud-big-four"),
    ("zh-Hant", "晶片", "ad-ed-h200-export"),
    ("zh-Hant", "川普", "ad-ed-h200-export"),
    ("zh-Hant", "黃仁勳", "ad-p2-huang-quote"),
    ("zh-Hant", "67%", "ad-intro-cloud-big-four"),
    ("zh-Hant", "美元霸權", "hg-d1-thesis"),
    ("en", "Triffin", "hg-d1-1-thesis"),
    ("en", "petrodollar", "ad-p2-heritage"),
    ("en", "stablecoin", "ad-p3-gop-stablecoin-plan"),
    ("en", "techno-feudalism", "hg-d4-thesis"),
    ("en", "shadow banking", "hg-d3-volatility-last-straw"),
    ("en", "Jensen Huang", "hg-d5-huang-remarks"),
    ("en", "Trump", "ad-ed-h200-export"),
    ("en", "Ant Group", "hg-d2-2-ant-halt"),
    ("en", "1.2 trillion", "hg-d1-us-trade-deficit-2024"),
]
ENTITY = re.compile(r"&(?:#x?[0-9a-f]+|[a-z]+);|';|<|>", re.I)


def _results(page, query: str, everything: bool = False) -> list[dict]:
    """Type the query into the search box; the results listed ({href, page, title, text}), in order.
    everything: scroll the list until all results are shown (Material renders 10, then more on scroll)."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")  # Material's search reads the query on key events: fill() alone starts nothing
    page.wait_for_function("q => document.querySelector('input.md-search__input').value === q", arg=query)
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    page.wait_for_timeout(300)
    if everything:
        total = int(re.sub(r"\D", "", page.locator(".md-search-result__meta").inner_text()) or 0)
        for _ in range(100):
            if page.locator(".md-search-result__item").count() >= total:
                break
            # Material adds four more each time the list's end comes into view: leave it, come back
            page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop = 0")
            page.wait_for_timeout(50)
            page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop = 1e9")
            page.wait_for_timeout(100)
        assert page.locator(".md-search-result__item").count() == total, f"{query!r}: not all results shown"
    return page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => {
        const link = item.querySelector("a.md-search-result__link");
        const article = item.querySelector("article");
        return {href: link.href, page: link.href.split("?")[0].split("#")[0],
                title: article.querySelector("h1, h2").innerText,
                text: Array.from(item.querySelectorAll("article")).map(a => a.innerText).join("\\n")};
    })""")


def _open(page, base_url, lang):
    page.goto(url(base_url, lang, ""))


def _others(base_url, lang, pages):
    """Result pages that are not of the reader's language."""
    return [p for p in pages if not p.startswith(url(base_url, lang, ""))
            or any(p.startswith(url(base_url, o, "")) for o in LANGS if o != lang and PREFIX[o])]


@pytest.mark.parametrize("lang,query,node", CASES)
def test_a_query_finds_its_node_among_the_first_three(page, base_url, lang, query, node):
    _open(page, base_url, lang)
    results = _results(page, query)
    pages = [r["page"] for r in results]
    assert url(base_url, lang, f"nodes/{node}/") in pages[:3], f"{query!r}: {node} is not in the first three: {pages[:5]}"
    assert _others(base_url, lang, pages) == [], f"a {lang} search lists pages of other languages"
    for result in results:
        assert not ENTITY.search(result["title"] + result["text"]), f"markup or an entity in a result: {result}"
    meta = page.locator(".md-search-result__meta").inner_text()
    assert any(ch.isdigit() for ch in meta), meta
    assert not page.js_errors, page.js_errors


def test_the_cases_are_many_and_cover_every_language():
    assert len(CASES) >= 25
    assert {lang for lang, _, _ in CASES} == set(LANGS)


def test_the_expected_nodes_hold_the_query(project):
    """The oracle of the cases above: each expected node's label or statement contains the query."""
    for lang, query, node in CASES:
        data = project.nodes[node]
        text = (data.text("label", lang) + " " + data.text("statement", lang)).lower()
        words = query.lower().replace("-", " ").split()
        assert all(word in text for word in words), f"{node} ({lang}) does not say {query!r}"


# The same word in each script finds the same nodes: the nodes whose label or statement says it (their
# texts are one OpenCC conversion apart) come first in both, and the source pages, which quote each essay
# in its original script, are found by both (Traditional characters fold onto Simplified ones). Other
# mentions may differ: a zh-Hans node page also shows the editor's Simplified rendering of a zh-Hant quote.
# (zh-Hans, zh-Hant, the same word character by character): 芯片 and 晶片 are two words (Taiwan usage).
PAIRS = [("去美元化", "去美元化", True), ("美债", "美債", True), ("影子银行", "影子銀行", True),
         ("特里芬悖论", "特里芬悖論", True), ("稳定币", "穩定幣", True), ("芯片", "晶片", False)]


@pytest.mark.parametrize("hans,hant,same", PAIRS)
def test_both_scripts_find_the_same_nodes(page, base_url, project, hans, hant, same):
    holders, first, sources = {}, {}, {}
    for lang, query in (("zh-Hans", hans), ("zh-Hant", hant)):
        holders[lang] = {node.id for node in project.nodes.values()
                         if query in node.text("label", lang) + node.text("statement", lang)}
        _open(page, base_url, lang)
        pages = [r["page"][len(url(base_url, lang, "")):] for r in _results(page, query, everything=True)]
        nodes = [p[len("nodes/"):].strip("/") for p in pages if p.startswith("nodes/")]
        first[lang] = set(nodes[:len(holders[lang])])
        sources[lang] = {p for p in pages if p.endswith("/source/")}
    assert holders["zh-Hans"] and holders["zh-Hans"] == holders["zh-Hant"], "the data say it in one script only"
    assert first["zh-Hans"] == holders["zh-Hans"], f"{hans}: {first['zh-Hans'] ^ holders['zh-Hans']}"
    assert first["zh-Hant"] == holders["zh-Hant"], f"{hant}: {first['zh-Hant'] ^ holders['zh-Hant']}"
    if same:
        assert sources["zh-Hans"] and sources["zh-Hans"] == sources["zh-Hant"], sources


def _flat(text: str) -> str:
    """A page's text as the phrase check reads it: no U+200B, lower case, anything but words as one space."""
    text = text.replace("\u200b", "").lower()
    return " " + re.sub(r"([\u3400-\u9fff]) (?=[\u3400-\u9fff])", r"\1", re.sub(r"[^\w%.]+", " ", text)).strip() + " "


def _texts(site_dir, lang) -> tuple[dict[str, str], dict]:
    """{page location: flat text} of a language's index, and its folding table (Traditional → Simplified
    characters, with which the search matches both scripts)."""
    index = json.loads((site_dir / f"search/index.{lang}.json").read_text(encoding="utf-8"))
    fold = str.maketrans(dict(zip(index["fold"][::2], index["fold"][1::2])))
    return {p[0]: _flat(" ".join([p[1], p[2], p[3]] + [t for row in p[4] for t in row[1:]])).translate(fold)
            for p in index["pages"]}, fold


# Several words: pages that hold them as a phrase come before pages that hold them apart (a Han run typed
# without a space is one unit, which every result holds: the Chinese queries here have two).
PHRASES = [("en", "dollar hegemony"), ("en", "trade deficit"), ("zh-Hans", "美国 贸易逆差"), ("zh-Hant", "美國 貿易逆差")]


@pytest.mark.parametrize("lang,query", PHRASES)
def test_pages_with_the_whole_phrase_come_first(page, base_url, site_dir, lang, query):
    texts, fold = _texts(site_dir, lang)
    _open(page, base_url, lang)
    results = _results(page, query, everything=True)
    root = url(base_url, "en", "")
    phrase = _flat(query).strip().translate(fold)
    if not re.match(r"[\u3400-\u9fff]", phrase):
        phrase = " " + phrase  # a phrase of words starts at a word
    has = [phrase in texts[r["page"][len(root):]] for r in results]
    assert True in has and False in has, f"{query!r} should find pages with and without the phrase: {has}"
    first_without = has.index(False)
    assert True not in has[first_without:], (
        f"{query!r}: a page without the phrase comes before one with it: {[r['page'] for r in results][:first_without + 3]}")


# A word in a node's label or statement ranks that node above node pages that only mention it.
LEADS = [("en", "stablecoin"), ("en", "Triffin"), ("zh-Hans", "影子银行"), ("zh-Hant", "算力"), ("zh-Hant", "去美元化")]


@pytest.mark.parametrize("lang,query", LEADS)
def test_label_or_statement_ranks_above_a_mention(page, base_url, project, lang, query):
    holders = {node.id for node in project.nodes.values()
               if query.lower() in (node.text("label", lang) + " " + node.text("statement", lang)).lower()}
    _open(page, base_url, lang)
    prefix = url(base_url, lang, "nodes/")
    nodes = [r["page"][len(prefix):].strip("/") for r in _results(page, query, everything=True)
             if r["page"].startswith(prefix)]
    marks = [node in holders for node in nodes]
    assert True in marks and False in marks, f"{query!r} should find holders and mere mentions: {nodes}"
    assert set(nodes[:marks.count(True)]) == holders & set(nodes), (
        f"{query!r}: a node that only mentions it comes before one whose label or statement says it: {nodes}")


@pytest.mark.parametrize("lang", LANGS)
def test_titles_and_snippets_are_clean_text(page, base_url, lang):
    """No entity or markup in result titles and texts: titles with apostrophes read as written."""
    _open(page, base_url, lang)
    queries = {"en": ["Trump", "Ant Group", "Editor"], "zh-Hans": ["川普", "编者按"], "zh-Hant": ["川普", "編者按"]}[lang]
    seen = []
    for query in queries:
        for result in _results(page, query):
            seen.append(result["title"])
            assert not ENTITY.search(result["title"] + result["text"]), f"{query!r}: {result}"
    if lang == "en":
        assert any(re.search(r"\w['’]s\b", title) for title in seen), seen


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_loads_only_its_languages_index_and_only_when_searching(new_page, base_url, lang):
    page = new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url(base_url, lang, "essays/hegemony/"), wait_until="networkidle")
    assert not [r for r in requested if "/search/index." in r], "the index is loaded before the reader searches"
    _results(page, {"en": "dollar", "zh-Hans": "美元", "zh-Hant": "美元"}[lang])
    indexes = sorted({r.split("?")[0] for r in requested if "/search/index." in r})
    assert indexes == [base_url + f"search/index.{lang}.json"], indexes
