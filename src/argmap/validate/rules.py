"""Validate stage, second layer: named cross-file rules, each a small function of the project and the
validation context that returns problems whose fix says what to do (validation.RULES lists them in order)."""
from __future__ import annotations

import re
from urllib.parse import urlparse

from argmap import messages
from argmap.convert.conversion import (
    foreign_characters,
    has_han,
    invisible_characters,
    quoted_from,
    vocabulary_problems,
)
from argmap.convert.typography import is_normal
from argmap.load.yamlfile import line_of
from argmap.model import CHINESE, LANGS, Project
from argmap.problems import Problem, did_you_mean, problem
from argmap.validate.schema import bad_character, is_placeholder, shape_problems
from argmap.vocabulary import ID_PATTERN

TEXT_FIELDS = ("label", "statement")


def rule_shape(project: Project, ctx) -> list[Problem]:
    problems = []
    for essay in project.essays.values():
        problems += shape_problems(ctx.schemas["essay"], essay.data, essay.lines, essay.path,
                                     _script(project, essay.id), essay.id)
    for node in list(project.nodes.values()) + project.duplicates:
        essay = node.folder if node.folder in project.essays else node.essay
        problems += shape_problems(ctx.schemas["node"], node.data, node.lines, node.path,
                                     _script(project, essay), essay)
    if project.glossary_data is not None:
        problems += shape_problems(ctx.schemas["glossary"], project.glossary_data, project.glossary_lines,
                                     "arguments/glossary.yaml")
    return problems


def rule_identity(project: Project, ctx) -> list[Problem]:
    problems = []
    stems: dict[str, str] = {}
    for node in list(project.nodes.values()) + project.duplicates:
        stem_ok = bool(ID_PATTERN.fullmatch(node.stem))
        if not stem_ok:
            bad = bad_character(node.stem)
            problems.append(problem(node.path, 1, "E204.file-char" if bad else "E204.file", stem=node.stem,
                                    **(bad or {})))
        if node.id != node.stem:
            id_ok = isinstance(node.id, str) and bool(ID_PATTERN.fullmatch(node.id))
            # never suggest a name that is not a valid id: an invalid id is E204's, an invalid file name E204's too
            if id_ok and stem_ok:
                problems.append(problem(node.path, node.line("id"), "E301", id=node.id, stem=node.stem))
            elif stem_ok:
                problems.append(problem(node.path, node.line("id"), "E301.stem", id=node.id, stem=node.stem))
            elif id_ok:
                problems.append(problem(node.path, node.line("id"), "E301.id", id=node.id, stem=node.stem))
        folded = node.stem.casefold()
        if folded in stems and stems[folded] != node.path:
            problems.append(problem(node.path, 1, "E302.case", stem=node.stem, other=stems[folded]))
        stems.setdefault(folded, node.path)
    for node in project.duplicates:
        first = project.nodes.get(node.id) or ctx.all_nodes.get(node.id)
        problems.append(problem(node.path, node.line("id"), "E302", id=node.id,
                                other=first.path if first else "another file"))
    return problems


def rule_membership(project: Project, ctx) -> list[Problem]:
    problems = []
    for essay in project.essays.values():
        ids = [s.id for s in essay.sections]
        for index, section in enumerate(essay.sections):
            if ids.count(section.id) > 1 and ids.index(section.id) != index:
                problems.append(problem(essay.path, essay.line("sections", index, "id"), "E310.twice",
                                        section=section.id))
            if section.parent is not None and section.parent not in ids:
                guess = did_you_mean(str(section.parent), ids)
                problems.append(problem(essay.path, essay.line("sections", index, "parent"),
                                        "E310.parent-guess" if guess else "E310.parent", section=section.parent,
                                        allowed=", ".join(ids), guess=guess))
        thesis = project.nodes.get(essay.thesis)
        if (thesis is None or thesis.essay != essay.id or thesis.type != "thesis") and essay.thesis not in ctx.elsewhere:
            problems.append(problem(essay.path, essay.line("thesis"), "E311", thesis=essay.thesis, essay=essay.id))
        if essay.data.get("id") != essay.id:
            problems.append(problem(essay.path, essay.line("id"), "E301.essay", id=essay.data.get("id"),
                                    folder=essay.id))
    for node in project.nodes.values():
        essay = project.essays.get(node.essay)
        if node.essay != node.folder:
            problems.append(problem(node.path, node.line("essay"), "E310.folder", essay=node.essay,
                                    folder=node.folder))
        elif essay is not None and essay.id not in ctx.malformed_essays and essay.section(node.section) is None:
            ids = [s.id for s in essay.sections]
            guess = did_you_mean(str(node.section), ids)
            problems.append(problem(node.path, node.line("section"), "E310.guess" if guess else "E310",
                                    section=node.section, essay=essay.path, allowed=", ".join(ids), guess=guess))
    return problems


