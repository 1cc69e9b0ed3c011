"""Convert stage: OpenCC between the two Chinese scripts, honouring the project's reviewed overrides.

zh-Hans → zh-Hant uses OpenCC's ``s2twp`` (Taiwan standard with Taiwan phrases); zh-Hant → zh-Hans uses
``tw2sp``. Reviewed deviations live in ``arguments/zh-overrides.tsv``: each line pairs a zh-Hans phrase
with its zh-Hant phrase and applies in both directions. Overrides are protected from OpenCC with
private-use placeholders, so OpenCC's own dictionaries are used unchanged for everything else.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

TO_HANT = "s2twp"
TO_HANS = "tw2sp"
_PUA = 0xF0000  # supplementary private use area: never in real text


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{config}.json")


class Converter:
    """OpenCC plus overrides. Records which overrides were used, so stale ones can be reported."""

    def __init__(self, overrides=()):
        self.overrides = list(overrides)  # (zh-Hans, zh-Hant, line)
        self.used: set[int] = set()
        self._cache: dict = {}

    def convert(self, text: str, target: str) -> str:
        """Convert ``text`` into ``target`` ('zh-Hant' or 'zh-Hans')."""
        key = (text, target)
        if key in self._cache:
            result, used = self._cache[key]
            self.used.update(used)
            return result
        source_col, target_col = (0, 1) if target == "zh-Hant" else (1, 0)
        pairs = sorted(self.overrides, key=lambda o: -len(o[source_col]))
        placeholders, used, protected = [], set(), text
        for pair in pairs:
            phrase = pair[source_col]
            if phrase and phrase in protected:
                mark = chr(_PUA + len(placeholders))
                placeholders.append(pair[target_col])
                protected = protected.replace(phrase, mark)
                used.add(pair[2])
        result = _converter(TO_HANT if target == "zh-Hant" else TO_HANS).convert(protected)
        for index, replacement in enumerate(placeholders):
            result = result.replace(chr(_PUA + index), replacement)
        self._cache[key] = (result, used)
        self.used.update(used)
        return result


def _is_han(ch: str) -> bool:
    return "CJK UNIFIED IDEOGRAPH" in unicodedata.name(ch, "")


@lru_cache(maxsize=1)
def _zh_hant_also() -> frozenset:
    from pathlib import Path
    import yaml
    data = yaml.safe_load((Path(__file__).with_name("scripts.yaml")).read_text(encoding="utf-8"))
    return frozenset(data.get("zh-Hant-also") or {})


def foreign_characters(text: str, script: str) -> list[tuple[str, str]]:
    """Characters of the other script in ``text``: (character, what OpenCC makes of it) pairs.

    For zh-Hant: characters that OpenCC's s2tw changes in context and that t2s leaves alone, i.e.
    Simplified forms. For zh-Hans: characters that t2s changes in context, i.e. Traditional forms.
    Context matters: 干 in 干涉 is Traditional too, and OpenCC's phrase dictionary knows it.
    """
    if script == "zh-Hant":
        converted = _converter("s2tw").convert(text)
        back = _converter("t2s")
        also = _zh_hant_also()
        keep = lambda ch: back.convert(ch) == ch and ch not in also  # noqa: E731 - Simplified is its own t2s
    else:
        converted = _converter("t2s").convert(text)
        keep = lambda ch: True  # noqa: E731
    if len(converted) != len(text):
        return []
    found = []
    for original, new in zip(text, converted):
        if original != new and _is_han(original) and keep(original) and (original, new) not in found:
            found.append((original, new))
    return found


def has_han(text: str) -> bool:
    return any(_is_han(ch) for ch in text)


INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad"}


def invisible_characters(text: str) -> list[str]:
    """Zero-width, bidirectional control and other invisible characters (newlines are fine)."""
    found = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in INVISIBLE or category == "Cf" or (category == "Cc" and ch != "\n"):
            found.append(f"U+{ord(ch):04X}")
    return sorted(set(found))
