"""Navigation: no broken link anywhere in the built site, diagram boxes lead to pages that exist, and the
language switcher keeps the reader on the same page."""
from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import BASE_PATH, LANGS, PREFIX, url

SKIP_SCHEMES = ("http:", "https:", "mailto:", "data:", "javascript:")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []   # (tag, attribute, value)
        self.ids: set[str] = set()
        self.switcher: dict[str, str] = {}
        self.diagram_links: list[str] = []
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self._svg += 1
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src", "xlink:href"):
            value = attrs.get(key)
            if value is None or (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                continue
            self.links.append((tag, key, value))
            if self._svg and tag == "a":
                self.diagram_links.append(value)
        if tag == "a" and "md-select__link" in (attrs.get("class") or "") and attrs.get("hreflang"):
            self.switcher[attrs["hreflang"]] = attrs.get("href", "")

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg -= 1


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def pages(site_dir) -> dict[str, _Links]:
    """Site-relative URL ('' for the home page, 'nodes/x/' ...) -> its parsed links."""
    found = {}
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        page_url = relative[: -len("index.html")] if relative.endswith("index.html") else relative
        found[page_url] = _parse(path)
    return found


def _resolve(page_url: str, link: str) -> tuple[str, str] | None:
    """A link on a page -> (site-relative target, fragment); None when it leaves the site."""
    if link.startswith(SKIP_SCHEMES) or link.startswith("//"):
        return None
    parts = urlsplit(link)
    if parts.path.startswith("/"):
        assert parts.path.startswith(BASE_PATH), f"absolute link outside the site: {link}"
        target = parts.path[len(BASE_PATH):]
    elif parts.path == "":
        target = page_url
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), parts.path))[1:]
        if parts.path.endswith("/") and target:
            target += "/"
    assert not target.startswith("../"), f"link above the site root: {link}"
    return unquote(target), unquote(parts.fragment)


def _file(site_dir: Path, target: str) -> Path | None:
    path = site_dir / target
    if target == "" or target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def test_the_crawl_finds_no_broken_link_or_anchor(site_dir, pages):
    assert len(pages) > 300
    broken, anchors, checked = [], [], 0
    for page_url, parsed in pages.items():
        if page_url.endswith("404.html"):
            continue  # absolute links, checked below
        for tag, attribute, link in parsed.links:
            resolved = _resolve(page_url, link)
            if resolved is None:
                continue
            target, fragment = resolved
            checked += 1
            path = _file(site_dir, target)
            if path is None:
                broken.append(f"{page_url or '/'}: <{tag} {attribute}={link!r}>")
                continue
            if fragment and path.suffix == ".html":
                target_url = target if (target == "" or target.endswith("/")) else target + "/"
                other = pages.get(target_url) or _parse(path)
                if fragment not in other.ids:
                    anchors.append(f"{page_url or '/'}: {link} (no id {fragment!r})")
    assert checked > 10_000
    assert broken == [], f"{len(broken)} broken links, e.g.\n" + "\n".join(broken[:20])
    assert anchors == [], f"{len(anchors)} links to missing anchors, e.g.\n" + "\n".join(anchors[:20])


def test_every_diagram_box_links_to_an_existing_node_page(site_dir, pages):
    boxes = 0
    for page_url, parsed in pages.items():
        for link in parsed.diagram_links:
            target, _ = _resolve(page_url, link)
            boxes += 1
            assert _file(site_dir, target) is not None, f"{page_url}: diagram box links to missing {link}"
            # a box opens a node page; an overview's box and a section's title open the section's page
            assert re.search(r"(^|/)(nodes/[^/]+|essays/[^/]+/[^/]+)/$", target) or target == page_url, \
                (page_url, link)
    assert boxes > 1000


def test_each_language_switcher_link_leads_to_the_same_page_in_that_language(pages):
    def strip(page_url):
        for lang in ("zh-Hans", "zh-Hant"):
            if page_url.startswith(lang + "/"):
                return lang, page_url[len(lang) + 1:]
        return "en", page_url

    checked = 0
    for page_url, parsed in pages.items():
        if page_url.endswith(".html") or page_url.startswith(("search/", "assets/")):
            continue
        lang, rest = strip(page_url)
        assert set(parsed.switcher) == set(LANGS), f"{page_url}: switcher offers {sorted(parsed.switcher)}"
        for other, link in parsed.switcher.items():
            target, _ = _resolve(page_url, link)
            assert target == PREFIX[other] + rest, f"{page_url}: the {other} switcher link goes to {target}"
            assert target in pages, f"{page_url}: {other} page {target} does not exist"
            checked += 1
    assert checked > 900


SAMPLE = ["", "essays/hegemony/", "essays/hegemony/d2-2/", "essays/ai-dollar/source/",
          "nodes/hg-d2-2-housing-not-speculation/", "glossary/", "map/", "about/"]


@pytest.mark.parametrize("path", SAMPLE)
def test_the_language_switcher_in_the_browser_keeps_the_page(page, base_url, path):
    page.goto(url(base_url, "en", path))
    for target in ("zh-Hant", "zh-Hans", "en"):
        page.locator(".md-header .md-select").first.hover()
        link = page.locator(f'.md-header .md-select a[hreflang="{target}"]').first
        link.wait_for(state="visible")
        with page.expect_navigation():
            link.click()
        # Source pages keep the reader's paragraph (#p-N, argmap-quote.js): the page is what must be the same.
        landed = page.url.split("#", 1)[0] if "/source/" in path else page.url
        assert landed == url(base_url, target, path), f"switching to {target} went to {page.url}"
        assert page.locator("html").get_attribute("lang") == target
        assert page.locator("article h1").count() >= 1


def test_diagram_links_in_the_browser_open_existing_pages(page, base_url):
    """Sample: every box of one essay's whole map and of a node's neighbourhood, resolved by the browser."""
    checked = 0
    for path in ("zh-Hant/essays/ai-dollar/", "nodes/hg-d2-2-housing-not-speculation/"):
        page.goto(base_url + path)
        if page.locator(".am-load").count():  # the whole map, loaded on demand
            page.locator(".am-load").click()
            page.locator("figure.am-large .am-svg > svg").wait_for()
        hrefs = page.eval_on_selector_all(
            ".am-svg svg a", "els => els.map(a => a.href && a.href.baseVal !== undefined ? "
            "new URL(a.href.baseVal, document.baseURI).href : null).filter(Boolean)")
        assert len(hrefs) >= (60 if "essays" in path else 3), path
        for href in sorted(set(hrefs)):
            response = page.request.get(href)
            assert response.status == 200, f"{path}: box link {href} gives {response.status}"
            checked += 1
    assert checked > 20
