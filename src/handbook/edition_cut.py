"""Cut a parsed book down to an edition: the chapters a selection takes, and the edition's own
title, theme, answers mode and language (between parse and enrich, so numbering, the glossary,
first-use expansion and the syllabus index see the selected chapters only)."""

from __future__ import annotations

import dataclasses

from handbook.errors import Diagnostics, did_you_mean
from handbook.model import Book
from handbook.options import BuildOptions
from handbook.parse.edition_entries import selection_at

COMMAND_LINE = "--select"  # the "file" a mistake in a command-line selection is reported in


def find_edition(book: Book, name: str, diagnostics: Diagnostics, table: str = "editions"):
    """The named edition (or test, with table="tests"), or None with an error saying which exist."""
    entries = getattr(book.settings, table)
    if name in entries:
        return entries[name]  # None when its mistakes were reported already
    known = ", ".join(entries) or "none"
    where = book.settings.loc.path if book.settings.loc else book.source_dir
    message = (
        f"no {table[:-1]} named '{name}' in book.yaml's '{table}:' "
        f"(defined: {known}){did_you_mean(name, entries)}"
    )
    if table == "tests":
        diagnostics.error(where, None, message, code="test-unknown")
    else:
        diagnostics.error(where, None, message, code="edition-unknown")
    return None


def selections(spec, options: BuildOptions, diagnostics: Diagnostics) -> list | None:
    """The selections that apply: the edition's (or test's) and the command line's; None on a mistake."""
    out = [spec.select] if spec is not None and spec.select is not None else []
    if options.select:
        parsed = selection_at(options.select, COMMAND_LINE, 1, diagnostics)
        if parsed is None:
            return None
        out.append(parsed)
    return out


def select_chapters(book: Book, chosen: list, spec, diagnostics: Diagnostics) -> bool:
    """Keep the chapters every selection takes (in book order); False, with a warning, when none is left."""
    if not chosen or not book.chapters:
        return bool(book.chapters)
    everything = book.chapters
    for selection in chosen:
        book.chapters = selection.select(book.chapters)
    if book.chapters:
        return True
    text = " and ".join(f"'{s.source}'" for s in chosen)
    hint = what_there_is(everything)
    if spec is not None and spec.select is not None:
        diagnostics.warning(
            spec.loc.path,
            spec.loc.line,
            f"the selection {text} takes no chapter: '{spec.name}' is empty and nothing was written{hint}",
            code="select-empty",
        )
    else:
        diagnostics.warning(
            COMMAND_LINE,
            None,
            f"the selection {text} takes no chapter: nothing was written{hint}",
            code="select-empty",
        )
    return False


def what_there_is(chapters: list) -> str:
    """'; the chapters have papers GS2, GS3 and dates 2025-09-14 to 2025-10-20': what a selection could match."""
    papers = sorted({c.meta.paper for c in chapters if c.meta.paper})
    dates = sorted(c.meta.date for c in chapters if c.meta.date)
    parts = ([f"papers {', '.join(papers)}"] if papers else []) + (
        [f"dates {dates[0]} to {dates[-1]}"] if dates else []
    )
    return f"; the chapters have {' and '.join(parts)}" if parts else ""


def check_selections(book: Book, diagnostics: Diagnostics) -> None:
    """`handbook check`: warn about every edition and test of book.yaml that takes no chapter."""
    for table in ("editions", "tests"):
        for spec in getattr(book.settings, table).values():
            if spec is not None and spec.select is not None:
                select_chapters(dataclasses.replace(book), [spec.select], spec, diagnostics)


def apply_edition(book: Book, options: BuildOptions, diagnostics: Diagnostics) -> BuildOptions | None:
    """Cut `book` in place to the edition and selection `options` name; the options the rest of
    the build uses (the edition's language filled in), or None when nothing is left to build."""
    edition = None
    if options.edition:
        edition = find_edition(book, options.edition, diagnostics)
        if edition is None:
            return None
    chosen = selections(edition, options, diagnostics)
    if chosen is None:
        return None
    if edition is not None:
        settings = book.settings
        for key in ("title", "subtitle", "style", "answers"):
            if getattr(edition, key):
                setattr(settings, key, getattr(edition, key))
        if edition.language and not options.language:
            options = dataclasses.replace(options, language=edition.language)
    if not select_chapters(book, chosen, edition, diagnostics):
        return None
    return options


def named_in_book_yaml(source_dir, table: str = "editions") -> dict:
    """{name: entry} of book.yaml's editions (or tests), read on their own, quietly: for the
    command line to name outputs before the build (the build reports any problem)."""
    from pathlib import Path

    from handbook.parse.edition_entries import parse_editions, parse_tests
    from handbook.sources.confine import PathRefused, confined
    from handbook.sources.files import BOOK_FILE, load_mapping
    from handbook.sources.yamlload import line_of

    quiet = Diagnostics()
    try:  # as load_sources reads it: a book.yaml that links out of the folder is not read
        path = confined(BOOK_FILE, Path(source_dir), Path(source_dir))
    except PathRefused:
        return {}
    if not path.is_file():
        return {}
    data = load_mapping(path, quiet)
    if not isinstance(data, dict) or table not in data:
        return {}
    parse = parse_editions if table == "editions" else parse_tests
    return parse(data[table], path, line_of(data, table), quiet)
