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
import sys
from pathlib import Path

from . import loader, sources
from .conversion import Converter
from .problems import CODES, report

ROOT = Path(__file__).resolve().parents[2]


def _check(args) -> int:
    from . import validation
    project, problems, result = validation.check(args.root, Path(args.seeds) if args.seeds else None)
    if args.paths:
        wanted = [Path(p).resolve() for p in args.paths]
        problems = [p for p in problems if any(_within(args.root / p.path, w) for w in wanted)]
    errors = report(problems, sys.stderr)
    for cov in result.coverage.values():
        print(f"coverage: {cov.essay}: {cov.quoted}/{cov.argumentative} argumentative paragraphs quoted "
              f"({cov.percent:.1f}%)", file=sys.stderr)
    from . import translations
    for cov in translations.coverage(project):
        repairs = "" if cov.repairs is None else f", {cov.repairs} repair{'s' if cov.repairs != 1 else ''}"
        print(f"translation: {cov.source}: {cov.lang} {cov.present}/{cov.total} paragraphs ({cov.percent:.1f}%{repairs})",
              file=sys.stderr)
    nodes = len(project.nodes)
    print(f"checked {nodes} nodes in {len(project.essays)} essays: {errors} errors, "
          f"{len(problems) - errors} warnings", file=sys.stderr)
    return 1 if errors else 0


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
            from .output import write_atomic
            write_atomic(args.root / "sources" / f"{source.id}.txt", "\n".join(rebuilt) + "\n")
            print(f"sources/{source.id}.txt: {len(rebuilt)} paragraphs", file=sys.stderr)
    if args.write:
        sources.write_checksums(args.root, project.sources)
    if not args.write:
        problems += sources.compare(args.root, seeds, project.sources.values())
    return 1 if report([p for p in problems if p.path.startswith("sources/")], sys.stderr) else 0


def _sync(args) -> int:
    from .sync import sync_file
    project, problems = loader.load_project(args.root)
    converter = Converter(project.overrides, project.vocabulary)
    scripts = {e.id: (project.sources[e.data["source"]].script if e.data.get("source") in project.sources
                      else "zh-Hans") for e in project.essays.values()}
    targets = [args.root / e.path for e in project.essays.values()] + [args.root / n.path
                                                                         for n in project.nodes.values()]
    if args.paths:
        wanted = [Path(p).resolve() for p in args.paths]
        targets = [t for t in targets if any(_within(t, w) for w in wanted)]
    filled = 0
    for path in targets:
        essay = path.parent.name
        try:
            count = sync_file(path, scripts.get(essay, "zh-Hans"), converter, args.force)
        except Exception as exc:  # a broken file is reported by check; sync leaves it untouched
            print(f"{path.relative_to(args.root)}:1: skipped, cannot be read ({type(exc).__name__}) — "
                  "run make check", file=sys.stderr)
            continue
        if count:
            filled += count
            print(f"{path.relative_to(args.root)}: filled {count} text(s)", file=sys.stderr)
    from . import translations
    written = 0
    if not args.paths or any(_within(Path(p), args.root / "sources") or _within(args.root / "sources", Path(p).resolve())
                             for p in args.paths):
        written = translations.sync(args.root, project, converter, args.force, log=sys.stderr)
    print(f"sync: {filled} text(s) filled, {written} converted source text(s) written", file=sys.stderr)
    return 0


def _fmt(args) -> int:
    from .sync import fmt_file
    project, _ = loader.load_project(args.root)
    targets = [args.root / e.path for e in project.essays.values()] + [args.root / n.path
                                                                         for n in project.nodes.values()]
    if (args.root / loader.GLOSSARY).exists():
        targets.append(args.root / loader.GLOSSARY)
    if args.paths:
        wanted = [Path(p).resolve() for p in args.paths]
        targets = [t for t in targets if any(_within(t, w) for w in wanted)]
    changed = 0
    for path in targets:
        try:
            count = fmt_file(path)
        except Exception as exc:  # a broken file is reported by check; fmt leaves it untouched
            print(f"{path.relative_to(args.root)}:1: skipped, cannot be read ({type(exc).__name__}) — "
                  "run make check", file=sys.stderr)
            continue
        if count:
            changed += 1
            print(f"{path.relative_to(args.root)}: formatted", file=sys.stderr)
    print(f"fmt: {changed} file(s) formatted", file=sys.stderr)
    return 0


