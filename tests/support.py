"""Paths and helpers shared by the tests (imported as `support`; conftest.py holds the pytest fixtures)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"


def make_project(tmp_path: Path, overlay: Path | None = None) -> Path:
    """A copy of tests/fixtures/base with an overlay applied (a `<name>.delete` file deletes <name>)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", root)
    if overlay is not None:
        for path in sorted(overlay.rglob("*")):
            if path.is_dir():
                continue
            relative = path.relative_to(overlay)
            target = root / relative
            if path.name.endswith(".delete"):
                target.with_name(path.name[: -len(".delete")]).unlink()
                continue
            if path.name.endswith((".symlink", ".fifo")):  # files git cannot hold: made here
                name, kind = path.name.rsplit(".", 1)
                made = target.with_name(name)
                made.parent.mkdir(parents=True, exist_ok=True)
                made.unlink(missing_ok=True)
                if kind == "symlink":  # the overlay file holds the link's target
                    made.symlink_to(path.read_text(encoding="utf-8").strip())
                else:
                    os.mkfifo(made)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


def undrawn(project, graph=None):
    """The diagrams of a project, declared and not drawn (render/figures.undrawn): for page tests without Graphviz."""
    from argmap.link import graph as graph_stage
    from argmap.render.figures import undrawn as declared
    from argmap.render.pages import load_strings
    return declared(project, graph if graph is not None else graph_stage.build(project), load_strings())
