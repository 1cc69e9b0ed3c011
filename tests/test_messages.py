"""Messages in the contributor's language: three catalogs with the same keys and fields, chosen as gettext
chooses, every piece of data made safe for a terminal and a CI log."""
from __future__ import annotations

import os
import re
import string
import subprocess

import pytest

from argmap import messages
from argmap.__main__ import main
from argmap.convert.typography import is_normal
from argmap.problems import CODES, Problem, problem
from support import FIXTURES, ROOT, make_project

SOURCE = ROOT / "src" / "argmap"


def fields(template: str) -> set:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def templates(item) -> dict:
    return {"": item} if isinstance(item, str) else {k: v for k, v in item.items() if k in ("message", "fix")}


def test_the_three_catalogs_have_the_same_keys_and_fields():
    english = messages.catalog("en")
    for lang in ("zh-Hans", "zh-Hant"):
        other = messages.catalog(lang)
        assert sorted(other) == sorted(english), lang
        for key, item in english.items():
            for part, template in templates(item).items():
                assert fields(templates(other[key])[part]) == fields(template), (lang, key, part)
            if isinstance(item, dict) and "summary" in item:
                assert other[key].get("summary"), (lang, key)


def test_every_code_has_a_summary_in_three_languages():
    for lang in messages.LANGUAGES:
        missing = [code for code in CODES if not (messages.catalog(lang).get(code) or {}).get("summary")]
        assert missing == [], lang


def test_every_message_key_the_code_uses_is_in_the_catalog():
    used = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'problem\([^()]*?, "([EW]\d{3}[a-z.-]*)"', text, re.S))
        used |= set(re.findall(r'(?:messages\.text|Nested)\("([a-zE][\w.-]+)"', text))
        used |= set(re.findall(r'"([EW]\d{3}(?:\.[a-z-]+)?)" if', text))
        used |= set(re.findall(r'else "([EW]\d{3}(?:\.[a-z-]+)?)"', text))
    assert len(used) > 60
    assert sorted(k for k in used if "{" not in k and k not in messages.catalog("en")) == []


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_messages_use_full_width_punctuation_and_their_quotes(lang):
    for key, item in messages.catalog(lang).items():
        for template in [*templates(item).values(), *([item["summary"]] if isinstance(item, dict) and "summary" in item else [])]:
            prose = re.sub(r"`[^`]*`|\{[^{}]*\}:?|[\w./<>*-]+:(?=\s|$)|https?://\S*|\(s\)", "x", template)
            assert is_normal(prose, lang if key != "E407" else None), (key, template)  # E407 shows both styles
            other = "“”‘’" if lang == "zh-Hant" else "「」『』"
            assert key == "E407" or not any(ch in other for ch in template), (key, template)
    assert messages.QUOTES["zh-Hant"] == ("「", "」")


def test_zh_hant_uses_taiwan_words():
    text = (SOURCE / "messages" / "zh-Hant.yaml").read_text(encoding="utf-8")
    for mainland in ("文件", "字段", "默认", "运行", "信息", "数据", "代码行", "列表", "支援"):
        assert mainland not in text, mainland
    for taiwan in ("檔案", "欄位", "執行", "字元"):
        assert taiwan in text


