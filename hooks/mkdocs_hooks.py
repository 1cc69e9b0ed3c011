"""MkDocs hooks: run the argmap generator before each build, and point edit links at argument files.

The generator (src/argmap) knows nothing of MkDocs; this file is the only glue. static-i18n builds
once per language, so on_pre_build fires three times: the generator runs only when its inputs changed,
and writes only files whose content changed. `mkdocs serve` does not watch what it writes (on_serve), so
an edit costs one rebuild. Under `serve`, an argument file with errors leaves the last good pages in
place and prints the errors; `build` stops.

Under `mkdocs serve --dirty` (`make serve`) an edit is shown by a quick build, and a full build follows
behind it (see FastServe below): the edited pages in every language within seconds, everything else
(search index, a new or removed page's navigation) within one full build, and then a site byte-identical
to a clean build.
"""
from __future__ import annotations

import filecmp
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from argmap import paths, pipeline
from argmap.load import loader
from argmap.memo import Memo
from argmap.render import dictionary, search, urls
from argmap.write import docs as docs_stage

ROOT = Path(__file__).resolve().parents[1]

log = logging.getLogger("mkdocs.hooks.argmap")
INPUTS = ("arguments", "sources", "schema", "src/argmap")
# What this process keeps between builds. `memo` holds the generator's results keyed by their inputs, so
# that under `mkdocs serve` a rebuild after one edit redoes only what the edit touched.
# `dests`: every file (all languages) of the build running; `built`: those of the last build.
_state = {"command": "build", "dirty": False, "fingerprint": None, "good": False, "loaded": None, "memo": Memo(),
          "spent": 0.0, "serve": None, "dests": set(), "built": None}
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
    _state.update(command=command, dirty=dirty)
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_QuietFilter())
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(ROOT))
    if command == "serve":
        JiebaOnce.install()


class JiebaOnce:
    """Material's search plugin sets jieba's dictionaries in its on_config: once per language and build, and
    each time jieba loads its whole dictionary again (about 1.2 s; 3.7 of the 5.3 s a quick serve build took).
    Under `mkdocs serve` the process keeps jieba's default tokenizer: it is loaded again only when a
    dictionary file changed (path, size, time), so it holds what a fresh load would, and an edit is shown
    without three dictionary loads. `mkdocs build` loads them as Material does."""

    loaded: tuple | None = None   # (main, user) stats of what the tokenizer holds
    main: str | None = None       # asked for by the set_dictionary call before load_userdict

    @staticmethod
    def _stat(path: str) -> tuple:
        info = os.stat(path)
        return (os.path.abspath(path), info.st_size, info.st_mtime_ns)

    @classmethod
    def install(cls) -> None:
        import jieba
        real_set, real_load = jieba.set_dictionary, jieba.load_userdict

        def set_dictionary(path):
            cls.main = path
            if cls.loaded is None or cls.loaded[0] != cls._stat(path):
                real_set(path)      # a new main dictionary: jieba loads it (with the user words) when next used
                cls.loaded = None

        def load_userdict(path):
            wanted = (cls._stat(cls.main) if cls.main else None, cls._stat(path))
            if wanted != cls.loaded or not jieba.dt.initialized:
                if cls.loaded is not None and cls.main:
                    real_set(cls.main)  # the user words changed: start again from the main dictionary
                real_load(path)
                cls.loaded = wanted
        jieba.set_dictionary, jieba.load_userdict = set_dictionary, load_userdict


@event_priority(100)  # before the search plugin reads its jieba dictionaries
@_timed
def on_config(config):
    if _state["command"] == "serve" and _state["dirty"]:
        FastServe.search_as_built(config)
    if _state["serve"] is not None:
        _state["serve"].on_config(config)
    if not _inner_build(config):
        _state["dests"] = set()
    _, (project, _) = load(ROOT, config)
    dictionary.ensure_main(ROOT)
    dictionary.ensure_user(ROOT, project.glossary)
    config["nav"] = urls.nav(project)
    return config


@_timed
def on_pre_build(config):
    current, loaded = load(ROOT, config)
    if current == _state["fingerprint"]:
        return
    outcome = pipeline.generate(ROOT, log=sys.stderr, loaded=loaded, memo=_state["memo"])
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
    watched = [Path(config.config_file_path)] if config.config_file_path else []
    for entry in sorted(docs.iterdir()):
        if not docs_stage.is_generated(entry.name):
            server.watch(str(entry))
            watched.append(entry)
    if _state["dirty"]:
        _state["serve"] = FastServe(server, config, watched + [Path(p) for p in config.watch])
    return server


