"""The pipeline in one place: sources -> model -> enriched model -> flowables -> PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handbook.enrich import enrich_book
from handbook.errors import BuildFailed, Diagnostics
from handbook.layout.glyphs import report_missing_glyphs
from handbook.model import Book
from handbook.options import BuildOptions
from handbook.parse import parse_book
from handbook.sources import load_sources
from handbook.theme import Theme, load_theme_into


@dataclass
class Prepared:
    book: Book
    theme: Theme
    answers: str


@dataclass
class BuildResult:
    output: Path
    pages: int
    diagnostics: Diagnostics
    record: object


def prepare(source_dir: Path, options: BuildOptions, diagnostics: Diagnostics) -> Prepared | None:
    """Load, parse, validate and enrich; None if errors were reported (all of them)."""
    sources = load_sources(Path(source_dir), diagnostics)
    book = parse_book(sources, diagnostics)
    style = options.style or book.settings.style
    theme = load_theme_into(style, diagnostics, base_dir=Path(source_dir))
    if theme is None:
        return None
    answers = options.answers or book.settings.answers
    enrich_book(book, theme, options, diagnostics)
    if diagnostics.has_errors:
        return None
    report_missing_glyphs(book, theme, diagnostics)
    return Prepared(book, theme, answers)


def check(source_dir: Path, options: BuildOptions = BuildOptions()) -> Diagnostics:
    diagnostics = Diagnostics()
    prepare(source_dir, options, diagnostics)
    return diagnostics


def build(source_dir: Path, output: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the PDF; raise BuildFailed (output untouched) when the sources have errors."""
    from handbook.output.atomic import write_atomically
    from handbook.output.pdf import LayoutFailed, render_pdf

    diagnostics = Diagnostics()
    prepared = prepare(source_dir, options, diagnostics)
    if prepared is None:
        raise BuildFailed(diagnostics)
    try:
        rendered = render_pdf(prepared.book, prepared.theme, options, prepared.answers)
    except LayoutFailed as exc:
        loc = exc.loc
        diagnostics.error(loc.path if loc else source_dir, loc.line if loc else None, str(exc))
        raise BuildFailed(diagnostics) from exc
    try:
        write_atomically(Path(output), rendered.data)
    except OSError as exc:  # a folder in the way, no permission, disk full
        diagnostics.error(output, None, f"cannot write the PDF: {exc.strerror or exc}")
        raise BuildFailed(diagnostics) from exc
    return BuildResult(Path(output), rendered.record.pages, diagnostics, rendered.record)
