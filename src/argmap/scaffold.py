"""`make new`: scaffold a node file with every required field, placeholders that `make check` flags (E408).

The file is written in the canonical field order with the JSON Schema modeline, atomically, and never over
an existing file.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from argmap.model import NODE_TYPES

PLACEHOLDER = "TODO"
ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


class ScaffoldError(ValueError):
    """A wrong argument: the message says what to give instead."""


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value


def node_text(node_id: str, essay: str, section: str, node_type: str, origin: str, script: str,
              supports: list[str], attacks: list[str], contributor: str | None = None) -> str:
    """The YAML of a new node. The original script and English are placeholders; the other script is
    left out for `make sync` to add."""
    other = "zh-Hant" if script == "zh-Hans" else "zh-Hans"
    lines = [
        "# yaml-language-server: $schema=../../schema/node.schema.json",
        f"id: {node_id}",
        f"type: {node_type}",
        f"essay: {essay}",
        f"section: {section}",
        f"origin: {origin}",
    ]
    if contributor:
        lines.append(f"contributor: {json.dumps(contributor, ensure_ascii=False)}")
    for key, what in (("label", "a few words for the diagram box"), ("statement", "the full claim")):
        lines += [
            f"{key}:",
            f"  {script}: {PLACEHOLDER}  # {what}, in the essay's script ({other}: make sync adds it)",
            f"  en: {PLACEHOLDER}  # {what}, in English",
        ]
    if supports:
        lines.append("supports:")
        lines += [f"  - {target}" for target in supports]
    if attacks:
        lines.append("attacks:")
        lines += [f"  - {target}" for target in attacks]
    if origin == "essay":
        lines += [
            "source:",
            "  paragraph: 1  # the line number in sources/ of the paragraph quoted",
            f"  quote: {PLACEHOLDER}  # the essay's words, character for character",
        ]
    return "\n".join(lines) + "\n"


ORIGINS = ("essay", "editor", "contributor")


class Invalid(ValueError):
    """One answer is wrong: ``key`` and ``fields`` name its message in src/argmap/messages/ (new.*)."""

    def __init__(self, key: str, **fields):
        from argmap import messages
        super().__init__(messages.text(key, "en", **fields))
        self.key, self.fields = key, fields

    def text(self, lang: str) -> str:
        from argmap import messages
        return messages.text(self.key, lang, **self.fields)


def _guess(value: str, choices) -> str:
    from argmap.problems import did_you_mean
    return did_you_mean(value, choices)


def check_essay(project, essay: str) -> str:
    if essay not in project.essays:
        raise Invalid("new.bad-essay", value=essay, allowed=", ".join(sorted(project.essays)))
    return essay


def check_section(project, essay: str, section: str) -> str:
    sections = [s.id for s in project.essays[essay].sections]
    if section not in sections:
        guess = _guess(section, sections)
        raise Invalid("new.bad-section-guess" if guess else "new.bad-section", value=section, essay=essay,
                      allowed=", ".join(sections), guess=guess)
    return section


def check_type(project, node_type: str) -> str:
    if node_type not in NODE_TYPES:
        guess = _guess(node_type, NODE_TYPES)
        raise Invalid("new.bad-type-guess" if guess else "new.bad-type", value=node_type,
                      allowed=", ".join(NODE_TYPES), guess=guess)
    return node_type


def check_origin(project, origin: str) -> str:
    if origin not in ORIGINS:
        raise Invalid("new.bad-origin", value=origin)
    return origin


def check_id(project, node_id: str) -> str:
    if not ID.fullmatch(node_id):
        raise Invalid("new.bad-id", value=node_id)
    if node_id in project.nodes or any(n.stem.casefold() == node_id for n in project.nodes.values()):
        raise Invalid("new.taken", value=node_id)
    return node_id


def check_targets(project, targets: list[str]) -> list[str]:
    for target in targets:
        if target not in project.nodes:
            guess = _guess(target, project.nodes)
            raise Invalid("new.no-target-guess" if guess else "new.no-target", value=target, guess=guess)
    return targets


def prefix(project, essay: str) -> str:
    """The id prefix the essay's nodes share (hg-, ad-), for the example in the prompt."""
    ids = [n.id for n in project.nodes.values() if n.essay == essay]
    heads = {i.split("-", 1)[0] for i in ids}
    return f"{heads.pop()}-" if len(heads) == 1 else ""


def validate_request(project, essay: str, section: str, node_type: str, origin: str, node_id: str,
                     supports: list[str], attacks: list[str], lang: str = "en") -> None:
    """Every answer at once (the non-interactive path): the first wrong one raises ScaffoldError, its message
    in ``lang``."""
    try:
        check_essay(project, essay)
        check_section(project, essay, section)
        check_type(project, node_type)
        check_origin(project, origin)
        check_id(project, node_id)
        check_targets(project, supports + attacks)
        if not supports and not attacks and node_type != "thesis":
            raise Invalid("new.unrelated")
    except Invalid as exc:
        raise ScaffoldError(exc.text(lang)) from exc


def write_new(path: Path, text: str, lang: str = "en", shown: str | None = None) -> None:
    """Create the file; refuse to overwrite anything (os.O_EXCL)."""
    import os
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError as exc:
        from argmap import messages
        raise ScaffoldError(messages.text("new.exists", lang, path=shown or str(path))) from exc
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
