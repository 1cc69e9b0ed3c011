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


# What a copy of the real project needs to build (the package itself is installed in the venv).
PROJECT = ("arguments", "sources", "schema", "mkdocs.yml", "hooks", "overrides", "docs")
GENERATED_IN_DOCS = ("nodes", "essays", "map", "downloads", "index*.md", "glossary*.md", "facts*", "outline*")


def real_project_copy(target: Path) -> Path:
    """A copy of the real project's data and site machinery in `target`, without generated pages."""
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", *GENERATED_IN_DOCS)
                            if name == "docs" else shutil.ignore_patterns("__pycache__"))
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    return target


def shared_real_site(tmp_path_factory) -> Path:
    """The real site, built once per test session into a temporary copy of the project.

    Under pytest-xdist every worker asks for it: the first builds it while holding a lock in the temporary
    folder the workers share, the others wait and reuse it. Nothing is written into the checkout."""
    import fcntl
    import json

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    given = os.environ.get("ARGMAP_BROWSER_SITE")
    if given:
        return Path(given)
    folder = base / "real-site"
    done = folder / "built.json"
    with open(base / "real-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            project = real_project_copy(folder / "project")
            site = folder / "site"
            result = build(project, site)
            if result.returncode != 0:
                raise AssertionError(f"the real site does not build:\n{result.stderr[-5000:]}")
            done.write_text(json.dumps({"site": str(site)}), encoding="utf-8")
    return folder / "site"