def rule_relations(project: Project, ctx) -> list[Problem]:
    problems = []
    nodes = project.nodes

    def target(node, path, target_id, what="target"):
        if target_id == node.id:
            problems.append(problem(node.path, node.line(*path), "E304", id=node.id, relation=path[0]))
            return False
        if target_id not in nodes:
            if target_id not in ctx.elsewhere:  # a node whose own file is broken: its file says so, once
                guess = did_you_mean(target_id, ctx.known_ids)
                problems.append(problem(node.path, node.line(*path), "E303.guess" if guess else "E303",
                                        what=messages.Nested(f"word.{what}"), target=target_id, guess=guess))
            return False
        return True

    for node in nodes.values():
        seen: set[tuple] = set()
        for index, support in enumerate(node.supports):
            path = ("supports", index)
            if ("supports", support.target) in seen:
                problems.append(problem(node.path, node.line(*path), "E307", relation="supports",
                                        target=support.target))
            seen.add(("supports", support.target))
            if not target(node, path, support.target):
                continue
            for co in support.with_:
                if co == node.id:
                    problems.append(problem(node.path, node.line(*path), "E304.co"))
                elif co not in nodes:
                    if co not in ctx.elsewhere:
                        guess = did_you_mean(str(co), ctx.known_ids)
                        problems.append(problem(node.path, node.line(*path), "E303.co-guess" if guess else "E303.co",
                                                target=co, guess=guess))
                elif support.target not in [s.target for s in nodes[co].supports]:
                    problems.append(problem(node.path, node.line(*path), "E308", co=co, target=support.target,
                                            id=node.id, other=nodes[co].path))
        for index, attacked in enumerate(node.attacks):
            path = ("attacks", index)
            if ("attacks", attacked) in seen:
                problems.append(problem(node.path, node.line(*path), "E307", relation="attacks", target=attacked))
            seen.add(("attacks", attacked))
            if ("supports", attacked) in seen:
                problems.append(problem(node.path, node.line(*path), "E307.both", target=attacked))
            target(node, path, attacked)
        for index, undercut in enumerate(node.undercuts):
            path = ("undercuts", index)
            key = ("undercuts", undercut.premise, undercut.conclusion)
            if key in seen:
                problems.append(problem(node.path, node.line(*path), "E307.undercut"))
            seen.add(key)
            ok = target(node, path + ("premise",), undercut.premise, "premise")
            ok = target(node, path + ("conclusion",), undercut.conclusion, "conclusion") and ok
            if ok and undercut.conclusion not in [s.target for s in nodes[undercut.premise].supports]:
                problems.append(problem(node.path, node.line(*path), "E309", premise=undercut.premise,
                                        conclusion=undercut.conclusion))
    return problems


def rule_cross_essay(project: Project, ctx) -> list[Problem]:
    """A relation between the two essays is never the essay's own: it must say who drew it."""
    problems = []
    nodes = project.nodes
    for node in nodes.values():
        relations = [("supports", i, r.target, r.origin) for i, r in enumerate(node.supports)]
        relations += [("attacks", i, r.target, r.origin) for i, r in enumerate(node.attack_list)]
        relations += [("undercuts", i, r.conclusion, r.origin) for i, r in enumerate(node.undercuts)]
        for key, index, target, origin in relations:
            if target in nodes and nodes[target].essay != node.essay and origin == "essay":
                problems.append(problem(node.path, node.line(key, index), "E312", target=target,
                                        essay=nodes[target].essay))
    return problems


