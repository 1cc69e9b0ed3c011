"""Page weight budgets on the real site build, and no failing request anywhere.

- the heaviest HTML page: at most 250 KB uncompressed;
- each language's search index (search/index.<lang>.json): at most 1 MB uncompressed; Material's
  search_index.json keeps only its configuration;
- no page makes a request that fails (status >= 400, or a request the browser gives up on) and none
  downloads a sitemap: a crawl in headless Chromium of the smallest and the largest page of every kind
  of page, in all three languages, with a search typed on each language's home page."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import LANGS, PREFIX, url

HTML_BUDGET = 250 * 1000
INDEX_BUDGET = 1000 * 1000


def _pages(site: Path, lang: str) -> list[Path]:
    root = site / PREFIX[lang] if PREFIX[lang] else site
    others = [site / PREFIX[o].rstrip("/") for o in LANGS if PREFIX[o] and o != lang]
    return sorted(p for p in root.rglob("*.html")
                  if not any(p.is_relative_to(o) for o in others) and "downloads" not in p.parts)


def _kind(page: Path, root: Path) -> tuple:
    """A page's kind: its top folder and depth (nodes/x/, essays/e/, essays/e/section/, essays/e/source/ ...);
    a source page is a kind of its own."""
    parts = page.relative_to(root).parts
    return (parts[0] if len(parts) > 1 else parts[0].removesuffix(".html"), len(parts),
            len(parts) > 1 and parts[-2] == "source")


def sample(site: Path, lang: str) -> list[str]:
    """The smallest and the largest page of each kind, as paths under the language's root."""
    root = site / PREFIX[lang] if PREFIX[lang] else site
    kinds = defaultdict(list)
    for page in _pages(site, lang):
        kinds[_kind(page, root)].append(page)
    chosen = []
    for pages in kinds.values():
        pages.sort(key=lambda p: p.stat().st_size)
        for page in dict.fromkeys([pages[0], pages[-1]]):
            relative = page.relative_to(root).as_posix()
            chosen.append(relative[:-len("index.html")] if relative.endswith("index.html") else relative)
    return sorted(chosen)


def test_the_heaviest_html_page_is_within_budget(site_dir):
    sizes = sorted(((p.stat().st_size, p.relative_to(site_dir).as_posix()) for p in site_dir.rglob("*.html")),
                   reverse=True)
    assert sizes, "no HTML pages"
    over = [f"{path}: {size / 1000:.0f} KB" for size, path in sizes if size > HTML_BUDGET]
    assert not over, f"{len(over)} HTML pages over {HTML_BUDGET // 1000} KB: " + "; ".join(over[:10])


def test_each_languages_search_index_is_within_budget(site_dir):
    for lang in LANGS:
        path = site_dir / "search" / f"index.{lang}.json"
        index = json.loads(path.read_text(encoding="utf-8"))
        assert index["lang"] == lang and len(index["pages"]) > 100, f"{path} is not {lang}'s index"
        size = path.stat().st_size
        assert size <= INDEX_BUDGET, f"{path.name} is {size / 1000:.0f} KB (budget {INDEX_BUDGET // 1000} KB)"
        others = [p[0] for p in index["pages"] if p[0].split("/")[0] in
                  [PREFIX[o].rstrip("/") for o in LANGS if o != lang and PREFIX[o]]]
        assert not others, f"{path.name} holds pages of other languages: {others[:3]}"
    shared = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    assert shared["docs"] == [] and "separator" in shared["config"], "Material's index should keep its configuration only"


def test_the_sample_covers_every_kind_of_page(site_dir):
    for lang in LANGS:
        pages = sample(site_dir, lang)
        for expected in ("", "404.html", "nodes/", "essays/hegemony/", "essays/hegemony/source/", "map/", "glossary/",
                         "about/"):
            assert any(p.startswith(expected) and p.count("/") >= expected.count("/") for p in pages), (lang, expected)


class Requests:
    """Responses >= 400 and failed requests of a page, and every URL it asked for."""

    def __init__(self, page):
        self.bad: list[str] = []
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("response", lambda response: response.status >= 400 and self.bad.append(
            f"{response.status} {response.url}"))
        page.on("requestfailed", lambda request: self.bad.append(f"failed ({request.failure}) {request.url}"))


def _visit(new_page, address: str, search: str | None = None) -> tuple[list[str], list[str]]:
    """Open a page in a new tab, let it finish its work (and a search), and read its requests before the
    tab is closed: closing (or leaving) a page cuts its late requests short, which is not the site's fault."""
    tab = new_page()
    requests = Requests(tab)
    tab.goto(address, wait_until="networkidle")
    tab.wait_for_function("document.readyState === 'complete'")
    if search:
        field = tab.locator("input.md-search__input")
        field.click()
        field.fill(search)
        field.press("End")
        tab.wait_for_selector(".md-search-result__item")
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(300)
    seen = list(requests.bad), list(requests.urls)
    tab.close()
    return seen


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_makes_a_failing_request(new_page, site_dir, base_url, lang):
    urls, visited = [], []
    for path in sample(site_dir, lang):
        query = {"en": "dollar", "zh-Hans": "美元", "zh-Hant": "美元"}[lang] if path == "" else None
        bad, requested = _visit(new_page, url(base_url, lang, path), query)
        assert bad == [], f"{url(base_url, lang, path)} made failing requests: {bad}"
        urls += requested
        visited.append(path)
    assert len(visited) >= 12, visited
    assert any(f"/search/index.{lang}.json" in u for u in urls), "the search did not load the index"
    sitemaps = [u for u in urls if "sitemap" in u]
    assert sitemaps == [], f"the browser downloaded sitemaps: {sitemaps}"
