"""Large maps: every diagram zooms and pans with the mouse, the keyboard and visible buttons labelled in
the page's language (docs/assets/argmap-zoom.js, svg-pan-zoom); from the whole map a reader reaches any
node's page and its neighbourhood. Diagram colours meet WCAG AA in both colour schemes."""
from __future__ import annotations

import pytest

from conftest import url

LABELS = {"en": ("Zoom in", "Zoom out"), "zh-Hans": ("放大", "缩小"), "zh-Hant": ("放大", "縮小")}
WHOLE_MAP = "figure.am-large .am-svg"


def open_whole_map(page):
    """The whole map of an essay loads on demand (argmap-zoom.js): open it and wait for it."""
    page.locator("figure.am-large .am-load").click()
    page.locator(f"{WHOLE_MAP}.am-pz > svg").wait_for()


def _view(page, selector=WHOLE_MAP):
    """(scale, x, y) of the pan-zoom viewport of the first diagram matching selector."""
    # svg-pan-zoom applies its transform on the next animation frame: wait for two before reading it.
    return page.eval_on_selector(selector, """box => new Promise(done => requestAnimationFrame(() =>
        requestAnimationFrame(() => {
            const g = box.querySelector('svg > g.svg-pan-zoom_viewport');
            if (!g) return done(null);
            const m = g.transform.baseVal.consolidate().matrix;
            done([m.a, m.e, m.f]);
        })))""")


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "zh-Hant"])
def test_the_whole_map_zooms_and_pans_with_keyboard_mouse_and_buttons(page, base_url, lang):
    page.goto(url(base_url, lang, "essays/hegemony/"))
    open_whole_map(page)
    box = page.locator(WHOLE_MAP)
    box.scroll_into_view_if_needed()
    first = _view(page)
    assert first is not None, "the whole map is not zoomable"
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("aria-label")

    # visible buttons with labels in the page language
    zoom_in, zoom_out = LABELS[lang]
    figure = page.locator("figure.am-large")
    button_in = figure.get_by_role("button", name=zoom_in, exact=True)
    button_out = figure.get_by_role("button", name=zoom_out, exact=True)
    assert button_in.is_visible() and button_out.is_visible()
    button_in.click()
    assert _view(page)[0] > first[0] * 1.1
    button_out.click()
    assert abs(_view(page)[0] - first[0]) < 1e-6

    # keyboard, with the focus on the diagram
    box.focus()
    page.keyboard.press("+")
    zoomed = _view(page)
    assert zoomed[0] > first[0] * 1.1, "+ does not zoom in"
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert _view(page)[0] < first[0], "- does not zoom out"
    page.keyboard.press("0")
    assert _view(page) == pytest.approx(first), "0 does not return to the first view"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    moved = _view(page)
    assert moved[1] < first[1] and moved[2] < first[2], "arrow keys do not pan"
    scroll = page.evaluate("window.scrollY")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("window.scrollY") == scroll, "arrow keys on the diagram scroll the page too"
    page.keyboard.press("0")

    # mouse: drag pans, Ctrl + wheel zooms, a plain wheel scrolls the page
    area = box.bounding_box()
    x, y = area["x"] + area["width"] / 2, area["y"] + area["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y - 40, steps=6)
    page.mouse.up()
    dragged = _view(page)
    assert dragged[1] == pytest.approx(first[1] - 120, abs=2) and dragged[2] == pytest.approx(first[2] - 40, abs=2)
    assert page.url.split("#")[0] == url(base_url, lang, "essays/hegemony/"), "a drag opened a box"
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_timeout(100)
    assert _view(page)[0] > dragged[0] * 1.1, "Ctrl + wheel does not zoom"
    assert not page.js_errors, page.js_errors


def test_small_diagrams_zoom_too(page, base_url):
    page.goto(url(base_url, "zh-Hant", "nodes/hg-d3-reserve-share/"))
    box = page.locator(".am-svg").first
    first = _view(page, ".am-svg")
    box.focus()
    page.keyboard.press("+")
    assert _view(page, ".am-svg")[0] > first[0]
    assert page.locator(".am-pz-tools").first.get_by_role("button", name="縮小").is_visible()


def test_from_the_whole_map_a_box_opens_the_node_and_its_neighbourhood(page, base_url, project):
    essay = project.essays["ai-dollar"]
    page.goto(url(base_url, "en", "essays/ai-dollar/"))
    open_whole_map(page)
    node = sorted(n.id for n in project.essay_nodes(essay.id))[-1]
    box = page.locator(f"{WHOLE_MAP} g.node#n-{node} a")
    page.locator(WHOLE_MAP).scroll_into_view_if_needed()
    page.locator(WHOLE_MAP).focus()
    page.keyboard.press("0")
    target = box.bounding_box()
    visible = page.locator(WHOLE_MAP).bounding_box()
    if not (visible["x"] <= target["x"] + target["width"] / 2 <= visible["x"] + visible["width"]
            and visible["y"] <= target["y"] + target["height"] / 2 <= visible["y"] + visible["height"]):
        page.locator("figure.am-large .am-pz-button").nth(3).click()  # show the whole diagram
        target = box.bounding_box()
    with page.expect_navigation():
        page.mouse.click(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2)
    assert page.url == url(base_url, "en", f"nodes/{node}/")
    neighbourhood = page.locator(".am-svg").last
    assert neighbourhood.locator(f"g.node.focus#n-{node}").count() == 1
    neighbours = neighbourhood.locator("g.node").count()
    assert neighbours >= 2, "the neighbourhood diagram shows no neighbour"


# ----------------------------------------------------------------------------------------- contrast

CONTRAST = """
() => {
  function rgba(text) {
    const m = /rgba?\\(([^)]+)\\)/.exec(text || '');
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, bottom) {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  }
  function lum(c) {
    const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function ratio(a, b) { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  }
  const out = [];
  const seen = new Set();
  function add(kind, what, fg, bg, min) {
    const key = kind + what;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({kind, what, ratio: Math.round(ratio(fg, bg) * 100) / 100, min,
              fg: fg.slice(0, 3).map(Math.round).join(','), bg: bg.slice(0, 3).map(Math.round).join(',')});
  }
  for (const svg of document.querySelectorAll('.am-svg svg')) {
    const page = background(svg.parentElement);
    for (const node of svg.querySelectorAll('g.node')) {
      const type = [...node.classList].find(c => c.startsWith('t-')) || (node.classList.contains('joint') ? 'joint' : '?');
      const shape = node.querySelector('path, polygon, ellipse');
      if (!shape) continue;
      const s = getComputedStyle(shape);
      if (type === 'joint') { add('graphic', 'joint dot', rgba(s.fill), page, 3); continue; }
      const fill = over(rgba(s.fill), page);
      const name = type + (node.classList.contains('focus') ? ' focus' : '');
      add('graphic', name + ' border', over(rgba(s.stroke), page), page, 3);
      for (const text of node.querySelectorAll('text')) add('text', name + ' label', over(rgba(getComputedStyle(text).fill), fill), fill, 4.5);
    }
    for (const edge of svg.querySelectorAll('g.edge')) {
      const kind = [...edge.classList].filter(c => c.startsWith('r-')).join(' ');
      const line = edge.querySelector('path');
      if (line) add('graphic', kind + ' line', over(rgba(getComputedStyle(line).stroke), page), page, 3);
      const head = edge.querySelector('polygon');
      if (head) add('graphic', kind + ' arrowhead', over(rgba(getComputedStyle(head).fill), page), page, 3);
    }
    for (const cluster of svg.querySelectorAll('g.cluster')) {
      const border = cluster.querySelector('path, polygon');
      if (border) add('graphic', 'section border', over(rgba(getComputedStyle(border).stroke), page), page, 3);
      for (const text of cluster.querySelectorAll('text')) add('text', 'section title', over(rgba(getComputedStyle(text).fill), page), page, 4.5);
    }
  }
  return out;
}
"""

PAGES = ["essays/hegemony/", "essays/ai-dollar/", "map/", "nodes/hg-d2-4-control-vs-vitality/",
         "nodes/hg-d2-2-housing-not-speculation/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_colours_meet_wcag_aa(new_page, base_url, scheme, record_property):
    page = new_page(color_scheme=scheme)
    measured = {}
    for path in PAGES:
        page.goto(url(base_url, "en", path))
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        for item in page.evaluate(CONTRAST):
            key = (item["kind"], item["what"])
            if key not in measured or item["ratio"] < measured[key]["ratio"]:
                measured[key] = item
    kinds = {what for _, what in measured}
    for needed in ("t-thesis label", "t-premise label", "t-evidence label", "t-counterargument label",
                   "r-supports line", "r-attacks line", "section title"):
        assert needed in kinds, f"no {needed} measured: {sorted(kinds)}"
    assert any("focus" in what for what in kinds)
    report = "\n".join(f"{scheme:5} {m['kind']:7} {m['what']:38} {m['ratio']:5.2f} (min {m['min']}) "
                       f"fg {m['fg']} on {m['bg']}" for m in sorted(measured.values(), key=lambda m: m["ratio"]))
    record_property(f"contrast-{scheme}", report)
    print(report)
    failing = [m for m in measured.values() if m["ratio"] < m["min"]]
    assert failing == [], "below WCAG AA:\n" + "\n".join(
        f"{m['what']}: {m['ratio']} < {m['min']} (fg {m['fg']} on {m['bg']})" for m in failing)
