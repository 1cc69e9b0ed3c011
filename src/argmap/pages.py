"""Render stage: Markdown pages (with inline HTML) for every language, as plain (path, text) data.

Everything that comes from argument files is HTML-escaped and placed in raw HTML blocks, so text stays
text: Markdown, HTML and script in a field are shown literally. Interface text comes from strings.yaml.
Page paths are docs-relative; a language other than English gets the static-i18n suffix (x.zh-Hans.md).
"""
from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import yaml

from .export import COMBINED, DATA_FILE, DOWNLOADS, SCHEMA_FILE, file_names
from .graph import Graph
from .limits import section_chain
from .memo import shown
from .model import CHINESE, LANGS, Project

STRINGS = Path(__file__).with_name("strings.yaml")
TYPE_ORDER = {"thesis": 0, "premise": 1, "evidence": 2, "counterargument": 3, "rebuttal": 4}


@dataclass
class Page:
    path: str        # docs-relative, language suffix included
    content: str


def load_strings() -> dict:
    return parse_strings(STRINGS.read_text(encoding="utf-8"))


def parse_strings(text: str) -> dict:
    return yaml.safe_load(text)


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


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def md_heading(text: str) -> str:
    """Escape text for a Markdown heading line: HTML-escape and backslash-escape Markdown syntax."""
    out = esc(" ".join(str(text).split()))
    for ch in "\\`*_{}[]()#+!|~":
        out = out.replace(ch, "\\" + ch)
    return out


def front_matter(title: str, hide_toc: bool = True, **extra) -> str:
    # MkDocs and Material insert page.title into <title> and the header without escaping: escape here.
    lines = ["---", f"title: {json.dumps(esc(title), ensure_ascii=False)}"]
    if hide_toc:  # diagrams need the width more than a table of contents
        lines.append("hide: [toc]")
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


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


LANGUAGE_NAMES = {"en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文"}
GLOSSARY_PATH = "glossary.md"
HOME_PATH = "index.md"
MAP_PATH = "map/index.md"


