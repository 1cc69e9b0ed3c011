"""Validate stage, first layer: each file against its JSON Schema (schema/*.schema.json), one problem per
mistake in words a contributor can act on."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

import fastjsonschema
import jsonschema
from referencing import Registry, Resource

from argmap import messages, paths
from argmap.load.yamlfile import line_of
from argmap.memo import digest
from argmap.model import CHINESE
from argmap.problems import Problem, did_you_mean, problem

PLACEHOLDER = "TODO"
SCHEMAS = ("node", "essay", "glossary", "source")




SCHEMA_DIR = paths.SCHEMA_DIR


@dataclass
class Schema:
    """A committed JSON Schema, twice: ``quick`` (fastjsonschema: the schema compiled into Python, a
    yes/no answer about 100 times faster) and ``detailed`` (jsonschema: every error with its path, used
    only for data the quick check rejects). tests/test_rules.py checks that both agree on every fixture."""
    detailed: jsonschema.Draft202012Validator
    quick: Callable[[Any], Any]

    @property
    def schema(self) -> dict:
        return cast(dict, self.detailed.schema)  # a committed schema is an object, never a boolean schema

    def is_valid(self, data) -> bool:
        try:
            self.quick(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True


def schema_revision(folder: Path = SCHEMA_DIR) -> str:
    """A hash of the committed schemas, for a memo key."""
    return digest(*((folder / f"{name}.schema.json").read_bytes() for name in SCHEMAS))


def _anchored(schema):
    r"""The committed schemas use ECMA-262 patterns (`^…$`); Python's `$` also matches before a final
    newline, so that "main\n" would pass ^[a-z]+$. Python validators get `\Z` instead."""
    if isinstance(schema, dict):
        return {k: (re.sub(r"(?<!\\)\$$", r"\\Z", v) if k == "pattern" and isinstance(v, str) else _anchored(v))
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [_anchored(v) for v in schema]
    return schema


def load_schemas(folder: Path = SCHEMA_DIR) -> dict:
    schemas = {name: _anchored(json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8")))
               for name in SCHEMAS}
    registry = Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema)) for name, schema in schemas.items())
    registry = registry.with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values())
    quick = _quick_validators(tuple((name, json.dumps(schema, sort_keys=True)) for name, schema in schemas.items()))
    return {name: Schema(jsonschema.Draft202012Validator(schema, registry=registry), quick[name])
            for name, schema in schemas.items()}


@lru_cache(maxsize=4)  # compiling costs ~50 ms a schema: once per process and schema text
def _quick_validators(texts: tuple) -> dict:
    """fastjsonschema validators of (name, JSON text) pairs; cross-file $refs resolve to these schemas."""
    by_file = {f"{name}.schema.json": json.loads(text) for name, text in texts}

    def local(uri: str) -> dict:  # never the network
        name = urlparse(uri).path.rsplit("/", 1)[-1]
        if name not in by_file:
            raise ValueError(f"unknown schema {uri}")
        return by_file[name]
    handlers = {"http": local, "https": local}
    return {name: fastjsonschema.compile(by_file[f"{name}.schema.json"], handlers=handlers) for name, _ in texts}


def shape_problems(schema: Schema, data, lines, path, script: str | None = None, essay: str = "") -> list[Problem]:
    """One problem per mistake, in words a contributor can act on. ``script``: the essay's original script,
    so that a missing Chinese text says which side to write and which command makes the other."""
    if schema.is_valid(data):
        return []
    validator = schema.detailed
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = tuple(error.absolute_path)
        line = line_of(lines, where)
        name = ".".join(map(str, where)) or messages.Nested("word.file")
        schema_file = validator_name(validator)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            if missing in CHINESE and script in CHINESE:
                other = "zh-Hant" if script == "zh-Hans" else "zh-Hans"
                key = "E201.original" if missing == script else "E201.converted"
                if key == "E201.converted" and isinstance(error.instance, dict) and \
                        is_placeholder(error.instance.get(script)):
                    continue  # E408 first: the original is still a placeholder, there is nothing to convert
                problems.append(problem(path, line, key, name=name, missing=missing, script=script, other=other,
                                        essay=essay, path=path))
            else:
                problems.append(problem(path, line, "E201", name=name, missing=missing))
        elif error.validator == "additionalProperties":
            known = list(error.schema.get("properties") or {})
            for key in [k for k in (error.instance or {}) if k not in known]:
                guess = did_you_mean(str(key), known)
                problems.append(problem(path, line_of(lines, where + (key,)), "E202.guess" if guess else "E202",
                                        key=key, name=name, allowed=", ".join(known), guess=guess))
        elif where and where[-1] == "id" and error.validator in ("pattern", "type", "maxLength"):
            bad = bad_character(error.instance) if isinstance(error.instance, str) else None
            if bad:
                problems.append(problem(path, line, "E204.char", id=error.instance, **bad))
            else:
                problems.append(problem(path, line, "E204", id=error.instance))
        elif error.validator == "type" and error.validator_value == "array" and isinstance(error.instance, (str, dict)):
            value = error.instance if isinstance(error.instance, str) else "{...}"
            problems.append(problem(path, line, "E203.list", name=name, value=value,
                                    kind=messages.Nested("word.id" if isinstance(error.instance, str) else "word.mapping")))
        elif error.validator == "oneOf" and isinstance(error.instance, (dict, str)):
            problems.append(problem(path, line, "E203.relation", name=name))
        elif error.validator == "type":
            expected = error.validator_value
            expected = expected[0] if isinstance(expected, list) and expected else expected
            problems.append(problem(path, line, "E203.type", name=name, expected=messages.Nested(f"type.{expected}"),
                                    actual=messages.Nested(f"type.{_json_type(error.instance)}"), schema=schema_file))
        elif error.validator == "enum":
            allowed = [str(v) for v in error.validator_value]
            guess = did_you_mean(str(error.instance), allowed)
            problems.append(problem(path, line, "E203.enum-guess" if guess else "E203.enum", name=name,
                                    value=error.instance, allowed=", ".join(allowed), guess=guess))
        elif error.validator == "pattern":
            problems.append(problem(path, line, "E203.pattern", name=name, value=error.instance, schema=schema_file))
        elif error.validator in ("minLength", "minItems"):
            problems.append(problem(path, line, "E203.short", name=name, schema=schema_file))
        elif error.validator in ("maxLength", "maxItems"):
            problems.append(problem(path, line, "E203.long", name=name, size=len(error.instance),
                                    limit=error.validator_value))
        elif error.validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            problems.append(problem(path, line, "E203.range", name=name, value=error.instance, schema=schema_file))
        else:
            message = error.message if len(error.message) < 160 else error.message[:157] + "..."
            problems.append(problem(path, line, "E203", name=name, detail=message, schema=schema_file))
    return problems


def _json_type(value) -> str:
    """The JSON Schema type of a loaded value (its message: type.<name> in src/argmap/messages/)."""
    for kind, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"),
                       (dict, "object"), (type(None), "null")):
        if isinstance(value, kind):
            return name
    return "string"



def bad_character(text: str) -> dict | None:
    """The first character that makes ``text`` an invalid id, with its code point and name."""
    import unicodedata
    for index, ch in enumerate(text):
        allowed = "abcdefghijklmnopqrstuvwxyz" + ("0123456789-" if index else "")
        if ch not in allowed:
            return {"char": ch, "codepoint": f"U+{ord(ch):04X}",
                    "charname": unicodedata.name(ch, "unnamed character").lower()}
    return None


def validator_name(validator) -> str:
    return validator.schema.get("$id", "").rsplit("/", 1)[-1]


def is_placeholder(value) -> bool:
    return isinstance(value, str) and value.strip().startswith(PLACEHOLDER)
