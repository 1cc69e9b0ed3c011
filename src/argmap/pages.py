"""Render stage: Markdown pages (with inline HTML) for every language, as plain (path, text) data.

Each page kind is a Jinja2 template (src/argmap/templates/<kind>.md.j2) filled with plain data built here.
Autoescaping is on: everything that comes from argument files is HTML-escaped and placed in raw HTML blocks,
so text stays text (Markdown, HTML and script in a field are shown literally); headings use the `heading`
filter, which also escapes Markdown syntax. Interface text comes from strings.yaml.
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
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .export import COMBINED, DATA_FILE, DOWNLOADS, SCHEMA_FILE, file_names
from . import outline as outline_stage
from .graph import Graph
from .memo import shown
from .model import CHINESE, LANGS, Project

STRINGS = Path(__file__).with_name("strings.yaml")
TEMPLATES = Path(__file__).with_name("templates")
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
FACTCHECKS_PATH = "factchecks.md"


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


STATUS_ORDER = ("incorrect", "disputed", "unverified", "supported")
STATUS_ICONS = {"incorrect": "✗", "disputed": "!", "unverified": "?", "supported": "✓"}


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
        self._outlines: dict = {}            # essay id -> outline.Outline, computed once

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
                caption: str = "diagram_desc") -> str:
        """``start``: the node a diagram too big for the page first shows (argmap-zoom.js centres it).
        ``caption``: the strings.yaml key of the caption, which says where the page gives the diagram as text."""
        svg = self.svgs.get(key, "")
        desc = esc(self.s(lang, caption, title=title))
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
                "icon": STATUS_ICONS.get(status, "?")}

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

    def sections_data(self, here: str, essay, parent: str | None, lang: str) -> list:
        return [{"href": rel(here, section_path(essay.id, s.id)), "title": s.title.get(lang, s.id),
                 "count": len(self.section_nodes(essay.id, s.id)),
                 "children": self.sections_data(here, essay, s.id, lang)}
                for s in essay.sections if s.parent == parent]

    def crumbs_data(self, here: str, lang: str, essay_id: str, section_id: str | None = None) -> list:
        essay = self.project.essays[essay_id]
        items = [{"href": rel(here, essay_path(essay_id)), "label": essay.title(lang)}]
        chain = []
        section = essay.section(section_id) if section_id else None
        while section is not None:
            chain.insert(0, section)
            section = essay.section(section.parent) if section.parent else None
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
            data.append({"heading": heading, "rows": [row(outline, r, 0, members) for r in roots]})
        verdicts = [{"status": k, "name": self.strings[lang]["statuses"][k], "icon": STATUS_ICONS[k]}
                    for k in STATUS_ORDER]
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
            previews = tuple(self.svgs.get(f"essay-preview/{e}/{lang}") for e in sorted(self.project.essays))
            pages.append(self._page(("home", lang, previews) + whole, lambda: self.home(lang)))
            pages.append(self._page(("glossary", lang), lambda: self.glossary(lang)))
            pages.append(self._page(("factchecks", lang) + whole, lambda: self.factchecks(lang)))
            pages.append(self._page(("combined", lang, self.svgs.get(f"combined/{lang}")) + whole,
                                    lambda: self.combined(lang)))
            for essay_id in self.project.essays:
                svgs = (self.svgs.get(f"essay/{essay_id}/{lang}"), self.svgs.get(f"essay-theses/{essay_id}/{lang}"))
                pages.append(self._page(("essay", essay_id, lang) + svgs + whole,
                                        lambda: self.essay(essay_id, lang)))
                pages.append(self._page(("source", essay_id, lang) + whole, lambda: self.source(essay_id, lang)))
                for section in self.project.essays[essay_id].sections:
                    ids = [n.id for n in self.section_nodes(essay_id, section.id)]
                    # The section's outline also shows the relations to its nodes from outside it.
                    ids += sorted({e.source for i in ids for e in self.graph.incoming.get(i, ())} - set(ids))
                    pages.append(self._page(
                        ("section", essay_id, section.id, lang, self.svgs.get(f"section/{essay_id}/{section.id}/{lang}"),
                         self._shown(ids, lang)), lambda: self.section(essay_id, section.id, lang)))
            for node_id in sorted(self.project.nodes):
                # A node page shows the node, its neighbours and the relations between them; each relation
                # is drawn from a file of the node or of a neighbour, so their revisions cover it.
                # Its chain of claims and its previous / next node are named in the key and shown by it.
                walk = self.walk(node_id)
                ids = {node_id} | self.graph.neighbours(node_id) | {c for c, _ in walk[0]} | ({*walk[1:]} - {None})
                pages.append(self._page(("node", node_id, lang, self.svgs.get(f"node/{node_id}/{lang}"), walk,
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
        essays = []
        for essay in self.essays_in_order():
            meta = self.essay_meta(essay)
            thesis = essay.thesis if essay.thesis in self.project.nodes else None
            counts = {}
            for node in self.essay_nodes(essay.id):
                verdict = self.verdict(node, lang)
                if verdict:
                    counts.setdefault(verdict["status"], dict(verdict, count=0))["count"] += 1
            preview = self.svgs.get(f"essay-preview/{essay.id}/{lang}")
            essays.append({"id": essay.id, "href": rel(here, essay_path(essay.id)),
                           "outline_href": rel(here, essay_path(essay.id), "#outline"),
                           "source_href": rel(here, source_path(essay.id)),
                           "title": essay.title(lang), "author": _pick(meta.get("author", ""), lang),
                           "date": meta.get("date", ""), "count": len(self.essay_nodes(essay.id)),
                           "summary": (essay.data.get("summary") or {}).get(lang),
                           "thesis": self.ref(here, thesis, lang) if thesis else None,
                           "verdicts": [counts[k] for k in STATUS_ORDER if k in counts],
                           "preview": Markup(preview) if preview else None})
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
            "essay.md.j2", lang, title=title, source_file=essay.path, author=_pick(meta.get("author", ""), lang),
            date=meta.get("date", ""), source_href=rel(here, source_path(essay_id)),
            summary=(essay.data.get("summary") or {}).get(lang), stats=stats, thesis=thesis,
            sections=self.sections_data(here, essay, None, lang),
            outline=self.outline_data(here, lang, self.essay_trees(essay_id, lang)),
            overview=self.figure(f"essay-theses/{essay_id}/{lang}", lang, f"{title} — {self.s(lang, 'overview')}",
                                 caption="diagram_desc_outline"),
            whole=self.figure(f"essay/{essay_id}/{lang}", lang, f"{title} — {self.s(lang, 'whole_map')}",
                              css="am-large", start=essay.thesis, caption="diagram_desc_outline"),
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
        nodes = sorted(self.section_nodes(essay_id, section_id), key=_reading_order)
        theses = [n for n in nodes if n.type == "thesis"]
        diagram = ""
        if nodes:
            diagram = self.figure(f"section/{essay_id}/{section_id}/{lang}", lang, title,
                                  start=theses[0].id if theses else None, caption="diagram_desc_outline")
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
            diagram=self.figure(f"node/{node_id}/{lang}", lang, f"{title} — {self.s(lang, 'neighbourhood')}",
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
        groups = {status: [] for status in STATUS_ORDER}
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
                             "icon": STATUS_ICONS.get(status, "?")}, "entries": items} for status, items in groups.items()]
        text = self.render("factchecks.md.j2", lang, groups=data, total=sum(len(g["entries"]) for g in data))
        return Page(localized(here, lang), text)

    def relations(self, here: str, node, lang: str) -> list:
        """The node's relations, grouped: [{key, items: [{ref, premise?, target?, joint, edge origin, note}]}]."""
        outgoing = self.graph.outgoing.get(node.id, [])
        incoming = self.graph.incoming.get(node.id, [])

        def item(node_id, edge=None, **extra):
            data = {"ref": self.ref(here, node_id, lang, node.essay), "premise": None, "joint": [],
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
                value = _pick(source.meta.get(key), lang)
                if value in (None, ""):
                    continue
                is_url = key == "url" and urlparse(str(value)).scheme in ("http", "https")
                provenance.append({"label": self.s(lang, "title_and_author" if key == "title" else key),
                                   "value": value, "url": value if is_url else None,
                                   "lang": source.script if key == "title" else None})
            artefacts = [{"paragraph": a.get("paragraph"), "text": a.get("text", ""), "meant": a.get("meant", ""),
                          "note": (a.get("note") or {}).get(lang, "")}
                         for a in essay.data.get("artefacts") or [] if isinstance(a, dict)]
            skipped = {item.get("paragraph"): item.get("reason") for item in essay.data.get("non_argumentative") or []
                       if isinstance(item, dict)}
            cov = self.coverage.get(essay_id)
            quoted_by = cov.quoted_by if cov else {}
            paragraphs = []
            for number, text in enumerate(source.paragraphs, 1):
                ids = sorted(set(quoted_by.get(number, [])), key=lambda i: _reading_order(self.project.nodes[i]))
                reason = skipped.get(number)
                paragraphs.append({
                    "number": number, "text": text, "skipped": number in skipped,
                    "reason": self.strings[lang]["reasons"].get(reason, reason) if number in skipped else "",
                    "markers": [{"id": i, "type": self.project.nodes[i].type, "href": rel(here, node_path(i)),
                                 "quote": self.project.nodes[i].source.get("quote", ""), "label": self.label(i, lang)}
                                for i in ids]})
            data = {"script": source.script, "provenance": provenance, "artefacts": artefacts,
                    "paragraphs": paragraphs}
        text = self.render("source.md.j2", lang, title=title, source=data,
                           source_file=f"sources/{essay.data.get('source')}.yaml",
                           crumbs=self.crumbs_data(here, lang, essay_id))
        return Page(localized(here, lang), text)

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
        trees = [tree for essay in self.essays_in_order() for tree in self.essay_trees(essay.id, lang, essay.title(lang))]
        text = self.render("combined.md.j2", lang, title=title, cross=cross,
                           outline=self.outline_data(here, lang, trees, open_depth=1),
                           diagram=self.figure(f"combined/{lang}", lang, title, css="am-large",
                                               caption="diagram_desc_outline"),
                           downloads=self.downloads_data(here, lang, COMBINED, self.s(lang, "downloads_combined")))
        return Page(localized(here, lang), text)


def _reference(ref: dict) -> dict:
    """A fact-check reference: its title, and its URL only when it is http(s)."""
    url = ref.get("url")
    safe = isinstance(url, str) and urlparse(url).scheme in ("http", "https")
    return {"title": ref.get("title", url if safe else ""), "url": url if safe else None}


def _reading_order(node):
    anchor = node.source if isinstance(node.source, dict) else {}
    paragraph = anchor.get("paragraph") if isinstance(anchor.get("paragraph"), int) else 10_000
    return (paragraph, TYPE_ORDER.get(node.type, 9), node.id)


def _pick(value, lang: str):
    """A provenance field is either one text or a mapping of languages."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or ""
    return value
