"""Write stage: the generator owns exactly the pages it wrote (docs/.argmap-manifest), never a hand-written file:
a page where a contributor has a file of their own is refused (E810), a page the project no longer makes is
removed only when the manifest says the generator wrote it."""
from __future__ import annotations

from pathlib import Path

from argmap import paths
from argmap.export.formats import DOWNLOADS

GENERATED_DIRS = ("nodes", "essays", "map")


GENERATED_FILES = ("index", "glossary", "factchecks")


def generated_files(docs: Path) -> set:
    """The generator's pages found in docs/ when it has no manifest yet: exact generated names only
    (docs/index-draft.md or docs/glossary-notes.md are hand-written and stay)."""
    found = set()
    for name in GENERATED_DIRS:
        folder = docs / name
        if folder.is_dir() and not folder.is_symlink():
            found |= {p.relative_to(docs).as_posix() for p in paths.walk(folder) if p.suffix == ".md"}
    found |= {p.name for p in docs.glob("*.md")
              if paths.is_generated(f"docs/{p.name}") and p.is_file() and not p.is_symlink()}
    return found


def read_manifest(docs: Path) -> set | None:
    """The pages the generator wrote last time (docs/.argmap-manifest), None when there is no manifest."""
    raw, problem = paths.read_bytes(docs.parent / paths.MANIFEST, docs.parent, paths.MANIFEST)
    if raw is None:
        return None
    return {line for line in raw.decode("utf-8", "replace").splitlines() if line and not line.startswith("#")}


def foreign_outputs(root: Path) -> list:
    """E810 for each file where the generator writes that it did not write (known from its manifest): the
    next build would replace or delete a contributor's file. Nothing without a manifest (no build yet)."""
    from argmap.problems import problem
    docs = Path(root) / "docs"
    manifest = read_manifest(docs)
    if manifest is None:
        return []
    problems = []
    for path in sorted(paths.walk(docs)):
        relative = path.relative_to(root).as_posix()
        inside = relative[len("docs/"):]
        if (paths.is_generated(relative) and relative != paths.MANIFEST and not inside.startswith(DOWNLOADS + "/")
                and inside not in manifest):
            problems.append(problem(relative, 1, "E810"))
    return problems


def is_generated(name: str) -> bool:
    """Whether a top-level entry of docs/ (a folder or file name) is the generator's output."""
    return paths.is_generated(f"docs/{name}")


def differs(path: Path, text: str) -> bool:
    """Whether a file exists at ``path`` with other content than ``text`` (a symlink or FIFO always differs)."""
    if not path.exists() and not path.is_symlink():
        return False
    raw, problem = paths.read_bytes(path, None, str(path))
    return raw is None or raw != text.encode("utf-8")
