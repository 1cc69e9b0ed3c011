"""Integration: real MkDocs builds (strict) with real Graphviz and OpenCC, on the fixture and the real maps."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from argmap.load import loader
from argmap.model import LANGS
from sitebuild import build, site_project
from support import ROOT

pytestmark = pytest.mark.slow  # every test here runs a real MkDocs build

PREFIX = {"en": "", "zh-Hans": "zh-Hans/", "zh-Hant": "zh-Hant/"}
TAG = re.compile(r"<(script|link|img|iframe|source|audio|video)\b([^>]*)>", re.I)


def external_resources(html: str) -> list[str]:
    """Resources a browser would fetch from another host (canonical and alternate links are not fetched)."""
    found = []
    for name, attrs in TAG.findall(html):
        rel = re.search(r'rel="([^"]*)"', attrs)
        if name.lower() == "link" and rel and rel.group(1) in ("canonical", "alternate"):
            continue
        for url in re.findall(r'(?:src|href)="([^"]*)"', attrs):
            if re.match(r"(https?:)?//", url):
                found.append(url)
    return found


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory):
    from support import make_project
    project = site_project(make_project(tmp_path_factory.mktemp("mini")))
    site = project / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site, result


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    from sitebuild import shared_real_site
    return shared_real_site(tmp_path_factory)


def node_ids(root: Path):
    return sorted(loader.load_project(root)[0].nodes)


def test_mini_build_is_strict_and_complete(mini_site):
    project, site, result = mini_site
    for node_id in node_ids(project):
        for lang in LANGS:
            page = site / PREFIX[lang] / "nodes" / node_id / "index.html"
            html = page.read_text(encoding="utf-8")
            assert "<svg" in html and 'href="../' in html, f"{page} has no clickable inline diagram"


def test_interface_text_is_in_the_page_language(mini_site):
    _, site, _ = mini_site
    assert "Supports" in (site / "nodes/mini-debt/index.html").read_text(encoding="utf-8")
    assert "支持" in (site / "zh-Hans/nodes/mini-debt/index.html").read_text(encoding="utf-8")
    hant = (site / "zh-Hant/nodes/mini-debt/index.html").read_text(encoding="utf-8")
    assert "出處" in hant and "Supports" not in hant


def test_language_switcher_stays_on_the_same_page(mini_site):
    _, site, _ = mini_site
    html = (site / "zh-Hans/nodes/mini-debt/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*zh-Hant/nodes/mini-debt/"', html), "switcher does not lead to the same page"
    assert 'hreflang="zh-Hant"' in html


def test_one_search_index_per_language_cut_into_words_without_diagram_text(mini_site):
    _, site, _ = mini_site
    shared = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert shared["docs"] == [] and shared["config"]["separator"].startswith("[\\s\\u200b")
    words = {}
    for lang in LANGS:
        index = json.loads((site / f"search/index.{lang}.json").read_text(encoding="utf-8"))
        assert index["lang"] == lang
        assert {p[0].split("/")[0] for p in index["pages"]} & {"zh-Hans", "zh-Hant"} <= {lang}
        debt = next(p for p in index["pages"] if p[0] == PREFIX[lang] + "nodes/mini-debt/")
        texts = debt[1:4] + [t for row in debt[4] for t in row[1:]]
        assert not any("<" in t or "&#" in t or "Debt keeps growing\n" in t for t in texts), texts
        words[lang] = {w for p in index["pages"] for t in p[1:4] + [t for row in p[4] for t in row[1:]]
                       for w in re.findall(r"\w+", t)}
    assert "債務" in words["zh-Hant"], "Traditional text must be cut into words, not characters"
    assert "债务" in words["zh-Hans"]


def test_nothing_is_loaded_from_the_internet(mini_site):
    _, site, _ = mini_site
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert external_resources(html) == [], f"{page} loads a resource from the internet"
        assert "fonts.googleapis" not in html


def test_generation_is_deterministic(mini_site, tmp_path):
    project, site, _ = mini_site
    second = tmp_path / "site2"
    shutil.rmtree(project / ".cache" / "diagrams")
    assert build(project, second).returncode == 0
    for page in ["nodes/mini-debt/index.html", "zh-Hant/essays/mini/index.html"]:
        first_html = (site / page).read_text(encoding="utf-8")
        assert first_html == (second / page).read_text(encoding="utf-8"), page


def test_broken_argument_file_fails_the_build_with_a_located_message(tmp_path):
    from support import make_project
    project = site_project(make_project(tmp_path))
    node = project / "arguments/mini/mini-debt.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("  - mini-thesis", "  - mini-nowhere"), encoding="utf-8")
    result = build(project, project / "site")
    assert result.returncode != 0
    assert "arguments/mini/mini-debt.yaml:15: E303" in result.stderr
    assert "Traceback" not in result.stderr


def test_real_maps_every_node_has_pages_and_diagrams(real_site):
    ids = node_ids(ROOT)
    assert len(ids) > 20
    for node_id in ids:
        for lang in LANGS:
            html = (real_site / PREFIX[lang] / "nodes" / node_id / "index.html").read_text(encoding="utf-8")
            assert "<svg" in html, f"{lang} page of {node_id} has no diagram"
    project = loader.load_project(ROOT)[0]
    for essay in project.essays.values():
        for lang in LANGS:
            html = (real_site / PREFIX[lang] / "essays" / essay.id / "index.html").read_text(encoding="utf-8")
            # the overview inline, the whole map a file of its own that the page loads on demand
            overview = html[html.index('class="am-diagram am-overview"'):]
            assert overview.index("<svg") < overview.index("</figure>")
            assert 'data-src="' in html
            assert (real_site / "downloads" / "maps" / f"{essay.id}-{lang}.svg").stat().st_size > 50_000
            assert (real_site / PREFIX[lang] / "essays" / essay.id / "source" / "index.html").exists()


def test_two_builds_are_byte_identical(tmp_path):
    """Reproducible builds: nothing in site/ is stamped with the build time."""
    import filecmp
    import time

    from support import make_project
    project = site_project(make_project(tmp_path))
    first, second = tmp_path / "one", tmp_path / "two"
    assert build(project, first).returncode == 0
    time.sleep(1.1)
    assert build(project, second).returncode == 0
    different = []
    for path in first.rglob("*"):
        if path.is_file():
            other = second / path.relative_to(first)
            if not other.exists() or not filecmp.cmp(path, other, shallow=False):
                different.append(str(path.relative_to(first)))
    assert different == []
    assert len(list(first.rglob("*.html"))) == len(list(second.rglob("*.html")))


def test_build_dates_come_from_the_inputs_not_the_clock(tmp_path):
    """Outside git, the sitemap's dates are those of the newest input file, not of the day of the build."""
    import os

    from support import make_project
    project = site_project(make_project(tmp_path))
    old = 978307200  # 2001-01-01
    for path in project.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    assert build(project, tmp_path / "site").returncode == 0
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2001-01-01</lastmod>" in sitemap


def test_each_language_has_its_own_404_page(mini_site):
    _, site, _ = mini_site
    for prefix, lang, text in (("", "en", "Page not found"), ("zh-Hans/", "zh-Hans", "找不到页面"),
                               ("zh-Hant/", "zh-Hant", "找不到頁面")):
        html = (site / prefix / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html and text in html
        assert "nodes/" not in "".join(re.findall(r'<a href="([^"]*)" hreflang', html))


def test_edit_links_open_the_argument_file(mini_site):
    _, site, _ = mini_site
    node = (site / "zh-Hant/nodes/mini-debt/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/edit/main/arguments/mini/mini-debt\.yaml"', node)
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/edit/main/docs/about\.md"', about)


def test_sitemap_has_language_alternates(mini_site):
    _, site, _ = mini_site
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="zh-Hant" href="https://' in sitemap and "/zh-Hant/nodes/mini-debt/" in sitemap
