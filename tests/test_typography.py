"""Chinese typography of the project's own texts: each script's quotation marks, set by fmt and by the
OpenCC conversion (real OpenCC, no mocks)."""
from __future__ import annotations

from argmap.convert.conversion import Converter
from argmap.convert.typography import is_normal, normalise, quote_style


def test_zh_hant_takes_corner_brackets_and_zh_hans_curly_quotes():
    assert quote_style("所谓“AI美元”与‘算力’", "zh-Hant") == "所谓「AI美元」与『算力』"
    assert quote_style("所謂「AI美元」與『算力』", "zh-Hans") == "所謂“AI美元”與‘算力’"
    assert quote_style("“AI dollar”", "en") == "“AI dollar”"


def test_an_apostrophe_between_latin_letters_is_not_a_quotation_mark():
    assert quote_style("輝達（Nvidia’s）的“晶片”", "zh-Hant") == "輝達（Nvidia’s）的「晶片」"


def test_fmt_normal_form_depends_on_the_script():
    assert not is_normal("債務“不斷”增加", "zh-Hant")
    assert is_normal("债务“不断”增加", "zh-Hans")
    assert normalise("債務“不斷”增加,持續", "zh-Hant") == "債務「不斷」增加，持續"
    assert normalise("债务「不断」增加", "zh-Hans") == "债务“不断”增加"


def test_conversion_sets_the_target_scripts_quotation_marks():
    converter = Converter()
    assert converter.convert("“房住不炒”的严格调控", "zh-Hant") == "「房住不炒」的嚴格調控"
    assert converter.convert("「房住不炒」的嚴格調控", "zh-Hans") == "“房住不炒”的严格调控"


def test_ascii_double_quotes_next_to_chinese_become_the_scripts_quotation_marks():
    from argmap.convert.typography import is_normal, normalise
    assert normalise('採行"AI美元"戰略', "zh-Hant") == "採行「AI美元」戰略"
    assert normalise('采行"AI美元"战略', "zh-Hans") == "采行“AI美元”战略"
    assert normalise('他说"好"', "zh-Hans") == "他说“好”"
    assert not is_normal('采行"AI美元"战略', "zh-Hans")  # E407 reports it; make fmt fixes it
    assert normalise('He said "no" twice', "zh-Hans") == 'He said "no" twice'  # English keeps its quotes


def test_an_ascii_full_stop_ending_a_chinese_sentence_becomes_the_chinese_one():
    from argmap.convert.typography import normalise
    assert normalise("影響資本的流向.", "zh-Hant") == "影響資本的流向。"
    assert normalise("影响资本. 下一句", "zh-Hans") == "影响资本。下一句"
    assert normalise("增长1.2倍", "zh-Hans") == "增长1.2倍"          # a decimal point
    assert normalise("U.S. 政策", "zh-Hans") == "U.S. 政策"          # an English abbreviation
    assert normalise("English only. Yes.", "zh-Hans") == "English only. Yes."
