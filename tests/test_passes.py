"""Page numbers without a second full layout: the contents' numbers are drawn late (one pass),
and the measuring pass (no drawing) breaks pages exactly where the drawing pass does."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.errors import Diagnostics
from handbook.layout import chapter as chapter_layout
from handbook.layout.book import layout_book
from handbook.layout.context import LayoutContext, PageRefs
from handbook.layout.fonts import register_fonts
from handbook.options import BuildOptions
from handbook.output.pdf import _run, render_pdf
from handbook.pipeline import prepare
from handbook.progress import Progress
from reportlab.platypus import Paragraph

from conftest import write_sources

from bench.corpus import write_corpus
from pdffacts import page_texts

WORDS = "partnership maritime corridor investment summit dialogue cooperation resilient".split()


def prose(words: int, seed: int) -> str:
    return " ".join(WORDS[(seed + i * 7) % len(WORDS)] for i in range(words)).capitalize() + "."


def chapter_text(title: str, sections: list[tuple[int, int, int]]) -> str:
    """A chapter with one section per (paragraphs, words per paragraph, list items)."""
    out = [f"---\ntitle: {title}\n---\n"]
    for number, (paragraphs, words, items) in enumerate(sections, start=1):
        out.append(f"## Section {title} {number}\n")
        out += [prose(words, number + p) + "\n" for p in range(paragraphs)]
        out += [f"- item {i}\n  1. nested {prose(words // 4 + 1, i)}" for i in range(items)]
        out.append("")
    return "\n".join(out)


def prepared_book(folder, chapters: dict[str, str]):
    write_sources(folder, chapters)
    prepared = prepare(folder, BuildOptions(), Diagnostics())
    assert prepared is not None
    register_fonts(prepared.theme)
    return prepared


def one_pass(prepared, draw: bool):
    ctx = LayoutContext(
        theme=prepared.theme,
        book=prepared.book,
        refs=PageRefs(),
        options=BuildOptions(),
        answers=prepared.answers,
    )
    return _run(layout_book(ctx), prepared.book, prepared.theme, Progress.off(), "test", draw=draw)[1]


sections = st.lists(
    st.tuples(st.integers(0, 6), st.integers(1, 260), st.integers(0, 8)), min_size=1, max_size=5
)


@pytest.mark.slow  # whole layouts of random books: `make test-all`
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(sections, min_size=1, max_size=4))
def test_the_measuring_pass_puts_every_anchor_on_the_drawing_pass_page(tmp_path_factory, book):
    folder = tmp_path_factory.mktemp("src")
    prepared = prepared_book(folder, {f"{i:02d}.md": chapter_text(f"C{i}", s) for i, s in enumerate(book)})
    measured, drawn = one_pass(prepared, draw=False), one_pass(prepared, draw=True)
    assert measured.anchor_pages == drawn.anchor_pages
    assert measured.folios == drawn.folios
    assert measured.pages == drawn.pages


def test_the_benchmark_corpus_breaks_pages_the_same_in_both_passes(tmp_path):
    write_corpus(tmp_path / "src", 3)
    prepared = prepare(tmp_path / "src", BuildOptions(), Diagnostics())
    register_fonts(prepared.theme)
    measured, drawn = one_pass(prepared, draw=False), one_pass(prepared, draw=True)
    assert measured.anchor_pages == drawn.anchor_pages and measured.pages == drawn.pages > 10


def contents_lines(path: Path) -> dict[str, str]:
    """Title -> printed page number, from the contents page (pdfplumber keeps lines whole)."""
    with pdfplumber.open(path) as pdf:
        text = next(p.extract_text() for p in pdf.pages if (p.extract_text() or "").startswith("Contents"))
    lines = {}
    for line in text.splitlines():
        match = re.fullmatch(r"(?:\d+ )?(.+?) [. ]+ (\w+)", line.strip())
        if match:
            lines[match.group(1)] = match.group(2)
    return lines


def test_contents_numbers_are_the_pages_where_chapters_and_sections_start(make_book):
    files = {
        f"{i:02d}.md": chapter_text(f"Chapter{i}", [(5, 120, 2), (9, 150, 0), (3, 40, 6)])
        for i in range(1, 5)
    }
    book = make_book(files)
    printed = contents_lines(book.path)
    body_start = book.result.record.body_start - 1  # 0-based index of arabic page 1
    titles = [
        t for i in range(1, 5) for t in [f"Chapter{i}"] + [f"Section Chapter{i} {n}" for n in (1, 2, 3)]
    ]
    assert book.result.record.pages > 16 and set(titles) <= set(printed)
    for title in titles:
        first = next(i for i in range(body_start, len(book.pages)) if title in book.pages[i])
        assert book.label(first) == printed[title], title


def test_a_book_is_laid_out_once(tmp_path):
    prepared = prepared_book(tmp_path, {"01.md": chapter_text("A", [(20, 150, 3)] * 3)})
    rendered = render_pdf(prepared.book, prepared.theme, BuildOptions(), prepared.answers)
    assert rendered.passes == ("draw",)


def test_page_references_in_the_text_take_a_measuring_pass_and_are_right(tmp_path, monkeypatch):
    """A story that prints a page number it can only know from a layout (here: a line at each
    chapter's end naming the page where the next chapter starts)."""

    def next_chapter_ref(chapter, ctx):
        following = [c for c in ctx.book.chapters if c.number == chapter.number + 1]
        if not following:
            return []
        folio = ctx.refs.folio(following[0].anchor)
        return [Paragraph(f"Next chapter on page {folio}.", Paragraph("x").style)]

    monkeypatch.setattr(chapter_layout, "CHAPTER_END", chapter_layout.CHAPTER_END + [next_chapter_ref])
    files = {f"{i:02d}.md": chapter_text(f"Ch{i}", [(4 + i * 3, 140, 2)]) for i in range(1, 4)}
    prepared = prepared_book(tmp_path, files)
    rendered = render_pdf(prepared.book, prepared.theme, BuildOptions(), prepared.answers)
    assert rendered.passes == ("measure", "draw")
    reader = PdfReader(BytesIO(rendered.data))
    pages = page_texts(reader)
    for number in (2, 3):
        folio = rendered.record.folios[f"ch{number}"]
        assert any(f"Next chapter on page {folio}." in page for page in pages)
        start = reader.page_labels.index(folio)
        assert f"Ch{number}" in pages[start]


def test_a_page_number_asked_for_late_by_deferred_content_gets_a_second_pass(tmp_path, monkeypatch):
    from handbook.layout.flowables import Deferred

    def first_chapter_ref(chapter, ctx):
        if chapter.number != 2:
            return []
        return [
            Deferred(
                lambda doc: [
                    Paragraph(f"Chapter one began on page {ctx.refs.folio('ch1')}.", Paragraph("x").style)
                ]
            )
        ]

    monkeypatch.setattr(chapter_layout, "CHAPTER_END", chapter_layout.CHAPTER_END + [first_chapter_ref])
    prepared = prepared_book(tmp_path, {f"{i:02d}.md": chapter_text(f"Ch{i}", [(6, 140, 2)]) for i in (1, 2)})
    rendered = render_pdf(prepared.book, prepared.theme, BuildOptions(), prepared.answers)
    assert rendered.passes == ("draw", "draw")
    text = "".join(page_texts(BytesIO(rendered.data)))
    assert f"Chapter one began on page {rendered.record.folios['ch1']}." in text