@_timed
def on_pre_page(page, config, files):
    if _state["serve"] is not None:
        _state["serve"].checkpoint()
    return page


@_timed
def on_post_page(output, page, config):
    if _state["serve"] is not None:
        _state["serve"].checkpoint()
    return output


@_timed
def on_env(env, config, files):
    """A page a dirty build does not read has no title: give it the one it had when last read, so the
    navigation of the pages a dirty build writes is what a full build writes."""
    titles = _state.setdefault("titles", {})
    for file in files:
        _state["dests"].add(file.dest_uri)
        page = file.page
        if page is None:
            continue
        if page.markdown is None:
            if file.dest_uri in titles:
                page.title, page.meta = titles[file.dest_uri]
        else:
            titles[file.dest_uri] = (page.title, page.meta)
    return env


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
    """One search index per language (src/argmap/render/search.py), from the index static-i18n has just
    written for all languages; node statements come from the data."""
    path = site / "search" / "search_index.json"
    if not path.exists():
        return
    material = json.loads(path.read_text(encoding="utf-8"))
    if not material.get("docs"):  # a quick serve build writes no index: the last full build's stays
        return
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
    if _state["serve"] is not None:
        _state["serve"].on_post_build(config)
    _state["built"] = _state["dests"]
    if os.environ.get(TIMINGS):
        log.info(f"argmap: {_state['spent']:.3f} s in the hooks during this build")
    _state["spent"] = 0.0


class _Superseded(Exception):
    """A full build given up because an edit arrived: the quick build of that edit comes first."""


