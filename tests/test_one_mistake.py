"""One mistake, one error: no letter-by-letter relations, no cascades into other files, honest counts,
did-you-mean, the build fails as the check does."""
from __future__ import annotations

import io

from argmap import pipeline
from argmap.__main__ import main
from support import make_project


def check(root, capsys, *extra):
    status = main(["--root", str(root), "--lang", "en", "check", *extra])
    return status, capsys.readouterr().err.splitlines()


def edit(root, name, old, new):
    path = root / "arguments" / "mini" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_string_where_a_list_belongs_is_one_error(tmp_path, capsys):
    root = make_project(tmp_path)
    edit(root, "mini-debt.yaml", "supports:\n  - mini-thesis\n", "supports: mini-thesis\n")
    status, err = check(root, capsys)
    assert status == 1
    assert err == [
        "arguments/mini/mini-debt.yaml:14: E203 supports must be a list, not a single id — write it as a list: "
        "`supports: [mini-thesis]`, or `supports:` with `- mini-thesis` on the next line",
        "coverage: mini: 3/3 argumentative paragraphs quoted (100.0%)",
        "translation: mini: en 4/4 paragraphs (100.0%)",
        "translation: mini: zh-Hant 4/4 paragraphs (100.0%, 1 repair)",
        "checked 4 nodes in 1 essays: 1 errors, 0 warnings",
    ]


def test_an_indentation_error_in_one_file_does_not_make_another_report_e303(tmp_path, capsys):
    root = make_project(tmp_path)
    edit(root, "mini-thesis.yaml", "label:\n  zh-Hans:", "label:\n zh-Hans:")   # one space short
    status, err = check(root, capsys)
    assert status == 1
    assert [line for line in err if " E" in line] == [
        "arguments/mini/mini-thesis.yaml:8: E101 YAML syntax error: mapping values are not allowed in this context — "
        "check indentation and quoting on this line and the one before it",
    ], "the other files name mini-thesis, which exists: its own file is what is wrong"


def test_a_shape_error_stops_the_other_rules_for_that_file(tmp_path, capsys):
    root = make_project(tmp_path)
    # a wrong type and, in the same file, texts that would also disagree with OpenCC
    edit(root, "mini-debt.yaml", "type: premise", "type: premiss")
    edit(root, "mini-debt.yaml", "zh-Hant: 美國的債務不斷增加。", "zh-Hant: 美國的債務持續增加。")
    status, err = check(root, capsys)
    assert [line for line in err if " E" in line] == [
        "arguments/mini/mini-debt.yaml:2: E203 type is 'premiss', which is not allowed — did you mean 'premise'? "
        "Allowed: thesis, premise, evidence, counterargument, rebuttal",
    ]


def test_counts_are_of_the_problems_printed(tmp_path, capsys):
    root = make_project(tmp_path)
    with open(root / "arguments/zh-overrides.tsv", "a", encoding="utf-8") as stream:
        stream.write("进程\t進程\tcourse of events\n")
    status, err = check(root, capsys)
    printed = [line for line in err if ": W" in line or ": E" in line]
    assert err[-1] == f"checked 4 nodes in 1 essays: 0 errors, {len(printed)} warnings"
    status, err = check(root, capsys, str(root / "arguments" / "mini"))  # only the problems shown are counted
    assert err[-1] == "checked 4 nodes in 1 essays: 0 errors, 0 warnings"
    from argmap.problems import counts, problem
    twice = problem("a.yaml", 1, "E303", what="target", target="m", guess="")
    assert counts([twice, twice, problem("b.yaml", 2, "W701", hans="甲", hant="甲")]) == (1, 1)


def test_did_you_mean_for_fields_sections_and_targets(tmp_path, capsys):
    root = make_project(tmp_path)
    edit(root, "mini-debt.yaml", "statement:", "statment:")
    edit(root, "mini-reserve.yaml", "section: main", "section: mian")
    edit(root, "mini-deficit.yaml", "target: mini-thesis", "target: mini-theses")
    status, err = check(root, capsys)
    problems = [line for line in err if " E" in line]
    assert problems == [
        "arguments/mini/mini-debt.yaml:1: E201 the file: required field 'statement' is missing — add `statement:` "
        "(see CONTRIBUTING.md for what it holds)",
        "arguments/mini/mini-debt.yaml:10: E202 unknown field 'statment' in the file — did you mean 'statement'? "
        "The fields here are: id, type, essay, section, origin, contributor, label, statement, supports, attacks, "
        "undercuts, source, factcheck",
        "arguments/mini/mini-deficit.yaml:15: E303 target 'mini-theses' does not exist — did you mean 'mini-thesis'? "
        "(or create the node: make new)",
        "arguments/mini/mini-reserve.yaml:4: E310 section 'mian' is not in arguments/mini/essay.yaml — did you mean "
        "'main'? The sections are: main",
    ]


