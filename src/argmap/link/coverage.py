"""Link stage: which paragraphs of each essay's source the nodes quote (the coverage figures, and what the
source pages and `make check` show)."""
from __future__ import annotations

from dataclasses import dataclass, field

from argmap.model import Project


@dataclass
class Coverage:
    essay: str
    argumentative: int = 0
    quoted: int = 0
    missing: list = field(default_factory=list)
    quoted_by: dict = field(default_factory=dict)   # paragraph -> [node ids]

    @property
    def percent(self) -> float:
        return 100.0 * self.quoted / self.argumentative if self.argumentative else 100.0


def coverage(project: Project) -> dict:
    result = {}
    by_essay = project.nodes_by_essay()
    for essay in project.essays.values():
        source = project.sources.get(essay.data.get("source"))
        if source is None:
            continue
        skipped = {item.get("paragraph") for item in essay.data.get("non_argumentative") or []
                   if isinstance(item, dict)}
        cov = Coverage(essay.id)
        for node in by_essay.get(essay.id, []):
            anchor = node.source if isinstance(node.source, dict) else {}
            number, quote = anchor.get("paragraph"), anchor.get("quote")
            paragraph = source.paragraph(number) if isinstance(number, int) else None
            if paragraph and isinstance(quote, str) and quote in paragraph:
                cov.quoted_by.setdefault(number, []).append(node.id)
        for number in range(1, len(source.paragraphs) + 1):
            if number in skipped:
                continue
            cov.argumentative += 1
            if number in cov.quoted_by:
                cov.quoted += 1
            else:
                cov.missing.append(number)
        result[essay.id] = cov
    return result