class FastServe:
    """`mkdocs serve --dirty`: a quick build for each edit, then a full build behind it.

    The generator writes only the pages whose content changed, so a dirty build (which renders only the
    pages whose Markdown is newer than their HTML) renders exactly the pages that show what was edited:
    the node's own page in each language, its neighbours' pages and diagrams, its section, its essay, the
    map. The quick build leaves out the search index (Material would write an index of the pages it
    rendered only; the last full one stays in place) and gives the pages it does not read the titles they
    had when last read, so the navigation it writes is the full build's (on_env); it removes the pages of
    deleted files. One second after it, a full build runs into a staging folder beside the served one and
    then replaces the served files with its own: the search index, and every page, is then what a clean
    build writes (a new or renamed essay, glossary or about page changes the navigation of every page;
    that takes this full build). An edit during the full build stops it (checkpoint) and is built
    quickly first; the full build follows again. A full build is started only after a quick build, and
    starts nothing itself: no rebuild loop.

    This drives MkDocs 1.6's LiveReloadServer (its builder, `_want_rebuild` and `_rebuild_cond`) and
    Material's search plugin instance; MkDocs and Material are pinned (requirements/site.txt), and
    tests/test_serve.py runs all of it against the real `mkdocs serve`.
    """

    DELAY = 1.0  # s between a quick build and the full build behind it: the browser reloads first

    def __init__(self, server, config, watched: list[Path]):
        self.server = server
        self.served = Path(config.site_dir)
        self.watched = watched
        self.mode = "full"  # of the build running: "quick", "staged" (full, into self.staging) or "full"
        self.staging: Path | None = None
        self.pending = False  # a full build is due
        self.built_from = self.inputs()
        # Material's search plugin: MkDocs keeps the one instance across serve's rebuilds
        self.search = config.plugins.get("material/search") or config.plugins.get("search")
        self.timer: threading.Timer | None = None
        self.original = server.builder
        server.builder = self.build

    def inputs(self) -> tuple:
        """Size and time of every watched file: what decides whether a build is for an edit."""
        seen = []
        for root in self.watched:
            # paths.walk: iterative and bounded (rglob recursed once per level: a folder 1,100 deep broke it)
            found = [root] if root.is_file() else sorted(paths.walk(root)) if root.is_dir() else []
            for path in found:
                try:
                    stat = path.stat()
                except OSError:
                    continue
                seen.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(seen)

    # ----------------------------------------------------------------- the builds

    def build(self, config=None):
        """Called by serve's rebuild loop (in place of serve's own builder): a quick build when a watched
        file changed since the last build began, else the full build that is due."""
        if self.timer is not None:
            self.timer.cancel()
        now = self.inputs()
        full = self.pending and now == self.built_from
        self.built_from = now
        if not full:
            self.quick_build(config)
        elif not self.full_build(config):
            # nothing served changed (or the build was given up): no reload of the browsers
            self.server._wanted_epoch = self.server._visible_epoch

    def quick_build(self, config):
        log.info("argmap: quick build (the pages that changed); a full build follows")
        self.mode = "quick"
        plugin = self.search
        index = type(getattr(plugin, "search_index", None))
        adder = getattr(index, "add_entry_from_context", None)
        try:
            if plugin is not None:  # no search index: Material would index the pages written only
                plugin.on_post_build = _nothing  # MkDocs registers the instance's handlers when it loads
            if adder is not None:
                index.add_entry_from_context = _nothing
            self.original(config)
        finally:
            if plugin is not None:
                plugin.__dict__.pop("on_post_build", None)
            if adder is not None:
                index.add_entry_from_context = adder
            self.mode = "full"
        self.pending = True
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(self.DELAY, self.request)
        self.timer.daemon = True
        self.timer.start()

    def full_build(self, config) -> bool:
        """True when it changed what is served."""
        log.info("argmap: full build behind the quick one (every page, navigation, search index)")
        self.staging = Path(tempfile.mkdtemp(prefix="argmap-full-", dir=self.served.parent))
        self.mode = "staged"
        from mkdocs import utils
        clean_directory = utils.clean_directory
        try:
            self.original(config)
        except _Superseded:
            log.info("argmap: full build stopped by an edit; the edit is built first")
            return False
        finally:
            self.mode = "full"
            utils.clean_directory = clean_directory  # static-i18n replaces it during a build
            for logger in (logging.getLogger("mkdocs.commands.build"),):
                for item in list(logger.filters):  # static-i18n's, left behind when a build stops
                    if type(item).__name__ == "I18nLoggingFilter":
                        logger.removeFilter(item)
            staging, self.staging = self.staging, None
            if self.pending:  # stopped or failed: the staged files are not served
                shutil.rmtree(staging, ignore_errors=True)
        changed = self.publish(staging)
        log.info(f"argmap: full build served ({changed} file(s) changed)")
        return changed > 0

    def publish(self, staging: Path) -> int:
        """Replace the served files that differ from the staged ones (each file atomically), remove the
        files the full build does not have; how many files changed."""
        staged = {p.relative_to(staging) for p in staging.rglob("*") if not p.is_dir()}
        changed = 0
        for relative in sorted(staged):
            source, target = staging / relative, self.served / relative
            if target.is_file() and filecmp.cmp(source, target, shallow=False):
                continue
            changed += 1
            if target.is_dir():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        for path in sorted(self.served.rglob("*"), reverse=True):  # children before their folders
            relative = path.relative_to(self.served)
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif relative not in staged:
                path.unlink()
                changed += 1
        shutil.rmtree(staging, ignore_errors=True)
        filecmp.clear_cache()  # keyed by path: each full build's staging folder is new
        return changed

    def request(self) -> None:
        """Ask serve's rebuild loop for one more build (the full one)."""
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()

    def checkpoint(self) -> None:
        """Inside a full build: give it up when an edit has arrived (the watcher wants a rebuild)."""
        if self.mode == "staged" and self.server._want_rebuild:
            raise _Superseded()

    # ----------------------------------------------------------------- hook events

    @staticmethod
    def search_as_built(config) -> None:
        """The search index of a dirty serve's full build as `mkdocs build` makes it. Material's own
        dirty-reload shortcut merges each build's index into the one before (its plugin instance lives
        as long as serve); with static-i18n's three builds per build that multiplies the entries."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:
            search.is_dirty = False
            search.search_index_prev = None
        plugin = config.plugins.get("i18n")
        if not _inner_build(config) and isinstance(getattr(plugin, "search_entries", None), list):
            plugin.search_entries.clear()

    def on_config(self, config) -> None:
        if self.mode == "staged" and not _inner_build(config):
            config["site_dir"] = str(self.staging)

    def on_post_build(self, config) -> None:
        """End of a build (all languages): in a quick build, remove what the build no longer has."""
        if self.mode == "quick" and _state["built"] is not None:
            for dest in sorted(_state["built"] - _state["dests"]):
                path = self.served / dest
                if path.is_file():
                    path.unlink()
        if self.mode == "staged":
            self.pending = False


def _nothing(*args, **kwargs):
    return None


class _QuietFilter(logging.Filter):
    """Under FastServe, MkDocs' warning that a dirty build leaves the navigation inaccurate does not hold
    (on_env, and the full build behind), nor does its note on stale files; a full build given up by an
    edit logs no page error."""

    def filter(self, record) -> bool:
        message = record.getMessage()
        if message.startswith(("A 'dirty' build is being performed", "The directory contains stale files")):
            return False
        serve = _state["serve"]
        given_up = serve is not None and serve.mode == "staged" and serve.server._want_rebuild
        return not (record.levelno >= logging.ERROR and given_up)
