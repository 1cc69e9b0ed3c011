"""Shared pytest fixtures. Golden files are regenerated with `pytest --update-goldens`."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import make_project  # noqa: E402

# Markers (pyproject.toml): `make test-fast` runs `-m "not slow and not serve and not browser"`.
# Tests are marked by where they live and by the fixtures they use, so a new test is marked without effort;
# a test that builds a site by itself says so with @pytest.mark.slow.
SLOW_FIXTURES = {"mini_site", "real_site", "site_dir", "served", "base_url", "browser", "page"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = item.path.parts
        if "browser" in parts[-2:-1]:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
        if item.path.name == "test_serve.py":
            item.add_marker(pytest.mark.serve)
            item.add_marker(pytest.mark.slow)
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/ from current output")


@pytest.fixture
def update_goldens(request):
    return request.config.getoption("--update-goldens")


@pytest.fixture
def mini(tmp_path):
    return make_project(tmp_path)


@pytest.fixture(autouse=True)
def case_limits(request, monkeypatch):
    """A fixture case's limits.yaml lowers limits of src/argmap/validate/limits.py for every test of that
    case, so that a small project shows what a project over a limit is told (E808.nodes, .folder, .bytes)."""
    callspec = getattr(request.node, "callspec", None)
    case = callspec.params.get("case") if callspec is not None else None
    if isinstance(case, Path) and (case / "limits.yaml").is_file():
        import yaml

        from argmap.validate import limits
        for name, value in yaml.safe_load((case / "limits.yaml").read_text(encoding="utf-8")).items():
            assert hasattr(limits, name), f"{case.name}/limits.yaml: no limit {name}"
            monkeypatch.setattr(limits, name, value)


CASE_SECONDS = 60  # a fixture case (the validation and hostile corpus) that takes longer hangs


class CaseTimeout(Exception):
    pass


@pytest.fixture(autouse=True)
def case_time_limit(request):
    """Every test of a fixture case (tests/fixtures/cases/<case>) runs under an alarm: a hostile file that
    made check or the build hang fails its test after CASE_SECONDS instead of stopping the suite."""
    import signal
    import threading
    callspec = getattr(request.node, "callspec", None)
    case = callspec.params.get("case") if callspec is not None else None
    if not isinstance(case, Path) or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise CaseTimeout(f"{case.name}: no answer within {CASE_SECONDS} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(CASE_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
