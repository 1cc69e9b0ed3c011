"""Where things are, and how the project's own files are read.

``GENERATED``: the one list of paths the tools make (generated pages, downloads, the site, caches). The
generator writes only there, `argmap clean` (make clean) removes them, and `argmap tracked` (the
pull-request check) fails when git tracks a file under one of them: nothing committed there can feed
the build.

``read_bytes``: only regular files inside the project are read. A symlink, a FIFO (which would block the
reader), a device, or a path that resolves outside the project is refused with a problem, never opened.

``cache_dir``: sync's record and the machine key live outside the repository
(``$XDG_CACHE_HOME/argmap/<project key>``, else ``~/.cache/argmap/…``). The caches inside it (``.cache/``:
diagrams, character sets, jieba's dictionaries) are named and sealed with the machine key
(``machine_key``), so a file committed there can never be taken for a cached result, and `argmap tracked`
fails the pull-request check when git tracks anything under them.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
from pathlib import Path

from argmap.problems import Problem
from argmap.problems import problem as new_problem

# Relative to the project root; shell-style patterns (one path segment each, as `git ls-files` sees them).
GENERATED = (
    "site",
    ".cache",
    "docs/nodes",
    "docs/essays",
    "docs/map",
    "docs/downloads",
    "docs/index.md",
    "docs/index.*.md",
    "docs/glossary.md",
    "docs/glossary.*.md",
    "docs/factchecks.md",
    "docs/factchecks.*.md",
    "docs/.argmap-manifest",
)
PROJECT = Path(__file__).resolve().parents[2]   # the checkout this package was installed from (editable)
SCHEMA_DIR = PROJECT / "schema"
STRINGS = Path(__file__).with_name("strings.yaml")   # the interface text of pages and downloads
MANIFEST = "docs/.argmap-manifest"   # what the generator wrote last time, one path of docs/ a line
MAX_WALK_DEPTH = 32


def is_generated(relative: str) -> bool:
    """Whether a path relative to the root (posix) is under or is one of GENERATED."""
    parts = relative.split("/")
    for pattern in GENERATED:
        depth = pattern.count("/") + 1
        if len(parts) >= depth and fnmatch.fnmatchcase("/".join(parts[:depth]), pattern):
            return True
    return False


def cache_dir(root: Path, name: str) -> Path:
    """A cache folder for this project outside the repository: keyed by the project's resolved path."""
    base = os.environ.get("XDG_CACHE_HOME")
    base_path = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    key = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:16]
    return base_path / "argmap" / key / name


# The operating system's errors a reader may meet, said in the contributor's language (messages: oserror.*);
# any other is shown as the system words it (in English).
OS_ERRORS = frozenset({"EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOENT", "ELOOP", "ENAMETOOLONG", "EIO", "ENXIO",
                       "EMFILE", "ENFILE", "EROFS", "ENOSPC"})


def os_reason(exc: OSError):
    """An OSError as a message field: the catalog's words for its errno (messages.Nested), else strerror."""
    import errno

    from argmap.messages import Nested
    name = errno.errorcode.get(exc.errno or 0, "")
    return Nested(f"oserror.{name}") if name in OS_ERRORS else (exc.strerror or str(exc))


def refusal(path: Path, root: Path | None) -> str | None:
    """Why ``path`` must not be read, as a reason code: link, fifo, device, socket, special, outside,
    unresolved (E805.<code>), directory, or os.<errno name> (it cannot be read; os.ENOENT: it does not
    exist); None when it is a regular file inside ``root`` (anywhere when ``root`` is None)."""
    import errno
    try:
        info = path.lstat()
    except OSError as exc:
        return None if exc.errno is None else f"os.{errno.errorcode.get(exc.errno, 'EIO')}"
    if stat.S_ISLNK(info.st_mode):
        return "link"
    if stat.S_ISDIR(info.st_mode):
        return "directory"
    if not stat.S_ISREG(info.st_mode):
        return ("fifo" if stat.S_ISFIFO(info.st_mode) else "device" if stat.S_ISCHR(info.st_mode)
                or stat.S_ISBLK(info.st_mode) else "socket" if stat.S_ISSOCK(info.st_mode) else "special")
    if root is None:
        return None
    try:
        resolved, top = path.resolve(), Path(root).resolve()
    except (OSError, RuntimeError):
        return "unresolved"
    if resolved != top and top not in resolved.parents:
        return "outside"
    return None


