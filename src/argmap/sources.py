"""Source texts: the essays, one paragraph per line, and the recipes that make them from the seeds.

``sources/<id>.txt`` holds paragraph N on line N, verbatim. ``sources/<id>.yaml`` holds provenance
(title, author, date, URL, attribution) and the recipe: which seed lines to keep, which exact strings
(image captions) to drop and before which exact strings a new paragraph starts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import yamlfile
from .problems import Problem, problem


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


def load(root: Path, source_id: str) -> tuple[Source | None, list[Problem]]:
    meta_path = root / "sources" / f"{source_id}.yaml"
    shown = f"sources/{source_id}.yaml"
    meta, _, problems = yamlfile.load(meta_path, shown)
    if not isinstance(meta, dict):
        return None, problems or [problem(shown, 1, "E107.source")]
    text_path = root / "sources" / f"{source_id}.txt"
    try:
        text = text_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, problems + [problem(f"sources/{source_id}.txt", 1, "E109.source", reason=str(exc))]
    paragraphs = text.rstrip("\n").split("\n")
    from . import translations
    source = Source(source_id, meta, paragraphs)
    source.parallel = translations.load(root, source_id, source.script)
    return source, problems + source.parallel.problems


def rebuild(root: Path, seeds: Path, source: Source) -> tuple[list[str] | None, list[Problem]]:
    """Apply the recipe to the seed; problems when it cannot be applied."""
    shown = f"sources/{source.id}.yaml"
    seed = seeds / source.meta["seed"]
    try:
        seed_text = seed.read_text(encoding="utf-8")
    except OSError as exc:
        return None, [problem(shown, 1, "E507", seed=str(seed), reason=exc.strerror)]
    paragraphs, errors = apply_recipe(seed_text, source.meta["recipe"])
    return paragraphs, [problem(shown, 1, key, **fields) for key, fields in errors]


def compare(root: Path, seeds: Path, items) -> list[Problem]:
    """E506 for each committed source text that differs from what its recipe makes of the seed."""
    problems = []
    for source in items:
        rebuilt, more = rebuild(root, seeds, source)
        problems += more
        if rebuilt is not None and rebuilt != source.paragraphs:
            line = next((i + 1 for i, (a, b) in enumerate(zip(rebuilt, source.paragraphs)) if a != b),
                        min(len(rebuilt), len(source.paragraphs)) + 1)
            problems.append(problem(f"sources/{source.id}.txt", line, "E506"))
    return problems


CHECKSUMS = "sources/SHA256SUMS"


def digest(root: Path, source_id: str) -> str:
    import hashlib
    return hashlib.sha256((root / "sources" / f"{source_id}.txt").read_bytes()).hexdigest()


def write_checksums(root: Path, ids) -> None:
    from .sync import write_atomic
    lines = [f"{digest(root, i)}  {i}.txt" for i in sorted(ids)]
    write_atomic(root / CHECKSUMS, "\n".join(lines) + "\n")


def verify_checksums(root: Path, items) -> list[Problem]:
    """E506 for a source text edited by hand: its hash differs from the one `make sources` recorded.
    Works without the seeds, so pull-request checks catch hand edits too."""
    path = root / CHECKSUMS
    if not path.exists():
        return []
    recorded = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "  " in line:
            value, name = line.split("  ", 1)
            recorded[name.strip()] = value.strip()
    problems = []
    for source in items:
        name = f"{source.id}.txt"
        try:
            actual = digest(root, source.id)
        except OSError:
            continue
        if recorded.get(name) != actual:
            problems.append(problem(f"sources/{name}", 1, "E506.checksum", source=source.id))
    return problems
