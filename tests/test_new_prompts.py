"""`make new` on a terminal: it asks for the origin too, and checks each answer as it is typed (asking again
when it is wrong), instead of reporting bad answers after the last prompt. Driven through a pseudo-terminal."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import yaml

from support import make_project


class Terminal:
    def __init__(self, argv, cwd):
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, close_fds=True,
                                        env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LANGUAGE": ""})
        os.close(slave)
        self.seen = ""

    def expect(self, text, timeout=60):
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"did not see {text!r}; screen:\n{self.seen}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    assert text in self.seen, f"ended before {text!r}; screen:\n{self.seen}"
                self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        at = self.seen.index(text) + len(text)
        shown, self.seen = self.seen[:at], self.seen[at:]
        return shown

    def type(self, line):
        os.write(self.master, (line + "\n").encode("utf-8"))


def test_new_asks_origin_and_checks_each_answer_as_it_is_typed(tmp_path):
    root = make_project(tmp_path)
    term = Terminal([sys.executable, "-m", "argmap", "--root", str(root), "new"], tmp_path)
    term.expect("essay (mini):")
    term.type("mini")
    term.expect("section (main):")
    term.type("mian")
    assert "unknown section 'mian' of mini: did you mean 'main'? (main)" in term.expect("section (main):")
    term.type("main")
    term.expect("type (thesis, premise, evidence, counterargument, rebuttal):")
    term.type("premiss")
    assert "did you mean 'premise'?" in term.expect("type (")
    term.type("counterargument")
    term.expect("origin — essay (stated in the essay), editor (the project's editors) or contributor (you, from outside):")
    term.type("outsider")
    assert "origin 'outsider': write essay, editor or contributor" in term.expect("origin —")
    term.type("contributor")
    term.expect("your name, as the node's page will show it (blank: none):")
    term.type("Ada Lovelace")
    term.expect("supports (ids")
    term.type("")
    term.expect("attacks (ids")
    term.type("mini-thesys")
    assert "no node 'mini-thesys' to relate to: did you mean 'mini-thesis'?" in term.expect("attacks (ids")
    term.type("mini-thesis")
    term.expect("id (lowercase letters, digits, hyphens; e.g. mini-my-claim):")
    term.type("Mini Savings")
    assert "invalid id 'Mini Savings'" in term.expect("id (")
    term.type("mini-debt")
    assert "id 'mini-debt' is taken" in term.expect("id (")
    term.type("mini-savings")
    term.expect("next: fill in every TODO")
    assert term.process.wait(timeout=60) == 0
    data = yaml.safe_load((root / "arguments/mini/mini-savings.yaml").read_text(encoding="utf-8"))
    assert data["origin"] == "contributor" and data["contributor"] == "Ada Lovelace"
    assert data["type"] == "counterargument" and data["attacks"] == ["mini-thesis"]
    assert "source" not in data, "a contributor's node quotes nothing"


def test_new_by_stdin_in_chinese(tmp_path):
    root = make_project(tmp_path)
    answers = "mini\nmain\nrebuttal\nhuman\neditor\n\nmini-reserve\nmini-answer\n"
    result = subprocess.run([sys.executable, "-m", "argmap", "--root", str(root), "--lang", "zh-Hant", "new", "--ask"],
                            input=answers, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "origin「human」不對：請寫 essay、editor 或 contributor" in result.stderr
    assert "已建立 arguments/mini/mini-answer.yaml" in result.stderr
    data = yaml.safe_load((root / "arguments/mini/mini-answer.yaml").read_text(encoding="utf-8"))
    assert data["origin"] == "editor" and data["supports"] == ["mini-reserve"]
