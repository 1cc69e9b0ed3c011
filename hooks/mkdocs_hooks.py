"""MkDocs hooks: run the argmap generator before each build, and point edit links at argument files.

The generator (src/argmap) knows nothing of MkDocs; this file is the only glue. static-i18n builds
once per language, so on_pre_build fires three times: the generator runs only when its inputs changed,
and writes only files whose content changed. `mkdocs serve` does not watch what it writes (on_serve), so
an edit costs one rebuild. Under `serve`, an argument file with errors leaves the last good pages in
place and prints the errors; `build` stops.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import sys
import time
from urllib.parse import urlparse
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from argmap import dictionary, generator, loader, paths, search
from argmap.memo import Memo

ROOT = Path(__file__).resolve().parents[1]

log = logging.getLogger("mkdocs.hooks.argmap")
INPUTS = ("arguments", "sources", "schema", "src/argmap")
# What this process keeps between builds. `memo` holds the generator's results keyed by their inputs, so
# that under `mkdocs serve` a rebuild after one edit redoes only what the edit touched.
_state = {"command": "build", "fingerprint": None, "good": False, "loaded": None, "memo": Memo(), "spent": 0.0}
TIMINGS = "ARGMAP_TIMINGS"  # set it (ARGMAP_TIMINGS=1 mkdocs serve) to log the time each build spent in this file


def _timed(function):
    """Add the time spent in a hook function to the build's total (logged at its end with ARGMAP_TIMINGS)."""
    @functools.wraps(function)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _state["spent"] += time.perf_counter() - start
    return timed


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for folder in INPUTS:
        for path in sorted(paths.walk(root / folder)):  # iterative, symlinks not followed, bounded depth
            if "__pycache__" not in path.parts:
                stat = path.lstat()
                digest.update(f"{path.relative_to(root)}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def load(root: Path, config=None) -> tuple[str, tuple]:
    """(fingerprint, loader.load_project(root)), loaded once per fingerprint: static-i18n runs on_config and
    on_pre_build once per language, and the generator needs the same project. Inside static-i18n's build
    of another language, the files are not looked at again: they were, when this build began."""
    if _state["loaded"] is not None and _inner_build(config):
        return _state["loaded"]
    current = fingerprint(root)
    if _state["loaded"] is None or _state["loaded"][0] != current:
        _state["memo"].start()
        _state["loaded"] = (current, loader.load_project(root, _state["memo"]))
    return _state["loaded"]


def _inner_build(config) -> bool:
    plugin = config.plugins.get("i18n") if config is not None else None
    return bool(getattr(plugin, "building", False))


def source_date_epoch(root: Path) -> str:
    """The time of the last commit, so that two builds of one commit are byte-identical (sitemap dates,
    gzip headers); the newest input file's time when there is no git history."""
    import subprocess
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                                timeout=20)
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return result.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    times = [p.lstat().st_mtime for folder in INPUTS for p in paths.walk(root / folder)]
    return str(int(max(times))) if times else "0"


def on_startup(command, dirty):
    _state["command"] = command
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(ROOT))


@event_priority(100)  # before the search plugin reads its jieba dictionaries
@_timed
def on_config(config):
    _, (project, _) = load(ROOT, config)
    dictionary.ensure_main(ROOT)
    dictionary.ensure_user(ROOT, project.glossary)
    config["nav"] = generator.nav(project)
    return config


@_timed
def on_pre_build(config):
    current, loaded = load(ROOT, config)
    if current == _state["fingerprint"]:
        return
    outcome = generator.generate(ROOT, log=sys.stderr, loaded=loaded, memo=_state["memo"])
    if outcome.ok:
        _state.update(fingerprint=current, good=True)
        return
    if _state["command"] == "serve" and _state["good"]:
        log.error("argmap: argument files have errors (listed above); still serving the last good pages")
        _state["fingerprint"] = current
        return
    raise PluginError("argmap: the argument files have errors (listed above); fix them and build again")


