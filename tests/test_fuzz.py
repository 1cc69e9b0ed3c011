"""Fuzzing the argument files: Hypothesis mutates the valid files of tests/fixtures/base (node files, the
essay file, the glossary and the source metadata) and asserts that
check and generate never raise, never hang (an alarm per example) and never write outside docs/ and
site/ of the project. Fixed seed (derandomize) and a bounded number of examples: the same run each time.
"""
from __future__ import annotations

import io
import os
import shutil
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import pipeline
from support import FIXTURES

BASE = FIXTURES / "base"
FILES = sorted(p.relative_to(BASE).as_posix() for p in [*(BASE / "arguments/mini").glob("*.yaml"),
                                                         BASE / "arguments/glossary.yaml", BASE / "sources/mini.yaml"])
SECONDS = 30  # per example: check, and generate when check is clean
# Characters that mean something to YAML, Markdown, HTML, DOT, the terminal or Unicode.
ALPHABET = list("[]{}:,&*!|>-#'\"%@`\\ \n\t<>=;/") + ["\x1b", "\x00", "\r", "\u2028", "\u202e", "\ufeff",
                                                     "\uffff", "\U000f0000", "é", "发", "發", "。", "９"]
PAYLOADS = ["9" * 4400, ".nan", "-.inf", "[" * 3000 + "]" * 3000, "*alias", "&anchor x", "!!python/object:os.system",
            "<script>alert(1)</script>", "main\\n", "../../../etc/passwd", "x" * 20000, "? complex\n: key",
            "{a: " * 26 + "1" + "}" * 26]


@st.composite
def mutated(draw):
    """(file, new text) for one argument or source metadata file of the base fixture."""
    name = draw(st.sampled_from(FILES))
    text = (BASE / name).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "payload", "line", "value"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(st.text(alphabet=ALPHABET, min_size=1, max_size=8)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == "payload":
            text = text[:at] + draw(st.sampled_from(PAYLOADS)) + text[at:]
        elif kind == "line":
            lines = text.split("\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(draw(st.integers(0, len(lines))), lines[index])
            text = "\n".join(lines)
        else:  # replace the value of one key by a payload
            lines = text.split("\n")
            index = draw(st.integers(0, len(lines) - 1))
            if ":" in lines[index]:
                key = lines[index].split(":", 1)[0]
                lines[index] = f"{key}: {draw(st.sampled_from(PAYLOADS))}"
            text = "\n".join(lines)
    return name, text


def _tree(root: Path) -> dict:
    """Every file outside docs/ and site/, with its bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in ("docs", "site") or not path.is_file() or path.is_symlink():
            continue
        out[relative.as_posix()] = path.read_bytes()
    return out


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"no answer within {SECONDS} s")


@pytest.mark.slow
@settings(derandomize=True, max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(change=mutated())
def test_mutated_node_files_never_break_check_or_generate(tmp_path_factory, change):
    name, text = change
    base = tmp_path_factory.mktemp("fuzz")
    root = base / "project"
    shutil.copytree(FIXTURES / "base", root)
    (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    before = _tree(root)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS)
    try:
        _, problems, _ = pipeline.check(root)
        for problem in problems:  # every problem is one printable line with a location
            line = problem.format()
            assert "\n" not in line and "\x1b" not in line
            assert line.startswith(f"{problem.path}:{problem.line}: {problem.code} ")
        if not any(p.is_error for p in problems):
            outcome = pipeline.generate(root, log=io.StringIO(), cache=base / "cache")
            assert outcome.ok
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert _tree(root) == before, "nothing outside docs/ and site/ is written"
    if (root / "docs").exists():
        for path in (root / "docs").rglob("*"):
            assert path.resolve().is_relative_to(root / "docs")
    shutil.rmtree(base, ignore_errors=True)
    assert os.path.exists(FIXTURES / "base")
