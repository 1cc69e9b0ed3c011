"""Load stage: read arguments/ and sources/ into the model, collecting problems instead of raising."""
from __future__ import annotations

import json
import os
from pathlib import Path

from argmap import paths
from argmap.load import sources, yamlfile
from argmap.memo import digest, language_revisions
from argmap.model import Essay, Node, Project, Section
from argmap.problems import Problem
from argmap.problems import problem as new_problem
from argmap.validate import limits

GLOSSARY = "arguments/glossary.yaml"
OVERRIDES = "arguments/zh-overrides.tsv"
STANDING = "arguments/zh-standing-overrides.tsv"
VOCABULARY = "arguments/zh-Hant-vocabulary.tsv"
ESSAY_FILE = "essay.yaml"


def load_project(root: Path, memo=None) -> tuple[Project, list[Problem]]:
    """``memo``: a memo.Memo kept by a long-lived caller; files whose bytes did not change are not parsed again."""
    root = Path(root)
    project = Project(root=root)
    problems: list[Problem] = []
    shared: list[tuple] = []  # the revisions of every input but the node files
    essay_dirs, node_files, more = scan(root)
    problems += more
    for essay_dir in essay_dirs:
        essay, more, revision = _load_essay(root, essay_dir, memo)
        problems += more
        shared.append((essay_dir.name, revision))
        if essay is not None:
            project.essays[essay.id] = essay
            source_id = essay.data.get("source")
            if isinstance(source_id, str) and validation_id(source_id) and source_id not in project.sources:
                source, more = sources.load(root, source_id)
                problems += more
                if source is not None:
                    project.sources[source_id] = source
        for path in node_files[essay_dir.name]:
            shown = path.relative_to(root).as_posix()
            data, lines, more, revision = yamlfile.load_file(path, shown, memo=memo, root=root)
            problems += more
            if data is None or not isinstance(data, dict):
                project.unreadable[path.stem] = shown  # it exists: other files that name it must not say otherwise
            if data is None:
                continue
            if not isinstance(data, dict):
                from argmap.messages import Nested
                kind = "array" if isinstance(data, list) else "string" if isinstance(data, str) else "number"
                problems.append(new_problem(shown, 1, "E107", kind=Nested(f"type.{kind}")))
                continue
            node_id = data["id"] if isinstance(data.get("id"), str) else path.stem
            node = Node(node_id, shown, data, lines, folder=essay_dir.name, stem=path.stem, revision=revision)
            if memo is not None:  # only memo keys use them
                node.revisions = memo.get(("revisions", shown, revision), language_revisions, data)
            if node_id in project.nodes:
                project.duplicates.append(node)
            else:
                project.nodes[node_id] = node
    glossary_path = root / GLOSSARY
    if glossary_path.exists() or glossary_path.is_symlink():
        data, lines, more, revision = yamlfile.load_file(glossary_path, GLOSSARY, yamlfile.MAX_SHARED_BYTES, memo,
                                                         root=root)
        problems += more
        shared.append((GLOSSARY, revision))
        if isinstance(data, dict):
            project.glossary_data = data
            project.glossary = [t for t in data.get("terms") or [] if isinstance(t, dict)]
            project.glossary_lines = lines
    project.overrides, more = load_overrides(root)
    problems += more
    project.standing, standing = load_overrides(root, STANDING)
    project.vocabulary, vocabulary = load_vocabulary(root)
    project.conversion_unknown = any(p.is_error for p in more + standing + vocabulary)  # one mistake, one error
    problems += standing + vocabulary
    shared.append((VOCABULARY, repr(project.vocabulary)))
    shared.append((OVERRIDES, repr(project.overrides)))
    shared.append((STANDING, repr(project.standing)))
    for source_id, source in sorted(project.sources.items()):
        parallel = source.parallel
        texts = [repr((t.lang, t.paragraphs)) for t in parallel.translations.values()] if parallel else []
        repairs = [repr(r) for r in parallel.repairs] if parallel else []
        shared.append((source_id, json.dumps(source.meta, sort_keys=True, ensure_ascii=False, default=str),
                       digest(*source.paragraphs), digest(*texts, *repairs)))
    project.revision = digest(*map(repr, shared))
    return project, problems


