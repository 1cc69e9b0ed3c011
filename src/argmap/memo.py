"""What a long-lived process (`mkdocs serve`) keeps between runs of the generator, so that a run after one
edit recomputes only what the edit touched.

Every entry is keyed by everything it was computed from (file contents, never times), so a warm Memo
gives exactly what a fresh one gives: tests/test_incremental.py edits a project in many ways and
compares every generated file with a run from scratch. Entries a run does not use are dropped when the
next run starts, so the memory held is that of one run. Values are shared between runs: stages must
treat them as read-only, like all data passed between stages.

The generator works the same without a Memo (``memo=None``: every value is computed).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from argmap.vocabulary import LANGS

_LANG_KEYS = frozenset(LANGS)
_MISSING = object()
T = TypeVar("T")


def digest(*parts) -> str:
    """A short content hash of strings or bytes."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class Memo:
    def __init__(self):
        self._previous: dict = {}
        self._current: dict = {}
        self.hits = 0
        self.misses = 0

    def start(self) -> None:
        """A new run (the owner calls this first, before loading): what the last run used stays
        available; anything older is dropped."""
        self._previous, self._current = self._current, {}
        self.hits = self.misses = 0

    def find(self, key, default=None):
        """The value stored for ``key`` in this run or the last, or ``default``."""
        if key in self._current:
            self.hits += 1
            return self._current[key]
        if key in self._previous:
            self.hits += 1
            value = self._current[key] = self._previous.pop(key)
            return value
        return default

    def store(self, key, value) -> None:
        self.misses += 1
        self._current[key] = value

    def get(self, key, compute: Callable[..., T], /, *args, **kwargs) -> T:
        """The value for ``key`` (a hashable tuple naming the stage and all its inputs), computed once as
        ``compute(*args, **kwargs)``. The arguments are passed, not captured in a lambda, so that a call in
        a loop computes from this iteration's values, never from a loop variable read later."""
        value = self.find(key, _MISSING)
        if value is _MISSING:
            value = compute(*args, **kwargs)
            self.store(key, value)
        return value


def remember(memo: Memo | None, key, compute: Callable[..., T], /, *args, **kwargs) -> T:
    """``memo.get(key, compute, *args, **kwargs)``, or ``compute(*args, **kwargs)`` when there is no memo."""
    return compute(*args, **kwargs) if memo is None else memo.get(key, compute, *args, **kwargs)


def language_revisions(data) -> dict:
    """{lang: revision} of a node's data as seen by one language: every trilingual mapping ({en, zh-Hans,
    zh-Hant}) reduced to that language's text, everything else (ids, relations, quotes, statuses) kept.
    A page, diagram or download in English changes only when the English revision of a node it shows does."""
    def reduce(value, lang):
        if isinstance(value, dict):
            if value and set(value) <= _LANG_KEYS:
                return value.get(lang)
            return {k: reduce(v, lang) for k, v in value.items()}
        if isinstance(value, list):
            return [reduce(v, lang) for v in value]
        return value
    return {lang: digest(json.dumps(reduce(data, lang), sort_keys=True, ensure_ascii=False, default=str))
            for lang in LANGS}


def shown(project, graph, ids, lang: str | None) -> tuple:
    """What a diagram or page of the nodes ``ids`` shows in ``lang``, for a memo key: each node's revision
    in that language (``lang=None``: of the whole file), and every relation drawn from them (with its
    target, which may lie outside ``ids``: whether it exists decides whether the relation does)."""
    nodes = project.nodes
    ids = sorted(ids)
    return (tuple((i, nodes[i].revisions.get(lang, nodes[i].revision)) for i in ids),
            tuple((e.source, e.target, e.kind, e.premise, e.group, e.origin)
                  for i in ids for e in graph.outgoing.get(i, ())))
