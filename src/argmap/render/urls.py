"""Render stage: where every page is, as docs-relative Markdown paths, and the links between them (relative
URLs, so that the site works from any folder and offline). A language other than English gets the
static-i18n suffix (x.zh-Hans.md)."""
from __future__ import annotations

import posixpath
from functools import lru_cache

from argmap.export.formats import DOWNLOADS
from argmap.model import LANGS
from argmap.vocabulary import essays_in_order


def localized(path: str, lang: str) -> str:
    return path if lang == "en" else path[:-3] + f".{lang}.md"


def page_url(path: str) -> str:
    """docs-relative Markdown path -> site-relative directory URL ('' for the home page)."""
    stem = path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=1 << 18)  # pure, and called for every link of every page
def rel(from_path: str, to_path: str, anchor: str = "") -> str:
    """Relative URL from one page to another (both docs-relative Markdown paths)."""
    here, there = "/" + page_url(from_path), "/" + page_url(to_path)
    link = posixpath.relpath(there, here)
    link = "./" if link == "." else link + "/"
    return link + anchor


def node_path(node_id: str) -> str:
    return f"nodes/{node_id}.md"


def essay_path(essay_id: str) -> str:
    return f"essays/{essay_id}/index.md"


def section_path(essay_id: str, section_id: str) -> str:
    return f"essays/{essay_id}/{section_id}.md"


def source_path(essay_id: str) -> str:
    return f"essays/{essay_id}/source.md"


def download_url(here: str, lang: str, name: str) -> str:
    """Relative URL from a page in a language to a file of docs/downloads/ (copied once, at the site root)."""
    page = "/" + ("" if lang == LANGS[0] else f"{lang}/") + page_url(here)
    return posixpath.relpath(f"/{DOWNLOADS}/{name}", page)


GLOSSARY_PATH = "glossary.md"


HOME_PATH = "index.md"


MAP_PATH = "map/index.md"


FACTCHECKS_PATH = "factchecks.md"


def map_file(essay_id: str, lang: str) -> str:
    """The whole map of an essay, loaded on demand (docs-relative)."""
    return f"{DOWNLOADS}/{map_name(essay_id, lang)}"


def map_file_link(lang: str, path: str) -> str:
    """A link inside a map file to a page (a docs-relative Markdown path) of the language."""
    target = "/" + ("" if lang == LANGS[0] else f"{lang}/") + page_url(path)
    return posixpath.relpath(target, "/" + posixpath.dirname(map_file("x", lang))) + "/"


def nav(project) -> list:
    """The site navigation as MkDocs-style plain data (page titles come from the pages)."""
    essays = essays_in_order(project)
    return (["index.md"] + [essay_path(e.id) for e in essays]
            + [MAP_PATH, FACTCHECKS_PATH, "glossary.md", "about.md"])


def map_name(essay_id: str, lang: str) -> str:
    """The whole map of an essay, as a name inside docs/downloads/."""
    return f"maps/{essay_id}-{lang}.svg"
