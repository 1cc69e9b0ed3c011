"""The pull-request check speaks GitHub: problems as annotations on the file and line, a job summary.

Workflow commands (``::error file=…,line=…,title=…::message``) are read by the runner from any line of the
log that starts with ``::``. Every piece of data in them is escaped as the runner unescapes it (actions/
toolkit, command.ts): in the message ``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``; in a property also ``:`` →
``%3A`` and ``,`` → ``%2C``. So no text of a pull request can end the annotation early or start a command of
its own (``::stop-commands::``, ``::add-mask::``, a second ``::error``) on a line of its own; and the
terminal-safe rendering of messages.safe already shows control characters as escapes.
"""
import html

from argmap import messages


def escape_data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem, lang: str = "en") -> str:
    message, fix = problem.texts(lang)
    body = f"{message} — {fix}" if fix else message
    kind = "error" if problem.is_error else "warning"
    props = (f"file={escape_property(messages.safe(problem.path))},line={int(problem.line)},"
             f"title={escape_property(problem.code)}")
    return f"::{kind} {props}::{escape_data(body)}"


def annotations(problems, lang: str = "en") -> list[str]:
    return [annotation(p, lang) for p in problems]


def _cell(text: str) -> str:
    """Text for a Markdown table cell: HTML-escaped, pipes escaped, on one line."""
    return html.escape(messages.safe(text), quote=False).replace("|", "\\|")


def job_summary(problems, coverage, nodes: int, essays: int, lang: str = "en") -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the counts, the coverage of each essay, the problems."""
    t = lambda key, **f: messages.text(key, lang, **f)  # noqa: E731
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    out = [f"## {t('summary.title')}", "",
           t("check.summary", nodes=nodes, essays=essays, errors=errors, warnings=warnings), "",
           f"| {t('summary.essay')} | {t('summary.quoted')} | {t('summary.coverage')} |", "| --- | ---: | ---: |"]
    for cov in coverage:
        out.append(f"| {_cell(cov.essay)} | {cov.quoted}/{cov.argumentative} | {cov.percent:.1f}% |")
    if problems:
        out += ["", f"| {t('summary.where')} | {t('summary.code')} | {t('summary.problem')} |", "| --- | --- | --- |"]
        for problem in problems[:200]:
            message, fix = problem.texts(lang)
            text = f"{message} — {fix}" if fix else message
            out.append(f"| {_cell(problem.path)}:{problem.line} | {problem.code} | {_cell(text)} |")
        if len(problems) > 200:
            out.append(f"| … | | {t('summary.more', count=len(problems) - 200)} |")
    return "\n".join(out) + "\n"
