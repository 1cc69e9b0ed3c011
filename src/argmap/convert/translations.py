"""Parallel texts: every essay paragraph by paragraph in the two languages it was not written in.

``sources/<id>.txt`` is the original, verbatim and authoritative (every quote comes from it). Beside it,
with the same numbering (paragraph N on line N):

- ``sources/<id>.en.txt``: the editors' English translation, written by hand;
- ``sources/<id>.<other script>.txt``: the other Chinese script, made from the original by the project's
  OpenCC conversion (conversion.Converter: ``s2twp``/``tw2sp`` plus arguments/zh-overrides.tsv) and then
  the reviewed repairs of ``sources/<id>.repairs.yaml``. It is generated: ``make sync`` writes it and
  ``make check`` reports a hand edit that no repair records (E512).

A repair replaces one span of one converted paragraph: ``converted`` (what the conversion gives; it must
occur exactly once in that paragraph), ``repaired`` (what the reader reads instead), ``original`` (the
span of the original paragraph it renders) and a ``note`` in the three languages that the source page shows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from argmap.load import yamlfile
from argmap.model import CHINESE, LANGS
from argmap.problems import Problem, problem
from argmap.vocabulary import essays_in_order

LANGUAGE_NAMES_EN = {"en": "English", "zh-Hans": "Simplified Chinese", "zh-Hant": "Traditional Chinese"}
REPAIR_FIELDS = ("paragraph", "converted", "repaired", "original", "note")


def other_script(script: str) -> str:
    return "zh-Hant" if script == "zh-Hans" else "zh-Hans"


def languages(script: str) -> list[str]:
    """The languages a source is translated into, English first."""
    return [lang for lang in LANGS if lang != script]


def text_path(source_id: str, lang: str) -> str:
    return f"sources/{source_id}.{lang}.txt"


def repairs_path(source_id: str) -> str:
    return f"sources/{source_id}.repairs.yaml"


@dataclass
class Repair:
    paragraph: int
    converted: str
    repaired: str
    original: str
    note: dict
    line: int = 1         # line of the entry in the repairs file
    index: int = 0        # position in the file (0-based)


@dataclass
class Translation:
    lang: str
    path: str                                  # shown path, sources/<id>.<lang>.txt
    paragraphs: list[str] | None = None        # None when the file is missing or unreadable
    problem: Problem | None = None             # why it could not be read
    converted: bool = False                    # the other Chinese script: conversion plus repairs


@dataclass
class Parallel:
    """The translations of one source and the repairs of its converted script."""
    translations: dict = field(default_factory=dict)    # lang -> Translation
    repairs: list = field(default_factory=list)         # [Repair]
    repairs_file: str = ""
    problems: list = field(default_factory=list)        # reading problems (E508, YAML, shape)

    def text(self, lang: str) -> list[str] | None:
        item = self.translations.get(lang)
        return item.paragraphs if item else None


def _lines(text: str) -> list[str]:
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def load(root: Path, source_id: str, script: str) -> Parallel:
    """Read the translations and repairs of one source; problems instead of exceptions."""
    root = Path(root)
    result = Parallel(repairs_file=repairs_path(source_id))
    for lang in languages(script):
        shown = text_path(source_id, lang)
        item = Translation(lang, shown, converted=lang in CHINESE)
        path = root / shown
        if not path.exists():
            item.problem = (problem(shown, 1, "E508.converted", lang=lang, source=source_id,
                                    repairs=repairs_path(source_id)) if item.converted
                            else problem(shown, 1, "E508", source=source_id))
        else:
            text, problems = yamlfile.read_text(path, shown, yamlfile.MAX_SHARED_BYTES, root=root)
            if text is None:
                item.problem = problems[0] if problems else None
            else:
                item.paragraphs = _lines(text.lstrip("\ufeff"))
                result.problems += [p for p in problems if p.code != "E104"]
        if item.problem is not None:
            result.problems.append(item.problem)
        result.translations[lang] = item
    path = root / result.repairs_file
    if path.exists():
        data, lines, problems = yamlfile.load(path, result.repairs_file, yamlfile.MAX_SHARED_BYTES, root=root)
        result.problems += problems
        if data is not None:
            result.repairs, more = _repairs(data, lines, result.repairs_file, other_script(script))
            result.problems += more
    return result


def _repairs(data, lines, shown: str, target: str) -> tuple[list[Repair], list[Problem]]:
    from argmap.load.yamlfile import line_of
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("repairs", []), list):
        return [], [problem(shown, 1, "E107.repairs")]
    unknown = [k for k in data if k not in ("script", "repairs")]
    for key in unknown:
        problems.append(problem(shown, line_of(lines, (key,)), "E202.repairs", key=key, name="the file",
                                allowed="script, repairs"))
    if data.get("script") != target:
        problems.append(problem(shown, line_of(lines, ("script",)), "E203.repairs-script",
                                value=str(data.get("script")), target=target))
    result = []
    for index, item in enumerate(data.get("repairs") or []):
        line = line_of(lines, ("repairs", index))
        if not isinstance(item, dict):
            problems.append(problem(shown, line, "E203.repairs-item", index=index))
            continue
        bad = False
        for key in item:
            if key not in REPAIR_FIELDS:
                problems.append(problem(shown, line_of(lines, ("repairs", index, key)), "E202.repairs", key=key,
                                        name=f"repairs.{index}", allowed=", ".join(REPAIR_FIELDS)))
                bad = True
        for key in REPAIR_FIELDS:
            value = item.get(key)
            if key not in item:
                problems.append(problem(shown, line, "E201.repairs", index=index, key=key))
                bad = True
            elif key == "paragraph" and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                problems.append(problem(shown, line_of(lines, ("repairs", index, key)), "E203.repairs-paragraph",
                                        index=index, value=repr(value)))
                bad = True
            elif key == "note" and (not isinstance(value, dict)
                                    or not all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGS)):
                problems.append(problem(shown, line_of(lines, ("repairs", index, key)), "E401.repairs", index=index))
                bad = True
            elif key not in ("paragraph", "note") and (not isinstance(value, str) or not value):
                problems.append(problem(shown, line_of(lines, ("repairs", index, key)), "E203.repairs-text",
                                        index=index, key=key))
                bad = True
        if not bad:
            result.append(Repair(item["paragraph"], item["converted"], item["repaired"], item["original"],
                                 item["note"], line, index))
    return result, problems


# --------------------------------------------------------------------------- conversion plus repairs

@dataclass
class Made:
    """The converted script as conversion plus repairs make it."""
    paragraphs: list                                  # the expected text, paragraph by paragraph
    spans: dict = field(default_factory=dict)         # paragraph -> [(start, end, Repair)] in the result
    problems: list = field(default_factory=list)      # E513 / W703
    used: list = field(default_factory=list)          # the repairs applied


def make(source, parallel: Parallel, converter) -> Made:
    """OpenCC's conversion of every original paragraph, with the repairs applied in file order."""
    target = other_script(source.script)
    converted = [converter.convert(p, target) for p in source.paragraphs]
    made = Made(list(converted))
    shown = parallel.repairs_file
    for repair in parallel.repairs:
        number = repair.paragraph
        if not 1 <= number <= len(source.paragraphs):
            made.problems.append(problem(shown, repair.line, "E513.paragraph", paragraph=number, source=source.id,
                                         count=len(source.paragraphs)))
            continue
        original = source.paragraphs[number - 1]
        if repair.original not in original:
            made.problems.append(problem(shown, repair.line, "E513.original", paragraph=number,
                                         text=repair.original, source=source.id))
            continue
        text = made.paragraphs[number - 1]
        base = converted[number - 1]
        count = text.count(repair.converted)
        if count != 1:
            if count == 0 and repair.repaired in base and repair.converted not in base:
                made.problems.append(problem(shown, repair.line, "W703", paragraph=number, text=repair.repaired))
            else:
                made.problems.append(problem(shown, repair.line, "E513", paragraph=number, text=repair.converted,
                                             count=count))
            continue
        start = text.index(repair.converted)
        end = start + len(repair.converted)
        spans = made.spans.setdefault(number, [])
        if any(s < end and start < e for s, e, _ in spans):
            made.problems.append(problem(shown, repair.line, "E513.overlap", paragraph=number, text=repair.converted))
            continue
        delta = len(repair.repaired) - len(repair.converted)
        made.spans[number] = [(s + delta, e + delta, r) if s >= end else (s, e, r) for s, e, r in spans]
        made.spans[number].append((start, start + len(repair.repaired), repair))
        made.spans[number].sort(key=lambda item: item[0])
        made.paragraphs[number - 1] = text[:start] + repair.repaired + text[end:]
        made.used.append(repair)
    return made