def validation_id(value: str) -> bool:
    from argmap.vocabulary import ID_PATTERN
    return bool(ID_PATTERN.fullmatch(value))


TOP_FILES = (Path(GLOSSARY).name, Path(OVERRIDES).name, Path(STANDING).name, Path(VOCABULARY).name)


def _entries(folder: Path, shown: str, problems: list) -> list:
    """The entries of a folder, sorted by name; none (and E808) when it holds more than the limit."""
    try:
        with os.scandir(folder) as listing:
            entries = []
            for entry in listing:
                entries.append(entry)
                if len(entries) > limits.FILES_PER_FOLDER:
                    problems.append(new_problem(f"{shown}/", 1, "E808.folder", limit=limits.FILES_PER_FOLDER))
                    return []
    except OSError:
        return []
    return sorted(entries, key=lambda e: e.name)


def scan(root: Path) -> tuple[list, dict, list]:
    """(essay folders, their node files, problems): what the loader reads under arguments/, and E805/E806
    for every entry it does not read, so that nothing is skipped silently."""
    arguments = root / "arguments"
    problems: list[Problem] = []
    folders: list = []
    files: dict = {}
    if arguments.is_symlink() or not arguments.is_dir():
        if arguments.is_symlink():
            _refused(problems, paths.not_regular(arguments, root, "arguments"))
        return folders, files, problems
    total = 0
    for entry in _entries(arguments, "arguments", problems):
        shown = f"arguments/{entry.name}"
        path = Path(entry.path)
        if entry.is_symlink() or not (entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False)):
            _refused(problems, paths.not_regular(path, root, shown))
            continue
        if entry.is_file(follow_symlinks=False):
            total += entry.stat(follow_symlinks=False).st_size
            if entry.name not in TOP_FILES:
                problems.append(_unread(shown, entry.name, top=True))
            continue
        before = len(problems)
        items = _entries(path, shown, problems)
        if len(problems) > before and problems[-1].key == "E808.folder":
            continue  # an essay folder over the limit is not read at all: one problem, nothing half-loaded
        folders.append(path)
        files[entry.name] = []
        for item in items:
            item_shown = f"{shown}/{item.name}"
            item_path = Path(item.path)
            if item.is_symlink() or not (item.is_dir(follow_symlinks=False) or item.is_file(follow_symlinks=False)):
                _refused(problems, paths.not_regular(item_path, root, item_shown))
            elif item.is_dir(follow_symlinks=False) and item.name.endswith(".yaml"):
                files[entry.name].append(item_path)  # E109 when read: a folder is not a node file
            elif item.is_dir(follow_symlinks=False):
                problems.append(new_problem(item_shown + "/", 1, "E806.folder", folder=shown))
            elif item.name == ESSAY_FILE:
                total += item.stat(follow_symlinks=False).st_size
            elif item.name.endswith(".yaml"):
                total += item.stat(follow_symlinks=False).st_size
                files[entry.name].append(item_path)
            else:
                problems.append(_unread(item_shown, item.name))
    if total > limits.scaled(limits.ARGUMENT_BYTES):
        problems.append(new_problem("arguments/", 1, "E808.bytes", size=total, limit=limits.scaled(limits.ARGUMENT_BYTES)))
        return [], {}, problems
    if len(folders) > limits.scaled(limits.ESSAYS):
        problems.append(new_problem("arguments/", 1, "E808.essays", count=len(folders),
                                    limit=limits.scaled(limits.ESSAYS)))
        return [], {}, problems
    size = source_bytes(root)
    if size > limits.scaled(limits.SOURCE_BYTES):
        problems.append(new_problem("sources/", 1, "E808.sources", size=size, limit=limits.scaled(limits.SOURCE_BYTES)))
        return [], {}, problems
    return folders, files, [p for p in problems if p is not None]


