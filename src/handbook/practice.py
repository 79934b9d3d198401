"""`handbook test`: a practice test paper and its answer key, from the questions of the selected
chapters: sources -> parse -> selection (editions) -> draw (enrich.practice) -> layout
(layout.test_paper, layout.test_key) -> two PDFs, written atomically."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from handbook.build_request import BuildRequest, choose_theme, laid_out, write_outputs
from handbook.edition_cut import COMMAND_LINE, find_edition, select_chapters, selections
from handbook.enrich.numbering import number_book
from handbook.enrich.practice import draw_paper
from handbook.errors import BuildFailed, Diagnostics
from handbook.model.document import Location
from handbook.model.book_cuts import TestSpec
from handbook.options import BuildOptions
from handbook.parse import parse_book
from handbook.sources import load_sources


@dataclass
class TestResult:
    paper: Path
    key: Path
    pages: int
    key_pages: int
    questions: int
    diagnostics: Diagnostics


def key_path(output: Path) -> Path:
    return output.with_name(output.stem + "-key.pdf")


def build_test(
    source_dir: Path,
    output: Path | None,
    name: str | None = None,
    select: str | None = None,
    style: str | None = None,
    out_dir: Path = Path("build"),
    **overrides,
) -> TestResult:
    """Build the test `name` of book.yaml (or one made of `select` and `overrides`: count,
    types, seed, minutes, marks, shuffle, title, date). Raise BuildFailed on a mistake; then
    neither PDF is touched."""
    from handbook.layout.context import LayoutContext, PageRefs
    from handbook.layout.fonts import register_fonts
    from handbook.layout.test_key import layout_test_key
    from handbook.layout.test_paper import layout_test_paper
    from handbook.output.pdf import render_story

    source_dir = Path(source_dir)
    diagnostics = Diagnostics()
    sources = load_sources(source_dir, diagnostics)
    book = parse_book(sources, diagnostics)
    if diagnostics.has_errors:
        raise BuildFailed(diagnostics)
    spec = (
        find_edition(book, name, diagnostics, "tests")
        if name
        else TestSpec("test", Location(Path(COMMAND_LINE)))
    )
    if spec is None:
        raise BuildFailed(diagnostics)
    given = {key: value for key, value in overrides.items() if value is not None}
    spec = dataclasses.replace(spec, **given)
    chosen = selections(spec, BuildOptions(select=select), diagnostics)
    if chosen is None or not select_chapters(book, chosen, spec, diagnostics):
        raise BuildFailed(diagnostics)
    named_at = (spec.loc.path, spec.loc.line) if spec.style and not style else None
    theme = choose_theme(source_dir, style, book, diagnostics, named=spec.style, named_at=named_at)
    if theme is None or diagnostics.has_errors:
        raise BuildFailed(diagnostics)
    number_book(book, theme, None, diagnostics)  # the key names each question's chapter by number
    # A count given on the command line is the command line's mistake, else the test's.
    where = (spec.loc.path, spec.loc.line) if name and "count" not in given else ("--count", None)
    paper = draw_paper(book, spec, theme.test_paper.words.title, diagnostics, where)
    if paper is None:
        raise BuildFailed(diagnostics)
    default_name = f"test-{spec.name}.pdf" if name else "test.pdf"
    output = Path(output) if output else Path(out_dir) / (spec.output or default_name)
    if output.suffix.lower() != ".pdf":  # never write over a source named by mistake
        diagnostics.error(
            "-o", None, f"the paper's file name must end in .pdf, not '{output.name}'", code="output-not-pdf"
        )
        raise BuildFailed(diagnostics)
    request = BuildRequest(source_dir, output, also=(key_path(output),))
    request.refuse_outputs(diagnostics)  # the paper and its key, before any work
    titled = dataclasses.replace(book, settings=dataclasses.replace(book.settings, title=paper.title))
    ctx = LayoutContext(theme=theme, book=book, refs=PageRefs(), options=BuildOptions(), answers="end")
    register_fonts(theme)  # before the layout: paragraphs look their fonts up when made
    paper_pdf, record = laid_out(
        source_dir, diagnostics, lambda: render_story(layout_test_paper(paper, ctx), titled, theme)
    )
    key_pdf, key_record = laid_out(
        source_dir, diagnostics, lambda: render_story(layout_test_key(paper, ctx), titled, theme)
    )
    # together: a failure leaves both the last paper and its key as they were
    write_outputs({output: paper_pdf, key_path(output): key_pdf}, diagnostics, output)
    return TestResult(
        output, key_path(output), record.pages, key_record.pages, len(paper.questions), diagnostics
    )
