"""Practice questions and the answer key in the PDF: placement, editions, links, shuffling."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import example, given, settings, strategies as st

from conftest import BuiltBook, write_sources
from handbook.errors import Diagnostics
from handbook.model import plain_text
from handbook.options import BuildOptions
from handbook.pipeline import build, prepare

FIXTURE = Path(__file__).parent / "fixtures" / "questions"

EXPLANATIONS = [
    "The upgrade came in 2014",
    "Both describe the agreement correctly",
    "Correct; the agreement dates from 2020",
    "Correct; reciprocal supplies and services",
    "Spending is around 2% of GDP",
    "All three pairs are correctly matched",
    "SCRI the supply chain initiative",
    "Shinkansen system and Japanese loans",
    "Both see the Indo-Pacific as one continuum",  # a model-answer point
    "Points to cover",
]


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The fixture book built once per answers setting (and once shuffled): {name: BuiltBook}."""
    out = tmp_path_factory.mktemp("editions")
    books = {}
    for name, options in {
        "end": BuildOptions(),
        "chapter": BuildOptions(answers="chapter"),
        "none": BuildOptions(answers="none"),
        "shuffled": BuildOptions(shuffle_seed=7),
    }.items():
        path = out / f"{name}.pdf"
        books[name] = BuiltBook(path, build(FIXTURE, path, options))
    return books


def plumber_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def correct_answers(options: BuildOptions = BuildOptions()) -> dict[int, str]:
    """Question number -> the text of its correct option, from the sources."""
    prepared = prepare(FIXTURE, options, Diagnostics())
    return {
        q.number: plain_text(q.options[q.answer]) for q in prepared.book.chapters[0].questions if q.objective
    }


# --- the questions ----------------------------------------------------------------------------


def margin_numbers(path: Path) -> list[tuple[int, str]]:
    """(page index, word) of the 'N.' words at the left edge of the text: the question numbers
    (statements and options are indented further)."""
    out = []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            words = page.extract_words()
            if not words:
                continue
            left = min(w["x0"] for w in words)
            out += [
                (index, w["text"])
                for w in words
                if abs(w["x0"] - left) < 1 and re.fullmatch(r"\d+\.", w["text"])
            ]
    return out


def test_questions_follow_the_chapter_text_numbered_in_order(editions):
    book = editions["none"]
    assert book.page_of("India and Japan share a long civilisational bond") <= book.page_of(
        "Practice Questions"
    )
    text = "\n".join(plumber_pages(book.path))
    assert text.index("India and Japan share a long civilisational bond") < text.index("Practice Questions")
    assert [word for _, word in margin_numbers(book.path)] == [f"{n}." for n in range(1, 9)]


def test_objective_options_are_labelled_and_short_ones_share_a_line(editions):
    pages = plumber_pages(editions["end"].path)
    chapter = "\n".join(pages[4:6])
    assert "(a) 2007 (b) 2014 (c) 2020 (d) 2022" in chapter  # four short options: one row
    assert "(a) It is built with Japanese technology and concessional finance." in chapter.splitlines()
    assert "(d) None of the above" in chapter.splitlines()  # long options: one per line


def test_statements_pairs_and_lists(editions):
    chapter = "\n".join(plumber_pages(editions["end"].path)[4:6])
    assert "1. It was signed by India and Japan in 2020.\n2. It provides for reciprocal logistics" in chapter
    assert "Which of the statements given above is/are correct?" in chapter
    assert "List I (Initiative) List II (Concern)" in chapter
    assert "A. FOIP 1. Supply chains" in chapter and "C. SCRI 3. India" in chapter
    assert "Exercise Participants" in chapter and "1. Dharma Guardian India and Japan (armies)" in chapter
    assert "How many of the pairs given above are correctly matched?" in chapter


def test_descriptive_questions_show_marks_and_word_limit(editions):
    text = editions["end"].flat_text  # (a limit may wrap to the next line)
    assert "(15 marks, 250 words)" in text and "(10 marks, 150 words)" in text


# --- the answer key --------------------------------------------------------------------------


def key_entries(text: str) -> dict[str, tuple[str, str]]:
    """'1.3' -> (letter, answer text) from answer-key text."""
    return {
        ref: (letter, answer.strip())
        for ref, letter, answer in re.findall(r"^(\d+\.\d+) \(([a-f])\) (.+)$", text, re.M)
    }


