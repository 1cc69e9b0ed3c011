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
    from argmap.typography import is_normal
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
    from argmap.typography import is_normal
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