def _new(args) -> int:
    from . import scaffold
    project, _ = loader.load_project(args.root)
    ask = sys.stdin.isatty() and not args.no_input

    def need(value, prompt, choices=None):
        if value or not ask:
            return value
        hint = f" ({', '.join(choices)})" if choices else ""
        return input(f"{prompt}{hint}: ").strip()

    essay = need(args.essay, "essay", sorted(project.essays))
    sections = [s.id for s in project.essays[essay].sections] if essay in project.essays else None
    section = need(args.section, "section", sections)
    node_type = need(args.type, "type", ["thesis", "premise", "evidence", "counterargument", "rebuttal"])
    supports = args.supports or ([] if not ask else [t for t in need(None, "supports (ids, blank for none)").split()])
    attacks = args.attacks or ([] if not ask or supports else need(None, "attacks (ids)").split())
    node_id = need(args.id, "id (e.g. hg-d1-my-claim)")
    try:
        if not (essay and section and node_type and node_id):
            raise scaffold.ScaffoldError("give ESSAY=, SECTION=, TYPE= and ID= (and SUPPORTS= or ATTACKS=)")
        scaffold.validate_request(project, essay, section, node_type, args.origin, node_id, supports, attacks)
        source = project.sources.get(project.essays[essay].data.get("source"))
        text = scaffold.node_text(node_id, essay, section, node_type, args.origin,
                                  source.script if source else "zh-Hans", supports, attacks, args.contributor)
        path = args.root / "arguments" / essay / f"{node_id}.yaml"
        scaffold.write_new(path, text)
    except scaffold.ScaffoldError as exc:
        print(f"new: {exc}", file=sys.stderr)
        return 2
    shown = path.relative_to(args.root)
    print(f"created {shown}\nnext: fill in every TODO, then `make sync FILES={shown}` and `make check`",
          file=sys.stderr)
    return 0


def _convert(args) -> int:
    project, _ = loader.load_project(args.root)
    print(Converter(project.overrides, project.vocabulary).convert(" ".join(args.text), args.to))
    return 0


def _generate(args) -> int:
    from . import generator
    outcome = generator.generate(args.root, log=sys.stderr)
    return 0 if outcome.ok else 1


def _clean(args) -> int:
    """Remove what the tools make (paths.GENERATED) and this project's caches outside the repository."""
    import shutil
    from . import paths
    removed = 0
    for pattern in paths.GENERATED:
        for path in sorted(args.root.glob(pattern)):
            if path.is_symlink() or path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
            else:
                continue
            removed += 1
            print(f"removed {path.relative_to(args.root).as_posix()}", file=sys.stderr)
    cache = paths.cache_dir(args.root, "")
    if cache.is_dir():
        shutil.rmtree(cache)
    print(f"clean: {removed} path(s) removed", file=sys.stderr)
    return 0


def _tracked(args) -> int:
    """Fail when git tracks a file under a generated or cache path: nothing committed there may feed the build."""
    import subprocess
    from . import paths
    result = subprocess.run(["git", "ls-files", "-z"], cwd=args.root, capture_output=True, timeout=120)
    if result.returncode != 0:
        print("tracked: not a git checkout", file=sys.stderr)
        return 2
    names = [n for n in result.stdout.decode("utf-8", "replace").split("\0") if n]
    bad = [n for n in names if paths.is_generated(n)]
    for name in bad:
        shown = name.encode("unicode_escape").decode("ascii")  # a name is data: no control characters echoed
        print(f"{shown}:1: E810 this path is generated or a cache, and git tracks it — git rm --cached it: "
              "the build makes it", file=sys.stderr)
    print(f"tracked: {len(bad)} generated or cached file(s) committed", file=sys.stderr)
    return 1 if bad else 0


def _codes(args) -> int:
    for code, summary in CODES.items():
        print(f"{code}  {summary}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="argmap", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check")
    check.add_argument("paths", nargs="*")
    check.add_argument("--seeds", help="also check sources/*.txt against the seeds in this folder")
    check.set_defaults(func=_check)
    sync = sub.add_parser("sync")
    sync.add_argument("paths", nargs="*")
    sync.add_argument("--force", action="store_true", help="overwrite reviewed texts too")
    sync.set_defaults(func=_sync)
    new = sub.add_parser("new")
    new.add_argument("--essay")
    new.add_argument("--section")
    new.add_argument("--type")
    new.add_argument("--id")
    new.add_argument("--supports", nargs="*", default=[])
    new.add_argument("--attacks", nargs="*", default=[])
    new.add_argument("--origin", default="essay", choices=("essay", "editor", "contributor"))
    new.add_argument("--contributor")
    new.add_argument("--no-input", action="store_true", help="never prompt")
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
    codes = sub.add_parser("codes")
    codes.set_defaults(func=_codes)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
