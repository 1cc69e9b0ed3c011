"""Label wrapping by display width: a CJK character takes two columns, Latin one.

Graphviz does not wrap labels, and counting characters makes Chinese boxes twice too wide or too
narrow (Argdown's CJK bug reports). Lines break between CJK characters or at spaces; no line starts
with closing punctuation and none ends with opening punctuation (Chinese line-breaking rules, 禁则).
"""
from __future__ import annotations

import unicodedata

NO_START = set("，。、；：？！）》」』”’〉】〕…—·,.;:?!)]}%‰℃")
NO_END = set("（《「『“‘〈【〔([{")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _tokens(text: str) -> list[str]:
    """Break opportunities: each CJK character alone, Latin words with their trailing space."""
    tokens, word = [], ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ch == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    # Keep punctuation with its neighbour: glue NO_START to the previous token, NO_END to the next.
    glued: list[str] = []
    for token in tokens:
        if glued and (token[0] in NO_START or glued[-1][-1] in NO_END):
            glued[-1] += token
        else:
            glued.append(token)
    return glued


def _greedy(tokens: list[str], columns: int) -> list[str]:
    lines, line = [], ""
    for token in tokens:
        if line and width(line + token.rstrip()) > columns:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def wrap(text: str, columns: int = 24, max_lines: int = 0) -> list[str]:
    """Wrap ``text`` into lines of at most ``columns`` display columns (a long word may exceed), balanced:
    the narrowest width that needs no more lines than ``columns`` does, so that a box's last line is not
    a lone character (分析参考黄仁勋的近期言 / 论 becomes 分析参考黄仁 / 勋的近期言论)."""
    text = " ".join(text.split())
    tokens = _tokens(text)
    lines = _greedy(tokens, columns)
    if len(lines) > 1 and not (max_lines and len(lines) > max_lines):
        narrowest = max(width(t.strip()) for t in tokens)
        for narrower in range(narrowest, columns):
            candidate = _greedy(tokens, narrower)
            if len(candidate) <= len(lines):
                lines = candidate
                break
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and width(last) + 1 > columns:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines
