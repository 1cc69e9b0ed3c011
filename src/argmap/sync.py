"""Fill in the missing Chinese script of argument files with OpenCC, keeping comments and formatting.

The original script of each essay (sources/<id>.yaml ``script``) is the one a contributor writes; the
other is made with OpenCC plus the reviewed overrides. A non-empty text in the other script counts as
reviewed and is left alone unless ``force`` is given. Files are written atomically, and only when they
change, so a file with nothing to do stays byte-identical.
"""
from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from .conversion import Converter
from .output import write_atomic  # noqa: F401  (the one writer; imported from here by older callers)

TEXT_KEYS = ("label", "statement", "title", "summary", "note")


def round_trip_yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _fill(data, script: str, converter: Converter, force: bool) -> int:
    """Fill texts in place; returns how many were filled."""
    other = "zh-Hant" if script == "zh-Hans" else "zh-Hans"
    changed = 0
    if isinstance(data, dict):
        is_texts = script in data and isinstance(data.get(script), str) and ("en" in data or other in data)
        if is_texts and data[script].strip():
            current = data.get(other)
            wanted = converter.convert(data[script], other)
            if (not isinstance(current, str) or not current.strip() or force) and current != wanted:
                if other in data or not isinstance(data, CommentedMap):
                    data[other] = wanted
                else:
                    at = list(data.keys()).index(script) + (other == "zh-Hant")
                    data.insert(at, other, wanted)
                changed += 1
        for key, value in list(data.items()):
            # an artefact's note cites characters of both scripts: filled when missing, never overwritten
            changed += _fill(value, script, converter, force and key != "artefacts")
    elif isinstance(data, list):
        for value in data:
            changed += _fill(value, script, converter, force)
    return changed


def _typeset(data) -> int:
    """Full-width punctuation and each script's quotation marks in the Chinese texts of a file (source
    quotes excluded); returns how many changed."""
    from .typography import normalise
    changed = 0
    if isinstance(data, dict):
        for key, value in list(data.items()):
            if key in ("zh-Hans", "zh-Hant") and isinstance(value, str) and normalise(value, key) != value:
                data[key] = normalise(value, key)
                changed += 1
            elif key != "source":
                changed += _typeset(value)
    elif isinstance(data, list):
        for value in data:
            changed += _typeset(value)
    return changed


NODE_ORDER = ("id", "type", "essay", "section", "origin", "contributor", "label", "statement", "supports",
              "attacks", "undercuts", "source", "factcheck")
ORDERS = {
    "texts": ("zh-Hans", "zh-Hant", "en"),
    "source": ("paragraph", "quote"),
    "factcheck": ("status", "note", "references"),
    "relation": ("target", "premise", "conclusion", "with", "origin", "note"),
    "term": ("id", "zh-Hans", "zh-Hant", "en", "note", "also"),
}


def canonical_order(keys, order) -> list:
    known = [k for k in order if k in keys]
    return known + [k for k in keys if k not in order]


def _reorder(data, order) -> int:
    keys = list(data.keys())
    wanted = canonical_order(keys, order)
    if keys == wanted:
        return 0
    for key in wanted:
        data[key] = data.pop(key)  # ruamel keeps a key's comments with it
    return 1


def _order(data, top=False) -> int:
    """Canonical key order: node fields, then languages zh-Hans, zh-Hant, en, and so on inside."""
    changed = 0
    if isinstance(data, dict):
        if top and "id" in data and "type" in data:
            changed += _reorder(data, NODE_ORDER)
        elif "id" in data:
            changed += _reorder(data, ORDERS["term"])
        elif any(k in data for k in ORDERS["texts"]):
            changed += _reorder(data, ORDERS["texts"])
        elif "status" in data and "note" in data:
            changed += _reorder(data, ORDERS["factcheck"])
        elif "paragraph" in data and "quote" in data:
            changed += _reorder(data, ORDERS["source"])
        elif "target" in data or "premise" in data:
            changed += _reorder(data, ORDERS["relation"])
        for value in list(data.values()):
            changed += _order(value)
    elif isinstance(data, list):
        for value in data:
            changed += _order(value)
    return changed


def fmt_file(path: Path) -> int:
    """Canonical formatting of one file; returns the number of changes (0: untouched)."""
    return _rewrite(path, lambda data: _order(data, top=True) + _typeset(data))


def sync_file(path: Path, script: str, converter: Converter, force: bool = False) -> int:
    """Sync one file; returns the number of texts filled (0: the file was not touched)."""
    return _rewrite(path, lambda data: _fill(data, script, converter, force))


def _rewrite(path: Path, transform) -> int:
    original = path.read_text(encoding="utf-8")
    yaml = round_trip_yaml()
    data = yaml.load(original)
    changed = transform(data)
    if changed:
        stream = io.StringIO()
        yaml.dump(data, stream)
        text = stream.getvalue()
        if text != original:
            write_atomic(path, text)
    return changed