def test_answer_key_at_the_end_grouped_by_chapter_and_correct(editions):
    book = editions["end"]
    pages = plumber_pages(book.path)
    key_index = max(i for i, page in enumerate(pages) if page.startswith("Answer Key"))
    chapter_pages = "\n".join(pages[:key_index])
    key = "\n".join(pages[key_index:])
    assert "1. India and Japan" in key
    entries = key_entries(key)
    assert {ref: answer for ref, (_, answer) in entries.items()} == {
        f"1.{n}": text for n, text in correct_answers().items()
    }
    assert [entries[f"1.{n}"][0] for n in range(1, 7)] == ["b", "c", "c", "c", "a", "a"]
    for explanation in EXPLANATIONS:
        assert explanation in key and explanation not in chapter_pages
    assert "1.7" in key and "1.8" not in key  # a descriptive question without points has no entry
    top_level = [entry.title for entry in book.reader.outline if not isinstance(entry, list)]
    # After the chapters, before the glossary and index that other back-matter parts add.
    assert top_level.index("Answer Key") == 1 + max(
        i for i, title in enumerate(top_level) if re.match(r"\d+\. ", title)
    )


def test_answers_after_each_chapters_questions(editions):
    pages = plumber_pages(editions["chapter"].path)
    text = "\n".join(pages)
    assert "Answer Key" not in text
    questions_at, answers_at = text.index("Practice Questions"), text.index("\nAnswers\n")
    assert questions_at < text.index("(10 marks, 150 words)") < answers_at
    after = text[answers_at:]
    assert {ref: letter for ref, (letter, _) in key_entries(after).items()} == {
        "1.1": "b",
        "1.2": "c",
        "1.3": "c",
        "1.4": "c",
        "1.5": "a",
        "1.6": "a",
    }
    for explanation in EXPLANATIONS:
        assert explanation in after


def test_student_edition_has_no_answers_anywhere(editions):
    book = editions["none"]
    text = "\n".join(plumber_pages(book.path)) + "\n" + book.text
    assert "Practice Questions" in text and "(a) 2007" in text
    for explanation in EXPLANATIONS:
        assert explanation not in text
    assert "Answer Key" not in text and "\nAnswers\n" not in text
    assert not re.search(r"^1\.\d ", text, re.M)
    assert not question_links(book)


# --- links ------------------------------------------------------------------------------------


