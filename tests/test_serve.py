"""`mkdocs serve --dirty` (what `make serve` runs) regenerates pages when an argument file changes, and
survives a broken one: a quick build shows the edited pages, a full build behind it brings the rest (the
search index, navigation) up to date, after which the served site is byte-identical to a clean build.

No test here asserts a speed (that is `make bench`'s job); each waits for a condition, generously."""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from sitebuild import env, mkdocs, site_project
from support import make_project

pytestmark = pytest.mark.serve
EPOCH = "1700000000"  # one SOURCE_DATE_EPOCH for serve and the clean builds it is compared with
QUICK = "argmap: quick build"
FULL = "argmap: full build served"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def serve_env(tmp_path: Path) -> dict:
    """serve's environment: its site folder (a temporary folder) inside the test's, and a fixed build date."""
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    return {**env(), "TMPDIR": str(temp), "SOURCE_DATE_EPOCH": EPOCH}


def served_site(tmp_path: Path) -> Path:
    """The folder `mkdocs serve` serves from."""
    found = sorted((tmp_path / "tmp").glob("mkdocs_*"))
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def served(tmp_path):
    project = site_project(make_project(tmp_path))
    port = free_port()
    with open(tmp_path / "serve.log", "w+", encoding="utf-8") as log:
        process = subprocess.Popen([mkdocs(), "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                                   env=serve_env(tmp_path), stdout=log, stderr=subprocess.STDOUT)
        try:
            # `mkdocs serve` serves under the path of site_url
            config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])
            path = urlparse(config["site_url"]).path.rstrip("/")
            yield project, f"http://127.0.0.1:{port}{path}", tmp_path / "serve.log"
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_editing_an_argument_file_updates_its_page_and_errors_keep_the_last_good_site(served):
    project, base, log = served
    page = f"{base}/zh-Hant/nodes/mini-debt/"
    assert wait_for(page, "債務不斷增加"), log.read_text(encoding="utf-8")[-2000:]
    node = project / "arguments/mini/mini-debt.yaml"
    good = node.read_text(encoding="utf-8")
    node.write_text(good.replace("en: Debt keeps growing", "en: Debt keeps piling up"), encoding="utf-8")
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt keeps piling up"), log.read_text(encoding="utf-8")[-2000:]

    node.write_text(good.replace("  - mini-thesis", "  - mini-nowhere"), encoding="utf-8")
    deadline = time.monotonic() + 60
    while "E303" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "arguments/mini/mini-debt.yaml:15: E303" in log.read_text(encoding="utf-8")
    # The rebuild that follows still has the last good pages (MkDocs empties its site folder while it
    # rebuilds, so wait for the rebuild rather than fetch at once).
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt keeps piling up", 90), "the last good page is still served"
    assert "Traceback" not in log.read_text(encoding="utf-8")

    node.write_text(good.replace("en: Debt keeps growing", "en: Debt grows again"), encoding="utf-8")
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt grows again"), log.read_text(encoding="utf-8")[-2000:]
    assert "Traceback" not in log.read_text(encoding="utf-8")


def _settled(log, fulls: int, seconds: float = 300, quiet: float = 8) -> str:
    """The serve log once serve is up, has served ``fulls`` full builds (the one behind each quick build;
    MkDocs' "Documentation built in N seconds" is not counted: MkDocs drops a build-log line it has logged
    before, so two builds of the same duration show one), and nothing more has been logged for ``quiet`` s."""
    deadline = time.monotonic() + seconds
    text, since = "", time.monotonic()
    while time.monotonic() < deadline:
        now = log.read_text(encoding="utf-8")
        if now != text:
            text, since = now, time.monotonic()
        elif "Serving on" in text and text.count(FULL) >= fulls and time.monotonic() - since >= quiet:
            break
        time.sleep(0.5)
    return text


