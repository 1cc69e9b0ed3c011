"""Strict YAML reading: plain data plus the line of every key, or problems — never an exception.

Stricter than YAML itself, so that every argument file means one thing and diffs stay honest:
no duplicate keys, no anchors, aliases, merge keys or tags, no tabs, no byte-order mark, UTF-8 only,
and size limits that keep a crafted file from slowing the build.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from argmap import paths
from argmap.memo import digest, remember
from argmap.problems import Problem
from argmap.problems import problem as new_problem

MAX_BYTES = 64 * 1024             # a node file: one claim, a few sentences in three languages
MAX_SHARED_BYTES = 1024 * 1024    # a file that grows with the project: essay.yaml, the glossary
MAX_LINE = 5000
MAX_DEPTH = 24                    # nested mappings and lists: a node file needs 5; LibYAML's composer recurses
MAX_DIGITS = 15                   # an integer: paragraph numbers, dates (CPython refuses int strings > 4,300 digits)


# LibYAML's parser when PyYAML has it (the PyPI wheels do): loading is then about five times faster. The
# strictness below works on events and nodes, which are the same objects with either parser.
if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader that refuses what argument files never need."""


def _line(mark) -> int:
    return (mark.line + 1) if mark is not None else 1


def read_text(path: Path, shown: str, max_bytes: int = MAX_BYTES,
              root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, reporting encoding and size problems with their line (``root``: the file must
    resolve inside it)."""
    raw, problem = paths.read_bytes(path, root, shown, max_bytes)
    if problem is not None:
        return None, [problem]
    assert raw is not None  # read_bytes gives the bytes or a problem
    return decode(raw, shown, max_bytes)


def _unreadable(shown: str, exc: OSError) -> Problem:
    return new_problem(shown, 1, "E109", reason=paths.os_reason(exc))


def decode(raw: bytes, shown: str, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes, with its encoding and size problems."""
    if len(raw) > max_bytes:
        return None, [new_problem(shown, 1, "E108" if max_bytes == MAX_BYTES else "E108.shared", size=len(raw),
                              limit=max_bytes)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [new_problem(shown, raw[: exc.start].count(b"\n") + 1, "E100", byte=f"0x{raw[exc.start]:02x}")]
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        problems.append(new_problem(shown, 1, "E105"))
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE:
            problems.append(new_problem(shown, number, "E108.line", size=len(line), limit=MAX_LINE))
        if "\t" in line:
            problems.append(new_problem(shown, number, "E104"))
    return text, problems


def parse(text: str, shown: str) -> tuple[object, dict, list[Problem]]:
    """Parse YAML text into plain data and a map from key path (tuple) to line number."""
    problems: list[Problem] = []
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, {}, [new_problem(shown, 1, "E106")]
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:  # before composing: the composer would recurse once per level
                    return None, {}, problems + [new_problem(shown, _line(event.start_mark), "E801", limit=MAX_DEPTH)]
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                problems.append(new_problem(shown, _line(event.start_mark), "E103"))
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            explicit = implicit is False or implicit == (False, False)
            if tag and explicit and tag != "!":
                problems.append(new_problem(shown, _line(event.start_mark), "E103.tag", tag=tag))
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = (exc.problem or "invalid YAML").strip()
        return None, {}, [new_problem(shown, _line(mark), "E101", detail=detail)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        return None, {}, [new_problem(shown, 1, "E101", detail=str(exc))]
    if problems:
        return None, {}, problems
    lines: dict[tuple, int] = {}
    constructor = _Loader(text)
    try:
        data = _build(node, (), lines, constructor, shown, problems)
    finally:
        constructor.dispose()
    if any(p.code == "E802" for p in problems):
        return None, {}, problems  # a value that cannot be read: the file is not used
    return data, lines, problems


def _build(node, path, lines, constructor, shown, problems):
    lines.setdefault(path, _line(node.start_mark))
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(new_problem(shown, _line(key_node.start_mark), "E101.key"))
                continue
            key = key_node.value
            if key == "<<":
                problems.append(new_problem(shown, _line(key_node.start_mark), "E103.merge"))
                continue
            if key in result:
                problems.append(new_problem(shown, _line(key_node.start_mark), "E102", key=key, first=lines[path + (key,)]))
                continue
            lines[path + (key,)] = _line(key_node.start_mark)
            result[key] = _build(value_node, path + (key,), lines, constructor, shown, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), lines, constructor, shown, problems)
                for index, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:int" and len(node.value.lstrip("+-").replace("_", "")) > MAX_DIGITS:
        problems.append(new_problem(shown, _line(node.start_mark), "E802", size=len(node.value), limit=MAX_DIGITS))
        return None
    try:
        value = constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        problems.append(new_problem(shown, _line(node.start_mark), "E101.value", detail=str(exc)))
        return None
    except ValueError:  # e.g. CPython's limit on the digits of an int
        problems.append(new_problem(shown, _line(node.start_mark), "E802.large"))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(new_problem(shown, _line(node.start_mark), "E802.finite", value=node.value))
        return None
    if not isinstance(value, (str, int, float, bool, type(None))):
        value = str(node.value)  # dates and timestamps stay text
    return value


def load(path: Path, shown: str, max_bytes: int = MAX_BYTES, root: Path | None = None) -> tuple[object, dict, list]:
    data, lines, problems, _ = load_file(path, shown, max_bytes, root=root)
    return data, lines, problems


def load_file(path: Path, shown: str, max_bytes: int = MAX_BYTES, memo=None,
              root: Path | None = None) -> tuple[object, dict, list, str]:
    """(data, lines, problems, revision): the revision is a hash of the file's bytes. With a memo.Memo,
    a file whose bytes did not change since the last run is not parsed again. ``root``: the file must
    resolve inside it."""
    raw, problem = paths.read_bytes(path, root, shown, max_bytes)  # a regular file, not a link, FIFO or device
    if problem is not None:
        return None, {}, [problem], ""
    revision = digest(raw)
    return (*remember(memo, ("yaml", shown, max_bytes, revision), _load, raw, shown, max_bytes), revision)


def _load(raw: bytes, shown: str, max_bytes: int) -> tuple[object, dict, list[Problem]]:
    text, problems = decode(raw, shown, max_bytes)
    if text is None or problems:
        return None, {}, problems
    data, lines, more = parse(text, shown)
    return data, lines, problems + more


def line_of(lines: dict, path: tuple) -> int:
    """The line of the deepest known key on ``path`` (1 when nothing is known)."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)
