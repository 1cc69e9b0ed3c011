"""Chinese typography of the project's own texts (labels, statements, notes; never quotes).

Chinese text takes full-width punctuation: ASCII , : ; ? ! and ( ) next to Chinese become their
full-width forms (U+FF0C, U+FF1A, U+FF1B, U+FF1F, U+FF01, U+FF08/U+FF09). Digits keep their ASCII
separators (1,000; 12:24), and English phrases keep theirs. Code points are escaped here on purpose:
full-width and ASCII punctuation look alike in most editors.

An ASCII full stop after a Chinese character that ends a sentence (before a space, the end or Chinese)
becomes 。 (1.2 and U.S. keep theirs). ASCII double quotes around or next to Chinese ("AI美元") become quotation marks too.
Quotation marks follow each script's standard: corner brackets in zh-Hant (Taiwan's Ministry of
Education punctuation rules: U+300C/U+300D, and U+300E/U+300F inside them), curly quotes in zh-Hans
(GB/T 15834: U+201C/U+201D, U+2018/U+2019). quote_style() converts between them; an apostrophe between
Latin letters (Nvidia\u2019s) is left alone.
"""
from __future__ import annotations

import re
import unicodedata

FULL = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01"}
OPEN, CLOSE = "\uff08", "\uff09"
CURLY = "\u201c\u201d\u2018\u2019"
CORNER = "\u300c\u300d\u300e\u300f"
QUOTES = CURLY + CORNER
_STYLES = {"zh-Hant": dict(zip(CURLY, CORNER)), "zh-Hans": dict(zip(CORNER, CURLY))}
_MARKS = re.compile("[" + QUOTES + "]")


def quote_style(text: str, lang: str) -> str:
    """The quotation marks of ``lang``: corner brackets for zh-Hant, curly quotes for zh-Hans."""
    table = _STYLES.get(lang)
    if not table:
        return text

    def mark(match):
        ch, at = match.group(0), match.start()
        if ch == "\u2019" and text[at - 1:at].isascii() and text[at - 1:at].isalpha() \
                and text[at + 1:at + 2].isascii() and text[at + 1:at + 2].isalpha():
            return ch  # an apostrophe
        return table.get(ch, ch)
    return _MARKS.sub(mark, text)


def _cjk(ch: str) -> bool:
    return bool(ch) and (unicodedata.east_asian_width(ch) in "WF" or ch in QUOTES)


_PARENS = re.compile(r"\(([^()]*)\)")
_TOUCHED = re.compile("[" + re.escape("".join(FULL) + "().\"" + OPEN + CLOSE) + QUOTES + "]")
_STOP = re.compile(r"\.(?= |$)|\.(?=[^\x00-\x7f])")
_DOUBLE = re.compile(r'"([^"\n]*)"')


def normalise(text: str, lang: str | None = None) -> str:
    """Full-width punctuation wherever it touches Chinese (applied until nothing changes), and the
    quotation marks of ``lang`` (zh-Hans or zh-Hant) when it is given."""
    if not _TOUCHED.search(text):  # fast path: nothing any rule below could change
        return text
    for _ in range(5):
        new = _pass(text)
        if new == text:
            break
        text = new
    return quote_style(text, lang) if lang else text


_ASCII = re.compile("[" + re.escape("".join(FULL)) + "] ?")


def _pass(text: str) -> str:
    def punctuation(match):  # an ASCII mark (and the space after it) next to Chinese: full width, no space
        at = match.start()
        before, after = text[at - 1:at], text[at + 1:at + 2]
        if not (before.isdigit() and after.isdigit()) and (_cjk(before) or _cjk(after)):
            return FULL[text[at]]
        return match.group(0)
    text = _ASCII.sub(punctuation, text)

    def paren(match):
        before = text[: match.start()].rstrip(" ")[-1:]
        after = text[match.end():].lstrip(" ")[:1]
        inner = match.group(1)
        if _cjk(before) or _cjk(after) or any(_cjk(c) for c in inner):
            return OPEN + inner.strip() + CLOSE
        return match.group(0)

    text = _PARENS.sub(paren, text)

    def double(match):  # "…" touching Chinese or holding it: the quotation marks (quote_style sets the script's)
        before, after, inner = text[match.start() - 1:match.start()], text[match.end():match.end() + 1], match.group(1)
        if _cjk(before) or _cjk(after) or any(_cjk(c) for c in inner):
            return "\u201c" + inner + "\u201d"
        return match.group(0)

    text = _DOUBLE.sub(double, text)

    def stop(match):  # 。 for a full stop that ends a Chinese sentence
        before = text[match.start() - 1:match.start()]
        return "\u3002" if _cjk(before) and before not in QUOTES else match.group(0)

    text = _STOP.sub(stop, text)
    text = re.sub("\u3002 (?=\\S)", "\u3002", text)
    text = re.sub(r"(?<=[^\s]) " + OPEN, OPEN, text)
    return re.sub(CLOSE + r" (?=[^\sA-Za-z0-9])", CLOSE, text)


def is_normal(text: str, lang: str | None = None) -> bool:
    return normalise(text, lang) == text