def test_e204_names_the_character(tmp_path, capsys):
    root = make_project(tmp_path)
    edit(root, "mini-debt.yaml", "id: mini-debt", "id: mini，debt")
    status, err = check(root, capsys)
    assert [line for line in err if " E" in line] == [
        "arguments/mini/mini-debt.yaml:1: E204 invalid id 'mini，debt': '，' (U+FF0C fullwidth comma) is not allowed "
        "in an id — use only lowercase letters a-z, digits and single hyphens, starting with a letter",
    ]


def test_e301_never_suggests_an_invalid_file_name(tmp_path, capsys):
    root = make_project(tmp_path)
    edit(root, "mini-debt.yaml", "id: mini-debt", "id: mini-debt-")
    status, err = check(root, capsys)
    lines = [line for line in err if " E" in line]
    assert lines == ["arguments/mini/mini-debt.yaml:1: E204 invalid id 'mini-debt-' — use lowercase letters, digits "
                     "and single hyphens, starting with a letter"]
    assert "mini-debt-.yaml" not in "\n".join(err)


def test_e501_shows_where_the_quote_differs_and_why(tmp_path, capsys):
    root = make_project(tmp_path)
    source = root / "sources/mini.txt"
    assert "美元霸权正在衰落,因为债务不断增加。" in source.read_text(encoding="utf-8")   # the essay's own comma
    edit(root, "mini-thesis.yaml", "quote: 美元霸权正在衰落", "quote: 美元霸权正在衰落，因为")
    status, err = check(root, capsys)
    assert [line for line in err if " E" in line] == [
        "arguments/mini/mini-thesis.yaml:16: E501 the quote is not in sources/mini.txt: from character 9 on, the "
        "quote has '霸权正在衰落，因为' where line 2 has '霸权正在衰落,因为债务不断增' (ASCII and full-width "
        "punctuation: '，' is not ',') — copy it character for character from line 2 of the source, in zh-Hans, "
        "punctuation included",
    ]


def test_generate_fails_on_errors_and_on_a_hand_edited_source(tmp_path):
    root = make_project(tmp_path)
    source = root / "sources/mini.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("1.2万亿", "1.3万亿"), encoding="utf-8")
    log = io.StringIO()
    outcome = pipeline.generate(root, log=log, lang="en")
    assert not outcome.ok
    assert "sources/mini.txt:1: E506 the source text differs from the checksum `make sources` recorded" in log.getvalue()
    assert main(["--root", str(root), "generate"]) == 1


def test_generate_exits_non_zero_on_errors(tmp_path):
    root = make_project(tmp_path)
    edit(root, "mini-debt.yaml", "  - mini-thesis", "  - mini-nowhere")
    assert main(["--root", str(root), "generate"]) == 1


def test_an_unknown_target_is_not_also_reported_as_unconnected(tmp_path, capsys):
    root = make_project(tmp_path)
    edit(root, "mini-reserve.yaml", "attacks:\n  - mini-thesis", "attacks:\n  - mini-theses")
    edit(root, "mini-reserve.yaml", "undercuts:\n  - {premise: mini-debt, conclusion: mini-thesis}\n", "")
    status, err = check(root, capsys)
    lines = [line for line in err if " E" in line]
    assert len(lines) == 1 and ": E303 target 'mini-theses' does not exist — did you mean 'mini-thesis'?" in lines[0], lines


def test_ascii_punctuation_copied_by_sync_is_one_e407(tmp_path, capsys):
    root = make_project(tmp_path)
    edit(root, "mini-debt.yaml", "zh-Hans: 美国的债务不断增加。", "zh-Hans: 美国的债务,不断增加。")
    edit(root, "mini-debt.yaml", "zh-Hant: 美國的債務不斷增加。", "zh-Hant: 美國的債務,不斷增加。")
    status, err = check(root, capsys)
    assert [line for line in err if " E" in line] == [
        "arguments/mini/mini-debt.yaml:11: E407 statement.zh-Hans uses ASCII punctuation next to Chinese, or the other "
        "script's quotation marks — run make fmt (Chinese text takes full-width , : ; ? ! ( ); zh-Hant quotes with 「」 "
        "and 『』, zh-Hans with “” and ‘’)",
    ]


def test_checking_a_path_that_does_not_exist_is_an_error(tmp_path, capsys):
    from argmap.__main__ import main
    root = make_project(tmp_path)
    assert main(["--root", str(root), "check", str(root / "arguments/mini/mini-typo.yaml")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if " E" in line] == [
        "arguments/mini/mini-typo.yaml:1: E109 there is no such file or folder — check the path "
        "(e.g. arguments/ai-dollar/ad-main-thesis.yaml), or run make check for everything"]
