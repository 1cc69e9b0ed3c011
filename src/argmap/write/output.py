"""Output files: write only what changed, atomically, so that readers and `mkdocs serve` never see a
half-written file and an unchanged file keeps its time."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from argmap.paths import read_bytes


def write_if_changed(path: Path, text: str, memo=None) -> bool:
    """Write ``text`` to ``path`` unless the file already holds it; True when it was written. With a
    memo.Memo, a file this process wrote or checked in the last run, and whose size, time and inode have
    not changed since, is not read again."""
    key = ("on-disk", str(path), text)
    if memo is not None:
        known = memo.find(key)
        if known and known == _stat(path):
            return False
    changed = _write(path, text)
    if memo is not None:
        memo.store(key, _stat(path))
    return changed


def _write(path: Path, text: str) -> bool:
    raw, _ = read_bytes(path, None, str(path))  # never blocks on a FIFO, never follows a symlink
    if raw is not None and raw == text.encode("utf-8"):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    return True


class ChangedOnDisk(OSError):
    """The file changed since it was read: write_atomic wrote nothing."""


def write_atomic(path: Path, text: str, expected: tuple | None = None) -> None:
    """The project's one file writer: UTF-8 with LF line ends, through a temporary file in the same folder
    renamed over the target, so no reader ever sees a half-written file. An existing file keeps its mode.
    ``expected``: (bytes, os.stat_result) of the file as the caller read it; if the file changed on disk
    since (an edit saved while the command ran), nothing is written and ChangedOnDisk is raised."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = None
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
        if expected is not None:  # compared right before the rename
            raw, before = expected
            try:
                now = path.stat(follow_symlinks=False)
                was = (before.st_mtime_ns, before.st_size, before.st_ino)
                same = (now.st_mtime_ns, now.st_size, now.st_ino) == was and path.read_bytes() == raw
            except OSError:
                same = False
            if not same:
                raise ChangedOnDisk(f"{path} changed on disk")
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _stat(path: Path):
    try:
        stat = path.stat()
    except OSError:
        return False
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)
