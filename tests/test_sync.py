"""`sync` fills the missing Chinese script, keeps comments and formatting, never loses reviewed text."""
from __future__ import annotations

import yaml

from argmap.__main__ import main

NODE = """\
# A comment that must survive.
id: mini-debt
type: premise
essay: mini
section: main
origin: essay
label:
  zh-Hans: 债务不断增加   # trailing comment
  en: Debt keeps growing
statement:
  zh-Hans: 美国的债务不断增加。
  zh-Hant: ""
  en: US debt keeps growing.
supports:
  - mini-thesis
source:
  paragraph: 2
  quote: 因为债务不断增加
"""


def test_sync_fills_keeps_comments_and_is_idempotent(mini):
    path = mini / "arguments/mini/mini-debt.yaml"
    path.write_text(NODE, encoding="utf-8")
    assert main(["--root", str(mini), "sync"]) == 0
    text = path.read_text(encoding="utf-8")
    assert "# A comment that must survive." in text and "# trailing comment" in text
    assert "  zh-Hant: 債務不斷增加\n" in text
    assert text.index("zh-Hans: 债务") < text.index("zh-Hant: 債務") < text.index("en: Debt")
    assert yaml.safe_load(text)["statement"]["zh-Hant"] == "美國的債務不斷增加。"
    before = path.read_bytes()
    stat = path.stat()
    assert main(["--root", str(mini), "sync"]) == 0
    assert path.read_bytes() == before and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert main(["--root", str(mini), "check"]) == 0


def test_sync_never_overwrites_reviewed_text_without_force(mini):
    path = mini / "arguments/mini/mini-debt.yaml"
    reviewed = path.read_text(encoding="utf-8").replace("zh-Hant: 美國的債務不斷增加。", "zh-Hant: 美國債務持續增加。")
    path.write_text(reviewed, encoding="utf-8")
    main(["--root", str(mini), "sync"])
    assert path.read_text(encoding="utf-8") == reviewed
    main(["--root", str(mini), "sync", "--force"])
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["statement"]["zh-Hant"] == "美國的債務不斷增加。"


def test_sync_leaves_a_broken_file_untouched(mini, capsys):
    path = mini / "arguments/mini/mini-debt.yaml"
    broken = NODE.replace("essay: mini", "essay: [mini")
    path.write_text(broken, encoding="utf-8")
    assert main(["--root", str(mini), "sync"]) == 0
    assert path.read_text(encoding="utf-8") == broken
    assert "Traceback" not in capsys.readouterr().err


def test_fmt_writes_full_width_punctuation_keeps_comments_and_is_idempotent(mini):
    path = mini / "arguments/mini/mini-debt.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text("# keep me\n" + text.replace("zh-Hans: 美国的债务不断增加。", "zh-Hans: 美国的债务(国债)不断增加,持续。")
                    .replace("zh-Hant: 美國的債務不斷增加。", "zh-Hant: 美國的債務(國債)不斷增加,持續。"), encoding="utf-8")
    assert main(["--root", str(mini), "check"]) == 1
    assert main(["--root", str(mini), "fmt"]) == 0
    formatted = path.read_text(encoding="utf-8")
    assert formatted.startswith("# keep me\n")
    assert "美国的债务\uff08国债\uff09不断增加\uff0c持续。" in formatted
    assert "quote: 因为债务不断增加" in formatted
    before = path.stat().st_mtime_ns
    assert main(["--root", str(mini), "fmt"]) == 0
    assert path.stat().st_mtime_ns == before
    assert main(["--root", str(mini), "check"]) == 0


def test_fmt_writes_the_canonical_field_order_keeping_comments(mini):
    path = mini / "arguments/mini/mini-debt.yaml"
    text = path.read_text(encoding="utf-8")
    shuffled = (text.replace("origin: essay\n", "").replace("statement:\n", "origin: essay  # who says it\nstatement:\n")
                .replace("  zh-Hans: 债务不断增加\n  zh-Hant: 債務不斷增加\n", "  zh-Hant: 債務不斷增加\n  zh-Hans: 债务不断增加\n"))
    path.write_text(shuffled, encoding="utf-8")
    assert main(["--root", str(mini), "check"]) == 1
    assert main(["--root", str(mini), "fmt"]) == 0
    formatted = path.read_text(encoding="utf-8")
    assert "origin: essay  # who says it\nlabel:\n  zh-Hans: 债务不断增加\n  zh-Hant: 債務不斷增加\n" in formatted
    assert main(["--root", str(mini), "check"]) == 0