def test_one_edit_costs_one_quick_and_one_full_build_and_hand_written_pages_stay_watched(served):
    """The generator's writes into docs/ are not taken for edits: an argument edit is one quick build and
    one full build behind it, then quiet (on_serve; no rebuild loop); a hand-written page (about.md) still
    triggers its builds."""
    project, base, log = served
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt keeps growing"), log.read_text(encoding="utf-8")[-2000:]
    text = _settled(log, 0)
    assert text.count("Building documentation") == 1 and "Detected file changes" not in text, text[-3000:]
    assert "A 'dirty' build is being performed" not in text  # the hook makes the dirty build's nav right
    node = project / "arguments/mini/mini-debt.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("en: Debt keeps growing", "en: Debt keeps piling up"),
                    encoding="utf-8")
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt keeps piling up"), log.read_text(encoding="utf-8")[-2000:]
    text = _settled(log, 1)
    assert (text.count(QUICK), text.count(FULL), text.count("Building documentation")) == (1, 1, 3), text[-3000:]
    assert "Traceback" not in text and "ERROR" not in text, text[-3000:]

    about = project / "docs/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\nA sentence added while serving.\n", encoding="utf-8")
    assert wait_for(f"{base}/about/", "A sentence added while serving."), log.read_text(encoding="utf-8")[-2000:]
    text = _settled(log, 2)
    assert (text.count(QUICK), text.count(FULL), text.count("Building documentation")) == (2, 2, 5), text[-3000:]


def clean_build(project: Path, tmp_path: Path, base: str) -> Path:
    """A clean `mkdocs build` of a copy of the project as it is now, with serve's site_url (the one thing
    serve changes in the configuration) and the same build date."""
    copy = tmp_path / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    config = copy / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {base}/", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    site = tmp_path / "clean"
    shutil.rmtree(site, ignore_errors=True)
    result = subprocess.run([mkdocs(), "build", "--site-dir", str(site)], cwd=copy, env=serve_env(tmp_path),
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(one: dict, other: dict) -> list:
    return sorted(k for k in one.keys() | other.keys() if one.get(k) != other.get(k))


LIVERELOAD = re.compile(r"<script>(?:(?!</script>).)*livereload\(\d+, \d+\);\s*</script>", re.S)


def test_an_edit_shows_at_once_everywhere_and_the_full_build_behind_it_equals_a_clean_build(served, tmp_path):
    project, base, log = served
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt keeps growing"), log.read_text(encoding="utf-8")[-2000:]
    _settled(log, 0)
    site = served_site(tmp_path)
    assert differences(tree(site), tree(clean_build(project, tmp_path, base))) == []  # serve's first build
    before = tree(site)

    node = project / "arguments/mini/mini-debt.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("en: Debt keeps growing", "en: Debt keeps piling up"),
                    encoding="utf-8")
    for page in ("nodes/mini-debt/", "nodes/mini-thesis/"):  # the node, and the one it supports (it lists it)
        assert wait_for(f"{base}/{page}", "Debt keeps piling up"), (page, log.read_text(encoding="utf-8")[-2000:])
    deadline = time.monotonic() + 120  # the quick build is over when serve reloads the browsers after it
    while time.monotonic() < deadline and "Reloading browsers" not in log.read_text(encoding="utf-8").split(QUICK)[-1]:
        time.sleep(0.2)
    quick = tree(site)
    quick_state = FULL not in log.read_text(encoding="utf-8")  # the full build behind takes much longer

    text = _settled(log, 1)
    assert text.count(FULL) == 1 and "Traceback" not in text, text[-3000:]
    served_now = tree(site)
    clean = tree(clean_build(project, tmp_path, base))
    assert differences(served_now, clean) == []
    showing = [k for k, v in clean.items() if k.endswith(".html") and b"Debt keeps piling up" in v]
    assert {"nodes/mini-debt/index.html", "nodes/mini-thesis/index.html", "nodes/mini-deficit/index.html",
            "essays/mini/main/index.html"} <= set(showing), showing
    if quick_state:
        # The quick build already wrote every page that shows the node, as the clean build has it (navigation
        # included), and nothing in the other languages (an English edit); only the search index waited.
        assert set(showing) <= set(differences(before, quick))
        assert not any(k.startswith(("zh-Hans/", "zh-Hant/")) for k in differences(before, quick))
        assert differences(quick, clean) == ["search/index.en.json"]  # the English search index
    assert b"Debt keeps piling up" in served_now["search/index.en.json"]
    # What the browser gets over HTTP is that file, with serve's live-reload script added.
    page = fetch(f"{base}/nodes/mini-debt/")
    assert LIVERELOAD.sub("", page) == clean["nodes/mini-debt/index.html"].decode("utf-8")


