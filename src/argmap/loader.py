"""Load stage: read arguments/ and sources/ into the model, collecting problems instead of raising."""
from __future__ import annotations

import json
from pathlib import Path

from . import sources, yamlfile
from .memo import digest, language_revisions
from .model import Essay, Node, Project, Section
from .problems import Problem, problem

GLOSSARY = "arguments/glossary.yaml"
OVERRIDES = "arguments/zh-overrides.tsv"
VOCABULARY = "arguments/zh-Hant-vocabulary.tsv"
ESSAY_FILE = "essay.yaml"


def load_project(root: Path, memo=None) -> tuple[Project, list[Problem]]:
    """``memo``: a memo.Memo kept by a long-lived caller; files whose bytes did not change are not parsed again."""
    root = Path(root)
    project = Project(root=root)
    problems: list[Problem] = []
    shared = []  # the revisions of every input but the node files
    arguments = root / "arguments"
    for essay_dir in sorted(p for p in arguments.iterdir() if p.is_dir()) if arguments.is_dir() else []:
        essay, more, revision = _load_essay(root, essay_dir, memo)
        problems += more
        shared.append((essay_dir.name, revision))
        if essay is not None:
            project.essays[essay.id] = essay
            source_id = essay.data.get("source")
            if isinstance(source_id, str) and source_id not in project.sources:
                source, more = sources.load(root, source_id)
                problems += more
                if source is not None:
                    project.sources[source_id] = source
        for path in sorted(essay_dir.glob("*.yaml")):
            if path.name == ESSAY_FILE:
                continue
            shown = path.relative_to(root).as_posix()
            data, lines, more, revision = yamlfile.load_file(path, shown, memo=memo)
            problems += more
            if data is None or not isinstance(data, dict):
                project.unreadable[path.stem] = shown  # it exists: other files that name it must not say otherwise
            if data is None:
                continue
            if not isinstance(data, dict):
                from .messages import Nested
                kind = "array" if isinstance(data, list) else "string" if isinstance(data, str) else "number"
                problems.append(problem(shown, 1, "E107", kind=Nested(f"type.{kind}")))
                continue
            node_id = data.get("id") if isinstance(data.get("id"), str) else path.stem
            node = Node(node_id, shown, data, lines, folder=essay_dir.name, stem=path.stem, revision=revision)
            if memo is not None:  # only memo keys use them
                node.revisions = memo.get(("revisions", shown, revision), lambda: language_revisions(data))
            if node_id in project.nodes:
                project.duplicates.append(node)
            else:
                project.nodes[node_id] = node
    glossary_path = root / GLOSSARY
    if glossary_path.exists():
        data, lines, more, revision = yamlfile.load_file(glossary_path, GLOSSARY, yamlfile.MAX_SHARED_BYTES, memo)
        problems += more
        shared.append((GLOSSARY, revision))
        if isinstance(data, dict):
            project.glossary_data = data
            project.glossary = [t for t in data.get("terms") or [] if isinstance(t, dict)]
            project.glossary_lines = lines
    project.overrides, more = load_overrides(root)
    problems += more
    project.vocabulary, more = load_vocabulary(root)
    shared.append((VOCABULARY, repr(project.vocabulary)))
    problems += more
    shared.append((OVERRIDES, repr(project.overrides)))
    for source_id, source in sorted(project.sources.items()):
        parallel = source.parallel
        texts = [repr((t.lang, t.paragraphs)) for t in parallel.translations.values()] if parallel else []
        repairs = [repr(r) for r in parallel.repairs] if parallel else []
        shared.append((source_id, json.dumps(source.meta, sort_keys=True, ensure_ascii=False, default=str),
                       digest(*source.paragraphs), digest(*texts, *repairs)))
    project.revision = digest(*map(repr, shared))
    return project, problems


def _load_essay(root: Path, essay_dir: Path, memo=None) -> tuple[Essay | None, list[Problem], str]:
    path = essay_dir / ESSAY_FILE
    shown = path.relative_to(root).as_posix()
    if not path.exists():
        return None, [problem(shown, 1, "E310.no-essay", folder=essay_dir.name)], ""
    data, lines, problems, revision = yamlfile.load_file(path, shown, yamlfile.MAX_SHARED_BYTES, memo)
    if data is None:
        return None, problems, revision
    if not isinstance(data, dict):
        return None, problems + [problem(shown, 1, "E107.essay")], revision
    essay = Essay(essay_dir.name, shown, data, lines)
    for order, item in enumerate(data.get("sections") or []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            essay.sections.append(Section(item["id"], essay.id, item.get("title") or {}, item.get("parent"), order))
    return essay, problems, revision


def load_overrides(root: Path) -> tuple[list, list[Problem]]:
    """The project-wide OpenCC phrase overrides: `zh-Hans<TAB>zh-Hant<TAB>reason` per line."""
    path = root / OVERRIDES
    if not path.exists():
        return [], []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [problem(OVERRIDES, 1, "E603.read", reason=str(exc))]
    result, problems = [], []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0] or not parts[1] or not parts[2].strip():
            problems.append(problem(OVERRIDES, number, "E603"))
            continue
        result.append((parts[0], parts[1], number))
    return result, problems


def load_vocabulary(root: Path) -> tuple[list, list[Problem]]:
    """The Taiwan vocabulary: `mainland term<TAB>Taiwan term<TAB>note` per line (see conversion.Vocabulary)."""
    path = root / VOCABULARY
    if not path.exists():
        return [], []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(VOCABULARY, 1, "E603", f"cannot read the vocabulary file ({exc})", "save it as UTF-8")]
    result, problems = [], []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0] or not parts[1] or not parts[2].strip() or parts[0] == parts[1]:
            problems.append(Problem(VOCABULARY, number, "E603",
                                    "a vocabulary line needs three tab-separated columns: mainland term, Taiwan "
                                    "term (different), note",
                                    "write e.g. `美联储<TAB>聯準會<TAB>the Federal Reserve`"))
            continue
        result.append((parts[0], parts[1], number))
    return result, problems