def rule_cycles(project: Project, ctx) -> list[Problem]:
    graph = {n.id: [s.target for s in n.supports if s.target in project.nodes and s.target != n.id]
             for n in project.nodes.values()}
    problems: list[Problem] = []
    state: dict = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack = [(start, iter(graph[start]))]
        path = [start]
        state[start] = 1
        while stack:
            current, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[current] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                cycle = path[path.index(child):] + [child]
                node = project.nodes[current]
                index = [s.target for s in node.supports].index(child)
                problems.append(problem(node.path, node.line("supports", index), "E305", cycle=" → ".join(cycle)))
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(graph[child])))
                path.append(child)
    return problems


def rule_connected(project: Project, ctx) -> list[Problem]:
    neighbours: dict[str, set] = {n: set() for n in project.nodes}
    for node in project.nodes.values():
        others = [s.target for s in node.supports] + node.attacks
        others += [x for u in node.undercuts for x in (u.premise, u.conclusion)]
        for other in others:
            if other in neighbours and other != node.id:
                neighbours[node.id].add(other)
                neighbours[other].add(node.id)
    problems = []
    by_essay = project.nodes_by_essay()
    for essay in project.essays.values():
        if essay.thesis not in project.nodes or essay.id in ctx.broken_essays:
            continue  # with a file of the essay unread, what is connected is not known: that file first
        reached, todo = {essay.thesis}, [essay.thesis]
        while todo:
            for other in neighbours[todo.pop()]:
                if other not in reached:
                    reached.add(other)
                    todo.append(other)
        for node in by_essay.get(essay.id, []):
            named = [s.target for s in node.supports] + node.attacks + [x for u in node.undercuts
                                                                     for x in (u.premise, u.conclusion)]
            if node.id not in reached and all(t in project.nodes for t in named):  # else E303 says it, once
                problems.append(problem(node.path, 1, "E306", id=node.id, thesis=essay.thesis))
    return problems


def _texts(project: Project):
    """Every trilingual text: (path, key path, dict of languages, original script, lines)."""
    for essay in project.essays.values():
        script = _script(project, essay.id)
        for key in ("title", "summary"):
            if isinstance(essay.data.get(key), dict):
                yield essay.path, (key,), essay.data[key], script, essay.lines
        for index, item in enumerate(essay.data.get("sections") or []):
            if isinstance(item, dict) and isinstance(item.get("title"), dict):
                yield essay.path, ("sections", index, "title"), item["title"], script, essay.lines
        for index, item in enumerate(essay.data.get("artefacts") or []):
            if isinstance(item, dict) and isinstance(item.get("note"), dict):
                yield essay.path, ("artefacts", index, "note"), item["note"], script, essay.lines
    for node in project.nodes.values():
        script = _script(project, node.essay)
        for key in TEXT_FIELDS:
            if isinstance(node.data.get(key), dict):
                yield node.path, (key,), node.data[key], script, node.lines
        factcheck = node.factcheck
        if isinstance(factcheck, dict) and isinstance(factcheck.get("note"), dict):
            yield node.path, ("factcheck", "note"), factcheck["note"], script, node.lines
        for key in ("supports", "attacks", "undercuts"):
            for index, item in enumerate(node.data.get(key) or []):
                if isinstance(item, dict) and isinstance(item.get("note"), dict):
                    yield node.path, (key, index, "note"), item["note"], script, node.lines
    for index, term in enumerate(project.glossary):
        yield "arguments/glossary.yaml", ("terms", index), term, None, project.glossary_lines
        if isinstance(term.get("note"), dict):
            yield "arguments/glossary.yaml", ("terms", index, "note"), term["note"], None, project.glossary_lines


def _script(project: Project, essay_id: str) -> str:
    essay = project.essays.get(essay_id)
    source = project.sources.get(essay.data.get("source")) if essay else None
    return source.script if source else "zh-Hans"




def rule_placeholders(project: Project, ctx) -> list[Problem]:
    """Fields `make new` left as TODO."""
    problems = []
    for node in project.nodes.values():
        for where, value in ctx.strings(node.data):
            if is_placeholder(value):
                name = ".".join(map(str, where))
                problems.append(problem(node.path, node.line(*where), "E408", name=name))
    return problems