class Renderer:
    """Renders every page; ``svgs`` maps diagram keys to inline SVG (see generator.diagram_specs)."""

    def __init__(self, project: Project, graph: Graph, svgs: dict, coverage: dict, strings: dict | None = None,
                 memo=None, context: str = ""):
        """``memo`` and ``context``: see generator.generate; a page is rendered again only when what it
        shows changed."""
        self.project = project
        self.graph = graph
        self.svgs = svgs
        self.coverage = coverage
        self.strings = strings if strings is not None else load_strings()
        self.memo = memo
        self.context = context
        self._by_essay: dict | None = None   # essay id -> nodes, indexed once
        self._members: dict = {}             # (essay id, section id, deep) -> nodes, computed once

    # ---------------------------------------------------------------- helpers
    @staticmethod
    def colon(lang: str) -> str:
        """The colon after a label: full-width in Chinese (no space after it), ": " in English."""
        return "：" if lang in CHINESE else ": "

    def s(self, lang: str, key: str, **values) -> str:
        text = self.strings[lang][key]
        return text.format(**values) if values else text

    def label(self, node_id: str, lang: str) -> str:
        node = self.project.nodes[node_id]
        return node.text("label", lang) or node_id

    def badge(self, lang: str, node) -> str:
        return f'<span class="am-badge t-{esc(node.type)}">{esc(self.strings[lang]["types"].get(node.type, node.type))}</span>'

    def link(self, here: str, node_id: str, lang: str, current_essay: str | None = None) -> str:
        node = self.project.nodes[node_id]
        foreign = ""
        if current_essay and node.essay != current_essay:
            essay = self.project.essays[node.essay]
            foreign = f' <span class="am-foreign">{esc(self.s(lang, "other_essay"))}{self.colon(lang)}{esc(essay.title(lang))}</span>'
        origin = "" if node.origin == "essay" else \
            f' <span class="am-badge o-{esc(node.origin)}">{esc(self.strings[lang]["origins"][node.origin])}</span>'
        return (f'{self.badge(lang, node)} <a href="{rel(here, node_path(node_id))}">'
                f'{esc(self.label(node_id, lang))}</a>{origin}{foreign}')

    def diagram(self, key: str, lang: str, title: str, css: str = "", start: str | None = None) -> str:
        """``start``: the node a diagram too big for the page first shows (argmap-zoom.js centres it)."""
        svg = self.svgs.get(key, "")
        desc = esc(self.s(lang, "diagram_desc", title=title))
        begin = f' data-start="n-{esc(start)}"' if start and start in self.project.nodes else ""
        return (f'<figure class="am-diagram {css}" data-search-exclude>\n'
                f'<div class="am-svg"{begin}>{svg.strip()}</div>\n'
                f'<figcaption>{desc}</figcaption>\n</figure>\n\n' + self.legend(lang))

    def legend(self, lang: str) -> str:
        types = "".join(f'<li><span class="am-swatch t-{t}"></span>{esc(name)}</li>'
                        for t, name in self.strings[lang]["types"].items())
        rels = "".join(f'<li><span class="am-line r-{k}"></span>{esc(name)}</li>'
                       for k, name in self.strings[lang]["relations_legend"].items())
        origin = f'<li><span class="am-swatch o-editor"></span>{esc(self.strings[lang]["origins"]["editor"])}</li>'
        return (f'<div class="am-legend" data-search-exclude><span class="am-legend-title">'
                f'{esc(self.s(lang, "legend"))}</span><ul>{types}{origin}</ul><ul>{rels}</ul></div>\n\n')

    def crumbs(self, here: str, lang: str, essay_id: str, section_id: str | None = None) -> str:
        essay = self.project.essays[essay_id]
        parts = [f'<a href="{rel(here, essay_path(essay_id))}">{esc(essay.title(lang))}</a>']
        for item in section_chain(essay, section_id):  # never loops, even on a cycle (E804)
            parts.append(f'<a href="{rel(here, section_path(essay_id, item.id))}">'
                         f'{esc(item.title.get(lang, item.id))}</a>')
        return '<nav class="am-crumbs">' + " › ".join(parts) + "</nav>"

    # ---------------------------------------------------------------- pages
    def all_pages(self) -> list[Page]:
        pages = []
        for lang in LANGS:
            whole = ("all", self._everything(lang))  # pages that show the whole project
            pages.append(self._page(("home", lang) + whole, lambda: self.home(lang)))
            pages.append(self._page(("glossary", lang), lambda: self.glossary(lang)))
            pages.append(self._page(("combined", lang, self.svgs.get(f"combined/{lang}")) + whole,
                                    lambda: self.combined(lang)))
            for essay_id in self.project.essays:
                svgs = (self.svgs.get(f"essay/{essay_id}/{lang}"), self.svgs.get(f"essay-theses/{essay_id}/{lang}"))
                pages.append(self._page(("essay", essay_id, lang) + svgs + whole,
                                        lambda: self.essay(essay_id, lang)))
                pages.append(self._page(("source", essay_id, lang) + whole, lambda: self.source(essay_id, lang)))
                for section in self.project.essays[essay_id].sections:
                    ids = [n.id for n in self.section_nodes(essay_id, section.id)]
                    pages.append(self._page(
                        ("section", essay_id, section.id, lang, self.svgs.get(f"section/{essay_id}/{section.id}/{lang}"),
                         self._shown(ids, lang)), lambda: self.section(essay_id, section.id, lang)))
            for node_id in sorted(self.project.nodes):
                # A node page shows the node, its neighbours and the relations between them; each relation
                # is drawn from a file of the node or of a neighbour, so their revisions cover it.
                ids = {node_id} | self.graph.neighbours(node_id)
                pages.append(self._page(("node", node_id, lang, self.svgs.get(f"node/{node_id}/{lang}"),
                                         self._shown(ids, lang)), lambda: self.node(node_id, lang)))
        return pages

    def _page(self, key: tuple, render) -> Page:
        return render() if self.memo is None else self.memo.get(("page", self.context) + key, render)

    def _shown(self, ids, lang: str) -> tuple:
        return () if self.memo is None else shown(self.project, self.graph, ids, lang)

    def _everything(self, lang: str) -> tuple:
        return self._shown(self.project.nodes, lang)

    def essays_in_order(self):
        return sorted(self.project.essays.values(), key=lambda e: (e.order, e.id))

    def home(self, lang: str) -> Page:
        here = HOME_PATH
        out = [front_matter(self.s(lang, "site_title")), f"# {md_heading(self.s(lang, 'home_title'))}\n\n",
               f'<p class="am-lead">{esc(self.s(lang, "home_intro"))}</p>\n\n', f"## {md_heading(self.s(lang, 'essays'))}\n\n"]
        for essay in self.essays_in_order():
            source = self.project.sources.get(essay.data.get("source"))
            meta = source.meta if source else {}
            count = len(self.essay_nodes(essay.id))
            thesis = essay.thesis if essay.thesis in self.project.nodes else None
            out.append('<div class="am-card">\n')
            out.append(f'<h3><a href="{rel(here, essay_path(essay.id))}">{esc(essay.title(lang))}</a></h3>\n')
            out.append(f'<p class="am-byline">{esc(_pick(meta.get("author", ""), lang))} · {esc(meta.get("date", ""))} · '
                       f'{esc(self.s(lang, "nodes_count", n=count))}</p>\n')
            summary = (essay.data.get("summary") or {}).get(lang)
            if summary:
                out.append(f"<p>{esc(summary)}</p>\n")
            if thesis:
                out.append(f'<p class="am-thesis"><strong>{esc(self.s(lang, "main_thesis"))}{self.colon(lang)}</strong>'
                           f'{self.link(here, thesis, lang)}</p>\n')
            out.append(f'<p><a href="{rel(here, essay_path(essay.id))}">{esc(self.s(lang, "whole_map"))}</a> · '
                       f'<a href="{rel(here, source_path(essay.id))}">{esc(self.s(lang, "read_source"))}</a></p>\n')
            out.append("</div>\n\n")
        out.append(f'<p><a href="{rel(here, MAP_PATH)}">{esc(self.s(lang, "combined_map"))}</a> · '
                   f'<a href="{rel(here, GLOSSARY_PATH)}">{esc(self.s(lang, "glossary"))}</a></p>\n')
        return Page(localized(here, lang), "".join(out))

    def essay(self, essay_id: str, lang: str) -> Page:
        here = essay_path(essay_id)
        essay = self.project.essays[essay_id]
        source = self.project.sources.get(essay.data.get("source"))
        meta = source.meta if source else {}
        title = essay.title(lang)
        out = [front_matter(title, argmap_source=essay.path), f"# {md_heading(title)}\n\n"]
        out.append(f'<p class="am-byline">{esc(self.s(lang, "author"))}{self.colon(lang)}{esc(_pick(meta.get("author", ""), lang))} · '
                   f'{esc(self.s(lang, "date"))}{self.colon(lang)}{esc(meta.get("date", ""))} · '
                   f'<a href="{rel(here, source_path(essay_id))}">{esc(self.s(lang, "read_source"))}</a></p>\n\n')
        summary = (essay.data.get("summary") or {}).get(lang)
        if summary:
            out.append(f'<p class="am-lead">{esc(summary)}</p>\n\n')
        cov = self.coverage.get(essay_id)
        count = len(self.essay_nodes(essay_id))
        stats = self.s(lang, "nodes_count", n=count)
        if cov:
            stats += " · " + self.s(lang, "paragraphs_coverage", quoted=cov.quoted, total=cov.argumentative)
        out.append(f'<p class="am-stats">{esc(stats)}</p>\n\n')
        if essay.thesis in self.project.nodes:
            thesis = self.project.nodes[essay.thesis]
            out.append(f"## {md_heading(self.s(lang, 'main_thesis'))}\n\n")
            out.append(f'<div class="am-statement"><p>{self.link(here, thesis.id, lang)}</p>'
                       f'<p>{esc(thesis.text("statement", lang))}</p></div>\n\n')
        out.append(f"## {md_heading(self.s(lang, 'sections'))}\n\n")
        out.append(self.section_list(here, essay, None, lang))
        out.append(f"## {md_heading(self.s(lang, 'overview'))}\n\n")
        out.append(self.diagram(f"essay-theses/{essay_id}/{lang}", lang, f"{title} — {self.s(lang, 'overview')}"))
        out.append(f"## {md_heading(self.s(lang, 'whole_map'))}\n\n")
        out.append(self.diagram(f"essay/{essay_id}/{lang}", lang, f"{title} — {self.s(lang, 'whole_map')}",
                                css="am-large", start=essay.thesis))
        out.append(self.downloads(here, lang, essay_id, self.s(lang, "downloads_intro")))
        return Page(localized(here, lang), "".join(out))

    def downloads(self, here: str, lang: str, name: str, intro: str) -> str:
        """Links to the map's AIF and Argdown files in every language, the JSON dump and its schema."""
        names = file_names(name)
        order = [lang] + [other for other in LANGS if other != lang]
        gap = "" if lang in CHINESE else " "  # no space after full-width punctuation

        def per_language(kind: str, mime: str) -> str:
            return " · ".join(f'<a href="{esc(download_url(here, lang, names[kind][o]))}" hreflang="{o}" '
                              f'type="{mime}" download>{esc(LANGUAGE_NAMES[o])}</a>' for o in order)
        items = [f'<li>{esc(self.s(lang, "download_aif"))}{gap}{per_language("aif", "application/json")}</li>',
                 f'<li>{esc(self.s(lang, "download_argdown"))}{gap}{per_language("argdown", "text/plain")}</li>',
                 f'<li>{esc(self.s(lang, "download_data"))}{gap}<a href="{esc(download_url(here, lang, DATA_FILE))}" '
                 f'type="application/json" download>{esc(DATA_FILE)}</a> · '
                 f'<a href="{esc(download_url(here, lang, SCHEMA_FILE))}" type="application/schema+json">'
                 f'{esc(self.s(lang, "download_schema"))}</a></li>']
        return (f"## {md_heading(self.s(lang, 'downloads'))}\n\n"
                f'<div class="am-downloads" data-search-exclude><p>{esc(intro)}</p>\n'
                f'<ul>{"".join(items)}</ul></div>\n')

    def section_list(self, here: str, essay, parent: str | None, lang: str) -> str:
        items = [s for s in essay.sections if s.parent == parent]
        if not items:
            return ""
        out = ['<ul class="am-sections">']
        for section in items:
            count = len(self.section_nodes(essay.id, section.id))
            out.append(f'<li><a href="{rel(here, section_path(essay.id, section.id))}">'
                       f'{esc(section.title.get(lang, section.id))}</a> <span class="am-count">{count}</span>')
            out.append(self.section_list(here, essay, section.id, lang).strip())
            out.append("</li>")
        out.append("</ul>\n\n")
        return "".join(out)

    def essay_nodes(self, essay_id: str) -> list:
        """project.essay_nodes, indexed once: it scans every node of the project."""
        if self._by_essay is None:
            self._by_essay = self.project.nodes_by_essay()
        return list(self._by_essay.get(essay_id, []))

    def section_nodes(self, essay_id: str, section_id: str, deep: bool = True) -> list:
        key = (essay_id, section_id, deep)
        if key not in self._members:
            self._members[key] = self._section_nodes(essay_id, section_id, deep)
        return list(self._members[key])

    def _section_nodes(self, essay_id: str, section_id: str, deep: bool) -> list:
        essay = self.project.essays[essay_id]
        wanted = {section_id}
        if deep:
            changed = True
            while changed:
                changed = False
                for section in essay.sections:
                    if section.parent in wanted and section.id not in wanted:
                        wanted.add(section.id)
                        changed = True
        return [n for n in self.essay_nodes(essay_id) if n.section in wanted]

    def section(self, essay_id: str, section_id: str, lang: str) -> Page:
        here = section_path(essay_id, section_id)
        essay = self.project.essays[essay_id]
        section = essay.section(section_id)
        title = section.title.get(lang, section_id)
        out = [front_matter(title, argmap_source=essay.path), self.crumbs(here, lang, essay_id, section.parent) + "\n\n",
               f"# {md_heading(title)}\n\n"]
        sub = self.section_list(here, essay, section_id, lang)
        if sub:
            out.append(f"## {md_heading(self.s(lang, 'sections'))}\n\n{sub}")
        nodes = self.section_nodes(essay_id, section_id)
        if nodes:
            out.append(f"## {md_heading(self.s(lang, 'section_map'))}\n\n")
            theses = [n for n in sorted(nodes, key=_reading_order) if n.type == "thesis"]
            out.append(self.diagram(f"section/{essay_id}/{section_id}/{lang}", lang, title,
                                    start=theses[0].id if theses else None))
            out.append(f"## {md_heading(self.s(lang, 'all_nodes'))}\n\n")
            out.append('<ul class="am-nodes">')
            for node in sorted(nodes, key=_reading_order):
                para = (node.source or {}).get("paragraph") if isinstance(node.source, dict) else None
                where = f' <span class="am-count">{esc(self.s(lang, "paragraph_short", n=para))}</span>' if para else ""
                out.append(f"<li>{self.link(here, node.id, lang, essay_id)}{where}</li>")
            out.append("</ul>\n")
        return Page(localized(here, lang), "".join(out))

    def node(self, node_id: str, lang: str) -> Page:
        here = node_path(node_id)
        node = self.project.nodes[node_id]
        essay = self.project.essays[node.essay]
        title = self.label(node_id, lang)
        out = [front_matter(title, argmap_source=node.path), self.crumbs(here, lang, node.essay, node.section) + "\n\n",
               f"# {md_heading(title)}\n\n"]
        origin = node.origin
        out.append(f'<div class="am-meta">{self.badge(lang, node)} <span class="am-badge o-{esc(origin)}">'
                   f'{esc(self.strings[lang]["origins"].get(origin, origin))}</span>'
                   f'{"" if not node.data.get("contributor") else " <span class=am-contributor>" + esc(node.data["contributor"]) + "</span>"}'
                   f"</div>\n\n")
        out.append(f'<div class="am-statement"><p>{esc(node.text("statement", lang))}</p></div>\n\n')
        anchor = node.source if isinstance(node.source, dict) else None
        if anchor:
            source = self.project.sources.get(essay.data.get("source"))
            script = source.script if source else "zh-Hans"
            number = anchor.get("paragraph")
            out.append(f"## {md_heading(self.s(lang, 'source'))}\n\n")
            target = rel(here, source_path(node.essay), f"#p-{number}")
            out.append(f'<blockquote class="am-quote" lang="{esc(script)}" data-quote="{esc(anchor.get("quote", ""))}">'
                       f'<p>{esc(anchor.get("quote", ""))}</p>'
                       f'<footer><span class="am-quote-note">{esc(self.s(lang, "quote_in_original"))}</span> · '
                       f'<a class="am-quote-link" href="{target}">{esc(self.s(lang, "paragraph_short", n=number))} · '
                       f'{esc(self.s(lang, "open_in_source"))}</a></footer></blockquote>\n\n')
        factcheck = node.factcheck if isinstance(node.factcheck, dict) else None
        if factcheck:
            status = factcheck.get("status", "unverified")
            out.append(f"## {md_heading(self.s(lang, 'factcheck'))}\n\n")
            out.append(f'<div class="am-factcheck s-{esc(status)}"><p><span class="am-status s-{esc(status)}">'
                       f'{esc(self.strings[lang]["statuses"].get(status, status))}</span> '
                       f'{esc((factcheck.get("note") or {}).get(lang, ""))}</p>')
            refs = [r for r in factcheck.get("references") or [] if isinstance(r, dict)]
            if refs:
                out.append(f'<p class="am-refs-title">{esc(self.s(lang, "references"))}</p><ul class="am-refs">')
                for ref in refs:
                    url = ref.get("url")
                    if isinstance(url, str) and urlparse(url).scheme in ("http", "https"):
                        out.append(f'<li><a href="{esc(url)}" rel="nofollow noopener" class="am-ext">{esc(ref.get("title", url))}</a></li>')
                    else:
                        out.append(f"<li>{esc(ref.get('title', ''))}</li>")
                out.append("</ul>")
            out.append("</div>\n\n")
        out.append(self.relations(here, node, lang))
        out.append(f"## {md_heading(self.s(lang, 'neighbourhood'))}\n\n")
        out.append(self.diagram(f"node/{node_id}/{lang}", lang, f"{title} — {self.s(lang, 'neighbourhood')}",
                                start=node_id))
        return Page(localized(here, lang), "".join(out))

    def relations(self, here: str, node, lang: str) -> str:
        outgoing = self.graph.outgoing.get(node.id, [])
        incoming = self.graph.incoming.get(node.id, [])
        groups = []

        def item(node_id, edge=None):
            text = self.link(here, node_id, lang, node.essay)
            if edge is not None and edge.origin != "essay":
                text += (f' <span class="am-badge o-{esc(edge.origin)}">'
                         f'{esc(self.strings[lang]["relation_origins"][edge.origin])}</span>')
                note = (edge.note or {}).get(lang)
                if note:
                    text += f'<div class="am-relnote">{esc(note)}</div>'
            return text

        def joint(edge, other_side):
            others = [m for m in edge.group if m != other_side]
            if not others:
                return ""
            return (f' <span class="am-joint">({esc(self.s(lang, "jointly_with"))} '
                    + ", ".join(f'<a href="{rel(here, node_path(m))}">{esc(self.label(m, lang))}</a>' for m in others)
                    + ")</span>")

        supports = [f"<li>{item(e.target, e)}{joint(e, node.id)}</li>" for e in outgoing if e.kind == "supports"]
        attacks = [f"<li>{item(e.target, e)}</li>" for e in outgoing if e.kind == "attacks"]
        undercuts = [f'<li>{esc(self.s(lang, "inference_from"))} {item(e.premise)} {esc(self.s(lang, "to"))} '
                     f"{item(e.target, e)}</li>" for e in outgoing if e.kind == "undercuts"]
        supported = [f"<li>{item(e.source, e)}{joint(e, e.source)}</li>" for e in incoming
                     if e.kind == "supports" and e.target == node.id]
        attacked = [f"<li>{item(e.source, e)}</li>" for e in incoming if e.kind == "attacks"]
        undercut = [f'<li>{item(e.source, e)} — {esc(self.s(lang, "inference_from"))} {item(e.premise)} '
                    f'{esc(self.s(lang, "to"))} {item(e.target)}</li>' for e in incoming if e.kind == "undercuts"
                    and (e.target == node.id or e.premise == node.id)]
        for key, items in (("supports", supports), ("attacks", attacks), ("undercuts", undercuts),
                           ("supported_by", supported), ("attacked_by", attacked), ("undercut_by", undercut)):
            if items:
                groups.append(f"### {md_heading(self.s(lang, key))}\n\n<ul class=\"am-rel am-{key}\">"
                              + "".join(items) + "</ul>\n\n")
        if not groups:
            return f"<p>{esc(self.s(lang, 'no_relations'))}</p>\n\n"
        return "".join(groups)

    def source(self, essay_id: str, lang: str) -> Page:
        here = source_path(essay_id)
        essay = self.project.essays[essay_id]
        source = self.project.sources.get(essay.data.get("source"))
        title = f"{essay.title(lang)} — {self.s(lang, 'source_text')}"
        out = [front_matter(title, hide_toc=False, argmap_source=f"sources/{essay.data.get('source')}.yaml"),
               self.crumbs(here, lang, essay_id) + "\n\n", f"# {md_heading(self.s(lang, 'source_text'))}\n\n"]
        if source is None:
            return Page(localized(here, lang), "".join(out))
        meta = source.meta
        out.append(f"## {md_heading(self.s(lang, 'provenance'))}\n\n<dl class=\"am-provenance\">")
        for key in ("title", "author", "publisher", "date", "url", "attribution"):
            value = _pick(meta.get(key), lang)
            if value in (None, ""):
                continue
            label = self.s(lang, "title_and_author" if key == "title" else key)
            if key == "url" and urlparse(str(value)).scheme in ("http", "https"):
                shown = f'<a href="{esc(value)}" rel="nofollow noopener">{esc(value)}</a>'
            else:
                shown = esc(value)
            lang_attr = f' lang="{esc(source.script)}"' if key == "title" else ""
            out.append(f"<dt>{esc(label)}</dt><dd{lang_attr}>{shown}</dd>")
        out.append("</dl>\n\n")
        artefacts = [a for a in essay.data.get("artefacts") or [] if isinstance(a, dict)]
        if artefacts:
            out.append(f"## {md_heading(self.s(lang, 'artefacts'))}\n\n<ul class=\"am-artefacts\">")
            for item in artefacts:
                number = item.get("paragraph")
                out.append(f'<li><a href="#p-{esc(number)}">{esc(self.s(lang, "paragraph_short", n=number))}</a> '
                           f'<span lang="{esc(source.script)}">{esc(item.get("text", ""))}</span> → '
                           f'<span lang="{esc(source.script)}">{esc(item.get("meant", ""))}</span>'
                           f'<div class="am-relnote">{esc((item.get("note") or {}).get(lang, ""))}</div></li>')
            out.append("</ul>\n\n")
        skipped = {item.get("paragraph"): item.get("reason") for item in essay.data.get("non_argumentative") or []
                   if isinstance(item, dict)}
        cov = self.coverage.get(essay_id)
        quoted_by = cov.quoted_by if cov else {}
        out.append(f"## {md_heading(self.s(lang, 'paragraphs'))}\n\n")
        out.append(f'<div class="am-source" lang="{esc(source.script)}">\n')
        for number, text in enumerate(source.paragraphs, 1):
            classes = "am-para"
            markers = ""
            if number in skipped:
                classes += " am-skip"
                reason = self.strings[lang]["reasons"].get(skipped[number], skipped[number])
                markers = (f'<div class="am-markers"><span class="am-none">{esc(self.s(lang, "not_argumentative"))}{self.colon(lang)}'
                           f"{esc(reason)}</span></div>")
            ids = sorted(set(quoted_by.get(number, [])), key=lambda i: _reading_order(self.project.nodes[i]))
            if ids:
                chips = "".join(
                    f'<a class="am-marker t-{esc(self.project.nodes[i].type)}" href="{rel(here, node_path(i))}" '
                    f'data-quote="{esc(self.project.nodes[i].source.get("quote", ""))}" lang="{lang}">'
                    f'{esc(self.label(i, lang))}</a>' for i in ids)
                markers = (f'<div class="am-markers" aria-label="{esc(self.s(lang, "nodes_here"))}" '
                           f'data-search-exclude>{chips}</div>')
            out.append(f'<div class="{classes}" id="p-{number}"><a class="am-pn" href="#p-{number}" '
                       f'aria-label="{esc(self.s(lang, "paragraph_short", n=number))}">{number}</a>'
                       f"<p>{esc(text)}</p>{markers}</div>\n")
        out.append("</div>\n")
        return Page(localized(here, lang), "".join(out))

    def glossary(self, lang: str) -> Page:
        here = GLOSSARY_PATH
        out = [front_matter(self.s(lang, "glossary"), hide_toc=False, argmap_source="arguments/glossary.yaml"),
               f"# {md_heading(self.s(lang, 'glossary'))}\n\n",
               f"<p>{esc(self.s(lang, 'glossary_intro'))}</p>\n\n"]
        order = [lang] + [other for other in LANGS if other != lang]
        names = {"en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文"}
        out.append('<table class="am-glossary"><thead><tr>'
                   + "".join(f"<th>{names[o]}</th>" for o in order)
                   + f"<th>{esc(self.s(lang, 'note'))}</th></tr></thead><tbody>")
        terms = sorted(self.project.glossary, key=lambda t: str(t.get(lang, "")).casefold())
        for term in terms:
            note = (term.get("note") or {}).get(lang, "") if isinstance(term.get("note"), dict) else ""
            out.append(f'<tr id="{esc(term.get("id", ""))}">'
                       + "".join(f'<td lang="{o}">{esc(term.get(o, ""))}</td>' for o in order)
                       + f"<td>{esc(note)}</td></tr>")
        out.append("</tbody></table>\n")
        return Page(localized(here, lang), "".join(out))

    def combined(self, lang: str) -> Page:
        here = MAP_PATH
        title = self.s(lang, "combined_map")
        out = [front_matter(title), f"# {md_heading(title)}\n\n", f"<p>{esc(self.s(lang, 'combined_intro'))}</p>\n\n"]
        cross = [e for e in self.graph.edges if self.project.nodes[e.source].essay != self.project.nodes[e.target].essay]
        out.append(self.diagram(f"combined/{lang}", lang, title, css="am-large"))
        out.append(f"## {md_heading(self.s(lang, 'cross_relations'))}\n\n")
        if not cross:
            out.append(f"<p>{esc(self.s(lang, 'no_relations'))}</p>\n")
        else:
            out.append('<ul class="am-rel">')
            for edge in cross:
                verb = self.s(lang, edge.kind)
                note = (edge.note or {}).get(lang)
                out.append(f"<li>{self.link(here, edge.source, lang)} <em>{esc(verb)}</em> "
                           f"{self.link(here, edge.target, lang)}"
                           + (f'<div class="am-relnote">{esc(note)}</div>' if note else "") + "</li>")
            out.append("</ul>\n")
        out.append("\n" + self.downloads(here, lang, COMBINED, self.s(lang, "downloads_combined")))
        return Page(localized(here, lang), "".join(out))


def _reading_order(node):
    anchor = node.source if isinstance(node.source, dict) else {}
    paragraph = anchor.get("paragraph") if isinstance(anchor.get("paragraph"), int) else 10_000
    return (paragraph, TYPE_ORDER.get(node.type, 9), node.id)


def _pick(value, lang: str):
    """A provenance field is either one text or a mapping of languages."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or ""
    return value
