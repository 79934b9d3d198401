"""The pipeline in one place: sources -> model -> enriched model -> flowables -> PDF."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from handbook import gc_settings
from handbook.gc_settings import freezing
from handbook.edition_cut import apply_edition, check_selections
from handbook.build_request import BuildRequest, choose_theme, laid_out, write_outputs, writing
from handbook.enrich import enrich_book
from handbook.errors import BuildFailed, Diagnostics, display_path
from handbook.incremental.chapters import CheckedGlyphs, ChapterReuse, ScanEntries
from handbook.incremental.faces import faces_remembered
from handbook.incremental.themes import themes_remembered
from handbook.incremental.keys import SourceKeys
from handbook.incremental.store import BuildCache
from handbook.model import Book, Chapter
from handbook.options import BuildOptions, answers_mode
from handbook.parse import parse_book
from handbook.parse.book import parse_chapter
from handbook.progress import Progress
from handbook.sources import load_sources
from handbook.sources.yamlload import line_of
from handbook.theme import Theme


@dataclass
class Prepared:
    book: Book
    theme: Theme
    answers: str
    keys: SourceKeys | None = None  # the cache keys of this build's sources (None: no cache)
    options: BuildOptions | None = None  # as the edition settled them (language)


@dataclass
class BuildResult:
    output: Path
    pages: int
    diagnostics: Diagnostics
    record: object
    extra_outputs: list = field(default_factory=list)  # booklet, chapter PDFs


def prepare(
    source_dir: Path,
    options: BuildOptions,
    diagnostics: Diagnostics,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    output: Path | None = None,
    focus=None,
) -> Prepared | None:
    """Load, parse, validate and enrich; None if errors were reported (all of them).
    With a `cache`, chapters parsed by an earlier build from the same text are reused.
    `focus(book)` -> a chapter (for a preview): only it and the chapters before it are
    enriched (what it prints depends only on those: numbers, first uses of acronyms) and only
    its characters are checked against the fonts."""
    progress = progress or Progress.off()
    progress.stage("reading sources")
    keys = (
        SourceKeys(Path(source_dir), output, book=focus is None)
        if cache is not None and cache.enabled
        else None
    )
    reuse = ChapterReuse(cache, keys, parse_chapter) if cache is not None and keys else None
    with freezing():  # (see ChapterReuse.split_one)
        sources = load_sources(
            Path(source_dir), diagnostics, options.language, split_one=reuse and reuse.split_one
        )
        total = len(sources.chapters)
        book = parse_book(
            sources,
            diagnostics,
            language=options.language,
            on_chapter=lambda count: progress.update(f"parsing chapters: {count}/{total}"),
            parse_one=reuse and reuse.parse_one,
        )
        if reuse is not None:  # before enrichment changes them
            reuse.store_parsed(whole_book=focus is None)
    whole = not (options.edition or options.select)
    if not whole:  # a cut of the book (edition_cut.py)
        cut = apply_edition(book, options, diagnostics)
        if cut is None:
            return None
        options = cut
    edition = book.settings.editions.get(options.edition) if options.edition else None
    style_line = edition.style_line if edition and edition.style else line_of(sources.book, "style")
    named_at = (sources.book_path, style_line) if sources.book_path and sources.book else None
    theme = choose_theme(Path(source_dir), options.style, book, diagnostics, named_at=named_at)
    if theme is None:
        return None
    answers = answers_mode(options, book.settings)
    focused = focus(book) if focus else None
    if focused is not None:
        book.chapters = book.chapters[: book.chapters.index(focused) + 1]
        book.preview_of = len(book.chapters)
        if reuse is not None:  # the acronym step may start at this chapter
            book.acronym_journal = reuse.recorded_journal(book, repr((theme, options, answers)))
    elif focus is None and reuse is not None and whole:  # (a cut's chapters are not what their text says)
        book.acronym_scans = ScanEntries(reuse, lambda: repr((theme, options, answers, book.settings)))
    enrich_book(book, theme, options, diagnostics)
    from handbook.layout.glyphs import report_missing_glyphs  # late: reportlab only when needed

    # reported with the errors, too
    checked = CheckedGlyphs(cache, keys, theme) if cache is not None and keys is not None else None
    shown = book if focused is None else replace(book, chapters=[focused])
    report_missing_glyphs(shown, theme, diagnostics, checked)
    if diagnostics.has_errors:
        return None  # (and nothing stored: a build with errors writes nothing)
    if checked is not None:
        checked.store()
    if reuse is not None and focused is None and book.acronym_journal is not None:
        reuse.record_journal(book, repr((theme, options, answers)))
    return Prepared(book, theme, answers, keys, options)


@contextmanager
def fewer_collections():
    """Python's cyclic garbage collector runs every 700 new objects and, as the model grows,
    walks all of it again and again (a third of reading a cached book); the model makes no
    garbage cycles worth collecting early, so collect rarely while it is built."""
    with gc_settings.fewer_collections(50_000):
        yield


def check(source_dir: Path, options: BuildOptions = BuildOptions()) -> Diagnostics:
    diagnostics = Diagnostics()
    prepared = prepare(source_dir, options, diagnostics)
    if prepared is not None and not (options.edition or options.select):
        check_selections(prepared.book, diagnostics)  # an edition or test that selects nothing
    return diagnostics


def build(
    source_dir: Path,
    output: Path,
    options: BuildOptions = BuildOptions(),
    progress: Progress | None = None,
    use_cache: bool = False,
    jobs: int | None = 1,
) -> BuildResult:
    """Build the PDF; raise BuildFailed (output untouched) when the sources have errors.
    `use_cache`: reuse and store work in .cache beside `output` (the command line's default;
    off here, so a caller that changes the code in memory, as tests do, never gets stale work).
    `jobs`: processes that lay chapters out (None: one per core; the command line's default)."""
    from handbook.output.pdf import render_pdf  # late: startup of `check` stays light
    from handbook.output.products import write_products
    from handbook.incremental.passes import warn_unsettled
    from handbook.incremental.recordings import ChapterRecordings, remember_book, reused_book

    diagnostics = Diagnostics()
    BuildRequest(Path(source_dir), Path(output), options).refuse_outputs(diagnostics)  # (the CLI first)
    cache = BuildCache.for_build(Path(source_dir), Path(output), enabled=use_cache)
    # (faces are read as the glyph check and the layout need them; the theme as prepare does)
    with faces_remembered(cache), themes_remembered(cache):
        with fewer_collections():
            prepared = prepare(source_dir, options, diagnostics, progress, cache, output)
        if prepared is None:
            raise BuildFailed(diagnostics)
        options = prepared.options or options  # as the edition settled them
        rendered = reused_book(cache, prepared, options)
        if rendered is None:
            recordings = ChapterRecordings(cache, prepared, options)
            rendered = laid_out(
                Path(source_dir),
                diagnostics,
                lambda: render_pdf(
                    prepared.book, prepared.theme, options, prepared.answers, progress, recordings, jobs
                ),
            )
            remember_book(cache, prepared, options, rendered)
        if rendered.unsettled:
            warn_unsettled(diagnostics, Path(source_dir), rendered.unsettled)
        for path, line in rendered.unset:
            diagnostics.warning(
                Path(path),
                line,
                "this paragraph could not be set with even word spaces (a word wider than the line, "
                "which may not be hyphenated): its lines were broken one by one, the long word cut "
                "where the line ends; a shorter word, a soft hyphen (&shy;) or a space lets it set",
                code="paragraph-unset",
            )
        with writing(diagnostics, Path(output)):  # the PDF and its products, all at once
            extra = write_products(
                rendered.data, rendered.record, prepared.book, prepared.theme, Path(output), options
            )
    cache.report(diagnostics)
    return BuildResult(Path(output), rendered.record.pages, diagnostics, rendered.record, extra)


def build_chapter(
    source_dir: Path,
    output: Path,
    wanted: str,
    options: BuildOptions = BuildOptions(),
    use_cache: bool = False,
    book_output: Path | None = None,
) -> BuildResult:
    """Preview one chapter (`wanted`: its number or its file) into `output`: the whole book is
    prepared, only this chapter is laid out. The cache is the one beside `book_output` (the
    book's PDF; default: beside `output`), where the book's page numbers are remembered."""
    from handbook.output.preview import find_chapter, render_chapter
    from handbook.incremental.recordings import last_folios

    diagnostics = Diagnostics()
    BuildRequest(Path(source_dir), Path(output), options).refuse_outputs(diagnostics)
    cache = BuildCache.for_build(Path(source_dir), Path(book_output or output), enabled=use_cache)
    with faces_remembered(cache), themes_remembered(cache):
        found: list[Chapter | None] = []

        def focus(book):
            found[:] = [find_chapter(book, wanted)]
            return found[0]

        with fewer_collections():
            prepared = prepare(source_dir, options, diagnostics, None, cache, book_output or output, focus)
        if prepared is None:
            raise BuildFailed(diagnostics)
        chapter = found[0] if found else None
        # The book's warnings about other files (an acronym unused *so far*) do not apply here.
        own = display_path(chapter.path) if chapter else None
        diagnostics.items = [d for d in diagnostics.items if d.severity == "error" or d.path == own]
        if chapter is None:
            count = len(prepared.book.chapters)
            diagnostics.error(
                source_dir,
                None,
                f"no chapter '{wanted}': name a chapter file or a number from 1 to {count}",
                code="preview-no-chapter",
            )
            raise BuildFailed(diagnostics)
        folios = last_folios(cache, prepared, options)
        rendered = laid_out(
            Path(source_dir),
            diagnostics,
            lambda: render_chapter(prepared.book, chapter, prepared.theme, options, prepared.answers, folios),
        )
    write_outputs({Path(output): rendered.data}, diagnostics, Path(output))
    cache.report(diagnostics)
    return BuildResult(Path(output), rendered.record.pages, diagnostics, rendered.record)