def rule_order(project: Project, ctx) -> list[Problem]:
    """Canonical field order, so that diffs stay small: make fmt writes it."""
    from argmap.convert.sync import NODE_ORDER, ORDERS, canonical_order
    problems = []
    for node in project.nodes.values():
        keys = list(node.data)
        if keys != canonical_order(keys, NODE_ORDER):
            problems.append(problem(node.path, 1, "E409", order=", ".join(k for k in NODE_ORDER if k in keys)))
            continue
        for key in ("label", "statement"):
            texts = node.data.get(key)
            if isinstance(texts, dict) and list(texts) != canonical_order(list(texts), ORDERS["texts"]):
                problems.append(problem(node.path, node.line(key), "E409.languages", name=key))
    return problems


def rule_languages(project: Project, ctx) -> list[Problem]:
    problems = []
    converter = ctx.converter
    for path, where, texts, script, lines in _texts(project):
        name = ".".join(map(str, where))
        if any(is_placeholder(texts.get(lang)) for lang in LANGS):
            continue  # E408 says what to do first
        essay = path.split("/")[1] if path.count("/") >= 2 else ""
        other = ("zh-Hant" if script == "zh-Hans" else "zh-Hans") if script else None
        for lang in LANGS:
            value = texts.get(lang)
            if lang in texts and (not isinstance(value, str) or not value.strip()):
                key = "E401" if script is None or lang == "en" else (
                    "E401.original" if lang == script else "E401.converted")
                problems.append(problem(path, line_of(lines, where + (lang,)), key, name=name, lang=lang,
                                        essay=essay, path=path, script=script, other=other))
        if not all(isinstance(texts.get(lang), str) and texts.get(lang).strip() for lang in LANGS):
            continue
        english, hans, hant = texts["en"], texts["zh-Hans"], texts["zh-Hant"]
        if has_han(english) and where[-1] != "note":  # notes may cite the Chinese they discuss
            problems.append(problem(path, line_of(lines, where + ("en",)), "E405", name=name))
        for lang, value in (("zh-Hans", hans), ("zh-Hant", hant)):
            if not has_han(value):
                problems.append(problem(path, line_of(lines, where + (lang,)), "E405.chinese", name=name, lang=lang))
        for lang, value in sorted((("zh-Hans", hans), ("zh-Hant", hant)), key=lambda item: item[0] != script):
            if not is_normal(value, lang):
                if lang != script and script is not None and not is_normal(texts[script], script):
                    continue  # the original has it too, and sync copied it: one mistake, one E407 (make fmt fixes both)
                problems.append(problem(path, line_of(lines, where + (lang,)), "E407", name=name, lang=lang))
        foreign = set()
        for lang, value, code in (("zh-Hant", hant, "E403"), ("zh-Hans", hans, "E404")):
            found = foreign_characters(value, lang) if where[-1] != "note" else []  # notes may cite either script
            if found:
                foreign.add(lang)
                shown = ", ".join(f"{a}→{b}" for a, b in found[:8])
                key = f"{code}.original" if lang == script else code
                problems.append(problem(path, line_of(lines, where + (lang,)), key, name=name, lang=lang,
                                        found=shown, essay=essay, path=path))
        if where[0] == "artefacts" or project.conversion_unknown:
            continue  # an artefact's note cites characters of both scripts; an unread table is reported alone
        if script is None:
            ok = converter.convert(hans, "zh-Hant") == hant or converter.convert(hant, "zh-Hans") == hans
            if not ok:
                problems.append(problem(path, line_of(lines, where + ("zh-Hant",)), "E402.glossary", name=name,
                                        expected=converter.convert(hans, "zh-Hant")))
        else:
            expected = converter.convert(texts[script], other)
            if expected != texts[other] and other not in foreign:  # E403/E404 already says: run make sync
                problems.append(problem(path, line_of(lines, where + (other,)), "E402", name=name, target=other,
                                        script=script, essay=essay, expected=expected, path=path))
    return problems


