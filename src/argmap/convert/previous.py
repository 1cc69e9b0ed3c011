"""What sync may overwrite: the converted texts nobody edited by hand.

A text in an essay's other script (zh-Hans for ai-dollar, zh-Hant for hegemony) that differs from what
OpenCC makes of the original is either stale (the original was edited since) or edited by hand. It is stale,
and safe to replace, only when it is exactly what sync made of an earlier original:

- the original at the same place in the committed file (``git show HEAD:path``) or in the staged one
  (``git show :path``) converts to it — this works in any clone, and covers the usual case: edit the
  original, run make sync;
- or sync itself wrote it (or found it consistent) on this machine: sync keeps the hash of every converted
  text it wrote or saw agree with its original in sync-state.json in the project's cache outside the
  repository (paths.cache_dir), which covers several edits between commits and a copy without git.

Both are tried with today's conversion and with the conversion of the committed and staged override and
vocabulary tables, so that recording a reviewed pair and running make sync updates every text made with the
old pair.

Anything else is a hand edit: sync leaves it, shows both versions and says how to keep it.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

STATE = "sync-state.json"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class History:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._git: dict = {}
        from argmap.paths import cache_dir
        self.path = cache_dir(self.root, "sync") / STATE
        self._state = self._read_state()
        self._dirty = False

    # ------------------------------------------------------------------ git
    def committed(self, relative: str) -> list:
        """The data of the file in HEAD and in the index (those that exist and parse), newest first."""
        if relative not in self._git:
            found = []
            for spec in (f":{relative}", f"HEAD:{relative}"):
                text = self._show(spec)
                if text is None:
                    continue
                try:
                    import yaml
                    data = yaml.safe_load(text)
                except Exception:  # noqa: BLE001 - a broken old version is simply not a witness
                    continue
                if isinstance(data, dict):
                    found.append(data)
            self._git[relative] = found
        return self._git[relative]

    def _show(self, spec: str) -> str | None:
        try:
            result = subprocess.run(["git", "-C", str(self.root), "show", spec], capture_output=True,
                                    timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        if result.returncode != 0:
            return None
        try:
            return result.stdout.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def earlier_converters(self, project) -> list:
        """Converters made from the override and vocabulary tables in the index and in HEAD, those that
        differ from the project's own (empty without git or when nothing changed)."""
        from argmap.convert.conversion import Converter
        from argmap.load.loader import OVERRIDES, STANDING, VOCABULARY, parse_table
        today = (list(project.overrides), list(getattr(project, "standing", [])), list(project.vocabulary))
        found: list = []
        seen = {repr(today)}
        if self._show("HEAD:arguments") is None:
            return found  # no git, or no commit: no earlier tables to know of
        for prefix in (":", "HEAD:"):
            tables = []
            for shown in (OVERRIDES, STANDING, VOCABULARY):
                text = self._show(prefix + shown)  # a table not in git then was empty then
                tables.append(parse_table(text, shown)[0] if text is not None else [])
            if repr(tables) not in seen:
                seen.add(repr(tables))
                found.append(Converter(tables[0] + tables[1], tables[2]))
        return found

    # ------------------------------------------------------------------ local record
    def _read_state(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def made_by_sync(self, relative: str, where: tuple, text: str) -> bool:
        return _hash(text) in (self._state.get(relative) or {}).get("/".join(map(str, where)), [])

    def remember(self, relative: str, where: tuple, text: str) -> None:
        """Record a converted text sync wrote or found consistent, and the form make fmt gives it (fmt's
        punctuation is not a hand edit)."""
        from argmap.convert.typography import normalise
        known = self._state.setdefault(relative, {}).setdefault("/".join(map(str, where)), [])
        lang = where[-1] if where and where[-1] in ("zh-Hans", "zh-Hant") else None
        for value in dict.fromkeys((_hash(text), _hash(normalise(text, lang)))):
            if value not in known:
                known.append(value)
                self._dirty = True
        del known[:-8]  # a few recent versions are enough

    def save(self) -> None:
        if not self._dirty:
            return
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            from argmap.write.output import write_atomic
            write_atomic(path, json.dumps(self._state, ensure_ascii=False, sort_keys=True) + "\n")
        except OSError:
            pass

    # ------------------------------------------------------------------ the decision
    def is_stale(self, relative: str, where: tuple, script: str, other: str, current: str, convert,
                 earlier=()) -> bool:
        """Whether ``current`` (the text in the other script at ``where``) is what sync made of an earlier
        original, with today's conversion ``convert`` or one of the ``earlier`` converters, or the form make fmt
        gave it: safe to replace."""
        from argmap.convert.typography import normalise
        if self.made_by_sync(relative, where + (other,), current):
            return True
        for data in self.committed(relative):
            texts = _at(data, where)
            if not (isinstance(texts, dict) and isinstance(texts.get(script), str)):
                continue
            for conversion in [convert] + [c.convert for c in earlier]:
                made = conversion(texts[script], other)
                if current in (made, normalise(made, other)):
                    return True
        return False


def _at(data, where: tuple):
    for key in where:
        if (isinstance(data, dict) and key in data) or (
            isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data)
        ):
            data = data[key]
        else:
            return None
    return data
