"""Source reading: markers beside a paragraph lead to their nodes, and a node's quote link opens the
source text at the paragraph with the quoted words highlighted (docs/assets/argmap-quote.js)."""
from __future__ import annotations

import re

import pytest

from conftest import url

NODES = [("en", "hg-d2-2-housing-not-speculation"), ("zh-Hans", "ad-p2-petrodollar-chain"),
         ("zh-Hant", "hg-d3-reserve-share")]


@pytest.mark.parametrize("lang,node", NODES)
def test_the_quote_link_highlights_the_quoted_words(page, base_url, project, lang, node):
    anchor = project.nodes[node].source
    page.goto(url(base_url, lang, f"nodes/{node}/"))
    link = page.locator("a.am-quote-link")
    assert f"quote={node}" in link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    essay = project.nodes[node].essay
    assert page.url.split("?")[0] == url(base_url, lang, f"essays/{essay}/source/")
    assert page.url.endswith(f"#p-{anchor['paragraph']}")
    hit = page.locator(f"#p-{anchor['paragraph']} p mark.am-hit")
    hit.first.wait_for()
    assert "".join(hit.all_inner_texts()) == anchor["quote"]
    assert page.locator("mark.am-hit").count() == hit.count(), "words marked outside the paragraph"
    assert hit.first.is_visible()
    box = hit.first.bounding_box()
    assert 0 <= box["y"] <= page.viewport_size["height"], "the highlighted words are not scrolled into view"
    style = hit.first.evaluate("el => getComputedStyle(el).outlineStyle")
    assert style == "solid"


def test_paragraph_markers_lead_to_their_nodes(page, base_url, project):
    page.goto(url(base_url, "zh-Hans", "essays/hegemony/source/"))
    markers = page.locator(".am-para .am-marker")
    assert markers.count() > 50
    marker = page.locator(".am-para .am-marker[href*='hg-d2-2-housing-not-speculation']").first
    paragraph = marker.evaluate("el => el.closest('.am-para').id")
    expected = project.nodes["hg-d2-2-housing-not-speculation"].source
    assert paragraph == f"p-{expected['paragraph']}"
    quote_in_text = page.locator(f"#{paragraph} p").inner_text()
    assert marker.get_attribute("data-quote") in quote_in_text
    marker.scroll_into_view_if_needed()
    with page.expect_navigation():
        marker.click()
    assert page.url == url(base_url, "zh-Hans", "nodes/hg-d2-2-housing-not-speculation/")
    assert re.search(r"房住不炒", page.locator("article h1").inner_text())
