"""Helpers for tests that build or serve the real MkDocs site."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT

INFRA = ("mkdocs.yml", "hooks", "overrides", "schema", "docs/assets")


def env() -> dict:
    result = dict(os.environ)
    result["NO_MKDOCS_2_WARNING"] = "1"
    result.pop("SOURCE_DATE_EPOCH", None)
    return result


def mkdocs() -> str:
    return str(Path(sys.executable).with_name("mkdocs"))


def site_project(project: Path) -> Path:
    """Put the site machinery (config, hooks, theme overrides, code) beside a fixture project's data."""
    for name in INFRA:
        source = ROOT / name
        target = project / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for path in (ROOT / "docs").glob("about*.md"):
        shutil.copyfile(path, project / "docs" / path.name)
    cache = ROOT / ".cache" / "jieba"
    if cache.is_dir():  # the dictionaries take a few seconds to build; share them
        shutil.copytree(cache, project / ".cache" / "jieba")
    return project


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([mkdocs(), "build", "--strict", "--site-dir", str(site)], cwd=project, env=env(),
                          capture_output=True, text=True, timeout=1800)
