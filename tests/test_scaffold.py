"""`make new` scaffolds a node that `make check` flags until filled; then sync, check and the site take it."""
from __future__ import annotations

import subprocess

import pytest

from argmap.__main__ import main
from sitebuild import build, site_project
from support import ROOT


def new(root, *extra):
    return main(["--root", str(root), "new", "--no-input", "--essay", "mini", "--section", "main",
                 "--type", "premise", "--id", "mini-savings", *extra])


@pytest.mark.slow
def test_new_node_is_flagged_until_filled_then_synced_checked_and_built(tmp_path, capsys):
    from support import make_project
    root = site_project(make_project(tmp_path))
    assert new(root, "--supports", "mini-thesis") == 0
    path = root / "arguments/mini/mini-savings.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/node.schema.json\n")
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "arguments/mini/mini-savings.yaml:8: E408" in err and "Traceback" not in err

    filled = (text.replace("zh-Hans: TODO  # a few words for the diagram box, in the essay's script (zh-Hant: make sync adds it)",
                      "zh-Hans: 储蓄不足")
              .replace("zh-Hans: TODO  # the full claim, in the essay's script (zh-Hant: make sync adds it)",
                       "zh-Hans: 美国的储蓄率很低。")
              .replace("en: TODO  # a few words for the diagram box, in English", "en: Too little saving")
              .replace("en: TODO  # the full claim, in English", "en: The US saves too little.")
              .replace("paragraph: 1", "paragraph: 2")
              .replace("quote: TODO  # the essay's words, character for character", "quote: 美元霸权正在衰落"))
    path.write_text(filled, encoding="utf-8")
    assert main(["--root", str(root), "sync", str(path)]) == 0
    assert "  zh-Hans: 储蓄不足\n  zh-Hant: 儲蓄不足\n  en: Too little saving\n" in path.read_text(encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 0
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr[-2000:]
    for prefix, text in (("", "Too little saving"), ("zh-Hans/", "储蓄不足"), ("zh-Hant/", "儲蓄不足")):
        assert text in (site / prefix / "nodes/mini-savings/index.html").read_text(encoding="utf-8")


def test_new_refuses_bad_requests_and_never_overwrites(mini, capsys):
    assert new(mini, "--supports", "mini-nowhere") == 2
    assert "no node 'mini-nowhere'" in capsys.readouterr().err
    assert new(mini) == 2                                   # relates to nothing
    before = (mini / "arguments/mini/mini-debt.yaml").read_bytes()
    assert main(["--root", str(mini), "new", "--no-input", "--essay", "mini", "--section", "main", "--type",
                 "premise", "--id", "mini-debt", "--supports", "mini-thesis"]) == 2   # id taken
    assert (mini / "arguments/mini/mini-debt.yaml").read_bytes() == before         # and the file untouched
    assert new(mini, "--supports", "mini-thesis", "--id", "Bad Id") == 2


def test_make_new_from_arguments(mini):
    result = subprocess.run(["make", "-s", "new", "ESSAY=mini", "SECTION=main", "TYPE=evidence", "ID=mini-extra",
                             "SUPPORTS=mini-debt", f"ARGMAP={ROOT}/.venv/bin/python -m argmap --root {mini}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (mini / "arguments/mini/mini-extra.yaml").exists()


def test_a_wrong_answer_given_on_the_command_line_is_told_in_the_contributors_language(tmp_path, capsys):
    from argmap.__main__ import main
    from support import make_project
    root = make_project(tmp_path)
    assert main(["--root", str(root), "--lang", "zh-Hant", "new", "--no-input", "--essay", "mini", "--section",
                 "mian", "--type", "premise", "--id", "mini-new", "--supports", "mini-thesis"]) == 2
    assert capsys.readouterr().err.splitlines() == ["new: mini 沒有章節「mian」：你是不是想寫「main」？（main）"]
    assert main(["--root", str(root), "--lang", "zh-Hans", "new", "--no-input", "--essay", "mini", "--section",
                 "main", "--type", "premise", "--id", "mini-debt", "--supports", "mini-thesis"]) == 2
    assert capsys.readouterr().err.splitlines() == ["new: id“mini-debt”已被使用：请另选一个"]
