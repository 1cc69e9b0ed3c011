"""No command loses text: `make sync` replaces a converted text only when it is what sync made of an earlier
original; a hand edit of the converted side is kept and shown, in both directions and both essays."""
from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from argmap.__main__ import main
from support import ROOT

GIT = ["git", "-c", "user.email=test@example.org", "-c", "user.name=test", "-c", "commit.gpgsign=false"]

# essay -> (a node file, the essay's original script, the converted script)
CASES = {
    "ai-dollar": ("arguments/ai-dollar/ad-intro-thesis.yaml", "zh-Hant", "zh-Hans"),
    "hegemony": ("arguments/hegemony/hg-main-thesis.yaml", "zh-Hans", "zh-Hant"),
}


def project(tmp_path, git=True):
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("arguments", "sources"):
        shutil.copytree(ROOT / name, root / name)
    if git:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        subprocess.run(GIT + ["commit", "-q", "-m", "start"], cwd=root, check=True)
    return root


def case(name, root):
    path, script, other = CASES[name][:3]
    data = yaml.safe_load((root / path).read_text(encoding="utf-8"))
    return root / path, script, other, data["label"][script], data["label"][other]


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def label(path, lang):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["label"][lang]


@pytest.mark.parametrize("essay", ["ai-dollar", "hegemony"])
def test_a_hand_edit_of_the_converted_script_is_kept_and_shown(tmp_path, capsys, essay):
    root = project(tmp_path)
    path, script, other, original, converted = case(essay, root)
    edit = converted[:-2] + ("发生" if other == "zh-Hans" else "發生")  # a reader's own wording
    replace(path, f"  {other}: {converted}\n", f"  {other}: {edit}\n")
    before = path.read_bytes()
    assert main(["--root", str(root), "sync", str(path)]) == 1
    err = capsys.readouterr().err
    assert path.read_bytes() == before, "sync must not overwrite a hand edit"
    relative = path.relative_to(root).as_posix()
    assert f"{relative}:" in err and f"label.{other} was changed by hand" in err
    assert original in err and edit in err and converted in err        # both versions, and what sync would write
    assert f"make sync FILES={relative}" in err and "arguments/zh-overrides.tsv" in err
    assert f"the essay {essay} is written in {script}" in err
    # make check still reports it, naming the original script and the command
    assert main(["--root", str(root), "check", str(path)]) == 1
    check = capsys.readouterr().err
    assert f"E402 label.{other} is not what OpenCC makes of label.{script} (the essay {essay} is written in " \
           f"{script})" in check
    assert f"run make sync FILES={relative}" in check
    # --force overwrites, but prints what it overwrote
    assert main(["--root", str(root), "sync", "--force", str(path)]) == 0
    err = capsys.readouterr().err
    assert label(path, other) == converted
    assert f"overwrote the hand edit of label.{other} (--force); it was: {edit}" in err