def rule_invisible(project: Project, ctx) -> list[Problem]:
    problems = []
    files = [(e.path, e.data, e.lines) for e in project.essays.values()]
    files += [(n.path, n.data, n.lines) for n in project.nodes.values()]
    if project.glossary_data is not None:
        files.append(("arguments/glossary.yaml", project.glossary_data, project.glossary_lines))
    for path, data, lines in files:
        for where, value in ctx.strings(data):
            found = invisible_characters(value)
            if found:
                problems.append(problem(path, line_of(lines, where), "E406", name=".".join(map(str, where)),
                                        found=", ".join(found)))
    return problems


def rule_quotes(project: Project, ctx) -> list[Problem]:
    problems = []
    for node in project.nodes.values():
        essay = project.essays.get(node.essay)
        source = project.sources.get(essay.data.get("source")) if essay else None
        anchor = node.source
        if not isinstance(anchor, dict):
            if node.origin == "essay":
                problems.append(problem(node.path, node.line("origin"), "E504"))
            continue
        quote, number = anchor.get("quote"), anchor.get("paragraph")
        if is_placeholder(quote):
            continue  # E408
        if source is None or not isinstance(quote, str) or not isinstance(number, int) or isinstance(number, bool):
            continue
        paragraph = source.paragraph(number)
        if paragraph is None:
            problems.append(problem(node.path, node.line("source", "paragraph"), "E503", paragraph=number,
                                    source=source.id, count=len(source.paragraphs)))
        elif quote not in paragraph:
            where = [i + 1 for i, p in enumerate(source.paragraphs) if quote in p]
            if where:
                problems.append(problem(node.path, node.line("source", "paragraph"), "E502", found=where[0],
                                        paragraph=number))
            else:
                problems.append(_quote_differs(node, quote, paragraph, number, source, ctx.converter))
    return problems


_PUNCTUATION = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}


_QUOTE_MARKS = set("\"'“”‘’「」『』")


def _quote_differs(node, quote: str, paragraph: str, number: int, source, converter) -> Problem:
    """E501 with the first place where the quote and paragraph ``number`` part, both texts around it, and the
    usual cause: ASCII for full-width punctuation (or the reverse), the other script, a space."""
    low, high = 0, len(quote)   # the longest beginning of the quote found in the paragraph
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in paragraph:
            low = middle
        else:
            high = middle - 1
    at = paragraph.find(quote[:low]) + low if low else 0
    mine, theirs = quote[low:low + 1], paragraph[at:at + 1]
    start = max(0, low - 6)
    quoted, found = quote[start:low + 8], paragraph[max(0, at - (low - start)):at + 8]
    cause: str | messages.Nested = ""
    if not theirs:
        cause = messages.Nested("E501.cause-end")
    elif mine == " " or theirs == " ":
        cause = messages.Nested("E501.cause-space")
    elif (_PUNCTUATION.get(mine) == theirs or _PUNCTUATION.get(theirs) == mine
          or (mine in _QUOTE_MARKS and theirs in _QUOTE_MARKS)):
        cause = messages.Nested("E501.cause-punctuation", {"mine": mine, "theirs": theirs})
    elif source.script in CHINESE and (converter.convert(quote, source.script) in paragraph
                                       or (mine and converter.convert(mine, source.script) == theirs)):
        cause = messages.Nested("E501.cause-script", {"script": source.script})
    return problem(node.path, node.line("source", "quote"), "E501.differs", source=source.id, position=low + 1,
                   quoted=quoted, found=found, paragraph=number, script=source.script, cause=cause)


def rule_coverage(project: Project, ctx) -> list[Problem]:
    problems = []
    for essay_id, cov in ctx.coverage.items():
        source_id = project.essays[essay_id].data.get("source")
        code = "E505" if project.essays[essay_id].data.get("mapping") == "complete" else "W702"
        for number in cov.missing if essay_id not in ctx.broken_essays else ():  # an unread file may quote it
            problems.append(problem(f"sources/{source_id}.txt", number, code, paragraph=number, essay=essay_id))
        essay = project.essays[essay_id]
        for index, item in enumerate(essay.data.get("non_argumentative") or []):
            number = item.get("paragraph") if isinstance(item, dict) else None
            source = project.sources.get(source_id)
            if isinstance(number, int) and source and source.paragraph(number) is None:
                problems.append(problem(essay.path, essay.line("non_argumentative", index), "E503.listed",
                                        paragraph=number))
    return problems


