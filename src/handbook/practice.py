"""`handbook test`: a practice test paper and its answer key, from the questions of the selected
chapters: sources -> parse -> selection (editions) -> draw (enrich.practice) -> layout
(layout.test_paper, layout.test_key) -> two PDFs, written atomically."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from handbook.editions import COMMAND_LINE, find_edition, select_chapters, selections
from handbook.enrich.numbering import number_book
from handbook.enrich.practice import draw_paper
from handbook.errors import BuildFailed, Diagnostics
from handbook.model.document import Location
from handbook.model.editions import TestSpec
from handbook.options import BuildOptions
from handbook.parse import parse_book
from handbook.sources import load_sources
from handbook.theme import load_theme_into


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
    from handbook.output.atomic import write_atomically
    from handbook.output.guard import output_refusal
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
    theme = _theme(source_dir, style, spec.style or book.settings.style, diagnostics)
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
    for target in (output, key_path(output)):  # never over a source or a file handbook did not write
        refusal = output_refusal(source_dir, target)
        if refusal:
            diagnostics.error(target, None, refusal, code="output-refused")
            raise BuildFailed(diagnostics)
    titled = dataclasses.replace(book, settings=dataclasses.replace(book.settings, title=paper.title))
    ctx = LayoutContext(theme=theme, book=book, refs=PageRefs(), options=BuildOptions(), answers="end")
    register_fonts(theme)  # before the layout: paragraphs look their fonts up when made
    paper_pdf, record = render_story(layout_test_paper(paper, ctx), titled, theme)
    key_pdf, key_record = render_story(layout_test_key(paper, ctx), titled, theme)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output, paper_pdf)
        write_atomically(key_path(output), key_pdf)
    except OSError as exc:
        diagnostics.error(
            output, None, f"cannot write the PDF: {exc.strerror or exc}", code="output-unwritable"
        )
        raise BuildFailed(diagnostics) from exc
    return TestResult(
        output, key_path(output), record.pages, key_record.pages, len(paper.questions), diagnostics
    )


def _theme(source_dir: Path, style: str | None, named: str, diagnostics: Diagnostics):
    """The theme as `handbook build` chooses it: --style (the user's own choice) from the
    working folder, else the test's or book.yaml's `style:`, a theme inside the source folder
    (a test's `style:` is the folder's word, never a path from the working folder)."""
    if style and Path(style).is_file():
        return load_theme_into(style, diagnostics)
    return load_theme_into(style or named, diagnostics, base_dir=source_dir, confine_to=source_dir)