def file_text(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs) + "\n"


# --------------------------------------------------------------------------- sentences and quotes

# A sentence ends at a full stop, question or exclamation mark (full-width, or ASCII followed by a space or
# the end), with any closing quotation marks or brackets after it.
_CHINESE_END = re.compile(r"[。！？!?]+[”’」』）)]*")
_ENGLISH_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\betc)[.!?]+[”’\"')\]]*(?=\s|$)")


def sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph; sentence-final punctuation closes a sentence."""
    pattern = _ENGLISH_END if lang == "en" else _CHINESE_END
    spans, start = [], 0
    for match in pattern.finditer(text):
        end = match.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    result = []
    for s, e in spans:  # without the white space around each sentence
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        result.append((s, e))
    return result


def aligned(original: str, script: str, translated: str, lang: str, quote: str) -> str | None:
    """The sentences of ``translated`` that correspond to the sentences of ``original`` the quote touches,
    when both have the same number of sentences; None otherwise (show the whole paragraph)."""
    at = original.find(quote)
    if at < 0 or not quote:
        return None
    left, right = sentences(original, script), sentences(translated, lang)
    if len(left) != len(right) or not left:
        return None
    end = at + len(quote)
    touched = [i for i, (s, e) in enumerate(left) if s < end and at < e]
    if not touched:
        return None
    first, last = touched[0], touched[-1]
    return translated[right[first][0]:right[last][1]]


@dataclass
class Mark:
    """A marked span of a paragraph and the marks nested inside it; ``key`` says what it marks."""
    start: int
    end: int
    key: object
    inner: list = field(default_factory=list)

    @property
    def node(self):  # a quote's mark: its key is the node id
        return self.key


def forest(spans) -> tuple[list[Mark], list]:
    """Nest (start, end, key) spans: a span inside another becomes its child. Returns (roots, dropped):
    a span crossing the boundary of one before it cannot nest and is dropped."""
    marks = sorted((Mark(s, e, k) for s, e, k in spans if 0 <= s < e), key=lambda m: (m.start, -m.end))
    roots: list[Mark] = []
    stack: list[Mark] = []
    dropped = []
    for mark in marks:
        while stack and stack[-1].end <= mark.start:
            stack.pop()
        if stack and mark.end > stack[-1].end:
            dropped.append(mark.key)
            continue
        (stack[-1].inner if stack else roots).append(mark)
        stack.append(mark)
    return roots, dropped


def quote_marks(paragraph: str, quotes: list[tuple[str, str]]) -> list[Mark]:
    """The spans of ``quotes`` ((node id, quote) pairs) in ``paragraph``, as a forest: a quote inside
    another is nested in it. A quote is marked where it first occurs; one absent from the paragraph, or
    crossing another's boundary, is not marked (validation reports both: E501, E514)."""
    spans = []
    for node_id, quote in sorted(quotes, key=lambda q: q[0]):
        at = paragraph.find(quote) if quote else -1
        if at >= 0:
            spans.append((at, at + len(quote), node_id))
    return forest(spans)[0]


