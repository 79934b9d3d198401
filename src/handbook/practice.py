"""`handbook test`: practice test papers, their OMR sheets and answer keys, from the questions
of the selected chapters: sources -> parse -> selection (editions) -> draw (enrich.practice, once
per booklet series) -> layout (layout.exam_paper, layout.exam_key, layout.omr_sheet) -> the
PDFs and the sheet's JSON template, written together atomically."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from handbook.build_request import BuildRequest, choose_theme, laid_out, write_outputs
from handbook.edition_cut import COMMAND_LINE, find_edition, select_chapters, selections
from handbook.enrich.numbering import number_book
from handbook.enrich.practice import draw_paper
from handbook.errors import BuildFailed, Diagnostics
from handbook.model.document import Location
from handbook.model import option_letter
from handbook.model.book_cuts import PracticePaper, TestSpec
from handbook.options import BuildOptions
from handbook.parse.edition_entries import SERIES_LETTERS
from handbook.parse import parse_book
from handbook.sources import load_sources
from handbook.translations import bilingual, localize

# A paper's languages: English, Hindi, or every question in Hindi and then in English (as the
# civil-services papers print them).
PAPER_LANGUAGES = ("", "en", "hi", "hi+en", "en+hi")


@dataclass
class TestResult:
    paper: Path  # the first series' paper (the only one without series)
    key: Path
    pages: int
    key_pages: int
    questions: int
    diagnostics: Diagnostics
    written: list[Path] = field(default_factory=list)  # every file, in the order written
    series: list[str] = field(default_factory=list)


def key_path(output: Path) -> Path:
    return output.with_name(output.stem + "-key.pdf")


def products(output: Path, series: str = "") -> dict[str, Path]:
    """The files of one paper: build/test-x.pdf -> test-x-A.pdf, test-x-A-key.pdf, test-x-A-omr.pdf
    (without the series letter when the test has no series)."""
    stem = output.stem + (f"-{series}" if series else "")
    return {
        "paper": output.with_name(stem + ".pdf"),
        "key": output.with_name(stem + "-key.pdf"),
        "sheet": output.with_name(stem + "-omr.pdf"),
    }


def shared_products(output: Path) -> dict[str, Path]:
    """What all series share: the OMR template, the answers for `handbook grade`, the key table."""
    return {
        "template": output.with_name(output.stem + "-omr.json"),
        "answers": output.with_name(output.stem + "-key.json"),
        "keys": output.with_name(output.stem + "-keys.pdf"),
    }


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
    types, seed, minutes, marks, wrong, shuffle, series, title, date). Raise BuildFailed on a
    mistake; then no file is touched.

    Writes, all together or none: per series (or once) the paper, its key and its OMR sheet;
    the sheet's template (JSON: every bubble's position), the answers of every series (JSON,
    for `handbook grade`) and, with two series or more, a table of every series' answers."""
    from handbook.layout.context import LayoutContext, PageRefs
    from handbook.layout.fonts import register_fonts
    from handbook.layout.omr_sheet import sheet_layout, sheet_pdf
    from handbook.layout.exam_key import layout_series_keys, layout_test_key
    from handbook.layout.exam_paper import layout_test_paper, sheet_words
    from handbook.layout.rlcompat import made_in_build
    from handbook.layout.wide import on_the_wide_area
    from handbook.output.pdf import render_story

    source_dir = Path(source_dir)
    diagnostics = Diagnostics()
    english = parse_book(load_sources(source_dir, diagnostics), diagnostics)
    if diagnostics.has_errors:
        raise BuildFailed(diagnostics)
    spec = (
        find_edition(english, name, diagnostics, "tests")
        if name
        else TestSpec("test", Location(Path(COMMAND_LINE)))
    )
    if spec is None:
        raise BuildFailed(diagnostics)
    given = {key: value for key, value in overrides.items() if value is not None}
    spec = dataclasses.replace(spec, **given)
    if spec.language not in PAPER_LANGUAGES:
        diagnostics.error(
            "--lang",
            None,
            f"a paper's language is one of {', '.join(PAPER_LANGUAGES[1:])}, not '{spec.language}'",
            code="test-language",
        )
        raise BuildFailed(diagnostics)
    languages = [part if part != "en" else "" for part in spec.language.split("+")] if spec.language else [""]
    books = [  # the paper's language(s): each chapter's translation where there is one
        english
        if not part
        else parse_book(load_sources(source_dir, diagnostics, part), diagnostics, language=part)
        for part in languages
    ]
    if diagnostics.has_errors:
        raise BuildFailed(diagnostics)
    book = books[0]
    # The key cites each question's chapter by its number in the whole book (build/handbook.pdf,
    # which the candidates read), not by its place among the chapters the test selects.
    whole_book = [{chapter.path: number for number, chapter in enumerate(each.chapters, 1)} for each in books]
    chosen = selections(spec, BuildOptions(select=select), diagnostics)
    if chosen is None or not all(select_chapters(each, chosen, spec, diagnostics) for each in books):
        raise BuildFailed(diagnostics)
    named_at = (spec.loc.path, spec.loc.line) if spec.style and not style else None
    # The theme in English first (book.yaml's own `language` aside), then in each paper language.
    theme = choose_theme(source_dir, style, english, diagnostics, named=spec.style, named_at=named_at)
    if theme is None or diagnostics.has_errors:
        raise BuildFailed(diagnostics)
    theme = on_the_wide_area(theme)  # a test paper is a form: no reading column (layout/wide.py)
    themes = [localize(theme, part) for part in languages]  # each language's words
    theme = bilingual(*themes) if len(themes) > 1 else themes[0]
    for each, localised, numbers in zip(books, themes, whole_book):
        number_book(each, localised, None, diagnostics)
        for chapter in each.chapters:  # (set after number_book, which numbers what is left)
            chapter.number = numbers[chapter.path]
    # A count given on the command line is the command line's mistake, else the test's.
    where = (spec.loc.path, spec.loc.line) if name and "count" not in given else ("--count", None)
    letters = list(SERIES_LETTERS[: spec.series]) or [""]
    companion = books[1] if len(books) > 1 else None
    papers = [
        draw_paper(book, spec, theme.test_paper.words.title, diagnostics, where, letter, companion)
        for letter in letters
    ]
    if any(paper is None for paper in papers):
        raise BuildFailed(diagnostics)
    check_max_marks(papers[0], spec, diagnostics)  # type: ignore[arg-type]
    default_name = f"test-{spec.name}.pdf" if name else "test.pdf"
    output = Path(output) if output else Path(out_dir) / (spec.output or default_name)
    if output.suffix.lower() != ".pdf":  # never write over a source named by mistake
        diagnostics.error(
            "-o", None, f"the paper's file name must end in .pdf, not '{output.name}'", code="output-not-pdf"
        )
        raise BuildFailed(diagnostics)
    shared = shared_products(output)
    products_of = [products(output, letter) for letter in letters]
    also = [path for named in products_of for path in named.values() if path != output]
    also += [shared["template"], shared["answers"]] + ([shared["keys"]] if len(letters) > 1 else [])
    request = BuildRequest(source_dir, output, also=tuple(also))
    request.refuse_outputs(diagnostics)  # every file of the test, before any work
    ctx = LayoutContext(theme=theme, book=book, refs=PageRefs(), options=BuildOptions(), answers="end")
    # A bilingual paper sets each question in the first language, then the second.
    versions = [replace(ctx, theme=localised) for localised in themes] if len(themes) > 1 else [ctx]
    register_fonts(theme)  # before the layout: paragraphs look their fonts up when made
    files: dict[Path, bytes] = {}
    pages = key_pages = 0
    layout = None
    bubbles = sheet_bubbles(papers)  # type: ignore[arg-type]
    for letter, paper, named in zip(letters, papers, products_of):
        assert paper is not None
        titled = dataclasses.replace(book, settings=dataclasses.replace(book.settings, title=paper.title))
        paper_pdf, record = laid_out(
            source_dir,
            diagnostics,
            partial(
                render_story,
                made_in_build(layout_test_paper, paper, ctx, versions),
                titled,
                theme,
                badge=letter,
            ),
        )
        key_pdf, key_record = laid_out(
            source_dir,
            diagnostics,
            partial(render_story, made_in_build(layout_test_key, paper, ctx), titled, theme, badge=letter),
        )
        layout = sheet_layout(
            paper.title, bubbles, spec.roll_digits, letter, "".join(letters) if letter else ""
        )
        files[named["paper"]] = paper_pdf
        files[named["key"]] = key_pdf
        files[named["sheet"]] = sheet_pdf(layout, sheet_words(paper, theme), theme, paper.title)
        pages, key_pages = pages or record.pages, key_pages or key_record.pages
    assert layout is not None
    layout.series = ""  # the template serves every series: the scanner reads the shaded one
    files[shared["template"]] = layout.to_json().encode()
    files[shared["answers"]] = answers_json(papers, spec, shared["template"]).encode()  # type: ignore[arg-type]
    if len(letters) > 1:
        first = papers[0]
        assert first is not None
        titled = dataclasses.replace(book, settings=dataclasses.replace(book.settings, title=first.title))
        files[shared["keys"]], _ = laid_out(
            source_dir,
            diagnostics,
            lambda: render_story(made_in_build(layout_series_keys, papers, ctx), titled, theme),
        )
    # together: a failure leaves every file of the last test as it was
    write_outputs(files, diagnostics, output)
    first_files = products_of[0]
    return TestResult(
        first_files["paper"],
        first_files["key"],
        pages,
        key_pages,
        len(papers[0].questions),  # type: ignore[union-attr]
        diagnostics,
        list(files),
        [letter for letter in letters if letter],
    )