NEW_NODE = """id: mini-gold
type: counterargument
essay: mini
section: main
origin: essay
label:
  zh-Hans: 央行增持黄金
  zh-Hant: 央行增持黃金
  en: Central banks buy gold
statement:
  zh-Hans: 但美元仍是主要储备货币。
  zh-Hant: 但美元仍是主要儲備貨幣。
  en: Yet the dollar is still the main reserve currency.
attacks:
  - mini-thesis
source:
  paragraph: 4
  quote: 但美元仍是主要储备货币
"""


def test_a_new_node_appears_and_a_deleted_one_disappears(served, tmp_path):
    project, base, log = served
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt keeps growing"), log.read_text(encoding="utf-8")[-2000:]
    _settled(log, 0)
    new = project / "arguments/mini/mini-gold.yaml"
    new.write_text(NEW_NODE, encoding="utf-8")
    assert wait_for(f"{base}/zh-Hant/nodes/mini-gold/", "央行增持黃金"), log.read_text(encoding="utf-8")[-2000:]
    assert wait_for(f"{base}/nodes/mini-thesis/", "Central banks buy gold")  # the node it attacks lists it
    _settled(log, 1)
    new.unlink()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and any(
            "央行增持" in fetch(f"{base}/{lang}nodes/mini-gold/") for lang in ("", "zh-Hans/", "zh-Hant/")):
        time.sleep(0.5)
    assert "Central banks buy gold" not in fetch(f"{base}/nodes/mini-gold/")
    assert wait_for(f"{base}/nodes/mini-thesis/", "Debt keeps growing")
    assert "Central banks buy gold" not in fetch(f"{base}/nodes/mini-thesis/")
    text = _settled(log, 2)
    assert "Traceback" not in text, text[-3000:]
    site = served_site(tmp_path)
    assert not any((site / lang / "nodes" / "mini-gold").exists() for lang in ("", "zh-Hans", "zh-Hant"))
    assert differences(tree(site), tree(clean_build(project, tmp_path, base))) == []


def test_an_edit_during_the_full_build_is_built_first_and_the_site_still_ends_clean(served, tmp_path):
    """A second edit while the full build of the first runs: that full build is given up (its files are not
    served), the second edit gets its quick build, and one full build behind it ends as a clean build."""
    project, base, log = served
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt keeps growing"), log.read_text(encoding="utf-8")[-2000:]
    _settled(log, 0)
    node = project / "arguments/mini/mini-debt.yaml"
    good = node.read_text(encoding="utf-8")
    node.write_text(good.replace("en: Debt keeps growing", "en: Debt keeps piling up"), encoding="utf-8")
    deadline = time.monotonic() + 300
    while "argmap: full build behind" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.1)
    node.write_text(good.replace("en: Debt keeps growing", "en: Debt grows again"), encoding="utf-8")
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt grows again", 300), log.read_text(encoding="utf-8")[-2000:]
    text = _settled(log, 1)
    assert "Traceback" not in text and "ERROR" not in text, text[-3000:]
    if "full build stopped by an edit" in text:  # the usual case: the second edit came during the full build
        assert text.count(QUICK) == 2 and text.count(FULL) == 1, text[-3000:]
    site = served_site(tmp_path)
    assert differences(tree(site), tree(clean_build(project, tmp_path, base))) == []
    assert "Debt keeps piling up" not in fetch(f"{base}/nodes/mini-debt/")