def flatten(marks: list[Mark]) -> list[Mark]:
    out = []
    for mark in marks:
        out.append(mark)
        out += flatten(mark.inner)
    return out


def tokens(text: str, roots: list[Mark]) -> list[dict]:
    """A paragraph with its marks as a flat list a template writes in order: {"open": key},
    {"close": key}, and {"text": str, "mark": innermost key or None, "first": whether the text starts its
    mark}."""
    out: list[dict] = []

    def walk(marks, start, end, current):
        at = start
        for mark in marks:
            if mark.start > at:
                out.append({"text": text[at:mark.start], "mark": current, "first": False})
            out.append({"open": mark.key})
            inner_start = len(out)
            walk(mark.inner, mark.start, mark.end, mark.key)
            if len(out) > inner_start and "text" in out[inner_start]:
                out[inner_start]["first"] = True
            out.append({"close": mark.key})
            at = mark.end
        if end > at:
            out.append({"text": text[at:end], "mark": current, "first": False})

    walk(roots, 0, len(text), None)
    return out


# --------------------------------------------------------------------------- sync and coverage

def sync(root: Path, project, converter, force: bool = False, log=None, lang: str = "en", earlier=()) -> int:
    """Write each source's converted script (conversion plus repairs) when it is missing, when it is exactly
    what one of the ``earlier`` converters made (the override tables changed since), or with ``force`` when
    it differs. A file that differs is otherwise left alone and named: a hand edit is never lost.
    Returns how many files were written."""
    from argmap import messages
    from argmap.write.output import write_atomic
    written = 0
    for source_id, source in sorted(project.sources.items()):
        parallel = source.parallel
        if parallel is None:
            continue
        target = other_script(source.script)
        made = make(source, parallel, converter)
        if any(p.is_error for p in made.problems):
            if log:
                print(messages.text("sync.repair-broken", lang, path=parallel.repairs_file), file=log)
            continue
        wanted = file_text(made.paragraphs)
        path = Path(root) / text_path(source_id, target)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == wanted:
            continue
        stale = current is not None and any(file_text(make(source, parallel, c).paragraphs) == current
                                            for c in earlier)
        if current is not None and not force and not stale:
            if log:
                print(messages.text("sync.parallel-kept", lang, path=text_path(source_id, target),
                                    repairs=parallel.repairs_file), file=log)
            continue
        write_atomic(path, wanted)
        written += 1
        if log:
            print(messages.text("sync.parallel-written", lang, path=text_path(source_id, target),
                                count=len(made.paragraphs), repairs=len(made.used)), file=log)
    return written


@dataclass
class Coverage:
    source: str
    lang: str
    total: int
    present: int
    repairs: int | None = None   # for the converted script

    @property
    def percent(self) -> float:
        return 100.0 * self.present / self.total if self.total else 100.0


def coverage(project) -> list[Coverage]:
    """For each essay and language, how many paragraphs have a non-empty translation."""
    result = []
    for essay in essays_in_order(project):
        source = project.sources.get(essay.data.get("source"))
        if source is None or source.parallel is None:
            continue
        total = len(source.paragraphs)
        for lang in languages(source.script):
            paragraphs = source.parallel.text(lang) or []
            present = sum(1 for p in paragraphs[:total] if p.strip())
            repairs = len(source.parallel.repairs) if lang in CHINESE else None
            result.append(Coverage(essay.id, lang, total, present, repairs))
    return result
