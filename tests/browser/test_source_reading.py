"""Source reading: the essay in the reader's language beside the original, every quote marked in the
original and linked to its node, a node's quote link landing on its marked words, and the language switcher
keeping the paragraph and the highlighted quote (source.md.j2, docs/assets/argmap-quote.js)."""
from __future__ import annotations

import re

import pytest

from conftest import LANGS, url

# One node of each essay per language: following its quote link lands on its marked words.
NODES = [(lang, node) for lang in LANGS for node in ("hg-d2-2-housing-not-speculation", "ad-p2-petrodollar-chain")]

QUOTED_TEXT = """el => { const c = el.cloneNode(true); c.querySelectorAll('.am-qg, .am-sr').forEach(x => x.remove());
  return c.textContent; }"""


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= page.viewport_size["height"]


@pytest.mark.parametrize("lang,node", NODES)
def test_the_quote_link_lands_on_the_marked_span(page, base_url, project, lang, node):
    anchor = project.nodes[node].source
    page.goto(url(base_url, lang, f"nodes/{node}/"))
    link = page.locator("a.am-quote-link")
    assert f"quote={node}" in link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    essay = project.nodes[node].essay
    assert page.url.split("?")[0].split("#")[0] == url(base_url, lang, f"essays/{essay}/source/")
    assert page.url.endswith(f"#p-{anchor['paragraph']}")
    hit = page.locator(f"#p-{anchor['paragraph']} .am-orig mark.am-q.am-hit")
    hit.wait_for()
    assert hit.count() == 1 and page.locator(".am-hit").count() == 1, "exactly the one quote is highlighted"
    assert hit.get_attribute("data-node") == node
    assert hit.evaluate(QUOTED_TEXT) == anchor["quote"]
    assert hit.is_visible() and in_viewport(page, hit), "the highlighted words are not scrolled into view"
    assert hit.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    assert page.js_errors == []


