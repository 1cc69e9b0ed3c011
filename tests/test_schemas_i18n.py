"""The JSON Schemas' descriptions (what an editor shows on hover) in three languages, made from one source."""
from __future__ import annotations

import json
import shutil

import pytest

from argmap.__main__ import main
from argmap.convert.typography import is_normal
from argmap.validate import schemas
from support import ROOT


def test_translated_schemas_are_up_to_date():
    files, missing = schemas.made(ROOT)
    assert missing == []
    for path, text in files.items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"{path}: run argmap schemas --write"
    assert main(["--root", str(ROOT), "schemas"]) == 0


@pytest.mark.parametrize("lang", schemas.LANGS)
def test_translations_differ_only_in_their_texts(lang):
    def strip(schema):
        if isinstance(schema, dict):
            return {k: strip(v) for k, v in schema.items() if k not in ("description", "title", "$id")}
        if isinstance(schema, list):
            return [strip(v) for v in schema]
        return schema
    for name, english in schemas.sources(ROOT).items():
        translated = json.loads((ROOT / "schema" / lang / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert strip(translated) == strip(english)
        assert translated["$id"].endswith(f"/schema/{lang}/{name}.schema.json")
        assert not (schemas.texts(translated) & schemas.texts(english)), "every text translated"


@pytest.mark.parametrize("lang", schemas.LANGS)
def test_translations_are_used_and_well_typeset(lang):
    wanted = set().union(*(schemas.texts(s) for s in schemas.sources(ROOT).values()))
    table = schemas.table(ROOT, lang)
    assert sorted(set(table) - wanted) == [], "translations of descriptions that no longer exist"
    for text in table.values():
        assert is_normal(text, lang), text


def test_a_new_description_without_translation_fails(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(ROOT / "schema", root / "schema")
    path = root / "schema" / "node.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["id"]["description"] = "A new description."
    path.write_text(json.dumps(schema), encoding="utf-8")
    assert main(["--root", str(root), "schemas"]) == 1
    _, missing = schemas.made(root)
    assert missing == ["zh-Hans: A new description.", "zh-Hant: A new description."]
