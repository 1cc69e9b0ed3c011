"""The one file writer: atomic, UTF-8 with LF, keeps an existing file's mode; write_if_changed skips equal text."""
from __future__ import annotations

import os
import stat

from argmap.write.output import write_atomic, write_if_changed


def test_the_writer_keeps_the_mode_and_writes_lf(tmp_path):
    path = tmp_path / "node.yaml"
    path.write_text("old\n", encoding="utf-8")
    for mode in (0o644, 0o600, 0o444):
        os.chmod(path, mode)
        write_atomic(path, "新\r\nline\n")
        assert stat.S_IMODE(path.stat().st_mode) == mode
        assert path.read_bytes() == "新\r\nline\n".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["node.yaml"]   # no temporary file left behind


def test_a_new_file_gets_the_umask_mode_and_equal_text_is_not_rewritten(tmp_path):
    path = tmp_path / "deep" / "page.md"
    assert write_if_changed(path, "text\n") is True
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    before = path.stat().st_mtime_ns, path.stat().st_ino
    assert write_if_changed(path, "text\n") is False
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before
