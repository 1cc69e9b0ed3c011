"""Search dictionaries for jieba, which Material's search plugin uses to cut Chinese into words.

jieba's own dictionary is Simplified: Traditional text falls apart into single characters. The main
dictionary here is jieba's plus its OpenCC s2t conversion; the user dictionary adds the glossary's terms
in both scripts, so that 特里芬悖论 / 特里芬悖論 stay one word.
"""
from __future__ import annotations

from pathlib import Path

from argmap.convert.conversion import _converter
from argmap.paths import seal
from argmap.write.output import write_if_changed

MAIN = Path(".cache/jieba/dict.txt")
USER = Path(".cache/jieba/user.txt")


def _write(path: Path, text: str) -> None:
    write_if_changed(path, text)


def ensure_main(root: Path) -> Path:
    """jieba's dictionary plus its Traditional conversion (built once, then cached)."""
    target = root / MAIN
    mark = target.with_name(target.name + ".seal")
    try:  # reused only when this machine made it: its seal (paths.seal) matches the content
        if mark.read_text(encoding="ascii").strip() == seal(target.read_bytes()):
            return target
    except OSError:
        pass
    import jieba
    source = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    converted = _converter("s2t").convert(source)
    seen, lines = set(), []
    for line in source.splitlines() + converted.splitlines():
        word = line.split(" ", 1)[0]
        if word and word not in seen:
            seen.add(word)
            lines.append(line)
    text = "\n".join(lines) + "\n"
    _write(target, text)
    _write(mark, seal(text.encode("utf-8")) + "\n")
    return target


def ensure_user(root: Path, glossary: list) -> Path:
    """The glossary's Chinese terms (both scripts) as jieba user words."""
    words = set()
    for term in glossary:
        for lang in ("zh-Hans", "zh-Hant"):
            value = term.get(lang)
            if isinstance(value, str):
                for part in value.replace("(", " ").replace(")", " ").replace("(", " ").replace(")", " ").split():
                    if len(part) > 1 and " " not in part:
                        words.add(part)
    target = root / USER
    _write(target, "".join(f"{word} 1000 n\n" for word in sorted(words)))
    return target
