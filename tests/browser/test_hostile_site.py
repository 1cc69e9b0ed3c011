"""A hostile but valid argument file: every payload is shown as text, none runs, in a real browser
(the browser fixtures of tests/browser/conftest.py)."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

from sitebuild import build, site_project
from support import FIXTURES, make_project

PAGES = ["nodes/mini-hostile/", "zh-Hans/nodes/mini-hostile/", "zh-Hant/nodes/mini-hostile/",
         "nodes/mini-thesis/", "essays/mini/", "essays/mini/main/", "zh-Hant/essays/mini/source/", "map/", ""]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = site_project(make_project(tmp_path_factory.mktemp("hostile"), FIXTURES / "hostile" / "overlay"))
    site = project / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_payloads_are_escaped_in_the_html(hostile_site):
    site, _ = hostile_site
    for page in PAGES:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in html, page
        assert "<img src=x" not in html and "<svg onload" not in html, page
        assert 'href="javascript:' not in html, page


def test_payloads_stay_inert_in_chromium(hostile_site, new_page, offline):
    _, base = hostile_site
    page = new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in PAGES:
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None, path
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], [onerror], [onload], [onclick]').length") == 0, path
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0, path
        if "mini-hostile" in path:
            text = page.inner_text("article")
            assert "<script>window.__pwned=1</script>" in text, "the payload is shown literally"
            svg_text = page.evaluate("document.querySelector('.am-svg svg').textContent")
            assert "<script>" in svg_text or "&lt;script" not in svg_text
    assert dialogs == []
    assert page.js_errors == []
    assert offline.external == [], "a hostile file made the page load something from outside"
