"""The project's vocabulary, defined once: languages, node types, relations, origins, fact-check verdicts,
and the orders every stage sorts by (essays, nodes in reading order). Everything else imports from here;
adding a node type or a verdict starts in this file and in schema/node.schema.json (tests check they agree)."""
from __future__ import annotations

import re
from typing import Any

# An id of a node, section, essay, source or glossary term: lower-case ASCII words joined by hyphens.
ID_PATTERN = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")

LANGS = ("en", "zh-Hans", "zh-Hant")
CHINESE = ("zh-Hans", "zh-Hant")
NODE_TYPES = ("thesis", "premise", "evidence", "counterargument", "rebuttal")
RELATIONS = ("supports", "attacks", "undercuts")
ORIGINS = ("essay", "editor", "contributor")
# Fact-check verdicts, the most serious first (the order of the fact-check page and of badges).
VERDICTS = ("incorrect", "disputed", "unverified", "supported")
VERDICT_ICONS = {"incorrect": "✗", "disputed": "!", "unverified": "?", "supported": "✓"}

TYPE_ORDER = {name: index for index, name in enumerate(NODE_TYPES)}
NO_PARAGRAPH = 10_000  # nodes with no source paragraph (editors' additions) come after the essay's own


def essay_order(essay) -> tuple:
    """Sort key of essays: essay.yaml's `order`, then the id."""
    return (essay.order, essay.id)


def essays_in_order(project) -> list:
    return sorted(project.essays.values(), key=essay_order)


def reading_order(node) -> tuple:
    """Sort key of nodes in the order a reader meets them: by source paragraph, then type, then id."""
    anchor = node.source if isinstance(node.source, dict) else {}
    paragraph = anchor.get("paragraph") if isinstance(anchor.get("paragraph"), int) else NO_PARAGRAPH
    return (paragraph, TYPE_ORDER.get(node.type, len(TYPE_ORDER)), node.id)


def pick(value: Any, lang: str) -> str:
    """One language of a text that is either a plain string or a mapping of languages (English as fallback)."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return "" if value is None else str(value)
