"""Convert stage: OpenCC between the two Chinese scripts, honouring the project's reviewed overrides.

zh-Hans → zh-Hant uses OpenCC's ``s2twp`` (Taiwan standard with Taiwan phrases); zh-Hant → zh-Hans uses
``tw2sp``. Reviewed deviations live in ``arguments/zh-overrides.tsv``: each line pairs a zh-Hans phrase
with its zh-Hant phrase and applies in both directions. Overrides are protected from OpenCC with
private-use placeholders, so OpenCC's own dictionaries are used unchanged for everything else.
OpenCC leaves punctuation alone; the quotation marks are then set to the target script's standard
(typography.quote_style: 「」 in zh-Hant, “” in zh-Hans).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

from .typography import quote_style

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

    def convert(self, text: str, target: str, config: str | None = None) -> str:
        """Convert ``text`` into ``target`` ('zh-Hant' or 'zh-Hans'); ``config`` overrides the OpenCC config."""
        key = (text, target, config)
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
        result = _converter(config or (TO_HANT if target == "zh-Hant" else TO_HANS)).convert(protected)
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
    from .paths import seal
    name = f"charsets-{opencc.__version__}-{jieba.__version__}"
    # The machine's seal in the name: a committed charset cache (which could silence E403) is never read.
    cache = Path(__file__).resolve().parents[2] / ".cache" / "argmap" / f"{name}-{seal(name.encode())[:24]}.json"
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
        if ch in INVISIBLE or category in ("Cf", "Cs") or (category == "Cc" and ch != "\n") or _unassigned(ch):
            found.append(f"U+{ord(ch):04X}")
    return sorted(set(found))


def _unassigned(ch: str) -> bool:
    """Noncharacters (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF: never text, and they break YAML front matter) and
    the private-use planes 15 and 16, which Converter uses for its placeholders."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE or code >= _PUA
