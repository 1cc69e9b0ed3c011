"""Search finds a node by words of the reader's language, and lists only pages of that language.

Material gets one index for all languages from static-i18n; docs/assets/argmap-search.js filters it per
language before it reaches Material's search worker."""
from __future__ import annotations

import json

import pytest

from conftest import LANGS, PREFIX, url

# (page language, query, node page that must be found). The Chinese query is the same in both scripts,
# and the English node pages quote the essay in its original script: without the filter, each query
# also finds pages of the other languages (checked against the index below).
CASES = [
    ("en", "homes", "hg-d2-2-housing-not-speculation"),
    ("zh-Hans", "房住不炒", "hg-d2-2-housing-not-speculation"),
    ("zh-Hant", "房住不炒", "hg-d2-2-housing-not-speculation"),
    ("zh-Hant", "鏈條", "ad-p2-petrodollar-chain"),
]


def _language(location: str) -> str:
    first = location.split("/")[0]
    return first if first in ("zh-Hans", "zh-Hant") else "en"


def test_the_shared_index_mixes_languages(site_dir):
    """The premise of the filter: one index, every language, and each query hits several languages."""
    index = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    for lang, query, _ in CASES:
        hit = {_language(doc["location"]) for doc in index["docs"]
               if query.lower() in (doc["title"] + doc["text"]).replace("\u200b", "").lower()}
        assert lang in hit and len(hit) > 1, f"{query!r} is found in {hit}: pick a query shared by languages"


def _search(page, query: str) -> list[str]:
    page.locator("input.md-search__input").click()
    field = page.locator("input.md-search__input")
    field.press_sequentially(query, delay=30)  # real key strokes: Material reads the query on keyup
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    page.wait_for_timeout(300)  # let the list settle
    return page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link",
                                     "els => els.map(a => a.href)")


@pytest.mark.parametrize("lang,query,node", CASES)
def test_search_finds_the_node_in_the_readers_language_only(page, base_url, lang, query, node):
    page.goto(url(base_url, lang, "essays/hegemony/"))
    results = _search(page, query)
    pages = [href.split("?")[0].split("#")[0] for href in results]
    assert url(base_url, lang, f"nodes/{node}/") in pages, f"{query!r} did not find {node}: {pages}"
    others = [p for p in pages if not p.startswith(url(base_url, lang, ""))
              or any(p.startswith(url(base_url, o, "")) for o in LANGS if o != lang and PREFIX[o])]
    assert others == [], f"a {lang} search lists pages of other languages: {others}"
    meta = page.locator(".md-search-result__meta").inner_text()
    assert any(ch.isdigit() for ch in meta), meta
    assert not page.js_errors, page.js_errors
