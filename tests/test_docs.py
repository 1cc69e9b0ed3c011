from argmap.problems import CODES
from support import ROOT


def test_every_code_is_documented_in_contributing():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    missing = [code for code in CODES if f"| {code} |" not in text]
    assert missing == []


def test_strings_have_every_key_in_every_language():
    import yaml
    strings = yaml.safe_load((ROOT / "src/argmap/strings.yaml").read_text(encoding="utf-8"))

    def keys(data, prefix=""):
        return {prefix + k for k, v in data.items()} | {x for k, v in data.items() if isinstance(v, dict)
                                                        for x in keys(v, prefix + k + ".")}
    assert keys(strings["en"]) == keys(strings["zh-Hans"]) == keys(strings["zh-Hant"])


def test_interface_text_uses_chinese_punctuation():
    import yaml

    from argmap.convert.typography import is_normal
    strings = yaml.safe_load((ROOT / "src/argmap/strings.yaml").read_text(encoding="utf-8"))

    def values(data):
        for value in data.values():
            if isinstance(value, dict):
                yield from values(value)
            else:
                yield value
    for lang in ("zh-Hans", "zh-Hant"):
        bad = [v for v in values(strings[lang]) if not is_normal(str(v), lang)]
        assert bad == []


def test_source_metadata_uses_each_scripts_punctuation():
    """Publisher and attribution notes of sources/*.yaml are our text (the essays themselves stay verbatim)."""
    import yaml

    from argmap.convert.typography import is_normal
    for path in sorted((ROOT / "sources").glob("*.yaml")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("author", "publisher", "attribution"):
            texts = meta.get(key)
            if isinstance(texts, dict):
                for lang in ("zh-Hans", "zh-Hant"):
                    assert is_normal(texts.get(lang, ""), lang), f"{path.name}: {key}.{lang}"


def test_every_code_is_documented_in_the_chinese_contributing_guides():
    for name in ("CONTRIBUTING.zh-Hans.md", "CONTRIBUTING.zh-Hant.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        missing = [code for code in CODES if f"| {code} |" not in text]
        assert missing == [], name


def test_the_worked_example_exists_and_passes_when_followed(tmp_path, capsys):
    """CONTRIBUTING's worked example, followed in a copy of the project: make new with the documented
    arguments, the documented file filled in, make sync, make check — no errors (in all three guides)."""
    import re
    import shlex
    import shutil

    import yaml

    from argmap.__main__ import main
    guides = [(ROOT / name).read_text(encoding="utf-8") for name in
              ("CONTRIBUTING.md", "CONTRIBUTING.zh-Hans.md", "CONTRIBUTING.zh-Hant.md")]
    blocks = [re.search(r"<!-- worked example[^>]*-->\n\n```yaml\n(.*?)```", text, re.S).group(1) for text in guides]
    commands = [re.search(r"`make new (ESSAY=[^`]*)`", text).group(1) for text in guides]
    assert len(set(blocks)) == 1 and len(set(commands)) == 1, "the three guides show the same example"
    root = tmp_path / "project"
    for name in ("arguments", "sources"):
        shutil.copytree(ROOT / name, root / name)
    flags = {"ESSAY": "--essay", "SECTION": "--section", "TYPE": "--type", "ATTACKS": "--attacks",
             "SUPPORTS": "--supports", "ORIGIN": "--origin", "CONTRIBUTOR": "--contributor", "ID": "--id"}
    argv = []
    for item in shlex.split(commands[0]):
        key, value = item.split("=", 1)
        argv += [flags[key], value]
    assert main(["--root", str(root), "new", "--no-input", *argv]) == 0
    data = yaml.safe_load(blocks[0])
    path = root / "arguments" / data["essay"] / f"{data['id']}.yaml"
    scaffold = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {k: v for k, v in scaffold.items() if k not in ("label", "statement")} == \
           {k: v for k, v in data.items() if k not in ("label", "statement")}
    path.write_text(blocks[0], encoding="utf-8")
    assert main(["--root", str(root), "sync", str(path)]) == 0
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["label"]["zh-Hans"]
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 0, capsys.readouterr().err


def test_the_guides_name_one_origin_for_outside_contributions_and_no_missing_example():
    for name in ("CONTRIBUTING.md", "CONTRIBUTING.zh-Hans.md", "CONTRIBUTING.zh-Hant.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "contributed counterarguments" not in text and "编辑补充的反驳论点" not in text \
            and "編輯補充的反駁論點" not in text, name
        assert "origin: contributor" in text and "`hg-`" in text and "`ad-`" in text, name
        assert "nodes/<id>/" in text and "argmap convert" in text, name
        assert "hg-d1-triffin-dilemma.yaml`）：" not in text and "(`arguments/hegemony/hg-d1-triffin-dilemma.yaml`)" \
            not in text, name
        assert "make sync` write them" not in text and "`make fmt` 和 `make sync` 会自动写入" not in text \
            and "`make fmt` 和 `make sync` 會自動寫入" not in text, name
