"""Fill in the missing Chinese script of argument files with OpenCC, keeping comments and formatting.

The original script of each essay (sources/<id>.yaml ``script``) is the one a contributor writes; the
other is made with OpenCC plus the reviewed overrides. A non-empty text in the other script is replaced only
when it is what sync made of an earlier original (previous.py tells); one edited by hand is left alone and
reported, and ``force`` replaces it only after the caller has printed it. Files are written atomically, and only when they
change, so a file with nothing to do stays byte-identical.
"""
from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from argmap.convert.conversion import Converter
from argmap.write.output import write_atomic  # noqa: F401  (the one writer; imported from here by older callers)

TEXT_KEYS = ("label", "statement", "title", "summary", "note")


def round_trip_yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _never(where, current, wanted) -> bool:
    return False


def _fill(data, script: str, converter: Converter, force: bool, guard=None, where: tuple = (),
          missing: list | None = None) -> int:
    """Fill texts in place; returns how many were filled. ``guard(where, current, wanted)`` says whether a
    non-empty text in the other script that differs from ``wanted`` may be replaced (see sync_file);
    ``missing`` collects where a text has the other script but not the original, which sync cannot fill."""
    other = "zh-Hant" if script == "zh-Hans" else "zh-Hans"
    changed = 0
    if isinstance(data, dict):
        if (missing is not None and isinstance(data.get(other), str) and data[other].strip() and "en" in data
                and not (isinstance(data.get(script), str) and data[script].strip())):
            missing.append(where)
        is_texts = script in data and isinstance(data.get(script), str) and ("en" in data or other in data)
        if is_texts and data[script].strip():
            current = data.get(other)
            wanted = converter.convert(data[script], other)
            empty = not isinstance(current, str) or not current.strip()
            # guard is told of a filled text too: it records it as sync's own, so a later edit of the original
            # may replace it (a new node is in no commit yet)
            allowed = guard(where, current, wanted) if guard is not None and current != wanted else False
            replace = current != wanted and (empty or allowed or force)
            if replace:
                if other in data or not isinstance(data, CommentedMap):
                    data[other] = wanted
                else:
                    at = list(data.keys()).index(script) + (other == "zh-Hant")
                    data.insert(at, other, wanted)
                changed += 1
            elif guard is not None and current == wanted:
                guard(where, current, wanted)
        for key, value in list(data.items()):
            # an artefact's note cites characters of both scripts: filled when missing, never overwritten
            if key == "artefacts":
                changed += _fill(value, script, converter, False, _never, where + (key,))
            else:
                changed += _fill(value, script, converter, force, guard, where + (key,), missing)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            changed += _fill(value, script, converter, force, guard, where + (index,), missing)
    return changed


def _typeset(data) -> int:
    """Full-width punctuation and each script's quotation marks in the Chinese texts of a file (source
    quotes excluded); returns how many changed."""
    from argmap.convert.typography import normalise
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


def sync_file(path: Path, script: str, converter: Converter, force: bool = False, guard=None,
              missing: list | None = None) -> int:
    """Sync one file; returns the number of texts filled (0: the file was not touched). Without ``force``, a
    non-empty text in the other script is replaced only when ``guard(where, current, wanted)`` says it is
    stale (what sync made of an earlier original; see previous.py); with ``force`` always, and ``guard`` is
    still told, so that the caller can say what was overwritten."""
    return _rewrite(path, lambda data: _fill(data, script, converter, force, guard, missing=missing))


class Refused(Exception):
    """fmt or sync left a file untouched, for the reason ``key`` (a message of src/argmap/messages/)."""

    def __init__(self, key: str, **fields):
        super().__init__(key)
        self.key = key
        self.fields = fields


def _comments(text: str) -> list[str]:
    """The comments of a YAML text (a # at a line's start or after a blank, outside quotes), in order."""
    found = []
    for line in text.split("\n"):
        quote = None
        for index, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "'\"" and (index == 0 or line[index - 1] in " \t[{,:-"):
                quote = ch
            elif ch == "#" and (index == 0 or line[index - 1] in " \t"):
                found.append(line[index:].rstrip())
                break
    return found


def _rewrite(path: Path, transform) -> int:
    """Load, transform and write back one file, or raise Refused and leave it as it is: a symlink or any
    file that is not regular (never replaced by a copy), YAML with anchors or aliases (a billion-laughs file
    would take ruamel forever; check refuses it too), a comment the round trip would lose (ruamel drops
    comments inside flow sequences), or a file changed on disk since it was read. The mode is kept."""
    from argmap import paths
    from argmap.load import yamlfile
    from argmap.write.output import ChangedOnDisk
    reason = paths.refusal(path, None)
    if reason is not None:
        raise Refused("sync.refused-file", reason=paths.reason_text(reason))
    before = path.stat()
    raw = path.read_bytes()
    original = raw.decode("utf-8")
    _, _, problems = yamlfile.parse(original, path.name)
    bad = [p.code for p in problems if p.code in ("E101", "E103", "E801", "E802")]
    if bad:
        raise Refused("sync.refused-yaml", code=bad[0])
    yaml = round_trip_yaml()
    data = yaml.load(original)
    changed = transform(data)
    if changed:
        stream = io.StringIO()
        yaml.dump(data, stream)
        text = stream.getvalue()
        if text != original:
            kept = _comments(text)
            lost = [c for c in _comments(original) if c not in kept]
            if lost:
                raise Refused("sync.refused-comment", comment=lost[0])
            try:
                write_atomic(path, text, expected=(raw, before))
            except ChangedOnDisk:
                raise Refused("sync.changed-on-disk") from None
    return changed
