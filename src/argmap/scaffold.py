"""`make new`: scaffold a node file with every required field, placeholders that `make check` flags (E408).

The file is written in the canonical field order with the JSON Schema modeline, atomically, and never over
an existing file.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .model import NODE_TYPES

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


def validate_request(project, essay: str, section: str, node_type: str, origin: str, node_id: str,
                     supports: list[str], attacks: list[str]) -> None:
    if essay not in project.essays:
        raise ScaffoldError(f"unknown essay {essay!r}: use one of {', '.join(sorted(project.essays))}")
    sections = [s.id for s in project.essays[essay].sections]
    if section not in sections:
        raise ScaffoldError(f"unknown section {section!r} of {essay}: use one of {', '.join(sections)}")
    if node_type not in NODE_TYPES:
        raise ScaffoldError(f"unknown type {node_type!r}: use one of {', '.join(NODE_TYPES)}")
    if origin not in ("essay", "editor", "contributor"):
        raise ScaffoldError("origin is essay, editor or contributor")
    if not ID.fullmatch(node_id):
        raise ScaffoldError(f"invalid id {node_id!r}: lowercase letters, digits and single hyphens")
    if node_id in project.nodes or any(n.stem.casefold() == node_id for n in project.nodes.values()):
        raise ScaffoldError(f"id {node_id!r} is taken: choose another")
    for target in supports + attacks:
        if target not in project.nodes:
            raise ScaffoldError(f"no node {target!r} to relate to: check the id")
    if not supports and not attacks and node_type != "thesis":
        raise ScaffoldError("say what the node supports or attacks (SUPPORTS=id or ATTACKS=id)")


def write_new(path: Path, text: str) -> None:
    """Create the file; refuse to overwrite anything (os.O_EXCL)."""
    import os
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError as exc:
        raise ScaffoldError(f"{path} already exists: choose another id") from exc
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
