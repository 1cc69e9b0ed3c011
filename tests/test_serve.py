"""`mkdocs serve` regenerates pages when an argument file changes, and survives a broken one."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

import pytest
import yaml
from urllib.parse import urlparse

from support import make_project
from sitebuild import env, mkdocs, site_project


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


@pytest.fixture
def served(tmp_path):
    project = site_project(make_project(tmp_path))
    port = free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    process = subprocess.Popen([mkdocs(), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env(),
                               stdout=log, stderr=subprocess.STDOUT)
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
        log.close()


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


def _settled(log, reloads: int, seconds: float = 120, quiet: float = 6) -> str:
    """The serve log once serve is up, has reloaded the browsers ``reloads`` times (once after each
    rebuild; MkDocs' "Documentation built in N seconds" is not counted: MkDocs drops a build-log line it
    has logged before, so two builds of the same duration show one),
    and nothing more has been logged for ``quiet`` s."""
    deadline = time.monotonic() + seconds
    text, since = "", time.monotonic()
    while time.monotonic() < deadline:
        now = log.read_text(encoding="utf-8")
        if now != text:
            text, since = now, time.monotonic()
        elif "Serving on" in text and text.count("Reloading browsers") >= reloads \
                and time.monotonic() - since >= quiet:
            break
        time.sleep(0.5)
    return text


def test_one_edit_costs_one_rebuild_and_hand_written_pages_stay_watched(served):
    """The generator's writes into docs/ are not taken for edits: an argument edit is one rebuild, not two
    (on_serve); a hand-written page (about.md) still triggers its rebuild."""
    project, base, log = served
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt keeps growing"), log.read_text(encoding="utf-8")[-2000:]
    text = _settled(log, 0)
    assert text.count("Building documentation") == 1 and "Detected file changes" not in text, text[-3000:]
    node = project / "arguments/mini/mini-debt.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("en: Debt keeps growing", "en: Debt keeps piling up"),
                    encoding="utf-8")
    assert wait_for(f"{base}/nodes/mini-debt/", "Debt keeps piling up"), log.read_text(encoding="utf-8")[-2000:]
    text = _settled(log, 1)
    assert text.count("Detected file changes") == 1 and text.count("Building documentation") == 2, text[-3000:]

    about = project / "docs/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\nA sentence added while serving.\n", encoding="utf-8")
    assert wait_for(f"{base}/about/", "A sentence added while serving."), log.read_text(encoding="utf-8")[-2000:]
    text = _settled(log, 2)
    assert text.count("Detected file changes") == 2 and text.count("Building documentation") == 3, text[-3000:]
