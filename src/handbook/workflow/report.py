"""`handbook check` output: grouped by file for people, JSON for editors' tooling, or one
`path:line: severity: message` line per problem for grep and quickfix lists."""

from __future__ import annotations

import json
import os
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
    """A list of {path, line, column, severity, message}, in file and line order."""
    return json.dumps([{"path": d.path, "line": d.line, "column": d.column,
                        "severity": d.severity, "message": d.message}
                       for d in diagnostics.sorted()], indent=2, ensure_ascii=False)


def as_lines(diagnostics: Diagnostics) -> str:
    """What `handbook build` prints: one `path:line: severity: message` per problem, a summary."""
    return "\n".join([d.format() for d in diagnostics.sorted()] + [summary(diagnostics)])


def as_groups(diagnostics: Diagnostics, colour: bool) -> str:
    """Problems under the name of their file, then a summary; '' when there are none.

        chapters/02-trade.md
           6     error    'date' must be a date written YYYY-MM-DD, not '27 Oct 2025'
          31:4   warning  undefined acronym 'ARF'
    """
    def style(text: str, **how) -> str:
        return click.style(text, **how) if colour else text

    items = diagnostics.sorted()
    if not items:
        return ""
    out: list[str] = []
    for path, group in groupby(items, key=lambda d: d.path):
        out.append(style(path, bold=True, underline=True))
        for item in group:
            out.append(_group_line(item, style))
        out.append("")
    out.append(summary(diagnostics, style, files=len({d.path for d in items})))
    return "\n".join(out)


def _group_line(item: Diagnostic, style) -> str:
    where = "" if item.line is None else str(item.line)
    if item.column is not None and where:
        where += f":{item.column}"
    severity = style(f"{item.severity:<8}", fg=SEVERITY_COLOURS[item.severity],
                     bold=True if item.severity == "error" else None)
    where = f"{where or '-':<6}"
    return f"  {style(where, dim=True)} {severity} {item.message}"


def summary(diagnostics: Diagnostics, style=lambda text, **how: text, files: int = 0) -> str:
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    text = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if files:
        text += f" in {files} file{'s' * (files != 1)}"
    return style(text, fg="red" if errors else "yellow", bold=True)
