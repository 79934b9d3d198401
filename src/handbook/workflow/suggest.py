"""`handbook glossary suggest`: a glossary.yaml skeleton of every undefined acronym.

The undefined words are the ones `handbook check` reports (the enrich step's one detector,
`book.undefined_acronyms`); where the text defines one itself ("Union Public Service Commission
(UPSC)") the expansion is filled in, else it is "TODO", which `check` then lists.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click

from handbook.errors import BuildFailed, Diagnostics, display_path
from handbook.options import BuildOptions

# Plain YAML keys that need no quotes (and are not YAML 1.1 booleans or nulls).
_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9&\-]*\Z")
_YAML_WORDS = {"Y", "N", "YES", "NO", "ON", "OFF", "TRUE", "FALSE", "NULL"}


def suggestions(source: Path, options: BuildOptions) -> list[str]:
    """One `ACR: expansion  # N uses, first at file:line` line per undefined acronym, most used
    first. Raises BuildFailed when the sources have errors."""
    from handbook.enrich.acronym_text import defined_in_text
    from handbook.enrich.inline_runs import book_runs
    from handbook.model import plain_text
    from handbook.pipeline import prepare

    diagnostics = Diagnostics()
    prepared = prepare(source, options, diagnostics)
    if prepared is None:
        raise BuildFailed(diagnostics)
    book = prepared.book
    texts = [plain_text(run.inlines) for _, run in book_runs(book, "end")]
    lines = []
    for token, places in sorted(book.undefined_acronyms.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        expansion = _best(
            [found for text in texts if token in text for found in [defined_in_text(text, token)] if found]
        )
        first = places[0]
        where = display_path(first.path) + (f":{first.line}" if first.line else "")
        uses = f"{len(places)} use{'s' * (len(places) != 1)}"
        lines.append(
            f"{yaml_key(token)}: {json.dumps(expansion or 'TODO', ensure_ascii=False)}"
            f"  # {uses}, first at {where}"
        )
    return lines


def _best(found: list[str]) -> str | None:
    """The first definition not set in capitals (a heading's 'WORLD TRADE ORGANIZATION'),
    else the first, in title case."""
    for expansion in found:
        if not expansion.isupper():
            return expansion
    if not found:
        return None
    small = {"of", "and", "the", "for", "in", "on", "to", "a", "an", "at", "by", "with"}
    words = found[0].lower().split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))


def yaml_key(token: str) -> str:
    if _PLAIN_KEY.match(token) and token.upper() not in _YAML_WORDS:
        return token
    return json.dumps(token, ensure_ascii=False)


def append_to_glossary(source: Path, lines: list[str]) -> Path:
    """Append the lines to SOURCE/glossary.yaml (created if missing); existing text, and so
    every existing entry, is kept as it is."""
    from handbook.output.atomic import write_atomically

    path = Path(source) / "glossary.yaml"
    if path.exists() and Path(source).resolve() not in path.resolve().parents:
        raise click.ClickException(
            f"{display_path(path)} is a link to a file outside the source folder; not writing to it"
        )
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    head = f"# added by 'handbook glossary suggest' on {dt.date.today().isoformat()}: fill in each TODO\n"
    write_atomically(path, (old + ("\n" if old else "") + head + "\n".join(lines) + "\n").encode("utf-8"))
    return path