def test_every_quote_is_marked_once_and_links_to_its_node(page, base_url, project):
    for essay_id in ("hegemony", "ai-dollar"):
        page.goto(url(base_url, "en", f"essays/{essay_id}/source/"))
        found = page.evaluate("""() => Array.from(document.querySelectorAll('mark.am-q')).map(m => {
            const c = m.cloneNode(true); c.querySelectorAll('.am-qg, .am-sr').forEach(x => x.remove());
            return [m.dataset.node, m.closest('.am-para').id, c.textContent,
                    m.querySelector('a.am-qa').getAttribute('href'), m.querySelector('a.am-qa').title]; })""")
        nodes = {n.id: n for n in project.nodes.values() if n.essay == essay_id and isinstance(n.source, dict)}
        assert sorted(f[0] for f in found) == sorted(nodes)
        for node_id, paragraph, text, href, title in found:
            node = nodes[node_id]
            assert paragraph == f"p-{node.source['paragraph']}" and text == node.source["quote"]
            assert href.endswith(f"nodes/{node_id}/") and title == node.text("label", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_switching_language_keeps_the_paragraph_and_the_quote(page, base_url, project, lang):
    node = "hg-d3-reserve-share"
    number = project.nodes[node].source["paragraph"]
    page.goto(url(base_url, lang, f"essays/hegemony/source/?quote={node}#p-{number}"))
    page.locator("mark.am-q.am-hit").wait_for()
    for other in LANGS:
        if other == lang:
            continue
        link = page.locator(f"a.md-select__link[hreflang='{other}']")
        href = link.get_attribute("href")
        assert f"quote={node}" in href and href.endswith(f"#p-{number}")
    other = next(o for o in LANGS if o != lang)
    page.locator(".md-header__option .md-select").first.hover()
    with page.expect_navigation():
        page.locator(f"a.md-select__link[hreflang='{other}']").click()
    assert page.url.split("?")[0].split("#")[0] == url(base_url, other, "essays/hegemony/source/")
    hit = page.locator(f"#p-{number} mark.am-q.am-hit[data-node='{node}']")
    hit.wait_for()
    assert in_viewport(page, hit)


def test_switching_language_keeps_the_paragraph_scrolled_to(page, base_url):
    page.goto(url(base_url, "zh-Hant", "essays/ai-dollar/source/"))
    page.evaluate("() => document.getElementById('p-30').scrollIntoView()")  # at the top, under the header
    link = page.locator("a.md-select__link[hreflang='en']")
    link.evaluate("a => a.focus()")  # from the keyboard: a mouse hover in Playwright scrolls the page first
    assert link.get_attribute("href").endswith("#p-30")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == url(base_url, "en", "essays/ai-dollar/source/#p-30")
    assert in_viewport(page, page.locator("#p-30"))


def test_hovering_or_focusing_a_mark_shows_the_label_in_the_readers_language(page, base_url, project):
    node = "hg-d2-2-housing-not-speculation"
    page.goto(url(base_url, "zh-Hant", "essays/hegemony/source/"))
    link = page.locator(f"mark.am-q[data-node='{node}'] a.am-qa").first
    assert link.get_attribute("title") == project.nodes[node].text("label", "zh-Hant")
    link.focus()
    tip = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert project.nodes[node].text("label", "zh-Hant") in tip
    from argmap.render.pages import load_strings
    strings = load_strings()["zh-Hant"]
    kind = project.nodes[node].type
    mark = page.locator(f"mark.am-q[data-node='{node}']")
    assert mark.locator(".am-qg").first.inner_text().startswith(strings["type_glyphs"][kind])  # not colour alone
    assert mark.locator(".am-sr").first.text_content().startswith("[" + strings["types"][kind])


def test_claims_beside_a_paragraph_have_full_labels(page, base_url, project):
    page.goto(url(base_url, "en", "essays/hegemony/source/"))
    items = page.locator(".am-para .am-claims li")
    assert items.count() == sum(1 for n in project.nodes.values() if n.essay == "hegemony" and n.source)
    for node_id in ("hg-d2-2-housing-not-speculation", "hg-d3-reserve-share"):
        link = page.locator(f".am-claims li[data-node='{node_id}'] a").first
        assert link.inner_text() == project.nodes[node_id].text("label", "en")
        assert link.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "label cut off"


def test_two_columns_on_wide_screens_original_under_each_paragraph_on_narrow(new_page, base_url):
    for width, side_by_side in ((1440, True), (390, False)):
        page = new_page(width=width, height=844)
        page.goto(url(base_url, "en", "essays/hegemony/source/"))
        tr, orig = page.locator("#p-6 .am-tr").bounding_box(), page.locator("#p-6 .am-orig").bounding_box()
        if side_by_side:
            assert orig["x"] > tr["x"] + tr["width"] - 1 and abs(orig["y"] - tr["y"]) < 5
        else:
            assert orig["y"] >= tr["y"] + tr["height"] - 1
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_original_can_be_hidden_and_the_choice_is_remembered(page, base_url):
    page.goto(url(base_url, "en", "essays/ai-dollar/source/"))
    button = page.locator("button.am-toggle-original")
    assert button.is_visible() and button.get_attribute("aria-pressed") == "false"
    button.click()
    assert not page.locator("#p-6 .am-orig").is_visible()
    assert button.get_attribute("aria-pressed") == "true"
    page.goto(url(base_url, "zh-Hans", "essays/hegemony/source/"))  # the original's own language: one column
    assert page.locator("button.am-toggle-original").count() == 0
    page.goto(url(base_url, "en", "essays/hegemony/source/"))
    assert not page.locator("#p-6 .am-orig").is_visible(), "the choice is remembered"
    page.locator("button.am-toggle-original").click()
    assert page.locator("#p-6 .am-orig").is_visible()


def test_repairs_are_visible_to_the_reader(page, base_url, project):
    page.goto(url(base_url, "zh-Hans", "essays/ai-dollar/source/"))
    repairs = page.locator("ins.am-repair")
    listed = page.locator("ul.am-repairs li")
    assert repairs.count() == listed.count() == len(project.sources["ai-dollar"].parallel.repairs) > 0
    first = repairs.first.locator("a.am-ra")
    assert "谷歌(Google)" in page.locator("#p-12 .am-tr ins.am-repair").inner_text()  # the artefact, repaired
    assert first.get_attribute("title")
    href = first.get_attribute("href")
    assert re.fullmatch(r"#r-\d+", href) and page.locator(href).count() == 1
    page.goto(url(base_url, "zh-Hant", "essays/hegemony/source/"))
    assert page.locator("ins.am-repair").count() == len(project.sources["hegemony"].parallel.repairs)


def test_node_page_shows_the_quotes_sentence_in_the_readers_language(page, base_url, project):
    node = project.nodes["hg-d3-reserve-share"]
    page.goto(url(base_url, "en", f"nodes/{node.id}/"))
    translated = page.locator(".am-quote .am-quote-tr")
    assert translated.get_attribute("lang") == "en"
    text = translated.inner_text()
    english = project.sources["hegemony"].parallel.text("en")[node.source["paragraph"] - 1]
    assert text.split(":", 1)[1].strip() in english
    page.goto(url(base_url, "zh-Hans", f"nodes/{node.id}/"))  # the original's language: nothing to add
    assert page.locator(".am-quote .am-quote-tr").count() == 0