def reason_text(reason: str):
    """A refusal's reason code as a message field (messages.Nested): what E109 and sync say."""
    from argmap.messages import Nested
    if reason == "directory":
        return Nested("oserror.EISDIR")
    if reason.startswith("os."):
        return Nested(f"oserror.{reason[3:]}") if reason[3:] in OS_ERRORS else reason[3:]
    return Nested(f"refusal.{reason}")


def not_regular(path: Path, root: Path | None, shown: str) -> Problem | None:
    reason = refusal(path, root)
    if reason is None or reason == "directory" or reason.startswith("os."):
        return None
    return new_problem(shown, 1, f"E805.{reason}")


def read_bytes(path: Path, root: Path | None, shown: str,
               limit: int | None = None) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file inside ``root``, or the problem that says why it was not read. Opened
    without following a symlink and without blocking, and checked again on the open file (no race)."""
    problem = not_regular(path, root, shown)
    if problem is not None:
        return None, problem
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    reason = refusal(path, root)
    if reason is not None and reason != "os.ENOENT":
        return None, new_problem(shown, 1, "E109", reason=reason_text(reason))
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        return None, new_problem(shown, 1, "E109", reason=os_reason(exc))
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return None, new_problem(shown, 1, "E805.special")
        chunks, size = [], 0
        while True:
            chunk = os.read(handle, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:
                break  # the caller reports the size: reading on would only cost memory
        return b"".join(chunks), None
    except OSError as exc:
        return None, new_problem(shown, 1, "E109", reason=os_reason(exc))
    finally:
        os.close(handle)


def walk(top: Path, max_depth: int = MAX_WALK_DEPTH):
    """Every regular file under ``top`` (sorted, symlinks not followed), iteratively and at most
    ``max_depth`` folders deep: Path.rglob and os.walk recurse once per level (a folder 1,100 levels deep
    raised RecursionError)."""
    stack = [(Path(top), 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth < max_depth:
                        stack.append((Path(entry.path), depth + 1))
                elif entry.is_file(follow_symlinks=False):
                    yield Path(entry.path)
            except OSError:
                continue


_KEY: list = []


def machine_key() -> bytes:
    """A random key made once per machine and kept outside the repository ($XDG_CACHE_HOME/argmap/). Cache
    names and seals include it, so a file committed under .cache/ can never pass for this machine's cached
    result: its name cannot be guessed and its seal cannot be forged."""
    if _KEY:
        return _KEY[0]
    base = os.environ.get("XDG_CACHE_HOME")
    folder = (Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache") / "argmap"
    path = folder / "machine-key"
    key = None
    try:
        raw, problem = read_bytes(path, None, str(path), 1024)
        if raw is not None and len(raw.strip()) == 64:
            key = bytes.fromhex(raw.strip().decode("ascii"))
    except ValueError:
        key = None
    if key is None:
        key = os.urandom(32)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temp = folder / f".machine-key.{os.getpid()}.tmp"
            temp.write_text(key.hex() + "\n", encoding="ascii")
            os.chmod(temp, 0o600)
            os.replace(temp, path)
            raw, _ = read_bytes(path, None, str(path), 1024)  # another process may have won the race
            key = bytes.fromhex(raw.strip().decode("ascii")) if raw else key
        except (OSError, ValueError):
            pass  # an unwritable home: this process's key, so nothing cached is trusted across runs
    _KEY.append(key)
    return key


def seal(data: bytes) -> str:
    """An HMAC of ``data`` under the machine key: proof that this machine wrote it."""
    import hmac
    return hmac.new(machine_key(), data, hashlib.sha256).hexdigest()
