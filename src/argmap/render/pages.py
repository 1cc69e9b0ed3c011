"""Render stage: Markdown pages (with inline HTML) for every language, as plain (path, text) data.

Each page kind is a Jinja2 template (src/argmap/render/templates/<kind>.md.j2) filled with plain data built here.
Autoescaping is on: everything that comes from argument files is HTML-escaped and placed in raw HTML blocks,
so text stays text (Markdown, HTML and script in a field are shown literally); headings use the `heading`
filter, which also escapes Markdown syntax. Interface text comes from strings.yaml.
Page paths are docs-relative; a language other than English gets the static-i18n suffix (x.zh-Hans.md).
"""
from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from argmap import paths
from argmap.convert import translations
from argmap.export.formats import COMBINED, DATA_FILE, SCHEMA_FILE, file_names
from argmap.link import outline as outline_stage
from argmap.link.graph import Graph
from argmap.memo import shown
from argmap.model import CHINESE, LANGS, Project, section_members
from argmap.render import keys
from argmap.render.urls import (
    FACTCHECKS_PATH,
    GLOSSARY_PATH,
    HOME_PATH,
    MAP_PATH,
    download_url,
    essay_path,
    localized,
    map_name,
    node_path,
    rel,
    section_path,
    source_path,
)
from argmap.validate.limits import SECTION_DEPTH, section_chain
from argmap.vocabulary import VERDICT_ICONS, VERDICTS, essays_in_order, pick, reading_order

if TYPE_CHECKING:
    from argmap.convert.conversion import Converter

STRINGS = paths.STRINGS
TEMPLATES = Path(__file__).with_name("templates")


@dataclass
class Page:
    path: str        # docs-relative, language suffix included
    content: str


def load_strings() -> dict:
    return parse_strings(STRINGS.read_text(encoding="utf-8"))


def parse_strings(text: str) -> dict:
    return yaml.safe_load(text)


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


# The shapes of node types in the diagrams (diagrams.SHAPE), drawn small for the legend.
_SHAPE_SVG = '<svg class="am-shape t-{{t}}" viewBox="0 0 30 18" width="30" height="18" aria-hidden="true">{}</svg>'
_SHAPES = {
    "thesis": _SHAPE_SVG.format('<rect x="1" y="1" width="28" height="16" rx="5"/><rect x="3.5" y="3.5" width="23" '
                                'height="11" rx="3"/>'),
    "premise": _SHAPE_SVG.format('<rect x="1" y="2" width="28" height="14" rx="5"/>'),
    "evidence": _SHAPE_SVG.format('<path d="M1 2H23L29 8V16H1Z"/><path d="M23 2V8H29" fill="none"/>'),
    "counterargument": _SHAPE_SVG.format('<rect x="1" y="2" width="28" height="14"/><path d="M1 6L5 2M25 2L29 6M29 12L25 '
                                         '16M5 16L1 12" fill="none"/>'),
    "rebuttal": _SHAPE_SVG.format('<path d="M6 2H24L29 6V12L24 16H6L1 12V6Z"/>'),
}

