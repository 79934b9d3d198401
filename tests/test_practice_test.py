"""`handbook test`: a practice paper drawn with a seed, its OMR answer sheet and answer key."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings, strategies as st
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import write_sources
from editions_fixture import CHAPTERS, book_files, right
from handbook.cli import main
from handbook.errors import BuildFailed
from handbook.layout.context import LayoutContext, PageRefs
from handbook.layout.exam_paper import AnswerLines
from handbook.model import Book, BookSettings, Chapter, ChapterMeta, DescriptiveQuestion, Location, Text
from handbook.model.book_cuts import PaperQuestion
from handbook.options import BuildOptions
from handbook.practice import build_test
from pdffacts import off_page_or_overlapping
from pdffacts import page_texts

OBJECTIVE = ("mcq", "statements", "how-many", "match")


def text_of(path) -> str:
    return "\n".join(page_texts(str(path)))


def paper(tmp_path, name="paper.pdf", descriptive=False, **overrides):
    source = tmp_path / "src"
    if not source.exists():
        write_sources(source, book_files(descriptive=descriptive))
    return build_test(source, tmp_path / name, **overrides)


def sheet_path(paper_pdf: Path) -> Path:
    return paper_pdf.with_name(paper_pdf.stem + "-omr.pdf")


def circles_by_row(path, page_index) -> dict[float, int]:
    """Vector circles on a page (closed curves about as wide as tall), counted per row (by centre y)."""
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[page_index]
        rows: dict[float, int] = {}
        for curve in page.curves:
            width, height = curve["x1"] - curve["x0"], curve["bottom"] - curve["top"]
            if 6 <= width <= 20 and abs(width - height) < 0.5:
                key = round((curve["top"] + curve["bottom"]) / 2, 1)
                rows[key] = rows.get(key, 0) + 1
        return rows


def test_25_questions_from_3_chapters_with_seed_7(tmp_path):
    first = paper(tmp_path, "a.pdf", count=25, seed=7, shuffle=True, types=OBJECTIVE, title="Weekly test")
    second = paper(tmp_path, "b.pdf", count=25, seed=7, shuffle=True, types=OBJECTIVE, title="Weekly test")
    assert first.paper.read_bytes() == second.paper.read_bytes()
    assert first.key.read_bytes() == second.key.read_bytes()
    other = paper(tmp_path, "c.pdf", count=25, seed=8, shuffle=True, types=OBJECTIVE, title="Weekly test")
    assert other.paper.read_bytes() != first.paper.read_bytes()

    pages = page_texts(str(first.paper))
    text, key = "\n".join(pages), text_of(first.key)
    cover = re.sub(r"\s+", " ", pages[0])  # (lines wrap)
    assert "Weekly test" in cover and "Maximum marks: 50" in cover and "Time allowed: 30 minutes" in cover
    assert "Section A has 25 objective questions of 2 marks each" in cover.replace("\n", " ")
    assert "descriptive" not in cover and "Section B" not in text  # none on this paper
    asked = re.findall(r"Q(\d)x(\d+)\?", text)
    assert len(asked) == 25 and len(set(asked)) == 25
    per_chapter = [sum(1 for c, _ in asked if c == str(n)) for n in (1, 2, 3)]
    assert sorted(per_chapter) == [8, 8, 9]  # stratified: 25 of 27, every chapter its share
    # Numbered 1..25 across the paper, each question's options after it (the pages asking
    # found by their text, already extracted: pdfplumber reads only those pages' words).
    with pdfplumber.open(str(first.paper)) as pdf:
        numbers = [
            w["text"]
            for p, page_text in zip(pdf.pages[1:], pages[1:])
            if "Which is right" in page_text
            for w in p.extract_words()
            if re.fullmatch(r"\d+\.", w["text"])
        ]
    assert numbers == [f"{n}." for n in range(1, 26)]

    # Every key answer is, on the paper, the option that was right in the source.
    shuffled = 0
    for number, (chapter, source_number) in enumerate(asked, start=1):
        after = text[text.index(f"Q{chapter}x{source_number}?") :]
        options = dict(re.findall(r"\(([a-d])\)\s*(\w+)", after)[:4])
        entry = re.search(rf"^{number}\.\s*\(([a-d])\)\s*(\w+)", key, re.M)
        assert entry, f"question {number} not in the key"
        letter, option = entry.groups()
        assert option == right(int(chapter), int(source_number)) == options[letter]
        assert f"The answer is ({letter}) for Q{chapter}x{source_number}." in key.replace("\n", " ")
        assert re.search(
            rf"chapter {chapter}, {CHAPTERS[int(chapter) - 1][1]} \(question {source_number}\)",
            key.replace("\n", " "),
        )
        shuffled += letter != "abcd"[int(source_number) % 4]
    assert shuffled > 5  # the options did move

    # The OMR sheet, a PDF of its own: 25 answer rows of 4 vector circles, and 8 roll-number
    # columns of 10; the paper ends with a page for rough work.
    sheet = sheet_path(first.paper)
    answer_rows = {y: n for y, n in circles_by_row(sheet, 0).items() if y > 380}
    assert sum(answer_rows.values()) == 25 * 4 and all(n % 4 == 0 for n in answer_rows.values())
    assert sum(n for y, n in circles_by_row(sheet, 0).items() if y <= 380) >= 8 * 10
    assert "Space for rough work" in pages[-1]
    assert not off_page_or_overlapping(first.paper)


def test_descriptive_section_has_marks_limits_and_answer_lines(tmp_path):
    result = paper(tmp_path, descriptive=True, count=6, seed=3)
    pages = page_texts(str(result.paper))
    text = "\n".join(pages)
    assert "Section B: Descriptive Questions (30 marks)" in text
    assert text.count("(10 marks, 150 words)") == 3
    # Questions 7-9 after the 6 objective ones, each followed by its ruled lines:
    # 150 words at 5 lines per 50 words -> 15 lines (the theme's answer_lines).
    with pdfplumber.open(str(result.paper)) as pdf:
        lines = [
            line
            for page, page_text in zip(pdf.pages, pages)
            if "Section B" in page_text or "Discuss topic" in page_text
            for line in page.lines
            if line["x1"] - line["x0"] > 200 and abs(line["top"] - line["bottom"]) < 0.1
        ]
    ruled = [line for line in lines if line["x0"] > min(l["x0"] for l in lines) + 5]  # not the head rule
    # (a line or two left over at a page break are dropped rather than given a page)
    assert 3 * 15 - 2 <= len(ruled) <= 3 * 15
    assert re.search(r"7\.\s*Discuss topic 1\.", text)
    key = text_of(result.key)
    assert "Source: chapter 3, Logistics Pact (question 10)" in key.replace("\n", " ")


def test_answer_lines_follow_the_word_limit_and_theme():
    from handbook.layout.exam_paper import paper_question

    theme = theme_named("default")
    for words, lines in ((150, 15), (250, 25), (10, 3)):  # 5 lines per 50 words, at least 3
        question = DescriptiveQuestion(
            question=[Text("Q")], loc=Location(Path("x.md"), 1), marks=10, words=words
        )
        chapter = Chapter(ChapterMeta(title="T", loc=Location(Path("x.md"), 1)), [], Path("x.md"))
        ctx = LayoutContext(
            theme=theme,
            book=Book(BookSettings(), [chapter], Path(".")),
            refs=PageRefs(),
            options=BuildOptions(),
            answers="end",
        )
        flowables = paper_question(PaperQuestion(1, question, chapter, 1), ctx)
        assert flowables[-1].count == lines
    parts = AnswerLines(25, 21, None).split(500, 21 * 24)
    assert [p.count for p in parts] == [24]  # one left over: dropped, not a page of its own
    assert [p.count for p in AnswerLines(25, 21, None).split(500, 21 * 10)] == [10, 15]


def test_count_larger_than_the_pool_is_a_clear_error(tmp_path):
    with pytest.raises(BuildFailed) as caught:
        paper(tmp_path, count=28, types=OBJECTIVE)
    (error,) = caught.value.diagnostics.errors
    assert error.code == "test-count-too-large" and "28" in error.message and "27" in error.message
    assert not (tmp_path / "paper.pdf").exists()


def test_cli_named_test_in_book_yaml_and_select(tmp_path, monkeypatch):
    tests = (
        "tests:\n  weekly:\n    select: 'paper == GS2'\n    count: 10\n    seed: 2\n"
        "    title: GS2 weekly\n    date: 2025-11-02\n    minutes: 30\n"
    )
    source = write_sources(tmp_path / "src", book_files(extra_book=tests))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["test", str(source), "--name", "weekly"])
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / "build" / "test-weekly.pdf")
    assert "GS2 weekly" in text and "Time allowed: 30 minutes" in text and "2 November 2025" in text
    assert "Q2x" not in text  # GS3's chapter left out
    assert (tmp_path / "build" / "test-weekly-key.pdf").exists()
    too_many = CliRunner().invoke(
        main,
        ["test", str(source), "--select", "paper == GS3", "--count", "12", "-o", str(tmp_path / "x.pdf")],
    )
    assert too_many.exit_code == 1 and "--count: error: asked for 12" in too_many.output


@pytest.mark.parametrize("style", ["a5-booklet", "print-bw"])
def test_every_theme(tmp_path, style):
    result = paper(tmp_path, descriptive=True, count=25, seed=7, shuffle=True, style=style)
    assert result.pages > 3 and not off_page_or_overlapping(result.paper)
    # The OMR sheet is A4 whatever the paper's page: scanners and their templates expect it.
    sheet = PdfReader(str(sheet_path(result.paper)))
    assert [round(float(v)) for v in sheet.pages[0].mediabox[2:]] == [595, 842]
    answer_rows = {y: n for y, n in circles_by_row(sheet_path(result.paper), 0).items() if y > 380}
    assert sum(answer_rows.values()) == 25 * 4


THEMES: dict = {}


def theme_named(name: str):
    from handbook.layout.fonts import register_fonts
    from handbook.theme import load_theme

    if name not in THEMES:
        THEMES[name] = load_theme(name)
        register_fonts(THEMES[name])
    return THEMES[name]


def test_no_questions_of_the_types_asked_is_an_error(tmp_path):
    with pytest.raises(BuildFailed) as caught:
        paper(tmp_path, types=("descriptive",))  # the fixture has none without descriptive=True
    assert [e.code for e in caught.value.diagnostics.errors] == ["test-no-questions"]


@pytest.mark.parametrize("count", [1, 9, 17, 25])
def test_a_descriptive_question_is_never_left_without_answer_lines_below_it(tmp_path, count):
    result = paper(tmp_path, descriptive=True, count=count, seed=count)
    pages_asking = 0
    with pdfplumber.open(str(result.paper)) as pdf:
        for page in pdf.pages:
            asked = [w["top"] for w in page.extract_words() if w["text"] == "Discuss"]
            if asked:
                pages_asking += 1
                below = [
                    line for line in page.lines if line["top"] > max(asked) and line["x1"] - line["x0"] > 200
                ]
                assert len(below) >= AnswerLines.MIN_ON_PAGE, f"page {page.page_number}"
    assert pages_asking, "no descriptive question found in the paper"


def test_output_must_be_a_pdf(tmp_path):
    write_sources(tmp_path / "src", book_files())
    target = tmp_path / "src" / "01-quad.md"
    before = target.read_bytes()
    with pytest.raises(BuildFailed) as caught:
        build_test(tmp_path / "src", target)
    assert [e.code for e in caught.value.diagnostics.errors] == ["output-not-pdf"]
    assert target.read_bytes() == before


@given(sizes=st.lists(st.integers(0, 12), min_size=1, max_size=6), data=st.data())
@settings(max_examples=80, deadline=None)
def test_stratified_draw_gives_each_chapter_its_share(sizes, data):
    from handbook.enrich.practice import stratified

    pool = [(chapter, number) for chapter, size in enumerate(sizes) for number in range(size)]
    if not pool:
        return
    count = data.draw(st.integers(1, len(pool)))
    seed = data.draw(st.integers(0, 10**6))
    chapters = [f"ch{i}" for i in range(len(sizes))]
    drawn = stratified([(chapters[c], n) for c, n in pool], count, seed)
    assert len(drawn) == count == len(set(drawn))
    assert drawn == stratified(
        [(chapters[c], n) for c, n in pool], count, seed
    )  # the same seed, the same draw
    for index, size in enumerate(sizes):
        share = sum(1 for c, _ in drawn if c == chapters[index])
        exact = count * size / len(pool)
        assert int(exact) <= share <= int(exact) + 1
