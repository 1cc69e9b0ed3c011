"""Convert stage: OpenCC between the two Chinese scripts, honouring the project's reviewed overrides.

zh-Hans → zh-Hant uses OpenCC's ``s2twp`` (Taiwan standard with Taiwan phrases); zh-Hant → zh-Hans uses
``tw2sp``. Reviewed deviations live in ``arguments/zh-overrides.tsv`` (those a text needed) and
``arguments/zh-standing-overrides.tsv`` (OpenCC phrase rules switched off for every text): each line pairs a
zh-Hans phrase with its zh-Hant phrase and applies in both directions. Overrides are protected from OpenCC with
private-use placeholders, so OpenCC's own dictionaries are used unchanged for everything else.
OpenCC leaves punctuation alone; the quotation marks are then set to the target script's standard
(typography.quote_style: 「」 in zh-Hant, “” in zh-Hans).

Taiwan vocabulary (``arguments/zh-Hant-vocabulary.tsv``: mainland term <TAB> Taiwan term <TAB> note) is
the domain's words that OpenCC's phrase dictionaries do not localise (美联储 → 聯準會, 通胀 → 通膨). Toward
zh-Hant each mainland term becomes its Taiwan term, toward zh-Hans each Taiwan term its mainland term (the
first line naming it); a term is replaced before OpenCC (protected like an override) and its
character-converted form once more after it, so that OpenCC's own output is localised too. Matching is
longest first, and the other side's terms are matched as well and kept, so that 阿联 never eats into
阿联酋 and 沙特 never into 沙特阿拉伯. Text inside quotation marks (「」『』“”‘’: words quoted from an
essay) is never touched. ``vocabulary_problems`` finds the terms a text should not contain (E410).
"""
from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

import opencc

from argmap import paths
from argmap.convert.typography import quote_style

TO_HANT = "s2twp"
TO_HANS = "tw2sp"
_PUA = 0xF0000  # supplementary private use area: never in real text


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{config}.json")


QUOTED = re.compile(r"「[^」]*」|『[^』]*』|“[^”]*”|‘[^’]*’")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED.finditer(text)]