def test_the_conflict_message_in_full(tmp_path, capsys):
    root = project(tmp_path)
    path, *_ = case("ai-dollar", root)
    replace(path, "  zh-Hans: 大胆预测：AI美元或成下一个长期锚定资产\n", "  zh-Hans: 大胆预测：AI美元或将成为下一个长期锚定资产\n")
    assert main(["--root", str(root), "--lang", "en", "sync", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "arguments/ai-dollar/ad-intro-thesis.yaml:8: label.zh-Hans was changed by hand, so sync left it as it is "
        "(the essay ai-dollar is written in zh-Hant; sync only makes zh-Hans from zh-Hant)",
        "    zh-Hant (the original):      大膽預測：AI美元或成下一個長期錨定資產",
        "    zh-Hans (your edit):          大胆预测：AI美元或将成为下一个长期锚定资产",
        "    zh-Hans made from zh-Hant:    大胆预测：AI美元或成下一个长期锚定资产",
        "    your edit in zh-Hant:         大膽預測：AI美元或將成為下一個長期錨定資產",
        "  to keep your edit, make it in the original: set label.zh-Hant to the line 'your edit in zh-Hant' above "
        "(correct it if needed), then run make sync FILES=arguments/ai-dollar/ad-intro-thesis.yaml",
        "  if OpenCC converts a phrase wrongly, record the reviewed pair in arguments/zh-overrides.tsv "
        "(zh-Hans<TAB>zh-Hant<TAB>reason) and run make sync FILES=arguments/ai-dollar/ad-intro-thesis.yaml",
        "  to drop your edit and take the conversion: make sync FORCE=1 FILES=arguments/ai-dollar/ad-intro-thesis.yaml",
        "sync: 0 text(s) filled, 0 converted source text(s) written",
        "sync: 1 text(s) changed by hand were left as they are; see above for how to keep or drop each",
    ]
    assert main(["--root", str(root), "--lang", "zh-Hant", "sync", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "arguments/ai-dollar/ad-intro-thesis.yaml:8：label.zh-Hans 被手動改過，sync 沒有改動它（文章 ai-dollar 的原文是 "
        "zh-Hant；sync 只從 zh-Hant 產生 zh-Hans）",
        "    zh-Hant（原文）：          大膽預測：AI美元或成下一個長期錨定資產",
        "    zh-Hans（你的修改）：      大胆预测：AI美元或将成为下一个长期锚定资产",
        "    由 zh-Hant 產生的 zh-Hans：  大胆预测：AI美元或成下一个长期锚定资产",
        "    你的修改轉成 zh-Hant：     大膽預測：AI美元或將成為下一個長期錨定資產",
        "  要保留你的修改，請改原文：把 label.zh-Hant 設為上面「你的修改轉成 zh-Hant」那一行（必要時再修正），然後執行 "
        "make sync FILES=arguments/ai-dollar/ad-intro-thesis.yaml",
        "  如果是 OpenCC 把某個詞轉錯了，請在 arguments/zh-overrides.tsv 中記錄審定過的對照（zh-Hans<TAB>zh-Hant<TAB>理由），"
        "然後執行 make sync FILES=arguments/ai-dollar/ad-intro-thesis.yaml",
        "  要放棄你的修改、採用轉換結果：make sync FORCE=1 FILES=arguments/ai-dollar/ad-intro-thesis.yaml",
        "sync：共填入 0 段文字，寫入 0 份轉換後的來源文字",
        "sync：有 1 段手動改過的文字保持原樣；如何保留或放棄，見上文",
    ]


@pytest.mark.parametrize("essay", ["ai-dollar", "hegemony"])
def test_an_edit_of_the_original_is_carried_to_the_other_script(tmp_path, capsys, essay):
    root = project(tmp_path)
    path, script, other, original, converted = case(essay, root)
    edit = original + ("了" if script == "zh-Hans" else "了")
    replace(path, f"  {script}: {original}\n", f"  {script}: {edit}\n")
    assert main(["--root", str(root), "sync", str(path)]) == 0
    from argmap.convert.conversion import Converter
    from argmap.load import loader
    project_, _ = loader.load_project(root)
    assert label(path, other) == Converter(project_.overrides).convert(edit, other)
    assert label(path, script) == edit
    # a second edit before any commit: sync knows it wrote the text it replaces now
    replace(path, f"  {script}: {edit}\n", f"  {script}: {edit}吧\n")
    assert main(["--root", str(root), "sync", str(path)]) == 0
    assert label(path, other) == Converter(project_.overrides).convert(edit + "吧", other)
    capsys.readouterr()
    assert main(["--root", str(root), "check", str(path)]) == 0


def test_without_git_sync_is_safe_and_learns_what_it_wrote(tmp_path, capsys):
    """A copy without git (a downloaded archive): an unknown difference is kept, never overwritten; once sync
    has seen the texts agree (sync-state.json in the project's cache), an edit of the original is carried over."""
    root = project(tmp_path, git=False)
    path, script, other, original, converted = case("ai-dollar", root)
    replace(path, f"  {script}: {original}\n", f"  {script}: {original}了\n")
    before = path.read_bytes()
    assert main(["--root", str(root), "sync", str(path)]) == 1          # cannot tell: keeps the text and says so
    assert path.read_bytes() == before
    replace(path, f"  {script}: {original}了\n", f"  {script}: {original}\n")
    assert main(["--root", str(root), "sync", str(path)]) == 0          # agree: sync records the converted texts
    replace(path, f"  {script}: {original}\n", f"  {script}: {original}了\n")
    assert main(["--root", str(root), "sync", str(path)]) == 0
    assert label(path, other) == converted + "了"
    from argmap.paths import cache_dir
    assert (cache_dir(root, "sync") / "sync-state.json").exists() and not (root / ".cache").exists()


def test_sync_says_why_when_it_fills_nothing(tmp_path, capsys):
    """The issue's case: `make sync` said "0 text(s) filled" and nothing else."""
    root = project(tmp_path)
    path, script, other, original, converted = case("ai-dollar", root)
    replace(path, f"  {other}: {converted}\n", f"  {other}: {converted}了\n")
    assert main(["--root", str(root), "sync", str(path)]) == 1
    err = capsys.readouterr().err
    assert "sync: 0 text(s) filled" in err and "changed by hand were left as they are" in err


@pytest.mark.parametrize("essay", ["ai-dollar", "hegemony"])
def test_make_fmt_between_two_syncs_is_not_a_hand_edit(tmp_path, capsys, essay):
    """Edit the original with ASCII punctuation, sync, fmt (which sets both scripts' punctuation), edit the
    original again, sync: the converted text fmt rewrote is sync's own, not a hand edit."""
    root = project(tmp_path)
    path, script, other, original, converted = case(essay, root)
    first = original + ("，以及" if script == "zh-Hans" else "，以及") + "AI"
    typed = first.replace("，", ",")
    replace(path, f"  {script}: {original}\n", f"  {script}: {typed}\n")
    assert main(["--root", str(root), "sync", str(path)]) == 0
    assert main(["--root", str(root), "fmt", str(path)]) == 0
    assert label(path, script) == first  # fmt made it full width in both scripts
    replace(path, f"  {script}: {first}\n", f"  {script}: {first}等\n")
    capsys.readouterr()
    assert main(["--root", str(root), "sync", str(path)]) == 0, capsys.readouterr().err
    from argmap.convert.conversion import Converter
    from argmap.load import loader
    project_, _ = loader.load_project(root)
    assert label(path, other) == Converter.of(project_).convert(first + "等", other)


def test_sync_says_so_when_only_the_converted_script_was_written(tmp_path, capsys):
    """A Simplified-Chinese writer fills only zh-Hans in the ai-dollar essay (written in zh-Hant): sync
    cannot make anything from it and says what to write, in the contributor's language."""
    root = project(tmp_path)
    path, script, other, original, converted = case("ai-dollar", root)
    replace(path, f"  {script}: {original}\n", "")
    assert main(["--root", str(root), "--lang", "zh-Hans", "sync", str(path)]) == 1
    relative = path.relative_to(root).as_posix()
    err = capsys.readouterr().err.splitlines()
    assert (f"{relative}:8：缺少 label.zh-Hant，sync 无法据此生成 label.zh-Hans（文章 ai-dollar 的原文是 zh-Hant；"
            f"sync 只会从 zh-Hant 生成 zh-Hans）。请写出 label.zh-Hant，然后运行 make sync FILES={relative}") in err


@pytest.mark.parametrize("essay", ["ai-dollar", "hegemony"])
def test_a_new_node_sync_filled_follows_its_original_before_any_commit(tmp_path, capsys, essay):
    """A new node (in no commit yet): sync fills the converted script, the contributor edits the original,
    sync again replaces what it wrote itself, instead of calling it a hand edit."""
    root = project(tmp_path)
    path, script, other, original, converted = case(essay, root)
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    new = path.with_name(f"{data['id']}-new.yaml")
    text = text.replace(f"id: {data['id']}\n", f"id: {data['id']}-new\n").replace(f"  {other}: {converted}\n", "")
    new.write_text(text, encoding="utf-8")
    assert main(["--root", str(root), "sync", str(new)]) == 0
    assert label(new, other) == converted
    replace(new, f"  {script}: {original}\n", f"  {script}: {original}等\n")
    capsys.readouterr()
    assert main(["--root", str(root), "sync", str(new)]) == 0, capsys.readouterr().err
    assert label(new, other).endswith("等")


def test_sync_and_fmt_refuse_a_path_that_does_not_exist(tmp_path, capsys):
    root = project(tmp_path, git=False)
    for command in ("sync", "fmt"):
        assert main(["--root", str(root), command, str(root / "arguments/ai-dollar/ad-typo.yaml")]) == 1
        assert capsys.readouterr().err.splitlines() == [
            "arguments/ai-dollar/ad-typo.yaml:1: E109 there is no such file or folder — check the path "
            "(e.g. arguments/ai-dollar/ad-main-thesis.yaml), or run make check for everything"]