LANGUAGE_NAMES = {"en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates' environment: autoescape everywhere (the output is HTML inside Markdown), undefined
    names are errors, and block tags leave no blank lines behind."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["heading"] = lambda text: Markup(md_heading(text))
    env.globals["front"] = lambda title, hide_toc=True, **extra: Markup(front_matter(title, hide_toc, **extra)[:-1])
    return env


class Texts:
    """The interface strings of one language, as templates use them: ``t('key', n=3)``, ``t.colon``,
    ``t.lang``."""

    def __init__(self, strings: dict, lang: str):
        self.table = strings[lang]
        self.lang = lang
        self.colon = "：" if lang in CHINESE else ": "

    def __call__(self, key: str, **values) -> str:
        text = self.table[key]
        return text.format(**values) if values else text


class Renderer:
    """Renders every page; ``svgs`` maps diagram keys to inline SVG (see figures.diagram_specs)."""

    def __init__(self, project: Project, graph: Graph, svgs: dict, coverage: dict, strings: dict | None = None,
                 memo=None, context: str = ""):
        """``memo`` and ``context``: see pipeline.generate; a page is rendered again only when what it
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
        self._outlines: dict = {}            # essay id -> outline.Outline, computed once
        self.converter: Converter | None = None  # made when a source page needs one
        self._made_cache: dict = {}          # source id -> translations.Made

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

    def diagram(self, key: str, lang: str, title: str, css: str = "", start: str | None = None,
                caption: str = "relations", svg: str | None = None, extra: str = "") -> str:
        """``start``: the node a diagram too big for the page first shows (argmap-zoom.js centres it).
        ``caption``: "relations" (a node page lists them), "outline" (the page's outline lists them) or
        "overview". ``svg``: HTML in place of the diagram's SVG (a map loaded on demand)."""
        svg = self.svgs[key] if svg is None else svg
        texts = self.strings[lang]["diagram"]
        if caption == "relations":
            desc = self.s(lang, "diagram_desc", title=title)
        else:
            desc = texts[f"caption_{caption}"].format(title=title)
        begin = f' data-start="n-{esc(start)}"' if start and start in self.project.nodes else ""
        after = "am-after-" + "".join(c if c.isalnum() or c == "-" else "-" for c in key)
        return (f'<a class="am-skip" href="#{esc(after)}" data-search-exclude>{esc(texts["skip"])}</a>\n'
                f'<figure class="am-diagram {css}" data-search-exclude>\n'
                f'<div class="am-svg"{begin}{extra}>{svg.strip()}</div>\n'
                f'<figcaption>{esc(desc)}</figcaption>\n</figure>\n\n' + self.legend(lang)
                + f'<p class="am-after" id="{esc(after)}" tabindex="-1" data-search-exclude>'
                  f'<span class="am-sr">{esc(texts["after"])}</span></p>\n\n')

    def whole_map(self, here: str, essay_id: str, lang: str, title: str) -> str:
        """The whole map of an essay, loaded when the reader opens it (argmap-zoom.js); without JavaScript
        the link opens the SVG file, whose links work too."""
        texts = self.strings[lang]["diagram"]
        src = download_url(here, lang, map_name(essay_id, lang))
        count = len(self.essay_nodes(essay_id))
        button = (f'<div class="am-ondemand"><p>{esc(texts["whole_intro"].format(n=count))}</p>'
                  f'<p><a class="am-load md-button" href="{esc(src)}" data-loading="{esc(texts["loading"])}" '
                  f'data-failed="{esc(texts["load_failed"])}">{esc(texts["whole_open"])}</a> '
                  f'<a class="am-load-file" href="{esc(src)}" type="image/svg+xml">{esc(texts["whole_file"])}</a></p></div>')
        return self.diagram(keys.whole(essay_id, lang), lang, title, css="am-large", caption="outline",
                            svg=button, extra=f' data-src="{esc(src)}"')

    def preview(self, here: str, essay_id: str, lang: str) -> str:
        """A small overview of an essay for the home page (no zoom, no legend)."""
        svg = self.svgs[keys.preview(essay_id, lang)]
        if not svg:
            return ""
        texts = self.strings[lang]["diagram"]
        return (f'<figure class="am-preview" data-search-exclude><div class="am-preview-svg">{svg.strip()}</div>'
                f'<figcaption>{esc(texts["caption_preview"])}</figcaption></figure>\n')

    def legend(self, lang: str) -> str:
        texts = self.strings[lang]["diagram"]
        types = "".join(f'<li>{_SHAPES.get(t, _SHAPES["premise"]).format(t=t)}{esc(name)}</li>'
                        for t, name in self.strings[lang]["types"].items())
        origins = (f'<li><span class="am-swatch o-editor"></span>{esc(texts["editor"])}</li>'
                   f'<li><span class="am-swatch foreign"></span>{esc(texts["foreign"])}</li>')
        statuses = self.strings[lang]["statuses"]
        verdicts = "".join(f'<li><span class="am-vmark s-{k}" aria-hidden="true">{icon}</span>{esc(statuses[k])}</li>'
                           for k, icon in VERDICT_ICONS.items() if k in statuses)
        verdicts += f'<li>{esc(texts["no_check"])}</li>'
        rels = "".join(f'<li><span class="am-line r-{k}"></span>{esc(name)}</li>'
                       for k, name in self.strings[lang]["relations_legend"].items())
        rels += f'<li><span class="am-line o-editor"></span>{esc(texts["editor_relation"])}</li>'
        return (f'<div class="am-legend" data-search-exclude><span class="am-legend-title">'
                f'{esc(self.s(lang, "legend"))}</span><ul>{types}{origins}</ul><ul>{rels}</ul>'
                f'<ul><li class="am-legend-sub">{esc(texts["verdicts_title"])}</li>{verdicts}</ul></div>\n\n')

    def figure(self, *args, **kwargs) -> Markup:
        """A diagram with its legend (see diagram), ready for a template."""
        return Markup(self.diagram(*args, **kwargs).rstrip("\n"))

    def render(self, template: str, lang: str, **data) -> str:
        return environment().get_template(template).render(t=Texts(self.strings, lang), **data)

    def verdict(self, node, lang: str) -> dict | None:
        """A node's fact-check status, as a badge shows it (icon and word), or None."""
        factcheck = node.factcheck if isinstance(node.factcheck, dict) else None
        if not factcheck:
            return None
        status = factcheck.get("status", "unverified")
        return {"status": status, "name": self.strings[lang]["statuses"].get(status, status),
                "icon": VERDICT_ICONS.get(status, "?")}

    def ref(self, here: str, node_id: str, lang: str, current_essay: str | None = None) -> dict:
        """What a link to a node shows: type, label, origin, fact-check verdict, the other essay's title."""
        node = self.project.nodes[node_id]
        foreign = None
        if current_essay and node.essay != current_essay and node.essay in self.project.essays:
            foreign = self.project.essays[node.essay].title(lang)
        origin = None if node.origin == "essay" else node.origin
        return {"id": node_id, "type": node.type, "type_name": self.strings[lang]["types"].get(node.type, node.type),
                "href": rel(here, node_path(node_id)), "label": self.label(node_id, lang),
                "origin": origin, "origin_name": self.strings[lang]["origins"].get(origin, origin) if origin else "",
                "foreign": foreign, "verdict": self.verdict(node, lang)}

    def sections_data(self, here: str, essay, parent: str | None, lang: str, depth: int = 0) -> list:
        if depth > SECTION_DEPTH:  # a cycle or a chain too deep is E804: never recurse without end
            return []
        return [{"href": rel(here, section_path(essay.id, s.id)), "title": s.title.get(lang, s.id),
                 "count": len(self.section_nodes(essay.id, s.id)),
                 "children": self.sections_data(here, essay, s.id, lang, depth + 1)}
                for s in essay.sections if s.parent == parent]

    def crumbs_data(self, here: str, lang: str, essay_id: str, section_id: str | None = None) -> list:
        essay = self.project.essays[essay_id]
        items = [{"href": rel(here, essay_path(essay_id)), "label": essay.title(lang)}]
        chain = section_chain(essay, section_id)  # never loops, even on a cycle (E804)
        items += [{"href": rel(here, section_path(essay_id, s.id)), "label": s.title.get(lang, s.id)} for s in chain]
        return items

    def downloads_data(self, here: str, lang: str, name: str, intro: str) -> dict:
        """Links to the map's AIF and Argdown files in every language, the JSON dump and its schema."""
        names = file_names(name)
        order = [lang] + [other for other in LANGS if other != lang]

        def per_language(kind: str, mime: str) -> list:
            return [{"href": download_url(here, lang, names[kind][o]), "hreflang": o, "mime": mime, "download": True,
                     "text": LANGUAGE_NAMES[o]} for o in order]
        rows = [{"intro": self.s(lang, "download_aif"), "links": per_language("aif", "application/json")},
                {"intro": self.s(lang, "download_argdown"), "links": per_language("argdown", "text/plain")},
                {"intro": self.s(lang, "download_data"), "links": [
                    {"href": download_url(here, lang, DATA_FILE), "hreflang": None, "mime": "application/json",
                     "download": True, "text": DATA_FILE},
                    {"href": download_url(here, lang, SCHEMA_FILE), "hreflang": None,
                     "mime": "application/schema+json", "download": False, "text": self.s(lang, "download_schema")}]}]
        return {"intro": intro, "rows": rows, "gap": "" if lang in CHINESE else " "}  # no space after full-width punctuation

    def essay_meta(self, essay) -> dict:
        source = self.project.sources.get(essay.data.get("source"))
        return source.meta if source else {}

    def outline(self, essay_id: str) -> outline_stage.Outline:
        if essay_id not in self._outlines:
            self._outlines[essay_id] = outline_stage.build(self.project, self.graph, essay_id,
                                                           self.essay_nodes(essay_id))
        return self._outlines[essay_id]

    def outline_data(self, here: str, lang: str, trees: list, open_depth: int = 2) -> dict:
        """The outline of one or more trees: ``trees`` is [(heading or None, essay id, root ids, member ids)];
        a row shows a node (type, origin, verdict, paragraph, link, "show in map"), what stands under it and
        the other relations to it (references)."""
        on_page = set()
        for _, _, _, members in trees:
            on_page |= members

        def row(outline, node_id, depth, members):
            node = self.project.nodes[node_id]
            children = [row(outline, c, depth + 1, members) for c in outline.children[node_id] if c in members]
            references = [{"ref": self.ref(here, other, lang, outline.essay), "kind": kind,
                           "jump": f"#o-{other}" if other in on_page else None}
                          for other, kind in outline.references.get(node_id, [])]
            up = outline.parent.get(node_id)
            anchor = node.source if isinstance(node.source, dict) else {}
            return {"ref": self.ref(here, node_id, lang, outline.essay), "kind": up[1] if up and up[0] in members else None,
                    "paragraph": anchor.get("paragraph"), "children": children, "references": references,
                    "count": sum(1 + c["count"] for c in children), "open": depth < open_depth}

        data = []
        for heading, essay_id, roots, members in trees:
            outline = self.outline(essay_id)
            data.append({"heading": heading, "href": None, "rows": [row(outline, r, 0, members) for r in roots]})
        verdicts = [{"status": k, "name": self.strings[lang]["statuses"][k], "icon": VERDICT_ICONS[k]}
                    for k in VERDICTS]
        verdicts.append({"status": "none", "name": self.s(lang, "no_factcheck"), "icon": None})
        return {"trees": data, "verdicts": verdicts}

    def essay_trees(self, essay_id: str, lang: str, heading: str | None = None) -> list:
        """The trees of an essay's whole outline: the main thesis's, then those not linked to it."""
        outline = self.outline(essay_id)
        members = set(outline.order)
        main = [r for r in outline.roots if r == self.project.essays[essay_id].thesis]
        rest = [r for r in outline.roots if r not in main]
        trees = [(heading, essay_id, main, members)] if main else []
        if rest:
            trees.append((self.s(lang, "outline_unlinked"), essay_id, rest, members))
        return trees

    def section_trees(self, essay_id: str, section_id: str) -> list:
        """The outline of a section: its nodes, each tree starting where the parent lies outside it."""
        outline = self.outline(essay_id)
        members = {n.id for n in self.section_nodes(essay_id, section_id)}
        roots = [i for i in outline.order if i in members
                 and (outline.parent.get(i) is None or outline.parent[i][0] not in members)]
        return [(None, essay_id, roots, members)]

    # ---------------------------------------------------------------- pages
    def all_pages(self) -> list[Page]:
        pages = []
        for lang in LANGS:
            whole = ("all", self._everything(lang))  # pages that show the whole project
            previews = tuple(self.svgs[keys.preview(e, lang)] for e in self.project.essays)
            pages.append(self._page(("home", lang) + previews + whole, self.home, lang))
            pages.append(self._page(("glossary", lang), self.glossary, lang))
            pages.append(self._page(("factchecks", lang) + whole, self.factchecks, lang))
            pages.append(self._page(("combined", lang, self.svgs[keys.combined(lang)]) + whole,
                                    self.combined, lang))
            for essay_id in self.project.essays:
                svgs = (self.svgs[keys.overview(essay_id, lang)],)
                pages.append(self._page(("essay", essay_id, lang) + svgs + whole, self.essay, essay_id, lang))
                pages.append(self._page(("source", essay_id, lang) + whole, self.source, essay_id, lang))
                for section in self.project.essays[essay_id].sections:
                    ids = [n.id for n in self.section_nodes(essay_id, section.id)]
                    # The section's outline also shows the relations to its nodes from outside it.
                    ids += sorted({e.source for i in ids for e in self.graph.incoming.get(i, ())} - set(ids))
                    pages.append(self._page(
                        ("section", essay_id, section.id, lang, self.svgs[keys.section(essay_id, section.id, lang)],
                         self._shown(ids, lang)), self.section, essay_id, section.id, lang))
            for node_id in sorted(self.project.nodes):
                # A node page shows the node, its neighbours and the relations between them; each relation
                # is drawn from a file of the node or of a neighbour, so their revisions cover it.
                # Its chain of claims and its previous / next node are named in the key and shown by it.
                walk = self.walk(node_id)
                around = {node_id} | self.graph.neighbours(node_id) | {c for c, _ in walk[0]} | ({*walk[1:]} - {None})
                pages.append(self._page(("node", node_id, lang, self.svgs[keys.node(node_id, lang)], walk,
                                         self._shown(around, lang)), self.node, node_id, lang))
        return pages

    def _page(self, key: tuple, render: Callable[..., Page], *args) -> Page:
        """``render(*args)``, or the page the memo keeps for ``key`` (the arguments are passed, not captured
        in a lambda, so that a call in a loop renders this iteration's page)."""
        return render(*args) if self.memo is None else self.memo.get(("page", self.context) + key, render, *args)

    def _shown(self, ids, lang: str) -> tuple:
        return () if self.memo is None else shown(self.project, self.graph, ids, lang)

    def _everything(self, lang: str) -> tuple:
        return self._shown(self.project.nodes, lang)

    def essays_in_order(self):
        return essays_in_order(self.project)

    def home(self, lang: str) -> Page:
        here = HOME_PATH
        essays = []
        for essay in self.essays_in_order():
            meta = self.essay_meta(essay)
            thesis = essay.thesis if essay.thesis in self.project.nodes else None
            counts: dict = {}
            for node in self.essay_nodes(essay.id):
                verdict = self.verdict(node, lang)
                if verdict:
                    counts.setdefault(verdict["status"], dict(verdict, count=0))["count"] += 1
            essays.append({"id": essay.id, "href": rel(here, essay_path(essay.id)),
                           "outline_href": rel(here, essay_path(essay.id), "#outline"),
                           "source_href": rel(here, source_path(essay.id)),
                           "title": essay.title(lang), "author": pick(meta.get("author", ""), lang),
                           "date": meta.get("date", ""), "count": len(self.essay_nodes(essay.id)),
                           "summary": (essay.data.get("summary") or {}).get(lang),
                           "thesis": self.ref(here, thesis, lang) if thesis else None,
                           "verdicts": [counts[k] for k in VERDICTS if k in counts],
                           "preview": Markup(self.preview(here, essay.id, lang))})
        text = self.render("home.md.j2", lang, essays=essays, combined_href=rel(here, MAP_PATH),
                           glossary_href=rel(here, GLOSSARY_PATH), factchecks_href=rel(here, FACTCHECKS_PATH))
        return Page(localized(here, lang), text)

    def essay(self, essay_id: str, lang: str) -> Page:
        here = essay_path(essay_id)
        essay = self.project.essays[essay_id]
        meta = self.essay_meta(essay)
        title = essay.title(lang)
        cov = self.coverage.get(essay_id)
        stats = self.s(lang, "nodes_count", n=len(self.essay_nodes(essay_id)))
        if cov:
            stats += " · " + self.s(lang, "paragraphs_coverage", quoted=cov.quoted, total=cov.argumentative)
        thesis = None
        if essay.thesis in self.project.nodes:
            thesis = dict(self.ref(here, essay.thesis, lang),
                          statement=self.project.nodes[essay.thesis].text("statement", lang))
        text = self.render(
            "essay.md.j2", lang, title=title, source_file=essay.path, author=pick(meta.get("author", ""), lang),
            date=meta.get("date", ""), source_href=rel(here, source_path(essay_id)),
            summary=(essay.data.get("summary") or {}).get(lang), stats=stats, thesis=thesis,
            sections=self.sections_data(here, essay, None, lang),
            outline=self.outline_data(here, lang, self.essay_trees(essay_id, lang)),
            overview=self.figure(keys.overview(essay_id, lang), lang, f"{title} — {self.s(lang, 'overview')}",
                                 css="am-overview", caption="overview"),
            whole=Markup(self.whole_map(here, essay_id, lang, f"{title} — {self.s(lang, 'whole_map')}")),
            downloads=self.downloads_data(here, lang, essay_id, self.s(lang, "downloads_intro")))
        return Page(localized(here, lang), text)

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
        wanted = section_members(essay, section_id) if deep else {section_id}
        return [n for n in self.essay_nodes(essay_id) if n.section in wanted]

    def section(self, essay_id: str, section_id: str, lang: str) -> Page:
        here = section_path(essay_id, section_id)
        essay = self.project.essays[essay_id]
        section = essay.section(section_id)
        title = section.title.get(lang, section_id)
        nodes = sorted(self.section_nodes(essay_id, section_id), key=reading_order)
        theses = [n for n in nodes if n.type == "thesis"]
        diagram = ""
        if nodes:
            diagram = self.figure(keys.section(essay_id, section_id, lang), lang, title,
                                  start=theses[0].id if theses else None, caption="outline")
        outline = self.outline_data(here, lang, self.section_trees(essay_id, section_id)) if nodes else None
        text = self.render("section.md.j2", lang, title=title, source_file=essay.path,
                           crumbs=self.crumbs_data(here, lang, essay_id, section.parent),
                           sections=self.sections_data(here, essay, section_id, lang), outline=outline,
                           diagram=diagram)
        return Page(localized(here, lang), text)

    def node(self, node_id: str, lang: str) -> Page:
        here = node_path(node_id)
        node = self.project.nodes[node_id]
        essay = self.project.essays[node.essay]
        title = self.label(node_id, lang)
        origin = node.origin
        data = dict(self.ref(here, node_id, lang), statement=node.text("statement", lang), origin_key=origin,
                    origin_label=self.strings[lang]["origins"].get(origin, origin),
                    contributor=node.data.get("contributor"))
        quote = None
        anchor = node.source if isinstance(node.source, dict) else None
        if anchor:
            source = self.project.sources.get(essay.data.get("source"))
            number = anchor.get("paragraph")
            quote = {"script": source.script if source else "zh-Hans", "text": anchor.get("quote", ""),
                     "paragraph": number, "href": rel(here, source_path(node.essay), f"#p-{number}")}
            quote["translation"] = self.quote_translation(source, number, anchor.get("quote", ""), lang)
        factcheck = None
        if isinstance(node.factcheck, dict):
            refs = [r for r in node.factcheck.get("references") or [] if isinstance(r, dict)]
            factcheck = {"verdict": self.verdict(node, lang), "note": (node.factcheck.get("note") or {}).get(lang, ""),
                         "references": [_reference(r) for r in refs]}
        text = self.render(
            "node.md.j2", lang, title=title, source_file=node.path, node=data, quote=quote, factcheck=factcheck,
            walk=self.walk_data(here, node_id, lang),
            crumbs=self.crumbs_data(here, lang, node.essay, node.section),
            relations=self.relations(here, node, lang),
            diagram=self.figure(keys.node(node_id, lang), lang, f"{title} — {self.s(lang, 'neighbourhood')}",
                                css="am-neighbourhood",
                                start=node_id))
        return Page(localized(here, lang), text)

    def walk(self, node_id: str) -> tuple:
        """(chain, previous, next): the claims from the node up to the top of its tree, as
        outline.chain gives them, and its neighbours in the essay's reading order (the outline's)."""
        node = self.project.nodes[node_id]
        chain = tuple(outline_stage.chain(self.project, self.graph, node_id))
        order = self.outline(node.essay).order if node.essay in self.project.essays else [node_id]
        at = order.index(node_id) if node_id in order else -1
        previous = order[at - 1] if at > 0 else None
        following = order[at + 1] if 0 <= at < len(order) - 1 else None
        return chain, previous, following

    def walk_data(self, here: str, node_id: str, lang: str) -> dict:
        node = self.project.nodes[node_id]
        chain, previous, following = self.walk(node_id)
        essay = self.project.essays[node.essay]
        # Top first: each step shows how it relates to the claim above it.
        steps = list(reversed(chain))
        kinds = [None] + [kind for _, kind in reversed(chain[1:])]
        is_main = node_id == essay.thesis
        return {"chain": [{"ref": self.ref(here, claim, lang, node.essay), "kind": kind}
                          for (claim, _), kind in zip(steps, kinds)],
                "kind": chain[0][1] if chain else None,
                "note": not is_main and (not chain or chain[-1][0] != essay.thesis),
                "place": rel(here, essay_path(node.essay), f"#o-{node_id}"),
                "essay_href": rel(here, essay_path(node.essay)),
                "previous": {"href": rel(here, node_path(previous)), "label": self.label(previous, lang)} if previous else None,
                "next": {"href": rel(here, node_path(following)), "label": self.label(following, lang)} if following else None}

    def factchecks(self, lang: str) -> Page:
        here = FACTCHECKS_PATH
        groups: dict[str, list] = {status: [] for status in VERDICTS}
        for essay in self.essays_in_order():
            title = essay.title(lang)
            for node_id in self.outline(essay.id).order:
                node = self.project.nodes[node_id]
                verdict = self.verdict(node, lang)
                if verdict is None:
                    continue
                anchor = node.source if isinstance(node.source, dict) else {}
                refs = [r for r in node.factcheck.get("references") or [] if isinstance(r, dict)]
                groups.setdefault(verdict["status"], []).append({
                    "ref": self.ref(here, node_id, lang), "essay": title, "paragraph": anchor.get("paragraph"),
                    "statement": node.text("statement", lang), "note": (node.factcheck.get("note") or {}).get(lang, ""),
                    "references": [_reference(r) for r in refs]})
        data = [{"verdict": {"status": status, "name": self.strings[lang]["statuses"].get(status, status),
                             "icon": VERDICT_ICONS.get(status, "?")}, "entries": items} for status, items in groups.items()]
        text = self.render("factchecks.md.j2", lang, groups=data, total=sum(len(g["entries"]) for g in data))
        return Page(localized(here, lang), text)

    def quote_translation(self, source, number, quote: str, lang: str) -> dict | None:
        """The quote's sentence(s) in the reader's language: the sentences of the translated paragraph that
        correspond to those the quote touches, when the paragraph and its translation have as many
        sentences; otherwise the whole translated paragraph. None in the original's own language."""
        if source is None or lang == source.script or source.parallel is None or not isinstance(number, int):
            return None
        translated, original = source.parallel.text(lang), source.paragraph(number)
        if not translated or original is None or number > len(translated) or not translated[number - 1].strip():
            return None
        sentence = translations.aligned(original, source.script, translated[number - 1], lang, quote)
        return {"text": sentence or translated[number - 1], "whole": sentence is None,
                "label": self.s(lang, "quote_translation_paragraph" if sentence is None else "quote_translation")}

    def relations(self, here: str, node, lang: str) -> list:
        """The node's relations, grouped: [{key, items: [{ref, premise?, target?, joint, edge origin, note}]}]."""
        outgoing = self.graph.outgoing.get(node.id, [])
        incoming = self.graph.incoming.get(node.id, [])

        def item(node_id, edge=None, **extra):
            data: dict = {"ref": self.ref(here, node_id, lang, node.essay), "premise": None, "joint": [],
                    "edge_origin": None, "edge_origin_name": "", "note": None, "undercut_by": False}
            if edge is not None and edge.origin != "essay":
                data.update(edge_origin=edge.origin, edge_origin_name=self.strings[lang]["relation_origins"][edge.origin],
                            note=(edge.note or {}).get(lang))
            data.update(extra)
            return data

        def joint(edge, other_side):
            return [{"href": rel(here, node_path(m)), "label": self.label(m, lang)} for m in edge.group if m != other_side]

        def undercut(edge, by: bool):
            return item(edge.source if by else edge.target, edge, premise=self.ref(here, edge.premise, lang, node.essay),
                        target=self.ref(here, edge.target, lang, node.essay), undercut_by=by)

        groups = {
            "supports": [item(e.target, e, joint=joint(e, node.id)) for e in outgoing if e.kind == "supports"],
            "attacks": [item(e.target, e) for e in outgoing if e.kind == "attacks"],
            "undercuts": [undercut(e, False) for e in outgoing if e.kind == "undercuts"],
            "supported_by": [item(e.source, e, joint=joint(e, e.source)) for e in incoming
                             if e.kind == "supports" and e.target == node.id],
            "attacked_by": [item(e.source, e) for e in incoming if e.kind == "attacks"],
            "undercut_by": [undercut(e, True) for e in incoming if e.kind == "undercuts"
                            and (e.target == node.id or e.premise == node.id)],
        }
        return [{"key": key, "items": items} for key, items in groups.items() if items]

    def source(self, essay_id: str, lang: str) -> Page:
        here = source_path(essay_id)
        essay = self.project.essays[essay_id]
        source = self.project.sources.get(essay.data.get("source"))
        title = f"{essay.title(lang)} — {self.s(lang, 'source_text')}"
        data = None
        if source is not None:
            provenance = []
            for key in ("title", "author", "publisher", "date", "url", "attribution"):
                value = pick(source.meta.get(key), lang)
                if value in (None, ""):
                    continue
                is_url = key == "url" and urlparse(str(value)).scheme in ("http", "https")
                provenance.append({"label": self.s(lang, "title_and_author" if key == "title" else key),
                                   "value": value, "url": value if is_url else None,
                                   "lang": source.script if key == "title" else None})
            data = dict(self.parallel_text(here, essay, source, lang), script=source.script, provenance=provenance)
            # The claims beside each paragraph are built in the browser from the paragraph's marks (each mark
            # carries its node's type, verdict, label and link): written out, they made the hegemony source
            # page 70 KB heavier than the page budget. Without JavaScript each mark still says all of it.
            strings = self.strings[lang]
            data["claims_data"] = json.dumps(
                {"label": self.s(lang, "nodes_here"), "factcheck": strings["factcheck"] + self.colon(lang),
                 "types": strings["types"], "verdicts": strings["statuses"], "icons": VERDICT_ICONS},
                ensure_ascii=False, sort_keys=True)
        text = self.render("source.md.j2", lang, title=title, source=data,
                           source_file=f"sources/{essay.data.get('source')}.yaml",
                           crumbs=self.crumbs_data(here, lang, essay_id))
        return Page(localized(here, lang), text)

    def _made(self, source):
        """The converted script of a source as conversion plus repairs make it (with each repair's span),
        computed once per source."""
        if source.id not in self._made_cache:
            from argmap.convert.conversion import Converter
            if self.converter is None:
                self.converter = Converter.of(self.project)
            self._made_cache[source.id] = translations.make(source, source.parallel, self.converter)
        return self._made_cache[source.id]

    def parallel_text(self, here: str, essay, source, lang: str) -> dict:
        """The source page's data: each paragraph in the reader's language beside the original, every quote
        marked in the original (type, verdict, label, link), the repairs of the converted script marked in
        it, the claims quoting each paragraph (see source.md.j2)."""
        script = source.script
        names = self.strings[lang]["language_names"]
        parallel = source.parallel
        translated = parallel.text(lang) if parallel is not None and lang != script else None
        converted = lang in CHINESE and lang != script
        made = self._made(source) if translated is not None and converted else None
        repairs: list = []
        repair_keys: dict = {}
        if made is not None:
            for number, spans in sorted(made.spans.items()):
                for _, _, repair in spans:
                    key = ("repair", len(repairs) + 1)
                    repair_keys[id(repair)] = key
                    repairs.append({"n": len(repairs) + 1, "paragraph": number, "converted": repair.converted,
                                    "repaired": repair.repaired, "original": repair.original,
                                    "note": repair.note.get(lang, "")})
        listed = [{"n": index + 1, "paragraph": a.get("paragraph"), "text": a.get("text", ""),
                   "meant": a.get("meant", ""), "note": (a.get("note") or {}).get(lang, ""),
                   "kind": a.get("kind", "conversion")}
                  for index, a in enumerate(item for item in essay.data.get("artefacts") or [] if isinstance(item, dict))]
        artefacts = [a for a in listed if a["kind"] != "slip"]  # conversion artefacts
        slips = [a for a in listed if a["kind"] == "slip"]      # the author's own typos and slips
        skipped = {item.get("paragraph"): item.get("reason") for item in essay.data.get("non_argumentative") or []
                   if isinstance(item, dict)}
        cov = self.coverage.get(essay.id)
        quoted_by = cov.quoted_by if cov else {}
        glyphs = self.strings[lang]["type_glyphs"]
        marks: dict = {}
        paragraphs = []
        for number, text in enumerate(source.paragraphs, 1):
            ids = sorted(set(quoted_by.get(number, [])), key=lambda i: reading_order(self.project.nodes[i]))
            spans = []
            for node_id in ids:
                quote = self.project.nodes[node_id].source.get("quote", "")
                at = text.find(quote)
                spans.append((at, at + len(quote), ("quote", node_id)))
                ref = self.ref(here, node_id, lang)
                marks[("quote", node_id)] = dict(ref, kind="quote", glyph=glyphs.get(ref["type"], "?"))
            quoted = [(a, b) for a, b, _ in spans]
            for item in listed:
                at = text.find(item["text"]) if item["paragraph"] == number and item["text"] else -1
                end = at + len(item["text"])
                crosses = any(a < at < b < end or at < a < end < b for a, b in quoted)
                if at >= 0 and not crosses:  # a quote is always marked; an artefact only where it nests
                    spans.append((at, at + len(item["text"]), ("artefact", item["n"])))
                    marks[("artefact", item["n"])] = dict(item, kind="artefact", href=f"#a-{item['n']}")
            roots, _ = translations.forest(spans)  # a crossing quote is E514; a crossing artefact stays listed
            reason = skipped.get(number)
            row = {"number": number, "skipped": number in skipped,
                   "reason": self.strings[lang]["reasons"].get(reason, reason) if number in skipped else "",
                   "original": self._tokens(text, roots, marks),
                   "claims": [self.ref(here, i, lang) for i in ids], "translation": None}
            if translated is not None and number <= len(translated):
                tr_spans = []
                for start, end, repair in (made.spans.get(number, []) if made is not None else []):
                    key = repair_keys[id(repair)]
                    tr_spans.append((start, end, key))
                    marks[key] = dict(repairs[key[1] - 1], kind="repair", href=f"#r-{key[1]}")
                tr_roots, _ = translations.forest(tr_spans)
                row["translation"] = self._tokens(translated[number - 1], tr_roots, marks)
            paragraphs.append(row)
        statuses = "、".join if lang in CHINESE else ", ".join
        return {"lang": lang, "parallel": translated is not None, "converted": converted, "sep": "、" if lang in CHINESE else ", ",
                "language": names.get(lang, lang), "original_language": names.get(script, script),
                "repairs": repairs, "artefacts": artefacts, "slips": slips, "paragraphs": paragraphs,
                "notice": self.s(lang, "converted_notice" if converted else "translation_notice",
                                 language=names.get(lang, lang)) if translated is not None else "",
                "marks_notice": self.s(lang, "marks_notice",
                                       glyphs=statuses(f"{glyphs[k]} {v}" for k, v in self.strings[lang]["types"].items()),
                                       statuses=statuses(f"{VERDICT_ICONS[k]} {self.strings[lang]['statuses'][k]}"
                                                         for k in VERDICTS))}

    @staticmethod
    def _tokens(text: str, roots, marks: dict) -> list:
        """translations.tokens with each mark's data in place of its key."""
        out = []
        for token in translations.tokens(text, roots):
            token = dict(token)
            for field in ("open", "close", "mark"):
                if token.get(field) is not None:
                    token[field] = marks[token[field]]
            out.append(token)
        return out

    def glossary(self, lang: str) -> Page:
        here = GLOSSARY_PATH
        order = [lang] + [other for other in LANGS if other != lang]
        terms = sorted(self.project.glossary, key=lambda t: str(t.get(lang, "")).casefold())
        rows = [{"id": term.get("id", ""), "cells": [{"lang": o, "text": term.get(o, "")} for o in order],
                 "note": (term.get("note") or {}).get(lang, "") if isinstance(term.get("note"), dict) else ""}
                for term in terms]
        text = self.render("glossary.md.j2", lang, columns=[LANGUAGE_NAMES[o] for o in order], terms=rows)
        return Page(localized(here, lang), text)

    def combined(self, lang: str) -> Page:
        here = MAP_PATH
        title = self.s(lang, "combined_map")
        nodes = self.project.nodes
        cross = [{"source": self.ref(here, e.source, lang), "target": self.ref(here, e.target, lang),
                  "verb": self.s(lang, e.kind), "note": (e.note or {}).get(lang)}
                 for e in self.graph.edges if nodes[e.source].essay != nodes[e.target].essay]
        # Both whole outlines would make the page twice an essay page's weight: here each essay's main thesis
        # and the claims right under it, with the relations to them, and a link to the essay's own outline.
        trees, essays = [], []
        for essay in self.essays_in_order():
            tree = self.outline(essay.id)
            top = [r for r in tree.roots if r == essay.thesis]
            if top:  # without a main thesis, only the link to the essay's outline
                trees.append((essay.title(lang), essay.id, top, {i for i in tree.order if tree.depth[i] <= 1}))
            essays.append(essay)
        outline = self.outline_data(here, lang, trees, open_depth=1)
        for tree, (_, essay_id, _, _) in zip(outline["trees"], trees):
            tree["href"] = rel(here, essay_path(essay_id), "#outline")
        parts = [{"title": e.title(lang), "href": rel(here, essay_path(e.id)),
                  "outline_href": rel(here, essay_path(e.id), "#outline"),
                  "sections": self.sections_data(here, e, None, lang)} for e in essays]
        text = self.render("combined.md.j2", lang, title=title, cross=cross, essays=parts,
                           outline=outline,
                           diagram=self.figure(keys.combined(lang), lang, title, css="am-large",
                                               caption="outline"),
                           downloads=self.downloads_data(here, lang, COMBINED, self.s(lang, "downloads_combined")))
        return Page(localized(here, lang), text)


def _reference(ref: dict) -> dict:
    """A fact-check reference: its title, and its URL only when it is http(s)."""
    url = ref.get("url")
    safe = isinstance(url, str) and urlparse(url).scheme in ("http", "https")
    return {"title": ref.get("title", url if safe else ""), "url": url if safe else None}


