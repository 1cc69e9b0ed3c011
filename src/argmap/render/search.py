"""One search index per language, cut into words by jieba with the project's dictionaries.

Material's search plugin gives one index for every language (static-i18n merges them), with HTML in the
text, entities in titles (``Ant Group&#x27;s``) and Chinese cut by jieba's HMM, which invents words that
exist nowhere else (对美债, 由美企): a query for 美债 then misses them. This module takes those entries
and makes, for each language, an index of plain text in which each run of Han characters is cut by jieba
without HMM, with the project's dictionary (jieba's, its Traditional conversion and the glossary terms):
every word of the index is a word of the dictionary or a single character. Word boundaries inside a Han
run are marked with U+200B; nothing else is. The browser (docs/assets/argmap-search-worker.js) reads the
words of the index back and cuts a query by forward maximum matching over that same vocabulary, so the
query splits into the index's own words, in both scripts.

Pages are grouped as Material groups them (the page, then its sections). The text before a page's h1
(the breadcrumbs) is navigation, not content, and is left out; the h1 section becomes the page's own
text. A node page's statement, from the data, is its lead (ranked like its label, above a mere mention).
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

ZWSP = "\u200b"
# Han characters (the same ranges as HAN in argmap-search-worker.js).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
HAN_RUN = re.compile(f"[{HAN}]+")
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")
FILE = "index.{lang}.json"  # under site/search/
VERSION = 1


def plain(value: str) -> str:
    """Text of an index entry: no tags, no entities (unescaped until stable: some arrive escaped twice),
    no U+200B, single spaces."""
    text = TAG.sub(" ", value.replace(ZWSP, ""))
    for _ in range(3):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = TAG.sub(" ", text)  # markup that was itself escaped
    return SPACE.sub(" ", text).strip()


def segment(text: str, cut: Callable[[str], Iterable[str]]) -> str:
    """Mark the word boundaries inside each Han run with U+200B (cut gives the words of a run)."""
    return HAN_RUN.sub(lambda m: ZWSP.join(w for w in cut(m.group(0)) if w), text)


def jieba_cut(root: Path) -> Callable[[str], list[str]]:
    """jieba with the project's dictionaries (src/argmap/render/dictionary.py), without HMM: only dictionary
    words and single characters."""
    import logging

    import jieba

    from argmap.render import dictionary
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer(dictionary=str(root / dictionary.MAIN))
    user = root / dictionary.USER
    if user.exists():
        tokenizer.load_userdict(str(user))
    return lambda run: list(tokenizer.cut(run, HMM=False))


def folding(texts: Iterable[str]) -> dict[str, str]:
    """{Traditional character: Simplified character} for the Han characters of texts that OpenCC's t2s
    changes one for one. The browser folds both the index and the query with it before matching, so that
    a query in either script finds a quotation in the other (a zh-Hant page quotes the zh-Hans essay in
    its original script)."""
    from argmap.convert.conversion import _converter
    chars = sorted({c for text in texts for run in HAN_RUN.findall(text) for c in run if ord(c) < 0x10000})
    if not chars:
        return {}
    converted = _converter("t2s").convert("\n".join(chars)).split("\n")
    return {a: b for a, b in zip(chars, converted) if a != b and len(b) == 1 and ord(b) < 0x10000}


def language_of(location: str, languages: Iterable[str], default: str) -> str:
    first = location.split("/", 1)[0]
    return first if first in languages and first != default else default


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def build(entries: list[dict], languages: Iterable[str], default: str, cut: Callable[[str], Iterable[str]],
          leads: dict[str, dict[str, str]] | None = None) -> dict[str, dict]:
    """{language: index} from Material's entries. leads[lang][page location] is a page's lead text (a
    node's statement). An index is {"version", "lang", "fold", "pages": [[location, title, lead, own text,
    [[anchor, heading, text], ...]], ...]}: locations relative to the site root, as in Material's index;
    fold is the folding table as a string of (Traditional, Simplified) character pairs."""
    languages = tuple(languages)
    leads = leads or {}
    grouped: dict[str, dict[str, list[dict]]] = {lang: {} for lang in languages}
    for entry in entries:
        location = entry.get("location", "")
        lang = language_of(location, languages, default)
        grouped[lang].setdefault(_page(location), []).append(entry)
    indexes = {}
    for lang in languages:
        pages = []
        for location, items in grouped[lang].items():
            article = next((e for e in items if e["location"] == location), None)
            sections = [e for e in items if e["location"] != location]
            title = plain(article["title"] if article else sections[0]["title"])
            lead = plain(leads.get(lang, {}).get(location, ""))
            own = ""
            rows = []
            for number, entry in enumerate(sections):
                anchor = entry["location"][len(location):]
                heading, text = plain(entry["title"]), plain(entry.get("text", ""))
                if number == 0 and heading == title:
                    own = text  # the h1 section: the page's own text
                    continue
                rows.append([anchor, segment(heading, cut), segment(text, cut)])
            if lead and not own:
                own = lead
            elif lead and lead in own:
                own = own.replace(lead, "", 1).strip()  # the lead is shown and indexed once
            pages.append([location, segment(title, cut), segment(lead, cut), segment(own, cut), rows])
        texts = [text for page in pages for text in page[1:4] + [t for row in page[4] for t in row[1:]]]
        indexes[lang] = {"version": VERSION, "lang": lang, "fold": "".join(a + b for a, b in folding(texts).items()),
                         "pages": pages}
    return indexes


def dumps(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def write(site: Path, material: dict, languages: Iterable[str], default: str,
          cut: Callable[[str], Iterable[str]], leads: dict[str, dict[str, str]] | None = None) -> dict[str, int]:
    """Write site/search/index.<lang>.json for each language and leave in Material's search_index.json
    only its configuration (its highlighter reads the separator from it on every page). Returns the
    size in bytes of each language's index."""
    folder = site / "search"
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for lang, index in build(material.get("docs", []), languages, default, cut, leads).items():
        data = dumps(index).encode("utf-8")
        (folder / FILE.format(lang=lang)).write_bytes(data)
        sizes[lang] = len(data)
    config_only = {"config": material.get("config", {}), "docs": []}
    (folder / "search_index.json").write_text(dumps(config_only), encoding="utf-8")
    return sizes
