from argmap.render.labels import _greedy, _tokens, width, wrap


def test_width_counts_cjk_as_two_columns():
    assert width("AI美元") == 6
    assert width("，") == 2


def test_wrap_respects_display_width():
    lines = wrap("美元作为全球核心储备货币的地位正面临其固有缺陷", 12)
    assert all(width(line) <= 12 for line in lines)
    assert "".join(lines) == "美元作为全球核心储备货币的地位正面临其固有缺陷"


def test_no_line_starts_with_closing_punctuation():
    text = "信用基础的瓦解，美联储维持高利率。加剧了资本外流、债务压力（新兴市场）"
    for columns in range(6, 20):
        for line in wrap(text, columns)[1:]:
            assert line[0] not in "，。、；：？！）》」”", (columns, line)


def test_no_line_ends_with_opening_punctuation():
    text = "他说“未成型但值得警惕”的体系（制度化想象）"
    for columns in range(4, 16):
        for line in wrap(text, columns):
            assert line[-1] not in "（《「“", (columns, line)


def test_english_wraps_at_spaces():
    lines = wrap("The Triffin dilemma erodes the dollar's credit", 16)
    assert lines == ["The Triffin", "dilemma erodes", "the dollar's", "credit"]


def test_long_labels_are_cut_with_an_ellipsis():
    lines = wrap("很长" * 40, 10, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")


def test_lines_are_balanced_not_left_with_a_lone_character():
    lines = wrap("分析参考黄仁勋的近期言论", 22)
    assert lines == ["分析参考黄仁", "勋的近期言论"]
    for text in ("美元作为全球核心储备货币的地位正面临其固有缺陷", "The Triffin dilemma erodes the dollar's credit"):
        for columns in range(8, 30):
            greedy = _greedy(_tokens(" ".join(text.split())), columns)  # no balancing: the line count to keep
            balanced = wrap(text, columns)
            assert all(width(line) <= columns for line in balanced)
            assert len(balanced) == len(greedy) and "".join(balanced).replace(" ", "") == text.replace(" ", "")
