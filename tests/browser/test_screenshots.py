"""Screenshots of the home, an essay map, a node and a source page in each language (light), and each
kind of page once in the dark scheme, saved into test-artifacts/screenshots/ for a person to look at."""
from __future__ import annotations

import pytest

from conftest import ARTIFACTS, LANGS, url

PAGES = {"home": "", "essay-map": "essays/hegemony/#the-whole-map", "node": "nodes/hg-d2-2-housing-not-speculation/",
         "source": "essays/ai-dollar/source/?quote=ad-p2-petrodollar-chain#p-{p}"}
DARK = {"home": "en", "essay-map": "zh-Hans", "node": "zh-Hant", "source": "en"}
SHOTS = ARTIFACTS / "screenshots"


def _path(project, kind):
    if kind == "source":
        return PAGES[kind].format(p=project.nodes["ad-p2-petrodollar-chain"].source["paragraph"])
    return PAGES[kind]


@pytest.mark.parametrize("kind", list(PAGES))
def test_screenshots(new_page, base_url, project, kind):
    SHOTS.mkdir(parents=True, exist_ok=True)
    wanted = [(lang, "light") for lang in LANGS] + [(DARK[kind], "dark")]
    for lang, scheme in wanted:
        page = new_page(color_scheme=scheme, width=1280, height=900)
        page.goto(url(base_url, lang, _path(project, kind)))
        page.wait_for_load_state("networkidle")
        if kind == "essay-map":
            page.locator("figure.am-large .am-load").click()
            page.locator("figure.am-large .am-svg > svg").wait_for()
            page.locator("figure.am-large").scroll_into_view_if_needed()
        target = SHOTS / f"{kind}-{lang}-{scheme}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 20_000, f"{target.name} looks empty"
        assert not page.js_errors, page.js_errors
