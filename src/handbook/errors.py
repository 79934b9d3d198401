"""One error type for everything a user can get wrong, and one collector.

Every stage reports problems into a `Diagnostics` instead of raising, so one
run shows all of them. A stage that cannot go on raises `BuildFailed`.
"""

from __future__ import annotations

import os
import re
import reprlib
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

    def error(self, path, line: int | None, message: str, column: int | None = None, *, code: str) -> None:
        self.items.append(
            Diagnostic(safe_text(display_path(path)), line, "error", safe_text(message), column, code=code)
        )

    def warning(self, path, line: int | None, message: str, column: int | None = None, *, code: str) -> None:
        severity = self.severities.get(code, "warning")
        if severity != "ignore":
            self.items.append(
                Diagnostic(
                    safe_text(display_path(path)),
                    line,
                    severity,  # type: ignore[arg-type]
                    safe_text(message),
                    column,
                    code=code,
                )
            )

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

    if not isinstance(word, str) or len(word) > MAX_NAME_GUESS:
        return ""  # difflib is quadratic: a name that long is no typo of a short one
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


MAX_NAME_GUESS = 100  # characters; longer words get no "did you mean"
MAX_MESSAGE = 2000  # characters of one message; a source can make a value of any length
MAX_SHOWN = 60  # characters of a value quoted in a message

# Characters a terminal would act on (ESC starts colour and cursor codes, BEL rings) and lone
# surrogates (which cannot be printed as UTF-8 at all): shown as \x1b, \u0007, \ud800.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """`text` fit for a terminal and a JSON report: control characters, bidi overrides and
    lone surrogates escaped, and at most MAX_MESSAGE characters."""
    text = str(text)
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE] + f"... ({len(text) - MAX_MESSAGE} more characters)"
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_SHORT = reprlib.Repr()
_SHORT.maxstring = MAX_SHOWN
_SHORT.maxother = MAX_SHOWN
_SHORT.maxlevel = 3
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxtuple = _SHORT.maxset = 4


def shown(value) -> str:
    """A source value for a message, like repr() but never long: a value built from YAML
    aliases can be megabytes as text (and a self-referencing list is endless)."""
    if isinstance(value, str):
        return repr(value) if len(value) <= MAX_SHOWN else repr(value[:MAX_SHOWN]) + "..."
    return _SHORT.repr(value)


def shown_text(value) -> str:
    """Like `shown`, without quotes around a short string: for "unknown kind 'x'" messages."""
    if isinstance(value, str):
        return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "..."
    return _SHORT.repr(value)
