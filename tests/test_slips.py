"""The source page lists conversion artefacts and the author's own slips under separate headings."""
from __future__ import annotations

from support import make_project
from test_golden import rendered

ARTEFACTS = """artefacts:
  - paragraph: 2
    text: 债务
    meant: 債務
    note: {zh-Hans: 转换错误, zh-Hant: 轉換錯誤, en: a conversion artefact}
  - paragraph: 3
    text: 高达
    meant: 高達
    kind: slip
    note: {zh-Hans: 作者笔误, zh-Hant: 作者筆誤, en: a slip by the author}
"""


def test_slips_have_their_own_heading(tmp_path):
    root = make_project(tmp_path)
    essay = root / "arguments/mini/essay.yaml"
    essay.write_text(essay.read_text(encoding="utf-8").rstrip("\n") + "\n" + ARTEFACTS, encoding="utf-8")
    renderer, _ = rendered(root)
    page = renderer.source("mini", "en").content
    conversion, slips = page.index("Conversion artefacts in this text"), page.index("Typos and slips in this text")
    assert conversion < page.index("a conversion artefact") < slips < page.index("a slip by the author")
    assert "本文中的笔误与疏漏" in renderer.source("mini", "zh-Hans").content
    assert "本文中的筆誤與疏漏" in renderer.source("mini", "zh-Hant").content


def test_no_slips_no_heading(mini):
    renderer, _ = rendered(mini)
    assert "Typos and slips" not in renderer.source("mini", "en").content
