"""Reading the maps in the browser (docs/assets/argmap-zoom.js): the whole map loads on demand and its
sections come in the essay's order; an outline row shows its box in the map; Tab pans the map to the
focused box; a skip link jumps past a diagram; two fingers pinch to zoom on a phone; the hint names the
reader's input; small diagrams are not cut; every page stays within its weight budget."""
from __future__ import annotations

import pytest
from test_diagrams import WHOLE_MAP, _view, open_whole_map

from conftest import LANGS, url

HINTS = {"en": ("Ctrl + wheel", "pinch"), "zh-Hans": ("Ctrl + 滚轮", "捏合"), "zh-Hant": ("Ctrl + 滾輪", "捏合")}


def _inside(page, box_selector, element):
    """Whether the element's centre is inside the visible area of the diagram box."""
    area = page.locator(box_selector).bounding_box()
    target = element.bounding_box()
    x, y = target["x"] + target["width"] / 2, target["y"] + target["height"] / 2
    return area["x"] <= x <= area["x"] + area["width"] and area["y"] <= y <= area["y"] + area["height"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_whole_map_loads_on_demand_with_sections_in_essay_order(page, base_url, project, lang):
    page.goto(url(base_url, lang, "essays/hegemony/"))
    assert page.locator(f"{WHOLE_MAP} svg").count() == 0, "the whole map is in the page before it is opened"
    open_whole_map(page)
    essay = project.essays["hegemony"]
    order = [s.id for s in essay.sections if s.parent is None]
    tops = page.eval_on_selector(WHOLE_MAP, """(box, order) => order.map(id => {
        const c = box.querySelector('g.cluster[id="c-' + id + '"]');
        return c ? c.getBoundingClientRect().top : null; })""", order)
    shown = [(s, t) for s, t in zip(order, tops) if t is not None]
    assert len(shown) >= 6
    assert [t for _, t in shown] == sorted(t for _, t in shown), shown
    # the links of the loaded file open pages of this language
    href = page.eval_on_selector(f"{WHOLE_MAP} g.node#n-hg-d1-china-saudi-swap a",
                                 "a => new URL(a.getAttribute('href'), document.baseURI).href")
    assert href == url(base_url, lang, "nodes/hg-d1-china-saudi-swap/")
    assert not page.js_errors, page.js_errors


def test_the_overview_and_the_map_mark_verdicts(page, base_url, project):
    page.goto(url(base_url, "zh-Hant", "essays/hegemony/"))
    overview = page.locator("figure.am-overview .am-svg")
    d1 = {s.id for s in project.essays["hegemony"].sections if s.id == "d1" or s.parent == "d1"}
    incorrect = sum(1 for n in project.essay_nodes("hegemony") if n.section in d1
                    and isinstance(n.factcheck, dict) and n.factcheck.get("status") == "incorrect")
    assert incorrect and f"✗ {incorrect} 有誤" in overview.locator("g#ov-s-d1").text_content()
    open_whole_map(page)
    swap = page.locator(f"{WHOLE_MAP} g.node#n-hg-d1-china-saudi-swap")
    assert swap.locator("text").first.text_content() == "✗ 有誤"
    assert "v-incorrect" in swap.get_attribute("class")
    legend = page.locator(".am-legend").first.text_content()
    for word in ("有誤", "有爭議", "未經證實", "來自另一篇文章", "編輯建立的關係"):
        assert word in legend


def _locate_link(page, node_id):
    """The outline's row link for a node (reader-pages' outline); a page without one gets the same link
    the outline writes, so the map's side of the interface is tested either way."""
    link = page.locator(f'a.am-locate[data-node="{node_id}"]')
    if link.count():  # a row inside collapsed rows: open them, as a reader would
        link.first.evaluate("a => { for (let d = a.closest('details'); d; d = d.parentElement.closest('details')) "
                            "d.open = true; }")
        return link.first
    page.evaluate("""id => { const a = document.createElement('a'); a.className = 'am-locate';
        a.dataset.node = id; a.href = '#'; a.textContent = 'locate ' + id;
        document.querySelector('article').appendChild(a); }""", node_id)
    return page.locator(f'a.am-locate[data-node="{node_id}"]').first


@pytest.mark.parametrize("path, node_id", [("essays/hegemony/", "hg-d5-3-thesis"),
                                            ("essays/hegemony/", "hg-d1-china-saudi-swap"),
                                            ("essays/hegemony/d1/", "hg-d1-china-saudi-swap")])
def test_an_outline_row_highlights_and_pans_to_its_box(page, base_url, path, node_id):
    page.goto(url(base_url, "en", path))
    link = _locate_link(page, node_id)
    link.scroll_into_view_if_needed()
    link.click()
    box = page.locator(f'.am-svg:has(g.node[id="n-{node_id}"])').first
    node = box.locator(f'g.node[id="n-{node_id}"]')
    node.wait_for()
    page.wait_for_function("id => document.querySelector('g.node.am-hl[id=\"n-' + id + '\"]')", arg=node_id)
    page.wait_for_timeout(100)
    assert _inside(page, f'.am-svg:has(g.node[id="n-{node_id}"])', node), "the box is not in the visible map"
    assert page.evaluate("() => document.querySelectorAll('g.am-hl').length") == 1
    # the map itself is on screen
    area = box.bounding_box()
    assert area["y"] < page.viewport_size["height"] and area["y"] + area["height"] > 0
    assert not page.js_errors, page.js_errors


def test_tab_to_a_box_pans_the_map_to_it(page, base_url):
    page.goto(url(base_url, "en", "essays/hegemony/"))
    open_whole_map(page)
    page.locator(WHOLE_MAP).focus()
    outside = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        page.wait_for_timeout(30)
        focused = page.locator(f"{WHOLE_MAP} svg a:focus")
        if not focused.count():
            break
        if not _inside(page, WHOLE_MAP, focused):
            outside += 1
    assert outside == 0, f"{outside} of the focused boxes were outside the visible map"


def test_the_skip_link_moves_past_the_diagram(page, base_url):
    page.goto(url(base_url, "en", "essays/hegemony/d1/"))
    skip = page.locator("a.am-skip").first
    skip.focus()
    assert skip.is_visible(), "the skip link is not shown when focused"
    page.keyboard.press("Enter")
    target = skip.get_attribute("href")[1:]
    assert page.evaluate("() => document.activeElement.id") == target
    page.keyboard.press("Tab")
    inside = page.evaluate("() => !!document.activeElement.closest('figure.am-diagram, .am-pz-tools')")
    assert not inside, "Tab after the skip link still lands in the diagram"


def _pinch(cdp, x, y, start, end, steps=8):
    def points(d):
        return [{"x": x - d / 2, "y": y, "id": 1}, {"x": x + d / 2, "y": y, "id": 2}]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": points(start)})
    for i in range(1, steps + 1):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                              "touchPoints": points(start + (end - start) * i / steps)})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_two_fingers_pinch_to_zoom_and_one_pans_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  service_workers="block")
    try:
        page = context.new_page()
        page.goto(url(base_url, "zh-Hans", "essays/hegemony/d1/"))
        box = page.locator(".am-svg.am-pz").first
        box.scroll_into_view_if_needed()
        hint = page.locator(".am-pz-hint").first.text_content()
        assert HINTS["zh-Hans"][1] in hint and "Ctrl" not in hint, hint
        first = _view(page, ".am-svg.am-pz")
        area = box.bounding_box()
        cdp = context.new_cdp_session(page)
        x, y = area["x"] + area["width"] / 2, area["y"] + min(area["height"] / 2, 200)
        _pinch(cdp, x, y, 60, 180)
        page.wait_for_timeout(100)
        zoomed = _view(page, ".am-svg.am-pz")
        assert zoomed[0] > first[0] * 1.8, f"pinch did not zoom: {first} -> {zoomed}"
        _pinch(cdp, x, y, 180, 60)
        page.wait_for_timeout(100)
        assert _view(page, ".am-svg.am-pz")[0] == pytest.approx(first[0], rel=0.05)
        # one finger pans
        before = _view(page, ".am-svg.am-pz")
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y, "id": 1}]})
        for i in range(1, 7):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                                  "touchPoints": [{"x": x - 10 * i, "y": y - 5 * i, "id": 1}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for_timeout(100)
        after = _view(page, ".am-svg.am-pz")
        assert after[1] == pytest.approx(before[1] - 60, abs=3) and after[2] == pytest.approx(before[2] - 30, abs=3)
        assert page.url.endswith("/d1/"), "a pan opened a box"
        # the page did not scroll sideways
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_hint_names_the_mouse_on_a_desktop(page, base_url, lang):
    page.goto(url(base_url, lang, "nodes/hg-d1-china-saudi-swap/"))
    hint = page.locator(".am-pz-hint").first.text_content()
    assert HINTS[lang][0] in hint and HINTS[lang][1] not in hint


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_neighbourhood_diagrams_are_not_cut(new_page, base_url, project, width, height):
    """Every box of a node's neighbourhood lies inside the visible diagram, on the node with the most
    neighbours (the tallest neighbourhood) and on a small one."""
    from argmap.link import graph as graph_stage
    graph = graph_stage.build(project)
    busiest = max(sorted(project.nodes), key=lambda n: len(graph.neighbours(n)))
    page = new_page(width=width, height=height)
    for node_id in (busiest, "hg-d1-china-saudi-swap"):
        page.goto(url(base_url, "en", f"nodes/{node_id}/"))
        box = page.locator(".am-svg.am-pz").last
        box.scroll_into_view_if_needed()
        area = box.bounding_box()
        shapes = page.eval_on_selector(".am-svg.am-pz >> nth=-1", """box => [...box.querySelectorAll('g.node')]
            .map(g => { const r = (g.querySelector('path, polygon') || g).getBoundingClientRect();
                        const t = [...g.querySelectorAll('text')].map(t => t.getBoundingClientRect());
                        return [r.left, r.top, r.right, r.bottom,
                                Math.min(...t.map(x => x.left)), Math.max(...t.map(x => x.right))]; })""")
        assert shapes
        for left, top, right, bottom, text_left, text_right in shapes:
            if width > 800 or len(shapes) < 6:  # a phone shows a big neighbourhood in part, to scale
                assert area["y"] - 1 <= top and bottom <= area["y"] + area["height"] + 1, (node_id, top, bottom, area)
                assert area["x"] - 1 <= left and right <= area["x"] + area["width"] + 1, (node_id, left, right, area)
            assert text_left >= left - 1 and text_right <= right + 1, f"{node_id}: a label overflows its box"


def test_home_page_shows_a_preview_of_each_essay(page, base_url, project):
    page.goto(url(base_url, "zh-Hant", ""))
    previews = page.locator("figure.am-preview svg")
    assert previews.count() == len(project.essays)
    link = page.locator("figure.am-preview svg g#hegemony-s-d1 a")
    assert link.count() == 1
    href = link.evaluate("a => new URL(a.getAttribute('href'), document.baseURI).href")
    assert href == url(base_url, "zh-Hant", "essays/hegemony/d1/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_no_page_with_a_map_is_heavier_than_250_kb(site_dir):
    """Pages with diagrams (home, essays, sections, nodes, both essays): the whole maps are files loaded on
    demand. (The budget of every page, source texts included, is the page-weight test of issue 15.)"""
    def has_map(path):
        rel = path.relative_to(site_dir).as_posix()
        return rel.split("/")[-2:-1] != ["source"] and "<figure class=\"am-" in path.read_text(encoding="utf-8")
    heavy = sorted(((p.stat().st_size, p.relative_to(site_dir).as_posix()) for p in site_dir.rglob("*.html")
                    if has_map(p)), reverse=True)
    assert len(heavy) > 1000
    assert heavy[0][0] <= 250 * 1024, heavy[:5]


def test_the_links_of_the_map_files_open_existing_pages(site_dir, project):
    """The whole maps are files of their own (downloads/maps/): their links are relative to the file."""
    import posixpath
    import re
    files = sorted((site_dir / "downloads" / "maps").glob("*.svg"))
    assert len(files) == len(project.essays) * len(LANGS)
    for path in files:
        lang = next(lang for lang in LANGS if path.stem.endswith("-" + lang))
        base = "/downloads/maps/"
        links = set(re.findall(r'<a href="([^"]+)"', path.read_text(encoding="utf-8")))
        assert len(links) > 60, path.name
        for link in links:
            target = posixpath.normpath(posixpath.join(base, link)).lstrip("/")
            assert (site_dir / target / "index.html").exists(), f"{path.name}: {link} -> {target}"
            prefix = "" if lang == "en" else lang + "/"
            assert target.startswith(prefix + ("nodes/" if "nodes/" in target else "essays/")), (path.name, target)