@_timed
def on_serve(server, config, builder):
    """Watch docs/ without the generator's output. The pages and downloads the generator writes during a
    build would otherwise be seen as edits, and `mkdocs serve` would build the whole site a second time
    after every change to an argument file. What stays watched: every hand-written entry of docs/ (about
    pages, assets/, ...) and, as before, arguments/, sources/ and the generator's code (mkdocs.yml `watch`).
    A new top-level file or folder in docs/ is watched from the next `mkdocs serve`."""
    docs = Path(config.docs_dir)
    server.unwatch(config.docs_dir)
    for entry in sorted(docs.iterdir()):
        if not generator.is_generated(entry.name):
            server.watch(str(entry))
    return server


@_timed
def on_page_markdown(markdown, page, config, files):
    source = page.meta.get("argmap_source")
    if source and config.get("repo_url"):
        page.edit_url = config["repo_url"].rstrip("/") + "/edit/main/" + source
    return markdown


def _language(config) -> str:
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or "en"


@_timed
def on_post_template(output_content, template_name, config):
    """Keep each language's 404 page: static-i18n writes every language's 404.html to the site root,
    so the root ends up in the last-built language (static-i18n issues #284, #326)."""
    if template_name == "404.html":
        # The alternate-language links static-i18n leaves in a 404 page point at whatever page was built
        # last: a 404 page has no counterpart, so drop them.
        cleaned = re.sub(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">', "", output_content)
        # Likewise the language switcher: point it at each language's home page.
        plugin = config.plugins.get("i18n")
        default = getattr(plugin, "default_language", "en") if plugin else "en"
        base = urlparse(config.site_url or "/").path or "/"
        cleaned = re.sub(r'<a href="[^"]*" hreflang="([A-Za-z-]+)"',
                         lambda m: f'<a href="{base}{"" if m.group(1) == default else m.group(1) + "/"}" '
                                   f'hreflang="{m.group(1)}"', cleaned)
        _state.setdefault("404", {})[_language(config)] = cleaned
    return output_content


def _split_search_index(config, site: Path, languages: list[str], default: str) -> None:
    """One search index per language (src/argmap/search.py), from the index static-i18n has just
    written for all languages; node statements come from the data."""
    path = site / "search" / "search_index.json"
    if not path.exists():
        return
    material = json.loads(path.read_text(encoding="utf-8"))
    project = _state["loaded"][1][0] if _state["loaded"] else None
    leads: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    for node in (project.nodes.values() if project else ()):
        for lang in languages:
            prefix = "" if lang == default else lang + "/"
            leads[lang][f"{prefix}nodes/{node.id}/"] = node.text("statement", lang)
    user = ROOT / dictionary.USER
    version = user.read_bytes() if user.exists() else b""  # the glossary's words change under serve
    if _state.get("cut", (None,))[0] != version:
        _state["cut"] = (version, search.jieba_cut(ROOT))
    sizes = search.write(site, material, languages, default, _state["cut"][1], leads)
    log.debug("argmap: search indexes " + ", ".join(f"{lang} {size:,} B" for lang, size in sizes.items()))


@event_priority(-200)  # after static-i18n's on_post_build, which builds the other languages
@_timed
def on_post_build(config):
    pages = _state.get("404", {})
    site = Path(config.site_dir)
    plugin = config.plugins.get("i18n")
    default = getattr(plugin, "default_language", "en") if plugin else "en"
    if plugin is not None and getattr(plugin, "building", False):  # inside static-i18n's build of a language
        language = _language(config)
        if language in pages and language != default:
            (site / language).mkdir(parents=True, exist_ok=True)
            (site / language / "404.html").write_text(pages[language], encoding="utf-8")
        return
    if default in pages:  # the outer build ends last: the root 404 page is the default language's
        (site / "404.html").write_text(pages[default], encoding="utf-8")
    if plugin is not None:
        _split_search_index(config, site, [lang.locale for lang in plugin.config.languages], default)
    if os.environ.get(TIMINGS):
        log.info(f"argmap: {_state['spent']:.3f} s in the hooks during this build")
    _state["spent"] = 0.0
