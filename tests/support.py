"""Paths and helpers shared by the tests (imported as `support`; conftest.py holds the pytest fixtures)."""
from __future__ import annotations

import shutil
import sys
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
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root