@pytest.mark.parametrize("environ, lang", [
    ({"LANG": "zh_TW.UTF-8"}, "zh-Hant"),
    ({"LANG": "zh_HK.UTF-8"}, "zh-Hant"),
    ({"LANG": "zh_MO.UTF-8"}, "zh-Hant"),
    ({"LANG": "zh_CN.UTF-8"}, "zh-Hans"),
    ({"LANG": "zh_SG.UTF-8"}, "zh-Hans"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, "zh-Hant"),
    ({"LC_MESSAGES": "zh_TW.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh-Hans"),
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:zh_TW:en"}, "zh-Hant"),   # the first of the list we have
    ({"LANG": "C", "LANGUAGE": "zh_TW"}, "en"),                      # gettext ignores LANGUAGE under C
    ({"LANG": "zh_TW.UTF-8", "LANGUAGE": ""}, "zh-Hant"),
    ({"LC_ALL": "zh_Hant_TW.UTF-8"}, "zh-Hant"),
])
def test_language_is_chosen_as_gettext_does(environ, lang):
    assert messages.choose(environ) == lang


def test_safe_shows_control_characters_as_escapes():
    assert messages.safe("a\x1b[2Kb\nc\rd\te\u202ef\u2028g\x7f") == "a\\x1b[2Kb\\nc\\rd\\te\\u202ef\\u2028g\\x7f"
    assert messages.safe("美元，ok 1,000") == "美元，ok 1,000"


def test_data_in_a_problem_cannot_reach_the_terminal_raw():
    """#20.5: E301 printed an id raw, so that ANSI escapes erased lines and faked '0 errors'."""
    found = problem("arguments/mini/mini-debt.yaml", 1, "E301", id="x\x1b[2K\x1b[1A\rchecked 4 nodes: 0 errors\n::error::x",
                    stem="mini-debt")
    line = found.format()
    assert "\x1b" not in line and "\n" not in line and "\r" not in line
    assert line == ("arguments/mini/mini-debt.yaml:1: E301 id 'x\\x1b[2K\\x1b[1A\\rchecked 4 nodes: 0 errors\\n::error::x' "
                    "differs from the file name 'mini-debt' — rename the file to x\\x1b[2K\\x1b[1A\\rchecked 4 nodes: "
                    "0 errors\\n::error::x.yaml or set id: mini-debt")
    legacy = Problem("arguments/a\nb.yaml", 2, "E801", "text \x1b[31mred", "fix\nit")  # made without the catalog
    assert legacy.format() == "arguments/a\\nb.yaml:2: E801 text \\x1b[31mred — fix\\nit"


def test_check_prints_an_escaped_id_with_ansi_codes(tmp_path, capsys):
    root = make_project(tmp_path)
    path = root / "arguments/mini/mini-debt.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: mini-debt", 'id: "mini-\\e[2K\\e[1Adebt"'),
                    encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "'mini-\\x1b[2K\\x1b[1Adebt'" in err


def test_lang_flag_and_environment(tmp_path, capsys, monkeypatch):
    root = make_project(tmp_path, FIXTURES / "cases" / "E303-unknown-target" / "overlay")
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    assert main(["--root", str(root), "check"]) == 1
    assert "目標「mini-nowhere」不存在" in capsys.readouterr().err
    assert main(["--root", str(root), "--lang", "zh-Hans", "check"]) == 1
    assert "目标“mini-nowhere”不存在" in capsys.readouterr().err
    assert main(["--root", str(root), "--lang", "en", "check"]) == 1
    assert "target 'mini-nowhere' does not exist" in capsys.readouterr().err


def test_make_check_takes_the_language_from_the_command_line(tmp_path):
    """`make check LANG=zh_TW.UTF-8`: make exports a variable set on its command line to the recipe."""
    root = make_project(tmp_path, FIXTURES / "cases" / "E303-unknown-target" / "overlay")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    result = subprocess.run(["make", "-s", "check", "LANG=zh_TW.UTF-8",
                             f"ARGMAP={ROOT}/.venv/bin/python -m argmap --root {root}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode != 0
    assert "目標「mini-nowhere」不存在" in result.stderr, result.stderr


def test_codes_lists_the_summaries_in_the_language(capsys):
    assert main(["--lang", "zh-Hant", "codes"]) == 0
    out = capsys.readouterr().out
    assert "E402  簡繁兩種文字與 OpenCC 的轉換不一致" in out


def test_no_problem_is_written_in_english_in_the_code():
    """Every problem is made by problems.problem from a catalog key: a Problem(...) written with English text
    in the code would reach a Chinese contributor in English."""
    written = []
    for path in SOURCE.rglob("*.py"):
        if path.name == "problems.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?<![\w.])Problem\(", line) and not line.lstrip().startswith(("def ", "class ", "#")):
                written.append(f"{path.relative_to(SOURCE)}:{number}")
    assert written == []
