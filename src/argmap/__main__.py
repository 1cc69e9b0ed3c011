"""Command line: `argmap` (console script of the package; also `python -m argmap`).

  check [PATH ...]      validate everything; report problems (only those in PATHs, if given) and coverage
  sync [--force] [PATH ...]  fill the missing Chinese script with OpenCC (+ overrides)
  fmt [PATH ...]        canonical formatting (full-width punctuation in Chinese texts)
  new [--essay E --section S --type T --id ID --supports X ...]   scaffold a node (prompts if interactive)
  convert --to zh-Hant|zh-Hans TEXT   print OpenCC's conversion with the project's overrides
  sources [--seeds DIR] [--write]     rebuild sources/*.txt from the seeds and compare
  generate              write the generated pages into docs/ (what the MkDocs hook does)
  clean                 remove generated pages, the site and caches (argmap.paths.GENERATED)
  tracked               fail when git tracks a file under a generated or cache path
  codes                 list every problem code
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from argmap import messages, paths, pipeline
from argmap.convert.conversion import Converter
from argmap.load import loader, sources
from argmap.problems import CODES, counts, problem, report, unique

ROOT = paths.PROJECT


def _check(args) -> int:
    lang = args.lang
    project, problems, result = pipeline.check(args.root, Path(args.seeds) if args.seeds else None)
    if args.paths:
        wanted = [Path(p).resolve() for p in args.paths]
        problems = [p for p in problems if any(_within(args.root / p.path, w) for w in wanted)]
        problems += _missing_path_problems(args)  # a path that names nothing would pass silently
    problems = unique(problems)
    if args.format == "github":
        from argmap import github
        for line in github.annotations(problems, lang):
            print(line)
        summary = args.summary or os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as stream:
                stream.write(github.job_summary(problems, result.coverage.values(), len(project.nodes),
                                                len(project.essays), lang))
    report(problems, sys.stderr, lang)
    errors, warnings = counts(problems)
    for cov in result.coverage.values():
        print(messages.text("check.coverage", lang, essay=cov.essay, quoted=cov.quoted, total=cov.argumentative,
                            percent=f"{cov.percent:.1f}"), file=sys.stderr)
    from argmap.convert import translations
    for cov in translations.coverage(project):
        key = ("check.translation" if cov.repairs is None else
               "check.translation-repair" if cov.repairs == 1 else "check.translation-repairs")
        print(messages.text(key, lang, source=cov.source, language=cov.lang, present=cov.present, total=cov.total,
                            percent=f"{cov.percent:.1f}", repairs=cov.repairs), file=sys.stderr)
    print(messages.text("check.summary", lang, nodes=len(project.nodes), essays=len(project.essays), errors=errors,
                        warnings=warnings), file=sys.stderr)
    return 1 if errors else 0


def _missing_path_problems(args) -> list:
    """E109.path for each PATH given that names nothing (it would pass silently)."""
    root, found = args.root.resolve(), []
    for given in args.paths:
        path = Path(given).resolve()
        if not path.exists() and not path.is_symlink():
            found.append(problem(path.relative_to(root).as_posix() if _within(path, root) else given, 1, "E109.path"))
    return found


def _missing_paths(args) -> bool:
    """Report the PATHs that name nothing (sync, fmt); True when there was one: nothing is done then."""
    found = _missing_path_problems(args)
    report(found, sys.stderr, args.lang)
    return bool(found)


def _within(path: Path, wanted: Path) -> bool:
    path = path.resolve()
    return path == wanted or wanted in path.parents


def _sources(args) -> int:
    project, problems = loader.load_project(args.root)
    seeds = Path(args.seeds)
    for source in project.sources.values():
        rebuilt, more = sources.rebuild(args.root, seeds, source)
        problems += more
        if rebuilt is not None and args.write:
            from argmap.write.output import write_atomic
            write_atomic(args.root / "sources" / f"{source.id}.txt", "\n".join(rebuilt) + "\n")
            print(f"sources/{source.id}.txt: {len(rebuilt)} paragraphs", file=sys.stderr)
    if args.write:
        sources.write_checksums(args.root, project.sources)
    if not args.write:
        problems += sources.compare(args.root, seeds, project.sources.values())
    return 1 if report([p for p in problems if p.path.startswith("sources/")], sys.stderr, args.lang) else 0


def _sync(args) -> int:
    from argmap.convert.previous import History
    from argmap.convert.sync import Refused, sync_file
    lang = args.lang
    project, problems = loader.load_project(args.root)
    converter = Converter.of(project)
    history = History(args.root)
    earlier = history.earlier_converters(project)  # the conversion before a change of the override tables
    scripts = {e.id: (project.sources[e.data["source"]].script if e.data.get("source") in project.sources
                      else "zh-Hans") for e in project.essays.values()}
    targets = [args.root / e.path for e in project.essays.values()] + [args.root / n.path
                                                                         for n in project.nodes.values()]
    lines = {e.path: e.lines for e in project.essays.values()}
    lines.update({n.path: n.lines for n in project.nodes.values()})
    if args.paths:
        chosen = [Path(p).resolve() for p in args.paths]
        targets = [t for t in targets if any(_within(t, w) for w in chosen)]
        if _missing_paths(args):
            return 1
    filled = conflicts = unfilled = 0
    for path in targets:
        relative = path.relative_to(args.root).as_posix()
        essay = path.parent.name
        script = scripts.get(essay, "zh-Hans")
        other = "zh-Hant" if script == "zh-Hans" else "zh-Hans"
        edited: list[tuple[tuple, str, str]] = []

        def guard(where, current, wanted, relative=relative, script=script, other=other, edited=edited):
            if current == wanted:   # consistent (or just written): a later edit of the original may replace it
                history.remember(relative, where + (other,), current)
                return False
            if not (isinstance(current, str) and current.strip()):
                history.remember(relative, where + (other,), wanted)
                return True
            if history.is_stale(relative, where, script, other, current, converter.convert, earlier):
                history.remember(relative, where + (other,), wanted)
                return True
            edited.append((where, current, wanted))
            if args.force:
                history.remember(relative, where + (other,), wanted)
            return False

        missing: list[tuple] = []
        try:
            count = sync_file(path, script, converter, args.force, guard, missing)
        except Refused as exc:
            print(messages.text(exc.key, lang, path=relative, **exc.fields), file=sys.stderr)
            continue
        except Exception as exc:  # noqa: BLE001 - a broken file is reported by check; sync leaves it untouched
            print(messages.text("sync.unreadable", lang, path=relative, reason=type(exc).__name__), file=sys.stderr)
            continue
        for where in missing:  # the original is missing: nothing to convert from
            unfilled += 1
            print(messages.text("sync.original-missing", lang, path=relative, name=".".join(map(str, where)),
                                line=_line_of(lines.get(relative, {}), where + (other,)), script=script,
                                other=other, essay=essay), file=sys.stderr)
        for where, current, wanted in edited:
            line = _line_of(lines.get(relative, {}), where + (other,))
            name = ".".join(map(str, where))
            if args.force:
                print(messages.text("sync.overwrote", lang, path=relative, line=line, name=name, other=other,
                                    text=current), file=sys.stderr)
                continue
            conflicts += 1
            original = _at(project, relative, where, script)
            shown = dict(path=relative, line=line, name=name, other=other, script=script, essay=essay)
            print(messages.text("sync.conflict", lang, **shown), file=sys.stderr)
            print(messages.text("sync.original", lang, script=script, text=original), file=sys.stderr)
            print(messages.text("sync.yours", lang, other=other, text=current), file=sys.stderr)
            print(messages.text("sync.wanted", lang, other=other, script=script, text=wanted), file=sys.stderr)
            print(messages.text("sync.yours-converted", lang, script=script,
                                text=converter.convert(current, script)), file=sys.stderr)
            for key in ("sync.keep", "sync.override", "sync.drop"):
                print(messages.text(key, lang, **shown), file=sys.stderr)
        if count:
            filled += count
            print(messages.text("sync.filled", lang, path=relative, count=count), file=sys.stderr)
    history.save()
    from argmap.convert import translations
    written = 0
    if not args.paths or any(_within(Path(p), args.root / "sources") or _within(args.root / "sources", Path(p).resolve())
                             for p in args.paths):
        written = translations.sync(args.root, project, converter, args.force, log=sys.stderr, lang=args.lang,
                                    earlier=earlier)
    print(messages.text("sync.summary", lang, count=filled, written=written), file=sys.stderr)
    if conflicts:
        print(messages.text("sync.conflicts", lang, count=conflicts), file=sys.stderr)
    return 1 if conflicts or unfilled else 0


def _line_of(lines: dict, where: tuple) -> int:
    from argmap.load.yamlfile import line_of
    return line_of(lines, where)


def _at(project, relative: str, where: tuple, script: str) -> str:
    from argmap.convert.previous import _at as at
    item = next((x for x in list(project.nodes.values()) + list(project.essays.values()) if x.path == relative), None)
    texts = at(item.data, where) if item is not None else None
    return texts.get(script, "") if isinstance(texts, dict) else ""


def _fmt(args) -> int:
    from argmap.convert.sync import Refused, fmt_file
    project, _ = loader.load_project(args.root)
    targets = [args.root / e.path for e in project.essays.values()] + [args.root / n.path
                                                                         for n in project.nodes.values()]
    if (args.root / loader.GLOSSARY).exists():
        targets.append(args.root / loader.GLOSSARY)
    if args.paths:
        wanted = [Path(p).resolve() for p in args.paths]
        targets = [t for t in targets if any(_within(t, w) for w in wanted)]
        if _missing_paths(args):
            return 1
    changed = 0
    for path in targets:
        try:
            count = fmt_file(path)
        except Refused as exc:
            print(messages.text(exc.key, args.lang, path=path.relative_to(args.root).as_posix(), **exc.fields),
                  file=sys.stderr)
            continue
        except Exception as exc:  # a broken file is reported by check; fmt leaves it untouched
            print(messages.text("sync.unreadable", args.lang, path=path.relative_to(args.root).as_posix(),
                                reason=type(exc).__name__), file=sys.stderr)
            continue
        if count:
            changed += 1
            print(messages.text("fmt.formatted", args.lang, path=path.relative_to(args.root).as_posix()),
                  file=sys.stderr)
    print(messages.text("fmt.summary", args.lang, count=changed), file=sys.stderr)
    return 0


def _new(args) -> int:
    """Scaffold a node. Interactive on a terminal: each answer is checked as it is given, and asked again
    when it is wrong (the message says why and what is allowed)."""
    from argmap import scaffold
    lang = args.lang
    project, _ = loader.load_project(args.root)
    ask = (sys.stdin.isatty() or args.ask) and not args.no_input
    say = lambda key, **f: messages.text(key, lang, **f)  # noqa: E731

    def need(value, prompt, check, optional=False):
        """The argument if given (checked later, all at once), else the answer to ``prompt``, asked again
        until ``check`` accepts it."""
        if value or not ask:
            return value
        while True:
            try:
                answer = input(prompt + " ").strip()
            except EOFError:
                raise scaffold.ScaffoldError(say("new.cancelled")) from None
            if not answer and optional:
                return answer
            try:
                return check(answer) if answer else check("")
            except scaffold.Invalid as exc:
                print("  " + exc.text(lang), file=sys.stderr)

    def ids(text):
        scaffold.check_targets(project, text.split())
        return text

    try:
        essay = need(args.essay, say("new.ask-essay", allowed=", ".join(sorted(project.essays))),
                     lambda v: scaffold.check_essay(project, v))
        sections = [s.id for s in project.essays[essay].sections] if essay in project.essays else []
        section = need(args.section, say("new.ask-section", allowed=", ".join(sections)),
                       lambda v: scaffold.check_section(project, essay, v))
        node_type = need(args.type, say("new.ask-type", allowed=", ".join(scaffold.NODE_TYPES)),
                         lambda v: scaffold.check_type(project, v))
        origin = need(args.origin, say("new.ask-origin"), lambda v: scaffold.check_origin(project, v)) or "essay"
        contributor = args.contributor
        if ask and not contributor and origin in ("editor", "contributor"):
            contributor = need(None, say("new.ask-contributor"), lambda v: v, optional=True) or None
        supports = args.supports or (need(None, say("new.ask-supports"), ids, optional=True).split() if ask else [])
        attacks = args.attacks
        while ask and not attacks and not supports and node_type != "thesis":
            attacks = need(None, say("new.ask-attacks"), ids, optional=True).split()
            if not attacks:
                print("  " + say("new.unrelated"), file=sys.stderr)
        node_id = need(args.id, say("new.ask-id", example=f"{scaffold.prefix(project, essay)}my-claim"),
                       lambda v: scaffold.check_id(project, v))
        if not (essay and section and node_type and node_id):
            raise scaffold.ScaffoldError(say("new.give"))
        scaffold.validate_request(project, essay, section, node_type, origin, node_id, supports, attacks, lang)
        source = project.sources.get(project.essays[essay].data.get("source"))
        text = scaffold.node_text(node_id, essay, section, node_type, origin,
                                  source.script if source else "zh-Hans", supports, attacks, contributor)
        path = args.root / "arguments" / essay / f"{node_id}.yaml"
        scaffold.write_new(path, text, lang, path.relative_to(args.root).as_posix())
    except scaffold.ScaffoldError as exc:
        print(f"new: {messages.safe(exc)}", file=sys.stderr)
        return 2
    shown = path.relative_to(args.root).as_posix()
    print(say("new.created", path=shown), file=sys.stderr)
    print(say("new.next", path=shown), file=sys.stderr)
    return 0


def _convert(args) -> int:
    project, _ = loader.load_project(args.root)
    print(Converter.of(project).convert(" ".join(args.text), args.to))
    return 0


def _generate(args) -> int:
    from argmap import pipeline
    outcome = pipeline.generate(args.root, log=sys.stderr, lang=args.lang)
    return 0 if outcome.ok else 1


def _clean(args) -> int:
    """Remove what the tools make (paths.GENERATED) and this project's caches outside the repository. In docs/
    only the files the generator wrote (its manifest): a file of a contributor's there is kept and named."""
    import shutil

    from argmap import paths
    from argmap.write import docs as docs_stage
    docs = args.root / "docs"
    owned = (docs_stage.read_manifest(docs) or set()) | {paths.MANIFEST[len("docs/"):]}
    removed, kept = 0, []
    for pattern in paths.GENERATED:
        for path in sorted(args.root.glob(pattern)):
            relative = path.relative_to(args.root).as_posix()
            if relative.startswith("docs/") and not path.is_symlink():
                files = [path] if path.is_file() else sorted(paths.walk(path)) if path.is_dir() else []
                for file in files:
                    if file.relative_to(docs).as_posix() in owned:
                        file.unlink()
                    else:
                        kept.append(file.relative_to(args.root).as_posix())
                _remove_empty(path)
            elif path.is_symlink() or path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
            else:
                continue
            removed += 1
            print(messages.text("clean.removed", args.lang, path=relative), file=sys.stderr)
    for name in kept:
        print(messages.text("clean.kept", args.lang, path=name), file=sys.stderr)
    cache = paths.cache_dir(args.root, "")
    if cache.is_dir():
        shutil.rmtree(cache)
    print(messages.text("clean.summary", args.lang, count=removed), file=sys.stderr)
    return 0