def check_max_marks(paper: PracticePaper, spec: TestSpec, diagnostics: Diagnostics) -> None:
    """A `max_marks` that the questions do not add up to is printed as given, with a warning."""
    counted = paper.objective_marks + paper.descriptive_marks
    if spec.max_marks is not None and abs(spec.max_marks - counted) > 1e-9:
        diagnostics.warning(
            spec.loc.path,
            spec.loc.line,
            f"max_marks is {spec.max_marks:g} but the paper's questions add up to {counted:g} "
            f"({len(paper.objective)} × {paper.marks_each:g} + {paper.descriptive_marks} descriptive); "
            f"the cover prints {spec.max_marks:g}",
            code="test-max-marks",
        )


def sheet_bubbles(papers: list[PracticePaper]) -> dict[int, int]:
    """Question number -> its bubbles on the OMR sheet: the most options that number has in any
    series. Every series' sheet is the one template (only its printed series bubble differs):
    with each series' own counts, the template (the last series') had three bubbles for a
    number another series asked with four, and a right answer (d) there was read as blank."""
    most: dict[int, int] = {}
    for paper in papers:
        for item in paper.objective:
            most[item.number] = max(most.get(item.number, 0), len(item.question.options))
    return dict(sorted(most.items()))


def answers_json(papers: list[PracticePaper], spec: TestSpec, template: Path) -> str:
    """What `handbook grade` needs besides the sheets: each series' answers and the marking rule."""
    first = papers[0]
    data = {
        "format": "handbook-key 1",
        "title": first.title,
        "template": template.name,
        "marks": {"correct": spec.marks, "wrong": spec.wrong, "blank": spec.blank},
        "questions": len(first.objective),
        "series": {
            paper.series or "": {
                str(item.number): option_letter(item.question.answer) for item in paper.objective
            }
            for paper in papers
        },
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