def rule_factchecks(project: Project, ctx) -> list[Problem]:
    problems = []
    for node in project.nodes.values():
        factcheck = node.factcheck
        if not isinstance(factcheck, dict):
            continue
        references = [r for r in factcheck.get("references") or [] if isinstance(r, dict)]
        if factcheck.get("status") in ("disputed", "incorrect") and not any(r.get("url") for r in references):
            problems.append(problem(node.path, node.line("factcheck", "status"), "E601", status=factcheck.get("status")))
        for index, reference in enumerate(references):
            url = reference.get("url")
            if url is not None and (not isinstance(url, str) or urlparse(url).scheme not in ("http", "https")
                                    or not urlparse(url).netloc):
                problems.append(problem(node.path, node.line("factcheck", "references", index, "url"), "E604", url=url))
    return problems


def rule_glossary(project: Project, ctx) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict = {}
    for index, term in enumerate(project.glossary):
        for key in ("id", "zh-Hans", "en"):
            value = term.get(key)
            if isinstance(value, str):
                folded = (key, value.casefold())
                if folded in seen:
                    problems.append(problem("arguments/glossary.yaml",
                                            line_of(project.glossary_lines, ("terms", index, key)), "E602",
                                            key=key, value=value, first=seen[folded]))
                else:
                    seen[folded] = line_of(project.glossary_lines, ("terms", index, key))
    return problems


def rule_translations(project: Project, ctx) -> list[Problem]:
    """Every paragraph of every source in every language: present, non-empty, in the right script; the
    converted script equal to OpenCC plus the recorded repairs; the glossary's English where the original
    has a glossary term. Reading problems (E508, a broken repairs file) come from the loader."""
    from argmap.convert import translations
    problems: list[Problem] = []
    indexes: dict = {}
    for source_id, source in sorted(project.sources.items()):
        parallel = source.parallel
        if parallel is None:
            continue
        made = translations.make(source, parallel, ctx.converter)
        problems += made.problems
        broken = {p.line for p in made.problems if p.code == "E513"}
        # an unread repairs file or conversion table is reported by the loader, once: no E512 for each paragraph
        unknown = project.conversion_unknown or any(p.path == parallel.repairs_file and p.is_error
                                                    for p in parallel.problems)
        failed = {r.paragraph for r in parallel.repairs if r.line in broken}  # E513 says why
        total = len(source.paragraphs)
        original = f"sources/{source_id}.txt"
        for lang, item in parallel.translations.items():
            if item.paragraphs is None:
                continue
            count = len(item.paragraphs)
            if count < total:
                problems.append(problem(item.path, count + 1, "E509.many" if total - count > 1 else "E509",
                                        first=count + 1, original=original, count=count, total=total))
            elif count > total:
                problems.append(problem(item.path, total + 1, "E510.many" if count - total > 1 else "E510",
                                        first=total + 1, original=original, count=count, total=total))
            for number, text in enumerate(item.paragraphs[:total], 1):
                if not text.strip():
                    problems.append(problem(item.path, number, "E511", paragraph=number, original=original, lang=lang))
                    continue
                found = invisible_characters(text)
                if found:
                    problems.append(problem(item.path, number, "E406.translation", paragraph=number,
                                            chars=", ".join(found)))
                if lang == "en":
                    if has_han(text):
                        problems.append(problem(item.path, number, "E405.translation", paragraph=number))
                    continue
                foreign = foreign_characters(text, lang)
                if foreign:
                    code = "E403.translation" if lang == "zh-Hant" else "E404.translation"
                    problems.append(problem(item.path, number, code, paragraph=number,
                                            chars=", ".join(f"{a}→{b}" for a, b in foreign[:8]),
                                            repairs=parallel.repairs_file))
                if (item.converted and not unknown and number <= len(made.paragraphs) and number not in failed
                        and text != made.paragraphs[number - 1]):
                    problems.append(problem(item.path, number, "E512", paragraph=number,
                                            text=_excerpt(made.paragraphs[number - 1], text),
                                            repairs=parallel.repairs_file))
        english = parallel.text("en")
        if english:
            if source.script not in indexes:
                indexes[source.script] = _glossary_index(project, source.script)
            problems += _glossary_in_english(project, source, english, parallel.translations["en"].path,
                                             indexes[source.script])
    return problems


