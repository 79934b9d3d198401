"""The pipeline in one place: sources -> model -> enriched model -> flowables -> PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handbook.editions import apply_edition, check_selections
from handbook.enrich import enrich_book
from handbook.errors import BuildFailed, Diagnostics
from handbook.model import Book
from handbook.options import BuildOptions, answers_mode
from handbook.output.guard import output_refusal
from handbook.parse import parse_book
from handbook.progress import Progress
from handbook.sources import load_sources
from handbook.sources.yamlload import line_of
from handbook.theme import Theme, load_theme_into


@dataclass
class Prepared:
    book: Book
    theme: Theme
    answers: str
    options: BuildOptions | None = None  # as the edition settled them (language)


@dataclass
class BuildResult:
    output: Path
    pages: int
    diagnostics: Diagnostics
    record: object
    extra_outputs: list = field(default_factory=list)  # booklet, chapter PDFs


def prepare(source_dir: Path, options: BuildOptions, diagnostics: Diagnostics,
            progress: Progress | None = None) -> Prepared | None:
    """Load, parse, validate and enrich; None if errors were reported (all of them)."""
    progress = progress or Progress.off()
    progress.stage("reading sources")
    sources = load_sources(Path(source_dir), diagnostics)
    total = len(sources.chapters)
    book = parse_book(sources, diagnostics,
                      on_chapter=lambda count: progress.update(f"parsing chapters: {count}/{total}"))
    if options.edition or options.select:  # a cut of the book (editions.py)
        cut = apply_edition(book, options, diagnostics)
        if cut is None:
            return None
        options = cut
    if options.style:  # chosen on the command line: a path from the working folder, else the source's
        from_here = Path(options.style).is_file()
        theme = load_theme_into(options.style, diagnostics, base_dir=None if from_here else Path(source_dir))
    else:  # named by book.yaml: a built-in theme or a file inside the source folder
        book_yaml = sources.book_path
        edition = book.settings.editions.get(options.edition) if options.edition else None
        style_line = edition.style_line if edition and edition.style else line_of(sources.book, "style")
        named_at = (book_yaml, style_line) if book_yaml and sources.book else None
        theme = load_theme_into(book.settings.style, diagnostics, base_dir=Path(source_dir),
                                confine_to=Path(source_dir), named_at=named_at)
    if theme is None:
        return None
    answers = answers_mode(options, book.settings)
    enrich_book(book, theme, options, diagnostics)
    if diagnostics.has_errors:
        return None
    from handbook.layout.glyphs import report_missing_glyphs  # late: reportlab only when needed

    report_missing_glyphs(book, theme, diagnostics)
    return Prepared(book, theme, answers, options)


def check(source_dir: Path, options: BuildOptions = BuildOptions()) -> Diagnostics:
    diagnostics = Diagnostics()
    prepared = prepare(source_dir, options, diagnostics)
    if prepared is not None and not (options.edition or options.select):
        check_selections(prepared.book, diagnostics)  # an edition or test that selects nothing
    return diagnostics


def build(source_dir: Path, output: Path, options: BuildOptions = BuildOptions(),
          progress: Progress | None = None) -> BuildResult:
    """Build the PDF; raise BuildFailed (output untouched) when the sources have errors."""
    from handbook.output.pdf import LayoutFailed, render_pdf  # late: startup of `check` stays light
    from handbook.output.products import ForeignFile, write_products

    diagnostics = Diagnostics()
    refusal = output_refusal(Path(source_dir), Path(output))  # the CLI refuses it first (exit 2)
    if refusal:
        diagnostics.error(output, None, refusal, code="output-refused")
        raise BuildFailed(diagnostics)
    prepared = prepare(source_dir, options, diagnostics, progress)
    if prepared is None:
        raise BuildFailed(diagnostics)
    try:
        options = prepared.options or options
        rendered = render_pdf(prepared.book, prepared.theme, options, prepared.answers, progress)
    except LayoutFailed as exc:
        loc = exc.loc
        diagnostics.error(loc.path if loc else source_dir, loc.line if loc else None, str(exc), code="layout-failed")
        raise BuildFailed(diagnostics) from exc
    try:
        extra = write_products(rendered.data, rendered.record, prepared.book, prepared.theme,
                               Path(output), options)
    except OSError as exc:  # a folder in the way, no permission, disk full
        failed = exc.filename if str(exc.filename or "").endswith(".pdf") else output  # a product?
        diagnostics.error(failed, None, f"cannot write the PDF: {exc.strerror or exc}",
                          code="output-foreign" if isinstance(exc, ForeignFile) else "output-unwritable")
        raise BuildFailed(diagnostics) from exc
    return BuildResult(Path(output), rendered.record.pages, diagnostics, rendered.record, extra)