def _inside(spans, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


class Vocabulary:
    """The Taiwan vocabulary as scan tables: for each direction, every string to look for (longest first)
    and what it becomes (itself for the terms that are right in that script)."""

    def __init__(self, entries=()):
        self.entries = [(m, t, line) for m, t, line in entries if m and t]
        s2t, t2s = _converter("s2t"), _converter("t2s")
        # the terms right in each script are scanned for too and kept, so a shorter term never matches
        # inside a longer one; the first line naming a term wins
        hant: dict = {}
        hans: dict = {}
        for mainland, taiwan, _ in self.entries:
            for form in (taiwan, s2t.convert(taiwan)):
                hant.setdefault(form, (form, None))
            for form in (mainland, t2s.convert(mainland)):
                hans.setdefault(form, (form, None))
        for mainland, taiwan, line in self.entries:
            for form in (mainland, s2t.convert(mainland)):
                hant.setdefault(form, (taiwan, line))
            for form in (taiwan, t2s.convert(taiwan)):
                hans.setdefault(form, (mainland, line))
        self.tables = {"zh-Hant": hant, "zh-Hans": hans}
        self.patterns = {lang: re.compile("|".join(re.escape(k) for k in sorted(table, key=lambda k: (-len(k), k))))
                         if table else None for lang, table in self.tables.items()}

    def matches(self, text: str, target: str, exempt=None):
        """(start, end, found, replacement, line) of each term to replace in ``text`` for ``target``,
        outside quotation marks; with ``exempt`` (a test of a quoted text, marks removed), only outside
        the quotations it accepts."""
        pattern = self.patterns.get(target)
        if pattern is None:
            return []
        spans = [(a, b) for a, b in _quoted_spans(text) if exempt is None or exempt(text[a + 1:b - 1])]
        found = []
        for match in pattern.finditer(text):
            replacement, line = self.tables[target][match.group()]
            if line is not None and not _inside(spans, *match.span()):
                found.append((match.start(), match.end(), match.group(), replacement, line))
        return found

    def apply(self, text: str, target: str) -> str:
        for start, end, _, replacement, _ in reversed(self.matches(text, target)):
            text = text[:start] + replacement + text[end:]
        return text


def vocabulary_problems(vocabulary: Vocabulary, text: str, lang: str, exempt=None) -> list[tuple[str, str, int]]:
    """(term found, the term to write, vocabulary line) for each listed term of the other region in ``text``
    (``exempt``: which quotations are exempt, see ``Vocabulary.matches``)."""
    return [(found, replacement, line) for _, _, found, replacement, line in vocabulary.matches(text, lang, exempt)]


def quoted_from(sources) -> Callable[[str], bool]:
    """A test for ``Vocabulary.matches``: is a quoted text the essays' own words (it occurs in one of the
    ``sources`` texts, compared in Simplified characters, so 「滯脹」 matches 滞胀)?"""
    to_hans = _converter("t2s")
    corpus = "\n".join(to_hans.convert(text) for text in sources)
    return lambda quoted: bool(quoted.strip()) and to_hans.convert(quoted) in corpus


class Converter:
    """OpenCC plus overrides and the Taiwan vocabulary. Records which overrides were used, so stale ones
    can be reported."""

    def __init__(self, overrides=(), vocabulary=()):
        self.overrides = [tuple(o) for o in overrides]  # (zh-Hans, zh-Hant, line)
        self.vocabulary = vocabulary if isinstance(vocabulary, Vocabulary) else Vocabulary(vocabulary)
        self.used: set[tuple] = set()  # the override entries a conversion applied
        self._cache: dict = {}

    @classmethod
    def of(cls, project) -> Converter:
        """The project's converter: its overrides, then its standing overrides, and its Taiwan vocabulary."""
        return cls(list(project.overrides) + list(getattr(project, "standing", ())), getattr(project, "vocabulary", ()))

    def session(self) -> Converter:
        """The same converter (its conversions cached once for all) with a record of the overrides used that
        starts empty: one validation's, whichever runs used this converter before."""
        fresh = copy.copy(self)
        fresh.used = set()
        return fresh

    def convert(self, text: str, target: str, config: str | None = None) -> str:
        """Convert ``text`` into ``target`` ('zh-Hant' or 'zh-Hans'); ``config`` overrides the OpenCC config."""
        key = (text, target, config)
        if key in self._cache:
            result, used = self._cache[key]
            self.used.update(used)
            return result
        source_col, target_col = (0, 1) if target == "zh-Hant" else (1, 0)
        placeholders: list[str] = []
        used = set()
        protected = text
        for start, end, _, replacement, _ in reversed(self.vocabulary.matches(text, target)):  # before OpenCC
            protected = protected[:start] + chr(_PUA + len(placeholders)) + protected[end:]
            placeholders.append(replacement)
        pairs = sorted(self.overrides, key=lambda o: -len(o[source_col]))
        for pair in pairs:
            phrase = pair[source_col]
            if phrase and phrase in protected:
                mark = chr(_PUA + len(placeholders))
                placeholders.append(pair[target_col])
                protected = protected.replace(phrase, mark)
                used.add(pair)
        result = _converter(config or (TO_HANT if target == "zh-Hant" else TO_HANS)).convert(protected)
        result = self.vocabulary.apply(result, target)  # and OpenCC's own output (美聯儲 from 美联储)
        for index, replacement in enumerate(placeholders):
            result = result.replace(chr(_PUA + index), replacement)
        result = quote_style(result, target)  # OpenCC keeps punctuation: 「」 in zh-Hant, “” in zh-Hans
        self._cache[key] = (result, used)
        self.used.update(used)
        return result


@lru_cache(maxsize=1 << 16)
def _is_han(ch: str) -> bool:
    return "CJK UNIFIED IDEOGRAPH" in unicodedata.name(ch, "")


@lru_cache(maxsize=1)
def _also() -> dict:
    from pathlib import Path

    import yaml
    data = yaml.safe_load((Path(__file__).with_name("scripts.yaml")).read_text(encoding="utf-8"))
    return {"zh-Hant": frozenset(data.get("zh-Hant-also") or {}), "zh-Hans": frozenset(data.get("zh-Hans-also") or {})}


@lru_cache(maxsize=1)
def _charsets() -> dict:
    """Characters valid in each script, from jieba's word list (350,000 words) converted by OpenCC.

    A character is in zh-Hant's set if it appears in the s2t conversion of some word (干 does, in 若干;
    发 does not); likewise for zh-Hans with t2s. Cached in .cache/argmap/ by OpenCC and jieba version.
    """
    import json
    from pathlib import Path

    import jieba

    from argmap.paths import seal
    name = f"charsets-{opencc.__version__}-{jieba.__version__}"
    # The machine's seal in the name: a committed charset cache (which could silence E403) is never read.
    cache = paths.PROJECT / ".cache" / "argmap" / f"{name}-{seal(name.encode())[:24]}.json"
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return {k: frozenset(v) for k, v in data.items()}
    except (OSError, ValueError):
        pass
    source = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    words = " ".join(line.split(" ", 1)[0] for line in source.splitlines())
    data = {"zh-Hant": "".join(sorted(set(_converter("s2t").convert(words)) | set(_converter("s2tw").convert(words)))),
            "zh-Hans": "".join(sorted(set(_converter("t2s").convert(words))))}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass
    return {k: frozenset(v) for k, v in data.items()}


def foreign_characters(text: str, script: str) -> list[tuple[str, str]]:
    """Characters of the other script in ``text``: (character, OpenCC's conversion of it) pairs.

    A character is reported when OpenCC converts it (s2t for zh-Hant, t2s for zh-Hans) and it never
    occurs in the target script's character set (see _charsets): 发 in zh-Hant, 發 in zh-Hans. Characters
    valid in both scripts (干, 后, 里) are never reported: OpenCC consistency (E402) covers their use.
    Reviewed exceptions are listed in scripts.yaml.
    """
    valid = _charsets()[script]
    also = _also()[script]
    convert = _converter("s2t" if script == "zh-Hant" else "t2s")
    found = []
    for ch in dict.fromkeys(text):  # each character once, in order
        if _is_han(ch) and ch not in valid and ch not in also:
            new = convert.convert(ch)
            if new != ch and (ch, new) not in found:
                found.append((ch, new))
    return found


def has_han(text: str) -> bool:
    return any(_is_han(ch) for ch in set(text))


INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad"}


def invisible_characters(text: str) -> list[str]:
    """Zero-width, bidirectional control and other invisible characters (newlines are fine)."""
    if text.replace("\n", "").isprintable():  # fast path: no Cc, Cf (nor Zs but space) character at all
        return []
    found = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in INVISIBLE or category in ("Cf", "Cs", "Zl", "Zp") or (category == "Cc" and ch != "\n") \
                or _unassigned(ch):
            found.append(f"U+{ord(ch):04X}")
    return sorted(set(found))


def _unassigned(ch: str) -> bool:
    """Noncharacters (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF: never text, and they break YAML front matter) and
    the private-use planes 15 and 16, which Converter uses for its placeholders."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE or code >= _PUA
