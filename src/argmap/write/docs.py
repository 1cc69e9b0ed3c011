"""Write stage: the generator owns exactly the pages and downloads it wrote (docs/.argmap-manifest), never a
hand-written file: a page where a contributor has a file of their own is refused (E810), a file the project no
longer makes is removed only when the manifest says the generator wrote it. Without a manifest (a first build)
it owns nothing yet."""
from __future__ import annotations

from pathlib import Path

from argmap import paths
from argmap.export.formats import DOWNLOADS


def read_manifest(docs: Path) -> set | None:
    """The pages and downloads the generator wrote last time (docs/.argmap-manifest), None when there is no
    manifest. A manifest written before it listed the downloads (December 2026) owns the downloads there are."""
    raw, problem = paths.read_bytes(docs.parent / paths.MANIFEST, docs.parent, paths.MANIFEST)
    if raw is None:
        return None
    owned = {line for line in raw.decode("utf-8", "replace").splitlines() if line and not line.startswith("#")}
    if not any(line.startswith(DOWNLOADS + "/") for line in owned) and (docs / DOWNLOADS).is_dir():
        owned |= {p.relative_to(docs).as_posix() for p in paths.walk(docs / DOWNLOADS)}
    return owned


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
        if paths.is_generated(relative) and relative != paths.MANIFEST and inside not in manifest:
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
