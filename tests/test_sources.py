"""The committed source texts are what their recipes make of the seeds (../shared/seeds)."""
from __future__ import annotations

import pytest

from argmap import pipeline
from argmap.load import loader, sources
from support import ROOT, SEEDS


@pytest.fixture(scope="module")
def project():
    return loader.load_project(ROOT)[0]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds (../shared/seeds) are not beside the checkout")
def test_sources_match_their_recipes(project):
    assert [p.format() for p in sources.compare(ROOT, SEEDS, project.sources.values())] == []


def test_paragraphs_are_one_per_line_and_verbatim(project):
    hegemony = project.sources["hegemony"]
    assert hegemony.paragraphs[0] == "霸权没落、秩序重置与中美博弈策略对比"
    assert hegemony.paragraphs[-1] == "https://t.me/unbrainwashyourself"
    ai = project.sources["ai-dollar"]
    assert ai.paragraphs[4] == "美元的起源——從石油美元到算力時代的新霸權想像"
    assert not any("圖源" in p for p in ai.paragraphs), "image captions are removed"
    assert "這一處理程序" in ai.paragraphs[34], "conversion artefacts stay verbatim"


def test_recipe_errors_are_reported_not_raised():
    paragraphs, errors = sources.apply_recipe("甲乙丙\n丁", {"lines": [1, 2], "drop": ["戊"], "breaks": ["乙", "己"]})
    assert paragraphs == ["甲", "乙丙", "丁"]
    assert len(errors) == 2


def test_hand_edits_of_source_texts_are_caught_without_the_seeds(mini):
    text = mini / "sources/mini.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("1.2万亿", "1.3万亿"), encoding="utf-8")
    _, problems, _ = pipeline.check(mini)
    assert ("sources/mini.txt", 1, "E506") in [(p.path, p.line, p.code) for p in problems]
