"""Count the maps: nodes by type, relations by kind and origin, cross-essay links, fact-check verdicts.

    .venv/bin/python scripts/counts.py [ROOT]     (ROOT: a checkout; default: this one)

Prints a Markdown table; CONTRIBUTING.md records the figures before and after the editorial revision
(issue 17). Reads the argument files through argmap's loader, so it counts what the site shows.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from argmap.load import loader


def counts(root: Path) -> dict:
    project, _ = loader.load_project(root)
    nodes = project.nodes
    types = Counter(n.data.get("type") for n in nodes.values())
    relations, cross, verdicts = Counter(), Counter(), Counter()
    for node in nodes.values():
        for kind in ("supports", "attacks", "undercuts"):
            for item in node.data.get(kind) or []:
                target = item if isinstance(item, str) else item.get("target") or item.get("conclusion")
                origin = "essay" if isinstance(item, str) else item.get("origin", "essay")
                relations[(kind, origin)] += 1
                other = nodes.get(target)
                if other is not None and other.essay != node.essay:
                    cross[kind] += 1
        factcheck = node.data.get("factcheck")
        if isinstance(factcheck, dict):
            verdicts[factcheck.get("status")] += 1
    return {"nodes": len(nodes), "types": types, "relations": relations, "cross": cross, "verdicts": verdicts}


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1]
    c = counts(root)
    rows = [("nodes", c["nodes"])]
    rows += [(f"type {t}", n) for t, n in sorted(c["types"].items())]
    rows += [(f"{kind} ({origin})", n) for (kind, origin), n in sorted(c["relations"].items())]
    rows += [("relations, all", sum(c["relations"].values()))]
    rows += [(f"cross-essay {kind}", n) for kind, n in sorted(c["cross"].items())]
    rows += [("cross-essay links, all", sum(c["cross"].values()))]
    rows += [(f"verdict {v}", n) for v, n in sorted(c["verdicts"].items())]
    rows += [("fact-checks, all", sum(c["verdicts"].values()))]
    print("| count | n |\n|---|---|")
    for name, n in rows:
        print(f"| {name} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