def _excerpt(expected: str, actual: str) -> str:
    """The part of ``expected`` around the first difference from ``actual`` (whole when short)."""
    if len(expected) <= 60:
        return expected
    at = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
    start = max(0, at - 20)
    return ("…" if start else "") + expected[start:start + 50] + ("…" if start + 50 < len(expected) else "")


_SUFFIXES = sorted(("isation", "ization", "ising", "izing", "ised", "ized", "ise", "ize", "ation", "ively", "ive",
                    "ment", "ing", "ed", "ic", "ies", "y", "es", "s", "ly", "al"), key=len, reverse=True)


def _stem(word: str) -> str:
    """A crude English stem, enough to let a glossary term match its inflections (financialisation,
    financialised; weaponisation, weaponising; reshoring, reshore)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _glossary_stems(term: str) -> list[str]:
    """The stems of a glossary rendering's words, without a parenthesised gloss or quotation marks."""
    return [_stem(w) for w in _words(re.sub(r"\s*\(.*?\)", "", term))]


def _uses(stems: list[str], words: list[str]) -> bool:
    """Whether the words contain the stems in order, at most one other word between two of them; a term of
    two words also in the other order, two words apart at most (dollar settlement: settled in dollars)."""
    if not stems:
        return True
    if len(stems) == 2:
        for at, word in enumerate(words):
            if word.startswith(stems[1]) and any(w.startswith(stems[0]) for w in words[at + 1:at + 4]):
                return True
    for start, word in enumerate(words):
        if not word.startswith(stems[0]):
            continue
        at, ok = start, True
        for stem in stems[1:]:
            nxt = next((i for i in range(at + 1, min(at + 3, len(words))) if words[i].startswith(stem)), None)
            if nxt is None:
                ok = False
                break
            at = nxt
        if ok:
            return True
    return False


def _glossary_in_english(project: Project, source, english: list, path: str, index: dict) -> list[Problem]:
    """W704 where a paragraph of the original has a glossary term and its English lacks the rendering.
    ``index``: the terms of the source's script by first character (see _glossary_index)."""
    problems = []
    for number, (text, translated) in enumerate(zip(source.paragraphs, english), 1):
        words = None
        for ch in dict.fromkeys(text):
            for zh, en, stems in index.get(ch, ()):
                if zh in text:
                    words = _words(translated) if words is None else words
                    if not _uses(stems, words):
                        problems.append(problem(path, number, "W704", paragraph=number, term=zh, english=en))
    return problems


def _glossary_index(project: Project, script: str) -> dict:
    """Glossary terms of one script by their first character: (term, English, stems of the English)."""
    index: dict = {}
    for term in project.glossary:
        zh, en = term.get(script), term.get("en")
        if isinstance(zh, str) and zh and isinstance(en, str):
            index.setdefault(zh[0], []).append((zh, en, _glossary_stems(en)))
    return index


def rule_quote_marks(project: Project, ctx) -> list[Problem]:
    """The source page marks every quote where it is in its paragraph: a quote must occur there once, and
    two quotes of one paragraph must nest or be apart (a mark cannot cross another's boundary)."""
    from argmap.convert.translations import flatten, quote_marks
    problems = []
    for essay_id, cov in ctx.coverage.items():
        essay = project.essays[essay_id]
        source = project.sources.get(essay.data.get("source"))
        if source is None:  # never: coverage is only made for an essay whose source loaded
            continue
        for number, ids in sorted(cov.quoted_by.items()):
            paragraph = source.paragraph(number)
            quotes = [(i, project.nodes[i].source["quote"]) for i in sorted(ids) if i in project.nodes]
            marked = {m.node for m in flatten(quote_marks(paragraph, quotes))}
            for node_id, quote in quotes:
                node = project.nodes[node_id]
                count = paragraph.count(quote)
                if count > 1:
                    problems.append(problem(node.path, node.line("source", "quote"), "E514", count=count,
                                            paragraph=number))
                elif node_id not in marked:
                    at = paragraph.find(quote)
                    other = next((i for i, q in quotes if i != node_id and paragraph.find(q) < at + len(q)
                                  and at < paragraph.find(q) + len(q)), "another quote")
                    problems.append(problem(node.path, node.line("source", "quote"), "E514.cross", other=other,
                                            paragraph=number))
    return problems


