"""Problems found by any stage: collected, then reported together (as MkDocs and tldr-lint do).

Every problem has a stable code from ``CODES``; its message is specific to the file and the fix tells a
contributor what to do. ``format`` gives ``path:line: CODE message — fix``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Stable rule codes. Never renumber: contributors and CI logs refer to them.
# The one-line summary is used by CONTRIBUTING.md and `argmap codes`.
CODES = {
    # Reading files
    "E100": "file is not valid UTF-8",
    "E101": "YAML syntax error",
    "E102": "duplicate key",
    "E103": "YAML anchor, alias, merge key or tag",
    "E104": "tab character",
    "E105": "byte-order mark",
    "E106": "empty file",
    "E107": "top level is not a mapping",
    "E108": "file or line too long",
    "E109": "file cannot be read",
    # Shape (JSON Schema)
    "E201": "required field missing",
    "E202": "unknown field",
    "E203": "wrong type or value",
    "E204": "invalid id",
    # Identity and relations
    "E301": "id differs from file name",
    "E302": "duplicate id",
    "E303": "relation target does not exist",
    "E304": "node relates to itself",
    "E305": "cycle of supports",
    "E306": "node not connected to its essay's main thesis",
    "E307": "duplicate relation",
    "E308": "co-premise does not support the same conclusion",
    "E309": "undercut names an inference that does not exist",
    "E310": "unknown essay or section",
    "E311": "main thesis missing or wrong",
    "E312": "relation between essays not marked as an editor's",
    # Languages
    "E401": "language missing or empty",
    "E402": "Chinese scripts disagree with OpenCC",
    "E403": "Simplified-only characters in zh-Hant",
    "E404": "Traditional-only characters in zh-Hans",
    "E405": "text in the wrong language",
    "E406": "invisible or bidirectional control character",
    "E407": "ASCII punctuation in Chinese text",
    "E408": "placeholder not filled in",
    "E409": "fields not in canonical order",
    "E410": "mainland term in zh-Hant, or Taiwan term in zh-Hans (Taiwan vocabulary)",
    "E411": "glossary term not rendered the glossary's way",
    # Sources and quotes
    "E501": "quote not found in the source",
    "E502": "quote is in another paragraph",
    "E503": "paragraph does not exist",
    "E504": "node from the essay has no source anchor",
    "E505": "argumentative paragraph not quoted by any node",
    "E506": "source text differs from its recipe",
    "E507": "source recipe cannot be applied",
    # Translations of the sources (sources/<essay>.<lang>.txt, sources/<essay>.repairs.yaml)
    "E508": "translation file missing",
    "E509": "translated paragraph missing",
    "E510": "translation has more paragraphs than the source",
    "E511": "translated paragraph empty",
    "E512": "converted script differs from OpenCC plus the recorded repairs",
    "E513": "repair cannot be applied",
    "E514": "quote cannot be marked in the source",
    # Fact-checks, glossary, overrides
    "E601": "fact-check status needs a reference",
    "E602": "glossary entry duplicated",
    "E603": "override file line malformed",
    "E604": "reference URL not http or https",
    # Limits and what may be read (hostile or careless input)
    "E801": "nesting too deep",
    "E802": "number too large or not finite",
    "E803": "text too long",
    "E804": "section parent chain loops or is too deep",
    "E805": "not a regular file inside the project",
    "E806": "file is not read where it is",
    "E807": "reserved id",
    "E808": "too many relations, files or bytes",
    "E809": "source metadata or checksums missing or malformed",
    "E810": "generated file would replace a file the generator did not write",
    "W701": "override never used",
    "W702": "paragraph not yet quoted (essay mapping in progress)",
    "W703": "repair no longer needed",
    "W704": "glossary term not used in the English translation",
}


@dataclass(frozen=True, order=True)
class Problem:
    """``message`` and ``fix`` are the English text; ``key`` and ``fields`` (when the problem was made by
    ``problem``) give it in any language of src/argmap/messages/."""
    path: str
    line: int
    code: str
    message: str
    fix: str = ""
    key: str = field(default="", compare=False)
    fields: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")

    def texts(self, lang: str = "en") -> tuple[str, str]:
        """(message, fix) in ``lang``; every piece of data in them made safe for a terminal."""
        from argmap.messages import render, safe
        if self.key and lang != "en":
            return render(self.key, lang, self.fields)
        return (self.message, self.fix) if self.key else (safe(self.message), safe(self.fix))

    def format(self, lang: str = "en") -> str:
        from argmap.messages import safe
        message, fix = self.texts(lang)
        text = f"{safe(self.path)}:{self.line}: {self.code} {message}"
        return f"{text} — {fix}" if fix else text


def problem(path: str, line: int, key: str, /, **fields) -> Problem:
    """A problem whose message and fix are the templates ``key`` of src/argmap/messages/ filled with ``fields``."""
    from argmap.messages import render
    message, fix = render(key, "en", fields)
    return Problem(path, line, key.split(".", 1)[0], message, fix, key, fields)


def unique(problems) -> list:
    """Problems sorted by file and line, each once (two rules may find the same thing)."""
    return sorted(set(problems))


def counts(problems) -> tuple[int, int]:
    """(errors, warnings) of the problems, each counted once: the figures the summary prints."""
    found = unique(problems)
    errors = sum(p.is_error for p in found)
    return errors, len(found) - errors


def report(problems, stream, lang: str = "en") -> int:
    """Print problems sorted by file and line, each once; return how many are errors."""
    errors = 0
    for item in unique(problems):
        print(item.format(lang), file=stream)
        errors += item.is_error
    return errors

def did_you_mean(value: str, choices) -> str:
    """The closest of ``choices`` to ``value`` (difflib), or '' when none is close."""
    import difflib
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return found[0] if found else ""
