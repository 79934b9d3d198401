"""One error type for everything a user can get wrong, and one collector.

Every stage reports problems into a `Diagnostics` instead of raising, so one
run shows all of them. A stage that cannot go on raises `BuildFailed`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


def display_path(path: str | os.PathLike | None) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    if path is None:
        return "<unknown>"
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int | None
    severity: Severity
    message: str
    column: int | None = None
    # A short stable id ("acronym-undefined", "image-missing"; listed in docs/format.md): what
    # tests, JSON consumers, `check --ignore` and per-code severities match, never the wording.
    code: str = field(kw_only=True)

    def format(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"

    def sort_key(self):
        return (self.path, self.line or 0, self.column or 0)


SEVERITY_CHOICES = ("ignore", "warning", "error")  # book.yaml `diagnostics: {code: ...}`


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)
    # Per-code severity from book.yaml's `diagnostics:` (code -> ignore | warning | error). It
    # applies to warnings only: an error stops the build because the book cannot be made.
    severities: dict[str, str] = field(default_factory=dict)

    def error(self, path, line: int | None, message: str, column: int | None = None, *,
              code: str) -> None:
        self.items.append(Diagnostic(display_path(path), line, "error", message, column, code=code))

    def warning(self, path, line: int | None, message: str, column: int | None = None, *,
                code: str) -> None:
        severity = self.severities.get(code, "warning")
        if severity != "ignore":
            self.items.append(Diagnostic(display_path(path), line, severity, message, column, code=code))

    def without(self, codes) -> "Diagnostics":
        """These problems without the warnings of the given codes (`check --ignore CODE`)."""
        ignored = set(codes)
        return Diagnostics([d for d in self.items if d.severity == "error" or d.code not in ignored])

    def extend(self, other: "Diagnostics") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        # Stable: problems of one file stay in the order they were found.
        return sorted(self.items, key=Diagnostic.sort_key)


class BuildFailed(Exception):
    """Raised when errors were reported and the build cannot go on."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"{len(diagnostics.errors)} error(s)")
        self.diagnostics = diagnostics


class LayoutFailed(Exception):
    """A block cannot be laid out (too big for any page, too many table columns).

    `loc` is the source Location of the block (None when unknown); the message is for the user.
    """

    def __init__(self, message: str, loc=None):
        super().__init__(message)
        self.loc = loc


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'x'?)' for the closest known name, or ''."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