def rule_vocabulary(project: Project, ctx) -> list[Problem]:
    """Taiwan usage in zh-Hant, mainland usage in zh-Hans: no listed term of the other region. Source quotes
    are the essay's words and never checked. In a node's own texts quotation marks exempt only the essays'
    words (「滞胀」 quoting the essay, not 「多邊央行數字貨幣橋」 naming something in our voice); in essay.yaml
    and the glossary, which discuss words (artefacts, renderings), every quotation is exempt."""
    problems: list[Problem] = []
    vocabulary = ctx.converter.vocabulary
    if not vocabulary.entries:
        return problems
    essay_words = quoted_from(p for source in project.sources.values() for p in source.paragraphs)
    essay_files = {essay.path for essay in project.essays.values()} | {"arguments/glossary.yaml"}
    for path, where, texts, _script, lines in _texts(project):
        name = ".".join(map(str, where))
        exempt = None if str(path) in essay_files else essay_words
        for lang in ("zh-Hant", "zh-Hans"):
            value = texts.get(lang)
            if not isinstance(value, str):
                continue
            for found, wanted, line in dict.fromkeys(vocabulary_problems(vocabulary, value, lang, exempt)):
                problems.append(problem(path, line_of(lines, where + (lang,)),
                                        "E410" if lang == "zh-Hant" else "E410.hans", name=name, found=found,
                                        wanted=wanted, line=line, path=path))
    return problems


def _glossary_forms(term: dict):
    """The English, zh-Hans and zh-Hant forms of a glossary term to look for: without parenthesised
    additions (（e-CNY）, (of the financial system)) and quotation marks."""
    def bare(text, chinese):
        text = re.sub(r"（[^）]*）" if chinese else r"\s*\([^)]*\)", "", text)
        return text.strip("“”‘’\"' ")
    en, hans, hant = (term.get(k) for k in ("en", "zh-Hans", "zh-Hant"))
    if not all(isinstance(v, str) and v.strip() for v in (en, hans, hant)):
        return None
    en = bare(en, False)
    if not en:
        return None
    return re.compile(r"(?<![\w-])" + re.escape(en) + r"(?![\w-])", re.IGNORECASE), en, bare(hans, True), bare(hant, True)


def rule_glossary_terms(project: Project, ctx) -> list[Problem]:
    """Every glossary term is rendered the glossary's way: where a text's English uses a term, its zh-Hans
    and zh-Hant write the glossary's renderings (names too: 川普, 奥尔特曼, 昇腾), a form the glossary
    accepts (``also``), or the English term itself (a note citing it)."""
    problems = []
    terms = [(term, forms) for term in project.glossary if (forms := _glossary_forms(term))]
    for path, where, texts, _script, lines in _texts(project):
        if path == "arguments/glossary.yaml" or not isinstance(texts.get("en"), str):
            continue
        name = ".".join(map(str, where))
        folded = texts["en"].casefold()
        for term, (english, shown, hans, hant) in terms:
            # a substring test first (cheap), the word-boundary regex only on a hit: at 10,000 nodes the
            # regex alone for every term and text took minutes
            if shown.casefold() not in folded or not english.search(texts["en"]):
                continue
            also = term.get("also") if isinstance(term.get("also"), dict) else {}
            for lang, wanted in (("zh-Hans", hans), ("zh-Hant", hant)):
                value = texts.get(lang)
                accepted = [wanted, shown] + [a for a in also.get(lang) or [] if isinstance(a, str) and a]
                if isinstance(value, str) and not any(a.casefold() in value.casefold() for a in accepted):
                    problems.append(problem(path, line_of(lines, where + (lang,)), "E411", name=name, lang=lang,
                                            english=shown, wanted=wanted, term=term.get("id")))
    return problems
