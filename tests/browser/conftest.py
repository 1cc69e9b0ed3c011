"""Browser tests: the real site, built once per session, served on 127.0.0.1 and read in headless Chromium.

Set ARGMAP_BROWSER_SITE=/path/to/site to test an already built site (skips the ~30 s build).
Chromium is Debian's (/usr/bin/chromium, installed by .ci/run), driven by Playwright's Python package;
Playwright's own browser downloads are never used.
"""
from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
BASE_PATH = "/dollar-hegemony/"          # the path of site_url, as on GitHub Pages and under `mkdocs serve`
PREFIX = {"en": "", "zh-Hans": "zh-Hans/", "zh-Hant": "zh-Hant/"}
LANGS = tuple(PREFIX)
ARTIFACTS = ROOT / "test-artifacts"


def _require_browser():
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (Debian package chromium; .ci/run installs it)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (requirements.txt)")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real site, built once per session (shared by xdist workers) in a copy of the project."""
    from sitebuild import shared_real_site
    return shared_real_site(tmp_path_factory)


class _Handler(SimpleHTTPRequestHandler):
    def translate_path(self, path):
        parts = urlsplit(path)
        if not parts.path.startswith(BASE_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + parts.path[len(BASE_PATH):])

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


class Offline:
    """Counts every request a context makes; anything not for 127.0.0.1 is recorded and aborted."""

    def __init__(self):
        self.local = 0
        self.external: list[str] = []

    def handle(self, route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            self.local += 1
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()


@pytest.fixture
def offline():
    return Offline()


@pytest.fixture
def new_page(browser, offline):
    """new_page(color_scheme="light"|"dark", width=1280, height=900) -> a page in a fresh context."""
    contexts = []

    def make(color_scheme: str = "light", width: int = 1280, height: int = 900):
        context = browser.new_context(color_scheme=color_scheme, viewport={"width": width, "height": height},
                                      service_workers="block")
        context.route("**/*", offline.handle)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.js_errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def url(base_url: str, lang: str, path: str) -> str:
    return base_url + PREFIX[lang] + path


@pytest.fixture(scope="session")
def project():
    from argmap.load import loader
    return loader.load_project(ROOT)[0]
