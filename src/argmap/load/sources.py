"""Source texts: the essays, one paragraph per line, and the recipes that make them from the seeds.

``sources/<id>.txt`` holds paragraph N on line N, verbatim. ``sources/<id>.yaml`` holds provenance
(title, author, date, URL, attribution) and the recipe: which seed lines to keep, which exact strings
(image captions) to drop and before which exact strings a new paragraph starts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from argmap import paths
from argmap.load import yamlfile
from argmap.load.yamlfile import line_of
from argmap.messages import Nested
from argmap.problems import Problem
from argmap.problems import problem as new_problem


@dataclass
class Source:
    id: str
    meta: dict
    paragraphs: list[str] = field(default_factory=list)
    parallel: object = None      # translations.Parallel: the texts in the other languages, the repairs

    @property
    def script(self) -> str:
        return self.meta.get("script", "zh-Hans")

    def paragraph(self, number: int) -> str | None:
        return self.paragraphs[number - 1] if 1 <= number <= len(self.paragraphs) else None


def apply_recipe(seed_text: str, recipe: dict) -> tuple[list[str], list[tuple[str, dict]]]:
    """Turn a seed into paragraphs. Returns (paragraphs, errors): each error a (message key, fields) pair."""
    errors = []
    first, last = recipe["lines"]
    lines = seed_text.split("\n")[first - 1:last]
    paragraphs = [line.strip() for line in lines if line.strip()]
    text = "\n".join(paragraphs)
    for drop in recipe.get("drop", []):
        if text.count(drop) != 1:
            errors.append(("E507.drop", {"text": drop, "count": text.count(drop)}))
        text = text.replace(drop, "", 1)
    cursor = 0
    for brk in recipe.get("breaks", []):
        position = text.find(brk, cursor)
        if position < 0 or text.count(brk) != 1:
            errors.append(("E507.break", {"text": brk, "count": text.count(brk)}))
            continue
        text = text[:position].rstrip(" ") + "\n" + text[position:]
        cursor = position + 1
    return [p.strip() for p in text.split("\n") if p.strip()], errors


MAX_TEXT_BYTES = 4 * 1024 * 1024   # an essay, one paragraph a line [hegemony: 60 KB]


def load(root: Path, source_id: str) -> tuple[Source | None, list[Problem]]:
    """A source's metadata (checked against schema/source.schema.json) and text; None when either cannot
    be used, so that no later stage sees a half-valid source."""
    from argmap.validate.schema import load_schemas, shape_problems
    from argmap.vocabulary import ID_PATTERN
    shown = f"sources/{source_id}.yaml"
    if not ID_PATTERN.fullmatch(source_id):
        return None, []  # the essay's source: field is reported by its schema (E203)
    meta_path = root / "sources" / f"{source_id}.yaml"
    meta, lines, problems = yamlfile.load(meta_path, shown, root=root)
    if meta is None:
        return None, problems
    if not isinstance(meta, dict):
        return None, problems or [new_problem(shown, 1, "E107.source")]
    problems += shape_problems(load_schemas()["source"], meta, lines, shown)
    if meta.get("id") != source_id:
        problems.append(new_problem(shown, line_of(lines, ("id",)), "E301.stem", id=str(meta.get("id")), stem=source_id))
    if problems:
        return None, problems
    text_shown = f"sources/{source_id}.txt"
    raw, problem = paths.read_bytes(root / "sources" / f"{source_id}.txt", root, text_shown, MAX_TEXT_BYTES)
    if problem is not None:
        if problem.code == "E109":  # missing or unreadable: make sources writes it again
            problem = new_problem(problem.path, 1, "E109.source", **problem.fields)
        else:  # a link, FIFO or device: make sources writes a regular file in its place
            problem = new_problem(problem.path, 1, "E805.source", reason=Nested(problem.key, problem.fields))
        return None, problems + [problem]
    assert raw is not None  # read_bytes gives the bytes or a problem
    text, more = yamlfile.decode(raw, text_shown, MAX_TEXT_BYTES)
    if text is None:
        return None, problems + more
    paragraphs = text.rstrip("\n").split("\n")
    from argmap.convert import translations
    source = Source(source_id, meta, paragraphs)
    source.parallel = translations.load(root, source_id, source.script)
    return source, problems + source.parallel.problems


def rebuild(root: Path, seeds: Path, source: Source) -> tuple[list[str] | None, list[Problem]]:
    """Apply the recipe to the seed; problems when it cannot be applied."""
    shown = f"sources/{source.id}.yaml"
    name = source.meta["seed"]
    seed = seeds / name
    if "/" in name or "\\" in name or name.startswith("."):  # the schema allows a plain file name only
        return None, [new_problem(shown, 1, "E805.seed-name", name=name)]
    raw, problem = paths.read_bytes(seed, seeds, f"seed {name}", MAX_TEXT_BYTES)
    if problem is not None and problem.code == "E805":  # not read at all: no recipe is tried on it
        return None, [new_problem(shown, 1, "E805.seed", name=name, reason=Nested(problem.key, problem.fields))]
    try:
        if problem is not None:
            raise OSError(problem.message)
        assert raw is not None  # read_bytes gives the bytes or a problem
        seed_text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [new_problem(shown, 1, "E507", seed=str(seed), reason=paths.os_reason(exc) if isinstance(exc, OSError) else str(exc))]
    paragraphs, errors = apply_recipe(seed_text, source.meta["recipe"])
    return paragraphs, [new_problem(shown, 1, key, **fields) for key, fields in errors]


def compare(root: Path, seeds: Path, items) -> list[Problem]:
    """E506 for each committed source text that differs from what its recipe makes of the seed."""
    problems = []
    for source in items:
        rebuilt, more = rebuild(root, seeds, source)
        problems += more
        if rebuilt is not None and rebuilt != source.paragraphs:
            line = next((i + 1 for i, (a, b) in enumerate(zip(rebuilt, source.paragraphs)) if a != b),
                        min(len(rebuilt), len(source.paragraphs)) + 1)
            problems.append(new_problem(f"sources/{source.id}.txt", line, "E506"))
    return problems


CHECKSUMS = "sources/SHA256SUMS"


def digest(root: Path, source_id: str) -> str:
    import hashlib
    raw, problem = paths.read_bytes(root / "sources" / f"{source_id}.txt", root, f"sources/{source_id}.txt")
    if problem is not None:
        raise OSError(problem.message)
    assert raw is not None  # read_bytes gives the bytes or a problem
    return hashlib.sha256(raw).hexdigest()


def write_checksums(root: Path, ids) -> None:
    from argmap.write.output import write_atomic
    lines = [f"{digest(root, i)}  {i}.txt" for i in sorted(ids)]
    write_atomic(root / CHECKSUMS, "\n".join(lines) + "\n")


def verify_checksums(root: Path, items) -> list[Problem]:
    """E506 for a source text edited by hand: its hash differs from the one `make sources` recorded.
    Works without the seeds, so pull-request checks catch hand edits too."""
    items = list(items)
    if not items:
        return []
    raw, problem = paths.read_bytes(root / CHECKSUMS, root, CHECKSUMS, 1024 * 1024)
    if problem is not None:
        if problem.code == "E109":
            return [new_problem(CHECKSUMS, 1, "E809")]
        return [problem]
    assert raw is not None  # read_bytes gives the bytes or a problem
    import re
    recorded, problems = {}, []
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        match = re.fullmatch(r"([0-9a-f]{64})  ([A-Za-z0-9][A-Za-z0-9_.-]*\.txt)", line)
        if match:
            recorded[match.group(2)] = match.group(1)
        elif line.strip():
            problems.append(new_problem(CHECKSUMS, number, "E809.line"))
    for source in items:
        name = f"{source.id}.txt"
        try:
            actual = digest(root, source.id)
        except OSError:
            continue
        if name not in recorded:
            if problems:
                continue  # a malformed line may be this text's record: that line's E809 says what to do
            problems.append(new_problem(f"sources/{name}", 1, "E809.unrecorded", source=source.id))
        elif recorded[name] != actual:
            problems.append(new_problem(f"sources/{name}", 1, "E506.checksum", source=source.id))
    return problems
