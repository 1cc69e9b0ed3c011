"""The vocabulary module and the JSON Schema name the same types, origins and verdicts; the orders hold."""
from __future__ import annotations

import json

from argmap import vocabulary
from argmap.load.loader import load_project
from support import ROOT


def _enums(schema: dict, path: str) -> list:
    node = schema
    for part in path.split("/"):
        node = node[int(part)] if part.isdigit() else node[part]
    return node["enum"]


def test_schema_and_vocabulary_agree():
    schema = json.loads((ROOT / "schema" / "node.schema.json").read_text(encoding="utf-8"))
    assert tuple(_enums(schema, "properties/type")) == vocabulary.NODE_TYPES
    assert tuple(_enums(schema, "properties/origin")) == vocabulary.ORIGINS
    assert sorted(_enums(schema, "properties/factcheck/properties/status")) == sorted(vocabulary.VERDICTS)
    assert set(vocabulary.VERDICT_ICONS) == set(vocabulary.VERDICTS)


def test_essays_and_nodes_sort_the_way_readers_meet_them():
    project, _ = load_project(ROOT)
    essays = vocabulary.essays_in_order(project)
    assert [e.order for e in essays] == sorted(e.order for e in essays)
    nodes = sorted(project.nodes.values(), key=vocabulary.reading_order)
    paragraphs = [n.source["paragraph"] for n in nodes if isinstance(n.source, dict) and "paragraph" in n.source]
    assert paragraphs == sorted(paragraphs)
    assert vocabulary.pick({"en": "x", "zh-Hans": ""}, "zh-Hans") == "x"   # empty falls back to English
    assert vocabulary.pick(None, "en") == ""