def _remove_empty(folder: Path) -> None:
    """Remove ``folder`` and the folders under it that are empty, deepest first (iteratively)."""
    if not folder.is_dir() or folder.is_symlink():
        return
    folders, stack = [], [folder]
    while stack:
        current = stack.pop()
        folders.append(current)
        stack += [Path(e.path) for e in os.scandir(current) if e.is_dir(follow_symlinks=False)]
    import contextlib
    for current in reversed(folders):
        with contextlib.suppress(OSError):  # not empty: a file of a contributor's is in it
            current.rmdir()


def _tracked(args) -> int:
    """Fail when git tracks a file under a generated or cache path: nothing committed there may feed the build."""
    import subprocess

    from argmap import paths
    result = subprocess.run(["git", "ls-files", "-z"], cwd=args.root, capture_output=True, timeout=120)
    if result.returncode != 0:
        print(messages.text("tracked.not-git", args.lang), file=sys.stderr)
        return 2
    names = [n for n in result.stdout.decode("utf-8", "replace").split("\0") if n]
    bad = [n for n in names if paths.is_generated(n)]
    report([problem(name, 1, "E810.tracked") for name in bad], sys.stderr, args.lang)  # paths made safe there
    print(messages.text("tracked.summary", args.lang, count=len(bad)), file=sys.stderr)
    return 1 if bad else 0