def source_bytes(root: Path) -> int:
    """The bytes of the regular files in sources/ (what the source pages and their search entries are made of)."""
    total = 0
    try:
        entries = list(os.scandir(root / "sources"))
    except OSError:
        return 0
    for entry in entries[:limits.FILES_PER_FOLDER + 1]:
        try:
            if entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
        except OSError:
            continue
    return total


def _unread(shown: str, name: str, top: bool = False) -> Problem:
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in ("yaml", "yml"):
        return new_problem(shown, 1, "E806.move" if top else "E806.rename", stem=stem)
    return new_problem(shown, 1, "E806")


def _load_essay(root: Path, essay_dir: Path, memo=None) -> tuple[Essay | None, list[Problem], str]:
    path = essay_dir / ESSAY_FILE
    shown = path.relative_to(root).as_posix()
    if not path.exists():
        return None, [new_problem(shown, 1, "E310.no-essay", folder=essay_dir.name)], ""
    data, lines, problems, revision = yamlfile.load_file(path, shown, yamlfile.MAX_SHARED_BYTES, memo, root=root)
    if data is None:
        return None, problems, revision
    if not isinstance(data, dict):
        return None, problems + [new_problem(shown, 1, "E107.essay")], revision
    essay = Essay(essay_dir.name, shown, data, lines)
    for order, item in enumerate(data.get("sections") or []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            essay.sections.append(Section(item["id"], essay.id, item.get("title") or {}, item.get("parent"), order))
    return essay, problems, revision


def _table(root: Path, shown: str, keys: dict, distinct: bool = False) -> tuple[list, list[Problem]]:
    """(zh-Hans or mainland term, zh-Hant or Taiwan term, line) of each line `a<TAB>b<TAB>reason` of a
    project-wide table, or problems with the keys of ``keys`` ("long", "read", "line"). ``distinct``: the two
    columns must differ."""
    path = root / shown
    if not path.exists() and not path.is_symlink():
        return [], []
    raw, problem = paths.read_bytes(path, root, shown, yamlfile.MAX_SHARED_BYTES)
    if problem is not None:
        return [], [problem]
    assert raw is not None  # read_bytes gives the bytes or a problem
    if len(raw) > yamlfile.MAX_SHARED_BYTES:
        return [], [new_problem(shown, 1, keys["long"], size=len(raw), limit=yamlfile.MAX_SHARED_BYTES)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], [new_problem(shown, 1, keys["read"], reason=str(exc))]
    return parse_table(text, shown, keys["line"], distinct)


def parse_table(text: str, shown: str, key: str = "E603", distinct: bool = False) -> tuple[list, list[Problem]]:
    """The lines `a<TAB>b<TAB>reason` of a table's text (see _table), and a problem ``key`` for each bad one."""
    result, problems = [], []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if (len(parts) < 3 or not parts[0] or not parts[1] or not parts[2].strip()
                or (distinct and parts[0] == parts[1])):
            problems.append(new_problem(shown, number, key))
            continue
        result.append((parts[0], parts[1], number))
    return result, problems


def load_overrides(root: Path, shown: str = OVERRIDES) -> tuple[list, list[Problem]]:
    """The project-wide OpenCC phrase overrides: `zh-Hans<TAB>zh-Hant<TAB>reason` per line (``shown``: the
    overrides a text needed, or the standing ones that switch an OpenCC phrase rule off for every text)."""
    return _table(root, shown, {"long": "E108.overrides", "read": "E603.read", "line": "E603"})


def _refused(problems: list[Problem], found: Problem | None) -> None:
    """Add the problem paths.not_regular found (none for a path it accepts)."""
    if found is not None:
        problems.append(found)


def load_vocabulary(root: Path) -> tuple[list, list[Problem]]:
    """The Taiwan vocabulary: `mainland term<TAB>Taiwan term<TAB>note` per line (see conversion.Vocabulary)."""
    return _table(root, VOCABULARY, {"long": "E108.shared", "read": "E603.vocabulary-read",
                                     "line": "E603.vocabulary"}, distinct=True)
