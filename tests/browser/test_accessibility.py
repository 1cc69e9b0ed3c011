"""Accessibility: axe-core (vendored in tests/browser/vendor/axe-core, injected by the test) finds no
serious or critical violation on the home, an essay, a node and a source page in each language; every
diagram has an accessible name and a caption."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ARTIFACTS, LANGS, url

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = {"home": "", "essay": "essays/hegemony/", "node": "nodes/hg-d2-2-housing-not-speculation/",
         "source": "essays/ai-dollar/source/"}


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(0, 2).join(' '))}));
    }""")
    return result


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_or_critical_axe_violations(page, base_url, lang, kind):
    page.goto(url(base_url, lang, PAGES[kind]))
    violations = run_axe(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{kind}-{lang}.json").write_text(json.dumps(violations, ensure_ascii=False, indent=1),
                                                       encoding="utf-8")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", LANGS)
def test_every_diagram_has_a_name_and_a_text_alternative(page, base_url, lang):
    for path in ("essays/hegemony/", "nodes/ad-p2-petrodollar-chain/", "map/"):
        page.goto(url(base_url, lang, path))
        if page.locator(".am-load").count():  # the whole map loads on demand
            page.locator(".am-load").click()
            page.locator("figure.am-large .am-svg > svg").wait_for()
        figures = page.locator("figure.am-diagram")
        assert figures.count() >= 1
        for i in range(figures.count()):
            figure = figures.nth(i)
            svg = figure.locator("svg").first
            assert (svg.get_attribute("aria-label") or "").strip(), f"{path}: diagram {i} has no name"
            caption = figure.locator("figcaption").inner_text().strip()
            assert len(caption) > 20, f"{path}: diagram {i} has no caption"
            # each box is a link with a name a screen reader can announce
            names = svg.evaluate("s => [...s.querySelectorAll('a[href], a[*|href]')].filter(a => "
                                 "a.getAttribute('xlink:href') || a.getAttribute('href'))"
                                 ".map(a => a.getAttribute('aria-label') || a.textContent.trim())")
            assert names and all(n.strip() for n in names), f"{path}: diagram {i} has unnamed links"
        # the boxes are links in the accessibility tree (inside role="img" they would be hidden)
        first = figures.first
        assert first.locator("svg").get_by_role("link").count() >= 1 or \
            first.get_by_role("link").count() >= 1, f"{path}: the diagram's links are hidden from screen readers"
        assert "- link " in first.aria_snapshot(), f"{path}: no link in the diagram's accessibility tree"