def _schemas(args) -> int:
    """Make (or, without --write, compare) schema/<lang>/*.schema.json from the English schemas and
    schema/i18n/<lang>.yaml."""
    from argmap.validate import schemas
    files, missing = schemas.made(args.root)
    for item in missing:
        print(f"schema/i18n/{messages.safe(item)} — translate this description", file=sys.stderr)
    if missing:
        return 1
    if args.write:
        for path in schemas.write(args.root):
            print(f"{path}: written", file=sys.stderr)
        return 0
    stale = [p for p, text in files.items() if not (args.root / p).exists()
             or (args.root / p).read_text(encoding="utf-8") != text]
    for path in stale:
        print(f"{path}: out of date — run argmap schemas --write", file=sys.stderr)
    return 1 if stale else 0


def _codes(args) -> int:
    for code, summary in CODES.items():
        print(f"{code}  {messages.summary(code, args.lang, summary)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="argmap", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--lang", choices=messages.LANGUAGES,
                        help="language of the messages (default: from LANGUAGE, LC_ALL, LC_MESSAGES, LANG)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check")
    check.add_argument("paths", nargs="*")
    check.add_argument("--seeds", help="also check sources/*.txt against the seeds in this folder")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: also print GitHub Actions annotations on stdout and a job summary")
    check.add_argument("--summary", help="with --format github: append the job summary (Markdown) to this file "
                       "(default: $GITHUB_STEP_SUMMARY)")
    check.set_defaults(func=_check)
    sync = sub.add_parser("sync")
    sync.add_argument("paths", nargs="*")
    sync.add_argument("--force", action="store_true",
                      help="overwrite texts changed by hand too (each one is printed first)")
    sync.set_defaults(func=_sync)
    new = sub.add_parser("new")
    new.add_argument("--essay")
    new.add_argument("--section")
    new.add_argument("--type")
    new.add_argument("--id")
    new.add_argument("--supports", nargs="*", default=[])
    new.add_argument("--attacks", nargs="*", default=[])
    new.add_argument("--origin", choices=("essay", "editor", "contributor"),
                     help="essay: stated in the essay; editor: the project's editors; contributor: anyone else "
                     "(default essay; asked when interactive)")
    new.add_argument("--contributor")
    new.add_argument("--no-input", action="store_true", help="never prompt")
    new.add_argument("--ask", action="store_true", help="prompt for what is missing even when stdin is not a terminal")
    new.set_defaults(func=_new)
    fmt = sub.add_parser("fmt")
    fmt.add_argument("paths", nargs="*")
    fmt.set_defaults(func=_fmt)
    convert = sub.add_parser("convert")
    convert.add_argument("--to", choices=("zh-Hant", "zh-Hans"), required=True)
    convert.add_argument("text", nargs="+")
    convert.set_defaults(func=_convert)
    src = sub.add_parser("sources")
    src.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    src.add_argument("--write", action="store_true")
    src.set_defaults(func=_sources)
    gen = sub.add_parser("generate")
    gen.set_defaults(func=_generate)
    sub.add_parser("clean", help="remove generated pages, the site and caches").set_defaults(func=_clean)
    sub.add_parser("tracked", help="fail when git tracks a generated or cached file").set_defaults(func=_tracked)
    schemas_ = sub.add_parser("schemas", help="the JSON Schemas in zh-Hans and zh-Hant (schema/<lang>/)")
    schemas_.add_argument("--write", action="store_true")
    schemas_.set_defaults(func=_schemas)
    codes = sub.add_parser("codes")
    codes.set_defaults(func=_codes)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    args.lang = args.lang or messages.choose()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
