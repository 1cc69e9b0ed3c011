"""Reader pages in a real browser: the outline collapses, expands and filters; it works without JavaScript
and prints whole; no page scrolls sideways on a 390 px phone."""
from __future__ import annotations

import pytest

from conftest import LANGS, url

pytestmark = pytest.mark.browser

VISIBLE_ROWS = """() => [...document.querySelectorAll('#outline li.am-o-row')]
  .filter(li => li.querySelector(':scope > .am-o-line').getClientRects().length > 0).map(li => li.dataset.node)"""


@pytest.mark.parametrize("lang", LANGS)
def test_outline_collapses_and_expands(page, base_url, project, lang):
    page.goto(url(base_url, lang, "essays/hegemony/"))
    total = len(project.essay_nodes("hegemony"))
    tools = page.locator("#outline .am-o-tools")
    assert tools.is_visible()
    first = page.evaluate(VISIBLE_ROWS)
    assert first[0] == "hg-main-thesis" and 10 < len(first) < total  # opens on the theses, not on everything
    tools.locator('button[data-outline="collapse"]').click()
    roots = page.evaluate("() => [...document.querySelectorAll('#outline ul.am-o > li')].map(li => li.dataset.node)")
    assert roots[0] == "hg-main-thesis" and page.evaluate(VISIBLE_ROWS) == roots
    tools.locator('button[data-outline="expand"]').click()
    shown = page.evaluate(VISIBLE_ROWS)
    assert len(shown) == total and len(set(shown)) == total
    # One row by hand: its toggle closes what stands under it.
    row = page.locator("#o-hg-d1-thesis")
    row.locator(":scope > details > summary").click()
    assert not row.locator(":scope > details > ul").is_visible()
    assert page.js_errors == []


def test_filter_by_type_and_by_verdict(page, base_url, project):
    page.goto(url(base_url, "en", "essays/ai-dollar/"))
    nodes = project.essay_nodes("ai-dollar")
    tools = page.locator("#outline .am-o-tools")
    for kind in ("thesis", "premise", "counterargument", "rebuttal"):
        tools.locator(f'input[data-filter="type"][value="{kind}"]').uncheck()
    matches = page.evaluate("() => [...document.querySelectorAll('#outline li.am-o-match')].map(li => li.dataset.node)")
    evidence = sorted(n.id for n in nodes if n.type == "evidence")
    assert sorted(matches) == evidence
    shown = page.evaluate(VISIBLE_ROWS)
    assert set(evidence) <= set(shown)
    for node_id in set(shown) - set(evidence):  # what else shows is an ancestor of evidence, dimmed
        assert "am-o-dim" in page.locator(f"#o-{node_id}").get_attribute("class")
    assert str(len(evidence)) in tools.locator(".am-o-status").inner_text()
    # Every type again, and only what the editors found incorrect.
    for box in tools.locator('input[data-filter="type"]').all():
        box.check()
    for status in ("disputed", "unverified", "supported", "none"):
        tools.locator(f'input[data-filter="verdict"][value="{status}"]').uncheck()
    matches = page.evaluate("() => [...document.querySelectorAll('#outline li.am-o-match')].map(li => li.dataset.node)")
    incorrect = sorted(n.id for n in nodes if isinstance(n.factcheck, dict) and n.factcheck.get("status") == "incorrect")
    assert incorrect and sorted(matches) == incorrect
    assert all(page.locator(f"#o-{i}").is_visible() for i in incorrect)
    assert page.js_errors == []


def test_outline_without_javascript(browser, base_url, project):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url(base_url, "zh-Hant", "essays/hegemony/"))
        assert not page.locator("#outline .am-o-tools").is_visible()
        assert page.locator("#o-hg-main-thesis").is_visible()
        assert page.locator("#o-hg-d2-1-thesis").is_visible()  # the main thesis and the sections' theses are open
        row = page.locator("#o-hg-d2-1-thesis > details > ul > li").first
        assert not row.is_visible()
        page.locator("#o-hg-d2-1-thesis > details > summary").click()
        assert row.is_visible()
        # The caption of the whole map points to the outline, its text alternative.
        assert "大綱" in page.locator("figure.am-diagram figcaption").first.inner_text()
    finally:
        context.close()


def test_outline_prints_whole(page, base_url, project):
    page.goto(url(base_url, "en", "essays/hegemony/"))
    page.locator('#outline button[data-outline="collapse"]').click()
    page.emulate_media(media="print")
    deep = [n.id for n in project.essay_nodes("hegemony")]
    hidden = page.evaluate("""(ids) => ids.filter(id => {
        const line = document.querySelector('#o-' + CSS.escape(id) + ' > .am-o-line');
        return !line || line.getClientRects().length === 0; })""", deep)
    assert hidden == []


def test_a_node_page_walks_to_the_main_thesis(page, base_url):
    page.goto(url(base_url, "en", "nodes/ad-p1-nscai-roots/"))
    chain = page.locator("nav.am-chain li")
    assert chain.count() == 3
    assert chain.nth(0).locator("a").first.get_attribute("href") == "../ad-main-thesis/"
    assert page.locator("nav.am-chain [aria-current=page]").inner_text().startswith("+")
    page.locator("a[rel=next]").click()
    page.wait_for_url("**/nodes/**")
    assert "ad-p1-nscai-roots" not in page.url
    # The navigation marks the essay the node belongs to.
    assert page.locator("a.md-nav__link.am-nav-here").count() >= 1
    page.locator("nav.am-chain a.am-o-jump").click()
    page.wait_for_url("**/essays/ai-dollar/#o-*")
    row = page.url.split("#")[1]
    assert page.locator(f"#{row} > .am-o-line").is_visible()


PAGES = ("", "essays/hegemony/", "essays/ai-dollar/p3/", "nodes/hg-d2-2-housing-not-speculation/", "glossary/",
         "factchecks/", "map/", "essays/ai-dollar/source/")


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_scrolls_sideways_on_a_phone(new_page, base_url, lang):
    page = new_page(width=390, height=844)
    wide = {}
    for path in PAGES:
        page.goto(url(base_url, lang, path))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    assert wide == {}
