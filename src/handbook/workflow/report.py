"""`handbook check` output: grouped by file for people, JSON for editors' tooling, or one
`path:line: severity: message` line per problem for grep and quickfix lists."""

from __future__ import annotations

import json
import os
from collections import Counter
from itertools import groupby
from typing import IO

import click

from handbook.errors import Diagnostic, Diagnostics

FORMATS = ("text", "json", "lines")
SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def use_colour(stream: IO, environ=os.environ) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def as_json(diagnostics: Diagnostics) -> str:
    """A list of {path, line, column, severity, code, message}, in file and line order."""
    return json.dumps(
        [
            {
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "severity": d.severity,
                "code": d.code,
                "message": d.message,
            }
            for d in diagnostics.sorted()
        ],
        indent=2,
        ensure_ascii=False,
    )


def as_lines(diagnostics: Diagnostics) -> str:
    """What `handbook build` prints: one `path:line: severity: message` per problem, a summary."""
    return "\n".join([d.format() for d in diagnostics.sorted()] + [summary(diagnostics)])


def fold_repeated(diagnostics: Diagnostics, source) -> Diagnostics:
    """What `handbook build` prints: the warnings of a code that comes up more than once folded
    into one line at `source`, with the first of them (`handbook check` lists each)."""
    found = Counter(d.code for d in diagnostics.warnings)
    kept = Diagnostics([d for d in diagnostics.items if d.severity == "error" or found[d.code] == 1])
    for code, count in sorted(found.items()):
        if count > 1:
            first = next(d for d in diagnostics.sorted() if d.severity == "warning" and d.code == code)
            where = first.path + (f":{first.line}" if first.line else "")
            kept.warning(
                source,
                None,
                f"{count} warnings [{code}], the first at {where}: "
                f"{first.message}; 'handbook check' lists them all",
                code=code,
            )
    return kept


def as_groups(diagnostics: Diagnostics, colour: bool) -> str:
    """Problems under a heading per file, then a summary; '' when there are none.

        chapters/02-trade.md  (1 error, 1 warning)
        chapters/02-trade.md:6: error: 'date' must be a date written YYYY-MM-DD, not '27 Oct 2025' [value-invalid]
        chapters/02-trade.md:31:4: warning: undefined acronym 'ARF' [acronym-undefined]

    Each problem keeps the project's `path:line: severity: message` form, so terminals and
    editors can still jump to the line; its code follows in brackets (for `--ignore CODE`).
    """

    def style(text: str, **how) -> str:
        return click.style(text, **how) if colour else text

    items = diagnostics.sorted()
    if not items:
        return ""
    out: list[str] = []
    for path, grouped in groupby(items, key=lambda d: d.path):
        group = list(grouped)
        counts = Counter(item.severity for item in group)
        tally = ", ".join(_plural(counts[kind], kind) for kind in ("error", "warning") if counts[kind])
        out.append(f"{style(path, bold=True, underline=True)}  ({tally})")
        out.extend(_styled_line(item, style) for item in group)
        out.append("")
    out.append(summary(diagnostics, style, files=len({d.path for d in items})))
    return "\n".join(out)


def _styled_line(item: Diagnostic, style) -> str:
    where = item.format()[: -len(f"{item.severity}: {item.message}")]  # "path:line: "
    severity = style(
        f"{item.severity}:",
        fg=SEVERITY_COLOURS[item.severity],
        bold=True if item.severity == "error" else None,
    )
    return f"{where}{severity} {item.message}" + (style(f" [{item.code}]", dim=True) if item.code else "")


def summary(diagnostics: Diagnostics, style=lambda text, **how: text, files: int = 0) -> str:
    errors = len(diagnostics.errors)
    text = f"{_plural(errors, 'error')}, {_plural(len(diagnostics.warnings), 'warning')}"
    if files:
        text += f" in {_plural(files, 'file')}"
    return style(text, fg="red" if errors else "yellow", bold=True)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"
