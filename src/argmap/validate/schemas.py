"""The JSON Schemas in three languages: schema/*.schema.json (English) is the source; schema/i18n/<lang>.yaml
translates every description and title; schema/<lang>/*.schema.json are made from both (`argmap schemas
--write`) so that an editor can show the descriptions in the contributor's language. Validation always uses
the English files: the translated ones differ only in their descriptions, titles and $id."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

NAMES = ("node", "essay", "glossary", "source")
LANGS = ("zh-Hans", "zh-Hant")
TEXT_KEYS = ("description", "title")


def texts(schema) -> set:
    found = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in TEXT_KEYS and isinstance(value, str):
                found.add(value)
            else:
                found |= texts(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= texts(value)
    return found


def translate(schema, table: dict, lang: str):
    if isinstance(schema, dict):
        result = {}
        for key, value in schema.items():
            if key in TEXT_KEYS and isinstance(value, str):
                result[key] = table[value]
            elif key == "$id" and isinstance(value, str):
                head, _, name = value.rpartition("/")
                result[key] = f"{head}/{lang}/{name}"
            else:
                result[key] = translate(value, table, lang)
        return result
    if isinstance(schema, list):
        return [translate(value, table, lang) for value in schema]
    return schema


def sources(root: Path) -> dict:
    folder = Path(root) / "schema"
    return {name: json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
            for name in NAMES if (folder / f"{name}.schema.json").exists()}


def table(root: Path, lang: str) -> dict:
    return yaml.safe_load((Path(root) / "schema" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8")) or {}


def made(root: Path) -> tuple[dict, list[str]]:
    """{relative path: JSON text} of every translated schema, and the English texts with no translation."""
    out, missing = {}, []
    schemas = sources(root)
    wanted = set().union(*(texts(s) for s in schemas.values()))
    for lang in LANGS:
        known = table(root, lang)
        missing += [f"{lang}: {text}" for text in sorted(wanted - set(known))]
        if wanted - set(known):
            continue
        for name, schema in schemas.items():
            out[f"schema/{lang}/{name}.schema.json"] = json.dumps(translate(schema, known, lang), ensure_ascii=False,
                                                                   indent=2) + "\n"
    return out, missing


def write(root: Path) -> list[str]:
    from argmap.write.output import write_if_changed
    files, missing = made(root)
    if missing:
        raise ValueError("no translation for: " + "; ".join(missing))
    return [path for path, text in files.items() if write_if_changed(Path(root) / path, text)]
