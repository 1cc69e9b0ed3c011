"""Every validation fixture's complete `argmap check` output, in English, zh-Hans and zh-Hant: each message
and fix of the catalog is asserted exactly (tests/fixtures/cases/<case>/output.<lang>; regenerate with
`pytest tests/test_outputs.py --update-goldens` and read the diff)."""
from __future__ import annotations

import pytest

from argmap.__main__ import main
from support import FIXTURES, make_project

CASES = sorted(p for p in (FIXTURES / "cases").iterdir() if p.is_dir())
LANGS = ("en", "zh-Hans", "zh-Hant")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_complete_output_in_three_languages(tmp_path, case, capsys, update_goldens):
    root = make_project(tmp_path, case / "overlay")
    for lang in LANGS:
        status = main(["--root", str(root), "--lang", lang, "check", "--seeds", str(root / "seeds")])
        out = capsys.readouterr().err.replace(str(root), "<root>")
        assert status == 1
        expected = case / f"output.{lang}"
        if update_goldens:
            expected.write_text(out, encoding="utf-8")
        assert out == expected.read_text(encoding="utf-8"), f"{case.name} ({lang})"
        assert "\x1b" not in out and "Traceback" not in out
