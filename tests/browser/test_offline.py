"""Offline: while pages load and the reader searches, no request leaves the machine.

Every request of the browser context goes through a route (conftest.Offline): requests for anything but
127.0.0.1 are counted and aborted."""
from __future__ import annotations

import pytest

from conftest import LANGS, url

PATHS = ["404.html", "", "essays/hegemony/", "essays/ai-dollar/source/", "nodes/ad-p2-petrodollar-chain/", "map/",
         "glossary/", "about/"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_request_leaves_the_machine(new_page, offline, base_url, lang):
    page = new_page()
    for path in PATHS:
        page.goto(url(base_url, lang, path), wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("dollar", delay=30)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    assert offline.local > 20, "the routing saw no requests: the count is not working"
    assert offline.external == [], f"requests left the machine: {sorted(set(offline.external))}"
