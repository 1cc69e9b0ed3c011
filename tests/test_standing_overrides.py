"""The standing overrides (arguments/zh-standing-overrides.tsv) switch off OpenCC phrase rules that misfire in
essay prose — 指標 → 指针, 執行 → 运行, 區域性 → 局部, 優化 → 最佳化 … — for every text, in both directions,
whether or not a text uses the word today, and are never reported as unused. Changing an override table and
running make sync updates the texts made with the old tables: they are not hand edits."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from argmap.__main__ import main
from argmap.convert.conversion import Converter
from argmap.load import loader
from support import ROOT
from test_sync_edits import GIT, project

PROSE = Path(__file__).parent / "fixtures" / "conversion" / "prose.tsv"
PAIRS = [tuple(line.split("\t")) for line in PROSE.read_text(encoding="utf-8").splitlines()
         if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def converter():
    project, problems = loader.load_project(ROOT)
    assert not [p for p in problems if "zh-" in p.path]
    return Converter.of(project)


@pytest.mark.parametrize("hans,hant", PAIRS, ids=[p[0] for p in PAIRS])
def test_prose_converts_both_ways(converter, hans, hant):
    assert converter.convert(hant, "zh-Hans") == hans
    assert converter.convert(hans, "zh-Hant") == hant


def test_every_standing_override_has_a_prose_example():
    standing, problems = loader.load_overrides(ROOT, loader.STANDING)
    assert standing and not problems
    prose = "\n".join(hans for hans, _ in PAIRS)
    missing = [hans for hans, _, _ in standing if hans not in prose and hans != "首席执行官"]
    assert not missing, f"add a sentence using each of these to {PROSE.name}: {missing}"


def test_a_standing_override_is_never_reported_unused(tmp_path, capsys):
    root = project(tmp_path, git=False)
    with (root / loader.STANDING).open("a", encoding="utf-8") as out:
        out.write("从未用过的词\t從未用過的詞\tno text uses it\n")
    with (root / loader.OVERRIDES).open("a", encoding="utf-8") as out:
        out.write("从未用过的词\t從未用過的詞\tno text uses it\n")
    assert main(["--root", str(root), "check"]) == 0
    err = capsys.readouterr().err
    lines = len((root / loader.OVERRIDES).read_text(encoding="utf-8").splitlines())
    assert [line for line in err.splitlines() if "W701" in line] == [
        f"arguments/zh-overrides.tsv:{lines}: W701 override 从未用过的词 → 從未用過的詞 is not used by any text"
        " — delete the line if no text needs it any more"]


def _commit(root):
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(GIT + ["commit", "-q", "-m", "edit"], cwd=root, check=True)


@pytest.mark.parametrize("essay,path,script,other,word,old,new", [
    ("ai-dollar", "arguments/ai-dollar/ad-ed-key-variables.yaml", "zh-Hant", "zh-Hans", "变数\t變數", "关键变量", "关键变数"),
    ("hegemony", "arguments/hegemony/hg-d5-3-thesis.yaml", "zh-Hans", "zh-Hant", "优化\t優化", "系統級最佳化", "系統級優化"),
])
def test_sync_carries_a_new_override_to_the_texts_made_without_it(tmp_path, capsys, essay, path, script, other,
                                                                 word, old, new):
    root = project(tmp_path)
    table = root / loader.STANDING
    kept = [line for line in table.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith(word + "\t")]
    table.write_text("".join(kept), encoding="utf-8")
    assert main(["--root", str(root), "sync", "--force", str(root / path)]) == 0  # the texts as OpenCC alone makes them
    assert old in (root / path).read_text(encoding="utf-8")
    _commit(root)
    capsys.readouterr()
    table.write_text("".join(kept) + f"{word}\treviewed\n", encoding="utf-8")   # a contributor records the pair
    assert main(["--root", str(root), "sync", str(root / path)]) == 0
    err = capsys.readouterr().err
    text = (root / path).read_text(encoding="utf-8")
    assert new in text and old not in text, err
    assert "changed by hand" not in err
    assert main(["--root", str(root), "check", str(root / path)]) == 0


def test_a_hand_edit_is_still_kept_when_the_tables_changed(tmp_path, capsys):
    root = project(tmp_path)
    path = root / "arguments/hegemony/hg-d5-3-thesis.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    converted = data["statement"]["zh-Hant"]
    edit = converted.replace("核心戰略武器", "關鍵戰略武器")
    path.write_text(path.read_text(encoding="utf-8").replace(converted, edit), encoding="utf-8")
    with (root / loader.STANDING).open("a", encoding="utf-8") as out:
        out.write("战略武器\t戰略武器\treviewed\n")
    before = path.read_bytes()
    assert main(["--root", str(root), "sync", str(path)]) == 1
    assert path.read_bytes() == before
    assert "statement.zh-Hant was changed by hand" in capsys.readouterr().err
