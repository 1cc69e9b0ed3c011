"""Messages in the contributor's language: en, zh-Hans, zh-Hant.

Every problem message, fix and command-line notice is a template in src/argmap/messages/<lang>.yaml, keyed
by the problem code (``E301``) or a variant of it (``E301.essay``, ``sync.conflict``), with named fields
(``{id!q}``). The language is chosen from the environment as gettext does (``LANGUAGE``, then ``LC_ALL``,
``LC_MESSAGES``, ``LANG``) or forced with ``argmap --lang``.

Every field is made safe for a terminal and a CI log before it is put into a template (``safe``): control
characters, line and paragraph separators, bidirectional and other format characters are shown as escapes
(``\\x1b``, ``\\n``, ``\\u202e``), so data can neither move the cursor, nor fake a line, nor start a GitHub
workflow command.
"""
from __future__ import annotations

import os
import string
import unicodedata
from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
FOLDER = Path(__file__).with_name("messages")
QUOTES = {"en": ("'", "'"), "zh-Hans": ("“", "”"), "zh-Hant": ("「", "」")}
SEPARATORS = {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def language_of(tag: str | None) -> str | None:
    """The catalog language of a locale name or language tag (zh_TW.UTF-8, zh-Hant, en_GB), or None."""
    if not tag:
        return None
    name = tag.split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    if name in ("c", "posix", ""):
        return None
    parts = name.split("_")
    if parts[0] == "en":
        return "en"
    if parts[0] != "zh":
        return None
    rest = set(parts[1:])
    if rest & {"hant", "tw", "hk", "mo"}:
        return "zh-Hant"
    return "zh-Hans"  # zh, zh_CN, zh_SG, zh_Hans


def choose(environ=None) -> str:
    """The language gettext would pick: the locale of messages is LC_ALL, else LC_MESSAGES, else LANG; unless
    that locale is C/POSIX, the LANGUAGE list is tried first, entry by entry. English when nothing matches."""
    environ = os.environ if environ is None else environ
    locale = next((environ[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(k)), "")
    candidates = []
    if locale.split(".", 1)[0] not in ("C", "POSIX", ""):
        candidates += [item for item in environ.get("LANGUAGE", "").split(":") if item]
    candidates.append(locale)
    for candidate in candidates:
        lang = language_of(candidate)
        if lang:
            return lang
    return "en"


@cache
def catalog(lang: str) -> dict:
    data = yaml.safe_load((FOLDER / f"{lang}.yaml").read_text(encoding="utf-8")) or {}
    return data


def safe(value) -> str:
    """Text safe to print: control, format (bidi, zero-width), separator and unassigned characters escaped."""
    text = str(value)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch == " " or (ch.isprintable() and unicodedata.category(ch) not in ("Zl", "Zp")):
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)


class Nested:
    """A field that is itself a message of the catalog, rendered in the same language (a cause, a hint)."""

    def __init__(self, key: str, fields: dict | None = None):
        self.key, self.fields = key, dict(fields or {})

    def __eq__(self, other):
        return isinstance(other, Nested) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self):
        return hash((self.key, tuple(sorted(self.fields))))


class _Formatter(string.Formatter):
    """``{name}``: the field, made safe; ``{name!q}``: quoted in the language's quotation marks; lists are
    joined with the language's separator."""

    def __init__(self, lang: str):
        self.lang = lang

    def convert_field(self, value, conversion):
        return (value, conversion)

    def format_field(self, pair, format_spec):
        value, conversion = pair
        if isinstance(value, Nested):
            return message(value.key, self.lang, **value.fields)
        items = value if isinstance(value, (list, tuple)) else [value]
        shown = []
        for item in items:
            text = safe(item)
            if conversion == "q":
                left, right = QUOTES[self.lang]
                text = f"{left}{text}{right}"
            shown.append(format(text, format_spec) if format_spec else text)
        return SEPARATORS[self.lang].join(shown)


def fill(template: str, lang: str, fields: dict) -> str:
    return _Formatter(lang).format(template, **fields)


def entry(key: str, lang: str) -> dict:
    """The catalog entry of ``key`` in ``lang``, falling back to English."""
    found = catalog(lang).get(key) if lang in LANGUAGES else None
    return found if found is not None else catalog("en")[key]


def render(key: str, lang: str, fields: dict) -> tuple[str, str]:
    """(message, fix) of a problem."""
    item = entry(key, lang)
    return fill(item["message"], lang, fields), fill(item.get("fix") or "", lang, fields)


def text(key: str, lang: str = "en", **fields) -> str:
    """A one-line notice of the command line (``sync.summary`` ...)."""
    return message(key, lang, **fields)


def message(key: str, lang: str = "en", **fields) -> str:
    item = entry(key, lang)
    return fill(item if isinstance(item, str) else item["message"], lang, fields)


def summary(code: str, lang: str, default: str) -> str:
    item = catalog(lang).get(code) if lang in LANGUAGES else None
    return item.get("summary", default) if isinstance(item, dict) else default