def internal_links(book: BuiltBook) -> list[tuple[int, list, int, float]]:
    """(page index, rect, destination page index, destination y) of every internal link."""
    page_of_ref = {page.indirect_reference.idnum: i for i, page in enumerate(book.reader.pages)}
    out = []
    for index, page in enumerate(book.reader.pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if annot.get("/Subtype") == "/Link" and dest is not None:
                out.append(
                    (index, [float(v) for v in annot["/Rect"]], page_of_ref[dest[0].idnum], float(dest[3]))
                )
    return out


def question_links(book: BuiltBook) -> list:
    chapter_pages = {book.page_of("Practice Questions"), book.page_of("(10 marks")}
    return [link for link in internal_links(book) if link[0] in chapter_pages]


def _covers(rect, box) -> bool:
    x0, bottom, top = box
    return rect[0] - 1 <= x0 <= rect[2] and rect[1] <= (bottom + top) / 2 <= rect[3]


@pytest.mark.parametrize("edition", ["end", "chapter"])
def test_each_question_number_links_to_its_answer_and_back(editions, edition):
    book = editions[edition]
    links = internal_links(book)
    with pdfplumber.open(book.path) as pdf:
        words = [
            [
                (w["text"], w["x0"], page.height - w["bottom"], page.height - w["top"])
                for w in page.extract_words()
            ]
            for page in pdf.pages
        ]
    first_question_page = book.page_of("Practice Questions")
    for number in range(1, 8):  # question 8 (descriptive, no points) has no answer to link to
        q_page, q_box = next(
            (index, box[1:])
            for index, page in enumerate(words)
            if index >= first_question_page
            for box in page
            if box[0] == f"{number}." and box[1] < 80
        )
        forward = [link for link in links if link[0] == q_page and _covers(link[1], q_box)]
        assert len(forward) == 1, (number, forward)
        _, _, a_page, a_y = forward[0]
        (a_box,) = [box[1:] for box in words[a_page] if box[0] == f"1.{number}" and 0 <= a_y - box[3] < 30]
        back = [link for link in links if link[0] == a_page and _covers(link[1], a_box)]
        assert len(back) == 1 and back[0][2] == q_page
        assert 0 <= back[0][3] - q_box[2] < 30  # lands just above the question's first line


# --- keeping a question with its options ------------------------------------------------------


def tall_question(n: int, long_options: bool) -> str:
    opt = (
        (
            lambda letter: (
                f"Q{n:02d} option {letter} is a long option that must take a whole line of "
                "its own on the page"
            )
        )
        if long_options
        else (lambda letter: f"Q{n:02d}{letter}")
    )
    return (
        f'  - type: statements\n    question: "Q{n:02d} stem: consider the following statements:"\n'
        f'    statements: ["Q{n:02d} first statement", "Q{n:02d} second", "Q{n:02d} third"]\n'
        f'    options: ["{opt("a")}", "{opt("b")}", "{opt("c")}", "{opt("d")}"]\n'
        "    answer: a\n"
    )


def keep_together_book(folder: Path, filler_lines: int, count: int = 14) -> BuiltBook:
    questions = "".join(tall_question(n, long_options=n % 2 == 0) for n in range(1, count + 1))
    filler = "\n\n".join(f"Filler line {i}." for i in range(filler_lines))
    write_sources(folder, {"01-a.md": f"---\ntitle: Keep together\nquestions:\n{questions}---\n\n{filler}\n"})
    path = folder / "out.pdf"
    return BuiltBook(path, build(folder, path, BuildOptions(answers="none")))


def assert_questions_whole(book: BuiltBook, count: int) -> int:
    """Every question on one page with its options; returns how many page breaks fell between questions."""
    starts = []
    assert book.page_of("Practice Questions") == book.page_of("Q01 stem")
    for n in range(1, count + 1):
        stem = book.page_of(f"Q{n:02d} stem")
        last = book.page_of(f"Q{n:02d} option d" if n % 2 == 0 else f"Q{n:02d}d")
        assert stem == last, f"question {n} starts on page {stem + 1}, its options end on page {last + 1}"
        starts.append(stem)
    return sum(1 for a, b in zip(starts, starts[1:]) if b != a)


def test_a_question_is_never_split_from_its_options(tmp_path):
    # Fourteen tall questions run over several pages: every page break falls between two of
    # them. Without keep-together at least one of these offsets splits a question.
    breaks = 0
    for filler in (0, 3, 7):
        breaks += assert_questions_whole(keep_together_book(tmp_path / f"f{filler}", filler), 14)
    assert breaks >= 3


@settings(max_examples=4, deadline=None)
@given(filler=st.integers(min_value=0, max_value=40))
@example(filler=21)  # the default theme leaves room for the heading, not the first question
def test_keep_together_for_any_amount_of_text_before(tmp_path_factory, filler):
    folder = tmp_path_factory.mktemp("keep")
    assert_questions_whole(keep_together_book(folder, filler, count=8), 8)


# --- shuffling --------------------------------------------------------------------------------


def test_shuffling_keeps_the_correct_answer_text(editions):
    pages = plumber_pages(editions["shuffled"].path)
    key_index = max(i for i, page in enumerate(pages) if page.startswith("Answer Key"))
    chapter = "\n".join(pages[:key_index])
    printed = {}  # option text -> the letter it is printed under in the chapter
    for letter, option in re.findall(r"\(([a-f])\) (.+?)(?= \([a-f]\) |\n|$)", chapter):
        printed[option.strip()] = letter
    entries = key_entries("\n".join(pages[key_index:]))
    original = correct_answers()
    assert {ref: answer for ref, (_, answer) in entries.items()} == {f"1.{n}": t for n, t in original.items()}
    for ref, (letter, answer) in entries.items():
        assert printed[answer] == letter, (ref, letter, answer)
    shuffled = correct_answers(BuildOptions(shuffle_seed=7))
    assert shuffled == original
    assert [entries[f"1.{n}"][0] for n in range(1, 7)] != ["b", "c", "c", "c", "a", "a"]  # something moved
    assert re.search(r"\(d\) None of the above", chapter)  # pinned in last place


def test_the_same_seed_gives_the_same_order(tmp_path):
    def order(seed):
        prepared = prepare(FIXTURE, BuildOptions(shuffle_seed=seed), Diagnostics())
        return [
            [plain_text(o) for o in q.options] for q in prepared.book.chapters[0].questions if q.objective
        ]

    assert order(3) == order(3)
    assert order(3) != order(4) or order(4) != order(5)


def test_a_question_taller_than_a_page_still_builds_whole(make_book):
    long = " ".join(["The statement runs on and on about the partnership."] * 25)
    statements = "".join(f'\n      - "S{n} {long}"' for n in range(1, 6))
    book = make_book(
        {
            "01-a.md": f"""
        ---
        title: Long
        questions:
          - type: statements
            question: Consider the following very long statements
            statements:{statements}
            options: [1 only, 2 only, 3 only, 4 and 5 only]
            answer: a
        ---
        Text.
        """.replace("\n      - ", "\n              - ")
        },
        answers="none",
    )
    text = "".join(book.pages)
    assert all(f"S{n} The statement" in text for n in range(1, 6))
    assert book.page_of("Consider the following very long statements") < book.page_of("4 and 5 only")


def test_the_command_line_takes_answers_and_shuffle_seed(tmp_path):
    from click.testing import CliRunner

    from handbook.cli import main

    output = tmp_path / "student.pdf"
    result = CliRunner().invoke(
        main, ["build", str(FIXTURE), "-o", str(output), "--answers", "none", "--shuffle-seed", "3"]
    )
    assert result.exit_code == 0, result.output
    text = "\n".join(plumber_pages(output))
    assert "Practice Questions" in text and not any(e in text for e in EXPLANATIONS)
    bad = CliRunner().invoke(main, ["build", str(FIXTURE), "-o", str(output), "--shuffle-seed", "x"])
    assert bad.exit_code == 2 and "'x' is not a valid integer" in bad.output
